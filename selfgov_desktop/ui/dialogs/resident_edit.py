"""Add or edit a resident, checked as you type (ID checksum, birth date and sex against the ID,
phone shape, duplicate ID). ID number and phone stay masked until 显示 (audit-logged)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout, QWidget)

from ...domain import roster
from ...services import residents as svc
from ..context import AppContext
from ..operations import perform

TEXT_FIELDS = [
    ("name", "姓名"), ("id_number", "身份证号"), ("birth_date", "出生日期"), ("phone", "联系电话"),
    ("ethnicity", "民族"), ("address", "居住地址"), ("building", "楼号"), ("room", "室号"),
    ("hukou_address", "户籍地址"), ("employer", "工作单位"), ("key_categories", "重点类别"),
    ("note", "备注"),
]
CHOICE_FIELDS = [
    ("sex", "性别", ("",) + roster.SEX_CHOICES),
    ("relation", "与户主关系", ("",) + roster.RELATION_CHOICES),
    ("political_status", "政治面貌", ("",) + roster.POLITICAL_CHOICES),
    ("population_type", "人口状态", ("", "常住", "流动", "人户分离")),
    ("marital_status", "婚姻状况", ("", "未婚", "已婚", "离异", "丧偶")),
    ("education", "文化程度", ("", "小学", "初中", "高中", "中专", "大专", "本科", "硕士", "博士")),
]


class ResidentDialog(QDialog):
    def __init__(self, app: AppContext, resident_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.resident_id = resident_id
        self.record: dict[str, Any] = svc.get(app.ctx.store, resident_id) if resident_id else {}
        self.revealed = resident_id is None
        self.setWindowTitle(self.tr("编辑居民") if resident_id else self.tr("新增居民"))
        lay = QVBoxLayout(self)
        grid = QGridLayout()
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        for i, (key, label) in enumerate(TEXT_FIELDS):
            edit = QLineEdit()
            edit.setObjectName(f"edit_{key}")
            self.edits[key] = edit
            err = QLabel()
            err.setStyleSheet("color: #b00020;")
            err.setWordWrap(True)
            self.errors[key] = err
            r, c = divmod(i, 2)
            form = QFormLayout()
            form.addRow(self.tr(label), edit)
            form.addRow("", err)
            grid.addLayout(form, r, c)
        row = len(TEXT_FIELDS) // 2 + 1
        self.combos: dict[str, QComboBox] = {}
        for i, (key, label, choices) in enumerate(CHOICE_FIELDS):
            combo = QComboBox()
            combo.setEditable(key != "sex")
            combo.addItems(list(choices))
            self.combos[key] = combo
            form = QFormLayout()
            form.addRow(self.tr(label), combo)
            if key == "sex":
                err = QLabel()
                err.setStyleSheet("color: #b00020;")
                self.errors["sex"] = err
                form.addRow("", err)
            grid.addLayout(form, row + i // 2, i % 2)
        lay.addLayout(grid)
        bottom = QHBoxLayout()
        self.group = QComboBox()
        self.group.addItem(self.tr("（无楼组）"), None)
        for gid, name in svc.building_groups(app.ctx.store):
            self.group.addItem(name, gid)
        bottom.addWidget(QLabel(self.tr("楼组")))
        bottom.addWidget(self.group)
        self.volunteer = QCheckBox(self.tr("志愿者"))
        bottom.addWidget(self.volunteer)
        bottom.addStretch(1)
        self.reveal_button = QPushButton(self.tr("显示完整证件号和电话"))
        self.reveal_button.setToolTip(self.tr("查看会记入操作日志"))
        self.reveal_button.clicked.connect(self.reveal)
        bottom.addWidget(self.reveal_button)
        lay.addLayout(bottom)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self._load()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.check)
        for edit in self.edits.values():
            edit.textChanged.connect(lambda _t: self._timer.start())
        self.combos["sex"].currentTextChanged.connect(lambda _t: self._timer.start())
        self.check()
        self.resize(760, 600)

    def _load(self) -> None:
        rec = self.record if self.revealed else svc.masked(self.record)
        for key, edit in self.edits.items():
            edit.setText(str(rec.get(key) or ""))
        sensitive = not self.revealed and bool(self.record)
        for key in ("id_number", "phone"):
            self.edits[key].setReadOnly(sensitive)
        self.reveal_button.setVisible(sensitive)
        for key, combo in self.combos.items():
            value = str(self.record.get(key) or "")
            if combo.findText(value) < 0:
                combo.addItem(value)
            combo.setCurrentText(value)
        gid = self.record.get("building_group_id")
        self.group.setCurrentIndex(max(0, self.group.findData(gid)))
        self.volunteer.setChecked(bool(self.record.get("is_volunteer")))

    def reveal(self) -> None:
        def shown(values: dict[str, Any]) -> None:
            self.revealed = True
            for key in ("id_number", "phone"):
                self.edits[key].setText(values.get(key, ""))
                self.edits[key].setReadOnly(False)
            self.reveal_button.setVisible(False)

        perform(self, self.app.bus, svc.reveal_logged, self.app.ctx, self.resident_id,
                on_success=shown)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: e.text() for k, e in self.edits.items()}
        if not self.revealed:
            out["id_number"] = self.record.get("id_number") or ""
            out["phone"] = self.record.get("phone") or ""
        out.update({k: c.currentText() for k, c in self.combos.items()})
        out["building_group_id"] = self.group.currentData()
        out["is_volunteer"] = self.volunteer.isChecked()
        return out

    def check(self) -> dict[str, str]:
        problems = svc.validate(self.values(), self.app.ctx.store, self.resident_id)
        for key, label in self.errors.items():
            label.setText(problems.get(key, ""))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problems)
        return problems

    def save(self) -> None:
        self._timer.stop()
        problems = self.check()
        if problems:
            return
        perform(self, self.app.bus, svc.save, self.app.ctx, self.values(), self.resident_id,
                on_success=lambda _c: self.accept())
