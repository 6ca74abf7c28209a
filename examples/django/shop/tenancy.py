"""The tenant of a request: the first label of the host name (acme.shop.example -> "acme").
Returning None refuses tenant-scoped endpoints (the Select2 view answers 403)."""


def tenant_for_request(request):
    host = request.get_host().split(":")[0]
    label = host.split(".")[0]
    if label in ("localhost", "testserver", "127", ""):
        return ""
    return label
