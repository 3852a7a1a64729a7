"""四议两公开 matters: the six steps, each with a date, a record (text or a linked session)
and its numbers; a step with failing numbers is marked done only with a recorded reason.

Tables (migration 0006): decision_matters, decision_steps. A matter may belong to a topic;
each step done is also written on the topic's path (topic_events).

Reading API: list_matters(store) -> [MatterRow]; matter(store, mid) -> Matter.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from ..domain import four_two as F
from ..domain.errors import UserError
from ..domain.model import SESSION_KIND_LABELS, SessionKind
from ..store.db import Store
from . import topics as topics_svc
from .base import Changed, Context, Entity, new_id

ENTITIES: tuple[Entity, ...] = ("decision_matters", "decision_steps")


@dataclass
class Matter:
    id: int
    title: str
    topic_id: int | None
    topic_title: str
    note: str
    created_at: str
    steps: dict[str, F.StepRecord] = field(default_factory=dict)
    verdicts: dict[str, str] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)  # step -> linked session title

    @property
    def missing(self) -> list[str]:
        return F.missing(self.steps)

    @property
    def complete(self) -> bool:
        return F.is_complete(self.steps)

    @property
    def progress(self) -> str:
        return F.progress_text(self.steps)


@dataclass
class MatterRow:
    id: int
    title: str
    topic_id: int | None
    done: int
    missing: list[str]
    last_date: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "topic_id": self.topic_id, "done": self.done,
                "missing": self.missing, "last_date": self.last_date}


def _steps(store: Store, mid: int) -> tuple[dict[str, F.StepRecord], dict[str, str], dict[str, str]]:
    recs, verdicts, sessions = {}, {}, {}
    for r in store.conn.execute(
            "SELECT d.step, d.done, d.date, d.record, d.session_id, d.numbers, d.override_reason,"
            " d.verdict, s.title, s.kind FROM decision_steps d LEFT JOIN sessions s ON s.id = d.session_id"
            " WHERE d.matter_id = ?", [mid]):
        recs[r[0]] = F.StepRecord(r[0], bool(r[1]), r[2], r[3], r[4], json.loads(r[5] or "{}"), r[6])
        verdicts[r[0]] = r[7]
        if r[8]:
            try:
                label = SESSION_KIND_LABELS[SessionKind(r[9])]
            except ValueError:
                label = r[9]
            sessions[r[0]] = f"{label}：{r[8]}"
    return recs, verdicts, sessions


def matter(store: Store, mid: int) -> Matter:
    row = store.conn.execute(
        "SELECT m.id, m.title, m.topic_id, COALESCE(t.title, ''), m.note, m.created_at"
        " FROM decision_matters m LEFT JOIN topics t ON t.id = m.topic_id WHERE m.id = ?", [mid]).fetchone()
    if row is None:
        raise UserError(f"找不到编号为{mid}的四议两公开事项。")
    m = Matter(*row)
    m.steps, m.verdicts, m.sessions = _steps(store, mid)
    return m


def list_matters(store: Store, topic_id: int | None = None) -> list[MatterRow]:
    where, args = "", []
    if topic_id is not None:
        where, args = " WHERE topic_id = ?", [topic_id]
    out = []
    for r in store.conn.execute(f"SELECT id, title, topic_id FROM decision_matters{where}"
                                " ORDER BY id DESC", args).fetchall():
        recs, _v, _s = _steps(store, r[0])
        dates = [x.date for x in recs.values() if x.done and x.date]
        out.append(MatterRow(r[0], r[1], r[2], sum(1 for x in recs.values() if x.done),
                             F.missing(recs), max(dates) if dates else ""))
    return out


def create(ctx: Context, title: str, *, topic_id: int | None = None, note: str = "") -> Changed:
    ctx.require_write()
    if not title.strip():
        raise UserError("请写明要决策的事项。")
    if topic_id is not None:
        topics_svc._topic_row(ctx.store, topic_id)  # raises when missing
    now = ctx.now_iso()
    with ctx.tx() as tx:
        mid = new_id(tx.db.execute(
            "INSERT INTO decision_matters (title, topic_id, note, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [title.strip(), topic_id, note.strip(), now, now]))
        tx.audit("decision.create", "decision_matters", mid, summary=f"新建四议两公开事项：{title.strip()}",
                 after={"title": title.strip(), "topic_id": topic_id})
    return Changed.of(*ENTITIES, ids=[mid], summary=f"已新建“{title.strip()}”", id=mid)


def _clean_numbers(key: str, numbers: dict[str, Any], today: dt.date) -> dict[str, Any]:
    st = F.step(key)
    out: dict[str, Any] = {}
    for spec in st.numbers:
        v = numbers.get(spec.key)
        if v in (None, ""):
            continue
        try:
            n = int(v)
        except (TypeError, ValueError):
            raise UserError(f"“{st.short}”的“{spec.label}”要填数字：{v}") from None
        if n < 0:
            raise UserError(f"“{st.short}”的“{spec.label}”不能是负数。")
        out[spec.key] = n
    for spec in st.dates:
        v = numbers.get(spec.key)
        if v not in (None, ""):
            out[spec.key] = topics_svc._day(today, v, spec.label)
    return out


def save_step(ctx: Context, mid: int, key: str, *, date: Any = None, record: str = "",
              session_id: int | None = None, numbers: dict[str, Any] | None = None,
              override_reason: str = "", done: bool = True) -> Changed:
    """Record a step; with done=True it must pass its rule, or carry an override reason."""
    ctx.require_write()
    m = matter(ctx.store, mid)
    st = F.step(key)
    if m.steps.get(key) and m.steps[key].done and done:
        later = [F.step(k).short for k in F.KEYS[F.KEYS.index(key) + 1:]
                 if m.steps.get(k) and m.steps[k].done]
        if later:
            raise UserError(f"“{st.short}”之后的步骤已经完成（{'、'.join(later)}），请先撤销它们再修改。")
    if session_id is not None and ctx.store.conn.execute("SELECT 1 FROM sessions WHERE id = ?",
                                                         [session_id]).fetchone() is None:
        raise UserError(f"找不到编号为{session_id}的会议。")
    day = topics_svc._day(ctx.today(), date) if date else None
    rec = F.StepRecord(key, done, day, record.strip(), session_id,
                       _clean_numbers(key, numbers or {}, ctx.today()), override_reason.strip())
    verdict = F.check(key, rec.numbers, topics_svc.meeting_settings(ctx.store))
    if done:
        verdict = F.validate_done(m.steps, rec, topics_svc.meeting_settings(ctx.store), m.title)
    now = ctx.now_iso()
    with ctx.tx() as tx:
        tx.db.execute(
            "INSERT INTO decision_steps (matter_id, step, done, date, record, session_id, numbers, verdict,"
            " override_reason, by_user, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(matter_id, step) DO UPDATE SET done = excluded.done, date = excluded.date,"
            " record = excluded.record, session_id = excluded.session_id, numbers = excluded.numbers,"
            " verdict = excluded.verdict, override_reason = excluded.override_reason,"
            " by_user = excluded.by_user, updated_at = excluded.updated_at",
            [mid, key, int(done), rec.date, rec.record, session_id,
             json.dumps(rec.numbers, ensure_ascii=False), verdict.message, rec.override_reason,
             ctx.actor, now])
        tx.db.execute("UPDATE decision_matters SET updated_at = ? WHERE id = ?", [now, mid])
        if done and m.topic_id is not None:
            note = f"四议两公开 {st.title}" + (f"：{verdict.message}" if st.numbers or st.dates else "")
            if verdict.ok is not True and rec.override_reason:
                note += f"（已说明理由：{rec.override_reason}）"
            topics_svc._event(tx, m.topic_id, rec.date or ctx.today().isoformat(), "decision",
                              session_id=session_id, note=note)
        before = m.steps.get(key)
        tx.audit("decision.step", "decision_steps", mid,
                 summary=f"“{m.title}” {st.title}" + ("完成" if done else "保存")
                 + ("（说明理由：" + rec.override_reason + "）" if done and verdict.ok is not True else ""),
                 before=before.__dict__ if before else None, after=rec.__dict__)
    return Changed.of(*ENTITIES, "topic_events", ids=[mid], summary=f"{st.title}：{verdict.message}",
                      ok=verdict.ok)


def undo_step(ctx: Context, mid: int, key: str) -> Changed:
    """Reopen a done step (the last done one only)."""
    ctx.require_write()
    m = matter(ctx.store, mid)
    st = F.step(key)
    later = [F.step(k).short for k in F.KEYS[F.KEYS.index(key) + 1:] if m.steps.get(k) and m.steps[k].done]
    if later:
        raise UserError(f"请先撤销后面的步骤：{'、'.join(later)}。")
    if not (m.steps.get(key) and m.steps[key].done):
        return Changed.of(summary="这一步还没有完成")
    with ctx.tx() as tx:
        tx.db.execute("UPDATE decision_steps SET done = 0, updated_at = ? WHERE matter_id = ? AND step = ?",
                      [ctx.now_iso(), mid, key])
        tx.audit("decision.undo", "decision_steps", mid, summary=f"“{m.title}”撤销{st.title}")
    return Changed.of(*ENTITIES, ids=[mid], summary=f"已撤销{st.title}")


# -- 居民(代表)会议: the base and the yearly meeting ----------------------------------------

@dataclass
class BaseCount:
    kind: str  # a BASE_LABELS label
    size: int
    note: str


def meeting_base(store: Store, base_kind: str, on: Any, per_group: int | None = None) -> BaseCount:
    """The base of a 居民(代表)会议 counted from the roster on the meeting day."""
    from ..domain import meetings as M
    from ..domain.dates import cn_date

    kind = M.parse_base(base_kind)
    day = dt.date.fromisoformat(topics_svc._day(store.clock.today(), on, "会议日期"))
    c = store.conn
    if kind == M.BaseKind.ADULTS:
        rows = c.execute("SELECT birth_date, population_type FROM residents WHERE status = '在册'").fetchall()
        births = [b for b, t in rows if M.counts_in_base(t)]
        n = M.count_adults(births, day)
        note = f"按{cn_date(day)}计算，在册18周岁以上居民{n.adults}人（不含流动人口）"
        if n.unknown:
            note += f"（另有{n.unknown}人没有出生日期，未计入，请补全花名册）"
        return BaseCount(kind.label, n.adults, note)
    if kind == M.BaseKind.HOUSEHOLDS:
        households = len({h for h, t in c.execute(
            "SELECT household_id, population_type FROM residents WHERE status = '在册'"
            " AND household_id IS NOT NULL") if M.counts_in_base(t)})
        return BaseCount(kind.label, households,
                         f"按{cn_date(day)}的花名册，在册{households}户（不含只有流动人口的户），"
                         "每户一名代表")
    if kind == M.BaseKind.GROUP_REPRESENTATIVES:
        per = per_group or topics_svc.meeting_settings(store).per_group_representatives
        groups = c.execute("SELECT count(*) FROM groups WHERE kind = '居民小组'").fetchone()[0]
        what = "居民小组"
        if not groups:
            groups = c.execute("SELECT count(*) FROM groups WHERE kind = '楼组'").fetchone()[0]
            what = "楼组（作为居民小组）"
        size = M.group_representatives_base(int(groups), per)
        return BaseCount(kind.label, size, f"{groups}个{what}，每组推选{per}名代表，共{size}人")
    dstr = day.isoformat()
    n = c.execute(
        "SELECT count(DISTINCT m.resident_id) FROM memberships m JOIN groups g ON g.id = m.group_id"
        " JOIN residents r ON r.id = m.resident_id WHERE g.kind = '居民代表' AND r.status = '在册'"
        " AND (m.term_start IS NULL OR m.term_start <= ?) AND (m.term_end IS NULL OR m.term_end >= ?)",
        [dstr, dstr]).fetchone()[0]
    return BaseCount(kind.label, int(n), f"{cn_date(day)}在任的居民代表{n}人")


def party_members_due(store: Store) -> BaseCount:
    """应到党员 of a 党员大会 from the roster: 正式党员 only (预备党员 have no vote)."""
    from ..domain import meetings as M

    statuses = [r[0] for r in store.conn.execute(
        "SELECT political_status FROM residents WHERE status = '在册'")]
    n = M.party_congress_base(statuses)
    pre = sum(1 for p in statuses if (p or "").strip() == M.PROBATIONARY_MEMBER)
    note = f"花名册在册正式党员{n}人" + (f"；预备党员{pre}人没有表决权，不计入应到" if pre else "")
    return BaseCount("正式党员", n, note)


def apply_meeting_base(ctx: Context, sid: int, base_kind: str, per_group: int | None = None) -> Changed:
    """Count the base on the session's date and write base_kind/base_size/base_note."""
    from . import sessions as sessions_svc

    rec = sessions_svc.get(ctx.store, sid)
    if rec.kind not in ("residents_meeting", "representatives_meeting"):
        raise UserError(f"“{rec.title}”不是居民会议或居民代表会议。")
    if not rec.date:
        raise UserError(f"“{rec.title}”请先填写会议日期：成年居民按会议当天的年龄计算。")
    b = meeting_base(ctx.store, base_kind, rec.date, per_group)
    return sessions_svc.set_fields(ctx, sid, {"base_kind": b.kind, "base_size": b.size, "base_note": b.note})


def yearly_meeting(store: Store, year: int) -> list[dict[str, Any]]:
    """The 居民会议 of a year (Shanghai: at least once); empty = not held yet."""
    return [{"id": r[0], "title": r[1], "date": r[2], "state": r[3]} for r in store.conn.execute(
        "SELECT id, title, date, state FROM sessions WHERE kind = 'residents_meeting'"
        " AND substr(date, 1, 4) = ? ORDER BY date", [str(year)])]


def create_assembly(ctx: Context, kind: str, title: str, date: Any, base_kind: str,
                    topic_id: int | None = None) -> Changed:
    """A 居民(代表)会议 on a topic, its base counted from the roster on the meeting day:
    one transaction (the session services nest in it as savepoints)."""
    from . import sessions as sessions_svc

    if kind not in ("residents_meeting", "representatives_meeting"):
        raise UserError(f"不认识的会议类型：{kind}。")
    day = topics_svc._day(ctx.today(), date, "会议日期")
    ctx.require_write()
    with ctx.tx():
        sid = sessions_svc.create(ctx, kind, title, date=day).data["id"]
        b = meeting_base(ctx.store, base_kind, day)
        sessions_svc.set_fields(ctx, sid, {"base_kind": b.kind, "base_size": b.size, "base_note": b.note})
        if topic_id is not None:
            topics_svc.link_session(ctx, topic_id, sid, on=day)
    return Changed.of("sessions", *topics_svc.ENTITIES, ids=[sid], summary=f"已新建“{title.strip()}”", id=sid)


def numbers_from_session(store: Store, sid: int) -> dict[str, int]:
    """For step ④: the base, attendance and the first motion's votes of a 居民(代表)会议."""
    from . import sessions as sessions_svc
    from ..domain.workflows.meetings import attending_of

    rec = sessions_svc.get(store, sid)
    if rec.kind not in ("residents_meeting", "representatives_meeting"):
        return {}
    out: dict[str, int] = {}
    if rec.data.get("base_size"):
        out["base"] = int(rec.data["base_size"])
    attending = attending_of(sessions_svc.facts(store, sid))
    if attending:
        out["attending"] = attending
    votes = sessions_svc.votes(store, sid)
    if votes:
        v = votes[0]
        out.update({"attending": int(v["base"] or attending), "yes": int(v["yes"]), "no": int(v["no"]),
                    "abstain": int(v["abstain"])})
    return out
