"""Dropdowns (sql/functions/dropdown): materialized views answering Select2."""
from typing import Any, Dict, List, Optional, Sequence

from .._db import rows, scalar


def dropdown_search(conn, name: str, tenant: str, *, term: Optional[str] = None, page: Optional[int] = None,
                    page_size: Optional[int] = None, after: Optional[str] = None) -> Dict[str, Any]:
    """Select2's JSON: {"results": [...], "pagination": {"more": bool}, "as_of": ..., "next": cursor}."""
    return scalar(conn, "dropdown_search", [("name", name, "text"), ("tenant", tenant, "text"), ("term", term, "text"),
                                            ("page", page, "int"), ("page_size", page_size, "int"), ("after", after, "text")],
                  cast="json")


def dropdown_lookup(conn, name: str, tenant: str, ids: Sequence[str]) -> List[Dict[str, Any]]:
    return rows(conn, "dropdown_lookup", [("name", name, "text"), ("tenant", tenant, "text"), ("ids", list(ids), "text[]")],
                ["id", "text"])


def dropdown_define(conn, name: str, query: str, sources: Sequence[str], *, debounce=None, max_staleness=None,
                    view_schema: Optional[str] = None) -> None:
    scalar(conn, "dropdown_define", [("name", name, "text"), ("query", query, "text"), ("sources", list(sources), "regclass[]"),
                                     ("debounce", debounce, "interval"), ("max_staleness", max_staleness, "interval"),
                                     ("view_schema", view_schema, "text")])


def dropdown_drop(conn, name: str) -> bool:
    return scalar(conn, "dropdown_drop", [("name", name, "text")])


def dropdown_refresh(conn, name: str) -> None:
    scalar(conn, "dropdown_refresh", [("name", name, "text")])


def refresh_all_dropdown_mvs(conn) -> int:
    return scalar(conn, "refresh_all_dropdown_mvs")


def refresh_materialized_views(conn) -> int:
    return scalar(conn, "refresh_materialized_views")


def dropdown_refresh_now(conn, name: str) -> None:
    """dropdown_refresh as an audited admin action."""
    scalar(conn, "dropdown_refresh_now", [("name", name, "text")])
