"""@task + pgfirst_worker: transaction join, in-process worker, schedules, graceful SIGTERM
and crash recovery across real processes (kill -9)."""
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from pgfirst import client
from pgfirst.contrib.django.conf import reset_current_tenant, set_current_tenant
from pgfirst.contrib.django.worker import build_worker, conninfo

from conftest import ROOT
import pytest_tasks


@pytest.fixture(autouse=True, scope="module")
def runs_table():
    with connection.cursor() as c:
        c.execute("create table if not exists pytest_runs (job bigint, attempt int, tenant text, pid int, label text, "
                  "at timestamptz default clock_timestamp())")
    yield


def runs(label_like):
    with connection.cursor() as c:
        c.execute("select job, attempt, tenant, pid, label from pytest_runs where label like %s order by at", [label_like])
        return c.fetchall()


def wait_for(predicate, timeout=20.0, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("timed out waiting")


class WorkerThread:
    def __init__(self, **options):
        self.worker = build_worker(**options)
        self.thread = threading.Thread(target=self.worker.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self.worker

    def __exit__(self, *exc):
        self.worker.stop()
        self.thread.join(30)
        assert not self.thread.is_alive()


def test_delay_joins_the_callers_transaction(tenant):
    token = set_current_tenant(tenant)
    try:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                jid = pytest_tasks.record.delay("rolled back")
                assert client.job_get(connection, jid)["state"] in ("pending", "ready", "queued", "available")
                raise RuntimeError("the request failed")
        assert client.job_get(connection, jid) is None  # no job left behind
        with transaction.atomic():
            jid = pytest_tasks.record.enqueue(args=["kept"], delay=3600, job_key="k-" + tenant)
        job = client.job_get(connection, jid)
        assert job["tenant"] == tenant and job["queue"] == "pytest" and job["task"] == "pytest_tasks.record"
        assert pytest_tasks.record.enqueue(args=["dup"], delay=3600, job_key="k-" + tenant) == jid  # deduplicated
        client.job_cancel(connection, jid)
    finally:
        reset_current_tenant(token)


def test_task_is_still_callable_directly():
    assert pytest_tasks.slow.name == "pytest.slow" and pytest_tasks.record.__name__ == "record"


def test_worker_runs_tasks_with_their_tenant_and_fails_bad_ones(tenant):
    token = set_current_tenant(tenant)
    try:
        ids = [pytest_tasks.record.delay(f"{tenant}:{i}") for i in range(5)]
        bad = pytest_tasks.explode.delay(f"{tenant}:bad")
        noop = client.job_enqueue(connection, "pgfirst.noop", queue="pytest")
    finally:
        reset_current_tenant(token)
    with WorkerThread(concurrency=3, queues=["pytest"], poll=0.2, tick_interval=0):
        wait_for(lambda: len(runs(f"{tenant}:%")) == 5 and client.job_get(connection, bad)["state"] == "dead"
                 and client.job_get(connection, noop) is None)
    got = runs(f"{tenant}:%")
    assert {r[2] for r in got} == {tenant}
    assert sorted(r[0] for r in got) == sorted(ids)  # the failed task's own write rolled back with it
    assert "boom" in client.job_get(connection, bad)["last_error"]


def test_return_values_are_stored_as_results(tenant):
    token = set_current_tenant(tenant)
    try:
        jid = pytest_tasks.square.delay(7)
    finally:
        reset_current_tenant(token)
    with WorkerThread(concurrency=1, queues=["pytest"], poll=0.2, tick_interval=0):
        r = client.wait_for_result(connection, jid, timeout=20, poll=0.1)
    assert r["state"] == "done" and r["result"] == 49


def test_schedules_sync_and_tick(tenant):
    call_command("pgfirst_schedules", "sync", verbosity=0)
    names = {s["name"]: s for s in client.schedules(connection)}
    assert names["pytest-nightly"]["timezone"] == "Europe/London" and names["pytest-nightly"]["missed"] == "skip"
    before = len(runs("scheduled"))
    with WorkerThread(concurrency=1, queues=["pytest_sched"], poll=0.2, tick_interval=0.3):
        wait_for(lambda: len(runs("scheduled")) >= before + 2, timeout=15)
    client.schedule_delete(connection, "pytest-every-second")
    client.schedule_delete(connection, "pytest-nightly")


def _spawn_worker(*args):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")]),
           "DJANGO_SETTINGS_MODULE": "django_settings"}
    return subprocess.Popen([sys.executable, "-m", "django", "pgfirst_worker", "--no-schedule-sync", *args],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_sigterm_finishes_the_running_job_then_exits_0(tenant):
    jid = pytest_tasks.slow.enqueue(args=[f"{tenant}:term"], kwargs={"seconds": 1.5})
    proc = _spawn_worker("--queues", "pytest_slow", "--concurrency", "2", "--poll", "0.2")
    try:
        wait_for(lambda: runs(f"{tenant}:term:start"))
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, out
    assert len(runs(f"{tenant}:term:end")) == 1
    assert client.job_get(connection, jid) is None  # completed, not released or failed


def test_kill_9_mid_job_is_recovered_by_another_worker_process(tenant):
    """Two worker processes; the one running the job is killed with SIGKILL; after its lease
    (2 s) runs out the other reaps the job and runs attempt 2 to completion."""
    jid = pytest_tasks.slow.enqueue(args=[f"{tenant}:kill"], kwargs={"seconds": 2})
    a = _spawn_worker("--queues", "pytest_slow", "--lease", "2", "--poll", "0.2")
    b = None
    try:
        first = wait_for(lambda: runs(f"{tenant}:kill:start"))
        assert first[0][3] == a.pid
        a.kill()  # SIGKILL: no cleanup, no release
        a.wait(10)
        b = _spawn_worker("--queues", "pytest_slow", "--lease", "2", "--poll", "0.2")
        done = wait_for(lambda: runs(f"{tenant}:kill:end"), timeout=30)
        assert [(r[0], r[1], r[3]) for r in done] == [(jid, 2, b.pid)]
        wait_for(lambda: client.job_get(connection, jid) is None)
        assert len(runs(f"{tenant}:kill:start")) == 2
    finally:
        for p in (a, b):
            if p is not None and p.poll() is None:
                p.terminate()
                p.communicate(timeout=20)


def test_task_writes_roll_back_when_the_lease_was_lost(tenant):
    """Database-only tasks have exactly-once effects: writes and completion commit together."""
    jid = pytest_tasks.reaped_mid_run.delay(f"{tenant}:reaped")
    with WorkerThread(concurrency=1, queues=["pytest_reaped"], poll=0.1, tick_interval=0, reap_interval=0) as w:
        wait_for(lambda: client.job_get(connection, jid)["state"] == "dead", timeout=30)
    assert runs(f"{tenant}:reaped") == []  # the task's insert was rolled back
    assert w.completed == 0
