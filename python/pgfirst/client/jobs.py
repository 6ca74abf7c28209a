"""Jobs and queues (sql/functions/job). Job ids are Python ints."""
from typing import Any, Dict, List, Optional, Sequence

from .._db import one, rows, scalar


def job_enqueue(conn, task: str, *, payload: Optional[dict] = None, queue: Optional[str] = None, run_at=None,
                priority: Optional[int] = None, max_attempts: Optional[int] = None, job_key: Optional[str] = None,
                job_key_mode: Optional[str] = None, tenant: Optional[str] = None, now=None,
                concurrency_key: Optional[str] = None, sequence_key: Optional[str] = None, max_run_time=None,
                unique_for=None) -> int:
    return scalar(conn, "job_enqueue", [("task", task, "text"), ("payload", payload, "jsonb"), ("queue", queue, "text"),
                                        ("run_at", run_at, "timestamptz"), ("priority", priority, "int"),
                                        ("max_attempts", max_attempts, "int"), ("job_key", job_key, "text"),
                                        ("job_key_mode", job_key_mode, "text"), ("tenant", tenant, "text"),
                                        ("now", now, "timestamptz"), ("concurrency_key", concurrency_key, "text"),
                                        ("sequence_key", sequence_key, "text"), ("max_run_time", max_run_time, "interval"),
                                        ("unique_for", unique_for, "interval")])


def job_enqueue_many(conn, jobs: Sequence[Dict[str, Any]]) -> List[int]:
    """Ids in input order (all or nothing)."""
    return [r["job_enqueue_many"] for r in rows(conn, "job_enqueue_many", [("jobs", list(jobs), "jsonb")], ["job_enqueue_many"])]


def job_claim(conn, worker_id: str, *, queues: Optional[Sequence[str]] = None, max_jobs: Optional[int] = None,
              lease=None, now=None) -> List[Dict[str, Any]]:
    return rows(conn, "job_claim", [("worker_id", worker_id, "text"), ("queues", list(queues) if queues else None, "text[]"),
                                    ("max_jobs", max_jobs, "int"), ("lease", lease, "interval"), ("now", now, "timestamptz")],
                ["id", "task", "payload", "queue", "tenant", "attempt", "max_attempts", "lease_expires_at", "deadline"], ["payload"])


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
               ["id", "task", "queue", "tenant", "state", "attempt", "max_attempts", "run_at", "last_error", "created_at", "updated_at",
                "progress"], ["progress"])


def job_cancel(conn, id: int) -> bool:
    return scalar(conn, "job_cancel", [("id", id, "bigint")])


def job_retry(conn, id: int, *, run_at=None) -> bool:
    return scalar(conn, "job_retry", [("id", id, "bigint"), ("run_at", run_at, "timestamptz")])


def job_progress(conn, id: int, worker_id: str, progress: Any) -> bool:
    """Records a running job's progress (any JSON); False when the job is not leased to worker_id."""
    return scalar(conn, "job_progress", [("id", id, "bigint"), ("worker_id", worker_id, "text"), ("progress", progress, "jsonb")])


def queue_configure(conn, queue: str, *, concurrency: Optional[int] = None, paused: Optional[bool] = None, keep_finished=None,
                    key_concurrency: Optional[int] = None, fair: Optional[bool] = None, rate_limit: Optional[int] = None,
                    rate_period=None) -> None:
    scalar(conn, "queue_configure", [("queue", queue, "text"), ("concurrency", concurrency, "int"), ("paused", paused, "boolean"),
                                     ("keep_finished", keep_finished, "interval"), ("key_concurrency", key_concurrency, "int"),
                                     ("fair", fair, "boolean"), ("rate_limit", rate_limit, "int"),
                                     ("rate_period", rate_period, "interval")])


def queue_stats(conn) -> List[Dict[str, Any]]:
    return rows(conn, "queue_stats", [], ["queue", "pending", "scheduled", "running", "dead", "oldest_pending_age"])
