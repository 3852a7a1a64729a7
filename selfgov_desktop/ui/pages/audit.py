"""审计日志: who changed what and when, filtered by person, record, date and kind; export to
Excel. Only 主任/书记 see it (the log holds before/after values of residents' records)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QPlainTextEdit, QPushButton, QStackedWidget, QTableView,
                               QVBoxLayout, QWidget)

from ...domain.model import StaffRole
from ...services import accounts
from ...services import audit as svc
from ...services import audit_text as words
from ...services.base import Changed, Context
from .. import files
from ..context import AppContext
from ..models.audit import AuditModel
from ..operations import perform
from .base import Page, empty_state
from ..qdate import qdate


def export_audit(ctx: Context, path: str | Path, f: svc.AuditFilter,
                 progress: object = None) -> Changed:
    """Rows from the service → .xlsx (temp file, then rename) → the export logged."""
    data = svc.export_data(ctx, f, progress)
    from ...documents.audit_export import write_audit_xlsx  # openpyxl: loaded when used
    from ...services.export_door import export_file

    out = export_file(ctx, "audit_log", None, "审计日志", path,
                      lambda p: write_audit_xlsx(p, data.title, data.rows, data.filter_text),
                      (StaffRole.DIRECTOR,))
    return svc.record_export(ctx, out, data.total, f)


class AuditPage(Page):
    key = "audit"
    watches = frozenset()  # every change writes an audit row

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(app, parent)
        lay = QVBoxLayout(self)
        heading = QLabel(self.tr("审计日志"))
        heading.setObjectName("pageTitle")
        lay.addWidget(heading)
        sub = QLabel(self.tr("每一次修改、登录、导出、备份与恢复都记录在这里：谁、什么时候、"
                             "改了什么（修改前 → 修改后）。"
                             "证件号和电话在此处只显示部分。"))
        sub.setObjectName("pageSubtitle")
        sub.setWordWrap(True)
        lay.addWidget(sub)
        self.chain_label = QLabel()  # the hash chain: intact, or the first row that is not
        self.chain_label.setWordWrap(True)
        lay.addWidget(self.chain_label)
        self.body = QStackedWidget()
        lay.addWidget(self.body, 1)
        self.denied = empty_state(self.tr("只有主任（书记）账号可以查看审计日志。"))
        content = QWidget()
        self.body.addWidget(content)
        self.body.addWidget(self.denied)
        c = QVBoxLayout(content)
        c.setContentsMargins(0, 0, 0, 0)

        bar = QHBoxLayout()
        self.actor = QComboBox()
        self.actor.setMinimumWidth(110)
        self.kind = QComboBox()
        self.kind.setMinimumWidth(100)
        self.entity = QComboBox()
        self.entity.setMinimumWidth(90)
        self.entity_id = QLineEdit()
        self.entity_id.setPlaceholderText(self.tr("编号"))
        self.entity_id.setMaximumWidth(70)
        for label, w in ((self.tr("操作人"), self.actor), (self.tr("类别"), self.kind),
                         (self.tr("对象"), self.entity)):
            bar.addWidget(QLabel(label))
            bar.addWidget(w)
        bar.addWidget(self.entity_id)
        bar.addStretch(1)
        c.addLayout(bar)

        bar2 = QHBoxLayout()
        self.use_dates = QCheckBox(self.tr("日期从"))
        today = qdate(app.ctx.today())
        self.date_from = QDateEdit(today.addDays(-30))
        self.date_to = QDateEdit(today)
        for d in (self.date_from, self.date_to):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
        bar2.addWidget(self.use_dates)
        bar2.addWidget(self.date_from)
        bar2.addWidget(QLabel(self.tr("至")))
        bar2.addWidget(self.date_to)
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("说明中包含……"))
        bar2.addWidget(self.text, 1)
        self.search_button = QPushButton(self.tr("查询"))
        self.export_button = QPushButton(self.tr("导出 Excel…"))
        bar2.addWidget(self.search_button)
        bar2.addWidget(self.export_button)
        c.addLayout(bar2)

        status = QHBoxLayout()
        self.count_label = QLabel()
        self.status = QLabel()
        self.status.setObjectName("pageSubtitle")
        status.addWidget(self.count_label)
        status.addStretch(1)
        status.addWidget(self.status)
        c.addLayout(status)
        self.model = AuditModel(app.ctx.store, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        for col, width in enumerate((150, 90, 80, 120, 90, 260)):
            self.view.setColumnWidth(col, width)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        c.addWidget(self.view, 3)
        # details one click away: the selected entry as sentences, each change on a line
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setPlaceholderText(self.tr("点一行，这里显示这条记录的全部内容。"))
        self.details.setMinimumHeight(80)
        c.addWidget(self.details, 1)
        self.view.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self.details.setPlainText(
                self.model.details(cur.row()) if cur.isValid() else ""))
        self.model.modelReset.connect(self.details.clear)

        self.search_button.clicked.connect(self.apply_filter)
        self.text.returnPressed.connect(self.apply_filter)
        self.entity_id.returnPressed.connect(self.apply_filter)
        for combo in (self.actor, self.kind, self.entity):
            combo.activated.connect(lambda _i: self.apply_filter())
        self.use_dates.toggled.connect(lambda _on: self.apply_filter())
        self.date_from.dateChanged.connect(lambda _d: self._dates_changed())
        self.date_to.dateChanged.connect(lambda _d: self._dates_changed())
        self.export_button.clicked.connect(self.export)

    def title(self) -> str:
        return self.tr("审计日志")

    # -- filter ------------------------------------------------------------------------------
    def _fill(self, combo: QComboBox, items: list[tuple[str, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("全部"), None)
        for value, label in items:
            combo.addItem(label, value)
        i = combo.findData(current)
        combo.setCurrentIndex(max(i, 0))
        combo.blockSignals(False)

    def current_filter(self) -> svc.AuditFilter:
        entity_id = self.entity_id.text().strip()
        f = svc.AuditFilter(
            actor=self.actor.currentData(), kind=self.kind.currentData(),
            entity=self.entity.currentData(),
            entity_id=int(entity_id) if entity_id.isdigit() else None,
            text=self.text.text().strip())
        if self.use_dates.isChecked():
            f.date_from = dt.date.fromisoformat(self.date_from.date().toString("yyyy-MM-dd"))
            f.date_to = dt.date.fromisoformat(self.date_to.date().toString("yyyy-MM-dd"))
        return f

    def refresh(self) -> None:
        allowed = accounts.can_administer(self.app.ctx.role)
        self.body.setCurrentIndex(0 if allowed else 1)
        self.chain_label.setVisible(allowed)
        if not allowed:
            return
        store = self.app.ctx.store
        check = svc.verify_chain(store)
        self.chain_label.setText(svc.chain_text(store, check))
        self.chain_label.setStyleSheet("color: #2e7d32;" if check.ok else
                                       "color: #b00020; font-weight: bold;")
        self._fill(self.actor, [(a, a) for a in svc.actors(store)])
        self._fill(self.kind, [(k, words.KIND_LABELS.get(k, k)) for k in svc.kinds(store)])
        self._fill(self.entity, [(e, words.ENTITY_LABELS.get(e, e)) for e in svc.entities(store)])
        self.apply_filter()

    def _dates_changed(self) -> None:
        if self.use_dates.isChecked():
            self.apply_filter()

    def apply_filter(self) -> None:
        self.model.reload(self.current_filter())
        shown = self.model.rowCount()
        self.count_label.setText(self.tr("共{n}条").format(n=self.model.total) if shown
                                 else self.tr("没有符合条件的记录。"))

    # -- export ------------------------------------------------------------------------------
    def export(self) -> None:
        name = f"审计日志-{self.app.ctx.today():%Y%m%d}.xlsx"
        path = files.ask_save(self, self.tr("导出审计日志"), name, self.tr("Excel 工作簿 (*.xlsx)"))
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        perform(self, self.app.bus, export_audit, self.app.ctx, path, self.current_filter(),
                label=self.tr("正在导出审计日志……"), with_progress=True,
                on_success=lambda changed: self._exported(path, changed.summary))

    def _exported(self, path: str, summary: str) -> None:
        self.status.setText(summary)
        files.confirm_export(self, path, summary)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_F5:
            self.refresh()
            return
        super().keyPressEvent(event)
