"""四议两公开: each step's rule, order, overrides, missing steps."""

from __future__ import annotations

import pytest

from selfgov_desktop.domain import four_two as F
from selfgov_desktop.domain.errors import UserError


def rec(key, date="2026-10-01", **numbers):
    return F.StepRecord(key, done=False, date=date, record="会议记录", numbers=numbers)


def done(*keys):
    return {k: F.StepRecord(k, done=True, date="2026-09-01", record="x") for k in keys}


def test_order_is_enforced():
    with pytest.raises(UserError, match="党组织提议"):
        F.validate_done({}, rec("committees", members=9, present=7, yes=6))


def test_failing_numbers_need_an_override_reason():
    r = rec("party_congress", members_due=30, present=19, yes=19)
    with pytest.raises(UserError, match="三分之二"):
        F.validate_done(done("proposal", "committees"), r)
    r.override_reason = "部分党员因疫情隔离，经街道党工委同意"
    assert F.validate_done(done("proposal", "committees"), r).ok is False


def test_assembly_exactly_half_fails():
    r = rec("assembly", base=100, attending=60, yes=30, no=20, abstain=10)
    with pytest.raises(UserError, match="恰好一半"):
        F.validate_done(done("proposal", "committees", "party_congress"), r)
    r.numbers["yes"] = 31
    r.numbers["no"] = 19
    assert F.validate_done(done("proposal", "committees", "party_congress"), r).ok is True


def test_notice_length():
    prior = done("proposal", "committees", "party_congress", "assembly")
    short = rec("resolution_notice", posted_from="2026-10-02", posted_until="2026-10-07")
    with pytest.raises(UserError, match="不少于7天"):
        F.validate_done(prior, short)
    short.numbers["posted_until"] = "2026-10-08"  # 2nd to 8th, both ends: 7 days
    assert F.validate_done(prior, short).ok


def test_date_and_record_required_and_dates_in_order():
    with pytest.raises(UserError, match="日期"):
        F.validate_done({}, F.StepRecord("proposal", record="x"))
    with pytest.raises(UserError, match="记录"):
        F.validate_done({}, F.StepRecord("proposal", date="2026-01-01"))
    linked = F.StepRecord("proposal", date="2026-01-01", session_id=3)
    assert F.validate_done({}, linked).ok
    early = rec("committees", date="2026-08-01", members=9, present=7, yes=6)
    with pytest.raises(UserError, match="早于"):
        F.validate_done(done("proposal"), early)


def test_missing_steps_listed_in_order():
    recs = done("proposal", "committees")
    assert F.missing(recs) == ["③ 党员大会审议", "④ 居民（代表）会议决议", "决议公开", "实施结果公开"]
    assert not F.is_complete(recs)
    assert F.is_complete(done(*F.KEYS))
    assert "缺：党员大会审议" in F.progress_text(recs)
