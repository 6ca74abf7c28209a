"""Select2 endpoint for any dropdown defined with pgfirst.dropdown_define.

GET .../dropdowns/<name>?term=&page=&after=  -> dropdown_search's JSON
GET .../dropdowns/<name>?ids=1,2,3           -> {"results": [{"id", "text"}]}
Errors as the Node handler maps them: unknown or not-allowed dropdown 404, no tenant 403,
any other PF error (bad page, bad cursor, ...) 400 with its code; others propagate (500).
"""
import contextlib

from django.db import transaction
from django.http import JsonResponse
from django.views.decorators.http import require_http_methods

from pgfirst import client
from pgfirst.errors import DropdownUnknownError, PgfirstError

from . import conf


def _json(status, body):
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    return response


@transaction.non_atomic_requests
@require_http_methods(["GET", "HEAD"])
def select2(request, name):
    allow = conf.get("PGFIRST_DROPDOWNS")
    if not name or (allow is not None and name not in allow):
        return _json(404, {"error": "unknown dropdown"})
    tenant = conf.get_current_tenant()
    if tenant is None:
        return _json(403, {"error": "no tenant for this request"})
    conn = conf.connection()
    # Read-only: no request transaction (non_atomic_requests); inside someone else's
    # transaction, a savepoint keeps a PF error from aborting it.
    guard = transaction.atomic(using=conn.alias) if conn.in_atomic_block else contextlib.nullcontext()
    try:
        with guard:
            ids = request.GET.get("ids")
            if ids is not None:
                rows = client.dropdown_lookup(conn, name, tenant, [i for i in ids.split(",") if i != ""])
                return _json(200, {"results": rows})
            page_text = request.GET.get("page", "")
            try:
                page = int(page_text) if page_text != "" else 1
            except ValueError:
                return _json(400, {"error": "page must be an integer", "code": "PF605"})
            body = client.dropdown_search(conn, name, tenant, term=request.GET.get("term", request.GET.get("q", "")),
                                          page=page, page_size=int(conf.get("PGFIRST_DROPDOWN_PAGE_SIZE", 30)),
                                          after=request.GET.get("after") or None)
            return _json(200, body)
    except DropdownUnknownError as e:
        return _json(404, {"error": "unknown dropdown", "code": e.code})
    except PgfirstError as e:
        return _json(400, {"error": str(e), "code": e.code})
