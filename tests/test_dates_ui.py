"""Dates typed the way people write them land right; the calendar opens at today."""

from __future__ import annotations

import datetime as dt

import pytest

from selfgov_desktop.domain.workflows import FieldSpec
from selfgov_desktop.ui.date_input import DateInput, parse_date
from selfgov_desktop.ui.session.fields import DateEditor

TODAY = dt.date(2026, 11, 29)


@pytest.mark.parametrize("text", ["2026-12-22", "2026/12/22", "20261222", "2026.12.22", "2026年12月22日",
                                  "12月22日", "12-22", "１２月２２日", " 2026 / 12 / 22 "])
def test_common_forms_parse(text):
    assert parse_date(text, TODAY) == dt.date(2026, 12, 22)


def test_words_empty_and_nonsense():
    assert parse_date("今天", TODAY) == TODAY and parse_date("明天", TODAY) == dt.date(2026, 11, 30)
    assert parse_date("  ", TODAY) is None
    for bad in ("abc", "2026-13-01", "2026-02-30", "1222"):
        with pytest.raises(ValueError):
            parse_date(bad, TODAY)


@pytest.mark.parametrize("text", ["20261222", "2026/12/22", "12月22日"])
def test_date_field_typed_into_when_empty_saves_the_date(qtbot, text):
    ed = DateEditor(FieldSpec("date", "日期", "date"), today=lambda: TODAY)
    qtbot.addWidget(ed)
    saved: list[object] = []
    ed.committed.connect(lambda _k, v: saved.append(v))
    ed.set_value(None)
    assert ed.edit.line.text() == ""
    ed.type_text(text)
    assert saved == ["2026-12-22"]
    assert ed.edit.line.text() == "2026-12-22"


def test_a_date_that_is_not_one_is_kept_and_marked(qtbot):
    ed = DateEditor(FieldSpec("date", "日期", "date"), today=lambda: TODAY)
    qtbot.addWidget(ed)
    saved: list[object] = []
    ed.committed.connect(lambda _k, v: saved.append(v))
    ed.set_value("2026-12-01")
    ed.type_text("12月32日")
    assert saved == [] and ed.edit.bad
    assert ed.edit.line.text() == "12月32日"  # what was typed stays to be corrected


def test_calendar_opens_at_today_then_at_the_date_shown(qtbot):
    box = DateInput(lambda: TODAY)
    qtbot.addWidget(box)
    box.menu.aboutToShow.emit()
    assert (box.calendar.yearShown(), box.calendar.monthShown()) == (2026, 11)
    assert box.calendar.selectedDate().day() == 29
    box.set_date("2027-03-05")
    box.menu.aboutToShow.emit()
    assert (box.calendar.yearShown(), box.calendar.monthShown()) == (2027, 3)


def test_today_button_uses_the_clock_given(qtbot):
    ed = DateEditor(FieldSpec("date", "日期", "date"), today=lambda: TODAY)
    qtbot.addWidget(ed)
    ed.set_value(None)
    ed.today.click()
    assert ed.value() == "2026-11-29"
