"""Gather what a document shows from the records (read-only SQL), and export files.

Everything here is tolerant of missing keys in sessions.data: a field not yet recorded is
simply left out of the minutes, or blank in a ledger. Exports of files write an audit row
(personal data leaves the program) but change no record."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..domain.documents import (AttendanceLedgerRow, Attendee, CheckLine, Commitment,
                                FollowupLedgerRow, LedgerBook, MinutesData, NoticeData,
                                OverrideLine, RosterRow, ScoreLine, SessionLedgerRow, SpeechLine,
                                TopicLedgerRow, VoteLine, YearStats, notice_label,
                                satisfaction_rate, scrub_personal_phones)
from ..domain import evaluation as ev
from ..domain import frequency as FQ
from ..domain import paper as PP
from ..domain.errors import UserError
from ..domain.masking import mask_known_names
from ..domain.model import SESSION_KIND_LABELS, SessionKind, StaffRole
from ..domain.workflows.hearing import decision_text, deciding_body
from ..store.db import Store
from . import settings as settings_service
from .base import Changed, Context
from .exports import EXPORT_ROLES, export_file

MINIMUMS_KEY = "session_minimums"
# Sessions a year each kind should hold at least: domain.frequency (off for the 三会, a
# setting; a 居民会议 at least once a year).
DEFAULT_MINIMUMS = FQ.DEFAULT_PER_YEAR

# Multiline step fields shown as sections of the minutes, when the workflow definitions are
# not importable (they are the source of truth when they are).
FALLBACK_SECTIONS: dict[str, list[tuple[str, str]]] = {
    "hearing": [("background", "事项和背景"), ("opinions", "主要意见"), ("disagreements", "分歧点"),
                ("recommendations", "处理建议"), ("decision", "决定内容")],
    "coordination": [("facts", "基本事实"), ("investigation", "调查情况"), ("terms", "协议内容")],
    "evaluation": [("report", "述职要点"), ("result_summary", "评议结果和主要意见")],
}
OUTCOME_KEYS = ("result", "decision", "outcome", "result_summary", "terms")
SKIP_SECTION_KEYS = {"result", "feedback", "revisit_summary", "followup_summary"}


# ---------------------------------------------------------------- helpers


def _d(value: Any) -> dt.date | None:
    if not value:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _json(text: str | None, default: Any) -> Any:
    if not text:
        return default
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return default


def _rows(store: Store, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
    cur = store.conn.cursor()
    cur.row_factory = sqlite3.Row
    try:
        return cur.execute(sql, list(params)).fetchall()
    finally:
        cur.close()


def kind_label(kind: str) -> str:
    try:
        return SESSION_KIND_LABELS[SessionKind(kind)]
    except ValueError:
        return kind


def _section_fields(kind: str) -> list[tuple[str, str]]:
    try:
        from ..domain.workflows import WORKFLOWS
    except ImportError:  # pragma: no cover - the workflows are part of the product
        return FALLBACK_SECTIONS.get(kind, [])
    wf = WORKFLOWS.get(kind)
    if wf is None:
        return FALLBACK_SECTIONS.get(kind, [])
    return [(f.key, f.label) for s in wf.steps for f in s.fields
            if f.type == "multiline" and not f.is_column and f.key not in SKIP_SECTION_KEYS]


def _rule_title(rule: str) -> str:
    try:
        from ..domain.rules import RULES
    except ImportError:  # pragma: no cover
        return rule
    info = RULES.get(rule)
    return info.title if info else rule


def _scale_options(scale: str, seen: list[str]) -> list[str]:
    try:
        from ..domain.evaluation import options
    except ImportError:  # pragma: no cover
        return seen
    opts = list(options(scale)) if scale else []
    return opts + [o for o in seen if o not in opts] if opts else seen


def _rate(scale: str, counts: dict[str, int], valid: int | None = None) -> float | None:
    try:
        from ..domain.evaluation import satisfaction_rate as rate
    except ImportError:  # pragma: no cover
        return satisfaction_rate(counts)
    return rate(scale or "满意度", counts, valid)


def _rate_label(scale: str) -> str:
    try:
        from ..domain.evaluation import RATE_LABEL
    except ImportError:  # pragma: no cover
        return "满意率"
    return RATE_LABEL.get(scale or "满意度", "满意率")


def _session(store: Store, session_id: int) -> sqlite3.Row:
    rows = _rows(store, "SELECT * FROM sessions WHERE id = ?", [session_id])
    if not rows:
        raise UserError(f"没有编号为 {session_id} 的会议。")
    return rows[0]


def _checks(raw: str | None) -> list[CheckLine]:
    out = []
    for c in _json(raw, []) or []:
        if not isinstance(c, dict):
            continue
        rule = str(c.get("rule") or c.get("key") or "")
        status = c.get("status")
        ok = c.get("ok")
        if ok is None and status is not None:
            ok = {"pass": True, "overridden": True, "fail": False, "warn": False}.get(str(status))
        name = str(c.get("title") or _rule_title(rule) or rule)
        msg = str(c.get("message") or "")
        if str(status) == "overridden":
            reason = str(c.get("reason") or "")
            msg = (msg + (f"（已说明理由：{reason}）" if reason else "（已说明理由）")).strip()
        out.append(CheckLine(name, ok, msg))
    return out


# ---------------------------------------------------------------- minutes


def minutes_data(store: Store, session_id: int) -> MinutesData:
    s = _session(store, session_id)
    data = _json(s["data"], {}) or {}
    kind = s["kind"]
    topic_title = ""
    if s["topic_id"]:
        t = _rows(store, "SELECT title FROM topics WHERE id = ?", [s["topic_id"]])
        topic_title = t[0]["title"] if t else ""
    source = str(data.get("topic_source") or "")
    if source == "居民提议" and data.get("request_count"):
        per_household = data.get("request_basis") == "户数"
        source += f"（{data['request_count']} {'户' if per_household else '人'}联名）"
    attendees = [Attendee(r["name"], r["role"], r["attendance"], r["absence_reason"],
                          r["unit_name"] or "")
                 for r in _rows(store, "SELECT p.*, u.name AS unit_name FROM participants p "
                                "LEFT JOIN units u ON u.id = p.unit_id WHERE p.session_id = ? "
                                "ORDER BY p.seq, p.id", [session_id])]
    speeches = [SpeechLine(r["speaker"], r["stance"], r["content"])
                for r in _rows(store, "SELECT * FROM speeches WHERE session_id = ? ORDER BY seq, id",
                               [session_id])]
    straw = kind == "hearing"  # a hearing's vote is an 意向性表决: counts, never 通过
    votes = [VoteLine(r["motion"], r["method"], r["base"], r["yes"], r["no"], r["abstain"],
                      "意向性表决" if straw else r["rule"],
                      None if straw or r["passed"] is None else bool(r["passed"]))
             for r in _rows(store, "SELECT * FROM votes WHERE session_id = ? ORDER BY seq, id",
                            [session_id])]
    scale = str(data.get("scale") or "")
    crit = _rows(store, "SELECT c.id, c.name, s.option, SUM(s.count) AS n FROM evaluation_criteria c "
                 "LEFT JOIN evaluation_scores s ON s.criterion_id = c.id WHERE c.session_id = ? "
                 "GROUP BY c.id, s.option ORDER BY c.seq, c.id", [session_id])
    by_crit: dict[int, ScoreLine] = {}
    seen: list[str] = []
    for r in crit:
        line = by_crit.setdefault(r["id"], ScoreLine(r["name"]))
        if r["option"] is not None:
            line.counts[r["option"]] = int(r["n"] or 0)
            if r["option"] not in seen:
                seen.append(r["option"])
    scores = list(by_crit.values())
    for line in scores:
        line.rate = _rate(scale, line.counts)
    result = evaluation_result(data, {line.criterion: line.counts for line in scores}) if scores else None
    forms = {label: int(data[key]) for key, label in (
        ("forms_issued", "发出评议表"), ("forms_returned", "收回"), ("forms_valid", "有效"),
        ("forms_void", "无效")) if isinstance(data.get(key), int | float)}
    commitments = [Commitment(r["item"], r["responsible"], _d(r["deadline"]), r["status"], r["kind"])
                   for r in _rows(store, "SELECT * FROM followups WHERE session_id = ? ORDER BY id",
                                  [session_id])]
    overrides = [OverrideLine(r["rule"] and _rule_title(r["rule"]), r["reason"], r["by_user"], r["at"])
                 for r in _rows(store, "SELECT * FROM rule_overrides WHERE session_id = ? ORDER BY id",
                                [session_id])]
    sections = []
    if kind == "evaluation" and (data.get("object_name") or data.get("object_type")):
        obj = "、".join(str(data[k]) for k in ("object_type", "object_name") if data.get(k))
        period = f"；评议期间：{data['period']}" if data.get("period") else ""
        sections.append(("评议对象", f"{obj}{period}"))
    if kind == "coordination" and data.get("category"):
        sections.append(("纠纷类别", str(data["category"])))
    for key, label in _section_fields(kind):
        if data.get(key) and isinstance(data[key], str):
            sections.append((label, data[key]))
    outcome_parts = []
    if kind == "coordination" and data.get("outcome"):
        outcome_parts.append(f"协调结果：{data['outcome']}。")
        if data.get("referral"):
            outcome_parts.append(f"已告知当事人可通过{data['referral']}等渠道解决。")
    elif data.get("result"):
        outcome_parts.append(str(data["result"]))
    if kind == "hearing" and deciding_body(data):  # the body that decided, never the hearing itself
        outcome_parts.append(decision_text(data).rstrip("。") + "。")
    parties = [a.name for a in attendees if a.role == "当事人"]
    due, actual = PP.due_and_present([(a.role, a.attendance) for a in attendees],
                                     rule_settings_proxies(store))
    return MinutesData(
        committee=settings_service.committee(store), kind=kind, kind_label=kind_label(kind),
        title=s["title"], number=s["number"], date=_d(s["date"]), start_time=s["start_time"],
        end_time=s["end_time"], place=s["place"], chair=s["chair"], recorder=s["recorder"],
        topic=topic_title, topic_source=source, attendees=attendees, sections=sections,
        speeches=speeches, votes=votes, scores=scores,
        score_options=_scale_options(scale, seen) if scores else [], forms=forms,
        rate_label=_rate_label(scale),
        outcome="\n".join(outcome_parts), commitments=commitments, checks=_checks(s["checks"]),
        compliance=s["compliance"] if s["checks"] not in (None, "", "[]") else None,
        overrides=overrides, parties=parties, archive_no=s["archive_no"],
        expected=due, actual=actual,
        overall_rate=result.overall.rate if result else None,
        overall_text=result.headline() if result else "",
    )


# ---------------------------------------------------------------- notices


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
        rows = [[r.name, *[str(r.tally.counts.get(o, 0)) for o in opts], str(r.unrated),
                 r.tally.rate_text(), r.tally.tier or "—"] for r in res.rows]
        return ["居委会成员", *opts, "未评", m.rate_label, "结果"], rows
    rows = [[line.criterion, *[str(line.counts.get(o, 0)) for o in opts], _pct(line.satisfaction)]
            for line in m.scores]
    return ["评议内容", *opts, m.rate_label], rows


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def notice_row(store: Store, notice_id: int) -> sqlite3.Row:
    rows = _rows(store, "SELECT * FROM notices WHERE id = ?", [notice_id])
    if not rows:
        raise UserError(f"没有编号为 {notice_id} 的公示。")
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


# ---------------------------------------------------------------- ledgers


def _year_clause(year: int | None, column: str = "s.date") -> tuple[str, list[Any]]:
    if year is None:
        return "", []
    return f" AND substr({column}, 1, 4) = ?", [f"{year:04d}"]


def _trim(text: str, n: int = 300) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def session_rows(store: Store, year: int | None = None) -> list[SessionLedgerRow]:
    where, params = _year_clause(year)
    sessions = _rows(store, "SELECT s.*, t.title AS topic_title FROM sessions s LEFT JOIN topics t "
                     f"ON t.id = s.topic_id WHERE 1 = 1{where} ORDER BY s.date, s.id", params)
    ids = [s["id"] for s in sessions]
    if not ids:
        return []
    sub = f"SELECT s.id FROM sessions s WHERE 1 = 1{where}"
    roles: dict[int, dict[str, int]] = defaultdict(dict)
    att: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    proxies = rule_settings_proxies(store)
    for r in _rows(store, "SELECT session_id, role, attendance, COUNT(*) AS n FROM participants "
                   f"WHERE session_id IN ({sub}) GROUP BY session_id, role, attendance", params):
        sid = r["session_id"]
        if PP.is_due(r["role"]):  # 应到/实到: the one definition (domain.paper)
            att[sid][0] += r["n"]
            if PP.counts_present(r["attendance"], r["role"], proxies):
                att[sid][1] += r["n"]
        if r["attendance"] != "缺席" and r["attendance"] != "请假":
            roles[sid][r["role"] or "参会人"] = roles[sid].get(r["role"] or "参会人", 0) + r["n"]
    fol: dict[int, list[sqlite3.Row]] = defaultdict(list)
    for r in _rows(store, f"SELECT * FROM followups WHERE session_id IN ({sub}) ORDER BY id", params):
        fol[r["session_id"]].append(r)
    vis: dict[int, tuple[str, str]] = {}
    for r in _rows(store, "SELECT f.session_id, v.visited_on, v.result FROM visits v JOIN followups f "
                   f"ON f.id = v.followup_id WHERE f.session_id IN ({sub}) ORDER BY v.visited_on",
                   params):
        vis[r["session_id"]] = (r["visited_on"], r["result"])
    scores: dict[int, dict[str, dict[str, int]]] = defaultdict(dict)  # sid -> criterion -> option
    for r in _rows(store, "SELECT s.session_id, c.name, s.option, SUM(s.count) AS n FROM evaluation_scores s"
                   " JOIN evaluation_criteria c ON c.id = s.criterion_id "
                   f"WHERE s.session_id IN ({sub}) GROUP BY s.session_id, c.id, s.option", params):
        scores[r["session_id"]].setdefault(r["name"], {})[r["option"]] = int(r["n"] or 0)
    overrides: dict[int, int] = defaultdict(int)
    for r in _rows(store, "SELECT session_id, COUNT(*) AS n FROM rule_overrides "
                   f"WHERE session_id IN ({sub}) GROUP BY session_id", params):
        overrides[r["session_id"]] = r["n"]
    out = []
    for s in sessions:
        sid = s["id"]
        data = _json(s["data"], {}) or {}
        items = fol.get(sid, [])
        done = sum(1 for f in items if f["status"] in ("已完成", "已取消"))
        deadlines = [d for d in (_d(f["deadline"]) for f in items) if d]
        visit = vis.get(sid)
        result = ""
        if s["kind"] == "coordination":
            result = "协议：" + str(data.get("outcome") or "") if data.get("outcome") else ""
            if data.get("terms"):
                result += "。" + str(data["terms"])
        elif s["kind"] == "evaluation":
            result = str(data.get("result_summary") or "")
            if data.get("plan_on"):
                result += f"（整改计划 {data['plan_on']}）"
        else:
            result = str(data.get("decision") or data.get("recommendations") or data.get("outcome")
                         or "")
        pub = ""
        if data.get("publicity_from") or data.get("publicity_until"):
            pub = f"{cn_date(data.get('publicity_from'))}至{cn_date(data.get('publicity_until'))}"
        counts = scores.get(sid, {})
        out.append(SessionLedgerRow(
            number=s["number"], kind=s["kind"], kind_label=kind_label(s["kind"]),
            topic=s["topic_title"] or s["title"], topic_source=str(data.get("topic_source") or ""),
            notice_date=_d(data.get("notice_posted_on") or data.get("notified_on")),
            date=_d(s["date"]), place=s["place"], chair=s["chair"], recorder=s["recorder"],
            expected=att[sid][0], present=att[sid][1],
            composition="、".join(f"{k}{v}" for k, v in roles.get(sid, {}).items()),
            opinions=_trim(_opinions(s["kind"], data)),
            result=_trim(result), publicity=pub,
            responsible="、".join(dict.fromkeys(f["responsible"] for f in items if f["responsible"])),
            deadline=max(deadlines) if deadlines else None,
            implementation=f"{done}/{len(items)} 项已落实" if items else "",
            visits=f"{cn_date(visit[0])} {visit[1]}".strip() if visit else "",
            compliance=s["compliance"] if s["checks"] not in (None, "", "[]") else None,
            archive_no=s["archive_no"],
            satisfaction=evaluation_result(data, counts).overall.rate if counts else None,
            overridden=overrides.get(sid, 0)))
    return out


OPINION_KEYS = {"hearing": ("opinions", "disagreements"), "coordination": ("facts",),
                "evaluation": ("result_summary", "report")}


def _opinions(kind: str, data: dict[str, Any]) -> str:
    """主要意见 for the ledger: the step fields that hold them, by kind; else any of them."""
    keys = OPINION_KEYS.get(kind, ("opinions", "outcome", "purpose", "facts"))
    for key in keys:
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return ""


def evaluation_result(data: dict[str, Any], per_criterion: dict[str, dict[str, int]]) -> ev.SessionResult:
    """The one computation of an evaluation's result (domain.evaluation.session_result)."""
    valid = data.get("forms_valid")
    return ev.session_result(str(data.get("scale") or "满意度"), per_criterion,
                             int(valid) if isinstance(valid, int) else None,
                             ev.per_member(str(data.get("object_type") or "")))


def rule_settings_proxies(store: Store) -> bool:
    """The 委托算到会 setting (off by default), as the sessions' checks read it."""
    rules = settings_service.get(store, "rules", {}) or {}
    return rules.get("proxies_count") is True


def cn_date(value: Any) -> str:
    from ..domain.dates import cn_date as f

    d = _d(value)
    return f(d) if d else ""


def followup_rows(store: Store, year: int | None = None) -> list[FollowupLedgerRow]:
    where, params = _year_clause(year)
    items = _rows(store, "SELECT f.*, s.number, s.title FROM followups f LEFT JOIN sessions s "
                  f"ON s.id = f.session_id WHERE 1 = 1{where} ORDER BY f.deadline, f.id", params)
    visits: dict[int, list[sqlite3.Row]] = defaultdict(list)
    for v in _rows(store, "SELECT * FROM visits ORDER BY visited_on, id"):
        visits[v["followup_id"]].append(v)
    out = []
    for f in items:
        vs = visits.get(f["id"], [])
        out.append(FollowupLedgerRow(
            session_number=f["number"] or "", session_title=f["title"] or "", kind=f["kind"],
            item=f["item"], responsible=f["responsible"], deadline=_d(f["deadline"]),
            status=f["status"], done_on=_d(f["done_on"]), visit_count=len(vs),
            last_visit=_d(vs[-1]["visited_on"]) if vs else None,
            visit_results="；".join(f"{cn_date(v['visited_on'])}{v['result']}" for v in vs[-3:])))
    return out


def topic_rows(store: Store, year: int | None = None) -> list[TopicLedgerRow]:
    where, params = _year_clause(year, "t.created_at")
    topics = _rows(store, f"SELECT t.* FROM topics t WHERE 1 = 1{where} ORDER BY t.id", params)
    raisers: dict[int, int] = {r["topic_id"]: r["n"] for r in _rows(
        store, "SELECT topic_id, SUM(residents_count) AS n FROM topic_raisers GROUP BY topic_id")}
    sess: dict[int, list[str]] = defaultdict(list)
    for r in _rows(store, "SELECT topic_id, title FROM sessions WHERE topic_id IS NOT NULL ORDER BY date"):
        sess[r["topic_id"]].append(r["title"])
    return [TopicLedgerRow(t["id"], t["title"], t["category"], t["source"], raisers.get(t["id"], 0),
                           t["building"], t["state"], "；".join(sess.get(t["id"], [])), t["decision"],
                           _d(t["created_at"])) for t in topics]


def attendance_rows(store: Store, year: int | None = None) -> list[AttendanceLedgerRow]:
    where, params = _year_clause(year)
    rows = _rows(store, "SELECT p.resident_id, p.attendance, s.kind, s.date, r.name, r.building, "
                 "g.name AS gname FROM participants p JOIN sessions s ON s.id = p.session_id "
                 "JOIN residents r ON r.id = p.resident_id LEFT JOIN groups g ON g.id = "
                 f"r.building_group_id WHERE p.resident_id IS NOT NULL{where}", params)
    roles = _resident_roles(store)
    by: dict[int, AttendanceLedgerRow] = {}
    for r in rows:
        a = by.get(r["resident_id"])
        if a is None:
            a = by[r["resident_id"]] = AttendanceLedgerRow(
                r["name"], r["gname"] or "", r["building"], roles.get(r["resident_id"], ""))
        if r["attendance"] in ("出席", "委托"):
            a.attended += 1
            a.by_kind[r["kind"]] = a.by_kind.get(r["kind"], 0) + 1
            d = _d(r["date"])
            if d and (a.last_date is None or d > a.last_date):
                a.last_date = d
        elif r["attendance"] in ("缺席", "请假"):
            a.absent += 1
    return sorted(by.values(), key=lambda a: (-a.attended, a.group, a.name))


def _resident_roles(store: Store) -> dict[int, str]:
    roles: dict[int, list[str]] = defaultdict(list)
    for r in _rows(store, "SELECT m.resident_id, m.role, g.kind, g.name FROM memberships m "
                   "JOIN groups g ON g.id = m.group_id ORDER BY g.kind, g.name"):
        if r["kind"] == "居民代表":
            label = "居民代表"
        elif r["kind"] == "楼组" and r["role"]:
            label = "楼组" + r["role"] if r["role"].startswith("组长") or r["role"] == "副组长" else r["role"]
        elif r["kind"] == "五大员":
            label = r["role"] or "五大员"
        elif r["kind"] == "队伍":
            label = r["name"] + (r["role"] if r["role"] else "")
        else:
            label = (r["name"] + r["role"]) if r["role"] else ""
        if label and label not in roles[r["resident_id"]]:
            roles[r["resident_id"]].append(label)
    return {k: "、".join(v) for k, v in roles.items()}


def roster_rows(store: Store) -> list[RosterRow]:
    roles = _resident_roles(store)
    return [RosterRow(r["name"], r["sex"], r["birth_date"], r["id_number"] or "", r["phone"],
                      r["gname"] or "", r["building"], r["room"], r["address"],
                      r["population_type"], roles.get(r["id"], ""), r["note"])
            for r in _rows(store, "SELECT r.*, g.name AS gname FROM residents r LEFT JOIN groups g "
                           "ON g.id = r.building_group_id WHERE r.status = '在册' "
                           "ORDER BY g.name, r.building, r.room, r.id")]


def minimums(store: Store) -> dict[str, int]:
    """Sessions a year each kind should hold at least (年度统计 compares against these)."""
    return FQ.per_year(settings_service.get(store, MINIMUMS_KEY, {}) or {})


def save_minimums(ctx: Context, values: dict[str, int]) -> Changed:
    ctx.require_write()
    bad = [kind_label(k) for k, v in values.items() if not isinstance(v, int) or v < 0 or v > 99]
    if bad:
        raise UserError("年度最低次数应为 0—99 的整数：" + "、".join(bad))
    before = minimums(ctx.store)
    after = {**before, **values}
    with ctx.tx() as tx:
        tx.db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE"
                      " SET value = excluded.value",
                      [MINIMUMS_KEY, json.dumps(after, ensure_ascii=False)])
        tx.audit("settings.update", "settings", None, summary="修改三会年度最低次数",
                 before={k: before.get(k) for k in values}, after=values)
    return Changed.of("settings", summary="已保存年度最低次数")


def year_stats(store: Store, year: int, sessions: list[SessionLedgerRow] | None = None) -> YearStats:
    if sessions is None:
        sessions = session_rows(store, year)
    st = YearStats(year=year, minimum_per_year=minimums(store))
    sat: dict[str, list[float]] = defaultdict(list)
    comp: dict[str, list[int]] = defaultdict(list)
    for r in sessions:
        if r.date is None or r.date.year != year:
            continue
        q = st.per_quarter.setdefault(r.kind, [0, 0, 0, 0])
        q[(r.date.month - 1) // 3] += 1
        st.person_times[r.kind] = st.person_times.get(r.kind, 0) + r.present
        if r.satisfaction is not None:
            sat[r.kind].append(r.satisfaction)
        if r.compliance is not None:
            comp[r.kind].append(r.compliance)
        st.overrides[r.kind] = st.overrides.get(r.kind, 0) + r.overridden
    st.satisfaction = {k: sum(v) / len(v) for k, v in sat.items() if v}
    st.compliance = {k: sum(v) / len(v) for k, v in comp.items() if v}
    return st


def ledger_book(store: Store, year: int | None = None, today: dt.date | None = None,
                made_by: str = "") -> LedgerBook:
    today = today or store.clock.today()
    sessions = session_rows(store, year)
    return LedgerBook(
        committee=settings_service.committee(store), year=year, made_on=today, made_by=made_by,
        sessions=sessions, followups=followup_rows(store, year), topics=topic_rows(store, year),
        attendance=attendance_rows(store, year), roster=roster_rows(store),
        stats=year_stats(store, year or today.year, sessions if year else None))


# ---------------------------------------------------------------- exports (files)
# services/ may not import documents/: the caller (ui/, commands/) passes the writer, e.g.
# export_minutes(ctx, 3, "a.pdf", documents.minutes.write).

PdfWriter = Callable[[Any, str | Path], tuple[Path, int]]


def record_export(ctx: Context, entity: str, entity_id: int | None, summary: str) -> None:
    """Personal data left the program as a file: one audit row."""
    with ctx.tx() as tx:
        tx.audit("document.export", entity, entity_id, summary=summary)


def export_minutes(ctx: Context, session_id: int, path: str | Path, write: PdfWriter) -> Changed:
    m = minutes_data(ctx.store, session_id)
    out, pages = export_file(ctx, "sessions", session_id, "会议记录", path, lambda p: write(m, p))
    record_export(ctx, "sessions", session_id, f"导出会议记录 {out.name}")
    return Changed.of("audit_log", ids=[session_id], summary=f"已导出会议记录（{pages} 页）：{out}",
                      path=str(out), pages=pages)


def export_notice(ctx: Context, notice_id: int, path: str | Path, write: PdfWriter) -> Changed:
    n = notice_data(ctx.store, notice_id)
    # a public notice is masked (for the notice board): every role may print it
    roles = tuple(StaffRole) if n.public else EXPORT_ROLES
    out, pages = export_file(ctx, "notices", notice_id, notice_label(n.kind), path,
                             lambda p: write(n, p), roles)
    record_export(ctx, "notices", notice_id, f"导出{notice_label(n.kind)} {out.name}")
    return Changed.of("audit_log", ids=[notice_id], summary=f"已导出{notice_label(n.kind)}：{out}",
                      path=str(out), pages=pages)


def export_ledger(ctx: Context, path: str | Path, write: Callable[..., Path],
                  year: int | None = None, today: dt.date | None = None,
                  progress: Callable[[int, int, str], None] | None = None,
                  **options: Any) -> Changed:
    """write(book, path, progress=...) -> Path, e.g. documents.ledgers.write."""
    ctx.require(*EXPORT_ROLES)
    book = ledger_book(ctx.store, year, today, ctx.actor)
    out = export_file(ctx, "ledgers", None, "台账", path,
                      lambda p: write(book, p, progress=progress, **options))
    record_export(ctx, "ledgers", None,
                  f"导出台账 {out.name}（{f'{year}年' if year else '全部年份'}，"
                  f"会议 {len(book.sessions)} 次）")
    return Changed.of("audit_log", summary=f"已导出台账：{out}", path=str(out),
                      sessions=len(book.sessions))
