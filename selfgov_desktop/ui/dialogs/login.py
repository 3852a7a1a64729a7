"""Logging in: the first run creates the first administrator; later runs ask for a user name
and password; after the idle time (设置) the window locks and asks again.

At start the store is not open yet (it is sealed: services/vault.py): the dialogs are given an
`opener`/`creator` that opens or creates it with what was typed. The recovery key is shown once
(RecoveryKeyDialog, with 打印) and can reset a 主任's password when every password is lost
(RecoverDialog)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget)

from ...domain.clock import Clock, SystemClock
from ...domain.errors import UserError
from ...services import accounts
from ...services import settings as settings_service
from ...services.base import Context
from ...store.db import Store
from ..forms.ui_first_admin_form import Ui_FirstAdminForm
from ..forms.ui_login_form import Ui_LoginForm

SECURITY_KEY = "security"  # {"idle_lock_minutes": 10}; 0 = never lock
DEFAULT_IDLE_MINUTES = 10


def idle_minutes(store: Store) -> int:
    value = (settings_service.get(store, SECURITY_KEY, {}) or {}).get("idle_lock_minutes")
    if value is None:
        return DEFAULT_IDLE_MINUTES
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return DEFAULT_IDLE_MINUTES


class _Form(QDialog):
    """What both login dialogs share: their drawn form (setupUi on the dialog), the intro, user
    name, password, error line and OK/Cancel buttons; OK runs `submit`."""

    def __init__(self, ui: Ui_LoginForm | Ui_FirstAdminForm, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ui = ui
        ui.setupUi(self)
        self.intro = ui.introLabel
        self.username = ui.usernameEdit
        self.password = ui.passwordEdit
        self.error = ui.errorLabel
        self.buttons = ui.buttons
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.ctx: Context | None = None
        self.opened: Any = None  # services.vault.Opened when the dialog opened the store

    def submit(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class FirstAdminDialog(_Form):
    """First run: create the first 主任 account (before anything else is asked).
    Drawn in forms/first_admin_form.ui."""

    def __init__(self, store: Store | None, parent: QWidget | None = None,
                 creator: Callable[[str, str, str, str], Any] | None = None,
                 adopter: Callable[[Path, str, str], Any] | None = None) -> None:
        ui = Ui_FirstAdminForm()
        super().__init__(ui, parent)
        self.store = store
        self.creator = creator  # (user, name, password, confirm) → vault.Opened: a new sealed store
        # (backup file, user, password) → vault.Opened: an empty data folder takes the backup
        # of the old PC (X.db with its X.keys) instead of starting anew
        self.adopter = adopter
        self.display_name = ui.displayNameEdit
        self.confirm = ui.confirmEdit
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("创建并进入"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出"))
        if adopter is not None:
            move = QPushButton(self.tr("换电脑：从备份恢复…"))
            move.setObjectName("adoptButton")
            move.setToolTip(self.tr("原来的电脑上用“备份到U盘/文件夹”做的备份（.db 文件和同名的"
                                    " .keys 文件）放在这台电脑上恢复，账号和密码照旧"))
            self.buttons.addButton(move, QDialogButtonBox.ButtonRole.ResetRole)
            move.clicked.connect(self.choose_backup)

    def choose_backup(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择原来电脑上的备份"), "", self.tr("备份文件 (*.db)"))
        if name:
            self.adopt(Path(name))

    def adopt(self, backup: Path) -> None:
        """Ask for an account of the old PC, then take the backup in with it."""
        assert self.adopter is not None
        adopter = self.adopter
        dialog = LoginDialog(None, self, opener=lambda user, pw: adopter(backup, user, pw))
        dialog.setWindowTitle(self.tr("从备份恢复"))
        dialog.intro.setText(self.tr(
            "备份 {name} 来自原来的电脑。请输入原来电脑上的一个账号和它的密码"
            "（做备份时的密码）；账号、密码和数据一起恢复。").format(name=backup.name))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("恢复并进入"))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("返回"))
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.opened is not None:
            self.opened = dialog.opened
            self.ctx = dialog.opened.ctx
            self.accept()

    def submit(self) -> None:
        try:
            if self.creator is not None:
                self.opened = self.creator(self.username.text(), self.display_name.text(),
                                           self.password.text(), self.confirm.text())
                ctx = self.opened.ctx
            else:
                assert self.store is not None
                ctx, _changed = accounts.create_first_admin(
                    self.store, self.username.text(), self.display_name.text(),
                    self.password.text(), self.confirm.text())
        except UserError as exc:
            self.error.setText(exc.message)
            return
        finally:
            self.password.clear()
            self.confirm.clear()
        self.ctx = ctx
        self.accept()


class LoginDialog(_Form):
    """Ask for user name and password. `locked=True`: the window was locked after idle time.
    Drawn in forms/login_form.ui."""

    def __init__(self, store: Store | None, parent: QWidget | None = None, username: str = "",
                 locked: bool = False, opener: Callable[[str, str], Any] | None = None,
                 recoverer: Callable[[str, str, str, str], Any] | None = None) -> None:
        super().__init__(Ui_LoginForm(), parent)
        self.store = store
        self.opener = opener  # (user, password) → vault.Opened: opens the sealed store
        self.recoverer = recoverer
        if recoverer is not None:
            forgot = QPushButton(self.tr("忘记密码？用恢复密钥"))
            forgot.setObjectName("recoverButton")
            self.buttons.addButton(forgot, QDialogButtonBox.ButtonRole.ResetRole)
            forgot.clicked.connect(self.recover)
        if locked:
            self.setWindowTitle(self.tr("已锁定，请重新登录"))
            self.intro.setText(self.tr(
                "长时间没有操作，程序已锁定以保护居民信息。请重新输入密码；也可以换一个账号登录。"))
        self.username.setText(username)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("登录"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出程序"))
        (self.password if username else self.username).setFocus()

    def recover(self) -> None:
        assert self.recoverer is not None
        dialog = RecoverDialog(self.recoverer, self, self.username.text())
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.opened is not None:
            self.opened = dialog.opened
            self.ctx = dialog.opened.ctx
            self.accept()

    def submit(self) -> None:
        try:
            if self.opener is not None:
                self.opened = self.opener(self.username.text(), self.password.text())
                self.ctx = self.opened.ctx
            else:
                assert self.store is not None
                self.ctx = accounts.login(self.store, self.username.text(), self.password.text())
        except UserError as exc:
            self.error.setText(exc.message)
            self.password.clear()
            self.password.setFocus()
            return
        self.password.clear()
        self.accept()


LAST_USER = "login/last_user"


def last_user() -> str:
    """The name that logged in last on this PC (QSettings), so only the password is typed."""
    return str(QSettings().value(LAST_USER, "") or "")


def remember_user(name: str) -> None:
    QSettings().setValue(LAST_USER, name)


def ask_login(store: Store, parent: QWidget | None = None) -> Context | None:
    """First run → create the administrator; otherwise log in. None if the user gave up."""
    dialog: _Form = LoginDialog(store, parent, username=last_user()) if accounts.has_users(store) \
        else FirstAdminDialog(store, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    if dialog.ctx is not None and dialog.ctx.actor:
        remember_user(dialog.ctx.actor)
    return dialog.ctx


class RecoveryKeyDialog(QDialog):
    """The recovery key, shown once (when the store is created or sealed): copy it by hand or
    print it for the office safe. It is never stored anywhere in the clear."""

    def __init__(self, code: str, parent: QWidget | None = None, committee: str = "") -> None:
        super().__init__(parent)
        self.code = code
        self.committee = committee
        self.setWindowTitle(self.tr("恢复密钥（只显示这一次）"))
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "居民信息已加密保存。下面是这份数据的恢复密钥：所有账号的密码都忘记时，"
            "只有它能打开数据。请现在抄下或打印，锁进办公室的保险柜；程序不会再显示它。"))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.code_label = QLabel(code)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(18)
        font.setBold(True)
        self.code_label.setFont(font)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.code_label)
        buttons = QDialogButtonBox()
        self.print_button = buttons.addButton(self.tr("打印"), QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(self.print_sheet)
        done = buttons.addButton(self.tr("我已抄下或打印"), QDialogButtonBox.ButtonRole.AcceptRole)
        done.clicked.connect(self.accept)
        lay.addWidget(buttons)

    def sheet(self) -> QTextDocument:
        doc = QTextDocument(self)
        doc.setHtml(self.tr(
            "<h2>居委会三会工作台 · 恢复密钥</h2><p>{committee}</p>"
            "<p style='font-size:20pt; font-family:monospace'><b>{code}</b></p>"
            "<p>所有账号的密码都忘记时，在登录窗口点“忘记密码？用恢复密钥”，输入上面的密钥，"
            "为一个主任账号设置新密码。请与数据备份分开、锁在保险柜里保管。</p>")
            .format(code=self.code, committee=self.committee))
        return doc

    def print_sheet(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            self.sheet().print_(printer)


class RecoverDialog(QDialog):
    """Every password lost: the recovery key and a new password for one 主任 account."""

    def __init__(self, recoverer: Callable[[str, str, str, str], Any],
                 parent: QWidget | None = None, username: str = "") -> None:
        super().__init__(parent)
        self.recoverer = recoverer
        self.opened: Any = None
        self.setWindowTitle(self.tr("用恢复密钥设置新密码"))
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("所有密码都忘记时，输入第一次使用时打印或抄下的恢复密钥"
                               "（6组，每组5个字符；大小写、空格和横线都可以），"
                               "再为一个主任账号设置新密码。"))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        self.code = QLineEdit()
        self.code.setPlaceholderText("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.code.setFont(mono)
        self.code.setMinimumWidth(self.code.fontMetrics().horizontalAdvance("W" * 40))
        self.username = QLineEdit(username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("恢复密钥"), self.code)
        form.addRow(self.tr("主任账号"), self.username)
        form.addRow(self.tr("新密码"), self.password)
        form.addRow(self.tr("再输一次"), self.confirm)
        lay.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("设置新密码并登录"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def submit(self) -> None:
        try:
            self.opened = self.recoverer(self.code.text(), self.username.text(),
                                         self.password.text(), self.confirm.text())
        except UserError as exc:
            self.error.setText(exc.message)
            return
        finally:
            self.password.clear()
            self.confirm.clear()
        self.code.clear()
        self.accept()


class IdleLock(QObject):
    """Watches keyboard and mouse across the application; after `minutes` without input it
    calls `on_lock` (which hides the window and asks for the password again)."""

    _INPUT = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
              QEvent.Type.Wheel, QEvent.Type.TouchBegin}

    def __init__(self, minutes: Callable[[], int], on_lock: Callable[[], None],
                 parent: QObject | None = None, check_ms: int = 15_000,
                 clock: Clock | None = None) -> None:
        super().__init__(parent)
        self.clock: Clock = clock or SystemClock()
        self.minutes = minutes
        self.on_lock = on_lock
        self.last_input = self.clock.now()
        self.locked = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(check_ms)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in self._INPUT:
            self.last_input = self.clock.now()
        return False

    def check(self, now: dt.datetime | None = None) -> bool:
        minutes = self.minutes()
        if self.locked or minutes <= 0:
            return False
        now = now or self.clock.now()
        if now - self.last_input < dt.timedelta(minutes=minutes):
            return False
        self.locked = True
        try:
            self.on_lock()
        finally:
            self.locked = False
            self.last_input = self.clock.now()
        return True

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class _Cover(QWidget):
    """An opaque sheet over a window's contents while the program is locked."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lockCover")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # paint under QSS
        self.setAutoFillBackground(True)
        self.setStyleSheet("#lockCover { background: #f3f5f8; }")
        lay = QVBoxLayout(self)
        label = QLabel(self.tr("已锁定"))
        label.setStyleSheet("font-size: 22px; color: #555;")
        lay.addStretch(1)
        lay.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addStretch(1)
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(watched.rect())
            self.raise_()
        return False


def _pages() -> list[QWidget]:
    from ..pages.base import Page

    return [w for w in QApplication.allWidgets() if isinstance(w, Page)]


def reset_views(method: str) -> None:
    """Call `method` ("conceal" or "apply_role") on every open widget that has it: pages, the
    resident dialog, a session's documents bar."""
    for w in QApplication.allWidgets():
        fn = getattr(w, method, None)
        if callable(fn):
            fn()


def lock_window(window: QWidget, app_ctx: Context, store: Store) -> bool:
    """Cover every open window (the main window and any dialog left open, which keeps what was
    typed in it), ask for a login, then act as whoever logged in. False = quit."""
    accounts.record_logout(app_ctx, "空闲锁定")
    covers = [_Cover(w) for w in QApplication.topLevelWidgets() if w.isVisible()]
    reset_views("conceal")  # nothing revealed survives the lock, whoever logs in next
    dialog = LoginDialog(store, window, username=app_ctx.actor, locked=True)
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        ctx = dialog.ctx
    finally:
        dialog.deleteLater()
    ok = accepted and ctx is not None
    if ok and ctx is not None:
        app_ctx.actor = ctx.actor
        app_ctx.role = ctx.role
        reset_views("apply_role")  # the new account's role: its buttons, its pages
        for page in _pages():
            refresh = getattr(page, "refresh", None)
            if page.isVisible() and callable(refresh):
                refresh()
        for cover in covers:
            parent = cover.parentWidget()
            if parent is not None:
                parent.removeEventFilter(cover)
            cover.deleteLater()
    return ok
