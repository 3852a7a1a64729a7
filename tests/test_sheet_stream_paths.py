"""The branches of the streamed spreadsheet readers, value by value: FORMULA results and MULRK
in an .xls sheet, MergeAcross/Index in SpreadsheetML, repeats, spans, spaces and paragraphs in
.ods, and the file signatures `sniff` refuses. The expected values are what the readers gave
before they were split into helpers (C901): they pin that nothing changed."""

from __future__ import annotations

import struct
import sys
import zipfile
from pathlib import Path

import pytest

from selfgov_desktop.documents import sheet_binary, sheet_markup, sheet_xml, spreadsheet
from selfgov_desktop.documents.sheet_common import Collector, SpreadsheetError

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hostile_formats as hf  # noqa: E402


# -- .xls --------------------------------------------------------------------------------------
def _rec(rtype: int, body: bytes) -> bytes:
    return struct.pack("<HH", rtype, len(body)) + body


def _xls_stream(sheet_records: bytes) -> bytes:
    """A BIFF8 workbook stream: globals with one BOUNDSHEET, then the sheet."""
    bof = _rec(0x0809, struct.pack("<HH", 0x0600, 0x10) + b"\0" * 12)
    eof = _rec(0x000A, b"")

    def globals_(offset: int) -> bytes:
        return bof + _rec(0x0085, struct.pack("<I", offset) + b"\0\0" + b"\x01\x00s") + eof

    offset = len(globals_(0))
    return globals_(offset) + bof + sheet_records + eof


def _formula(r: int, c: int, result: bytes) -> bytes:
    return _rec(0x0006, struct.pack("<HHH", r, c, 0) + result + b"\0" * 6)


def _cells(data: bytes, values: bool = True) -> list[tuple[int, int, object]]:
    book = sheet_binary.XlsBook(data)
    out: list[tuple[int, int, object]] = []
    book.walk(book.sheets[0][1], lambda r, c, v: out.append((r, c, v)), values)
    return out


def test_xls_formula_cached_results():
    string = _rec(0x0207, struct.pack("<HB", 2, 0) + b"ok")
    data = _xls_stream(
        _formula(0, 0, struct.pack("<d", 2.5))                       # a number
        + _formula(1, 0, b"\0\0\0\0\0\0\xff\xff") + string          # a string: in STRING
        + _formula(2, 0, b"\x01\0\x01\0\0\0\xff\xff")               # TRUE
        + _formula(3, 0, b"\x01\0\x00\0\0\0\xff\xff")               # FALSE
        + _formula(4, 0, b"\x02\0\x07\0\0\0\xff\xff")               # an error: nothing
        + _formula(5, 0, b"\x03\0\0\0\0\0\xff\xff")                 # empty string
        + _formula(6, 0, b"\x05\0\0\0\0\0\xff\xff")                 # unknown: nothing
        + string                                                     # a STRING of no formula
        + _formula(7, 1, b"\0\0\0\0\0\0\xff\xff")                   # its STRING never comes
        + _rec(0x0203, struct.pack("<HHHd", 8, 0, 0, 9.0)))
    assert _cells(data) == [(0, 0, 2.5), (1, 0, "ok"), (2, 0, True), (3, 0, False),
                            (5, 0, ""), (8, 0, 9.0)]
    # the extent walk sees every cell record's place, values or not
    assert [(r, c) for r, c, _v in _cells(data, values=False)] == [
        (0, 0), (1, 0), (2, 0), (3, 0), (4, 0), (5, 0), (6, 0), (7, 1), (8, 0)]


def test_xls_mulrk_and_the_sheet_bof():
    rks = b"".join(struct.pack("<HI", 0, (n << 2) | 2) for n in (1, 2, 3))
    data = _xls_stream(_rec(0x00BD, struct.pack("<HH", 4, 2) + rks + struct.pack("<H", 4)))
    assert _cells(data) == [(4, 2, 1.0), (4, 3, 2.0), (4, 4, 3.0)]
    assert _cells(data, values=False) == [(4, 2, None), (4, 3, None), (4, 4, None)]
    book = sheet_binary.XlsBook(data)
    with pytest.raises(ValueError, match="sheet BOF not where the workbook says"):
        book.walk(book.sheets[0][1] + 2, lambda *_a: None, True)
    with pytest.raises(ValueError, match="sheet BOF not where the workbook says"):
        book.walk(len(data) - 2, lambda *_a: None, True)


# -- SpreadsheetML -------------------------------------------------------------------------------
def _sml(tmp_path: Path, worksheets: str) -> Path:
    p = tmp_path / "t.xml"
    p.write_text('<?xml version="1.0" encoding="UTF-8"?><Workbook xmlns="urn:schemas-microsoft-'
                 'com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
                 + worksheets + "</Workbook>", encoding="utf-8")
    return p


def test_spreadsheetml_merges_indexes_and_types(tmp_path):
    rows = ('<Row><Cell ss:MergeAcross="2"><Data ss:Type="String">a</Data></Cell>'
            '<Cell><Data ss:Type="Number">1.5</Data></Cell>'
            '<Cell ss:Index="7" ss:MergeDown="1"><Data ss:Type="Number">x</Data></Cell>'
            '<Cell><Data ss:Type="DateTime">2001-02-03T00:00:00.000</Data></Cell></Row>'
            '<Row ss:Index="4"><Cell><Data ss:Type="Boolean"> 1 </Data></Cell>'
            '<Cell ss:MergeAcross="x"/><Cell><Data>b</Data></Cell></Row>')
    path = _sml(tmp_path, '<Worksheet ss:Name="other"><Table><Row><Cell><Data>no</Data></Cell>'
                          "</Row></Table></Worksheet>"
                          f'<Worksheet><Table>{rows}</Table></Worksheet>'
                          '<Worksheet ss:Name="Sheet2"><Table><Row><Cell><Data>again</Data>'
                          "</Cell></Row></Table></Worksheet>")
    coll = Collector()
    merged = sheet_markup.read_spreadsheetml(path, "Sheet2", coll)
    assert coll.rows == [["a", "", "", 1.5, "", "", "x", "2001-02-03"], [], [],
                         [True, "", "b"]]
    assert merged == [((0, 0), (0, 2)), ((0, 6), (1, 6)), ((3, 1), (3, 1))]


# -- .ods ----------------------------------------------------------------------------------------
def test_ods_repeats_spans_spaces_and_paragraphs(tmp_path):
    rows = ('<table:table-row><table:table-cell office:value-type="string" '
            'table:number-columns-repeated="3"><text:p>a<text:s text:c="3"/>b</text:p>'
            "<text:p>c</text:p></table:table-cell>"
            '<table:table-cell office:value-type="float" office:value="x"/>'
            '<table:table-cell office:value-type="currency" office:value="2"/>'
            '<table:table-cell office:value-type="date" office:date-value="2001-02-03T04:05"/>'
            '<table:covered-table-cell office:value-type="boolean" office:boolean-value="true"'
            ' table:number-columns-spanned="2" table:number-rows-spanned="3"/>'
            "</table:table-row>"
            '<table:table-row table:number-rows-repeated="2"><table:table-cell/>'
            "</table:table-row>"
            '<table:table-row table:number-rows-repeated="3"><table:table-cell '
            'office:value-type="string"><text:p>r</text:p></table:table-cell></table:table-row>')
    path = hf.write_ods(tmp_path / "t.ods", rows + '</table:table><table:table table:name="花名册">'
                        '<table:table-row><table:table-cell office:value-type="string">'
                        "<text:p>second</text:p></table:table-cell></table:table-row>")
    coll = Collector()
    with zipfile.ZipFile(path) as z:
        merged = sheet_xml.stream_ods(path, z, "花名册", coll)
    assert coll.rows == [["a   b\nc", "a   b\nc", "a   b\nc", "x", 2.0, "2001-02-03", True],
                         [], [], ["r"], ["r"], ["r"]]
    assert merged == [((0, 6), (2, 7))]


# -- sniff ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("head", "says"), [
    (b"%PDF-1.4", "这是 PDF 文件，不是表格。"), (b"\x89PNG\r\n", "这是图片，不是表格。"),
    (b"\xff\xd8\xff\xe0", "这是图片，不是表格。"), (b"GIF89a", "这是图片，不是表格。"),
    (b"{\\rtf1", "这是RTF 文档，不是表格。"), (b"Rar!\x1a", "这是RAR 压缩包，不是表格。"),
    (b"7z\xbc\xaf\x27", "这是7z 压缩包，不是表格。"), (b"\x1f\x8b\x08", "这是gzip 压缩包，不是表格。"),
    (b"\x09\x04\x06\x00\x00", "这是 Excel 2.0–4.0 的老格式表格"),
    (b"\x00\x00\x1a\x00\x00", "这是 Lotus 1-2-3 或 Quattro Pro 的表格文件"),
    (b"<?xml version='1.0'?><office:document opendocument", "（.fods）"),
    (b"<?xml version='1.0'?><root/>", "这是一个 XML 文件，但不是 Excel 表格。"),
    (b"", "文件是空的（0 字节）"),
])
def test_sniff_refuses_by_signature(tmp_path, head, says):
    path = tmp_path / "roster.xls"
    path.write_bytes(head)
    with pytest.raises(SpreadsheetError) as e:
        spreadsheet.sniff(path)
    assert says in str(e.value)


@pytest.mark.parametrize(("name", "head", "kind"), [
    ("a.xls", b"<Workbook xmlns='urn:schemas-microsoft-com:office:spreadsheet'>", "spreadsheetml"),
    ("a.xls", "\ufeff \r\n<table><tr>".encode("utf-16"), "html"),
    ("a.xls", b"<div><table>", "html"),
    ("a.csv", "姓名,性别\n张三,男".encode("gb18030"), "csv"),
    ("a.csv", b"a\x00b", "csv"),
    ("a.wk1", b"%PDF", None),  # the Lotus extension is tried before the signatures
])
def test_sniff_text_heads(tmp_path, name, head, kind):
    path = tmp_path / name
    path.write_bytes(head)
    if kind is None:
        with pytest.raises(SpreadsheetError, match="Lotus 1-2-3 的表格文件"):
            spreadsheet.sniff(path)
    else:
        assert spreadsheet.sniff(path) == kind


def test_an_html_table_saved_with_a_utf8_bom_is_read_as_html(tmp_path):
    """A government system's "xls" that is an HTML table saved as UTF-8 with a BOM."""
    from selfgov_desktop.documents.spreadsheet import sniff

    f = tmp_path / "花名册.xls"
    f.write_bytes(b"\xef\xbb\xbf<table><tr><td>\xe5\xa7\x93\xe5\x90\x8d</td></tr></table>")
    assert sniff(f) == "html"
    g = tmp_path / "名单.csv"
    g.write_bytes("\ufeff姓名,身份证号\n张三,\n".encode())
    assert sniff(g) == "csv"
