"""签到录入: the printed sign-in list typed back in the same order, one key per line
(1 出席 · 2 缺席 · 3 请假 · 4 委托 then the 受托人's name · 0 clear), walk-ins by name or pinyin,
and the quorum / attendance / coverage figures updated with every key."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QTableWidget, QVBoxLayout, QWidget)

from ....domain import meetings as M
from ....domain import paper as PP
from ....services import participants as P
from ....services import paper
from .common import BAD_COLOUR, OK_COLOUR, _EntryDialog, _item

if TYPE_CHECKING:
    from ..host import PanelHost

ATT_KEYS = {Qt.Key.Key_1: "出席", Qt.Key.Key_2: "缺席", Qt.Key.Key_3: "请假", Qt.Key.Key_4: "委托",
            Qt.Key.Key_0: ""}


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

    def __init__(self, host: PanelHost, parent: QWidget) -> None:
        super().__init__(host, parent, self.tr("按纸质签到表录入"))
        self.entry = paper.signin_entry(self.store, self.sid)
        self.rows = self.entry.rows
        self.names = {r.id: r.name for r in self.rows}
        self.marks: dict[int, str] = {r.id: r.attendance for r in self.rows}
        self.reasons: dict[int, str] = {r.id: r.absence_reason for r in self.rows if r.attendance != "委托"}
        self.proxies: dict[int, str] = dict(self.entry.proxy_names)
        self.walk_ins: list[paper.WalkIn] = []
        lay = QVBoxLayout(self)
        hint = QLabel(self.tr("按签到表上的顺序逐行录入："
                              "1出席　2缺席　3请假　4委托（再输入受托人姓名，回车）"
                              "　0清除。录完一行自动到下一行。名单外到会的人在右边按姓名或拼音加入。"))
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
        colours = {"出席": OK_COLOUR, "缺席": BAD_COLOUR, "请假": "#b26a00", "委托": "#1f6feb"}
        it.setForeground(QColor(colours.get(att, "#999999")))
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
        by_name: dict[str, int] = {}
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
                 f"（出席{figures.present}"
                 + (f"，委托{figures.proxies_counted}" if figures.proxies_counted else "")
                 + (f"，临时到会{figures.walk_ins}" if figures.walk_ins else "") + "）"
                 + (f"；委托{figures.proxies - figures.proxies_counted}人不算到会"
                    if figures.proxies > figures.proxies_counted else "") + "<br>"
                 f"缺席{figures.absent}，请假{figures.leave}，"
                 f"<span style='color:#b26a00'>未签{figures.unmarked}</span></p>"]
        if figures.due:
            need = M.quorum_needed(figures.due)
            colour = OK_COLOUR if figures.attending >= need else BAD_COLOUR
            short = f"还差{need - figures.attending}人" if figures.attending < need else "已过半数"
            lines.append(f"<p>过半数要{need}人：<b style='color:{colour}'>{short}</b></p>")
        if figures.groups_required:
            covered = len(figures.groups_required) - len(figures.groups_missing)
            colour = OK_COLOUR if not figures.groups_missing else "#b26a00"
            lines.append("<p>楼组覆盖："
                         f"<b style='color:{colour}'>{covered}/{len(figures.groups_required)}</b>"
                         + ("，还没有人到："
                            f"{'、'.join(figures.groups_missing)}" if figures.groups_missing else "")
                         + "</p>")
        for c in checks:
            colour = {"pass": OK_COLOUR, "fail": BAD_COLOUR, "warn": "#b26a00"}.get(c.status, "#555")
            lines.append(f"<p><b>{c.title}</b>：<span style='color:{colour}'>{c.message}</span></p>")
        self.figures.setText("".join(lines))
        problems = PP.proxy_problems(self.build_marks(), self.names)
        if problems:
            self.show_status("；".join(problems), False)
        else:
            self.show_status(self.tr("已签{n}/{t}人。").format(
                n=sum(1 for v in self.marks.values() if v), t=len(self.rows)), True)

    def save(self) -> None:
        if self.call(paper.record_signin, self.ctx, self.sid, self.build_marks(), self.walk_ins) is not None:
            self.accept()
