"""居民会议 / 居民代表会议 in the step engine: base from the roster, quorum, votes, closing."""

from __future__ import annotations

import datetime as dt

import pytest

from selfgov_desktop.domain.errors import UserError
from selfgov_desktop.domain.workflows import WORKFLOWS, definition
from selfgov_desktop.services import decisions, participants, sessions


@pytest.fixture(autouse=True)
def pinned(store):
    store.clock.set_day(dt.date(2026, 12, 20))


def _roster(ctx):
    with ctx.tx() as tx:
        hh = [tx.db.execute("INSERT INTO households (address, building, room) VALUES ('', '1号', ?)",
                            [str(i)]).lastrowid for i in range(4)]
        births = ["1960-01-01", "1980-05-05", "2008-12-01", "2008-12-02", "2015-03-03", None]
        for i, b in enumerate(births):
            tx.db.execute("INSERT INTO residents (name, birth_date, household_id, created_at, updated_at)"
                          " VALUES (?, ?, ?, 'x', 'x')", [f"居民{i}", b, hh[i % 4]])


def test_both_kinds_are_registered_with_their_rules():
    assert {"residents_meeting", "representatives_meeting"} <= set(WORKFLOWS)
    d = definition("residents_meeting")
    assert [s.key for s in d.steps] == ["agenda", "base", "signin", "motions", "minutes", "publicity"]
    assert {"assembly_agenda", "assembly_quorum", "vote_majority", "publicity_period"} <= set(d.all_rules())


def test_adult_base_counts_the_18th_birthday_on_the_meeting_day(ctx):
    _roster(ctx)
    b = decisions.meeting_base(ctx.store, "全体 18 周岁以上居民", "2026-12-01")
    assert b.size == 3 and "1人没有出生日期" in b.note
    assert decisions.meeting_base(ctx.store, "adults", "2026-12-02").size == 4
    assert decisions.meeting_base(ctx.store, "每户派代表", "2026-12-01").size == 4


def _fill_to_signin(ctx, sid, attending, base=None):
    sessions.set_fields(ctx, sid, {"agenda": "一、审议停车管理方案", "start_time": "19:00",
                                   "place": "居委会会议室", "agenda_published_on": "2026-11-24"})
    sessions.advance(ctx, sid)
    if base is None:
        decisions.apply_meeting_base(ctx, sid, "每户派代表")
    else:
        sessions.set_fields(ctx, sid, {"base_kind": "每户派代表", "base_size": base})
    sessions.set_fields(ctx, sid, {"chair": "陈主任", "recorder": "小王"})
    sessions.advance(ctx, sid)
    sessions.set_field(ctx, sid, "attending", attending)


def _check(store, sid, rule):
    res, _ = sessions.evaluate(store, sid)
    return next(c for c in res if c.rule == rule)


def test_quorum_reached_meeting_decides_and_publishes(ctx):
    _roster(ctx)
    sid = sessions.create(ctx, "residents_meeting", "2026年居民会议", date="2026-12-01").data["id"]
    _fill_to_signin(ctx, sid, attending=3)  # base 4 households: 3 > 2
    assert _check(ctx.store, sid, "assembly_quorum").status == "pass"
    assert _check(ctx.store, sid, "assembly_agenda").status == "pass"
    sessions.advance(ctx, sid)
    with pytest.raises(UserError, match="表决"):
        sessions.advance(ctx, sid)
    sessions.add_vote(ctx, sid, "停车管理方案", base=3, yes=2, no=1)
    sessions.advance(ctx, sid)
    sessions.set_fields(ctx, sid, {"minutes_on": "2026-12-02", "resolutions": "通过停车管理方案",
                                   "signed": True})
    sessions.advance(ctx, sid)
    sessions.set_fields(ctx, sid, {"resolution_text": "停车管理方案经居民会议表决通过",
                                   "publicity_from": "2026-12-03", "publicity_until": "2026-12-10"})
    sessions.advance(ctx, sid)
    rec = sessions.get(ctx.store, sid)
    assert rec.closed and rec.compliance == 100


def test_exactly_half_is_no_quorum_and_a_passed_vote_then_fails(ctx):
    sid = sessions.create(ctx, "residents_meeting", "居民会议", date="2026-12-01").data["id"]
    _fill_to_signin(ctx, sid, attending=50, base=100)
    c = _check(ctx.store, sid, "assembly_quorum")
    assert c.status == "warn" and "恰好一半" in c.message
    sessions.advance(ctx, sid)  # a warning does not block: the meeting is recorded
    sessions.add_vote(ctx, sid, "方案", base=50, yes=40)
    assert _check(ctx.store, sid, "assembly_quorum").status == "fail"


def test_meeting_without_quorum_closes_without_a_vote(ctx):
    sid = sessions.create(ctx, "residents_meeting", "居民会议", date="2026-12-01").data["id"]
    _fill_to_signin(ctx, sid, attending=30, base=100)
    sessions.advance(ctx, sid)
    sessions.set_field(ctx, sid, "no_decision", True)
    sessions.advance(ctx, sid)
    assert sessions.get(ctx.store, sid).state == "minutes"


def test_agenda_published_too_late_blocks_until_a_reason(ctx):
    sid = sessions.create(ctx, "residents_meeting", "居民会议", date="2026-12-01").data["id"]
    sessions.set_fields(ctx, sid, {"agenda": "议程", "place": "会议室", "agenda_published_on": "2026-11-28"})
    with pytest.raises(UserError, match="议程"):
        sessions.advance(ctx, sid)
    sessions.override(ctx, sid, "assembly_agenda", "台风后紧急抢修需尽快决定")
    sessions.advance(ctx, sid)


def test_representatives_meeting_counts_signed_in_representatives(ctx):
    sid = sessions.create(ctx, "representatives_meeting", "居民代表会议", date="2026-12-01").data["id"]
    for i in range(5):
        participants.add_name(ctx, sid, f"代表{i}", role="居民代表")
    sessions.set_fields(ctx, sid, {"base_kind": "在任居民代表", "base_size": 5})
    ids = [p.id for p in participants.list_participants(ctx.store, sid)]
    for pid in ids[:2]:
        participants.set_attendance(ctx, pid, "出席")
    participants.set_attendance(ctx, ids[2], "委托")
    res, _ = sessions.evaluate(ctx.store, sid)
    assert "assembly_quorum" not in {c.rule for c in res}  # its step is not reached yet
    sessions.set_fields(ctx, sid, {"agenda": "议程", "place": "会议室", "agenda_published_on": "2026-11-20",
                                   "chair": "甲", "recorder": "乙"})
    sessions.advance(ctx, sid)
    sessions.advance(ctx, sid)
    c = _check(ctx.store, sid, "assembly_quorum")
    # a 居民代表 attends in person: the 委托 does not count, 2 of 5 is no quorum
    assert c.status == "warn" and "实到2人" in c.message
    participants.set_attendance(ctx, ids[3], "出席")
    c = _check(ctx.store, sid, "assembly_quorum")
    assert c.status == "pass" and "实到3人" in c.message


def test_create_assembly_on_a_topic_counts_the_base_in_one_go(ctx):
    from selfgov_desktop.services import topics

    _roster(ctx)
    tid = topics.collect(ctx, "停车", channel="走访", raisers=[topics.Raiser(name="甲")]).data["id"]
    with pytest.raises(UserError, match="形成议题"):
        decisions.create_assembly(ctx, "residents_meeting", "居民会议", "2026-12-01", "adults", tid)
    assert ctx.store.conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0  # rolled back
    topics.move(ctx, tid, "形成议题")
    sid = decisions.create_assembly(ctx, "residents_meeting", "居民会议", "2026-12-01", "adults",
                                    tid).data["id"]
    rec = sessions.get(ctx.store, sid)
    assert rec.data["base_size"] == 3 and rec.topic_id == tid
    assert topics.detail(ctx.store, tid).state == "协商"
    sessions.set_field(ctx, sid, "attending", 3)
    sessions.add_vote(ctx, sid, "方案", base=3, yes=2, no=1)
    assert decisions.numbers_from_session(ctx.store, sid) == {"base": 3, "attending": 3, "yes": 2, "no": 1,
                                                              "abstain": 0}
