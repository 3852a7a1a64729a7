"""Shared A4 layout in the spirit of GB/T 9704 (党政机关公文格式).

Title large and centred in 小标宋 (nearest: bold 宋体), body 16 pt (三号) 仿宋 with generous
leading, headings in 黑体, two-character
first-line indent, committee name and date at the lower right with room for the seal,
"第 X 页 共 Y 页" at the foot of multi-page documents. Fonts are embedded (subset)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (CondPageBreak, Flowable, KeepTogether, Paragraph,
                                SimpleDocTemplate, Spacer, Table, TableStyle)

from ..domain.dates import cn_date
from . import fonts
from .atomic import write_bytes_atomic
from ..domain.documents import tidy
from .fonts import HEI, KAI, TITLE, markup

PAGE_W, PAGE_H = A4
# GB/T 9704: top 37 mm, left 28 mm, text block 156 × 225 mm.
MARGIN_TOP = 32 * mm
MARGIN_BOTTOM = 30 * mm
MARGIN_LEFT = 28 * mm
MARGIN_RIGHT = 26 * mm
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT

BODY_SIZE = 16
BODY_LEADING = 28
TABLE_SIZE = 12
TABLE_LEADING = 17
INK = colors.black
RULE = colors.HexColor("#333333")


def _style(name: str, **kw: Any) -> ParagraphStyle:
    base: dict[str, Any] = dict(fontName=KAI, fontSize=BODY_SIZE, leading=BODY_LEADING, wordWrap="CJK",
                textColor=INK, alignment=TA_JUSTIFY)
    base.update(kw)
    return ParagraphStyle(name, **base)


def make_styles(body: float = BODY_SIZE, leading: float = BODY_LEADING) -> dict[str, ParagraphStyle]:
    """The style sheet for a body size (notices shrink a little to stay on one page)."""
    return {
        "title": _style("title", fontName=TITLE, fontSize=body + 6, leading=(body + 6) * 1.55,
                        alignment=TA_CENTER, spaceAfter=6),
        "body": _style("body", fontSize=body, leading=leading, firstLineIndent=2 * body),
        "plain": _style("plain", fontSize=body, leading=leading),
        "centre": _style("centre", fontSize=body, leading=leading, alignment=TA_CENTER),
    }


STYLES = {
    "title": _style("title", fontName=TITLE, fontSize=22, leading=34, alignment=TA_CENTER,
                    spaceAfter=6),
    "subtitle": _style("subtitle", fontSize=14, leading=22, alignment=TA_CENTER, spaceAfter=14),
    "body": _style("body", firstLineIndent=2 * BODY_SIZE),
    "plain": _style("plain"),
    "field": _style("field", leftIndent=0, firstLineIndent=0),
    "heading": _style("heading", fontName=HEI, fontSize=BODY_SIZE, leading=BODY_LEADING,
                      spaceBefore=8, spaceAfter=2, alignment=TA_LEFT),
    "right": _style("right", alignment=TA_RIGHT),
    "centre": _style("centre", alignment=TA_CENTER),
    "cell": _style("cell", fontSize=TABLE_SIZE, leading=TABLE_LEADING, alignment=TA_LEFT),
    "cell_c": _style("cell_c", fontSize=TABLE_SIZE, leading=TABLE_LEADING, alignment=TA_CENTER),
    "cell_h": _style("cell_h", fontName=HEI, fontSize=TABLE_SIZE, leading=TABLE_LEADING,
                     alignment=TA_CENTER),
    "small": _style("small", fontSize=12, leading=18, alignment=TA_LEFT),
}


def para(text: str, style: str = "body", sheet: dict[str, ParagraphStyle] | None = None) -> Paragraph:
    st = (sheet or STYLES).get(style) or STYLES[style]
    return Paragraph(markup(tidy(text), st.fontName), st)


CLOSING = "，。、；：？！）》」』”’〕】"
OPENING = "（《「『“‘〔【"
# Where a title may break (GB/T 9704 7.3.3: 回行时词意完整, 排列对称). A break inside a run of
# digits or Latin letters, or inside one of the compound words below, is never allowed. Breaks
# after a function word or before the kind of document are good; a break before a noun that
# may close a compound (停车管理|方案, 使用|计划) only when nothing better balances.
BREAK_AFTER = ("关于", "召开", "的", "和", "及", "与")
BREAK_BEFORE = ("加装", "听证", "协调会", "评议", "居民会议", "居民代表会议", "公告", "公示", "公开",
                "结果", "决议", "实施")
WEAK_BEFORE = ("方案", "计划", "工作", "使用", "改造", "调整", "管理", "施工", "更新", "选址")
# Words read as one: a title never breaks inside them.
COMPOUNDS = ("管理方案", "施工方案", "实施方案", "改造方案", "调整方案", "选址方案", "电梯方案",
             "使用计划", "工作计划", "实施计划", "停车管理", "物业管理", "物业服务", "服务评议", "工作评议",
             "公共收益", "公共照明", "公共部位", "更新改造", "分流改造", "照明改造", "改造施工",
             "方案调整", "居民公约", "非机动车", "充电棚", "垃圾箱房", "健身苑点", "雨污分流")
WEAK_PENALTY = 8  # a weak break costs as much as this many characters of imbalance


def _inside_compound(text: str, i: int) -> bool:
    for w in COMPOUNDS:
        start = text.find(w)
        while start != -1:
            if start < i < start + len(w):
                return True
            start = text.find(w, start + 1)
    return False


def _break_points(text: str) -> dict[int, bool]:
    """Where `text` may break: position → True for a good break, False for a weak one."""
    points: dict[int, bool] = {}
    for i in range(1, len(text)):
        a, b = text[i - 1], text[i]
        if (a.isascii() and a.isalnum()) and (b.isascii() and b.isalnum()):
            continue
        if b in CLOSING or a in OPENING or _inside_compound(text, i):
            continue
        if (any(text[:i].endswith(w) for w in BREAK_AFTER)
                or any(text[i:].startswith(w) for w in BREAK_BEFORE)
                or a in "，、；：" or b in OPENING
                or (a in "年度号弄幢区" and not b.isdigit() and b not in "度")):
            points[i] = True
        elif any(text[i:].startswith(w) for w in WEAK_BEFORE):
            points[i] = False
    return points


def balanced_lines(text: str, size: float, width: float, base: str = TITLE) -> list[str]:
    """Split a long title into lines of nearly equal length, breaking between words."""
    full = fonts.string_width(text, size, base)
    if full <= width or len(text) < 4:
        return [text]
    n = int(full // width) + 1
    points = _break_points(text)
    best: list[str] | None = None
    best_cost = float("inf")

    def search(start: int, left: int, acc: list[str]) -> None:
        nonlocal best, best_cost
        if left == 1:
            lines = [*acc, text[start:]]
            widths = [fonts.string_width(ln, size, base) for ln in lines]
            if max(widths) > width:
                return
            cuts = [sum(len(ln) for ln in lines[:k]) for k in range(1, len(lines))]
            weak = sum(1 for cut in cuts if not points[cut])
            cost = max(widths) - min(widths) + weak * WEAK_PENALTY * size
            if cost < best_cost:
                best, best_cost = lines, cost
            return
        for p in points:
            if p > start:
                search(p, left - 1, [*acc, text[start:p]])

    for lines_n in (n, n + 1):
        search(0, lines_n, [])
        if best is not None:
            return best
    per = -(-len(text) // n)  # no word break fits: equal lengths, punctuation kept in place
    lines = [text[i:i + per] for i in range(0, len(text), per)]
    for i in range(1, len(lines)):
        while lines[i] and lines[i][0] in CLOSING:
            lines[i - 1] += lines[i][0]
            lines[i] = lines[i][1:]
    return [ln for ln in lines if ln]


def title(text: str, sheet: dict[str, ParagraphStyle] | None = None) -> Paragraph:
    st = (sheet or STYLES)["title"]
    lines = balanced_lines(tidy(text), st.fontSize, TEXT_W - 2 * st.fontSize)
    return Paragraph("<br/>".join(markup(ln, TITLE) for ln in lines), st)


def heading(text: str, keep_lines: int = 3) -> list[Flowable]:
    # keep a heading with at least a few lines of what follows it (more before a table)
    return [CondPageBreak(BODY_LEADING * keep_lines), para(text, "heading")]


def field_line(label: str, value: str) -> Paragraph:
    """主持人：张三 — the label in 黑体, the value in 楷体."""
    st = STYLES["field"]
    return Paragraph(f'<font name="{HEI}">{markup(tidy(label), HEI)}：</font>{markup(tidy(value), KAI)}', st)


CELL_MAX_HEIGHT = 420.0  # points: a table row must fit on one page (the frame is ~650 high)


def _fit(text: str, width: float) -> str:
    """A cell's text cut to what fits in one page's height of its column (a 3,000-character
    name typed into a free-text field would otherwise make a row taller than the page)."""
    per_line = max(1, int((width - 8) / TABLE_SIZE))
    most = per_line * int(CELL_MAX_HEIGHT / TABLE_LEADING)
    if len(text) <= most:
        return text
    return text[: max(1, most - 8)] + f"…（共{len(text)}字）"


def table(header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float],
          centre_cols: Sequence[int] = ()) -> Table:
    """A ruled table; widths are fractions of the text width."""
    data = [[Paragraph(markup(tidy(h), HEI), STYLES["cell_h"]) for h in header]]
    total = sum(widths)
    col_w = [TEXT_W * w / total for w in widths]
    for row in rows:
        data.append([Paragraph(markup(tidy(_fit(str(v), col_w[i] if i < len(col_w) else TEXT_W)), KAI),
                               STYLES["cell_c" if i in centre_cols else "cell"])
                     for i, v in enumerate(row)])
    t = Table(data, colWidths=col_w, repeatRows=1,
              spaceBefore=4, spaceAfter=8)
    t.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), KAI),  # the cell default, else Helvetica is referenced
        ("GRID", (0, 0), (-1, -1), 0.6, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]))
    return t


def signature_block(committee_name: str, date: dt.date | str | None,
                    closing: str = "", sheet: dict[str, ParagraphStyle] | None = None) -> KeepTogether:
    """特此公示。 then, at the lower right, the committee's full name and the date; the blank
    above leaves room for the seal (which is stamped over the name and date)."""
    return KeepTogether(signature_parts(committee_name, date, closing, sheet))


def signature_parts(committee_name: str, date: dt.date | str | None,
                    closing: str = "", sheet: dict[str, ParagraphStyle] | None = None) -> list[Flowable]:
    """signature_block's parts, for a caller that keeps them together with more."""
    items: list[Flowable] = []
    body = (sheet or STYLES)["body"]
    if closing:
        items.append(para(closing, "body", sheet))
    items.append(Spacer(1, body.leading * 1.6))
    items.append(_RightBlock([committee_name, cn_date(date) if date else ""], body.fontSize,
                             body.leading))
    return items


class _RightBlock(Flowable):
    """Lines right-aligned as a block, each centred on the longest, 2 characters from the
    right edge (GB/T 9704: 成文日期 右空四字, 发文机关署名 centred above it)."""

    def __init__(self, lines: list[str], size: float = BODY_SIZE,
                 leading: float = BODY_LEADING) -> None:
        super().__init__()
        self.lines = [ln for ln in lines if ln]
        self.size, self.leading = size, leading

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.width = avail_w
        self.height = self.leading * len(self.lines)
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        widths = [fonts.string_width(ln, self.size) for ln in self.lines]
        block = max(widths) if widths else 0
        centre = self.width - 2 * self.size - block / 2
        y = self.height - self.size
        for ln in self.lines:
            fonts.draw_string(c, centre, y, ln, self.size, align="centre")
            y -= self.leading


def signature_lines(labels: Sequence[str], dated: bool = False) -> Table:
    """主持人（签名）：________ , two per row; dated: each with its 日期 line beneath."""
    cells = [lab if "签名" in lab else f"{lab}（签名）：" for lab in labels]
    if dated:
        cells = [c + ("" if c.endswith("：") else "：") + "<br/>日期：　　年　　月　　日" for c in cells]
    rows = [cells[i:i + 2] + [""] * (2 - len(cells[i:i + 2])) for i in range(0, len(cells), 2)]
    data = [[Paragraph("<br/>".join(markup(part, KAI) for part in c.split("<br/>")), STYLES["plain"])
             for c in r] for r in rows]
    height = BODY_LEADING * (2.4 if dated else 1.8)
    t = Table(data, colWidths=[TEXT_W / 2] * 2, rowHeights=[height] * len(data))
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("FONTNAME", (0, 0), (-1, -1), KAI),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return t


def signature_grid(names: Sequence[str]) -> Table:
    """A ruled sheet for many signatures (a hearing's 听证代表): 姓名 | 签名, two pairs a row,
    each 签名 cell wide and tall enough for a hand."""
    cells = [Paragraph(markup(tidy(n), KAI), STYLES["cell_c"]) for n in names]
    blank = Paragraph("", STYLES["cell"])
    rows = []
    for i in range(0, len(cells), 2):
        pair = cells[i:i + 2]
        row: list[Paragraph] = []
        for c in pair:
            row += [c, blank]
        rows.append(row + [blank] * (4 - len(row)))
    head = [Paragraph(markup(h, HEI), STYLES["cell_h"]) for h in ("姓名", "签名", "姓名", "签名")]
    t = Table([head, *rows], colWidths=[TEXT_W * w for w in (0.2, 0.3, 0.2, 0.3)],
              rowHeights=[BODY_LEADING * 0.9] + [BODY_LEADING * 1.4] * len(rows), repeatRows=1,
              spaceBefore=4, spaceAfter=4)
    t.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), KAI),
        ("GRID", (0, 0), (-1, -1), 0.6, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
    ]))
    return t


class _NumberedCanvas(rl_canvas.Canvas):
    """Defers each page until the end to print "第 X 页 共 Y 页" (only when Y > 1)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # reportlab's Canvas arguments
        kwargs["initialFontName"] = kwargs.get("initialFontName") or KAI  # no bare Helvetica
        super().__init__(*args, **kwargs)
        self._saved: list[dict[str, object]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab API
        self._saved.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # the page reset showPage() does; not in the stubs

    def save(self) -> None:
        total = len(self._saved)
        for state in self._saved:
            self.__dict__.update(state)
            if total > 1:
                text = f"第{self.getPageNumber()}页　共{total}页"
                fonts.draw_string(self, PAGE_W / 2, MARGIN_BOTTOM / 2, text, 11, align="centre")
            super().showPage()
        super().save()


def _watermark(canvas: rl_canvas.Canvas, text: str) -> None:
    """Large light diagonal text across the page (e.g. 内部 on a notice not for the board)."""
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.75, 0.75, 0.75, alpha=0.45))
    canvas.setFont(HEI, 120)
    w, h = A4
    canvas.translate(w / 2, h / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, -40, text)
    canvas.restoreState()
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.6, 0.0, 0.0))
    canvas.setFont(HEI, 12)
    canvas.drawString(MARGIN_LEFT, h - MARGIN_TOP / 2, f"【{text}】")
    canvas.restoreState()


class _PlainCanvas(rl_canvas.Canvas):
    """Separate sheets in one file (a notice to each party): no page numbers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # reportlab's Canvas arguments
        kwargs["initialFontName"] = kwargs.get("initialFontName") or KAI
        super().__init__(*args, **kwargs)


def build(flowables: list[Flowable], *, doc_title: str, author: str = "",
          subject: str = "", numbered: bool = True, watermark: str = "") -> tuple[bytes, int]:
    """The PDF bytes and its page count; `watermark` is printed large across every page."""
    fonts.register()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
                            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=doc_title,
                            author=author, subject=subject, creator="selfgov-desktop")
    pages: list[int] = []

    def count(canvas: rl_canvas.Canvas, _doc: object) -> None:
        pages.append(canvas.getPageNumber())
        if watermark:
            _watermark(canvas, watermark)

    maker = _NumberedCanvas if numbered else _PlainCanvas
    doc.build(flowables, onFirstPage=count, onLaterPages=count, canvasmaker=maker)
    return buf.getvalue(), len(pages)


def write(path: str | Path, flowables: list[Flowable], *, doc_title: str,
          author: str = "") -> tuple[Path, int]:
    data, pages = build(flowables, doc_title=doc_title, author=author)
    return write_bytes_atomic(path, data), pages
