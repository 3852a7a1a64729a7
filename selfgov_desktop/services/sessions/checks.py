"""What a session is judged by: the rule settings, the facts gathered from its rows, the
checks and compliance score (recomputed inside every write's transaction), what 下一步
still needs, and overrides of a failing rule with a recorded reason."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ...domain import rules as R
from ...domain import sessions as D
from ...domain.errors import UserError
from ...domain.workflows import definition
from ...store.db import Store
from .. import residents
from .. import settings as settings_svc
from ..base import Changed, Context, Tx, new_id
from .records import get

RULES_KEY = "rules"


# -- settings -------------------------------------------------------------------------------

def rule_settings(store: Store) -> R.RuleSettings:
    return R.RuleSettings.from_dict(settings_svc.get(store, RULES_KEY, {}) or {})


def save_rule_settings(ctx: Context, rs: R.RuleSettings) -> Changed:
    if rs.hearing_min_participants > rs.hearing_max_participants:
        raise UserError("听证代表人数下限不能大于上限。")
    if rs.evaluation_attendance_den <= 0 or rs.evaluation_attendance_num > rs.evaluation_attendance_den:
        raise UserError("到会比例的分母要大于0，且分子不能大于分母。")
    if rs.hearing_request_share_den <= 0 or not \
            0 < rs.hearing_request_share_num <= rs.hearing_request_share_den:
        raise UserError("联名比例的分母要大于0，分子要大于0且不能大于分母（例如1/5）。")
    return settings_svc.set_value(ctx, RULES_KEY, rs.to_dict()) | Changed.of("sessions")


# -- facts and checks -----------------------------------------------------------------------

def facts(store: Store, sid: int, on: dt.date | None = None) -> D.SessionFacts:
    rec = get(store, sid)
    c = store.conn
    parts = [D.ParticipantFact(role, att, grp or "", name) for role, att, grp, name in c.execute(
        "SELECT p.role, p.attendance, g.name, p.name FROM participants p"
        " LEFT JOIN residents r ON r.id = p.resident_id"
        " LEFT JOIN groups g ON g.id = r.building_group_id WHERE p.session_id = ? ORDER BY p.seq, p.id",
        [sid])]
    speeches_n = c.execute("SELECT count(*) FROM speeches WHERE session_id = ?", [sid]).fetchone()[0]
    votes_ = [D.VoteFact(*r) for r in c.execute(
        "SELECT motion, base, yes, no, abstain FROM votes WHERE session_id = ? ORDER BY seq, id", [sid])]
    n_criteria = c.execute("SELECT count(*) FROM evaluation_criteria WHERE session_id = ?",
                           [sid]).fetchone()[0]
    anon = c.execute("SELECT COALESCE(SUM(count), 0) FROM evaluation_scores WHERE session_id = ?",
                     [sid]).fetchone()[0]
    fups = [D.FollowupFact(*r) for r in c.execute(
        "SELECT f.item, f.status, f.deadline, f.done_on, (SELECT count(*) FROM visits v"
        " WHERE v.followup_id = f.id) FROM followups f WHERE f.session_id = ? ORDER BY f.id", [sid])]
    overrides_ = {r[0]: r[1] for r in c.execute(
        "SELECT rule, reason FROM rule_overrides WHERE session_id = ? ORDER BY id", [sid])}
    groups = [r[0] for r in c.execute("SELECT name FROM groups WHERE kind = '楼组' ORDER BY id")]
    tallies = dict(c.execute(
        "SELECT c.name, coalesce((SELECT SUM(s.count) FROM evaluation_scores s WHERE s.criterion_id"
        " = c.id), 0) FROM evaluation_criteria c WHERE c.session_id = ?"
        " ORDER BY c.seq, c.id", [sid])) if anon else {}
    values = rec.values()
    day = on or store.clock.today()
    adults = households = 0
    if rec.kind == "hearing" and values.get("topic_source") == "居民提议":
        adults, households = residents.adults_and_households(store, day)
    return D.SessionFacts(rec.kind, rec.state, day, values, parts, speeches_n, votes_, n_criteria,
                          anon, fups, overrides_, groups, adults, households, tallies,
                          rule_settings(store).proxies_count)


def evaluate(store: Store, sid: int, on: dt.date | None = None) -> tuple[list[D.Check], int]:
    f = facts(store, sid, on)
    defn = definition(f.kind)
    res = D.checks(defn, f, rule_settings(store))
    return res, D.compliance(res, defn)


def _recompute(tx: Tx, sid: int) -> None:
    res, score = evaluate(tx.ctx.store, sid)
    tx.db.execute("UPDATE sessions SET checks = ?, compliance = ?, updated_at = ? WHERE id = ?",
                  [json.dumps([c.to_dict() for c in res], ensure_ascii=False), score, tx.now_iso(), sid])


def recompute(ctx: Context, sid: int) -> Changed:
    with ctx.tx() as tx:
        _recompute(tx, sid)
    return Changed.of("sessions", ids=[sid])


def recompute_open(ctx: Context) -> Changed:
    """Deadlines move with the calendar: re-judge every open session (e.g. at start-up)."""
    ids = [r[0] for r in ctx.store.conn.execute("SELECT id FROM sessions WHERE state != 'closed'")]
    with ctx.tx() as tx:
        for sid in ids:
            _recompute(tx, sid)
    return Changed.of("sessions", ids=ids)


def recompute_all(ctx: Context) -> Changed:
    """After the rule settings change: re-judge every session."""
    ids = [r[0] for r in ctx.store.conn.execute("SELECT id FROM sessions")]
    with ctx.tx() as tx:
        for sid in ids:
            _recompute(tx, sid)
        tx.audit("session.recheck", "sessions", None, summary=f"按新的程序规则重新检查{len(ids)}场会议")
    return Changed.of("sessions", ids=ids, summary=f"已按新规则重新检查{len(ids)}场会议")


def missing(store: Store, sid: int, on: dt.date | None = None) -> list[str]:
    """What the current step still needs before 下一步 (fields, rows, failing rules)."""
    rec = get(store, sid)
    if rec.closed:
        return []
    f = facts(store, sid, on)
    defn = definition(rec.kind)
    out = D.missing(defn, rec.state, f)
    res = D.checks(defn, f, rule_settings(store))
    for c in D.blocking(res, rec.state):
        info = R.RULES.get(c.rule)
        out.append(f"{c.title}不符合：{c.message}" + (
            "如确有原因，请点“说明理由”记录后再继续。" if info is None or info.overridable else ""))
    return out


# -- overrides ------------------------------------------------------------------------------

def overrides(store: Store, sid: int) -> list[dict[str, Any]]:
    cur = store.conn.execute("SELECT id, rule, reason, by_user, at FROM rule_overrides"
                             " WHERE session_id = ? ORDER BY id", [sid])
    return [dict(zip(("id", "rule", "reason", "by_user", "at"), r, strict=True)) for r in cur]


def override(ctx: Context, sid: int, rule: str, reason: str) -> Changed:
    ctx.require_write()
    if rule not in R.RULES:
        raise UserError(f"没有这条规则：{rule}")
    if not R.RULES[rule].overridable:
        raise UserError(f"“{R.RULES[rule].title}”不能跳过，请核对后修改。")
    if len(reason.strip()) < 4:
        raise UserError("请写明理由（至少4个字），理由会写进会议记录和台账。")
    with ctx.tx() as tx:
        tx.db.execute("DELETE FROM rule_overrides WHERE session_id = ? AND rule = ?", [sid, rule])
        oid = new_id(tx.db.execute("INSERT INTO rule_overrides (session_id, rule, reason, by_user, at)"
                                   " VALUES (?, ?, ?, ?, ?)",
                                   [sid, rule, reason.strip(), ctx.actor, ctx.now_iso()]))
        tx.audit("session.override", "rule_overrides", oid,
                 summary=f"说明理由：{R.RULES[rule].title}", after={"rule": rule, "reason": reason.strip()})
        _recompute(tx, sid)
    return Changed.of("sessions", "rule_overrides", ids=[sid], summary="已记录理由")


def remove_override(ctx: Context, sid: int, rule: str) -> Changed:
    ctx.require_write()
    with ctx.tx() as tx:
        tx.db.execute("DELETE FROM rule_overrides WHERE session_id = ? AND rule = ?", [sid, rule])
        tx.audit("session.override_removed", "sessions", sid, summary=f"撤销理由：{rule}")
        _recompute(tx, sid)
    return Changed.of("sessions", "rule_overrides", ids=[sid], summary="已撤销理由")
