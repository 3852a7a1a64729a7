"""Roster files we write: the empty template, the full export (.xlsx / .csv with BOM) and the
rejected rows with a reason column."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..domain import roster
from ..domain.errors import UserError

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
    ws = wb.active
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
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8-sig", newline="") as f:
                w = csv.writer(f)
                w.writerow(headers)
                w.writerows(rows)
        except OSError as exc:
            raise UserError(f"无法写入“{path}”：{exc.strerror or exc}。") from None
        return path
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"无法导出到“{path.name}”：请使用 .xlsx 或 .csv 作为文件扩展名。")
    _write_xlsx(path, "花名册", list(headers), rows)
    return path


def _write_xlsx(path: Path, title: str, headers: list[str], rows: Sequence[Sequence[Any]],
                widths: dict[str, int] | None = None) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title)
    for i, h in enumerate(headers):
        w = (widths or {}).get(h) or (22 if h in ("身份证号", "居住地址", "户籍地址", "原因") else 12)
        ws.column_dimensions[_col_letter(i)].width = w
    bold = Font(bold=True)
    head = []
    for h in headers:
        c = WriteOnlyCell(ws, value=h)
        c.font = bold
        head.append(c)
    ws.append(head)
    text_cols = {i for i, h in enumerate(headers) if h in TEXT_COLUMNS}
    for row in rows:
        out = []
        for i, value in enumerate(row):
            if i in text_cols and value not in (None, ""):
                c = WriteOnlyCell(ws, value=str(value) if not isinstance(value, float | int)
                                  else value)
                c.number_format = "@"
                out.append(c)
            else:
                out.append(_plain(value))
        ws.append(out)
    _save(wb, path)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | int | float) or value is None:
        return value
    return str(value)


def write_rejects(path: Path | str, headers: Sequence[str],
                  rows: Sequence[tuple[int, Sequence[Any], str, str]]) -> Path:
    """Rejected rows as they were in the file, with 原行号, 结果 and 原因 columns first."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        path = path.with_suffix(".xlsx")
    head = ["原行号", "结果", "原因", *[str(h) for h in headers]]
    out = [[line, status, reason, *cells] for line, cells, status, reason in rows]
    _write_xlsx(path, "未导入", head, out, {"原因": 60})
    return path
