"""议题: the topic pool (collect needs, merge duplicates, move along the path, link meetings,
follow-up items) and the 四议两公开 trail of each decision matter. The list model is in
ui/models/topics, the collect dialog in ui/dialogs/topic_collect, the detail and matter views
in ui/topics."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QSplitter, QTableView, QTabWidget, QVBoxLayout, QWidget)

from ...domain import topics as T
from ...services import topics as svc
from ..context import AppContext
from ..dialogs.rules import RulesDialog
from ..dialogs.topic_collect import CollectDialog
from ..models.topics import TopicsModel
from ..operations import perform
from ..topics.detail import TopicDetail
from ..topics.matters import MatterView
from .base import Page, empty_state

__all__ = ["CollectDialog", "MatterView", "TopicDetail", "TopicsModel", "TopicsPage"]


class TopicsPage(Page):
    key = "topics"
    watches = frozenset({"topics", "topic_raisers", "topic_events", "sessions", "followups",
                         "decision_matters", "decision_steps", "residents"})

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(app, parent)
        lay = QVBoxLayout(self)
        heading = QLabel(self.tr("议题"))
        heading.setObjectName("pageTitle")
        head = QHBoxLayout()
        head.addWidget(heading)
        head.addStretch(1)
        self.rules_button = QPushButton(self.tr("规则…"))
        self.rules_button.setToolTip(self.tr("居民提议的联名比例、居民会议议程提前公布的天数、公开天数等默认值"))
        self.rules_button.clicked.connect(self.open_rules)
        head.addWidget(self.rules_button)
        lay.addLayout(head)
        self.tabs = QTabWidget()
        lay.addWidget(self.tabs, 1)

        pool = QWidget()
        pl = QVBoxLayout(pool)
        pl.setContentsMargins(0, 6, 0, 0)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索议题"))
        self.search.setClearButtonEnabled(True)
        self.state_filter = QComboBox()
        self.state_filter.addItem(self.tr("全部状态"), None)
        for s in T.TopicState:
            self.state_filter.addItem(s.label, s.value)
        self.collect_button = QPushButton(self.tr("收集需求…"))
        self.merge_button = QPushButton(self.tr("合并重复"))
        self.merge_button.setToolTip(self.tr("按住 Ctrl 选中重复的议题：合并到其中最早收集的一个，"
                                             "提出人数累加"))
        self.count_label = QLabel()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.state_filter)
        bar.addWidget(self.count_label)
        bar.addWidget(self.merge_button)
        bar.addWidget(self.collect_button)
        pl.addLayout(bar)
        self.empty = empty_state(self.tr(
            "还没有议题。走访、来访、电话、议题征询会、楼组或网上收到居民的需求时，点“收集需求”记下来；"
            "重复的需求可以合并，提出的人数会累加。"))
        pl.addWidget(self.empty)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.model = TopicsModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(26)
        self.view.horizontalHeader().setStretchLastSection(True)
        split.addWidget(self.view)
        self.detail = TopicDetail(app)
        self.detail.topic_requested.connect(self.select_topic)
        self.detail.matter_requested.connect(self.show_matter)
        split.addWidget(self.detail)
        split.setSizes([540, 620])
        pl.addWidget(split, 1)
        self.split = split
        self.tabs.addTab(pool, self.tr("议题库"))
        self.matters = MatterView(app)
        self.matters.matter_requested.connect(self.show_matter)
        self.tabs.addTab(self.matters, self.tr("四议两公开"))

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.state_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.collect_button.clicked.connect(self.open_collect)
        self.merge_button.clicked.connect(self._merge)
        self.dialog: CollectDialog | None = None

    def title(self) -> str:
        return self.tr("议题")

    def open_rules(self) -> RulesDialog:
        """程序规则设置 at its 议题与居民会议 tab."""
        dlg = RulesDialog(self.app, self, tab=1)
        dlg.open()
        return dlg

    def refresh(self) -> None:
        self.reload()
        self.matters.refresh()

    def reload(self) -> None:
        keep = self.detail.topic_id
        rows = svc.list_topics(self.app.ctx.store, state=self.state_filter.currentData(),
                               text=self.search.text())
        self.model.set_rows(rows)
        self.count_label.setText(self.tr("{n}个").format(n=len(rows)))
        has_any = bool(rows) or bool(self.search.text()) or self.state_filter.currentIndex() > 0
        self.empty.setVisible(not has_any)
        self.split.setVisible(has_any)
        for col, w in enumerate((40, 170, 64, 60, 62, 84, 44)):
            self.view.setColumnWidth(col, w)
        ids = [r.id for r in rows]
        if keep in ids:
            self.select_topic(keep)
        elif ids:
            self.select_topic(ids[0])
        else:
            self.detail.show_topic(None)

    def select_topic(self, tid: int) -> None:
        ids = [r.id for r in self.model.rows]
        if tid not in ids:
            self.state_filter.setCurrentIndex(0)
            self.search.clear()
            ids = [r.id for r in self.model.rows]
        if tid in ids:
            self.view.selectRow(ids.index(tid))
            self.view.setCurrentIndex(self.model.index(ids.index(tid), 0))
        self.detail.show_topic(tid)

    def _row_changed(self, current: QModelIndex, _prev: QModelIndex) -> None:
        if current.isValid():
            self.detail.show_topic(self.model.rows[current.row()].id)

    def selected_ids(self) -> list[int]:
        return [self.model.rows[i.row()].id for i in self.view.selectionModel().selectedRows()]

    def open_collect(self) -> CollectDialog:
        self.dialog = CollectDialog(self.app, self)
        self.dialog.accepted.connect(self._collected)
        self.dialog.open()
        return self.dialog

    def _collected(self) -> None:
        self.tabs.setCurrentIndex(0)
        tid = getattr(self.dialog, "created_id", None)
        if tid is not None:
            self.reload()
            self.select_topic(tid)

    def _merge(self) -> None:
        chosen = sorted(self.selected_ids())
        target, others = (chosen[0], chosen[1:]) if chosen else (None, [])
        if target is None or not others:
            from ..errors import show_error
            from ...domain.errors import UserError

            show_error(self, UserError("请按住 Ctrl 在列表中选中两个或更多重复的议题，再点“合并重复”。"))
            return
        perform(self, self.app.bus, svc.merge, self.app.ctx, target, others)

    def show_matter(self, mid: int) -> None:
        self.tabs.setCurrentWidget(self.matters)
        self.matters.refresh()
        self.matters.select(mid)
