"""One signal for every change: services return `Changed`, the bus tells the pages."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Bus(QObject):
    changed = Signal(object)  # services.base.Changed
    navigate = Signal(str, object)  # page key, optional payload (e.g. a record id)
