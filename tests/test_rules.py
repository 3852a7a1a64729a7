"""Every rule, with its edges: exactly the number of days, exactly half, exactly 2/3."""

from __future__ import annotations

import datetime as dt

import pytest

from selfgov_desktop.domain import rules as R
from selfgov_desktop.domain.rules import RuleSettings, Status

S = RuleSettings()


def test_defaults_are_the_documented_ones():
    assert (S.hearing_notice_days, S.coordination_notice_days) == (10, 7)
    assert (S.hearing_min_participants, S.hearing_max_participants) == (30, 50)
    assert (S.evaluation_attendance_num, S.evaluation_attendance_den) == (2, 3)
    assert (S.publicity_days, S.minutes_working_days, S.feedback_days) == (7, 7, 10)
    assert (S.rectification_working_days, S.objection_reply_days) == (15, 3)


def test_settings_round_trip_and_ignore_junk():
    s = RuleSettings(hearing_notice_days=12, holidays=["2026-10-01"])
    back = RuleSettings.from_dict(s.to_dict())
    assert back == s
    odd = RuleSettings.from_dict({"hearing_notice_days": "x", "publicity_days": "9", "nope": 1})
    assert odd.hearing_notice_days == 10 and odd.publicity_days == 9


def test_every_rule_has_an_explanation_with_the_current_numbers():
    s = RuleSettings(hearing_notice_days=14)
    assert "14天" in R.explain("hearing_notice", s)
    for key in R.RULES:
        text = R.explain(key, S)
        assert text and "{" not in text


@pytest.mark.parametrize("posted, status", [
    ("2026-11-19", Status.PASS),  # exactly 10 days before
    ("2026-11-18", Status.PASS),
    ("2026-11-20", Status.FAIL),  # 9 days
])
def test_hearing_notice_edges(posted, status):
    r = R.advance_notice("hearing_notice", posted, "2026-11-29", S.hearing_notice_days)
    assert r.status == status
    if status == Status.FAIL:
        assert "9天" in r.message and "2026年11月19日" in r.message


def test_notice_pending_without_dates():
    assert R.advance_notice("coordination_notice", None, "2026-11-29", 7).status == Status.PENDING


def test_coordination_notice_exactly_seven_days():
    assert R.advance_notice("coordination_notice", "2026-11-22", "2026-11-29", 7).ok is True
    assert R.advance_notice("coordination_notice", "2026-11-23", "2026-11-29", 7).ok is False


@pytest.mark.parametrize("n, status", [(0, Status.PENDING), (29, Status.WARN), (30, Status.PASS),
                                       (50, Status.PASS), (51, Status.WARN)])
def test_participants_range_edges(n, status):
    assert R.participants_range(n, 30, 50).status == status


def test_participants_range_says_how_many_are_missing():
    assert "还差4人" in R.participants_range(26, 30, 50).message


def test_building_coverage_names_the_missing_groups():
    r = R.building_coverage(["第一楼组", "第二楼组", "第三楼组"], ["第一楼组", "第一楼组", "第三楼组"])
    assert r.status == Status.FAIL and "第二楼组" in r.message and "第一楼组" not in r.message
    assert R.building_coverage(["第一楼组"], ["第一楼组"]).ok is True
    assert R.building_coverage([], ["第一楼组"]).status == Status.PENDING
    assert R.building_coverage(["第一楼组"], []).status == Status.PENDING


@pytest.mark.parametrize("present, due, ok", [(20, 30, True), (19, 30, False), (2, 3, True),
                                              (21, 31, True), (20, 31, False), (30, 30, True)])
def test_attendance_two_thirds_edges(present, due, ok):
    r = R.attendance(present, due, 2, 3)
    assert r.ok is ok
    if not ok:
        assert "还差" in r.message


@pytest.mark.parametrize("yes, base, ok", [(5, 10, False), (6, 10, True), (5, 9, True), (4, 9, False),
                                           (0, 1, False), (1, 1, True)])
def test_majority_is_strictly_more_than_half(yes, base, ok):
    assert R.majority(yes, base).ok is ok
    assert R.passes_majority(yes, base) is ok


def test_majority_exactly_half_says_why():
    assert "恰好一半不算通过" in R.majority(15, 30).message
    assert R.majority(3, 0).status == Status.PENDING


@pytest.mark.parametrize("until, ok", [("2026-11-28", True), ("2026-11-27", False), ("2026-12-05", True),
                                       ("2026-11-22", False), ("2026-11-21", False)])
def test_publicity_period_edges(until, ok):
    # Both ends count: 自2026年11月22日至2026年11月28日 is a 7-day 公示期, 11-27 only 6.
    assert R.publicity_period("2026-11-22", until, 7).ok is ok


def test_publicity_period_counts_both_ends_and_prints_the_total():
    assert R.period_days("2026-12-02", "2026-12-08") == 7
    assert R.period_days("2026-12-02", "2026-12-02") == 1
    assert R.period_text("2026-12-02", "2026-12-08") == "自2026年12月2日至2026年12月8日（共7天）"
    res = R.publicity_period("2026-12-02", "2026-12-08", 7)
    assert res.ok is True and "（共7天）" in res.message
    short = R.publicity_period("2026-12-02", "2026-12-07", 7)
    assert short.ok is False and "2026年12月8日" in short.message  # the earliest day it may come down


def test_working_days_skip_weekends_and_holidays_and_count_workdays():
    fri = dt.date(2026, 11, 27)
    assert R.add_working_days(fri, 1) == dt.date(2026, 11, 30)  # Monday
    s = RuleSettings(holidays=["2026-11-30"], workdays=["2026-11-28"])
    assert R.add_working_days(fri, 1, s) == dt.date(2026, 11, 28)  # 调休 Saturday
    assert R.add_working_days(fri, 2, s) == dt.date(2026, 12, 1)


def test_minutes_deadline_exactly_seven_working_days():
    meeting = "2026-11-02"  # Monday; 7 working days later is Wednesday 11-11
    assert R.minutes_deadline(meeting, "2026-11-11", None, S).ok is True
    late = R.minutes_deadline(meeting, "2026-11-12", None, S)
    assert late.ok is False and "超过期限" in late.message


def test_minutes_deadline_pending_then_overdue_by_today():
    meeting = "2026-11-02"
    assert R.minutes_deadline(meeting, None, dt.date(2026, 11, 11), S).status == Status.PENDING
    r = R.minutes_deadline(meeting, None, dt.date(2026, 11, 12), S)
    assert r.status == Status.FAIL and "已经过期1天" in r.message


def test_feedback_deadline_exactly_ten_days():
    assert R.feedback_deadline("2026-11-01", "2026-11-11", None, S).ok is True
    assert R.feedback_deadline("2026-11-01", "2026-11-12", None, S).ok is False


def test_rectification_deadline_fifteen_working_days():
    # From Monday 2026-11-02, 15 working days is Monday 2026-11-23.
    assert R.rectification_deadline("2026-11-02", "2026-11-23", None, S).ok is True
    assert R.rectification_deadline("2026-11-02", "2026-11-24", None, S).ok is False


def test_objection_reply_three_days():
    assert R.objection_reply(None, None, dt.date(2026, 11, 29), S).status == Status.PENDING
    assert R.objection_reply("2026-11-20", "2026-11-23", None, S).ok is True
    assert R.objection_reply("2026-11-20", "2026-11-24", None, S).ok is False
    assert R.objection_reply("2026-11-20", None, dt.date(2026, 11, 24), S).ok is False


def test_overdue_is_after_the_deadline_day_and_only_when_open():
    assert not R.is_overdue("未完成", "2026-11-29", dt.date(2026, 11, 29))
    assert R.is_overdue("进行中", "2026-11-28", dt.date(2026, 11, 29))
    assert not R.is_overdue("已完成", "2026-11-01", dt.date(2026, 11, 29))
    assert not R.is_overdue("未完成", None, dt.date(2026, 11, 29))


def test_followups_on_time():
    today = dt.date(2026, 11, 29)
    ok = R.followups_on_time([("修水管", "已完成", "2026-11-20", "2026-11-20")], today)
    assert ok.ok is True
    r = R.followups_on_time([("修水管", "未完成", "2026-11-28", None), ("清理楼道", "未完成", None, None),
                             ("赔偿", "已完成", "2026-11-10", "2026-11-12")], today)
    assert r.ok is False
    assert "已逾期未完成：修水管" in r.message and "没有期限：清理楼道" in r.message
    assert "逾期后才完成：赔偿" in r.message


def test_forms_consistent():
    assert R.forms_consistent(40, 38, 37, 1).ok is True
    assert R.forms_consistent(40, 41, 41, 0).ok is False
    assert R.forms_consistent(40, 38, 36, 1).ok is False
    assert R.forms_consistent(None, 38, 36, 1).status == Status.PENDING
    assert not R.RULES["forms_consistent"].overridable


def test_request_share():
    assert R.request_share_met(200, 1000, S) is True  # exactly 1/5
    assert R.request_share_met(199, 1000, S) is False


def test_working_days_come_from_the_calendar_with_the_manual_list_as_override():
    # 2026-10-01..07 is the National Day holiday; 2026-09-20 (a Sunday) is a 调休 working day
    # in the published arrangement — the calendar package knows both without a typed list.
    assert not R.is_working_day(dt.date(2026, 10, 1))
    assert R.add_working_days(dt.date(2026, 9, 30), 1) == dt.date(2026, 10, 8)
    # the director's list wins over the calendar, day by day
    assert R.is_working_day(dt.date(2026, 10, 1), RuleSettings(workdays=["2026-10-01"]))
    assert not R.is_working_day(dt.date(2026, 10, 9), RuleSettings(holidays=["2026-10-09"]))


def test_a_year_the_calendar_does_not_know_is_warned_about():
    assert R.calendar_knows(2026)
    if R.calendar_knows(2027):  # a newer chinese-calendar release knows 2027: nothing to warn
        assert R.calendar_warning(dt.date(2026, 12, 7)) == ""
        return
    warning = R.calendar_warning(dt.date(2026, 12, 7))
    assert "2027年" in warning and "程序规则设置" in warning
    assert R.is_working_day(dt.date(2027, 1, 4))  # Monday to Friday meanwhile
    assert R.calendar_warning(dt.date(2026, 12, 7), RuleSettings(holidays=["2027-01-01"])) == ""
    res = R.minutes_deadline("2026-12-28", None, "2026-12-28", RuleSettings())
    assert "2027年调休未知" in res.message
