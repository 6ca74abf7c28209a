"""Applies pgfirst's committed migrations from Python, with graphile-migrate's bookkeeping.

The same records as `graphile-migrate migrate`, `pgfirst migrate` and the SQL bundle
(`pgfirst bundle`, src/bundle.ts): table graphile_migrate.migrations (hash, previous_hash,
filename '000001.sql'), the same advisory lock, each migration guarded by its hash. So any
of these tools sees what the others applied. The SQL is package data (pgfirst/sql/, a symlink to
migrations/committed that setuptools resolves into the wheel).

    python -m pgfirst.migrate postgres://owner@db/app     # or: manage.py pgfirst_migrate
"""
import re
import sys
from dataclasses import dataclass
from importlib import resources
from typing import Any, List, Optional

from . import errors
from ._db import cursor, pf_errors

LOCK_KEY = 4727445306447283  # graphile-migrate's lock, also taken by the bundle
_HEADER = re.compile(r"^--! ([A-Z][a-zA-Z0-9_]*)(?::(.*))?$")


@dataclass(frozen=True)
class Migration:
    filename: str  # as graphile-migrate records it: "000001.sql"
    hash: str
    previous: Optional[str]
    body: str


def _parse(name: str, text: str) -> Migration:
    lines = text.split("\n")
    headers = {}
    i = 0
    while i < len(lines):
        m = _HEADER.match(lines[i])
        if not m:
            break
        headers[m.group(1)] = (m.group(2) or "").strip()
        i += 1
    if "Hash" not in headers:
        raise ValueError(f"{name}: no Hash header")
    if re.search(r"^--!\s*include", text, re.M):
        raise ValueError(f"{name}: unexpanded --!include")
    if re.search(r"^--!\s*no-transaction\b", text, re.M):
        raise ValueError(f"{name}: --! no-transaction migrations cannot be applied in one transaction")
    previous = headers.get("Previous")
    return Migration(filename=name[:6] + ".sql", hash=headers["Hash"],
                     previous=None if previous in (None, "", "-") else previous,
                     body="\n".join(lines[i:]).strip() + "\n")


def migrations() -> List[Migration]:
    """The committed migrations shipped with this package, in order."""
    files = sorted((f for f in resources.files("pgfirst").joinpath("sql").iterdir()
                    if re.match(r"^\d{6}.*\.sql$", f.name)), key=lambda f: f.name)
    return [_parse(f.name, f.read_text(encoding="utf-8")) for f in files]


def expected_version() -> str:
    return migrations()[-1].filename[:6]


def _bootstrap(cur) -> None:
    cur.execute("create schema if not exists graphile_migrate")
    cur.execute("""create table if not exists graphile_migrate.migrations (
      hash text primary key,
      previous_hash text references graphile_migrate.migrations,
      filename text not null,
      date timestamptz not null default now())""")
    cur.execute("""create table if not exists graphile_migrate.current (
      filename text primary key default 'current.sql',
      content text not null,
      date timestamptz not null default now())""")


def apply_in_transaction(conn: Any) -> List[str]:
    """Applies the missing migrations on `conn`, which must already be inside a transaction
    (a Django migration, `with conn.transaction()`); returns the filenames applied.
    Raises BundleTooOldError (PF004) when the database holds migrations this package lacks."""
    todo = migrations()
    known = [m.hash for m in todo]
    applied: List[str] = []
    with pf_errors(), cursor(conn) as cur:
        cur.execute("select pg_catalog.current_setting('search_path')")
        old_path = cur.fetchone()[0]
        cur.execute("select pg_catalog.pg_advisory_xact_lock(%s)", [LOCK_KEY])
        _bootstrap(cur)
        cur.execute("select hash from graphile_migrate.migrations")
        done = {r[0] for r in cur.fetchall()}
        unknown = done - set(known)
        if unknown:
            raise errors.BundleTooOldError(
                "this database has pgfirst migrations that this package does not contain",
                hint="The database is newer than the package: upgrade the pgfirst Python package.")
        # graphile-migrate runs migrations with search_path = pg_catalog (.gmrc pgSettings)
        cur.execute("select pg_catalog.set_config('search_path', 'pg_catalog', true)")
        for m in todo:
            if m.hash in done:
                continue
            cur.execute(m.body)
            cur.execute("insert into graphile_migrate.migrations (hash, previous_hash, filename) values (%s, %s, %s)",
                        [m.hash, m.previous, m.filename])
            applied.append(m.filename)
        cur.execute("select pg_catalog.set_config('search_path', %s, true)", [old_path])
    return applied


def apply(conninfo: str) -> List[str]:
    """Connects with psycopg 3, applies the missing migrations in one transaction and commits."""
    import psycopg
    with psycopg.connect(conninfo) as conn:
        with conn.transaction():
            return apply_in_transaction(conn)


def installed_version(conn: Any) -> Optional[str]:
    with cursor(conn) as cur:
        cur.execute("select to_regprocedure('pgfirst.version()') is not null")
        if not cur.fetchone()[0]:
            return None
        cur.execute("select pgfirst.version()")
        return cur.fetchone()[0]


def main(argv: List[str]) -> int:
    import os
    url = argv[0] if argv else os.environ.get("DATABASE_URL")
    if not url:
        print("usage: python -m pgfirst.migrate DATABASE_URL", file=sys.stderr)
        return 2
    done = apply(url)
    print(f"applied {len(done)} migration(s)" + (f": {', '.join(done)}" if done else "; schema " + expected_version() + " is current"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
