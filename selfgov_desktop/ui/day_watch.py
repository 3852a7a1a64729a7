"""Deadlines move with the calendar: the open sessions' checks are judged again when the
window opens and whenever the date changes while it stays open (an office PC left on over
the weekend), in the background, ending in one `bus.changed` (首页 and 三会 refresh)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from ..domain.errors import UserError
from ..services import sessions as S
from .context import AppContext
from .operations import perform
from .workers import Job


class DayWatch(QObject):
    def __init__(self, app: AppContext, parent: QWidget, interval_ms: int = 60_000,
                 today: Callable[[], dt.date] | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.window = parent
        self._today = today or app.ctx.today
        self.judged_on: dt.date | None = None
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)
        QTimer.singleShot(0, self.check)

    def check(self) -> Job | None:
        """Judge the open sessions again if the date is not the one they were judged on."""
        day = self._today()
        if day == self.judged_on:
            return None
        self.judged_on = day
        try:
            self.app.ctx.require_write()
        except UserError:
            return None  # a read-only account sees the checks as stored
        return perform(self.window, self.app.bus, S.recompute_open, self.app.ctx)
