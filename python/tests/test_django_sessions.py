"""Django's documented session-store behaviours (docs/topics/http/sessions, "Using sessions
out of views") on pgfirst's engine, plus hashed tokens, tenants and log-out-everywhere."""
import hashlib
import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.base import UpdateError
from django.db import connection
from django.test import override_settings

from pgfirst.contrib.django.conf import reset_current_tenant, set_current_tenant
from pgfirst.contrib.django.sessions import SessionStore, logout_everywhere, user_sessions


@pytest.fixture(autouse=True)
def in_tenant(tenant):
    token = set_current_tenant(tenant)
    yield
    reset_current_tenant(token)


def test_create_keeps_first_save_and_load_returns_dict():
    s = SessionStore()
    s["fav_color"] = "blue"
    s.create()
    assert s.session_key and len(s.session_key) == 32
    s2 = SessionStore(session_key=s.session_key)
    assert s2["fav_color"] == "blue"  # the first save's data survives create()
    assert isinstance(s2.load(), dict)


def test_save_load_modify():
    s = SessionStore()
    s["a"] = 1
    s.save()
    key = s.session_key
    s2 = SessionStore(session_key=key)
    s2["b"] = [1, "x"]
    s2.save()
    s3 = SessionStore(session_key=key)
    assert dict(s3.items()) == {"a": 1, "b": [1, "x"]}
    assert s3.exists(key) and not s3.exists("nonexistentkey123")


def test_unknown_key_starts_a_fresh_session():
    s = SessionStore(session_key="a" * 32)
    assert s.load() == {} and s.session_key is None
    s["x"] = 1
    s.save()
    assert s.session_key != "a" * 32  # never adopts a client-chosen key (session fixation)


def test_delete_and_no_resurrection():
    s = SessionStore()
    s["x"] = 1
    s.save()
    key = s.session_key
    stale = SessionStore(session_key=key)
    assert stale["x"] == 1  # loaded before the logout
    s.delete()
    assert not SessionStore().exists(key)
    stale["y"] = 2
    stale.modified = True
    with pytest.raises(UpdateError):  # a concurrent logout is never undone by a late save
        stale.save()


def test_flush_and_cycle_key():
    s = SessionStore()
    s["x"] = 1
    s.save()
    old = s.session_key
    s.cycle_key()
    assert s.session_key != old and s["x"] == 1
    assert not s.exists(old) and SessionStore(session_key=s.session_key)["x"] == 1
    key = s.session_key
    s.flush()
    assert s.session_key is None and not s.exists(key)


def test_expiry_age_and_set_expiry():
    s = SessionStore()
    assert s.get_expiry_age() == 1209600  # SESSION_COOKIE_AGE default
    s.set_expiry(300)
    assert s.get_expiry_age() == 300
    s.save()
    with connection.cursor() as c:
        c.execute("select extract(epoch from expires_at - now()) from pgfirst.session_get(token => %s)", [s.session_key])
        left = float(c.fetchone()[0])
    assert 290 < left <= 301  # the server-side expiry follows set_expiry()
    s.set_expiry(1)
    s.save()
    time.sleep(1.3)
    assert SessionStore(session_key=s.session_key).load() == {}  # expired server-side
    s2 = SessionStore()
    s2.set_expiry(0)
    assert s2.get_expire_at_browser_close()


def test_tokens_are_stored_hashed_only():
    s = SessionStore()
    s["x"] = 1
    s.save()
    with connection.cursor() as c:
        c.execute("select count(*) from pgfirst_private.session s where s::text like %s", ["%" + s.session_key + "%"])
        assert c.fetchone()[0] == 0
        c.execute("select count(*) from pgfirst_private.session s where s::text like %s",
                  ["%" + hashlib.sha256(s.session_key.encode()).hexdigest() + "%"])
        assert c.fetchone()[0] in (0, 1)  # bytea/hex form is an implementation detail


def test_sessions_are_bound_to_their_tenant(tenant):
    s = SessionStore()
    s["x"] = 1
    s.save()
    other = set_current_tenant(tenant + "_other")
    try:
        assert SessionStore(session_key=s.session_key).load() == {}
    finally:
        reset_current_tenant(other)


def test_user_sessions_and_logout_everywhere():
    keys = []
    for device in ("phone", "laptop", "tablet"):
        s = SessionStore()
        s[SESSION_KEY] = "42"
        s["device"] = device
        s.save()
        keys.append(s.session_key)
    listed = user_sessions(42)
    assert sorted(r["data"]["device"] for r in listed) == ["laptop", "phone", "tablet"]
    assert all(k not in str(listed) for k in keys)
    assert logout_everywhere(42, keep_session_key=keys[0]) == 2
    assert [SessionStore().exists(k) for k in keys] == [True, False, False]


def test_clear_expired_runs():
    SessionStore.clear_expired()


def test_not_json_serialisable_is_refused():
    s = SessionStore()
    s["x"] = object()
    with pytest.raises(TypeError):
        s.save()


def test_through_django_request_cycle(tenant):
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.http import HttpResponse
    from django.test import RequestFactory
    from pgfirst.contrib.django.middleware import PgfirstMiddleware

    def view(request):
        request.session["n"] = request.session.get("n", 0) + 1
        return HttpResponse(str(request.session["n"]))

    app = PgfirstMiddleware(SessionMiddleware(view))
    r1 = app(RequestFactory().get("/", HTTP_X_TENANT=tenant))
    cookie = r1.cookies["sessionid"].value
    rf = RequestFactory()
    rf.cookies["sessionid"] = cookie
    r2 = app(rf.get("/", HTTP_X_TENANT=tenant))
    assert (r1.content, r2.content) == (b"1", b"2")
    rf2 = RequestFactory()
    rf2.cookies["sessionid"] = cookie
    r3 = app(rf2.get("/", HTTP_X_TENANT=tenant + "x"))  # another tenant: a new session
    assert r3.content == b"1"


def test_saving_an_unloaded_unknown_key_creates_a_new_session():
    s = SessionStore(session_key="b" * 32)  # e.g. an expired cookie; nothing read before save()
    s.save()
    assert s.session_key and s.session_key != "b" * 32 and s.exists(s.session_key)
