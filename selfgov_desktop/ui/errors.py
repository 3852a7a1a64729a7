"""No traceback ever reaches a dialog: a Chinese message and where the log is."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ..domain.errors import UserError

log = logging.getLogger("selfgov")
_log_file: Path | None = None


def setup_logging(log_file: Path) -> None:
    global _log_file
    _log_file = log_file
    if not log_file.exists():  # owner-only: tracebacks can quote residents' data
        import os

        os.close(os.open(log_file, os.O_CREAT | os.O_WRONLY, 0o600))
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def show_error(parent: QWidget | None, exc: BaseException, tb: str = "") -> None:
    """UserError: its message. Anything else: a plain apology, the traceback to the log."""
    if isinstance(exc, UserError):
        if getattr(exc, "detail", ""):  # a refusal's technical words: the log, not the dialog
            log.warning("%s\n%s", exc.message, exc.detail)  # type: ignore[attr-defined]
        QMessageBox.warning(parent, QApplication.translate("errors", "无法完成"), exc.message)
        return
    log.error("内部错误\n%s", tb or "".join(traceback.format_exception(exc)))
    where = str(_log_file) if _log_file else QApplication.translate("errors", "日志文件")
    QMessageBox.critical(
        parent,
        QApplication.translate("errors", "出错了"),
        QApplication.translate(
            "errors",
            "程序遇到一个内部错误（{kind}），刚才的操作没有完成，已保存的数据不受影响。\n\n"
            "详细信息已记录在：{where}\n如问题反复出现，请把这个文件交给技术支持。",
        ).format(kind=type(exc).__name__, where=where),
    )


def excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    text = "".join(traceback.format_exception(kind, exc, tb))
    if QApplication.instance() is None:  # pragma: no cover
        if sys.__stderr__ is not None:  # None in a windowed bundle
            sys.__stderr__.write(text)
        return
    parent = QApplication.activeWindow()
    show_error(parent, exc, text)


def install() -> None:
    sys.excepthook = excepthook
