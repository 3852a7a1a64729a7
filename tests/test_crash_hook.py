"""The global exception hook: the user sees a Chinese message and where the log is; the log has
the traceback; no traceback reaches a dialog — also for an error inside background work."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from selfgov_desktop.domain.errors import UserError
from selfgov_desktop.ui import errors
from selfgov_desktop.ui.bus import Bus
from selfgov_desktop.ui.operations import perform


@pytest.fixture
def shown(monkeypatch):
    seen: list[tuple[str, str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical",
                        lambda parent, title, text, *a, **k: seen.append(("critical", title, text)))
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a, **k: seen.append(("warning", title, text)))
    return seen


@pytest.fixture
def log_file(tmp_path, monkeypatch):
    path = tmp_path / "selfgov.log"
    before = list(logging.getLogger().handlers)
    errors.setup_logging(path)
    yield path
    for h in logging.getLogger().handlers:
        if h not in before:
            logging.getLogger().removeHandler(h)
            h.close()
    monkeypatch.setattr(errors, "_log_file", None)


def _raise_deep() -> None:
    def inner() -> None:
        raise RuntimeError("secret internal detail 310101199001011234")

    inner()


def test_excepthook_message_and_log(qtbot, shown, log_file):
    try:
        _raise_deep()
    except RuntimeError:
        errors.excepthook(*sys.exc_info())
    assert len(shown) == 1
    kind, title, text = shown[0]
    assert kind == "critical" and title == "出错了"
    assert "内部错误" in text and str(log_file) in text
    assert "Traceback" not in text and "inner" not in text and "secret" not in text
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback" in logged and "_raise_deep" in logged


def test_user_error_shows_its_message_only(qtbot, shown, log_file):
    try:
        raise UserError("文件“花名册.xlsx”第3行：身份证号校验位不对。")
    except UserError:
        errors.excepthook(*sys.exc_info())
    assert shown == [("warning", "无法完成", "文件“花名册.xlsx”第3行：身份证号校验位不对。")]


def test_error_in_background_work(qtbot, shown, log_file, sync_runner):
    parent = QWidget()
    qtbot.addWidget(parent)

    def work() -> None:
        _raise_deep()

    perform(parent, Bus(), work)
    assert len(shown) == 1 and shown[0][0] == "critical"
    assert "Traceback" not in shown[0][2] and str(log_file) in shown[0][2]
    assert "_raise_deep" in log_file.read_text(encoding="utf-8")
