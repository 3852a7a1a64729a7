"""The GUI's composition root: QApplication, translations, the data-folder lock, the store
(offering the latest good backup when it is damaged), automatic backups (at start, every N
minutes while changes happen, at exit), the login (first run: the first administrator, before
the committee dialog), the idle lock and the main window.

The data file is sealed (services/vault.py): the login comes before the store is opened, since
the password unwraps the key that opens it. A new store and a plain store sealed at a 主任's
first login show the recovery key once."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QLockFile, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from . import APP_NAME, APP_TITLE, paths
from .domain.clock import Clock, SystemClock
from .domain.errors import UserError
from .domain.model import StaffRole
from .services import accounts, backups, settings, vault
from .services.base import Context
from .store.db import Store, StoreDamaged
from .store.lock import LOCK_NAME
from .ui import errors, qt_chinese, text_size, wheel
from .ui.bus import Bus
from .ui.context import AppContext
from .ui.dialogs.committee import CommitteeDialog
from .ui.dialogs.login import (FirstAdminDialog, IdleLock, LoginDialog, RecoveryKeyDialog,
                               idle_minutes, lock_window)
from .ui.main_window import MainWindow
from .ui.style import STYLE


def make_application(argv: list[str] | None = None) -> QApplication:
    if QApplication.instance() is None:
        text_size.apply_before_start()  # 字号: read once, before Qt fixes its scale
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    if not hasattr(app, "_qt_chinese"):
        app._qt_chinese = qt_chinese.install(app)  # type: ignore[attr-defined]
    own = QTranslator(app)
    if own.load(QLocale(), "selfgov", "_", str(paths.resource("translations"))):
        app.installTranslator(own)
    _pick_font(app)
    app.setStyleSheet(STYLE)
    if not hasattr(app, "_wheel_guard"):
        app._wheel_guard = wheel.install(app)  # type: ignore[attr-defined]
    return app


def _pick_font(app: QApplication) -> None:
    families = set(QFontDatabase.families())
    for family in ("Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC",
                   "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Source Han Sans SC"):
        if family in families:
            font = QFont(family)
            font.setPointSizeF(10.5)
            app.setFont(font)
            return


log = logging.getLogger("selfgov.app")


def build_window(store: Store, data_dir: Path, actor: str | None = None,
                 role: StaffRole | str | None = None) -> MainWindow:
    ctx = Context(store, actor) if actor else Context(store)
    if role is not None:
        ctx.role = StaffRole(role)
    app_ctx = AppContext(ctx=ctx, bus=Bus(), data_dir=data_dir)
    return MainWindow(app_ctx)


def main(args: argparse.Namespace | None = None) -> int:
    app = make_application()
    errors.install()
    try:
        data_dir = paths.ensure_data_dir(paths.data_dir(getattr(args, "data_dir", None)))
    except UserError as exc:  # a symbolic link, or a folder that cannot be made
        QMessageBox.critical(None, app.translate("app", "无法打开数据目录"), exc.message)
        return 2
    errors.setup_logging(paths.log_path(data_dir))
    lock = QLockFile(str(data_dir / LOCK_NAME))
    lock.setStaleLockTime(0)
    if not lock.tryLock(100):
        QMessageBox.warning(None, app.translate("app", "程序已在运行"), app.translate(
            "app", "这个数据目录（{path}）已被另一个程序窗口或命令使用。\n"
            "请切换到已经打开的窗口，或先关闭它再打开。").format(path=str(data_dir)))
        return 2
    # first run: the first administrator, before anything else; the login opens the store
    opened = ask_open(app, data_dir, SystemClock())
    if opened is None:
        lock.unlock()
        return 0
    store, ctx = opened.store, opened.ctx
    if opened.recovery_code:
        RecoveryKeyDialog(opened.recovery_code, None, settings.committee(store).name).exec()
    if opened.notes:
        QMessageBox.information(None, app.translate("app", "数据已加密"), "\n\n".join(opened.notes))
    bdir = paths.backups_dir(data_dir)
    quietly(lambda: backups.backup_if_changed(store, bdir), "启动时备份")
    window = build_window(store, data_dir, ctx.actor, ctx.role)
    window.show()
    warn_if_log_broken(window, store)
    if not settings.committee(store).is_complete() and accounts.can_administer(ctx.role):
        CommitteeDialog(window.app.ctx, window, first_run=True).exec()
        window.current_page().refresh()
    auto = backups.AutoBackup(store, bdir, backups.interval_minutes(store))

    def tick() -> None:
        auto.interval = dt.timedelta(minutes=backups.interval_minutes(store))
        quietly(auto.tick, "定时备份")

    timer = QTimer(window)
    timer.timeout.connect(tick)
    timer.start(60_000)

    def on_idle() -> None:
        if not lock_window(window, window.app.ctx, store):
            app.quit()

    idle = IdleLock(lambda: idle_minutes(store), on_idle, window, clock=store.clock)
    code = app.exec()
    idle.stop()
    timer.stop()
    quietly(lambda: accounts.record_logout(window.app.ctx), "退出记录")
    quietly(auto.at_exit, "退出时备份")
    store.close()
    lock.unlock()
    return code


def warn_if_log_broken(window: MainWindow, store: Store) -> None:
    """At start: the audit log's hash chain, walked once; a break is said (and logged)."""
    from .services import audit

    try:
        check = audit.verify_chain(store)
    except Exception:  # noqa: BLE001 - a check must not stop the program from starting
        log.exception("审计日志校验失败")
        return
    if not check.ok:
        text = audit.chain_text(store, check)
        log.error(text)
        QMessageBox.warning(window, window.tr("审计日志校验不符"), text)


def quietly(fn: Callable[[], Any], what: str) -> Any:
    """Backups must never stop the program from starting or closing: log and go on."""
    try:
        return fn()
    except Exception:  # logged; the user's data is unaffected
        log.exception("%s失败", what)
        return None


def ask_open(app: QApplication, data_dir: Path, clock: Clock) -> vault.Opened | None:
    """The login (or, on an empty data folder, the first administrator), which opens the
    store. None when the user gave up."""
    db, bdir = paths.db_path(data_dir), paths.backups_dir(data_dir)
    dialog: FirstAdminDialog | LoginDialog
    if vault.state(db) is vault.State.EMPTY:
        dialog = FirstAdminDialog(
            None, creator=lambda user, name, pw, confirm: vault.create(
                db, user, name, pw, confirm=confirm, backup_dir=bdir, clock=clock),
            adopter=lambda src, user, pw: vault.adopt_backup(db, src, user, pw, backup_dir=bdir,
                                                             clock=clock))
    elif vault.plain_without_accounts(db):  # a file from before accounts: its first 主任 seals it
        dialog = FirstAdminDialog(None, creator=lambda user, name, pw, confirm:
                                  vault.first_admin_of_plain(db, user, name, pw, confirm=confirm,
                                                             backup_dir=bdir, clock=clock))
    else:
        dialog = LoginDialog(
            None, opener=lambda user, pw: open_as(app, data_dir, clock, user, pw),
            recoverer=lambda code, user, pw, confirm: vault.recover(
                db, code, user, pw, confirm=confirm, backup_dir=bdir, clock=clock)
            if vault.state(db) is vault.State.SEALED else _no_recovery())
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    opened: vault.Opened | None = dialog.opened
    return opened


def _no_recovery() -> vault.Opened:
    raise UserError("数据还没有加密，不需要恢复密钥：请主任用自己的密码登录。")


def open_as(app: QApplication, data_dir: Path, clock: Clock, user: str,
            password: str) -> vault.Opened:
    """Unwrap the data key with this account's password, open the store (offering a backup
    when it is damaged), log in."""
    db, bdir = paths.db_path(data_dir), paths.backups_dir(data_dir)
    key = vault.unlock(db, user, password, clock) if vault.state(db) is vault.State.SEALED \
        else None
    store = open_store(app, data_dir, clock, key)
    if store is None:
        raise UserError("数据文件无法打开。")
    return vault.enter(store, user, password, backup_dir=bdir, clock=clock)


def open_store(app: QApplication, data_dir: Path, clock: Clock,
               key: bytes | None = None) -> Store | None:
    """The store (sealed with `key`); when quick_check fails, offer the latest good backup
    (the damaged file is kept in the backups folder). None when it cannot be opened."""
    db, bdir = paths.db_path(data_dir), paths.backups_dir(data_dir)
    for _attempt in range(2):
        try:
            return Store(db, backup_dir=bdir, clock=clock, key=key)
        except StoreDamaged as exc:
            log.error("数据文件未通过检查：%s", exc.message)
            offer = backups.latest_good(bdir, key)
            if offer is None:
                QMessageBox.critical(None, app.translate("app", "数据文件已损坏"), exc.message
                                     + app.translate("app", "\n\n备份文件夹 {path} 中没有可用的备份。")
                                     .format(path=str(bdir)))
                return None
            answer = QMessageBox.question(
                None, app.translate("app", "数据文件已损坏"),
                app.translate("app", "{msg}\n\n最近一份完好的备份是 {when}（{counts}）。\n"
                              "要用它恢复吗？损坏的文件会保留在备份文件夹中，不会删除。").format(
                    msg=exc.message, when=f"{offer.taken_at:%Y-%m-%d %H:%M}",
                    counts=offer.counts_text))
            if answer != QMessageBox.StandardButton.Yes:
                return None
            try:
                aside = backups.restore_damaged(db, offer.path, bdir, clock, key)
            except (UserError, OSError) as err:
                QMessageBox.critical(None, app.translate("app", "恢复失败"), str(err))
                return None
            log.warning("已用备份 %s 恢复；损坏的文件移到 %s", offer.path, aside)
        except UserError as exc:
            QMessageBox.critical(None, app.translate("app", "无法打开数据"), exc.message)
            return None
    return None
