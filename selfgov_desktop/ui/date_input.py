"""Typing a date the way people write it, and a calendar that opens at today.

`parse_date` reads 2026-12-22, 2026/12/22, 2026.12.22, 20261222, 2026年12月22日, 12月22日 and
12-22 (this year), 今天/昨天/明天, with full-width digits too. `DateInput` is a text box with a
calendar button; the day it calls "today" comes from the store's clock (AppContext.today)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (QCalendarWidget, QHBoxLayout, QLineEdit, QMenu, QToolButton, QWidget,
                               QWidgetAction)

FULL_WIDTH = str.maketrans("０１２３４５６７８９／－．", "0123456789/-.")
_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MD = re.compile(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
WORDS = {"今天": 0, "今日": 0, "昨天": -1, "明天": 1}


def parse_date(text: str, today: dt.date) -> dt.date | None:
    """The date meant by `text`, None for an empty text; ValueError when it is not a date."""
    t = text.strip().translate(FULL_WIDTH)
    if not t:
        return None
    if t in WORDS:
        return today + dt.timedelta(days=WORDS[t])
    for pattern in (_YMD, _COMPACT):
        m = pattern.match(t)
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
    m = _MD.match(t)
    if m:
        return dt.date(today.year, int(m[1]), int(m[2]))
    raise ValueError(t)


class DateInput(QWidget):
    """A date typed in any common form, or picked from a calendar (opens at the date shown,
    or at today). `date()` is the date shown (None when empty or not a date); `edited` when
    the user has finished (Enter, leaving the box, a day picked)."""

    edited = Signal()

    def __init__(self, today: Callable[[], dt.date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today  # the store's clock (AppContext.today)
        self._date: dt.date | None = None
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        self.line = QLineEdit()
        self.line.setPlaceholderText(self.tr("未填（如2026-12-22）"))
        self.line.setToolTip(self.tr("可以写2026-12-22、2026/12/22、20261222或12月22日"))
        self.line.setMinimumWidth(150)
        self.line.editingFinished.connect(self._typed)
        lay.addWidget(self.line)
        self.pick = QToolButton()
        self.pick.setText(self.tr("日历"))
        self.pick.setToolTip(self.tr("从日历中选日期"))
        self.pick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.pick)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        action = QWidgetAction(self.menu)
        action.setDefaultWidget(self.calendar)
        self.menu.addAction(action)
        self.menu.aboutToShow.connect(self._open_calendar)
        self.pick.setMenu(self.menu)
        lay.addWidget(self.pick)
        self.bad = False
        self.setFocusProxy(self.line)

    def date(self) -> dt.date | None:
        return self._date

    def iso(self) -> str | None:
        return self._date.isoformat() if self._date else None

    def set_date(self, value: dt.date | str | None) -> None:
        if isinstance(value, str):
            value = dt.date.fromisoformat(value[:10]) if value else None
        self._date = value
        self._mark(False)
        self.line.setText(value.isoformat() if value else "")

    def today(self) -> dt.date:
        return self._today()

    def _typed(self) -> None:
        text = self.line.text()
        try:
            day = parse_date(text, self._today())
        except ValueError:
            self._mark(True)
            return
        self._date = day
        self._mark(False)
        shown = day.isoformat() if day else ""
        if text != shown:
            self.line.setText(shown)
        self.edited.emit()

    def _mark(self, bad: bool) -> None:
        self.bad = bad
        self.line.setStyleSheet("border: 1px solid #c62828; background: #fff3f3;" if bad else "")
        self.line.setToolTip(self.tr("看不懂这个日期，请写成2026-12-22或12月22日") if bad else
                             self.tr("可以写2026-12-22、2026/12/22、20261222或12月22日"))

    def _open_calendar(self) -> None:
        day = self._date or self._today()
        q = QDate(day.year, day.month, day.day)
        self.calendar.setSelectedDate(q)
        self.calendar.setCurrentPage(day.year, day.month)

    def _picked(self, q: QDate) -> None:
        self.set_date(dt.date(q.year(), q.month(), q.day()))
        self.menu.hide()
        self.edited.emit()


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


__all__ = ["DateInput", "parse_date", "qdate"]
