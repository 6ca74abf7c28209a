"""PGFIRST_SCHEDULES, the counterpart of CELERY_BEAT_SCHEDULE:

    PGFIRST_SCHEDULES = {
        "nightly-report": {"task": "reports.tasks.nightly", "cron": "0 3 * * *", "timezone": "Europe/London"},
        "cleanup": {"task": "app.tasks.cleanup", "every": timedelta(minutes=5), "kwargs": {"days": 30}},
    }

Keys: task (a @task or its name), exactly one of cron / every (timedelta, seconds or
'5 minutes'), args, kwargs, queue (default: the task's), timezone, missed (skip | once | all),
enabled, tenant. Synced with schedule_set (idempotent: an unchanged timing keeps its next
run) by `manage.py pgfirst_schedules sync` and at worker start. Ticks are exactly-once in
SQL, whatever the number of workers.
"""
from typing import Any, Dict, List

from pgfirst import client

from . import conf

_ALLOWED = {"task", "cron", "every", "args", "kwargs", "queue", "timezone", "missed", "enabled", "tenant"}


def configured() -> Dict[str, Dict[str, Any]]:
    return conf.get("PGFIRST_SCHEDULES", {}) or {}


def sync(conn, *, prune: bool = False) -> List[str]:
    """schedule_set for every configured schedule; with prune, deletes other schedules
    (never pgfirst's own `pgfirst.*`). Needs pgfirst_admin. Returns the names set."""
    from .tasks import Task, registry
    done = []
    for name, spec in configured().items():
        unknown = set(spec) - _ALLOWED
        if unknown:
            raise ValueError(f"PGFIRST_SCHEDULES[{name!r}]: unknown keys {sorted(unknown)}")
        task = spec["task"]
        task_obj = task if isinstance(task, Task) else registry.get(task)
        task_name = task.name if isinstance(task, Task) else task
        client.schedule_set(
            conn, name, task_name, cron=spec.get("cron"), every=spec.get("every"),
            payload={"args": list(spec.get("args", [])), "kwargs": dict(spec.get("kwargs", {}))},
            queue=spec.get("queue") or (task_obj.queue if task_obj else None), timezone=spec.get("timezone"),
            missed=spec.get("missed"), enabled=spec.get("enabled"), tenant=spec.get("tenant"))
        done.append(name)
    if prune:
        for row in client.schedules(conn):
            if row["name"] not in configured() and not row["name"].startswith("pgfirst."):
                client.schedule_delete(conn, row["name"])
    return done
