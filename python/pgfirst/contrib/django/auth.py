"""Login throttling in the style of django-axes, on pgfirst.login_attempt.

    AUTHENTICATION_BACKENDS = ["pgfirst.contrib.django.auth.LoginThrottleBackend",
                               "django.contrib.auth.backends.ModelBackend"]
    MIDDLEWARE = [..., "pgfirst.contrib.django.middleware.PgfirstMiddleware", ...]

The backend comes first: it reserves the attempt (username, client IP, tenant) BEFORE any
password is checked, so N parallel guesses get at most login.max_failures checks. A
refused attempt raises PermissionDenied (Django then stops trying backends and sends
user_login_failed) and PgfirstMiddleware answers HTTP 429 with Retry-After. A successful
login (signal user_logged_in) calls login_succeeded, clearing the username's failures.
Limits are pgfirst settings (login.max_failures, ...; docs/rate-limits.md). Unlock:
`manage.py pgfirst_unlock USERNAME`.

Use an autocommit alias (PGFIRST_LOGIN_DATABASE) when requests run in ATOMIC_REQUESTS
transactions that may roll back: a rolled-back attempt would not count.
"""
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from pgfirst import client

from . import conf
from .middleware import LOCKOUT_ATTR

_ATTEMPT_ATTR = "_pgfirst_login_attempt"


def _conn():
    return conf.connection(conf.get("PGFIRST_LOGIN_DATABASE") or conf.database())


class LoginThrottleBackend:
    """Never authenticates anyone: it only lets the attempt through to the next backend or refuses it."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not username:
            return None
        ip = conf.client_ip(request) if request is not None else None
        tenant = conf.get_current_tenant() or ""
        result = client.login_attempt(_conn(), str(username), ip=ip, tenant=tenant)
        if request is not None:
            setattr(request, _ATTEMPT_ATTR, (str(username), ip, tenant))
        if not result["allowed"]:
            if request is not None:
                setattr(request, LOCKOUT_ATTR, result["retry_after"])
            raise PermissionDenied("too many login attempts")
        return None

    def get_user(self, user_id):
        return None


def on_user_logged_in(sender, request, user, **kwargs):
    if "pgfirst.contrib.django.auth.LoginThrottleBackend" not in _backends():
        return
    attempt = getattr(request, _ATTEMPT_ATTR, None) if request is not None else None
    if attempt is None:
        username, ip, tenant = user.get_username(), (conf.client_ip(request) if request else None), conf.get_current_tenant() or ""
    else:
        username, ip, tenant = attempt
    client.login_succeeded(_conn(), username, ip=ip, tenant=tenant)


def _backends():
    from django.conf import settings
    return getattr(settings, "AUTHENTICATION_BACKENDS", [])
