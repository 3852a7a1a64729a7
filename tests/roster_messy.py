"""Messy real-world roster files for the import tests: a 说明 sheet first, a merged title row,
blank rows, header variants, building numbers merged down the rows, a numeric ID, a
duplicate, a person without an ID, footers. Written as .xlsx (openpyxl), .xls (xlwt) and
CSV (GB18030 / UTF-8 with BOM)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from selfgov_desktop.domain import idnumber

ID_A = idnumber.make("310107", dt.date(1956, 3, 12), 123)   # 男
ID_B = idnumber.make("310107", dt.date(1960, 7, 1), 224)    # 女
ID_C = idnumber.make("320102", dt.date(1988, 12, 31), 35)   # 男
ID_D = idnumber.make("310104", dt.date(2001, 5, 20), 46)    # 女
ID_NUMERIC = idnumber.make("310107", dt.date(1970, 1, 2), 57)

HEADER = ["序号", "姓 名", "性别", "出生年月", "公民身份号码", "联系方式", "幢号", "门牌号", "所属楼组",
          "和户主关系", "备注"]
# (row values); building "5号" is merged over the first three data rows in the spreadsheets.
DATA: list[list[object]] = [
    [1, "张　三", "男", "1956.3.12", ID_A, "+86 138-1234-5678", "5号", "101", "第一楼组", "户主", ""],
    [2, "李丽", "女", "1960年7月1日", ID_B.lower(), "139 0000 1111", "", "101", "第一楼组", "配偶", ""],
    [3, "王五", "", "", ID_NUMERIC, "13700001111", "", "102", "第一楼组", "户主", "身份证号存成了数字"],
    [4, "赵六", "男", "1988-12-31", ID_C, "021-52801234", "6号", "201", "第二楼组", "户主", ""],
    [5, "赵六", "", "", ID_C, "", "6号", "201", "第二楼组", "户主", "重复行"],
    [6, "钱七", "女", "2001/5/20", ID_D, "", "6号", "202", "第二楼组", "女", ""],
    [7, "孙八", "男", "1950-01-01", "", "", "7号", "301", "第三楼组", "户主", "无身份证号"],
]
GOOD_IDS = {ID_A, ID_B, ID_C, ID_D}
FOOTERS = [["合计：7人"], ["制表人：王芳", "", "", "制表日期：2026年11月1日"]]


def _cells(row: list[object], numeric_id: bool) -> list[object]:
    out = list(row)
    if numeric_id and out[4] == ID_NUMERIC:
        out[4] = float(ID_NUMERIC)  # what Excel keeps: 15 significant digits
    return out


def write_xlsx(path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    notes = wb.active
    notes.title = "说明"
    notes["A1"] = "填表说明：请勿修改表头。"
    ws = wb.create_sheet("居民花名册")
    ws.append(["沁园居民区居民花名册（2026年）"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.append([])
    ws.append(HEADER)
    for row in DATA:
        ws.append(_cells(row, True))
    ws.merge_cells("G4:G6")  # 5号 over the first three data rows
    ws.append([])
    for f in FOOTERS:
        ws.append(f)
    wb.save(path)
    return path


def write_xls(path: Path) -> Path:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    notes = wb.add_sheet("说明")
    notes.write(0, 0, "填表说明：请勿修改表头。")
    ws = wb.add_sheet("居民花名册")
    ws.write_merge(0, 0, 0, len(HEADER) - 1, "沁园居民区居民花名册（2026年）")
    for c, h in enumerate(HEADER):
        ws.write(2, c, h)
    for r, row in enumerate(DATA, start=3):
        for c, value in enumerate(_cells(row, True)):
            if c == 6 and 4 <= r <= 5:
                continue  # covered by the merge below
            if c == 6 and r == 3:
                ws.write_merge(3, 5, 6, 6, value)
                continue
            ws.write(r, c, value)
    r = 3 + len(DATA) + 1
    for f in FOOTERS:
        for c, value in enumerate(f):
            ws.write(r, c, value)
        r += 1
    wb.save(str(path))
    return path


def write_csv(path: Path, encoding: str) -> Path:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["沁园居民区居民花名册"])
    w.writerow(HEADER)
    for row in DATA:
        cells = list(row)
        if cells[4] == ID_NUMERIC:
            cells[4] = "3.10107E+17"  # how Excel saves a numeric ID column as CSV
        if cells[6] == "" and cells[0] in (2, 3):
            cells[6] = "5号"  # CSV has no merged cells
        w.writerow(cells)
    for f in FOOTERS:
        w.writerow(f)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path
