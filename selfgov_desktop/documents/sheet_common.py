"""What every spreadsheet reader shares: the refusal and its messages, file names of any bytes,
and `Collector`, which takes a sheet's rows as they stream by and keeps only what a roster
needs (the header, found in the first rows, then only its columns)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from ..domain import roster
from ..domain.errors import UserError

HEADER_SCAN_ROWS = 30
EMPTY_RUN_STOP = 1000  # stop reading a sheet after this many empty rows in a row
MAX_ROWS = 1_048_576
MAX_COLS = 16_384
MAX_CELL_TEXT = 32_767  # Excel's own limit for one cell
# A sheet whose real extent (rows x columns, as a dense reader would allocate it) is above
# this is streamed instead: ~32 bytes a cell in calamine plus a pointer in Python's lists.
DENSE_CELL_LIMIT = 2_000_000

AGAIN = "请在 Excel 或 WPS 中打开它，另存为 .xlsx 后再导入。"
DAMAGED = ("文件已损坏或不完整，读不出表格内容。请重新从原系统导出或重新下载；也可以在 Excel 或 WPS 中"
           "打开它，另存为 .xlsx 后再导入。")
PASSWORD_HELP = ("文件设置了打开密码，程序无法读取。请在 Excel 中打开它，点 文件 → 信息 → 保护工作簿 → "
                 "用密码进行加密，清空密码后保存（WPS：文件 → 文档加密 → 密码加密，清空后保存），"
                 "再导入。")


class SpreadsheetError(UserError):
    """A file that cannot be read as a roster: `message` for the person, `detail` (library
    text, traceback) for the log only."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


def display_name(path: Path | str) -> str:
    """A file name fit to show and to store, whatever bytes it was made of: names left by
    unpacking a zip made on Chinese Windows are GBK bytes, which Python keeps as surrogates."""
    name = Path(path).name
    return safe_text(name)


def safe_text(text: str) -> str:
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        raw = os.fsencode(text) if os.name != "nt" else text.encode("utf-8", "surrogatepass")
        for enc in ("utf-8", "gb18030"):
            try:
                return raw.decode(enc)
            except UnicodeDecodeError:
                continue
        return raw.decode("utf-8", errors="replace")


def fail(path: Path, why: str, detail: str = "") -> SpreadsheetError:
    return SpreadsheetError(f"无法读取文件“{display_name(path)}”：{why}", detail)


class Stop(Exception):
    """A streaming reader has read enough."""


class Collector:
    """Rows of one sheet as they stream by, in bounded memory: a long run of empty rows ends
    the sheet; the header is looked for in the first rows (no header there: not a roster
    sheet, stop); after it only the header's columns are kept — or, with `project`, only the
    columns whose header names a roster field."""

    def __init__(self, project: bool = False) -> None:
        self.rows: list[list[Any]] = []
        self.project = project
        self.keep: list[int] | None = None  # original column of each kept column
        self.keep_set: frozenset[int] = frozenset()
        self.width: int | None = None
        self.empty = 0

    def add(self, index: int, cells: list[Any]) -> None:
        """Row `index` (0-based, increasing) with its cells; rows skipped are empty."""
        rows = self.rows
        gap = index - len(rows)
        if gap < 0:  # out of order: a row seen already (a hostile file); keep the first
            return
        if gap:
            if self.empty + gap >= EMPTY_RUN_STOP:
                raise Stop
            rows.extend([] for _ in range(gap))
            self.empty += gap
        if self.keep is not None:
            n = len(cells)
            cells = [cells[i] if i < n else None for i in self.keep]
        elif self.width is not None and len(cells) > self.width:
            cells = cells[: self.width]
        if roster.is_blank(cells):
            self.empty += 1
            if self.empty >= EMPTY_RUN_STOP:
                raise Stop
            rows.append([])
        else:
            self.empty = 0
            rows.append(cells)
        if self.width is None and self.keep is None and len(rows) >= HEADER_SCAN_ROWS:
            self._cut()
        if len(rows) >= MAX_ROWS:
            raise Stop

    def _cut(self) -> None:
        h = roster.find_header(self.rows, HEADER_SCAN_ROWS)
        if h is None:
            raise Stop  # not a roster sheet: no need to read on
        head = self.rows[h]
        if self.project:
            self.keep = sorted(roster.propose_mapping(head))
            self.keep_set = frozenset(self.keep)
            self.rows = [[r[i] if i < len(r) else None for i in self.keep] if r else []
                         for r in self.rows]
        else:
            self.width = max(i for i, c in enumerate(head) if c not in (None, "")) + 1

    def finish(self) -> list[list[Any]]:
        if self.width is None and self.keep is None and self.rows:
            # a sheet shorter than the header scan: cut it the same way (no header: the
            # caller says so)
            with contextlib.suppress(Stop):
                self._cut()
        rows = self.rows
        while rows and not rows[-1]:
            rows.pop()
        return rows

    def column(self, col: int) -> int | None:
        """Where an original column went (merged ranges are given in original columns)."""
        if self.keep is None:
            return col
        try:
            return self.keep.index(col)
        except ValueError:
            return None

    def wanted(self, col: int) -> bool:
        """Whether a cell in this original column is kept (cells past the header's width or
        not among the roster's columns are not even decoded)."""
        if self.keep is not None:
            return col in self.keep_set
        return self.width is None or col < self.width


def merges_for(collector: Collector, merged: list[Any]) -> list[Any]:
    out = []
    for (r1, c1), (r2, c2) in merged:
        a, b = collector.column(c1), collector.column(c2)
        if a is not None:
            out.append(((r1, a), (r2, b if b is not None else a)))
    return out
