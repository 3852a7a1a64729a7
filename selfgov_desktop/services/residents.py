"""Residents: queries for lists and search (read-only parts; edits live beside them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..domain.search import normalise_query
from ..store.db import Store

# Columns shown in lists, in order: (key, SQL expression, label).
LIST_COLUMNS: list[tuple[str, str, str]] = [
    ("name", "r.name", "姓名"),
    ("sex", "r.sex", "性别"),
    ("birth_date", "r.birth_date", "出生日期"),
    ("id_number", "r.id_number", "身份证号"),
    ("phone", "r.phone", "联系电话"),
    ("building", "r.building", "楼号"),
    ("room", "r.room", "室号"),
    ("group_name", "g.name", "楼组"),
    ("relation", "r.relation", "与户主关系"),
    ("political_status", "r.political_status", "政治面貌"),
    ("status", "r.status", "状态"),
]
_SORTABLE = {k: expr for k, expr, _ in LIST_COLUMNS}


@dataclass
class ResidentFilter:
    text: str = ""
    status: str | None = "在册"  # None = every status
    building_group_id: int | None = None
    household_id: int | None = None


def _where(f: ResidentFilter) -> tuple[str, list[Any]]:
    clauses, args = ["1 = 1"], []
    q = normalise_query(f.text)
    if q:
        clauses.append("r.search_text LIKE ?")
        args.append(f"%{q}%")
    if f.status:
        clauses.append("r.status = ?")
        args.append(f.status)
    if f.building_group_id is not None:
        clauses.append("r.building_group_id = ?")
        args.append(f.building_group_id)
    if f.household_id is not None:
        clauses.append("r.household_id = ?")
        args.append(f.household_id)
    return " AND ".join(clauses), args


def search_ids(store: Store, f: ResidentFilter, order_by: str = "building",
               descending: bool = False) -> list[int]:
    """Ids of the residents matching `f`, sorted in SQL (no proxy model)."""
    expr = _SORTABLE.get(order_by, "r.building")
    if order_by in ("building", "room"):
        expr = "CAST(r.building AS INTEGER), r.building, CAST(r.room AS INTEGER), r.room"
        if descending:
            expr = expr.replace(",", " DESC,") + " DESC"
    else:
        expr += " DESC" if descending else ""
    where, args = _where(f)
    sql = (f"SELECT r.id FROM residents r LEFT JOIN groups g ON g.id = r.building_group_id"
           f" WHERE {where} ORDER BY {expr}, r.id")
    return [row[0] for row in store.conn.execute(sql, args)]


def rows_by_ids(store: Store, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    cols = ", ".join(f"{expr} AS {key}" for key, expr, _ in LIST_COLUMNS)
    marks = ",".join("?" * len(ids))
    cur = store.conn.execute(
        f"SELECT r.id AS id, {cols} FROM residents r LEFT JOIN groups g"
        f" ON g.id = r.building_group_id WHERE r.id IN ({marks})", list(ids))
    names = [d[0] for d in cur.description]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cur}


def count(store: Store, status: str | None = "在册") -> int:
    if status:
        return int(store.conn.execute("SELECT count(*) FROM residents WHERE status = ?",
                                      [status]).fetchone()[0])
    return int(store.conn.execute("SELECT count(*) FROM residents").fetchone()[0])
