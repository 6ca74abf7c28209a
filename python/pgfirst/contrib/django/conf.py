"""Settings (all optional) and the current tenant.

PGFIRST_DATABASE          alias for pgfirst calls (default "default"); joins its transactions
PGFIRST_TENANT            dotted path to callable(request) -> str | None: the request's tenant
PGFIRST_SCHEDULES         {name: {"task", "cron" | "every", "args", "kwargs", "queue", ...}}
PGFIRST_GRANTS            {"pgfirst_app": ["django_web"], ...}: granted after migrate
PGFIRST_WORKER            defaults of manage.py pgfirst_worker: {"concurrency", "queues", "lease", "poll"}
PGFIRST_LOGIN_DATABASE    alias for login throttling (default PGFIRST_DATABASE); use an autocommit alias
PGFIRST_CLIENT_IP         dotted path to callable(request) -> str | None (default REMOTE_ADDR)
PGFIRST_DROPDOWNS         optional list of dropdown names the Select2 view serves (default: any)
"""
import contextvars
from typing import Any, Callable, Optional

from django.conf import settings
from django.utils.module_loading import import_string

_tenant: contextvars.ContextVar[Optional[str]] = contextvars.ContextVar("pgfirst_tenant", default="")


def get(name: str, default: Any = None) -> Any:
    return getattr(settings, name, default)


def database() -> str:
    return get("PGFIRST_DATABASE", "default")


def connection(alias: Optional[str] = None):
    from django.db import connections
    return connections[alias or database()]


def get_current_tenant() -> Optional[str]:
    """The tenant PgfirstMiddleware took from the request ('' without tenants; None = refused)."""
    return _tenant.get()


def set_current_tenant(tenant: Optional[str]):
    """Sets the tenant for code outside a request (tasks, shells); returns a token for reset."""
    return _tenant.set(tenant)


def reset_current_tenant(token) -> None:
    _tenant.reset(token)


def _callable(setting: str) -> Optional[Callable]:
    value = get(setting)
    if value is None:
        return None
    return import_string(value) if isinstance(value, str) else value


def tenant_for_request(request) -> Optional[str]:
    fn = _callable("PGFIRST_TENANT")
    return "" if fn is None else fn(request)


def client_ip(request) -> Optional[str]:
    fn = _callable("PGFIRST_CLIENT_IP")
    if fn is not None:
        return fn(request)
    return request.META.get("REMOTE_ADDR") or None
