"""公告 / 公示 / 公开 for the notice board, each in its own words (domain.documents):

- 公告 (a meeting ahead): body, how to take part, contact; no 公示期; "特此公告。"
- 公示 (a result): body, "公示期：自…至…（共N天）", how to object and by when, 监督电话;
  "特此公示。"
- 公开 (a decision, its execution): body, "公开期限：自…至…", where to ask; "特此公开。"

A public notice passes every string through `scrub_public` at the last moment, so an ID
number or a personal phone typed into a body by mistake never reaches paper."""

from __future__ import annotations

from pathlib import Path

from reportlab.platypus import Flowable, Spacer

from ..domain.dates import cn_date
from ..domain.documents import NoticeData, scrub_public, tidy
from ..domain.rules import period_text
from . import pdf
from .atomic import write_bytes_atomic
from .pdf import para


def _public_phones(n: NoticeData) -> tuple[str, ...]:
    return tuple(p for p in (n.committee.supervision_phone, n.committee.phone) if p)


INTERNAL = "内部"


def internal(text: str) -> str:
    """Wording for a notice that is not public: 通报, never 公示 (which means posting it)."""
    return text.replace("公示", "通报")


# A notice goes on the board as one sheet: if it runs over, set it a little smaller.
FITS = [(16, 28), (16, 25), (15, 23), (14, 21), (13, 19), (12, 17)]


def period_line(n: NoticeData) -> str:
    """公示期：自…至…（共N天）。 / 公开期限：自…至…。 / "" for a 公告."""
    if n.category == "公告" or not (n.posted_from or n.posted_until):
        return ""
    start = cn_date(n.posted_from) if n.posted_from else "　　年　月　日"
    end = cn_date(n.posted_until) if n.posted_until else "　　年　月　日"
    if n.category == "公开":
        return f"公开期限：自{start}至{end}。"
    both = period_text(n.posted_from, n.posted_until)  # domain.rules: 首尾两天都算
    return f"公示期：{both}。" if both else f"公示期：自{start}至{end}。"


def contact_line(n: NoticeData) -> str:
    c = n.committee
    parts = []
    if c.contact_person:
        parts.append(f"联系人：{c.contact_person}")
    if n.category == "公示":
        if c.supervision_phone:
            parts.append(f"监督电话：{c.supervision_phone}")
    elif c.phone or c.supervision_phone:
        parts.append(f"联系电话：{c.phone or c.supervision_phone}")
    if c.address:
        parts.append(f"地址：{c.address}")
    tail = "，".join(parts)
    if n.category == "公示":
        lead = (f"公示期内如有异议，请以书面或口头方式向居委会反映，居委会将在{n.objection_days}日内答复。")
    elif n.category == "公开":
        lead = "对公开内容有疑问的，请向居委会咨询。"
    else:
        lead = "如有疑问，请向居委会咨询。" if tail else ""
    return lead + (tail + "。" if tail else "")


def flowables(n: NoticeData, size: float = 16, leading: float = 28) -> list[Flowable]:
    sheet = pdf.make_styles(size, leading)
    keep = _public_phones(n)

    def clean(text: str) -> str:
        # a notice not for the board is internal: never worded as a 公示
        return tidy(scrub_public(text, keep) if n.public else internal(text))

    out: list[Flowable] = [Spacer(1, leading / 3), pdf.title(clean(n.title), sheet)]
    out.append(Spacer(1, leading / 3))
    for p in (n.body or "").split("\n"):
        p = p.strip()
        if p:
            out.append(para(clean(p), "body", sheet))
    if n.table_rows:
        if n.table_title:
            out.append(para(clean(n.table_title), "centre", sheet))
        count = len(n.table_header) or max(len(r) for r in n.table_rows)
        widths = [2.4] + [1.0] * (count - 1)
        out.append(pdf.table([clean(h) for h in n.table_header],
                             [[clean(str(c)) for c in r] for r in n.table_rows], widths,
                             centre_cols=tuple(range(1, count))))
    # the period and whom to tell are for the board: an internal notice has neither
    for line in (period_line(n), contact_line(n)) if n.public else ():
        if line:
            out.append(para(clean(line), "body", sheet))
    out.append(pdf.signature_block(n.committee.name, n.signed_on or n.posted_from, clean(n.closing),
                                   sheet))
    return out


def render(n: NoticeData) -> tuple[bytes, int]:
    """The PDF at the largest size that fits one page (else the smallest size)."""
    result: tuple[bytes, int] = b"", 0
    for size, leading in FITS:
        result = pdf.build(flowables(n, size, leading),
                           doc_title=scrub_public(n.title, _public_phones(n)) if n.public
                           else internal(n.title),
                           author=n.committee.name, watermark="" if n.public else INTERNAL)
        if result[1] <= 1:
            break
    return result


def write(n: NoticeData, path: str | Path) -> tuple[Path, int]:
    data, pages = render(n)
    return write_bytes_atomic(path, data), pages
