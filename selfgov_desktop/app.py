"""The GUI's composition root: QApplication, translations, the data-folder lock, the store,
the first-run dialog and the main window."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QLockFile, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from . import APP_NAME, APP_TITLE, paths
from .domain.errors import UserError
from .services import settings
from .services.base import Context
from .store.db import Store
from .store.lock import LOCK_NAME
from .ui import errors
from .ui.bus import Bus
from .ui.context import AppContext
from .ui.dialogs.committee import CommitteeDialog
from .ui.main_window import MainWindow
from .ui.style import STYLE


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)
    qt_tr = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(), "qtbase", "_", qt_tr):
        app.installTranslator(translator)
    own = QTranslator(app)
    if own.load(QLocale(), "selfgov", "_", str(paths.resource("translations"))):
        app.installTranslator(own)
    _pick_font(app)
    app.setStyleSheet(STYLE)
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


def build_window(store: Store, data_dir: object, actor: str | None = None) -> MainWindow:
    ctx = Context(store, actor) if actor else Context(store)
    app_ctx = AppContext(ctx=ctx, bus=Bus(), data_dir=data_dir)  # type: ignore[arg-type]
    return MainWindow(app_ctx)


def main(args: argparse.Namespace | None = None) -> int:
    app = make_application()
    errors.install()
    data_dir = paths.ensure_data_dir(paths.data_dir(getattr(args, "data_dir", None)))
    errors.setup_logging(paths.log_path(data_dir))
    lock = QLockFile(str(data_dir / LOCK_NAME))
    lock.setStaleLockTime(0)
    if not lock.tryLock(100):
        QMessageBox.warning(None, app.translate("app", "程序已在运行"), app.translate(
            "app", "这个数据目录（{path}）已被另一个程序窗口或命令使用。\n"
            "请切换到已经打开的窗口，或先关闭它再打开。").format(path=str(data_dir)))
        return 2
    try:
        store = Store(paths.db_path(data_dir), backup_dir=paths.backups_dir(data_dir))
    except UserError as exc:
        QMessageBox.critical(None, app.translate("app", "无法打开数据"), exc.message)
        lock.unlock()
        return 2
    window = build_window(store, data_dir, getattr(args, "actor", None))
    window.show()
    if not settings.committee(store).is_complete():
        CommitteeDialog(window.app.ctx, window, first_run=True).exec()
        window.current_page().refresh()
    code = app.exec()
    store.close()
    lock.unlock()
    return code
