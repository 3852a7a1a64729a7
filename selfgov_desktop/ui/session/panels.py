"""The panels a step can show (see domain.workflows.base.PANELS): participants and sign-in,
representativeness, speeches, votes, evaluation criteria, the scoring grid, follow-ups.

A panel gets its host (the SessionView), which runs each change as one service call
(`host.run`) with an undo entry, and calls `reload()` after every change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QFormLayout, QFrame,
                               QGridLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QSpinBox,
                               QStyledItemDelegate, QTableView, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from ...domain import rules as R
from ...domain.workflows import CRITERIA_TEMPLATES, definition
from ...services import followups as F
from ...services import participants as P
from ...services import sessions as S
from .models import RED, ScoreGridModel

if TYPE_CHECKING:
    from .view import SessionView


def _title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    return label


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    t.verticalHeader().setDefaultSectionSize(26)
    t.setAlternatingRowColors(True)
    t.horizontalHeader().setStretchLastSection(True)
    t.setMinimumHeight(180)
    return t


def _item(text: Any, data: Any = None, colour: QColor | None = None) -> QTableWidgetItem:
    it = QTableWidgetItem("" if text is None else str(text))
    if data is not None:
        it.setData(Qt.ItemDataRole.UserRole, data)
    if colour is not None:
        it.setForeground(colour)
    return it


def _selected_ids(table: QTableWidget) -> list[int]:
    rows = sorted({i.row() for i in table.selectedIndexes()})
    return [table.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in rows]


class Panel(QFrame):
    def __init__(self, host: SessionView) -> None:
        super().__init__()
        self.host = host
        self.setObjectName("stepPanel")

    @property
    def store(self) -> Any:
        return self.host.app.ctx.store

    @property
    def ctx(self) -> Any:
        return self.host.app.ctx

    @property
    def sid(self) -> int:
        return self.host.sid

    def reload(self) -> None:
        raise NotImplementedError


# -- participants and sign-in ---------------------------------------------------------------

class ParticipantsPanel(Panel):
    """mode "pick": add people; mode "signin": mark 出席/缺席/请假."""

    def __init__(self, host: SessionView, mode: str = "pick") -> None:
        super().__init__(host)
        self.mode = mode
        kind = host.record.kind
        self.defn = definition(kind)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(_title(self.tr("参会人员") if mode == "pick" else self.tr("签到")))
        if mode == "pick":
            lay.addWidget(self._add_bar())
        self.table = _table([self.tr("姓名"), self.tr("角色"), self.tr("楼组/单位"), self.tr("性别"),
                             self.tr("签到"), self.tr("说明")])
        self.table.setColumnWidth(0, 110)
        self.table.setColumnWidth(1, 90)
        self.table.setColumnWidth(2, 150)
        self.table.setColumnWidth(3, 50)
        self.table.setColumnWidth(4, 70)
        lay.addWidget(self.table)
        row = QHBoxLayout()
        if mode == "pick":
            self.remove_btn = QPushButton(self.tr("移除所选"))
            self.remove_btn.clicked.connect(self.remove_selected)
            self.role_btn = QPushButton(self.tr("所选人员改为上面选的角色"))
            self.role_btn.clicked.connect(self.set_role_selected)
            row.addWidget(self.remove_btn)
            row.addWidget(self.role_btn)
        else:
            self.all_present = QPushButton(self.tr("未签到的全部标为出席"))
            self.all_present.clicked.connect(self.mark_all_present)
            row.addWidget(self.all_present)
            self.mark_buttons: dict[str, QPushButton] = {}
            for att, key in (("出席", "F5"), ("缺席", "F6"), ("请假", "F7")):
                b = QPushButton(self.tr("所选：{a}（{k}）").format(a=att, k=key))
                b.clicked.connect(lambda _c=False, a=att: self.mark_selected(a))
                QShortcut(QKeySequence(key), self, activated=lambda a=att: self.mark_selected(a),
                          context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.mark_buttons[att] = b
                row.addWidget(b)
            self.reason = QLineEdit()
            self.reason.setPlaceholderText(self.tr("缺席或请假的原因（可不填）"))
            row.addWidget(self.reason, 1)
        row.addStretch(1)
        lay.addLayout(row)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)

    def _add_bar(self) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel(self.tr("以什么角色加入：")), 0, 0)
        self.role = QComboBox()
        self.role.addItems(list(self.defn.roles))
        grid.addWidget(self.role, 0, 1)
        grid.addWidget(QLabel(self.tr("找居民：")), 1, 0)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("输入姓名、拼音或首字母（如 zsm），按回车加入第一个"))
        self.search.setClearButtonEnabled(True)
        grid.addWidget(self.search, 1, 1, 1, 3)
        self.results = QListWidget()
        self.results.setMaximumHeight(130)
        self.results.setVisible(False)
        grid.addWidget(self.results, 2, 1, 1, 3)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.add_first_result)
        self.results.itemActivated.connect(self.add_result)
        grid.addWidget(QLabel(self.tr("整组加入：")), 3, 0)
        self.group = QComboBox()
        for g in P.pickable_groups(self.store):
            self.group.addItem(f"{g['kind']}：{g['name']}（{g['members']} 人）", g["id"])
        grid.addWidget(self.group, 3, 1, 1, 2)
        self.group_btn = QPushButton(self.tr("整组加入"))
        self.group_btn.clicked.connect(self.add_group)
        grid.addWidget(self.group_btn, 3, 3)
        grid.addWidget(QLabel(self.tr("单位：")), 4, 0)
        self.unit = QComboBox()
        for u in P.pickable_units(self.store):
            self.unit.addItem(f"{u['name']}", (u["id"], None))
            for c in u["contacts"]:
                self.unit.addItem(f"{u['name']} — {c['name']}（{c['title']}）", (u["id"], c["id"]))
        grid.addWidget(self.unit, 4, 1, 1, 2)
        self.unit_btn = QPushButton(self.tr("加入单位"))
        self.unit_btn.clicked.connect(self.add_unit)
        grid.addWidget(self.unit_btn, 4, 3)
        grid.addWidget(QLabel(self.tr("其他人：")), 5, 0)
        self.free = QLineEdit()
        self.free.setPlaceholderText(self.tr("不在花名册里的人，如律师、街道干部"))
        self.free.returnPressed.connect(self.add_free)
        grid.addWidget(self.free, 5, 1, 1, 2)
        self.free_btn = QPushButton(self.tr("加入"))
        self.free_btn.clicked.connect(self.add_free)
        grid.addWidget(self.free_btn, 5, 3)
        grid.setColumnStretch(2, 1)
        return box

    # -- actions
    def run_search(self) -> None:
        self.results.clear()
        hits = P.search_residents(self.store, self.search.text(), limit=30)
        for h in hits:
            age = f"{h['age']}岁" if h["age"] is not None else ""
            extra = f"  {h['roles']}" if h["roles"] else ""
            it = QListWidgetItem(f"{h['name']}  {h['sex']}  {age}  {h['building']}{h['room']}  {h['group']}{extra}")
            it.setData(Qt.ItemDataRole.UserRole, h["id"])
            self.results.addItem(it)
        self.results.setVisible(bool(hits) or bool(self.search.text().strip()))
        if not hits and self.search.text().strip():
            it = QListWidgetItem(self.tr("没有找到。可以换个写法，或在下面“其他人”里直接写姓名。"))
            it.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(it)
        elif hits:
            self.results.setCurrentRow(0)

    def add_first_result(self) -> None:
        self._timer.stop()
        self.run_search()
        it = self.results.currentItem() or self.results.item(0)
        if it is not None and it.data(Qt.ItemDataRole.UserRole):
            self.add_result(it)

    def add_result(self, item: QListWidgetItem) -> None:
        rid = item.data(Qt.ItemDataRole.UserRole)
        if not rid:
            return
        self._add(P.add_residents, self.ctx, self.sid, [rid], self.role.currentText())
        self.search.clear()
        self.search.setFocus()

    def _add(self, fn: Any, *args: Any) -> None:
        ch = self.host.run(fn, *args, undo=lambda c: (P.remove, (self.ctx, list(c.data.get("added", [])))),
                           label=self.tr("添加参会人员"))
        if ch is not None:
            self.host.flash(ch.summary)

    def add_group(self) -> None:
        gid = self.group.currentData()
        if gid is not None:
            self._add(P.add_group, self.ctx, self.sid, gid, self.role.currentText())

    def add_unit(self) -> None:
        data = self.unit.currentData()
        if data is not None:
            self._add(P.add_unit, self.ctx, self.sid, data[0], data[1], self.role.currentText())

    def add_free(self) -> None:
        name = self.free.text().strip()
        if name:
            self._add(P.add_name, self.ctx, self.sid, name, self.role.currentText())
            self.free.clear()

    def remove_selected(self) -> None:
        ids = _selected_ids(self.table)
        if ids:
            self.host.run(P.remove, self.ctx, ids, label=self.tr("移除参会人员"))

    def set_role_selected(self) -> None:
        for pid in _selected_ids(self.table):
            self.host.run(P.set_role, self.ctx, pid, self.role.currentText(),
                          undo=lambda c, p=pid: (P.set_role, (self.ctx, p, c.data["before"])),
                          label=self.tr("改角色"))

    def mark_selected(self, attendance: str) -> None:
        reason = self.reason.text().strip() if attendance != "出席" else ""
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        for pid in _selected_ids(self.table):
            self.host.run(P.set_attendance, self.ctx, pid, attendance, reason,
                          undo=lambda c, p=pid: (P.set_attendance, (self.ctx, p, c.data["before"],
                                                                     c.data.get("before_reason", ""))),
                          label=self.tr("签到"))
        self.reason.clear()
        if rows and rows[-1] + 1 < self.table.rowCount():  # move on, like a paper list
            self.table.selectRow(rows[-1] + 1)

    def mark_all_present(self) -> None:
        self.host.run(P.set_all_attendance, self.ctx, self.sid, "出席",
                      undo=lambda c: (_unmark, (self.ctx, list(c.data.get("marked", [])))),
                      label=self.tr("全部出席"))

    def reload(self) -> None:
        rows = P.list_participants(self.store, self.sid)
        current = self.table.currentRow()
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            colour = RED if r.attendance in ("缺席",) else None
            self.table.setItem(i, 0, _item(r.name, r.id))
            self.table.setItem(i, 1, _item(r.role))
            self.table.setItem(i, 2, _item(r.kind_text))
            self.table.setItem(i, 3, _item(r.sex))
            self.table.setItem(i, 4, _item(r.attendance or self.tr("未签到"), None,
                                           colour or (QColor("#b26a00") if not r.attendance else None)))
            self.table.setItem(i, 5, _item(r.absence_reason))
        if 0 <= current < len(rows):
            self.table.setCurrentCell(current, 0)
        roles: dict[str, int] = {}
        for r in rows:
            roles[r.role] = roles.get(r.role, 0) + 1
        parts = "，".join(f"{k} {v}" for k, v in roles.items())
        signed = sum(1 for r in rows if r.attendance)
        present = sum(1 for r in rows if r.attendance == "出席")
        self.summary.setText(self.tr("共 {n} 人{parts}。已签到 {s}/{n}，出席 {p} 人。").format(
            n=len(rows), parts=f"：{parts}" if parts else "", s=signed, p=present))


def _unmark(ctx: Any, ids: list[int]) -> Any:
    out = None
    for pid in ids:
        out = P.set_attendance(ctx, pid, "")
    return out


class RepresentativenessPanel(Panel):
    def __init__(self, host: SessionView) -> None:
        super().__init__(host)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(_title(self.tr("代表性：和花名册比一比")))
        self.body = QLabel()
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setWordWrap(True)
        lay.addWidget(self.body)

    def reload(self) -> None:
        r = P.representativeness(self.store, self.sid)
        rows = "".join(
            f"<tr><td>{g}</td><td align=right>{roster}</td><td align=right"
            f"{' style=color:#c62828' if n == 0 else ''}>{n}</td></tr>" for g, roster, n in r.groups)
        ages = "".join(f"<tr><td>{b}</td><td align=right>{a * 100:.0f}%</td><td align=right>{o * 100:.0f}%</td></tr>"
                       for b, a, o in r.age_bands)
        sexes = "".join(f"<tr><td>{s}</td><td align=right>{a * 100:.0f}%</td><td align=right>{o * 100:.0f}%</td></tr>"
                        for s, a, o in r.sex)
        warn = (f"<p style='color:#c62828'><b>{self.tr('还没有代表的楼组：')}</b>{'、'.join(r.uncovered)}</p>"
                if r.uncovered else "")
        self.body.setText(
            f"<p>{self.tr('参会居民')} {r.residents_taking_part} {self.tr('人')}</p>{warn}"
            "<table cellspacing=0 cellpadding=3><tr valign=top><td>"
            f"<table border=1 cellspacing=0 cellpadding=3><tr><th>楼组</th><th>成年居民</th><th>参会</th></tr>{rows}</table>"
            "</td><td width=16></td><td>"
            f"<table border=1 cellspacing=0 cellpadding=3><tr><th>年龄</th><th>花名册</th><th>参会</th></tr>{ages}</table>"
            "</td><td width=16></td><td>"
            f"<table border=1 cellspacing=0 cellpadding=3><tr><th>性别</th><th>花名册</th><th>参会</th></tr>{sexes}</table>"
            "</td></tr></table>")


# -- speeches -------------------------------------------------------------------------------

class SpeechesPanel(Panel):
    def __init__(self, host: SessionView) -> None:
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
        self.content = QPlainTextEdit()
        self.content.setTabChangesFocus(True)
        self.content.setFixedHeight(64)
        self.content.setPlaceholderText(self.tr("发言要点。写完按 Ctrl+回车 记录。"))
        form.addWidget(self.content, 1, 1, 1, 3)
        self.add_btn = QPushButton(self.tr("记录这条发言（Ctrl+回车）"))
        self.add_btn.clicked.connect(self.add)
        QShortcut(QKeySequence("Ctrl+Return"), self.content, activated=self.add,
                  context=Qt.ShortcutContext.WidgetShortcut)
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
                           undo=lambda c: (S.remove_speech, (self.ctx, c.data["id"])), label=self.tr("记录发言"))
        if ch is not None:
            self.content.clear()
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


# -- votes ----------------------------------------------------------------------------------

class VotesPanel(Panel):
    def __init__(self, host: SessionView) -> None:
        super().__init__(host)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(_title(self.tr("表决（需要时）")))
        row = QHBoxLayout()
        self.motion = QLineEdit()
        self.motion.setPlaceholderText(self.tr("表决事项，如“同意按此方案实施”"))
        row.addWidget(self.motion, 1)
        self.method = QComboBox()
        self.method.addItems(["举手", "无记名"])
        row.addWidget(self.method)
        lay.addLayout(row)
        row2 = QHBoxLayout()
        self.spins: dict[str, QSpinBox] = {}
        for key, label in (("base", "到会"), ("yes", "赞成"), ("no", "反对"), ("abstain", "弃权")):
            row2.addWidget(QLabel(self.tr(label)))
            sp = QSpinBox()
            sp.setRange(0, 9999)
            sp.valueChanged.connect(self.preview)
            self.spins[key] = sp
            row2.addWidget(sp)
        self.result = QLabel()
        row2.addWidget(self.result, 1)
        self.add_btn = QPushButton(self.tr("记录表决"))
        self.add_btn.clicked.connect(self.add)
        row2.addWidget(self.add_btn)
        lay.addLayout(row2)
        self.table = _table([self.tr("事项"), self.tr("方式"), self.tr("到会"), self.tr("赞成"), self.tr("反对"),
                             self.tr("弃权"), self.tr("结果")])
        self.table.setMinimumHeight(90)
        self.table.setColumnWidth(0, 220)
        lay.addWidget(self.table)
        self.remove_btn = QPushButton(self.tr("删除所选表决"))
        self.remove_btn.clicked.connect(self.remove)
        lay.addWidget(self.remove_btn, 0, Qt.AlignmentFlag.AlignLeft)

    def preview(self) -> None:
        v = {k: s.value() for k, s in self.spins.items()}
        if v["base"] <= 0:
            self.result.setText(self.tr("填写到会人数"))
            return
        r = R.majority(v["yes"], v["base"])
        self.result.setText(("✔ " if r.ok else "✘ ") + r.message)

    def add(self) -> None:
        v = {k: s.value() for k, s in self.spins.items()}
        ch = self.host.run(S.add_vote, self.ctx, self.sid, self.motion.text(), v["base"], v["yes"], v["no"],
                           v["abstain"], self.method.currentText(),
                           undo=lambda c: (S.remove_vote, (self.ctx, c.data["id"])), label=self.tr("记录表决"))
        if ch is not None:
            self.motion.clear()

    def remove(self) -> None:
        for vid in _selected_ids(self.table):
            self.host.run(S.remove_vote, self.ctx, vid, label=self.tr("删除表决"))

    def reload(self) -> None:
        if self.spins["base"].value() == 0:
            present = sum(1 for p in P.list_participants(self.store, self.sid) if p.attendance == "出席")
            self.spins["base"].setValue(present)
        rows = S.votes(self.store, self.sid)
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            self.table.setItem(i, 0, _item(r["motion"], r["id"]))
            for j, k in enumerate(("method", "base", "yes", "no", "abstain"), start=1):
                self.table.setItem(i, j, _item(r[k]))
            self.table.setItem(i, 6, _item("通过" if r["passed"] else "未通过", None,
                                           None if r["passed"] else RED))
        self.preview()


# -- evaluation -----------------------------------------------------------------------------

class CriteriaPanel(Panel):
    def __init__(self, host: SessionView) -> None:
        super().__init__(host)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(_title(self.tr("评议内容")))
        hint = QLabel(self.tr("选好“评议对象类型”后会自动带出模板，可以增删。“总体评价”一项用来算总的满意率。"))
        hint.setWordWrap(True)
        hint.setObjectName("pageSubtitle")
        lay.addWidget(hint)
        self.list = QListWidget()
        self.list.setMaximumHeight(190)
        lay.addWidget(self.list)
        row = QHBoxLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("新的评议内容，如“电梯维保”，回车加入"))
        self.name.returnPressed.connect(self.add)
        row.addWidget(self.name, 1)
        self.add_btn = QPushButton(self.tr("加入"))
        self.add_btn.clicked.connect(self.add)
        row.addWidget(self.add_btn)
        self.remove_btn = QPushButton(self.tr("删除所选"))
        self.remove_btn.clicked.connect(self.remove)
        row.addWidget(self.remove_btn)
        self.template_btn = QPushButton(self.tr("重新套用模板"))
        self.template_btn.clicked.connect(self.template)
        row.addWidget(self.template_btn)
        lay.addLayout(row)

    def add(self) -> None:
        name = self.name.text().strip()
        if name:
            ch = self.host.run(S.add_criterion, self.ctx, self.sid, name,
                               undo=lambda c: (S.remove_criterion, (self.ctx, c.data["id"])),
                               label=self.tr("增加评议内容"))
            if ch is not None:
                self.name.clear()

    def remove(self) -> None:
        it = self.list.currentItem()
        if it is not None:
            self.host.run(S.remove_criterion, self.ctx, it.data(Qt.ItemDataRole.UserRole),
                          label=self.tr("删除评议内容"))

    def template(self) -> None:
        t = self.host.record.data.get("object_type")
        if t not in CRITERIA_TEMPLATES:
            self.host.flash(self.tr("请先选择“评议对象类型”。"), error=True)
            return
        self.host.run(S.apply_template, self.ctx, self.sid, t, label=self.tr("套用模板"))

    def reload(self) -> None:
        self.list.clear()
        for c in S.criteria(self.store, self.sid):
            it = QListWidgetItem(f"{c['seq']}. {c['name']}")
            it.setData(Qt.ItemDataRole.UserRole, c["id"])
            self.list.addItem(it)


class OptionDelegate(QStyledItemDelegate):
    """A drop-down of the scale's options in each cell."""

    def __init__(self, panel: ScoringPanel) -> None:
        super().__init__(panel)
        self.panel = panel

    def createEditor(self, parent: QWidget, option: Any, index: Any) -> QWidget:  # noqa: N802
        combo = QComboBox(parent)
        combo.addItem("", "")
        grid = self.panel.model.grid
        for o in (grid.options if grid else ()):
            combo.addItem(o, o)
        return combo

    def setEditorData(self, editor: QWidget, index: Any) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole) or ""), 0))

    def setModelData(self, editor: QWidget, model: Any, index: Any) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class GridView(QTableView):
    """Type 1, 2, 3… to give the cell the first, second, third option and move right;
    0 or Delete clears. Fast entry from a pile of paper forms."""

    def __init__(self, panel: ScoringPanel) -> None:
        super().__init__()
        self.panel = panel

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        text = event.text()
        idx = self.currentIndex()
        grid = self.panel.model.grid
        if idx.isValid() and grid is not None and text and (text.isdigit() or event.key() == Qt.Key.Key_Delete):
            n = int(text) if text.isdigit() else 0
            option = grid.options[n - 1] if 1 <= n <= len(grid.options) else None
            if n == 0 or option is not None:
                if self.panel.model.setData(idx, option or "", Qt.ItemDataRole.EditRole):
                    nxt = self.panel.model.index(idx.row(), idx.column() + 1)
                    if idx.column() + 1 >= len(grid.criteria):
                        nxt = self.panel.model.index(idx.row() + 1, 0)
                    if nxt.isValid():
                        self.setCurrentIndex(nxt)
                return
        super().keyPressEvent(event)


class ScoringPanel(Panel):
    def __init__(self, host: SessionView) -> None:
        super().__init__(host)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(_title(self.tr("评议打分：评议代表 × 评议内容")))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setObjectName("pageSubtitle")
        lay.addWidget(self.hint)
        self.model = ScoreGridModel(self)
        self.model.on_set = self.set_score
        self.view = GridView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(OptionDelegate(self))
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.setMinimumHeight(260)
        lay.addWidget(self.view)
        self.totals = QLabel()
        self.totals.setTextFormat(Qt.TextFormat.RichText)
        self.totals.setWordWrap(True)
        lay.addWidget(self.totals)

    def set_score(self, participant_id: int, criterion_id: int, option: str | None) -> bool:
        ch = self.host.run(S.set_score, self.ctx, self.sid, participant_id, criterion_id, option,
                           undo=lambda c: (S.set_score, (self.ctx, self.sid, participant_id, criterion_id,
                                                         c.data["before"])),
                           label=self.tr("评分"), reload_panels=False)
        if ch is not None:
            self._refresh_grid(keep=True)
            self.host.refresh_status()
        return ch is not None

    def _refresh_grid(self, keep: bool) -> None:
        grid = S.score_grid(self.store, self.sid)
        if keep:
            self.model.update_grid(grid)
        else:
            self.model.set_grid(grid)
        keys = "  ".join(f"{i + 1} = {o}" for i, o in enumerate(grid.options))
        self.hint.setText(self.tr("单击一格，按数字键录入（{keys}；0 清除），自动跳到下一格。也可以双击选择。"
                                  "只有签到“出席”的评议代表可以打分。").format(keys=keys))
        self.totals.setText(tally_html(grid))

    def reload(self) -> None:
        self._refresh_grid(keep=False)


class TallyPanel(Panel):
    """The evaluation's result, read-only, where it is reported on (反馈)."""

    def __init__(self, host: SessionView) -> None:
        super().__init__(host)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(_title(self.tr("评议结果（来自“评议打分”）")))
        self.totals = QLabel()
        self.totals.setTextFormat(Qt.TextFormat.RichText)
        self.totals.setWordWrap(True)
        lay.addWidget(self.totals)

    def reload(self) -> None:
        self.totals.setText(tally_html(S.score_grid(self.store, self.sid)))


def tally_html(grid: S.ScoreGrid) -> str:
    from ...domain import evaluation as ev
    head = "".join(f"<th>{o}</th>" for o in grid.options)
    rows = ""
    for c in grid.criteria:
        t = grid.per_criterion[c["name"]]
        cells = "".join(f"<td align=right>{t.counts.get(o, 0)}</td>" for o in grid.options)
        rows += f"<tr><td>{c['name']}</td>{cells}<td align=right>{t.rate_text()}</td><td>{t.tier or ''}</td></tr>"
    o = grid.overall
    label = ev.RATE_LABEL.get(grid.scale, "满意率")
    overall = "还没有评分。" if o is None or o.tier is None else (
        f"<b>总体结果：{o.tier}</b>　{label} <b>{o.rate_text()}</b>（有效 {o.valid} 票）")
    return (f"<p>{overall}</p><table border=1 cellspacing=0 cellpadding=3>"
            f"<tr><th>评议内容</th>{head}<th>{label}</th><th>结果</th></tr>{rows}</table>")


# -- follow-ups -----------------------------------------------------------------------------

class FollowupsPanel(Panel):
    def __init__(self, host: SessionView) -> None:
        super().__init__(host)
        system = definition(host.record.kind).rule_system
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(_title(self.tr("跟踪事项（{s}）：每一项都要有责任方和期限").format(s=system or "落实")))
        form = QHBoxLayout()
        self.item = QLineEdit()
        self.item.setPlaceholderText(self.tr("事项，如“602室修复卫生间防水层”"))
        form.addWidget(self.item, 2)
        self.responsible = QLineEdit()
        self.responsible.setPlaceholderText(self.tr("责任方"))
        form.addWidget(self.responsible, 1)
        form.addWidget(QLabel(self.tr("期限")))
        self.deadline = QDateEdit(QDate.currentDate().addDays(14))
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        form.addWidget(self.deadline)
        self.add_btn = QPushButton(self.tr("登记"))
        self.add_btn.clicked.connect(self.add)
        self.item.returnPressed.connect(self.add)
        self.responsible.returnPressed.connect(self.add)
        form.addWidget(self.add_btn)
        lay.addLayout(form)
        self.table = _table([self.tr("事项"), self.tr("责任方"), self.tr("期限"), self.tr("状态"),
                             self.tr("回访"), self.tr("提示")])
        self.table.setColumnWidth(0, 260)
        self.table.setColumnWidth(1, 130)
        self.table.setColumnWidth(2, 95)
        self.table.setColumnWidth(3, 70)
        self.table.setColumnWidth(4, 50)
        self.table.itemSelectionChanged.connect(self.show_visits)
        lay.addWidget(self.table)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("所选事项：")))
        self.status = QComboBox()
        self.status.addItems(list(F.STATUSES))
        row.addWidget(self.status)
        self.status_btn = QPushButton(self.tr("改为此状态"))
        self.status_btn.clicked.connect(self.set_status)
        row.addWidget(self.status_btn)
        self.remove_btn = QPushButton(self.tr("删除"))
        self.remove_btn.clicked.connect(self.remove)
        row.addWidget(self.remove_btn)
        row.addStretch(1)
        lay.addLayout(row)
        vis = QFormLayout()
        vrow = QHBoxLayout()
        self.visit_on = QDateEdit(QDate.currentDate())
        self.visit_on.setCalendarPopup(True)
        self.visit_on.setDisplayFormat("yyyy-MM-dd")
        vrow.addWidget(self.visit_on)
        self.visitor = QLineEdit()
        self.visitor.setPlaceholderText(self.tr("回访人"))
        vrow.addWidget(self.visitor)
        self.visit_result = QLineEdit()
        self.visit_result.setPlaceholderText(self.tr("回访结果：是否履行、态度变化、新的矛盾、对调解的意见"))
        self.visit_result.returnPressed.connect(self.add_visit)
        vrow.addWidget(self.visit_result, 2)
        self.visit_btn = QPushButton(self.tr("记录回访"))
        self.visit_btn.clicked.connect(self.add_visit)
        vrow.addWidget(self.visit_btn)
        vis.addRow(self.tr("回访："), vrow)
        lay.addLayout(vis)
        self.visits = QLabel()
        self.visits.setWordWrap(True)
        lay.addWidget(self.visits)
        self._rows: list[F.FollowupRow] = []

    def add(self) -> None:
        item = self.item.text().strip()
        if not item:
            self.host.flash(self.tr("请填写事项。"), error=True)
            return
        ch = self.host.run(F.add, self.ctx, self.sid, item, self.responsible.text(),
                           self.deadline.date().toString("yyyy-MM-dd"),
                           undo=lambda c: (F.remove, (self.ctx, c.data["id"])), label=self.tr("登记跟踪事项"))
        if ch is not None:
            self.item.clear()
            self.responsible.clear()
            self.item.setFocus()

    def _current(self) -> F.FollowupRow | None:
        ids = _selected_ids(self.table)
        return next((r for r in self._rows if ids and r.id == ids[0]), None)

    def set_status(self) -> None:
        r = self._current()
        if r is None:
            self.host.flash(self.tr("请先在表格里选一项。"), error=True)
            return
        self.host.run(F.update, self.ctx, r.id, status=self.status.currentText(),
                      undo=lambda c: (_restore_followup, (self.ctx, r.id, c.data["before"])),
                      label=self.tr("改状态"))

    def remove(self) -> None:
        r = self._current()
        if r is not None:
            self.host.run(F.remove, self.ctx, r.id, label=self.tr("删除跟踪事项"))

    def add_visit(self) -> None:
        r = self._current()
        if r is None:
            self.host.flash(self.tr("请先在表格里选一项，再记录回访。"), error=True)
            return
        ch = self.host.run(F.add_visit, self.ctx, r.id, self.visit_on.date().toString("yyyy-MM-dd"),
                           self.visitor.text(), self.visit_result.text(),
                           undo=lambda c: (F.remove_visit, (self.ctx, c.data["id"])), label=self.tr("记录回访"))
        if ch is not None:
            self.visit_result.clear()

    def show_visits(self) -> None:
        r = self._current()
        if r is None:
            self.visits.setText("")
            return
        self.status.setCurrentText(r.status)
        if not r.visits:
            self.visits.setText(self.tr("“{i}”还没有回访记录。").format(i=r.item))
            return
        self.visits.setText("\n".join(f"{v.visited_on}  {v.visitor}：{v.result}" for v in r.visits))

    def reload(self) -> None:
        current = self.table.currentRow()
        self._rows = F.for_session(self.store, self.sid)
        self.table.setRowCount(len(self._rows))
        for i, r in enumerate(self._rows):
            self.table.setItem(i, 0, _item(r.item, r.id))
            self.table.setItem(i, 1, _item(r.responsible))
            self.table.setItem(i, 2, _item(r.deadline or self.tr("未定"), None, RED if r.overdue else None))
            self.table.setItem(i, 3, _item(r.status))
            self.table.setItem(i, 4, _item(len(r.visits)))
            self.table.setItem(i, 5, _item(self.tr("已逾期") if r.overdue else
                                           (self.tr("完成于 {d}").format(d=r.done_on) if r.done_on else ""),
                                           None, RED if r.overdue else None))
        if 0 <= current < len(self._rows):
            self.table.selectRow(current)
        self.show_visits()


def _restore_followup(ctx: Any, fid: int, before: dict[str, Any]) -> Any:
    return F.update(ctx, fid, **before)


PANEL_CLASSES = {
    "participants": lambda host: ParticipantsPanel(host, "pick"),
    "signin": lambda host: ParticipantsPanel(host, "signin"),
    "representativeness": RepresentativenessPanel,
    "speeches": SpeechesPanel,
    "votes": VotesPanel,
    "criteria": CriteriaPanel,
    "scoring": ScoringPanel,
    "followups": FollowupsPanel,
    "tally": TallyPanel,
}
