"""The topic list as a table model: one row per topic (merged duplicates hidden)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QWidget

from ...services import topics as svc

_Index = QModelIndex | QPersistentModelIndex


class TopicsModel(QAbstractTableModel):
    """The topic list; one row per topic (merged duplicates hidden)."""

    COLUMNS = ("编号", "议题", "状态", "提出人数", "来源", "提出日期", "会议")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[svc.TopicRow] = []

    def set_rows(self, rows: list[svc.TopicRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (str(r.id), r.title + ("  ★" if r.flagged else ""), r.state_label, str(r.residents),
                    r.source, r.raised_on, f"{len(r.sessions)}场" if r.sessions else "")[col]
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        if role == Qt.ItemDataRole.ToolTipRole and col == 1 and r.flagged:
            return "提出的居民达到成年居民或户数的1/5（或1/3的居民小组）：可以要求听证，应当召开居民会议。"
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (0, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
