"""Login throttling: the attempt is reserved before the password check, so 50 parallel wrong
guesses (50 threads, 50 connections) reach the password check exactly login.max_failures
times; refused logins get HTTP 429 with Retry-After; a correct login clears the failures."""
import threading

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.db import connection, connections
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from pgfirst import client
from pgfirst.contrib.django.conf import reset_current_tenant, set_current_tenant
from pgfirst.contrib.django.middleware import PgfirstMiddleware

checks = {"n": 0}
lock = threading.Lock()


class CountingBackend:
    """Stands in for the password check: counts how often it is reached."""

    def authenticate(self, request, username=None, password=None, **kw):
        with lock:
            checks["n"] += 1
        if password == "right":
            return get_user_model().objects.get(username=username)
        return None

    def get_user(self, user_id):
        return get_user_model().objects.filter(pk=user_id).first()


BACKENDS = ["pgfirst.contrib.django.auth.LoginThrottleBackend", "test_django_login.CountingBackend"]


@pytest.fixture
def user(tenant):
    u = get_user_model().objects.create_user(username="u_" + tenant, password="right")
    token = set_current_tenant(tenant)
    yield u
    reset_current_tenant(token)
    u.delete()


@override_settings(AUTHENTICATION_BACKENDS=BACKENDS)
def test_50_parallel_wrong_passwords_reach_the_check_exactly_max_failures_times(user):
    max_failures = client.setting_get(connection, "login.max_failures")
    checks["n"] = 0
    tenant = user.username[2:]
    barrier = threading.Barrier(50)
    results = []

    def attempt(i):
        token = set_current_tenant(tenant)
        try:
            request = RequestFactory().post("/login", REMOTE_ADDR=f"10.1.{i // 250}.{i % 250 + 1}")
            barrier.wait()
            results.append(authenticate(request, username=user.username, password="wrong"))
        finally:
            reset_current_tenant(token)
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [None] * 50
    assert checks["n"] == max_failures  # zero overshoot


@override_settings(AUTHENTICATION_BACKENDS=BACKENDS)
def test_locked_out_login_gets_429_with_retry_after_and_unlock_command(user):
    def login_view(request):
        u = authenticate(request, username=user.username, password=request.POST["password"])
        return HttpResponse("ok" if u else "bad", status=200 if u else 401)

    app = PgfirstMiddleware(login_view)
    statuses = [app(RequestFactory().post("/login", {"password": "wrong"}, HTTP_X_TENANT=user.username[2:])).status_code
                for _ in range(5)]
    assert statuses == [401] * 5
    r = app(RequestFactory().post("/login", {"password": "right"}, HTTP_X_TENANT=user.username[2:]))
    assert r.status_code == 429 and 0 < int(r["Retry-After"]) <= 15 * 60
    call_command("pgfirst_unlock", user.username, tenant=user.username[2:], verbosity=0)
    r = app(RequestFactory().post("/login", {"password": "right"}, HTTP_X_TENANT=user.username[2:]))
    assert r.status_code == 200


@override_settings(AUTHENTICATION_BACKENDS=BACKENDS)
def test_successful_login_clears_failures(user, tenant):
    from django.contrib.auth import login
    from django.contrib.sessions.backends.base import SessionBase
    from pgfirst.contrib.django.sessions import SessionStore

    for _ in range(4):
        assert authenticate(RequestFactory().post("/"), username=user.username, password="wrong") is None
    request = RequestFactory().post("/")
    request.session = SessionStore()
    u = authenticate(request, username=user.username, password="right")
    assert u is not None
    login(request, u)  # user_logged_in -> login_succeeded
    r = client.login_attempt(connection, user.username, tenant=tenant)
    assert r["allowed"] and r["failures"] == 1
