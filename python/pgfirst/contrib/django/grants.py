"""PGFIRST_GRANTS = {"pgfirst_app": ["django_web"], "pgfirst_worker": [...], "pgfirst_admin": [...]}:
granted after every `migrate` (idempotent), so a fresh database is usable by the app's roles."""
from django.db import connections

from . import conf

ROLES = ("pgfirst_app", "pgfirst_worker", "pgfirst_admin")


def apply_grants(sender=None, using=None, **kwargs):
    """post_migrate: applies pgfirst migrations newer than the installed schema (package
    upgrades; PGFIRST_AUTO_MIGRATE = False turns this off), then PGFIRST_GRANTS."""
    if (using or "default") != conf.database():
        return
    conn = connections[using or "default"]
    if conn.vendor != "postgresql":
        return
    if conf.get("PGFIRST_AUTO_MIGRATE", True):
        from django.db import transaction
        from pgfirst.migrate import apply_in_transaction, expected_version, installed_version
        if installed_version(conn) not in (None, expected_version()):
            with transaction.atomic(using=conn.alias):
                apply_in_transaction(conn)
    grants = conf.get("PGFIRST_GRANTS") or {}
    if not grants:
        return
    from psycopg import sql
    conn.ensure_connection()
    with conn.cursor() as cur:
        for role, members in grants.items():
            if role not in ROLES:
                raise ValueError(f"PGFIRST_GRANTS: {role!r} is not one of {ROLES}")
            for member in members:
                cur.execute(sql.SQL("grant {} to {}").format(sql.Identifier(role), sql.Identifier(member)).as_string(conn.connection))
