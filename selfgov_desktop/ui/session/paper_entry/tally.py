"""What the evaluation forms and the ballots share: typing returned sheets form by form with
the keyboard alone, or per-option counts from the tally sheet, and the dialog around both with
the issued count and a live check that keeps 保存 disabled until the numbers add up."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHBoxLayout, QHeaderView, QLabel, QListWidget,
                               QSpinBox, QTableWidget, QTabWidget, QVBoxLayout, QWidget)

from ....domain import paper as PP
from .common import BAD_COLOUR, OK_COLOUR, _EntryDialog, _item, _spin

DIGITS = {getattr(Qt.Key, f"Key_{i}"): i for i in range(10)}


class FormByForm(QFrame):
    """One returned sheet at a time: a key per answer, Enter for the next sheet."""

    changed = Signal()
    message = Signal(str, bool)
    save_requested = Signal()

    def __init__(self, items: Sequence[str], options: Sequence[str], numbers: Sequence[str] = ()) -> None:
        super().__init__()
        self.items, self.options = list(items), tuple(options)
        self.numbers = list(numbers)
        self.forms: list[PP.PaperForm] = []
        self.current = PP.PaperForm([None] * len(self.items))
        self.item_index = 0
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setObjectName("formByForm")
        self.setStyleSheet("#formByForm:focus { border: 2px solid #1f6feb; }")
        lay = QVBoxLayout(self)
        self.head = QLabel()
        self.head.setStyleSheet("font-size: 18px; font-weight: bold;")
        lay.addWidget(self.head)
        keys = "　".join(f"{i + 1} = {o}" for i, o in enumerate(self.options))
        hint = QLabel(self.tr("按键：{keys}　0 = 整张无效　退格 = 上一项　回车 = "
                              "下一张　Ctrl+Z = 改上一张").format(keys=keys))
        hint.setWordWrap(True)
        lay.addWidget(hint)
        self.sheet = QTableWidget(len(self.items), 2)
        self.sheet.setHorizontalHeaderLabels([self.tr("评议内容/表决事项"), self.tr("这张的答案")])
        self.sheet.verticalHeader().setVisible(False)
        self.sheet.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.sheet.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sheet.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.sheet.setColumnWidth(1, 140)
        lay.addWidget(self.sheet, 1)
        self.done = QListWidget()
        self.done.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.done.setMaximumHeight(90)
        self.done.setFlow(QListWidget.Flow.LeftToRight)
        self.done.setWrapping(True)
        lay.addWidget(QLabel(self.tr("已录入的表（编号顺序）：")))
        lay.addWidget(self.done)
        self._paint()

    def number(self, i: int) -> str:
        return self.numbers[i] if i < len(self.numbers) else f"{i + 1:03d}"

    def _paint(self) -> None:
        n = len(self.forms)
        state = self.tr("（整张无效）") if self.current.void else ""
        self.head.setText(self.tr("第{n}张　编号{no}{s}").format(n=n + 1, no=self.number(n), s=state))
        for i, name in enumerate(self.items):
            self.sheet.setItem(i, 0, _item(name))
            a = self.current.answers[i]
            it = _item(a or ("—" if self.current.void else ""))
            if i == self.item_index and not self.current.void:
                it.setBackground(QColor("#d6e6ff"))
            self.sheet.setItem(i, 1, it)

    def _add_done(self, f: PP.PaperForm) -> None:
        text = self.tr("作废") if f.void else "".join(str(self.options.index(a) + 1) for a in f.answers if a)
        self.done.addItem(f"{len(self.forms)}:{text}")
        self.done.scrollToBottom()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = Qt.Key(event.key())
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key == Qt.Key.Key_Z and mods == Qt.KeyboardModifier.ControlModifier:
            self.reopen_last()
            return
        if key == Qt.Key.Key_S and mods == Qt.KeyboardModifier.ControlModifier:
            self.save_requested.emit()  # when the window's shortcut did not take it
            return
        if mods:
            super().keyPressEvent(event)
            return
        if key in DIGITS:
            d = DIGITS[key]
            if d == 0:
                self.current.void = not self.current.void
            elif d <= len(self.options) and not self.current.void:
                self.current.answers[self.item_index] = self.options[d - 1]
                if self.item_index + 1 < len(self.items):
                    self.item_index += 1
            else:
                self.message.emit(self.tr("只能按1到{n}，或0（整张无效）。").format(n=len(self.options)),
                                  False)
                return
            self._paint()
            self.changed.emit()
            return
        if key == Qt.Key.Key_Backspace:
            if self.current.void:
                self.current.void = False
            else:
                if self.current.answers[self.item_index] is None and self.item_index > 0:
                    self.item_index -= 1
                self.current.answers[self.item_index] = None
            self._paint()
            self.changed.emit()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.commit()
            return
        super().keyPressEvent(event)

    def commit(self) -> bool:
        if not self.current.complete():
            left = [self.items[i] for i, a in enumerate(self.current.answers) if a is None]
            self.message.emit(self.tr("这张还有{n}项没填（{w}）：补上，或按0记为无效。").format(
                n=len(left), w="、".join(left[:3])), False)
            return False
        self.forms.append(self.current)
        self._add_done(self.current)
        self.current = PP.PaperForm([None] * len(self.items))
        self.item_index = 0
        self._paint()
        self.changed.emit()
        return True

    def reopen_last(self) -> None:
        if not self.forms:
            return
        self.current = self.forms.pop()
        self.done.takeItem(self.done.count() - 1)
        self.item_index = len(self.items) - 1
        self._paint()
        self.changed.emit()

    def tally(self) -> tuple[int, int, dict[str, dict[str, int]]]:
        return PP.tally_forms(self.forms, self.items, self.options)


class CountsGrid(QWidget):
    """Per-option counts per criterion (motion), typed from the tally sheet."""

    changed = Signal()

    def __init__(self, items: Sequence[str], options: Sequence[str]) -> None:
        super().__init__()
        self.items, self.options = list(items), tuple(options)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        form = QHBoxLayout()
        self.returned, self.valid, self.void = _spin(), _spin(), _spin()
        for label, sp in ((self.tr("收回"), self.returned), (self.tr("有效"), self.valid),
                          (self.tr("无效"), self.void)):
            form.addWidget(QLabel(label))
            form.addWidget(sp)
            sp.valueChanged.connect(lambda _v: self.changed.emit())
        form.addStretch(1)
        lay.addLayout(form)
        self.table = QTableWidget(len(self.items), len(self.options) + 2)
        self.table.setHorizontalHeaderLabels([self.tr("评议内容/表决事项"), *self.options, self.tr("合计")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.spins: list[list[QSpinBox]] = []
        for i, name in enumerate(self.items):
            self.table.setItem(i, 0, _item(name))
            row = []
            for j in range(len(self.options)):
                sp = _spin()
                sp.valueChanged.connect(lambda _v: self.changed.emit())
                self.table.setCellWidget(i, j + 1, sp)
                row.append(sp)
            self.spins.append(row)
        self.table.verticalHeader().setDefaultSectionSize(30)
        lay.addWidget(self.table, 1)
        self.changed.connect(self._totals)
        self._totals()

    def _totals(self) -> None:
        for i, row in enumerate(self.spins):
            total = sum(sp.value() for sp in row)
            it = _item(total)
            it.setForeground(QColor(OK_COLOUR if total == self.valid.value() else BAD_COLOUR))
            self.table.setItem(i, len(self.options) + 1, it)

    def counts(self) -> dict[str, dict[str, int]]:
        return {name: {o: self.spins[i][j].value() for j, o in enumerate(self.options)}
                for i, name in enumerate(self.items)}

    def set_counts(self, counts: dict[str, dict[str, int]], forms: PP.FormCounts | None) -> None:
        for i, name in enumerate(self.items):
            for j, o in enumerate(self.options):
                self.spins[i][j].setValue(int(counts.get(name, {}).get(o, 0)))
        if forms is not None:
            self.returned.setValue(forms.returned)
            self.valid.setValue(forms.valid)
            self.void.setValue(forms.void)


class _TallyDialog(_EntryDialog):
    """Shared by the evaluation forms and the ballots: issued, two tabs, a live check."""

    def _build(self, items: list[str], options: tuple[str, ...], numbers: list[str], head: QWidget | None,
               issued: int) -> None:
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("发出（张）：")))
        self.issued = _spin()
        self.issued.setValue(issued)
        self.issued.valueChanged.connect(self.check)
        top.addWidget(self.issued)
        if head is not None:
            top.addWidget(head)
        top.addStretch(1)
        lay.addLayout(top)
        body = QHBoxLayout()
        self.tabs = QTabWidget()
        self.by_form = FormByForm(items, options, numbers)
        self.by_form.changed.connect(self.check)
        self.by_form.message.connect(self.show_status)
        self.by_form.save_requested.connect(self.save)
        self.counts = CountsGrid(items, options)
        self.counts.changed.connect(self.check)
        self.tabs.addTab(self.by_form, self.tr("逐张录入（键盘）"))
        self.tabs.addTab(self.counts, self.tr("按统计表录入票数"))
        self.tabs.currentChanged.connect(lambda _i: self._tab_changed())
        body.addWidget(self.tabs, 3)
        self.outcome = QLabel()
        self.outcome.setTextFormat(Qt.TextFormat.RichText)
        self.outcome.setWordWrap(True)
        self.outcome.setMinimumWidth(360)
        self.outcome.setAlignment(Qt.AlignmentFlag.AlignTop)
        body.addWidget(self.outcome, 2)
        lay.addLayout(body, 1)
        lay.addLayout(self.bottom())

    def _tab_changed(self) -> None:
        if self.tabs.currentWidget() is self.by_form:
            self.by_form.setFocus()
        self.check()

    def mode(self) -> str:
        return "forms" if self.tabs.currentWidget() is self.by_form else "counts"

    def current(self) -> tuple[PP.FormCounts, dict[str, dict[str, int]]]:
        """What the active tab says: the form counts and per-item option counts."""
        if self.mode() == "forms":
            valid, void, per = self.by_form.tally()
            return PP.FormCounts(self.issued.value(), len(self.by_form.forms), valid, void), per
        c = self.counts
        return (PP.FormCounts(self.issued.value(), c.returned.value(), c.valid.value(), c.void.value()),
                c.counts())

    def problems(self, forms: PP.FormCounts, per: dict[str, dict[str, int]]) -> list[str]:
        raise NotImplementedError

    def describe(self, forms: PP.FormCounts, per: dict[str, dict[str, int]]) -> str:
        raise NotImplementedError

    def check(self) -> None:
        forms, per = self.current()
        problems = self.problems(forms, per)
        if self.mode() == "forms" and not self.by_form.current.complete() and any(
                a is not None for a in self.by_form.current.answers):
            problems.append(self.tr("正在录入的第{n}张还没按回车").format(n=len(self.by_form.forms) + 1))
        if self.mode() == "forms" and not self.by_form.forms:
            problems.append(self.tr("还没有录入任何一张"))
        self.outcome.setText(self.describe(forms, per))
        self.save_btn.setEnabled(not problems)
        if problems:
            self.show_status(self.tr("数字还对不上，不能保存：") + "；".join(problems), False)
        else:
            self.show_status(self.tr("数字相符，可以保存。"), True)
