"""Add or edit a resident, checked as you type (ID checksum, birth date and sex against the ID,
phone shape, duplicate ID). ID number and phone stay masked until 显示 (audit-logged)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from ...domain import roster
from ...services import residents as svc
from ..context import AppContext
from ..forms.ui_resident_form import Ui_ResidentForm
from ..operations import perform

# The fields drawn in forms/resident_form.ui (edit_KEY + error_KEY, combo_KEY) by key; the
# labels live in the form.
TEXT_KEYS = ("name", "id_number", "birth_date", "phone", "ethnicity", "address", "building",
             "room", "hukou_address", "employer", "key_categories", "note")
CHOICES: dict[str, tuple[str, ...]] = {
    "sex": ("",) + roster.SEX_CHOICES,
    "relation": ("",) + roster.RELATION_CHOICES,
    "political_status": ("",) + roster.POLITICAL_CHOICES,
    "population_type": ("", "常住", "流动", "人户分离"),
    "marital_status": ("", "未婚", "已婚", "离异", "丧偶"),
    "education": ("", "小学", "初中", "高中", "中专", "大专", "本科", "硕士", "博士"),
}


class ResidentDialog(QDialog):
    """The form is drawn in Qt Designer (forms/resident_form.ui); this class fills and checks it."""

    def __init__(self, app: AppContext, resident_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.resident_id = resident_id
        self.record: dict[str, Any] = svc.get(app.ctx.store, resident_id) if resident_id else {}
        self.revealed = resident_id is None
        self.setWindowTitle(self.tr("编辑居民") if resident_id else self.tr("新增居民"))
        lay = QVBoxLayout(self)
        self.form = QWidget(self)
        self.ui = Ui_ResidentForm()
        self.ui.setupUi(self.form)
        lay.addWidget(self.form)
        ui = self.ui
        self.edits: dict[str, QLineEdit] = {k: getattr(ui, f"edit_{k}") for k in TEXT_KEYS}
        self.errors: dict[str, QLabel] = {k: getattr(ui, f"error_{k}") for k in TEXT_KEYS}
        self.errors["sex"] = ui.error_sex
        self.combos: dict[str, QComboBox] = {}
        for key, choices in CHOICES.items():
            combo: QComboBox = getattr(ui, f"combo_{key}")
            combo.addItems(list(choices))
            self.combos[key] = combo
        self.group = ui.groupCombo
        self.group.addItem(self.tr("（无楼组）"), None)
        for gid, name in svc.building_groups(app.ctx.store):
            self.group.addItem(name, gid)
        self.volunteer = ui.volunteerCheck
        self.reveal_button = ui.revealButton
        self.reveal_button.clicked.connect(self.reveal)
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

    def conceal(self) -> None:
        """The window locked: back to masked (what was typed elsewhere in the form stays)."""
        if self.revealed and self.record:
            self.revealed = False
            masked = svc.masked(self.record)
            for key in ("id_number", "phone"):
                self.edits[key].setText(str(masked.get(key) or ""))
                self.edits[key].setReadOnly(True)
            self.reveal_button.setVisible(True)

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
