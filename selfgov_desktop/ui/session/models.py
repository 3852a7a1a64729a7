"""Qt models of the 三会: the session list."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...services import sessions as S

Index = QModelIndex | QPersistentModelIndex
RED = QColor("#c62828")
AMBER = QColor("#b26a00")
GREEN = QColor("#2e7d32")
GREY = QColor("#888888")


def compliance_colour(score: int) -> QColor:
    return GREEN if score >= 90 else AMBER if score >= 70 else RED


class SessionListModel(QAbstractTableModel):
    HEADERS = ("编号", "类型", "会议名称", "日期", "当前步骤", "规范程度", "逾期事项")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[S.SessionRow] = []

    def set_rows(self, rows: list[S.SessionRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (r.number, r.kind_label, r.title, r.date, r.state_label, f"{r.compliance}",
                    f"{r.overdue_followups}" if r.overdue_followups else "")[col]
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == 5:
                return QBrush(compliance_colour(r.compliance))
            if col == 6 and r.overdue_followups:
                return QBrush(RED)
            if col == 4 and r.state == "closed":
                return QBrush(GREY)
        if role == Qt.ItemDataRole.ToolTipRole and col == 6 and r.overdue_followups:
            return f"有{r.overdue_followups}项跟踪事项已过期限还没完成"
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (5, 6):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
