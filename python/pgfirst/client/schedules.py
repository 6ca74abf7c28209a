"""Schedules (sql/functions/schedule): cron or interval, time zones, missed-tick policy."""
from typing import Any, Dict, List, Optional

from .._db import rows, scalar


def schedule_set(conn, name: str, task: str, *, cron: Optional[str] = None, every=None, payload: Optional[dict] = None,
                 queue: Optional[str] = None, timezone: Optional[str] = None, missed: Optional[str] = None,
                 enabled: Optional[bool] = None, tenant: Optional[str] = None, now=None) -> None:
    scalar(conn, "schedule_set", [("name", name, "text"), ("task", task, "text"), ("cron", cron, "text"),
                                  ("every", every, "interval"), ("payload", payload, "jsonb"), ("queue", queue, "text"),
                                  ("timezone", timezone, "text"), ("missed", missed, "text"), ("enabled", enabled, "boolean"),
                                  ("tenant", tenant, "text"), ("now", now, "timestamptz")])


def schedule_delete(conn, name: str) -> bool:
    return scalar(conn, "schedule_delete", [("name", name, "text")])


def schedule_tick(conn, *, now=None) -> int:
    return scalar(conn, "schedule_tick", [("now", now, "timestamptz")])


def schedule_next(conn, name: str, *, after=None):
    return scalar(conn, "schedule_next", [("name", name, "text"), ("after", after, "timestamptz")])


def cron_next(conn, cron: str, after, *, timezone: Optional[str] = None):
    return scalar(conn, "cron_next", [("cron", cron, "text"), ("after", after, "timestamptz"), ("timezone", timezone, "text")])


def schedules(conn) -> List[Dict[str, Any]]:
    """The rows of view pgfirst.schedules."""
    from .._db import cursor, pf_errors
    with pf_errors(), cursor(conn) as cur:
        cur.execute("select * from pgfirst.schedules order by name")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]


def schedule_enable(conn, name: str) -> bool:
    return scalar(conn, "schedule_enable", [("name", name, "text")])


def schedule_disable(conn, name: str) -> bool:
    return scalar(conn, "schedule_disable", [("name", name, "text")])


def schedule_run_now(conn, name: str) -> int:
    """The id of the job enqueued now; the schedule's next tick is unchanged."""
    return scalar(conn, "schedule_run_now", [("name", name, "text")])
