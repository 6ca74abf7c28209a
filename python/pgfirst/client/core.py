"""Core (sql/functions/core): version, settings, maintenance, health, stats."""
from typing import Any, Dict, List, Optional

from .._db import rows, scalar


def version(conn) -> Optional[str]:
    return scalar(conn, "version")


def setting_get(conn, name: str) -> Any:
    return scalar(conn, "setting_get", [("name", name, "text")], cast="json")


def setting_set(conn, name: str, value: Any) -> Any:
    """Overrides a setting (value None resets it to the default); returns the effective value."""
    from .._db import cursor, pf_errors
    import json
    with pf_errors(), cursor(conn) as cur:
        cur.execute("select (pgfirst.setting_set(name => %s::text, value => %s::jsonb))::text",
                    [name, None if value is None else json.dumps(value)])
        out = cur.fetchone()[0]
    return None if out is None else json.loads(out)


def maintenance(conn, *, now=None) -> Dict[str, Any]:
    return scalar(conn, "maintenance", [("now", now, "timestamptz")], cast="json")


def health(conn, *, now=None) -> List[Dict[str, Any]]:
    return rows(conn, "health", [("now", now, "timestamptz")], ["check", "status", "value", "detail"])


def stats(conn) -> Dict[str, Any]:
    return scalar(conn, "stats", cast="json")


def dashboard_overview(conn) -> Dict[str, Any]:
    """The dashboard header in one round trip (docs/dashboard.md)."""
    return scalar(conn, "dashboard_overview", [], cast="json")


def audit_log(conn, *, before_id: Optional[int] = None, page_size: Optional[int] = None) -> List[Dict[str, Any]]:
    return rows(conn, "audit_log", [("before_id", before_id, "bigint"), ("page_size", page_size, "int")],
                ["id", "at", "session_role", "role", "action", "target", "detail"], ["detail"])
