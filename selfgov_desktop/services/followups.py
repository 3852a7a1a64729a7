"""Follow-up items (责任制 from a 协调会's agreement, 承诺制 from an 评议会's commitments):
responsible party, deadline, status, visits. Overdue = still open after the deadline day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..domain.errors import UserError
from ..domain.rules import is_overdue
from ..domain.workflows import definition
from ..store.db import Store
from .base import Changed, Context, new_id
from .sessions import _recompute, get

STATUSES = ("未完成", "进行中", "已完成", "已取消")


@dataclass
class Visit:
    id: int
    visited_on: str
    visitor: str
    result: str


@dataclass
class FollowupRow:
    id: int
    session_id: int | None
    kind: str
    item: str
    responsible: str
    deadline: str | None
    status: str
    done_on: str | None
    overdue: bool
    visits: list[Visit] = field(default_factory=list)
    session_title: str = ""


def _date(value: Any, label: str) -> str | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        raise UserError(f"“{label}”的日期格式不对：{value}（应为2026-11-29）。") from None


def _rows(store: Store, where: str, args: list[Any], on: dt.date | None) -> list[FollowupRow]:
    day = on or store.clock.today()
    cur = store.conn.execute(
        "SELECT f.id, f.session_id, f.kind, f.item, f.responsible, f.deadline, f.status, f.done_on,"
        f" COALESCE(s.title, '') FROM followups f LEFT JOIN sessions s ON s.id = f.session_id WHERE {where}"
        " ORDER BY f.deadline IS NULL, f.deadline, f.id", args)
    out = []
    for r in cur.fetchall():
        visits = [Visit(*v) for v in store.conn.execute(
            "SELECT id, visited_on, visitor, result FROM visits WHERE followup_id = ? ORDER BY "
            "visited_on, id",
            [r[0]])]
        out.append(FollowupRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7],
                               is_overdue(r[6], r[5], day), visits, r[8]))
    return out


def for_session(store: Store, sid: int, on: dt.date | None = None) -> list[FollowupRow]:
    return _rows(store, "f.session_id = ?", [sid], on)


def overdue(store: Store, on: dt.date | None = None) -> list[FollowupRow]:
    day = (on or store.clock.today()).isoformat()
    return _rows(store, "f.status IN ('未完成', '进行中') AND f.deadline IS NOT NULL AND f.deadline < ?",
                 [day], on)


def add(ctx: Context, sid: int, item: str, responsible: str = "", deadline: str | None = None,
        kind: str = "") -> Changed:
    ctx.require_write()
    item = item.strip()
    if not item:
        raise UserError("请填写事项内容。")
    rec = get(ctx.store, sid)
    kind = kind or definition(rec.kind).rule_system or "落实"
    d = _date(deadline, "期限")
    with ctx.tx() as tx:
        fid = new_id(tx.db.execute(
            "INSERT INTO followups (session_id, topic_id, kind, item, responsible, deadline,"
            " status, created_at) VALUES (?, ?, ?, ?, ?, ?, '未完成', ?)",
            [sid, rec.topic_id, kind, item, responsible.strip(), d, ctx.now_iso()]))
        tx.audit("followup.add", "followups", fid, summary=f"登记跟踪事项：{item}",
                 after={"item": item, "responsible": responsible, "deadline": d})
        _recompute(tx, sid)
    return Changed.of("sessions", "followups", ids=[fid], summary="已登记", id=fid)


def _one(store: Store, fid: int) -> dict[str, Any]:
    row = store.conn.execute("SELECT session_id, item, responsible, deadline, status, done_on FROM followups"
                             " WHERE id = ?", [fid]).fetchone()
    if row is None:
        raise UserError("这个跟踪事项已被删除。")
    return dict(zip(("session_id", "item", "responsible", "deadline", "status", "done_on"), row, strict=True))


def update(ctx: Context, fid: int, **values: Any) -> Changed:
    """Change item / responsible / deadline / status / done_on. Marking 已完成 without a
    date sets done_on to today."""
    ctx.require_write()
    allowed = {"item", "responsible", "deadline", "status", "done_on"}
    bad = set(values) - allowed
    if bad:
        raise UserError("跟踪事项没有这些项：" + "、".join(sorted(bad)))
    old = _one(ctx.store, fid)
    new = dict(values)
    if "deadline" in new:
        new["deadline"] = _date(new["deadline"], "期限")
    if "done_on" in new:
        new["done_on"] = _date(new["done_on"], "完成日期")
    if "item" in new and not str(new["item"]).strip():
        raise UserError("事项内容不能为空。")
    if "status" in new:
        if new["status"] not in STATUSES:
            raise UserError("状态只能是：" + "、".join(STATUSES))
        if new["status"] == "已完成" and not new.get("done_on") and not old["done_on"]:
            new["done_on"] = ctx.today().isoformat()
        if new["status"] in ("未完成", "进行中") and "done_on" not in values:
            new["done_on"] = None
    before = {k: old[k] for k in new}
    with ctx.tx() as tx:
        sets = ", ".join(f"{k} = ?" for k in new)
        tx.db.execute(f"UPDATE followups SET {sets} WHERE id = ?", [*new.values(), fid])
        tx.audit("followup.update", "followups", fid, summary=f"修改跟踪事项：{old['item']}",
                 before=before, after=new)
        if old["session_id"]:
            _recompute(tx, old["session_id"])
    return Changed.of("sessions", "followups", ids=[fid], summary="已保存", before=before, after=new)


def remove(ctx: Context, fid: int) -> Changed:
    ctx.require_write()
    old = _one(ctx.store, fid)
    with ctx.tx() as tx:
        tx.db.execute("DELETE FROM followups WHERE id = ?", [fid])
        tx.audit("followup.remove", "followups", fid, summary=f"删除跟踪事项：{old['item']}", before=old)
        if old["session_id"]:
            _recompute(tx, old["session_id"])
    return Changed.of("sessions", "followups", ids=[fid], summary="已删除")


def add_visit(ctx: Context, fid: int, visited_on: str, visitor: str = "", result: str = "") -> Changed:
    ctx.require_write()
    old = _one(ctx.store, fid)
    d = _date(visited_on, "回访日期")
    if d is None:
        raise UserError("请填写回访日期。")
    with ctx.tx() as tx:
        vid = new_id(tx.db.execute("INSERT INTO visits (followup_id, visited_on, visitor, result) VALUES "
                                   "(?, ?, ?, ?)",
                                   [fid, d, visitor.strip(), result.strip()]))
        tx.audit("visit.add", "visits", vid, summary=f"回访：{old['item']}",
                 after={"visited_on": d, "visitor": visitor, "result": result})
        if old["session_id"]:
            _recompute(tx, old["session_id"])
    return Changed.of("sessions", "followups", "visits", ids=[vid], summary="已记录回访", id=vid)


def remove_visit(ctx: Context, visit_id: int) -> Changed:
    ctx.require_write()
    row = ctx.store.conn.execute("SELECT f.session_id FROM visits v JOIN followups f ON f.id = v.followup_id"
                                 " WHERE v.id = ?", [visit_id]).fetchone()
    if row is None:
        return Changed.of()
    with ctx.tx() as tx:
        tx.db.execute("DELETE FROM visits WHERE id = ?", [visit_id])
        tx.audit("visit.remove", "visits", visit_id, summary="删除回访记录")
        if row[0]:
            _recompute(tx, row[0])
    return Changed.of("sessions", "followups", "visits", ids=[visit_id], summary="已删除")
