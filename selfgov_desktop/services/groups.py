"""Groups: 楼组, 居民小组, 居民代表 (with terms), teams, 五大员; memberships with terms.

`members_of(group_id)` is what a session uses to add a whole group in one call."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..domain.errors import UserError
from ..domain.masking import mask_name
from ..domain.model import FIVE_OFFICER_ROLES, GroupKind
from ..store.db import Store
from .base import Changed, Context, new_id

KINDS = tuple(k.value for k in GroupKind)
DEFAULT_ROLES: dict[str, tuple[str, ...]] = {
    "楼组": ("组长", "副组长", *FIVE_OFFICER_ROLES),
    "居民小组": ("组长", "组员"),
    "居民代表": ("居民代表",),
    "队伍": ("队长", "队员"),
    "五大员": FIVE_OFFICER_ROLES,
}


def list_groups(store: Store, kind: str | None = None, on: dt.date | None = None
                ) -> list[dict[str, Any]]:
    """Groups with their current member count (and, for 楼组, how many residents live in it)."""
    day = (on or store.clock.today()).isoformat()
    sql = ("SELECT g.id, g.kind, g.name, g.note,"
           " (SELECT count(DISTINCT m.resident_id) FROM memberships m JOIN residents r ON"
           "  r.id = m.resident_id WHERE m.group_id = g.id AND r.status = '在册'"
           "  AND (m.term_end IS NULL OR m.term_end >= ?)) AS members,"
           " (SELECT count(*) FROM residents r WHERE r.building_group_id = g.id"
           "  AND r.status = '在册') AS residents"
           " FROM groups g")
    args: list[Any] = [day]
    if kind:
        sql += " WHERE g.kind = ?"
        args.append(kind)
    sql += " ORDER BY CASE g.kind WHEN '楼组' THEN 0 WHEN '居民小组' THEN 1 WHEN '居民代表' THEN 2" \
           " WHEN '五大员' THEN 3 ELSE 4 END, g.id"
    cur = store.conn.execute(sql, args)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur]


def get_group(store: Store, group_id: int) -> dict[str, Any]:
    cur = store.conn.execute("SELECT id, kind, name, note FROM groups WHERE id = ?", [group_id])
    row = cur.fetchone()
    if row is None:
        raise UserError("这个分组已不存在（可能已被删除）。")
    return dict(zip([d[0] for d in cur.description], row, strict=True))


def members(store: Store, group_id: int, on: dt.date | None = None,
            include_past: bool = False) -> list[dict[str, Any]]:
    """Memberships with the resident's name and address; current ones unless include_past."""
    day = (on or store.clock.today()).isoformat()
    where = "" if include_past else " AND (m.term_end IS NULL OR m.term_end >= ?)"
    args: list[Any] = [group_id] + ([] if include_past else [day])
    cur = store.conn.execute(
        "SELECT m.id AS membership_id, m.resident_id, r.name, m.role, m.term_start, m.term_end,"
        " r.building, r.room, r.phone, r.status FROM memberships m"
        " JOIN residents r ON r.id = m.resident_id"
        f" WHERE m.group_id = ?{where}"
        " ORDER BY CASE m.role WHEN '组长' THEN 0 WHEN '队长' THEN 0 WHEN '副组长' THEN 1 ELSE 2 END,"
        " m.id", args)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur]


def members_of(store: Store, group_id: int, on: dt.date | None = None) -> list[int]:
    """Resident ids of the group's current members who are 在册, in a stable order: one call
    adds a whole group to a session."""
    day = (on or store.clock.today()).isoformat()
    get_group(store, group_id)
    return [r[0] for r in store.conn.execute(
        "SELECT m.resident_id FROM memberships m JOIN residents r ON r.id = m.resident_id"
        " WHERE m.group_id = ? AND r.status = '在册' AND (m.term_end IS NULL OR m.term_end >= ?)"
        " GROUP BY m.resident_id ORDER BY min(m.id)", [group_id, day])]


def residents_of_building_group(store: Store, group_id: int) -> list[int]:
    """Every 在册 resident living in a 楼组 (not just its officers)."""
    return [r[0] for r in store.conn.execute(
        "SELECT id FROM residents WHERE building_group_id = ? AND status = '在册'"
        " ORDER BY CAST(building AS INTEGER), building, CAST(room AS INTEGER), room, id",
        [group_id])]


def save_group(ctx: Context, kind: str, name: str, note: str = "",
               group_id: int | None = None) -> Changed:
    ctx.require_write()
    name, note = " ".join(name.split()), note.strip()
    if kind not in KINDS:
        raise UserError(f"分组类型“{kind}”无效，应为：{'、'.join(KINDS)}。")
    if not name:
        raise UserError("请填写分组名称。")
    clash = ctx.store.conn.execute("SELECT id FROM groups WHERE kind = ? AND name = ? AND id != ?",
                                   [kind, name, group_id or -1]).fetchone()
    if clash:
        raise UserError(f"已有名为“{name}”的{kind}。")
    with ctx.tx() as tx:
        if group_id is None:
            group_id = new_id(tx.db.execute("INSERT INTO groups (kind, name, note) VALUES (?, ?, ?)",
                                            [kind, name, note]))
            tx.audit("group.add", "groups", group_id, summary=f"新建{kind}“{name}”")
        else:
            before = get_group(ctx.store, group_id)
            tx.db.execute("UPDATE groups SET kind = ?, name = ?, note = ? WHERE id = ?",
                          [kind, name, note, group_id])
            tx.audit("group.update", "groups", group_id, summary=f"修改分组“{name}”",
                     before=before, after={"kind": kind, "name": name, "note": note})
    return Changed.of("groups", ids=[group_id], summary=f"已保存“{name}”")


def delete_group(ctx: Context, group_id: int) -> Changed:
    """Only a group nothing else points at; memberships go with it (audit keeps them)."""
    ctx.require_write()
    g = get_group(ctx.store, group_id)
    c = ctx.store.conn
    if c.execute("SELECT 1 FROM residents WHERE building_group_id = ? LIMIT 1",
                 [group_id]).fetchone():
        raise UserError(f"“{g['name']}”中还有居民，不能删除。可改名，或先把居民调到其他楼组。")
    if c.execute("SELECT 1 FROM topics WHERE group_id = ? LIMIT 1", [group_id]).fetchone():
        raise UserError(f"“{g['name']}”已用在议题中，不能删除。")
    gone = members(ctx.store, group_id, include_past=True)
    with ctx.tx() as tx:
        tx.db.execute("DELETE FROM memberships WHERE group_id = ?", [group_id])
        tx.db.execute("DELETE FROM groups WHERE id = ?", [group_id])
        tx.audit("group.delete", "groups", group_id, summary=f"删除{g['kind']}“{g['name']}”",
                 before={**g, "members": [(m["resident_id"], m["role"]) for m in gone]})
    return Changed.of("groups", "memberships", ids=[group_id], summary="已删除")


def add_member(ctx: Context, group_id: int, resident_id: int, role: str = "",
               term_start: str | None = None, term_end: str | None = None) -> Changed:
    ctx.require_write()
    g = get_group(ctx.store, group_id)
    r = ctx.store.conn.execute("SELECT name, status FROM residents WHERE id = ?",
                               [resident_id]).fetchone()
    if r is None:
        raise UserError("找不到这位居民（可能已被合并）。")
    if r[1] != "在册":
        raise UserError(f"{mask_name(r[0])} 的状态是“{r[1]}”，不能加入分组。")
    role = role.strip() or DEFAULT_ROLES.get(g["kind"], ("",))[-1]
    for d in (term_start, term_end):
        if d:
            try:
                dt.date.fromisoformat(d)
            except ValueError:
                raise UserError(f"任期日期“{d}”无效，请写成2026-03-15的形式。") from None
    if term_start and term_end and term_end < term_start:
        raise UserError("任期结束日期早于开始日期。")
    if ctx.store.conn.execute("SELECT 1 FROM memberships WHERE group_id = ? AND resident_id = ?"
                              " AND role = ?", [group_id, resident_id, role]).fetchone():
        raise UserError(f"{mask_name(r[0])} 已是“{g['name']}”的{role}。")
    with ctx.tx() as tx:
        mid = new_id(tx.db.execute(
            "INSERT INTO memberships (group_id, resident_id, role, term_start, term_end)"
            " VALUES (?, ?, ?, ?, ?)", [group_id, resident_id, role, term_start or None,
                                       term_end or None]))
        tx.audit("membership.add", "memberships", mid,
                 summary=f"{mask_name(r[0])} 加入“{g['name']}”（{role}）",
                 after={"group_id": group_id, "resident_id": resident_id, "role": role,
                        "term_start": term_start, "term_end": term_end})
    return Changed.of("memberships", "groups", ids=[mid], summary="已添加成员")


def end_membership(ctx: Context, membership_id: int, on: str | None = None) -> Changed:
    """A term ends (卸任); the record stays for the ledgers."""
    ctx.require_write()
    day = on or ctx.today().isoformat()
    row = ctx.store.conn.execute("SELECT term_end FROM memberships WHERE id = ?",
                                 [membership_id]).fetchone()
    if row is None:
        raise UserError("这条成员记录已不存在。")
    with ctx.tx() as tx:
        tx.db.execute("UPDATE memberships SET term_end = ? WHERE id = ?", [day, membership_id])
        tx.audit("membership.end", "memberships", membership_id, summary=f"任期结束于{day}",
                 before={"term_end": row[0]}, after={"term_end": day})
    return Changed.of("memberships", "groups", ids=[membership_id], summary="已结束任期")


def remove_member(ctx: Context, membership_id: int) -> Changed:
    """Remove an entry made by mistake (the audit log keeps it)."""
    ctx.require_write()
    cur = ctx.store.conn.execute("SELECT * FROM memberships WHERE id = ?", [membership_id])
    row = cur.fetchone()
    if row is None:
        raise UserError("这条成员记录已不存在。")
    before = dict(zip([d[0] for d in cur.description], row, strict=True))
    with ctx.tx() as tx:
        tx.db.execute("DELETE FROM memberships WHERE id = ?", [membership_id])
        tx.audit("membership.remove", "memberships", membership_id, summary="移除成员记录",
                 before=before)
    return Changed.of("memberships", "groups", ids=[membership_id], summary="已移除")


def set_building_group(ctx: Context, resident_ids: list[int], group_id: int | None) -> Changed:
    """Move residents to a 楼组 (the roster's 楼组 column, edited here)."""
    ctx.require_write()
    if group_id is not None and get_group(ctx.store, group_id)["kind"] != "楼组":
        raise UserError("只能把居民调到“楼组”类型的分组。")
    with ctx.tx() as tx:
        tx.db.conn.executemany("UPDATE residents SET building_group_id = ? WHERE id = ?",
                          [(group_id, rid) for rid in resident_ids])
        tx.audit("resident.building_group", "residents", None,
                 summary=f"{len(resident_ids)}位居民调整楼组",
                 after={"group_id": group_id, "residents": resident_ids})
    return Changed.of("residents", "groups", ids=resident_ids, summary="已调整楼组")


def five_officers(store: Store, on: dt.date | None = None) -> list[dict[str, Any]]:
    """五大员 of every 楼组: one row per 楼组 with the holder of each role (or '')."""
    out = []
    for g in list_groups(store, "楼组", on):
        row: dict[str, Any] = {"group_id": g["id"], "group": g["name"]}
        held = {m["role"]: m for m in members(store, g["id"], on)}
        for role in ("组长", *FIVE_OFFICER_ROLES):
            row[role] = held[role]["name"] if role in held else ""
        out.append(row)
    return out


# -- 楼组 from the roster's 楼号 (issue 19) -----------------------------------------------------

def building_group_name(building: str) -> str:
    """"3" → "3号楼"; a 楼号 already naming itself ("12号楼", "5幢", "8弄3号") is kept."""
    b = " ".join(building.split())
    if not b:
        return ""
    if b.isdigit():
        return f"{int(b)}号楼"
    if b[-1] in "楼幢栋座号":
        return b if b[-1] != "号" else f"{b}楼"
    return f"{b}号楼"


def buildings_without_group(store: Store) -> list[tuple[str, int]]:
    """(楼组 name, residents) for the 楼号 of 在册 residents not in any 楼组 yet, in building order."""
    rows = store.conn.execute(
        "SELECT building, count(*) FROM residents WHERE status = '在册' AND building_group_id IS NULL"
        " AND trim(building) != '' GROUP BY building").fetchall()
    counts: dict[str, int] = {}
    for building, n in rows:
        name = building_group_name(building)
        counts[name] = counts.get(name, 0) + n
    return sorted(counts.items(), key=lambda kv: _building_order(kv[0]))


def _building_order(name: str) -> tuple[int, str]:
    """3号楼 before 12号楼: by the first number in the name, then by the name."""
    digits = ""
    for c in name:
        if c.isdigit():
            digits += c
        elif digits:
            break
    return (int(digits[:9]) if digits else 10**9, name)


def has_building_groups(store: Store) -> bool:
    return store.conn.execute("SELECT 1 FROM groups WHERE kind = '楼组' LIMIT 1").fetchone() is not None


def groups_from_buildings(ctx: Context) -> Changed:
    """One 楼组 per 楼号 ("3号楼"), each 在册 resident with that 楼号 and no 楼组 assigned to it;
    a 楼组 of that name that exists already is used. One transaction, audited."""
    ctx.require_write()
    rows = ctx.store.conn.execute(
        "SELECT id, building FROM residents WHERE status = '在册' AND building_group_id IS NULL"
        " AND trim(building) != ''").fetchall()
    if not rows:
        raise UserError("没有需要分组的居民：在册居民都已有楼组，或花名册里没有楼号。")
    by_name: dict[str, list[int]] = {}
    for rid, building in rows:
        by_name.setdefault(building_group_name(building), []).append(rid)
    existing = dict(ctx.store.conn.execute(
        "SELECT name, id FROM groups WHERE kind = '楼组'").fetchall())
    created: list[int] = []
    with ctx.tx() as tx:
        for name, ids in sorted(by_name.items(), key=lambda kv: _building_order(kv[0])):
            gid = existing.get(name)
            if gid is None:
                gid = new_id(tx.db.execute("INSERT INTO groups (kind, name, note) VALUES ('楼组', ?, ?)",
                                           [name, "按花名册楼号建立"]))
                created.append(gid)
                tx.audit("group.add", "groups", gid, summary=f"按楼号新建楼组“{name}”（{len(ids)}位居民）")
            tx.db.conn.executemany("UPDATE residents SET building_group_id = ? WHERE id = ?",
                                   [(gid, rid) for rid in ids])
            tx.audit("resident.building_group", "residents", None,
                     summary=f"{len(ids)}位居民按楼号编入“{name}”",
                     after={"group_id": gid, "residents": ids})
    n = len(rows)
    return Changed.of("groups", "residents", ids=created,
                      summary=f"按楼号建立楼组{len(created)}个，{n}位居民已编入楼组",
                      groups=len(created), residents=n)


def add_members(ctx: Context, group_id: int, resident_ids: list[int], role: str = "") -> Changed:
    """Many residents into one group at once (one transaction); those already holding that
    role there, or not 在册, are skipped and counted."""
    ctx.require_write()
    g = get_group(ctx.store, group_id)
    role = role.strip() or DEFAULT_ROLES.get(g["kind"], ("",))[-1]
    c = ctx.store.conn
    have = {r[0] for r in c.execute("SELECT resident_id FROM memberships WHERE group_id = ? AND role = ?",
                                    [group_id, role])}
    active = {r[0] for r in c.execute(
        f"SELECT id FROM residents WHERE status = '在册' AND id IN ({','.join('?' * len(resident_ids))})",
        resident_ids)} if resident_ids else set()
    new = [rid for rid in dict.fromkeys(resident_ids) if rid in active and rid not in have]
    with ctx.tx() as tx:
        tx.db.conn.executemany("INSERT INTO memberships (group_id, resident_id, role) VALUES (?, ?, ?)",
                               [(group_id, rid, role) for rid in new])
        tx.audit("membership.add_many", "groups", group_id,
                 summary=f"{len(new)}位居民加入“{g['name']}”（{role}）",
                 after={"group_id": group_id, "role": role, "residents": new})
    skipped = len(resident_ids) - len(new)
    return Changed.of("memberships", "groups", ids=[group_id],
                      summary=f"{len(new)}位居民已加入“{g['name']}”"
                      + (f"，{skipped}位已在其中或不在册" if skipped else ""),
                      added=len(new), skipped=skipped)
