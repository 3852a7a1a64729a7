"""台账 as .xlsx (openpyxl): they print correctly from Excel and WPS without touching them.

Every sheet: a merged title row and a line saying who made it when, the header row frozen
and repeated on each printed page, column widths for Chinese text, real Excel dates, plain
values (no formula needing recalculation), A4 landscape fitted to the page width, footer
"第 X 页 共 Y 页"."""

from __future__ import annotations

import datetime as dt
from copy import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..domain.dates import cn_date
from ..domain.frequency import met
from ..domain.documents import (ATTENDANCE_COLUMNS, FOLLOWUP_COLUMNS, ROSTER_COLUMNS,
                                SESSION_LEDGER_COLUMNS, TOPIC_COLUMNS, LedgerBook,
                                SessionLedgerRow, percent)
from ..domain.model import SESSION_KIND_LABELS, THREE_MEETINGS, SessionKind
from .atomic import write_atomic
from .cells import FORMULA_START, xlsx_text

FONT = "宋体"
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TITLE_FONT = Font(name=FONT, size=16, bold=True)
NOTE_FONT = Font(name=FONT, size=10, color="555555")
HEAD_FONT = Font(name=FONT, size=11, bold=True)
BODY_FONT = Font(name=FONT, size=10)
HEAD_FILL = PatternFill("solid", fgColor="E8E8E8")
WRAP = Alignment(wrap_text=True, vertical="center")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
HEADER_ROW = 3

# Sheet names (≤ 31 characters, no []:*?/\).
SUMMARY = "三会汇总"
FOLLOWUPS = "跟踪落实台账"
TOPICS = "议题台账"
ATTENDANCE = "参会台账"
ROSTER = "花名册"
STATS = "年度统计"
ALL_SHEETS = ("sessions", "followups", "topics", "attendance", "roster", "stats")

# Character widths per header (Excel width ≈ number of half-width characters).
WIDTHS = {
    "序号": 5, "编号": 12, "类型": 8, "议题": 28, "议题来源": 10, "通知日期": 13, "会议日期": 13,
    "地点": 14, "主持人": 8, "记录人": 8, "应到/实到": 9, "参会构成": 22, "主要意见": 36,
    "结果": 30, "公示起止": 24, "责任人": 14, "期限": 13, "落实情况": 16, "回访日期/结果": 26,
    "规范程度": 8, "归档号": 12,
    "会议编号": 12, "会议": 26, "类别": 8, "事项": 34, "状态": 8, "完成日期": 13, "回访次数": 8,
    "最近回访": 13, "回访结果": 30, "类别 ": 8, "来源": 10, "提出人数": 8, "楼号": 10,
    "相关会议": 26, "决定": 30, "登记日期": 13, "姓名": 10, "楼组": 10, "身份": 16,
    "参会次数": 8, "听证会": 7, "协调会": 7, "评议会": 7, "其他会议": 8, "缺席/请假": 8,
    "最近参会": 13, "性别": 5, "出生日期": 13, "身份证号": 21, "联系电话": 14, "室号": 7,
    "居住地址": 28, "人口状态": 9, "备注": 16,
}
CENTRED = {"序号", "类型", "通知日期", "会议日期", "主持人", "记录人", "应到/实到", "期限", "规范程度",
           "状态", "完成日期", "回访次数", "最近回访", "提出人数", "登记日期", "参会次数", "听证会",
           "协调会", "评议会", "其他会议", "缺席/请假", "最近参会", "性别", "出生日期", "室号"}


@dataclass
class _Sheet:
    name: str
    title: str
    header: list[str]
    rows: list[list[Any]]


def _date(value: dt.date | str | None) -> dt.date | str | None:
    """A real date for Excel; month-only birth dates ("1956-03") stay text."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = str(value)
    if len(s) >= 10:
        try:
            return dt.date.fromisoformat(s[:10])
        except ValueError:
            return s
    return s


def _kind_sheet_name(kind: str) -> str:
    try:
        return SESSION_KIND_LABELS[SessionKind(kind)] + "台账"
    except ValueError:
        return kind[:28] + "台账"


def _session_row(i: int, r: SessionLedgerRow) -> list[Any]:
    return [i, r.number, r.kind_label, r.topic, r.topic_source, _date(r.notice_date), _date(r.date),
            r.place, r.chair, r.recorder, f"{r.expected}/{r.present}", r.composition, r.opinions,
            r.result, r.publicity, r.responsible, _date(r.deadline), r.implementation, r.visits,
            r.compliance if r.compliance is not None else None, r.archive_no]


def _sheets(book: LedgerBook, which: Sequence[str]) -> list[_Sheet]:
    year = f"（{book.year}年）" if book.year else ""
    name = book.committee.name
    out: list[_Sheet] = []
    if "sessions" in which:
        out.append(_Sheet(SUMMARY, f"{name}三会台账{year}", SESSION_LEDGER_COLUMNS,
                          [_session_row(i, r) for i, r in enumerate(book.sessions, 1)]))
        kinds = [k.value for k in THREE_MEETINGS]
        kinds += [k for k in dict.fromkeys(r.kind for r in book.sessions) if k not in kinds]
        for kind in kinds:
            rows = [r for r in book.sessions if r.kind == kind]
            label = _kind_sheet_name(kind)
            out.append(_Sheet(label, f"{name}{label}{year}", SESSION_LEDGER_COLUMNS,
                              [_session_row(i, r) for i, r in enumerate(rows, 1)]))
    if "followups" in which:
        out.append(_Sheet(FOLLOWUPS, f"{name}跟踪落实台账{year}", FOLLOWUP_COLUMNS, [
            [i, f.session_number, f.session_title, f.kind, f.item, f.responsible, _date(f.deadline),
             f.status, _date(f.done_on), f.visit_count, _date(f.last_visit), f.visit_results]
            for i, f in enumerate(book.followups, 1)]))
    if "topics" in which:
        out.append(_Sheet(TOPICS, f"{name}议题台账{year}", TOPIC_COLUMNS, [
            [i, t.id, t.title, t.category, t.source, t.raisers, t.building, t.state, t.sessions,
             t.decision, _date(t.created)] for i, t in enumerate(book.topics, 1)]))
    if "attendance" in which:
        three = [k.value for k in THREE_MEETINGS]
        out.append(_Sheet(ATTENDANCE, f"{name}参会台账{year}", ATTENDANCE_COLUMNS, [
            [i, a.name, a.group, a.building, a.roles, a.attended,
             *[a.by_kind.get(k, 0) for k in three],
             sum(v for k, v in a.by_kind.items() if k not in three), a.absent, _date(a.last_date)]
            for i, a in enumerate(book.attendance, 1)]))
    if "roster" in which:
        out.append(_Sheet(ROSTER, f"{name}居民花名册", ROSTER_COLUMNS, [
            [i, r.name, r.sex, _date(r.birth), r.id_number, r.phone, r.group, r.building, r.room,
             r.address, r.population_type, r.roles, r.note] for i, r in enumerate(book.roster, 1)]))
    if "stats" in which and book.stats is not None:
        out.append(_stats_sheet(book, name))
    return out


def _stats_sheet(book: LedgerBook, name: str) -> _Sheet:
    s = book.stats
    assert s is not None
    header = ["会议类型", "第一季度", "第二季度", "第三季度", "第四季度", "全年合计", "年度最低次数",
              "是否达标", "参会人次", "平均满意率", "平均规范程度", "说明理由次数"]
    kinds = [k.value for k in THREE_MEETINGS]
    kinds += [k for k in s.per_quarter if k not in kinds]
    rows: list[list[Any]] = []
    for kind in kinds:
        q = s.per_quarter.get(kind, [0, 0, 0, 0])
        total = sum(q)
        minimum = s.minimum_per_year.get(kind)
        verdict = met(minimum, total)  # domain.frequency: a minimum of 0 is off
        ok = "" if verdict is None else ("达标" if verdict else "未达标")
        comp = s.compliance.get(kind)
        try:
            label = SESSION_KIND_LABELS[SessionKind(kind)]
        except ValueError:
            label = kind
        rows.append([label, *q, total, minimum, ok, s.person_times.get(kind, 0),
                     percent(s.satisfaction.get(kind)) if kind == "evaluation" else "",
                     None if comp is None else round(comp, 1), s.overrides.get(kind, 0)])
    return _Sheet(STATS, f"{name}三会年度统计（{s.year}年）", header, rows)


def _fill(ws: Worksheet, sheet: _Sheet, note: str) -> None:
    ncols = len(sheet.header)
    last = get_column_letter(ncols)
    ws.append([sheet.title])
    ws.merge_cells(f"A1:{last}1")
    c = ws["A1"]
    c.font, c.alignment = TITLE_FONT, Alignment(horizontal="center", vertical="center")
    xlsx_text(c)
    ws.row_dimensions[1].height = 30
    ws.append([note])
    ws.merge_cells(f"A2:{last}2")
    ws["A2"].font = NOTE_FONT
    ws["A2"].alignment = Alignment(horizontal="right", vertical="center")
    xlsx_text(ws["A2"])
    ws.append(sheet.header)
    for col in range(1, ncols + 1):
        h = ws.cell(HEADER_ROW, col)
        h.font, h.fill, h.alignment, h.border = HEAD_FONT, HEAD_FILL, CENTRE, BORDER
        xlsx_text(h)
    ws.row_dimensions[HEADER_ROW].height = 30
    aligns = [CENTRE if h in CENTRED else WRAP for h in sheet.header]
    for values in sheet.rows:
        ws.append(values)
    # Styling cell by cell is the slow part: style one cell per (column, is-date) through the
    # public API, then copy its interned StyleArray to the others (about 5x faster).
    styles: dict[tuple[int, bool], Any] = {}
    for row in ws.iter_rows(min_row=HEADER_ROW + 1, max_row=HEADER_ROW + len(sheet.rows),
                            max_col=ncols):
        for i, cell in enumerate(row):
            is_date = isinstance(cell.value, dt.date)
            key = (i, is_date)
            style = styles.get(key)
            if style is None:
                cell.font = BODY_FONT
                cell.border = BORDER
                cell.alignment = aligns[i]
                if is_date:
                    cell.number_format = DATE_FORMAT
                styles[key] = cell._style
            else:
                cell._style = copy(style)
            value = cell.value
            if type(value) is str and value.startswith(FORMULA_START):  # text, never a formula
                xlsx_text(cell)
    for col, h in enumerate(sheet.header, 1):
        ws.column_dimensions[get_column_letter(col)].width = WIDTHS.get(h, max(8, 2 * len(h) + 2))
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.7
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.oddFooter.right.text = sheet.name
    ws.evenFooter.center.text = "第 &P 页 共 &N 页"
    if not sheet.rows:
        ws.cell(HEADER_ROW + 1, 1, "（无记录）").font = NOTE_FONT


def build(book: LedgerBook, which: Sequence[str] = ALL_SHEETS,
          progress: Callable[[int, int, str], None] | None = None) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    made = f"制表单位：{book.committee.name}　制表日期：{cn_date(book.made_on)}"
    if book.made_by:
        made += f"　制表人：{book.made_by}"
    sheets = _sheets(book, which)
    for i, sheet in enumerate(sheets):
        if progress:
            progress(i, len(sheets), sheet.name)
        _fill(wb.create_sheet(sheet.name), sheet, made)
    wb.properties.creator = "selfgov-desktop"
    wb.properties.title = f"{book.committee.name}台账"
    return wb


def write(book: LedgerBook, path: str | Path, which: Sequence[str] = ALL_SHEETS,
          progress: Callable[[int, int, str], None] | None = None) -> Path:
    wb = build(book, which, progress)
    return write_atomic(path, lambda tmp: wb.save(tmp))
