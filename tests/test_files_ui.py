"""Exports start in the folder used last and end with a message that opens the file or its
folder."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

from selfgov_desktop import app as gui
from selfgov_desktop.ui import files


def test_save_dialog_starts_in_the_folder_used_last(qtbot, tmp_path, monkeypatch):
    gui.make_application()
    QSettings().remove(files.KEY)
    folder = tmp_path / "U盘"
    folder.mkdir()
    asked: list[str] = []

    def fake(_parent, _title, start, _filters):
        asked.append(start)
        return str(folder / "台账.xlsx"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake)
    try:
        assert files.ask_save(None, "导出", "台账.xlsx", "Excel (*.xlsx)") == str(folder / "台账.xlsx")
        files.ask_save(None, "导出", "会议记录:1/2.pdf", "PDF (*.pdf)")
        assert asked[1] == str(folder / "会议记录12.pdf")  # the last folder, a safe name
    finally:
        QSettings().remove(files.KEY)


def test_export_confirmation_opens_the_file_or_its_folder(qtbot, tmp_path, monkeypatch):
    gui.make_application()
    parent = QWidget()
    qtbot.addWidget(parent)
    out = tmp_path / "台账.xlsx"
    out.write_bytes(b"x")
    opened: list[str] = []
    monkeypatch.setattr(files.QDesktopServices, "openUrl",
                        lambda url: opened.append(url.toLocalFile()) or True)
    box = files.confirm_export(parent, out, "已导出台账")
    assert box.isVisible() and str(out) in box.text() and "已导出台账" in box.text()
    box.open_btn.click()
    box = files.confirm_export(parent, out, "已导出台账")
    box.folder_btn.click()
    assert opened == [str(out), str(tmp_path)]
