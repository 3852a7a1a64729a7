"""Qt models of the 三会: the session list and the evaluation scoring grid."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...domain import evaluation as ev
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
            return f"有 {r.overdue_followups} 项跟踪事项已过期限还没完成"
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (5, 6):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class ScoreGridModel(QAbstractTableModel):
    """Rows: evaluators (评议代表); columns: criteria, then 小计. Editable cells hold an option."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.grid: S.ScoreGrid | None = None
        self.on_set: Any = None  # callable(participant_id, criterion_id, option|None)

    def set_grid(self, grid: S.ScoreGrid) -> None:
        self.beginResetModel()
        self.grid = grid
        self.endResetModel()

    def update_grid(self, grid: S.ScoreGrid) -> None:
        """New values, same shape: repaint without losing the current cell."""
        if (self.grid is None or len(grid.evaluators) != len(self.grid.evaluators)
                or len(grid.criteria) != len(self.grid.criteria)):
            self.set_grid(grid)
            return
        self.grid = grid
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.grid is None else len(self.grid.evaluators)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.grid is None else len(self.grid.criteria) + 1

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.grid is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.grid.criteria):
                return self.grid.criteria[section]["name"]
            return "小计" if section == len(self.grid.criteria) else None
        if 0 <= section < len(self.grid.evaluators):
            e = self.grid.evaluators[section]
            return e["name"] + ("" if e["attendance"] == "出席" else f"（{e['attendance'] or '未签到'}）")
        return None

    def _cell(self, index: Index) -> tuple[dict, dict | None] | None:
        g = self.grid
        if g is None or not index.isValid() or not (0 <= index.row() < len(g.evaluators)):
            return None
        e = g.evaluators[index.row()]
        c = g.criteria[index.column()] if index.column() < len(g.criteria) else None
        return e, c

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        cell = self._cell(index)
        if cell is None:
            return None
        e, c = cell
        g = self.grid
        assert g is not None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if c is None:
                row = {str(cc["id"]): g.cells.get((e["id"], cc["id"]), "") for cc in g.criteria}
                return ev.evaluator_total(g.scale, row) if role == Qt.ItemDataRole.DisplayRole else None
            return g.cells.get((e["id"], c["id"]), "")
        if role == Qt.ItemDataRole.ForegroundRole:
            if e["attendance"] != "出席":
                return QBrush(GREY)
            if c is not None and g.cells.get((e["id"], c["id"])) in ("不满意", "不称职", "1", "2"):
                return QBrush(RED)
        if role == Qt.ItemDataRole.BackgroundRole and c is not None and e["attendance"] == "出席" \
                and not g.cells.get((e["id"], c["id"])):
            return QBrush(QColor("#fff7e0"))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        cell = self._cell(index)
        if cell is None:
            return base
        e, c = cell
        if c is not None and e["attendance"] == "出席":
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        cell = self._cell(index)
        if cell is None or role != Qt.ItemDataRole.EditRole or self.grid is None:
            return False
        e, c = cell
        if c is None or e["attendance"] != "出席":
            return False
        option = str(value) if value else None
        if option is not None and option not in self.grid.options:
            return False
        if self.on_set is None:
            return False
        return bool(self.on_set(e["id"], c["id"], option))
