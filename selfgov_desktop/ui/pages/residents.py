"""居民: the roster, searchable as you type (name, pinyin, ID number, phone, address), filters,
sort on every column in SQL, add/edit, 迁出/死亡, household view, merge, import/export."""

from __future__ import annotations

import datetime as dt

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QDialog,
                               QDialogButtonBox, QFormLayout, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QListWidget, QMessageBox,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from ...domain.masking import mask_name, mask_phone
from ...services import residents as svc
from ...services.base import Changed
from .. import files
from ..context import AppContext
from ..models.residents import ResidentsModel
from ..operations import perform
from .base import Page, empty_state
from ..qdate import qdate

STATUS_ITEMS = [("在册", "在册"), ("迁出", "迁出"), ("死亡", "死亡"), ("全部状态", None)]


class ResidentsPage(Page):
    key = "residents"
    watches = frozenset({"residents", "households", "groups", "memberships"})

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(app, parent)
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        heading = QLabel(self.tr("居民"))
        heading.setObjectName("pageTitle")
        top.addWidget(heading)
        top.addStretch(1)
        self.import_button = QPushButton(self.tr("导入花名册…"))
        self.export_button = QPushButton(self.tr("导出花名册…"))
        self.template_button = QPushButton(self.tr("下载模板…"))
        self.add_button = QPushButton(self.tr("新增居民"))
        for b in (self.import_button, self.export_button, self.template_button, self.add_button):
            top.addWidget(b)
        lay.addLayout(top)

        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索：姓名、拼音或首字母（如 zsm）、身份证号、电话、地址"))
        self.search.setClearButtonEnabled(True)
        bar.addWidget(self.search, 1)
        self.group_filter = QComboBox()
        self.status_filter = QComboBox()
        for label, value in STATUS_ITEMS:
            self.status_filter.addItem(self.tr(label), value)
        bar.addWidget(self.group_filter)
        bar.addWidget(self.status_filter)
        self.flag_boxes: dict[str, QCheckBox] = {}
        for key, (label, _sql) in svc.FLAGS.items():
            box = QCheckBox(self.tr(label))
            self.flag_boxes[key] = box
            bar.addWidget(box)
        self.reveal = QCheckBox(self.tr("显示完整证件号和电话"))
        self.reveal.setToolTip(self.tr("查看会记入操作日志"))
        bar.addWidget(self.reveal)
        lay.addLayout(bar)

        actions = QHBoxLayout()
        self.edit_button = QPushButton(self.tr("编辑"))
        self.status_button = QPushButton(self.tr("标记迁出/死亡…"))
        self.household_button = QPushButton(self.tr("同户成员"))
        self.merge_button = QPushButton(self.tr("合并两条记录"))
        self.household_filter = QPushButton(self.tr("只看同户"))
        self.group_button = QPushButton(self.tr("调整楼组/加入分组…"))
        self.group_button.setToolTip(self.tr("把列表中选中的居民（可按住 Ctrl 或 Shift 多选）"
                                             "一次调到某个楼组，"
                                             "或一次加入某个分组"))
        self.household_filter.setCheckable(True)
        self.household_filter.setToolTip(self.tr("只列出所选居民同一户的人；再点一次恢复"))
        self._household_id: int | None = None
        for b in (self.edit_button, self.group_button, self.status_button, self.household_button,
                  self.household_filter, self.merge_button):
            actions.addWidget(b)
        actions.addStretch(1)
        self.count_label = QLabel()
        actions.addWidget(self.count_label)
        lay.addLayout(actions)

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
        self.group_filter.currentIndexChanged.connect(lambda _i: self._apply_search())
        self.status_filter.currentIndexChanged.connect(lambda _i: self._apply_search())
        for box in self.flag_boxes.values():
            box.toggled.connect(lambda _on: self._apply_search())
        self.reveal.toggled.connect(self._toggle_reveal)
        self.view.doubleClicked.connect(lambda _i: self.edit_selected())
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.status_button.clicked.connect(self.mark_status)
        self.group_button.clicked.connect(lambda: self.assign_group())
        self.household_button.clicked.connect(self.show_household)
        self.merge_button.clicked.connect(self.merge_selected)
        self.household_filter.toggled.connect(self._toggle_household)
        self.import_button.clicked.connect(lambda: self.open_import())
        self.export_button.clicked.connect(self.export)
        self.template_button.clicked.connect(self.template)
        self._widths_set = False

    def title(self) -> str:
        return self.tr("居民")

    # -- list ------------------------------------------------------------------------------------
    def current_filter(self) -> svc.ResidentFilter:
        return svc.ResidentFilter(
            text=self.search.text(), status=self.status_filter.currentData(),
            building_group_id=self.group_filter.currentData(), household_id=self._household_id,
            flags=tuple(k for k, b in self.flag_boxes.items() if b.isChecked()))

    def _apply_search(self) -> None:
        self.model.set_filter(self.current_filter())
        self._update_count()

    def _update_count(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(self.tr("{n}人").format(n=str(n)))
        has_any = n > 0 or bool(self.search.text()) or self.status_filter.currentIndex() > 0 \
            or self._household_id is not None \
            or self.group_filter.currentIndex() > 0 or any(b.isChecked()
                                                           for b in self.flag_boxes.values())
        self.empty.setVisible(not has_any)
        self.view.setVisible(has_any)

    def _fill_groups(self) -> None:
        current = self.group_filter.currentData()
        self.group_filter.blockSignals(True)
        self.group_filter.clear()
        self.group_filter.addItem(self.tr("全部楼组"), None)
        for gid, name in svc.building_groups(self.app.ctx.store):
            self.group_filter.addItem(name, gid)
        self.group_filter.setCurrentIndex(max(0, self.group_filter.findData(current)))
        self.group_filter.blockSignals(False)

    def refresh(self) -> None:
        self._fill_groups()
        self.model.filter = self.current_filter()
        self.model.reload()
        self._update_count()
        if self.model.rowCount() and not self._widths_set:
            self._widths_set = True
            widths = [80, 48, 96, 170, 120, 60, 60, 90, 90, 80, 60]
            for col, w in enumerate(widths):
                self.view.setColumnWidth(col, w)

    def _on_changed(self, changed: Changed) -> None:
        # an edit of a few records repaints their rows; imports and merges reload
        if changed.entities <= {"residents", "households"} and 0 < len(changed.ids) <= 5 \
                and all(self.model.row_of(i) >= 0 for i in changed.ids) and self.isVisible():
            self.model.refresh_rows(changed.ids)
            return
        super()._on_changed(changed)

    def _toggle_household(self, on: bool) -> None:
        self._household_id = None
        if on:
            ids = self.selected_ids()
            hid = svc.get(self.app.ctx.store, ids[0]).get("household_id") if len(ids) == 1 else None
            if hid is None:
                self.household_filter.blockSignals(True)
                self.household_filter.setChecked(False)
                self.household_filter.blockSignals(False)
                QMessageBox.information(self, self.tr("只看同户"),
                                        self.tr("请先在列表中选中一位已登记住址的居民。"))
                return
            self._household_id = hid
        self._apply_search()

    def apply_role(self) -> None:
        from ...services.export_door import may_export

        allowed = may_export(self.app.ctx.role)
        self.export_button.setEnabled(allowed)
        self.export_button.setToolTip("" if allowed else self.tr("只读账号不能导出花名册"))

    def conceal(self) -> None:
        self.reveal.blockSignals(True)
        self.reveal.setChecked(False)
        self.reveal.blockSignals(False)
        self.model.set_reveal(False)

    def _toggle_reveal(self, on: bool) -> None:
        if not on:
            self.model.set_reveal(False)
            return
        perform(self, self.app.bus, svc.reveal_logged, self.app.ctx, None,
                on_success=lambda _r: self.model.set_reveal(True))

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.resident_id(r) for r in rows]

    def _one(self) -> int | None:
        ids = self.selected_ids()
        if len(ids) != 1:
            QMessageBox.information(self, self.tr("请选择"), self.tr("请先在列表中选中一位居民。"))
            return None
        return ids[0]

    # -- actions ---------------------------------------------------------------------------------
    def add(self) -> None:
        from ..dialogs.resident_edit import ResidentDialog

        ResidentDialog(self.app, None, self).exec()

    def assign_group(self) -> QDialog | None:
        """The selected residents, all at once, to a 楼组 (moved) or into another group."""
        ids = self.selected_ids()
        if not ids:
            QMessageBox.information(self, self.tr("请选择"), self.tr(
                "请先在列表中选中居民（按住 Ctrl 或 Shift 可以选多位）。"))
            return None
        dlg = BulkGroupDialog(self.app, ids, self)
        self.bulk_dialog = dlg
        dlg.open()
        return dlg

    def edit_selected(self) -> None:
        if len(self.selected_ids()) > 1:  # several rows: what can be done to all of them at once
            self.assign_group()
            return
        rid = self._one()
        if rid is None:
            return
        from ..dialogs.resident_edit import ResidentDialog

        ResidentDialog(self.app, rid, self).exec()

    def mark_status(self) -> None:
        rid = self._one()
        if rid is None:
            return
        rec = svc.get(self.app.ctx.store, rid)
        dlg = StatusDialog(rec["name"], rec["status"], self.app.ctx.today(), self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            status, day, note = dlg.value()
            perform(self, self.app.bus, svc.set_status, self.app.ctx, rid, status, day, note)

    def show_household(self) -> None:
        rid = self._one()
        if rid is None:
            return
        HouseholdDialog(self.app, rid, self).exec()

    def merge_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 2:
            QMessageBox.information(self, self.tr("合并"), self.tr(
                "请按住 Ctrl 在列表中选中同一个人的两条记录，再点“合并两条记录”。"))
            return
        a, b = (svc.get(self.app.ctx.store, i) for i in ids)
        keep, drop = (a, b) if (a.get("id_number") or not b.get("id_number")) else (b, a)
        text = self.tr("把“{drop}”（编号{did}）并入“{keep}”（编号{kid}）？\n"
                       "保留后者的信息，只补充它缺少的项；前者的分组和参会记录转到后者，"
                       "随后删除前者（操作日志中保留完整副本）。").format(
            drop=drop["name"], did=drop["id"], keep=keep["name"], kid=keep["id"])
        if QMessageBox.question(self, self.tr("合并两条记录"), text) == \
                QMessageBox.StandardButton.Yes:
            perform(self, self.app.bus, svc.merge, self.app.ctx, keep["id"], drop["id"])

    def open_import(self, path: str | None = None) -> QDialog | None:
        from ..dialogs.import_wizard import ImportWizard

        if path is None:
            path = files.ask_open(
                self, self.tr("选择花名册"),
                self.tr("表格文件 (*.xlsx *.xlsm *.xlsb *.xls *.et *.ods *.csv);;所有文件 (*)"))
            if not path:
                return None
        wizard = ImportWizard(self.app, Path(path), self)
        wizard.open()
        return wizard

    def export(self) -> None:
        answer = QMessageBox.question(
            self, self.tr("导出全体居民"),
            self.tr("导出的花名册含每位居民完整的身份证号和电话，属于个人信息。\n"
                    "请只存放在本单位的电脑或加密 U 盘里，用完及时删除。导出会记入审计日志。\n\n"
                    "确定要导出吗？"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        path = files.ask_save(self, self.tr("导出花名册"), "居民花名册.xlsx",
                              self.tr("Excel (*.xlsx);;CSV (*.csv)"))
        if path:
            from ..dialogs.import_wizard import export_roster

            perform(self, self.app.bus, export_roster, self.app.ctx, path,
                    on_success=lambda n: files.confirm_export(
                        self, path, self.tr("已导出{n}位居民。").format(n=n)))

    def template(self) -> None:
        path = files.ask_save(self, self.tr("保存花名册模板"), "居民花名册模板.xlsx",
                              self.tr("Excel (*.xlsx)"))
        if path:
            from ...documents.roster_template import write_template

            perform(self, self.app.bus, write_template, path,
                    on_success=lambda _r: files.confirm_export(self, path, self.tr("花名册模板已保存。")))


class BulkGroupDialog(QDialog):
    """调整楼组 / 加入分组 for many residents: a 楼组 moves them (each lives in one 楼组);
    another group gets them as members. Stays open with its choice when refused."""

    def __init__(self, app: AppContext, resident_ids: list[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from ...services import groups as gsvc

        self.app = app
        self.ids = list(resident_ids)
        self.result_summary = ""
        self._kinds: dict[int, str] = {0: "楼组"}
        self.setWindowTitle(self.tr("调整楼组 / 加入分组（{n}位居民）").format(n=len(self.ids)))
        form = QFormLayout(self)
        intro = QLabel(self.tr("选中的{n}位居民一次处理。选楼组：调到该楼组；"
                               "选其他分组：加入为成员。").format(
            n=len(self.ids)))
        intro.setWordWrap(True)
        form.addRow(intro)
        self.group = QComboBox()
        for g in gsvc.list_groups(app.ctx.store):
            self.group.addItem(f"{g['kind']}：{g['name']}", g["id"])
            self._kinds[g["id"]] = g["kind"]
        self.group.addItem(self.tr("（移出楼组，不属于任何楼组）"), 0)
        form.addRow(self.tr("分组："), self.group)
        self.role = QComboBox()
        self.role.setEditable(True)
        form.addRow(self.tr("职务："), self.role)
        self.group.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _kind_changed(self) -> None:
        from ...services import groups as gsvc

        kind = self._kinds.get(self.group.currentData(), "楼组")
        self.role.clear()
        self.role.addItems(list(gsvc.DEFAULT_ROLES.get(kind, ("",)))[::-1])
        self.role.setEnabled(kind != "楼组")

    def apply(self) -> None:
        from ...domain.errors import UserError
        from ...services import groups as gsvc

        gid = self.group.currentData()
        kind = self._kinds.get(gid, "楼组")
        try:
            if kind == "楼组":
                ch = gsvc.set_building_group(self.app.ctx, self.ids, gid or None)
            else:
                ch = gsvc.add_members(self.app.ctx, gid, self.ids, self.role.currentText())
        except UserError as exc:
            self.error.setText(exc.message)  # the dialog stays, with its choice
            return
        self.result_summary = ch.summary
        self.app.bus.changed.emit(ch)
        self.accept()


class StatusDialog(QDialog):
    """迁出 / 死亡 (or back to 在册) with the date; the record is kept."""

    def __init__(self, name: str, status: str, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("标记 {name} 的状态").format(name=mask_name(name)))
        form = QFormLayout(self)
        self.status = QComboBox()
        self.status.addItems(["迁出", "死亡", "在册"])
        if status != "在册":
            self.status.setCurrentText("在册")
        self.date = QDateEdit(qdate(today))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.note = QLineEdit()
        form.addRow(self.tr("状态"), self.status)
        form.addRow(self.tr("日期"), self.date)
        form.addRow(self.tr("说明"), self.note)
        form.addRow(QLabel(self.tr("记录不会删除，可随时改回“在册”。")))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def value(self) -> tuple[str, str, str]:
        return (self.status.currentText(), self.date.date().toString("yyyy-MM-dd"),
                self.note.text().strip())


class HouseholdDialog(QDialog):
    """Everyone at one address."""

    def __init__(self, app: AppContext, resident_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        rec = svc.get(app.ctx.store, resident_id)
        self.setWindowTitle(self.tr("同户成员：{a}").format(
            a=rec["address"] or f"{rec['building']}{rec['room']}"))
        lay = QVBoxLayout(self)
        self.list = QListWidget()
        for m in svc.household(app.ctx.store, resident_id):
            extra = "" if m["status"] == "在册" else f"（{m['status']}）"
            self.list.addItem(f"{m['name']}  {m['relation'] or '—'}  {m['sex']}  "
                              f"{m['birth_date'] or ''}  {mask_phone(m['phone'] or '')}{extra}")
        lay.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(520, 320)
