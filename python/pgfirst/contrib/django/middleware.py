"""PgfirstMiddleware: sets the request's tenant (PGFIRST_TENANT) for the cache, sessions,
login throttling and the Select2 view, and answers a throttled login with HTTP 429 and
Retry-After. Put it BEFORE SessionMiddleware, so sessions see the tenant."""
import math

from django.http import HttpResponse

from . import conf

LOCKOUT_ATTR = "pgfirst_login_retry_after"


class PgfirstMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = conf.set_current_tenant(conf.tenant_for_request(request))
        try:
            response = self.get_response(request)
        finally:
            conf.reset_current_tenant(token)
        retry_after = getattr(request, LOCKOUT_ATTR, None)
        if retry_after is not None:
            seconds = max(1, math.ceil(retry_after.total_seconds())) if retry_after else 1
            response = HttpResponse(f"Too many login attempts. Try again in {seconds} seconds.\n",
                                    status=429, content_type="text/plain; charset=utf-8")
            response["Retry-After"] = str(seconds)
        return response
