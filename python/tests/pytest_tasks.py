"""Tasks the worker tests run (imported through PGFIRST_TASK_MODULES)."""
import os
import time

from django.db import connection

from pgfirst.contrib.django.conf import get_current_tenant
from pgfirst.contrib.django.tasks import current_job, task


def _record(label):
    job = current_job()
    with connection.cursor() as c:
        c.execute("insert into pytest_runs (job, attempt, tenant, pid, label) values (%s, %s, %s, %s, %s)",
                  [job.id, job.attempt, get_current_tenant(), os.getpid(), label])


@task(queue="pytest", priority=1)
def record(label):
    _record(label)


@task(queue="pytest", max_attempts=1)
def explode(label):
    _record(label)
    raise RuntimeError("boom")


@task(name="pytest.slow", queue="pytest_slow", max_attempts=5)
def slow(label, seconds=1.0):
    _record(label + ":start")
    time.sleep(seconds)
    _record(label + ":end")
