"""公告、公示、公开 data: the stored notice, masked for the board when it is public."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ...domain.documents import NoticeData, scrub_personal_phones
from ...domain.errors import UserError
from ...domain.masking import mask_known_names
from ...store.db import Store
from ...store.engine import Row as SqlRow
from .. import settings as settings_service
from ...domain import evaluation as ev
from .common import _d, _json, _rows, evaluation_result
from .minutes import minutes_data

def _personal(store: Store, session_id: int | None, topic_id: int | None) -> tuple[list[str], list[str]]:
    """Names and phone numbers of the people a notice may mention."""
    names: list[str] = []
    phones: list[str] = []
    if session_id:
        for r in _rows(store, "SELECT p.name, r.name AS rname, r.phone, c.phone AS cphone "
                       "FROM participants p LEFT JOIN residents r ON r.id = p.resident_id "
                       "LEFT JOIN unit_contacts c ON c.id = p.contact_id WHERE p.session_id = ?",
                       [session_id]):
            names += [n for n in (r["name"], r["rname"]) if n]
            phones += [p for p in (r["phone"], r["cphone"]) if p]
        for r in _rows(store, "SELECT speaker FROM speeches WHERE session_id = ?", [session_id]):
            names.append(r["speaker"])
    if topic_id:
        for r in _rows(store, "SELECT t.name, r.name AS rname, r.phone FROM topic_raisers t "
                       "LEFT JOIN residents r ON r.id = t.resident_id WHERE t.topic_id = ?",
                       [topic_id]):
            names += [n for n in (r["name"], r["rname"]) if n]
            phones += [r["phone"]] if r["phone"] else []
    return names, phones


def known_people(store: Store) -> tuple[set[str], set[str]]:
    """Every name and phone (and ID) number of a person the store knows (residents, whether still here
    or not, unit contacts, participants and speakers typed by name, raisers of topics): what
    public text must not show."""
    names: set[str] = set()
    phones: set[str] = set()
    for sql in ("SELECT name, phone FROM residents", "SELECT name, id_number FROM residents",
                "SELECT name, phone FROM unit_contacts",
                "SELECT name, NULL FROM participants", "SELECT speaker, NULL FROM speeches",
                "SELECT name, NULL FROM topic_raisers"):
        for name, phone in store.conn.execute(sql):
            if name and len(name.strip()) >= 2:
                names.add(name.strip())
            if phone:
                phones.add(phone)
    return names, phones


def mask_names_in(text: str, names: Iterable[str], keep: Iterable[str] = ()) -> str:
    """Every one of `names` masked in `text`, longest first at each place (陈立群 and 陈立
    both); the strings in `keep` (committee, contact person) stay as they are."""
    return mask_known_names(text, {n.strip() for n in names if n and len(n.strip()) >= 2},
                            tuple(k for k in keep if k))


def evaluation_table(store: Store, session_id: int) -> tuple[list[str], list[list[str]]]:
    m = minutes_data(store, session_id)
    if not m.scores:
        return [], []
    opts = m.score_options
    data = _json(_rows(store, "SELECT data FROM sessions WHERE id = ?", [session_id])[0]["data"], {}) or {}
    if ev.per_member(str(data.get("object_type") or "")):  # each member one row, with their result
        res = evaluation_result(data, {line.criterion: line.counts for line in m.scores})
        member_rows = [[r.name, *[str(r.tally.counts.get(o, 0)) for o in opts], str(r.unrated),
                        r.tally.rate_text(), r.tally.tier or "—"] for r in res.rows]
        return ["居委会成员", *opts, "未评", m.rate_label, "结果"], member_rows
    rows = [[line.criterion, *[str(line.counts.get(o, 0)) for o in opts], _pct(line.satisfaction)]
            for line in m.scores]
    return ["评议内容", *opts, m.rate_label], rows


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def notice_row(store: Store, notice_id: int) -> SqlRow:
    rows = _rows(store, "SELECT * FROM notices WHERE id = ?", [notice_id])
    if not rows:
        raise UserError(f"没有编号为{notice_id}的公告公示。")
    return rows[0]


def notice_data(store: Store, notice_id: int) -> NoticeData:
    n = notice_row(store, notice_id)
    committee = settings_service.committee(store)
    title, body = n["title"], n["body"]
    header: list[str] = []
    rows: list[list[str]] = []
    if n["kind"] == "evaluation_result" and n["session_id"]:
        header, rows = evaluation_table(store, n["session_id"])
    public = bool(n["public"])
    if public:
        names, phones = _personal(store, n["session_id"], n["topic_id"])
        everyone, all_phones = known_people(store)
        names = [*names, *everyone]
        phones = [*phones, *all_phones]
        keep = (committee.name, committee.contact_person)
        official = {re.sub(r"\D", "", p) for p in (committee.supervision_phone, committee.phone) if p}
        phones = [p for p in phones if re.sub(r"\D", "", p) not in official]
        if n["mask_names"]:
            title = mask_names_in(title, names, keep)
            body = mask_names_in(body, names, keep)
        body = scrub_personal_phones(body, phones)
        title = scrub_personal_phones(title, phones)
    return NoticeData(committee=committee, kind=n["kind"], title=title, body=body,
                      posted_from=_d(n["posted_from"]), posted_until=_d(n["posted_until"]),
                      public=public, table_title="评议结果" if rows else "",
                      table_header=header, table_rows=rows)


