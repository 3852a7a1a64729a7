"""评议 (evaluation): the criteria of a session, from a template or one by one, and the
scores — per evaluator, or counted from anonymous forms — with their tallies."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...domain import evaluation as ev
from ...domain.errors import UserError
from ...domain.workflows import CRITERIA_TEMPLATES
from ...store.db import Store
from ..base import Changed, Context, Tx
from .checks import _recompute
from .records import get


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
                              " option, count) VALUES (?, ?, NULL, ?, ?)",
                              [sid, criterion_id, option, int(n)])
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
