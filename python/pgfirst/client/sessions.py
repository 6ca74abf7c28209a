"""Sessions (sql/functions/session): hashed tokens, idle + absolute timeouts."""
from typing import Any, Dict, List, Optional

from .._db import one, rows, scalar

_SESSION = ["user_id", "tenant", "data", "created_at", "last_seen_at", "expires_at"]


def session_create(conn, user_id: str, *, data: Optional[dict] = None, tenant: Optional[str] = None,
                   idle_timeout=None, absolute_timeout=None, now=None) -> str:
    return scalar(conn, "session_create", [("user_id", user_id, "text"), ("data", data, "jsonb"), ("tenant", tenant, "text"),
                                           ("idle_timeout", idle_timeout, "interval"),
                                           ("absolute_timeout", absolute_timeout, "interval"), ("now", now, "timestamptz")])


def session_get(conn, token: str, *, now=None) -> Optional[Dict[str, Any]]:
    return one(conn, "session_get", [("token", token, "text"), ("now", now, "timestamptz")], _SESSION, ["data"])


def session_put(conn, token: str, user_id: str, data: dict, *, tenant: Optional[str] = None,
                idle_timeout=None, absolute_timeout=None, now=None) -> bool:
    return scalar(conn, "session_put", [("token", token, "text"), ("user_id", user_id, "text"), ("data", data, "jsonb"),
                                        ("tenant", tenant, "text"), ("idle_timeout", idle_timeout, "interval"),
                                        ("absolute_timeout", absolute_timeout, "interval"), ("now", now, "timestamptz")])


def session_set(conn, token: str, data: dict, *, now=None) -> bool:
    return scalar(conn, "session_set", [("token", token, "text"), ("data", data, "jsonb"), ("now", now, "timestamptz")])


def session_patch(conn, token: str, patch: dict, *, now=None) -> bool:
    return scalar(conn, "session_patch", [("token", token, "text"), ("patch", patch, "jsonb"), ("now", now, "timestamptz")])


def session_rotate(conn, token: str, *, now=None) -> Optional[str]:
    return scalar(conn, "session_rotate", [("token", token, "text"), ("now", now, "timestamptz")])


def session_destroy(conn, token: str) -> bool:
    return scalar(conn, "session_destroy", [("token", token, "text")])


def session_destroy_user(conn, user_id: str, *, tenant: Optional[str] = None, except_token: Optional[str] = None) -> int:
    """Log out everywhere: tenant None = every tenant."""
    return scalar(conn, "session_destroy_user", [("user_id", user_id, "text"), ("tenant", tenant, "text"),
                                                 ("except_token", except_token, "text")])


def session_list(conn, user_id: str, *, tenant: Optional[str] = None, now=None) -> List[Dict[str, Any]]:
    return rows(conn, "session_list", [("user_id", user_id, "text"), ("tenant", tenant, "text"), ("now", now, "timestamptz")],
                ["session_id", "created_at", "last_seen_at", "expires_at", "data"], ["data"])


def session_all(conn, *, tenant: Optional[str] = None, max_rows: Optional[int] = None, now=None) -> List[Dict[str, Any]]:
    return rows(conn, "session_all", [("tenant", tenant, "text"), ("max_rows", max_rows, "int"), ("now", now, "timestamptz")],
                ["session_id", "user_id", "data", "created_at", "last_seen_at", "expires_at"], ["data"])


def session_cleanup(conn, *, max_rows: Optional[int] = None, now=None) -> int:
    return scalar(conn, "session_cleanup", [("max_rows", max_rows, "int"), ("now", now, "timestamptz")])


def session_clear(conn, *, tenant: Optional[str] = None) -> int:
    return scalar(conn, "session_clear", [("tenant", tenant, "text")])


def session_count(conn, *, tenant: Optional[str] = None, now=None) -> List[Dict[str, Any]]:
    return rows(conn, "session_count", [("tenant", tenant, "text"), ("now", now, "timestamptz")],
                ["tenant", "live", "expired", "destroyed"])
