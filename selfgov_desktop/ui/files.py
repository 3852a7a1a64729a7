"""Choosing where a file goes, and saying where it went.

The platform's own file dialog where there is one (Qt's static functions pick it); Qt's
dialog, in Chinese, elsewhere. The folder last used is remembered (QSettings), and every
export ends with a message that can open the file or its folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget

KEY = "files/last_folder"


def _tr(text: str) -> str:
    return QCoreApplication.translate("files", text)


def last_folder() -> Path:
    value = QSettings().value(KEY)
    if value:
        folder = Path(str(value))
        if folder.is_dir():
            return folder
    docs = Path.home() / "Documents"
    return docs if docs.is_dir() else Path.home()


def remember(path: str | Path) -> None:
    p = Path(path)
    QSettings().setValue(KEY, str(p if p.is_dir() else p.parent))


def safe_name(name: str) -> str:
    return "".join(c for c in name if c not in '\\/:*?"<>|').strip() or "文档"


def ask_save(parent: QWidget | None, title: str, name: str, filters: str) -> str:
    """A path to write (starting in the folder used last), or "" when cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(last_folder() / safe_name(name)), filters)
    if path:
        remember(path)
    return path


def ask_open(parent: QWidget | None, title: str, filters: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, str(last_folder()), filters)
    if path:
        remember(path)
    return path


def open_file(path: str | Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def open_folder(path: str | Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))


def confirm_export(parent: QWidget | None, path: str | Path, summary: str = "") -> QMessageBox:
    """'已导出' with the file's place and two buttons: 打开文件, 打开所在文件夹. Window-modal
    and not blocking; the box is returned (tests press its buttons)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(_tr("已导出"))
    box.setText((summary + "\n\n" if summary else "") + _tr("文件保存在：{p}").format(p=str(path)))
    open_btn = box.addButton(_tr("打开文件"), QMessageBox.ButtonRole.ActionRole)
    folder_btn = box.addButton(_tr("打开所在文件夹"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(_tr("关闭"), QMessageBox.ButtonRole.RejectRole)

    def clicked(button: QPushButton) -> None:
        if button is open_btn:
            open_file(path)
        elif button is folder_btn:
            open_folder(path)

    box.buttonClicked.connect(clicked)
    box.open_btn = open_btn  # type: ignore[attr-defined]
    box.folder_btn = folder_btn  # type: ignore[attr-defined]
    if parent is not None:
        parent._export_box = box  # type: ignore[attr-defined]  # kept alive while shown
    box.open()
    return box
