"""Residents: lists and search (SQL, sorted in SQL), one record, add/edit with validation,
迁出/死亡 (never a hard delete), households, merging two records, audit-logged reveal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..domain import roster, roster_rows
from ..domain.errors import UserError
from ..domain.masking import mask_id, mask_name, mask_phone
from ..domain.search import normalise_query
from ..store.db import Store
from .base import Changed, Context, diff, new_id

# Columns shown in lists, in order: (key, SQL expression, label).
LIST_COLUMNS: list[tuple[str, str, str]] = [
    ("name", "r.name", "姓名"),
    ("sex", "r.sex", "性别"),
    ("birth_date", "r.birth_date", "出生日期"),
    ("id_number", "r.id_number", "身份证号"),
    ("phone", "r.phone", "联系电话"),
    ("building", "r.building", "楼号"),
    ("room", "r.room", "室号"),
    ("group_name", "g.name", "楼组"),
    ("relation", "r.relation", "与户主关系"),
    ("political_status", "r.political_status", "政治面貌"),
    ("status", "r.status", "状态"),
]
_SORTABLE = {k: expr for k, expr, _ in LIST_COLUMNS}

# Flags a list can be filtered by: key -> (label, SQL condition on r).
FLAGS: dict[str, tuple[str, str]] = {
    "representative": ("居民代表", "EXISTS (SELECT 1 FROM memberships m JOIN groups gg ON gg.id ="
                       " m.group_id WHERE m.resident_id = r.id AND gg.kind = '居民代表'"
                       " AND (m.term_end IS NULL OR m.term_end >= date('now')))"),
    "group_leader": ("楼组长", "EXISTS (SELECT 1 FROM memberships m JOIN groups gg ON gg.id ="
                     " m.group_id WHERE m.resident_id = r.id AND gg.kind = '楼组'"
                     " AND m.role = '组长')"),
    "party": ("党员", "r.political_status IN ('中共党员', '中共预备党员')"),
    "volunteer": ("志愿者", "r.is_volunteer = 1"),
    "review": ("待核对", "r.needs_review != ''"),
}

EDIT_FIELDS = ("name", "sex", "ethnicity", "birth_date", "id_number", "phone", "address",
               "building", "room", "relation", "hukou_address", "population_type",
               "political_status", "marital_status", "education", "employer", "key_categories",
               "note", "is_volunteer", "building_group_id")


@dataclass
class ResidentFilter:
    text: str = ""
    status: str | None = "在册"  # None = every status
    building_group_id: int | None = None
    household_id: int | None = None
    flags: tuple[str, ...] = ()


def _where(f: ResidentFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = ["1 = 1"]
    args: list[Any] = []
    q = normalise_query(f.text)
    if q:
        clauses.append("r.search_text LIKE ?")
        args.append(f"%{q}%")
    if f.status:
        clauses.append("r.status = ?")
        args.append(f.status)
    if f.building_group_id is not None:
        clauses.append("r.building_group_id = ?")
        args.append(f.building_group_id)
    if f.household_id is not None:
        clauses.append("r.household_id = ?")
        args.append(f.household_id)
    for flag in f.flags:
        clauses.append(FLAGS[flag][1])
    return " AND ".join(clauses), args


def search_ids(store: Store, f: ResidentFilter, order_by: str = "building",
               descending: bool = False) -> list[int]:
    """Ids of the residents matching `f`, sorted in SQL (no proxy model)."""
    expr = _SORTABLE.get(order_by, "r.building")
    if order_by == "name":
        # pinyin order: search_text is "name fullpinyin initials ...", so what follows the
        # name is its full pinyin (阿 a… before 张 zhang…)
        expr = "substr(r.search_text, length(r.name) + 2)"
        if descending:
            expr += " DESC"
    elif order_by in ("building", "room"):
        expr = "CAST(r.building AS INTEGER), r.building, CAST(r.room AS INTEGER), r.room"
        if descending:
            expr = expr.replace(",", " DESC,") + " DESC"
    else:
        expr += " DESC" if descending else ""
    where, args = _where(f)
    join = " LEFT JOIN groups g ON g.id = r.building_group_id" if order_by == "group_name" else ""
    sql = f"SELECT r.id FROM residents r{join} WHERE {where} ORDER BY {expr}, r.id"
    return [row[0] for row in store.conn.execute(sql, args)]


def match_ids(store: Store, f: ResidentFilter) -> set[int]:
    """Ids matching `f`, unordered: with a cached full order (the list model keeps one) a
    keystroke costs one scan of search_text and no sort."""
    where, args = _where(f)
    return {row[0] for row in store.conn.execute(f"SELECT r.id FROM residents r WHERE {where}",
                                                 args)}


def rows_by_ids(store: Store, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    cols = ", ".join(f"{expr} AS {key}" for key, expr, _ in LIST_COLUMNS)
    marks = ",".join("?" * len(ids))
    cur = store.conn.execute(
        f"SELECT r.id AS id, {cols} FROM residents r LEFT JOIN groups g"
        f" ON g.id = r.building_group_id WHERE r.id IN ({marks})", list(ids))
    names = [d[0] for d in cur.description]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cur}


def count(store: Store, status: str | None = "在册") -> int:
    if status:
        return int(store.conn.execute("SELECT count(*) FROM residents WHERE status = ?",
                                      [status]).fetchone()[0])
    return int(store.conn.execute("SELECT count(*) FROM residents").fetchone()[0])


def building_groups(store: Store) -> list[tuple[int, str]]:
    return [(r[0], r[1]) for r in store.conn.execute(
        "SELECT id, name FROM groups WHERE kind = '楼组' ORDER BY id")]


# -- one record ----------------------------------------------------------------------------------
def get(store: Store, resident_id: int) -> dict[str, Any]:
    cur = store.conn.execute(
        "SELECT r.*, g.name AS group_name, h.code AS household_code FROM residents r"
        " LEFT JOIN groups g ON g.id = r.building_group_id"
        " LEFT JOIN households h ON h.id = r.household_id WHERE r.id = ?", [resident_id])
    row = cur.fetchone()
    if row is None:
        raise UserError(f"找不到编号为{resident_id}的居民（可能已被合并）。")
    return dict(zip([d[0] for d in cur.description], row, strict=True))


def masked(record: dict[str, Any]) -> dict[str, Any]:
    """A record as shown before a reveal."""
    out = dict(record)
    out["id_number"] = mask_id(record.get("id_number") or "")
    out["phone"] = mask_phone(record.get("phone") or "")
    return out


def validate(values: dict[str, Any], store: Store, resident_id: int | None = None,
             today: dt.date | None = None) -> dict[str, str]:
    """field -> problem (Chinese), for the edit dialog as you type and for save(). A birth
    date is judged against `today` (default: today on the store's clock)."""
    problems: dict[str, str] = {}
    mapping = {i: k for i, k in enumerate(("name", "sex", "birth_date", "id_number", "phone"))}
    cells = [values.get(k) or "" for k in mapping.values()]
    rec = roster_rows.RowParser(mapping, today or store.clock.today()).parse(0, cells)
    for err in rec.errors:
        key = ("name" if "姓名" in err else "sex" if err.startswith("性别") else
               "birth_date" if err.startswith("出生日期") and "身份证" not in err else
               "id_number")
        problems.setdefault(key, err)
    for w in rec.warnings:
        problems.setdefault("phone", w)
    number = rec.values.get("id_number")
    if number and "id_number" not in problems:
        other = store.conn.execute(
            "SELECT id, name FROM residents WHERE id_number = ? AND id != ?",
            [number, resident_id or -1]).fetchone()
        if other:
            problems["id_number"] = (f"该身份证号已属于居民“{mask_name(other[1])}”（编号{other[0]}），"
                                     "如是同一人请用“合并”")
    return problems


def _normalised(values: dict[str, Any], today: dt.date) -> dict[str, Any]:
    mapping = {i: k for i, k in enumerate(("name", "sex", "birth_date", "id_number", "phone"))}
    rec = roster_rows.RowParser(mapping, today).parse(0, [values.get(k) or "" for k in mapping.values()])
    out = {k: v for k, v in values.items() if k in EDIT_FIELDS}
    out.update({k: rec.values.get(k, "") for k in mapping.values()})
    out["id_number"] = out.get("id_number") or None
    out["birth_date"] = out.get("birth_date") or None
    for k in EDIT_FIELDS:
        if k not in ("is_volunteer", "building_group_id", "id_number", "birth_date"):
            out[k] = " ".join(str(out.get(k) or "").split())
    out["is_volunteer"] = int(bool(values.get("is_volunteer")))
    return out


def _household_for(db: Any, building: str, room: str, address: str) -> int | None:
    if not (building or room or address):
        return None
    row = db.execute("SELECT id FROM households WHERE building = ? AND room = ? AND address = ?",
                     [building, room, address]).fetchone()
    if row:
        return int(row[0])
    return new_id(db.execute("INSERT INTO households (address, building, room) VALUES (?, ?, ?)",
                             [address, building, room]))


def _search_text(v: dict[str, Any]) -> str:
    return roster.search_text(v.get("name") or "", v.get("id_number"), v.get("phone") or "",
                              roster.place(v.get("address"), v.get("building"), v.get("room")))


def save(ctx: Context, values: dict[str, Any], resident_id: int | None = None) -> Changed:
    """Add (resident_id None) or edit a resident; raises UserError listing the problems."""
    ctx.require_write()
    problems = validate(values, ctx.store, resident_id)
    if problems:
        raise UserError("无法保存：" + "；".join(problems.values()))
    v = _normalised(values, ctx.today())
    now = ctx.now_iso()
    with ctx.tx() as tx:
        db = tx.db
        if resident_id is None:
            v["household_id"] = _household_for(db, v.get("building", ""), v.get("room", ""),
                                               v.get("address", ""))
            v["needs_review"] = "" if v.get("id_number") else "无身份证号"
            v["search_text"] = _search_text(v)
            v["created_at"] = v["updated_at"] = now
            cols = list(v)
            rid = new_id(db.execute(f"INSERT INTO residents ({', '.join(cols)}) VALUES "
                                    f"({', '.join('?' * len(cols))})", [v[c] for c in cols]))
            tx.audit("resident.add", "residents", rid, summary=f"新增居民 {mask_name(v['name'])}",
                     after={k: v[k] for k in ("name", "building", "room")})
            return Changed.of("residents", "households", ids=[rid], summary="已新增居民")
        before = get(ctx.store, resident_id)
        merged = {**{k: before.get(k) for k in EDIT_FIELDS}, **v}
        if (merged["building"], merged["room"], merged["address"]) != (
                before["building"], before["room"], before["address"]):
            merged["household_id"] = _household_for(db, merged["building"], merged["room"],
                                                     merged["address"])
        if merged.get("id_number"):
            merged["needs_review"] = "" if before.get("needs_review") == "无身份证号" else \
                before.get("needs_review", "")
        merged["search_text"] = _search_text(merged)
        old, new = diff({k: before.get(k) for k in merged}, merged)
        if not new:
            return Changed.of(summary="没有改动")
        new["updated_at"] = now
        db.execute(f"UPDATE residents SET {', '.join(f'{k} = ?' for k in new)} WHERE id = ?",
                   [*new.values(), resident_id])
        old.pop("search_text", None)
        tx.audit("resident.update", "residents", resident_id,
                 summary=f"修改居民 {mask_name(before['name'])}", before=old,
                 after={k: x for k, x in new.items() if k not in ("search_text", "updated_at")})
    return Changed.of("residents", "households", ids=[resident_id], summary="已保存")


def set_status(ctx: Context, resident_id: int, status: str, on: str | None = None,
               note: str = "") -> Changed:
    """在册 / 迁出 / 死亡 with the date; records are never deleted."""
    ctx.require_write()
    if status not in roster.STATUS_CHOICES:
        raise UserError(f"状态“{status}”无效，应为 在册、迁出 或 死亡。")
    before = get(ctx.store, resident_id)
    day = on or ctx.today().isoformat() if status != "在册" else None
    with ctx.tx() as tx:
        tx.db.execute("UPDATE residents SET status = ?, status_date = ?, updated_at = ? WHERE id = ?",
                      [status, day, ctx.now_iso(), resident_id])
        tx.audit("resident.status", "residents", resident_id,
                 summary=f"{mask_name(before['name'])} 标记为{status}" + (f"：{note}" if note else ""),
                 before={"status": before["status"], "status_date": before["status_date"]},
                 after={"status": status, "status_date": day})
    return Changed.of("residents", ids=[resident_id], summary=f"已标记为{status}")


def reveal_logged(ctx: Context, resident_id: int | None = None, reason: str = "") -> dict[str, Any]:
    """Full ID number and phone of one resident (or permission to show them in the list when
    resident_id is None). Every reveal is written to the audit log."""
    ctx.require_write()
    with ctx.tx() as tx:
        if resident_id is None:
            tx.audit("resident.reveal", "residents", None,
                     summary="在居民列表中显示完整证件号和电话" + (f"（{reason}）" if reason else ""))
            return {}
        rec = get(ctx.store, resident_id)
        tx.audit("resident.reveal", "residents", resident_id,
                 summary=f"查看 {mask_name(rec['name'])} 的完整证件号和电话"
                 + (f"（{reason}）" if reason else ""))
    return {"id_number": rec.get("id_number") or "", "phone": rec.get("phone") or ""}


def household(store: Store, resident_id: int) -> list[dict[str, Any]]:
    """Everyone at the resident's address (same household, else same building/room/address)."""
    rec = get(store, resident_id)
    if rec.get("household_id"):
        where, args = "r.household_id = ?", [rec["household_id"]]
    else:
        where, args = ("r.building = ? AND r.room = ? AND r.address = ?",
                       [rec["building"], rec["room"], rec["address"]])
    cur = store.conn.execute(
        f"SELECT r.id, r.name, r.sex, r.birth_date, r.relation, r.status, r.phone FROM residents r"
        f" WHERE {where} ORDER BY CASE r.relation WHEN '户主' THEN 0 ELSE 1 END, r.birth_date", args)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur]


def merge(ctx: Context, keep_id: int, drop_id: int) -> Changed:
    """Two records of the same person: `keep` takes the other's missing fields, memberships,
    participations and raised topics; the duplicate is removed (full copy in the audit log)."""
    ctx.require_write()
    if keep_id == drop_id:
        raise UserError("请选择两条不同的记录进行合并。")
    keep, drop = get(ctx.store, keep_id), get(ctx.store, drop_id)
    if keep.get("id_number") and drop.get("id_number") and keep["id_number"] != drop["id_number"]:
        raise UserError(f"两条记录的身份证号不同（{mask_id(keep['id_number'])} 与 "
                        f"{mask_id(drop['id_number'])}），不是同一人，不能合并。")
    fill = {k: drop[k] for k in EDIT_FIELDS + ("household_id",)
            if k in drop and drop[k] not in (None, "", 0) and keep.get(k) in (None, "", 0)}
    with ctx.tx() as tx:
        db = tx.db
        if "id_number" in fill:
            db.execute("UPDATE residents SET id_number = NULL WHERE id = ?", [drop_id])
        if fill:
            merged = {**keep, **fill}
            fill["search_text"] = _search_text(merged)
            if merged.get("id_number") and keep.get("needs_review") == "无身份证号":
                fill["needs_review"] = ""
            fill["updated_at"] = ctx.now_iso()
            db.execute(f"UPDATE residents SET {', '.join(f'{k} = ?' for k in fill)} WHERE id = ?",
                       [*fill.values(), keep_id])
        db.execute("UPDATE OR IGNORE memberships SET resident_id = ? WHERE resident_id = ?",
                   [keep_id, drop_id])
        db.execute("DELETE FROM memberships WHERE resident_id = ?", [drop_id])
        for table in _referencing_tables(db):
            db.execute(f"UPDATE {table} SET resident_id = ? WHERE resident_id = ?",
                       [keep_id, drop_id])
        db.execute("DELETE FROM residents WHERE id = ?", [drop_id])
        tx.audit("resident.merge", "residents", keep_id,
                 summary=f"合并重复记录：编号{drop_id}并入 {keep_id}（{mask_name(keep['name'])}）",
                 before={k: x for k, x in drop.items() if k != "search_text"},
                 after={k: x for k, x in fill.items() if k not in ("search_text", "updated_at")})
    return Changed.of("residents", "memberships", "participants", ids=[keep_id, drop_id],
                      summary="已合并")


def _referencing_tables(db: Any) -> list[str]:
    """Tables (other than memberships) with a resident_id column pointing at residents."""
    out = []
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        if name in ("memberships", "residents"):
            continue
        for fk in db.execute(f"PRAGMA foreign_key_list({name})").fetchall():
            if fk[2] == "residents" and fk[3] == "resident_id":
                out.append(name)
                break
    return out


def adults_and_households(store: Store, on: dt.date) -> tuple[int, int]:
    """在册 residents aged 18 or more on `on`, and the households they live in: the bases of
    the 1/5 shares (a hearing or a topic residents ask for)."""
    from ..domain.meetings import count_adults

    from ..domain.meetings import counts_in_base

    rows = store.conn.execute("SELECT birth_date, household_id, population_type FROM residents"
                              " WHERE status = '在册'").fetchall()
    births = [b for b, _h, t in rows if counts_in_base(t)]  # 流动人口 are not in the base
    households = {h for _b, h, t in rows if h is not None and counts_in_base(t)}
    return count_adults(births, on).adults, len(households)
