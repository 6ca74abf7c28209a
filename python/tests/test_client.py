"""pgfirst.client against a real database: argument passing, results, PF errors as classes."""
import datetime

import psycopg
import pytest

from pgfirst import client, errors


def test_cache_roundtrip_and_errors(conn, tenant):
    client.cache_set(conn, "t", "k", {"a": [1, 2]}, tenant=tenant, ttl=60)
    assert client.cache_get(conn, "t", "k", tenant=tenant) == {"a": [1, 2]}
    assert client.cache_get(conn, "t", "k") is None  # other tenant ('')
    assert client.cache_add(conn, "t", "k", 1, tenant=tenant) is False
    assert client.cache_incr(conn, "t", "n", delta=5, tenant=tenant) == 5
    assert client.cache_get_many(conn, "t", ["k", "n", "x"], tenant=tenant) == {"k": {"a": [1, 2]}, "n": 5}
    assert client.cache_set_many(conn, "t", {"a": "s", "b": None}, tenant=tenant) == 2
    assert client.cache_get(conn, "t", "a", tenant=tenant) == "s"  # a JSON string stays a str
    assert client.cache_delete_many(conn, "t", ["a", "b"], tenant=tenant) == 2
    with pytest.raises(errors.CacheKeyInvalidError) as e:
        client.cache_get(conn, "t", "", tenant=tenant)
    assert e.value.code == "PF102" and isinstance(e.value.__cause__, psycopg.Error)
    with pytest.raises(errors.CacheTtlInvalidError):
        client.cache_set(conn, "t", "k", 1, ttl=-1, tenant=tenant)
    assert client.cache_clear(conn, tenant=tenant) >= 2


def test_time_is_a_parameter(conn, tenant):
    t0 = datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc)
    client.cache_set(conn, "t", "ttl", 1, ttl=datetime.timedelta(seconds=10), tenant=tenant, now=t0)
    assert client.cache_get(conn, "t", "ttl", tenant=tenant, now=t0 + datetime.timedelta(seconds=9)) == 1
    assert client.cache_get(conn, "t", "ttl", tenant=tenant, now=t0 + datetime.timedelta(seconds=11)) is None


def test_sessions(conn, tenant):
    token = client.session_create(conn, "u1", data={"x": 1}, tenant=tenant)
    s = client.session_get(conn, token)
    assert s["user_id"] == "u1" and s["tenant"] == tenant and s["data"] == {"x": 1}
    assert [r["data"] for r in client.session_list(conn, "u1", tenant=tenant)] == [{"x": 1}]
    new = client.session_rotate(conn, token)
    assert client.session_get(conn, token) is None and client.session_get(conn, new)["data"] == {"x": 1}
    assert client.session_destroy_user(conn, "u1", tenant=tenant) == 1
    with pytest.raises(errors.SessionTokenTooShortError):
        client.session_put(conn, "short", "u", {}, tenant=tenant)


def test_login_and_rate_limit(conn, tenant):
    r = client.login_attempt(conn, "alice", ip="10.0.0.1", tenant=tenant)
    assert r["allowed"] is True and r["failures"] == 1
    client.login_succeeded(conn, "alice", ip="10.0.0.1", tenant=tenant)
    hit = client.rate_limit_hit(conn, "api", 2, 60, tenant=tenant)
    assert hit["allowed"] and hit["remaining"] == 1
    with pytest.raises(errors.LoginUsernameInvalidError):
        client.login_attempt(conn, "  ", tenant=tenant)


def test_jobs_roundtrip(conn, tenant):
    q = "q_" + tenant
    jid = client.job_enqueue(conn, "t.x", payload={"n": 1}, queue=q, priority=3, tenant=tenant)
    assert isinstance(jid, int)
    claimed = client.job_claim(conn, "w-test", queues=[q], max_jobs=5, lease=30)
    assert [(j["id"], j["payload"], j["attempt"]) for j in claimed] == [(jid, {"n": 1}, 1)]
    assert [h["id"] for h in client.job_heartbeat(conn, "w-test")] == [jid]
    assert client.job_complete(conn, [jid], "w-test", attempts=[1]) == 1
    assert client.job_get(conn, jid) is None  # completed jobs leave the queue (no archive configured)
    with pytest.raises(errors.JobTaskInvalidError):
        client.job_enqueue(conn, "")
    ids = client.job_enqueue_many(conn, [{"task": "a", "queue": q}, {"task": "b", "queue": q}])
    assert len(ids) == 2 and ids[0] < ids[1]


def test_schedules_and_core(conn):
    with pytest.raises(errors.CronInvalidError):
        client.schedule_set(conn, "bad", "t", cron="nope")
    client.schedule_set(conn, "pytest.every", "t.x", every=datetime.timedelta(minutes=5), queue="pytest_sched")
    assert any(s["name"] == "pytest.every" for s in client.schedules(conn))
    assert client.schedule_delete(conn, "pytest.every") is True
    assert client.version(conn) == __import__("pgfirst.migrate").migrate.expected_version()
    assert {h["check"] for h in client.health(conn)} >= {"schema_version", "roles"}
    assert isinstance(client.stats(conn), dict)
    with pytest.raises(errors.SettingUnknownError):
        client.setting_set(conn, "no.such", 1)


def test_joins_the_callers_transaction(db_url, tenant):
    with psycopg.connect(db_url) as c:
        with c.transaction(force_rollback=True):
            client.job_enqueue(c, "t.rolled_back", tenant=tenant, queue="q_" + tenant)
    with psycopg.connect(db_url, autocommit=True) as c:
        assert client.job_claim(c, "w", queues=["q_" + tenant]) == []


def test_dropdown_unknown(conn):
    with pytest.raises(errors.DropdownUnknownError):
        client.dropdown_search(conn, "nosuch", "")


def test_dashboard_functions(conn, tenant):
    with conn.cursor() as cur:
        cur.execute("select to_regprocedure('pgfirst.job_list(text,text,text,text,timestamptz,timestamptz,bigint,integer)')")
        if cur.fetchone()[0] is None:
            pytest.skip("the dashboard functions (issue 14) are not in a committed migration yet")
    q = "dash_" + tenant
    jid = client.job_enqueue(conn, "t.dash", payload={"n": 1}, queue=q, max_attempts=1, tenant=tenant)
    client.job_claim(conn, "w-dash", queues=[q])
    assert client.job_fail(conn, jid, "w-dash", "boom") == "dead"
    assert [(r["id"], r["state"]) for r in client.job_list(conn, queue=q)] == [(jid, "dead")]
    detail = client.job_detail(conn, jid)
    assert detail["payload"] == {"n": 1} and [e["error"] for e in detail["errors"]] == ["boom"]
    assert sum(r["dead"] for r in client.queue_throughput(conn, since=600, bucket=60, queue=q)) == 1
    assert client.job_retry_many(conn, queue=q) == 1
    assert client.job_cancel_many(conn, queue=q) == 1
    assert client.queue_pause(conn, q) is True and client.queue_resume(conn, q) is True
    assert "queues" in client.dashboard_overview(conn)
    assert client.audit_log(conn, page_size=1)[0]["action"] == "queue_resume"
    with pytest.raises(errors.JobPageSizeError):
        client.job_list(conn, page_size=0)
