"""居民: the roster, searchable as you type (name, pinyin, ID number, phone, address)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QTableView, QVBoxLayout, QWidget)

from ...services import residents as svc
from ..context import AppContext
from ..models.residents import ResidentsModel
from .base import Page, empty_state


class ResidentsPage(Page):
    key = "residents"
    watches = frozenset({"residents", "households", "groups"})

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(app, parent)
        lay = QVBoxLayout(self)
        heading = QLabel(self.tr("居民"))
        heading.setObjectName("pageTitle")
        lay.addWidget(heading)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索：姓名、拼音或首字母（如 zsm）、身份证号、电话、地址"))
        self.search.setClearButtonEnabled(True)
        bar.addWidget(self.search, 1)
        self.reveal = QCheckBox(self.tr("显示完整证件号和电话"))
        bar.addWidget(self.reveal)
        self.count_label = QLabel()
        bar.addWidget(self.count_label)
        lay.addLayout(bar)
        self.empty = empty_state(self.tr(
            "还没有居民。请先导入街道下发的花名册（Excel 或 CSV），或下载模板填好后导入。"))
        lay.addWidget(self.empty)
        self.model = ResidentsModel(app.ctx.store, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setSortIndicator(5, Qt.SortOrder.AscendingOrder)
        self.view.verticalHeader().setDefaultSectionSize(26)
        lay.addWidget(self.view, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.reveal.toggled.connect(self.model.set_reveal)

    def title(self) -> str:
        return self.tr("居民")

    def _apply_search(self) -> None:
        self.model.set_filter(svc.ResidentFilter(text=self.search.text()))
        self._update_count()

    def _update_count(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(self.tr("{n} 人").format(n=f"{n:,}"))
        has_any = n > 0 or bool(self.search.text())
        self.empty.setVisible(not has_any)
        self.view.setVisible(has_any)

    def refresh(self) -> None:
        self.model.reload()
        self._update_count()
        if self.model.rowCount():
            widths = [80, 48, 96, 170, 120, 60, 60, 90, 90, 80, 60]
            for col, w in enumerate(widths):
                self.view.setColumnWidth(col, w)
