"""One editor widget per field type of a step definition. Each editor reads and shows a
value, and calls `on_commit(key, value)` when the user has finished an edit (Enter, Tab,
leaving the field, picking from a list, ticking a box, or a short pause while typing)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFocusEvent, QIntValidator
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from ...domain.workflows import FieldSpec
from ..date_input import DateInput


class FieldEditor(QWidget):
    """Base: `value()`, `set_value(v)`, and `committed(key, value)` when edited."""

    committed = Signal(str, object)

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self._shown: Any = None
        self._loading = False
        self.lay = QHBoxLayout(self)
        self.lay.setContentsMargins(0, 0, 0, 0)

    def value(self) -> Any:
        raise NotImplementedError

    def _show(self, value: Any) -> None:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            self._show(value)
        finally:
            self._loading = False
        self._shown = self.value()

    def commit(self) -> None:
        """Save if the value differs from what was last loaded or saved."""
        if self._loading:
            return
        v = self.value()
        if v != self._shown:
            self._shown = v
            self.committed.emit(self.spec.key, v)

    def focus_widget(self) -> QWidget:
        return self


class _Line(QLineEdit):
    def __init__(self, on_leave: Callable[[], None]) -> None:
        super().__init__()
        self._on_leave = on_leave

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)
        self._on_leave()


class TextEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit = _Line(self.commit)
        self.edit.setPlaceholderText(spec.placeholder)
        self.edit.editingFinished.connect(self.commit)
        self.lay.addWidget(self.edit)

    def value(self) -> Any:
        return self.edit.text().strip()

    def _show(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))

    def focus_widget(self) -> QWidget:
        return self.edit


class IntEditor(TextEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit.setValidator(QIntValidator(0, 999999, self))
        self.edit.setMaximumWidth(120)
        self.lay.addStretch(1)

    def value(self) -> Any:
        t = self.edit.text().strip()
        return int(t) if t.isdigit() else None


class TimeEditor(TextEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit.setInputMask("99:99;_")
        self.edit.setMaximumWidth(90)
        self.lay.addStretch(1)

    def value(self) -> Any:
        t = self.edit.text().strip()
        return "" if t in (":", "") or "_" in t else t


class _Plain(QPlainTextEdit):
    def __init__(self, on_leave: Callable[[], None]) -> None:
        super().__init__()
        self._on_leave = on_leave
        self.setTabChangesFocus(True)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)
        self._on_leave()


class MultilineEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit = _Plain(self.commit)
        self.edit.setPlaceholderText(spec.placeholder)
        self.edit.setFixedHeight(84)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(1500)  # a pause while typing saves too
        self.timer.timeout.connect(self.commit)
        self.edit.textChanged.connect(lambda: None if self._loading else self.timer.start())
        self.lay.addWidget(self.edit)

    def value(self) -> Any:
        return self.edit.toPlainText().rstrip()

    def _show(self, value: Any) -> None:
        self.edit.setPlainText("" if value is None else str(value))

    def focus_widget(self) -> QWidget:
        return self.edit


class DateEditor(FieldEditor):
    """A date typed in any common form (2026-12-22, 2026/12/22, 20261222, 12月22日) or
    picked from a calendar that opens at today (the store's clock); 今天 and 清空 beside it."""

    def __init__(self, spec: FieldSpec, today: Callable[[], dt.date],
                 parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit = DateInput(today)
        self.edit.edited.connect(self.commit)
        self.today = QPushButton(self.tr("今天"))
        self.today.setToolTip(self.tr("填入今天的日期"))
        self.today.clicked.connect(lambda: self._pick(self.edit.today()))
        self.clear = QPushButton(self.tr("清空"))
        self.clear.clicked.connect(lambda: self._pick(None))
        self.lay.addWidget(self.edit)
        self.lay.addWidget(self.today)
        self.lay.addWidget(self.clear)
        self.lay.addStretch(1)

    def value(self) -> Any:
        return self.edit.iso()

    def _show(self, value: Any) -> None:
        self.edit.set_date(str(value)[:10] if value else None)

    def set_date(self, iso: str | None) -> None:
        """For keyboard users and tests: type a date and commit."""
        self._show(iso)
        self.commit()

    def _pick(self, day: dt.date | None) -> None:
        self.edit.set_date(day)
        self.commit()

    def type_text(self, text: str) -> None:
        """As if typed into the box and left."""
        self.edit.line.setText(text)
        self.edit.line.editingFinished.emit()

    def focus_widget(self) -> QWidget:
        return self.edit.line


class ChoiceEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None,
                 items: list[tuple[Any, str]] | None = None) -> None:
        super().__init__(spec, parent)
        self.combo = QComboBox()
        self.combo.addItem(self.tr("（请选择）"), None)
        for value, label in (items if items is not None else [(c, c) for c in spec.choices]):
            self.combo.addItem(label, value)
        self.combo.setMinimumWidth(220)
        self.combo.activated.connect(lambda _i: self.commit())
        self.lay.addWidget(self.combo)
        self.lay.addStretch(1)

    def value(self) -> Any:
        return self.combo.currentData()

    def _show(self, value: Any) -> None:
        i = self.combo.findData(value)
        self.combo.setCurrentIndex(max(i, 0))

    def choose(self, value: Any) -> None:
        self._show(value)
        self.commit()

    def focus_widget(self) -> QWidget:
        return self.combo


class BoolEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.box = QCheckBox(spec.label + ("＊" if spec.required else ""))
        self.box.toggled.connect(lambda _b: self.commit())
        self.lay.addWidget(self.box)
        self.lay.addStretch(1)

    def value(self) -> Any:
        return self.box.isChecked()

    def _show(self, value: Any) -> None:
        self.box.setChecked(bool(value))

    def focus_widget(self) -> QWidget:
        return self.box


class GroupsEditor(FieldEditor):
    """Tick the 楼组 concerned; 全选 for all. With no 楼组 in the store it says so, and offers
    to make them from the roster's 楼号 or to open 分组与单位."""

    make_groups = Signal()
    open_groups = Signal()

    def __init__(self, spec: FieldSpec, names: list[str], parent: QWidget | None = None,
                 buildings: int = 0) -> None:
        super().__init__(spec, parent)
        self.boxes: dict[str, QCheckBox] = {}
        wrap = QWidget()
        from PySide6.QtWidgets import QGridLayout, QLabel
        grid = QGridLayout(wrap)
        grid.setContentsMargins(0, 0, 0, 0)
        self.empty_label: QLabel | None = None
        self.make_btn: QPushButton | None = None
        self.open_btn: QPushButton | None = None
        if not names:
            self.empty_label = QLabel(self.tr("还没有楼组。楼组在“分组与单位”中建立；"
                                              "花名册有楼号时可以按楼号一次建好。"))
            self.empty_label.setWordWrap(True)
            self.empty_label.setStyleSheet("color: #b26a00;")
            grid.addWidget(self.empty_label, 0, 0, 1, 3)
            if buildings:
                self.make_btn = QPushButton(self.tr("按楼号建立楼组（{n}个）").format(n=buildings))
                self.make_btn.clicked.connect(self.make_groups.emit)
                grid.addWidget(self.make_btn, 1, 0)
            self.open_btn = QPushButton(self.tr("打开“分组与单位”…"))
            self.open_btn.clicked.connect(self.open_groups.emit)
            grid.addWidget(self.open_btn, 1, 1)
            grid.setColumnStretch(2, 1)
        columns = 4
        for i, name in enumerate(names):
            box = QCheckBox(name)
            box.toggled.connect(lambda _b: self.commit())
            self.boxes[name] = box
            grid.addWidget(box, i // columns, i % columns)
        self.all = QPushButton(self.tr("全选"))
        self.all.setToolTip(self.tr("全部勾选；已全部勾选时全部取消"))
        self.all.clicked.connect(self.select_all)
        self.all.setVisible(bool(names))
        grid.addWidget(self.all, 0, columns)
        if names:
            self.lay.addWidget(wrap)
            self.lay.addStretch(1)
        else:
            self.lay.addWidget(wrap, 1)  # the explanation wraps in the room there is

    def select_all(self) -> None:
        self._loading = True
        every = not all(b.isChecked() for b in self.boxes.values())
        for b in self.boxes.values():
            b.setChecked(every)
        self._loading = False
        self.commit()

    def value(self) -> Any:
        return [n for n, b in self.boxes.items() if b.isChecked()]

    def _show(self, value: Any) -> None:
        chosen = set(value or [])
        for n, b in self.boxes.items():
            b.setChecked(n in chosen)

    def focus_widget(self) -> QWidget:
        return next(iter(self.boxes.values()), self.make_btn or self.open_btn or self)


class TopicsEditor(FieldEditor):
    """Tick several topics of the 议题库 (a 议题征询会 forms several)."""

    def __init__(self, spec: FieldSpec, topics: list[tuple[int, str]], parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.boxes: dict[int, QCheckBox] = {}
        wrap = QWidget()
        col = QVBoxLayout(wrap)
        col.setContentsMargins(0, 0, 0, 0)
        for tid, title in topics[:60]:
            box = QCheckBox(title)
            box.toggled.connect(lambda _b: self.commit())
            self.boxes[tid] = box
            col.addWidget(box)
        if not topics:
            col.addWidget(QLabel(self.tr("议题库里还没有议题：先在“议题”页登记。")))
        self.lay.addWidget(wrap)
        self.lay.addStretch(1)

    def value(self) -> Any:
        return [tid for tid, b in self.boxes.items() if b.isChecked()]

    def _show(self, value: Any) -> None:
        chosen = {int(v) for v in (value or [])}
        for tid, b in self.boxes.items():
            b.setChecked(tid in chosen)

    def focus_widget(self) -> QWidget:
        return next(iter(self.boxes.values()), self)


def make_editor(spec: FieldSpec, *, groups: list[str], topics: list[tuple[int, str]],
                sessions: list[tuple[int, str]], today: Callable[[], dt.date],
                records: list[tuple[str, str]] | None = None, buildings: int = 0) -> FieldEditor:
    t = spec.type
    if t == "multiline":
        return MultilineEditor(spec)
    if t == "date":
        return DateEditor(spec, today)
    if t == "time":
        return TimeEditor(spec)
    if t == "int":
        return IntEditor(spec)
    if t == "choice":
        return ChoiceEditor(spec)
    if t == "bool":
        return BoolEditor(spec)
    if t == "groups":
        return GroupsEditor(spec, groups, buildings=buildings)
    if t == "topic":
        return ChoiceEditor(spec, items=list(topics))
    if t == "topics":
        return TopicsEditor(spec, list(topics))
    if t == "session":
        return ChoiceEditor(spec, items=list(sessions))
    if t == "record":  # a meeting or 四议两公开 record in the app
        return ChoiceEditor(spec, items=list(records or []))
    return TextEditor(spec)
