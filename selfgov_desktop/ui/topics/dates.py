"""Date pickers of the 议题 page: empty means today on the store's clock."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit



def qdate(value: str | None, today: dt.date) -> QDate:
    d = dt.date.fromisoformat(value[:10]) if value else today
    return QDate(d.year, d.month, d.day)


def iso(edit: QDateEdit) -> str:
    return edit.date().toString("yyyy-MM-dd")


def date_edit(today: dt.date, value: str | None = None) -> QDateEdit:
    e = QDateEdit()
    e.setCalendarPopup(True)
    e.setDisplayFormat("yyyy-MM-dd")
    e.setDate(qdate(value, today))
    return e
