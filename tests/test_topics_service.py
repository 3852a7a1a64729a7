"""议题库 service: collect, merge (counts add up), path with dates, reject with reason, links."""

from __future__ import annotations


import pytest

from selfgov_desktop.domain.errors import UserError
from selfgov_desktop.services import decisions, sessions
from selfgov_desktop.services import topics as svc
from selfgov_desktop.services.topics import Raiser



def _resident(ctx, name, birth="1970-01-01", household=None):
    with ctx.tx() as tx:
        return tx.db.execute("INSERT INTO residents (name, birth_date, household_id, created_at, updated_at)"
                             " VALUES (?, ?, ?, 'x', 'x')", [name, birth, household]).lastrowid


def _household(ctx, room):
    with ctx.tx() as tx:
        return tx.db.execute("INSERT INTO households (address, building, room) VALUES ('', '1号', ?)",
                             [room]).lastrowid


def audit_actions(ctx):
    return [r[0] for r in ctx.store.conn.execute("SELECT action FROM audit_log ORDER BY id")]


def test_collect_from_roster_and_free_names(ctx):
    rid = _resident(ctx, "张三")
    ch = svc.collect(ctx, "3号楼楼道灯不亮", channel="走访", raised_on="2026-11-01",
                     raisers=[Raiser(resident_id=rid), Raiser(name="李阿姨", residents_count=3)])
    d = svc.detail(ctx.store, ch.data["id"])
    assert d.state == "征集" and d.residents == 4
    assert [r["name"] for r in d.raisers] == ["张三", "李阿姨"]
    assert d.events[0].on_date == "2026-11-01" and d.events[0].to_state == "征集"
    assert "topic.collect" in audit_actions(ctx)


def test_collect_refuses_empty_input(ctx):
    with pytest.raises(UserError, match="提出人"):
        svc.collect(ctx, "需求", channel="电话", raisers=[])
    with pytest.raises(UserError, match="姓名"):
        svc.collect(ctx, "需求", channel="电话", raisers=[Raiser()])
    with pytest.raises(UserError, match="渠道"):
        svc.collect(ctx, "需求", channel="", raisers=[Raiser(name="王")])
    assert ctx.store.conn.execute("SELECT count(*) FROM topics").fetchone()[0] == 0


def test_merge_adds_up_residents_and_hides_the_duplicate(ctx):
    a = svc.collect(ctx, "停车难", channel="来访", raisers=[Raiser(name="甲", residents_count=5)]).data["id"]
    b = svc.collect(ctx, "晚上车位不够", channel="网上",
                    raisers=[Raiser(name="乙", residents_count=7)]).data["id"]
    c = svc.collect(ctx, "希望增加车位", channel="楼组",
                    raisers=[Raiser(name="丙", residents_count=2)]).data["id"]
    svc.merge(ctx, a, [b, c])
    rows = {r.id: r for r in svc.list_topics(ctx.store)}
    assert set(rows) == {a}
    assert rows[a].residents == 14
    d = svc.detail(ctx.store, a)
    assert {m["id"] for m in d.merged} == {b, c}
    assert sum(1 for e in d.events if e.kind == "merge") == 2
    with pytest.raises(UserError, match="合并"):
        svc.merge(ctx, a, [b])
    with pytest.raises(UserError, match="自己"):
        svc.merge(ctx, a, [a])


def test_path_with_dates_and_forbidden_moves(ctx):
    tid = svc.collect(ctx, "小区加装电梯", channel="议题征询会", raisers=[Raiser(name="王")],
                      raised_on="2026-09-01").data["id"]
    with pytest.raises(UserError, match="不能改为"):
        svc.move(ctx, tid, "决定")
    svc.move(ctx, tid, "形成议题", on="2026-09-10")
    sid = sessions.create(ctx, "hearing", "加装电梯听证会", date="2026-10-01").data["id"]
    svc.link_session(ctx, tid, sid)
    assert svc.detail(ctx.store, tid).state == "协商"  # linking a session starts 协商
    with pytest.raises(UserError, match="决定的内容"):
        svc.move(ctx, tid, "决定", on="2026-10-20")
    svc.move(ctx, tid, "决定", on="2026-10-20", decision="居民会议通过加装方案")
    svc.add_followup(ctx, tid, "签订施工合同", "居委会", "2026-12-31")
    svc.move(ctx, tid, "项目/落实", on="2026-11-01")
    svc.move(ctx, tid, "办结", on="2026-11-28")
    d = svc.detail(ctx.store, tid)
    states = [(e.on_date, e.to_state) for e in d.events if e.kind == "state"]
    assert states == [("2026-09-01", "征集"), ("2026-09-10", "形成议题"), ("2026-10-01", "协商"),
                      ("2026-10-20", "决定"), ("2026-11-01", "落实"), ("2026-11-28", "办结")]
    assert d.sessions[0]["id"] == sid and d.followups[0]["item"] == "签订施工合同"
    assert svc.list_topics(ctx.store)[0].sessions == [sid]
    with pytest.raises(UserError):
        svc.move(ctx, tid, "征集")


def test_reject_needs_a_reason_and_keeps_it(ctx):
    tid = svc.collect(ctx, "把花园改成停车场", channel="电话", raisers=[Raiser(name="赵")]).data["id"]
    with pytest.raises(UserError, match="理由"):
        svc.reject(ctx, tid, " ")
    svc.reject(ctx, tid, "绿地不得改变用途，已电话答复")
    d = svc.detail(ctx.store, tid)
    assert d.state == "不予立项" and d.reason.startswith("绿地")
    assert svc.raiser_names_for_reply(ctx.store, tid) == ["赵"]


def test_flags_from_roster_bases(ctx):
    hh = [_household(ctx, str(i)) for i in range(10)]
    people = [_resident(ctx, f"居民{i}", household=hh[i % 10]) for i in range(20)]
    _resident(ctx, "小孩", birth="2015-01-01", household=hh[0])
    # 3 adults from 3 households: under 1/5 of 20 adults (4) but not 1/5 of 10 households (2)? 3 ≥ 2.
    tid = svc.collect(ctx, "垃圾箱房搬迁", channel="楼组",
                      raisers=[Raiser(resident_id=p) for p in people[:3]]).data["id"]
    sup = svc.support(ctx.store, tid)
    assert (sup.residents, sup.households, sup.adults_base, sup.households_base) == (3, 3, 20, 10)
    d = svc.detail(ctx.store, tid)
    assert d.flags.hearing_can_be_requested and any("户" in r for r in d.flags.reasons)
    tid2 = svc.collect(ctx, "健身器材", channel="楼组", raisers=[Raiser(resident_id=people[0])]).data["id"]
    assert not svc.detail(ctx.store, tid2).flags.any


def test_decision_matter_steps_write_on_the_topic_path(ctx):
    tid = svc.collect(ctx, "公共收益使用", channel="居委会", raisers=[Raiser(name="居委会")]).data["id"]
    mid = decisions.create(ctx, "2026年公共收益使用方案", topic_id=tid).data["id"]
    decisions.save_step(ctx, mid, "proposal", date="2026-10-01", record="党总支提议")
    with pytest.raises(UserError, match="超过半数"):
        decisions.save_step(ctx, mid, "committees", date="2026-10-05", record="联席会议",
                            numbers={"members": 9, "present": 4, "yes": 4})
    ch = decisions.save_step(ctx, mid, "committees", date="2026-10-05", record="联席会议",
                             numbers={"members": 9, "present": 4, "yes": 4},
                             override_reason="两名委员参加街道培训，会后书面同意")
    assert ch.data["ok"] is False
    m = decisions.matter(ctx.store, mid)
    assert m.steps["committees"].override_reason.startswith("两名")
    assert m.missing[0] == "③ 党员大会审议"
    assert any(e.kind == "decision" for e in svc.detail(ctx.store, tid).events)
    with pytest.raises(UserError, match="撤销"):
        decisions.undo_step(ctx, mid, "proposal")
    decisions.undo_step(ctx, mid, "committees")
    assert decisions.list_matters(ctx.store)[0].done == 1
    assert "decision.undo" in audit_actions(ctx)


def test_numbers_must_be_numbers(ctx):
    mid = decisions.create(ctx, "事项").data["id"]
    with pytest.raises(UserError, match="数字"):
        decisions.save_step(ctx, mid, "committees", numbers={"members": "九"}, done=False)


def test_settings_are_saved_and_checked(ctx):
    from selfgov_desktop.domain.meetings import MeetingSettings
    from selfgov_desktop.domain.topics import TopicSettings

    svc.save_topic_settings(ctx, TopicSettings(proposal_share_num=1, proposal_share_den=4))
    assert svc.topic_settings(ctx.store).proposal_share_den == 4
    with pytest.raises(UserError, match="分数"):
        svc.save_topic_settings(ctx, TopicSettings(proposal_share_num=3, proposal_share_den=2))
    svc.save_meeting_settings(ctx, MeetingSettings(publicity_days=10))
    assert svc.meeting_settings(ctx.store).publicity_days == 10
    mid = decisions.create(ctx, "事项").data["id"]
    decisions.save_step(ctx, mid, "proposal", date="2026-10-01", record="提议")
    for key, numbers in (("committees", {"members": 9, "present": 9, "yes": 9}),
                         ("party_congress", {"members_due": 30, "present": 30, "yes": 30}),
                         ("assembly", {"base": 10, "attending": 9, "yes": 9})):
        decisions.save_step(ctx, mid, key, date="2026-10-02", record="x", numbers=numbers)
    with pytest.raises(UserError, match="不少于10天"):
        decisions.save_step(ctx, mid, "resolution_notice", date="2026-10-03", record="公开",
                            numbers={"posted_from": "2026-10-03", "posted_until": "2026-10-10"})
    with pytest.raises(UserError, match="2—3"):
        svc.save_meeting_settings(ctx, MeetingSettings(per_group_representatives=5))
