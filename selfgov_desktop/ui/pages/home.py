"""首页: where things stand today — what needs doing, the 三会 against their minimum,
participation and how properly meetings are run. Every number and every bar is read from the
store when the page is shown (services.dashboard) and opens the list behind it; a row of that
list opens the record itself."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCharts import (QAbstractBarSeries, QBarCategoryAxis, QBarSeries, QBarSet, QChart,
                              QChartView, QHorizontalBarSeries, QLineSeries, QValueAxis)
from PySide6.QtCore import (QAbstractTableModel, QMargins, QModelIndex, QPersistentModelIndex, Qt,
                            Signal)
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QFormLayout,
                               QFrame, QGridLayout, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QScrollArea, QSizePolicy, QSpinBox, QTableView,
                               QVBoxLayout, QWidget)

from ...domain.errors import UserError
from ...services import dashboard as D
from ...services import documents as docs_svc
from ...services import settings, stats
from ..context import AppContext
from .base import Page

WEEKDAYS = "一二三四五六日"
KIND_COLOURS = {"hearing": "#1f6feb", "coordination": "#e8890c", "evaluation": "#2e9d5b"}
PARTICIPANT_COLOUR = "#1f6feb"
ROSTER_COLOUR = "#b8c4d6"
MISSED_COLOUR = "#d9534f"
RED = "#c62828"
GREEN = "#2e7d32"

HOME_STYLE = """
#figureTile { background: white; border: 1px solid #dde2ea; border-radius: 6px; }
#figureTile:hover, #figureTile:focus { border: 1px solid #1f6feb; background: #f5f9ff; }
#tileValue { font-size: 30px; font-weight: bold; color: #1f2d3d; }
#tileValue[tone="bad"] { color: #c62828; }
#tileValue[tone="good"] { color: #2e7d32; }
#tileValue[tone="quiet"] { color: #8a94a6; }
#tileCaption { font-size: 14px; color: #1f2d3d; }
#tileHint { font-size: 12px; color: #666; }
#chartCard { background: white; border: 1px solid #dde2ea; border-radius: 6px; }
#cardTitle { font-size: 16px; font-weight: bold; color: #1f2d3d; }
#cardNote { font-size: 13px; color: #555; }
#cardNote[tone="bad"] { color: #c62828; }
#startBanner { background: #fff8e1; border: 1px solid #f0c36d; border-radius: 6px; }
"""


def _cn(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日 星期{WEEKDAYS[d.weekday()]}"


def _repolish(w: QWidget) -> None:
    w.style().unpolish(w)
    w.style().polish(w)


# -- the list behind a figure ---------------------------------------------------------------

class ItemsModel(QAbstractTableModel):
    HEADERS = ("名称", "说明", "日期")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.items: list[D.Item] = []
        self.headers: tuple[str, ...] = self.HEADERS

    def set_items(self, items: list[D.Item], date_label: str = "日期") -> None:
        self.beginResetModel()
        self.items = list(items)
        self.headers = (self.HEADERS[0], self.HEADERS[1], date_label)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.HEADERS):
            return self.headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.items)):
            return None
        it = self.items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (it.title, it.detail, it.date)[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return it.id
        return None


# Pages that select a record by id but do not listen to bus.navigate themselves.
SELECTORS = {"notices": "select_id", "topics": "select_topic"}


def open_target(widget: QWidget, app: AppContext, page: str, ident: int) -> None:
    """Show `page` with record `ident`: the bus tells the window (and pages that listen);
    for pages that only offer a select method, call it once the page is shown."""
    app.bus.navigate.emit(page, ident)
    pages = getattr(widget.window(), "pages", {})
    target = pages.get(page)
    method = getattr(target, SELECTORS.get(page, ""), None) if target is not None else None
    if callable(method):
        method(ident)


class FigureListDialog(QDialog):
    """The records behind one figure; double-click (or 打开) opens one."""

    def __init__(self, app: AppContext, figure: D.Figure, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.figure = figure
        self.setWindowTitle(figure.label)
        self.resize(900, 460)
        lay = QVBoxLayout(self)
        head = QLabel(self.tr("{label}：{n}项").format(label=figure.label, n=len(figure.items)))
        head.setObjectName("cardTitle")
        lay.addWidget(head)
        if figure.note:
            note = QLabel(figure.note)
            note.setWordWrap(True)
            note.setObjectName("cardNote")
            lay.addWidget(note)
        self.model = ItemsModel(self)
        self.model.set_items(figure.items, figure.date_label)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 260)
        self.table.setColumnWidth(2, 100)
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated.connect(self._open_index)
        lay.addWidget(self.table, 1)
        if not figure.items:
            empty = QLabel(self.tr("没有记录。"))
            empty.setObjectName("cardNote")
            lay.addWidget(empty)
        hint = QLabel(self.tr("双击一行打开它。") if any(i.target for i in figure.items) else "")
        hint.setObjectName("cardNote")
        lay.addWidget(hint)
        buttons = QDialogButtonBox()
        self.open_button = buttons.addButton(self.tr("打开"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.clicked.connect(self._open_current)
        close = buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        lay.addWidget(buttons)
        if figure.items:
            self.table.selectRow(0)

    def _open_current(self) -> None:
        idx = self.table.currentIndex()
        if idx.isValid():
            self._open_index(idx)

    def _open_index(self, index: QModelIndex) -> None:
        item = self.model.items[index.row()]
        if item.target is None:
            return
        page, ident = item.target
        self.accept()
        open_target(self.parentWidget() or self, self.app, page, ident)


class DashboardSettingsDialog(QDialog):
    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.setWindowTitle(self.tr("首页设置"))
        s = D.load_settings(app.ctx.store)
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("三会每年最少召开的场次：没有法律规定，默认不设（0），按需召开；"
                               "街道有要求时在这里设（与“台账”页的年度最低次数是同一个设置）。"
                               "首页按季度累计提醒：全年 N 场，第 q 季度末应已开 N×q÷4场（向上取整）。"
                               "以及一场会议停在同一步多少天后在首页提醒。"))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        self.mins: dict[str, QSpinBox] = {}
        yearly = docs_svc.minimums(app.ctx.store)
        for k in D.KINDS:
            sb = QSpinBox()
            sb.setRange(0, 99)
            sb.setSuffix(self.tr(" 场/年"))
            sb.setSpecialValueText(self.tr("不设（按需召开）"))
            sb.setValue(int(yearly.get(k, 0)))
            self.mins[k] = sb
            form.addRow(self.tr("{label}至少：").format(label=D.kind_label(k)), sb)
        self.stuck = QSpinBox()
        self.stuck.setRange(1, 365)
        self.stuck.setSuffix(self.tr(" 天"))
        self.stuck.setValue(s.stuck_days)
        form.addRow(self.tr("停在一步超过："), self.stuck)
        lay.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet(f"color: {RED};")
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def value(self) -> D.DashboardSettings:
        return D.DashboardSettings({k: sb.value() for k, sb in self.mins.items()},
                                   self.stuck.value())

    def save(self) -> None:
        try:
            changed = D.save_settings(self.app.ctx, self.value())
            yearly = {k: sb.value() for k, sb in self.mins.items()}
            changed = changed | docs_svc.save_minimums(self.app.ctx, yearly)
        except UserError as exc:
            self.error.setText(exc.message)
            return
        self.app.bus.changed.emit(changed)
        self.accept()


# -- tiles and chart cards --------------------------------------------------------------------

class FigureTile(QFrame):
    """A big number with its caption; click (or Enter/Space) opens the list behind it."""

    clicked = Signal()

    def __init__(self, caption: str, parent: QWidget | None = None, compact: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("figureTile")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.value = QLabel("0")
        self.value.setObjectName("tileValue")
        self.caption = QLabel(caption)
        self.caption.setObjectName("tileCaption")
        self.caption.setWordWrap(True)
        self.hint = QLabel()
        self.hint.setObjectName("tileHint")
        self.hint.setWordWrap(True)
        if compact:  # the number on the left, caption and hint on the right
            lay = QHBoxLayout(self)
            lay.setContentsMargins(10, 4, 10, 4)
            lay.setSpacing(10)
            lay.addWidget(self.value)
            texts = QVBoxLayout()
            texts.setSpacing(0)
            texts.addWidget(self.caption)
            texts.addWidget(self.hint)
            lay.addLayout(texts, 1)
            self.setMinimumHeight(58)
        else:  # one line each: a narrow window scrolls sideways instead of overlapping text
            self.caption.setWordWrap(False)
            self.hint.setWordWrap(False)
            lay2 = QVBoxLayout(self)
            lay2.setContentsMargins(12, 6, 12, 6)
            lay2.setSpacing(0)
            lay2.addWidget(self.value)
            lay2.addWidget(self.caption)
            lay2.addWidget(self.hint)
            self.setMinimumHeight(92)

    def set(self, value: str, tone: str = "", hint: str = "") -> None:
        self.value.setText(value)
        self.value.setProperty("tone", tone)
        _repolish(self.value)
        self.hint.setText(hint)
        self.setToolTip(self.tr("点击查看明细"))
        self.setAccessibleName(f"{self.caption.text()}：{value}")
        self.setAccessibleDescription(hint)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


class ChartCard(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None, min_chart: int = 200) -> None:
        super().__init__(parent)
        self.setObjectName("chartCard")
        self.lay = QVBoxLayout(self)
        self.lay.setContentsMargins(12, 8, 12, 8)
        self.lay.setSpacing(4)
        head = QHBoxLayout()
        self.title = QLabel(title)
        self.title.setObjectName("cardTitle")
        head.addWidget(self.title, 1)
        self.head = head
        self.lay.addLayout(head)
        self.view = QChartView()
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(min_chart)  # below this the page scrolls rather than squash
        self.view.setCursor(Qt.CursorShape.PointingHandCursor)
        self.lay.addWidget(self.view, 1)
        self.note = QLabel()
        self.note.setObjectName("cardNote")
        self.note.setWordWrap(True)
        self.lay.addWidget(self.note)

    def set_chart(self, chart: QChart) -> None:
        old = self.view.chart()
        self.view.setChart(chart)
        if old is not None:
            old.deleteLater()

    def set_note(self, text: str, bad: bool = False) -> None:
        self.note.setText(text)
        self.note.setProperty("tone", "bad" if bad else "")
        _repolish(self.note)
        self.note.setVisible(bool(text))


def _chart() -> QChart:
    chart = QChart()
    chart.setBackgroundRoundness(0)
    chart.setMargins(QMargins(2, 2, 2, 2))
    chart.layout().setContentsMargins(0, 0, 0, 0)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    font = QFont()
    font.setPixelSize(13)
    chart.legend().setFont(font)
    return chart


def _axis_font() -> QFont:
    f = QFont()
    f.setPixelSize(13)
    return f


def _bar_set(label: str, colour: str, values: list[float]) -> QBarSet:
    s = QBarSet(label)
    s.setColor(QColor(colour))
    s.setBorderColor(QColor(colour))
    s.setLabelColor(QColor("#1f2d3d"))
    f = QFont()
    f.setPixelSize(12)
    s.setLabelFont(f)
    s.append(values)
    return s


def _value_axis(largest: float, fmt: str = "%d",
                steps: tuple[int, ...] = (1, 2, 5, 10, 20, 50, 100, 200, 500)) -> QValueAxis:
    """0 … a round number above `largest` (room for the bar labels), ticks on whole steps."""
    want = max(float(largest), 1.0) * 1.15
    step = next((s for s in steps if want / s <= 5), steps[-1])
    n = max(1, int(-(-want // step)))
    ax = QValueAxis()
    ax.setRange(0, n * step)
    ax.setTickCount(n + 1)
    ax.setLabelFormat(fmt)
    ax.setLabelsFont(_axis_font())
    ax.setGridLineColor(QColor("#eceff4"))
    return ax


def _category_axis(names: list[str]) -> QBarCategoryAxis:
    ax = QBarCategoryAxis()
    ax.append(names)
    ax.setLabelsFont(_axis_font())
    ax.setGridLineVisible(False)
    ax.setTruncateLabels(False)  # a check's name elided to "…" says nothing; the chart makes room
    return ax


# -- the page ---------------------------------------------------------------------------------

class _FillLayout(QVBoxLayout):
    """The page body fills the visible area and scrolls only below its minimum size.

    (Wrapped captions make a layout height-for-width; QScrollArea then sizes the body from a
    height computed at another width and shows a scroll bar the page does not need.)"""

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return False


class HomePage(Page):
    key = "home"

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(app, parent)
        self.setStyleSheet(HOME_STYLE)
        self.data: D.Dashboard | None = None
        self.list_dialog: FigureListDialog | None = None
        self.settings_dialog: DashboardSettingsDialog | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        lay = _FillLayout(body)
        lay.setContentsMargins(0, 0, 4, 0)
        lay.setSpacing(8)

        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(0)
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        titles.addWidget(self.heading)
        self.sub = QLabel()
        self.sub.setObjectName("pageSubtitle")
        titles.addWidget(self.sub)
        head.addLayout(titles, 1)
        self.settings_button = QPushButton(self.tr("首页设置…"))
        self.settings_button.setToolTip(self.tr("三会每季度最少场次、会议停滞提醒天数"))
        self.settings_button.clicked.connect(self.open_settings)
        head.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(head)

        self.start = self._start_banner()
        lay.addWidget(self.start)

        tiles = QGridLayout()
        tiles.setSpacing(10)
        self.tiles: dict[str, FigureTile] = {}
        specs = [
            ("followups_overdue", self.tr("跟踪事项已逾期")),
            ("followups_due", self.tr("跟踪事项7天内到期")),
            ("notices_on_board", self.tr("张贴中的公告公示")),
            ("notices_ending", self.tr("3天内到期的公告公示")),
            ("topics_waiting", self.tr("议题等待决定")),
            ("sessions_stuck", self.tr("会议停在一步太久")),
            ("residents_meeting", self.tr("本年居民会议")),
        ]
        for i, (key, caption) in enumerate(specs):
            tile = FigureTile(caption)
            tile.clicked.connect(lambda k=key: self.open_figure(k))
            self.tiles[key] = tile
            tiles.addWidget(tile, 0, i)
        lay.addLayout(tiles)

        self.charts = QWidget()
        charts = QVBoxLayout(self.charts)
        charts.setContentsMargins(0, 0, 0, 0)
        charts.setSpacing(8)
        lay.addWidget(self.charts, 1)
        row1 = QHBoxLayout()
        row1.setSpacing(10)
        self.freq_card = ChartCard(self.tr("本年三会场次（按季度）"))
        row1.addWidget(self.freq_card, 3)
        self.compliance_card = ChartCard(self.tr("会议规范程度"), min_chart=160)
        self.compliance_tile = FigureTile(self.tr("本年会议平均分（满分100）"), compact=True)
        self.compliance_tile.clicked.connect(lambda: self.open_figure("compliance_avg"))
        self.tiles["compliance_avg"] = self.compliance_tile
        self.compliance_card.lay.insertWidget(1, self.compliance_tile)
        row1.addWidget(self.compliance_card, 2)
        charts.addLayout(row1, 1)

        row2 = QHBoxLayout()
        row2.setSpacing(10)
        part = QFrame()
        part.setObjectName("chartCard")
        pl = QVBoxLayout(part)
        pl.setContentsMargins(12, 8, 12, 8)
        pt = QLabel(self.tr("居民参与（本年）"))
        pt.setObjectName("cardTitle")
        pl.addWidget(pt)
        for key, caption in (("person_times", self.tr("参会人次")),
                             ("groups_represented", self.tr("有居民参会的楼组")),
                             ("groups_missing", self.tr("还没有居民参会的楼组"))):
            tile = FigureTile(caption, compact=True)
            tile.clicked.connect(lambda k=key: self.open_figure(k))
            self.tiles[key] = tile
            pl.addWidget(tile)
        pl.addStretch(1)
        row2.addWidget(part, 1)
        self.age_card = ChartCard(self.tr("参会居民的年龄，对比花名册（18岁以上）"))
        row2.addWidget(self.age_card, 2)
        self.sex_card = ChartCard(self.tr("参会居民的性别"))
        row2.addWidget(self.sex_card, 1)
        charts.addLayout(row2, 1)
        lay.addStretch(0)  # takes the space only while the charts are hidden

        self.freq_sets: dict[str, QBarSet] = {}
        self.age_sets: tuple[QBarSet, QBarSet] | None = None
        self.sex_sets: tuple[QBarSet, QBarSet] | None = None
        self.missed_set: QBarSet | None = None

    def _start_banner(self) -> QFrame:
        box = QFrame()
        box.setObjectName("startBanner")
        bl = QHBoxLayout(box)
        text = QLabel()
        text.setWordWrap(True)
        bl.addWidget(text, 1)
        self.start_text = text
        go = QPushButton()
        self._start_target = "settings"
        go.clicked.connect(lambda: self.app.bus.navigate.emit(self._start_target, None))
        bl.addWidget(go)
        self.start_button = go
        return box

    def _fill_start(self, committee_done: bool, residents: int, groups: int, sessions: int) -> None:
        """The getting-started steps, each ticked when done; the button goes to the first one
        not done; the banner goes once all are done."""
        steps = [
            (committee_done, self.tr("在“设置”中填写居委会全称和监督电话"), "settings",
             self.tr("去填写居委会信息")),
            (residents > 0, self.tr("到“居民”导入花名册（可先下载模板）"), "residents",
             self.tr("去导入花名册")),
            (groups > 0, self.tr("建立楼组（导入时可按楼号一次建好）"), "groups", self.tr("去建立楼组")),
            (sessions > 0, self.tr("在“三会”中新建第一场会议，按步骤办理"), "sessions",
             self.tr("去新建会议")),
        ]
        marks = "①②③④"
        parts = [(f"✔ <s>{t}</s>" if done else f"{marks[i]} <b>{t}</b>")
                 for i, (done, t, _k, _b) in enumerate(steps)]
        self.start_text.setText(self.tr("开始使用：") + "；".join(parts) + "。")
        todo = next((s for s in steps if not s[0]), None)
        self.start.setVisible(todo is not None)
        if todo is not None:
            self._start_target = todo[2]
            self.start_button.setText(todo[3])

    def title(self) -> str:
        return self.tr("首页")

    # -- figures ----------------------------------------------------------------------------
    def figure(self, key: str) -> D.Figure:
        assert self.data is not None
        return self.data.figures()[key]

    def open_figure(self, key: str) -> FigureListDialog:
        """Open the list behind one figure (recomputed now, so it matches the store)."""
        self.data = D.compute(self.app.ctx.store)
        if key.startswith("roster:"):
            _r, what, value = key.split(":", 2)
            items = D.roster_list(self.app.ctx.store, self.data.today,
                                  band=value if what == "age" else None,
                                  sex=value if what == "sex" else None)
            fig = D.Figure(key, self.tr("花名册中18岁以上的居民：{v}").format(v=value),
                           len(items), items)
        else:
            fig = self.figure(key)
        if self.list_dialog is not None:
            self.list_dialog.close()
        dlg = FigureListDialog(self.app, fig, self)
        self.list_dialog = dlg
        dlg.open()
        return dlg

    def open_settings(self) -> DashboardSettingsDialog:
        dlg = DashboardSettingsDialog(self.app, self)
        self.settings_dialog = dlg
        dlg.open()
        return dlg

    # -- refresh ----------------------------------------------------------------------------
    def refresh(self) -> None:
        store = self.app.ctx.store
        committee = settings.committee(store)
        d = D.compute(store)
        self.data = d
        ov = stats.overview(store, d.today)
        self.heading.setText(committee.name or self.tr("居委会三会工作台"))
        self.sub.setText(self.tr("今天是{day}　在册居民{r}人 · {h}户 · 楼组{g}个 · "
                                 "在任居民代表{p}人")
                         .format(day=_cn(d.today), r=ov.residents, h=ov.households,
                                 g=ov.building_groups, p=ov.representatives))
        empty = ov.residents == 0
        sessions = store.conn.execute("SELECT count(*) FROM sessions").fetchone()[0]
        self._fill_start(committee.is_complete(), ov.residents, ov.building_groups, sessions)
        # with no roster yet the charts have nothing to say: the first steps come first
        self.charts.setVisible(not (empty and not d.compliance_avg.items))
        self._fill_tiles(d)
        self._fill_frequency(d)
        self._fill_compliance(d)
        self._fill_people(d)

    def _fill_tiles(self, d: D.Dashboard) -> None:
        def count(key: str, fig: D.Figure, bad_when_any: bool, hint: str = "") -> None:
            n = int(fig.value)
            tone = ("bad" if bad_when_any else "") if n else "quiet"
            self.tiles[key].set(f"{n}", tone, hint)

        count("followups_overdue", d.followups_overdue, True,
              self.tr("最早的期限{d}").format(d=d.followups_overdue.items[0].date)
              if d.followups_overdue.items else self.tr("没有逾期"))
        count("followups_due", d.followups_due, False,
              self.tr("到{d}为止").format(d=(d.today + dt.timedelta(days=D.WEEK_DAYS - 1)).isoformat()))
        count("notices_on_board", d.notices_on_board, False, self.tr("正在居务公开栏张贴"))
        count("notices_ending", d.notices_ending, False, self.tr("到期后撤下并归档"))
        count("topics_waiting", d.topics_waiting, False, self.tr("形成议题或协商中"))
        count("sessions_stuck", d.sessions_stuck, True,
              self.tr("超过{n}天没有进展").format(n=d.settings.stuck_days))
        held = int(d.residents_meeting.value)
        need = d.residents_meeting_minimum
        self.tiles["residents_meeting"].set(
            self.tr("已开{n}次").format(n=held) if held else self.tr("还没开"),
            "good" if held >= need else "bad",
            self.tr("上海：每年至少一次") if need == 1
            else self.tr("本居委会定为每年至少{n}次").format(n=need))
        self.tiles["residents_meeting"].value.setStyleSheet("font-size: 24px;")

    def _fill_frequency(self, d: D.Dashboard) -> None:
        chart = _chart()
        series = QBarSeries()
        self.freq_sets = {}
        top = 1.0
        for kf in d.frequency:
            values = [float(q.value) for q in kf.quarters]
            top = max(top, *values, float(kf.minimum))
            s = _bar_set(kf.label, KIND_COLOURS.get(kf.kind, "#888888"), values)
            s.clicked.connect(lambda i, k=kf.kind: self.open_figure(f"freq:{k}:{i + 1}"))
            self.freq_sets[kf.kind] = s
            series.append(s)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value")
        chart.addSeries(series)
        names = [self.tr("第{q}季度").format(q=q) + (self.tr("（本季）") if q == d.current_quarter else "")
                 for q in range(1, 5)]
        ax = _category_axis(names)
        ay = _value_axis(top)
        chart.addAxis(ax, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(ay, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(ax)
        series.attachAxis(ay)
        mins = {kf.minimum for kf in d.frequency}
        if len(mins) == 1 and next(iter(mins)) > 0:
            m = float(next(iter(mins)))
            line = QLineSeries()
            line.setName(self.tr("第一季度末应开{n}场").format(n=int(m)))
            line.append(-0.5, m)
            line.append(3.5, m)
            pen = QPen(QColor(RED))
            pen.setStyle(Qt.PenStyle.DashLine)
            pen.setWidth(2)
            line.setPen(pen)
            chart.addSeries(line)
            line.attachAxis(ax)
            line.attachAxis(ay)
        self.freq_card.set_chart(chart)
        set_ = [kf for kf in d.frequency if kf.year_minimum > 0]
        if set_:
            mins_text = "、".join(f"{kf.label}{kf.year_minimum}场" for kf in set_)
            self.freq_card.title.setText(self.tr("本年三会场次（全年最少：{m}）").format(m=mins_text))
        else:
            self.freq_card.title.setText(self.tr("本年三会场次（按需召开，未设最少场次）"))
        if d.behind_text:
            self.freq_card.set_note(self.tr("落后：{t}。点柱子查看当季的会议。").format(t=d.behind_text),
                                    bad=True)
        else:
            self.freq_card.set_note(self.tr("没有落后的。点柱子查看当季的会议。"))

    def _fill_compliance(self, d: D.Dashboard) -> None:
        avg = d.compliance_avg
        n = len(avg.items)
        tone = "quiet" if not n else ("good" if avg.value >= 90 else ("" if avg.value >= 75 else "bad"))
        self.compliance_tile.set(self.tr("{v}分").format(v=f"{avg.value:g}") if n else "—", tone,
                                 self.tr("共{n}场会议").format(n=n))
        top = d.missed_checks[:5]
        chart = _chart()
        chart.legend().setVisible(False)
        series = QHorizontalBarSeries()
        names = [m.label for m in reversed(top)]
        s = _bar_set(self.tr("次数"), MISSED_COLOUR, [float(m.value) for m in reversed(top)])
        keys = [m.key for m in reversed(top)]
        s.clicked.connect(lambda i: self.open_figure(keys[i]))
        self.missed_set = s
        self.missed_keys = keys
        series.append(s)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value")
        series.setBarWidth(0.6)
        chart.addSeries(series)
        ay = _category_axis(names or [self.tr("（无）")])
        ax = _value_axis(max([m.value for m in top], default=1))
        chart.addAxis(ay, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(ax, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(ay)
        series.attachAxis(ax)
        self.compliance_card.set_chart(chart)
        if top:
            self.compliance_card.set_note(self.tr("最常不符合或需注意的检查（场次）。点横条查看是哪几场。"))
        else:
            self.compliance_card.set_note(self.tr("本年没有不符合或需注意的检查。"))

    def _fill_people(self, d: D.Dashboard) -> None:
        self.tiles["person_times"].set(str(int(d.person_times.value)),
                                       "" if d.person_times.value else "quiet",
                                       self.tr("出席或委托，截至今天"))
        rep = int(d.groups_represented.value)
        self.tiles["groups_represented"].set(
            f"{rep} / {d.groups_total}", "good" if d.groups_total and rep == d.groups_total else "",
            self.tr("占{p}%").format(p=round(100 * rep / d.groups_total)) if d.groups_total else
            self.tr("还没有楼组"))
        miss = int(d.groups_missing.value)
        self.tiles["groups_missing"].set(
            f"{miss}", "bad" if miss else "quiet",
            "、".join(i.title for i in d.groups_missing.items[:4]) if miss else
            (self.tr("每个楼组都有人参会") if d.groups_total else self.tr("还没有楼组")))
        self.age_sets = self._share_chart(self.age_card, d.ages, "age")
        self.sex_sets = self._share_chart(self.sex_card, d.sexes, "sex")
        people = sum(int(b.participants.value) for b in d.ages)
        self.age_card.set_note(self.tr("参会居民{p}人（每人算一次），花名册18岁以上{r}人。"
                                       "点柱子看名单。")
                               .format(p=people, r=d.roster_adults))
        self.sex_card.set_note(self.tr("各占百分比。点柱子看名单。"))

    def _share_chart(self, card: ChartCard, bands: list[D.Band], what: str) -> tuple[QBarSet, QBarSet]:
        chart = _chart()
        p_total = sum(int(b.participants.value) for b in bands) or 1
        r_total = sum(b.roster for b in bands) or 1
        pv = [round(100 * b.participants.value / p_total) for b in bands]
        rv = [round(100 * b.roster / r_total) for b in bands]
        ps = _bar_set(self.tr("参会居民"), PARTICIPANT_COLOUR, [float(v) for v in pv])
        rs = _bar_set(self.tr("花名册"), ROSTER_COLOUR, [float(v) for v in rv])
        labels = [b.label for b in bands]
        ps.clicked.connect(lambda i: self.open_figure(bands[i].participants.key))
        rs.clicked.connect(lambda i: self.open_figure(f"roster:{what}:{labels[i]}"))
        series = QBarSeries()
        series.append(ps)
        series.append(rs)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value%")
        chart.addSeries(series)
        ax = _category_axis(labels)
        ay = _value_axis(max(pv + rv + [1]), "%d%%", (10, 20, 25))
        chart.addAxis(ax, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(ay, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(ax)
        series.attachAxis(ay)
        card.set_chart(chart)
        return ps, rs

