"""Writers of hostile spreadsheets in the formats no Python library writes (or writes only
politely): .xlsb records, .ods, .xls with a password record, SpreadsheetML and HTML tables
saved as .xls. Full control over every byte, for tests/test_hostile_files.py and the bench."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape


PKG = "http://schemas.openxmlformats.org/package/2006"
RELS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"
XLSB_MAIN = "application/vnd.ms-excel.sheet.binary.macroEnabled.main"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


# -- .xlsb -------------------------------------------------------------------------------------
def _varint(n: int, most: int) -> bytes:
    out = bytearray()
    for _ in range(most):
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            break
    return bytes(out)


def record(rtype: int, body: bytes = b"") -> bytes:
    return _varint(rtype, 2) + _varint(len(body), 4) + body


def wide(s: str) -> bytes:
    return struct.pack("<I", len(s)) + s.encode("utf-16-le")


def xlsb_cell(col: int, value: object) -> bytes:
    head = struct.pack("<II", col, 0)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return record(5, head + struct.pack("<d", float(value)))
    return record(6, head + wide(str(value)))


def write_xlsb(path: Path, rows: list[list[object]], extra: list[tuple[int, int, object]] = (),
               dim: tuple[int, int, int, int] | None = None) -> Path:
    """rows from A1, then `extra` cells (row, col, value) anywhere; `dim` the declared
    (first row, last row, first col, last col), by default the truth."""
    cells: dict[int, list[tuple[int, object]]] = {}
    for r, row in enumerate(rows):
        cells[r] = [(c, v) for c, v in enumerate(row) if v is not None]
    for r, c, v in extra:
        cells.setdefault(r, []).append((c, v))
    last_r = max(cells)
    last_c = max(c for cs in cells.values() for c, _ in cs)
    dim = dim or (0, last_r, 0, last_c)
    sheet = bytearray(record(0x81) + record(0x94, struct.pack("<IIII", *dim)) + record(0x91))
    for r in sorted(cells):
        sheet += record(0x00, struct.pack("<IIHHBI", r, 0, 300, 0, 0, 0))
        for c, v in sorted(cells[r], key=lambda x: x[0]):
            sheet += xlsb_cell(c, v)
    sheet += record(0x92) + record(0x82)
    book = (record(0x83) + record(0x8F)
            + record(0x9C, struct.pack("<II", 0, 1) + wide("rId1") + wide("花名册"))
            + record(0x90) + record(0x84))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<Types xmlns="{PKG}/content-types">'
            f'<Default Extension="rels" ContentType="{RELS_TYPE}"/>'
            f'<Default Extension="bin" ContentType="{XLSB_MAIN}"/>'
            f'<Override PartName="/xl/workbook.bin" ContentType="{XLSB_MAIN}"/>'
            '<Override PartName="/xl/worksheets/sheet1.bin" '
            'ContentType="application/vnd.ms-excel.worksheet"/></Types>'))
        z.writestr("_rels/.rels", (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}/relationships">'
            f'<Relationship Id="rId1" Type="{DOC_REL}/officeDocument" Target="xl/workbook.bin"/>'
            "</Relationships>"))
        z.writestr("xl/_rels/workbook.bin.rels", (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}/relationships">'
            f'<Relationship Id="rId1" Type="{DOC_REL}/worksheet" Target="worksheets/sheet1.bin"/>'
            "</Relationships>"))
        z.writestr("xl/workbook.bin", book)
        z.writestr("xl/worksheets/sheet1.bin", bytes(sheet))
    return path


# -- .xls --------------------------------------------------------------------------------------
def write_xls(path: Path, rows: list[list[object]], extra: list[tuple[int, int, object]] = ()
              ) -> Path:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("花名册")
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v is not None:
                ws.write(r, c, v)
    for r, c, v in extra:
        ws.write(r, c, v)
    wb.save(str(path))
    return path


def with_filepass(path: Path) -> Path:
    """The .xls marked as encrypted the way Excel marks it: a FILEPASS record (0x002F) right
    after the workbook's BOF (here in place of the record that was there, same length, so
    the compound file keeps its layout)."""
    import olefile

    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        data = bytearray(ole.openstream("Workbook").read())
        _t, size = struct.unpack_from("<HH", data, 0)
        pos = 4 + size
        struct.pack_into("<H", data, pos, 0x002F)
        ole.write_stream("Workbook", bytes(data))
    return path


# -- .ods --------------------------------------------------------------------------------------
def write_ods(path: Path, rows_xml: str, encrypted: bool = False) -> Path:
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type='
                '"application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
                + ('<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x">'
                   '<manifest:algorithm manifest:algorithm-name="Blowfish CFB"/></manifest:encryption-data>'
                   if encrypted else "") + "</manifest:file-entry></manifest:manifest>")
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="花名册">'
               f"{rows_xml}</table:table></office:spreadsheet></office:body></office:document-content>")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest)
        z.writestr("content.xml", b"\x00garbled" if encrypted else content.encode("utf-8"),
                   zipfile.ZIP_DEFLATED)
    return path


def ods_rows(rows: list[list[object]]) -> str:
    out = []
    for row in rows:
        cells = []
        for v in row:
            if v is None:
                cells.append("<table:table-cell/>")
            elif isinstance(v, int | float):
                cells.append(f'<table:table-cell office:value-type="float" office:value="{v}">'
                             f"<text:p>{v}</text:p></table:table-cell>")
            else:
                cells.append(f'<table:table-cell office:value-type="string"><text:p>{escape(str(v))}'
                             "</text:p></table:table-cell>")
        out.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    return "".join(out)


# -- text tables saved as .xls -----------------------------------------------------------------
def html_table(rows: list[list[object]], charset: str = "utf-8") -> bytes:
    body = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in r) + "</tr>"
                   for r in rows)
    return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f"</head><body><table border=1>{body}</table></body></html>").encode(
                "gb18030" if charset.lower() in ("gbk", "gb2312") else charset)


def spreadsheetml(rows: list[list[object]], encoding: str = "UTF-8",
                  index_row: int | None = None) -> bytes:
    out = []
    for row in rows:
        cells = "".join(
            f'<Cell><Data ss:Type="{"Number" if isinstance(c, int | float) else "String"}">'
            f"{escape(str(c))}</Data></Cell>" if c is not None else "<Cell/>" for c in row)
        out.append(f"<Row>{cells}</Row>")
    if index_row is not None:
        out.append(f'<Row ss:Index="{index_row}"><Cell ss:Index="16000"><Data ss:Type="String">x'
                   "</Data></Cell></Row>")
    text = (f'<?xml version="1.0" encoding="{encoding}"?><?mso-application progid="Excel.Sheet"?>'
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
            'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
            '<Worksheet ss:Name="花名册"><Table ss:ExpandedColumnCount="16384" '
            'ss:ExpandedRowCount="1048576">' + "".join(out) + "</Table></Worksheet></Workbook>")
    return text.encode("gb18030" if encoding.upper() in ("GB2312", "GBK") else encoding)
