"""The 纸质表格 strip in a step: 打印表格 buttons (rendered off the GUI thread) and the buttons
that open the entry dialogs; after an entry the step's editors and panels reload."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout

from ....domain import paper as PP
from ....domain.errors import UserError
from ....services import participants as P
from ....services import paper
from ....services.base import Changed
from ... import files
from ...operations import perform
from ..panels import Panel
from .ballot import BallotEntryDialog
from .common import BAD_COLOUR, _spin
from .evaluation import EvaluationEntryDialog
from .signin import SigninEntryDialog

if TYPE_CHECKING:
    from ....domain.workflows import StepDef
    from ..host import PanelHost


def paper_panels(host: PanelHost, step: StepDef) -> list[Panel]:
    """The hook the step engine calls: a 纸质表格 strip on steps with sign-in, scoring or votes."""
    if not {"signin", "scoring", "votes", "participants"} & set(step.panels):
        return []
    return [PaperPanel(host, step)]


class PaperPanel(Panel):
    def __init__(self, host: PanelHost, step: StepDef) -> None:
        super().__init__(host)
        self.step = step
        self.dialog: QDialog | None = None
        self.last_export: Changed | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        title = QLabel(self.tr("纸质表格（打印后在会场使用，会后录入）"))
        title.setObjectName("sectionTitle")
        lay.addWidget(title)
        row = QHBoxLayout()
        self.print_buttons: dict[str, QPushButton] = {}
        kinds = paper.available_forms(self.store, self.sid)
        labels = {"signin": self.tr("打印签到表"), "evaluation": self.tr("打印评议表"),
                  "ballot": self.tr("打印表决票"), "tally": self.tr("打印统计表")}
        for kind in kinds:
            b = QPushButton(labels[kind])
            b.clicked.connect(lambda _c=False, k=kind: self.ask_export(k))
            self.print_buttons[kind] = b
            row.addWidget(b)
        if {"evaluation", "ballot"} & set(kinds):
            row.addWidget(QLabel(self.tr("份数：")))
            self.copies: QSpinBox | None = _spin(PP.MAX_COPIES)
            self.copies.setMinimum(1)
            self.copies.setToolTip(self.tr("评议表、表决票打印几份（每份有编号）；默认按签到出席人数"))
            row.addWidget(self.copies)
        else:
            self.copies = None
        row.addStretch(1)
        lay.addLayout(row)
        entry = QHBoxLayout()
        self.entry_buttons: dict[str, QPushButton] = {}
        if "signin" in step.panels:
            self.entry_buttons["signin"] = QPushButton(self.tr("按纸质签到表录入…"))
        if "scoring" in step.panels:
            self.entry_buttons["evaluation"] = QPushButton(self.tr("录入纸质评议表…"))
        if "votes" in step.panels:
            self.entry_buttons["ballot"] = QPushButton(self.tr("录入纸质表决票…"))
        for kind, b in self.entry_buttons.items():
            b.clicked.connect(lambda _c=False, k=kind: self.open_entry(k))
            entry.addWidget(b)
        entry.addStretch(1)
        lay.addLayout(entry)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {BAD_COLOUR};")
        self.warning.setVisible(False)
        lay.addWidget(self.warning)

    def reload(self) -> None:
        problems = paper.stored_problems(self.store, self.sid) if "evaluation" in self.entry_buttons else []
        self.warning.setText(self.tr("已录入的纸质评议表票数对不上，请重新录入：") + "；".join(problems))
        self.warning.setVisible(bool(problems))
        if self.copies is not None and self.copies.value() <= 1:
            n = paper.attending(self.store, self.sid) or len(P.list_participants(self.store, self.sid))
            self.copies.setValue(max(1, n))

    # printing
    def ask_export(self, kind: str) -> None:
        rec = self.host.record
        name = f"{rec.title if rec else ''}{PP.FORM_KINDS[kind]}.pdf"
        path = files.ask_save(self, self.tr("保存表格"), name, self.tr("PDF 文件 (*.pdf)"))
        if path:
            self.export(kind, path)

    def export(self, kind: str, path: str) -> None:
        """Render off the GUI thread (hundreds of copies take seconds); the bar says where it went."""
        from ....documents import forms as form_docs  # reportlab: loaded when used

        copies = self.copies.value() if self.copies is not None else 1
        self.last_export = None
        self.host.flash(self.tr("正在生成{k}……").format(k=PP.FORM_KINDS[kind]))

        def done(ch: Changed) -> None:
            self.last_export = ch
            self.host.flash(ch.summary)

        perform(self, self.host.app.bus, paper.export_form, self.ctx, self.sid, kind, path, form_docs.write,
                copies=copies, label=self.tr("打印表格"), on_success=done)

    # entry
    def open_entry(self, kind: str) -> QDialog | None:
        try:
            if kind == "signin":
                dlg: QDialog = SigninEntryDialog(self.host, self)
            elif kind == "evaluation":
                dlg = EvaluationEntryDialog(self.host, self)
            else:
                dlg = BallotEntryDialog(self.host, self)
        except UserError as exc:
            self.host.flash(exc.message, error=True)
            return None
        self.dialog = dlg
        dlg.finished.connect(lambda _r: self._after_entry())
        dlg.open()
        return dlg

    def _after_entry(self) -> None:
        self.host.reload_editors()  # forms_issued… were written by the entry
        for p in self.host.panels:
            p.reload()
        self.host.refresh_status()
