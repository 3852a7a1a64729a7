"""三会 sessions: create, edit one field at a time, advance step by step, rule checks,
overrides with a recorded reason, speeches, votes, evaluation criteria and scores.

Every write is one transaction with audit rows, and recomputes the session's checks and
compliance score (sessions.checks, sessions.compliance) in that same transaction.

Reading API for other helpers (documents, ledgers):
  get(store, sid) -> SessionRecord   (.values() merges the columns and sessions.data)
  list_sessions(store, kind=, year=, state=, overdue=) -> list[SessionRow]
  speeches(store, sid), votes(store, sid), criteria(store, sid), score_grid(store, sid)
  overrides(store, sid) -> list[dict rule, reason, by_user, at]
  participants.list_participants(store, sid), followups.for_session(store, sid)
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from ..domain import evaluation as ev
from ..domain import rules as R
from ..domain import sessions as D
from ..domain.errors import UserError
from ..domain.model import SESSION_KIND_LABELS, SessionKind
from ..domain.workflows import CLOSED, CRITERIA_TEMPLATES, SESSION_COLUMNS, WorkflowDef, definition
from ..domain.workflows import state_label as _state_label
from ..store.db import Store, now_iso
from . import residents
from . import settings as settings_svc
from .base import Changed, Context, Tx

RULES_KEY = "rules"
ENTITIES = ("sessions",)

# Set by tests and the demo to pin "today"; None = the real date.
TODAY: dt.date | None = None


def today() -> dt.date:
    return TODAY or dt.date.today()


def kind_label(kind: str) -> str:
    try:
        return SESSION_KIND_LABELS[SessionKind(kind)]
    except ValueError:
        return kind


# -- settings -------------------------------------------------------------------------------

def rule_settings(store: Store) -> R.RuleSettings:
    return R.RuleSettings.from_dict(settings_svc.get(store, RULES_KEY, {}) or {})


def save_rule_settings(ctx: Context, rs: R.RuleSettings) -> Changed:
    if rs.hearing_min_participants > rs.hearing_max_participants:
        raise UserError("听证代表人数下限不能大于上限。")
    if rs.evaluation_attendance_den <= 0 or rs.evaluation_attendance_num > rs.evaluation_attendance_den:
        raise UserError("到会比例的分母要大于 0，且分子不能大于分母。")
    if rs.hearing_request_share_den <= 0 or not \
            0 < rs.hearing_request_share_num <= rs.hearing_request_share_den:
        raise UserError("联名比例的分母要大于 0，分子要大于 0 且不能大于分母（例如 1/5）。")
    return settings_svc.set_value(ctx, RULES_KEY, rs.to_dict()) | Changed.of("sessions")


# -- records --------------------------------------------------------------------------------

@dataclass
class SessionRecord:
    id: int
    kind: str
    number: str
    title: str
    topic_id: int | None
    prepares_session_id: int | None
    date: str | None
    start_time: str
    end_time: str
    place: str
    chair: str
    recorder: str
    state: str
    data: dict[str, Any]
    compliance: int
    checks: list[dict[str, str]]
    archive_no: str
    created_at: str
    updated_at: str
    closed_at: str | None

    @property
    def definition(self) -> WorkflowDef:
        return definition(self.kind)

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def state_label(self) -> str:
        return _state_label(self.kind, self.state)

    @property
    def closed(self) -> bool:
        return self.state == CLOSED

    def values(self) -> dict[str, Any]:
        out = dict(self.data)
        for c in SESSION_COLUMNS:
            out[c] = getattr(self, c)
        return out

    def value(self, key: str) -> Any:
        return getattr(self, key) if key in SESSION_COLUMNS else self.data.get(key)


_COLS = ("id, kind, number, title, topic_id, prepares_session_id, date, start_time, end_time,"
         " place, chair, recorder, state, data, compliance, checks, archive_no, created_at,"
         " updated_at, closed_at")


def _record(row: tuple) -> SessionRecord:
    r = list(row)
    r[13] = json.loads(r[13] or "{}")
    r[15] = json.loads(r[15] or "[]")
    return SessionRecord(*r)


def get(store: Store, sid: int) -> SessionRecord:
    row = store.conn.execute(f"SELECT {_COLS} FROM sessions WHERE id = ?", [sid]).fetchone()
    if row is None:
        raise UserError(f"找不到编号为 {sid} 的会议，可能已被删除。")
    return _record(row)


@dataclass
class SessionRow:
    id: int
    kind: str
    kind_label: str
    number: str
    title: str
    date: str
    state: str
    state_label: str
    compliance: int
    open_followups: int
    overdue_followups: int

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "title": self.title, "date": self.date,
                "state": self.state, "compliance": self.compliance, "number": self.number,
                "kind_label": self.kind_label, "state_label": self.state_label,
                "overdue_followups": self.overdue_followups}


def list_sessions(store: Store, kind: str | None = None, year: int | None = None,
                  state: str | None = None, overdue: bool = False, text: str = "",
                  on: dt.date | None = None) -> list[SessionRow]:
    """state: a step key, "closed", or "open" (every state but closed)."""
    day = (on or today()).isoformat()
    where, args = ["1 = 1"], []
    date_expr = ("COALESCE(s.date, json_extract(s.data, '$.received_on'), substr(s.created_at, 1, 10))")
    if kind:
        where.append("s.kind = ?")
        args.append(kind)
    if year:
        where.append(f"substr({date_expr}, 1, 4) = ?")
        args.append(str(year))
    if state == "open":
        where.append("s.state != 'closed'")
    elif state:
        where.append("s.state = ?")
        args.append(state)
    if text.strip():
        where.append("(s.title LIKE ? OR s.number LIKE ?)")
        args += [f"%{text.strip()}%"] * 2
    having = "HAVING overdue > 0" if overdue else ""
    sql = (f"SELECT s.id, s.kind, s.number, s.title, {date_expr} AS d, s.state, s.compliance,"
           " SUM(CASE WHEN f.status IN ('未完成', '进行中') THEN 1 ELSE 0 END),"
           " SUM(CASE WHEN f.status IN ('未完成', '进行中') AND f.deadline < ? THEN 1 ELSE 0 END)"
           " AS overdue"
           " FROM sessions s LEFT JOIN followups f ON f.session_id = s.id"
           f" WHERE {' AND '.join(where)} GROUP BY s.id {having} ORDER BY d DESC, s.id DESC")
    out = []
    for r in store.conn.execute(sql, [day, *args]):
        out.append(SessionRow(r[0], r[1], kind_label(r[1]), r[2], r[3], r[4] or "", r[5],
                              _state_label(r[1], r[5]), r[6], r[7] or 0, r[8] or 0))
    return out


def years(store: Store) -> list[int]:
    rows = store.conn.execute(
        "SELECT DISTINCT substr(COALESCE(date, substr(created_at, 1, 10)), 1, 4) FROM sessions"
        " ORDER BY 1 DESC").fetchall()
    return [int(r[0]) for r in rows if r[0] and r[0].isdigit()]


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
    present_ids = [r[0] for r in c.execute(
        "SELECT id FROM participants WHERE session_id = ? AND role = '评议代表' AND attendance = '出席'",
        [sid])]
    cells = 0
    if present_ids:
        marks = ",".join("?" * len(present_ids))
        cells = c.execute(
            f"SELECT count(DISTINCT participant_id || '-' || criterion_id) FROM evaluation_scores"
            f" WHERE session_id = ? AND participant_id IN ({marks})", [sid, *present_ids]).fetchone()[0]
    anon = c.execute("SELECT COALESCE(SUM(count), 0) FROM evaluation_scores WHERE session_id = ?"
                     " AND participant_id IS NULL", [sid]).fetchone()[0]
    fups = [D.FollowupFact(*r) for r in c.execute(
        "SELECT f.item, f.status, f.deadline, f.done_on, (SELECT count(*) FROM visits v"
        " WHERE v.followup_id = f.id) FROM followups f WHERE f.session_id = ? ORDER BY f.id", [sid])]
    overrides_ = {r[0]: r[1] for r in c.execute(
        "SELECT rule, reason FROM rule_overrides WHERE session_id = ? ORDER BY id", [sid])}
    groups = [r[0] for r in c.execute("SELECT name FROM groups WHERE kind = '楼组' ORDER BY id")]
    tallies = dict(c.execute(
        "SELECT c.name, coalesce((SELECT SUM(s.count) FROM evaluation_scores s WHERE s.criterion_id"
        " = c.id AND s.participant_id IS NULL), 0) FROM evaluation_criteria c WHERE c.session_id = ?"
        " ORDER BY c.seq, c.id", [sid])) if anon else {}
    values = rec.values()
    day = on or today()
    adults = households = 0
    if rec.kind == "hearing" and values.get("topic_source") == "居民提议":
        adults, households = residents.adults_and_households(store, day)
    return D.SessionFacts(rec.kind, rec.state, values, parts, speeches_n, votes_, n_criteria,
                          len(present_ids), cells, anon, fups, overrides_, groups, day,
                          adults, households, tallies)


def evaluate(store: Store, sid: int, on: dt.date | None = None) -> tuple[list[D.Check], int]:
    f = facts(store, sid, on)
    res = D.checks(definition(f.kind), f, rule_settings(store))
    return res, D.compliance(res)


def _recompute(tx: Tx, sid: int) -> None:
    res, score = evaluate(tx.ctx.store, sid)
    tx.db.execute("UPDATE sessions SET checks = ?, compliance = ?, updated_at = ? WHERE id = ?",
                  [json.dumps([c.to_dict() for c in res], ensure_ascii=False), score, now_iso(), sid])


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
        tx.audit("session.recheck", "sessions", None, summary=f"按新的程序规则重新检查 {len(ids)} 场会议")
    return Changed.of("sessions", ids=ids, summary=f"已按新规则重新检查 {len(ids)} 场会议")


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


def overrides(store: Store, sid: int) -> list[dict[str, Any]]:
    cur = store.conn.execute("SELECT id, rule, reason, by_user, at FROM rule_overrides"
                             " WHERE session_id = ? ORDER BY id", [sid])
    return [dict(zip(("id", "rule", "reason", "by_user", "at"), r, strict=True)) for r in cur]


# -- writes ---------------------------------------------------------------------------------

def _coerce(defn: WorkflowDef, key: str, value: Any) -> Any:
    spec = defn.all_fields().get(key)
    if spec is None and key not in SESSION_COLUMNS:
        raise UserError(f"{defn.label}没有“{key}”这一项。")
    typ = spec.type if spec else "text"
    label = spec.label if spec else key
    if value is None or value == "":
        if key == "title":
            raise UserError("会议名称不能为空。")
        return None if typ in ("date", "int", "topic", "session") or key in (
            "topic_id", "prepares_session_id", "date") else ("" if typ not in ("bool", "groups") else (
                False if typ == "bool" else []))
    if typ == "date":
        try:
            return dt.date.fromisoformat(str(value)[:10]).isoformat()
        except ValueError:
            raise UserError(f"“{label}”的日期格式不对：{value}（应为 2026-11-29）。") from None
    if typ in ("int", "topic", "session"):
        try:
            n = int(value)
        except (TypeError, ValueError):
            raise UserError(f"“{label}”要填数字：{value}") from None
        if n < 0:
            raise UserError(f"“{label}”不能是负数。")
        return n
    if typ == "bool":
        return bool(value)
    if typ == "choice":
        if spec and spec.choices and value not in spec.choices:
            raise UserError(f"“{label}”只能选：{'、'.join(spec.choices)}。")
        return str(value)
    if typ == "groups":
        return [str(v) for v in value]
    return str(value).strip() if typ == "text" else str(value)


def number_prefix(label: str) -> str:
    """听证会 → 听证, 议题征询会 → 议题征询; 居民会议 and 居民代表会议 stay whole (distinct)."""
    return label if label.endswith("会议") else label.removesuffix("会")


def create(ctx: Context, kind: str, title: str, *, date: str | None = None,
           topic_id: int | None = None, prepares_session_id: int | None = None,
           data: dict[str, Any] | None = None) -> Changed:
    ctx.require_write()
    defn = definition(kind)
    if not title.strip():
        raise UserError("请填写会议名称。")
    values: dict[str, Any] = {}
    for f in defn.all_fields().values():
        if f.default is not None and not f.is_column:
            values[f.key] = f.default
    values.update(data or {})
    clean = {k: _coerce(defn, k, v) for k, v in values.items()}
    now = now_iso()
    with ctx.tx() as tx:
        year = (date or today().isoformat())[:4]
        n = tx.db.execute("SELECT count(*) FROM sessions WHERE kind = ? AND number LIKE ?",
                          [kind, f"{year}-%"]).fetchone()[0]
        number = f"{year}-{number_prefix(defn.label)}-{n + 1:02d}"
        sid = tx.db.execute(
            "INSERT INTO sessions (kind, number, title, topic_id, prepares_session_id, date, state,"
            " data, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [kind, number, title.strip(), topic_id, prepares_session_id,
             _coerce(defn, "date", date) if date else None, defn.first,
             json.dumps(clean, ensure_ascii=False), now, now]).lastrowid
        for i, step in enumerate(defn.steps):
            tx.db.execute("INSERT INTO session_steps (session_id, step, status) VALUES (?, ?, ?)",
                          [sid, step.key, "进行中" if i == 0 else "未开始"])
        if kind == "evaluation" and clean.get("object_type"):
            _apply_template(tx, sid, clean["object_type"])
        tx.audit("session.create", "sessions", sid, summary=f"新建{defn.label}：{title.strip()}",
                 after={"kind": kind, "title": title.strip(), "date": date})
        _recompute(tx, sid)
    return Changed.of("sessions", ids=[sid], summary=f"已新建{defn.label}“{title.strip()}”", id=sid)


def _write_values(tx: Tx, rec: SessionRecord, values: dict[str, Any]) -> tuple[dict, dict]:
    defn = rec.definition
    before, after = {}, {}
    data = dict(rec.data)
    cols: dict[str, Any] = {}
    for key, value in values.items():
        v = _coerce(defn, key, value)
        old = rec.value(key)
        if old == v:
            continue
        before[key], after[key] = old, v
        if key in SESSION_COLUMNS:
            cols[key] = v if v is not None or key in ("date", "topic_id", "prepares_session_id") else ""
        else:
            data[key] = v
    if not after:
        return before, after
    sets = ", ".join(f"{k} = ?" for k in cols)
    args = list(cols.values())
    sql = "UPDATE sessions SET data = ?" + (f", {sets}" if sets else "") + " WHERE id = ?"
    tx.db.execute(sql, [json.dumps(data, ensure_ascii=False), *args, rec.id])
    return before, after


def set_fields(ctx: Context, sid: int, values: dict[str, Any]) -> Changed:
    """Save some fields of a session (one transaction); returns before/after in data."""
    ctx.require_write()
    with ctx.tx() as tx:
        rec = get(ctx.store, sid)
        before, after = _write_values(tx, rec, values)
        if not after:
            return Changed.of(summary="没有变化", before={}, after={})
        if rec.kind == "evaluation" and "object_type" in after and after["object_type"]:
            n = tx.db.execute("SELECT count(*) FROM evaluation_criteria WHERE session_id = ?",
                              [sid]).fetchone()[0]
            if n == 0:
                _apply_template(tx, sid, after["object_type"])
        labels = rec.definition.all_fields()
        names = "、".join(labels[k].label if k in labels else k for k in after)
        tx.audit("session.field", "sessions", sid, summary=f"修改{names}", before=before, after=after)
        _recompute(tx, sid)
    return Changed.of("sessions", ids=[sid], summary=f"已保存{names}", before=before, after=after)


def set_field(ctx: Context, sid: int, key: str, value: Any) -> Changed:
    return set_fields(ctx, sid, {key: value})


def advance(ctx: Context, sid: int) -> Changed:
    """下一步: complete the current step when nothing is missing."""
    ctx.require_write()
    rec = get(ctx.store, sid)
    if rec.closed:
        raise UserError("这次会议已经办结。")
    need = missing(ctx.store, sid)
    step = rec.definition.step(rec.state)
    if need:
        raise UserError(f"“{step.title}”这一步还不能完成，请先：\n" + "\n".join(f"· {m}" for m in need))
    nxt = rec.definition.next_key(rec.state)
    now = now_iso()
    with ctx.tx() as tx:
        tx.db.execute("UPDATE session_steps SET status = '已完成', completed_at = ? WHERE session_id = ?"
                      " AND step = ?", [now, sid, rec.state])
        if nxt == CLOSED:
            tx.db.execute("UPDATE sessions SET state = 'closed', closed_at = ? WHERE id = ?", [now, sid])
        else:
            tx.db.execute("UPDATE sessions SET state = ? WHERE id = ?", [nxt, sid])
            tx.db.execute("UPDATE session_steps SET status = '进行中' WHERE session_id = ? AND step = ?",
                          [sid, nxt])
        what = "办结" if nxt == CLOSED else f"进入“{rec.definition.step(nxt).title}”"
        tx.audit("session.advance", "sessions", sid, summary=f"完成“{step.title}”，{what}",
                 before={"state": rec.state}, after={"state": nxt})
        _recompute(tx, sid)
    return Changed.of("sessions", ids=[sid], summary=f"已完成“{step.title}”，{what}", state=nxt)


def go_back(ctx: Context, sid: int) -> Changed:
    """Reopen the previous step (e.g. a closed session needs a correction)."""
    ctx.require_write()
    rec = get(ctx.store, sid)
    defn = rec.definition
    i = defn.index(rec.state)
    if i == 0:
        raise UserError("已经是第一步了。")
    prev = defn.steps[i - 1].key
    with ctx.tx() as tx:
        tx.db.execute("UPDATE sessions SET state = ?, closed_at = NULL WHERE id = ?", [prev, sid])
        tx.db.execute("UPDATE session_steps SET status = '进行中', completed_at = NULL"
                      " WHERE session_id = ? AND step = ?", [sid, prev])
        if rec.state != CLOSED:
            tx.db.execute("UPDATE session_steps SET status = '未开始' WHERE session_id = ? AND step = ?",
                          [sid, rec.state])
        tx.audit("session.back", "sessions", sid, summary=f"退回“{defn.step(prev).title}”",
                 before={"state": rec.state}, after={"state": prev})
        _recompute(tx, sid)
    return Changed.of("sessions", ids=[sid], summary=f"已退回到“{defn.step(prev).title}”", state=prev)


def override(ctx: Context, sid: int, rule: str, reason: str) -> Changed:
    ctx.require_write()
    if rule not in R.RULES:
        raise UserError(f"没有这条规则：{rule}")
    if not R.RULES[rule].overridable:
        raise UserError(f"“{R.RULES[rule].title}”不能跳过，请核对后修改。")
    if len(reason.strip()) < 4:
        raise UserError("请写明理由（至少 4 个字），理由会写进会议记录和台账。")
    with ctx.tx() as tx:
        tx.db.execute("DELETE FROM rule_overrides WHERE session_id = ? AND rule = ?", [sid, rule])
        oid = tx.db.execute("INSERT INTO rule_overrides (session_id, rule, reason, by_user, at)"
                            " VALUES (?, ?, ?, ?, ?)",
                            [sid, rule, reason.strip(), ctx.actor, now_iso()]).lastrowid
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


def delete(ctx: Context, sid: int) -> Changed:
    ctx.require_write()
    rec = get(ctx.store, sid)
    with ctx.tx() as tx:
        tx.db.execute("UPDATE sessions SET prepares_session_id = NULL WHERE prepares_session_id = ?", [sid])
        tx.db.execute("DELETE FROM sessions WHERE id = ?", [sid])
        tx.audit("session.delete", "sessions", sid, summary=f"删除{rec.kind_label}：{rec.title}",
                 before={"title": rec.title, "kind": rec.kind})
    return Changed.of("sessions", "participants", "followups", ids=[sid], summary="已删除")


# -- speeches -------------------------------------------------------------------------------

STANCES = ("陈述", "赞成", "反对", "中立", "建议", "提问", "答复")


def speeches(store: Store, sid: int) -> list[dict[str, Any]]:
    cur = store.conn.execute("SELECT id, participant_id, speaker, stance, content, seq FROM speeches"
                             " WHERE session_id = ? ORDER BY seq, id", [sid])
    return [dict(zip(("id", "participant_id", "speaker", "stance", "content", "seq"), r, strict=True))
            for r in cur]


def add_speech(ctx: Context, sid: int, speaker: str, content: str = "", stance: str = "",
               participant_id: int | None = None) -> Changed:
    ctx.require_write()
    if not speaker.strip():
        raise UserError("请填写发言人。")
    with ctx.tx() as tx:
        seq = tx.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM speeches WHERE session_id = ?",
                            [sid]).fetchone()[0]
        spid = tx.db.execute("INSERT INTO speeches (session_id, participant_id, speaker, stance, content,"
                             " seq) VALUES (?, ?, ?, ?, ?, ?)",
                             [sid, participant_id, speaker.strip(), stance, content, seq]).lastrowid
        tx.audit("speech.add", "speeches", spid, summary=f"记录发言：{speaker.strip()}",
                 after={"session_id": sid, "speaker": speaker, "stance": stance, "content": content})
        _recompute(tx, sid)
    return Changed.of("sessions", "speeches", ids=[spid], summary="已记录发言", id=spid)


def update_speech(ctx: Context, speech_id: int, **values: Any) -> Changed:
    ctx.require_write()
    allowed = {"speaker", "stance", "content", "participant_id"}
    bad = set(values) - allowed
    if bad:
        raise UserError("发言没有这些项：" + "、".join(bad))
    row = ctx.store.conn.execute("SELECT session_id, speaker, stance, content, participant_id FROM speeches"
                                 " WHERE id = ?", [speech_id]).fetchone()
    if row is None:
        raise UserError("这条发言已被删除。")
    old = dict(zip(("speaker", "stance", "content", "participant_id"), row[1:], strict=True))
    with ctx.tx() as tx:
        sets = ", ".join(f"{k} = ?" for k in values)
        tx.db.execute(f"UPDATE speeches SET {sets} WHERE id = ?", [*values.values(), speech_id])
        tx.audit("speech.update", "speeches", speech_id, summary="修改发言",
                 before={k: old[k] for k in values}, after=values)
    return Changed.of("speeches", ids=[speech_id], before={k: old[k] for k in values}, after=values)


def remove_speech(ctx: Context, speech_id: int) -> Changed:
    ctx.require_write()
    row = ctx.store.conn.execute("SELECT session_id, speaker, content FROM speeches WHERE id = ?",
                                 [speech_id]).fetchone()
    if row is None:
        return Changed.of()
    with ctx.tx() as tx:
        tx.db.execute("DELETE FROM speeches WHERE id = ?", [speech_id])
        tx.audit("speech.remove", "speeches", speech_id, summary=f"删除发言：{row[1]}",
                 before={"speaker": row[1], "content": row[2]})
        _recompute(tx, row[0])
    return Changed.of("sessions", "speeches", ids=[speech_id], summary="已删除发言")


# -- votes ----------------------------------------------------------------------------------

def votes(store: Store, sid: int) -> list[dict[str, Any]]:
    cur = store.conn.execute("SELECT id, motion, method, base, yes, no, abstain, rule, passed FROM votes"
                             " WHERE session_id = ? ORDER BY seq, id", [sid])
    return [dict(zip(("id", "motion", "method", "base", "yes", "no", "abstain", "rule", "passed"), r,
                     strict=True)) for r in cur]


def add_vote(ctx: Context, sid: int, motion: str, base: int, yes: int, no: int = 0, abstain: int = 0,
             method: str = "举手") -> Changed:
    ctx.require_write()
    if not motion.strip():
        raise UserError("请填写表决事项。")
    if min(base, yes, no, abstain) < 0:
        raise UserError("票数不能是负数。")
    if yes + no + abstain > base:
        raise UserError(f"赞成、反对、弃权合计 {yes + no + abstain} 票，多于到会的 {base} 人，请核对。")
    passed = R.passes_majority(yes, base)
    with ctx.tx() as tx:
        seq = tx.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM votes WHERE session_id = ?",
                            [sid]).fetchone()[0]
        vid = tx.db.execute("INSERT INTO votes (session_id, motion, method, base, yes, no, abstain, rule,"
                            " passed, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            [sid, motion.strip(), method, base, yes, no, abstain, "过半数", int(passed),
                             seq]).lastrowid
        tx.audit("vote.add", "votes", vid, summary=f"表决：{motion.strip()}（{'通过' if passed else '未通过'}）",
                 after={"base": base, "yes": yes, "no": no, "abstain": abstain})
        _recompute(tx, sid)
    return Changed.of("sessions", "votes", ids=[vid], summary="通过" if passed else "未通过", id=vid,
                      passed=passed)


def remove_vote(ctx: Context, vote_id: int) -> Changed:
    ctx.require_write()
    row = ctx.store.conn.execute("SELECT session_id, motion FROM votes WHERE id = ?", [vote_id]).fetchone()
    if row is None:
        return Changed.of()
    with ctx.tx() as tx:
        tx.db.execute("DELETE FROM votes WHERE id = ?", [vote_id])
        tx.audit("vote.remove", "votes", vote_id, summary=f"删除表决：{row[1]}")
        _recompute(tx, row[0])
    return Changed.of("sessions", "votes", ids=[vote_id], summary="已删除表决")


# -- evaluation: criteria and scores --------------------------------------------------------

def criteria(store: Store, sid: int) -> list[dict[str, Any]]:
    cur = store.conn.execute("SELECT id, name, seq FROM evaluation_criteria WHERE session_id = ?"
                             " ORDER BY seq, id", [sid])
    return [{"id": r[0], "name": r[1], "seq": r[2]} for r in cur]


def _apply_template(tx: Tx, sid: int, object_type: str) -> None:
    for i, name in enumerate(CRITERIA_TEMPLATES.get(object_type, ())):
        tx.db.execute("INSERT INTO evaluation_criteria (session_id, name, seq) VALUES (?, ?, ?)",
                      [sid, name, i + 1])


def apply_template(ctx: Context, sid: int, object_type: str) -> Changed:
    """Replace the criteria with the template for this object type."""
    ctx.require_write()
    if object_type not in CRITERIA_TEMPLATES:
        raise UserError(f"没有“{object_type}”的评议内容模板。")
    with ctx.tx() as tx:
        tx.db.execute("DELETE FROM evaluation_criteria WHERE session_id = ?", [sid])
        _apply_template(tx, sid, object_type)
        tx.audit("criteria.template", "sessions", sid, summary=f"使用“{object_type}”评议内容模板")
        _recompute(tx, sid)
    return Changed.of("sessions", "evaluation_criteria", ids=[sid], summary="已套用模板")


def add_criterion(ctx: Context, sid: int, name: str) -> Changed:
    ctx.require_write()
    name = name.strip()
    if not name:
        raise UserError("请填写评议内容。")
    with ctx.tx() as tx:
        if tx.db.execute("SELECT 1 FROM evaluation_criteria WHERE session_id = ? AND name = ?",
                         [sid, name]).fetchone():
            raise UserError(f"已经有“{name}”这一项了。")
        seq = tx.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM evaluation_criteria WHERE session_id = ?",
                            [sid]).fetchone()[0]
        cid = tx.db.execute("INSERT INTO evaluation_criteria (session_id, name, seq) VALUES (?, ?, ?)",
                            [sid, name, seq]).lastrowid
        tx.audit("criteria.add", "evaluation_criteria", cid, summary=f"增加评议内容：{name}")
        _recompute(tx, sid)
    return Changed.of("sessions", "evaluation_criteria", ids=[cid], id=cid, summary="已增加")


def remove_criterion(ctx: Context, criterion_id: int) -> Changed:
    ctx.require_write()
    row = ctx.store.conn.execute("SELECT session_id, name FROM evaluation_criteria WHERE id = ?",
                                 [criterion_id]).fetchone()
    if row is None:
        return Changed.of()
    with ctx.tx() as tx:
        tx.db.execute("DELETE FROM evaluation_criteria WHERE id = ?", [criterion_id])
        tx.audit("criteria.remove", "evaluation_criteria", criterion_id, summary=f"删除评议内容：{row[1]}")
        _recompute(tx, row[0])
    return Changed.of("sessions", "evaluation_criteria", ids=[criterion_id], summary="已删除")


def set_score(ctx: Context, sid: int, participant_id: int, criterion_id: int,
              option: str | None) -> Changed:
    """One cell of the scoring grid; None or '' clears it. Returns the old value in data."""
    ctx.require_write()
    rec = get(ctx.store, sid)
    scale = rec.data.get("scale") or "满意度"
    if option and option not in ev.options(scale):
        raise UserError(f"评分只能是：{'、'.join(ev.options(scale))}。")
    with ctx.tx() as tx:
        old = tx.db.execute("SELECT option FROM evaluation_scores WHERE session_id = ? AND participant_id = ?"
                            " AND criterion_id = ?", [sid, participant_id, criterion_id]).fetchone()
        tx.db.execute("DELETE FROM evaluation_scores WHERE session_id = ? AND participant_id = ?"
                      " AND criterion_id = ?", [sid, participant_id, criterion_id])
        if option:
            tx.db.execute("INSERT INTO evaluation_scores (session_id, criterion_id, participant_id, option,"
                          " count) VALUES (?, ?, ?, ?, 1)", [sid, criterion_id, participant_id, option])
        tx.audit("score.set", "evaluation_scores", None, summary="录入评分",
                 before=old[0] if old else None, after=option,)
        _recompute(tx, sid)
    return Changed.of("sessions", "evaluation_scores", ids=[sid], before=old[0] if old else None,
                      after=option)


def set_counts(ctx: Context, sid: int, criterion_id: int, counts: dict[str, int]) -> Changed:
    """Anonymous forms counted on the spot: option -> number of forms for one criterion."""
    ctx.require_write()
    with ctx.tx() as tx:
        tx.db.execute("DELETE FROM evaluation_scores WHERE session_id = ? AND criterion_id = ?"
                      " AND participant_id IS NULL", [sid, criterion_id])
        for option, n in counts.items():
            if int(n) < 0:
                raise UserError("票数不能是负数。")
            if int(n):
                tx.db.execute("INSERT INTO evaluation_scores (session_id, criterion_id, participant_id,"
                              " option, count) VALUES (?, ?, NULL, ?, ?)", [sid, criterion_id, option, int(n)])
        tx.audit("score.counts", "evaluation_scores", None, summary="录入计票结果", after=counts)
        _recompute(tx, sid)
    return Changed.of("sessions", "evaluation_scores", ids=[sid])


@dataclass
class ScoreGrid:
    scale: str
    options: tuple[str, ...]
    criteria: list[dict[str, Any]]
    evaluators: list[dict[str, Any]]  # id, name, attendance
    cells: dict[tuple[int, int], str]  # (participant_id, criterion_id) -> option
    per_criterion: dict[str, ev.Tally] = field(default_factory=dict)
    overall: ev.Tally | None = None


def score_grid(store: Store, sid: int) -> ScoreGrid:
    rec = get(store, sid)
    scale = rec.data.get("scale") or "满意度"
    crit = criteria(store, sid)
    evaluators = [{"id": r[0], "name": r[1], "attendance": r[2]} for r in store.conn.execute(
        "SELECT id, name, attendance FROM participants WHERE session_id = ? AND role = '评议代表'"
        " ORDER BY seq, id", [sid])]
    cells: dict[tuple[int, int], str] = {}
    counts: dict[int, dict[str, int]] = {c["id"]: {} for c in crit}
    for pid, cid, option, n in store.conn.execute(
            "SELECT participant_id, criterion_id, option, count FROM evaluation_scores WHERE session_id = ?",
            [sid]):
        if pid is not None:
            cells[(pid, cid)] = option
        counts.setdefault(cid, {})
        counts[cid][option] = counts[cid].get(option, 0) + n
    per = {c["name"]: ev.tally(scale, counts.get(c["id"], {})) for c in crit}
    overall = ev.overall(scale, {c["name"]: counts.get(c["id"], {}) for c in crit})
    return ScoreGrid(scale, ev.options(scale), crit, evaluators, cells, per, overall)


# -- choices for the step forms -------------------------------------------------------------

def topic_choices(store: Store) -> list[tuple[int, str]]:
    return [(r[0], r[1]) for r in store.conn.execute(
        "SELECT id, title FROM topics WHERE merged_into IS NULL ORDER BY id DESC LIMIT 500")]


def session_choices(store: Store, kind: str) -> list[tuple[int, str]]:
    return [(r[0], f"{r[1] or ''} {r[2]}".strip()) for r in store.conn.execute(
        "SELECT id, date, title FROM sessions WHERE kind = ? ORDER BY date DESC, id DESC LIMIT 500", [kind])]


# -- pre-meetings yield to the session they prepare ----------------------------------------

def prepared_by(store: Store, sid: int) -> list[dict[str, Any]]:
    """The pre-meetings that prepare this session."""
    cur = store.conn.execute("SELECT id, kind, title, state FROM sessions WHERE prepares_session_id = ?"
                             " ORDER BY id", [sid])
    return [{"id": r[0], "kind": r[1], "kind_label": kind_label(r[1]), "title": r[2], "state": r[3]}
            for r in cur]


def take_from_premeeting(ctx: Context, sid: int, pre_sid: int) -> Changed:
    """Bring what a pre-meeting yielded into the session it prepares: its topic (when the
    session has none), the residents who took part (with the session's default role, skipping
    those already there) and, from a 监督合议会, its suggested criteria. One transaction."""
    ctx.require_write()
    rec, pre = get(ctx.store, sid), get(ctx.store, pre_sid)
    if pre.prepares_session_id != sid:
        raise UserError(f"“{pre.title}”不是为这次会议准备的会前会议。")
    defn = rec.definition
    added_people, added_criteria = 0, 0
    with ctx.tx() as tx:
        if rec.topic_id is None and pre.topic_id is not None:
            tx.db.execute("UPDATE sessions SET topic_id = ? WHERE id = ?", [pre.topic_id, sid])
        seq = tx.db.execute("SELECT COALESCE(MAX(seq), 0) FROM participants WHERE session_id = ?",
                            [sid]).fetchone()[0]
        for rid, name in tx.db.execute(
                "SELECT resident_id, name FROM participants WHERE session_id = ? AND resident_id IS NOT NULL"
                " AND attendance IN ('出席', '委托', '') ORDER BY seq, id", [pre_sid]).fetchall():
            if tx.db.execute("SELECT 1 FROM participants WHERE session_id = ? AND resident_id = ?",
                             [sid, rid]).fetchone():
                continue
            seq += 1
            tx.db.execute("INSERT INTO participants (session_id, resident_id, name, role, seq) VALUES (?, ?, ?, ?, ?)",
                          [sid, rid, name, defn.default_role, seq])
            added_people += 1
        if rec.kind == "evaluation":
            lines = [x.strip() for x in str(pre.data.get("suggested_criteria") or "").splitlines() if x.strip()]
            have = {r[0] for r in tx.db.execute("SELECT name FROM evaluation_criteria WHERE session_id = ?", [sid])}
            n = tx.db.execute("SELECT COALESCE(MAX(seq), 0) FROM evaluation_criteria WHERE session_id = ?",
                              [sid]).fetchone()[0]
            for line in lines:
                if line not in have:
                    n += 1
                    tx.db.execute("INSERT INTO evaluation_criteria (session_id, name, seq) VALUES (?, ?, ?)",
                                  [sid, line, n])
                    added_criteria += 1
        summary = f"从“{pre.title}”带入参会人员 {added_people} 人" + (
            f"、评议内容 {added_criteria} 项" if rec.kind == "evaluation" else "")
        tx.audit("session.take_from_premeeting", "sessions", sid, summary=summary,
                 after={"from": pre_sid, "participants": added_people, "criteria": added_criteria})
        _recompute(tx, sid)
    return Changed.of("sessions", "participants", "evaluation_criteria", ids=[sid], summary=summary,
                      participants=added_people, criteria=added_criteria)
