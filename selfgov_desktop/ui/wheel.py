"""The mouse wheel scrolls the page; it changes a number or a choice only in the box that has
the keyboard focus (a wheel passing over 份数 once turned 13 copies into 4)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QComboBox


class WheelGuard(QObject):
    """Installed on the application: a wheel event over an unfocused spin box or combo box
    goes to the widget around it (the scroll area) instead."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind == QEvent.Type.Polish:
            if isinstance(obj, QAbstractSpinBox | QComboBox):
                # Qt's default (WheelFocus) would focus the box on the first turn of the wheel
                obj.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            return False
        if kind != QEvent.Type.Wheel:
            return False
        box = obj if isinstance(obj, QAbstractSpinBox | QComboBox) else None
        if box is None or box.hasFocus():
            return False
        # a synthesized wheel event is not passed on to parents by Qt: give it to the scroll
        # area around the box (its viewport), which scrolls the page
        outer = box.parentWidget()
        while outer is not None and not isinstance(outer, QAbstractScrollArea):
            outer = outer.parentWidget()
        if isinstance(outer, QAbstractScrollArea):
            QCoreApplication.sendEvent(outer.viewport(), event)
        return True


def install(app: QCoreApplication) -> WheelGuard:
    guard = WheelGuard(app)
    app.installEventFilter(guard)
    return guard
