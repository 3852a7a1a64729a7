"""Paper in the room, in the step engine: 打印表格 buttons, and typing the paper back.

- 签到录入: the printed list in the same order; keys 1 出席 · 2 缺席 · 3 请假 · 4 委托 (then the
  受托人's name) · 0 clear, the cursor moves to the next line; walk-ins by name or pinyin;
  the quorum / attendance / coverage figures update with every key.
- 评议表 / 表决票录入: form by form with the keyboard alone (one key per answer, 0 = void,
  Backspace = back, Enter = next form, Ctrl+Z = reopen the last form), or per-option counts
  per criterion. Nothing is saved unless valid + void = returned ≤ issued and every criterion
  (motion) adds up to the valid forms; 保存 (Ctrl+S) stays disabled until it does.

Everything is saved by services.paper in one transaction, into the tables the live panels use."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDialog, QFileDialog, QFormLayout,
                               QFrame, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QPushButton, QSpinBox, QTableWidget,
                               QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from ...domain import evaluation as ev
from ...domain import meetings as M
from ...domain import paper as PP
from ...domain.errors import UserError
from ...services import participants as P
from ...services import paper
from ...services.base import Changed
from ..operations import perform
from .panels import Panel

if TYPE_CHECKING:
    from ...domain.workflows import StepDef
    from .view import SessionView

OK_COLOUR = "#2e7d32"
BAD_COLOUR = "#c62828"
ATT_KEYS = {Qt.Key.Key_1: "出席", Qt.Key.Key_2: "缺席", Qt.Key.Key_3: "请假", Qt.Key.Key_4: "委托",
            Qt.Key.Key_0: ""}
DIGITS = {getattr(Qt.Key, f"Key_{i}"): i for i in range(10)}


def paper_panels(host: SessionView, step: StepDef) -> list[Panel]:
    """The hook the step engine calls: a 纸质表格 strip on steps with sign-in, scoring or votes."""
    if not {"signin", "scoring", "votes", "participants"} & set(step.panels):
        return []
    return [PaperPanel(host, step)]


def _item(text: Any, data: Any = None) -> QTableWidgetItem:
    it = QTableWidgetItem("" if text is None else str(text))
    it.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if data is not None:
        it.setData(Qt.ItemDataRole.UserRole, data)
    return it


def _spin(maximum: int = 9999) -> QSpinBox:
    sp = QSpinBox()
    sp.setRange(0, maximum)
    sp.setMinimumWidth(70)
    sp.setMaximumWidth(110)
    return sp


# -- the strip in the step --------------------------------------------------------------------

class PaperPanel(Panel):
    def __init__(self, host: SessionView, step: StepDef) -> None:
        super().__init__(host)
        self.step = step
        self.dialog: QDialog | None = None
        self.last_export: Changed | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        title = QLabel(self.tr("纸质表格（打印后在会场使用，会后录入）"))
        title.setObjectName("sectionTitle")
        lay.addWidget(title)
        row = QHBoxLayout()
        self.print_buttons: dict[str, QPushButton] = {}
        kinds = paper.available_forms(self.store, self.sid)
        labels = {"signin": self.tr("打印签到表"), "evaluation": self.tr("打印评议表"),
                  "ballot": self.tr("打印表决票"), "tally": self.tr("打印统计表")}
        for kind in kinds:
            b = QPushButton(labels[kind])
            b.clicked.connect(lambda _c=False, k=kind: self.ask_export(k))
            self.print_buttons[kind] = b
            row.addWidget(b)
        if {"evaluation", "ballot"} & set(kinds):
            row.addWidget(QLabel(self.tr("份数：")))
            self.copies = _spin(PP.MAX_COPIES)
            self.copies.setMinimum(1)
            self.copies.setToolTip(self.tr("评议表、表决票打印几份（每份有编号）；默认按签到出席人数"))
            row.addWidget(self.copies)
        else:
            self.copies = None
        row.addStretch(1)
        lay.addLayout(row)
        entry = QHBoxLayout()
        self.entry_buttons: dict[str, QPushButton] = {}
        if "signin" in step.panels:
            self.entry_buttons["signin"] = QPushButton(self.tr("按纸质签到表录入…"))
        if "scoring" in step.panels:
            self.entry_buttons["evaluation"] = QPushButton(self.tr("录入纸质评议表…"))
        if "votes" in step.panels:
            self.entry_buttons["ballot"] = QPushButton(self.tr("录入纸质表决票…"))
        for kind, b in self.entry_buttons.items():
            b.clicked.connect(lambda _c=False, k=kind: self.open_entry(k))
            entry.addWidget(b)
        entry.addStretch(1)
        lay.addLayout(entry)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {BAD_COLOUR};")
        self.warning.setVisible(False)
        lay.addWidget(self.warning)

    def reload(self) -> None:
        problems = paper.stored_problems(self.store, self.sid) if "evaluation" in self.entry_buttons else []
        self.warning.setText(self.tr("已录入的纸质评议表票数对不上，请重新录入：") + "；".join(problems))
        self.warning.setVisible(bool(problems))
        if self.copies is not None and self.copies.value() <= 1:
            n = paper.attending(self.store, self.sid) or len(P.list_participants(self.store, self.sid))
            self.copies.setValue(max(1, n))

    # printing
    def ask_export(self, kind: str) -> None:
        rec = self.host.record
        name = f"{rec.title if rec else ''}{PP.FORM_KINDS[kind]}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("保存表格"), str(Path.home() / name),
                                              self.tr("PDF 文件 (*.pdf)"))
        if path:
            self.export(kind, path)

    def export(self, kind: str, path: str) -> None:
        """Render off the GUI thread (hundreds of copies take seconds); the bar says where it went."""
        from ...documents import forms as form_docs  # reportlab: loaded when used

        copies = self.copies.value() if self.copies is not None else 1
        self.last_export = None
        self.host.flash(self.tr("正在生成{k}……").format(k=PP.FORM_KINDS[kind]))

        def done(ch: Changed) -> None:
            self.last_export = ch
            self.host.flash(ch.summary)

        perform(self, self.host.app.bus, paper.export_form, self.ctx, self.sid, kind, path, form_docs.write,
                copies=copies, label=self.tr("打印表格"), on_success=done)

    # entry
    def open_entry(self, kind: str) -> QDialog | None:
        try:
            if kind == "signin":
                dlg: QDialog = SigninEntryDialog(self.host, self)
            elif kind == "evaluation":
                dlg = EvaluationEntryDialog(self.host, self)
            else:
                dlg = BallotEntryDialog(self.host, self)
        except UserError as exc:
            self.host.flash(exc.message, error=True)
            return None
        self.dialog = dlg
        dlg.finished.connect(lambda _r: self._after_entry())
        dlg.open()
        return dlg

    def _after_entry(self) -> None:
        self.host._reload_editors()  # forms_issued… were written by the entry
        for p in self.host.panels:
            p.reload()
        self.host.refresh_status()


class _EntryDialog(QDialog):
    def __init__(self, host: SessionView, parent: QWidget, title: str) -> None:
        super().__init__(parent)
        self.host = host
        self.setWindowTitle(title)
        self.resize(1100, 680)
        self.saved: Changed | None = None
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("entryStatus")
        self.save_btn = QPushButton(self.tr("保存（Ctrl+S）"))
        self.save_btn.setObjectName("nextButton")
        self.save_btn.clicked.connect(self.save)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save)
        self.cancel_btn = QPushButton(self.tr("关闭"))
        self.cancel_btn.clicked.connect(self.reject)

    @property
    def ctx(self) -> Any:
        return self.host.app.ctx

    @property
    def store(self) -> Any:
        return self.host.app.ctx.store

    @property
    def sid(self) -> int:
        return self.host.sid

    def bottom(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.cancel_btn)
        row.addWidget(self.save_btn)
        return row

    def show_status(self, text: str, ok: bool) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {OK_COLOUR if ok else BAD_COLOUR}; font-size: 14px;")

    def call(self, fn: Any, *args: Any, **kwargs: Any) -> Changed | None:
        try:
            ch = fn(*args, **kwargs)
        except UserError as exc:
            self.show_status(exc.message, False)
            return None
        self.saved = ch
        self.host.app.bus.changed.emit(ch)
        self.host.flash(ch.summary)
        return ch

    def save(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


# -- sign-in -----------------------------------------------------------------------------------

class SigninTable(QTableWidget):
    key_mark = Signal(str)
    save_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = Qt.Key(event.key())
        if key == Qt.Key.Key_S and event.modifiers() == Qt.KeyboardModifier.ControlModifier:
            self.save_requested.emit()  # when the window's shortcut did not take it
            return
        if key in ATT_KEYS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.key_mark.emit(ATT_KEYS[key])
            return
        if key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self.key_mark.emit("")
            return
        super().keyPressEvent(event)


class SigninEntryDialog(_EntryDialog):
    COLS = ("序号", "姓名", "楼组/单位", "角色", "签到", "受托人/说明")

    def __init__(self, host: SessionView, parent: QWidget) -> None:
        super().__init__(host, parent, self.tr("按纸质签到表录入"))
        self.entry = paper.signin_entry(self.store, self.sid)
        self.rows = self.entry.rows
        self.names = {r.id: r.name for r in self.rows}
        self.marks: dict[int, str] = {r.id: r.attendance for r in self.rows}
        self.reasons: dict[int, str] = {r.id: r.absence_reason for r in self.rows if r.attendance != "委托"}
        self.proxies: dict[int, str] = dict(self.entry.proxy_names)
        self.walk_ins: list[paper.WalkIn] = []
        lay = QVBoxLayout(self)
        hint = QLabel(self.tr("按签到表上的顺序逐行录入：1 出席　2 缺席　3 请假　4 委托（再输入受托人姓名，回车）"
                              "　0 清除。录完一行自动到下一行。名单外到会的人在右边按姓名或拼音加入。"))
        hint.setWordWrap(True)
        hint.setObjectName("stepHelp")
        lay.addWidget(hint)
        body = QHBoxLayout()
        left = QVBoxLayout()
        self.table = SigninTable(0, len(self.COLS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLS])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        for i, w in enumerate((50, 100, 130, 90, 70)):
            self.table.setColumnWidth(i, w)
        self.table.key_mark.connect(self.mark_current)
        self.table.save_requested.connect(self.save)
        left.addWidget(self.table, 1)
        proxy_row = QHBoxLayout()
        proxy_row.addWidget(QLabel(self.tr("受托人（代签人）：")))
        self.proxy_edit = QLineEdit()
        self.proxy_edit.setPlaceholderText(self.tr("名单里的人写姓名；家属代签也写姓名"))
        self.proxy_edit.returnPressed.connect(self.apply_proxy)
        proxy_row.addWidget(self.proxy_edit, 1)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("缺席/请假原因（可不填，回车）"))
        self.reason_edit.returnPressed.connect(self.apply_reason)
        proxy_row.addWidget(self.reason_edit, 1)
        left.addLayout(proxy_row)
        body.addLayout(left, 3)
        right = QVBoxLayout()
        t = QLabel(self.tr("到会情况"))
        t.setObjectName("sectionTitle")
        right.addWidget(t)
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.figures.setTextFormat(Qt.TextFormat.RichText)
        self.figures.setMinimumWidth(330)
        right.addWidget(self.figures)
        t2 = QLabel(self.tr("名单外到会（临时到会）"))
        t2.setObjectName("sectionTitle")
        right.addWidget(t2)
        self.walk_search = QLineEdit()
        self.walk_search.setPlaceholderText(self.tr("姓名、拼音或首字母，回车加入第一个"))
        self.walk_search.setClearButtonEnabled(True)
        right.addWidget(self.walk_search)
        self.walk_results = QListWidget()
        self.walk_results.setMaximumHeight(120)
        right.addWidget(self.walk_results)
        self.walk_free = QPushButton(self.tr("不在花名册：按输入的姓名加入"))
        self.walk_free.clicked.connect(self.add_free_walk_in)
        right.addWidget(self.walk_free)
        self.walk_list = QListWidget()
        self.walk_list.setMaximumHeight(110)
        right.addWidget(self.walk_list)
        self.walk_remove = QPushButton(self.tr("移除所选临时到会"))
        self.walk_remove.clicked.connect(self.remove_walk_in)
        right.addWidget(self.walk_remove)
        right.addStretch(1)
        body.addLayout(right, 2)
        lay.addLayout(body, 1)
        lay.addLayout(self.bottom())
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.run_search)
        self.walk_search.textChanged.connect(lambda _t: self._timer.start())
        self.walk_search.returnPressed.connect(self.add_first_walk_in)
        self.walk_results.itemActivated.connect(self.add_walk_in)
        self._fill()
        first_unmarked = next((i for i, r in enumerate(self.rows) if not self.marks[r.id]), 0)
        if self.rows:
            self.table.selectRow(first_unmarked)
        self.table.setFocus()
        self.update_figures()

    def _fill(self) -> None:
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            self.table.setItem(i, 0, _item(i + 1, r.id))
            self.table.setItem(i, 1, _item(r.name))
            self.table.setItem(i, 2, _item(r.unit_name or r.group_name))
            self.table.setItem(i, 3, _item(r.role))
            self._paint(i)

    def _paint(self, i: int) -> None:
        pid = self.rows[i].id
        att = self.marks[pid]
        it = _item(att or self.tr("未签"))
        it.setForeground(QColor({"出席": OK_COLOUR, "缺席": BAD_COLOUR, "请假": "#b26a00", "委托": "#1f6feb"}.get(
            att, "#999999")))
        self.table.setItem(i, 4, it)
        extra = (self.tr("委托{n}代签").format(n=self.proxies.get(pid, "")) if att == "委托"
                 else self.reasons.get(pid, "") if att in ("缺席", "请假") else "")
        self.table.setItem(i, 5, _item(extra))

    def current_row(self) -> int:
        return self.table.currentRow()

    def mark_current(self, attendance: str) -> None:
        i = self.current_row()
        if not (0 <= i < len(self.rows)):
            return
        pid = self.rows[i].id
        self.marks[pid] = attendance
        if attendance != "委托":
            self.proxies.pop(pid, None)
        if attendance not in ("缺席", "请假"):
            self.reasons.pop(pid, None)
        self._paint(i)
        self.update_figures()
        if attendance == "委托":
            self.proxy_edit.setText(self.proxies.get(pid, ""))
            self.proxy_edit.setFocus()
            return
        self._next(i)

    def _next(self, i: int) -> None:
        if i + 1 < len(self.rows):
            self.table.selectRow(i + 1)
        self.table.setFocus()

    def apply_proxy(self) -> None:
        i = self.current_row()
        if not (0 <= i < len(self.rows)):
            return
        pid = self.rows[i].id
        name = self.proxy_edit.text().strip()
        if not name:
            self.show_status(self.tr("请写受托人（代签人）的姓名。"), False)
            return
        self.proxies[pid] = name
        self.marks[pid] = "委托"
        self.proxy_edit.clear()
        self._paint(i)
        self.update_figures()
        self._next(i)

    def apply_reason(self) -> None:
        i = self.current_row()
        if 0 <= i < len(self.rows):
            self.reasons[self.rows[i].id] = self.reason_edit.text().strip()
            self.reason_edit.clear()
            self._paint(i)
        self.table.setFocus()

    # walk-ins
    def run_search(self) -> None:
        self.walk_results.clear()
        listed = {r.resident_id for r in self.rows if r.resident_id} | {
            w.resident_id for w in self.walk_ins if w.resident_id}
        for h in P.search_residents(self.store, self.walk_search.text(), limit=20):
            if h["id"] in listed:
                continue
            it = QListWidgetItem(f"{h['name']}  {h['sex']}  {h['building']}{h['room']}  {h['group']}")
            it.setData(Qt.ItemDataRole.UserRole, (h["id"], h["name"], h["group"]))
            self.walk_results.addItem(it)
        if self.walk_results.count():
            self.walk_results.setCurrentRow(0)

    def add_first_walk_in(self) -> None:
        self._timer.stop()
        self.run_search()
        it = self.walk_results.currentItem()
        if it is not None:
            self.add_walk_in(it)

    def add_walk_in(self, item: QListWidgetItem) -> None:
        rid, name, group = item.data(Qt.ItemDataRole.UserRole)
        self._add_walk(paper.WalkIn(name, rid, group))

    def add_free_walk_in(self) -> None:
        name = self.walk_search.text().strip()
        if name:
            self._add_walk(paper.WalkIn(name))

    def _add_walk(self, w: paper.WalkIn) -> None:
        self.walk_ins.append(w)
        self.walk_list.addItem(f"{w.name}（{w.group or self.tr('不在花名册')}）")
        self.walk_search.clear()
        self.walk_results.clear()
        self.update_figures()

    def remove_walk_in(self) -> None:
        row = self.walk_list.currentRow()
        if 0 <= row < len(self.walk_ins):
            del self.walk_ins[row]
            self.walk_list.takeItem(row)
            self.update_figures()

    def build_marks(self) -> list[PP.SigninMark]:
        by_name = {}
        for r in self.rows:
            by_name.setdefault(r.name, r.id)
        out = []
        for r in self.rows:
            att = self.marks[r.id]
            if att == "委托":
                holder = self.proxies.get(r.id, "")
                hid = by_name.get(holder)
                out.append(PP.SigninMark(r.id, att, "", hid, "" if hid else holder))
            else:
                out.append(PP.SigninMark(r.id, att, self.reasons.get(r.id, "")))
        return out

    def update_figures(self) -> None:
        figures, checks = paper.signin_verdicts(self.store, self.sid, self.marks, self.walk_ins)
        lines = [f"<p style='font-size:15px'>应到 <b>{figures.due}</b> 人，实到 <b>{figures.attending}</b> 人"
                 f"（出席 {figures.present}，委托 {figures.proxies}"
                 + (f"，临时到会 {figures.walk_ins}" if figures.walk_ins else "") + "）<br>"
                 f"缺席 {figures.absent}，请假 {figures.leave}，"
                 f"<span style='color:#b26a00'>未签 {figures.unmarked}</span></p>"]
        if figures.due:
            need = M.quorum_needed(figures.due)
            colour = OK_COLOUR if figures.attending >= need else BAD_COLOUR
            lines.append(f"<p>过半数要 {need} 人：<b style='color:{colour}'>"
                         f"{'已过半数' if figures.attending >= need else f'还差 {need - figures.attending} 人'}</b></p>")
        if figures.groups_required:
            covered = len(figures.groups_required) - len(figures.groups_missing)
            colour = OK_COLOUR if not figures.groups_missing else "#b26a00"
            lines.append(f"<p>楼组覆盖：<b style='color:{colour}'>{covered}/{len(figures.groups_required)}</b>"
                         + (f"，还没有人到：{'、'.join(figures.groups_missing)}" if figures.groups_missing else "")
                         + "</p>")
        for c in checks:
            colour = {"pass": OK_COLOUR, "fail": BAD_COLOUR, "warn": "#b26a00"}.get(c.status, "#555")
            lines.append(f"<p><b>{c.title}</b>：<span style='color:{colour}'>{c.message}</span></p>")
        self.figures.setText("".join(lines))
        problems = PP.proxy_problems(self.build_marks(), self.names)
        if problems:
            self.show_status("；".join(problems), False)
        else:
            self.show_status(self.tr("已签 {n}/{t} 人。").format(
                n=sum(1 for v in self.marks.values() if v), t=len(self.rows)), True)

    def save(self) -> None:
        if self.call(paper.record_signin, self.ctx, self.sid, self.build_marks(), self.walk_ins) is not None:
            self.accept()


# -- form by form, and counts -----------------------------------------------------------------

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
        self.pos = 0
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setObjectName("formByForm")
        self.setStyleSheet("#formByForm:focus { border: 2px solid #1f6feb; }")
        lay = QVBoxLayout(self)
        self.head = QLabel()
        self.head.setStyleSheet("font-size: 18px; font-weight: bold;")
        lay.addWidget(self.head)
        keys = "　".join(f"{i + 1} = {o}" for i, o in enumerate(self.options))
        hint = QLabel(self.tr("按键：{keys}　0 = 整张无效　退格 = 上一项　回车 = 下一张　Ctrl+Z = 改上一张").format(keys=keys))
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
        self.head.setText(self.tr("第 {n} 张　编号 {no}{s}").format(n=n + 1, no=self.number(n), s=state))
        for i, name in enumerate(self.items):
            self.sheet.setItem(i, 0, _item(name))
            a = self.current.answers[i]
            it = _item(a or ("—" if self.current.void else ""))
            if i == self.pos and not self.current.void:
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
                self.current.answers[self.pos] = self.options[d - 1]
                if self.pos + 1 < len(self.items):
                    self.pos += 1
            else:
                self.message.emit(self.tr("只能按 1 到 {n}，或 0（整张无效）。").format(n=len(self.options)), False)
                return
            self._paint()
            self.changed.emit()
            return
        if key == Qt.Key.Key_Backspace:
            if self.current.void:
                self.current.void = False
            else:
                if self.current.answers[self.pos] is None and self.pos > 0:
                    self.pos -= 1
                self.current.answers[self.pos] = None
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
            self.message.emit(self.tr("这张还有 {n} 项没填（{w}）：补上，或按 0 记为无效。").format(
                n=len(left), w="、".join(left[:3])), False)
            return False
        self.forms.append(self.current)
        self._add_done(self.current)
        self.current = PP.PaperForm([None] * len(self.items))
        self.pos = 0
        self._paint()
        self.changed.emit()
        return True

    def reopen_last(self) -> None:
        if not self.forms:
            return
        self.current = self.forms.pop()
        self.done.takeItem(self.done.count() - 1)
        self.pos = len(self.items) - 1
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
        for label, sp in ((self.tr("收回"), self.returned), (self.tr("有效"), self.valid), (self.tr("无效"), self.void)):
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
        self.result = QLabel()
        self.result.setTextFormat(Qt.TextFormat.RichText)
        self.result.setWordWrap(True)
        self.result.setMinimumWidth(360)
        self.result.setAlignment(Qt.AlignmentFlag.AlignTop)
        body.addWidget(self.result, 2)
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
            problems.append(self.tr("正在录入的第 {n} 张还没按回车").format(n=len(self.by_form.forms) + 1))
        if self.mode() == "forms" and not self.by_form.forms:
            problems.append(self.tr("还没有录入任何一张"))
        self.result.setText(self.describe(forms, per))
        self.save_btn.setEnabled(not problems)
        if problems:
            self.show_status(self.tr("数字还对不上，不能保存：") + "；".join(problems), False)
        else:
            self.show_status(self.tr("数字相符，可以保存。"), True)


class EvaluationEntryDialog(_TallyDialog):
    def __init__(self, host: SessionView, parent: QWidget) -> None:
        super().__init__(host, parent, self.tr("录入纸质评议表"))
        self.entry = paper.evaluation_entry(self.store, self.sid)
        rec = host.record
        self.items = [c["name"] for c in self.entry.criteria]
        self.ids = {c["name"]: c["id"] for c in self.entry.criteria}
        issued = self.entry.forms.issued if self.entry.forms else self.entry.present
        numbers = [PP.form_number(rec.number if rec else "", "evaluation", i, self.sid)
                   for i in range(1, max(issued, 1) + 200)]
        self.replace = QCheckBox(self.tr("替换已录入的 {n} 格记名评分（以纸质评议表为准）").format(n=self.entry.named))
        self.replace.setVisible(bool(self.entry.named))
        self._build(self.items, self.entry.options, numbers, self.replace, issued)
        if self.entry.forms is not None or self.entry.counts:
            self.counts.set_counts({name: self.entry.counts.get(cid, {}) for name, cid in self.ids.items()},
                                   self.entry.forms)
        self.by_form.setFocus()
        self.check()

    def problems(self, forms: PP.FormCounts, per: dict[str, dict[str, int]]) -> list[str]:
        return PP.evaluation_problems(forms, per, self.entry.options)

    def describe(self, forms: PP.FormCounts, per: dict[str, dict[str, int]]) -> str:
        scale = self.entry.scale
        label = ev.RATE_LABEL.get(scale, "满意率")
        head = "".join(f"<th>{o}</th>" for o in self.entry.options)
        rows = ""
        for name in self.items:
            t = ev.tally(scale, per.get(name, {}))
            cells = "".join(f"<td align=right>{t.counts.get(o, 0)}</td>" for o in self.entry.options)
            rows += f"<tr><td>{name}</td>{cells}<td align=right>{t.rate_text()}</td><td>{t.tier or ''}</td></tr>"
        o = ev.overall(scale, per)
        return (f"<p style='font-size:14px'>发出 {forms.issued}，收回 {forms.returned}，有效 <b>{forms.valid}</b>，"
                f"无效 {forms.void}</p>"
                f"<p style='font-size:15px'>总体：<b>{o.tier or '—'}</b>　{label} <b>{o.rate_text()}</b></p>"
                f"<table border=1 cellspacing=0 cellpadding=3><tr><th>评议内容</th>{head}<th>{label}</th>"
                f"<th>结果</th></tr>{rows}</table>")

    def save(self) -> None:
        if not self.save_btn.isEnabled():
            return
        replace = self.replace.isChecked()
        if self.mode() == "forms":
            ch = self.call(paper.record_evaluation_forms, self.ctx, self.sid, self.issued.value(),
                           list(self.by_form.forms), replace_named=replace)
        else:
            forms, per = self.current()
            ch = self.call(paper.record_evaluation_counts, self.ctx, self.sid, forms,
                           {self.ids[n]: c for n, c in per.items()}, replace_named=replace)
        if ch is not None:
            self.accept()


class BallotEntryDialog(_TallyDialog):
    def __init__(self, host: SessionView, parent: QWidget) -> None:
        super().__init__(host, parent, self.tr("录入纸质表决票"))
        rec = host.record
        self.motions = paper.ballot_motions(self.store, self.sid)
        self.base_value = paper.attending(self.store, self.sid)
        head = QWidget()
        hl = QFormLayout(head)
        hl.setContentsMargins(12, 0, 0, 0)
        self.base = _spin()
        self.base.setValue(self.base_value)
        self.base.valueChanged.connect(self.check)
        hl.addRow(self.tr("到会人数（表决基数）："), self.base)
        self.motion_edit = QPlainTextEdit("\n".join(self.motions))
        self.motion_edit.setFixedHeight(56)
        self.motion_edit.setToolTip(self.tr("表决事项，一行一项；改了以后点“改用这些事项”"))
        self.motion_btn = QPushButton(self.tr("改用这些事项"))
        self.motion_btn.clicked.connect(self.change_motions)
        mrow = QHBoxLayout()
        mrow.addWidget(self.motion_edit, 1)
        mrow.addWidget(self.motion_btn)
        hl.addRow(self.tr("表决事项："), mrow)
        numbers = [PP.form_number(rec.number if rec else "", "ballot", i, self.sid)
                   for i in range(1, max(self.base_value, 1) + 200)]
        self._build(self.motions, PP.BALLOT_OPTIONS, numbers, head, self.base_value)
        self.by_form.setFocus()
        self.check()

    def change_motions(self) -> None:
        ms = [m.strip() for m in self.motion_edit.toPlainText().splitlines() if m.strip()]
        if not ms:
            self.show_status(self.tr("请至少写一项表决事项。"), False)
            return
        if self.call(paper.set_ballot_motions, self.ctx, self.sid, ms) is None:
            return
        # rebuild with the new motions (what was typed so far is for the old list)
        self.motions = ms
        old_tabs = self.tabs
        self.by_form = FormByForm(ms, PP.BALLOT_OPTIONS, self.by_form.numbers)
        self.by_form.changed.connect(self.check)
        self.by_form.message.connect(self.show_status)
        self.by_form.save_requested.connect(self.save)
        self.counts = CountsGrid(ms, PP.BALLOT_OPTIONS)
        self.counts.changed.connect(self.check)
        old_tabs.blockSignals(True)
        while old_tabs.count():
            old_tabs.removeTab(0)
        old_tabs.addTab(self.by_form, self.tr("逐张录入（键盘）"))
        old_tabs.addTab(self.counts, self.tr("按统计表录入票数"))
        old_tabs.blockSignals(False)
        self.by_form.setFocus()
        self.check()

    def _motion_counts(self, per: dict[str, dict[str, int]]) -> list[PP.MotionCount]:
        return [PP.MotionCount(m, per.get(m, {}).get("同意", 0), per.get(m, {}).get("不同意", 0),
                               per.get(m, {}).get("弃权", 0)) for m in self.motions]

    def problems(self, forms: PP.FormCounts, per: dict[str, dict[str, int]]) -> list[str]:
        return PP.ballot_problems(forms, self._motion_counts(per), self.base.value())

    def describe(self, forms: PP.FormCounts, per: dict[str, dict[str, int]]) -> str:
        base = self.base.value()
        rows = ""
        for m in self._motion_counts(per):
            verdict = M.motion(m.yes, m.no, m.abstain, base, m.motion) if base > 0 else None
            ok = verdict is not None and verdict.ok
            colour = OK_COLOUR if ok else BAD_COLOUR
            rows += (f"<tr><td>{m.motion}</td><td align=right>{m.yes}</td><td align=right>{m.no}</td>"
                     f"<td align=right>{m.abstain}</td><td style='color:{colour}'>{'通过' if ok else '未通过'}</td></tr>")
        return (f"<p style='font-size:14px'>到会 {base} 人；发出 {forms.issued}，收回 {forms.returned}，"
                f"有效 <b>{forms.valid}</b>，无效 {forms.void}。同意超过到会人数一半（至少 {base // 2 + 1} 票）才通过。</p>"
                f"<table border=1 cellspacing=0 cellpadding=3><tr><th>表决事项</th><th>同意</th><th>不同意</th>"
                f"<th>弃权</th><th>结果</th></tr>{rows}</table>")

    def save(self) -> None:
        if not self.save_btn.isEnabled():
            return
        if self.mode() == "forms":
            ch = self.call(paper.record_ballot_forms, self.ctx, self.sid, self.issued.value(), self.motions,
                           list(self.by_form.forms), self.base.value())
        else:
            forms, per = self.current()
            ch = self.call(paper.record_ballots, self.ctx, self.sid, forms, self._motion_counts(per),
                           self.base.value())
        if ch is not None:
            self.accept()
