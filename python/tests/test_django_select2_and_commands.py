"""The Select2 view (status codes as the Node handler) and the management commands."""
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from pgfirst import client


@pytest.fixture(scope="module")
def fruit_dropdown():
    with connection.cursor() as c:
        c.execute("create table if not exists pytest_fruit (tenant text not null, id int, name text, primary key (tenant, id))")
        c.execute("truncate pytest_fruit")
        c.execute("insert into pytest_fruit select 'acme', g, 'Fruit ' || g from generate_series(1, 45) g")
        c.execute("insert into pytest_fruit values ('other', 1, 'Secret')")
        c.execute("""do $$ begin
            if exists (select from pg_catalog.pg_roles where rolname = 'pgfirst_dropdown') then
              grant usage on schema public to pgfirst_dropdown;
              grant select on public.pytest_fruit to pgfirst_dropdown;
            end if; end $$""")
    client.dropdown_define(connection, "pytest_fruit",
                           "select tenant, id::text as id, name as text from public.pytest_fruit", ["public.pytest_fruit"])
    yield "pytest_fruit"
    client.dropdown_drop(connection, "pytest_fruit")


def get(path, tenant="acme"):
    r = Client().get(path, HTTP_X_TENANT=tenant)
    return r.status_code, json.loads(r.content)


def test_search_pages_and_lookup(fruit_dropdown):
    status, body = get("/pgfirst/dropdowns/pytest_fruit?term=fruit")
    assert status == 200 and len(body["results"]) == 30 and body["pagination"]["more"] is True
    status, body2 = get("/pgfirst/dropdowns/pytest_fruit?term=fruit&page=2")
    assert status == 200 and len(body2["results"]) == 15 and body2["pagination"]["more"] is False
    status, nxt = get(f"/pgfirst/dropdowns/pytest_fruit?term=fruit&after={body['next']}")
    assert status == 200 and nxt["results"] == body2["results"]
    status, found = get("/pgfirst/dropdowns/pytest_fruit?ids=3,1,999")
    assert status == 200 and found == {"results": [{"id": "3", "text": "Fruit 3"}, {"id": "1", "text": "Fruit 1"}]}
    status, body = get("/pgfirst/dropdowns/pytest_fruit?term=secret")
    assert body["results"] == []  # another tenant's rows are invisible


@pytest.mark.parametrize("query,status,code", [
    ("?page=0", 400, "PF605"),
    ("?page=abc", 400, "PF605"),
    ("?after=not-a-cursor", 400, "PF606"),
])
def test_bad_input_is_400_with_the_pf_code(fruit_dropdown, query, status, code):
    got, body = get("/pgfirst/dropdowns/pytest_fruit" + query)
    assert (got, body.get("code")) == (status, code)


def test_unknown_dropdown_is_404_and_no_tenant_is_403(fruit_dropdown):
    from django.test import override_settings
    status, body = get("/pgfirst/dropdowns/nosuch")
    assert status == 404 and body["code"] == "PF601"
    with override_settings(PGFIRST_DROPDOWNS=["other"]):
        assert get("/pgfirst/dropdowns/pytest_fruit")[0] == 404
    with override_settings(PGFIRST_TENANT=lambda request: None):
        assert get("/pgfirst/dropdowns/pytest_fruit")[0] == 403
    assert Client().post("/pgfirst/dropdowns/pytest_fruit").status_code == 405


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_cache_command(tenant):
    assert "cache ok" in run("pgfirst_cache", "test")
    client.cache_set(connection, "pytest_cmd", "k", 1, tenant=tenant)
    assert "pytest_cmd" in run("pgfirst_cache", "stats")
    assert "removed" in run("pgfirst_cache", "cleanup") and "removed" in run("pgfirst_cache", "cleanup", "--select2")
    assert "removed 1 entry" in run("pgfirst_cache", "clear", "--namespace", "pytest_cmd", "--tenant", tenant)


def test_migrate_health_and_refresh_commands(fruit_dropdown):
    assert "applied 0 migration(s)" in run("pgfirst_migrate")
    assert "installed" in run("pgfirst_migrate", "--check")
    try:
        out = run("pgfirst_health")
    except SystemExit as e:  # warn/crit on a shared test server is fine; the output is what we check
        assert e.code in (1, 2)
        out = ""
    assert out == "" or "schema_version" in out
    assert "refreshed 1 dropdown(s)" in run("pgfirst_refresh_dropdowns", "pytest_fruit")
    assert "refreshed" in run("pgfirst_refresh_dropdowns")


def test_a_pf_error_does_not_abort_the_surrounding_transaction(fruit_dropdown):
    """Inside a transaction (ATOMIC_REQUESTS, TestCase) the 400 must not poison it."""
    from django.db import transaction
    with transaction.atomic():
        assert get("/pgfirst/dropdowns/pytest_fruit?page=0")[0] == 400
        with connection.cursor() as c:
            c.execute("select 1")
            assert c.fetchone() == (1,)


def test_grants_after_migrate():
    from django.test import override_settings
    from pgfirst.contrib.django.grants import apply_grants
    with connection.cursor() as c:
        c.execute("drop role if exists pytest_py_web; create role pytest_py_web login")
    try:
        with override_settings(PGFIRST_GRANTS={"pgfirst_app": ["pytest_py_web"]}):
            apply_grants(using="default")
        with connection.cursor() as c:
            c.execute("select pg_has_role('pytest_py_web', 'pgfirst_app', 'member'), "
                      "pg_has_role('pytest_py_web', 'pgfirst_admin', 'member')")
            assert c.fetchone() == (True, False)
        with override_settings(PGFIRST_GRANTS={"superuser": ["pytest_py_web"]}), pytest.raises(ValueError):
            apply_grants(using="default")
    finally:
        with connection.cursor() as c:
            c.execute("drop role pytest_py_web")
