"""Quorum and majority at the edges; the base kinds; adults counted on the meeting day."""

from __future__ import annotations

import datetime as dt

import pytest

from selfgov_desktop.domain import meetings as M
from selfgov_desktop.domain.errors import UserError

DAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize(("attending", "base", "ok"), [
    (50, 100, False),  # exactly half is not a quorum
    (51, 100, True),
    (49, 100, False),
    (2, 3, True),
    (1, 2, False),
    (0, 0, None),
])
def test_quorum_strictly_more_than_half(attending, base, ok):
    assert M.quorum(attending, base).ok is ok
    assert M.has_quorum(attending, base) is bool(ok)


@pytest.mark.parametrize(("yes", "attending", "ok"), [
    (30, 60, False),  # exactly half of those attending fails
    (31, 60, True),
    (26, 51, True),
    (25, 51, False),
])
def test_motion_yes_more_than_half_of_attending(yes, attending, ok):
    assert M.motion(yes, attending - yes, 0, attending).ok is ok


def test_motion_counts_against_attending_not_votes_cast():
    # 40 attend, 20 yes, 5 no, 15 abstain: 20 is exactly half of 40 → fails, although 20 > 5.
    v = M.motion(20, 5, 15, 40)
    assert v.ok is False
    assert "恰好一半" in v.message


def test_more_votes_than_attending_is_refused():
    assert M.motion(30, 30, 0, 50).ok is False


def test_assembly_without_quorum_never_passes():
    v = M.assembly(base=200, attending=100, yes=100)
    assert v.ok is False and "没有超过半数" in v.message
    assert M.assembly(base=200, attending=101, yes=51).ok is True


def test_household_base_vs_adult_base():
    """The same 60 attendees reach a quorum on a household base of 100 but not on 130 adults."""
    households = 100
    births = ["1960-05-01"] * 120 + ["2015-01-01"] * 30 + ["1990-03-03"] * 10  # 130 adults
    adults = M.count_adults(births, DAY).adults
    assert adults == 130
    assert M.quorum(60, households).ok is True
    assert M.quorum(60, adults).ok is False
    assert M.quorum(66, adults).ok is True


def test_resident_turning_18_on_the_meeting_day_counts():
    assert M.is_adult_on("2008-12-01", DAY) is True
    assert M.is_adult_on("2008-12-02", DAY) is False
    assert M.count_adults(["2008-12-01", "2008-12-02", None, ""], DAY) == M.AdultCount(1, 2)


def test_month_only_birth_counts_from_the_end_of_the_month():
    assert M.is_adult_on("2008-11", DAY) is True
    assert M.is_adult_on("2008-12", DAY) is False
    assert M.is_adult_on("2008-12", dt.date(2026, 12, 31)) is True


def test_group_representatives_two_or_three():
    assert M.group_representatives_base(8, 2) == 16
    assert M.group_representatives_base(8, 3) == 24
    with pytest.raises(UserError):
        M.group_representatives_base(8, 4)


@pytest.mark.parametrize(("due", "present", "yes", "ok"), [
    (30, 20, 16, True),   # 20 of 30 is exactly 2/3: enough; 16 > 15
    (30, 19, 19, False),  # under 2/3 present
    (30, 30, 15, False),  # 15 is exactly half of the members due: fails
    (30, 20, 15, False),
    (31, 21, 16, True),
])
def test_party_congress(due, present, yes, ok):
    assert M.party_congress(due, present, yes).ok is ok


def test_party_congress_majority_is_of_members_due_not_present():
    # 21 present of 30; 11 yes is > half of those present but not > half of the 30 due.
    assert M.party_congress(30, 21, 11).ok is False


@pytest.mark.parametrize(("members", "present", "yes", "ok"), [
    (9, 5, 3, True),
    (9, 4, 4, False),  # not more than half present
    (8, 6, 3, False),  # exactly half of present
    (8, 6, 4, True),
])
def test_committees_meeting(members, present, yes, ok):
    assert M.committees_meeting(members, present, yes).ok is ok


def test_agenda_and_posting_periods():
    assert M.agenda_in_advance("2026-11-24", "2026-12-01", 7).ok is True
    assert M.agenda_in_advance("2026-11-25", "2026-12-01", 7).ok is False
    assert M.posted_long_enough("2026-11-22", "2026-11-29", 7).ok is True
    assert M.posted_long_enough("2026-11-23", "2026-11-29", 7).ok is True  # both ends count
    assert M.posted_long_enough("2026-11-24", "2026-11-29", 7).ok is False
    assert M.posted_long_enough(None, "2026-11-29", 7).ok is None


def test_yearly_meeting():
    assert M.yearly_meeting_held(["2025-06-01", "2026-03-02"], 2026)
    assert not M.yearly_meeting_held(["2025-06-01", None], 2026)


def test_settings_round_trip():
    s = M.MeetingSettings.from_dict({"agenda_days": "10", "publicity_days": None})
    assert s.agenda_days == 10 and s.publicity_days == 7
