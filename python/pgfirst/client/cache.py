"""Cache (sql/functions/cache): tenant-aware key/value with TTL. Values are JSON."""
from typing import Any, Dict, List, Optional, Sequence

from .._db import rows, scalar


def cache_get(conn, namespace: str, key: str, *, tenant: Optional[str] = None, now=None) -> Any:
    """The live value, or None when missing or expired (a stored JSON null is also None)."""
    return scalar(conn, "cache_get", [("namespace", namespace, "text"), ("key", key, "text"),
                                      ("tenant", tenant, "text"), ("now", now, "timestamptz")], cast="json")


def cache_get_many(conn, namespace: str, keys: Sequence[str], *, tenant: Optional[str] = None, now=None) -> Dict[str, Any]:
    found = rows(conn, "cache_get_many", [("namespace", namespace, "text"), ("keys", list(keys), "text[]"),
                                          ("tenant", tenant, "text"), ("now", now, "timestamptz")],
                 ["key", "value"], ["value"])
    return {r["key"]: r["value"] for r in found}


def cache_set(conn, namespace: str, key: str, value: Any, *, ttl=None, tenant: Optional[str] = None, now=None) -> None:
    scalar(conn, "cache_set", [("namespace", namespace, "text"), ("key", key, "text"), ("value", value, "jsonb"),
                               ("ttl", ttl, "interval"), ("tenant", tenant, "text"), ("now", now, "timestamptz")])


def cache_add(conn, namespace: str, key: str, value: Any, *, ttl=None, tenant: Optional[str] = None, now=None) -> bool:
    return scalar(conn, "cache_add", [("namespace", namespace, "text"), ("key", key, "text"), ("value", value, "jsonb"),
                                      ("ttl", ttl, "interval"), ("tenant", tenant, "text"), ("now", now, "timestamptz")])


def cache_set_many(conn, namespace: str, entries: Dict[str, Any], *, ttl=None, tenant: Optional[str] = None, now=None) -> int:
    return scalar(conn, "cache_set_many", [("namespace", namespace, "text"), ("entries", entries, "jsonb"),
                                           ("ttl", ttl, "interval"), ("tenant", tenant, "text"), ("now", now, "timestamptz")])


def cache_delete(conn, namespace: str, key: str, *, tenant: Optional[str] = None) -> bool:
    return scalar(conn, "cache_delete", [("namespace", namespace, "text"), ("key", key, "text"), ("tenant", tenant, "text")])


def cache_delete_many(conn, namespace: str, keys: Sequence[str], *, tenant: Optional[str] = None) -> int:
    return scalar(conn, "cache_delete_many", [("namespace", namespace, "text"), ("keys", list(keys), "text[]"),
                                              ("tenant", tenant, "text")])


def cache_incr(conn, namespace: str, key: str, *, delta: Optional[int] = None, ttl=None,
               tenant: Optional[str] = None, now=None) -> int:
    return scalar(conn, "cache_incr", [("namespace", namespace, "text"), ("key", key, "text"), ("delta", delta, "bigint"),
                                       ("ttl", ttl, "interval"), ("tenant", tenant, "text"), ("now", now, "timestamptz")])


def cache_touch(conn, namespace: str, key: str, ttl, *, tenant: Optional[str] = None, now=None) -> bool:
    # ttl None = the namespace default, else no expiry (sent as an explicit null).
    from .._db import pf_errors, cursor, to_sql_value
    sql = ("select pgfirst.cache_touch(namespace => %s::text, key => %s::text, ttl => %s::interval"
           + (", tenant => %s::text" if tenant is not None else "") + (", now => %s::timestamptz" if now is not None else "") + ")")
    params = [namespace, key, to_sql_value(ttl, "interval")] + ([tenant] if tenant is not None else []) + ([now] if now is not None else [])
    with pf_errors(), cursor(conn) as cur:
        cur.execute(sql, params)
        return cur.fetchone()[0]


def cache_clear(conn, *, namespace: Optional[str] = None, tenant: Optional[str] = None) -> int:
    """Removes a tenant's entries (all namespaces, or one); tenant None = across tenants (admin only)."""
    return scalar(conn, "cache_clear", [("namespace", namespace, "text"), ("tenant", tenant, "text")])


def cache_lease(conn, namespace: str, key: str, *, lease=None, tenant: Optional[str] = None, now=None) -> Dict[str, Any]:
    return rows(conn, "cache_lease", [("namespace", namespace, "text"), ("key", key, "text"), ("lease", lease, "interval"),
                                      ("tenant", tenant, "text"), ("now", now, "timestamptz")],
                ["value", "hit", "leased", "stale"], ["value"])[0]


def cache_configure(conn, namespace: str, *, default_ttl=None, max_entries: Optional[int] = None, stale_ttl=None) -> None:
    scalar(conn, "cache_configure", [("namespace", namespace, "text"), ("default_ttl", default_ttl, "interval"),
                                     ("max_entries", max_entries, "bigint"), ("stale_ttl", stale_ttl, "interval")])


def cache_cleanup(conn, *, max_rows: Optional[int] = None, now=None) -> int:
    return scalar(conn, "cache_cleanup", [("max_rows", max_rows, "int"), ("now", now, "timestamptz")])


def cleanup_select2_cache(conn) -> int:
    return scalar(conn, "cleanup_select2_cache")


def cache_stats(conn) -> List[Dict[str, Any]]:
    return rows(conn, "cache_stats", [], ["namespace", "tenant", "entries", "expired", "bytes", "hits", "misses"])
