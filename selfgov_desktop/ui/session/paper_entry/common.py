"""Shared by the paper-entry dialogs: the colours, read-only table cells, count spin boxes and
the dialog base (status line, 保存 with Ctrl+S, one service call per save)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QSpinBox, QTableWidgetItem, QWidget

from ....domain.errors import UserError
from ....services.base import Changed

if TYPE_CHECKING:
    from ..host import PanelHost

OK_COLOUR = "#2e7d32"
BAD_COLOUR = "#c62828"


def _item(text: Any, data: Any = None) -> QTableWidgetItem:
    it = QTableWidgetItem("" if text is None else str(text))
    it.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if data is not None:
        it.setData(Qt.ItemDataRole.UserRole, data)
    return it


def _spin(maximum: int = 9999) -> QSpinBox:
    sp = QSpinBox()
    sp.setRange(0, maximum)
    sp.setMinimumWidth(70)
    sp.setMaximumWidth(110)
    return sp


class _EntryDialog(QDialog):
    def __init__(self, host: PanelHost, parent: QWidget, title: str) -> None:
        super().__init__(parent)
        self.host = host
        self.setWindowTitle(title)
        self.resize(1100, 680)
        self.saved: Changed | None = None
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("entryStatus")
        self.save_btn = QPushButton(self.tr("保存（Ctrl+S）"))
        self.save_btn.setObjectName("nextButton")
        self.save_btn.clicked.connect(self.save)
        QShortcut(QKeySequence("Ctrl+S"), self).activated.connect(self.save)
        self.cancel_btn = QPushButton(self.tr("关闭"))
        self.cancel_btn.clicked.connect(self.reject)

    @property
    def ctx(self) -> Any:
        return self.host.app.ctx

    @property
    def store(self) -> Any:
        return self.host.app.ctx.store

    @property
    def sid(self) -> int:
        return self.host.sid

    def bottom(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.cancel_btn)
        row.addWidget(self.save_btn)
        return row

    def show_status(self, text: str, ok: bool) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {OK_COLOUR if ok else BAD_COLOUR}; font-size: 14px;")

    def call(self, fn: Any, *args: Any, **kwargs: Any) -> Changed | None:
        try:
            ch = fn(*args, **kwargs)
        except UserError as exc:
            self.show_status(exc.message, False)
            return None
        self.saved = ch
        self.host.app.bus.changed.emit(ch)
        self.host.flash(ch.summary)
        return ch

    def save(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError
