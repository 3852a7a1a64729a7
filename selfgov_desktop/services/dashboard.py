"""首页: where things stand today, every figure computed from the store when asked.

No figure is cached: `compute(store)` reads the tables each time, so a figure cannot drift
from the records. Each figure carries the list behind it (`Figure.items`), and each item
names the page and record that open it (`Item.target`), so the 首页 can show "the list
behind the number" and open any row.

Definitions (chosen here where the issue is silent; tests/test_dashboard.py checks each
against plain SQL):
- "This year" is the calendar year of `today`; a session belongs to the quarter of its
  `date`. Sessions dated later this quarter (already planned) count for their quarter.
- Minimum frequency: domain.frequency, the one definition the 台账 reads too. The minimum
  is per year (the 台账 page's setting, services.documents.minimums) and OFF (0) by
  default for the 三会 — no law sets one, the seeds warn against 形式化. A kind is
  *behind* in a quarter so far whose running total is short of ceil(minimum × q ÷ 4).
  Quarters before the store's first record (its earliest audit entry or session date)
  are not judged.
- Follow-up items: open = 未完成/进行中. Overdue = open with a deadline before today
  (domain.rules.is_overdue). Due this week = open with a deadline from today to today + 6.
- Notices in their 公示期: posted_from ≤ today ≤ posted_until; ending soon: posted_until
  within the next 3 days (today … today + 3).
- Topics waiting for a decision: state 形成议题 or 协商, not merged into another topic.
- A session is stuck when it is not closed and its current step began (the last completed
  step's completion, or the session's creation) more than `stuck_days` days ago.
- Participation counts participants marked 出席 or 委托 at sessions dated this year up to
  today. Person-times count every such row; 楼组 represented = 楼组 with at least one such
  resident; age and sex compare those residents (each once) with the roster's 在册 residents
  aged 18 or more on `today`.
- Compliance (规范程度): the average of `sessions.compliance` over sessions dated this year;
  a check is *missed* when its status is 不符合 (fail) or 需注意 (warn).
- 居民会议 (Shanghai: at least once a year): kind residents_meeting dated this year up to
  today.
- A kind below its yearly minimum is named as behind as well (e.g. 协调会（全年 1/2 场））.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from ..domain import frequency as FQ
from ..domain.dates import age_on
from ..domain.errors import UserError
from ..domain.model import SESSION_KIND_LABELS, THREE_MEETINGS, SessionKind
from ..domain.workflows import CLOSED, state_label
from ..store.db import Store
from . import documents as documents_svc
from . import settings as settings_svc
from .base import Changed, Context

SETTINGS_KEY = "dashboard"
ENDING_DAYS = 3
WEEK_DAYS = 7
KINDS: tuple[str, ...] = tuple(k.value for k in THREE_MEETINGS)
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("18–39岁", 18, 39), ("40–59岁", 40, 59), ("60–69岁", 60, 69), ("70–79岁", 70, 79),
    ("80岁以上", 80, 200))
SEXES = ("男", "女")
ATTENDED = ("出席", "委托")


def kind_label(kind: str) -> str:
    try:
        return SESSION_KIND_LABELS[SessionKind(kind)]
    except ValueError:
        return kind


# -- settings ---------------------------------------------------------------------------------

@dataclass
class DashboardSettings:
    """Stored in settings["dashboard"]; the director changes them on the 首页."""

    # kept for files that saved it; the minimum itself is domain.frequency's yearly number
    min_per_quarter: dict[str, int] = field(default_factory=lambda: {k: 0 for k in KINDS})
    stuck_days: int = 14

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> DashboardSettings:
        out = cls()
        if not data:
            return out
        mins = data.get("min_per_quarter") or {}
        for k in KINDS:
            with contextlib.suppress(TypeError, ValueError):
                out.min_per_quarter[k] = max(0, int(mins.get(k, out.min_per_quarter[k])))
        with contextlib.suppress(TypeError, ValueError):
            out.stuck_days = max(1, int(data.get("stuck_days", out.stuck_days)))
        return out


def load_settings(store: Store) -> DashboardSettings:
    return DashboardSettings.from_dict(settings_svc.get(store, SETTINGS_KEY, {}) or {})


def save_settings(ctx: Context, s: DashboardSettings) -> Changed:
    bad = [kind_label(k) for k, v in s.min_per_quarter.items() if not 0 <= int(v) <= 50]
    if bad:
        raise UserError("每季度最少场次应在0—50之间：" + "、".join(bad) + "。")
    if not 1 <= int(s.stuck_days) <= 365:
        raise UserError("“停在一步超过多少天算停滞”应在1—365天之间。")
    settings_svc.set_value(ctx, SETTINGS_KEY, s.to_dict())
    return Changed.of("settings", summary="已保存首页设置")


# -- figures ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    """One row of the list behind a figure, and where it opens (page key, record id)."""

    kind: str  # session, followup, notice, topic, group, participant, resident
    id: int
    title: str
    detail: str = ""
    date: str = ""
    target: tuple[str, int] | None = None


@dataclass
class Figure:
    key: str
    label: str
    value: float
    items: list[Item] = field(default_factory=list)
    note: str = ""
    date_label: str = "日期"  # what Item.date means in this list

    @property
    def ids(self) -> list[int]:
        return [i.id for i in self.items]


@dataclass
class KindFrequency:
    kind: str
    label: str
    minimum: int
    quarters: list[Figure]  # Q1..Q4, value = sessions dated in the quarter
    behind: list[int]  # quarter numbers (1-4) judged and short of the minimum
    year_minimum: int = 0  # the yearly minimum set on the 台账 page (services.documents)

    @property
    def year_total(self) -> int:
        return int(sum(q.value for q in self.quarters))


@dataclass
class Band:
    label: str
    participants: Figure  # residents who took part (each once)
    roster: int  # 在册 residents aged 18+ in the band


@dataclass
class Dashboard:
    today: dt.date
    year: int
    current_quarter: int
    settings: DashboardSettings
    frequency: list[KindFrequency]
    followups_overdue: Figure
    followups_due: Figure
    notices_on_board: Figure
    notices_ending: Figure
    topics_waiting: Figure
    sessions_stuck: Figure
    person_times: Figure
    groups_represented: Figure
    groups_total: int
    groups_missing: Figure
    ages: list[Band]
    sexes: list[Band]
    roster_adults: int
    compliance_avg: Figure
    missed_checks: list[Figure]
    residents_meeting: Figure
    residents_meeting_minimum: int = 1

    @property
    def behind_text(self) -> str:
        """The kinds that are behind, named, e.g. 听证会（第1、2季度）; a kind short of its
        yearly minimum too, e.g. 协调会（全年 1/2 场）."""
        parts = []
        for f in self.frequency:
            why = []
            if f.behind:
                why.append(f"第{'、'.join(str(q) for q in f.behind)}季度")
            if f.year_total < f.year_minimum:
                why.append(f"全年{f.year_total}/{f.year_minimum}场")
            if why:
                parts.append(f"{f.label}（{'；'.join(why)}）")
        return "、".join(parts)

    def figures(self) -> dict[str, Figure]:
        """Every clickable figure by key (for the UI and the tests)."""
        out = {f.key: f for f in (
            self.followups_overdue, self.followups_due, self.notices_on_board,
            self.notices_ending, self.topics_waiting, self.sessions_stuck, self.person_times,
            self.groups_represented, self.groups_missing, self.compliance_avg,
            self.residents_meeting)}
        for kf in self.frequency:
            for q in kf.quarters:
                out[q.key] = q
        for b in self.ages + self.sexes:
            out[b.participants.key] = b.participants
        for m in self.missed_checks:
            out[m.key] = m
        return out


def _quarter(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def _birth(value: str | None) -> dt.date | None:
    if not value:
        return None
    v = str(value)
    if len(v) == 7:
        v += "-01"
    try:
        return dt.date.fromisoformat(v[:10])
    except ValueError:
        return None


def _session_item(r: Any) -> Item:
    sid, kind, title, date, state = r[0], r[1], r[2], r[3], r[4]
    return Item("session", sid, title, f"{kind_label(kind)} · {state_label(kind, state)}",
                date or "", ("sessions", sid))


def _first_judged_quarter(store: Store, today: dt.date) -> int:
    """Quarters before the store's first record (the earliest audit entry or session date)
    are not judged: a committee that began keeping records in December is not behind for
    January to September. 5 = no quarter of this year is judged."""
    row = store.conn.execute(
        "SELECT min(d) FROM (SELECT min(substr(at, 1, 10)) AS d FROM audit_log"
        " UNION ALL SELECT min(substr(date, 1, 10)) FROM sessions WHERE date IS NOT NULL AND date != '')"
    ).fetchone()
    try:
        first = dt.date.fromisoformat(row[0]) if row and row[0] else today
    except ValueError:
        first = today
    if first.year < today.year:
        return 1
    if first.year > today.year:
        return 5
    return _quarter(first)


def _frequency(store: Store, today: dt.date, s: DashboardSettings) -> list[KindFrequency]:
    year = str(today.year)
    rows = store.conn.execute(
        "SELECT id, kind, title, date, state FROM sessions WHERE substr(date, 1, 4) = ?"
        " ORDER BY date, id", [year]).fetchall()
    by: dict[tuple[str, int], list[Item]] = defaultdict(list)
    for r in rows:
        try:
            q = _quarter(dt.date.fromisoformat(r[3][:10]))
        except ValueError:
            continue
        by[(r[1], q)].append(_session_item(r))
    cq = _quarter(today)
    first_q = _first_judged_quarter(store, today)
    yearly = documents_svc.minimums(store)  # domain.frequency.per_year: off (0) by default
    out = []
    for k in KINDS:
        label = kind_label(k)
        year_min = int(yearly.get(k, 0))
        quarters = [Figure(f"freq:{k}:{q}", f"{today.year}年第{q}季度{label}", len(by[(k, q)]),
                           by[(k, q)]) for q in range(1, 5)]
        behind = [q for q in FQ.behind_quarters(year_min, [int(q.value) for q in quarters], cq)
                  if q >= first_q]
        out.append(KindFrequency(k, label, FQ.expected_by_quarter(year_min, 1), quarters, behind, year_min))
    return out


def _followups(store: Store, today: dt.date) -> tuple[Figure, Figure]:
    iso = today.isoformat()
    week_end = (today + dt.timedelta(days=WEEK_DAYS - 1)).isoformat()
    rows = store.conn.execute(
        "SELECT f.id, f.item, f.responsible, f.deadline, f.status, f.session_id, f.topic_id,"
        " COALESCE(s.title, t.title, '') FROM followups f"
        " LEFT JOIN sessions s ON s.id = f.session_id LEFT JOIN topics t ON t.id = f.topic_id"
        " WHERE f.status IN ('未完成', '进行中') AND f.deadline IS NOT NULL"
        " ORDER BY f.deadline, f.id").fetchall()
    overdue, due = [], []
    for fid, item, who, deadline, status, sid, tid, where in rows:
        target = ("sessions", sid) if sid else (("topics", tid) if tid else None)
        detail = "；".join(x for x in (f"责任方：{who}" if who else "", status, where) if x)
        it = Item("followup", fid, item, detail, deadline, target)
        if deadline[:10] < iso:
            overdue.append(it)
        elif deadline[:10] <= week_end:
            due.append(it)
    return (Figure("followups_overdue", "已逾期的跟踪事项", len(overdue), overdue, date_label="期限"),
            Figure("followups_due", "7天内到期的跟踪事项", len(due), due, date_label="期限"))


def _notices(store: Store, today: dt.date) -> tuple[Figure, Figure]:
    iso = today.isoformat()
    end = (today + dt.timedelta(days=ENDING_DAYS)).isoformat()
    rows = store.conn.execute(
        "SELECT id, title, posted_from, posted_until FROM notices"
        " WHERE posted_from <= ? AND posted_until >= ? ORDER BY posted_until, id",
        [iso, iso]).fetchall()
    board = [Item("notice", r[0], r[1], f"张贴{r[2]}至{r[3]}", r[3], ("notices", r[0]))
             for r in rows]
    ending = [i for i, r in zip(board, rows, strict=True) if r[3] <= end]
    return (Figure("notices_on_board", "张贴中的公告公示", len(board), board, date_label="张贴至"),
            Figure("notices_ending", f"{ENDING_DAYS}天内到期的公告公示", len(ending), ending,
                   date_label="张贴至"))


def _topics(store: Store) -> Figure:
    rows = store.conn.execute(
        "SELECT id, title, state, updated_at FROM topics WHERE state IN ('形成议题', '协商')"
        " AND merged_into IS NULL ORDER BY updated_at, id").fetchall()
    items = [Item("topic", r[0], r[1], f"状态：{r[2]}", (r[3] or "")[:10], ("topics", r[0]))
             for r in rows]
    return Figure("topics_waiting", "等待决定的议题", len(items), items, date_label="最近更新")


def _stuck(store: Store, today: dt.date, days: int) -> Figure:
    rows = store.conn.execute(
        "SELECT s.id, s.kind, s.title, s.date, s.state,"
        " COALESCE((SELECT max(completed_at) FROM session_steps st WHERE st.session_id = s.id"
        "           AND st.status = '已完成'), s.created_at)"
        " FROM sessions s WHERE s.state != ? ORDER BY s.id", [CLOSED]).fetchall()
    items = []
    for r in rows:
        try:
            since = dt.date.fromisoformat(str(r[5])[:10])
        except ValueError:
            continue
        waited = (today - since).days
        if waited > days:
            items.append(Item("session", r[0], r[2],
                              f"{kind_label(r[1])} · 停在“{state_label(r[1], r[4])}”{waited}天",
                              since.isoformat(), ("sessions", r[0])))
    return Figure("sessions_stuck", f"停在一步超过{days}天的会议", len(items), items,
                  date_label="这一步开始")


def _participation(store: Store, today: dt.date) -> tuple[
        Figure, Figure, int, Figure, list[Band], list[Band], int]:
    year, iso = str(today.year), today.isoformat()
    rows = store.conn.execute(
        "SELECT p.id, p.name, p.resident_id, s.id, s.kind, s.title, s.date, r.sex, r.birth_date,"
        " r.building_group_id FROM participants p JOIN sessions s ON s.id = p.session_id"
        " LEFT JOIN residents r ON r.id = p.resident_id"
        " WHERE p.attendance IN ('出席', '委托') AND substr(s.date, 1, 4) = ? AND s.date <= ?"
        " ORDER BY s.date DESC, p.seq, p.id", [year, iso]).fetchall()
    times = [Item("participant", r[0], r[1], f"{kind_label(r[4])}：{r[5]}", r[6], ("sessions", r[3]))
             for r in rows]
    person_times = Figure("person_times", f"{today.year}年参会人次", len(times), times,
                          date_label="会议日期")

    groups = store.conn.execute(
        "SELECT id, name FROM groups WHERE kind = '楼组' ORDER BY name").fetchall()
    per_group: Counter[int] = Counter(r[9] for r in rows if r[9] is not None)
    represented = [Item("group", g, name, f"{per_group[g]}人次参会", "", ("groups", g))
                   for g, name in groups if per_group[g]]
    missing = [Item("group", g, name, "今年还没有居民参会", "", ("groups", g))
               for g, name in groups if not per_group[g]]
    rep = Figure("groups_represented", "有居民参会的楼组", len(represented), represented)
    miss = Figure("groups_missing", "今年还没有居民参会的楼组", len(missing), missing)

    # each resident once: their latest session opens from the list
    people: dict[int, tuple[Any, ...]] = {}
    for r in rows:
        if r[2] is not None and r[2] not in people:
            people[r[2]] = r
    roster = store.conn.execute(
        "SELECT sex, birth_date FROM residents WHERE status = '在册'").fetchall()

    def band_of(birth: str | None) -> str | None:
        b = _birth(birth)
        if b is None:
            return None
        age = age_on(b, today)
        for label, lo, hi in AGE_BANDS:
            if lo <= age <= hi:
                return label
        return None

    roster_age: Counter[str] = Counter()
    roster_sex: Counter[str] = Counter()
    adults = 0
    for sex, birth in roster:
        band = band_of(birth)
        if band is None:
            continue
        adults += 1
        roster_age[band] += 1
        if sex in SEXES:
            roster_sex[sex] += 1
    age_items: dict[str, list[Item]] = defaultdict(list)
    sex_items: dict[str, list[Item]] = defaultdict(list)
    for rid, r in people.items():
        band = band_of(r[8])
        if band is None:
            continue
        it = Item("resident", rid, r[1], f"最近参加：{kind_label(r[4])}：{r[5]}", r[6],
                  ("sessions", r[3]))
        age_items[band].append(it)
        if r[7] in SEXES:
            sex_items[r[7]].append(it)
    ages = [Band(label, Figure(f"age:{label}", f"参会居民 {label}", len(age_items[label]),
                               age_items[label]), roster_age[label])
            for label, _lo, _hi in AGE_BANDS]
    sexes = [Band(sx, Figure(f"sex:{sx}", f"参会居民 {sx}", len(sex_items[sx]), sex_items[sx]),
                  roster_sex[sx]) for sx in SEXES]
    return person_times, rep, len(groups), miss, ages, sexes, adults


def _compliance(store: Store, today: dt.date) -> tuple[Figure, list[Figure]]:
    rows = store.conn.execute(
        "SELECT id, kind, title, date, state, compliance, checks FROM sessions"
        " WHERE substr(date, 1, 4) = ? ORDER BY compliance, date, id", [str(today.year)]).fetchall()
    items = [Item("session", r[0], r[2], f"{kind_label(r[1])} · 规范程度{r[5]}分", r[3] or "",
                  ("sessions", r[0])) for r in rows]
    avg = round(sum(r[5] for r in rows) / len(rows), 1) if rows else 0.0
    figure = Figure("compliance_avg", f"{today.year}年会议平均规范程度", avg, items)
    missed: dict[str, list[Item]] = defaultdict(list)
    titles: dict[str, str] = {}
    for r in rows:
        try:
            checks = json.loads(r[6] or "[]")
        except ValueError:
            continue
        for c in checks:
            if c.get("status") in ("fail", "warn"):
                rule = str(c.get("rule", ""))
                titles[rule] = str(c.get("title") or rule)
                missed[rule].append(Item("session", r[0], r[2], str(c.get("message", "")),
                                         r[3] or "", ("sessions", r[0])))
    ranked = sorted(missed, key=lambda k: (-len(missed[k]), titles[k]))
    return figure, [Figure(f"missed:{k}", titles[k], len(missed[k]), missed[k]) for k in ranked]


def _residents_meeting(store: Store, today: dt.date) -> Figure:
    rows = store.conn.execute(
        "SELECT id, kind, title, date, state FROM sessions WHERE kind = 'residents_meeting'"
        " AND substr(date, 1, 4) = ? AND date <= ? ORDER BY date, id",
        [str(today.year), today.isoformat()]).fetchall()
    items = [_session_item(r) for r in rows]
    need = max(1, int(documents_svc.minimums(store).get("residents_meeting", 1)))
    return Figure("residents_meeting", f"{today.year}年已召开的居民会议", len(items), items,
                  note=f"《上海市居民委员会工作条例》：居民会议每年至少召开一次"
                       f"（本居委会定为至少{need}次）。")


def compute(store: Store, today: dt.date | None = None) -> Dashboard:
    """Every figure of the 首页, read from the store now."""
    today = today or store.clock.today()
    s = load_settings(store)
    overdue, due = _followups(store, today)
    board, ending = _notices(store, today)
    times, rep, total, miss, ages, sexes, adults = _participation(store, today)
    avg, missed = _compliance(store, today)
    return Dashboard(
        today=today, year=today.year, current_quarter=_quarter(today), settings=s,
        frequency=_frequency(store, today, s),
        followups_overdue=overdue, followups_due=due,
        notices_on_board=board, notices_ending=ending,
        topics_waiting=_topics(store), sessions_stuck=_stuck(store, today, s.stuck_days),
        person_times=times, groups_represented=rep, groups_total=total, groups_missing=miss,
        ages=ages, sexes=sexes, roster_adults=adults,
        compliance_avg=avg, missed_checks=missed,
        residents_meeting=_residents_meeting(store, today),
        residents_meeting_minimum=max(1, int(documents_svc.minimums(store).get("residents_meeting", 1))),
    )


def roster_list(store: Store, today: dt.date, band: str | None = None,
                sex: str | None = None) -> list[Item]:
    """The roster behind a comparison bar: 在册 residents aged 18+ in an age band or of a sex."""
    bounds = {label: (lo, hi) for label, lo, hi in AGE_BANDS}
    out = []
    for rid, name, rsex, birth, building in store.conn.execute(
            "SELECT id, name, sex, birth_date, building FROM residents WHERE status = '在册'"
            " ORDER BY building, id"):
        b = _birth(birth)
        if b is None:
            continue
        age = age_on(b, today)
        if age < AGE_BANDS[0][1]:
            continue
        if band is not None and not (bounds[band][0] <= age <= bounds[band][1]):
            continue
        if sex is not None and rsex != sex:
            continue
        out.append(Item("resident", rid, name, f"{rsex or '性别不详'} · {age}岁 · {building}", ""))
    return out
