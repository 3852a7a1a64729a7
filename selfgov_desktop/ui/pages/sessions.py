"""三会: the list of sessions (filters by kind, year, state, overdue follow-ups) and, when
one is opened, the step engine (ui.session.view.SessionView)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPushButton, QStackedWidget,
                               QTableView, QVBoxLayout, QWidget)

from ...domain.errors import UserError
from ...domain.workflows import WORKFLOWS
from ...services import sessions as S
from ...services.base import Changed
from ..context import AppContext
from ..session.models import SessionListModel
from ..dialogs.new_session import NewSessionDialog
from ..dialogs.rules import RulesDialog
from ..session.view import SessionView
from .base import Page, empty_state

MAIN_KINDS = ("hearing", "coordination", "evaluation")


class SessionsPage(Page):
    key = "sessions"
    watches = frozenset({"sessions", "participants", "followups", "settings", "groups"})
    scrolls = False  # the step engine keeps its action bar in view and scrolls the form

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(app, parent)
        self.stack = QStackedWidget()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.list_page = QWidget()
        self.stack.addWidget(self.list_page)
        self.view = SessionView(app)
        self.view.back_requested.connect(self.show_list)
        self.stack.addWidget(self.view)
        self.new_dialog: NewSessionDialog | None = None
        self.rules_dialog: RulesDialog | None = None

        lay = QVBoxLayout(self.list_page)
        lay.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        heading = QLabel(self.tr("三会"))
        heading.setObjectName("pageTitle")
        head.addWidget(heading)
        head.addStretch(1)
        self.new_buttons: dict[str, QPushButton] = {}
        for k in MAIN_KINDS:
            b = QPushButton(self.tr("＋ 新建{label}").format(label=WORKFLOWS[k].label))
            b.clicked.connect(lambda _c=False, kind=k: self.new_session(kind))
            self.new_buttons[k] = b
            head.addWidget(b)
        self.new_other = QPushButton(self.tr("＋ 其他会议…"))
        self.new_other.clicked.connect(lambda: self.new_session("topic_consultation"))
        head.addWidget(self.new_other)
        self.rules_btn = QPushButton(self.tr("程序规则…"))
        self.rules_btn.setToolTip(self.tr("提前通知天数、听证代表人数、公示期、各项期限等默认值"))
        self.rules_btn.clicked.connect(self.open_rules)
        head.addWidget(self.rules_btn)
        lay.addLayout(head)
        sub = QLabel(self.tr("听证会（公示制）、协调会（责任制）、评议会（承诺制）和会前的议题征询会、"
                             "民主恳谈会、"
                             "监督合议会。双击一行打开，按步骤办理。"))
        sub.setObjectName("pageSubtitle")
        sub.setWordWrap(True)
        lay.addWidget(sub)

        bar = QHBoxLayout()
        self.kind = QComboBox()
        self.kind.addItem(self.tr("全部类型"), None)
        for k, w in WORKFLOWS.items():
            self.kind.addItem(w.label, k)
        bar.addWidget(self.kind)
        self.year = QComboBox()
        bar.addWidget(self.year)
        self.state = QComboBox()
        bar.addWidget(self.state)
        self.overdue = QCheckBox(self.tr("只看有逾期事项的"))
        bar.addWidget(self.overdue)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("按名称或编号查找"))
        self.search.setClearButtonEnabled(True)
        bar.addWidget(self.search, 1)
        self.count = QLabel()
        bar.addWidget(self.count)
        lay.addLayout(bar)
        self.empty = empty_state(self.tr("还没有会议。点右上角的“新建听证会”“新建协调会”或“新建评议会”开始，"
                                         "程序会一步一步告诉你要做什么。"))
        lay.addWidget(self.empty)
        self.model = SessionListModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated.connect(self._open_index)
        QShortcut(QKeySequence("Return"), self.table,
                  context=Qt.ShortcutContext.WidgetShortcut).activated.connect(self._open_current)
        lay.addWidget(self.table, 1)
        self._fill_state_combo()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.reload_list)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.year.currentIndexChanged.connect(self.reload_list)
        self.state.currentIndexChanged.connect(self.reload_list)
        self.overdue.toggled.connect(self.reload_list)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        app.bus.navigate.connect(self._navigate)

    def title(self) -> str:
        return self.tr("三会")

    # -- list -------------------------------------------------------------------------------
    def _fill_state_combo(self) -> None:
        self.state.blockSignals(True)
        current = self.state.currentData()
        self.state.clear()
        self.state.addItem(self.tr("全部状态"), None)
        self.state.addItem(self.tr("未办结"), "open")
        self.state.addItem(self.tr("已办结"), "closed")
        kind = self.kind.currentData()
        if kind:
            for s in WORKFLOWS[kind].steps:
                self.state.addItem(self.tr("在“{t}”这一步").format(t=s.title), s.key)
        i = self.state.findData(current)
        self.state.setCurrentIndex(max(i, 0))
        self.state.blockSignals(False)

    def _kind_changed(self) -> None:
        self._fill_state_combo()
        self.reload_list()

    def _fill_years(self) -> None:
        self.year.blockSignals(True)
        current = self.year.currentData()
        self.year.clear()
        self.year.addItem(self.tr("全部年份"), None)
        for y in S.years(self.app.ctx.store):
            self.year.addItem(self.tr("{y}年").format(y=y), y)
        self.year.setCurrentIndex(max(self.year.findData(current), 0))
        self.year.blockSignals(False)

    def reload_list(self) -> None:
        rows = S.list_sessions(self.app.ctx.store, kind=self.kind.currentData(), year=self.year.currentData(),
                               state=self.state.currentData(), overdue=self.overdue.isChecked(),
                               text=self.search.text())
        current = self._current_id()
        self.model.set_rows(rows)
        self.count.setText(self.tr("{n}场").format(n=len(rows)))
        any_at_all = bool(rows) or self.kind.currentData() or self.year.currentData() or \
            self.state.currentData() or self.overdue.isChecked() or self.search.text()
        self.empty.setVisible(not any_at_all)
        self.table.setVisible(bool(any_at_all))
        for i, r in enumerate(rows):
            if r.id == current:
                self.table.selectRow(i)
                break
        widths = [110, 90, 0, 100, 110, 80, 80]
        for col, w in enumerate(widths):
            if w:
                self.table.setColumnWidth(col, w)

    def _current_id(self) -> int | None:
        idx = self.table.currentIndex()
        return self.model.data(idx, Qt.ItemDataRole.UserRole) if idx.isValid() else None

    def refresh(self) -> None:
        # the open sessions' checks are judged again for the day by the window's DayWatch
        self._fill_years()
        self.reload_list()

    def _on_changed(self, changed: Changed) -> None:
        super()._on_changed(changed)
        # a 楼组 made or renamed elsewhere shows at once in the open step's 楼组 field
        if "groups" in changed.entities and self.stack.currentWidget() is self.view and self.view.sid:
            self.view.rebuild_step()

    # -- open / new -------------------------------------------------------------------------
    def _open_index(self, index: QModelIndex) -> None:
        sid = self.model.data(index, Qt.ItemDataRole.UserRole)
        if sid:
            self.open_session(sid)

    def _open_current(self) -> None:
        idx = self.table.currentIndex()
        if idx.isValid():
            self._open_index(idx)

    def open_session(self, sid: int) -> None:
        try:
            self.view.open_session(sid)
        except UserError as exc:
            self.count.setText(exc.message)
            return
        self.stack.setCurrentWidget(self.view)

    def show_list(self) -> None:
        self.view._flush_editors()
        self.stack.setCurrentWidget(self.list_page)
        self.refresh()
        self.table.setFocus()

    def new_session(self, kind: str = "hearing") -> NewSessionDialog:
        dlg = NewSessionDialog(self, kind)
        self.new_dialog = dlg
        dlg.accepted.connect(lambda: self._create(dlg))
        dlg.open()
        return dlg

    def _create(self, dlg: NewSessionDialog) -> None:
        try:
            ch = S.create(self.app.ctx, dlg.kind.currentData(), dlg.title_edit.text())
        except UserError as exc:
            dlg.error.setText(exc.message)
            dlg.open()
            return
        self.app.bus.changed.emit(ch)
        self.open_session(ch.data["id"])

    def open_rules(self) -> RulesDialog:
        dlg = RulesDialog(self.app, self)
        self.rules_dialog = dlg
        dlg.open()
        return dlg

    def _navigate(self, key: str, payload: Any) -> None:
        if key == self.key and isinstance(payload, int):
            self.open_session(payload)
