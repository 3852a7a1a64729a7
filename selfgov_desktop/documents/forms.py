"""The paper used in the room, as PDF (same fonts and A4 layout as the other documents):

- 签到表 (sign-in sheet): committee, session, date, place, 应到; a row per invited person with
  name, 楼组/单位, role, a signature column and a 代签/委托 column; blank rows for walk-ins;
  "第 X 页 共 Y 页". Internal: names are not masked.
- 评议表 (evaluation form): the object, the criteria, the scale, a comments box, a form number
  and NO name (anonymous); one copy per page.
- 表决票 (ballot): the motions with 同意 / 不同意 / 弃权 boxes and a number; one per page.
- 统计表 (tally sheet): issued / returned / valid / void, a column per option for every
  criterion or motion, and lines for 计票人 and 监票人.

Data in (domain.paper), file out."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (Flowable, KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer,
                                Table, TableStyle)
from reportlab.pdfgen import canvas as rl_canvas

from ..domain.dates import cn_date
from ..domain.meetings import motion_passes
from ..domain.paper import BallotSheet, EvaluationSheet, SigninSheet, TallySheet
from . import fonts, pdf
from .atomic import write_bytes_atomic
from .fonts import HEI, KAI, markup
from .pdf import STYLES, TEXT_W, para

HEAD_BG = colors.HexColor("#EEEEEE")
SCALE_HINT = {
    "满意度": "请对每项内容在“满意”“基本满意”“不满意”中选一项，在对应格内打“√”。",
    "称职度": "请对每项内容在“优秀”“称职”“基本称职”“不称职”中选一项，在对应格内打“√”。",
    "五分制": "请对每项内容打分（5 分最好，1 分最差），在对应格内打“√”。",
}


SMALL_RIGHT = ParagraphStyle("small_right", parent=STYLES["small"], alignment=TA_RIGHT)
NUMBER = ParagraphStyle("form_number", parent=STYLES["small"], fontName=HEI, fontSize=13, leading=18,
                        alignment=TA_RIGHT)


def _right(text: str, style: ParagraphStyle = SMALL_RIGHT) -> Paragraph:
    return Paragraph(markup(text, style.fontName), style)


def _p(text: str, style: str = "cell", base: str = KAI) -> Paragraph:
    st = STYLES[style]
    return Paragraph(markup(text, base), st)


def _grid(data: list[list[object]], widths: list[float], row_heights: list[float | None] | None = None,
          header_rows: int = 1, min_height: float = 0) -> Table:
    """A ruled table. min_height: rows grow with their text (a long name wraps inside its
    row, never over the row above) but are at least this tall (room to sign)."""
    total = sum(widths)
    pad = max(3.0, (min_height - pdf.TABLE_LEADING) / 2) if min_height else 3.0
    if min_height and row_heights is None:
        grown: list[float | None] = [None]
        for row in data[1:]:
            grown.append(None if any(c not in ("", None) for c in row[1:]) else min_height)
        row_heights = grown
    t = Table(data, colWidths=[TEXT_W * w / total for w in widths], rowHeights=row_heights,
              repeatRows=header_rows, spaceBefore=4, spaceAfter=8)
    t.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), KAI),
        ("GRID", (0, 0), (-1, -1), 0.6, pdf.RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_BG),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, header_rows), (-1, -1), pad),
        ("BOTTOMPADDING", (0, header_rows), (-1, -1), pad),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]))
    return t


def _when(date: dt.date | str | None, time: str = "") -> str:
    d = cn_date(date) if date else "　　年　　月　　日"
    return f"{d}{time}"


# -- 签到表 ----------------------------------------------------------------------------------

SIGNIN_NOTE = ("说明：本人到会请在“本人签名”栏签名；委托他人出席或由家属代签的，由受托人在“代签/委托”栏"
               "签名并注明“代某某”。名单外到会的人员请在空白行登记姓名和楼组。本表为内部记录，不对外公开。")


def signin_flowables(s: SigninSheet) -> list[Flowable]:
    if s.sections:
        return _signin_by_group(s)
    out: list[Flowable] = [pdf.title(f"{s.title}签到表")]
    info = [f"{s.committee}　{s.kind_label}" + (f"　编号：{s.number}" if s.number else ""),
            f"时间：{_when(s.date, s.time)}　　地点：{s.place or '　　　　　　'}",
            f"应到{s.due}人" + (f"（按{s.basis}计算）" if s.basis else "")
            + "　　实到＿＿＿人（其中委托＿＿＿人）"]
    for line in info:
        out.append(para(line, "small"))
    out.append(Spacer(1, 4))
    head = ["序号", "姓名", "楼组/单位", "角色", "本人签名", "代签/委托"]
    data: list[list[object]] = [[_p(h, "cell_h", HEI) for h in head]]
    for i, r in enumerate(s.rows, start=1):
        data.append([_p(str(i), "cell_c"), _p(r.name), _p(r.unit), _p(r.role, "cell_c"), "", ""])
    n = len(s.rows)
    for j in range(s.blank_rows):
        data.append([_p(str(n + j + 1), "cell_c"), "", "", "", "", ""])
    out.append(_grid(data, [0.75, 1.3, 1.6, 1.3, 1.9, 1.9], min_height=27.0))
    out.append(KeepTogether([para(SIGNIN_NOTE, "small"), Spacer(1, 6),
                             pdf.signature_lines(["签到负责人"])]))
    return out


def _signin_by_group(s: SigninSheet) -> list[Flowable]:
    """A 居民会议: one sheet per 楼组 from the roster, each with its own 应到 (the 楼组长 takes
    it to the door); the first sheet says the meeting's 应到 and how it is counted."""
    out: list[Flowable] = []
    total = sum(n for _g, n, _rows in s.sections)
    for k, (group, due, rows) in enumerate(s.sections):
        if k:
            out.append(PageBreak())
        out.append(pdf.title(f"{s.title}签到表"))
        out.append(para(f"{s.committee}　{s.kind_label}" + (f"　编号：{s.number}" if s.number else ""),
                        "small"))
        out.append(para(f"时间：{_when(s.date, s.time)}　　地点：{s.place or '　　　　　　'}", "small"))
        out.append(para(f"本次会议应到{s.due}人" + (f"（按{s.basis}计算）" if s.basis else "")
                        + f"，其中在册名单{total}人，分{len(s.sections)}个楼组签到。", "small"))
        out += pdf.heading(f"{group}　应到{due}人　实到＿＿＿人（其中委托＿＿＿人）", 4)
        head = ["序号", "姓名", "楼号", "本人签名", "代签/委托"]
        data: list[list[object]] = [[_p(h, "cell_h", HEI) for h in head]]
        for i, r in enumerate(rows, start=1):
            data.append([_p(str(i), "cell_c"), _p(r.name), _p(r.unit, "cell_c"), "", ""])
        for j in range(3):
            data.append([_p(str(len(rows) + j + 1), "cell_c"), "", "", "", ""])
        out.append(_grid(data, [0.7, 1.5, 1.1, 2.2, 2.2], min_height=24.0))
        out.append(KeepTogether([para(SIGNIN_NOTE, "small"), Spacer(1, 6),
                                 pdf.signature_lines([f"{group}签到负责人"])]))
    return out


# -- 评议表 ----------------------------------------------------------------------------------

class _Box(Flowable):
    """A ruled box with a label at its top left (the comments box): as tall as the page
    allows (up to `max_h`), leaving `reserve` for what follows, never under `min_h`."""

    def __init__(self, label: str, max_h: float, reserve: float = 64, min_h: float = 90) -> None:
        super().__init__()
        self.label, self.max_h, self.reserve, self.min_h = label, max_h, reserve, min_h
        self.box_h = min_h

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width = avail_w
        self.box_h = max(self.min_h, min(self.max_h, avail_h - self.reserve))
        return avail_w, self.box_h

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(pdf.RULE)
        c.setLineWidth(0.6)
        c.rect(0, 0, self.width, self.box_h)
        fonts.draw_string(c, 6, self.box_h - 16, self.label, 12)


def evaluation_page(e: EvaluationSheet, number: str) -> list[Flowable]:
    out: list[Flowable] = [_right(f"编号：{number}", NUMBER), pdf.title(f"{e.title}评议表")]
    typed = e.object_type and e.object_type not in e.object_name
    obj = e.object_name + (f"（{e.object_type}）" if typed else "")
    out.append(para(f"评议对象：{obj}", "small"))
    if e.period:
        out.append(para(f"评议期间：{e.period}", "small"))
    out.append(para("本表不记名，请勿在表上写姓名。" + SCALE_HINT.get(e.scale, SCALE_HINT["满意度"])
                    + "每项只选一项；某项多选、不选或无法辨认的，该项不计，其他项照常有效；"
                    "写了姓名或无法辨认全表的，整张作无效。", "small"))
    out.append(Spacer(1, 4))
    head = ["序号", "评议内容", *e.options]
    data: list[list[object]] = [[_p(h, "cell_h", HEI) for h in head]]
    for i, name in enumerate(e.criteria, start=1):
        data.append([_p(str(i), "cell_c"), _p(name), *([""] * len(e.options))])
    opt_w = 1.2 if len(e.options) <= 3 else 1.0 if len(e.options) == 4 else 0.8
    heights: list[float | None] = [None] + [30.0] * len(e.criteria)
    out.append(_grid(data, [0.6, 3.0, *([opt_w] * len(e.options))], heights))
    out.append(Spacer(1, 6))
    out.append(_Box("意见和建议：", 240))
    out.append(Spacer(1, 10))
    out.append(_right(e.committee))
    out.append(_right(_when(e.date)))
    return out


def evaluation_flowables(e: EvaluationSheet) -> list[Flowable]:
    out: list[Flowable] = []
    for i, number in enumerate(e.numbers):
        if i:
            out.append(PageBreak())
        out += evaluation_page(e, number)
    return out


# -- 表决票 ----------------------------------------------------------------------------------

def ballot_page(b: BallotSheet, number: str) -> list[Flowable]:
    out: list[Flowable] = [_right(f"编号：{number}", NUMBER), pdf.title("表决票")]
    out.append(para(f"{b.title}　{_when(b.date)}", "centre"))
    out.append(para("请对每项表决事项在“" + "”“".join(b.options) + "”中选一项，在对应格内打“√”。"
                    "本票不记名。某项未选的按弃权计；多选或无法辨认的，整张作无效票。"
                    "本票加盖居委会印章有效。", "small"))
    out.append(Spacer(1, 4))
    head = ["序号", "表决事项", *b.options]
    data: list[list[object]] = [[_p(h, "cell_h", HEI) for h in head]]
    for i, m in enumerate(b.motions, start=1):
        data.append([_p(str(i), "cell_c"), _p(m), *([""] * len(b.options))])
    heights: list[float | None] = [None] + [40.0] * len(b.motions)
    out.append(_grid(data, [0.6, 3.6, *([1.0] * len(b.options))], heights))
    out.append(Spacer(1, 10))
    out.append(_right(f"{b.committee}（盖章）"))
    return out


class _CutLine(Flowable):
    """A dashed line to cut along: ballots are small, several share an A4 sheet."""

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width = avail_w
        return avail_w, 28

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(colors.HexColor("#888888"))
        c.setDash(4, 3)
        c.line(0, 14, self.width, 14)
        c.setDash()
        fonts.draw_string(c, self.width / 2, 18, "（沿虚线剪开）", 9, align="centre")


def ballot_flowables(b: BallotSheet) -> list[Flowable]:
    out: list[Flowable] = []
    for i, number in enumerate(b.numbers):
        if i:
            out.append(_CutLine())
        out.append(KeepTogether(ballot_page(b, number)))
    return out


# -- 统计表 ----------------------------------------------------------------------------------

def tally_flowables(t: TallySheet) -> list[Flowable]:
    ballots = t.what == "表决票"
    out: list[Flowable] = [pdf.title(f"{t.title}计票统计表")]
    out.append(para(t.committee, "small"))
    out.append(para(f"时间：{_when(t.date)}　　地点：{t.place or '　　　　'}", "small"))
    present = f"{t.attending}人" if t.attending else "＿＿＿人"
    out.append(para(f"到会人数：{present}" + ("（表决以到会人数为基数：赞成超过到会人数的一半为通过）"
                                          if ballots else ""), "small"))
    f = t.forms
    issued = f.issued if f else t.issued
    nums = [issued, *(x for x in ((f.returned, f.valid, f.void) if f else (None, None, None)))]
    head_f = [f"发出{t.what}（张）", "收回（张）", "有效（张）", "无效（张）"]
    out.append(_grid([[_p(h, "cell_h", HEI) for h in head_f],
                      [_p("" if v is None else str(v), "cell_c") for v in nums]],
                     [1.0, 1.0, 1.0, 1.0], [None, 30.0]))
    out.append(para("有效＋无效＝收回；收回不多于发出。", "small"))
    out.append(Spacer(1, 4))
    head = ["序号", t.item_label, *t.options, "合计"] + (["是否通过"] if ballots else [])
    data: list[list[object]] = [[_p(h, "cell_h", HEI) for h in head]]
    for i, name in enumerate(t.items, start=1):
        counts = t.counts.get(name)
        cells = [_p(str(counts.get(o, 0)), "cell_c") if counts else "" for o in t.options]
        total = _p(str(sum(counts.values())), "cell_c") if counts else ""
        row: list[object] = [_p(str(i), "cell_c"), _p(name), *cells, total]
        if ballots:
            verdict = ""
            if counts and t.attending:
                verdict = "通过" if motion_passes(int(counts.get("同意", 0)), t.attending) else "未通过"
            row.append(_p(verdict, "cell_c"))
        data.append(row)
    opt_w = 1.0 if len(t.options) <= 4 else 0.8
    widths = [0.6, 2.8, *([opt_w] * len(t.options)), 0.9] + ([1.1] if ballots else [])
    out.append(_grid(data, widths, min_height=34.0))
    if ballots:
        out.append(para("同意＋不同意＋弃权＝有效票。某项未选的按弃权计。计票完毕，计票人、监票人当场签字并宣布结果。",
                        "small"))
    else:
        out.append(para("每项各选项票数之和不多于有效票数（某项空白或多选的，该项不计）。"
                        "计票完毕，计票人、监票人当场签字并宣布结果。", "small"))
    out.append(Spacer(1, 8))
    out.append(pdf.signature_lines(["计票人", "监票人", "主持人"]))
    out.append(para("日期：＿＿＿＿年＿＿月＿＿日", "plain"))
    return out


# -- writing -----------------------------------------------------------------------------------

def _build_plain(flowables: list[Flowable], doc_title: str, author: str) -> tuple[bytes, int]:
    """Copies of a form: no "第 X 页 共 Y 页" (each sheet carries its own form number)."""
    fonts.register()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=pdf.MARGIN_LEFT, rightMargin=pdf.MARGIN_RIGHT,
                            topMargin=pdf.MARGIN_TOP - 8, bottomMargin=pdf.MARGIN_BOTTOM - 8,
                            title=doc_title, author=author, creator="selfgov-desktop")
    pages: list[int] = []

    def count(canvas: rl_canvas.Canvas, _doc: object) -> None:
        pages.append(canvas.getPageNumber())

    def maker(*args: Any, **kwargs: Any) -> rl_canvas.Canvas:  # reportlab's Canvas arguments
        kwargs["initialFontName"] = KAI
        return rl_canvas.Canvas(*args, **kwargs)

    doc.build(flowables, onFirstPage=count, onLaterPages=count, canvasmaker=maker)
    return buf.getvalue(), len(pages)


def render(kind: str, sheet: SigninSheet | EvaluationSheet | BallotSheet | TallySheet) -> tuple[bytes, int]:
    if kind == "signin" and isinstance(sheet, SigninSheet):
        return pdf.build(signin_flowables(sheet), doc_title=f"{sheet.title}签到表", author=sheet.committee)
    if kind == "evaluation" and isinstance(sheet, EvaluationSheet):
        return _build_plain(evaluation_flowables(sheet), f"{sheet.title}评议表", sheet.committee)
    if kind == "ballot" and isinstance(sheet, BallotSheet):
        return _build_plain(ballot_flowables(sheet), f"{sheet.title}表决票", sheet.committee)
    if kind == "tally" and isinstance(sheet, TallySheet):
        return pdf.build(tally_flowables(sheet), doc_title=f"{sheet.title}计票统计表", author=sheet.committee)
    raise ValueError(f"unknown form kind {kind}")


def write(kind: str, sheet: SigninSheet | EvaluationSheet | BallotSheet | TallySheet,
          path: str | Path) -> tuple[Path, int]:
    data, pages = render(kind, sheet)
    return write_bytes_atomic(path, data), pages
