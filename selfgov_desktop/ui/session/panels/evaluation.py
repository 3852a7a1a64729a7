"""Evaluation: the criteria (from the object type's template, or one row per member), the
counts of the anonymous forms, and the tally shown where the result is reported on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton,
                               QVBoxLayout)

from ....domain.workflows import CRITERIA_TEMPLATES
from ....services import sessions as S
from .base import Panel, _title

if TYPE_CHECKING:
    from ..host import PanelHost


class CriteriaPanel(Panel):
    def __init__(self, host: PanelHost) -> None:
        super().__init__(host)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(_title(self.tr("评议内容")))
        hint = QLabel(self.tr("选好“评议对象类型”后会自动带出模板，可以增删。“总体评价”"
                              "一项用来算总的满意率。"))
        hint.setWordWrap(True)
        hint.setObjectName("pageSubtitle")
        lay.addWidget(hint)
        self.list = QListWidget()
        self.list.setMaximumHeight(190)
        lay.addWidget(self.list)
        row = QHBoxLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("新的评议内容，如“电梯维保”，回车加入"))
        self.name.returnPressed.connect(self.add)
        row.addWidget(self.name, 1)
        self.add_btn = QPushButton(self.tr("加入"))
        self.add_btn.clicked.connect(self.add)
        row.addWidget(self.add_btn)
        self.remove_btn = QPushButton(self.tr("删除所选"))
        self.remove_btn.clicked.connect(self.remove)
        row.addWidget(self.remove_btn)
        self.template_btn = QPushButton(self.tr("重新套用模板"))
        self.template_btn.clicked.connect(self.template)
        row.addWidget(self.template_btn)
        lay.addLayout(row)

    def add(self) -> None:
        name = self.name.text().strip()
        if name:
            ch = self.host.run(S.add_criterion, self.ctx, self.sid, name,
                               undo=lambda c: (S.remove_criterion, (self.ctx, c.data["id"])),
                               label=self.tr("增加评议内容"))
            if ch is not None:
                self.name.clear()

    def remove(self) -> None:
        it = self.list.currentItem()
        if it is not None:
            self.host.run(S.remove_criterion, self.ctx, it.data(Qt.ItemDataRole.UserRole),
                          label=self.tr("删除评议内容"))

    def template(self) -> None:
        t = self.host.record.data.get("object_type")
        if t not in CRITERIA_TEMPLATES and t != "居委会成员":
            self.host.flash(self.tr("请先选择“评议对象类型”。"), error=True)
            return
        self.host.run(S.apply_template, self.ctx, self.sid, t, label=self.tr("套用模板"))

    def reload(self) -> None:
        self.list.clear()
        for c in S.criteria(self.store, self.sid):
            it = QListWidgetItem(f"{c['seq']}. {c['name']}")
            it.setData(Qt.ItemDataRole.UserRole, c["id"])
            self.list.addItem(it)


class ScoringPanel(Panel):
    """The counts of the anonymous forms (per criterion or member, per option) and the result.
    Nothing here records who chose what: the counts are typed from the tally sheet or form by
    form in the entry dialog, which checks that they add up to the valid forms."""

    def __init__(self, host: PanelHost) -> None:
        super().__init__(host)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(_title(self.tr("计票结果（评议表不记名，只记票数）")))
        self.hint = QLabel(self.tr("当场公开计票后，点“录入计票结果…”：可以按统计表录入每项各选项的票数，"
                                   "也可以一张一张录入评议表。只保存票数，不保存谁选了什么。"))
        self.hint.setWordWrap(True)
        self.hint.setObjectName("pageSubtitle")
        lay.addWidget(self.hint)
        row = QHBoxLayout()
        self.entry_btn = QPushButton(self.tr("录入计票结果…"))
        self.entry_btn.clicked.connect(self.open_entry)
        row.addWidget(self.entry_btn)
        row.addStretch(1)
        lay.addLayout(row)
        self.totals = QLabel()
        self.totals.setTextFormat(Qt.TextFormat.RichText)
        self.totals.setWordWrap(True)
        lay.addWidget(self.totals)
        self.dialog: Any = None

    def open_entry(self) -> None:
        from ....domain.errors import UserError
        from ..paper_entry.evaluation import EvaluationEntryDialog

        try:
            self.dialog = EvaluationEntryDialog(self.host, self)
        except UserError as exc:
            self.host.flash(exc.message, error=True)
            return
        self.dialog.finished.connect(lambda _r: self._after_entry())
        self.dialog.open()

    def _after_entry(self) -> None:
        self.host.reload_editors()
        for p in self.host.panels:
            p.reload()
        self.host.refresh_status()

    def reload(self) -> None:
        self.totals.setText(tally_html(S.score_grid(self.store, self.sid)))


class TallyPanel(Panel):
    """The evaluation's result, read-only, where it is reported on (反馈)."""

    def __init__(self, host: PanelHost) -> None:
        super().__init__(host)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(_title(self.tr("评议结果（来自“评议打分”）")))
        self.totals = QLabel()
        self.totals.setTextFormat(Qt.TextFormat.RichText)
        self.totals.setWordWrap(True)
        lay.addWidget(self.totals)

    def reload(self) -> None:
        self.totals.setText(tally_html(S.score_grid(self.store, self.sid)))


def tally_html(grid: S.ScoreGrid) -> str:
    """The result as domain.evaluation.session_result computes it (the one definition)."""
    from ....domain import evaluation as ev
    head = "".join(f"<th>{o}</th>" for o in grid.options)
    rows = ""
    res = grid.result
    for r in (res.rows if res else []):
        t = r.tally
        cells = "".join(f"<td align=right>{t.counts.get(o, 0)}</td>" for o in grid.options)
        blank = f"<td align=right>{r.unrated}</td>" if grid.per_member else ""
        rows += (f"<tr><td>{r.name}</td>{cells}{blank}<td align=right>{t.rate_text()}</td>"
                 f"<td>{t.tier or ''}</td></tr>")
    o = grid.overall
    label = ev.RATE_LABEL.get(grid.scale, "满意率")
    if o is None or o.tier is None:
        overall = "还没有录入票数。"
    elif grid.per_member and res is not None:
        overall = "<b>每位成员的结果：</b>" + res.headline()
    else:
        overall = f"<b>总体结果：{o.tier}</b>　{label} <b>{o.rate_text()}</b>（{o.valid}票）"
    what = "居委会成员" if grid.per_member else "评议内容"
    extra = "<th>未评</th>" if grid.per_member else ""
    return (f"<p>{overall}</p><table border=1 cellspacing=0 cellpadding=3>"
            f"<tr><th>{what}</th>{head}{extra}<th>{label}</th><th>结果</th></tr>{rows}</table>")
