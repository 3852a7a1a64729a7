"""会议记录 data from the records: who came, what was said, voted, scored and agreed."""

from __future__ import annotations

from typing import Any

from ...domain.documents import (Attendee, CheckLine, Commitment, MinutesData, OverrideLine,
                                 ScoreLine, SpeechLine, VoteLine)
from ...domain import evaluation as ev
from ...domain import paper as PP
from ...domain.workflows import definition
from ...domain.workflows.hearing import decision_text, deciding_body
from ...store.db import Store
from .. import settings as settings_service
from .common import (_d, _json, _rate, _rate_label, _rows, _rule_title, _scale_options,
                     _section_fields, _session, evaluation_result, kind_label, person_name,
                     rule_settings_proxies)


def _checks(raw: str | None) -> list[CheckLine]:
    out = []
    for c in _json(raw, []) or []:
        if not isinstance(c, dict):
            continue
        rule = str(c.get("rule") or c.get("key") or "")
        status = str(c.get("status") or "")
        ok = c.get("ok")
        if ok is None and status:
            ok = {"pass": True, "fail": False, "warn": False}.get(status)
        name = str(c.get("title") or _rule_title(rule) or rule)
        msg = str(c.get("message") or "")
        waived = status == "overridden"
        if waived:
            reason = str(c.get("reason") or "")
            ok = None
            msg = (msg + (f"（已说明理由：{reason}）" if reason else "")).strip()
        out.append(CheckLine(name, ok, msg, waived=waived))
    return out


def evaluated_object(data: dict[str, Any]) -> str:
    """What an evaluation evaluates, in words: "上海沁园物业管理有限公司（物业服务企业）", or
    "沁园居委会成员（陈立群、周敏…）" — the type only when the name does not already say it."""
    kind, name = str(data.get("object_type") or ""), str(data.get("object_name") or "")
    text = name if kind in name else f"{name}（{kind}）" if name and kind else name or kind
    members = [m.strip() for m in str(data.get("members") or "").splitlines() if m.strip()]
    if members and kind == "居委会成员":
        text = f"{text}：{'、'.join(members)}"
    return text


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
        source += f"（{data['request_count']}{'户' if per_household else '人'}联名）"
    attendees = [Attendee(r["name"], r["role"], r["attendance"], r["absence_reason"],
                          r["unit_name"] or "")
                 for r in _rows(store, "SELECT p.*, u.name AS unit_name FROM participants p "
                                "LEFT JOIN units u ON u.id = p.unit_id WHERE p.session_id = ? "
                                "ORDER BY p.seq, p.id", [session_id])]
    speeches = [SpeechLine(r["speaker"], r["stance"], r["content"])
                for r in _rows(store, "SELECT * FROM speeches WHERE session_id = ? ORDER BY seq, id",
                               [session_id])]
    defn = definition(kind)
    straw = not defn.votes_decide  # a hearing's vote is an 意向性表决: counts, never 通过
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
    forms = {label: int(data[key]) for key, label in (
        ("forms_issued", "发出评议表"), ("forms_returned", "收回"), ("forms_valid", "有效"),
        ("forms_void", "无效")) if isinstance(data.get(key), int | float)}
    commitments = [Commitment(r["item"], r["responsible"], _d(r["deadline"]), r["status"], r["kind"])
                   for r in _rows(store, "SELECT * FROM followups WHERE session_id = ? ORDER BY id",
                                  [session_id])]
    overrides = [OverrideLine(r["rule"] and _rule_title(r["rule"]), r["reason"],
                              person_name(store, r["by_user"] or ""), r["at"])
                 for r in _rows(store, "SELECT * FROM rule_overrides WHERE session_id = ? ORDER BY id",
                                [session_id])]
    sections = []
    if kind == "evaluation" and (data.get("object_name") or data.get("object_type")):
        period = f"；评议期间：{data['period']}" if data.get("period") else ""
        sections.append(("评议对象", f"{evaluated_object(data)}{period}"))
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
    # a hearing's record is signed by the 听证代表 who took part (DOMAIN.md §3.5)
    signers = [a.name for a in attendees
               if defn.record_signed_by and a.role == defn.record_signed_by
               and a.attendance in ("出席", "委托")]
    due, actual = PP.due_and_present([(a.role, a.attendance) for a in attendees],
                                     rule_settings_proxies(store))
    result = evaluation_result(data, {line.criterion: line.counts for line in scores}) if scores else None
    return MinutesData(
        committee=settings_service.committee(store), kind=kind, kind_label=kind_label(kind),
        title=s["title"], number=s["number"], date=_d(s["date"]), start_time=s["start_time"],
        end_time=s["end_time"], place=s["place"], chair=s["chair"], recorder=s["recorder"],
        topic=topic_title, topic_source=source, attendees=attendees, sections=sections,
        speeches=speeches, votes=votes, scores=scores,
        score_options=_scale_options(scale, seen) if scores else [], forms=forms,
        rate_label=_rate_label(scale),
        item_label="居委会成员" if ev.per_member(str(data.get("object_type") or "")) else "评议内容",
        outcome="\n".join(outcome_parts), commitments=commitments, checks=_checks(s["checks"]),
        compliance=s["compliance"] if s["checks"] not in (None, "", "[]") else None,
        overrides=overrides, parties=parties, archive_no=s["archive_no"], signers=signers,
        expected=due, actual=actual,
        overall_rate=result.overall.rate if result else None,
        overall_text=result.headline() if result else "",
    )


