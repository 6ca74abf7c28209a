"""Glue between Django and pgfirst.worker.Worker: connection settings, task map, ORM hygiene."""
import logging
from typing import Any, Dict

from django.db import close_old_connections, connections

from pgfirst.worker import Worker

from . import conf
from .tasks import load_task_modules, registry

log = logging.getLogger("pgfirst.worker")


def conninfo(alias: str) -> str:
    """A libpq connection string for a Django database alias (NAME, USER, PASSWORD, HOST, PORT, OPTIONS)."""
    from psycopg.conninfo import make_conninfo
    s = connections[alias].settings_dict
    params: Dict[str, Any] = {}
    options = dict(s.get("OPTIONS") or {})
    if options.get("service"):
        params["service"] = options.pop("service")
    if s.get("NAME"):
        params["dbname"] = s["NAME"]
    for key, name in (("USER", "user"), ("PASSWORD", "password"), ("HOST", "host"), ("PORT", "port")):
        if s.get(key):
            params[name] = str(s[key])
    for key in ("isolation_level", "server_side_binding", "pool", "assume_role", "cursor_factory", "prepare_threshold"):
        options.pop(key, None)
    params.update({k: v for k, v in options.items() if isinstance(v, (str, int))})
    return make_conninfo(**params)


def _around_job(ctx, call):
    """The task's ORM writes and the job's completion commit in one transaction on the task's
    Django connection: if the lease was lost meanwhile, the writes roll back (LeaseLost)."""
    from django.db import transaction
    close_old_connections()
    try:
        with transaction.atomic(using=conf.database()):
            result = call()
            ctx.complete_on(connections[conf.database()], result)
        return result
    finally:
        close_old_connections()


def build_worker(*, alias: str = None, **options) -> Worker:
    load_task_modules()
    alias = alias or conf.database()
    tasks = {name: t.run_job for name, t in registry.items()}
    return Worker(conninfo(alias), tasks, around_job=_around_job, **options)
