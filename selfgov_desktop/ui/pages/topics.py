"""议题: the topic pool (collect needs, merge duplicates, move along the path, link meetings,
follow-up items) and the 四议两公开 trail of each decision matter."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from PySide6.QtCore import (QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt, QTimer,
                            QUrl)
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QDialog, QDialogButtonBox,
                               QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton,
                               QSpinBox, QSplitter, QTableView, QTableWidget, QTableWidgetItem,
                               QTabWidget, QTextBrowser, QVBoxLayout, QWidget)

from ...domain import four_two as F
from ...domain import topics as T
from ...domain.dates import cn_date
from ...services import decisions
from ...services import participants as participants_svc
from ...services import sessions as sessions_svc
from ...services import topics as svc
from ..context import AppContext
from ..dialogs.rules import RulesDialog
from ..operations import perform
from .base import Page, empty_state

_Index = QModelIndex | QPersistentModelIndex


def _qdate(value: str | None) -> QDate:
    if value:
        d = dt.date.fromisoformat(value[:10])
        return QDate(d.year, d.month, d.day)
    t = svc.today()
    return QDate(t.year, t.month, t.day)


def _iso(edit: QDateEdit) -> str:
    return edit.date().toString("yyyy-MM-dd")


def _date_edit(value: str | None = None) -> QDateEdit:
    e = QDateEdit()
    e.setCalendarPopup(True)
    e.setDisplayFormat("yyyy-MM-dd")
    e.setDate(_qdate(value))
    return e


class TopicsModel(QAbstractTableModel):
    """The topic list; one row per topic (merged duplicates hidden)."""

    COLUMNS = ("编号", "议题", "状态", "提出人数", "来源", "提出日期", "会议")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[svc.TopicRow] = []

    def set_rows(self, rows: list[svc.TopicRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (str(r.id), r.title + ("  ★" if r.flagged else ""), r.state_label, str(r.residents),
                    r.source, r.raised_on, f"{len(r.sessions)} 场" if r.sessions else "")[col]
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        if role == Qt.ItemDataRole.ToolTipRole and col == 1 and r.flagged:
            return "提出的居民达到成年居民或户数的 1/5（或 1/3 的居民小组）：可以要求听证，应当召开居民会议。"
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (0, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class CollectDialog(QDialog):
    """收集需求: what, from which channel, who raised it (roster or free names)."""

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.setWindowTitle(self.tr("收集居民需求"))
        self.resize(560, 560)
        form = QFormLayout(self)
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("例如：3号楼楼道灯经常不亮"))
        self.channel = QComboBox()
        self.channel.addItems(T.CHANNELS)
        self.category = QComboBox()
        self.category.addItem(self.tr("（未分类）"), "")
        for c in T.CATEGORIES:
            self.category.addItem(c, c)
        self.raised_on = _date_edit()
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText(self.tr("居民怎么说的、涉及哪些楼、有什么诉求"))
        self.description.setFixedHeight(70)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("从花名册查找：姓名、拼音首字母、电话"))
        self.results = QListWidget()
        self.results.setFixedHeight(110)
        self.chosen = QListWidget()
        self.chosen.setFixedHeight(70)
        self.free_name = QLineEdit()
        self.free_name.setPlaceholderText(self.tr("不在花名册上的提出人（姓名或单位）"))
        self.free_count = QSpinBox()
        self.free_count.setRange(1, 100000)
        self.free_count.setSuffix(self.tr(" 人"))
        free = QHBoxLayout()
        free.addWidget(self.free_name, 1)
        free.addWidget(QLabel(self.tr("代表")))
        free.addWidget(self.free_count)
        form.addRow(self.tr("需求（议题）"), self.title)
        form.addRow(self.tr("来源渠道"), self.channel)
        form.addRow(self.tr("类别"), self.category)
        form.addRow(self.tr("提出日期"), self.raised_on)
        form.addRow(self.tr("具体情况"), self.description)
        form.addRow(self.tr("提出人"), self.search)
        form.addRow("", self.results)
        form.addRow(self.tr("已选"), self.chosen)
        form.addRow(self.tr("其他提出人"), free)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        form.addRow(self.buttons)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        self.search.textChanged.connect(self._search)
        self.results.itemDoubleClicked.connect(self._choose)
        self.chosen.itemDoubleClicked.connect(lambda it: self.chosen.takeItem(self.chosen.row(it)))

    def _search(self, text: str) -> None:
        self.results.clear()
        if len(text.strip()) < 1:
            return
        for r in participants_svc.search_residents(self.app.ctx.store, text, limit=30):
            label = f"{r.get('name', '')}  {r.get('building', '')}{r.get('room', '')}"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, r["id"])
            self.results.addItem(item)

    def _choose(self, item: QListWidgetItem) -> None:
        rid = item.data(Qt.ItemDataRole.UserRole)
        if rid in self.chosen_ids():
            return
        chosen = QListWidgetItem(item.text())
        chosen.setData(Qt.ItemDataRole.UserRole, rid)
        self.chosen.addItem(chosen)

    def chosen_ids(self) -> list[int]:
        return [self.chosen.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.chosen.count())]

    def raisers(self) -> list[svc.Raiser]:
        out = [svc.Raiser(resident_id=rid) for rid in self.chosen_ids()]
        if self.free_name.text().strip():
            out.append(svc.Raiser(name=self.free_name.text().strip(),
                                  residents_count=self.free_count.value()))
        return out

    def _save(self) -> None:
        perform(self, self.app.bus, svc.collect, self.app.ctx, self.title.text(),
                channel=self.channel.currentText(), raisers=self.raisers(),
                raised_on=_iso(self.raised_on), category=self.category.currentData() or "",
                description=self.description.toPlainText(),
                on_success=self._saved)

    def _saved(self, changed: Any) -> None:
        self.created_id = changed.data.get("id")
        self.accept()


class TopicDetail(QWidget):
    """One topic: its whole path with dates and links, and what can be done next."""

    def __init__(self, page: TopicsPage) -> None:
        super().__init__()
        self.page = page
        self.app = page.app
        self.topic_id: int | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.header = QLabel()
        self.header.setObjectName("sectionTitle")
        self.header.setWordWrap(True)
        lay.addWidget(self.header)
        self.flag = QLabel()
        self.flag.setWordWrap(True)
        self.flag.setStyleSheet("color: #b26a00;")
        lay.addWidget(self.flag)
        self.path = QTextBrowser()
        self.path.setOpenLinks(False)
        self.path.anchorClicked.connect(self._link)
        lay.addWidget(self.path, 1)

        box = QGroupBox(self.tr("办理"))
        grid = QGridLayout(box)
        self.next_state = QComboBox()
        self.state_note = QLineEdit()
        self.state_note.setPlaceholderText(self.tr("决定内容 / 不予立项理由 / 备注"))
        self.state_date = _date_edit()
        self.move_button = QPushButton(self.tr("更改状态"))
        grid.addWidget(QLabel(self.tr("改为")), 0, 0)
        grid.addWidget(self.next_state, 0, 1)
        grid.addWidget(self.state_date, 0, 2)
        grid.addWidget(self.state_note, 0, 3)
        grid.addWidget(self.move_button, 0, 4)
        self.session_pick = QComboBox()
        self.link_button = QPushButton(self.tr("关联会议"))
        grid.addWidget(QLabel(self.tr("已有会议")), 1, 0)
        grid.addWidget(self.session_pick, 1, 1, 1, 3)
        grid.addWidget(self.link_button, 1, 4)
        self.fu_item = QLineEdit()
        self.fu_item.setPlaceholderText(self.tr("落实事项"))
        self.fu_who = QLineEdit()
        self.fu_who.setPlaceholderText(self.tr("责任方"))
        self.fu_deadline = _date_edit()
        self.fu_button = QPushButton(self.tr("添加落实事项"))
        grid.addWidget(QLabel(self.tr("落实")), 2, 0)
        grid.addWidget(self.fu_item, 2, 1)
        grid.addWidget(self.fu_deadline, 2, 2)
        grid.addWidget(self.fu_who, 2, 3)
        grid.addWidget(self.fu_button, 2, 4)
        grid.setColumnStretch(3, 1)
        self.assembly_kind = QComboBox()
        self.assembly_kind.addItem(self.tr("居民会议"), "residents_meeting")
        self.assembly_kind.addItem(self.tr("居民代表会议"), "representatives_meeting")
        self.assembly_base = QComboBox()
        self.assembly_date = _date_edit()
        self.assembly_button = QPushButton(self.tr("召开会议…"))
        self.assembly_button.setToolTip(self.tr("新建一次居民（代表）会议来决定这个议题，应到人数按会议当天的花名册计算"))
        grid.addWidget(QLabel(self.tr("召开")), 3, 0)
        grid.addWidget(self.assembly_kind, 3, 1)
        grid.addWidget(self.assembly_date, 3, 2)
        grid.addWidget(self.assembly_base, 3, 3)
        grid.addWidget(self.assembly_button, 3, 4)
        self.matter_button = QPushButton(self.tr("按“四议两公开”决策…"))
        grid.addWidget(self.matter_button, 4, 1, 1, 2)
        lay.addWidget(box)
        self.assembly_kind.currentIndexChanged.connect(self._fill_bases)
        self.assembly_button.clicked.connect(self._new_assembly)
        self._fill_bases()
        self.move_button.clicked.connect(self._move)
        self.link_button.clicked.connect(self._link_session)
        self.fu_button.clicked.connect(self._add_followup)
        self.matter_button.clicked.connect(self._new_matter)
        self.show_topic(None)

    def show_topic(self, tid: int | None) -> None:
        self.topic_id = tid
        enabled = tid is not None
        for w in (self.next_state, self.state_note, self.move_button, self.session_pick,
                  self.link_button, self.fu_item, self.fu_who, self.fu_button, self.matter_button,
                  self.state_date, self.fu_deadline, self.assembly_kind, self.assembly_base,
                  self.assembly_date, self.assembly_button):
            w.setEnabled(enabled)
        if tid is None:
            self.header.setText(self.tr("选择左侧的议题，查看它从征集到办结的全过程。"))
            self.flag.clear()
            self.path.clear()
            self.next_state.clear()
            return
        d = svc.detail(self.app.ctx.store, tid)
        self.detail = d
        self.header.setText(f"{d.title}　〔{d.state_label}〕　{d.residents} 位居民提出")
        self.flag.setText(T.flag_text(d.flags) if d.flags else "")
        self.flag.setVisible(bool(d.flags and d.flags.any))
        self.path.setHtml(_path_html(d))
        self.next_state.clear()
        for s in T.next_states(d.state):
            self.next_state.addItem(s.label, s.value)
        open_ = d.state in [s.value for s in T.OPEN_STATES] and d.state != T.TopicState.COLLECTING
        self.session_pick.clear()
        linked = {s["id"] for s in d.sessions}
        for r in sessions_svc.list_sessions(self.app.ctx.store)[:200]:
            if r.id not in linked:
                self.session_pick.addItem(f"{r.date}　{r.kind_label}　{r.title}", r.id)
        for w in (self.session_pick, self.link_button, self.assembly_kind, self.assembly_base,
                  self.assembly_date, self.assembly_button):
            w.setEnabled(open_)
        can_fu = d.state in (T.TopicState.DECIDED, T.TopicState.CARRYING_OUT)
        for w in (self.fu_item, self.fu_who, self.fu_button, self.fu_deadline):
            w.setEnabled(can_fu)
        self.move_button.setEnabled(self.next_state.count() > 0)
        self.matter_button.setEnabled(d.state not in (T.TopicState.DONE, T.TopicState.REJECTED))

    def _fill_bases(self) -> None:
        from ...domain import meetings as M

        self.assembly_base.clear()
        bases = (M.RESIDENTS_MEETING_BASES if self.assembly_kind.currentData() == "residents_meeting"
                 else M.REPRESENTATIVES_MEETING_BASES)
        for b in bases:
            self.assembly_base.addItem(b.label, b.value)

    def _new_assembly(self) -> None:
        if self.topic_id is None:
            return
        kind_label = self.assembly_kind.currentText()
        perform(self, self.app.bus, decisions.create_assembly, self.app.ctx,
                self.assembly_kind.currentData(), f"关于{self.detail.title}的{kind_label}",
                _iso(self.assembly_date), self.assembly_base.currentData(), self.topic_id,
                on_success=lambda ch: self.app.bus.navigate.emit("sessions", ch.data["id"]))

    def _link(self, url: QUrl) -> None:
        kind, _, ident = url.toString().partition(":")
        if kind == "session":
            self.app.bus.navigate.emit("sessions", int(ident))
        elif kind == "matter":
            self.page.show_matter(int(ident))
        elif kind == "topic":
            self.page.select_topic(int(ident))

    def _move(self) -> None:
        if self.topic_id is None or self.next_state.currentData() is None:
            return
        dst = self.next_state.currentData()
        note = self.state_note.text()
        kw: dict[str, Any] = {"on": _iso(self.state_date)}
        if dst == T.TopicState.REJECTED:
            kw["reason"] = note
        elif dst == T.TopicState.DECIDED:
            kw["decision"] = note
        else:
            kw["note"] = note
        perform(self, self.app.bus, svc.move, self.app.ctx, self.topic_id, dst,
                on_success=lambda _c: self.state_note.clear(), **kw)

    def _link_session(self) -> None:
        sid = self.session_pick.currentData()
        if self.topic_id is None or sid is None:
            return
        perform(self, self.app.bus, svc.link_session, self.app.ctx, self.topic_id, int(sid))

    def _add_followup(self) -> None:
        if self.topic_id is None:
            return
        perform(self, self.app.bus, svc.add_followup, self.app.ctx, self.topic_id, self.fu_item.text(),
                self.fu_who.text(), _iso(self.fu_deadline),
                on_success=lambda _c: (self.fu_item.clear(), self.fu_who.clear()))

    def _new_matter(self) -> None:
        if self.topic_id is None:
            return
        perform(self, self.app.bus, decisions.create, self.app.ctx, self.detail.title,
                topic_id=self.topic_id, on_success=lambda ch: self.page.show_matter(ch.data["id"]))


def _path_html(d: svc.TopicDetail) -> str:
    e = html.escape
    parts = []
    if d.description:
        parts.append(f"<p>{e(d.description)}</p>")
    meta = [f"来源：{e(d.source)}"] + ([f"类别：{e(d.category)}"] if d.category else [])
    parts.append("<p style='color:#555'>" + "　".join(meta) + "</p>")
    if d.state == T.TopicState.REJECTED and d.reason:
        parts.append(f"<p><b>不予立项理由：</b>{e(d.reason)}</p>")
    if d.decision:
        parts.append(f"<p><b>决定：</b>{e(d.decision)}</p>")
    parts.append("<h4>全过程</h4><table cellspacing='0' cellpadding='3'>")
    for ev in d.events:
        what = ""
        if ev.kind == "state":
            what = f"<b>{e(T.TopicState(ev.to_state).label)}</b>"
        elif ev.kind == "merge":
            what = "合并"
        elif ev.kind == "session":
            what = "会议"
        elif ev.kind == "followup":
            what = "落实"
        elif ev.kind == "decision":
            what = "决策"
        elif ev.kind == "raiser":
            what = "又有居民提出"
        note = e(ev.note)
        if ev.session_id:
            note += f"　<a href='session:{ev.session_id}'>打开会议</a>"
        parts.append(f"<tr><td style='color:#555'>{e(cn_date(ev.on_date))}</td><td>{what}</td>"
                     f"<td>{note}</td></tr>")
    parts.append("</table>")
    if d.sessions:
        parts.append("<h4>关联会议</h4><ul>")
        for s in d.sessions:
            parts.append(f"<li><a href='session:{s['id']}'>{e(s['kind_label'])}：{e(s['title'])}</a>"
                         f"　{e(cn_date(s['date']))}</li>")
        parts.append("</ul>")
    if d.matters:
        parts.append("<h4>四议两公开</h4><ul>")
        for m in d.matters:
            parts.append(f"<li><a href='matter:{m['id']}'>{e(m['title'])}</a></li>")
        parts.append("</ul>")
    if d.followups:
        parts.append("<h4>落实事项</h4><ul>")
        for f in d.followups:
            due = f"，期限{cn_date(f['deadline'])}" if f["deadline"] else ""
            parts.append(f"<li>{e(f['item'])}（{e(f['responsible'] or '未定责任方')}{due}）——{e(f['status'])}</li>")
        parts.append("</ul>")
    parts.append(f"<h4>提出人（{d.residents} 人）</h4><ul>")
    for r in d.raisers[:30]:
        count = f"（代表 {r['residents_count']} 人）" if r["residents_count"] > 1 else ""
        parts.append(f"<li>{e(cn_date(r['raised_on']))}　{e(r['channel'])}　{e(r['name'] or '')}{count}</li>")
    if len(d.raisers) > 30:
        parts.append(f"<li>……共 {len(d.raisers)} 条</li>")
    parts.append("</ul>")
    if d.merged:
        parts.append("<p>已合并的重复议题：" + "、".join(
            f"<a href='topic:{m['id']}'>{e(m['title'])}</a>" for m in d.merged) + "</p>")
    return "".join(parts)


class MatterView(QWidget):
    """四议两公开 of one matter: the six steps with dates, records and numbers."""

    def __init__(self, page: TopicsPage) -> None:
        super().__init__()
        self.page = page
        self.app = page.app
        self.matter_id: int | None = None
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        self.list = QListWidget()
        self.list.setFixedWidth(300)
        left.addWidget(self.list, 1)
        self.new_title = QLineEdit()
        self.new_title.setPlaceholderText(self.tr("新的决策事项"))
        self.new_button = QPushButton(self.tr("新建事项"))
        left.addWidget(self.new_title)
        left.addWidget(self.new_button)
        lay.addLayout(left)
        right = QVBoxLayout()
        self.header = QLabel()
        self.header.setObjectName("sectionTitle")
        self.header.setWordWrap(True)
        right.addWidget(self.header)
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        right.addWidget(self.missing)
        self.table = QTableWidget(len(F.STEPS), 5)
        self.table.setHorizontalHeaderLabels([self.tr("步骤"), self.tr("状态"), self.tr("日期"),
                                              self.tr("记录"), self.tr("数字和规则")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for col, w in enumerate((150, 60, 96, 220)):
            self.table.setColumnWidth(col, w)
        right.addWidget(self.table, 1)

        self.editor = QGroupBox()
        form = QGridLayout(self.editor)
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.help.setStyleSheet("color: #555;")
        form.addWidget(self.help, 0, 0, 1, 6)
        self.date = _date_edit()
        self.record = QLineEdit()
        self.record.setPlaceholderText(self.tr("会议记录要点，或在右边关联一次会议"))
        self.session = QComboBox()
        form.addWidget(QLabel(self.tr("日期")), 1, 0)
        form.addWidget(self.date, 1, 1)
        form.addWidget(QLabel(self.tr("记录")), 1, 2)
        form.addWidget(self.record, 1, 3)
        form.addWidget(self.session, 1, 4, 1, 2)
        self.numbers_row = QHBoxLayout()
        form.addLayout(self.numbers_row, 2, 0, 1, 6)
        self.override = QLineEdit()
        self.override.setPlaceholderText(self.tr("数字不符合规则时，写明理由才能标记完成（会记录在案）"))
        form.addWidget(QLabel(self.tr("理由")), 3, 0)
        form.addWidget(self.override, 3, 1, 1, 3)
        self.save_button = QPushButton(self.tr("暂存"))
        self.done_button = QPushButton(self.tr("标记完成"))
        self.undo_button = QPushButton(self.tr("撤销完成"))
        self.notice_button = QPushButton(self.tr("生成公示"))
        self.notice_button.setToolTip(self.tr("按这一步的记录生成公示，在“公示”页面编辑、打印"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.notice_button, self.undo_button, self.save_button, self.done_button):
            buttons.addWidget(b)
        form.addLayout(buttons, 3, 4, 1, 2)
        form.setColumnStretch(3, 1)
        right.addWidget(self.editor)
        lay.addLayout(right, 1)
        self.number_edits: dict[str, QSpinBox] = {}
        self.date_edits: dict[str, QDateEdit] = {}
        self.list.currentItemChanged.connect(self._picked)
        self.table.currentCellChanged.connect(lambda row, *_: self._edit_step(row))
        self.new_button.clicked.connect(self._create)
        self.save_button.clicked.connect(lambda: self._save(False))
        self.done_button.clicked.connect(lambda: self._save(True))
        self.undo_button.clicked.connect(self._undo)
        self.notice_button.clicked.connect(self._notice)
        self.session.activated.connect(self._session_picked)
        self.step_key = F.KEYS[0]

    def refresh(self) -> None:
        keep = self.matter_id
        self.list.blockSignals(True)
        self.list.clear()
        for r in decisions.list_matters(self.app.ctx.store):
            mark = "✔" if not r.missing else f"{r.done}/6"
            item = QListWidgetItem(f"{mark}　{r.title}")
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            self.list.addItem(item)
            if r.id == keep:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self.sessions = sessions_svc.list_sessions(self.app.ctx.store)[:300]
        self.show_matter(keep if keep is not None else (
            self.list.item(0).data(Qt.ItemDataRole.UserRole) if self.list.count() else None))

    def _picked(self, item: QListWidgetItem | None, _prev: Any = None) -> None:
        if item is not None:
            self.show_matter(item.data(Qt.ItemDataRole.UserRole))

    def select(self, mid: int) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == mid:
                self.list.setCurrentRow(i)
        self.show_matter(mid)

    def show_matter(self, mid: int | None) -> None:
        self.matter_id = mid
        self.editor.setEnabled(mid is not None)
        if mid is None:
            self.header.setText(self.tr("还没有四议两公开事项。在左下方新建，或从议题页发起。"))
            self.missing.clear()
            self.table.clearContents()
            return
        m = decisions.matter(self.app.ctx.store, mid)
        self.current = m
        topic = f"　（议题：{m.topic_title}）" if m.topic_title else ""
        self.header.setText(m.title + topic)
        if m.complete:
            self.missing.setText(self.tr("四议两公开已全部完成。"))
            self.missing.setStyleSheet("color: #2e7d32;")
        else:
            self.missing.setText(self.tr("还缺：") + "、".join(m.missing))
            self.missing.setStyleSheet("color: #c62828;")
        for row, st in enumerate(F.STEPS):
            rec = m.steps.get(st.key)
            done = bool(rec and rec.done)
            nums = ""
            if rec:
                shown = [f"{n.label} {rec.numbers[n.key]}" for n in st.numbers if n.key in rec.numbers]
                shown += [f"{n.label} {rec.numbers[n.key]}" for n in st.dates if n.key in rec.numbers]
                nums = "，".join(shown)
                if m.verdicts.get(st.key) and (st.numbers or st.dates) and done:
                    nums = m.verdicts[st.key]
                if rec.override_reason:
                    nums += f"（说明理由：{rec.override_reason}）"
            record = (rec.record if rec else "") + (f"〔{m.sessions[st.key]}〕" if st.key in m.sessions else "")
            cells = (st.title, "已完成" if done else ("暂存" if rec else "未办"),
                     rec.date or "" if rec else "", record, nums)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if col == 1:
                    item.setForeground(Qt.GlobalColor.darkGreen if done else Qt.GlobalColor.darkRed)
                self.table.setItem(row, col, item)
        self.table.resizeRowsToContents()
        first_open = next((i for i, st in enumerate(F.STEPS)
                           if not (m.steps.get(st.key) and m.steps[st.key].done)), len(F.STEPS) - 1)
        self.table.setCurrentCell(first_open, 0)
        self._edit_step(first_open)

    def _edit_step(self, row: int) -> None:
        if self.matter_id is None or not 0 <= row < len(F.STEPS):
            return
        st = F.STEPS[row]
        self.step_key = st.key
        rec = self.current.steps.get(st.key)
        self.editor.setTitle(st.title)
        self.help.setText(st.help)
        self.date.setDate(_qdate(rec.date if rec else None))
        self.record.setText(rec.record if rec else "")
        self.override.setText(rec.override_reason if rec else "")
        self.session.clear()
        self.session.addItem(self.tr("（不关联会议）"), None)
        for s in self.sessions:
            self.session.addItem(f"{s.date}　{s.kind_label}　{s.title}", s.id)
            if rec and rec.session_id == s.id:
                self.session.setCurrentIndex(self.session.count() - 1)
        while self.numbers_row.count():
            w = self.numbers_row.takeAt(0).widget()
            if w is not None:
                w.hide()
                w.setParent(None)
                w.deleteLater()
        self.number_edits, self.date_edits = {}, {}
        for spec in st.numbers:
            spin = QSpinBox()
            spin.setRange(0, 100000)
            spin.setValue(int(rec.numbers.get(spec.key, 0)) if rec else 0)
            self.numbers_row.addWidget(QLabel(spec.label))
            self.numbers_row.addWidget(spin)
            self.number_edits[spec.key] = spin
        for spec in st.dates:
            edit = _date_edit(rec.numbers.get(spec.key) if rec else None)
            self.numbers_row.addWidget(QLabel(spec.label))
            self.numbers_row.addWidget(edit)
            self.date_edits[spec.key] = edit
        self.numbers_row.addStretch(1)
        self.undo_button.setEnabled(bool(rec and rec.done))
        self.notice_button.setVisible(st.key in ("resolution_notice", "result_notice"))
        self.notice_button.setEnabled(rec is not None)

    def _session_picked(self, _index: int) -> None:
        """Step ④ linked to a 居民(代表)会议: take its base, attendance and votes."""
        sid = self.session.currentData()
        if sid is None or self.step_key != "assembly":
            return
        for key, value in decisions.numbers_from_session(self.app.ctx.store, int(sid)).items():
            if key in self.number_edits:
                self.number_edits[key].setValue(value)
        for s in self.sessions:
            if s.id == sid and s.date:
                self.date.setDate(_qdate(s.date))

    def numbers(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: s.value() for k, s in self.number_edits.items()}
        out.update({k: _iso(e) for k, e in self.date_edits.items()})
        return out

    def _save(self, done: bool) -> None:
        if self.matter_id is None:
            return
        sid = self.session.currentData()
        perform(self, self.app.bus, decisions.save_step, self.app.ctx, self.matter_id, self.step_key,
                date=_iso(self.date), record=self.record.text(),
                session_id=int(sid) if sid is not None else None, numbers=self.numbers(),
                override_reason=self.override.text(), done=done)

    def _notice(self) -> None:
        if self.matter_id is None:
            return
        from ...services import decision_docs

        perform(self, self.app.bus, decision_docs.create_matter_notice, self.app.ctx, self.matter_id,
                self.step_key, on_success=lambda ch: self.app.bus.navigate.emit("notices", ch.data["id"]))

    def _undo(self) -> None:
        if self.matter_id is not None:
            perform(self, self.app.bus, decisions.undo_step, self.app.ctx, self.matter_id, self.step_key)

    def _create(self) -> None:
        perform(self, self.app.bus, decisions.create, self.app.ctx, self.new_title.text(),
                on_success=lambda ch: (self.new_title.clear(), self.page.show_matter(ch.data["id"])))


class TopicsPage(Page):
    key = "topics"
    watches = frozenset({"topics", "topic_raisers", "topic_events", "sessions", "followups",
                         "decision_matters", "decision_steps", "residents"})

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(app, parent)
        lay = QVBoxLayout(self)
        heading = QLabel(self.tr("议题"))
        heading.setObjectName("pageTitle")
        head = QHBoxLayout()
        head.addWidget(heading)
        head.addStretch(1)
        self.rules_button = QPushButton(self.tr("规则…"))
        self.rules_button.setToolTip(self.tr("居民提议的联名比例、居民会议议程提前公布的天数、公开天数等默认值"))
        self.rules_button.clicked.connect(self.open_rules)
        head.addWidget(self.rules_button)
        lay.addLayout(head)
        self.tabs = QTabWidget()
        lay.addWidget(self.tabs, 1)

        pool = QWidget()
        pl = QVBoxLayout(pool)
        pl.setContentsMargins(0, 6, 0, 0)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索议题"))
        self.search.setClearButtonEnabled(True)
        self.state_filter = QComboBox()
        self.state_filter.addItem(self.tr("全部状态"), None)
        for s in T.TopicState:
            self.state_filter.addItem(s.label, s.value)
        self.collect_button = QPushButton(self.tr("收集需求…"))
        self.merge_button = QPushButton(self.tr("合并重复"))
        self.merge_button.setToolTip(self.tr("按住 Ctrl 选中重复的议题：合并到其中最早收集的一个，提出人数累加"))
        self.count_label = QLabel()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.state_filter)
        bar.addWidget(self.count_label)
        bar.addWidget(self.merge_button)
        bar.addWidget(self.collect_button)
        pl.addLayout(bar)
        self.empty = empty_state(self.tr(
            "还没有议题。走访、来访、电话、议题征询会、楼组或网上收到居民的需求时，点“收集需求”记下来；"
            "重复的需求可以合并，提出的人数会累加。"))
        pl.addWidget(self.empty)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.model = TopicsModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(26)
        self.view.horizontalHeader().setStretchLastSection(True)
        split.addWidget(self.view)
        self.detail = TopicDetail(self)
        split.addWidget(self.detail)
        split.setSizes([540, 620])
        pl.addWidget(split, 1)
        self.split = split
        self.tabs.addTab(pool, self.tr("议题库"))
        self.matters = MatterView(self)
        self.tabs.addTab(self.matters, self.tr("四议两公开"))

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.state_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.collect_button.clicked.connect(self.open_collect)
        self.merge_button.clicked.connect(self._merge)
        self.dialog: CollectDialog | None = None

    def title(self) -> str:
        return self.tr("议题")

    def open_rules(self) -> RulesDialog:
        """程序规则设置 at its 议题与居民会议 tab."""
        dlg = RulesDialog(self.app, self, tab=1)
        dlg.open()
        return dlg

    def refresh(self) -> None:
        self.reload()
        self.matters.refresh()

    def reload(self) -> None:
        keep = self.detail.topic_id
        rows = svc.list_topics(self.app.ctx.store, state=self.state_filter.currentData(),
                               text=self.search.text())
        self.model.set_rows(rows)
        self.count_label.setText(self.tr("{n} 个").format(n=len(rows)))
        has_any = bool(rows) or bool(self.search.text()) or self.state_filter.currentIndex() > 0
        self.empty.setVisible(not has_any)
        self.split.setVisible(has_any)
        for col, w in enumerate((40, 170, 64, 60, 62, 84, 44)):
            self.view.setColumnWidth(col, w)
        ids = [r.id for r in rows]
        if keep in ids:
            self.select_topic(keep)
        elif ids:
            self.select_topic(ids[0])
        else:
            self.detail.show_topic(None)

    def select_topic(self, tid: int) -> None:
        ids = [r.id for r in self.model.rows]
        if tid not in ids:
            self.state_filter.setCurrentIndex(0)
            self.search.clear()
            ids = [r.id for r in self.model.rows]
        if tid in ids:
            self.view.selectRow(ids.index(tid))
            self.view.setCurrentIndex(self.model.index(ids.index(tid), 0))
        self.detail.show_topic(tid)

    def _row_changed(self, current: QModelIndex, _prev: QModelIndex) -> None:
        if current.isValid():
            self.detail.show_topic(self.model.rows[current.row()].id)

    def selected_ids(self) -> list[int]:
        return [self.model.rows[i.row()].id for i in self.view.selectionModel().selectedRows()]

    def open_collect(self) -> CollectDialog:
        self.dialog = CollectDialog(self.app, self)
        self.dialog.accepted.connect(self._collected)
        self.dialog.open()
        return self.dialog

    def _collected(self) -> None:
        self.tabs.setCurrentIndex(0)
        tid = getattr(self.dialog, "created_id", None)
        if tid is not None:
            self.reload()
            self.select_topic(tid)

    def _merge(self) -> None:
        chosen = sorted(self.selected_ids())
        target, others = (chosen[0], chosen[1:]) if chosen else (None, [])
        if target is None or not others:
            from ..errors import show_error
            from ...domain.errors import UserError

            show_error(self, UserError("请按住 Ctrl 在列表中选中两个或更多重复的议题，再点“合并重复”。"))
            return
        perform(self, self.app.bus, svc.merge, self.app.ctx, target, others)

    def show_matter(self, mid: int) -> None:
        self.tabs.setCurrentWidget(self.matters)
        self.matters.refresh()
        self.matters.select(mid)
