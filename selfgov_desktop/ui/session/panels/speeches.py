"""The speech record: speaker, stance and content, added with Ctrl+回车."""

from __future__ import annotations

from typing import TYPE_CHECKING

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout

from ....services import participants as P
from ....services import sessions as S
from .base import Panel, _item, _selected_ids, _table, _title

if TYPE_CHECKING:
    from ..host import PanelHost


ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def is_ctrl_enter(event: QKeyEvent) -> bool:
    """Ctrl+回车 on either Enter key (the keypad one carries KeypadModifier too)."""
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return event.key() in ENTER_KEYS and mods == Qt.KeyboardModifier.ControlModifier


class RecordBox(QPlainTextEdit):
    """A text box where Ctrl+回车 (main or keypad Enter) records what was typed. It takes
    the key before any window shortcut (下一步 uses the same key elsewhere on the page), so
    the binding is one per place and the typed text is never carried off by 下一步."""

    def __init__(self, on_record: Callable[[], None]) -> None:
        super().__init__()
        self._on_record = on_record
        self.setTabChangesFocus(True)

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ShortcutOverride and isinstance(e, QKeyEvent) and is_ctrl_enter(e):
            e.accept()  # ours, not the window's shortcut
            return True
        return super().event(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if is_ctrl_enter(e):
            self._on_record()
            return
        super().keyPressEvent(e)


class SpeechesPanel(Panel):
    def __init__(self, host: PanelHost) -> None:
        super().__init__(host)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(_title(self.tr("发言记录")))
        form = QGridLayout()
        form.addWidget(QLabel(self.tr("发言人：")), 0, 0)
        self.speaker = QComboBox()
        self.speaker.setEditable(True)
        self.speaker.setMinimumWidth(200)
        form.addWidget(self.speaker, 0, 1)
        form.addWidget(QLabel(self.tr("立场：")), 0, 2)
        self.stance = QComboBox()
        self.stance.addItems(list(S.STANCES))
        form.addWidget(self.stance, 0, 3)
        form.addWidget(QLabel(self.tr("内容：")), 1, 0, Qt.AlignmentFlag.AlignTop)
        self.content = RecordBox(self.add)
        self.content.setFixedHeight(64)
        self.content.setPlaceholderText(self.tr("发言要点。写完按 Ctrl+回车 记录。"))
        form.addWidget(self.content, 1, 1, 1, 3)
        self.add_btn = QPushButton(self.tr("记录这条发言（Ctrl+回车）"))
        self.add_btn.clicked.connect(self.add)
        form.addWidget(self.add_btn, 2, 3)
        form.setColumnStretch(1, 1)
        lay.addLayout(form)
        self.table = _table([self.tr("序号"), self.tr("发言人"), self.tr("立场"), self.tr("内容")])
        self.table.setColumnWidth(0, 50)
        self.table.setColumnWidth(1, 110)
        self.table.setColumnWidth(2, 60)
        lay.addWidget(self.table)
        self.remove_btn = QPushButton(self.tr("删除所选发言"))
        self.remove_btn.clicked.connect(self.remove)
        lay.addWidget(self.remove_btn, 0, Qt.AlignmentFlag.AlignLeft)
        self._people: dict[str, int] = {}

    def add(self) -> None:
        speaker = self.speaker.currentText().strip()
        content = self.content.toPlainText().strip()
        if not speaker:
            self.host.flash(self.tr("请先选择或填写发言人。"), error=True)
            return
        ch = self.host.run(S.add_speech, self.ctx, self.sid, speaker, content, self.stance.currentText(),
                           self._people.get(speaker),
                           undo=lambda c: (S.remove_speech, (self.ctx, c.data["id"])),
                           label=self.tr("记录发言"))
        if ch is not None:
            self.content.clear()
            self.content.setFocus()
            if ch.data.get("warning"):
                self.host.flash(str(ch.data["warning"]), error=True)

    def pending(self) -> str:
        return self.tr("发言内容") if self.content.toPlainText().strip() else ""

    def record_pending(self) -> bool:
        if not self.pending():
            return True
        if not self.speaker.currentText().strip():
            return False
        self.add()
        return not self.pending()

    def focus_pending(self) -> None:
        self.content.setFocus()

    def remove(self) -> None:
        for spid in _selected_ids(self.table):
            self.host.run(S.remove_speech, self.ctx, spid, label=self.tr("删除发言"))

    def reload(self) -> None:
        people = P.list_participants(self.store, self.sid)
        self._people = {p.name: p.id for p in people}
        text = self.speaker.currentText()
        self.speaker.clear()
        self.speaker.addItems([p.name for p in people if p.attendance in ("出席", "委托", "")])
        self.speaker.setEditText(text)
        rows = S.speeches(self.store, self.sid)
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            self.table.setItem(i, 0, _item(i + 1, r["id"]))
            self.table.setItem(i, 1, _item(r["speaker"]))
            self.table.setItem(i, 2, _item(r["stance"]))
            self.table.setItem(i, 3, _item(r["content"]))
