"""Who takes part: picking participants (residents, groups, units, anyone by name), sign-in
(出席/缺席/请假, F5–F7) and representativeness against the roster."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QVBoxLayout, QWidget)

from ....domain.workflows import definition
from ....services import groups as G
from ....services import participants as P
from ..models import RED
from .base import Panel, _item, _selected_ids, _table, _title

if TYPE_CHECKING:
    from ....services.base import Changed
    from ..host import PanelHost, UndoEntry


class ParticipantsPanel(Panel):
    """mode "pick": add people; mode "signin": mark 出席/缺席/请假."""

    def __init__(self, host: PanelHost, mode: str = "pick") -> None:
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
                QShortcut(QKeySequence(key), self,
                          context=Qt.ShortcutContext.WidgetWithChildrenShortcut).activated.connect(
                    lambda a=att: self.mark_selected(a))
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
            if g["kind"] == "楼组":  # 整组加入 on a 楼组 means the people living there
                living = len(G.residents_of_building_group(self.store, g["id"]))
                self.group.addItem(self.tr("楼组：{n}　全体居民（{c}人）").format(n=g["name"], c=living),
                                   f"{g['id']}:residents")
                if g["members"]:
                    self.group.addItem(self.tr("楼组：{n}　组长和五大员（{c}人）").format(
                        n=g["name"], c=g["members"]), f"{g['id']}:members")
            else:
                self.group.addItem(f"{g['kind']}：{g['name']}（{g['members']}人）", f"{g['id']}:members")
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
            it = QListWidgetItem(f"{h['name']}  {h['sex']}  {age}  {h['building']}{h['room']}  "
                                 f"{h['group']}{extra}")
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
        data = self.group.currentData()
        if data is None:
            return
        gid_text, which = str(data).split(":")
        gid = int(gid_text)
        if which != "residents":
            self._add(P.add_group, self.ctx, self.sid, gid, self.role.currentText())
            return
        name = G.get_group(self.store, gid)["name"]
        ids = G.residents_of_building_group(self.store, gid)
        if not ids:
            self.host.flash(self.tr("“{n}”里还没有在册居民。居民的楼组在“居民”页调整。").format(n=name),
                            error=True)
            return
        ch = self.host.run(P.add_residents, self.ctx, self.sid, ids, self.role.currentText(),
                           undo=lambda c: (P.remove, (self.ctx, list(c.data.get("added", [])))),
                           label=self.tr("整组加入"))
        if ch is not None:
            self.host.flash(self.tr("从“{n}”加入全体居民：{s}").format(n=name, s=ch.summary))

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
                          undo=partial(self._role_back, pid),
                          label=self.tr("改角色"))

    def _role_back(self, pid: int, c: Changed) -> UndoEntry:
        return (P.set_role, (self.ctx, pid, c.data["before"]))

    def _attendance_back(self, pid: int, c: Changed) -> UndoEntry:
        return (P.set_attendance, (self.ctx, pid, c.data["before"], c.data.get("before_reason", "")))

    def mark_selected(self, attendance: str) -> None:
        reason = self.reason.text().strip() if attendance != "出席" else ""
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        for pid in _selected_ids(self.table):
            self.host.run(P.set_attendance, self.ctx, pid, attendance, reason,
                          undo=partial(self._attendance_back, pid),
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
        parts = "，".join(f"{k}{v}人" for k, v in roles.items())
        signed = sum(1 for r in rows if r.attendance)
        present = sum(1 for r in rows if r.attendance == "出席")
        self.summary.setText(self.tr("共{n}人{parts}。已签到{s}/{n}，出席{p}人。").format(
            n=len(rows), parts=f"：{parts}" if parts else "", s=signed, p=present))


def _unmark(ctx: Any, ids: list[int]) -> Any:
    out = None
    for pid in ids:
        out = P.set_attendance(ctx, pid, "")
    return out


class RepresentativenessPanel(Panel):
    def __init__(self, host: PanelHost) -> None:
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
        ages = "".join(f"<tr><td>{b}</td><td align=right>{a * 100:.0f}%</td>"
                       f"<td align=right>{o * 100:.0f}%</td></tr>" for b, a, o in r.age_bands)
        sexes = "".join(f"<tr><td>{s}</td><td align=right>{a * 100:.0f}%</td>"
                        f"<td align=right>{o * 100:.0f}%</td></tr>" for s, a, o in r.sex)
        warn = (f"<p style='color:#c62828'><b>{self.tr('还没有代表的楼组：')}</b>{'、'.join(r.uncovered)}</p>"
                if r.uncovered else "")
        self.body.setText(
            f"<p>{self.tr('参会居民')} {r.residents_taking_part} {self.tr('人')}</p>{warn}"
            "<table cellspacing=0 cellpadding=3><tr valign=top><td>"
            "<table border=1 cellspacing=0 cellpadding=3>"
            f"<tr><th>楼组</th><th>成年居民</th><th>参会</th></tr>{rows}</table>"
            "</td><td width=16></td><td>"
            "<table border=1 cellspacing=0 cellpadding=3>"
            f"<tr><th>年龄</th><th>花名册</th><th>参会</th></tr>{ages}</table>"
            "</td><td width=16></td><td>"
            "<table border=1 cellspacing=0 cellpadding=3>"
            f"<tr><th>性别</th><th>花名册</th><th>参会</th></tr>{sexes}</table>"
            "</td></tr></table>")
