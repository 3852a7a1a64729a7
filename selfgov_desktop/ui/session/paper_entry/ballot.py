"""表决票录入: the returned ballots against the attendance base, with each motion's verdict;
the motions can be changed here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QPlainTextEdit, QPushButton, QWidget

from ....domain import meetings as M
from ....domain import paper as PP
from ....services import paper
from .common import BAD_COLOUR, OK_COLOUR, _spin
from .tally import CountsGrid, FormByForm, _TallyDialog

if TYPE_CHECKING:
    from ..host import PanelHost


class BallotEntryDialog(_TallyDialog):
    def __init__(self, host: PanelHost, parent: QWidget) -> None:
        super().__init__(host, parent, self.tr("录入纸质表决票"))
        rec = host.record
        self.motions = paper.ballot_motions(self.store, self.sid)
        self.base_value = paper.attending(self.store, self.sid)
        head = QWidget()
        hl = QFormLayout(head)
        hl.setContentsMargins(12, 0, 0, 0)
        self.base = _spin()
        self.base.setValue(self.base_value)
        self.base.valueChanged.connect(self.check)
        hl.addRow(self.tr("到会人数（表决基数）："), self.base)
        self.motion_edit = QPlainTextEdit("\n".join(self.motions))
        self.motion_edit.setFixedHeight(56)
        self.motion_edit.setToolTip(self.tr("表决事项，一行一项；改了以后点“改用这些事项”"))
        self.motion_btn = QPushButton(self.tr("改用这些事项"))
        self.motion_btn.clicked.connect(self.change_motions)
        mrow = QHBoxLayout()
        mrow.addWidget(self.motion_edit, 1)
        mrow.addWidget(self.motion_btn)
        hl.addRow(self.tr("表决事项："), mrow)
        numbers = [PP.form_number(rec.number if rec else "", "ballot", i, self.sid)
                   for i in range(1, max(self.base_value, 1) + 200)]
        self._build(self.motions, PP.BALLOT_OPTIONS, numbers, head, self.base_value)
        self.by_form.setFocus()
        self.check()

    def change_motions(self) -> None:
        ms = [m.strip() for m in self.motion_edit.toPlainText().splitlines() if m.strip()]
        if not ms:
            self.show_status(self.tr("请至少写一项表决事项。"), False)
            return
        if self.call(paper.set_ballot_motions, self.ctx, self.sid, ms) is None:
            return
        # rebuild with the new motions (what was typed so far is for the old list)
        self.motions = ms
        old_tabs = self.tabs
        self.by_form = FormByForm(ms, PP.BALLOT_OPTIONS, self.by_form.numbers)
        self.by_form.changed.connect(self.check)
        self.by_form.message.connect(self.show_status)
        self.by_form.save_requested.connect(self.save)
        self.counts = CountsGrid(ms, PP.BALLOT_OPTIONS)
        self.counts.changed.connect(self.check)
        old_tabs.blockSignals(True)
        while old_tabs.count():
            old_tabs.removeTab(0)
        old_tabs.addTab(self.by_form, self.tr("逐张录入（键盘）"))
        old_tabs.addTab(self.counts, self.tr("按统计表录入票数"))
        old_tabs.blockSignals(False)
        self.by_form.setFocus()
        self.check()

    def _motion_counts(self, per: dict[str, dict[str, int]]) -> list[PP.MotionCount]:
        return [PP.MotionCount(m, per.get(m, {}).get("同意", 0), per.get(m, {}).get("不同意", 0),
                               per.get(m, {}).get("弃权", 0)) for m in self.motions]

    def problems(self, forms: PP.FormCounts, per: dict[str, dict[str, int]]) -> list[str]:
        return PP.ballot_problems(forms, self._motion_counts(per), self.base.value())

    def describe(self, forms: PP.FormCounts, per: dict[str, dict[str, int]]) -> str:
        base = self.base.value()
        rows = ""
        for m in self._motion_counts(per):
            verdict = M.motion(m.yes, m.no, m.abstain, base, m.motion) if base > 0 else None
            ok = verdict is not None and verdict.ok
            colour = OK_COLOUR if ok else BAD_COLOUR
            rows += (f"<tr><td>{m.motion}</td><td align=right>{m.yes}</td><td align=right>{m.no}</td>"
                     f"<td align=right>{m.abstain}</td>"
                     f"<td style='color:{colour}'>{'通过' if ok else '未通过'}</td></tr>")
        return (f"<p style='font-size:14px'>到会{base}人；发出{forms.issued}，收回{forms.returned}，"
                f"有效 <b>{forms.valid}</b>，无效{forms.void}。"
                f"同意超过到会人数一半（至少{base // 2 + 1}票）才通过。</p>"
                "<table border=1 cellspacing=0 cellpadding=3>"
                "<tr><th>表决事项</th><th>同意</th><th>不同意</th>"
                f"<th>弃权</th><th>结果</th></tr>{rows}</table>")

    def save(self) -> None:
        if not self.save_btn.isEnabled():
            return
        if self.mode() == "forms":
            ch = self.call(paper.record_ballot_forms, self.ctx, self.sid, self.issued.value(), self.motions,
                           list(self.by_form.forms), self.base.value())
        else:
            forms, per = self.current()
            ch = self.call(paper.record_ballots, self.ctx, self.sid, forms, self._motion_counts(per),
                           self.base.value())
        if ch is not None:
            self.accept()
