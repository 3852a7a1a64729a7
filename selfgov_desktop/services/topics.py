"""议题库: collect residents' needs, merge duplicates, move topics along their path, link
sessions and follow-up items, 不予立项 with a reason.

Every write is one transaction with audit rows and a `topic_events` row (the topic's path,
with the day it happened, shown on the topic page).

Reading API: list_topics(store, ...) -> [TopicRow]; detail(store, tid) -> TopicDetail;
support(store, tid, on) -> domain.topics.Support.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..domain import meetings as M
from ..domain import topics as T
from ..domain.errors import UserError
from ..domain.model import SESSION_KIND_LABELS, SessionKind
from ..store.db import Store
from . import residents
from . import settings as settings_svc
from .base import Changed, Context, Entity, Tx, new_id

TOPICS_KEY = "topics"
MEETINGS_KEY = "meetings"
ENTITIES: tuple[Entity, ...] = ("topics", "topic_raisers", "topic_events")

def topic_settings(store: Store) -> T.TopicSettings:
    return T.TopicSettings.from_dict(settings_svc.get(store, TOPICS_KEY, {}) or {})


def meeting_settings(store: Store) -> M.MeetingSettings:
    return M.MeetingSettings.from_dict(settings_svc.get(store, MEETINGS_KEY, {}) or {})


def _day(today: dt.date, value: Any, label: str = "日期") -> str:
    """A date typed or picked; empty means `today` (the store's clock)."""
    if value in (None, ""):
        return today.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        raise UserError(f"“{label}”的日期格式不对：{value}（应为2026-11-29）。") from None


# -- records --------------------------------------------------------------------------------

@dataclass
class Raiser:
    """Who raised a need: a resident of the roster, a free name, or a 居民小组 as a group."""

    resident_id: int | None = None
    name: str = ""
    residents_count: int = 1
    group_id: int | None = None


@dataclass
class TopicRow:
    id: int
    title: str
    state: str
    category: str
    source: str
    residents: int
    sessions: list[int]
    raised_on: str
    updated_on: str
    flagged: bool = False

    @property
    def state_label(self) -> str:
        return T.TopicState(self.state).label

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "state": self.state,
                "state_label": self.state_label, "residents": self.residents,
                "sessions": self.sessions, "category": self.category, "source": self.source,
                "raised_on": self.raised_on, "flagged": self.flagged}


@dataclass
class Event:
    on_date: str
    kind: str
    from_state: str
    to_state: str
    session_id: int | None
    note: str
    by_user: str


@dataclass
class TopicDetail:
    id: int
    title: str
    description: str
    category: str
    source: str
    state: str
    building: str
    decision: str
    reason: str
    merged_into: int | None
    created_at: str
    raisers: list[dict[str, Any]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    sessions: list[dict[str, Any]] = field(default_factory=list)
    followups: list[dict[str, Any]] = field(default_factory=list)
    merged: list[dict[str, Any]] = field(default_factory=list)
    matters: list[dict[str, Any]] = field(default_factory=list)
    support: T.Support | None = None
    flags: T.Flags | None = None

    @property
    def residents(self) -> int:
        return sum(int(r["residents_count"]) for r in self.raisers)

    @property
    def state_label(self) -> str:
        return T.TopicState(self.state).label


def _kind_label(kind: str) -> str:
    try:
        return SESSION_KIND_LABELS[SessionKind(kind)]
    except ValueError:
        return kind


def list_topics(store: Store, state: str | None = None, text: str = "",
                include_merged: bool = False, on: dt.date | None = None) -> list[TopicRow]:
    where, args = ["1 = 1"], []
    if not include_merged:
        where.append("t.merged_into IS NULL")
    if state:
        where.append("t.state = ?")
        args.append(T.parse_state(state).value)
    if text.strip():
        where.append("(t.title LIKE ? OR t.description LIKE ? OR t.category LIKE ?)")
        args += [f"%{text.strip()}%"] * 3
    sql = ("SELECT t.id, t.title, t.state, t.category, t.source,"
           " (SELECT COALESCE(SUM(residents_count), 0) FROM topic_raisers r WHERE r.topic_id = t.id),"
           " (SELECT group_concat(id) FROM (SELECT s.id FROM sessions s WHERE s.topic_id = t.id"
           "   ORDER BY s.date, s.id)),"
           " COALESCE((SELECT MIN(raised_on) FROM topic_raisers r WHERE r.topic_id = t.id),"
           "   (SELECT MIN(on_date) FROM topic_events e WHERE e.topic_id = t.id),"
           "   substr(t.created_at, 1, 10)),"
           " COALESCE((SELECT MAX(on_date) FROM topic_events e WHERE e.topic_id = t.id),"
           "   substr(t.updated_at, 1, 10))"
           f" FROM topics t WHERE {' AND '.join(where)}"
           " ORDER BY CASE t.state WHEN '办结' THEN 2 WHEN '不予立项' THEN 2 ELSE 1 END, 9 DESC, t.id DESC")
    rows = store.conn.execute(sql, args).fetchall()
    bases = _bases(store, on or store.clock.today())
    ts = topic_settings(store)
    out = []
    for r in rows:
        sids = [int(x) for x in (r[6] or "").split(",") if x]
        sup = _support_counts(store, r[0], bases)
        out.append(TopicRow(r[0], r[1], r[2], r[3], r[4], int(r[5]), sids, r[7] or "", r[8] or "",
                            T.flags(sup, ts).any))
    return out


def _bases(store: Store, on: dt.date) -> tuple[int, int, int]:
    c = store.conn
    adults, households = residents.adults_and_households(store, on)
    groups = c.execute("SELECT count(*) FROM groups WHERE kind = '居民小组'").fetchone()[0]
    if not groups:  # where 楼组 serve as 居民小组
        groups = c.execute("SELECT count(*) FROM groups WHERE kind = '楼组'").fetchone()[0]
    return adults, int(households), int(groups)


def _support_counts(store: Store, tid: int, bases: tuple[int, int, int]) -> T.Support:
    c = store.conn
    residents = c.execute("SELECT COALESCE(SUM(residents_count), 0) FROM topic_raisers WHERE topic_id = ?",
                          [tid]).fetchone()[0]
    households = c.execute(
        "SELECT count(DISTINCT r.household_id) FROM topic_raisers t JOIN residents r ON r.id = t.resident_id"
        " WHERE t.topic_id = ? AND r.household_id IS NOT NULL", [tid]).fetchone()[0]
    groups = c.execute("SELECT count(DISTINCT group_id) FROM topic_raisers WHERE topic_id = ?"
                       " AND group_id IS NOT NULL", [tid]).fetchone()[0]
    return T.Support(int(residents), int(households), int(groups), *bases)


def support(store: Store, tid: int, on: dt.date | None = None) -> T.Support:
    return _support_counts(store, tid, _bases(store, on or store.clock.today()))


def _topic_row(store: Store, tid: int) -> dict[str, Any]:
    cur = store.conn.execute("SELECT * FROM topics WHERE id = ?", [tid])
    row = cur.fetchone()
    if row is None:
        raise UserError(f"找不到编号为{tid}的议题，可能已被删除或合并。")
    return dict(zip([d[0] for d in cur.description], row, strict=True))


def detail(store: Store, tid: int, on: dt.date | None = None) -> TopicDetail:
    t = _topic_row(store, tid)
    c = store.conn
    d = TopicDetail(t["id"], t["title"], t["description"], t["category"], t["source"], t["state"],
                    t["building"], t["decision"], t["reason"], t["merged_into"], t["created_at"])
    cur = c.execute(
        "SELECT t.id, t.resident_id, COALESCE(r.name, t.name) AS name, t.channel, t.raised_on,"
        " t.residents_count, t.group_id, g.name AS group_name, r.building, r.room"
        " FROM topic_raisers t LEFT JOIN residents r ON r.id = t.resident_id"
        " LEFT JOIN groups g ON g.id = t.group_id WHERE t.topic_id = ? ORDER BY t.raised_on, t.id", [tid])
    names = [x[0] for x in cur.description]
    d.raisers = [dict(zip(names, r, strict=True)) for r in cur]
    d.events = [Event(*r) for r in c.execute(
        "SELECT on_date, kind, from_state, to_state, session_id, note, by_user FROM topic_events"
        " WHERE topic_id = ? ORDER BY on_date, id", [tid])]
    d.sessions = [{"id": r[0], "kind": r[1], "kind_label": _kind_label(r[1]), "title": r[2],
                   "date": r[3] or "", "state": r[4]} for r in c.execute(
        "SELECT id, kind, title, date, state FROM sessions WHERE topic_id = ? OR EXISTS (SELECT 1 FROM"
        " json_each(CASE WHEN json_valid(data) THEN data ELSE '{}' END, '$.topic_ids') WHERE value = ?)"
        " ORDER BY date, id", [tid, tid])]
    d.followups = [{"id": r[0], "item": r[1], "responsible": r[2], "deadline": r[3] or "",
                    "status": r[4], "done_on": r[5] or "", "session_id": r[6]} for r in c.execute(
        "SELECT id, item, responsible, deadline, status, done_on, session_id FROM followups"
        " WHERE topic_id = ? ORDER BY deadline IS NULL, deadline, id", [tid])]
    d.merged = [{"id": r[0], "title": r[1]} for r in c.execute(
        "SELECT id, title FROM topics WHERE merged_into = ? ORDER BY id", [tid])]
    d.matters = [{"id": r[0], "title": r[1]} for r in c.execute(
        "SELECT id, title FROM decision_matters WHERE topic_id = ? ORDER BY id", [tid])]
    d.support = support(store, tid, on)
    d.flags = T.flags(d.support, topic_settings(store))
    return d


# -- writes ---------------------------------------------------------------------------------

def _event(tx: Tx, tid: int, on_date: str, kind: str, *, from_state: str = "", to_state: str = "",
           session_id: int | None = None, note: str = "") -> None:
    tx.db.execute("INSERT INTO topic_events (topic_id, on_date, kind, from_state, to_state, session_id,"
                  " note, by_user, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  [tid, on_date, kind, from_state, to_state, session_id, note, tx.ctx.actor, tx.now_iso()])


def _check_raiser(store: Store, r: Raiser) -> Raiser:
    if r.residents_count < 1:
        raise UserError("提出的居民人数至少是1。")
    if r.resident_id is not None:
        row = store.conn.execute("SELECT name FROM residents WHERE id = ?", [r.resident_id]).fetchone()
        if row is None:
            raise UserError(f"花名册里找不到编号为{r.resident_id}的居民。")
        return Raiser(r.resident_id, r.name or row[0], r.residents_count, r.group_id)
    if r.group_id is not None:
        row = store.conn.execute("SELECT name FROM groups WHERE id = ?", [r.group_id]).fetchone()
        if row is None:
            raise UserError(f"找不到编号为{r.group_id}的居民小组。")
        return Raiser(None, r.name or row[0], r.residents_count, r.group_id)
    if not r.name.strip():
        raise UserError("请从花名册选择提出的居民，或写上提出人的姓名（或单位）。")
    return Raiser(None, r.name.strip(), r.residents_count, None)


def _insert_raisers(tx: Tx, tid: int, raisers: list[Raiser], channel: str, raised_on: str) -> int:
    n = 0
    for r in raisers:
        tx.db.execute("INSERT INTO topic_raisers (topic_id, resident_id, name, channel, raised_on,"
                      " residents_count, group_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                      [tid, r.resident_id, r.name, channel, raised_on, r.residents_count, r.group_id])
        n += r.residents_count
    return n


def collect(ctx: Context, title: str, *, channel: str, raisers: list[Raiser],
            raised_on: Any = None, category: str = "", building: str = "",
            description: str = "") -> Changed:
    """征集: a need from any channel, with who raised it (roster, free name or a group)."""
    ctx.require_write()
    if not title.strip():
        raise UserError("请写上居民反映的需求（议题名称）。")
    if not channel.strip():
        raise UserError("请选择需求的来源渠道：" + "、".join(T.CHANNELS) + "。")
    if not raisers:
        raise UserError(f"“{title.strip()}”：请至少写上一位提出人。")
    day = _day(ctx.today(), raised_on, "提出日期")
    clean = [_check_raiser(ctx.store, r) for r in raisers]
    now = ctx.now_iso()
    with ctx.tx() as tx:
        tid = new_id(tx.db.execute(
            "INSERT INTO topics (title, description, category, source, state, building, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, '征集', ?, ?, ?)",
            [title.strip(), description.strip(), category.strip(), channel.strip(), building.strip(),
             now, now]))
        n = _insert_raisers(tx, tid, clean, channel.strip(), day)
        _event(tx, tid, day, "state", to_state=T.TopicState.COLLECTING.value,
               note=f"{channel.strip()}收集，{n}位居民提出")
        tx.audit("topic.collect", "topics", tid, summary=f"收集需求：{title.strip()}",
                 after={"title": title.strip(), "channel": channel, "residents": n})
    return Changed.of(*ENTITIES, ids=[tid], summary=f"已收集“{title.strip()}”（{n}人）", id=tid)


def add_raisers(ctx: Context, tid: int, raisers: list[Raiser], *, channel: str,
                raised_on: Any = None) -> Changed:
    """More residents raise the same need."""
    ctx.require_write()
    t = _topic_row(ctx.store, tid)
    if t["merged_into"]:
        raise UserError(f"议题“{t['title']}”已合并到编号{t['merged_into']}的议题，请在那里添加。")
    day = _day(ctx.today(), raised_on, "提出日期")
    clean = [_check_raiser(ctx.store, r) for r in raisers]
    with ctx.tx() as tx:
        n = _insert_raisers(tx, tid, clean, channel.strip(), day)
        _event(tx, tid, day, "raiser", note=f"{channel.strip()}：又有{n}位居民提出")
        tx.db.execute("UPDATE topics SET updated_at = ? WHERE id = ?", [ctx.now_iso(), tid])
        tx.audit("topic.raisers", "topics", tid, summary=f"“{t['title']}”增加提出人{n}人",
                 after={"residents": n})
    return Changed.of(*ENTITIES, ids=[tid], summary=f"已增加{n}位提出人")


def merge(ctx: Context, target_id: int, duplicate_ids: list[int], on: Any = None) -> Changed:
    """Merge duplicates into `target_id`: their raisers move over, so the counts add up."""
    ctx.require_write()
    target = _topic_row(ctx.store, target_id)
    if target["merged_into"]:
        raise UserError(f"议题“{target['title']}”本身已被合并，请合并到编号{target['merged_into']}的议题。")
    dups = [_topic_row(ctx.store, d) for d in dict.fromkeys(duplicate_ids) if d != target_id]
    if not dups:
        raise UserError("请选择要合并进来的重复议题（不能合并到自己）。")
    for d in dups:
        if d["merged_into"]:
            raise UserError(f"议题“{d['title']}”已经合并过了。")
        if d["state"] in (T.TopicState.DONE, T.TopicState.REJECTED):
            raise UserError(f"议题“{d['title']}”已{d['state']}，不能再合并。")
    day = _day(ctx.today(), on)
    with ctx.tx() as tx:
        moved = 0
        for d in dups:
            moved += tx.db.execute("SELECT COALESCE(SUM(residents_count), 0) FROM topic_raisers"
                                   " WHERE topic_id = ?", [d["id"]]).fetchone()[0]
            tx.db.execute("UPDATE topic_raisers SET topic_id = ? WHERE topic_id = ?", [target_id, d["id"]])
            tx.db.execute("UPDATE sessions SET topic_id = ? WHERE topic_id = ?", [target_id, d["id"]])
            tx.db.execute("UPDATE followups SET topic_id = ? WHERE topic_id = ?", [target_id, d["id"]])
            tx.db.execute("UPDATE topics SET merged_into = ?, updated_at = ? WHERE id = ?",
                          [target_id, ctx.now_iso(), d["id"]])
            _event(tx, d["id"], day, "merge", note=f"合并到议题“{target['title']}”（编号{target_id}）")
            _event(tx, target_id, day, "merge", note=f"合并重复议题“{d['title']}”（编号{d['id']}）")
            tx.audit("topic.merge", "topics", d["id"], summary=f"“{d['title']}”合并到“{target['title']}”",
                     before={"merged_into": None}, after={"merged_into": target_id})
        tx.db.execute("UPDATE topics SET updated_at = ? WHERE id = ?", [ctx.now_iso(), target_id])
    return Changed.of(*ENTITIES, "sessions", "followups", ids=[target_id, *[d["id"] for d in dups]],
                      summary=f"已合并{len(dups)}个重复议题，增加{moved}位提出人")


def move(ctx: Context, tid: int, state: str, *, on: Any = None, note: str = "",
         reason: str = "", decision: str = "") -> Changed:
    """Move a topic to the next state of its path (domain.topics.TRANSITIONS)."""
    ctx.require_write()
    t = _topic_row(ctx.store, tid)
    if t["merged_into"]:
        raise UserError(f"议题“{t['title']}”已合并到编号{t['merged_into']}的议题。")
    dst = T.parse_state(state)
    T.check_move(t["title"], t["state"], dst.value, reason)
    if dst == T.TopicState.DECIDED and not (decision.strip() or t["decision"].strip()):
        raise UserError(f"议题“{t['title']}”进入“决定”时，请写明决定的内容（居民会议决议或居委会决定）。")
    day = _day(ctx.today(), on)
    sets: dict[str, Any] = {"state": dst.value, "updated_at": ctx.now_iso()}
    if dst == T.TopicState.REJECTED:
        sets["reason"] = reason.strip()
    if decision.strip():
        sets["decision"] = decision.strip()
    with ctx.tx() as tx:
        tx.db.execute("UPDATE topics SET " + ", ".join(f"{k} = ?" for k in sets) + " WHERE id = ?",
                      [*sets.values(), tid])
        text = note.strip() or reason.strip() or decision.strip()
        _event(tx, tid, day, "state", from_state=t["state"], to_state=dst.value, note=text)
        tx.audit("topic.state", "topics", tid, summary=f"“{t['title']}”：{t['state']} → {dst.label}",
                 before={"state": t["state"]}, after={k: v for k, v in sets.items() if k != "updated_at"})
    return Changed.of(*ENTITIES, ids=[tid], summary=f"“{t['title']}”已改为“{dst.label}”", state=dst.value)


def reject(ctx: Context, tid: int, reason: str, on: Any = None) -> Changed:
    """不予立项, with the reason given back to those who raised it."""
    return move(ctx, tid, T.TopicState.REJECTED.value, on=on, reason=reason)


def link_session(ctx: Context, tid: int, session_id: int, on: Any = None) -> Changed:
    """A pre-meeting, 三会 session or 居民(代表)会议 about this topic. A topic in 形成议题 moves
    on to 协商 with its first session."""
    ctx.require_write()
    t = _topic_row(ctx.store, tid)
    row = ctx.store.conn.execute("SELECT kind, title, date, topic_id FROM sessions WHERE id = ?",
                                 [session_id]).fetchone()
    if row is None:
        raise UserError(f"找不到编号为{session_id}的会议。")
    if t["state"] not in [s.value for s in T.OPEN_STATES]:
        raise UserError(f"议题“{t['title']}”已{t['state']}，不能再关联会议。")
    if t["state"] == T.TopicState.COLLECTING:
        raise UserError(f"议题“{t['title']}”还在征集，请先“形成议题”再安排会议。")
    if row[3] == tid:
        return Changed.of(summary="已经关联过了")
    day = _day(ctx.today(), on or row[2])
    with ctx.tx() as tx:
        tx.db.execute("UPDATE sessions SET topic_id = ? WHERE id = ?", [tid, session_id])
        _event(tx, tid, day, "session", session_id=session_id,
               note=f"{_kind_label(row[0])}：{row[1]}")
        if t["state"] == T.TopicState.FORMED:
            tx.db.execute("UPDATE topics SET state = '协商', updated_at = ? WHERE id = ?",
                          [ctx.now_iso(), tid])
            _event(tx, tid, day, "state", from_state=t["state"], to_state=T.TopicState.CONSULTING.value,
                   session_id=session_id, note="安排会议协商")
        tx.audit("topic.session", "topics", tid, summary=f"“{t['title']}”关联会议“{row[1]}”",
                 after={"session_id": session_id})
    return Changed.of(*ENTITIES, "sessions", ids=[tid, session_id], summary=f"已关联“{row[1]}”")


def add_followup(ctx: Context, tid: int, item: str, responsible: str = "",
                 deadline: Any = None, on: Any = None) -> Changed:
    """项目/落实: an item to carry out, with its owner and deadline."""
    ctx.require_write()
    t = _topic_row(ctx.store, tid)
    if not item.strip():
        raise UserError("请写明要落实的事项。")
    if t["state"] not in (T.TopicState.DECIDED, T.TopicState.CARRYING_OUT):
        raise UserError(f"议题“{t['title']}”要先作出决定，才能安排落实事项。")
    due = _day(ctx.today(), deadline, "期限") if deadline else None
    with ctx.tx() as tx:
        fid = new_id(tx.db.execute(
            "INSERT INTO followups (topic_id, kind, item, responsible, deadline, created_at)"
            " VALUES (?, '落实', ?, ?, ?, ?)",
            [tid, item.strip(), responsible.strip(), due, ctx.now_iso()]))
        _event(tx, tid, _day(ctx.today(), on), "followup",
               note=f"落实事项：{item.strip()}"
               + (f"（{responsible.strip()}）" if responsible.strip() else ""))
        tx.audit("topic.followup", "followups", fid, summary=f"“{t['title']}”落实事项：{item.strip()}",
                 after={"responsible": responsible, "deadline": due})
    return Changed.of(*ENTITIES, "followups", ids=[fid], summary="已添加落实事项", id=fid)


def update(ctx: Context, tid: int, **values: Any) -> Changed:
    """Edit title, description, category, building."""
    ctx.require_write()
    allowed = ("title", "description", "category", "building")
    t = _topic_row(ctx.store, tid)
    new = {k: str(v).strip() for k, v in values.items() if k in allowed and str(v).strip() != t[k]}
    if "title" in new and not new["title"]:
        raise UserError("议题名称不能为空。")
    if not new:
        return Changed.of(summary="没有变化")
    with ctx.tx() as tx:
        tx.db.execute("UPDATE topics SET " + ", ".join(f"{k} = ?" for k in new) + ", updated_at = ?"
                      " WHERE id = ?", [*new.values(), ctx.now_iso(), tid])
        tx.audit("topic.update", "topics", tid, summary=f"修改议题“{t['title']}”",
                 before={k: t[k] for k in new}, after=new)
    return Changed.of(*ENTITIES, ids=[tid], summary="已保存")


def raiser_names_for_reply(store: Store, tid: int) -> list[str]:
    """Those to whom a 不予立项 reason is given back (roster names and free names)."""
    return [r["name"] for r in detail(store, tid).raisers if r["name"]]


def save_topic_settings(ctx: Context, ts: T.TopicSettings) -> Changed:
    """The 1/5 (adults or households) and 1/3 (居民小组) shares."""
    for num, den, what in ((ts.proposal_share_num, ts.proposal_share_den, "成年居民或户数的比例"),
                           (ts.group_share_num, ts.group_share_den, "居民小组的比例")):
        if den <= 0 or not 0 < num <= den:
            raise UserError(f"{what}要写成不大于1的分数，例如1/5。")
    return settings_svc.set_value(ctx, TOPICS_KEY, ts.to_dict()) | Changed.of(*ENTITIES)


def save_meeting_settings(ctx: Context, ms: M.MeetingSettings) -> Changed:
    """Agenda notice days, publicity days (四议两公开), representatives per 居民小组."""
    if ms.agenda_days < 0 or ms.publicity_days < 0:
        raise UserError("天数不能是负数。")
    if not 2 <= ms.per_group_representatives <= 3:
        raise UserError("每个居民小组推选2—3名代表。")
    return settings_svc.set_value(ctx, MEETINGS_KEY, ms.to_dict()) | Changed.of("decision_steps")
