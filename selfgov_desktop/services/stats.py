"""Figures for 首页, always computed from the store (no cached totals that can drift)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..store.db import Store


@dataclass(frozen=True)
class Overview:
    residents: int
    households: int
    building_groups: int
    representatives: int
    units: int
    sessions_this_year: int
    open_followups: int
    overdue_followups: int
    notices_posted: int
    topics_open: int


def overview(store: Store, today: dt.date | None = None) -> Overview:
    today = today or store.clock.today()
    c = store.conn

    def one(sql: str, *args: object) -> int:
        return int(c.execute(sql, args).fetchone()[0] or 0)

    iso = today.isoformat()
    return Overview(
        residents=one("SELECT count(*) FROM residents WHERE status = '在册'"),
        households=one(
            "SELECT count(DISTINCT household_id) FROM residents WHERE status = '在册'"
            " AND household_id IS NOT NULL"
        ),
        building_groups=one("SELECT count(*) FROM groups WHERE kind = '楼组'"),
        representatives=one(
            "SELECT count(DISTINCT m.resident_id) FROM memberships m JOIN groups g"
            " ON g.id = m.group_id WHERE g.kind = '居民代表'"
            " AND (m.term_end IS NULL OR m.term_end >= ?)", iso),
        units=one("SELECT count(*) FROM units"),
        sessions_this_year=one("SELECT count(*) FROM sessions WHERE substr(date, 1, 4) = ?",
                               str(today.year)),
        open_followups=one("SELECT count(*) FROM followups WHERE status IN ('未完成', '进行中')"),
        overdue_followups=one(
            "SELECT count(*) FROM followups WHERE status IN ('未完成', '进行中')"
            " AND deadline IS NOT NULL AND deadline < ?", iso),
        notices_posted=one(
            "SELECT count(*) FROM notices WHERE posted_from <= ? AND posted_until >= ?", iso, iso),
        topics_open=one("SELECT count(*) FROM topics WHERE state NOT IN ('办结', '不予立项')"
                        " AND merged_into IS NULL"),
    )
