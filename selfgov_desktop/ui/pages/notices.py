"""公告公示 (公告, 公示 and 公开, one meaning each): notices with their posting period; new from a
session's record and the wording template,
edit, print preview, print, export PDF; edit the wording templates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import (QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QDialog,
                               QDialogButtonBox, QFormLayout, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QMessageBox, QPlainTextEdit,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from ...domain.documents import NOTICE_KIND_LABELS, NoticeKind
from ...domain.errors import UserError
from ...services import documents as docs
from ...services import notices as svc
from ...services.base import Changed
from .. import files
from ..context import AppContext
from ..errors import show_error
from ..operations import perform
from ..print_preview import preview_dialog, print_directly
from .base import Page, empty_state

Index = QModelIndex | QPersistentModelIndex
STATE_COLOURS = {"即将结束": "#B45309", "张贴中": "#166534", "已结束": "#6B7280", "未张贴": "#1D4ED8"}
FILTERS = ("全部", "张贴中", "即将结束", "未张贴", "已结束")


class NoticesModel(QAbstractTableModel):
    COLUMNS = ("类型", "标题", "状态", "张贴日期", "结束日期", "公开", "姓名隐去")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.items: list[svc.NoticeSummary] = []

    def set_items(self, items: list[svc.NoticeSummary]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.COLUMNS)):
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.items)):
            return None
        n = self.items[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return [n.kind_label, n.title, n.state, n.posted_from or "", n.posted_until or "",
                    "公开" if n.public else "内部", "是" if n.mask_names else "否"][col]
        if role == Qt.ItemDataRole.ForegroundRole and col == 2 and n.state in STATE_COLOURS:
            return QBrush(QColor(STATE_COLOURS[n.state]))
        if role == Qt.ItemDataRole.ToolTipRole and col == 1:
            return n.title
        if role == Qt.ItemDataRole.UserRole:
            return n.id
        return None


def _qdate(iso: str | None, today: dt.date) -> QDate:
    d = dt.date.fromisoformat(iso) if iso else today
    return QDate(d.year, d.month, d.day)


def _iso(q: QDate) -> str:
    return dt.date(q.year(), q.month(), q.day()).isoformat()


class NoticeDialog(QDialog):
    """New notice (kind, session, wording from the template) or edit an existing one."""

    def __init__(self, app: AppContext, notice_id: int | None = None,
                 parent: QWidget | None = None, *, session_id: int | None = None,
                 kinds: list[str] | None = None) -> None:
        """`session_id`/`kinds`: opened from a session page, drafted for that session."""
        super().__init__(parent)
        self.app = app
        self.notice_id = notice_id
        self._preset_session = session_id
        store = app.ctx.store
        self.setWindowTitle(self.tr("编辑公告公示") if notice_id else self.tr("新建公告公示"))
        self.resize(720, 620)
        form = QFormLayout()
        self.kind = QComboBox()
        for k, label in NOTICE_KIND_LABELS.items():
            if k in svc.KINDS and (kinds is None or k in kinds):
                self.kind.addItem(label, k)
        self.session = QComboBox()
        self.title_edit = QLineEdit()
        self.body = QPlainTextEdit()
        self.body.setTabChangesFocus(True)
        self.body.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.posted_from = QDateEdit()
        self.posted_until = QDateEdit()
        for w in (self.posted_from, self.posted_until):
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy年M月d日")
        self.public = QCheckBox(self.tr("在居务公开栏公开张贴"))
        self.mask_names = QCheckBox(self.tr("姓名隐去中间字（张*明）"))
        self.regenerate = QPushButton(self.tr("按模板重新生成标题和正文"))
        self.regenerate.clicked.connect(self.fill_from_template)
        form.addRow(self.tr("类型"), self.kind)
        form.addRow(self.tr("会议"), self.session)
        form.addRow(self.tr("标题"), self.title_edit)
        form.addRow(self.tr("正文"), self.body)
        form.addRow("", self.regenerate)
        dates = QHBoxLayout()
        dates.addWidget(self.posted_from)
        dates.addWidget(QLabel(self.tr("至")))
        dates.addWidget(self.posted_until)
        dates.addStretch(1)
        form.addRow(self.tr("张贴期间"), dates)
        form.addRow("", self.public)
        form.addRow("", self.mask_names)
        hint = QLabel(self.tr("身份证号和个人电话在公开张贴的公告、公示和公开中一律不显示；监督电话、联系人和"
                              "落款按“设置”中的居委会信息自动加上。"))
        hint.setWordWrap(True)
        hint.setObjectName("pageSubtitle")
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self._load_sessions)
        if notice_id:
            row = docs.notice_row(store, notice_id)
            self.kind.setCurrentIndex(max(0, self.kind.findData(row["kind"])))
            self.kind.setEnabled(False)
            self._load_sessions()
            self.session.setCurrentIndex(max(0, self.session.findData(row["session_id"])))
            self.session.setEnabled(False)
            self.title_edit.setText(row["title"])
            self.body.setPlainText(row["body"])
            self.posted_from.setDate(_qdate(row["posted_from"], store.clock.today()))
            self.posted_until.setDate(_qdate(row["posted_until"], store.clock.today()))
            self.public.setChecked(bool(row["public"]))
            self.mask_names.setChecked(bool(row["mask_names"]))
        else:
            self._load_sessions()
            today = store.clock.today()
            self.posted_from.setDate(_qdate(today.isoformat(), today))
            # N days counted with both ends (domain.rules.period_days)
            self.posted_until.setDate(_qdate((today + dt.timedelta(days=svc._period_days(store) - 1)
                                              ).isoformat(), today))
            self.public.setChecked(True)
            self.mask_names.setChecked(True)
            self.fill_from_template()
        self.session.currentIndexChanged.connect(lambda _i: self._session_changed())

    def _session_changed(self) -> None:
        if not self.notice_id:
            self.fill_from_template()

    def _load_sessions(self) -> None:
        kind = self.kind.currentData()
        session_kind = svc.SESSION_KIND.get(kind)
        self.session.blockSignals(True)
        self.session.clear()
        self.session.addItem(self.tr("（不关联会议）"), None)
        rows = self.app.ctx.store.conn.execute(
            "SELECT id, title, date FROM sessions WHERE (? IS NULL OR kind = ?) "
            "ORDER BY date DESC, id DESC", [session_kind, session_kind]).fetchall()
        today = self.app.ctx.today().isoformat()
        pick = 1 if rows else 0
        for sid, title, date in rows:
            self.session.addItem(f"{date or '日期未定'}  {title}", sid)
        # a 公告 announces the next hearing; a 公示 reports the latest one held
        if kind == "hearing_notice":
            upcoming = [i for i, r in enumerate(rows, 1) if r[2] and r[2] >= today]
            pick = upcoming[-1] if upcoming else pick
        else:
            held = [i for i, r in enumerate(rows, 1) if r[2] and r[2] <= today]
            pick = held[0] if held else pick
        if self._preset_session is not None and self.session.findData(self._preset_session) > 0:
            pick = self.session.findData(self._preset_session)
        self.session.setCurrentIndex(pick)
        self.session.blockSignals(False)
        if not self.notice_id and hasattr(self, "body"):
            self.fill_from_template()

    def fill_from_template(self) -> None:
        title, body = svc.draft(self.app.ctx.store, self.kind.currentData(), self.session.currentData())
        self.title_edit.setText(title)
        self.body.setPlainText(body)

    def values(self) -> dict[str, Any]:
        return {"title": self.title_edit.text(), "body": self.body.toPlainText(),
                "posted_from": _iso(self.posted_from.date()),
                "posted_until": _iso(self.posted_until.date()),
                "public": self.public.isChecked(), "mask_names": self.mask_names.isChecked()}

    def save(self) -> None:
        try:
            if self.notice_id:
                changed = svc.update(self.app.ctx, self.notice_id, **self.values())
            else:
                changed = svc.create(self.app.ctx, self.kind.currentData(),
                                     self.session.currentData(), **self.values())
                self.notice_id = changed.data.get("id")
        except Exception as exc:  # noqa: BLE001 - shown to the user
            show_error(self, exc)
            return
        self.app.bus.changed.emit(changed)
        self.accept()


class TemplateDialog(QDialog):
    """Edit the wording of a kind: first line the title, then the body; {占位符}."""

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.setWindowTitle(self.tr("编辑公告公示模板"))
        self.resize(720, 560)
        lay = QVBoxLayout(self)
        self.kind = QComboBox()
        for k in svc.KINDS:
            self.kind.addItem(NOTICE_KIND_LABELS[k], k)
        lay.addWidget(self.kind)
        self.text = QPlainTextEdit()
        lay.addWidget(self.text, 1)
        help_ = QLabel(self.tr("第一行是标题，空一行后是正文。花括号里的名称会换成会议记录中的内容，例如"
                               " {议题}、{会议日期}、{地点}、{主要意见}、{听证结果}、{评议结果}、{满意率}。"
                               "公示期（或公开期限）、监督电话和落款会自动加上。"))
        help_.setWordWrap(True)
        lay.addWidget(help_)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.RestoreDefaults
                                   | QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Save).clicked.connect(self.save)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self.restore)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self.load)
        self.load()

    def load(self) -> None:
        self.text.setPlainText(svc.template(self.app.ctx.store, self.kind.currentData()))

    def save(self) -> None:
        try:
            changed = svc.save_template(self.app.ctx, self.kind.currentData(), self.text.toPlainText())
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.app.bus.changed.emit(changed)

    def restore(self) -> None:
        try:
            changed = svc.save_template(self.app.ctx, self.kind.currentData(), None)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.app.bus.changed.emit(changed)
        self.load()


class NoticesPage(Page):
    key = "notices"
    watches = frozenset({"notices", "sessions", "settings"})

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(app, parent)
        lay = QVBoxLayout(self)
        heading = QLabel(self.tr("公告公示"))
        heading.setObjectName("pageTitle")
        lay.addWidget(heading)
        self.summary = QLabel()
        self.summary.setObjectName("pageSubtitle")
        lay.addWidget(self.summary)
        bar = QHBoxLayout()
        self.filter = QComboBox()
        for f in FILTERS:
            self.filter.addItem(self.tr(f), f)
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(self.filter)
        bar.addStretch(1)
        self.new_button = QPushButton(self.tr("新建公告公示…"))
        self.edit_button = QPushButton(self.tr("编辑…"))
        self.preview_button = QPushButton(self.tr("打印预览"))
        self.print_button = QPushButton(self.tr("打印…"))
        self.export_button = QPushButton(self.tr("导出 PDF…"))
        self.delete_button = QPushButton(self.tr("删除"))
        self.template_button = QPushButton(self.tr("编辑模板…"))
        for b in (self.new_button, self.edit_button, self.preview_button, self.print_button,
                  self.export_button, self.delete_button, self.template_button):
            bar.addWidget(b)
        lay.addLayout(bar)
        self.model = NoticesModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(lambda _i: self.edit())
        lay.addWidget(self.view, 1)
        self.empty = empty_state(self.tr("还没有公告、公示或公开。点“新建公告公示…”，"
                                         "从听证会或评议会的记录生成，"
                                         "个人信息会自动隐去。"))
        lay.addWidget(self.empty)
        self.new_button.clicked.connect(self.new)
        self.edit_button.clicked.connect(self.edit)
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_)
        self.export_button.clicked.connect(self.export)
        self.delete_button.clicked.connect(self.delete)
        self.template_button.clicked.connect(self.edit_templates)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    def title(self) -> str:
        return self.tr("公告公示")

    def refresh(self) -> None:
        items = svc.list_notices(self.app.ctx.store)
        board = [n for n in items if n.state in ("张贴中", "即将结束")]
        soon = [n for n in items if n.state == "即将结束"]
        self.summary.setText(self.tr("张贴中{a}份，其中{b}份3天内到期；共{c}份。")
                             .format(a=len(board), b=len(soon), c=len(items)))
        wanted = self.filter.currentData()
        if wanted == "张贴中":
            items = board
        elif wanted and wanted != "全部":
            items = [n for n in items if n.state == wanted]
        self.model.set_items(items)
        self.view.setColumnWidth(0, 110)
        for col, w in ((2, 80), (3, 100), (4, 100), (5, 60), (6, 70)):
            self.view.setColumnWidth(col, w)
        has_any = bool(svc.list_notices(self.app.ctx.store)) if not items else True
        self.view.setVisible(has_any)
        self.empty.setVisible(not has_any)
        self._update_buttons()

    def selected_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.items[rows[0].row()].id

    def _update_buttons(self) -> None:
        from ...services.export_door import may_export

        has = self.selected_id() is not None
        for b in (self.edit_button, self.preview_button, self.print_button, self.export_button,
                  self.delete_button):
            b.setEnabled(has)
        if has and not may_export(self.app.ctx.role):  # 只读: only a public (masked) notice
            rows = self.view.selectionModel().selectedRows()
            self.export_button.setEnabled(bool(self.model.items[rows[0].row()].public))

    def apply_role(self) -> None:
        self._update_buttons()

    def select_id(self, notice_id: int) -> None:
        for row, n in enumerate(self.model.items):
            if n.id == notice_id:
                self.view.selectRow(row)
                return

    # -- actions ---------------------------------------------------------------------------
    def new(self) -> None:
        dialog = NoticeDialog(self.app, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.notice_id:
            self.refresh()
            self.select_id(dialog.notice_id)

    def edit(self) -> None:
        nid = self.selected_id()
        if nid is not None:
            NoticeDialog(self.app, nid, self).exec()

    def pdf_bytes(self) -> tuple[bytes, str]:
        nid = self.selected_id()
        if nid is None:
            raise UserError("请先在列表中选择一条公告公示。")
        data = docs.notice_data(self.app.ctx.store, nid)
        from ...documents import notices as notice_docs  # reportlab: loaded when used

        return notice_docs.render(data)[0], data.title

    def preview(self) -> None:
        try:
            data, title = self.pdf_bytes()
            self.run_dialog(preview_dialog(data, title, self))
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)

    def run_dialog(self, dialog: QDialog) -> int:
        """Modal; tests replace it to look at the dialog without blocking."""
        return dialog.exec()

    def print_(self) -> None:
        try:
            data, _title = self.pdf_bytes()
            print_directly(data, self)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)

    def export(self) -> None:
        from ...documents import notices as notice_docs  # reportlab: loaded when used

        nid = self.selected_id()
        if nid is None:
            return
        row = docs.notice_row(self.app.ctx.store, nid)
        path = files.ask_save(self, self.tr("导出公告公示"), row["title"] + ".pdf",
                              self.tr("PDF 文件 (*.pdf)"))
        if not path:
            return
        perform(self, self.app.bus, docs.export_notice, self.app.ctx, nid, path,
                notice_docs.write, on_success=self._exported)

    def _exported(self, changed: Changed) -> None:
        files.confirm_export(self, changed.data.get("path", ""), changed.summary)

    def delete(self) -> None:
        nid = self.selected_id()
        if nid is None:
            return
        answer = QMessageBox.question(self, self.tr("删除公告公示"), self.tr("确定删除这一份吗？"))
        if answer == QMessageBox.StandardButton.Yes:
            perform(self, self.app.bus, svc.delete, self.app.ctx, nid)

    def edit_templates(self) -> None:
        TemplateDialog(self.app, self).exec()


__all__ = ["NoticeDialog", "NoticeKind", "NoticesModel", "NoticesPage", "TemplateDialog"]
