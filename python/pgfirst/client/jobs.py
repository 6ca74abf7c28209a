"""Jobs and queues (sql/functions/job). Job ids are Python ints."""
import time
from typing import Any, Dict, List, Optional, Sequence

from .._db import one, rows, scalar


def job_enqueue(conn, task: str, *, payload: Optional[dict] = None, queue: Optional[str] = None, run_at=None,
                priority: Optional[int] = None, max_attempts: Optional[int] = None, job_key: Optional[str] = None,
                job_key_mode: Optional[str] = None, tenant: Optional[str] = None, now=None,
                depends_on: Optional[Sequence[int]] = None, on_dependency_failure: Optional[str] = None,
                concurrency_key: Optional[str] = None, sequence_key: Optional[str] = None, max_run_time=None,
                unique_for=None) -> int:
    """depends_on: ids this job waits for (their results arrive in payload["parent_results"]);
    on_dependency_failure: 'fail' (default) | 'cancel' | 'run' when one of them is dead or cancelled.
    concurrency_key, sequence_key, max_run_time, unique_for: flow control (docs/jobs.md)."""
    return scalar(conn, "job_enqueue", [("task", task, "text"), ("payload", payload, "jsonb"), ("queue", queue, "text"),
                                        ("run_at", run_at, "timestamptz"), ("priority", priority, "int"),
                                        ("max_attempts", max_attempts, "int"), ("job_key", job_key, "text"),
                                        ("job_key_mode", job_key_mode, "text"), ("tenant", tenant, "text"),
                                        ("now", now, "timestamptz"),
                                        ("depends_on", list(depends_on) if depends_on is not None else None, "bigint[]"),
                                        ("on_dependency_failure", on_dependency_failure, "text"),
                                        ("concurrency_key", concurrency_key, "text"),
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


def job_complete(conn, ids: Sequence[int], worker_id: str, *, attempts: Optional[Sequence[int]] = None, now=None,
                 results: Optional[Sequence[Any]] = None) -> int:
    """results: one JSON-able value per id (None = no result), kept for job_result and dependents."""
    return scalar(conn, "job_complete", [("ids", list(ids), "bigint[]"), ("worker_id", worker_id, "text"), ("now", now, "timestamptz"),
                                         ("attempts", list(attempts) if attempts is not None else None, "int[]"),
                                         ("results", list(results) if results is not None else None, "text[]::jsonb[]")])


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


def job_result(conn, id: int) -> Optional[Dict[str, Any]]:
    """{"state", "result", "finished_at"}; None for an id never issued."""
    return one(conn, "job_result", [("id", id, "bigint")], ["state", "result", "finished_at"], ["result"])


def job_result_channel(conn) -> str:
    return scalar(conn, "job_result_channel")


class JobWaitTimeout(Exception):
    """wait_for_result: the job did not finish within the timeout."""


def wait_for_result(conn, id: int, *, timeout: float = 30.0, poll: float = 0.5) -> Optional[Dict[str, Any]]:
    """Polls job_result until the job is done, dead or cancelled (works behind any pooler;
    pass an autocommit connection so each poll sees new commits). Raises JobWaitTimeout."""
    deadline = time.monotonic() + timeout
    while True:
        r = job_result(conn, id)
        if r is None or r["state"] in ("done", "dead", "cancelled"):
            return r
        left = deadline - time.monotonic()
        if left <= 0:
            raise JobWaitTimeout(f"job {id} did not finish in time (state {r['state']})")
        time.sleep(min(poll, left))


def step(task: str, payload: Optional[dict] = None, **options: Any) -> Dict[str, Any]:
    """A workflow step (Celery's signature): options queue, priority, max_attempts, run_at (ISO text),
    on_dependency_failure, name."""
    node: Dict[str, Any] = {"task": task}
    if payload is not None:
        node["payload"] = payload
    node.update({k: v for k, v in options.items() if v is not None})
    return node


def chain(*nodes: Dict[str, Any]) -> Dict[str, Any]:
    """One after another; each step gets the previous one's results in payload["parent_results"]."""
    return {"chain": list(nodes)}


def group(*nodes: Dict[str, Any]) -> Dict[str, Any]:
    """In parallel; what follows gets all their results, in order."""
    return {"group": list(nodes)}


def chord(nodes: Sequence[Dict[str, Any]], callback: Dict[str, Any]) -> Dict[str, Any]:
    """A group, then callback with every member's result in payload["parent_results"]."""
    return {"chord": list(nodes), "callback": callback}


def workflow_enqueue(conn, spec: Dict[str, Any], *, name: Optional[str] = None, tenant: Optional[str] = None,
                     now=None) -> List[Dict[str, Any]]:
    """The whole workflow in one statement (all or nothing); one row per step in document order."""
    return rows(conn, "workflow_enqueue", [("spec", spec, "jsonb"), ("name", name, "text"), ("tenant", tenant, "text"),
                                           ("now", now, "timestamptz")],
                ["workflow_id", "step", "step_name", "task", "job_id"])


def workflow_status(conn, workflow_id: int) -> List[Dict[str, Any]]:
    return rows(conn, "workflow_status", [("workflow_id", workflow_id, "bigint")],
                ["step", "step_name", "job_id", "group_id", "state", "result", "finished_at", "group_done", "group_total",
                 "workflow_state"], ["result"])
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
               _JOB_LIST_COLUMNS + ["payload", "errors", "worker_id", "lease_expires_at", "claimed_at", "cancel_requested",
                                    "progress", "result", "workflow_id"],
               ["payload", "errors", "progress", "result"])


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
