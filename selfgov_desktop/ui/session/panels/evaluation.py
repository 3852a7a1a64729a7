"""Evaluation: the criteria (from the object type's template), the scoring grid typed with
number keys, and the tally shown where the result is reported on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPushButton, QStyledItemDelegate, QTableView,
                               QVBoxLayout, QWidget)

from ....domain.workflows import CRITERIA_TEMPLATES
from ....services import sessions as S
from ..models import ScoreGridModel
from .base import Panel, _title

if TYPE_CHECKING:
    from ..host import PanelHost


class CriteriaPanel(Panel):
    def __init__(self, host: PanelHost) -> None:
        super().__init__(host)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(_title(self.tr("评议内容")))
        hint = QLabel(self.tr("选好“评议对象类型”后会自动带出模板，可以增删。“总体评价”"
                              "一项用来算总的满意率。"))
        hint.setWordWrap(True)
        hint.setObjectName("pageSubtitle")
        lay.addWidget(hint)
        self.list = QListWidget()
        self.list.setMaximumHeight(190)
        lay.addWidget(self.list)
        row = QHBoxLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("新的评议内容，如“电梯维保”，回车加入"))
        self.name.returnPressed.connect(self.add)
        row.addWidget(self.name, 1)
        self.add_btn = QPushButton(self.tr("加入"))
        self.add_btn.clicked.connect(self.add)
        row.addWidget(self.add_btn)
        self.remove_btn = QPushButton(self.tr("删除所选"))
        self.remove_btn.clicked.connect(self.remove)
        row.addWidget(self.remove_btn)
        self.template_btn = QPushButton(self.tr("重新套用模板"))
        self.template_btn.clicked.connect(self.template)
        row.addWidget(self.template_btn)
        lay.addLayout(row)

    def add(self) -> None:
        name = self.name.text().strip()
        if name:
            ch = self.host.run(S.add_criterion, self.ctx, self.sid, name,
                               undo=lambda c: (S.remove_criterion, (self.ctx, c.data["id"])),
                               label=self.tr("增加评议内容"))
            if ch is not None:
                self.name.clear()

    def remove(self) -> None:
        it = self.list.currentItem()
        if it is not None:
            self.host.run(S.remove_criterion, self.ctx, it.data(Qt.ItemDataRole.UserRole),
                          label=self.tr("删除评议内容"))

    def template(self) -> None:
        t = self.host.record.data.get("object_type")
        if t not in CRITERIA_TEMPLATES:
            self.host.flash(self.tr("请先选择“评议对象类型”。"), error=True)
            return
        self.host.run(S.apply_template, self.ctx, self.sid, t, label=self.tr("套用模板"))

    def reload(self) -> None:
        self.list.clear()
        for c in S.criteria(self.store, self.sid):
            it = QListWidgetItem(f"{c['seq']}. {c['name']}")
            it.setData(Qt.ItemDataRole.UserRole, c["id"])
            self.list.addItem(it)


class OptionDelegate(QStyledItemDelegate):
    """A drop-down of the scale's options in each cell."""

    def __init__(self, panel: ScoringPanel) -> None:
        super().__init__(panel)
        self.panel = panel

    def createEditor(self, parent: QWidget, option: Any, index: Any) -> QWidget:  # noqa: N802
        combo = QComboBox(parent)
        combo.addItem("", "")
        grid = self.panel.model.grid
        for o in (grid.options if grid else ()):
            combo.addItem(o, o)
        return combo

    def setEditorData(self, editor: QWidget, index: Any) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole) or ""), 0))

    def setModelData(self, editor: QWidget, model: Any, index: Any) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class GridView(QTableView):
    """Type 1, 2, 3… to give the cell the first, second, third option and move right;
    0 or Delete clears. Fast entry from a pile of paper forms."""

    def __init__(self, panel: ScoringPanel) -> None:
        super().__init__()
        self.panel = panel

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        text = event.text()
        idx = self.currentIndex()
        grid = self.panel.model.grid
        if idx.isValid() and grid is not None and text \
                and (text.isdigit() or event.key() == Qt.Key.Key_Delete):
            n = int(text) if text.isdigit() else 0
            option = grid.options[n - 1] if 1 <= n <= len(grid.options) else None
            if n == 0 or option is not None:
                if self.panel.model.setData(idx, option or "", Qt.ItemDataRole.EditRole):
                    nxt = self.panel.model.index(idx.row(), idx.column() + 1)
                    if idx.column() + 1 >= len(grid.criteria):
                        nxt = self.panel.model.index(idx.row() + 1, 0)
                    if nxt.isValid():
                        self.setCurrentIndex(nxt)
                return
        super().keyPressEvent(event)


class ScoringPanel(Panel):
    def __init__(self, host: PanelHost) -> None:
        super().__init__(host)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(_title(self.tr("评议打分：评议代表 × 评议内容")))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setObjectName("pageSubtitle")
        lay.addWidget(self.hint)
        self.model = ScoreGridModel(self)
        self.model.on_set = self.set_score
        self.view = GridView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(OptionDelegate(self))
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.setMinimumHeight(260)
        lay.addWidget(self.view)
        self.totals = QLabel()
        self.totals.setTextFormat(Qt.TextFormat.RichText)
        self.totals.setWordWrap(True)
        lay.addWidget(self.totals)

    def set_score(self, participant_id: int, criterion_id: int, option: str | None) -> bool:
        ch = self.host.run(S.set_score, self.ctx, self.sid, participant_id, criterion_id, option,
                           undo=lambda c: (S.set_score, (self.ctx, self.sid, participant_id, criterion_id,
                                                         c.data["before"])),
                           label=self.tr("评分"), reload_panels=False)
        if ch is not None:
            self._refresh_grid(keep=True)
            self.host.refresh_status()
        return ch is not None

    def _refresh_grid(self, keep: bool) -> None:
        grid = S.score_grid(self.store, self.sid)
        if keep:
            self.model.update_grid(grid)
        else:
            self.model.set_grid(grid)
        keys = "  ".join(f"{i + 1} = {o}" for i, o in enumerate(grid.options))
        self.hint.setText(self.tr("单击一格，按数字键录入（{keys}；0 清除），自动跳到下一格。也可以双击选择。"
                                  "只有签到“出席”的评议代表可以打分。").format(keys=keys))
        self.totals.setText(tally_html(grid))

    def reload(self) -> None:
        self._refresh_grid(keep=False)


class TallyPanel(Panel):
    """The evaluation's result, read-only, where it is reported on (反馈)."""

    def __init__(self, host: PanelHost) -> None:
        super().__init__(host)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(_title(self.tr("评议结果（来自“评议打分”）")))
        self.totals = QLabel()
        self.totals.setTextFormat(Qt.TextFormat.RichText)
        self.totals.setWordWrap(True)
        lay.addWidget(self.totals)

    def reload(self) -> None:
        self.totals.setText(tally_html(S.score_grid(self.store, self.sid)))


def tally_html(grid: S.ScoreGrid) -> str:
    from ....domain import evaluation as ev
    head = "".join(f"<th>{o}</th>" for o in grid.options)
    rows = ""
    for c in grid.criteria:
        t = grid.per_criterion[c["name"]]
        cells = "".join(f"<td align=right>{t.counts.get(o, 0)}</td>" for o in grid.options)
        rows += (f"<tr><td>{c['name']}</td>{cells}"
                 f"<td align=right>{t.rate_text()}</td><td>{t.tier or ''}</td></tr>")
    o = grid.overall
    label = ev.RATE_LABEL.get(grid.scale, "满意率")
    overall = "还没有评分。" if o is None or o.tier is None else (
        f"<b>总体结果：{o.tier}</b>　{label} <b>{o.rate_text()}</b>（有效 {o.valid} 票）")
    return (f"<p>{overall}</p><table border=1 cellspacing=0 cellpadding=3>"
            f"<tr><th>评议内容</th>{head}<th>{label}</th><th>结果</th></tr>{rows}</table>")
