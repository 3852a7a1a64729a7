"""Groups with terms, 五大员, members_of (a whole group in one call), units and contacts."""

from __future__ import annotations

import datetime as dt

import pytest

from selfgov_desktop.domain.errors import UserError
from selfgov_desktop.services import groups, residents, units

DAY = dt.date(2026, 11, 29)


def test_list_groups_counts(demo_store) -> None:
    gs = groups.list_groups(demo_store, on=DAY)
    kinds = [g["kind"] for g in gs]
    assert kinds.index("楼组") < kinds.index("居民小组") < kinds.index("居民代表")
    building = [g for g in gs if g["kind"] == "楼组"]
    assert len(building) == 8 and all(g["residents"] > 50 for g in building)
    reps = next(g for g in gs if g["kind"] == "居民代表")
    assert reps["members"] == len(groups.members_of(demo_store, reps["id"], DAY))


def test_members_of_follows_terms_and_status(demo_ctx) -> None:
    store = demo_ctx.store
    reps = groups.list_groups(store, "居民代表")[0]["id"]
    ids = groups.members_of(store, reps, DAY)
    assert len(ids) == len(set(ids)) >= 20
    mid = next(m["membership_id"] for m in groups.members(store, reps, DAY)
               if m["resident_id"] == ids[0])
    groups.end_membership(demo_ctx, mid, "2026-10-01")
    assert ids[0] not in groups.members_of(store, reps, DAY)
    assert any(m["resident_id"] == ids[0] for m in groups.members(store, reps, DAY,
                                                                    include_past=True))
    residents.set_status(demo_ctx, ids[1], "死亡", "2026-11-01")
    assert ids[1] not in groups.members_of(store, reps, DAY)


def test_group_crud_and_membership_rules(demo_ctx) -> None:
    store = demo_ctx.store
    gid = groups.save_group(demo_ctx, "队伍", "  垃圾分类 志愿队 ").ids[0]
    assert groups.get_group(store, gid)["name"] == "垃圾分类 志愿队"
    with pytest.raises(UserError, match="已有"):
        groups.save_group(demo_ctx, "队伍", "垃圾分类 志愿队")
    with pytest.raises(UserError, match="类型"):
        groups.save_group(demo_ctx, "俱乐部", "x")
    rid = residents.search_ids(store, residents.ResidentFilter())[0]
    groups.add_member(demo_ctx, gid, rid, "队长", "2026-01-01", "2028-12-31")
    with pytest.raises(UserError, match="已是"):
        groups.add_member(demo_ctx, gid, rid, "队长")
    with pytest.raises(UserError, match="早于"):
        groups.add_member(demo_ctx, gid, rid, "队员", "2026-01-01", "2025-01-01")
    assert groups.members_of(store, gid, DAY) == [rid]
    groups.delete_group(demo_ctx, gid)
    assert not store.conn.execute("SELECT 1 FROM memberships WHERE group_id = ?", [gid]).fetchone()
    building = groups.list_groups(store, "楼组")[0]["id"]
    with pytest.raises(UserError, match="还有居民"):
        groups.delete_group(demo_ctx, building)


def test_five_officers_and_building_group_move(demo_ctx) -> None:
    rows = groups.five_officers(demo_ctx.store, DAY)
    assert len(rows) == 8 and all(r["组长"] and r["宣传员"] for r in rows)
    g1, g2 = (g["id"] for g in groups.list_groups(demo_ctx.store, "楼组")[:2])
    rid = groups.residents_of_building_group(demo_ctx.store, g1)[0]
    groups.set_building_group(demo_ctx, [rid], g2)
    assert rid in groups.residents_of_building_group(demo_ctx.store, g2)


def test_units_and_contacts(ctx) -> None:
    uid = units.save_unit(ctx, {"kind": "物业公司", "name": "沁园物业", "phone": "021 5280 3333"}).ids[0]
    assert units.get_unit(ctx.store, uid)["phone"] == "021 5280 3333"
    with pytest.raises(UserError, match="格式不对"):
        units.save_unit(ctx, {"kind": "物业公司", "name": "乙", "phone": "12"})
    cid = units.save_contact(ctx, uid, {"name": "王建新", "title": "项目经理",
                                        "phone": "+86 138-1662-0088"}).ids[0]
    assert units.contacts(ctx.store, uid)[0]["phone"] == "13816620088"
    units.save_contact(ctx, uid, {"name": "王建新", "title": "经理", "phone": ""}, cid)
    assert units.contacts(ctx.store, uid)[0]["title"] == "经理"
    assert units.list_units(ctx.store)[0]["contacts"] == 1
    units.delete_unit(ctx, uid)
    assert units.list_units(ctx.store) == []
    actions = {r[0] for r in ctx.store.conn.execute("SELECT action FROM audit_log")}
    assert {"unit.add", "unit_contact.add", "unit_contact.update", "unit.delete"} <= actions
