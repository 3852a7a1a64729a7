"""台账 rows from the records: the 三会 summary, follow-ups, topics, attendance, the yearly
statistics. No ID numbers or phones: the full roster is only export-roster."""

from __future__ import annotations

import datetime as dt
import json
from ...store.engine import Row as SqlRow
from collections import defaultdict
from typing import Any

from ...domain.documents import (AttendanceLedgerRow, FollowupLedgerRow, LedgerBook,
                                 SessionLedgerRow, TopicLedgerRow, YearStats)
from ...domain import frequency as FQ
from ...domain import paper as PP
from ...domain.errors import UserError
from ...store.db import Store
from .. import settings as settings_service
from ..base import Changed, Context
from .common import (_d, _json, _rate_label, _rows, cn_date, evaluation_result, kind_label,
                     rule_settings_proxies)

MINIMUMS_KEY = "session_minimums"
# Sessions a year each kind should hold at least (our default; a setting).
# Sessions a year each kind should hold at least: domain.frequency (off for the 三会, a
# setting; a 居民会议 at least once a year).
DEFAULT_MINIMUMS = FQ.DEFAULT_PER_YEAR


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
    fol: dict[int, list[SqlRow]] = defaultdict(list)
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
        if s["kind"] in ASSEMBLY_KINDS and data.get("base_size"):
            # a 居民（代表）会议 counts its base and those at the door, not a list
            att[sid] = [int(data.get("base_size") or 0), _attending(store, sid)]
        items = fol.get(sid, [])
        done = sum(1 for f in items if f["status"] in ("已完成", "已取消"))
        deadlines = [d for d in (_d(f["deadline"]) for f in items) if d]
        visit = vis.get(sid)
        result = _result(s["kind"], data, scores.get(sid, {}), len(items))
        opinions = _opinions(s["kind"], data)
        if " ".join(result.split()) == " ".join(opinions.split()):
            result = ""  # one text is printed once (主要意见)
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
            opinions=_trim(opinions),
            result=_trim(result), publicity=pub,
            responsible="、".join(dict.fromkeys(f["responsible"] for f in items if f["responsible"])),
            deadline=max(deadlines) if deadlines else None,
            implementation=f"{done}/{len(items)}项已落实" if items else "",
            visits=f"{cn_date(visit[0])}　{visit[1]}".strip("　") if visit else "",
            compliance=s["compliance"] if s["checks"] not in (None, "", "[]") else None,
            archive_no=s["archive_no"],
            satisfaction=evaluation_result(data, counts).overall.rate if counts else None,
            overridden=overrides.get(sid, 0)))
    return out


def _result(kind: str, data: dict[str, Any], counts: dict[str, dict[str, int]], commitments: int) -> str:
    """The ledger's 结果 column: the agreement, the evaluation's result or the decision."""
    if kind == "coordination":
        result = "协议：" + str(data.get("outcome") or "") if data.get("outcome") else ""
        if data.get("terms"):
            result += "。" + str(data["terms"])
        return result
    if kind == "evaluation":
        rate = evaluation_result(data, counts).overall.rate if counts else None
        parts = []
        if rate is not None:
            parts.append(f"{_rate_label(str(data.get('scale') or ''))}{rate * 100:.1f}%")
        if commitments:
            parts.append(f"整改承诺{commitments}项")
        if data.get("plan_on"):
            parts.append(f"整改计划{cn_date(data['plan_on'])}提交")
        return "；".join(parts)
    return str(data.get("decision") or data.get("recommendations") or data.get("outcome")
               or data.get("resolution_text") or data.get("resolutions") or "")


ASSEMBLY_KINDS = ("residents_meeting", "representatives_meeting")


def _attending(store: Store, sid: int) -> int:
    from ...domain.workflows.meetings import attending_of
    from .. import sessions as sessions_svc

    return int(attending_of(sessions_svc.facts(store, sid)) or 0)


OPINION_KEYS = {"hearing": ("opinions", "disagreements"), "coordination": ("facts",),
                "evaluation": ("result_summary", "report"),
                "residents_meeting": ("resolution_text", "resolutions", "agenda"),
                "representatives_meeting": ("resolution_text", "resolutions", "agenda")}


def _opinions(kind: str, data: dict[str, Any]) -> str:
    """主要意见 for the ledger: the step fields that hold them, by kind; else any of them."""
    keys = OPINION_KEYS.get(kind, ("opinions", "outcome", "purpose", "facts"))
    for key in keys:
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return ""


def followup_rows(store: Store, year: int | None = None) -> list[FollowupLedgerRow]:
    where, params = _year_clause(year)
    items = _rows(store, "SELECT f.*, s.number, s.title FROM followups f LEFT JOIN sessions s "
                  f"ON s.id = f.session_id WHERE 1 = 1{where} ORDER BY f.deadline, f.id", params)
    visits: dict[int, list[SqlRow]] = defaultdict(list)
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
    first: dict[int, str] = {r["topic_id"]: r["d"] for r in _rows(
        store, "SELECT topic_id, MIN(on_date) AS d FROM topic_events GROUP BY topic_id")}
    return [TopicLedgerRow(t["id"], t["title"], t["category"], t["source"], raisers.get(t["id"], 0),
                           t["building"], t["state"], "；".join(sess.get(t["id"], [])), t["decision"],
                           _d(first.get(t["id"]) or t["created_at"])) for t in topics]


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


def minimums(store: Store) -> dict[str, int]:
    """Sessions a year each kind should hold at least (年度统计 compares against these)."""
    return FQ.per_year(settings_service.get(store, MINIMUMS_KEY, {}) or {})


def save_minimums(ctx: Context, values: dict[str, int]) -> Changed:
    ctx.require_write()
    bad = [kind_label(k) for k, v in values.items() if not isinstance(v, int) or v < 0 or v > 99]
    if bad:
        raise UserError("年度最低次数应为0—99的整数：" + "、".join(bad))
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
        attendance=attendance_rows(store, year),
        stats=year_stats(store, year or today.year, sessions if year else None))


