"""Writes to a session itself: create, edit fields, advance or go back a step, delete, and
take what a pre-meeting yielded. Each is one transaction with audit rows that recomputes
the checks (checks._recompute)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ...domain import evaluation as ev
from ...domain.errors import UserError
from ...domain.workflows import CLOSED, SESSION_COLUMNS, WorkflowDef, definition
from ..base import Changed, Context, Tx, new_id
from .checks import _recompute, missing
from .records import SessionRecord, get
from .scores import _apply_template


def _coerce(defn: WorkflowDef, key: str, value: Any) -> Any:
    spec = defn.all_fields().get(key)
    if spec is None and key not in SESSION_COLUMNS:
        raise UserError(f"{defn.label}没有“{key}”这一项。")
    typ = spec.type if spec else "text"
    label = spec.label if spec else key
    if value is None or value == "":
        return _empty(key, typ)
    if typ == "date":
        try:
            return dt.date.fromisoformat(str(value)[:10]).isoformat()
        except ValueError:
            raise UserError(f"“{label}”的日期格式不对：{value}（应为2026-11-29）。") from None
    if typ in ("int", "topic", "session"):
        return _count(label, value)
    if typ == "bool":
        return bool(value)
    if typ == "choice":
        if spec and spec.choices and value not in spec.choices:
            raise UserError(f"“{label}”只能选：{'、'.join(spec.choices)}。")
        return str(value)
    if typ == "groups":
        return [str(v) for v in value]
    if typ == "topics":
        try:
            return sorted({int(v) for v in value})
        except (TypeError, ValueError):
            raise UserError(f"“{label}”要选议题库里的议题。") from None
    if typ == "record":
        text = str(value)
        if not text.startswith(("session:", "matter:")) or not text.split(":", 1)[1].isdigit():
            raise UserError(f"“{label}”要选本系统里的会议或四议两公开事项。")
        return text
    return str(value).strip() if typ == "text" else str(value)


def _empty(key: str, typ: str) -> Any:
    """What an emptied field stores: None, False, [] or ''."""
    if key == "title":
        raise UserError("会议名称不能为空。")
    if typ in ("date", "int", "topic", "session", "record") or key in (
            "topic_id", "prepares_session_id", "date"):
        return None
    if typ == "bool":
        return False
    return [] if typ in ("groups", "topics") else ""


def _count(label: str, value: Any) -> int:
    """A whole number not below 0 (also the id of a topic or session)."""
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise UserError(f"“{label}”要填数字：{value}") from None
    if n < 0:
        raise UserError(f"“{label}”不能是负数。")
    return n


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
    now = ctx.now_iso()
    with ctx.tx() as tx:
        year = (date or ctx.today().isoformat())[:4]
        n = tx.db.execute("SELECT count(*) FROM sessions WHERE kind = ? AND number LIKE ?",
                          [kind, f"{year}-%"]).fetchone()[0]
        number = f"{year}-{number_prefix(defn.label)}-{n + 1:02d}"
        sid = new_id(tx.db.execute(
            "INSERT INTO sessions (kind, number, title, topic_id, prepares_session_id, date, state,"
            " data, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [kind, number, title.strip(), topic_id, prepares_session_id,
             _coerce(defn, "date", date) if date else None, defn.first,
             json.dumps(clean, ensure_ascii=False), now, now]))
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
        if rec.kind == "evaluation":
            _evaluation_defaults(tx, rec, after)
        labels = rec.definition.all_fields()
        names = "、".join(labels[k].label if k in labels else k for k in after)
        tx.audit("session.field", "sessions", sid, summary=f"修改{names}", before=before, after=after)
        _recompute(tx, sid)
    return Changed.of("sessions", ids=[sid], summary=f"已保存{names}", before=before, after=after)


def _evaluation_defaults(tx: Tx, rec: SessionRecord, after: dict[str, Any]) -> None:
    """Evaluating the committee or its members: the 称职度 scale for members, and the
    居民(代表)会议 as the default body (its 2/3 attendance checked) unless already chosen;
    each member one row (评议居委会及其成员的工作 is the assembly's business, 《上海市居民
    委员会工作条例》)."""
    object_type = after.get("object_type", rec.data.get("object_type"))
    data = json.loads(tx.db.execute("SELECT data FROM sessions WHERE id = ?", [rec.id]).fetchone()[0] or "{}")
    changed = False
    if "object_type" in after and object_type:
        if data.get("by_assembly") is None and object_type in ("居委会", ev.MEMBERS_OBJECT):
            data["by_assembly"] = True
            changed = True
        if "scale" not in after and ev.per_member(object_type) and data.get("scale") != "称职度":
            data["scale"] = "称职度"
            changed = True
    if changed:
        tx.db.execute("UPDATE sessions SET data = ? WHERE id = ?",
                      [json.dumps(data, ensure_ascii=False), rec.id])
    n = tx.db.execute("SELECT count(*) FROM evaluation_criteria WHERE session_id = ?", [rec.id]).fetchone()[0]
    if ev.per_member(object_type) and ("members" in after or "object_type" in after):
        if "object_type" in after and n and not data.get("members"):
            tx.db.execute("DELETE FROM evaluation_criteria WHERE session_id = ?", [rec.id])
        _apply_template(tx, rec.id, str(object_type))
    elif "object_type" in after and object_type and n == 0:
        _apply_template(tx, rec.id, str(object_type))


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
    now = ctx.now_iso()
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


def delete(ctx: Context, sid: int) -> Changed:
    ctx.require_write()
    rec = get(ctx.store, sid)
    with ctx.tx() as tx:
        tx.db.execute("UPDATE sessions SET prepares_session_id = NULL WHERE prepares_session_id = ?", [sid])
        tx.db.execute("DELETE FROM sessions WHERE id = ?", [sid])
        tx.audit("session.delete", "sessions", sid, summary=f"删除{rec.kind_label}：{rec.title}",
                 before={"title": rec.title, "kind": rec.kind})
    return Changed.of("sessions", "participants", "followups", ids=[sid], summary="已删除")


# -- pre-meetings yield to the session they prepare ----------------------------------------

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
            tx.db.execute("INSERT INTO participants (session_id, resident_id, name, role, seq) VALUES "
                          "(?, ?, ?, ?, ?)",
                          [sid, rid, name, defn.default_role, seq])
            added_people += 1
        if rec.kind == "evaluation":
            suggested = str(pre.data.get("suggested_criteria") or "")
            lines = [x.strip() for x in suggested.splitlines() if x.strip()]
            have = {r[0] for r in tx.db.execute("SELECT name FROM evaluation_criteria WHERE session_id = ?",
                                                [sid])}
            n = tx.db.execute("SELECT COALESCE(MAX(seq), 0) FROM evaluation_criteria WHERE session_id = ?",
                              [sid]).fetchone()[0]
            for line in lines:
                if line not in have:
                    n += 1
                    tx.db.execute("INSERT INTO evaluation_criteria (session_id, name, seq) VALUES (?, ?, ?)",
                                  [sid, line, n])
                    added_criteria += 1
        summary = f"从“{pre.title}”带入参会人员{added_people}人" + (
            f"、评议内容{added_criteria}项" if rec.kind == "evaluation" else "")
        tx.audit("session.take_from_premeeting", "sessions", sid, summary=summary,
                 after={"from": pre_sid, "participants": added_people, "criteria": added_criteria})
        _recompute(tx, sid)
    return Changed.of("sessions", "participants", "evaluation_criteria", ids=[sid], summary=summary,
                      participants=added_people, criteria=added_criteria)
