"""pgfirst.migrate keeps graphile-migrate's bookkeeping: re-runs are no-ops, partial installs
are completed, foreign hashes stop with PF004."""
import psycopg
import pytest

from pgfirst import errors, migrate
from conftest import SERVER_URL, url_for, DB_NAME


@pytest.fixture
def empty_db():
    name = DB_NAME + "_mig"
    with psycopg.connect(SERVER_URL, autocommit=True) as a:
        a.execute(f'create database "{name}"')
    yield url_for(name)
    with psycopg.connect(SERVER_URL, autocommit=True) as a:
        a.execute(f'drop database "{name}" with (force)')


def test_apply_records_like_graphile_migrate(empty_db):
    ms = migrate.migrations()
    assert migrate.apply(empty_db) == [m.filename for m in ms]
    assert migrate.apply(empty_db) == []
    with psycopg.connect(empty_db) as c:
        rows = c.execute("select filename, hash, previous_hash from graphile_migrate.migrations order by filename").fetchall()
        assert rows == [(m.filename, m.hash, m.previous) for m in ms]
        assert rows[0][2] is None and rows[1][2] == rows[0][1]
        assert migrate.installed_version(c) == migrate.expected_version()


def test_partial_install_is_completed_and_foreign_hash_refused(empty_db):
    ms = migrate.migrations()
    with psycopg.connect(empty_db) as c:
        with c.transaction():
            c.execute("select set_config('search_path', 'pg_catalog', true)")
            migrate._bootstrap(c.cursor())
            c.execute(ms[0].body)
            c.execute("insert into graphile_migrate.migrations (hash, previous_hash, filename) values (%s, null, %s)",
                      [ms[0].hash, ms[0].filename])
    assert migrate.apply(empty_db) == [m.filename for m in ms[1:]]
    with psycopg.connect(empty_db) as c:
        c.execute("insert into graphile_migrate.migrations (hash, previous_hash, filename) values ('sha1:future', %s, '999999.sql')",
                  [ms[-1].hash])
    with pytest.raises(errors.BundleTooOldError):
        migrate.apply(empty_db)
