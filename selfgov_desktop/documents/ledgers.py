"""台账 as .xlsx (openpyxl) that print as they are, from Excel, WPS or LibreOffice.

Designed for paper: every sheet is A4 landscape at 100 % with body text 10 pt (never below
9 pt printed: a sheet's columns add up to at most PRINT_UNITS, so fit-to-width never shrinks
it further); long texts wrap inside rows whose heights are computed for them; the 21 columns
of DOMAIN.md §7 are printed as two sheets (三会台账: the meetings; 三会落实台账: results,
publicity and follow-up), each per-kind sheet carries the columns that kind has. Every sheet:
a merged title row, a line with 制表单位 / 制表人 (the staff member's name) / 制表日期, the
header row frozen and repeated on each printed page, "第X页　共Y页" in the footer. One date
format everywhere: 2026年12月7日 (real Excel dates in date columns, the same words in text).
No ID numbers, no phones: the full roster is only `export-roster`."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from copy import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from ..domain.dates import as_date, cn_date
from ..domain.documents import LedgerBook, SessionLedgerRow, percent
from ..domain.frequency import met
from ..domain.model import SESSION_KIND_LABELS, THREE_MEETINGS, SessionKind
from .atomic import write_atomic
from .cells import FORMULA_START, xlsx_text

FONT = "宋体"
BODY_PT = 10
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TITLE_FONT = Font(name=FONT, size=16, bold=True)
NOTE_FONT = Font(name=FONT, size=BODY_PT, color="333333")
HEAD_FONT = Font(name=FONT, size=BODY_PT, bold=True)
BODY_FONT = Font(name=FONT, size=BODY_PT)
HEAD_FILL = PatternFill("solid", fgColor="E8E8E8")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
HEADER_ROW = 3
# Column widths of a sheet add up to at most this many Excel units. An Excel unit is the
# width of "0" in the workbook's default font: with Calibri (Excel, WPS) 150 units fill A4
# landscape at 100 %; where Calibri is missing LibreOffice measures with a wider fallback and
# about 112 fill it. 122 keeps the printed scale at 90 % or more even then, so 10 pt text is
# never printed below 9 pt (tests/test_ledger_print.py prints every sheet and measures).
PRINT_UNITS = 122
LINE_PT = 13.5  # one line of 10 pt text
NOTE_MADE = "日期格式：2026年12月7日"

# Sheet names (≤ 31 characters, no []:*?/\).
SUMMARY = "三会台账"
RESULTS = "三会落实台账"
FOLLOWUPS = "跟踪落实台账"
TOPICS = "议题台账"
ATTENDANCE = "参会台账"
STATS = "年度统计"
ALL_SHEETS = ("sessions", "followups", "topics", "attendance", "stats")

CENTRED = {"序号", "类型", "通知日期", "会议日期", "主持人", "记录人", "应到/实到", "期限", "规范程度",
           "状态", "完成日期", "回访次数", "最近回访", "提出人数", "登记日期", "参会次数", "听证会",
           "协调会", "评议会", "其他会议", "缺席/请假", "最近参会", "类别", "编号", "会议编号",
           "会议类型", "第一季度", "第二季度", "第三季度", "第四季度", "全年合计", "年度最低次数",
           "是否达标", "参会人次", "平均满意率", "平均规范程度", "说明理由次数", "应到", "实到",
           "是否过半", "赞成/反对/弃权", "议程公布日期"}


@dataclass
class Column:
    header: str
    width: float  # Excel units (about one half-width character)


@dataclass
class Sheet:
    name: str
    title: str
    columns: list[Column]
    rows: list[list[Any]]
    note: str = ""  # added after 制表… on the second row
    centred: set[str] = field(default_factory=lambda: set(CENTRED))

    @property
    def header(self) -> list[str]:
        return [c.header for c in self.columns]


def _date(value: dt.date | str | None) -> dt.date | str | None:
    """A real date for Excel; text that is not a date stays text."""
    if value is None or value == "":
        return None
    return as_date(value) or str(value)


def _kind_label(kind: str) -> str:
    try:
        return SESSION_KIND_LABELS[SessionKind(kind)]
    except ValueError:
        return kind


# -- the 三会 sheets ------------------------------------------------------------------------

def session_cells(i: int, r: SessionLedgerRow) -> dict[str, Any]:
    """Every DOMAIN.md §7 column of one session."""
    return {
        "序号": i, "编号": r.number, "类型": r.kind_label, "议题": r.topic, "议题来源": r.topic_source,
        "通知日期": _date(r.notice_date), "会议日期": _date(r.date), "地点": r.place,
        "主持人": r.chair, "记录人": r.recorder,
        "应到/实到": f"{r.expected}/{r.present}" if r.expected or r.present else "",
        "参会构成": r.composition, "主要意见": r.opinions, "结果": r.result, "公示起止": r.publicity,
        "责任人": r.responsible, "期限": _date(r.deadline), "落实情况": r.implementation,
        "回访日期/结果": r.visits, "规范程度": r.compliance, "归档号": r.archive_no,
    }


# The meetings, then what came of them: together the 21 columns of DOMAIN.md §7.
D = 12.5  # a date column: 2026年12月7日 (a number: it would print as ### if narrower)
MEETING_COLUMNS = [Column("序号", 4), Column("编号", 11), Column("类型", 6), Column("议题", 18),
                   Column("议题来源", 8), Column("通知日期", D), Column("会议日期", D),
                   Column("地点", 10), Column("主持人", 6), Column("记录人", 6), Column("应到/实到", 7),
                   Column("参会构成", 12), Column("归档号", 9)]
RESULT_COLUMNS = [Column("序号", 4), Column("编号", 11), Column("议题", 15), Column("主要意见", 21),
                  Column("结果", 19), Column("公示起止", 11), Column("责任人", 8), Column("期限", D),
                  Column("落实情况", 7), Column("回访日期/结果", 9), Column("规范程度", 4.5)]
KIND_COLUMNS: dict[str, list[Column]] = {
    "hearing": [Column("序号", 4), Column("编号", 11), Column("议题", 18), Column("会议日期", D),
                Column("主持人", 6), Column("应到/实到", 7), Column("主要意见", 23), Column("结果", 21),
                Column("公示起止", 11), Column("归档号", 8)],
    "coordination": [Column("序号", 4), Column("编号", 11), Column("议题", 16), Column("会议日期", D),
                     Column("主持人", 6), Column("主要意见", 19), Column("结果", 19), Column("责任人", 8),
                     Column("落实情况", 7), Column("回访日期/结果", 11), Column("归档号", 8)],
    "evaluation": [Column("序号", 4), Column("编号", 11), Column("议题", 16), Column("会议日期", D),
                   Column("应到/实到", 7), Column("主要意见", 21), Column("结果", 17),
                   Column("公示起止", 11), Column("落实情况", 7), Column("回访日期/结果", 8),
                   Column("归档号", 7)],
}


def _select(columns: list[Column], rows: list[SessionLedgerRow]) -> list[list[Any]]:
    out = []
    for i, r in enumerate(rows, 1):
        cells = session_cells(i, r)
        out.append([cells[c.header] for c in columns])
    return out


def _sheets(book: LedgerBook, which: Sequence[str]) -> list[Sheet]:
    year = f"（{book.year}年）" if book.year else ""
    name = book.committee.name
    out: list[Sheet] = []
    if "sessions" in which:
        out.append(Sheet(SUMMARY, f"{name}三会台账{year}", MEETING_COLUMNS,
                         _select(MEETING_COLUMNS, book.sessions)))
        out.append(Sheet(RESULTS, f"{name}三会落实台账{year}", RESULT_COLUMNS,
                         _select(RESULT_COLUMNS, book.sessions),
                         note="规范程度：按程序检查得出的分数（内部参考）"))
        kinds = [k.value for k in THREE_MEETINGS]
        for kind in kinds:
            rows = [r for r in book.sessions if r.kind == kind]
            label = _kind_label(kind) + "台账"
            cols = KIND_COLUMNS.get(kind, MEETING_COLUMNS)
            out.append(Sheet(label, f"{name}{label}{year}", cols, _select(cols, rows)))
    if "followups" in which:
        cols = [Column("序号", 4), Column("会议编号", 11), Column("类别", 6), Column("事项", 24),
                Column("责任人", 10), Column("期限", D), Column("状态", 6), Column("完成日期", D),
                Column("回访次数", 4.5), Column("最近回访", D), Column("回访结果", 18)]
        out.append(Sheet(FOLLOWUPS, f"{name}跟踪落实台账{year}", cols, [
            [i, f.session_number, f.kind, f.item, f.responsible, _date(f.deadline), f.status,
             _date(f.done_on), f.visit_count, _date(f.last_visit), f.visit_results]
            for i, f in enumerate(book.followups, 1)]))
    if "topics" in which:
        cols = [Column("序号", 4), Column("编号", 5), Column("议题", 22), Column("类别", 7),
                Column("来源", 8), Column("提出人数", 4.5), Column("楼号", 7), Column("状态", 6),
                Column("相关会议", 18), Column("决定", 20), Column("登记日期", D)]
        out.append(Sheet(TOPICS, f"{name}议题台账{year}", cols, [
            [i, t.id, t.title, t.category, t.source, t.raisers, t.building, t.state, t.sessions,
             t.decision, _date(t.created)] for i, t in enumerate(book.topics, 1)]))
    if "attendance" in which:
        three = [k.value for k in THREE_MEETINGS]
        cols = [Column("序号", 4.5), Column("姓名", 8), Column("楼组", 8), Column("楼号", 7),
                Column("身份", 18), Column("参会次数", 6), Column("听证会", 6), Column("协调会", 6),
                Column("评议会", 6), Column("其他会议", 6), Column("缺席/请假", 7), Column("最近参会", D)]
        out.append(Sheet(ATTENDANCE, f"{name}参会台账{year}", cols, [
            [i, a.name, a.group, a.building, a.roles, a.attended,
             *[a.by_kind.get(k, 0) for k in three],
             sum(v for k, v in a.by_kind.items() if k not in three), a.absent, _date(a.last_date)]
            for i, a in enumerate(book.attendance, 1)]))
    if "stats" in which and book.stats is not None:
        out.append(_stats_sheet(book, name))
    return out


def _stats_sheet(book: LedgerBook, name: str) -> Sheet:
    s = book.stats
    assert s is not None
    cols = [Column(h, w) for h, w in (("会议类型", 9), ("第一季度", 8), ("第二季度", 8),
                                       ("第三季度", 8), ("第四季度", 8), ("全年合计", 8),
                                       ("年度最低次数", 9), ("是否达标", 8), ("参会人次", 8),
                                       ("平均满意率", 9), ("平均规范程度", 9), ("说明理由次数", 9))]
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
        rows.append([_kind_label(kind), *q, total, minimum, ok, s.person_times.get(kind, 0),
                     percent(s.satisfaction.get(kind)) if kind == "evaluation" else "",
                     None if comp is None else round(comp, 1), s.overrides.get(kind, 0)])
    return Sheet(STATS, f"{name}三会年度统计（{s.year}年）", cols, rows)


# -- laying a sheet out for paper -----------------------------------------------------------

def text_units(text: str) -> float:
    """Width of a text in Excel units at 10 pt: a Chinese character about two, others one."""
    return sum(2.0 if ord(ch) > 0x2E80 else 1.05 for ch in text)


def _shown(value: Any) -> str:
    if isinstance(value, dt.date):
        return cn_date(value)
    return "" if value is None else str(value)


def lines_needed(text: str, width: float) -> int:
    usable = max(1.0, width - 1.5)  # cell padding
    return sum(max(1, math.ceil(text_units(p) / usable)) for p in text.split("\n"))


def row_height(values: Sequence[Any], columns: Sequence[Column]) -> float:
    lines = max((lines_needed(_shown(v), c.width) for v, c in zip(values, columns, strict=False)),
                default=1)
    return round(lines * LINE_PT + 4, 1)


def made_line(book: LedgerBook) -> str:
    """制表单位、制表人 (the name, or a line to sign) and 制表日期: on every sheet."""
    who = book.made_by or "＿＿＿＿"
    return (f"制表单位：{book.committee.name}　制表人：{who}　制表日期：{cn_date(book.made_on)}"
            f"　{NOTE_MADE}")


def fill(ws: Worksheet, sheet: Sheet, made: str) -> None:
    ncols = len(sheet.columns)
    last = get_column_letter(ncols)
    ws.append([sheet.title])
    ws.merge_cells(f"A1:{last}1")
    c = ws["A1"]
    c.font, c.alignment = TITLE_FONT, Alignment(horizontal="center", vertical="center")
    xlsx_text(c)
    ws.row_dimensions[1].height = 30
    note = made + (f"　{sheet.note}" if sheet.note else "")
    ws.append([note])
    ws.merge_cells(f"A2:{last}2")
    ws["A2"].font = NOTE_FONT
    ws["A2"].alignment = Alignment(horizontal="right", vertical="center", wrap_text=True)
    xlsx_text(ws["A2"])
    total = sum(col.width for col in sheet.columns)
    ws.row_dimensions[2].height = max(1, math.ceil(text_units(note) / max(1.0, total - 2))) * LINE_PT + 4
    ws.append(sheet.header)
    for col in range(1, ncols + 1):
        h = ws.cell(HEADER_ROW, col)
        h.font, h.fill, h.alignment, h.border = HEAD_FONT, HEAD_FILL, CENTRE, BORDER
        xlsx_text(h)
    ws.row_dimensions[HEADER_ROW].height = row_height(sheet.header, sheet.columns)
    aligns = [CENTRE if h in sheet.centred else WRAP for h in sheet.header]
    for values in sheet.rows:
        ws.append(values)
        ws.row_dimensions[ws.max_row].height = row_height(values, sheet.columns)
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
                styles[key] = cell._style  # type: ignore[union-attr]  # a StyleArray: not in the stubs
            else:
                cell._style = copy(style)  # type: ignore[union-attr]  # as above
            value = cell.value
            if type(value) is str and value.startswith(FORMULA_START):  # text, never a formula
                xlsx_text(cell)
    for col, spec in enumerate(sheet.columns, 1):
        ws.column_dimensions[get_column_letter(col)].width = spec.width
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    # the columns fit the width at 100 %; fit-to-width stays as a guard for other fonts
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    props = ws.sheet_properties
    if props.pageSetUpPr is None:
        props.pageSetUpPr = PageSetupProperties()
    props.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.7
    odd, even = ws.oddFooter, ws.evenFooter
    if odd is not None and even is not None:  # openpyxl makes both with every sheet
        odd.center.text = "第&P页　共&N页"
        odd.right.text = sheet.name
        even.center.text = "第&P页　共&N页"
    if not sheet.rows:
        ws.cell(HEADER_ROW + 1, 1, "（无记录）").font = NOTE_FONT


def build(book: LedgerBook, which: Sequence[str] = ALL_SHEETS,
          progress: Callable[[int, int, str], None] | None = None,
          extra: Sequence[Sheet] = ()) -> Workbook:
    wb = Workbook()
    wb.remove(wb.worksheets[0])  # the empty default sheet
    made = made_line(book)
    sheets = [*_sheets(book, which), *extra]
    for i, sheet in enumerate(sheets):
        if progress:
            progress(i, len(sheets), sheet.name)
        fill(wb.create_sheet(sheet.name), sheet, made)
    wb.properties.creator = "selfgov-desktop"
    wb.properties.title = f"{book.committee.name}台账"
    return wb


def write(book: LedgerBook, path: str | Path, which: Sequence[str] = ALL_SHEETS,
          progress: Callable[[int, int, str], None] | None = None) -> Path:
    wb = build(book, which, progress)
    return write_atomic(path, lambda tmp: wb.save(tmp))
