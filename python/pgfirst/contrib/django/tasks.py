"""Celery-style tasks on pgfirst's job queue.

    from pgfirst.contrib.django.tasks import task

    @task(queue="mail", priority=5, max_attempts=10)
    def send_welcome(user_id): ...

    send_welcome.delay(user.pk)                       # like Celery's .delay()
    send_welcome.enqueue(args=[user.pk], delay=60, job_key=f"welcome:{user.pk}")

`.delay()`/`.enqueue()` run `pgfirst.job_enqueue` on Django's connection (PGFIRST_DATABASE),
so they join the caller's transaction: a rolled-back request leaves no job, and workers see
the job when the data it refers to is committed. Arguments must be JSON-serialisable; the
payload is {"args": [...], "kwargs": {...}}. The job's tenant defaults to the current
tenant, and the worker runs the task with that tenant set. `manage.py pgfirst_worker` runs
the tasks of every installed app's `tasks` module (and PGFIRST_TASK_MODULES).
"""
import contextvars
import datetime
from typing import Any, Callable, Dict, Iterable, Optional

from django.utils import timezone

from pgfirst import client

from . import conf

registry: Dict[str, "Task"] = {}
_current_job: contextvars.ContextVar = contextvars.ContextVar("pgfirst_job", default=None)


def current_job():
    """Inside a task run by pgfirst_worker: the JobContext (id, attempt, tenant, cancel_requested ...)."""
    return _current_job.get()


class Task:
    def __init__(self, fn: Callable, *, name: Optional[str] = None, queue: Optional[str] = None,
                 priority: Optional[int] = None, max_attempts: Optional[int] = None, job_key: Optional[str] = None,
                 job_key_mode: Optional[str] = None):
        self.fn = fn
        self.name = name or f"{fn.__module__}.{fn.__qualname__}"
        self.queue, self.priority, self.max_attempts = queue, priority, max_attempts
        self.job_key, self.job_key_mode = job_key, job_key_mode
        self.__doc__, self.__name__, self.__module__ = fn.__doc__, fn.__name__, fn.__module__
        if self.name in registry and registry[self.name].fn is not fn:
            raise ValueError(f"two tasks named {self.name!r}")
        registry[self.name] = self

    def __call__(self, *args, **kwargs):
        """Runs the function here and now (as Celery's task(...) does)."""
        return self.fn(*args, **kwargs)

    def delay(self, *args, **kwargs) -> int:
        """Enqueues a run with these arguments and the task's options; returns the job id."""
        return self.enqueue(args=args, kwargs=kwargs)

    def enqueue(self, args: Iterable = (), kwargs: Optional[Dict[str, Any]] = None, *, queue: Optional[str] = None,
                priority: Optional[int] = None, max_attempts: Optional[int] = None, job_key: Optional[str] = None,
                job_key_mode: Optional[str] = None, run_at: Optional[datetime.datetime] = None,
                delay: Optional[float] = None, tenant: Optional[str] = None, using: Optional[str] = None) -> int:
        """Enqueues one run (like Celery's apply_async). `delay` (seconds or timedelta) or `run_at`
        postpone it; a `job_key` deduplicates (see docs/jobs.md); returns the job id."""
        if delay is not None:
            if run_at is not None:
                raise ValueError("give delay or run_at, not both")
            run_at = timezone.now() + (delay if isinstance(delay, datetime.timedelta) else datetime.timedelta(seconds=delay))
        return client.job_enqueue(
            conf.connection(using), self.name, payload={"args": list(args), "kwargs": dict(kwargs or {})},
            queue=queue or self.queue, run_at=run_at, priority=self.priority if priority is None else priority,
            max_attempts=max_attempts or self.max_attempts, job_key=job_key or self.job_key,
            job_key_mode=job_key_mode or self.job_key_mode,
            tenant=conf.get_current_tenant() if tenant is None else tenant)


    def run_job(self, payload: Dict[str, Any], ctx) -> Any:
        token = _current_job.set(ctx)
        tenant_token = conf.set_current_tenant(ctx.tenant)
        try:
            return self.fn(*payload.get("args", []), **payload.get("kwargs", {}))
        finally:
            conf.reset_current_tenant(tenant_token)
            _current_job.reset(token)


def task(fn: Optional[Callable] = None, **options):
    """@task or @task(name=, queue=, priority=, max_attempts=, job_key=, job_key_mode=)."""
    if fn is not None:
        return Task(fn, **options)
    return lambda f: Task(f, **options)


def load_task_modules() -> None:
    """Imports every installed app's `tasks` module and PGFIRST_TASK_MODULES (as Celery's autodiscover)."""
    from importlib import import_module
    from django.utils.module_loading import autodiscover_modules
    autodiscover_modules("tasks")
    for name in conf.get("PGFIRST_TASK_MODULES", []):
        import_module(name)
