"""Roster files we write: the empty template, the full export (.xlsx / .csv with BOM) and the
rejected rows with a reason column."""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..domain import roster
from ..domain.errors import UserError
from .atomic import write_atomic
from .cells import csv_row, looks_like_formula

TEXT_COLUMNS = ("身份证号", "联系电话", "室号", "户编号", "出生日期")


def _col_letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i + 1)


def write_template(path: Path | str) -> Path:
    """An empty roster with the canonical headers, ID/phone columns as text, drop-downs."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    path = Path(path)
    wb = Workbook()
    ws = wb.worksheets[0]  # a new workbook has one empty worksheet
    ws.title = "花名册"
    keys = roster.EXPORT_FIELDS
    headers = [roster.FIELD_LABELS[k] for k in keys]
    ws.append(headers)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for i, h in enumerate(headers):
        c = ws.cell(1, i + 1)
        c.font, c.fill = bold, fill
        c.alignment = Alignment(horizontal="center")
        letter = _col_letter(i)
        ws.column_dimensions[letter].width = 22 if h in ("身份证号", "居住地址", "户籍地址") else 12
        if h in TEXT_COLUMNS:
            # '@' = text: an ID typed here keeps all 18 characters.
            ws.column_dimensions[letter].number_format = "@"
            for r in range(2, 1002):
                ws.cell(r, i + 1).number_format = "@"
    choices = {"性别": roster.SEX_CHOICES, "政治面貌": roster.POLITICAL_CHOICES,
               "与户主关系": roster.RELATION_CHOICES, "状态": roster.STATUS_CHOICES}
    for i, h in enumerate(headers):
        if h in choices:
            dv = DataValidation(type="list", formula1='"' + ",".join(choices[h]) + '"',
                                allow_blank=True, showErrorMessage=True,
                                error=f"请从下拉列表中选择{h}")
            ws.add_data_validation(dv)
            dv.add(f"{_col_letter(i)}2:{_col_letter(i)}5000")
    ws.freeze_panes = "A2"
    notes = wb.create_sheet("说明")
    for line in ("居民花名册模板：第一行是列名，请从第二行起每行填一位居民。",
                 "身份证号、联系电话已设为文本格式，请勿改成数字格式（否则身份证号末几位会丢失）。",
                 "出生日期可写 1956-03-12；有身份证号时可不填，程序会从身份证号读出。",
                 "楼组填写楼组名称（如 第一楼组），导入时自动建立。"):
        notes.append([line])
    notes.column_dimensions["A"].width = 90
    _save(wb, path)
    return path


def _save(wb: Any, path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        wb.save(path)
    except OSError as exc:
        raise UserError(f"无法写入“{path}”：{exc.strerror or exc}。请确认文件没有在 Excel/WPS 中打开，"
                        "并且该文件夹可以写入。") from None


def write_roster(path: Path | str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> Path:
    """.csv (UTF-8 with BOM, opens in Excel) or .xlsx (text columns kept as text)."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        def write_csv(tmp: Path) -> None:
            with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
                w = csv.writer(f)
                w.writerow(csv_row(headers))
                w.writerows(csv_row(r) for r in rows)

        try:
            return write_atomic(path, write_csv)  # never a half-written file under the real name
        except OSError as exc:
            raise UserError(f"无法写入“{path}”：{exc.strerror or exc}。") from None
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"无法导出到“{path.name}”：请使用 .xlsx 或 .csv 作为文件扩展名。")
    write_fast_xlsx(path, "花名册", list(headers), rows)
    return path


_WIDTHS = {"身份证号": 22, "居住地址": 22, "户籍地址": 22, "原因": 60, "结果": 8, "原行号": 8}
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _esc(value: str) -> str:
    value = _ILLEGAL_XML.sub("", value)
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="2"><font><sz val="11"/><name val="等线"/></font>
<font><b/><sz val="11"/><name val="等线"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill>
<fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"
 quotePrefix="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


def write_fast_xlsx(path: Path, title: str, headers: list[str], rows: Sequence[Sequence[Any]]
                    ) -> None:
    """A plain one-sheet .xlsx written directly (openpyxl takes ~8 s for 50,000 rosters rows;
    this ~1 s): inline strings, bold header, text-formatted ID/phone/room columns, widths."""
    import zipfile

    text_cols = {i for i, h in enumerate(headers) if h in TEXT_COLUMNS}
    letters = [_col_letter(i) for i in range(len(headers))]
    text_style = ' style="1"'
    widths = "".join(
        f'<col min="{i + 1}" max="{i + 1}" width="{_WIDTHS.get(h, 12)}"'
        f'{text_style if i in text_cols else ""} customWidth="1"/>'
        for i, h in enumerate(headers))

    def cell(ref: str, value: Any, style: int) -> str:
        s = f' s="{style}"' if style else ""
        if value is None or value == "":
            return ""
        if isinstance(value, bool):
            return f'<c r="{ref}" t="b"{s}><v>{int(value)}</v></c>'
        if isinstance(value, int | float):
            return f'<c r="{ref}"{s}><v>{value!r}</v></c>'
        if looks_like_formula(value):  # text, and Excel keeps it text when edited
            s = ' s="3"'
        return f'<c r="{ref}" t="inlineStr"{s}><is><t xml:space="preserve">{_esc(str(value))}</t></is></c>'

    def sheet_parts() -> Any:
        yield ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               f'<dimension ref="A1:{letters[-1] if letters else "A"}{len(rows) + 1}"/>'
               '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2"'
               ' activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
               f'<cols>{widths}</cols><sheetData>')
        yield '<row r="1">' + "".join(cell(f"{c}1", h, 2) for c, h in zip(letters, headers,
                                                                        strict=True)) + "</row>"
        buf = []
        for n, row in enumerate(rows, start=2):
            buf.append(f'<row r="{n}">' + "".join(
                cell(f"{letters[i]}{n}", v, 1 if i in text_cols else 0)
                for i, v in enumerate(row) if i < len(letters)) + "</row>")
            if len(buf) >= 2000:
                yield "".join(buf)
                buf = []
        yield "".join(buf)
        yield "</sheetData></worksheet>"

    def write_zip(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            z.writestr("[Content_Types].xml", (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" '
                'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                '<Override PartName="/xl/worksheets/sheet1.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                '<Override PartName="/xl/styles.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                '</Types>'))
            z.writestr("_rels/.rels", (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" '
                'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                'Target="xl/workbook.xml"/>'
                '</Relationships>'))
            z.writestr("xl/workbook.xml", (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
                ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                f'<sheets><sheet name="{_esc(title)}" sheetId="1" r:id="rId1"/></sheets></workbook>'))
            z.writestr("xl/_rels/workbook.xml.rels", (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" '
                'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                'Target="worksheets/sheet1.xml"/>'
                '<Relationship Id="rId2" '
                'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
                'Target="styles.xml"/>'
                '</Relationships>'))
            z.writestr("xl/styles.xml", _STYLES)
            with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
                for part in sheet_parts():
                    f.write(part.encode("utf-8"))
    try:
        write_atomic(path, write_zip)
    except OSError as exc:
        raise UserError(f"无法写入“{path}”：{exc.strerror or exc}。请确认文件没有在 Excel/WPS 中打开，"
                        "并且该文件夹可以写入。") from None


def write_rejects(path: Path | str, headers: Sequence[str],
                  rows: Sequence[tuple[int, Sequence[Any], str, str]]) -> Path:
    """Rejected rows as they were in the file, with 原行号, 结果 and 原因 columns first."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        path = path.with_suffix(".xlsx")
    head = ["原行号", "结果", "原因", *[str(h) for h in headers]]
    out = [[line, status, reason, *cells] for line, cells, status, reason in rows]
    write_fast_xlsx(path, "未导入", head, out)
    return path
