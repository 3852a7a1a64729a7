"""Reading roster spreadsheets by content (.xlsx, .xls, .csv), with bounded memory.

python-calamine reads xlsx/xls fast but allocates a sheet's declared range densely, so the
sheet's `<dimension>` is read from the zip first: a sheet that declares a huge range (a stray
cell at row 1,048,576, formatting down the whole column) is streamed with openpyxl read-only
instead. CSV encodings are detected (UTF-8, UTF-8 with BOM, GB18030), never asked."""

from __future__ import annotations

import csv
import gc
import io
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


PASSWORD_HELP = "文件设置了打开密码。请在 Excel 或 WPS 中打开它，取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）并另存后再导入。"


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
    if kind == "csv":
        grids = _csv_sheets(path)
    else:
        grids = _book_sheets(path, kind)
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
    headers = [roster.clean(c) for c in rows[h]]
    out: list[tuple[int, list[Any]]] = []
    footers = 0
    for i in range(h + 1, len(rows)):
        cells = rows[i]
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
                return _stream_openpyxl(path, name), []
            try:
                sh = book.get_sheet_by_name(name)
                rows = sh.to_python(skip_empty_area=False)
                merged = sh.merged_cell_ranges or []
            except pc.PasswordError:
                raise _fail(path, PASSWORD_HELP) from None
            except Exception as exc:  # noqa: BLE001 - calamine's errors vary by format
                raise _fail(path, f"工作表“{name}”无法读取（{_short(exc)}）。文件可能已损坏，"
                                  "请在 Excel/WPS 中打开后另存再导入。") from None
            return _trim(rows), list(merged)

        yield name, load


def _trim(rows: list[list[Any]]) -> list[list[Any]]:
    """Drop everything after a long run of empty rows."""
    empty = 0
    for i, row in enumerate(rows):
        if roster.is_blank(row):
            empty += 1
            if empty >= EMPTY_RUN_STOP:
                return rows[: i - empty + 1]
        else:
            empty = 0
    return rows


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


def _stream_openpyxl(path: Path, name: str) -> list[list[Any]]:
    """Rows of a sheet that declares a huge range: streamed, stopping after empty runs."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb[name]
        rows: list[list[Any]] = []
        empty = 0
        for row in ws.iter_rows(values_only=True):
            cells = ["" if c is None else c for c in row]
            if roster.is_blank(cells):
                empty += 1
                if empty >= EMPTY_RUN_STOP:
                    break
                rows.append([])
                continue
            empty = 0
            rows.append(cells)
        while rows and not rows[-1]:
            rows.pop()
        return rows
    finally:
        wb.close()


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


def _csv_sheets(path: Path) -> Iterator[tuple[str, Loader]]:
    data = path.read_bytes()
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(path, "这不是表格文件（既不是 Excel 也不是 CSV 文本）。请选择花名册的 .xlsx、.xls 或 .csv 文件。")
    text = decode_text(data)
    sample = text[:8192]
    delimiter = max((",", "\t", ";"), key=sample.count)

    def load() -> tuple[list[list[Any]], list[Any]]:
        rows: list[list[Any]] = []
        empty = 0
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
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
