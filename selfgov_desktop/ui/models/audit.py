"""The audit log as a table model: the newest entries matching a filter, fetched in pages as
the view scrolls (canFetchMore/fetchMore), so a log of 100 000 rows opens at once."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ...services import audit as svc
from ...services import audit_text as words
from ...store.db import Store

PAGE = 500
Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("时间", "操作人", "类别", "操作", "对象", "说明", "修改内容")


class AuditModel(QAbstractTableModel):
    def __init__(self, store: Store, parent: Any = None) -> None:
        super().__init__(parent)
        self.store = store
        self.filter = svc.AuditFilter()
        self._rows: list[svc.AuditEntry] = []
        self._total = 0
        self._said: dict[int, tuple[str, str]] = {}  # entry id → (object name, change text)

    def reload(self, f: svc.AuditFilter | None = None) -> None:
        if f is not None:
            self.filter = f
        self.beginResetModel()
        self._said.clear()
        self._total = svc.count(self.store, self.filter)
        self._rows = svc.query(self.store, self.filter, limit=PAGE)
        self.endResetModel()

    @property
    def total(self) -> int:
        return self._total

    def entry(self, row: int) -> svc.AuditEntry:
        return self._rows[row]

    def _words(self, e: svc.AuditEntry) -> tuple[str, str]:
        said = self._said.get(e.id)
        if said is None:
            obj = words.object_name(self.store, e.entity, e.entity_id) if e.entity else ""
            said = self._said[e.id] = (obj, words.change_text(self.store, e))
        return said

    def details(self, row: int) -> str:
        return words.details(self.store, self._rows[row])

    # -- Qt model API ------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index) -> bool:  # noqa: N802
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index) -> None:  # noqa: N802
        if parent.isValid():
            return
        more = svc.query(self.store, self.filter, limit=PAGE, offset=len(self._rows))
        if not more:
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        e = self._rows[index.row()]
        col = index.column()
        if col == 0:
            return e.at.replace("T", " ")
        if col == 1:
            return e.actor
        if col == 2:
            return words.kind_label(e.action)
        if col == 3:
            return words.action_label(e.action)
        if col == 4:
            return self._words(e)[0]
        if col == 5:
            return e.summary
        text = self._words(e)[1]
        if role == Qt.ItemDataRole.DisplayRole and len(text) > 200:
            return text[:200] + "…"
        return text
