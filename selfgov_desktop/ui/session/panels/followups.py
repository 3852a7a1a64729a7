"""Follow-ups: each item with who is responsible and by when, its status, and the visits."""

from __future__ import annotations

import datetime as dt

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (QComboBox, QDateEdit, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout)

from ....domain.workflows import definition
from ....services import followups as F
from ..models import RED
from .base import Panel, _item, _selected_ids, _table, _title
from ...qdate import qdate

if TYPE_CHECKING:
    from ..host import PanelHost


class FollowupsPanel(Panel):
    def __init__(self, host: PanelHost) -> None:
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
        self.deadline = QDateEdit(qdate(self.ctx.today() + dt.timedelta(days=14)))
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
        self.visit_on = QDateEdit(qdate(self.ctx.today()))
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
                           undo=lambda c: (F.remove_visit, (self.ctx, c.data["id"])),
                           label=self.tr("记录回访"))
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
                                           (self.tr("完成于{d}").format(d=r.done_on) if r.done_on else ""),
                                           None, RED if r.overdue else None))
        if 0 <= current < len(self._rows):
            self.table.selectRow(current)
        self.show_visits()


def _restore_followup(ctx: Any, fid: int, before: dict[str, Any]) -> Any:
    return F.update(ctx, fid, **before)
