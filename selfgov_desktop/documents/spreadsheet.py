"""Reading roster spreadsheets by content (.xlsx, .xls, .csv), with bounded memory.

python-calamine reads xlsx/xls fast but allocates a sheet's declared range densely, so the
sheet's `<dimension>` is read from the zip first: a sheet that declares a huge range (a stray
cell at row 1,048,576, formatting down the whole column) is streamed with openpyxl read-only
instead. CSV encodings are detected (UTF-8, UTF-8 with BOM, GB18030), never asked."""

from __future__ import annotations

import codecs
import csv
import gc
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain import roster
from ..domain.errors import UserError

HEADER_SCAN_ROWS = 30
EMPTY_RUN_STOP = 1000  # stop reading a sheet after this many empty rows in a row
# Above this many declared cells (or this much sheet XML) a sheet is streamed, not loaded.
DENSE_CELL_LIMIT = 3_000_000
DENSE_XML_LIMIT = 80 * 1024 * 1024

CSV_FIELD_LIMIT = 131_072  # the csv module's default; no roster cell comes near it
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class RosterTable:
    """The roster part of one sheet: header row and data rows (merged cells filled down)."""

    file: str
    sheet: str
    header_line: int  # 1-based row number of the header
    headers: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)  # (1-based line, cells)
    skipped_footers: int = 0
    sheets: list[str] = field(default_factory=list)


class SpreadsheetError(UserError):
    pass


def _fail(path: Path, why: str) -> SpreadsheetError:
    return SpreadsheetError(f"无法读取文件“{path.name}”：{why}")


def sniff(path: Path) -> str:
    """'xlsx', 'xls', 'encrypted' or 'csv' from the first bytes; raises for empty files."""
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except FileNotFoundError:
        raise _fail(path, "文件不存在，请检查路径。") from None
    except OSError as exc:
        raise _fail(path, f"文件打不开（{exc.strerror}）。") from None
    if not head:
        raise _fail(path, "文件是空的（0 字节）。请重新从原系统导出或重新保存后再导入。")
    if head.startswith(b"PK"):
        return "xlsx"
    if head.startswith(OLE_MAGIC):
        with open(path, "rb") as f:
            data = f.read(1 << 20)
        if "EncryptionInfo".encode("utf-16-le") in data or b"EncryptedPackage" in \
                data or "EncryptedPackage".encode("utf-16-le") in data:
            return "encrypted"
        return "xls"
    return "csv"


PASSWORD_HELP = ("文件设置了打开密码。请在 Excel 或 WPS 中打开它，"
                 "取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）并另存后再导入。")


def read_roster(path: Path | str, sheet: str | None = None,
                progress: Callable[[int, int, str], None] | None = None) -> RosterTable:
    """Find the roster sheet and its header row and read its data rows."""
    was = gc.isenabled()
    gc.disable()  # tens of thousands of row lists, no cycles: skip the collector's passes
    try:
        return _read_roster(Path(path), sheet)
    finally:
        if was:
            gc.enable()


def _read_roster(path: Path, sheet: str | None) -> RosterTable:
    kind = sniff(path)
    if kind == "encrypted":
        raise _fail(path, PASSWORD_HELP)
    grids = _csv_sheets(path) if kind == "csv" else _book_sheets(path, kind)
    names: list[str] = []
    chosen: tuple[str, list[list[Any]], list[Any], int] | None = None
    for name, loader in grids:
        names.append(name)
        if sheet is not None and name != sheet:
            continue
        rows, merged = loader()
        h = roster.find_header(rows, HEADER_SCAN_ROWS)
        if h is not None:
            chosen = (name, rows, merged, h)
            break
        if sheet is not None:
            raise _fail(path, f"工作表“{sheet}”的前{HEADER_SCAN_ROWS}行里找不到花名册表头"
                              "（至少要有“姓名”和另一个常见列名，如身份证号、性别、楼号）。")
    if chosen is None:
        if sheet is not None:
            raise _fail(path, f"没有名为“{sheet}”的工作表。文件中的工作表：{'、'.join(names)}。")
        raise _fail(path, "找不到花名册表头：各工作表前30行中都没有“姓名”等列名。"
                          "请确认这是居民花名册，或用“下载模板”整理后再导入。")
    name, rows, merged, h = chosen
    _fill_merged(rows, merged, h + 1)
    # only the header's columns count: notes or junk beside the table are not rows
    width = max(i for i, c in enumerate(rows[h]) if c not in (None, "")) + 1
    headers = [roster.clean(c) for c in rows[h][:width]]
    out: list[tuple[int, list[Any]]] = []
    footers = 0
    for i in range(h + 1, len(rows)):
        cells = rows[i]
        if len(cells) > width:
            cells = cells[:width]
        if roster.is_blank(cells):
            continue
        if roster.is_footer(cells):
            footers += 1
            continue
        out.append((i + 1, cells))
    return RosterTable(str(path), name, h + 1, headers, out, footers, names)


def _fill_merged(rows: list[list[Any]], merged: list[Any], first_data: int) -> None:
    """A value merged down a column applies to every row it covers."""
    for (r1, c1), (r2, _c2) in merged:
        if r2 < first_data or r2 == r1 or r1 >= len(rows):
            continue
        top = rows[r1]
        value = top[c1] if c1 < len(top) else None
        for r in range(max(r1 + 1, first_data), min(r2, len(rows) - 1) + 1):
            row = rows[r]
            if c1 < len(row) and row[c1] in (None, ""):
                row[c1] = value


# -- xlsx / xls --------------------------------------------------------------------------------
Loader = Callable[[], tuple[list[list[Any]], list[Any]]]


def _book_sheets(path: Path, kind: str) -> Iterator[tuple[str, Loader]]:
    import python_calamine as pc

    try:
        # by content, not by extension: a real .xlsx named .xls happens
        with open(path, "rb") as f:
            book = pc.CalamineWorkbook.from_filelike(f)
    except pc.PasswordError:
        raise _fail(path, PASSWORD_HELP) from None
    except (pc.ZipError, pc.XmlError, pc.CalamineError, ValueError, OSError) as exc:
        raise _fail(path, f"文件已损坏、不完整或不是 Excel 表格（{_short(exc)}）。"
                          "请重新下载或在 Excel/WPS 中打开后另存为 .xlsx 再导入。") from None
    sizes = _xlsx_sheet_sizes(path) if kind == "xlsx" else {}
    try:
        metas = book.sheets_metadata
    except Exception:  # noqa: BLE001 - older files without metadata
        metas = []
    visible = {m.name for m in metas if str(m.typ).endswith("WorkSheet")} if metas else None
    for name in book.sheet_names:
        if visible is not None and name not in visible:
            continue
        cells, xml_bytes = sizes.get(name, (0, 0))

        def load(name: str = name, cells: int = cells, xml_bytes: int = xml_bytes
                 ) -> tuple[list[list[Any]], list[Any]]:
            if cells > DENSE_CELL_LIMIT or xml_bytes > DENSE_XML_LIMIT:
                return _stream_xlsx(path, name)
            try:
                sh = book.get_sheet_by_name(name)
                rows = sh.to_python(skip_empty_area=False)
                merged = sh.merged_cell_ranges or []
            except pc.PasswordError:
                raise _fail(path, PASSWORD_HELP) from None
            except Exception as exc:  # noqa: BLE001 - calamine's errors vary by format
                raise _fail(path, f"工作表“{name}”无法读取（{_short(exc)}）。文件可能已损坏，"
                                  "请在 Excel/WPS 中打开后另存再导入。") from None
            return rows, list(merged)  # in memory already; blank rows are skipped later

        yield name, load


def _short(exc: BaseException) -> str:
    return str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__


_DIM = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?\"")


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _xlsx_sheet_sizes(path: Path) -> dict[str, tuple[int, int]]:
    """sheet name -> (declared cells from <dimension>, uncompressed XML bytes)."""
    out: dict[str, tuple[int, int]] = {}
    try:
        with zipfile.ZipFile(path) as z:
            wb = z.read("xl/workbook.xml")
            rels = z.read("xl/_rels/workbook.xml.rels")
            targets = dict(re.findall(rb'<Relationship[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"',
                                      rels))
            targets.update({k: v for v, k in re.findall(
                rb'<Relationship[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)})
            for m in re.finditer(rb"<(?:\w+:)?sheet\b[^>]*>", wb):
                tag = m.group(0)
                nm = re.search(rb'name="([^"]*)"', tag)
                rid = re.search(rb'r:id="([^"]*)"', tag) or re.search(rb'\bid="([^"]*)"', tag)
                if not nm or not rid or rid.group(1) not in targets:
                    continue
                target = targets[rid.group(1)].decode()
                member = target.lstrip("/") if target.startswith("/") else "xl/" + target
                try:
                    info = z.getinfo(member)
                except KeyError:
                    continue
                with z.open(info) as f:
                    head = f.read(4096)
                dim = _DIM.search(head)
                cells = 0
                if dim:
                    c1, r1 = _col_number(dim.group(1)), int(dim.group(2))
                    if dim.group(3):
                        c2, r2 = _col_number(dim.group(3)), int(dim.group(4))
                    else:
                        c2, r2 = c1, r1
                    cells = (r2 - 0) * max(c2, 1)  # calamine allocates from row 1 here
                name = _xml_unescape(nm.group(1).decode("utf-8"))
                out[name] = (cells, info.file_size)
    except (zipfile.BadZipFile, KeyError, OSError):
        return {}
    return out


def _xml_unescape(s: str) -> str:
    return (s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


MAX_CELL_TEXT = 32_767  # Excel's own limit for one cell
MAX_ROWS = 1_048_576


class _Stop(Exception):
    pass


def _col_index(ref: str) -> int:
    n = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            n = n * 26 + ord(ch) - 64
        else:
            break
    return n - 1


def _xml_parser(path: Path) -> Any:
    from xml.parsers import expat

    p = expat.ParserCreate()
    p.buffer_text = True

    def no_dtd(*_a: Any) -> None:
        raise _fail(path, "文件内含 DTD 实体声明，不是 Excel/WPS 写出的正常表格，为安全起见不予读取。"
                          "请在 Excel/WPS 中打开后另存为 .xlsx 再导入。")

    p.StartDoctypeDeclHandler = no_dtd
    p.EntityDeclHandler = no_dtd
    return p


def _feed(parser: Any, stream: Any) -> bool:
    """Push a stream through expat; True when a handler stopped early."""
    try:
        while True:
            chunk = stream.read(1 << 20)
            if not chunk:
                break
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Stop:
        return True
    return False


def _shared_strings(path: Path, z: zipfile.ZipFile) -> list[str]:
    try:
        info = z.getinfo("xl/sharedStrings.xml")
    except KeyError:
        return []
    out: list[str] = []
    buf: list[str] = []
    size = [0]
    in_t: list[bool | None] = [False]  # in a <t>; None inside a phonetic run
    p = _xml_parser(path)

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
                raise _Stop
        elif (tag == "t" and in_t[0] is True) or tag == "rPh":
            in_t[0] = False

    def text(data: str) -> None:
        if in_t[0] is True and size[0] < MAX_CELL_TEXT:
            buf.append(data[: MAX_CELL_TEXT - size[0]])
            size[0] += len(data)

    p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = start, end, text
    with z.open(info) as f:
        _feed(p, f)
    return out


def _stream_xlsx(path: Path, name: str) -> tuple[list[list[Any]], list[Any]]:
    """Rows and merged ranges of one sheet, streamed with expat in bounded memory: cell text
    capped at Excel's 32,767 characters, no DTDs, stop after a long run of empty rows and
    (once the header is known) count only the header's columns."""
    with zipfile.ZipFile(path) as z:
        member = _sheet_member(z, name)
        if member is None:
            raise _fail(path, f"工作表“{name}”在文件中找不到，文件可能已损坏。")
        shared = _shared_strings(path, z)
        reader = _SheetReader(shared)
        p = _xml_parser(path)
        p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = \
            reader.start, reader.end, reader.text
        with z.open(member) as f:
            stopped = _feed(p, f)
        merged = reader.merged
        # mergeCell elements follow sheetData; when we stopped early, read them from the tail
        if stopped and not merged:
            merged = _tail_merges(z, member)
    rows = reader.rows
    while rows and not rows[-1]:
        rows.pop()
    return rows, merged


class _SheetReader:
    """The expat handlers for one sheet's XML, gathering its rows and merged ranges."""

    def __init__(self, shared: list[str]) -> None:
        self.shared = shared
        self.rows: list[list[Any]] = []
        self.merged: list[Any] = []
        self.row: list[Any] | None = None  # the row being read
        self.col = 0  # the cell being read: its column, type, text and the text's length
        self.t = ""
        self.in_v = False
        self.buf: list[str] = []
        self.size = 0
        self.width: int | None = None  # the header's columns, once known
        self.empty = 0  # blank rows in a row
        self.next_col = 0

    def finish_row(self) -> None:
        cells = self.row or []
        self.row = None
        rows, width = self.rows, self.width
        part = cells if width is None else cells[:width]
        if roster.is_blank(part):
            self.empty += 1
            if self.empty >= EMPTY_RUN_STOP:
                raise _Stop
            rows.append([])
        else:
            self.empty = 0
            rows.append(part)
        if width is None and len(rows) >= HEADER_SCAN_ROWS:
            h = roster.find_header(rows, HEADER_SCAN_ROWS)
            if h is None:
                raise _Stop  # not a roster sheet: no need to read on
            self.width = max(i for i, c in enumerate(rows[h]) if c not in (None, "")) + 1
        if len(rows) >= MAX_ROWS:
            raise _Stop

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        tag = tag.rsplit(":", 1)[-1]
        if tag == "row":
            self._start_row(attrs.get("r"))
        elif tag == "c":
            ref = attrs.get("r")
            self.col = _col_index(ref) if ref else self.next_col
            self.next_col = self.col + 1
            self.t = attrs.get("t", "n")
            self.buf = []
            self.size = 0
        elif tag in ("v", "t") and self.row is not None:
            self.in_v = True
        elif tag == "mergeCell":
            m = re.fullmatch(r"([A-Z]+)(\d+):([A-Z]+)(\d+)", attrs.get("ref", ""))
            if m:
                self.merged.append(((int(m[2]) - 1, _col_index(m[1])),
                                    (int(m[4]) - 1, _col_index(m[3]))))

    def _start_row(self, r: str | None) -> None:
        if r and r.isdigit():
            gap = int(r) - 1 - len(self.rows)
            if gap >= EMPTY_RUN_STOP or self.empty + gap >= EMPTY_RUN_STOP:
                raise _Stop
            for _ in range(max(gap, 0)):
                self.rows.append([])
            self.empty += max(gap, 0)
        self.row = []
        self.next_col = 0

    def end(self, tag: str) -> None:
        tag = tag.rsplit(":", 1)[-1]
        if tag in ("v", "t"):
            self.in_v = False
        elif tag == "c" and self.row is not None:
            col = self.col
            if col > 16_384 or (self.width is not None and col >= self.width):
                return
            value = _cell_value(self.t, "".join(self.buf), self.shared)
            row = self.row
            if col >= len(row):
                row.extend([""] * (col - len(row) + 1))
            row[col] = value
        elif tag == "row" and self.row is not None:
            self.finish_row()

    def text(self, data: str) -> None:
        if self.in_v and self.size < MAX_CELL_TEXT:
            self.buf.append(data[: MAX_CELL_TEXT - self.size])
            self.size += len(data)


def _cell_value(t: str, raw: str, shared: list[str]) -> Any:
    """A cell's value from its type attribute and its text."""
    if t == "s":
        try:
            return shared[int(raw)]
        except (ValueError, IndexError):
            return ""
    if t in ("inlineStr", "str", "e"):
        return raw if t != "e" else ""
    if t == "b":
        return raw == "1"
    if raw:
        try:
            return float(raw)
        except ValueError:
            return raw
    return ""


def _tail_merges(z: zipfile.ZipFile, member: str) -> list[Any]:
    """<mergeCell> refs from the last 1 MB of a sheet's XML (they come after the rows)."""
    info = z.getinfo(member)
    tail = b""
    with z.open(info) as f:
        # a zip member can only be read forward; skip in chunks, keeping the last 1 MB
        while True:
            chunk = f.read(4 << 20)
            if not chunk:
                break
            tail = (tail + chunk)[-(1 << 20):]
    out = []
    for m in re.finditer(rb'<(?:\w+:)?mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"', tail):
        out.append(((int(m[2]) - 1, _col_number(m[1]) - 1), (int(m[4]) - 1, _col_number(m[3]) - 1)))
    return out


def _sheet_member(z: zipfile.ZipFile, name: str) -> str | None:
    wb = z.read("xl/workbook.xml")
    rels = z.read("xl/_rels/workbook.xml.rels")
    targets: dict[bytes, bytes] = {}
    for tag in re.findall(rb"<Relationship\b[^>]*>", rels):
        rid = re.search(rb'\bId="([^"]+)"', tag)
        target = re.search(rb'\bTarget="([^"]+)"', tag)
        if rid and target:
            targets[rid.group(1)] = target.group(1)
    for m in re.finditer(rb"<(?:\w+:)?sheet\b[^>]*>", wb):
        tag = m.group(0)
        nm = re.search(rb'name="([^"]*)"', tag)
        rid = re.search(rb'r:id="([^"]*)"', tag)
        if nm and rid and _xml_unescape(nm.group(1).decode("utf-8")) == name \
                and rid.group(1) in targets:
            member = targets[rid.group(1)].decode()
            return member.lstrip("/") if member.startswith("/") else "xl/" + member
    return None


# -- csv ---------------------------------------------------------------------------------------
def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK/GB2312)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def csv_encoding(path: Path) -> str:
    """UTF-8 with BOM / UTF-16 by their marks; else UTF-8 if the whole file decodes as UTF-8
    (checked in chunks, nothing kept), else GB18030."""
    with open(path, "rb") as f:
        head = f.read(4)
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    dec = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                dec.decode(chunk)
        dec.decode(b"", final=True)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def _csv_sheets(path: Path) -> Iterator[tuple[str, Loader]]:
    with open(path, "rb") as f:
        head = f.read(4096)
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(path,
                    "这不是表格文件（既不是 Excel 也不是 CSV 文本）。请选择花名册的 .xlsx、"
                    ".xls 或 .csv 文件。")
    encoding = csv_encoding(path)

    def load() -> tuple[list[list[Any]], list[Any]]:
        rows: list[list[Any]] = []
        empty = 0
        # streamed line by line: a file with one enormous line is refused without holding it
        with open(path, encoding=encoding, errors="replace", newline="") as f:
            sample = f.read(8192)
            delimiter = max((",", "\t", ";"), key=sample.count)
            f.seek(0)
            reader = csv.reader(_bounded_lines(f), delimiter=delimiter)
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except (csv.Error, _LineTooLong) as exc:
                    line = reader.line_num + (1 if isinstance(exc, _LineTooLong) else 0)
                    raise _fail(path, f"第{line}行有一个超长或格式错乱的单元格（超过"
                                      f"{CSV_FIELD_LIMIT:,}个字符），不像居民花名册。"
                                      "请在 Excel/WPS 中打开检查后另存为 .xlsx 再导入。") from None
                if not any(c.strip() for c in row):
                    empty += 1
                    if empty >= EMPTY_RUN_STOP:
                        break
                    rows.append([])
                    continue
                empty = 0
                rows.append(row)
        return rows, []

    yield path.stem, load


class _LineTooLong(Exception):
    pass


def _bounded_lines(f: Any) -> Iterator[str]:
    """Lines of a text file, refusing one longer than any roster cell could be."""
    while True:
        line = f.readline(CSV_FIELD_LIMIT * 4)
        if not line:
            return
        if len(line) >= CSV_FIELD_LIMIT * 4 and not line.endswith(("\n", "\r")):
            raise _LineTooLong
        yield line
