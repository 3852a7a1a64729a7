"""Qt's own dialogs speak Chinese: the file dialog (Qt's, as on a platform without a native
one) and the message box buttons, with Qt's translations loaded by the application."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel, QMessageBox, QTreeView

from selfgov_desktop import app as gui

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def _texts(dialog) -> list[str]:
    out = [w.text() for w in dialog.findChildren(QLabel) if w.isVisibleTo(dialog) and w.text()]
    out += [w.text() or w.toolTip() for w in dialog.findChildren(QAbstractButton) if w.isVisibleTo(dialog)]
    return [t for t in out if t]


@pytest.mark.parametrize("mode", ["open", "save", "folder"])
def test_file_dialog_labels_are_chinese(qtbot, tmp_path, mode):
    gui.make_application()
    (tmp_path / "子文件夹").mkdir()
    dialog = QFileDialog(None, "选择文件", str(tmp_path), "表格文件 (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    if mode == "save":
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    if mode == "folder":
        dialog.setFileMode(QFileDialog.FileMode.Directory)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = _texts(dialog)
    assert any("查找范围" in t for t in texts), texts
    if mode != "folder":
        assert any("文件类型" in t for t in texts), texts
    english = [t for t in texts if LATIN_WORD.search(t.replace("xlsx", ""))]
    assert english == [], english
    tree = dialog.findChild(QTreeView)
    model = tree.model()
    headers = [model.headerData(i, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal)
               for i in range(model.columnCount())]
    assert headers[0] == "名称", headers
    qtbot.waitUntil(lambda: model.rowCount(tree.rootIndex()) > 0, timeout=3000)
    kind = model.index(0, 2, tree.rootIndex()).data()
    assert kind == "文件夹", kind


def test_message_box_buttons_are_chinese(qtbot):
    gui.make_application()
    box = QMessageBox(QMessageBox.Icon.Question, "问", "确定吗？",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                      | QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    box.show()
    labels = {b.text() for b in box.buttons()}
    assert not any(LATIN_WORD.search(t) for t in labels), labels
    assert any("是" in t for t in labels) and any("取消" in t for t in labels)
