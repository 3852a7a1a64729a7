"""Votes counted in the room: motion, method and the counts, with the majority shown as typed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout

from ....domain import paper as PP
from ....domain import rules as R
from ....services import participants as P
from ....services import sessions as S
from ..models import RED
from .base import Panel, _item, _selected_ids, _table, _title

if TYPE_CHECKING:
    from ..host import PanelHost


class VotesPanel(Panel):
    def __init__(self, host: PanelHost) -> None:
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
        row2.addStretch(1)
        self.add_btn = QPushButton(self.tr("记录表决"))
        self.add_btn.clicked.connect(self.add)
        row2.addWidget(self.add_btn)
        lay.addLayout(row2)
        self.result = QLabel()
        self.result.setWordWrap(True)  # the verdict on its own line: the row fits 大 on 1366×768
        lay.addWidget(self.result)
        self.table = _table([self.tr("事项"), self.tr("方式"), self.tr("到会"), self.tr("赞成"),
                             self.tr("反对"),
                             self.tr("弃权"), self.tr("结果")])
        self.table.setMinimumHeight(90)
        self.table.setColumnWidth(0, 220)
        lay.addWidget(self.table)
        self.remove_btn = QPushButton(self.tr("删除所选表决"))
        self.remove_btn.clicked.connect(self.remove)
        lay.addWidget(self.remove_btn, 0, Qt.AlignmentFlag.AlignLeft)

    def _straw(self) -> bool:
        rec = self.host.record
        return rec is not None and not rec.definition.votes_decide

    def preview(self) -> None:
        v = {k: s.value() for k, s in self.spins.items()}
        if v["base"] <= 0:
            self.result.setText(self.tr("填写到会人数"))
            return
        if self._straw():  # a hearing: 意向性表决, counts only
            self.result.setText(self.tr("意向性表决：只记票数，表明意向，不作决定"))
            return
        r = R.majority(v["yes"], v["base"])
        self.result.setText(("✔ " if r.ok else "✘ ") + r.message)

    def add(self) -> None:
        v = {k: s.value() for k, s in self.spins.items()}
        ch = self.host.run(S.add_vote, self.ctx, self.sid, self.motion.text(), v["base"], v["yes"], v["no"],
                           v["abstain"], self.method.currentText(),
                           undo=lambda c: (S.remove_vote, (self.ctx, c.data["id"])),
                           label=self.tr("记录表决"))
        if ch is not None:
            self.motion.clear()

    def pending(self) -> str:
        return self.tr("表决事项") if self.motion.text().strip() else ""

    def focus_pending(self) -> None:
        self.motion.setFocus()

    def remove(self) -> None:
        for vid in _selected_ids(self.table):
            self.host.run(S.remove_vote, self.ctx, vid, label=self.tr("删除表决"))

    def reload(self) -> None:
        if self._straw():
            self.add_btn.setText(self.tr("记录意向性表决"))
        if self.spins["base"].value() == 0:
            present = sum(1 for p in P.list_participants(self.store, self.sid)
                          if p.attendance == "出席" and PP.is_due(p.role))
            self.spins["base"].setValue(present)
        rows = S.votes(self.store, self.sid)
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            self.table.setItem(i, 0, _item(r["motion"], r["id"]))
            for j, k in enumerate(("method", "base", "yes", "no", "abstain"), start=1):
                self.table.setItem(i, j, _item(r[k]))
            if r["passed"] is None:  # 意向性表决 (a hearing): counts only, it decides nothing
                self.table.setItem(i, 6, _item(r.get("rule") or "意向性表决"))
            else:
                self.table.setItem(i, 6, _item("通过" if r["passed"] else "未通过", None,
                                               None if r["passed"] else RED))
        self.preview()
