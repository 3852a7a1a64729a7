"""评议 (evaluation): the criteria of a session, from a template or one by one, and the
scores — per evaluator, or counted from anonymous forms — with their tallies."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...domain import evaluation as ev
from ...domain.errors import UserError
from ...domain.workflows import CRITERIA_TEMPLATES
from ...store.db import Store
from ..base import Changed, Context, Tx, new_id
from .checks import _recompute
from .records import get


def criteria(store: Store, sid: int) -> list[dict[str, Any]]:
    cur = store.conn.execute("SELECT id, name, seq FROM evaluation_criteria WHERE session_id = ?"
                             " ORDER BY seq, id", [sid])
    return [{"id": r[0], "name": r[1], "seq": r[2]} for r in cur]


def _apply_template(tx: Tx, sid: int, object_type: str) -> None:
    if ev.per_member(object_type):  # one row per member, from the session's 评议成员 field
        import json

        raw = tx.db.execute("SELECT data FROM sessions WHERE id = ?", [sid]).fetchone()
        data = json.loads(raw[0] or "{}") if raw else {}
        _set_member_rows(tx, sid, ev.member_names(data.get("members")))
        return
    for i, name in enumerate(CRITERIA_TEMPLATES.get(object_type, ())):
        tx.db.execute("INSERT INTO evaluation_criteria (session_id, name, seq) VALUES (?, ?, ?)",
                      [sid, name, i + 1])


def apply_template(ctx: Context, sid: int, object_type: str) -> Changed:
    """Replace the criteria with the template for this object type."""
    ctx.require_write()
    if object_type not in CRITERIA_TEMPLATES and not ev.per_member(object_type):
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
        cid = new_id(tx.db.execute("INSERT INTO evaluation_criteria (session_id, name, seq) VALUES (?, ?, ?)",
                                   [sid, name, seq]))
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


def set_counts(ctx: Context, sid: int, criterion_id: int, counts: dict[str, int]) -> Changed:
    """Anonymous forms counted on the spot: option -> number of forms for one criterion (or
    member). Only counts are stored — never who chose what."""
    ctx.require_write()
    rec = get(ctx.store, sid)
    scale = rec.data.get("scale") or "满意度"
    bad = [o for o in counts if o not in ev.options(scale)]
    if bad:
        raise UserError(f"评分只能是：{'、'.join(ev.options(scale))}（不认识：{'、'.join(bad)}）。")
    if any(int(n) < 0 for n in counts.values()):
        raise UserError("票数不能是负数。")
    with ctx.tx() as tx:
        before = {o: n for o, n in tx.db.execute(
            "SELECT option, count FROM evaluation_scores WHERE session_id = ? AND criterion_id = ?",
            [sid, criterion_id])}
        tx.db.execute("DELETE FROM evaluation_scores WHERE session_id = ? AND criterion_id = ?",
                      [sid, criterion_id])
        for option, n in counts.items():
            if int(n):
                tx.db.execute("INSERT INTO evaluation_scores (session_id, criterion_id, option, count)"
                              " VALUES (?, ?, ?, ?)", [sid, criterion_id, option, int(n)])
        tx.audit("score.counts", "evaluation_scores", None, summary="录入计票结果", before=before,
                 after=counts)
        _recompute(tx, sid)
    return Changed.of("sessions", "evaluation_scores", ids=[sid], before=before, after=dict(counts))


def set_members(ctx: Context, sid: int, names: list[str]) -> Changed:
    """Each committee member evaluated: one row per member (kept in order; rows of members
    no longer listed are removed with their counts)."""
    ctx.require_write()
    want = ev.member_names(names)
    with ctx.tx() as tx:
        _set_member_rows(tx, sid, want)
        tx.audit("criteria.members", "sessions", sid, summary="评议的居委会成员：" + "、".join(want),
                 after=want)
        _recompute(tx, sid)
    return Changed.of("sessions", "evaluation_criteria", ids=[sid], summary=f"评议成员{len(want)}人")


def _set_member_rows(tx: Tx, sid: int, names: list[str]) -> None:
    have = {n: i for i, n in tx.db.execute("SELECT id, name FROM evaluation_criteria WHERE session_id = ?",
                                           [sid])}
    for name, cid in have.items():
        if name not in names:
            tx.db.execute("DELETE FROM evaluation_criteria WHERE id = ?", [cid])
    for seq, name in enumerate(names, start=1):
        if name in have:
            tx.db.execute("UPDATE evaluation_criteria SET seq = ? WHERE id = ?", [seq, have[name]])
        else:
            tx.db.execute("INSERT INTO evaluation_criteria (session_id, name, seq) VALUES (?, ?, ?)",
                          [sid, name, seq])


@dataclass
class ScoreGrid:
    """An evaluation's counts (per criterion or member, per option) and its one result."""

    scale: str
    options: tuple[str, ...]
    criteria: list[dict[str, Any]]
    counts: dict[int, dict[str, int]]  # criterion id -> option -> forms
    per_criterion: dict[str, ev.Tally] = field(default_factory=dict)
    overall: ev.Tally | None = None
    result: ev.SessionResult | None = None
    valid: int | None = None  # forms_valid as recorded
    per_member: bool = False


def score_grid(store: Store, sid: int) -> ScoreGrid:
    rec = get(store, sid)
    scale = rec.data.get("scale") or "满意度"
    crit = criteria(store, sid)
    counts: dict[int, dict[str, int]] = {c["id"]: {} for c in crit}
    for cid, option, n in store.conn.execute(
            "SELECT criterion_id, option, count FROM evaluation_scores WHERE session_id = ?", [sid]):
        counts.setdefault(cid, {})
        counts[cid][option] = counts[cid].get(option, 0) + n
    valid = rec.data.get("forms_valid")
    valid = int(valid) if isinstance(valid, int) else None
    members = ev.per_member(rec.data.get("object_type"))
    result = ev.session_result(scale, {c["name"]: counts.get(c["id"], {}) for c in crit}, valid, members)
    per = {r.name: r.tally for r in result.rows}
    return ScoreGrid(scale, ev.options(scale), crit, counts, per, result.overall, result, valid, members)
