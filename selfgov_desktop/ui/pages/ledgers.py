"""台账: choose the year and the ledgers, export one Excel workbook (off the GUI thread), open
it in Excel/WPS to print — every sheet is already set up for A4 landscape."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QCheckBox, QComboBox, QGridLayout, QGroupBox,
                               QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from ...services import decision_docs
from ...services import documents as docs
from ...services.base import Changed
from .. import files
from ..context import AppContext
from ..operations import perform
from .base import Page

SHEETS = [
    ("sessions", "三会台账",
     "三会台账（会议情况）、三会落实台账（意见、结果、公示、落实、回访），听证会、协调会、评议会各一张表"),
    ("followups", "跟踪落实台账", "协议条款和整改承诺：责任人、期限、状态、回访"),
    ("topics", "议题台账", "议题来源、提出人数、状态、相关会议和决定"),
    ("attendance", "参会台账", "每位居民参加各类会议的次数"),
    ("stats", "年度统计", "各类会议每季度次数与年度最低次数对照、参会人次、满意率、规范程度"),
]


class LedgersPage(Page):
    key = "ledgers"
    watches = frozenset({"sessions", "followups", "topics", "residents", "participants", "settings"})

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(app, parent)
        self.last_file: Path | None = None
        lay = QVBoxLayout(self)
        heading = QLabel(self.tr("台账"))
        heading.setObjectName("pageTitle")
        lay.addWidget(heading)
        sub = QLabel(self.tr("台账全部由会议记录自动生成，不必重复填写。导出的 Excel 已设置好标题、表头、"
                             "A4横向和页码，用 Excel 或 WPS 打开即可直接打印。"))
        sub.setWordWrap(True)
        sub.setObjectName("pageSubtitle")
        lay.addWidget(sub)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("年份")))
        self.year = QComboBox()
        row.addWidget(self.year)
        row.addStretch(1)
        lay.addLayout(row)
        box = QGroupBox(self.tr("包含的台账"))
        grid = QGridLayout(box)
        self.checks: dict[str, QCheckBox] = {}
        for i, (key, label, text) in enumerate(SHEETS):
            cb = QCheckBox(self.tr(label))
            cb.setChecked(True)  # the full roster is not a ledger: 居民 → 导出花名册
            self.checks[key] = cb
            grid.addWidget(cb, i, 0)
            note = QLabel(self.tr(text))
            note.setWordWrap(True)
            note.setObjectName("pageSubtitle")
            grid.addWidget(note, i, 1)
        grid.setColumnStretch(1, 1)
        lay.addWidget(box)
        mins = QHBoxLayout()
        mins.addWidget(QLabel(self.tr("年度统计对照的每年最低次数：")))
        self.minimums: dict[str, QSpinBox] = {}
        for kind, label in (("hearing", "听证会"), ("coordination", "协调会"), ("evaluation", "评议会"),
                            ("residents_meeting", "居民会议")):
            spin = QSpinBox()
            spin.setRange(0, 99)
            spin.setSuffix(self.tr(" 次"))
            self.minimums[kind] = spin
            mins.addWidget(QLabel(self.tr(label)))
            mins.addWidget(spin)
        self.save_minimums_button = QPushButton(self.tr("保存"))
        self.save_minimums_button.clicked.connect(self.save_minimums)
        mins.addWidget(self.save_minimums_button)
        mins.addStretch(1)
        lay.addLayout(mins)
        self.counts = QLabel()
        lay.addWidget(self.counts)
        buttons = QHBoxLayout()
        self.export_button = QPushButton(self.tr("导出 Excel…"))
        self.export_button.setDefault(True)
        self.open_button = QPushButton(self.tr("打开刚导出的文件（打印）"))
        self.open_button.setEnabled(False)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        self.result = QLabel()
        self.result.setWordWrap(True)
        lay.addWidget(self.result)
        lay.addStretch(1)
        self.export_button.clicked.connect(self.export)
        self.open_button.clicked.connect(self.open_last)
        self.year.currentIndexChanged.connect(lambda _i: self._count())

    def title(self) -> str:
        return self.tr("台账")

    def refresh(self) -> None:
        current = self.year.currentData()
        years = [int(r[0]) for r in self.app.ctx.store.conn.execute(
            "SELECT DISTINCT substr(date, 1, 4) FROM sessions WHERE date IS NOT NULL "
            "ORDER BY 1 DESC") if r[0] and r[0].isdigit()]
        this_year = self.app.ctx.today().year
        if this_year not in years:
            years.insert(0, this_year)
        self.year.blockSignals(True)
        self.year.clear()
        for y in years:
            self.year.addItem(self.tr("{y}年").format(y=y), y)
        self.year.addItem(self.tr("全部年份"), None)
        idx = self.year.findData(current) if current is not None else 0
        self.year.setCurrentIndex(max(0, idx))
        self.year.blockSignals(False)
        for kind, value in docs.minimums(self.app.ctx.store).items():
            if kind in self.minimums:
                self.minimums[kind].setValue(value)
        self._count()

    def save_minimums(self) -> None:
        values = {k: box.value() for k, box in self.minimums.items()}
        perform(self, self.app.bus, docs.save_minimums, self.app.ctx, values,
                on_success=lambda ch: self.result.setText(ch.summary))

    def _count(self) -> None:
        year = self.year.currentData()
        sql = "SELECT kind, COUNT(*) FROM sessions WHERE date IS NOT NULL"
        params: list[str] = []
        if year is not None:
            sql += " AND substr(date, 1, 4) = ?"
            params.append(f"{year:04d}")
        rows = dict(self.app.ctx.store.conn.execute(sql + " GROUP BY kind", params).fetchall())
        self.counts.setText(self.tr("本期会议：听证会{h}次，协调会{c}次，评议会 {e} 次，"
                                    "其他{o}次。").format(
            h=rows.get("hearing", 0), c=rows.get("coordination", 0), e=rows.get("evaluation", 0),
            o=sum(v for k, v in rows.items() if k not in ("hearing", "coordination", "evaluation")))
            + ("" if rows else self.tr("台账由会议记录自动生成：先在“三会”中办理会议，这里就有内容了。")))

    def apply_role(self) -> None:
        from ...services.export_door import may_export

        allowed = may_export(self.app.ctx.role)
        self.export_button.setEnabled(allowed)
        self.export_button.setToolTip("" if allowed else self.tr("只读账号不能导出台账（含居民个人信息）"))

    def which(self) -> tuple[str, ...]:
        return tuple(k for k, cb in self.checks.items() if cb.isChecked())

    def export(self, path: str | None = None) -> None:
        from ...documents import decision_docs as decision_writers  # openpyxl: when used

        if not self.which():
            self.result.setText(self.tr("请至少选择一种台账。"))
            return
        year = self.year.currentData()
        if not path:
            name = f"三会台账{year or ''}{'年' if year else ''}.xlsx"
            path = files.ask_save(self, self.tr("导出台账"), name, self.tr("Excel 工作簿 (*.xlsx)"))
            if not path:
                return
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
        self.export_button.setEnabled(False)
        self.result.setText(self.tr("正在导出……"))
        # the same workbook as the CLI: our sheets plus 居民会议 and 四议两公开 (issue 6)
        job = perform(self, self.app.bus, decision_docs.export_ledger, self.app.ctx, path,
                      decision_writers.write_ledger, year=year, which=self.which(), on_success=self._done,
                      with_progress=True,
                      label=self.tr("正在生成台账……"))
        job.signals.finished.connect(self.apply_role)
        job.signals.failed.connect(lambda *_: self.result.setText(self.tr("没有导出。")))

    def _done(self, changed: Changed) -> None:
        self.last_file = Path(changed.data["path"])
        self.open_button.setEnabled(True)
        self.result.setText(changed.summary)
        files.confirm_export(self, self.last_file, changed.summary)

    def open_last(self) -> None:
        if self.last_file:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_file)))
