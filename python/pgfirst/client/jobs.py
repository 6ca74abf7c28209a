"""Jobs and queues (sql/functions/job). Job ids are Python ints."""
from typing import Any, Dict, List, Optional, Sequence

from .._db import one, rows, scalar


def job_enqueue(conn, task: str, *, payload: Optional[dict] = None, queue: Optional[str] = None, run_at=None,
                priority: Optional[int] = None, max_attempts: Optional[int] = None, job_key: Optional[str] = None,
                job_key_mode: Optional[str] = None, tenant: Optional[str] = None, now=None) -> int:
    return scalar(conn, "job_enqueue", [("task", task, "text"), ("payload", payload, "jsonb"), ("queue", queue, "text"),
                                        ("run_at", run_at, "timestamptz"), ("priority", priority, "int"),
                                        ("max_attempts", max_attempts, "int"), ("job_key", job_key, "text"),
                                        ("job_key_mode", job_key_mode, "text"), ("tenant", tenant, "text"),
                                        ("now", now, "timestamptz")])


def job_enqueue_many(conn, jobs: Sequence[Dict[str, Any]]) -> List[int]:
    """Ids in input order (all or nothing)."""
    return [r["job_enqueue_many"] for r in rows(conn, "job_enqueue_many", [("jobs", list(jobs), "jsonb")], ["job_enqueue_many"])]


def job_claim(conn, worker_id: str, *, queues: Optional[Sequence[str]] = None, max_jobs: Optional[int] = None,
              lease=None, now=None) -> List[Dict[str, Any]]:
    return rows(conn, "job_claim", [("worker_id", worker_id, "text"), ("queues", list(queues) if queues else None, "text[]"),
                                    ("max_jobs", max_jobs, "int"), ("lease", lease, "interval"), ("now", now, "timestamptz")],
                ["id", "task", "payload", "queue", "tenant", "attempt", "max_attempts", "lease_expires_at"], ["payload"])


def job_heartbeat(conn, worker_id: str, *, lease=None, now=None) -> List[Dict[str, Any]]:
    return rows(conn, "job_heartbeat", [("worker_id", worker_id, "text"), ("lease", lease, "interval"), ("now", now, "timestamptz")],
                ["id", "cancel_requested"])


def job_complete(conn, ids: Sequence[int], worker_id: str, *, attempts: Optional[Sequence[int]] = None, now=None) -> int:
    return scalar(conn, "job_complete", [("ids", list(ids), "bigint[]"), ("worker_id", worker_id, "text"), ("now", now, "timestamptz"),
                                         ("attempts", list(attempts) if attempts is not None else None, "int[]")])


def job_fail(conn, id: int, worker_id: str, error: str, *, retry_delay=None, attempt: Optional[int] = None, now=None) -> Optional[str]:
    return scalar(conn, "job_fail", [("id", id, "bigint"), ("worker_id", worker_id, "text"), ("error", error, "text"),
                                     ("retry_delay", retry_delay, "interval"), ("now", now, "timestamptz"), ("attempt", attempt, "int")])


def job_release(conn, ids: Sequence[int], worker_id: str, *, now=None) -> int:
    return scalar(conn, "job_release", [("ids", list(ids), "bigint[]"), ("worker_id", worker_id, "text"), ("now", now, "timestamptz")])


def job_reap(conn, *, now=None) -> int:
    return scalar(conn, "job_reap", [("now", now, "timestamptz")])


def job_get(conn, id: int) -> Optional[Dict[str, Any]]:
    return one(conn, "job_get", [("id", id, "bigint")],
               ["id", "task", "queue", "tenant", "state", "attempt", "max_attempts", "run_at", "last_error", "created_at", "updated_at"])


def job_cancel(conn, id: int) -> bool:
    return scalar(conn, "job_cancel", [("id", id, "bigint")])


def job_retry(conn, id: int, *, run_at=None) -> bool:
    return scalar(conn, "job_retry", [("id", id, "bigint"), ("run_at", run_at, "timestamptz")])


def queue_configure(conn, queue: str, *, concurrency: Optional[int] = None, paused: Optional[bool] = None, keep_finished=None) -> None:
    scalar(conn, "queue_configure", [("queue", queue, "text"), ("concurrency", concurrency, "int"), ("paused", paused, "boolean"),
                                     ("keep_finished", keep_finished, "interval")])


def queue_stats(conn) -> List[Dict[str, Any]]:
    return rows(conn, "queue_stats", [], ["queue", "pending", "scheduled", "running", "dead", "oldest_pending_age"])


# ---- operations dashboard (docs/dashboard.md, "SQL functions") ----

_JOB_LIST_COLUMNS = ["id", "state", "queue", "task", "tenant", "priority", "attempt", "max_attempts", "run_at",
                     "created_at", "updated_at", "finished_at", "last_error", "job_key"]


def _filters(queue, task, tenant, since, until):
    return [("queue", queue, "text"), ("task", task, "text"), ("tenant", tenant, "text"),
            ("since", since, "timestamptz"), ("until", until, "timestamptz")]


def job_list(conn, *, state: Optional[str] = None, queue: Optional[str] = None, task: Optional[str] = None,
             tenant: Optional[str] = None, since=None, until=None, before_id: Optional[int] = None,
             page_size: Optional[int] = None) -> List[Dict[str, Any]]:
    """Newest first; the next page is before_id=<last id>."""
    return rows(conn, "job_list", [("state", state, "text"), *_filters(queue, task, tenant, since, until),
                                   ("before_id", before_id, "bigint"), ("page_size", page_size, "int")], _JOB_LIST_COLUMNS)


def job_detail(conn, id: int) -> Optional[Dict[str, Any]]:
    return one(conn, "job_detail", [("id", id, "bigint")],
               _JOB_LIST_COLUMNS + ["payload", "errors", "worker_id", "lease_expires_at", "claimed_at", "cancel_requested"],
               ["payload", "errors"])


def queue_throughput(conn, *, since=None, bucket=None, queue: Optional[str] = None) -> List[Dict[str, Any]]:
    return rows(conn, "queue_throughput", [("since", since, "interval"), ("bucket", bucket, "interval"), ("queue", queue, "text")],
                ["queue", "bucket_start", "done", "failed", "dead", "p50_wait_ms", "p95_wait_ms", "p50_run_ms", "p95_run_ms"])


def queue_pause(conn, queue: str) -> bool:
    return scalar(conn, "queue_pause", [("queue", queue, "text")])


def queue_resume(conn, queue: str) -> bool:
    return scalar(conn, "queue_resume", [("queue", queue, "text")])


def job_retry_many(conn, *, state: Optional[str] = None, queue: Optional[str] = None, task: Optional[str] = None,
                   tenant: Optional[str] = None, since=None, until=None, max_jobs: Optional[int] = None) -> int:
    return scalar(conn, "job_retry_many", [("state", state, "text"), *_filters(queue, task, tenant, since, until),
                                           ("max_jobs", max_jobs, "int")])


def job_cancel_many(conn, *, state: Optional[str] = None, queue: Optional[str] = None, task: Optional[str] = None,
                    tenant: Optional[str] = None, since=None, until=None, max_jobs: Optional[int] = None) -> int:
    return scalar(conn, "job_cancel_many", [("state", state, "text"), *_filters(queue, task, tenant, since, until),
                                            ("max_jobs", max_jobs, "int")])
