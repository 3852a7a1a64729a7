"""公告 / 公示 for the notice board: title, body, 公示期, 监督电话, 特此公示, committee and date.

A public notice passes every string through `scrub_public` at the last moment, so an ID
number or a personal phone typed into a body by mistake never reaches paper."""

from __future__ import annotations

from pathlib import Path

from reportlab.platypus import Flowable, Spacer

from ..domain.dates import cn_date
from ..domain.documents import NoticeData, scrub_public
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
FITS = [(16, 28), (16, 25), (15, 23), (14, 21)]


def flowables(n: NoticeData, size: float = 16, leading: float = 28) -> list[Flowable]:
    sheet = pdf.make_styles(size, leading)
    keep = _public_phones(n)

    def clean(text: str) -> str:
        # a notice not for the board is internal: never worded as a 公示
        return scrub_public(text, keep) if n.public else internal(text)

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
    if n.public and (n.posted_from or n.posted_until):
        both = period_text(n.posted_from, n.posted_until)  # 首尾两天都算: "（共 7 天）"
        start, end = cn_date(n.posted_from) or "　　", cn_date(n.posted_until) or "　　"
        out.append(para(f"公示期：{both}。" if both else f"公示期：自{start}至{end}。", "body", sheet))
    c = n.committee
    contact = []
    if c.contact_person:
        contact.append(f"联系人：{c.contact_person}")
    if c.supervision_phone:
        contact.append(f"监督电话：{c.supervision_phone}")
    if contact and n.public:
        where = f"，地址：{c.address}" if c.address else ""
        out.append(para("公示期内如有意见或建议，请向居委会反映。" + "，".join(contact) + where + "。",
                        "body", sheet))
    out.append(pdf.signature_block(c.name, n.signed_on or n.posted_from, clean(n.closing), sheet))
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
