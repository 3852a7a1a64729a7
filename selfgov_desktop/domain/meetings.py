"""居民会议 / 居民代表会议 / 党员大会 / 两委会议: the base, quorum and majority (DOMAIN.md §6).

- Quorum: attendees > ½ of the base, strictly (exactly half is not a quorum).
- A motion passes with yes > ½ of those attending, strictly (exactly half fails).
- Base kinds: every resident aged 18+ on the meeting day (birth dates from the roster), one
  representative per household, 2–3 representatives per 居民小组, or the 居民代表 in office.
- 党员大会: ≥ 2/3 of the members due present; a motion passes with yes > ½ of the members
  due (not of those present).
- 两委会议 (a joint meeting of the Party committee and the residents' committee): chosen here,
  the law being silent on numbers: more than half of its members present, and yes > ½ of
  those present.

Who the bases count (our reading, stated in the 会议基数 help): residents 在册 on the roster
whose 人口状态 is 常住, 人户分离 or not given — those of this 居住地区 — and not 流动 (临时
居住 without being admitted as residents; a committee that admits them sets
BASE_POPULATION_TYPES otherwise). 党员大会: only 正式党员 (中共党员) are due; 预备党员 have no
vote (《中国共产党章程》第七条) and are not in the base.

Birth dates given only to the month ("2008-12") count as the last day of that month: a person
is counted as an adult only once they are surely 18. Unknown birth dates are not counted;
the caller shows how many were left out.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any
from dataclasses import dataclass
from enum import StrEnum

from .dates import age_on
from .errors import UserError

ADULT_AGE = 18
BASE_POPULATION_TYPES: tuple[str, ...] = ("常住", "人户分离", "")  # counted in 居民会议 bases
FULL_MEMBER = "中共党员"  # 正式党员: the 党员大会's base
PROBATIONARY_MEMBER = "中共预备党员"  # no vote: not in the base


def counts_in_base(population_type: str | None) -> bool:
    """Is a resident with this 人口状态 counted in a 居民会议 base (adults, households)?"""
    return (population_type or "").strip() in BASE_POPULATION_TYPES


def party_congress_base(political_statuses: Iterable[str | None]) -> int:
    """应到党员: the 正式党员 only (预备党员 are excluded: no 表决权)."""
    return sum(1 for p in political_statuses if (p or "").strip() == FULL_MEMBER)


class BaseKind(StrEnum):
    ADULTS = "adults"
    HOUSEHOLDS = "households"
    GROUP_REPRESENTATIVES = "group_representatives"
    REPRESENTATIVES = "representatives"

    @property
    def label(self) -> str:
        return BASE_LABELS[self]


BASE_LABELS: dict[BaseKind, str] = {
    BaseKind.ADULTS: "全体 18 周岁以上居民",
    BaseKind.HOUSEHOLDS: "每户派代表",
    BaseKind.GROUP_REPRESENTATIVES: "每个居民小组推选 2—3 名代表",
    BaseKind.REPRESENTATIVES: "在任居民代表",
}

# Which bases each kind of assembly may use.
RESIDENTS_MEETING_BASES = (BaseKind.ADULTS, BaseKind.HOUSEHOLDS, BaseKind.GROUP_REPRESENTATIVES)
REPRESENTATIVES_MEETING_BASES = (BaseKind.REPRESENTATIVES,)


def parse_base(value: str) -> BaseKind:
    for b in BaseKind:
        if value in (b.value, b.label):
            return b
    raise UserError(f"不认识的应到人数计算依据：{value}。可选：" + "、".join(b.label for b in BaseKind))


def birth_as_date(birth: str | dt.date | None) -> dt.date | None:
    """A roster birth date as a date; "YYYY-MM" → the last day of that month; None if unknown."""
    if birth is None or birth == "":
        return None
    if isinstance(birth, dt.date):
        return birth
    text = str(birth).strip()
    try:
        if len(text) >= 10:
            return dt.date.fromisoformat(text[:10])
        if len(text) == 7:
            y, m = int(text[:4]), int(text[5:7])
            return dt.date(y, m, calendar.monthrange(y, m)[1])
    except ValueError:
        return None
    return None


def is_adult_on(birth: str | dt.date | None, day: dt.date) -> bool | None:
    """True/False, or None when the birth date is unknown."""
    b = birth_as_date(birth)
    if b is None:
        return None
    return age_on(b, day) >= ADULT_AGE


@dataclass(frozen=True)
class AdultCount:
    adults: int
    unknown: int  # residents without a usable birth date (not counted)


def count_adults(births: Iterable[str | dt.date | None], day: dt.date) -> AdultCount:
    adults = unknown = 0
    for b in births:
        a = is_adult_on(b, day)
        if a is None:
            unknown += 1
        elif a:
            adults += 1
    return AdultCount(adults, unknown)


def group_representatives_base(groups: int, per_group: int) -> int:
    if not 2 <= per_group <= 3:
        raise UserError(f"每个居民小组推选2—3名代表，不能是{per_group}名。")
    return groups * per_group


@dataclass(frozen=True)
class Verdict:
    ok: bool | None  # None: cannot be judged yet
    message: str


def has_quorum(attending: int, base: int) -> bool:
    return base > 0 and attending * 2 > base


def quorum_needed(base: int) -> int:
    return base // 2 + 1


def quorum(attending: int, base: int, base_label: str = "") -> Verdict:
    if base <= 0:
        return Verdict(None, "还没有确定应到人数。")
    what = f"（{base_label}）" if base_label else ""
    need = quorum_needed(base)
    if has_quorum(attending, base):
        return Verdict(True,
                       f"应到{base}人{what}，实到{attending}人，超过半数（至少{need}人），会议有效。")
    return Verdict(False, f"应到{base}人{what}，实到{attending}人，没有超过半数（至少要{need}人；"
                          "恰好一半不够），会议不能作出决定。")


def motion_passes(yes: int, attending: int) -> bool:
    return attending > 0 and yes * 2 > attending


def motion(yes: int, no: int, abstain: int, attending: int, title: str = "") -> Verdict:
    name = f"“{title}”" if title else "表决"
    if attending <= 0:
        return Verdict(None, f"{name}还没有填写到会人数。")
    if min(yes, no, abstain) < 0:
        raise UserError(f"{name}的票数不能是负数。")
    if yes + no + abstain > attending:
        return Verdict(False,
                       f"{name}赞成、反对、弃权合计{yes + no + abstain}票，"
                       f"多于到会的{attending}人，请核对。")
    need = attending // 2 + 1
    if motion_passes(yes, attending):
        return Verdict(True,
                       f"{name}：到会{attending}人，赞成{yes}票，"
                       f"超过到会人数的一半（至少{need}票），通过。")
    return Verdict(False, f"{name}：到会{attending}人，赞成{yes}票，没有超过到会人数的一半"
                          f"（至少要{need}票；恰好一半不算通过），未通过。")


def assembly(base: int, attending: int, yes: int, no: int = 0, abstain: int = 0,
             base_label: str = "", title: str = "") -> Verdict:
    """A 居民(代表)会议 resolution: quorum, then the motion."""
    q = quorum(attending, base, base_label)
    if not q.ok:
        return q
    m = motion(yes, no, abstain, attending, title)
    return Verdict(m.ok, q.message + m.message)


# -- 党员大会 -----------------------------------------------------------------------------

def party_congress_quorum(present: int, members_due: int) -> bool:
    """≥ 2/3 of the members due are present (whole numbers: 20 of 30 meets it)."""
    return members_due > 0 and present * 3 >= members_due * 2


def party_congress(members_due: int, present: int, yes: int) -> Verdict:
    if members_due <= 0:
        return Verdict(None, "还没有填写应到党员人数。")
    need_present = -(-2 * members_due // 3)
    if present > members_due or yes > present:
        return Verdict(False, f"应到{members_due}人，实到{present}人，赞成{yes}票：人数不合，请核对。")
    if not party_congress_quorum(present, members_due):
        return Verdict(False, f"党员大会应到{members_due}人，实到{present}人，不足三分之二"
                              f"（至少要{need_present}人），不能审议。")
    need_yes = members_due // 2 + 1
    if yes * 2 > members_due:
        return Verdict(True, f"党员大会应到{members_due}人，实到{present}人（不少于三分之二）；"
                             f"赞成{yes}票，超过应到党员的一半（至少{need_yes}票），通过。")
    return Verdict(False, f"党员大会应到{members_due}人，实到{present}人；赞成{yes}票，"
                          f"没有超过应到党员的一半（至少要{need_yes}票），未通过。")


# -- 两委会议 ------------------------------------------------------------------------------

def committees_meeting(members: int, present: int, yes: int) -> Verdict:
    if members <= 0:
        return Verdict(None, "还没有填写两委成员人数。")
    if present > members or yes > present:
        return Verdict(False, f"两委成员{members}人，到会{present}人，赞成{yes}票：人数不合，请核对。")
    if not has_quorum(present, members):
        return Verdict(False, f"两委成员{members}人，到会{present}人，没有超过半数"
                              f"（至少要{quorum_needed(members)}人）。")
    if yes * 2 > present:
        return Verdict(True, f"两委成员{members}人，到会{present}人；赞成{yes}票，"
                             "超过到会成员的一半，通过。")
    return Verdict(False, f"两委成员{members}人，到会{present}人；赞成{yes}票，"
                          f"没有超过到会成员的一半（至少要{present // 2 + 1}票），未通过。")


# -- the yearly 居民会议 ----------------------------------------------------------------------

def yearly_meeting_held(meeting_dates: Iterable[str | dt.date | None], year: int) -> bool:
    """Shanghai: a 居民会议 at least once a year."""
    for d in meeting_dates:
        b = birth_as_date(d)  # same parsing: ISO date or year-month
        if b is not None and b.year == year:
            return True
    return False


# -- settings -----------------------------------------------------------------------------

@dataclass
class MeetingSettings:
    """Stored in settings["meetings"]; the numbers DOMAIN.md marks (default)."""

    agenda_days: int = 7  # 居民(代表)会议议程至少提前公布的天数
    publicity_days: int = 7  # 决议公开、实施结果公开不少于的天数
    per_group_representatives: int = 2  # 每个居民小组推选的代表（2—3）

    def to_dict(self) -> dict[str, int]:
        return {"agenda_days": self.agenda_days, "publicity_days": self.publicity_days,
                "per_group_representatives": self.per_group_representatives}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> MeetingSettings:
        out = cls()
        for key in out.to_dict():
            if data and key in data:
                with contextlib.suppress(TypeError, ValueError):
                    setattr(out, key, int(data[key]))
        return out


def days_between(a: str | dt.date | None, b: str | dt.date | None) -> int | None:
    x, y = birth_as_date(a), birth_as_date(b)
    if x is None or y is None:
        return None
    return (y - x).days


def agenda_in_advance(published_on: str | dt.date | None, meeting_on: str | dt.date | None,
                      days: int) -> Verdict:
    """The agenda is published at least `days` calendar days before the meeting."""
    gap = days_between(published_on, meeting_on)
    if gap is None:
        return Verdict(None, "填写议程公布日期和会议日期后才能判断。")
    if gap >= days:
        return Verdict(True, f"议程提前{gap}天公布，不少于{days}天。")
    return Verdict(False, f"议程只提前{gap}天公布，要求至少提前{days}天。")


def posted_long_enough(start: str | dt.date | None, end: str | dt.date | None, days: int,
                       what: str = "公开") -> Verdict:
    """自 A 至 B counts both ends: 11月22日至11月28日 = 7 days (as domain.rules.period_days)."""
    gap = days_between(start, end)
    length = None if gap is None else gap + 1
    if length is None:
        return Verdict(None, f"填写{what}起止日期后才能判断。")
    if length >= days:
        return Verdict(True, f"{what}期（共{length}天），不少于{days}天（首尾两天都算）。")
    return Verdict(False, f"{what}期只有{length}天（首尾两天都算），要求不少于{days}天。")
