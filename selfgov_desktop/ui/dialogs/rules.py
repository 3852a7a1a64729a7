"""程序规则设置: the numbers the rules judge by (services.program_rules), changed by the
director — the 三会 on one tab, 议题 and 居民(代表)会议 on the other — saved together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Protocol

from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QSpinBox, QTabWidget, QVBoxLayout, QWidget)

from ...domain.errors import UserError
from ...domain.rules import SETTING_LABELS, calendar_warning
from ...services import program_rules
from ..context import AppContext

# 议题 and 居民(代表)会议: key -> (label, unit, lowest, highest)
TOPIC_LABELS: dict[str, tuple[str, str, int, int]] = {
    "proposal_share_num": ("居民提议议题的联名比例（成年居民或户数）", "", 1, 99),
    "proposal_share_den": ("", "", 1, 99),
    "group_share_num": ("居民小组提议的比例", "", 1, 99),
    "group_share_den": ("", "", 1, 99),
}
MEETING_LABELS: dict[str, tuple[str, str, int, int]] = {
    "agenda_days": ("居民（代表）会议议程至少提前公布", "天", 0, 99),
    "publicity_days": ("决议公开、实施结果公开不少于", "天", 0, 99),
    "per_group_representatives": ("每个居民小组推选居民代表", "名", 2, 3),
}


class _Part(Protocol):
    """RuleSettings, TopicSettings, MeetingSettings: the numbers a part shows, by name."""

    def to_dict(self) -> Mapping[str, Any]: ...


class RulesDialog(QDialog):
    def __init__(self, app: AppContext, parent: QWidget | None = None, tab: int = 0) -> None:
        super().__init__(parent)
        self.app = app
        self.setWindowTitle(self.tr("程序规则设置"))
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("这些数字是示范规则和本地惯例的默认值，可以按本街道的要求修改。"
                               "保存后，所有会议的程序检查按新数字重新计算。"))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        pr = program_rules.current(app.ctx.store)
        self.spins: dict[str, QSpinBox] = {}
        self.tabs = QTabWidget()
        meetings_form = QFormLayout()
        self._add_rows(meetings_form,
                       {k: (label, unit, 0, 999) for k, (label, unit) in SETTING_LABELS.items()},
                       pr.rules)
        self.holidays = QLineEdit(" ".join(pr.rules.holidays))
        self.holidays.setPlaceholderText("2026-10-01 2026-10-02 …")
        meetings_form.addRow(self.tr("法定节假日（不算工作日）："), self.holidays)
        self.workdays = QLineEdit(" ".join(pr.rules.workdays))
        self.workdays.setPlaceholderText("2026-09-27 …")
        meetings_form.addRow(self.tr("调休上班的周末（算工作日）："), self.workdays)
        cal = QLabel(self.tr("工作日按内置的国家法定节假日和调休日历计算；上面两栏填写的日期优先。")
                     + ("\n" + warning if (warning := calendar_warning(app.ctx.today(), pr.rules)) else ""))
        cal.setWordWrap(True)
        cal.setObjectName("pageSubtitle")
        self.calendar_note = cal
        meetings_form.addRow(cal)
        self.proxies = QCheckBox(self.tr("委托他人参加的算到会（默认不算；居民代表任何情况下都要本人出席）"))
        self.proxies.setChecked(pr.rules.proxies_count)
        meetings_form.addRow(self.proxies)
        self.tabs.addTab(self._page(meetings_form), self.tr("三会"))
        topics_form = QFormLayout()
        self._add_rows(topics_form, TOPIC_LABELS, pr.topics, "topics.")
        self._add_rows(topics_form, MEETING_LABELS, pr.meetings, "meetings.")
        note = QLabel(self.tr("提出议题的居民达到这些比例时，议题库在议题名后标“★”，并说明可以要求召开听证会"
                              "或应当召开居民会议讨论。"))
        note.setObjectName("pageSubtitle")
        note.setWordWrap(True)
        topics_form.addRow(note)
        self.tabs.addTab(self._page(topics_form), self.tr("议题与居民会议"))
        self.tabs.setCurrentIndex(tab)
        lay.addWidget(self.tabs)
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

    @staticmethod
    def _page(form: QFormLayout) -> QWidget:
        """A tab's form in a scroll area: the dialog fits a small screen at 字号 大."""
        from PySide6.QtWidgets import QFrame, QScrollArea

        page = QWidget()
        page.setLayout(form)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(page)
        return area

    def _spin(self, name: str, values: object, key: str, unit: str, low: int, high: int) -> QSpinBox:
        sp = QSpinBox()
        sp.setRange(low, high)
        sp.setValue(getattr(values, key))
        sp.setSuffix(f" {unit}" if unit else "")
        self.spins[name] = sp
        return sp

    def _add_rows(self, form: QFormLayout, labels: dict[str, tuple[str, str, int, int]],
                  values: object, prefix: str = "") -> None:
        """One row per number; a share (`x_num`, `x_den`) is one row: [1] / [5]."""
        for key, (label, unit, low, high) in labels.items():
            if key.endswith("_den") and key[:-4] + "_num" in labels:
                continue  # beside its numerator
            sp = self._spin(prefix + key, values, key, unit, low, high)
            den = key[:-4] + "_den"
            if key.endswith("_num") and den in labels:
                row = QHBoxLayout()
                row.addWidget(sp)
                row.addWidget(QLabel("/"))
                row.addWidget(self._spin(prefix + den, values, den, "", *labels[den][2:]))
                row.addStretch(1)
                form.addRow(self.tr(label.replace("（分子）", "")) + "：", row)
            else:
                form.addRow(self.tr(label) + "：", sp)

    def _parts(self, pr: program_rules.ProgramRules) -> list[tuple[str, _Part]]:
        return [("", pr.rules), ("topics.", pr.topics), ("meetings.", pr.meetings)]

    def defaults(self) -> None:
        self.proxies.setChecked(False)
        for prefix, part in self._parts(program_rules.ProgramRules.defaults()):
            for key, value in part.to_dict().items():
                if prefix + key in self.spins:
                    self.spins[prefix + key].setValue(value)

    def value(self) -> program_rules.ProgramRules:
        pr = program_rules.current(self.app.ctx.store)
        for prefix, part in self._parts(pr):
            for key in part.to_dict():
                if prefix + key in self.spins:
                    setattr(part, key, self.spins[prefix + key].value())
        pr.rules.holidays = self.holidays.text().split()
        pr.rules.workdays = self.workdays.text().split()
        pr.rules.proxies_count = self.proxies.isChecked()
        return pr

    def save(self) -> None:
        pr = self.value()
        for d in pr.rules.holidays + pr.rules.workdays:
            try:
                dt.date.fromisoformat(d)
            except ValueError:
                self.tabs.setCurrentIndex(0)
                self.error.setText(self.tr("日期“{d}”的格式不对，应为2026-10-01，"
                                           "多个日期用空格隔开。").format(d=d))
                return
        try:
            ch = program_rules.save(self.app.ctx, pr)
        except UserError as exc:
            self.error.setText(exc.message)
            return
        self.app.bus.changed.emit(ch)
        self.accept()
