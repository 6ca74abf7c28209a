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


def _record_now(label):
    """Committed at once (own connection): progress the tests watch while the task runs
    (the task's own writes commit only with its completion)."""
    import psycopg
    from pgfirst.contrib.django.worker import conninfo
    job = current_job()
    with psycopg.connect(conninfo("default"), autocommit=True) as c:
        c.execute("insert into pytest_runs (job, attempt, tenant, pid, label) values (%s, %s, %s, %s, %s)",
                  [job.id, job.attempt, get_current_tenant(), os.getpid(), label])


@task(name="pytest.slow", queue="pytest_slow", max_attempts=5)
def slow(label, seconds=1.0):
    _record_now(label + ":start")
    time.sleep(seconds)
    _record(label + ":end")


@task(queue="pytest_reaped", max_attempts=1)
def reaped_mid_run(label):
    """Writes, then its lease is reaped (as if it stalled past the lease) before it completes."""
    import psycopg
    from pgfirst import client
    from pgfirst.contrib.django.worker import conninfo
    _record(label)
    with psycopg.connect(conninfo("default"), autocommit=True) as other:
        other.execute("select pgfirst.job_reap(now => now() + interval '1 hour')")


@task(queue="pytest")
def square(x):
    """Its return value becomes the job's result (job_complete results)."""
    return x * x
