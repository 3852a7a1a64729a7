"""公告 / 公示 for the notice board: title, body, 公示期, 监督电话, 特此公示, committee and date.

A public notice passes every string through `scrub_public` at the last moment, so an ID
number or a personal phone typed into a body by mistake never reaches paper."""

from __future__ import annotations

from pathlib import Path

from reportlab.platypus import Flowable, Spacer

from ..domain.dates import cn_date
from ..domain.documents import NoticeData, scrub_public
from . import pdf
from .pdf import BODY_LEADING, para


def _public_phones(n: NoticeData) -> tuple[str, ...]:
    return tuple(p for p in (n.committee.supervision_phone, n.committee.phone) if p)


def flowables(n: NoticeData) -> list[Flowable]:
    keep = _public_phones(n)

    def clean(text: str) -> str:
        return scrub_public(text, keep) if n.public else text

    out: list[Flowable] = [Spacer(1, BODY_LEADING / 2), pdf.title(clean(n.title))]
    out.append(Spacer(1, BODY_LEADING / 2))
    for p in (n.body or "").split("\n"):
        p = p.strip()
        if p:
            out.append(para(clean(p)))
    if n.table_rows:
        if n.table_title:
            out.append(para(clean(n.table_title), "centre"))
        count = len(n.table_header) or max(len(r) for r in n.table_rows)
        widths = [2.4] + [1.0] * (count - 1)
        out.append(pdf.table([clean(h) for h in n.table_header],
                             [[clean(str(c)) for c in r] for r in n.table_rows], widths,
                             centre_cols=tuple(range(1, count))))
        out.append(Spacer(1, BODY_LEADING / 3))
    if n.posted_from or n.posted_until:
        out.append(para(f"公示期：自{cn_date(n.posted_from) or '　　'}至{cn_date(n.posted_until) or '　　'}。"))
    c = n.committee
    contact = []
    if c.contact_person:
        contact.append(f"联系人：{c.contact_person}")
    if c.supervision_phone:
        contact.append(f"监督电话：{c.supervision_phone}")
    if contact:
        out.append(para("公示期内如有意见或建议，请向居委会反映。" + "，".join(contact) + "。"))
    if c.address:
        out.append(para(f"地址：{c.address}。"))
    out.append(pdf.signature_block(c.name, n.signed_on or n.posted_from, n.closing))
    return out


def render(n: NoticeData) -> tuple[bytes, int]:
    return pdf.build(flowables(n), doc_title=n.title, author=n.committee.name)


def write(n: NoticeData, path: str | Path) -> tuple[Path, int]:
    return pdf.write(path, flowables(n), doc_title=n.title, author=n.committee.name)
