"""Tables that government systems export as text and name .xls: an HTML page with a <table>,
and SpreadsheetML 2003 (`<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">`).
Both read with the standard library, streamed in chunks into a `Collector`."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from .sheet_common import MAX_CELL_TEXT, MAX_COLS, MAX_ROWS, Collector, Stop, merges_for
from .sheet_xml import feed, xml_parser

CHUNK = 1 << 20


class _Tables(HTMLParser):
    """Rows of the HTML tables, in order, as one sheet (rowspan/colspan become merges)."""

    def __init__(self, coll: Collector) -> None:
        super().__init__(convert_charrefs=True)
        self.coll = coll
        self.r = 0
        self.row: list[Any] | None = None
        self.cell: list[str] | None = None
        self.size = 0
        self.col = 0
        self.span = 1
        self.merged: list[Any] = []
        self.taken: dict[int, set[int]] = {}  # rows below: columns held by a rowspan

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self._end_row()
            self.row = []
            self.col = 0
        elif tag in ("td", "th"):
            if self.row is None:
                self.row = []
                self.col = 0
            self._end_cell()
            held = self.taken.get(self.r, set())
            while self.col in held:
                self.col += 1
            a = dict(attrs)
            rs, cs = _span(a.get("rowspan")), _span(a.get("colspan"))
            if (rs > 1 or cs > 1) and len(self.merged) < 100_000:
                self.merged.append(((self.r, self.col), (self.r + rs - 1, self.col + cs - 1)))
                for rr in range(self.r + 1, self.r + min(rs, 1000)):
                    self.taken.setdefault(rr, set()).update(range(self.col, self.col + cs))
            self.span = cs
            self.cell = []
            self.size = 0
        elif tag == "br" and self.cell is not None:
            self.cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._end_cell()
        elif tag in ("tr", "table"):
            self._end_row()

    def handle_data(self, data: str) -> None:
        if self.cell is not None and self.size < MAX_CELL_TEXT:
            self.cell.append(data[: MAX_CELL_TEXT - self.size])
            self.size += len(data)

    def _end_cell(self) -> None:
        if self.cell is None or self.row is None:
            return
        text = " ".join("".join(self.cell).split()) if self.cell else ""
        col = self.col
        if col < MAX_COLS and self.coll.wanted(col):
            if col >= len(self.row):
                self.row.extend([""] * (col - len(self.row) + 1))
            self.row[col] = text
        self.col += self.span
        self.cell = None

    def _end_row(self) -> None:
        self._end_cell()
        if self.row is None:
            return
        row, self.row = self.row, None
        self.taken.pop(self.r, None)
        self.coll.add(self.r, row)
        self.r += 1
        if self.r >= MAX_ROWS:
            raise Stop


def _span(v: str | None) -> int:
    return max(1, min(int(v), MAX_COLS)) if v and v.strip().isdigit() else 1


def read_html(path: Path, encoding: str, coll: Collector) -> list[Any]:
    p = _Tables(coll)
    try:
        with open(path, encoding=encoding, errors="replace") as f:
            while chunk := f.read(CHUNK):
                p.feed(chunk)
        p.close()
        p._end_row()
    except Stop:
        pass
    return merges_for(coll, p.merged)


def html_charset(head: bytes) -> str | None:
    import re

    m = re.search(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", head[:8192], re.I)
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    if name in ("gb2312", "gbk", "gb18030", "x-gbk", "cp936"):
        return "gb18030"
    import codecs

    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


# -- SpreadsheetML 2003 --------------------------------------------------------------------------
def spreadsheetml_sheets(path: Path) -> list[str]:
    names: list[str] = []
    p = _parser(path)

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag.rsplit(" ", 1)[-1].rsplit(":", 1)[-1] == "Worksheet":
            names.append(_attr(attrs, "Name") or f"Sheet{len(names) + 1}")

    p.StartElementHandler = start
    _feed_xml(path, p)
    return names


def _parser(path: Path) -> Any:
    return xml_parser(path, "utf-8" if _declared(path) else None)


def _declared(path: Path) -> str | None:
    """The declared encoding when expat cannot read it itself (GB2312, GBK: multi-byte)."""
    import re

    with open(path, "rb") as f:
        head = f.read(200)
    m = re.match(rb"""\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_\-]+)""", head)
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    if name.replace("-", "").replace("_", "") in ("utf8", "utf16", "usascii", "ascii",
                                                  "iso88591", "latin1"):
        return None
    return "gb18030" if name in ("gb2312", "gbk", "gb18030", "cp936", "x-gbk") else name


def _feed_xml(path: Path, p: Any) -> None:
    declared = _declared(path)
    if declared is None:
        with open(path, "rb") as f:
            feed(p, f)
        return
    import io

    class _Utf8:  # the text read in its declared encoding, handed on as UTF-8
        def __init__(self, text: io.TextIOBase) -> None:
            self.text = text

        def read(self, n: int) -> bytes:
            return self.text.read(n // 2).encode("utf-8")

    with open(path, encoding=declared, errors="replace") as text:
        feed(p, _Utf8(text))


def _attr(attrs: dict[str, str], name: str) -> str | None:
    for k, v in attrs.items():
        if k.rsplit(" ", 1)[-1].rsplit(":", 1)[-1] == name:
            return v
    return None


def _local(tag: str) -> str:
    return tag.rsplit(" ", 1)[-1].rsplit(":", 1)[-1]


class _SmlRows:
    """expat handlers of one SpreadsheetML worksheet read into `coll` (attributes, not a
    dict: the handlers run a few times per cell)."""

    def __init__(self, sheet: str, coll: Collector) -> None:
        self.sheet, self.coll = sheet, coll
        self.merged: list[Any] = []
        self.index = -1  # of the <Worksheet> seen last
        self.inside = self.done = False  # in the sheet wanted; past it
        self.r = -1
        self.row: list[Any] | None = None
        self.c = -1
        self.next: int | None = None  # the column a <Cell> ends on (MergeAcross); None: c
        self.data: list[str] | None = None
        self.size = 0
        self.type = "String"

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        name = _local(tag)
        if name == "Worksheet":
            self.index += 1
            self.inside = not self.done and (_attr(attrs, "Name") or
                                             f"Sheet{self.index + 1}") == self.sheet
            return
        if not self.inside:
            return
        if name == "Row":
            self.r = _index(_attr(attrs, "Index"), self.r + 1, MAX_ROWS)
            self.row = []
            self.c = -1
        elif name == "Cell" and self.row is not None:
            self.c = _index(_attr(attrs, "Index"), self.c + 1, MAX_COLS)
            down, across = _attr(attrs, "MergeDown"), _attr(attrs, "MergeAcross")
            if (down or across) and len(self.merged) < 100_000:
                d = int(down) if down and down.isdigit() else 0
                a = int(across) if across and across.isdigit() else 0
                self.merged.append(((self.r, self.c), (self.r + d, self.c + a)))
                self.next = self.c + a
            else:
                self.next = self.c
        elif name == "Data" and self.row is not None:
            self.data = []
            self.size = 0
            self.type = _attr(attrs, "Type") or "String"

    def end(self, tag: str) -> None:
        name = _local(tag)
        if name == "Worksheet" and self.inside:
            self.inside = False
            self.done = True
            raise Stop
        if not self.inside:
            return
        if name == "Data" and self.data is not None and self.row is not None:
            text = "".join(self.data)
            self.data = None
            value: Any = text
            if self.type == "Number":
                try:
                    value = float(text)
                except ValueError:
                    value = text
            elif self.type == "DateTime":
                value = text[:10]
            elif self.type == "Boolean":
                value = text.strip() == "1"
            col = self.c
            if col < MAX_COLS and self.coll.wanted(col):
                row = self.row
                if col >= len(row):
                    row.extend([""] * (col - len(row) + 1))
                row[col] = value
        elif name == "Cell":
            if self.next is not None:
                self.c = self.next
        elif name == "Row" and self.row is not None:
            cells, self.row = self.row, None
            self.coll.add(self.r, cells)

    def text(self, data: str) -> None:
        if self.data is not None and self.size < MAX_CELL_TEXT:
            self.data.append(data[: MAX_CELL_TEXT - self.size])
            self.size += len(data)


def read_spreadsheetml(path: Path, sheet: str, coll: Collector) -> list[Any]:
    """Rows of one SpreadsheetML worksheet into `coll`, streamed with expat; returns the
    merged ranges."""
    h = _SmlRows(sheet, coll)
    p = _parser(path)
    p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = h.start, h.end, h.text
    _feed_xml(path, p)
    return merges_for(coll, h.merged)


def _index(value: str | None, default: int, cap: int) -> int:
    if value and value.isdigit() and 0 < int(value) <= cap:
        return int(value) - 1
    return min(default, cap)
