"""One-page documents a step names (协调会通知, 协议书, 评议结果反馈单, 整改承诺书, 代表名单),
laid out as the notices are: title, addressee, body, an optional ruled table, signature and
date lines, the committee and date at the lower right. A set of letters prints each on its
own page (a 协调会通知 to each party)."""

from __future__ import annotations

from pathlib import Path

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from ..domain.dates import cn_date
from ..domain.documents import tidy
from ..domain.letters import Letter, LetterSet
from . import pdf
from .atomic import write_bytes_atomic
from .pdf import BODY_LEADING, para

HEADINGS = ("一、", "二、", "三、", "四、", "五、", "六、")
HEADING_MAX = 12  # a numbered line this short is a heading; longer, a numbered paragraph


def letter_flowables(n: Letter) -> list[Flowable]:
    out: list[Flowable] = [Spacer(1, BODY_LEADING / 3), pdf.title(tidy(n.title)),
                           Spacer(1, BODY_LEADING / 3)]
    if n.addressee:
        out.append(para(tidy(n.addressee), "plain"))
    for p in n.paragraphs:
        if p.startswith(HEADINGS) and len(p) <= HEADING_MAX:
            out += pdf.heading(tidy(p))
        elif p.startswith(("甲方：", "乙方：", "丙方：", "丁方：")):
            out.append(para(tidy(p), "plain"))
        else:
            out.append(para(tidy(p)))
    if n.table_header:
        widths = n.table_widths or [1.0] * len(n.table_header)
        out.append(pdf.table([tidy(h) for h in n.table_header],
                             [[tidy(c) for c in r] for r in n.table_rows] or [[""] * len(widths)],
                             widths, centre_cols=(0,)))
    for p in n.after:
        if p.startswith(HEADINGS) and len(p) <= HEADING_MAX:
            out += pdf.heading(tidy(p))
        else:
            out.append(para(tidy(p)))
    tail: list[Flowable] = []
    if n.signatures:
        tail.append(Spacer(1, BODY_LEADING / 2))
        tail.append(pdf.signature_lines(n.signatures, dated=True))
    if n.sign_as_committee:  # its parts, not a KeepTogether inside this one (which broke the page)
        tail += pdf.signature_parts(n.committee.name, n.date)
    elif n.date:
        tail.append(para(cn_date(n.date), "right"))
    if n.note:
        tail.append(Spacer(1, BODY_LEADING / 3))
        tail.append(para(tidy(n.note), "small"))
    out.append(KeepTogether(tail))
    return out


def flowables(doc: LetterSet) -> list[Flowable]:
    out: list[Flowable] = []
    for i, letter in enumerate(doc.letters):
        if i:
            out.append(PageBreak())
        out += letter_flowables(letter)
    return out


def render(doc: LetterSet) -> tuple[bytes, int]:
    author = doc.letters[0].committee.name if doc.letters else ""
    return pdf.build(flowables(doc), doc_title=doc.title, author=author,
                     numbered=len(doc.letters) <= 1)


def write(doc: LetterSet, path: str | Path) -> tuple[Path, int]:
    data, pages = render(doc)
    return write_bytes_atomic(path, data), pages
