"""设置: the committee's details, the rules' numbers (程序规则设置), accounts and backups."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...domain.errors import UserError
from ...services import settings
from ...services.base import Changed
from .. import text_size
from ..context import AppContext
from ..dialogs.committee import CommitteeForm
from ..dialogs.rules import RulesDialog
from .backups import AdminPanel
from .base import Page


class SettingsPage(Page):
    key = "settings"
    watches = frozenset({"settings"})

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(app, parent)
        lay = QVBoxLayout(self)
        heading = QLabel(self.tr("设置"))
        heading.setObjectName("pageTitle")
        lay.addWidget(heading)
        section = QLabel(self.tr("居委会信息"))
        section.setObjectName("sectionTitle")
        lay.addWidget(section)
        self.form = CommitteeForm(self)
        lay.addWidget(self.form)
        row = QHBoxLayout()
        self.save_button = QPushButton(self.tr("保存居委会信息"))
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.save_button)
        self.saved_label = QLabel()
        row.addWidget(self.saved_label)
        row.addStretch(1)
        lay.addLayout(row)
        rules = QLabel(self.tr("程序规则"))
        rules.setObjectName("sectionTitle")
        lay.addWidget(rules)
        row = QHBoxLayout()
        self.rules_button = QPushButton(self.tr("程序规则设置…"))
        self.rules_button.clicked.connect(self.open_rules)
        row.addWidget(self.rules_button)
        hint = QLabel(self.tr("提前通知天数、听证代表人数、联名比例、公示期、各项期限、节假日等"))
        hint.setObjectName("pageSubtitle")
        row.addWidget(hint)
        row.addStretch(1)
        lay.addLayout(row)
        size_title = QLabel(self.tr("字号"))
        size_title.setObjectName("sectionTitle")
        lay.addWidget(size_title)
        row = QHBoxLayout()
        self.text_size = QComboBox()
        for name in text_size.SIZES:
            self.text_size.addItem(name, name)
        self.text_size.setCurrentIndex(self.text_size.findData(text_size.chosen()))
        self.text_size.activated.connect(self.choose_text_size)
        row.addWidget(QLabel(self.tr("整个窗口的字和按钮：")))
        row.addWidget(self.text_size)
        self.text_size_note = QLabel(self.tr("只对这台电脑有效；改后重新打开程序生效。"))
        self.text_size_note.setObjectName("pageSubtitle")
        self.text_size_note.setWordWrap(True)
        row.addWidget(self.text_size_note, 1)
        lay.addLayout(row)
        info = QLabel(self.tr("数据目录：{path}").format(path=str(app.data_dir)))
        info.setWordWrap(True)
        info.setObjectName("pageSubtitle")
        lay.addWidget(info)
        self.admin = AdminPanel(app)  # 账号 / 备份与恢复 / 安全
        lay.addWidget(self.admin, 1)

    def title(self) -> str:
        return self.tr("设置")

    def refresh(self) -> None:
        self.form.load(settings.committee(self.app.ctx.store))
        self.form.show_error("")

    def choose_text_size(self) -> None:
        name = self.text_size.currentData()
        text_size.choose(name)
        now = text_size.SIZES[name]
        self.text_size_note.setText(self.tr("已选“{n}”（{p}%）：重新打开程序后生效。只对这台电脑有效。").format(
            n=name, p=round(now * 100)))

    def open_rules(self) -> RulesDialog:
        dlg = RulesDialog(self.app, self)
        dlg.open()
        return dlg

    def save(self) -> None:
        try:
            changed: Changed = settings.save_committee(self.app.ctx, self.form.value())
        except UserError as exc:
            self.form.show_error(exc.message)
            return
        self.form.show_error("")
        self.saved_label.setText(self.tr("已保存"))
        self.app.bus.changed.emit(changed)
