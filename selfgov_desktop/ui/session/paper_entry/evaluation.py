"""评议表录入: the returned evaluation forms, with the rates and tiers as they are typed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QWidget

from ....domain import evaluation as ev
from ....domain import paper as PP
from ....services import paper
from .tally import _TallyDialog

if TYPE_CHECKING:
    from ..host import PanelHost


class EvaluationEntryDialog(_TallyDialog):
    def __init__(self, host: PanelHost, parent: QWidget) -> None:
        super().__init__(host, parent, self.tr("录入纸质评议表"))
        self.entry = paper.evaluation_entry(self.store, self.sid)
        rec = host.record
        self.items = [c["name"] for c in self.entry.criteria]
        self.ids = {c["name"]: c["id"] for c in self.entry.criteria}
        issued = self.entry.forms.issued if self.entry.forms else self.entry.present
        numbers = [PP.form_number(rec.number if rec else "", "evaluation", i, self.sid)
                   for i in range(1, max(issued, 1) + 200)]
        self.note = QLabel(self.tr("评议表不记名：只录入票数，不记谁选了什么。")
                           + (self.tr("评议成员时，某位成员没有评的，按“未评”计，不影响这张表有效。")
                              if self.entry.per_member else ""))
        self.note.setWordWrap(True)
        self._build(self.items, self.entry.options, numbers, self.note, issued)
        if self.entry.forms is not None or self.entry.counts:
            self.counts.set_counts({name: self.entry.counts.get(cid, {}) for name, cid in self.ids.items()},
                                   self.entry.forms)
        self.by_form.setFocus()
        self.check()

    def problems(self, forms: PP.FormCounts, per: dict[str, dict[str, int]]) -> list[str]:
        return PP.evaluation_problems(forms, per, self.entry.options, self.entry.per_member)

    def describe(self, forms: PP.FormCounts, per: dict[str, dict[str, int]]) -> str:
        scale = self.entry.scale
        label = ev.RATE_LABEL.get(scale, "满意率")
        head = "".join(f"<th>{o}</th>" for o in self.entry.options)
        rows = ""
        result = ev.session_result(scale, {n: per.get(n, {}) for n in self.items}, forms.valid,
                                   self.entry.per_member)
        for r in result.rows:
            t = r.tally
            cells = "".join(f"<td align=right>{t.counts.get(o, 0)}</td>" for o in self.entry.options)
            blank = f"（未评{r.unrated}）" if r.unrated else ""
            rows += (f"<tr><td>{r.name}{blank}</td>{cells}<td align=right>{t.rate_text()}</td>"
                     f"<td>{t.tier or ''}</td></tr>")
        o = result.overall
        return (f"<p style='font-size:14px'>发出{forms.issued}，收回{forms.returned}，"
                f"有效 <b>{forms.valid}</b>，"
                f"无效{forms.void}</p>"
                f"<p style='font-size:15px'>总体：<b>{o.tier or '—'}</b>　{label} <b>{o.rate_text()}</b></p>"
                f"<table border=1 cellspacing=0 cellpadding=3><tr><th>评议内容</th>{head}<th>{label}</th>"
                f"<th>结果</th></tr>{rows}</table>")

    def save(self) -> None:
        if not self.save_btn.isEnabled():
            return
        if self.mode() == "forms":
            ch = self.call(paper.record_evaluation_forms, self.ctx, self.sid, self.issued.value(),
                           list(self.by_form.forms))
        else:
            forms, per = self.current()
            ch = self.call(paper.record_evaluation_counts, self.ctx, self.sid, forms,
                           {self.ids[n]: c for n, c in per.items()})
        if ch is not None:
            self.accept()
