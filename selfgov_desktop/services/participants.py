"""Who takes part in a session: residents (search by name/pinyin), whole groups in one
call (all 居民代表, a 楼组…), units and their contact persons, free names; roles per kind;
sign-in (出席/缺席/请假); and the representativeness panel (楼组 coverage, age bands, sex
compared with the roster)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..domain.dates import age_on
from ..domain.errors import UserError
from ..domain.search import normalise_query
from ..domain.sessions import ATTENDANCE
from ..domain.workflows import definition
from ..store.db import Store
from . import groups
from .base import Changed, Context, new_id
from .sessions import _recompute, get

AGE_BANDS = ((18, 34, "18—34岁"), (35, 49, "35—49岁"), (50, 64, "50—64岁"), (65, 79, "65—79岁"),
             (80, 200, "80岁以上"))


@dataclass
class ParticipantRow:
    id: int
    name: str
    role: str
    attendance: str
    absence_reason: str
    resident_id: int | None
    unit_id: int | None
    contact_id: int | None
    group_name: str  # the resident's 楼组
    unit_name: str
    sex: str
    birth_date: str | None
    seq: int

    @property
    def kind_text(self) -> str:
        if self.resident_id:
            return self.group_name or "居民"
        if self.unit_id:
            return self.unit_name
        return "其他"


def list_participants(store: Store, sid: int) -> list[ParticipantRow]:
    cur = store.conn.execute(
        "SELECT p.id, p.name, p.role, p.attendance, p.absence_reason, p.resident_id, p.unit_id,"
        " p.contact_id, COALESCE(g.name, ''), COALESCE(u.name, ''), COALESCE(r.sex, ''), r.birth_date, p.seq"
        " FROM participants p LEFT JOIN residents r ON r.id = p.resident_id"
        " LEFT JOIN groups g ON g.id = r.building_group_id LEFT JOIN units u ON u.id = p.unit_id"
        " WHERE p.session_id = ? ORDER BY p.seq, p.id", [sid])
    return [ParticipantRow(*r) for r in cur]


def _next_seq(db: Any, sid: int) -> int:
    return int(db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM participants WHERE session_id = ?",
                          [sid]).fetchone()[0])


def _check_role(sid_kind: str, role: str) -> str:
    defn = definition(sid_kind)
    role = role or defn.default_role
    if role not in defn.roles:
        raise UserError(f"{defn.label}的参会角色只能是：{'、'.join(defn.roles)}。")
    return role


def add_residents(ctx: Context, sid: int, resident_ids: list[int], role: str = "") -> Changed:
    """Add residents; those already present with the same role are skipped."""
    ctx.require_write()
    rec = get(ctx.store, sid)
    role = _check_role(rec.kind, role)
    added: list[int] = []
    with ctx.tx() as tx:
        seq = _next_seq(tx.db, sid)
        for rid in resident_ids:
            row = tx.db.execute("SELECT name FROM residents WHERE id = ?", [rid]).fetchone()
            if row is None:
                raise UserError(f"找不到编号为{rid}的居民。")
            if tx.db.execute("SELECT 1 FROM participants WHERE session_id = ? AND resident_id = ?"
                             " AND role = ?", [sid, rid, role]).fetchone():
                continue
            pid = new_id(tx.db.execute("INSERT INTO participants (session_id, resident_id, name, role, seq)"
                                       " VALUES (?, ?, ?, ?, ?)", [sid, rid, row[0], role, seq]))
            seq += 1
            added.append(pid)
        if added:
            tx.audit("participant.add", "sessions", sid, summary=f"添加{role} {len(added)}人",
                     after={"participant_ids": added, "role": role})
            _recompute(tx, sid)
    skipped = len(resident_ids) - len(added)
    summary = f"已添加{len(added)}人" + (f"（{skipped}人已在名单中）" if skipped else "")
    return Changed.of("sessions", "participants", ids=added, summary=summary, added=added)


def group_members(store: Store, group_id: int, on: dt.date | None = None) -> list[int]:
    """Resident ids of a group's current, 在册 members on the session service's day."""
    return groups.members_of(store, group_id, on or store.clock.today())


def add_group(ctx: Context, sid: int, group_id: int, role: str = "",
              leaders_only: bool | None = None) -> Changed:
    """Add a whole group in one action. For a 楼组, its 组长 and 五大员 (its members), not
    every resident of the buildings (use add_residents for those)."""
    rec = get(ctx.store, sid)
    row = ctx.store.conn.execute("SELECT kind, name FROM groups WHERE id = ?", [group_id]).fetchone()
    if row is None:
        raise UserError("这个分组已被删除。")
    defn = definition(rec.kind)
    role = role or defn.group_roles.get(row[0], defn.default_role)
    ids = group_members(ctx.store, group_id)
    if not ids:
        raise UserError(f"“{row[1]}”里没有在任的成员。")
    changed = add_residents(ctx, sid, ids, role)
    return Changed.of(*changed.entities, ids=changed.ids,
                      summary=f"从“{row[1]}”{changed.summary}", added=changed.data.get("added", []))


def add_unit(ctx: Context, sid: int, unit_id: int, contact_id: int | None = None, role: str = "",
             name: str = "") -> Changed:
    ctx.require_write()
    rec = get(ctx.store, sid)
    defn = definition(rec.kind)
    role = _check_role(rec.kind, role or ("陈述人" if "陈述人" in defn.roles else
                                          "单位代表" if "单位代表" in defn.roles else defn.roles[-1]))
    unit = ctx.store.conn.execute("SELECT name FROM units WHERE id = ?", [unit_id]).fetchone()
    if unit is None:
        raise UserError("这个单位已被删除。")
    if contact_id is not None:
        c = ctx.store.conn.execute("SELECT name, title FROM unit_contacts WHERE id = ? AND unit_id = ?",
                                   [contact_id, unit_id]).fetchone()
        if c is None:
            raise UserError("这个联系人不属于该单位。")
        name = name or c[0]
    name = name or unit[0]
    with ctx.tx() as tx:
        pid = new_id(tx.db.execute(
            "INSERT INTO participants (session_id, unit_id, contact_id, name, role, seq)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [sid, unit_id, contact_id, name, role, _next_seq(tx.db, sid)]))
        tx.audit("participant.add", "participants", pid, summary=f"添加{role}：{name}（{unit[0]}）")
        _recompute(tx, sid)
    return Changed.of("sessions", "participants", ids=[pid], summary=f"已添加 {name}", added=[pid])


def add_name(ctx: Context, sid: int, name: str, role: str = "") -> Changed:
    """Someone not in the roster (a lawyer, a visitor…)."""
    ctx.require_write()
    name = name.strip()
    if not name:
        raise UserError("请填写姓名。")
    rec = get(ctx.store, sid)
    role = _check_role(rec.kind, role)
    with ctx.tx() as tx:
        pid = new_id(tx.db.execute(
            "INSERT INTO participants (session_id, name, role, seq) VALUES (?, ?, ?, ?)",
            [sid, name, role, _next_seq(tx.db, sid)]))
        tx.audit("participant.add", "participants", pid, summary=f"添加{role}：{name}")
        _recompute(tx, sid)
    return Changed.of("sessions", "participants", ids=[pid], summary=f"已添加 {name}", added=[pid])


def _one(store: Store, pid: int) -> tuple[int, str, str, str, str]:
    row = store.conn.execute("SELECT session_id, name, role, attendance, absence_reason FROM participants"
                             " WHERE id = ?", [pid]).fetchone()
    if row is None:
        raise UserError("这位参会人员已被移除。")
    return row


def set_attendance(ctx: Context, pid: int, attendance: str, reason: str = "") -> Changed:
    ctx.require_write()
    if attendance not in ("", *ATTENDANCE):
        raise UserError("签到只能是：出席、缺席、请假、委托。")
    sid, name, _role, old, old_reason = _one(ctx.store, pid)
    with ctx.tx() as tx:
        tx.db.execute("UPDATE participants SET attendance = ?, absence_reason = ? WHERE id = ?",
                      [attendance, reason, pid])
        tx.audit("participant.attendance", "participants", pid, summary=f"{name}：{attendance or '未签到'}",
                 before={"attendance": old, "reason": old_reason},
                 after={"attendance": attendance, "reason": reason})
        _recompute(tx, sid)
    return Changed.of("sessions", "participants", ids=[pid], before=old, after=attendance,
                      before_reason=old_reason)


def set_all_attendance(ctx: Context, sid: int, attendance: str = "出席",
                       only_unmarked: bool = True) -> Changed:
    ctx.require_write()
    if attendance not in ATTENDANCE:
        raise UserError("签到只能是：出席、缺席、请假、委托。")
    with ctx.tx() as tx:
        cond = " AND attendance = ''" if only_unmarked else ""
        ids = [r[0] for r in tx.db.execute(f"SELECT id FROM participants WHERE session_id = ?{cond}", [sid])]
        tx.db.execute(f"UPDATE participants SET attendance = ? WHERE session_id = ?{cond}", [attendance, sid])
        tx.audit("participant.attendance_all", "sessions", sid, summary=f"{len(ids)}人标记为{attendance}",
                 after={"ids": ids})
        _recompute(tx, sid)
    return Changed.of("sessions", "participants", ids=ids, summary=f"{len(ids)}人标记为{attendance}",
                      marked=ids)


def set_role(ctx: Context, pid: int, role: str) -> Changed:
    ctx.require_write()
    sid, name, old, _a, _r = _one(ctx.store, pid)
    role = _check_role(get(ctx.store, sid).kind, role)
    with ctx.tx() as tx:
        tx.db.execute("UPDATE participants SET role = ? WHERE id = ?", [role, pid])
        tx.audit("participant.role", "participants", pid, summary=f"{name}：{old}→{role}",
                 before={"role": old}, after={"role": role})
        _recompute(tx, sid)
    return Changed.of("sessions", "participants", ids=[pid], before=old, after=role)


def remove(ctx: Context, pids: list[int]) -> Changed:
    ctx.require_write()
    if not pids:
        return Changed.of()
    sids = set()
    with ctx.tx() as tx:
        for pid in pids:
            row = tx.db.execute("SELECT session_id, name, role, resident_id, unit_id, contact_id FROM "
                                "participants"
                                " WHERE id = ?", [pid]).fetchone()
            if row is None:
                continue
            sids.add(row[0])
            tx.db.execute("UPDATE speeches SET participant_id = NULL WHERE participant_id = ?", [pid])
            tx.db.execute("UPDATE participants SET proxy_for = NULL WHERE proxy_for = ?", [pid])
            tx.db.execute("DELETE FROM participants WHERE id = ?", [pid])
            tx.audit("participant.remove", "participants", pid, summary=f"移除{row[2]}：{row[1]}",
                     before={"session_id": row[0], "name": row[1], "role": row[2], "resident_id": row[3],
                             "unit_id": row[4], "contact_id": row[5]})
        for sid in sids:
            _recompute(tx, sid)
    return Changed.of("sessions", "participants", ids=pids, summary=f"已移除{len(pids)}人")


# -- pickers --------------------------------------------------------------------------------

def search_residents(store: Store, text: str, limit: int = 50,
                     on: dt.date | None = None) -> list[dict[str, Any]]:
    """Active residents matching name / pinyin / initials / address, with their 楼组 and roles."""
    q = normalise_query(text)
    if not q:
        return []
    day = on or store.clock.today()
    cur = store.conn.execute(
        "SELECT r.id, r.name, r.sex, r.birth_date, r.building, r.room, COALESCE(g.name, ''),"
        " (SELECT group_concat(DISTINCT CASE WHEN gg.kind = '居民代表' THEN '居民代表'"
        "   WHEN m.role = '组长' AND gg.kind = '楼组' THEN '楼组长' ELSE NULL END)"
        "  FROM memberships m JOIN groups gg ON gg.id = m.group_id WHERE m.resident_id = r.id)"
        " FROM residents r LEFT JOIN groups g ON g.id = r.building_group_id"
        " WHERE r.status = '在册' AND r.search_text LIKE ? ORDER BY"
        " CASE WHEN r.name = ? THEN 0 WHEN r.name LIKE ? THEN 1 ELSE 2 END, r.name LIMIT ?",
        [f"%{q}%", text.strip(), f"{text.strip()}%", limit])
    out = []
    for rid, name, sex, birth, building, room, group, roles in cur:
        age = None
        if birth and len(birth) >= 10:
            age = age_on(birth, day)
        out.append({"id": rid, "name": name, "sex": sex, "age": age, "building": building, "room": room,
                    "group": group, "roles": roles or ""})
    return out


def pickable_groups(store: Store, on: dt.date | None = None) -> list[dict[str, Any]]:
    day = (on or store.clock.today()).isoformat()
    cur = store.conn.execute(
        "SELECT g.id, g.kind, g.name, (SELECT count(DISTINCT m.resident_id) FROM memberships m"
        " JOIN residents r ON r.id = m.resident_id WHERE m.group_id = g.id AND r.status = '在册'"
        " AND (m.term_end IS NULL OR m.term_end >= ?)) FROM groups g"
        " ORDER BY CASE g.kind WHEN '居民代表' THEN 0 WHEN '楼组' THEN 1 WHEN '居民小组' THEN 2"
        " WHEN '五大员' THEN 3 ELSE 4 END, g.id", [day])
    return [{"id": r[0], "kind": r[1], "name": r[2], "members": r[3]} for r in cur]


def building_groups(store: Store) -> list[str]:
    return [r[0] for r in store.conn.execute("SELECT name FROM groups WHERE kind = '楼组' ORDER BY id")]


def pickable_units(store: Store) -> list[dict[str, Any]]:
    units = []
    for uid, kind, name in store.conn.execute("SELECT id, kind, name FROM units ORDER BY kind, id"):
        contacts = [{"id": c[0], "name": c[1], "title": c[2]} for c in store.conn.execute(
            "SELECT id, name, title FROM unit_contacts WHERE unit_id = ? ORDER BY id", [uid])]
        units.append({"id": uid, "kind": kind, "name": name, "contacts": contacts})
    return units


# -- representativeness ---------------------------------------------------------------------

@dataclass
class Representativeness:
    residents_taking_part: int
    groups: list[tuple[str, int, int]] = field(default_factory=list)  # 楼组, roster adults, taking part
    age_bands: list[tuple[str, float, float]] = field(default_factory=list)  # band, roster share, ours
    sex: list[tuple[str, float, float]] = field(default_factory=list)
    uncovered: list[str] = field(default_factory=list)


def representativeness(store: Store, sid: int, on: dt.date | None = None) -> Representativeness:
    """Residents taking part (any role but 主持人/记录人) compared with the adult roster."""
    day = on or store.clock.today()
    adult_cut = dt.date(day.year - 18, day.month, min(day.day, 28)).isoformat()
    roster = store.conn.execute(
        "SELECT COALESCE(g.name, ''), r.sex, r.birth_date FROM residents r"
        " LEFT JOIN groups g ON g.id = r.building_group_id WHERE r.status = '在册' AND r.birth_date <= ?",
        [adult_cut]).fetchall()
    ours = store.conn.execute(
        "SELECT COALESCE(g.name, ''), r.sex, r.birth_date FROM participants p"
        " JOIN residents r ON r.id = p.resident_id LEFT JOIN groups g ON g.id = r.building_group_id"
        " WHERE p.session_id = ? AND p.role NOT IN ('主持人', '记录人')"
        " GROUP BY r.id", [sid]).fetchall()
    names = building_groups(store)
    groups = [(g, sum(1 for r in roster if r[0] == g), sum(1 for r in ours if r[0] == g)) for g in names]

    def band(birth: str | None) -> str:
        if not birth or len(birth) < 7:
            return ""
        age = age_on(birth if len(birth) >= 10 else birth + "-01", day)
        for lo, hi, label in AGE_BANDS:
            if lo <= age <= hi:
                return label
        return ""

    def shares(rows: list, key: Any, labels: list[str]) -> list[float]:
        n = len(rows)
        return [(sum(1 for r in rows if key(r) == lab) / n) if n else 0.0 for lab in labels]

    bands = [b[2] for b in AGE_BANDS]
    rb, ob = shares(roster, lambda r: band(r[2]), bands), shares(ours, lambda r: band(r[2]), bands)
    sexes = ["男", "女"]
    rs, os_ = shares(roster, lambda r: r[1], sexes), shares(ours, lambda r: r[1], sexes)
    rec = get(store, sid)
    wanted = list(rec.data.get("affected_groups") or []) or (names if rec.kind == "evaluation" else [])
    covered = {r[0] for r in ours}
    return Representativeness(
        len(ours), groups, list(zip(bands, rb, ob, strict=True)), list(zip(sexes, rs, os_, strict=True)),
        [g for g in wanted if g not in covered])
