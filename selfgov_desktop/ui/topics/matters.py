"""四议两公开 on the 议题 page: the matters, and the six steps of one with dates, records and
numbers."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QGridLayout, QGroupBox,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QSpinBox, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from ...domain import four_two as F
from ...services import decisions
from ...services import sessions as sessions_svc
from ...services.base import Changed
from ..context import AppContext
from ..operations import perform
from .dates import date_edit, iso, qdate


class MatterView(QWidget):
    """四议两公开 of one matter: the six steps with dates, records and numbers. A matter just
    created is asked of the page to show by signal."""

    matter_requested = Signal(int)

    def __init__(self, app: AppContext) -> None:
        super().__init__()
        self.app = app
        self.matter_id: int | None = None
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        self.list = QListWidget()
        self.list.setFixedWidth(300)
        left.addWidget(self.list, 1)
        self.new_title = QLineEdit()
        self.new_title.setPlaceholderText(self.tr("新的决策事项"))
        self.new_button = QPushButton(self.tr("新建事项"))
        left.addWidget(self.new_title)
        left.addWidget(self.new_button)
        lay.addLayout(left)
        right = QVBoxLayout()
        self.header = QLabel()
        self.header.setObjectName("sectionTitle")
        self.header.setWordWrap(True)
        right.addWidget(self.header)
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        right.addWidget(self.missing)
        self.table = QTableWidget(len(F.STEPS), 5)
        self.table.setHorizontalHeaderLabels([self.tr("步骤"), self.tr("状态"), self.tr("日期"),
                                              self.tr("记录"), self.tr("数字和规则")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for col, w in enumerate((150, 60, 96, 220)):
            self.table.setColumnWidth(col, w)
        right.addWidget(self.table, 1)

        self.editor = QGroupBox()
        form = QGridLayout(self.editor)
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.help.setStyleSheet("color: #555;")
        form.addWidget(self.help, 0, 0, 1, 6)
        self.date = date_edit(self.app.ctx.today())
        self.record = QLineEdit()
        self.record.setPlaceholderText(self.tr("会议记录要点，或在右边关联一次会议"))
        self.session = QComboBox()
        form.addWidget(QLabel(self.tr("日期")), 1, 0)
        form.addWidget(self.date, 1, 1)
        form.addWidget(QLabel(self.tr("记录")), 1, 2)
        form.addWidget(self.record, 1, 3)
        form.addWidget(self.session, 1, 4, 1, 2)
        self.numbers_row = QHBoxLayout()
        form.addLayout(self.numbers_row, 2, 0, 1, 6)
        self.override = QLineEdit()
        self.override.setPlaceholderText(self.tr("数字不符合规则时，写明理由才能标记完成（会记录在案）"))
        form.addWidget(QLabel(self.tr("理由")), 3, 0)
        form.addWidget(self.override, 3, 1, 1, 3)
        self.save_button = QPushButton(self.tr("暂存"))
        self.done_button = QPushButton(self.tr("标记完成"))
        self.undo_button = QPushButton(self.tr("撤销完成"))
        self.notice_button = QPushButton(self.tr("生成公示"))
        self.notice_button.setToolTip(self.tr("按这一步的记录生成公开，在“公告公示”页面编辑、打印"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.notice_button, self.undo_button, self.save_button, self.done_button):
            buttons.addWidget(b)
        form.addLayout(buttons, 3, 4, 1, 2)
        form.setColumnStretch(3, 1)
        right.addWidget(self.editor)
        lay.addLayout(right, 1)
        self.number_edits: dict[str, QSpinBox] = {}
        self.date_edits: dict[str, QDateEdit] = {}
        self.list.currentItemChanged.connect(self._picked)
        self.table.currentCellChanged.connect(lambda row, *_: self._edit_step(row))
        self.new_button.clicked.connect(self._create)
        self.save_button.clicked.connect(lambda: self._save(False))
        self.done_button.clicked.connect(lambda: self._save(True))
        self.undo_button.clicked.connect(self._undo)
        self.notice_button.clicked.connect(self._notice)
        self.session.activated.connect(self._session_picked)
        self.step_key = F.KEYS[0]

    def refresh(self) -> None:
        keep = self.matter_id
        self.list.blockSignals(True)
        self.list.clear()
        for r in decisions.list_matters(self.app.ctx.store):
            mark = "✔" if not r.missing else f"{r.done}/6"
            item = QListWidgetItem(f"{mark}　{r.title}")
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            self.list.addItem(item)
            if r.id == keep:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self.sessions = sessions_svc.list_sessions(self.app.ctx.store)[:300]
        self.show_matter(keep if keep is not None else (
            self.list.item(0).data(Qt.ItemDataRole.UserRole) if self.list.count() else None))

    def _picked(self, item: QListWidgetItem | None, _prev: Any = None) -> None:
        if item is not None:
            self.show_matter(item.data(Qt.ItemDataRole.UserRole))

    def select(self, mid: int) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == mid:
                self.list.setCurrentRow(i)
        self.show_matter(mid)

    def show_matter(self, mid: int | None) -> None:
        self.matter_id = mid
        self.editor.setEnabled(mid is not None)
        if mid is None:
            self.header.setText(self.tr("还没有四议两公开事项。在左下方新建，或从议题页发起。"))
            self.missing.clear()
            self.table.clearContents()
            return
        m = decisions.matter(self.app.ctx.store, mid)
        self.current = m
        topic = f"　（议题：{m.topic_title}）" if m.topic_title else ""
        self.header.setText(m.title + topic)
        if m.complete:
            self.missing.setText(self.tr("四议两公开已全部完成。"))
            self.missing.setStyleSheet("color: #2e7d32;")
        else:
            self.missing.setText(self.tr("还缺：") + "、".join(m.missing))
            self.missing.setStyleSheet("color: #c62828;")
        for row, st in enumerate(F.STEPS):
            rec = m.steps.get(st.key)
            done = bool(rec and rec.done)
            nums = ""
            if rec:
                shown = [f"{n.label} {rec.numbers[n.key]}" for n in st.numbers if n.key in rec.numbers]
                shown += [f"{n.label} {rec.numbers[n.key]}" for n in st.dates if n.key in rec.numbers]
                nums = "，".join(shown)
                if m.verdicts.get(st.key) and (st.numbers or st.dates) and done:
                    nums = m.verdicts[st.key]
                if rec.override_reason:
                    nums += f"（说明理由：{rec.override_reason}）"
            record = ((rec.record if rec else "")
                      + (f"〔{m.sessions[st.key]}〕" if st.key in m.sessions else ""))
            cells = (st.title, "已完成" if done else ("暂存" if rec else "未办"),
                     rec.date or "" if rec else "", record, nums)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if col == 1:
                    item.setForeground(Qt.GlobalColor.darkGreen if done else Qt.GlobalColor.darkRed)
                self.table.setItem(row, col, item)
        self.table.resizeRowsToContents()
        first_open = next((i for i, st in enumerate(F.STEPS)
                           if not (m.steps.get(st.key) and m.steps[st.key].done)), len(F.STEPS) - 1)
        self.table.setCurrentCell(first_open, 0)
        self._edit_step(first_open)

    def _edit_step(self, row: int) -> None:
        if self.matter_id is None or not 0 <= row < len(F.STEPS):
            return
        st = F.STEPS[row]
        self.step_key = st.key
        rec = self.current.steps.get(st.key)
        self.editor.setTitle(st.title)
        self.help.setText(st.help)
        self.date.setDate(qdate(rec.date if rec else None, self.app.ctx.today()))
        self.record.setText(rec.record if rec else "")
        self.override.setText(rec.override_reason if rec else "")
        self.session.clear()
        self.session.addItem(self.tr("（不关联会议）"), None)
        for s in self.sessions:
            self.session.addItem(f"{s.date}　{s.kind_label}　{s.title}", s.id)
            if rec and rec.session_id == s.id:
                self.session.setCurrentIndex(self.session.count() - 1)
        while self.numbers_row.count():
            item = self.numbers_row.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.hide()
                w.setParent(None)
                w.deleteLater()
        self.number_edits, self.date_edits = {}, {}
        for spec in st.numbers:
            spin = QSpinBox()
            spin.setRange(0, 100000)
            spin.setValue(int(rec.numbers.get(spec.key, 0)) if rec else 0)
            self.numbers_row.addWidget(QLabel(spec.label))
            self.numbers_row.addWidget(spin)
            self.number_edits[spec.key] = spin
        for spec in st.dates:
            edit = date_edit(self.app.ctx.today(), rec.numbers.get(spec.key) if rec else None)
            self.numbers_row.addWidget(QLabel(spec.label))
            self.numbers_row.addWidget(edit)
            self.date_edits[spec.key] = edit
        self.numbers_row.addStretch(1)
        self.undo_button.setEnabled(bool(rec and rec.done))
        self.notice_button.setVisible(st.key in ("resolution_notice", "result_notice"))
        self.notice_button.setEnabled(rec is not None)

    def _session_picked(self, _index: int) -> None:
        """Step ④ linked to a 居民(代表)会议: take its base, attendance and votes."""
        sid = self.session.currentData()
        if sid is None or self.step_key != "assembly":
            return
        for key, value in decisions.numbers_from_session(self.app.ctx.store, int(sid)).items():
            if key in self.number_edits:
                self.number_edits[key].setValue(value)
        for s in self.sessions:
            if s.id == sid and s.date:
                self.date.setDate(qdate(s.date, self.app.ctx.today()))

    def numbers(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: s.value() for k, s in self.number_edits.items()}
        out.update({k: iso(e) for k, e in self.date_edits.items()})
        return out

    def _save(self, done: bool) -> None:
        if self.matter_id is None:
            return
        sid = self.session.currentData()
        perform(self, self.app.bus, decisions.save_step, self.app.ctx, self.matter_id, self.step_key,
                date=iso(self.date), record=self.record.text(),
                session_id=int(sid) if sid is not None else None, numbers=self.numbers(),
                override_reason=self.override.text(), done=done)

    def _notice(self) -> None:
        if self.matter_id is None:
            return
        from ...services import decision_docs

        perform(self, self.app.bus, decision_docs.create_matter_notice, self.app.ctx, self.matter_id,
                self.step_key, on_success=lambda ch: self.app.bus.navigate.emit("notices", ch.data["id"]))

    def _undo(self) -> None:
        if self.matter_id is not None:
            perform(self, self.app.bus, decisions.undo_step, self.app.ctx, self.matter_id, self.step_key)

    def _create(self) -> None:
        perform(self, self.app.bus, decisions.create, self.app.ctx, self.new_title.text(),
                on_success=self._created)

    def _created(self, ch: Changed) -> None:
        self.new_title.clear()
        self.matter_requested.emit(ch.data["id"])
