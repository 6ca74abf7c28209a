"""Django's documented cache behaviours (docs/topics/cache, the low-level API) on PgfirstCache."""
import datetime
import time
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.test import RequestFactory

from pgfirst import client
from pgfirst.contrib.django.conf import reset_current_tenant, set_current_tenant


@pytest.fixture
def cache(tenant):
    token = set_current_tenant(tenant)
    yield caches["default"]
    reset_current_tenant(token)


class Unpicklable:
    def __reduce__(self):
        raise pickle_error


pickle_error = TypeError("no pickling")


def test_get_set_default_and_none(cache):
    assert cache.get("missing") is None
    assert cache.get("missing", "dflt") == "dflt"
    cache.set("k", "v")
    assert cache.get("k") == "v"
    cache.set("none", None)
    assert cache.get("none", "dflt") is None  # a cached None is a hit
    assert cache.has_key("none")


def test_values_of_any_picklable_type(cache):
    values = {"str": "é", "int": 7, "big": 2**70, "float": 1.5, "bool": True, "dec": Decimal("1.10"),
              "list": [1, "a"], "tuple": (1, 2), "set": {1, 2}, "bytes": b"\x00\xff",
              "dt": datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc), "dict": {"a": {"b": [None]}}}
    for k, v in values.items():
        cache.set(k, v)
    for k, v in values.items():
        got = cache.get(k)
        assert got == v and type(got) is type(v), k
    with pytest.raises(TypeError):
        cache.set("bad", Unpicklable())


def test_add_does_not_overwrite(cache):
    assert cache.add("a", 1) is True
    assert cache.add("a", 2) is False
    assert cache.get("a") == 1


def test_get_or_set(cache):
    assert cache.get_or_set("g", "first") == "first"
    assert cache.get_or_set("g", "second") == "first"
    assert cache.get_or_set("c", lambda: "called") == "called"
    assert cache.get_or_set("n", None) is None


def test_many(cache):
    assert cache.set_many({"a": 1, "b": "two", "c": None}) == []
    assert cache.get_many(["a", "b", "c", "zz"]) == {"a": 1, "b": "two", "c": None}
    cache.delete_many(["a", "b"])
    assert cache.get_many(["a", "b", "c"]) == {"c": None}
    assert cache.get_many([]) == {}


def test_delete_and_has_key(cache):
    cache.set("d", 1)
    assert cache.delete("d") is True
    assert cache.delete("d") is False
    assert cache.has_key("d") is False


def test_incr_decr(cache):
    cache.set("n", 1)
    assert cache.incr("n") == 2
    assert cache.incr("n", 10) == 12
    assert cache.decr("n") == 11
    assert cache.decr("n", 20) == -9
    assert cache.get("n") == -9
    with pytest.raises(ValueError):
        cache.incr("does-not-exist")
    with pytest.raises(ValueError):
        cache.decr("does-not-exist")
    assert cache.get("does-not-exist") is None  # incr never creates
    cache.set("s", "text")
    with pytest.raises(TypeError):
        cache.incr("s")


def test_timeouts(cache):
    cache.set("zero", "x", 0)
    assert cache.get("zero") is None
    cache.set("neg", "x", -1)
    assert cache.get("neg") is None
    cache.add("zero_add", "x", 0)
    assert cache.get("zero_add") is None
    cache.set_many({"m1": 1, "m2": 2}, 0)
    assert cache.get_many(["m1", "m2"]) == {}
    assert cache.get_or_set("gz", "fries", timeout=0) == "fries"
    assert cache.get("gz") is None
    cache.set("forever", "x", None)
    cache.set("short", "x", 1)
    time.sleep(1.2)
    assert cache.get("forever") == "x" and cache.get("short") is None


def test_default_timeout_from_settings(tenant):
    token = set_current_tenant(tenant)
    try:
        short = caches["short"]
        short.set("k", 1)  # TIMEOUT = 1
        assert short.get("k") == 1
        time.sleep(1.2)
        assert short.get("k") is None
    finally:
        reset_current_tenant(token)


def test_touch(cache):
    assert cache.touch("nokey") is False
    cache.set("t", 1, 1)
    assert cache.touch("t", 10) is True
    time.sleep(1.2)
    assert cache.get("t") == 1
    assert cache.touch("t", None) is True  # never expires
    assert cache.touch("t", 0) is True
    assert cache.get("t") is None


def test_versions(cache):
    cache.set("v", "one", version=1)
    cache.set("v", "two", version=2)
    assert cache.get("v") == "one" and cache.get("v", version=2) == "two"
    v2 = caches["v2"]
    assert v2.get("v") == "two" and v2.get("v", version=1) == "one"
    assert cache.incr_version("v") == 2
    assert cache.get("v") is None and cache.get("v", version=2) == "one"
    assert cache.decr_version("v", version=2) == 1
    assert cache.get("v") == "one"
    with pytest.raises(ValueError):
        cache.incr_version("absent")


def test_key_prefix_and_key_function(cache, tenant):
    cache.set("k", "plain")
    prefixed = caches["prefixed"]
    assert prefixed.get("k") is None
    prefixed.set("k", "prefixed")
    assert cache.get("k") == "plain" and prefixed.get("k") == "prefixed"
    custom = caches["custom_key"]
    custom.set("k", "custom")
    assert cache.get("k") == "plain" and custom.get("k") == "custom"
    from django.db import connection
    with connection.cursor() as c:
        c.execute("select key from pgfirst_private.cache_entry where tenant = %s", [tenant])
        keys = {r for (r,) in c.fetchall()}
    assert {":1:k", "cacheprefix:1:k", "CUSTOM--1-k"} <= keys


def test_long_keys_are_hashed_not_rejected(cache):
    from django.core.cache.backends.base import CacheKeyWarning
    k = "x" * 2000
    with pytest.warns(CacheKeyWarning):  # Django's memcached-portability warning, as for every backend
        cache.set(k, 1)
        assert cache.get(k) == 1


def test_tenants_are_isolated_and_clear_is_per_tenant(tenant):
    a, b = caches["default"], caches["default"]
    t1 = set_current_tenant(tenant + "_a")
    a.set("shared", "A")
    reset_current_tenant(t1)
    t2 = set_current_tenant(tenant + "_b")
    try:
        assert b.get("shared") is None
        b.set("shared", "B")
        b.clear()
        assert b.get("shared") is None
    finally:
        reset_current_tenant(t2)
    t1 = set_current_tenant(tenant + "_a")
    try:
        assert a.get("shared") == "A"  # clear() of tenant b left tenant a alone
    finally:
        reset_current_tenant(t1)


def test_tenant_from_request_via_middleware(tenant, client_django=None):
    from django.http import HttpResponse
    from pgfirst.contrib.django.middleware import PgfirstMiddleware

    def view(request):
        caches["default"].set("req", request.headers["X-Tenant"])
        return HttpResponse(caches["default"].get("req"))

    mw = PgfirstMiddleware(view)
    resp = mw(RequestFactory().get("/", HTTP_X_TENANT=tenant))
    assert resp.content.decode() == tenant
    from django.db import connection
    assert client.cache_get(connection, "pytest", ":1:req", tenant=tenant) is not None


def test_clear_as_app_role(db_url, tenant):
    """clear() works for a role holding only pgfirst_app (the guide's snippet raised PF112)."""
    from django.db import connection
    role = "pytest_py_app"
    with connection.cursor() as c:
        c.execute(f"drop role if exists {role}; create role {role} login; grant pgfirst_app to {role}")
    try:
        import psycopg
        from pgfirst.errors import CacheClearForbiddenError
        with psycopg.connect(db_url, user=role, autocommit=True) as app:
            client.cache_set(app, "pytest", "x", 1, tenant=tenant)
            assert client.cache_clear(app, namespace="pytest", tenant=tenant) == 1
            with pytest.raises(CacheClearForbiddenError):
                client.cache_clear(app, namespace="pytest")
    finally:
        with connection.cursor() as c:
            c.execute(f"drop owned by {role}; drop role {role}")
