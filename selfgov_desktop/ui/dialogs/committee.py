"""居委会信息: asked on first run, editable later in 设置. Drawn in forms/committee_form.ui."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from ...domain.errors import UserError
from ...domain.model import CommitteeSettings
from ...services import settings
from ...services.base import Context
from ..forms.ui_committee_form import Ui_CommitteeForm


class CommitteeForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_CommitteeForm()
        self.ui.setupUi(self)
        self._edits = {
            "name": self.ui.nameEdit, "district": self.ui.districtEdit,
            "street": self.ui.streetEdit, "address": self.ui.addressEdit,
            "phone": self.ui.phoneEdit, "supervision_phone": self.ui.supervisionEdit,
            "contact_person": self.ui.contactEdit,
        }
        for edit in self._edits.values():
            edit.textChanged.connect(self._recheck)

    REQUIRED = (("name", "居委会全称"), ("street", "街道/镇"), ("supervision_phone", "监督电话"))

    def _recheck(self) -> None:
        """A hint shown after 保存 follows the typing: fields filled since drop out of it."""
        if not self.ui.errorLabel.text().startswith(self.tr("请填写")):
            return
        missing = [label for key, label in self.REQUIRED if not self._edits[key].text().strip()]
        self.ui.errorLabel.setText(self.tr("请填写：") + "、".join(missing) if missing else "")

    def load(self, value: CommitteeSettings) -> None:
        for key, edit in self._edits.items():
            edit.setText(getattr(value, key))

    def value(self) -> CommitteeSettings:
        return CommitteeSettings(**{k: e.text().strip() for k, e in self._edits.items()})

    def show_error(self, text: str) -> None:
        self.ui.errorLabel.setText(text)


class CommitteeDialog(QDialog):
    """First-run dialog: the committee's name, street, address and 监督电话."""

    def __init__(self, ctx: Context, parent: QWidget | None = None, first_run: bool = False):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("欢迎使用：先填写居委会信息") if first_run else self.tr("居委会信息"))
        lay = QVBoxLayout(self)
        self.form = CommitteeForm(self)
        self.form.load(settings.committee(ctx.store))
        lay.addWidget(self.form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            self.tr("以后再填") if first_run else self.tr("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(560, 380)

    def save(self) -> None:
        try:
            settings.save_committee(self.ctx, self.form.value())
        except UserError as exc:
            self.form.show_error(exc.message)
            return
        self.accept()
