"""设置 → 账号 / 备份与恢复 / 安全: a tabbed panel placed on the 设置 page.

账号: the accounts (主任 creates, disables, changes roles, resets passwords); anyone changes
their own password. 备份与恢复: the backups with date and counts, back up to a chosen folder
(a USB stick), restore (a backup of the current state is taken first). 安全: the idle-lock
minutes and the automatic backup interval."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox,
                               QFileDialog, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QMessageBox, QPushButton, QSpinBox, QTableWidget,
                               QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from ... import paths
from ...domain.errors import UserError
from ...domain.model import StaffRole
from ...services import accounts, backups
from ...services import settings as settings_service
from ...services.base import Changed
from ..context import AppContext
from ..dialogs.login import DEFAULT_IDLE_MINUTES, SECURITY_KEY, idle_minutes
from ..errors import show_error
from ..operations import perform


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setStretchLastSection(True)
    return t


class _Dialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.lay = QVBoxLayout(self)
        self.form = QFormLayout()
        self.lay.addLayout(self.form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        self.lay.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self.lay.addWidget(buttons)
        self.action: Callable[[], Changed] | None = None  # set by the caller; raises UserError
        self.result_changed: Changed | None = None

    def edit(self, label: str, password: bool = False) -> QLineEdit:
        e = QLineEdit()
        if password:
            e.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(label, e)
        return e

    def submit(self) -> None:
        if self.action is None:
            return
        try:
            self.result_changed = self.action()
        except UserError as exc:
            self.error.setText(exc.message)
            return
        self.accept()


class AccountsTab(QWidget):
    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        lay = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        lay.addWidget(self.note)
        self.table = _table([self.tr("用户名"), self.tr("姓名"), self.tr("角色"), self.tr("状态"),
                             self.tr("创建时间")])
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.new_button = QPushButton(self.tr("新建账号…"))
        self.toggle_button = QPushButton(self.tr("停用/启用"))
        self.role_combo = QComboBox()
        for role in StaffRole:
            self.role_combo.addItem(str(role), str(role))
        self.role_button = QPushButton(self.tr("改为此角色"))
        self.reset_button = QPushButton(self.tr("重设密码…"))
        self.mine_button = QPushButton(self.tr("修改我的密码…"))
        for w in (self.new_button, self.toggle_button, self.role_combo, self.role_button,
                  self.reset_button):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.mine_button)
        lay.addLayout(row)
        self.new_button.clicked.connect(self.new_user)
        self.toggle_button.clicked.connect(self.toggle_active)
        self.role_button.clicked.connect(self.change_role)
        self.reset_button.clicked.connect(self.reset_password)
        self.mine_button.clicked.connect(self.change_my_password)
        self._users: list[accounts.StaffUser] = []

    def refresh(self) -> None:
        admin = accounts.can_administer(self.app.ctx.role)
        self.note.setText(self.tr(
            "主任（书记）：全部功能，含设置和账号；委员（社工）：录入和修改记录；只读：查看和打印。"
            "密码连续输错{n}次后账号暂停登录一段时间。").format(n=accounts.MAX_FAILURES)
            if admin else self.tr("只有主任可以管理账号。您可以修改自己的密码。"))
        for w in (self.new_button, self.toggle_button, self.role_combo, self.role_button,
                  self.reset_button):
            w.setVisible(admin)
        self.table.setVisible(admin)
        if not admin:
            return
        self._users = accounts.users(self.app.ctx.store)
        self.table.setRowCount(len(self._users))
        for i, u in enumerate(self._users):
            state = self.tr("正常") if u.active else self.tr("已停用")
            if u.locked_until:
                state += self.tr("（输错暂停）")
            for col, text in enumerate((u.username, u.display_name, str(u.role), state,
                                        u.created_at.replace("T", " ")[:16])):
                self.table.setItem(i, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def selected(self) -> accounts.StaffUser | None:
        rows = self.table.selectionModel().selectedRows()
        return self._users[rows[0].row()] if rows else None

    def _done(self, changed: Changed | None) -> None:
        if changed is not None:
            self.app.bus.changed.emit(changed)
        self.refresh()

    def _run(self, fn, *args) -> None:
        try:
            changed = fn(self.app.ctx, *args)
        except UserError as exc:
            show_error(self, exc)
            return
        self._done(changed)

    def new_user(self) -> None:
        d = _Dialog(self.tr("新建账号"), self)
        username, name = d.edit(self.tr("用户名")), d.edit(self.tr("姓名"))
        role = QComboBox()
        for r in (StaffRole.MEMBER, StaffRole.READONLY, StaffRole.DIRECTOR):
            role.addItem(str(r), str(r))
        d.form.addRow(self.tr("角色"), role)
        pw, confirm = d.edit(self.tr("初始密码"), True), d.edit(self.tr("再输一遍"), True)
        d.action = lambda: accounts.create_user(self.app.ctx, username.text(), name.text(),
                                                role.currentData(), pw.text(), confirm.text())
        if d.exec() == QDialog.DialogCode.Accepted:
            self._done(d.result_changed)

    def toggle_active(self) -> None:
        u = self.selected()
        if u is not None:
            self._run(accounts.set_active, u.id, not u.active)

    def change_role(self) -> None:
        u = self.selected()
        if u is not None:
            self._run(accounts.set_role, u.id, self.role_combo.currentData())

    def reset_password(self) -> None:
        u = self.selected()
        if u is None:
            return
        d = _Dialog(self.tr("重设 {name} 的密码").format(name=u.username), self)
        pw, confirm = d.edit(self.tr("新密码"), True), d.edit(self.tr("再输一遍"), True)
        d.action = lambda: accounts.reset_password(self.app.ctx, u.id, pw.text(), confirm.text())
        if d.exec() == QDialog.DialogCode.Accepted:
            self._done(d.result_changed)

    def change_my_password(self) -> None:
        d = _Dialog(self.tr("修改我的密码"), self)
        old = d.edit(self.tr("原密码"), True)
        pw, confirm = d.edit(self.tr("新密码"), True), d.edit(self.tr("再输一遍"), True)
        d.action = lambda: accounts.change_password(self.app.ctx, self.app.ctx.actor, old.text(),
                                                    pw.text(), confirm.text())
        if d.exec() == QDialog.DialogCode.Accepted:
            self._done(d.result_changed)


class BackupsTab(QWidget):
    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        lay = QVBoxLayout(self)
        self.note = QLabel(self.tr(
            "程序在启动时（数据有变化时）、使用中每隔一段时间、退出时自动备份，每份都经过完整性校验；"
            "保留最近几份、最近7天每天一份、4周每周一份、12个月每月一份。"))
        self.note.setWordWrap(True)
        lay.addWidget(self.note)
        self.table = _table([self.tr("时间"), self.tr("种类"), self.tr("状态"), self.tr("大小"),
                             self.tr("内容")])
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.usb_button = QPushButton(self.tr("备份到文件夹（U 盘）…"))
        self.restore_button = QPushButton(self.tr("用所选备份恢复…"))
        self.file_button = QPushButton(self.tr("从文件恢复…"))
        self.refresh_button = QPushButton(self.tr("刷新"))
        for w in (self.usb_button, self.restore_button, self.file_button):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.refresh_button)
        lay.addLayout(row)
        self.status = QLabel()
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        self.usb_button.clicked.connect(self.backup_to_folder)
        self.restore_button.clicked.connect(self.restore_selected)
        self.file_button.clicked.connect(self.restore_from_file)
        self.refresh_button.clicked.connect(self.refresh)
        self._found: list[backups.BackupInfo] = []

    @property
    def folder(self) -> Path:
        return paths.backups_dir(Path(self.app.data_dir))

    def refresh(self) -> None:
        admin = accounts.can_administer(self.app.ctx.role)
        for w in (self.usb_button, self.restore_button, self.file_button):
            w.setEnabled(admin)
        # Checking each file (integrity_check) takes a while the first time: off the GUI thread.
        perform(self, self.app.bus, backups.list_backups, self.folder,
                key=self.app.ctx.store.key, on_success=self._show)

    def _show(self, found: list[backups.BackupInfo]) -> None:
        self._found = found
        self.table.setRowCount(len(self._found))
        for i, b in enumerate(self._found):
            values = (f"{b.taken_at:%Y-%m-%d %H:%M:%S}", b.kind,
                      self.tr("完好") if b.ok else self.tr("不可用"),
                      f"{b.size / 1024 / 1024:.1f} MB", b.counts_text)
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(str(b.path))
                self.table.setItem(i, col, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)

    def backup_to_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择备份到哪个文件夹（如 U 盘）"))
        if not folder:
            return
        perform(self, self.app.bus, backups.backup_to_folder, self.app.ctx, folder,
                on_success=lambda changed: self.status.setText(changed.summary))

    def _confirm_restore(self, what: str) -> bool:
        answer = QMessageBox.question(
            self, self.tr("确认恢复"),
            self.tr("用 {what} 替换当前的全部数据？\n\n恢复前，程序会先把当前数据另存一份备份，"
                    "必要时可以再恢复回来。").format(what=what))
        return answer == QMessageBox.StandardButton.Yes

    def _restore(self, path: Path) -> None:
        def done(changed: Changed) -> None:
            self.status.setText(changed.summary)
            self.refresh()

        perform(self, self.app.bus, backups.restore, self.app.ctx, path, self.folder,
                on_success=done)

    def restore_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.status.setText(self.tr("请先在列表中选中一份备份。"))
            return
        b = self._found[rows[0].row()]
        if not b.ok:
            self.status.setText(self.tr("这份备份不可用：{why}").format(why=b.problem))
            return
        if self._confirm_restore(self.tr("{when} 的备份（{counts}）").format(
                when=f"{b.taken_at:%Y-%m-%d %H:%M}", counts=b.counts_text)):
            self._restore(b.path)

    def restore_from_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择备份文件"), "",
                                              self.tr("数据备份 (*.db)"))
        if path and self._confirm_restore(Path(path).name):
            self._restore(Path(path))


class SecurityTab(QWidget):
    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.idle = QSpinBox()
        self.idle.setRange(0, 240)
        self.idle.setSuffix(self.tr(" 分钟"))
        self.idle.setSpecialValueText(self.tr("不锁定"))
        self.interval = QSpinBox()
        self.interval.setRange(5, 24 * 60)
        self.interval.setSuffix(self.tr(" 分钟"))
        form.addRow(self.tr("无操作多久后锁定"), self.idle)
        form.addRow(self.tr("使用中自动备份间隔"), self.interval)
        lay.addLayout(form)
        row = QHBoxLayout()
        self.save_button = QPushButton(self.tr("保存"))
        self.saved = QLabel()
        row.addWidget(self.save_button)
        row.addWidget(self.saved)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addStretch(1)
        self.save_button.clicked.connect(self.save)

    def refresh(self) -> None:
        store = self.app.ctx.store
        self.idle.setValue(idle_minutes(store))
        self.interval.setValue(backups.interval_minutes(store))
        self.save_button.setEnabled(accounts.can_administer(self.app.ctx.role))
        self.saved.setText("")

    def save(self) -> None:
        try:
            a = settings_service.set_value(self.app.ctx, SECURITY_KEY,
                                           {"idle_lock_minutes": self.idle.value()})
            b = settings_service.set_value(self.app.ctx, backups.SETTINGS_KEY,
                                           {"interval_minutes": self.interval.value()})
        except UserError as exc:
            show_error(self, exc)
            return
        self.app.bus.changed.emit(a | b)  # refreshes the tabs first
        self.saved.setText(self.tr("已保存"))


class AdminPanel(QTabWidget):
    """The tabs on the 设置 page."""

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.accounts_tab = AccountsTab(app)
        self.backups_tab = BackupsTab(app)
        self.security_tab = SecurityTab(app)
        self.addTab(self.accounts_tab, self.tr("账号"))
        self.addTab(self.backups_tab, self.tr("备份与恢复"))
        self.addTab(self.security_tab, self.tr("安全"))
        app.bus.changed.connect(lambda _c: self._changed())

    def _changed(self) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        for tab in (self.accounts_tab, self.backups_tab, self.security_tab):
            tab.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.refresh()


__all__ = ["AdminPanel", "DEFAULT_IDLE_MINUTES"]
