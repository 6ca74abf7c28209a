"""Real PostgreSQL for every test: one throwaway database per pytest run (pgfirst installed by
the package's own applier), dropped at the end. Server: PGFIRST_TEST_URL, default the
machine's PostgreSQL on 127.0.0.1:5432 as postgres."""
import os
import secrets
import sys
import pathlib

import psycopg
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

SERVER_URL = os.environ.get("PGFIRST_TEST_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DB_NAME = f"pgfirst_pytest_{os.getpid()}_{secrets.token_hex(3)}"


def url_for(dbname: str) -> str:
    from psycopg.conninfo import conninfo_to_dict, make_conninfo
    params = conninfo_to_dict(SERVER_URL)
    params["dbname"] = dbname
    return make_conninfo(**params)


DB_URL = url_for(DB_NAME)
os.environ["PGFIRST_PYTEST_DB"] = DB_NAME
os.environ["PGFIRST_PYTEST_URL"] = DB_URL


def pytest_sessionstart(session):
    # pgfirst reaches the database through Django's own migration (0001_install runs
    # pgfirst.migrate), as it does for `manage.py migrate` and `manage.py test`.
    with psycopg.connect(SERVER_URL, autocommit=True) as admin:
        # PGFIRST_TEST_TEMPLATE: start from a database that already holds a schema (e.g. the
        # committed migrations plus current.sql, applied by graphile-migrate watch --once)
        template = os.environ.get("PGFIRST_TEST_TEMPLATE")
        admin.execute(f'create database "{DB_NAME}"' + (f' template "{template}"' if template else ""))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "django_settings")
    import django
    from django.core.management import call_command
    django.setup()
    call_command("migrate", verbosity=0)


def pytest_sessionfinish(session, exitstatus):
    try:
        from django.db import connections
        connections.close_all()
    except Exception:
        pass
    with psycopg.connect(SERVER_URL, autocommit=True) as admin:
        admin.execute(f'drop database if exists "{DB_NAME}" with (force)')
        for (name,) in admin.execute("select datname from pg_database where datname like %s", [DB_NAME + "%"]).fetchall():
            admin.execute(f'drop database if exists "{name}" with (force)')


@pytest.fixture(scope="session")
def db_url():
    return DB_URL


@pytest.fixture
def conn(db_url):
    with psycopg.connect(db_url, autocommit=True) as c:
        yield c


@pytest.fixture
def tenant():
    """A tenant of its own per test, so tests never see each other's rows."""
    return "t_" + secrets.token_hex(6)
