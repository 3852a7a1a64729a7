"""The audit log as an .xlsx workbook: plain rows in, one file out (written whole or not at all).
The rows come from services.audit.export_data; the caller (ui/) then logs the export with
services.audit.record_export."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from .atomic import write_atomic
from .cells import xlsx_text

HEADERS = ("时间", "操作人", "类别", "操作", "对象", "对象编号", "说明", "修改前", "修改后")
WIDTHS = (20, 14, 10, 22, 14, 10, 48, 40, 40)


def write_audit_xlsx(path: str | os.PathLike[str], title: str,
                     rows: Iterable[Sequence[str | float | None]], filter_text: str = "") -> Path:
    """rows: tuples in the order of HEADERS. Streams (write-only), so 100 000 rows are fine."""

    def write(tmp: Path) -> None:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("审计日志")
        for i, w in enumerate(WIDTHS):
            ws.column_dimensions[chr(ord("A") + i)].width = w
        ws.freeze_panes = "A4"
        head = WriteOnlyCell(ws, value=title)
        head.font = Font(bold=True, size=14)
        ws.append([head])
        ws.append([filter_text or "全部记录"])
        bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE6F0")
        cells = []
        for h in HEADERS:
            c = WriteOnlyCell(ws, value=h)
            c.font, c.fill = bold, fill
            cells.append(c)
        ws.append(cells)
        wrap = Alignment(wrap_text=True, vertical="top")
        for row in rows:
            out = []
            for value in row:
                c = WriteOnlyCell(ws, value=value)
                c.alignment = wrap
                xlsx_text(c)  # text that looks like a formula stays text
                out.append(c)
            ws.append(out)
        wb.save(tmp)

    return write_atomic(path, write)
