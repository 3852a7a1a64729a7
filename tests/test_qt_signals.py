"""A signal delivered to a Python slot must not cost the interpreter a reference to True.

PySide6 6.12.0 drops one reference to True (whatever the slot returns) on every delivery;
after a few thousand — a long day of typing and clicking — True's count reaches zero and Python
aborts ("Fatal Python error: bool_dealloc"). pyproject.toml pins a release without it; this
test fails on one that has it."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer, Signal


class _Sender(QObject):
    changed = Signal(object)
    plain = Signal()


def test_signals_to_python_slots_keep_true_alive(qapp) -> None:
    sender = _Sender()
    got: list[object] = []
    sender.changed.connect(got.append)
    sender.plain.connect(lambda: None)
    timer = QTimer()
    timer.timeout.connect(lambda: True)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(200):
        sender.changed.emit(object())
        sender.plain.emit()
        timer.timeout.emit()
    assert len(got) == 200
    lost = before[0] - sys.getrefcount(True), before[1] - sys.getrefcount(False)
    assert lost[0] < 20 and lost[1] < 20, f"references to True/False lost: {lost}"
