"""Chinese date formats for documents and the UI."""

from __future__ import annotations

import datetime as dt


def as_date(value: dt.date | str | None) -> dt.date | None:
    """A stored or typed date (2026-11-22, or a timestamp) as a date; None when empty or not one."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def cn_date(d: dt.date | str | None) -> str:
    """2026年11月22日 (no leading zeros)."""
    if d is None or d == "":
        return ""
    if isinstance(d, str):
        d = dt.date.fromisoformat(d[:10])
    return f"{d.year}年{d.month}月{d.day}日"


def age_on(birth: dt.date | str, day: dt.date) -> int:
    """Full years on `day`; a person born on 2008-12-01 is 18 on 2026-12-01."""
    if isinstance(birth, str):
        birth = dt.date.fromisoformat(birth[:10])
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years
