"""Units (物业公司, 业委会, 社区民警, 驻区单位, 职能部门, 社工站) and their contact persons, who
are not residents."""

from __future__ import annotations

from typing import Any

from ..domain import roster
from ..domain.errors import UserError
from ..domain.model import UnitKind
from ..store.db import Store
from .base import Changed, Context, new_id

KINDS = tuple(k.value for k in UnitKind)


def list_units(store: Store, kind: str | None = None) -> list[dict[str, Any]]:
    sql = ("SELECT u.id, u.kind, u.name, u.address, u.phone, u.note,"
           " (SELECT count(*) FROM unit_contacts c WHERE c.unit_id = u.id) AS contacts FROM units u")
    args: list[Any] = []
    if kind:
        sql += " WHERE u.kind = ?"
        args.append(kind)
    order = " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(KINDS))
    sql += f" ORDER BY CASE u.kind {order} ELSE 99 END, u.id"
    cur = store.conn.execute(sql, args)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur]


def get_unit(store: Store, unit_id: int) -> dict[str, Any]:
    cur = store.conn.execute("SELECT id, kind, name, address, phone, note FROM units WHERE id = ?",
                             [unit_id])
    row = cur.fetchone()
    if row is None:
        raise UserError("这个单位已不存在（可能已被删除）。")
    return dict(zip([d[0] for d in cur.description], row, strict=True))


def contacts(store: Store, unit_id: int) -> list[dict[str, Any]]:
    cur = store.conn.execute("SELECT id, unit_id, name, title, phone FROM unit_contacts"
                             " WHERE unit_id = ? ORDER BY id", [unit_id])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur]


def _phone(value: str) -> str:
    phone = roster.normalise_phone(value or "")
    if not roster.phone_ok(phone):
        raise UserError(f"电话“{phone}”格式不对：手机为1开头的11位数字，座机如021-52801234。")
    return phone


def save_unit(ctx: Context, values: dict[str, Any], unit_id: int | None = None) -> Changed:
    ctx.require_write()
    kind = str(values.get("kind") or "").strip()
    name = " ".join(str(values.get("name") or "").split())
    if kind not in KINDS:
        raise UserError(f"单位类型“{kind}”无效，应为：{'、'.join(KINDS)}。")
    if not name:
        raise UserError("请填写单位名称。")
    row = {"kind": kind, "name": name, "address": str(values.get("address") or "").strip(),
           "phone": _phone(str(values.get("phone") or "")),
           "note": str(values.get("note") or "").strip()}
    if ctx.store.conn.execute("SELECT 1 FROM units WHERE kind = ? AND name = ? AND id != ?",
                              [kind, name, unit_id or -1]).fetchone():
        raise UserError(f"已有名为“{name}”的{kind}。")
    with ctx.tx() as tx:
        if unit_id is None:
            unit_id = new_id(tx.db.execute(
                "INSERT INTO units (kind, name, address, phone, note) VALUES (?, ?, ?, ?, ?)",
                list(row.values())))
            tx.audit("unit.add", "units", unit_id, summary=f"新增{kind}“{name}”", after=row)
        else:
            before = get_unit(ctx.store, unit_id)
            tx.db.execute("UPDATE units SET kind = ?, name = ?, address = ?, phone = ?, note = ?"
                          " WHERE id = ?", [*row.values(), unit_id])
            tx.audit("unit.update", "units", unit_id, summary=f"修改单位“{name}”", before=before,
                     after=row)
    return Changed.of("units", ids=[unit_id], summary=f"已保存“{name}”")


def delete_unit(ctx: Context, unit_id: int) -> Changed:
    ctx.require_write()
    u = get_unit(ctx.store, unit_id)
    if ctx.store.conn.execute("SELECT 1 FROM participants WHERE unit_id = ? LIMIT 1",
                              [unit_id]).fetchone():
        raise UserError(f"“{u['name']}”已参加过会议，记录要留在台账里，不能删除。")
    people = contacts(ctx.store, unit_id)
    with ctx.tx() as tx:
        tx.db.execute("DELETE FROM unit_contacts WHERE unit_id = ?", [unit_id])
        tx.db.execute("DELETE FROM units WHERE id = ?", [unit_id])
        tx.audit("unit.delete", "units", unit_id, summary=f"删除单位“{u['name']}”",
                 before={**u, "contacts": people})
    return Changed.of("units", ids=[unit_id], summary="已删除")


def save_contact(ctx: Context, unit_id: int, values: dict[str, Any],
                 contact_id: int | None = None) -> Changed:
    ctx.require_write()
    u = get_unit(ctx.store, unit_id)
    name = " ".join(str(values.get("name") or "").split())
    if not name:
        raise UserError("请填写联系人姓名。")
    row = {"name": name, "title": str(values.get("title") or "").strip(),
           "phone": _phone(str(values.get("phone") or ""))}
    with ctx.tx() as tx:
        if contact_id is None:
            contact_id = new_id(tx.db.execute(
                "INSERT INTO unit_contacts (unit_id, name, title, phone) VALUES (?, ?, ?, ?)",
                [unit_id, *row.values()]))
            tx.audit("unit_contact.add", "unit_contacts", contact_id,
                     summary=f"“{u['name']}”新增联系人", after=row)
        else:
            tx.db.execute("UPDATE unit_contacts SET name = ?, title = ?, phone = ? WHERE id = ?"
                          " AND unit_id = ?", [*row.values(), contact_id, unit_id])
            tx.audit("unit_contact.update", "unit_contacts", contact_id,
                     summary=f"修改“{u['name']}”联系人", after=row)
    return Changed.of("units", "unit_contacts", ids=[contact_id], summary="已保存联系人")


def delete_contact(ctx: Context, contact_id: int) -> Changed:
    ctx.require_write()
    if ctx.store.conn.execute("SELECT 1 FROM participants WHERE contact_id = ? LIMIT 1",
                              [contact_id]).fetchone():
        raise UserError("这位联系人参加过会议，记录要留在台账里，不能删除。")
    with ctx.tx() as tx:
        tx.db.execute("DELETE FROM unit_contacts WHERE id = ?", [contact_id])
        tx.audit("unit_contact.delete", "unit_contacts", contact_id, summary="删除联系人")
    return Changed.of("units", "unit_contacts", ids=[contact_id], summary="已删除联系人")
