"""Files leave the program: each export writes one audit row (personal data left as a file)
and changes no record. services/ may not import documents/: the caller (ui/, commands/)
passes the writer, e.g. export_minutes(ctx, 3, "a.pdf", documents.minutes.write)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...domain.documents import notice_label
from ...domain.model import StaffRole
from ..base import Changed, Context
from ..export_door import EXPORT_ROLES, export_file
from .common import person_name
from .ledgers import ledger_book
from .minutes import minutes_data
from .notices import notice_data

PdfWriter = Callable[[Any, str | Path], tuple[Path, int]]


def record_export(ctx: Context, entity: str, entity_id: int | None, summary: str) -> None:
    """Personal data left the program as a file: one audit row."""
    with ctx.tx() as tx:
        tx.audit("document.export", entity, entity_id, summary=summary)


def export_minutes(ctx: Context, session_id: int, path: str | Path, write: PdfWriter) -> Changed:
    m = minutes_data(ctx.store, session_id)
    out, pages = export_file(ctx, "sessions", session_id, "会议记录", path, lambda p: write(m, p))
    record_export(ctx, "sessions", session_id, f"导出会议记录 {out.name}")
    return Changed.of("audit_log", ids=[session_id], summary=f"已导出会议记录（{pages}页）：{out}",
                      path=str(out), pages=pages)


def export_notice(ctx: Context, notice_id: int, path: str | Path, write: PdfWriter) -> Changed:
    n = notice_data(ctx.store, notice_id)
    # a public notice is masked (for the notice board): every role may print it
    roles = tuple(StaffRole) if n.public else EXPORT_ROLES
    out, pages = export_file(ctx, "notices", notice_id, notice_label(n.kind), path,
                             lambda p: write(n, p), roles)
    record_export(ctx, "notices", notice_id, f"导出{notice_label(n.kind)} {out.name}")
    return Changed.of("audit_log", ids=[notice_id], summary=f"已导出{notice_label(n.kind)}：{out}",
                      path=str(out), pages=pages)


def export_ledger(ctx: Context, path: str | Path, write: Callable[..., Path],
                  year: int | None = None, today: dt.date | None = None,
                  progress: Callable[[int, int, str], None] | None = None,
                  **options: Any) -> Changed:
    """write(book, path, progress=...) -> Path, e.g. documents.ledgers.write."""
    ctx.require(*EXPORT_ROLES)
    book = ledger_book(ctx.store, year, today, person_name(ctx.store, ctx.actor))
    out = export_file(ctx, "ledgers", None, "台账", path,
                      lambda p: write(book, p, progress=progress, **options))
    record_export(ctx, "ledgers", None,
                  f"导出台账 {out.name}（{f'{year}年' if year else '全部年份'}，"
                  f"会议{len(book.sessions)}次）")
    return Changed.of("audit_log", summary=f"已导出台账：{out}", path=str(out),
                      sessions=len(book.sessions))
