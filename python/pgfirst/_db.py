"""Calling pgfirst functions: named arguments, explicit casts, PF errors as classes.

`conn` may be a psycopg 3 connection or cursor, a psycopg 2 connection or cursor, or a
Django connection or cursor: anything with `.cursor()` or `.execute()`. The call joins
whatever transaction that connection is in.
"""
import contextlib
import datetime
import json
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from . import errors

Arg = Tuple[str, Any, str]  # (parameter name, value, SQL type)


def interval(value: Any) -> Any:
    """Seconds (int/float) or timedelta -> timedelta; strings pass through ('5 minutes')."""
    if value is None or isinstance(value, (datetime.timedelta, str)):
        return value
    if isinstance(value, bool):
        raise TypeError("an interval cannot be a bool")
    if isinstance(value, (int, float)):
        return datetime.timedelta(seconds=value)
    raise TypeError(f"cannot use {type(value).__name__} as an interval")


def to_sql_value(value: Any, sqltype: str) -> Any:
    if value is None:
        return None
    if sqltype == "jsonb":
        return json.dumps(value, separators=(",", ":"))
    if sqltype == "text[]::jsonb[]":  # one JSON document per element, None = SQL null
        return [None if v is None else json.dumps(v, separators=(",", ":")) for v in value]
    if sqltype == "interval":
        v = interval(value)
        return v if isinstance(v, str) else _interval_text(v)
    if sqltype == "inet":
        return str(value)
    return value


def _interval_text(td: datetime.timedelta) -> str:
    # One textual form for every driver (psycopg 2/3, client- or server-side binding).
    total_us = td.days * 86_400_000_000 + td.seconds * 1_000_000 + td.microseconds
    return f"{total_us} microseconds"


def sql_error(exc: BaseException) -> Optional[BaseException]:
    """The driver exception carrying a SQLSTATE (psycopg 3 `.sqlstate`, psycopg 2 `.pgcode`),
    looking through Django's wrapping (`__cause__`)."""
    seen = 0
    cur: Optional[BaseException] = exc
    while cur is not None and seen < 5:
        if getattr(cur, "sqlstate", None) or getattr(cur, "pgcode", None):
            return cur
        cur = cur.__cause__
        seen += 1
    return None


def translate(exc: BaseException) -> BaseException:
    """A PgfirstError subclass for a PF SQLSTATE, else the exception itself."""
    if isinstance(exc, errors.PgfirstError):
        return exc
    src = sql_error(exc)
    if src is None:
        return exc
    code = getattr(src, "sqlstate", None) or getattr(src, "pgcode", None)
    if not code or not code.startswith("PF"):
        return exc
    diag = getattr(src, "diag", None)
    message = getattr(diag, "message_primary", None) or str(src).strip().splitlines()[0]
    detail = getattr(diag, "message_detail", None)
    hint = getattr(diag, "message_hint", None)
    cls = errors.ERRORS.get(code)
    if cls is None:
        new: errors.PgfirstError = errors.UnknownPgfirstError(message, code=code, detail=detail, hint=hint)
    else:
        new = cls(message, detail=detail, hint=hint)
    new.__cause__ = exc
    return new


@contextlib.contextmanager
def pf_errors():
    """Re-raises PF SQLSTATEs as their classes (`except CacheKeyInvalidError`)."""
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - re-raised, never swallowed
        new = translate(exc)
        if new is exc:
            raise
        raise new from exc


@contextlib.contextmanager
def cursor(conn: Any):
    if hasattr(conn, "execute") and hasattr(conn, "fetchone"):
        yield conn  # already a cursor
    else:
        cur = conn.cursor()
        try:
            yield cur
        finally:
            cur.close()


def _sql(function: str, args: Sequence[Arg], columns: Optional[str]) -> Tuple[str, List[Any]]:
    parts, params = [], []
    for name, value, sqltype in args:
        if value is None:
            continue  # omitted: the SQL default applies
        parts.append(f"{name} => %s::{sqltype}")
        params.append(to_sql_value(value, sqltype))
    call = f"pgfirst.{function}({', '.join(parts)})"
    if columns is None:
        return f"select {call}", params
    return f"select {columns} from {call}", params


def scalar(conn: Any, function: str, args: Sequence[Arg] = (), *, cast: Optional[str] = None) -> Any:
    """One value: `select pgfirst.fn(...)` (jsonb results are cast to text and parsed)."""
    sql, params = _sql(function, args, None)
    if cast == "json":
        sql = sql.replace("select ", "select (", 1) + ")::text"
    with pf_errors(), cursor(conn) as cur:
        cur.execute(sql, params)
        row = cur.fetchone()
    value = row[0] if row else None
    if cast == "json" and value is not None:
        return json.loads(value)
    return value


def rows(conn: Any, function: str, args: Sequence[Arg], columns: Iterable[str],
         json_columns: Iterable[str] = ()) -> List[Dict[str, Any]]:
    """Every row of a set-returning function as dicts (snake_case, as the SQL names them)."""
    cols = list(columns)
    jcols = set(json_columns)
    select = ", ".join(f'"{c}"::text' if c in jcols else f'"{c}"' for c in cols)
    sql, params = _sql(function, args, select)
    with pf_errors(), cursor(conn) as cur:
        cur.execute(sql, params)
        fetched = cur.fetchall()
    out = []
    for r in fetched:
        d = dict(zip(cols, r))
        for c in jcols:
            if d[c] is not None:
                d[c] = json.loads(d[c])
        out.append(d)
    return out


def one(conn: Any, function: str, args: Sequence[Arg], columns: Iterable[str],
        json_columns: Iterable[str] = ()) -> Optional[Dict[str, Any]]:
    found = rows(conn, function, args, columns, json_columns)
    return found[0] if found else None
