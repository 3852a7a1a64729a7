"""Reading roster spreadsheets by content, whatever the file says about itself.

Every format is recognised by its bytes, not its name: .xlsx/.xlsm, .xlsb, .xls, .ods, CSV
(UTF-8, UTF-8 with BOM, GB18030, UTF-16), and the tables government systems save as .xls —
an HTML page or SpreadsheetML 2003. What is not a sheet (a folder, an empty file, a Numbers
or Quattro Pro file, a zip, a Word file, a password) is refused with a Chinese message that
says what to do.

Memory is bounded by design: before calamine (a fast dense reader: it allocates rows x
columns) is given a sheet, the sheet's real extent is known from its cells (`sheet_xml`,
`sheet_binary`); above `DENSE_CELL_LIMIT` the sheet is streamed instead, keeping only the
roster's columns. All of it runs behind one guard (`guarded`): any failure of a parser —
a Rust panic in calamine is a BaseException — becomes the same refusal, the library's own
words going to the log (`SpreadsheetError.detail`), never to the person."""

from __future__ import annotations

import codecs
import csv
import gc
import traceback
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain import roster
from . import sheet_binary, sheet_markup, sheet_xml
from .sheet_common import (AGAIN, DAMAGED, DENSE_CELL_LIMIT, HEADER_SCAN_ROWS,
                           PASSWORD_HELP, Collector, SpreadsheetError, Stop, display_name, fail,
                           safe_text)

__all__ = ["DENSE_CELL_LIMIT", "PASSWORD_HELP", "RosterTable", "SpreadsheetError",
           "csv_encoding", "decode_text", "display_name", "read_roster", "sniff"]

# Above this much sheet XML (or shared strings) the dense reader is not used: one cell can
# hold a whole file of text, and calamine keeps every string twice over.
DENSE_XML_LIMIT = 80 * 1024 * 1024
CSV_FIELD_LIMIT = 131_072  # the csv module's default; no roster cell comes near it
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class RosterTable:
    """The roster part of one sheet: header row and data rows (merged cells filled down)."""

    file: str  # the path as text fit to show and to store (see display_name)
    sheet: str
    header_line: int  # 1-based row number of the header
    headers: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)  # (1-based line, cells)
    skipped_footers: int = 0
    sheets: list[str] = field(default_factory=list)
    streamed: bool = False  # read by the streaming path: only the roster's columns kept

    @property
    def looks_like_roster(self) -> bool:
        """姓名 plus evidence of residents (an ID column, or birth date/sex and an address)."""
        return roster.looks_like_roster(self.headers)

    def recognised(self) -> list[str]:
        return roster.recognised(self.headers)


def _file_message(path: Path, why: str, detail: str = "") -> SpreadsheetError:
    return fail(path, why, detail)


# -- what the file is ------------------------------------------------------------------------
NOT_A_SHEET = "请选择居民花名册的 .xlsx、.xls、.csv 文件；若花名册在别的程序里，" + AGAIN
NUMBERS = ("这是苹果 Numbers 表格，程序读不了。请在 Numbers 中点 文件 → 导出为 → Excel，"
           "把导出的 .xlsx 文件导入。")
LOTUS_EXT = {".wb1": "Quattro Pro", ".wb2": "Quattro Pro", ".wb3": "Quattro Pro",
             ".qpw": "Quattro Pro", ".wq1": "Quattro Pro", ".wq2": "Quattro Pro",
             ".wk1": "Lotus 1-2-3", ".wk3": "Lotus 1-2-3", ".wk4": "Lotus 1-2-3",
             ".123": "Lotus 1-2-3", ".wks": "Works/Lotus"}


# What a file is not, by its first bytes, tried in this order after the zip and OLE2
# containers: (signature, what to call it in the refusal).
NOT_SHEETS = ((b"%PDF", " PDF 文件"), (b"\x89PNG", "图片"), (b"\xff\xd8\xff", "图片"),
              (b"GIF8", "图片"), (b"{\\rtf", "RTF 文档"), (b"Rar!", "RAR 压缩包"),
              (b"7z\xbc\xaf", "7z 压缩包"), (b"\x1f\x8b", "gzip 压缩包"))


def sniff(path: Path) -> str:
    """xlsx, xlsb, ods, xls, html, spreadsheetml or csv from the content; raises a refusal
    naming what the file is when it is none of them."""
    head = _read_head(path)
    ext = path.suffix.lower()
    if head.startswith(b"PK"):
        return _sniff_zip(path)
    if head.startswith(OLE_MAGIC):
        return _sniff_ole(path, ext)
    _refuse_old_or_foreign(path, head, ext)
    text = _text_head(head)
    if text is not None:
        return _sniff_text(path, text)
    return "csv"


def _read_head(path: Path) -> bytes:
    """The first 8 KB of the file; a folder, a missing, unreadable or empty file refused."""
    try:
        if path.is_dir():
            if path.suffix.lower() == ".numbers":  # an older Numbers document is a folder
                raise fail(path, NUMBERS)
            raise fail(path, "这是一个文件夹，不是表格文件。请打开这个文件夹，选择其中的花名册文件"
                             "（.xlsx、.xls 或 .csv）。")
        with open(path, "rb") as f:
            head = f.read(8192)
    except FileNotFoundError:
        raise fail(path, "文件不存在，请检查路径，或重新选择文件。") from None
    except PermissionError as exc:
        raise fail(path, "没有读取这个文件的权限。请把它复制到“文档”或桌面等自己的文件夹后再导入。",
                   repr(exc)) from None
    except OSError as exc:
        raise fail(path, "文件打不开。请确认它没有被别的程序占用、没有被移动或删除（网盘里的文件请先"
                         "下载到本机），然后再试。", repr(exc)) from None
    if not head:
        raise fail(path, "文件是空的（0 字节），里面没有任何内容。请重新从原系统导出，或在 Excel/WPS 中"
                         "重新保存后再导入。")
    return head


def _refuse_old_or_foreign(path: Path, head: bytes, ext: str) -> None:
    """Refuse Excel 2.0–4.0, Lotus/Quattro Pro and the common files that are no sheet."""
    if head[:2] in (b"\x09\x00", b"\x09\x02", b"\x09\x04") and head[3:4] == b"\x00":
        raise fail(path, "这是 Excel 2.0–4.0 的老格式表格，程序读不了。" + AGAIN)
    if ext in LOTUS_EXT or head.startswith((b"\x00\x00\x02\x00", b"\x00\x00\x1a\x00")):
        what = LOTUS_EXT.get(ext, "Lotus 1-2-3 或 Quattro Pro")
        raise fail(path, f"这是 {what} 的表格文件，程序读不了这种老格式。" + AGAIN)
    for magic, what in NOT_SHEETS:
        if head.startswith(magic):
            raise fail(path, f"这是{what}，不是表格。" + NOT_A_SHEET)


def _sniff_text(path: Path, text: str) -> str:
    """spreadsheetml, html or csv for a file that reads as text; other XML refused."""
    low = text.lstrip("\ufeff \t\r\n").lower()
    if "urn:schemas-microsoft-com:office:spreadsheet" in low and (
            low.startswith("<?xml") or low.startswith("<workbook") or "<workbook" in low):
        return "spreadsheetml"
    if low.startswith(("<!doctype html", "<html", "<table", "<meta", "<head", "<body",
                       "<style", "<!--")) or (
            low.startswith("<") and ("<table" in low or "<html" in low)):
        return "html"
    if low.startswith("<?xml") and "opendocument" in low:
        raise fail(path, "这是 OpenDocument 单文件 XML 表格（.fods），程序读不了。请在 WPS 或 "
                         "LibreOffice 中打开它，另存为 .xlsx 或 .ods 后再导入。")
    if low.startswith("<?xml"):
        raise fail(path, "这是一个 XML 文件，但不是 Excel 表格。" + NOT_A_SHEET)
    return "csv"


def _text_head(head: bytes) -> str | None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    if head.startswith(b"\xef\xbb\xbf"):  # UTF-8 with a BOM (GB18030 would garble the BOM)
        return head[3:].decode("utf-8", errors="ignore")
    return head.decode("gb18030", errors="ignore") if b"\x00" not in head else None


def _sniff_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            mimetype = z.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise fail(path, DAMAGED, repr(exc)) from None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if b"opendocument.spreadsheet" in mimetype:
        return "ods"
    if any(n.startswith("Index/") and n.endswith(".iwa") for n in names) or "Index.zip" in names:
        raise fail(path, NUMBERS)
    if b"opendocument" in mimetype:
        raise fail(path, "这是 OpenDocument 文字或演示文稿，不是表格。" + NOT_A_SHEET)
    if "word/document.xml" in names:
        raise fail(path, "这是 Word 文档，不是表格。如花名册是 Word 里的表格，请把表格复制到 Excel/WPS 表格"
                         "中另存为 .xlsx 再导入。")
    if "ppt/presentation.xml" in names:
        raise fail(path, "这是 PowerPoint 演示文稿，不是表格。" + NOT_A_SHEET)
    if any(n.startswith("xl/") for n in names):
        raise fail(path, DAMAGED, f"zip without workbook: {sorted(names)[:20]}")
    raise fail(path, "这是一个 zip 压缩包，不是表格。请先解压，再选择其中的花名册文件（.xlsx、.xls 或 .csv）"
                     "导入。")


def _sniff_ole(path: Path, ext: str) -> str:
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(e) for e in ole.listdir()}
    except Exception as exc:  # noqa: BLE001 - olefile raises what it likes on junk
        raise fail(path, DAMAGED, repr(exc)) from None
    if "EncryptionInfo" in streams or "EncryptedPackage" in streams:
        raise fail(path, PASSWORD_HELP)
    if streams & {"Workbook", "Book", "WORKBOOK", "BOOK"}:
        return "xls"
    if "WordDocument" in streams:
        raise fail(path, "这是 Word 文档，不是表格。如花名册是 Word 里的表格，请把表格复制到 Excel/WPS 表格"
                         "中另存为 .xlsx 再导入。")
    if any(s.startswith(("PerfectOffice", "NativeContent")) for s in streams) or ext in LOTUS_EXT:
        raise fail(path, "这是 Quattro Pro 的表格文件，程序读不了这种格式。" + AGAIN)
    raise fail(path, "这不是程序能读的表格文件（Office 的其他文档或已损坏）。" + NOT_A_SHEET,
               f"OLE streams: {sorted(streams)[:20]}")


# -- reading -----------------------------------------------------------------------------------
def read_roster(path: Path | str, sheet: str | None = None,
                progress: Callable[[int, int, str], None] | None = None) -> RosterTable:
    """Find the roster sheet and its header row and read its data rows."""
    del progress
    path = Path(path)
    was = gc.isenabled()
    gc.disable()  # tens of thousands of row lists, no cycles: skip the collector's passes
    try:
        table: RosterTable = guarded(path, _read_roster, path, sheet)
        return table
    finally:
        if was:
            gc.enable()


def guarded(path: Path, fn: Callable[..., Any], *args: Any) -> Any:
    """The one guard around every third-party parse: whatever goes wrong inside — an
    exception of any library, a Rust panic (pyo3's PanicException is a BaseException), a
    file cut short — becomes the same refusal, the technical words kept for the log."""
    try:
        return fn(*args)
    except SpreadsheetError:
        raise
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except MemoryError:
        raise fail(path, "表格太大，超出了程序能处理的范围。请把花名册分成几个文件（每个不超过 10 万行）"
                         "后分别导入。", traceback.format_exc()) from None
    except BaseException:  # noqa: BLE001 - a panic in calamine is a BaseException
        raise fail(path, DAMAGED, traceback.format_exc()) from None


Loaded = tuple[list[list[Any]], list[Any], bool]  # rows, merged ranges, streamed?
Loader = Callable[[], Loaded]


def _read_roster(path: Path, sheet: str | None) -> RosterTable:
    kind = sniff(path)
    books: dict[str, Callable[[Path], Iterator[tuple[str, Loader]]]] = {
        "csv": _csv_sheets, "xlsx": _xlsx_sheets, "xlsb": _xlsb_sheets, "xls": _xls_sheets,
        "ods": _ods_sheets, "html": _html_sheets, "spreadsheetml": _sml_sheets}
    names: list[str] = []
    chosen: tuple[str, list[list[Any]], list[Any], int, bool] | None = None
    for name, loader in books[kind](path):
        names.append(name)
        if sheet is not None and name != sheet:
            continue
        rows, merged, streamed = loader()
        h = roster.find_header(rows, HEADER_SCAN_ROWS)
        if h is not None:
            chosen = (name, rows, merged, h, streamed)
            break
        if sheet is not None:
            raise fail(path, f"工作表“{safe_text(sheet)}”的前{HEADER_SCAN_ROWS}行里找不到花名册表头"
                             "（至少要有“姓名”和另一个常见列名，如身份证号、性别、楼号）。")
    if chosen is None:
        if sheet is not None:
            raise fail(path, f"没有名为“{safe_text(sheet)}”的工作表。文件中的工作表："
                             f"{'、'.join(names) or '（无）'}。")
        raise fail(path, "找不到花名册表头：各工作表前30行中都没有“姓名”等列名。"
                         "请确认这是居民花名册，或用“下载模板”整理后再导入。")
    name, rows, merged, h, streamed = chosen
    _fill_merged(rows, merged, h + 1)
    # only the header's columns count: notes or junk beside the table are not rows
    width = max(i for i, c in enumerate(rows[h]) if c not in (None, "")) + 1
    headers = [roster.clean(roster.strip_controls(c)) for c in rows[h][:width]]
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
    return RosterTable(safe_text(str(path)), safe_text(name), h + 1, headers, out, footers,
                       names, streamed)


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


def _streamed(fill: Callable[[Collector], list[Any] | None], project: bool = True) -> Loaded:
    coll = Collector(project=project)
    try:
        merged = fill(coll) or []
    except Stop:
        merged = []
    return coll.finish(), merged, True


# -- .xlsx / .xlsm / .xlsb: calamine when the real extent is small, else streamed ---------------
def _calamine(path: Path) -> Any:
    import python_calamine as pc

    try:
        with open(path, "rb") as f:
            return pc.CalamineWorkbook.from_filelike(f)
    except pc.PasswordError:
        raise fail(path, PASSWORD_HELP) from None


def _dense(path: Path, book: Any, name: str, position: int) -> Loaded:
    # the name as calamine spells it, else the sheet at the same place in the workbook
    names = book.sheet_names
    sh = (book.get_sheet_by_name(name) if name in names or position >= len(names)
          else book.get_sheet_by_index(position))
    rows = sh.to_python(skip_empty_area=False)
    merged = sh.merged_cell_ranges or []
    return rows, list(merged), False  # in memory already; blank rows are skipped later


def _visible(book: Any) -> set[str] | None:
    try:
        metas = book.sheets_metadata
    except Exception:  # noqa: BLE001 - older files without metadata
        return None
    return {m.name for m in metas if str(m.typ).endswith("WorkSheet")
            and not str(m.visible).endswith(("Hidden", "VeryHidden"))} or None


def _xlsx_sheets(path: Path) -> Iterator[tuple[str, Loader]]:
    z = zipfile.ZipFile(path)
    sheets = sheet_xml.workbook_sheets(z)
    book: Any = None
    try:
        strings = z.getinfo("xl/sharedStrings.xml").file_size
    except KeyError:
        strings = 0
    for position, (name, member) in enumerate(sheets):
        if "/worksheets/" not in "/" + member:
            continue  # chart and dialog sheets hold no rows

        def load(name: str = name, member: str = member, position: int = position) -> Loaded:
            nonlocal book
            try:
                size = z.getinfo(member).file_size
            except KeyError:
                raise fail(path, DAMAGED, f"sheet {member} missing") from None
            cells = None
            if size <= DENSE_XML_LIMIT and strings <= DENSE_XML_LIMIT:
                cells = sheet_xml.xlsx_extent(z, member, DENSE_CELL_LIMIT)
            if cells is None:
                return _streamed(lambda c: sheet_xml.stream_xlsx(path, z, member, c))
            if book is None:
                book = _calamine(path)
            return _dense(path, book, name, position)

        yield name, load


def _xlsb_sheets(path: Path) -> Iterator[tuple[str, Loader]]:
    z = zipfile.ZipFile(path)
    book: Any = None
    for position, (name, member) in enumerate(sheet_binary.xlsb_sheets(z)):
        if "/worksheets/" not in "/" + member:
            continue  # chart and dialog sheets hold no rows

        def load(name: str = name, member: str = member, position: int = position) -> Loaded:
            nonlocal book
            try:
                strings = z.getinfo("xl/sharedStrings.bin").file_size
            except KeyError:
                strings = 0
            if strings > DENSE_XML_LIMIT or \
                    sheet_binary.xlsb_extent(z, member, DENSE_CELL_LIMIT) > DENSE_CELL_LIMIT:
                return _streamed(lambda c: sheet_binary.xlsb_collect(z, member, c))
            if book is None:
                book = _calamine(path)
            return _dense(path, book, name, position)

        yield name, load


def _xls_sheets(path: Path) -> Iterator[tuple[str, Loader]]:
    xb = sheet_binary.XlsBook(sheet_binary.xls_stream(path))
    if xb.encrypted:
        raise fail(path, PASSWORD_HELP)
    # (name, BOF offset, place among all the workbook's sheets, as calamine counts them)
    sheets = [(n, off, i) for i, (n, off, worksheet) in enumerate(xb.sheets) if worksheet]
    # calamine reads every sheet of an .xls at once: all must be small for it to be used
    dense = all(sheet_binary.xls_extent(xb, off) <= DENSE_CELL_LIMIT for _n, off, _i in sheets)
    book: Any = None
    for name, off, position in sheets:
        def load(name: str = name, off: int = off, position: int = position) -> Loaded:
            nonlocal book
            if not dense:
                return _streamed(lambda c: sheet_binary.xls_collect(xb, off, c))
            if book is None:
                book = _calamine(path)
            return _dense(path, book, name, position)

        yield name, load


def _ods_sheets(path: Path) -> Iterator[tuple[str, Loader]]:
    z = zipfile.ZipFile(path)
    if sheet_xml.ods_encrypted(z):
        raise fail(path, PASSWORD_HELP)
    for name in sheet_xml.ods_sheets(path, z):
        def load(name: str = name) -> Loaded:
            return _streamed(lambda c: sheet_xml.stream_ods(path, z, name, c), project=False)

        yield name, load


def _html_sheets(path: Path) -> Iterator[tuple[str, Loader]]:
    with open(path, "rb") as f:
        head = f.read(8192)
    encoding = sheet_markup.html_charset(head) or csv_encoding(path)

    def load() -> Loaded:
        return _streamed(lambda c: sheet_markup.read_html(path, encoding, c),
                         project=_big(path))

    yield path.stem, load


def _sml_sheets(path: Path) -> Iterator[tuple[str, Loader]]:
    for name in sheet_markup.spreadsheetml_sheets(path):
        def load(name: str = name) -> Loaded:
            return _streamed(lambda c: sheet_markup.read_spreadsheetml(path, name, c),
                             project=_big(path))

        yield name, load


def _big(path: Path) -> bool:
    """Text tables: over 16 MB only the roster's columns are kept."""
    return path.stat().st_size > 16 * 1024 * 1024


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
        head = f.read(65536)
    if b"\x00" in head[:4096] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fail(path, "这不是表格文件（既不是 Excel 也不是 CSV 文本）。" + NOT_A_SHEET)
    encoding = csv_encoding(path)
    sample = decode_text(head[:8192])
    delimiter = max((",", "\t", ";"), key=sample.count)
    # a big file keeps only the roster's columns: 100,000 rows x 84 columns kept whole would
    # be half a gigabyte of Python strings
    lines = max(head.count(b"\n"), 1)
    per_row = max(len(line.split(delimiter)) for line in sample.splitlines()[:50] or [""])
    est_cells = path.stat().st_size * lines // max(len(head), 1) * per_row
    project = est_cells > DENSE_CELL_LIMIT

    def load() -> Loaded:
        coll = Collector(project=project)
        # streamed line by line: a file with one enormous line is refused without holding it
        with open(path, encoding=encoding, errors="replace", newline="") as f:
            reader = csv.reader(_bounded_lines(f), delimiter=delimiter)
            index = 0
            try:
                while True:
                    try:
                        row = next(reader)
                    except StopIteration:
                        break
                    except (csv.Error, _LineTooLong) as exc:
                        line = reader.line_num + (1 if isinstance(exc, _LineTooLong) else 0)
                        raise fail(path, f"第{line}行有一个超长或格式错乱的单元格（超过"
                                         f"{CSV_FIELD_LIMIT}个字符），不像居民花名册。"
                                         "请在 Excel/WPS 中打开检查后另存为 .xlsx 再导入。") from None
                    coll.add(index, row)
                    index += 1
            except Stop:
                pass
        return coll.finish(), [], project

    yield safe_text(path.stem), load


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
