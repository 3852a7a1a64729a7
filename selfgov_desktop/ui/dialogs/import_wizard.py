"""导入花名册: read the file (off the GUI thread), review the proposed column mapping, preview a
status per row (新增 / 更新 / 无变化 / 拒绝 + reason), then one transaction with progress and
cancel (cancel = nothing written). Rejected rows can be saved as .xlsx with the reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFileDialog, QHBoxLayout,
                               QHeaderView, QLabel, QMessageBox, QProgressBar, QPushButton,
                               QStackedWidget, QTableView, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from ...documents import roster_template, spreadsheet
from ...domain import roster
from ...domain.masking import mask_id, mask_phone
from ...domain.errors import UserError
from ...services import groups as groups_svc
from ...services import roster_export
from ...services import roster_import as ri
from ...services.base import Context
from ..context import AppContext
from ..errors import show_error
from ..workers import Job, Runner

Index = QModelIndex | QPersistentModelIndex
STATUS_COLOURS = {ri.NEW: "#e6f4ea", ri.UPDATE: "#e8f0fe", ri.UNCHANGED: "#ffffff",
                  ri.REJECTED: "#fce8e6", ri.DUPLICATE: "#fef7e0", ri.REVIEW: "#fef7e0"}
PREVIEW_FIELDS = ["name", "sex", "birth_date", "id_number", "phone", "building", "room"]


def export_roster(ctx: Context, path: str | Path) -> int:
    """Every resident to .xlsx/.csv, audit-logged; returns how many (used by the 居民 page)."""
    return int(roster_export.export_roster(ctx, path, roster_template.write_roster).data["count"])


def _sample(value: Any) -> str:
    """A cell shown as an example on the mapping page; long digit runs (IDs, phones) masked."""
    text = roster.clean(value)
    digits = sum(ch.isdigit() for ch in text)
    if digits >= 15:
        return mask_id(text)
    if digits >= 11:
        return mask_phone(text)
    return text


class PreviewModel(QAbstractTableModel):
    """The plan's rows, optionally only one status; ID numbers and phones masked."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.plan: ri.Plan | None = None
        self.rows: list[ri.PlanRow] = []
        self.headers = ["行号", "结果", "原因", *[roster.FIELD_LABELS[k] for k in PREVIEW_FIELDS]]

    def set_plan(self, plan: ri.Plan | None, status: str | None = None) -> None:
        self.beginResetModel()
        self.plan = plan
        rows = plan.rows if plan else []
        self.rows = [r for r in rows if status is None or r.status == status]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor(STATUS_COLOURS.get(r.status, "#ffffff"))
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if col == 0:
            return str(r.line)
        if col == 1:
            return r.status
        if col == 2:
            return "；".join([r.reason, *r.warnings]).strip("；")
        key = PREVIEW_FIELDS[col - 3]
        value = r.values.get(key, "") or ""
        if key == "id_number":
            return mask_id(value)
        if key == "phone":
            return mask_phone(value)
        return str(value)


class ImportWizard(QDialog):
    def __init__(self, app: AppContext, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.path = Path(path)
        self.table: spreadsheet.RosterTable | None = None
        self.plan: ri.Plan | None = None
        self.job: Job | None = None
        self.result_summary = ""
        self.groups_summary = ""
        self.setWindowTitle(self.tr("导入花名册：{name}").format(name=self.path.name))
        lay = QVBoxLayout(self)
        self.info = QLabel()
        self.info.setWordWrap(True)
        lay.addWidget(self.info)
        self.stack = QStackedWidget()
        lay.addWidget(self.stack, 1)

        # page 0: mapping
        page = QWidget()
        pl = QVBoxLayout(page)
        pl.addWidget(QLabel(self.tr("请核对每一列对应到哪一项（程序已自动识别，可修改）：")))
        self.mapping_table = QTableWidget(0, 3)
        self.mapping_table.setHorizontalHeaderLabels([self.tr("文件中的列名"), self.tr("示例"),
                                                      self.tr("对应到")])
        self.mapping_table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch)
        self.mapping_table.verticalHeader().setVisible(False)
        pl.addWidget(self.mapping_table, 1)
        self.remember = QCheckBox(self.tr("记住这个对应（表头相同的文件下次自动使用）"))
        self.remember.setChecked(True)
        pl.addWidget(self.remember)
        self.stack.addWidget(page)

        # page 1: preview
        page = QWidget()
        pl = QVBoxLayout(page)
        row = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        row.addWidget(self.summary, 1)
        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("全部行"), None)
        for s in ri.STATUSES:
            self.status_filter.addItem(s, s)
        self.status_filter.currentIndexChanged.connect(
            lambda _i: self.preview.set_plan(self.plan, self.status_filter.currentData()))
        row.addWidget(self.status_filter)
        pl.addLayout(row)
        self.preview: PreviewModel = PreviewModel(self)
        self.preview_view = QTableView()
        self.preview_view.setModel(self.preview)
        self.preview_view.verticalHeader().setVisible(False)
        self.preview_view.setAlternatingRowColors(False)
        pl.addWidget(self.preview_view, 1)
        self.stack.addWidget(page)

        progress_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.progress_label = QLabel()
        progress_row.addWidget(self.progress_label)
        progress_row.addWidget(self.progress, 1)
        lay.addLayout(progress_row)

        buttons = QHBoxLayout()
        self.rejects_button = QPushButton(self.tr("保存未导入的行…"))
        self.back_button = QPushButton(self.tr("上一步"))
        self.next_button = QPushButton(self.tr("下一步：核对"))
        self.cancel_button = QPushButton(self.tr("取消"))
        buttons.addWidget(self.rejects_button)
        buttons.addStretch(1)
        for b in (self.back_button, self.next_button, self.cancel_button):
            buttons.addWidget(b)
        lay.addLayout(buttons)
        self.rejects_button.clicked.connect(self.save_rejects)
        self.back_button.clicked.connect(lambda: self._show_page(0))
        self.next_button.clicked.connect(self.next_step)
        self.cancel_button.clicked.connect(self.cancel)
        self._show_page(0)
        self.next_button.setEnabled(False)
        self.resize(1000, 640)
        self._run(spreadsheet.read_roster, self._read_done, self.tr("正在读取文件……"),
                  self.path)

    # -- jobs ------------------------------------------------------------------------------------
    def _run(self, fn: Any, done: Any, label: str, *args: Any, **kwargs: Any) -> None:
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.progress_label.setText(label)
        self.next_button.setEnabled(False)
        self.back_button.setEnabled(False)
        job = Job(fn, *args, **kwargs)
        self.job = job
        job.signals.progress.connect(self._progress)
        job.signals.succeeded.connect(done)
        job.signals.failed.connect(self._failed)
        job.signals.cancelled.connect(self._cancelled)
        job.signals.finished.connect(self._finished)
        Runner.start(job)

    def _progress(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if text:
            self.progress_label.setText(self.tr(text))

    def _finished(self) -> None:
        self.job = None
        self.progress.setVisible(False)
        self.back_button.setEnabled(self.stack.currentIndex() == 1)
        self.next_button.setEnabled(self.table is not None)

    def _failed(self, exc: BaseException, tb: str) -> None:
        self.progress_label.setText(self.tr("未能完成，数据没有改动。"))
        show_error(self, exc, tb)
        if self.table is None:
            self.reject()

    def _cancelled(self) -> None:
        self.progress_label.setText(self.tr("已取消，没有写入任何数据。"))

    def busy(self) -> bool:
        return self.job is not None

    def cancel(self) -> None:
        """取消: stops the running step (nothing is written) or closes the dialog."""
        if self.job is not None:
            self.job.cancel()
            return
        self.reject()

    # -- steps -----------------------------------------------------------------------------------
    def _show_page(self, i: int) -> None:
        self.stack.setCurrentIndex(i)
        self.back_button.setVisible(i == 1)
        self.rejects_button.setVisible(i == 1)
        self.next_button.setText(self.tr("下一步：核对") if i == 0 else self.tr("导入"))

    def _read_done(self, table: spreadsheet.RosterTable) -> None:
        if not table.looks_like_roster and not self._confirm_not_roster(table):
            self.reject()
            return
        self.table = table
        self.progress_label.setText("")
        self.info.setText(self.tr("工作表“{sheet}”，表头在第{line}行，{n}行数据{foot}。").format(
            sheet=table.sheet, line=table.header_line, n=str(len(table.rows)),
            foot=self.tr("（已跳过{f}行合计/制表人等）").format(f=table.skipped_footers)
            if table.skipped_footers else ""))
        mapping = ri.mapping_for(self.app.ctx.store, table.headers)
        self.mapping_table.setRowCount(len(table.headers))
        samples = [cells for _line, cells in table.rows[:3]]
        self.field_boxes: list[QComboBox] = []
        for i, h in enumerate(table.headers):
            self.mapping_table.setItem(i, 0, QTableWidgetItem(str(h)))
            example = "、".join(_sample(c[i]) for c in samples if i < len(c) and c[i] != "")
            self.mapping_table.setItem(i, 1, QTableWidgetItem(example))
            box = QComboBox()
            box.addItem(self.tr("（不导入）"), None)
            for key, label in roster.FIELD_LABELS.items():
                box.addItem(label, key)
            box.setCurrentIndex(max(0, box.findData(mapping.get(i))))
            self.field_boxes.append(box)
            self.mapping_table.setCellWidget(i, 2, box)
        self.mapping_table.resizeColumnToContents(0)

    def _confirm_not_roster(self, table: spreadsheet.RosterTable) -> bool:
        """姓名 without an ID column or birth date/sex and an address: show what was found
        and ask before going on (a freight log or an attendance log is no roster)."""
        answer = QMessageBox.question(
            self, self.tr("这像是居民花名册吗？"),
            self.tr("工作表“{sheet}”第{line}行的表头里只认出：{found}。\n\n"
                    "没有身份证号列，也没有出生日期或性别加地址（楼号、室号）的列，这张表可能不是"
                    "居民花名册。\n\n确实是居民名单、要继续对应各列吗？").format(
                sheet=table.sheet, line=table.header_line, found="、".join(table.recognised())),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def mapping(self) -> dict[int, str]:
        out: dict[int, str] = {}
        for i, box in enumerate(self.field_boxes):
            key = box.currentData()
            if key and key not in out.values():
                out[i] = key
        return out

    def next_step(self) -> None:
        if self.stack.currentIndex() == 0:
            mapping = self.mapping()
            if "name" not in mapping.values():
                QMessageBox.warning(self, self.tr("缺少姓名列"),
                                    self.tr("请指定哪一列是“姓名”，否则无法导入。"))
                return
            self._run(ri.plan, self._plan_done, self.tr("正在核对……"), self.app.ctx.store,
                      self.table, mapping, remember=self.remember.isChecked())
        else:
            if self.plan is None:
                return
            self._run(ri.apply, self._applied, self.tr("正在导入……"), self.app.ctx, self.plan)

    def _plan_done(self, plan: ri.Plan) -> None:
        self.plan = plan
        c = plan.counts()
        self.progress_label.setText("")
        self.summary.setText(plan.summary() + self.tr("。点“导入”后一次写入；"
                                                      "未导入的行可另存为表格修改后再导入。"))
        self.preview.set_plan(plan, self.status_filter.currentData())
        self.preview_view.resizeColumnsToContents()
        if any(r.reason for r in plan.rows):  # room to read why; none to give when all is well
            self.preview_view.setColumnWidth(2, 360)
        self.rejects_button.setEnabled(bool(c[ri.REJECTED] or c[ri.REVIEW]))
        self._show_page(1)

    def _applied(self, changed: Any) -> None:
        self.result_summary = changed.summary
        self.groups_summary = ""
        self.app.bus.changed.emit(changed)
        if not self.offer_groups(changed.summary):
            QMessageBox.information(self, self.tr("导入完成"), changed.summary)
        self.accept()

    def ask(self, title: str, text: str) -> bool:
        """Yes/No; tests replace it."""
        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes

    def offer_groups(self, summary: str) -> bool:
        """The roster brought 楼号 and the store has no 楼组: offer one 楼组 per building
        (a session's 楼组 field needs them). True when the question was asked."""
        store = self.app.ctx.store
        if groups_svc.has_building_groups(store):
            return False
        plan = groups_svc.buildings_without_group(store)
        if not plan:
            return False
        names = "、".join(n for n, _c in plan[:6]) + ("……" if len(plan) > 6 else "")
        text = self.tr("{s}\n\n花名册里有楼号，但还没有楼组（三会的“涉及的楼组”要用到）。\n"
                       "要按楼号建立{n}个楼组（{names}），并把这些居民编入吗？\n"
                       "以后可以在“分组与单位”中改名、合并或调整。").format(
            s=summary, n=len(plan), names=names)
        if self.ask(self.tr("导入完成：按楼号建立楼组？"), text):
            try:
                made = groups_svc.groups_from_buildings(self.app.ctx)
            except UserError as exc:
                QMessageBox.warning(self, self.tr("没有建立楼组"), exc.message)
                return True
            self.groups_summary = made.summary
            self.app.bus.changed.emit(made)
        return True

    def save_rejects(self, path: str | None = None) -> Path | None:
        if self.plan is None or self.table is None:
            return None
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("保存未导入的行"),
                str(self.path.with_name(self.path.stem + "-未导入.xlsx")), "Excel (*.xlsx)")
            if not path:
                return None
        rows = [(r.line, [roster.strip_controls(c) for c in r.cells], r.status, r.reason)
                for r in self.plan.rejected()]
        try:
            return roster_export.save_rejects(self.app.ctx, path, list(self.table.headers), rows,
                                   roster_template.write_rejects)
        except Exception as exc:  # noqa: BLE001 - shown as a message
            show_error(self, exc)
            return None

    def reject(self) -> None:  # Esc / close while a step runs: cancel it first
        if self.job is not None:
            self.job.cancel()
        super().reject()
