"""The procedural rules of the 三会, each a pure function with a plain-Chinese explanation.

Every number that DOMAIN.md marks as a default lives in `RuleSettings`; the services store
it in settings under the key "rules" so the director can change it. A rule that fails can be
overridden only with a recorded reason (table rule_overrides); the minutes and ledgers show it.

Conventions (chosen here, tested in tests/test_rules.py):
- "N days before": the meeting date minus the posting date is at least N calendar days
  (posted 2026-11-19 for a meeting on 2026-11-29 is exactly 10 days: passes).
- "within N days / working days": the last allowed day is the start date plus N (working)
  days; that day itself is still in time.
- Working days come from the `chinese-calendar` package (China's statutory holidays and the
  调休 weekends, published by the State Council each year); the director's lists
  `holidays` and `workdays` override it day by day. For a year the package does not know
  yet (it is updated once the next year's 调休 is announced) Monday to Friday is used and
  `calendar_warning` says so, so a deadline there may be off by the 调休.
- 公示期 "自 A 至 B" counts both ends: (B - A) + 1 days, as committees write it —
  "公示期7天（11月22日至11月28日）" is 7 days and prints "（共 7 天）" (`period_days`,
  `period_text`). Every 公示/公开 period in the app is counted by these two functions.
- Majority is strictly more than half: exactly half fails.
- Shares (2/3) are compared in whole numbers: 20 of 30 present is exactly 2/3 and passes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any

from .dates import as_date


@dataclass
class RuleSettings:
    """The defaults (DOMAIN.md "(default)" numbers). Stored in settings["rules"]."""

    hearing_notice_days: int = 10  # 听证会公告至少提前的天数
    coordination_notice_days: int = 7  # 协调会书面通知至少提前的天数
    evaluation_notice_days: int = 3  # 评议会通知至少提前的天数（本地惯例）
    hearing_min_participants: int = 30  # 听证代表人数下限（提醒）
    hearing_max_participants: int = 50  # 听证代表人数上限（提醒）
    hearing_request_share_num: int = 1  # 居民申请听证：成年居民或户数的 1/5
    hearing_request_share_den: int = 5
    evaluation_attendance_num: int = 2  # 居民代表会议评议：到会不少于 2/3
    evaluation_attendance_den: int = 3
    publicity_days: int = 7  # 公示期不少于 7 天
    minutes_working_days: int = 7  # 听证纪要：会后 7 个工作日内
    feedback_days: int = 10  # 评议结果反馈评议对象：会后 10 天内
    rectification_working_days: int = 15  # 整改计划：反馈后 15 个工作日内
    objection_reply_days: int = 3  # 公示期内的异议：3 天内答复
    holidays: list[str] = field(default_factory=list)  # 法定节假日（YYYY-MM-DD）
    workdays: list[str] = field(default_factory=list)  # 调休上班的周末（YYYY-MM-DD）
    # 委托 counts as present (off by default: the law counts those 出席; never for 居民代表)
    proxies_count: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> RuleSettings:
        out = cls()
        if not data:
            return out
        for f in fields(cls):
            if f.name not in data or data[f.name] is None:
                continue
            value = data[f.name]
            if f.name in ("holidays", "workdays"):
                setattr(out, f.name, [str(v) for v in value])
            elif f.name == "proxies_count":
                out.proxies_count = value is True
            else:
                try:
                    setattr(out, f.name, int(value))
                except (TypeError, ValueError):
                    continue
        return out


# Labels for the settings page: key -> (label, unit).
SETTING_LABELS: dict[str, tuple[str, str]] = {
    "hearing_notice_days": ("听证会公告至少提前", "天"),
    "coordination_notice_days": ("协调会通知至少提前", "天"),
    "evaluation_notice_days": ("评议会通知至少提前", "天"),
    "hearing_min_participants": ("听证代表人数下限", "人"),
    "hearing_max_participants": ("听证代表人数上限", "人"),
    "hearing_request_share_num": ("居民提议听证的联名比例（分子）", ""),
    "hearing_request_share_den": ("居民提议听证的联名比例（分母）", ""),
    "evaluation_attendance_num": ("居民代表会议评议到会比例（分子）", ""),
    "evaluation_attendance_den": ("居民代表会议评议到会比例（分母）", ""),
    "publicity_days": ("公示期不少于", "天"),
    "minutes_working_days": ("听证纪要完成期限", "个工作日"),
    "feedback_days": ("评议结果反馈期限", "天"),
    "rectification_working_days": ("整改计划提交期限", "个工作日"),
    "objection_reply_days": ("异议答复期限", "天"),
}


class Status(StrEnum):
    PASS = "pass"  # 符合
    FAIL = "fail"  # 不符合
    WARN = "warn"  # 提醒（不影响继续，但计入规范程度）
    PENDING = "pending"  # 还不能判断（资料未填）
    OVERRIDDEN = "overridden"  # 不符合，但已记录理由


STATUS_LABELS = {Status.PASS: "符合", Status.FAIL: "不符合", Status.WARN: "需注意",
                 Status.PENDING: "待判断", Status.OVERRIDDEN: "已说明理由"}


@dataclass(frozen=True)
class Result:
    """One rule's verdict, with the explanation a new staff member can act on."""

    rule: str
    status: Status
    message: str

    @property
    def ok(self) -> bool | None:
        if self.status == Status.PENDING:
            return None
        return self.status in (Status.PASS, Status.OVERRIDDEN)


@dataclass(frozen=True)
class RuleInfo:
    key: str
    title: str
    explanation: str  # what the rule asks, in plain Chinese
    source: str  # 《》 titles of laws and rules, or 本地惯例
    overridable: bool = True
    weight: int = 2  # its share of the 规范程度 (see domain.sessions.compliance)

    def __post_init__(self) -> None:
        if self.key in WEIGHTS:
            object.__setattr__(self, "weight", WEIGHTS[self.key])


# Weights in the 规范程度 (default 2): 3 for what makes a meeting's result valid or its
# record true (notice in time, quorum/majority, counts, dates in order, who decided);
# 1 for advice (participant numbers, the request share, an objection's reply, the straw poll).
WEIGHTS: dict[str, int] = {
    "hearing_participants": 1, "objection_reply": 1, "straw_poll": 1, "hearing_request": 1,
    "forms_consistent": 3, "document_dates": 3, "publicity_after_meeting": 3, "decision_after_hearing": 3,
    "hearing_notice": 3, "coordination_notice": 3, "evaluation_notice": 3, "evaluation_attendance": 3,
    "vote_majority": 3,
}

RULES: dict[str, RuleInfo] = {r.key: r for r in [
    RuleInfo("hearing_notice", "听证会提前公告",
             "听证会公告（时间、地点、事项、报名方式）应在开会前至少{hearing_notice_days}天张贴。",
             "《上海市居民区听证会、协调会、评议会制度试行办法》；天数为本地惯例（可在设置中修改）"),
    RuleInfo("coordination_notice", "协调会提前通知",
             "协调会应在开会前至少{coordination_notice_days}天书面通知参会各方；"
             "矛盾可能激化时可以随时召开，但要记录理由。",
             "《上海市居民区听证会、协调会、评议会制度试行办法》；天数为本地惯例（可在设置中修改）"),
    RuleInfo("evaluation_notice", "评议会提前通知",
             "评议会应在开会前至少{evaluation_notice_days}天通知评议代表和评议对象。",
             "本地惯例（可在设置中修改）"),
    RuleInfo("hearing_request", "居民提议联名人数",
             "居民提议召开听证会，联名的应不少于本居住地区成年居民或户数的 "
             "{hearing_request_share_num}/{hearing_request_share_den}；不足时居委会仍可以决定召开，"
             "但应写明理由。",
             "《上海市居民区听证会、协调会、评议会制度试行办法》（居民提议）；比例为本地惯例（可在设置中修改）"),
    RuleInfo("hearing_participants", "听证代表人数",
             "听证代表一般为{hearing_min_participants}—{hearing_max_participants}人；"
             "人数过少代表性不足，过多难以充分发言。",
             "本地惯例（可在设置中修改）"),
    RuleInfo("building_coverage", "楼组覆盖",
             "受影响的每个楼组至少要有一名代表参加，居民意见才有代表性。",
             "《上海市居民区听证会、协调会、评议会制度试行办法》（听证代表应包括利益相关居民）"),
    RuleInfo("evaluation_attendance", "评议到会人数",
             "由居民代表会议评议时，到会的居民代表应不少于应到人数的 "
             "{evaluation_attendance_num}/{evaluation_attendance_den}。",
             "《上海市居民区听证会、协调会、评议会制度试行办法》；比例为本地惯例（可在设置中修改）"),
    RuleInfo("vote_majority", "表决过半数",
             "表决通过需要赞成票超过到会人数的一半（恰好一半不算通过）。",
             "《中华人民共和国城市居民委员会组织法》"),
    RuleInfo("publicity_period", "公示期",
             "结果公示期不少于{publicity_days}天（自张贴之日至撤下之日，首尾两天都算）。",
             "《上海市居民委员会工作条例》（居务公开）；天数为本地惯例（可在设置中修改）"),
    RuleInfo("objection_reply", "异议答复",
             "公示期内收到的异议应在{objection_reply_days}天内答复。",
             "本地惯例（可在设置中修改）"),
    RuleInfo("minutes_deadline", "纪要按时完成",
             "听证纪要应在会后{minutes_working_days}个工作日内完成并由主持人和代表签字。",
             "《上海市居民区听证会、协调会、评议会制度试行办法》；期限为本地惯例（可在设置中修改）"),
    RuleInfo("feedback_deadline", "评议结果按时反馈",
             "评议结果应在会后{feedback_days}天内反馈给评议对象。",
             "《上海市居民区听证会、协调会、评议会制度试行办法》；期限为本地惯例（可在设置中修改）"),
    RuleInfo("rectification_deadline", "整改计划按时提交",
             "评议对象应在收到反馈后{rectification_working_days}个工作日内提交书面整改计划"
             "（承诺制）。",
             "黄浦区“三会三制”做法；期限为本地惯例（可在设置中修改）"),
    RuleInfo("followups_on_time", "跟踪事项按期落实",
             "每一项协议条款或整改承诺都要有责任方和期限，并在期限内完成；逾期的要回访督促。",
             "黄浦区“三会三制”（责任制、承诺制）"),
    RuleInfo("straw_poll", "意向性表决",
             "听证会可以进行意向性表决：只记录赞成、反对、弃权的票数，表明与会者的意向，不作决定、"
             "不说“通过”；决定由“决定”一步写明的机构作出。",
             "《上海市居民区听证会、协调会、评议会制度试行办法》第四条（听证会广泛讨论，并提出具体意见）",
             overridable=False),
    RuleInfo("decision_after_hearing", "决定机构和日期",
             "听证会之后由有权决定的机构作出决定，决定日期不早于听证会、不晚于今天；公共收益使用、"
             "加装电梯等由业主共同决定。",
             "《中华人民共和国城市居民委员会组织法》；《中华人民共和国民法典》第二百七十八条、第二百八十二条",
             overridable=False),
    RuleInfo("document_dates", "文书日期在会议之后",
             "纪要、反馈、整改计划等文书记录的是会议，日期不能早于会议日期，也不能晚于今天。",
             "本地惯例（先开会、后成文：文书记录的是已经开过的会）", overridable=False),
    RuleInfo("publicity_after_meeting", "公示在会后",
             "结果公示公布的是会议（和决定）的结果，开始日期不能早于会议日期（听证会还不能早于决定日期）。",
             "《上海市居民委员会工作条例》（居务公开）", overridable=False),
    RuleInfo("publicity_ended", "公示期满后办结",
             "公示期结束后才能办结；确需提前办结的，要写明理由。",
             "《上海市居民委员会工作条例》（居务公开）"),
    RuleInfo("forms_consistent", "评议票数相符",
             "有效票加无效票应等于收回票数，收回票数不能多于发出票数；"
             "按纸质评议表录入的，每项评议内容各选项的票数合计应等于有效票数。",
             "《上海市居民区听证会、协调会、评议会制度试行办法》（当场公开计票）", overridable=False),
]}


def explain(rule: str, settings: RuleSettings) -> str:
    """The rule's explanation with the current numbers filled in."""
    return RULES[rule].explanation.format(**settings.to_dict())


# -- dates ----------------------------------------------------------------------------------

_date = as_date  # the rules' own short name for it


def _calendar_says(day: dt.date) -> bool | None:
    """The chinese-calendar package's verdict, or None when it does not know the year."""
    try:
        import chinese_calendar  # type: ignore[import-untyped]  # ships no type information
    except ImportError:  # pragma: no cover - a dependency; Monday to Friday without it
        return None
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:  # a year not published yet
        return None


def calendar_knows(year: int) -> bool:
    return _calendar_says(dt.date(year, 1, 1)) is not None


def calendar_warning(today: dt.date, settings: RuleSettings | None = None) -> str:
    """A warning when the calendar does not know this or next year's 调休 and the director
    has not typed that year's holidays in (empty when all is known)."""
    s = settings or RuleSettings()
    for year in (today.year, today.year + 1):
        typed = any(d.startswith(str(year)) for d in s.holidays + s.workdays)
        if not calendar_knows(year) and not typed:
            return (f"内置的节假日日历还没有{year}年的放假和调休安排："
                    f"{year}年的“工作日”期限暂按周一至周五计算。"
                    f"请在“程序规则设置”里填写{year}年的法定节假日和调休上班日（国务院办公厅公布后），"
                    "或升级本程序。")
    return ""


def _after(a: dt.date | None, b: dt.date | None) -> bool:
    """a is a later day than b (False when either is unknown)."""
    return a is not None and b is not None and a > b


def is_working_day(day: dt.date, settings: RuleSettings | None = None) -> bool:
    s = settings or RuleSettings()
    iso = day.isoformat()
    if iso in s.workdays:  # the director's list overrides the calendar
        return True
    if iso in s.holidays:
        return False
    known = _calendar_says(day)
    return known if known is not None else day.weekday() < 5


def add_working_days(start: dt.date, n: int, settings: RuleSettings | None = None) -> dt.date:
    """The n-th working day after `start` (start itself does not count)."""
    day = start
    left = n
    while left > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day, settings):
            left -= 1
    return day


def cn(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# -- the rules ------------------------------------------------------------------------------

def advance_notice(rule: str, notified_on: Any, meeting_on: Any, days: int) -> Result:
    """Posted/notified at least `days` calendar days before the meeting."""
    n, m = _date(notified_on), _date(meeting_on)
    if n is None or m is None:
        return Result(rule, Status.PENDING, "填写通知（张贴）日期和会议日期后才能判断。")
    gap = (m - n).days
    if gap >= days:
        return Result(rule, Status.PASS, f"{cn(n)}通知，距开会{gap}天，不少于{days}天。")
    latest = m - dt.timedelta(days=days)
    return Result(rule, Status.FAIL,
                  f"{cn(n)}通知，距开会只有{gap}天，要求至少{days}天（最晚应在{cn(latest)}通知）。")


def participants_range(count: int, low: int, high: int) -> Result:
    rule = "hearing_participants"
    if count <= 0:
        return Result(rule, Status.PENDING, "还没有听证代表。")
    if low <= count <= high:
        return Result(rule, Status.PASS, f"听证代表{count}人，在{low}—{high}人之间。")
    if count < low:
        return Result(rule, Status.WARN,
                      f"听证代表只有{count}人，一般应不少于{low}人，还差{low - count}人。")
    return Result(rule, Status.WARN, f"听证代表有{count}人，一般不超过{high}人，多了{count - high}人。")


def building_coverage(required: list[str], covered: list[str]) -> Result:
    rule = "building_coverage"
    if not required:
        return Result(rule, Status.PENDING, "还没有选择涉及的楼组。")
    if not covered:
        return Result(rule, Status.PENDING, "还没有居民代表参加，添加后检查楼组覆盖。")
    have = set(covered)
    missing = [g for g in required if g not in have]
    if not missing:
        return Result(rule, Status.PASS, f"涉及的{len(required)}个楼组都有代表参加。")
    return Result(rule, Status.FAIL, "以下楼组还没有代表：" + "、".join(missing) + "。")


def share_at_least(present: int, due: int, num: int, den: int) -> bool:
    """present / due >= num / den, in whole numbers (no rounding)."""
    return present * den >= num * due


def attendance(present: int, due: int, num: int, den: int) -> Result:
    rule = "evaluation_attendance"
    if due <= 0:
        return Result(rule, Status.PENDING, "还没有应到的居民代表。")
    need = -(-num * due // den)  # ceil
    if share_at_least(present, due, num, den):
        return Result(rule, Status.PASS,
                      f"应到{due}人，实到{present}人，达到{num}/{den}（至少{need}人）。")
    return Result(rule, Status.FAIL,
                  f"应到{due}人，实到{present}人，不足{num}/{den}（至少要{need}人，"
                  f"还差{need - present}人）。"
                  "评议结果可能不被认可，可改期或补充通知。")


def majority(yes: int, base: int) -> Result:
    """Passes with yes > base / 2, strictly."""
    rule = "vote_majority"
    if base <= 0:
        return Result(rule, Status.PENDING, "还没有填写到会人数。")
    need = base // 2 + 1
    if yes * 2 > base:
        return Result(rule, Status.PASS, f"到会{base}人，赞成{yes}票，超过半数（至少{need}票），通过。")
    return Result(rule, Status.FAIL,
                  f"到会{base}人，赞成{yes}票，没有超过半数（至少要{need}票；"
                  "恰好一半不算通过），未通过。")


def passes_majority(yes: int, base: int) -> bool:
    return base > 0 and yes * 2 > base


def period_days(start: Any, end: Any) -> int | None:
    """Days of a 公示/公开 period 自 start 至 end, both ends counted (11-22..11-28 = 7)."""
    a, b = _date(start), _date(end)
    if a is None or b is None:
        return None
    return (b - a).days + 1


def period_text(start: Any, end: Any) -> str:
    """"自2026年11月22日至2026年11月28日（共 7 天）" — the one way a period is printed."""
    a, b, n = _date(start), _date(end), period_days(start, end)
    if a is None or b is None or n is None:
        return ""
    return f"自{cn(a)}至{cn(b)}（共{n}天）"


def publicity_period(start: Any, end: Any, days: int) -> Result:
    rule = "publicity_period"
    a, b = _date(start), _date(end)
    if a is None or b is None:
        return Result(rule, Status.PENDING, "填写公示起止日期后才能判断。")
    length = (b - a).days + 1
    if length <= 0:
        return Result(rule, Status.FAIL, f"公示结束日期{cn(b)}早于开始日期{cn(a)}，请核对。")
    if length >= days:
        return Result(rule, Status.PASS, f"公示期{period_text(a, b)}，不少于{days}天（首尾两天都算）。")
    return Result(rule, Status.FAIL,
                  f"公示期{period_text(a, b)}，至少要{days}天（首尾两天都算）"
                  f"（最早到{cn(a + dt.timedelta(days=days - 1))}才能撤下）。")


def deadline(rule: str, what: str, start: Any, done: Any, n: int, today: Any,
             settings: RuleSettings | None = None, working: bool = False) -> Result:
    """`what` must be done within n (working) days of `start`; pending until due."""
    s = _date(start)
    if s is None:
        return Result(rule, Status.PENDING, f"还不能判断{what}的期限（缺少起算日期）。")
    due = add_working_days(s, n, settings) if working else s + dt.timedelta(days=n)
    unit = "个工作日" if working else "天"
    if working and not calendar_knows(due.year) and not any(
            x.startswith(str(due.year)) for x in (settings or RuleSettings()).holidays):
        unit += f"，{due.year}年调休未知，按周一至周五计"
    d = _date(done)
    if d is not None:
        if d <= due:
            return Result(rule, Status.PASS, f"{what}于{cn(d)}完成，在期限{cn(due)}之内（{n}{unit}）。")
        late = (d - due).days
        return Result(rule, Status.FAIL,
                      f"{what}于{cn(d)}完成，超过期限{cn(due)} {late}天（要求{n}{unit}内）。")
    t = _date(today)
    if t is not None and t > due:
        return Result(rule, Status.FAIL, f"{what}的期限是{cn(due)}，已经过期{(t - due).days}天还没有完成。")
    return Result(rule, Status.PENDING, f"{what}应在{cn(due)}前完成（{n}{unit}内）。")


def minutes_deadline(meeting_on: Any, minutes_on: Any, today: Any, settings: RuleSettings) -> Result:
    return deadline("minutes_deadline", "听证纪要", meeting_on, minutes_on,
                    settings.minutes_working_days, today, settings, working=True)


def feedback_deadline(meeting_on: Any, feedback_on: Any, today: Any, settings: RuleSettings) -> Result:
    return deadline("feedback_deadline", "评议结果反馈", meeting_on, feedback_on,
                    settings.feedback_days, today, settings)


def rectification_deadline(feedback_on: Any, plan_on: Any, today: Any,
                           settings: RuleSettings) -> Result:
    return deadline("rectification_deadline", "整改计划", feedback_on, plan_on,
                    settings.rectification_working_days, today, settings, working=True)


def objection_reply(received_on: Any, answered_on: Any, today: Any, settings: RuleSettings) -> Result:
    if _date(received_on) is None:
        return Result("objection_reply", Status.PENDING, "公示期内没有收到异议。")
    return deadline("objection_reply", "异议答复", received_on, answered_on,
                    settings.objection_reply_days, today, settings)


def is_overdue(status: str, due: Any, today: Any) -> bool:
    """A follow-up item is overdue when it is still open after its deadline day."""
    d, t = _date(due), _date(today)
    return status in ("未完成", "进行中") and d is not None and t is not None and t > d


def followups_on_time(items: list[tuple[str, str, Any, Any]], today: Any) -> Result:
    """items: (item text, status, deadline, done_on)."""
    rule = "followups_on_time"
    if not items:
        return Result(rule, Status.PENDING, "还没有跟踪事项。")
    no_deadline = [i for i, _s, d, _x in items if _date(d) is None]
    overdue = [i for i, s, d, _x in items if is_overdue(s, d, today)]
    late = [i for i, s, d, x in items if s == "已完成" and _after(_date(x), _date(d))]
    problems = []
    if no_deadline:
        problems.append("没有期限：" + "、".join(no_deadline))
    if overdue:
        problems.append("已逾期未完成：" + "、".join(overdue))
    if late:
        problems.append("逾期后才完成：" + "、".join(late))
    if problems:
        return Result(rule, Status.FAIL, "；".join(problems) + "。")
    return Result(rule, Status.PASS, f"{len(items)}项跟踪事项都有期限，没有逾期。")


def forms_consistent(issued: Any, returned: Any, valid: Any, void: Any) -> Result:
    rule = "forms_consistent"
    try:
        i, r, v, x = (int(issued), int(returned), int(valid), int(void or 0))
    except (TypeError, ValueError):
        return Result(rule, Status.PENDING, "填写发出、收回、有效、无效票数后才能判断。")
    if r > i:
        return Result(rule, Status.FAIL, f"收回{r}张，多于发出的{i}张，请核对。")
    if v + x != r:
        return Result(rule, Status.FAIL,
                      f"有效{v}张加无效{x}张等于{v + x}张，与收回的{r}张不符，请核对。")
    return Result(rule, Status.PASS, f"发出{i}张，收回{r}张，有效{v}张，无效{x}张，票数相符。")


HOUSEHOLD_BASIS = "户数"


def hearing_request(source: Any, requesters: Any, basis: Any, adults: int, households: int,
                    settings: RuleSettings) -> Result:
    """A hearing asked for by residents: did enough of them sign (default 1/5 of the adult
    residents, or of the households when they signed one per household)?"""
    rule = "hearing_request"
    if source != "居民提议":
        return Result(rule, Status.PENDING, "议题不是居民提议的，不检查联名人数。")
    try:
        n = int(requesters)
    except (TypeError, ValueError):
        return Result(rule, Status.PENDING, "填写联名提议的人数后才能判断。")
    by_household = basis == HOUSEHOLD_BASIS
    base, unit, whom = (households, "户", "户数") if by_household else (adults, "人", "成年居民")
    num, den = settings.hearing_request_share_num, settings.hearing_request_share_den
    if base <= 0:
        return Result(rule, Status.PENDING, f"花名册里还没有在册的{whom}，无法计算{num}/{den}。")
    need = -(-num * base // den)  # ceil
    if request_share_met(n, base, settings):
        return Result(rule, Status.PASS, f"联名{n}{unit}，达到{whom}{base}{unit}的{num}/{den}"
                                         f"（至少{need}{unit}）。")
    return Result(rule, Status.WARN, f"联名{n}{unit}，不足{whom}{base}{unit}的{num}/{den}"
                                     f"（至少{need}{unit}，还差{need - n}{unit}）。"
                                     "居委会仍决定召开的，"
                                     "请点“说明理由”写明。")


def request_share_met(requesters: int, base: int, settings: RuleSettings) -> bool:
    """Did enough adults/households ask for a hearing (default 1/5)?"""
    return base > 0 and share_at_least(requesters, base, settings.hearing_request_share_num,
                                       settings.hearing_request_share_den)
