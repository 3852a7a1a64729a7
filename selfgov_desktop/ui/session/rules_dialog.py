"""程序规则设置: the defaults of domain.rules.RuleSettings, changed by the director."""

from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox,
                               QVBoxLayout, QWidget)

from ...domain.errors import UserError
from ...domain.rules import SETTING_LABELS, RuleSettings
from ...services import sessions as S
from ..context import AppContext


class RulesDialog(QDialog):
    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.setWindowTitle(self.tr("程序规则设置"))
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("这些数字是示范规则和本地惯例的默认值，可以按本街道的要求修改。"
                               "修改后，所有会议的程序检查按新数字重新计算。"))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        rs = S.rule_settings(app.ctx.store)
        self.spins: dict[str, QSpinBox] = {}
        for key, (label, unit) in SETTING_LABELS.items():
            sp = QSpinBox()
            sp.setRange(0, 999)
            sp.setValue(getattr(rs, key))
            sp.setSuffix(f" {unit}" if unit else "")
            self.spins[key] = sp
            form.addRow(self.tr(label) + "：", sp)
        self.holidays = QLineEdit(" ".join(rs.holidays))
        self.holidays.setPlaceholderText("2026-10-01 2026-10-02 …")
        form.addRow(self.tr("法定节假日（不算工作日）："), self.holidays)
        self.workdays = QLineEdit(" ".join(rs.workdays))
        self.workdays.setPlaceholderText("2026-09-27 …")
        form.addRow(self.tr("调休上班的周末（算工作日）："), self.workdays)
        lay.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        lay.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.RestoreDefaults
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).setText(self.tr("恢复默认值"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self.defaults)
        lay.addWidget(self.buttons)

    def defaults(self) -> None:
        d = RuleSettings()
        for key, sp in self.spins.items():
            sp.setValue(getattr(d, key))

    def value(self) -> RuleSettings:
        rs = RuleSettings(**{k: sp.value() for k, sp in self.spins.items()})
        rs.holidays = self.holidays.text().split()
        rs.workdays = self.workdays.text().split()
        return rs

    def save(self) -> None:
        rs = self.value()
        import datetime as dt
        for d in rs.holidays + rs.workdays:
            try:
                dt.date.fromisoformat(d)
            except ValueError:
                self.error.setText(self.tr("日期“{d}”的格式不对，应为 2026-10-01，多个日期用空格隔开。").format(d=d))
                return
        try:
            ch = S.save_rule_settings(self.app.ctx, rs)
            ch = ch | S.recompute_all(self.app.ctx)
        except UserError as exc:
            self.error.setText(exc.message)
            return
        self.app.bus.changed.emit(ch)
        self.accept()
