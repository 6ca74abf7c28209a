"""A pgfirst worker in Python (docs/worker-protocol.md): claim -> heartbeat -> complete/fail.

    Worker(conninfo, {"send_email": send_email}, concurrency=4).run()   # until stop()

Each of `concurrency` threads has its own connection and claims one job at a time; one
housekeeping thread (own connection) heartbeats the leases of this process's worker id every
third of the lease, notes jobs reaped or flagged for cancellation, calls job_reap every few
seconds and schedule_tick every second (exactly-once across workers, in SQL). A handler is
`fn(payload, ctx)`; an exception fails the attempt (retried with backoff, `dead` after
max_attempts). stop() (SIGTERM/SIGINT in the management command): no new claims, running
jobs finish and report, run() returns. A process killed outright leaves its jobs to job_reap
once their leases run out. The role needs pgfirst_worker.
"""
import dataclasses
import json
import logging
import os
import random
import socket
import threading
import time
import traceback
import uuid
from typing import Any, Callable, Dict, Iterable, Optional, Set

import psycopg

from . import client
from .errors import DropdownUnknownError

log = logging.getLogger("pgfirst.worker")


@dataclasses.dataclass
class JobContext:
    id: int
    task: str
    queue: str
    tenant: str
    attempt: int
    max_attempts: int
    conn: Any  # the runner thread's psycopg connection (autocommit)
    worker: "Worker"

    @property
    def cancel_requested(self) -> bool:
        return self.id in self.worker._cancelled

    completed: bool = False

    def complete_on(self, conn, result: Any = None) -> None:
        """Completes the job on `conn` inside the caller's transaction, so the task's writes and
        the completion commit together (exactly-once effects for database-only tasks); `result`
        (JSON-able, None = none) is stored as the job's result. Raises LeaseLost when the job
        is no longer this worker's: roll the transaction back."""
        result = _json_result(self.id, result)
        if client.job_complete(conn, [self.id], self.worker.worker_id, attempts=[self.attempt],
                               results=[result] if result is not None else None) != 1:
            raise LeaseLost(f"job {self.id}: lease lost before completion")
        self.completed = True

    @property
    def lease_lost(self) -> bool:
        """True once the lease was reaped: another worker may run this job; stop early."""
        return self.id in self.worker._reaped


Handler = Callable[[Dict[str, Any], JobContext], Any]


def _json_result(job_id: int, value: Any) -> Any:
    """A handler's return value as the job's result when JSON can hold it; else None (logged):
    handlers written before results existed may return anything."""
    if value is None:
        return None
    try:
        json.dumps(value)
    except (TypeError, ValueError) as e:
        log.warning("job %s: return value not stored as its result (not JSON: %s)", job_id, e)
        return None
    return value


class LeaseLost(Exception):
    """Raised by code that completed the job in its own transaction (JobContext.complete_on)
    and found the lease gone: its writes roll back, the worker records nothing."""


def _maintenance(payload, ctx):
    return client.maintenance(ctx.conn)


def _noop(payload, ctx):
    return None


def _sleep(payload, ctx):
    deadline = time.monotonic() + max(0, float((payload or {}).get("ms", 0))) / 1000
    while time.monotonic() < deadline and not ctx.cancel_requested:
        time.sleep(min(0.05, max(0, deadline - time.monotonic())))


def _dropdown_refresh(payload, ctx):
    try:
        client.dropdown_refresh(ctx.conn, payload["name"])
    except DropdownUnknownError:
        log.info("dropdown %r no longer exists; nothing to refresh", payload.get("name"))


#: pgfirst's own tasks (the TypeScript worker has the same set): a user task of the same name wins.
BUILTIN_TASKS: Dict[str, Handler] = {
    "pgfirst.maintenance": _maintenance,
    "pgfirst.noop": _noop,
    "pgfirst.sleep": _sleep,
    "pgfirst.dropdown_refresh": _dropdown_refresh,
}


def new_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Worker:
    def __init__(self, conninfo: str, tasks: Dict[str, Handler], *, queues: Optional[Iterable[str]] = None,
                 concurrency: int = 1, lease: float = 30, poll: float = 1.0, reap_interval: float = 5,
                 tick_interval: float = 1, worker_id: Optional[str] = None,
                 around_job: Optional[Callable[[JobContext, Callable[[], Any]], Any]] = None,
                 connect: Optional[Callable[[], Any]] = None):
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.conninfo = conninfo
        self.tasks = {**BUILTIN_TASKS, **tasks}
        self.queues = list(queues) if queues else None
        self.concurrency = concurrency
        self.lease = lease
        self.poll = poll
        self.reap_interval = reap_interval
        self.tick_interval = tick_interval
        self.worker_id = worker_id or new_worker_id()
        self.around_job = around_job
        self._connect = connect or (lambda: psycopg.connect(self.conninfo, autocommit=True))
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._held: Set[int] = set()
        self._reaped: Set[int] = set()
        self._cancelled: Set[int] = set()
        self._lock = threading.Lock()
        self.completed = 0
        self.failed = 0
        self.errors: list = []

    # -- control
    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def run(self) -> None:
        """Runs until stop(); re-raises the first fatal error of a thread (e.g. a lost connection)."""
        log.info("worker %s started: concurrency %d, queues %s", self.worker_id, self.concurrency, self.queues or "all")
        threads = [threading.Thread(target=self._guard, args=(self._housekeeping,), name="pgfirst-housekeeping", daemon=True)]
        threads += [threading.Thread(target=self._guard, args=(self._runner,), name=f"pgfirst-runner-{i}", daemon=True)
                    for i in range(self.concurrency)]
        for t in threads:
            t.start()
        for t in threads[1:]:
            t.join()
        self._stop.set()
        self._wake.set()
        threads[0].join()
        log.info("worker %s stopped: %d completed, %d failed", self.worker_id, self.completed, self.failed)
        if self.errors:
            raise self.errors[0]

    def _guard(self, fn):
        try:
            fn()
        except BaseException as e:  # a thread's fatal error stops the whole worker
            log.exception("worker thread %s died", threading.current_thread().name)
            self.errors.append(e)
            self.stop()

    # -- threads
    def _runner(self):
        with self._connect() as conn:
            while not self._stop.is_set():
                jobs = client.job_claim(conn, self.worker_id, queues=self.queues, max_jobs=1, lease=self.lease)
                if not jobs:
                    self._wake.wait(self.poll * random.uniform(0.8, 1.2))
                    self._wake.clear()
                    continue
                self._run(conn, jobs[0])

    def _run(self, conn, job):
        ctx = JobContext(id=job["id"], task=job["task"], queue=job["queue"], tenant=job["tenant"],
                         attempt=job["attempt"], max_attempts=job["max_attempts"], conn=conn, worker=self)
        with self._lock:
            self._held.add(ctx.id)
        try:
            handler = self.tasks.get(ctx.task)
            if ctx.id in self._cancelled:
                self._fail(conn, ctx, "cancel requested before start")
                return
            if handler is None:
                self._fail(conn, ctx, f"no handler for task {ctx.task!r} in this worker")
                return
            payload = job["payload"] if job["payload"] is not None else {}
            result = None
            try:
                if self.around_job:
                    # around_job returns what it was given back (the handler's return value) or None
                    result = self.around_job(ctx, lambda: handler(payload, ctx))
                else:
                    result = handler(payload, ctx)
            except LeaseLost as e:
                log.warning("%s; its writes were rolled back", e)
            except Exception:
                self._fail(conn, ctx, traceback.format_exc())
            else:
                if ctx.completed:
                    with self._lock:
                        self.completed += 1
                    return
                # the handler's return value (JSON-able; None = none) is the job's result
                result = _json_result(ctx.id, result)
                done = client.job_complete(conn, [ctx.id], self.worker_id, attempts=[ctx.attempt],
                                           results=[result] if result is not None else None)
                with self._lock:
                    self.completed += 1
                if not done:
                    log.warning("job %s: completion fenced off (lease reaped; it may run again elsewhere)", ctx.id)
        finally:
            with self._lock:
                self._held.discard(ctx.id)
                self._reaped.discard(ctx.id)
                self._cancelled.discard(ctx.id)

    def _fail(self, conn, ctx, error):
        state = client.job_fail(conn, ctx.id, self.worker_id, error[-8000:], attempt=ctx.attempt)
        with self._lock:
            self.failed += 1
        log.warning("job %s (%s) attempt %s failed -> %s", ctx.id, ctx.task, ctx.attempt, state or "fenced")

    def _housekeeping(self):
        with self._connect() as conn:
            next_beat = next_reap = next_tick = 0.0
            while not (self._stop.is_set() and not self._held):
                now = time.monotonic()
                if now >= next_beat:
                    with self._lock:
                        held = set(self._held)
                    if held:
                        rows = client.job_heartbeat(conn, self.worker_id)
                        alive = {r["id"] for r in rows}
                        with self._lock:
                            self._reaped.update(held - alive)
                            self._cancelled.update(r["id"] for r in rows if r["cancel_requested"])
                    next_beat = now + self.lease / 3
                if not self._stop.is_set():
                    if self.reap_interval and now >= next_reap:
                        if client.job_reap(conn):
                            self._wake.set()
                        next_reap = now + self.reap_interval * random.uniform(0.8, 1.2)
                    if self.tick_interval and now >= next_tick:
                        if client.schedule_tick(conn):
                            self._wake.set()
                        next_tick = now + self.tick_interval * random.uniform(0.8, 1.2)
                time.sleep(0.05)
