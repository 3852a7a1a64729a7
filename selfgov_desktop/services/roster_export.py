"""The roster leaving the store: every resident in full (the one way it does: asked for,
主任/委员 only, never into the data folder, audit-logged), and the rows an import left out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..domain import roster
from ..store.db import Store
from .base import Changed, Context
from .export_door import EXPORT_ROLES, export_file


def export_rows(store: Store) -> tuple[list[str], list[list[str]]]:
    """Every resident with the canonical columns; re-importing it changes nothing."""
    keys = roster.EXPORT_FIELDS
    headers = [roster.FIELD_LABELS[k] for k in keys]
    sql_cols = []
    for k in keys:
        if k == "group":
            sql_cols.append("coalesce(g.name, '')")
        elif k == "household_code":
            sql_cols.append("coalesce(h.code, '')")
        else:
            sql_cols.append(f"coalesce(r.{k}, '')")
    rows = store.conn.execute(
        f"SELECT {', '.join(sql_cols)} FROM residents r"
        " LEFT JOIN groups g ON g.id = r.building_group_id"
        " LEFT JOIN households h ON h.id = r.household_id"
        " ORDER BY CAST(r.building AS INTEGER), r.building, CAST(r.room AS INTEGER), r.room, r.id"
    ).fetchall()
    return headers, [list(r) for r in rows]


RosterWriter = Callable[[Path, list[str], list[list[Any]]], Path]


def export_roster(ctx: Context, path: str | Path, write: RosterWriter) -> Changed:
    """Every resident, in full, to a file (write(path, headers, rows), e.g.
    documents.roster_template.write_roster): 主任/委员 only, never into the data folder,
    audit-logged (also when it fails)."""
    from . import audit

    ctx.require(*EXPORT_ROLES)
    headers, rows = export_rows(ctx.store)
    out = export_file(ctx, "residents", None, "全体居民花名册", path,
                      lambda p: write(p, headers, rows))
    changed = audit.record_data_export(ctx, "resident", out, len(rows), "全体居民花名册")
    return Changed.of("audit_log", summary=f"已导出{len(rows)}位居民到 {out}", path=str(out),
                      count=len(rows)) | Changed(changed.entities)


def save_rejects(ctx: Context, path: str | Path, headers: list[str],
                 rows: list[tuple[int, Any, str, str]],
                 write: Callable[[Path, list[str], list[tuple[int, Any, str, str]]], Path]) -> Path:
    """The rows an import left out, with their reasons (write(path, headers, rows), e.g.
    documents.roster_template.write_rejects): the same door as the roster export."""
    from . import audit

    out = export_file(ctx, "import", None, "未导入的行", path, lambda p: write(p, headers, rows))
    audit.record_data_export(ctx, "import", out, len(rows), "未导入的行")
    return out
