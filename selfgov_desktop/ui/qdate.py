"""Dates between Python and Qt. "Today" in the window is always the store's clock
(`app.ctx.today()`), never QDate.currentDate()."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)
