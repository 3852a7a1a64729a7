"""Residents: search (name, pinyin, initials, ID, phone, address), flags, SQL sort, add/edit
with validation, 迁出/死亡, audit-logged reveal, households, merge."""

from __future__ import annotations

import datetime as dt

import pytest

from selfgov_desktop.domain import idnumber
from selfgov_desktop.domain.errors import UserError
from selfgov_desktop.services import residents as svc


def _ids(store, **kw) -> list[int]:
    return svc.search_ids(store, svc.ResidentFilter(**kw))


def test_search_by_name_pinyin_initials_id_phone_address(demo_store) -> None:
    row = demo_store.conn.execute(
        "SELECT id, name, id_number, phone, address FROM residents WHERE length(name) = 3"
        " AND phone LIKE '1%' AND status = '在册' LIMIT 1").fetchone()
    rid, name, number, phone, address = row
    from selfgov_desktop.domain.search import pinyin_keys

    full, initials = pinyin_keys(name)
    for text in (name, full, initials.upper(), number[-8:], phone[-6:], address):
        assert rid in _ids(demo_store, text=text), text
    assert _ids(demo_store, text="不存在的名字qqq") == []


def test_flags_and_status_filters(demo_store) -> None:
    reps = _ids(demo_store, flags=("representative",))
    assert 20 <= len(reps) <= 40
    party = set(_ids(demo_store, flags=("party",)))
    assert party and all(svc.get(demo_store, i)["political_status"] == "中共党员"
                         for i in list(party)[:20])
    leaders = _ids(demo_store, flags=("group_leader",))
    assert len(leaders) == 8
    moved = _ids(demo_store, status="迁出")
    assert moved and not set(moved) & set(_ids(demo_store))
    assert len(_ids(demo_store, status=None)) == svc.count(demo_store, None)


def test_sort_in_sql_every_column(demo_store) -> None:
    for key, _expr, _label in svc.LIST_COLUMNS:
        asc = svc.search_ids(demo_store, svc.ResidentFilter(), key)
        desc = svc.search_ids(demo_store, svc.ResidentFilter(), key, True)
        assert len(asc) == len(desc) == svc.count(demo_store)
    ids = svc.search_ids(demo_store, svc.ResidentFilter(), "birth_date")
    rows = svc.rows_by_ids(demo_store, ids)
    births = [rows[i]["birth_date"] for i in ids]
    assert births == sorted(births)


def test_validate_as_you_type(store) -> None:
    assert svc.validate({"name": ""}, store)["name"] == "姓名为空"
    good = idnumber.make("310107", dt.date(1980, 1, 2), 11)
    assert svc.validate({"name": "张三", "id_number": good, "sex": "男"}, store) == {}
    assert "校验位" in svc.validate({"name": "张三", "id_number": good[:-1] + "0"
                                   if good[-1] != "0" else good[:-1] + "1"}, store)["id_number"]
    assert "性别" in svc.validate({"name": "张三", "id_number": good, "sex": "女"}, store)["sex"]
    assert "phone" in svc.validate({"name": "张三", "phone": "12"}, store)


def test_add_edit_status_and_audit(ctx) -> None:
    number = idnumber.make("310107", dt.date(1980, 1, 2), 11)
    ch = svc.save(ctx, {"name": "张　三", "id_number": number, "phone": "138 1234 5678",
                        "building": "5号", "room": "101", "address": "沁园路88弄5号101室"})
    rid = ch.ids[0]
    rec = svc.get(ctx.store, rid)
    assert rec["name"] == "张三" and rec["sex"] == "男" and rec["birth_date"] == "1980-01-02"
    assert rec["phone"] == "13812345678" and rec["household_id"]
    assert "zhangsan" in rec["search_text"] and "zs" in rec["search_text"]
    with pytest.raises(UserError, match="已属于"):
        svc.save(ctx, {"name": "李四", "id_number": number})
    svc.save(ctx, {**rec, "phone": "13900001111"}, rid)
    assert "13900001111" in svc.get(ctx.store, rid)["search_text"]
    svc.set_status(ctx, rid, "迁出", "2026-11-01")
    rec = svc.get(ctx.store, rid)
    assert rec["status"] == "迁出" and rec["status_date"] == "2026-11-01"
    actions = [r[0] for r in ctx.store.conn.execute(
        "SELECT action FROM audit_log WHERE entity_id = ? ORDER BY id", [rid])]
    assert actions == ["resident.add", "resident.update", "resident.status"]
    assert svc.count(ctx.store, None) == 1  # never deleted


def test_reveal_is_audit_logged(demo_ctx) -> None:
    rid = demo_ctx.store.conn.execute("SELECT id FROM residents LIMIT 1").fetchone()[0]
    before = demo_ctx.store.conn.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'resident.reveal'").fetchone()[0]
    got = svc.reveal_logged(demo_ctx, rid)
    assert len(got["id_number"]) == 18 and "*" not in got["id_number"]
    svc.reveal_logged(demo_ctx, None, "核对名单")
    rows = demo_ctx.store.conn.execute(
        "SELECT actor, entity_id, summary FROM audit_log WHERE action = 'resident.reveal'"
        " ORDER BY id").fetchall()
    assert len(rows) == before + 2
    assert rows[-2][0] == "测试员" and rows[-2][1] == rid and "*" in rows[-2][2]
    assert "核对名单" in rows[-1][2]
    assert "*" in svc.masked(svc.get(demo_ctx.store, rid))["id_number"]


def test_household_view(demo_store) -> None:
    hh = demo_store.conn.execute(
        "SELECT household_id FROM residents GROUP BY household_id HAVING count(*) >= 3 LIMIT 1"
    ).fetchone()[0]
    rid = demo_store.conn.execute("SELECT id FROM residents WHERE household_id = ?",
                                  [hh]).fetchone()[0]
    members = svc.household(demo_store, rid)
    assert len(members) >= 3 and members[0]["relation"] == "户主"


def test_merge_two_records(demo_ctx) -> None:
    store = demo_ctx.store
    keep = store.conn.execute(
        "SELECT r.id FROM residents r JOIN memberships m ON m.resident_id = r.id LIMIT 1"
    ).fetchone()[0]
    rec = svc.get(store, keep)
    dup = svc.save(demo_ctx, {"name": rec["name"], "birth_date": rec["birth_date"],
                              "employer": "沁园小学"}).ids[0]
    with demo_ctx.tx() as tx:
        gid = tx.db.execute("SELECT id FROM groups WHERE kind = '队伍' LIMIT 1").fetchone()[0]
        tx.db.execute("INSERT OR IGNORE INTO memberships (group_id, resident_id, role)"
                      " VALUES (?, ?, '队员')", [gid, dup])
    n = svc.count(store, None)
    svc.merge(demo_ctx, keep, dup)
    assert svc.count(store, None) == n - 1
    merged = svc.get(store, keep)
    assert merged["employer"] == "沁园小学" and merged["id_number"] == rec["id_number"]
    assert store.conn.execute("SELECT count(*) FROM memberships WHERE resident_id = ?",
                              [dup]).fetchone()[0] == 0
    assert store.conn.execute("SELECT count(*) FROM memberships WHERE resident_id = ? AND"
                              " group_id = ?", [keep, gid]).fetchone()[0] == 1
    audit = store.conn.execute(
        "SELECT before FROM audit_log WHERE action = 'resident.merge'").fetchone()[0]
    assert "沁园小学" in audit
    other = store.conn.execute("SELECT id FROM residents WHERE id != ? AND id_number IS NOT NULL"
                               " LIMIT 1", [keep]).fetchone()[0]
    with pytest.raises(UserError, match="不是同一人"):
        svc.merge(demo_ctx, keep, other)


def test_name_sort_is_pinyin_order(demo_store) -> None:
    from selfgov_desktop.domain.search import pinyin_keys

    ids = svc.search_ids(demo_store, svc.ResidentFilter(), "name")
    rows = svc.rows_by_ids(demo_store, ids)
    keys = [pinyin_keys(rows[i]["name"])[0] for i in ids]
    assert keys == sorted(keys)
    assert rows[ids[0]]["name"] != rows[ids[-1]]["name"]
    desc = svc.search_ids(demo_store, svc.ResidentFilter(), "name", True)
    assert pinyin_keys(rows[desc[0]]["name"])[0] == keys[-1]
