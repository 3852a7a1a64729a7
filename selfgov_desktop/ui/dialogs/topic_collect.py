"""收集居民需求: a need written down as a topic, with its channel and who raised it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QSpinBox,
                               QWidget)

from ...domain import topics as T
from ...services import participants as participants_svc
from ...services import topics as svc
from ..context import AppContext
from ..operations import perform
from ..topics.dates import date_edit, iso


class CollectDialog(QDialog):
    """收集需求: what, from which channel, who raised it (roster or free names)."""

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.setWindowTitle(self.tr("收集居民需求"))
        self.resize(560, 560)
        form = QFormLayout(self)
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("例如：3号楼楼道灯经常不亮"))
        self.channel = QComboBox()
        self.channel.addItems(T.CHANNELS)
        self.category = QComboBox()
        self.category.addItem(self.tr("（未分类）"), "")
        for c in T.CATEGORIES:
            self.category.addItem(c, c)
        self.raised_on = date_edit(self.app.ctx.today())
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText(self.tr("居民怎么说的、涉及哪些楼、有什么诉求"))
        self.description.setFixedHeight(70)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("从花名册查找：姓名、拼音首字母、电话"))
        self.results = QListWidget()
        self.results.setFixedHeight(110)
        self.chosen = QListWidget()
        self.chosen.setFixedHeight(70)
        self.free_name = QLineEdit()
        self.free_name.setPlaceholderText(self.tr("不在花名册上的提出人（姓名或单位）"))
        self.free_count = QSpinBox()
        self.free_count.setRange(1, 100000)
        self.free_count.setSuffix(self.tr(" 人"))
        free = QHBoxLayout()
        free.addWidget(self.free_name, 1)
        free.addWidget(QLabel(self.tr("代表")))
        free.addWidget(self.free_count)
        form.addRow(self.tr("需求（议题）"), self.title)
        form.addRow(self.tr("来源渠道"), self.channel)
        form.addRow(self.tr("类别"), self.category)
        form.addRow(self.tr("提出日期"), self.raised_on)
        form.addRow(self.tr("具体情况"), self.description)
        form.addRow(self.tr("提出人"), self.search)
        form.addRow("", self.results)
        form.addRow(self.tr("已选"), self.chosen)
        form.addRow(self.tr("其他提出人"), free)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        form.addRow(self.buttons)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        self.search.textChanged.connect(self._search)
        self.results.itemDoubleClicked.connect(self._choose)
        self.chosen.itemDoubleClicked.connect(lambda it: self.chosen.takeItem(self.chosen.row(it)))

    def _search(self, text: str) -> None:
        self.results.clear()
        if len(text.strip()) < 1:
            return
        for r in participants_svc.search_residents(self.app.ctx.store, text, limit=30):
            label = f"{r.get('name', '')}  {r.get('building', '')}{r.get('room', '')}"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, r["id"])
            self.results.addItem(item)

    def _choose(self, item: QListWidgetItem) -> None:
        rid = item.data(Qt.ItemDataRole.UserRole)
        if rid in self.chosen_ids():
            return
        chosen = QListWidgetItem(item.text())
        chosen.setData(Qt.ItemDataRole.UserRole, rid)
        self.chosen.addItem(chosen)

    def chosen_ids(self) -> list[int]:
        return [self.chosen.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.chosen.count())]

    def raisers(self) -> list[svc.Raiser]:
        out = [svc.Raiser(resident_id=rid) for rid in self.chosen_ids()]
        if self.free_name.text().strip():
            out.append(svc.Raiser(name=self.free_name.text().strip(),
                                  residents_count=self.free_count.value()))
        return out

    def _save(self) -> None:
        perform(self, self.app.bus, svc.collect, self.app.ctx, self.title.text(),
                channel=self.channel.currentText(), raisers=self.raisers(),
                raised_on=iso(self.raised_on), category=self.category.currentData() or "",
                description=self.description.toPlainText(),
                on_success=self._saved)

    def _saved(self, changed: Any) -> None:
        self.created_id = changed.data.get("id")
        self.accept()
