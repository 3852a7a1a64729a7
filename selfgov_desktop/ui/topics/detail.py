"""One topic on the 议题 page: its whole path with dates and links, and what can be done next."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import (QComboBox, QGridLayout, QGroupBox, QLabel, QLineEdit, QPushButton,
                               QTextBrowser, QVBoxLayout, QWidget)

from ...domain import topics as T
from ...domain.dates import cn_date
from ...services import decisions
from ...services import sessions as sessions_svc
from ...services import topics as svc
from ..context import AppContext
from ..operations import perform
from .dates import date_edit, iso


class TopicDetail(QWidget):
    """One topic: its whole path with dates and links, and what can be done next. Links to
    another topic or to a 四议两公开 matter are asked of the page by signal."""

    topic_requested = Signal(int)
    matter_requested = Signal(int)

    def __init__(self, app: AppContext) -> None:
        super().__init__()
        self.app = app
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
        self.state_date = date_edit(self.app.ctx.today())
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
        self.fu_deadline = date_edit(self.app.ctx.today())
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
        self.assembly_date = date_edit(self.app.ctx.today())
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
        self.header.setText(f"{d.title}　〔{d.state_label}〕　{d.residents}位居民提出")
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
                iso(self.assembly_date), self.assembly_base.currentData(), self.topic_id,
                on_success=lambda ch: self.app.bus.navigate.emit("sessions", ch.data["id"]))

    def _link(self, url: QUrl) -> None:
        kind, _, ident = url.toString().partition(":")
        if kind == "session":
            self.app.bus.navigate.emit("sessions", int(ident))
        elif kind == "matter":
            self.matter_requested.emit(int(ident))
        elif kind == "topic":
            self.topic_requested.emit(int(ident))

    def _move(self) -> None:
        if self.topic_id is None or self.next_state.currentData() is None:
            return
        dst = self.next_state.currentData()
        note = self.state_note.text()
        kw: dict[str, Any] = {"on": iso(self.state_date)}
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
                self.fu_who.text(), iso(self.fu_deadline),
                on_success=lambda _c: self._followup_added())

    def _followup_added(self) -> None:
        self.fu_item.clear()
        self.fu_who.clear()

    def _new_matter(self) -> None:
        if self.topic_id is None:
            return
        perform(self, self.app.bus, decisions.create, self.app.ctx, self.detail.title,
                topic_id=self.topic_id, on_success=lambda ch: self.matter_requested.emit(ch.data["id"]))


_EVENT_WHAT = {"merge": "合并", "session": "会议", "followup": "落实", "decision": "决策",
               "raiser": "又有居民提出"}


def _events_html(d: svc.TopicDetail) -> str:
    """The topic's whole path, one row per event."""
    e = html.escape
    parts = ["<h4>全过程</h4><table cellspacing='0' cellpadding='3'>"]
    for ev in d.events:
        if ev.kind == "state":
            what = f"<b>{e(T.TopicState(ev.to_state).label)}</b>"
        else:
            what = _EVENT_WHAT.get(ev.kind, "")
        note = e(ev.note)
        if ev.session_id:
            note += f"　<a href='session:{ev.session_id}'>打开会议</a>"
        parts.append(f"<tr><td style='color:#555'>{e(cn_date(ev.on_date))}</td><td>{what}</td>"
                     f"<td>{note}</td></tr>")
    parts.append("</table>")
    return "".join(parts)


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
    parts.append(_events_html(d))
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
            parts.append(f"<li>{e(f['item'])}（{e(f['responsible'] or '未定责任方')}{due}）"
                         f"——{e(f['status'])}</li>")
        parts.append("</ul>")
    parts.append(f"<h4>提出人（{d.residents}人）</h4><ul>")
    for r in d.raisers[:30]:
        count = f"（代表{r['residents_count']}人）" if r["residents_count"] > 1 else ""
        parts.append(f"<li>{e(cn_date(r['raised_on']))}　{e(r['channel'])}　{e(r['name'] or '')}{count}</li>")
    if len(d.raisers) > 30:
        parts.append(f"<li>……共{len(d.raisers)}条</li>")
    parts.append("</ul>")
    if d.merged:
        parts.append("<p>已合并的重复议题：" + "、".join(
            f"<a href='topic:{m['id']}'>{e(m['title'])}</a>" for m in d.merged) + "</p>")
    return "".join(parts)
