"""新建会议: pick the kind (from WORKFLOWS), name the session, see its steps.
Drawn in forms/new_session_form.ui."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from ...domain.workflows import WORKFLOWS
from ..forms.ui_new_session_form import Ui_NewSessionForm


class NewSessionDialog(QDialog):
    """`kind` is the preselected workflow; the page creates the session on `accepted`."""

    def __init__(self, parent: QWidget | None = None, kind: str = "hearing") -> None:
        super().__init__(parent)
        self.ui = Ui_NewSessionForm()
        self.ui.setupUi(self)
        self.kind = self.ui.kindCombo
        for k, w in WORKFLOWS.items():
            self.kind.addItem(f"{w.label} — {w.summary}", k)
        self.kind.setCurrentIndex(max(self.kind.findData(kind), 0))
        self.title_edit = self.ui.titleEdit
        self.steps = self.ui.stepsLabel
        self.steps.setObjectName("pageSubtitle")  # greyed by the app style sheet
        self.error = self.ui.errorLabel
        self.buttons = self.ui.buttons
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("新建并开始"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self) -> None:
        w = WORKFLOWS[self.kind.currentData()]
        self.steps.setText(" → ".join(s.title for s in w.steps) + " → 办结")
        hint = w.steps[0].fields[0].placeholder if w.steps[0].fields else ""
        self.title_edit.setPlaceholderText(hint)

    def _ok(self) -> None:
        if not self.title_edit.text().strip():
            self.error.setText(self.tr("请填写会议名称。"))
            self.title_edit.setFocus()
            return
        self.accept()
