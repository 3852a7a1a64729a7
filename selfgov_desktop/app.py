"""The GUI's composition root: QApplication, translations, the data-folder lock, the store
(offering the latest good backup when it is damaged), automatic backups (at start, every N
minutes while changes happen, at exit), the login (first run: the first administrator, before
the committee dialog), the idle lock and the main window."""

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
from PySide6.QtWidgets import QApplication, QMessageBox

from . import APP_NAME, APP_TITLE, paths
from .domain.clock import Clock, SystemClock
from .domain.errors import UserError
from .domain.model import StaffRole
from .services import accounts, backups, settings
from .services.base import Context
from .store.db import Store, StoreDamaged
from .store.lock import LOCK_NAME
from .ui import errors, qt_chinese, text_size, wheel
from .ui.bus import Bus
from .ui.context import AppContext
from .ui.dialogs.committee import CommitteeDialog
from .ui.dialogs.login import IdleLock, ask_login, idle_minutes, lock_window
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
    store = open_store(app, data_dir, SystemClock())
    if store is None:
        lock.unlock()
        return 2
    bdir = paths.backups_dir(data_dir)
    quietly(lambda: backups.backup_if_changed(store, bdir), "启动时备份")
    ctx = ask_login(store)  # first run: the first administrator, before anything else
    if ctx is None:
        store.close()
        lock.unlock()
        return 0
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


def open_store(app: QApplication, data_dir: Path, clock: Clock) -> Store | None:
    """The store; when quick_check fails, offer the latest good backup (the damaged file is
    kept in the backups folder). None when it cannot be opened."""
    db, bdir = paths.db_path(data_dir), paths.backups_dir(data_dir)
    for _attempt in range(2):
        try:
            return Store(db, backup_dir=bdir, clock=clock)
        except StoreDamaged as exc:
            log.error("数据文件未通过检查：%s", exc.message)
            offer = backups.latest_good(bdir)
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
                aside = backups.restore_damaged(db, offer.path, bdir, clock)
            except (UserError, OSError) as err:
                QMessageBox.critical(None, app.translate("app", "恢复失败"), str(err))
                return None
            log.warning("已用备份 %s 恢复；损坏的文件移到 %s", offer.path, aside)
        except UserError as exc:
            QMessageBox.critical(None, app.translate("app", "无法打开数据"), exc.message)
            return None
    return None
