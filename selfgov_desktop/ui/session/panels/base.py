"""What every step panel shares: the Panel base (its host, store, context and session) and the
small builders for section titles and read-only tables."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QFrame, QLabel, QTableWidget, QTableWidgetItem

if TYPE_CHECKING:
    from ..host import PanelHost


def _title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    return label


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    t.verticalHeader().setDefaultSectionSize(26)
    t.setAlternatingRowColors(True)
    t.horizontalHeader().setStretchLastSection(True)
    t.setMinimumHeight(180)
    return t


def _item(text: Any, data: Any = None, colour: QColor | None = None) -> QTableWidgetItem:
    it = QTableWidgetItem("" if text is None else str(text))
    if data is not None:
        it.setData(Qt.ItemDataRole.UserRole, data)
    if colour is not None:
        it.setForeground(colour)
    return it


def _selected_ids(table: QTableWidget) -> list[int]:
    rows = sorted({i.row() for i in table.selectedIndexes()})
    items = [table.item(r, 0) for r in rows]
    return [it.data(Qt.ItemDataRole.UserRole) for it in items if it is not None]


class Panel(QFrame):
    def __init__(self, host: PanelHost) -> None:
        super().__init__()
        self.host = host
        self.setObjectName("stepPanel")

    @property
    def store(self) -> Any:
        return self.host.app.ctx.store

    @property
    def ctx(self) -> Any:
        return self.host.app.ctx

    @property
    def sid(self) -> int:
        return self.host.sid

    def reload(self) -> None:
        raise NotImplementedError

    def pending(self) -> str:
        """What was typed here but not recorded yet (a short Chinese name for it), or ""."""
        return ""

    def record_pending(self) -> bool:
        """Record what `pending` names; False when it cannot be recorded as it stands."""
        return not self.pending()

    def focus_pending(self) -> None:
        self.setFocus()
