"""Date pickers of the 议题 page: empty means today (services.topics.today)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit

from ...services import topics as svc


def qdate(value: str | None) -> QDate:
    if value:
        d = dt.date.fromisoformat(value[:10])
        return QDate(d.year, d.month, d.day)
    t = svc.today()
    return QDate(t.year, t.month, t.day)


def iso(edit: QDateEdit) -> str:
    return edit.date().toString("yyyy-MM-dd")


def date_edit(value: str | None = None) -> QDateEdit:
    e = QDateEdit()
    e.setCalendarPopup(True)
    e.setDisplayFormat("yyyy-MM-dd")
    e.setDate(qdate(value))
    return e
