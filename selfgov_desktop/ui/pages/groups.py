"""分组与单位: 楼组, 居民小组, 居民代表 (terms), teams, 五大员, and units with contact persons."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QMessageBox, QPushButton, QSplitter,
                               QTableWidget, QTableWidgetItem, QTabWidget, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from ...domain.errors import UserError
from ...domain.masking import mask_phone
from ...services import groups as gsvc
from ...services import residents as rsvc
from ...services import units as usvc
from ...services.base import Changed
from ..context import AppContext
from ..date_input import DateInput
from ..operations import perform
from .base import Page


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _fill(t: QTableWidget, rows: list[list[Any]], ids: list[Any]) -> None:
    t.setRowCount(len(rows))
    for r, (row, rid) in enumerate(zip(rows, ids, strict=True)):
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            item.setData(Qt.ItemDataRole.UserRole, rid)
            t.setItem(r, c, item)
    t.resizeColumnsToContents()


def _selected_id(t: QTableWidget) -> Any:
    items = t.selectedItems()
    return items[0].data(Qt.ItemDataRole.UserRole) if items else None


class GroupsPage(Page):
    key = "groups"
    watches = frozenset({"groups", "memberships", "units", "unit_contacts", "residents"})

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(app, parent)
        lay = QVBoxLayout(self)
        heading = QLabel(self.tr("分组与单位"))
        heading.setObjectName("pageTitle")
        lay.addWidget(heading)
        self.tabs = QTabWidget()
        lay.addWidget(self.tabs, 1)

        # -- groups tab --
        w = QWidget()
        wl = QHBoxLayout(w)
        split = QSplitter()
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("分组"), self.tr("成员"), self.tr("居民")])
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2):
            self.tree.header().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        ll.addWidget(self.tree, 1)
        gb = QHBoxLayout()
        self.new_group = QPushButton(self.tr("新建分组"))
        self.edit_group = QPushButton(self.tr("改名"))
        self.del_group = QPushButton(self.tr("删除"))
        for b in (self.new_group, self.edit_group, self.del_group):
            gb.addWidget(b)
        ll.addLayout(gb)
        split.addWidget(left)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        self.group_title = QLabel()
        self.group_title.setStyleSheet("font-weight: bold; font-size: 15px;")
        rl.addWidget(self.group_title)
        self.members = _table([self.tr("姓名"), self.tr("职务"), self.tr("任期开始"),
                               self.tr("任期结束"), self.tr("楼号"), self.tr("室号"),
                               self.tr("联系电话")])
        rl.addWidget(self.members, 1)
        mb = QHBoxLayout()
        self.add_member_button = QPushButton(self.tr("添加成员…"))
        self.end_member_button = QPushButton(self.tr("结束任期"))
        self.remove_member_button = QPushButton(self.tr("移除（录错时）"))
        for b in (self.add_member_button, self.end_member_button, self.remove_member_button):
            mb.addWidget(b)
        mb.addStretch(1)
        rl.addLayout(mb)
        split.addWidget(right)
        split.setSizes([320, 700])
        wl.addWidget(split)
        self.tabs.addTab(w, self.tr("分组"))

        # -- 五大员 tab --
        self.officers = _table([self.tr("楼组"), "组长", "宣传员", "调解员", "安全员", "社保员",
                                "卫生员"])
        self.tabs.addTab(self.officers, self.tr("楼组长与五大员"))

        # -- units tab --
        w = QWidget()
        ul = QVBoxLayout(w)
        self.units = _table([self.tr("类型"), self.tr("单位名称"), self.tr("地址"), self.tr("电话"),
                             self.tr("联系人")])
        ul.addWidget(self.units, 2)
        ub = QHBoxLayout()
        self.new_unit = QPushButton(self.tr("新增单位"))
        self.edit_unit = QPushButton(self.tr("编辑单位"))
        self.del_unit = QPushButton(self.tr("删除单位"))
        for b in (self.new_unit, self.edit_unit, self.del_unit):
            ub.addWidget(b)
        ub.addStretch(1)
        ul.addLayout(ub)
        ul.addWidget(QLabel(self.tr("联系人（不是本居民区居民）")))
        self.contacts = _table([self.tr("姓名"), self.tr("职务"), self.tr("电话")])
        ul.addWidget(self.contacts, 1)
        cb = QHBoxLayout()
        self.new_contact = QPushButton(self.tr("新增联系人"))
        self.edit_contact = QPushButton(self.tr("编辑联系人"))
        self.del_contact = QPushButton(self.tr("删除联系人"))
        for b in (self.new_contact, self.edit_contact, self.del_contact):
            cb.addWidget(b)
        cb.addStretch(1)
        ul.addLayout(cb)
        self.tabs.addTab(w, self.tr("单位与联系人"))

        self.tree.currentItemChanged.connect(lambda *_a: self._show_members())
        self.units.itemSelectionChanged.connect(self._show_contacts)
        self.new_group.clicked.connect(lambda: self._edit_group(None))
        self.edit_group.clicked.connect(lambda: self._edit_group(self.current_group()))
        self.del_group.clicked.connect(self._delete_group)
        self.add_member_button.clicked.connect(self._add_member)
        self.end_member_button.clicked.connect(self._end_member)
        self.remove_member_button.clicked.connect(self._remove_member)
        self.new_unit.clicked.connect(lambda: self._edit_unit(None))
        self.edit_unit.clicked.connect(lambda: self._edit_unit(_selected_id(self.units)))
        self.del_unit.clicked.connect(self._delete_unit)
        self.new_contact.clicked.connect(lambda: self._edit_contact(None))
        self.edit_contact.clicked.connect(lambda: self._edit_contact(_selected_id(self.contacts)))
        self.del_contact.clicked.connect(self._delete_contact)

    def title(self) -> str:
        return self.tr("分组与单位")

    # -- loading ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        store = self.app.ctx.store
        current = self.current_group()
        self.tree.clear()
        parents: dict[str, QTreeWidgetItem] = {}
        select = None
        for g in gsvc.list_groups(store):
            parent = parents.get(g["kind"])
            if parent is None:
                parent = QTreeWidgetItem([g["kind"]])
                parent.setFlags(parent.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                self.tree.addTopLevelItem(parent)
                parent.setExpanded(True)
                parents[g["kind"]] = parent
            item = QTreeWidgetItem([g["name"], str(g["members"]),
                                    str(g["residents"]) if g["kind"] == "楼组" else ""])
            item.setData(0, Qt.ItemDataRole.UserRole, g["id"])
            item.setToolTip(0, g["note"] or "")
            parent.addChild(item)
            if g["id"] == current or (select is None and current is None):
                select = item
        if select is not None:
            self.tree.setCurrentItem(select)
        self._show_members()
        rows = gsvc.five_officers(store)
        _fill(self.officers, [[r["group"], r["组长"], r["宣传员"], r["调解员"], r["安全员"],
                               r["社保员"], r["卫生员"]] for r in rows], [r["group_id"] for r in rows])
        current_unit = _selected_id(self.units)
        units = usvc.list_units(store)
        _fill(self.units, [[u["kind"], u["name"], u["address"], u["phone"], u["contacts"]]
                           for u in units], [u["id"] for u in units])
        for r, u in enumerate(units):
            if u["id"] == current_unit:
                self.units.selectRow(r)
        self._show_contacts()

    def current_group(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item else None

    def _show_members(self) -> None:
        gid = self.current_group()
        if gid is None:
            self.group_title.setText(
                self.tr("请在左侧选择一个分组") if self.tree.topLevelItemCount()
                else self.tr("还没有分组。导入花名册时会按“楼组”一列自动建立楼组；"
                             "居民代表、居民小组、队伍请点左下方“新建分组”。"))
            self.group_title.setWordWrap(True)
            _fill(self.members, [], [])
            return
        g = gsvc.get_group(self.app.ctx.store, gid)
        ms = gsvc.members(self.app.ctx.store, gid)
        self.group_title.setText(f"{g['kind']}：{g['name']}  " + (g["note"] or ""))
        _fill(self.members, [[m["name"], m["role"], m["term_start"] or "", m["term_end"] or "",
                              m["building"], m["room"], mask_phone(m["phone"] or "")] for m in ms],
              [m["membership_id"] for m in ms])

    def _show_contacts(self) -> None:
        uid = _selected_id(self.units)
        cs = usvc.contacts(self.app.ctx.store, uid) if uid else []
        # work contacts of units, not residents: shown in full so that staff can call them
        _fill(self.contacts, [[c["name"], c["title"], c["phone"]] for c in cs],
              [c["id"] for c in cs])

    # -- groups ----------------------------------------------------------------------------------
    def _edit_group(self, gid: int | None) -> None:
        g = gsvc.get_group(self.app.ctx.store, gid) if gid else {"kind": "队伍", "name": "", "note": ""}
        dlg = _FormDialog(self.tr("分组"), [("kind", self.tr("类型"), list(gsvc.KINDS)),
                                           ("name", self.tr("名称"), None),
                                           ("note", self.tr("说明"), None)], g, self)
        def save() -> Any:
            v = dlg.values()
            return gsvc.save_group(self.app.ctx, v["kind"], v["name"], v["note"], gid)

        dlg.save = save
        dlg.bus = self.app.bus
        self.form_dialog = dlg
        dlg.exec()

    def _delete_group(self) -> None:
        gid = self.current_group()
        if gid and QMessageBox.question(self, self.tr("删除分组"), self.tr(
                "删除这个分组及其成员记录？（操作日志中保留副本）")) == QMessageBox.StandardButton.Yes:
            perform(self, self.app.bus, gsvc.delete_group, self.app.ctx, gid)

    def _add_member(self) -> None:
        gid = self.current_group()
        if gid is None:
            return
        g = gsvc.get_group(self.app.ctx.store, gid)
        dlg = MemberDialog(self.app, g, self)

        def save() -> Changed:
            rid = dlg.resident_id()
            if rid is None:
                raise UserError(self.tr("请先搜索并选中一位居民。"))
            role, start, end = dlg.terms()
            return gsvc.add_member(self.app.ctx, gid, rid, role, start, end)

        dlg.save, dlg.bus = save, self.app.bus
        self.member_dialog = dlg
        dlg.exec()

    def _end_member(self) -> None:
        mid = _selected_id(self.members)
        if mid is not None:
            perform(self, self.app.bus, gsvc.end_membership, self.app.ctx, mid)

    def _remove_member(self) -> None:
        mid = _selected_id(self.members)
        if mid is not None and QMessageBox.question(
                self, self.tr("移除成员"), self.tr("仅用于纠正录错。正常卸任请用“结束任期”。确定移除？")
        ) == QMessageBox.StandardButton.Yes:
            perform(self, self.app.bus, gsvc.remove_member, self.app.ctx, mid)

    # -- units -----------------------------------------------------------------------------------
    def _edit_unit(self, uid: int | None) -> None:
        u = usvc.get_unit(self.app.ctx.store, uid) if uid else {"kind": "驻区单位"}
        dlg = _FormDialog(self.tr("单位"), [("kind", self.tr("类型"), list(usvc.KINDS)),
                                           ("name", self.tr("名称"), None),
                                           ("address", self.tr("地址"), None),
                                           ("phone", self.tr("电话"), None),
                                           ("note", self.tr("备注"), None)], u, self)
        dlg.save, dlg.bus = (lambda: usvc.save_unit(self.app.ctx, dlg.values(), uid)), self.app.bus
        self.form_dialog = dlg
        dlg.exec()

    def _delete_unit(self) -> None:
        uid = _selected_id(self.units)
        if uid and QMessageBox.question(self, self.tr("删除单位"), self.tr(
                "删除这个单位及其联系人？")) == QMessageBox.StandardButton.Yes:
            perform(self, self.app.bus, usvc.delete_unit, self.app.ctx, uid)

    def _edit_contact(self, cid: int | None) -> None:
        uid = _selected_id(self.units)
        if uid is None:
            return
        c = next((c for c in usvc.contacts(self.app.ctx.store, uid) if c["id"] == cid), {})
        dlg = _FormDialog(self.tr("联系人"), [("name", self.tr("姓名"), None),
                                             ("title", self.tr("职务"), None),
                                             ("phone", self.tr("电话"), None)], c, self)
        dlg.save, dlg.bus = (lambda: usvc.save_contact(self.app.ctx, uid, dlg.values(), cid)), self.app.bus
        self.form_dialog = dlg
        dlg.exec()

    def _delete_contact(self) -> None:
        cid = _selected_id(self.contacts)
        if cid is not None:
            perform(self, self.app.bus, usvc.delete_contact, self.app.ctx, cid)


class _SaveOrStay(QDialog):
    """OK runs `save` (a service call); a refusal shows under the inputs and the dialog
    stays open with everything typed. Without `save`, OK just accepts."""

    save: Callable[[], Changed] | None = None
    bus: Any = None

    def _error_label(self) -> QLabel:
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        return self.error

    def accept(self) -> None:
        if self.save is not None:
            try:
                changed = self.save()
            except UserError as exc:
                self.error.setText(exc.message)
                return
            if self.bus is not None:
                self.bus.changed.emit(changed)
        super().accept()


class _FormDialog(_SaveOrStay):
    def __init__(self, title: str, fields: list[tuple[str, str, list[str] | None]],
                 values: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        self.widgets: dict[str, QLineEdit | QComboBox] = {}
        for key, label, choices in fields:
            w: QLineEdit | QComboBox
            if choices:
                combo = QComboBox()
                combo.addItems(choices)
                combo.setCurrentText(str(values.get(key) or choices[0]))
                w = combo
            else:
                w = QLineEdit(str(values.get(key) or ""))
            self.widgets[key] = w
            form.addRow(label, w)
        form.addRow(self._error_label())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(420, 0)

    def values(self) -> dict[str, str]:
        return {k: (w.currentText() if isinstance(w, QComboBox) else w.text())
                for k, w in self.widgets.items()}


class MemberDialog(_SaveOrStay):
    """Pick a resident (search as you type) and the role and term."""

    def __init__(self, app: AppContext, group: dict[str, Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.app = app
        self.setWindowTitle(self.tr("添加成员：{g}").format(g=group["name"]))
        lay = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("姓名、拼音首字母、电话或地址"))
        lay.addWidget(self.search)
        self.results = QListWidget()
        lay.addWidget(self.results, 1)
        form = QFormLayout()
        self.role = QComboBox()
        self.role.setEditable(True)
        self.role.addItems(list(gsvc.DEFAULT_ROLES.get(group["kind"], ("",))))
        self.start = DateInput(app.ctx.today)
        self.start.set_date(app.ctx.today())
        self.end = DateInput(app.ctx.today)
        self.end.line.setPlaceholderText(self.tr("空 = 长期；或2031-03-14"))
        form.addRow(self.tr("职务"), self.role)
        form.addRow(self.tr("任期开始"), self.start)
        form.addRow(self.tr("任期结束"), self.end)
        lay.addLayout(form)
        lay.addWidget(self._error_label())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("添加"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.search.textChanged.connect(self._search)
        self.resize(460, 480)

    def _search(self, text: str) -> None:
        self.results.clear()
        if not text.strip():
            return
        ids = rsvc.search_ids(self.app.ctx.store, rsvc.ResidentFilter(text=text))[:50]
        rows = rsvc.rows_by_ids(self.app.ctx.store, ids)
        for rid in ids:
            r = rows[rid]
            item = QListWidgetItem(f"{r['name']}  {r['sex']}  {r['birth_date'] or ''}  "
                                   f"{r['building']}{r['room']}  {r['group_name'] or ''}")
            item.setData(Qt.ItemDataRole.UserRole, rid)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def resident_id(self) -> int | None:
        item = self.results.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def terms(self) -> tuple[str, str, str | None]:
        """职务, 任期开始, 任期结束; UserError when a date typed is not one."""
        for box, what in ((self.start, self.tr("任期开始")), (self.end, self.tr("任期结束"))):
            box.line.editingFinished.emit()  # what is typed counts even without leaving the box
            if box.bad:
                raise UserError(self.tr("{w}“{t}”不是日期，请写成2026-03-15或3月15日。").format(
                    w=what, t=box.line.text()))
        return (self.role.currentText().strip(), self.start.iso() or "", self.end.iso())
