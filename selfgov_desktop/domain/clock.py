"""The one source of "now": every date and time the program uses comes from a `Clock`.

The store carries the clock it was opened with (`Store.clock`); services ask it
(`ctx.store.clock.today()`), the window's day-change watch asks the same one. The program
runs on `SystemClock`; the demo can be built on, and the tests run on, a `FixedClock`, so a
result never depends on the day the code happens to run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The local date and time, to the second."""
        ...

    def today(self) -> dt.date:
        ...


class SystemClock:
    """The computer's clock."""

    def now(self) -> dt.datetime:
        return dt.datetime.now().replace(microsecond=0)

    def today(self) -> dt.date:
        return dt.date.today()

    def __repr__(self) -> str:
        return "SystemClock()"


@dataclass
class FixedClock:
    """A clock that stands still until told to move (tests, the demo, screenshots)."""

    at: dt.datetime

    @classmethod
    def on(cls, day: dt.date, hour: int = 9, minute: int = 0) -> FixedClock:
        return cls(dt.datetime.combine(day, dt.time(hour, minute)))

    def now(self) -> dt.datetime:
        return self.at

    def today(self) -> dt.date:
        return self.at.date()

    def set_day(self, day: dt.date) -> None:
        """Move to `day`, keeping the time of day."""
        self.at = dt.datetime.combine(day, self.at.time())

    def advance(self, delta: dt.timedelta) -> None:
        self.at += delta


def iso(moment: dt.datetime) -> str:
    """The form timestamps are stored in: 2026-12-07T09:00:00."""
    return moment.isoformat(timespec="seconds")
