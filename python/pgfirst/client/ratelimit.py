"""Rate limits and login throttling (sql/functions/rate_limit)."""
from typing import Any, Dict, List, Optional

from .._db import one, rows, scalar

_HIT = ["allowed", "remaining", "retry_after", "reset_after"]


def rate_limit_hit(conn, key: str, max_hits: int, per, *, cost: Optional[int] = None,
                   tenant: Optional[str] = None, now=None) -> Dict[str, Any]:
    return one(conn, "rate_limit_hit", [("key", key, "text"), ("max_hits", max_hits, "int"), ("per", per, "interval"),
                                        ("cost", cost, "int"), ("tenant", tenant, "text"), ("now", now, "timestamptz")], _HIT)


def rate_limit_peek(conn, key: str, max_hits: int, per, *, tenant: Optional[str] = None, now=None) -> Dict[str, Any]:
    return one(conn, "rate_limit_peek", [("key", key, "text"), ("max_hits", max_hits, "int"), ("per", per, "interval"),
                                         ("tenant", tenant, "text"), ("now", now, "timestamptz")], _HIT)


def rate_limit_reset(conn, key: str, *, tenant: Optional[str] = None) -> bool:
    return scalar(conn, "rate_limit_reset", [("key", key, "text"), ("tenant", tenant, "text")])


def rate_limit_cleanup(conn, *, max_rows: Optional[int] = None, now=None) -> int:
    return scalar(conn, "rate_limit_cleanup", [("max_rows", max_rows, "int"), ("now", now, "timestamptz")])


def login_attempt(conn, username: str, *, ip: Optional[str] = None, tenant: Optional[str] = None, now=None) -> Dict[str, Any]:
    """Call BEFORE checking the password: reserves the attempt (allowed, failures, locked_until, retry_after)."""
    return one(conn, "login_attempt", [("username", username, "text"), ("ip", ip, "inet"), ("tenant", tenant, "text"),
                                       ("now", now, "timestamptz")], ["allowed", "failures", "locked_until", "retry_after"])


def login_succeeded(conn, username: str, *, ip: Optional[str] = None, tenant: Optional[str] = None) -> None:
    scalar(conn, "login_succeeded", [("username", username, "text"), ("ip", ip, "inet"), ("tenant", tenant, "text")])


def login_unlock(conn, username: str, *, tenant: Optional[str] = None) -> bool:
    return scalar(conn, "login_unlock", [("username", username, "text"), ("tenant", tenant, "text")])


def login_lockouts(conn, *, tenant: Optional[str] = None, page_size: Optional[int] = None) -> List[Dict[str, Any]]:
    """Counters locked now; subject_hex (a keyed hash: usernames are not stored) goes to login_unlock_subject."""
    return rows(conn, "login_lockouts", [("tenant", tenant, "text"), ("page_size", page_size, "int")],
                ["tenant", "scope", "subject_hex", "subject_short", "user_subject_hex", "failures", "lockouts",
                 "locked_until", "updated_at"])


def login_unlock_subject(conn, tenant: str, scope: str, subject_hex: str) -> bool:
    return scalar(conn, "login_unlock_subject", [("tenant", tenant, "text"), ("scope", scope, "text"),
                                                 ("subject_hex", subject_hex, "text")])
