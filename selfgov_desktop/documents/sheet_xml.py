"""The XML spreadsheets, read without trusting what they say about themselves: .xlsx/.xlsm
(the real extent of a sheet from its cells, before a dense reader is let near it; a streamed
reader for the rest) and OpenDocument .ods (streamed). expat only, no DTDs, text capped."""

from __future__ import annotations

import functools
import re
import zipfile
from pathlib import Path
from typing import Any

from .sheet_common import MAX_CELL_TEXT, MAX_COLS, MAX_ROWS, Collector, Stop, fail, merges_for

CHUNK = 1 << 20
SHARED_TEXT_LIMIT = 64_000_000  # characters of shared strings kept in all (~100 MB or less)
REPEAT_CAP = 1000  # an .ods row with data "repeated" more often than this is read this often


def xml_parser(path: Path, encoding: str | None = None) -> Any:
    from xml.parsers import expat

    p = expat.ParserCreate(encoding)
    p.buffer_text = True

    def no_dtd(*_a: Any) -> None:
        raise fail(path, "文件内含 DTD 实体声明，不是 Excel/WPS 写出的正常表格，为安全起见不予读取。"
                         "请在 Excel/WPS 中打开后另存为 .xlsx 再导入。")

    p.StartDoctypeDeclHandler = no_dtd
    p.EntityDeclHandler = no_dtd
    return p


def feed(parser: Any, stream: Any) -> bool:
    """Push a stream through expat; True when a handler stopped early."""
    try:
        while True:
            chunk = stream.read(CHUNK)
            if not chunk:
                break
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except Stop:
        return True
    return False


def xml_unescape(s: str) -> str:
    """An attribute's text as XML means it (&amp; &#x4E2D; … alike)."""
    import html

    return html.unescape(s) if "&" in s else s


def col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def col_index(ref: str) -> int:
    n = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            n = n * 26 + ord(ch) - 64
        else:
            break
    return n - 1


# -- .xlsx: which sheet is where ---------------------------------------------------------------
def workbook_sheets(z: zipfile.ZipFile, book: str = "xl/workbook.xml") -> list[tuple[str, str]]:
    """(sheet name, zip member) in the workbook's order (.xlsx, .xlsm and .xlsb alike)."""
    folder = book.rsplit("/", 1)[0] + "/"
    rels_name = folder + "_rels/" + book.rsplit("/", 1)[1] + ".rels"
    rels = z.read(rels_name)
    targets: dict[bytes, bytes] = {}
    for tag in re.findall(rb"<(?:\w+:)?Relationship\b[^>]*>", rels):
        rid = re.search(rb'\bId="([^"]+)"', tag)
        target = re.search(rb'\bTarget="([^"]+)"', tag)
        if rid and target:
            targets[rid.group(1)] = target.group(1)
    out = []
    for m in re.finditer(rb"<(?:\w+:)?sheet\b[^>]*>", z.read(book)):
        tag = m.group(0)
        nm = re.search(rb'\bname="([^"]*)"', tag)
        rid = re.search(rb'\br:id="([^"]*)"', tag) or re.search(rb':id="([^"]*)"', tag)
        if nm and rid and rid.group(1) in targets:
            out.append((xml_unescape(nm.group(1).decode("utf-8", "replace")),
                        member_path(folder, targets[rid.group(1)].decode("utf-8", "replace"))))
    return out


def member_path(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    for part in (folder + target).split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part and part != ".":
            parts.append(part)
    return "/".join(parts)


# -- .xlsx: the real extent --------------------------------------------------------------------
_PREFIX = re.compile(rb"<(\w+:)?worksheet\b")


def _greater_than(n: int) -> bytes:
    """A regex for the decimal numbers (no leading zeros) greater than n."""
    s = str(n)
    alts = [rb"[1-9]\d{%d,}" % len(s)]  # more digits
    for i, d in enumerate(s):
        if d == "9":
            continue
        head = s[:i].encode()
        rest = len(s) - i - 1
        alts.append(head + b"[%d-9]" % (int(d) + 1) + (rb"\d{%d}" % rest if rest else b""))
    return b"(?:" + b"|".join(alts) + b")"


def _letters_beyond(col: int) -> bytes:
    """A regex for the column letters (1-3) of columns after `col` (1-based)."""
    out = []
    for width, lo in ((1, 1), (2, 27), (3, 703)):
        if col < lo:
            out.append(b"[A-Z]{%d}" % width)
        elif col < lo + 26 ** width - 1:
            # columns of this width after col: enumerate by prefix
            letters = _letters(col)
            if len(letters) == width:
                for i, ch in enumerate(letters):
                    if ch != "Z":
                        out.append(letters[:i].encode() + b"[%s-Z]" % chr(ord(ch) + 1).encode()
                                   + (b"[A-Z]{%d}" % (width - i - 1) if width - i - 1 else b""))
    return b"(?:" + b"|".join(out) + b")" if out else b"(?!)"


def _letters(col: int) -> str:
    s = ""
    while col:
        col, r = divmod(col - 1, 26)
        s = chr(65 + r) + s
    return s


@functools.lru_cache(maxsize=64)
def _odd(tag: bytes, cols: int, rows_beyond: bytes) -> re.Pattern[bytes]:
    """A cell without a plain reference first, or one past `cols` or matching `rows_beyond`."""
    return re.compile(tag + rb'(?:>|\s(?!r=")|\sr="(?:' + _letters_beyond(cols)
                      + rb"|[A-Z]{1,3}" + rows_beyond + rb"))")


def xlsx_extent(z: zipfile.ZipFile, member: str, limit: int) -> int | None:
    """rows x columns that a dense reader would allocate for this sheet (cells with anything
    in them, wherever the file puts them), known from the cells themselves; None when it
    cannot be bounded (cells without a reference) or is over `limit` — stream that one.

    Nothing the file says about itself (<dimension>) is trusted, and the cost stays near a
    bare decompression: the first chunk's references are read (the table's width); after
    that each chunk gets one regex search for a cell outside (columns, rows so far + the
    last reference of the chunk) or without a plain reference — only a chunk where one turns
    up has all its references read."""
    with z.open(member) as f:
        head = f.read(CHUNK)
        pm = _PREFIX.search(head)
        tag = b"<" + (re.escape(pm.group(1)) if pm and pm.group(1) else b"") + b"c"
        last_ref = re.compile(tag + rb' r="([A-Z]{1,3})(\d{1,7})"')
        loose = re.compile(tag + rb"(?:>|\s(?![^>]*?\br=))")
        letters = re.compile(rb'\br="([A-Z]{1,3})\d')
        numbers = re.compile(rb'\br="[A-Z]{1,3}(\d{1,7})"')
        rows = cols = 0
        tail = b""
        chunk = head
        while chunk:
            data = tail + chunk
            cut = data.rfind(b"<")
            data, tail = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
            if len(tail) > 4096:  # one tag this long is no cell of ours
                tail = b""
            guess = rows
            if cols:
                i = data.rfind(tag + b' r="')
                m = last_ref.match(data, i) if i >= 0 else None
                guess = max(rows, int(m.group(2)) if m else 0)
                # the rows as far as their number of digits tells (one fixed pattern, the
                # cheaper search) while that bound is small enough; else exactly
                digits = len(str(guess))
                if (10 ** digits - 1) * cols <= limit:
                    guess = 10 ** digits - 1
                    beyond = rb"\d{%d}" % (digits + 1)
                else:
                    beyond = _greater_than(guess) + b'"'
                odd = _odd(tag, cols, beyond)
            if cols and not odd.search(data):
                rows = guess
            else:
                if loose.search(data):
                    return None
                found = letters.findall(data)
                if found:
                    cols = max(cols, max(map(col_number, set(found))))
                    rows = max(rows, max(map(int, set(numbers.findall(data)))))
            if rows * cols > limit:
                return None
            chunk = f.read(CHUNK)
    return rows * cols


# -- .xlsx: streamed ---------------------------------------------------------------------------
def shared_strings(path: Path, z: zipfile.ZipFile, member: str = "xl/sharedStrings.xml"
                   ) -> list[str]:
    try:
        info = z.getinfo(member)
    except KeyError:
        return []
    out: list[str] = []
    buf: list[str] = []
    size = [0]
    in_t: list[bool | None] = [False]
    p = xml_parser(path)

    def start(tag: str, _attrs: dict[str, str]) -> None:
        tag = tag.rsplit(":", 1)[-1]
        if tag == "si":
            buf.clear()
            size[0] = 0
        elif tag == "t":
            in_t[0] = True
        elif tag == "rPh":
            in_t[0] = None  # phonetic runs are not part of the text

    def end(tag: str) -> None:
        tag = tag.rsplit(":", 1)[-1]
        if tag == "si":
            out.append("".join(buf))
            if len(out) > 4 * MAX_ROWS:
                raise Stop
        elif (tag == "t" and in_t[0] is True) or tag == "rPh":
            in_t[0] = False

    total = [0]

    def text(data: str) -> None:
        # each string capped at a cell's limit, all of them at SHARED_TEXT_LIMIT characters:
        # past it strings stay empty (their places kept), the memory bounded
        if in_t[0] is True and size[0] < MAX_CELL_TEXT and total[0] < SHARED_TEXT_LIMIT:
            part = data[: MAX_CELL_TEXT - size[0]]
            buf.append(part)
            size[0] += len(data)
            total[0] += len(part)

    p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = start, end, text
    with z.open(info) as f:
        feed(p, f)
    return out


class _SheetRows:
    """expat handlers of the streamed .xlsx sheet (attributes, not a dict: the handlers run
    a few times per cell)."""

    def __init__(self, coll: Collector, shared: list[str]) -> None:
        self.coll, self.shared = coll, shared
        self.merged: list[Any] = []
        self.row: list[Any] | None = None
        self.r = -1
        self.col = self.next_col = 0
        self.t = ""
        self.in_v = self.skip = False
        self.buf: list[str] = []
        self.size = 0
        self.local: dict[str, str] = {}  # tag as written -> its local name

    def name(self, tag: str) -> str:
        local = self.local.get(tag)
        if local is None:
            local = self.local[tag] = tag.rsplit(":", 1)[-1]
        return local

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        tag = self.local.get(tag) or self.name(tag)
        if tag == "c":
            ref = attrs.get("r")
            col = col_index(ref) if ref else self.next_col
            self.col = col
            self.next_col = col + 1
            self.skip = self.row is None or col >= MAX_COLS or not self.coll.wanted(col)
            self.t = attrs.get("t", "n")
            self.buf = []
            self.size = 0
        elif tag == "v" or tag == "t":
            self.in_v = not self.skip
        elif tag == "row":
            r = attrs.get("r")
            self.r = int(r) - 1 if r and r.isdigit() and 0 < int(r) <= MAX_ROWS else self.r + 1
            self.row = []
            self.next_col = 0
            self.skip = False
        elif tag == "rPh":  # phonetic runs are not part of the text
            self.skip = True
        elif tag == "mergeCell":
            m = re.fullmatch(r"\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)", attrs.get("ref", ""))
            if m and len(self.merged) < 100_000:
                self.merged.append(((int(m[2]) - 1, col_index(m[1])),
                                    (int(m[4]) - 1, col_index(m[3]))))

    def end(self, tag: str) -> None:
        tag = self.local.get(tag) or self.name(tag)
        if tag == "v" or tag == "t":
            self.in_v = False
        elif tag == "c":
            if self.skip or self.row is None:
                return
            raw = "".join(self.buf)
            t = self.t
            value: Any
            if t == "s":
                try:
                    value = self.shared[int(raw)]
                except (ValueError, IndexError):
                    value = ""
            elif t == "inlineStr" or t == "str":
                value = raw
            elif t == "b":
                value = raw == "1"
            elif t == "e" or not raw:
                value = ""
            else:
                try:
                    value = float(raw)
                except ValueError:
                    value = raw
            row, col = self.row, self.col
            if col >= len(row):
                row.extend([""] * (col - len(row) + 1))
            row[col] = value
        elif tag == "row":
            if self.row is not None:
                cells, self.row = self.row, None
                self.coll.add(self.r, cells)
        elif tag == "rPh":
            self.skip = False

    def text(self, data: str) -> None:
        if self.in_v and self.size < MAX_CELL_TEXT:
            self.buf.append(data[: MAX_CELL_TEXT - self.size])
            self.size += len(data)


def stream_xlsx(path: Path, z: zipfile.ZipFile, member: str, coll: Collector) -> list[Any]:
    """Rows of one sheet into `coll`, streamed with expat; returns the merged ranges."""
    h = _SheetRows(coll, shared_strings(path, z))
    p = xml_parser(path)
    p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = h.start, h.end, h.text
    with z.open(member) as f:
        stopped = feed(p, f)
    merged = h.merged
    # mergeCell elements follow sheetData; when we stopped early, read them from the tail
    if stopped and not merged:
        merged = _tail_merges(z, member)
    return merges_for(coll, merged)


def _tail_merges(z: zipfile.ZipFile, member: str) -> list[Any]:
    """<mergeCell> refs from the last 1 MB of a sheet's XML (they come after the rows)."""
    tail = b""
    with z.open(member) as f:
        while True:  # a zip member can only be read forward; keep the last 1 MB
            chunk = f.read(4 << 20)
            if not chunk:
                break
            tail = (tail + chunk)[-(1 << 20):]
    out = []
    for m in re.finditer(rb'<(?:\w+:)?mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"', tail):
        out.append(((int(m[2]) - 1, col_number(m[1]) - 1), (int(m[4]) - 1, col_number(m[3]) - 1)))
    return out


# -- .ods --------------------------------------------------------------------------------------
def ods_encrypted(z: zipfile.ZipFile) -> bool:
    try:
        manifest = z.read("META-INF/manifest.xml")
    except KeyError:
        return False
    return b"encryption-data" in manifest


def ods_sheets(path: Path, z: zipfile.ZipFile) -> list[str]:
    """Sheet names of an .ods in order (a streamed pass that keeps nothing else)."""
    names: list[str] = []
    p = xml_parser(path)

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag.endswith(":table") or tag == "table":
            for k, v in attrs.items():
                if k.endswith("name"):
                    names.append(v)
                    break

    p.StartElementHandler = start
    with z.open("content.xml") as f:
        feed(p, f)
    return names


def _local(tag: str) -> str:
    return tag.rsplit(":", 1)[-1]


def _ods_attr(attrs: dict[str, str], name: str) -> str | None:
    for k, v in attrs.items():
        if _local(k) == name:
            return v
    return None


_ODS_CELLS = ("table-cell", "covered-table-cell")


class _OdsRows:
    """expat handlers of one streamed .ods sheet (attributes, not a dict: the handlers run
    a few times per cell)."""

    def __init__(self, sheet: str, coll: Collector) -> None:
        self.sheet, self.coll = sheet, coll
        self.merged: list[Any] = []
        self.inside = self.done = False  # in the sheet wanted; past it
        self.r = 0
        self.row: list[Any] | None = None
        self.rrep = 1  # number-rows-repeated of the row
        self.col = 0
        self.crep = 1  # number-columns-repeated of the cell
        self.cell: Any = None  # the cell's typed value (None: its text is the value)
        self.text_parts: list[str] = []
        self.size = 0
        self.p = 0  # <text:p> paragraphs of the cell so far
        self.skip = False

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        name = _local(tag)
        if name == "table":
            self.inside = _ods_attr(attrs, "name") == self.sheet and not self.done
            return
        if not self.inside:
            return
        if name == "table-row":
            self.row = []
            self.col = 0
            self.rrep = _count(_ods_attr(attrs, "number-rows-repeated"), MAX_ROWS)
        elif name in _ODS_CELLS and self.row is not None:
            self.crep = _count(_ods_attr(attrs, "number-columns-repeated"), MAX_COLS)
            col = self.col
            self.skip = col >= MAX_COLS or not self.coll.wanted(col)
            kind = _ods_attr(attrs, "value-type")
            value: Any = None
            if kind in ("float", "percentage", "currency"):
                v = _ods_attr(attrs, "value")
                try:
                    value = float(v) if v is not None else None
                except ValueError:
                    value = v
            elif kind == "date":
                value = (_ods_attr(attrs, "date-value") or "")[:10]
            elif kind == "boolean":
                value = _ods_attr(attrs, "boolean-value") == "true"
            self.cell = value
            self.text_parts = []
            self.size = 0
            self.p = 0
            rs = _ods_attr(attrs, "number-rows-spanned")
            cs = _ods_attr(attrs, "number-columns-spanned")
            if (rs or cs) and len(self.merged) < 100_000:
                self.merged.append(((self.r, col), (self.r + _count(rs, MAX_ROWS) - 1,
                                                    col + _count(cs, MAX_COLS) - 1)))
        elif name == "p" and self.row is not None:
            if self.p:
                self.text_parts.append("\n")
            self.p += 1
        elif name == "s" and self.row is not None:
            self.text_parts.append(" " * min(_count(_ods_attr(attrs, "c"), 100), 100))

    def end(self, tag: str) -> None:
        name = _local(tag)
        if name == "table" and self.inside:
            self.inside = False
            self.done = True
            raise Stop
        if not self.inside or self.row is None:
            return
        if name in _ODS_CELLS:
            value = self.cell
            if value is None:
                value = "".join(self.text_parts) if self.text_parts else None
            col, rep = self.col, self.crep
            if value not in (None, "") and not self.skip:
                row = self.row
                coll = self.coll
                for c in range(col, min(col + rep, MAX_COLS)):
                    if coll.wanted(c):
                        if c >= len(row):
                            row.extend([""] * (c - len(row) + 1))
                        row[c] = value
            self.col = col + rep
        elif name == "table-row":
            self._end_row(self.row)

    def _end_row(self, cells: list[Any]) -> None:
        self.row = None
        r, rep = self.r, self.rrep
        if any(c not in (None, "") for c in cells):
            # the same person a thousand times over is no roster: a hostile repeat count
            for i in range(min(rep, MAX_ROWS - r, REPEAT_CAP)):
                self.coll.add(r + i, list(cells) if i else cells)
        self.r = r + rep
        if self.r >= MAX_ROWS:
            raise Stop

    def text(self, data: str) -> None:
        if self.inside and self.row is not None and not self.skip and self.size < MAX_CELL_TEXT:
            self.text_parts.append(data[: MAX_CELL_TEXT - self.size])
            self.size += len(data)


def stream_ods(path: Path, z: zipfile.ZipFile, sheet: str, coll: Collector) -> list[Any]:
    """Rows of one .ods sheet into `coll`: repeated rows and cells expanded only where they
    hold something and only up to the sheet's limits; returns the merged ranges."""
    h = _OdsRows(sheet, coll)
    p = xml_parser(path)
    p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = h.start, h.end, h.text
    with z.open("content.xml") as f:
        feed(p, f)
    return merges_for(coll, h.merged)


def _count(value: str | None, cap: int) -> int:
    if not value or not value.isdigit():
        return 1
    return max(1, min(int(value), cap))
