"""A session as the domain sees it: its facts, what its current step still needs, the rule
checks and the procedural-compliance score (规范程度, 0–100).

The services gather `SessionFacts` from the store; everything here is pure.

Compliance score (规范程度, 0–100): every rule of the kind has a weight (domain.rules:
3 for what makes the result valid or the record true, 2 by default, 1 for advice); the
score starts at 100 and each judged check loses its share of the kind's total weight —
the whole share when 不符合, half when 需注意, nothing when 符合 or 已说明理由 (a failing
rule overridden with a recorded reason) or not judged yet (待判断, or a step not reached).
So one late notice of a 协调会 costs its share, not the whole score.

Time runs forward: a step held at the meeting (StepDef.at_meeting) cannot be completed
before the meeting's date; a document (纪要, 反馈, 整改计划, 决定) is not dated before
the meeting nor after today; a 结果公示 starts after the meeting (and the decision); and a
session whose last step has a 公示 is 办结 only when the 公示 has ended, or with a reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from . import evaluation as ev
from . import rules as R
from .rules import Result, RuleSettings, Status
from .workflows import CLOSED, RULE_EVALUATORS, Need, StepDef, WorkflowDef, definition
from .workflows.base import NeedKind
from .workflows.meetings import RuleEvaluator

ATTENDANCE = ("出席", "缺席", "请假", "委托")


@dataclass
class ParticipantFact:
    role: str
    attendance: str = ""
    group: str = ""  # the resident's 楼组 name ('' for units, free names)
    name: str = ""


@dataclass
class FollowupFact:
    item: str
    status: str = "未完成"
    deadline: str | None = None
    done_on: str | None = None
    visits: int = 0


@dataclass
class VoteFact:
    motion: str
    base: int | None
    yes: int = 0
    no: int = 0
    abstain: int = 0


@dataclass
class SessionFacts:
    kind: str
    state: str
    today: dt.date  # the day the checks are judged on (the store's clock)
    values: dict[str, Any] = field(default_factory=dict)  # columns and data merged
    participants: list[ParticipantFact] = field(default_factory=list)
    speeches: int = 0
    votes: list[VoteFact] = field(default_factory=list)
    criteria: int = 0
    anonymous_scores: int = 0  # forms counted over every criterion and option (never named)
    followups: list[FollowupFact] = field(default_factory=list)
    overrides: dict[str, str] = field(default_factory=dict)  # rule -> reason
    all_groups: list[str] = field(default_factory=list)  # every 楼组 of the roster
    adults: int = 0  # the roster's adult residents and households (a hearing residents ask for)
    households: int = 0
    # counted from paper forms: each criterion's votes over all its options (they must add up
    # to the valid forms); empty when nothing was counted from paper
    tally_totals: dict[str, int] = field(default_factory=dict)
    proxies_count: bool = False  # the setting: a 委托 counts as present (never for 居民代表)


@dataclass(frozen=True)
class Check:
    rule: str
    title: str
    step: str
    status: str  # rules.Status value
    message: str
    reason: str = ""  # the override's recorded reason

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


def _empty(v: Any) -> bool:
    return v is None or v == "" or v == [] or v is False


def missing_fields(step: StepDef, values: dict[str, Any]) -> list[str]:
    out = []
    for f in step.fields:
        if f.is_required(values) and _empty(values.get(f.key)):
            out.append(("勾选“" + f.label + "”") if f.type == "bool" else ("填写“" + f.label + "”"))
    return out


NeedCheck = Callable[[Need, SessionFacts], list[str]]
# One function per Need.kind (workflows.base.NeedKind): what is still missing, in plain Chinese.
NEED_CHECKS: dict[NeedKind, NeedCheck] = {}


def _need(kind: NeedKind) -> Callable[[NeedCheck], NeedCheck]:
    def register(fn: NeedCheck) -> NeedCheck:
        NEED_CHECKS[kind] = fn
        return fn
    return register


@_need("participants")
def _need_participants(need: Need, facts: SessionFacts) -> list[str]:
    n = sum(1 for p in facts.participants if not need.role or p.role == need.role)
    if n < need.min:
        return [need.message + (f"（现在{n}名）" if n else "")]
    return []


@_need("signin")
def _need_signin(need: Need, facts: SessionFacts) -> list[str]:
    unmarked = [p.name for p in facts.participants if p.attendance not in ATTENDANCE]
    if not facts.participants:
        return ["还没有参会人员，" + need.message]
    if unmarked:
        names = "、".join(unmarked[:5]) + (f"等{len(unmarked)}人" if len(unmarked) > 5 else "")
        return [need.message + "：还没签到的有 " + names]
    return []


@_need("speeches")
def _need_speeches(need: Need, facts: SessionFacts) -> list[str]:
    if facts.speeches < need.min:
        return [need.message]
    return []


@_need("votes")
def _need_votes(need: Need, facts: SessionFacts) -> list[str]:
    if len(facts.votes) < need.min:
        return [need.message]
    return []


@_need("criteria")
def _need_criteria(need: Need, facts: SessionFacts) -> list[str]:
    if facts.criteria < need.min:
        return [need.message]
    return []


@_need("scores")
def _need_scores(need: Need, facts: SessionFacts) -> list[str]:
    if facts.anonymous_scores <= 0:
        return [need.message]
    if ev.per_member(facts.values.get("object_type")):
        return []  # a member nobody rated is shown as 未评, not missing
    empty = [name for name, n in facts.tally_totals.items() if n <= 0]
    if empty:
        return [need.message + "：还没有票数的有 " + "、".join(empty[:5])]
    return []


@_need("publicity_ended")
def _need_publicity_ended(need: Need, facts: SessionFacts) -> list[str]:
    until = publicity_running(facts)
    if until is not None and "publicity_ended" not in facts.overrides:
        return [f"{need.message}：公示到{_cn(until)}结束（首尾两天都算）；"
                "确需提前办结的，请点“说明理由”"]
    return []


@_need("followups")
def _need_followups(need: Need, facts: SessionFacts) -> list[str]:
    if len(facts.followups) < need.min:
        return [need.message]
    return []


@_need("followups_closed")
def _need_followups_closed(need: Need, facts: SessionFacts) -> list[str]:
    open_ = [f.item for f in facts.followups if f.status not in ("已完成", "已取消")]
    if open_:
        return [need.message + "：未完成的有 " + "、".join(open_)]
    return []


@_need("followups_visited")
def _need_followups_visited(need: Need, facts: SessionFacts) -> list[str]:
    nov = [f.item for f in facts.followups if f.visits == 0 and f.status != "已取消"]
    if nov:
        return [need.message + "：还没回访的有 " + "、".join(nov)]
    return []


def missing_needs(step: StepDef, facts: SessionFacts) -> list[str]:
    out: list[str] = []
    for need in step.needs:
        if need.applies(facts.values):
            out += NEED_CHECKS[need.kind](need, facts)
    return out


def _cn(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def not_yet_held(step: StepDef, facts: SessionFacts) -> list[str]:
    """A step held at the meeting cannot be completed before the meeting's date."""
    if not step.at_meeting:
        return []
    day = R._date(facts.values.get("date"))
    if day is None or day <= facts.today:
        return []
    return [f"会议日期是{_cn(day)}，还没到（今天是{_cn(facts.today)}）：会议开过以后才能完成“{step.title}”"]


def publicity_running(facts: SessionFacts) -> dt.date | None:
    """The last day of a 公示 still running today (None when none or it has ended)."""
    until = R._date(facts.values.get("publicity_until"))
    return until if until is not None and facts.today <= until else None


def missing(defn: WorkflowDef, step_key: str, facts: SessionFacts) -> list[str]:
    """What the step still needs before 下一步, each in plain Chinese."""
    step = defn.step(step_key)
    return not_yet_held(step, facts) + missing_fields(step, facts.values) + missing_needs(step, facts)


def _v(facts: SessionFacts, key: str) -> Any:
    return facts.values.get(key)


def _int(v: Any) -> int:
    try:
        return int(v)
    except (TypeError, ValueError):
        return 0


def _rule(key: str) -> Callable[[RuleEvaluator], RuleEvaluator]:
    """Register the function that judges rule `key` (domain.rules.RULES); the rules of the
    居民(代表)会议 register beside their workflow (workflows/meetings.py)."""
    def register(fn: RuleEvaluator) -> RuleEvaluator:
        RULE_EVALUATORS[key] = fn
        return fn
    return register


@_rule("hearing_notice")
def _rule_hearing_notice(facts: SessionFacts, s: RuleSettings) -> Result:
    v = facts.values
    rule = "hearing_notice"
    return R.advance_notice(rule, v.get("notice_posted_on"), v.get("date"), s.hearing_notice_days)


@_rule("coordination_notice")
def _rule_coordination_notice(facts: SessionFacts, s: RuleSettings) -> Result:
    v = facts.values
    rule = "coordination_notice"
    res = R.advance_notice(rule, v.get("notified_on"), v.get("date"), s.coordination_notice_days)
    method = str(v.get("notice_method") or "")
    if method and not method.startswith("书面") and res.status != Status.PENDING:
        return Result(rule, Status.FAIL, f"通知方式是“{method}”，不是书面通知（要求书面通知参会各方）。"
                      + (res.message if res.status == Status.FAIL else "")
                      + "矛盾可能激化、来不及书面通知的，请说明理由。")
    return res


@_rule("evaluation_notice")
def _rule_evaluation_notice(facts: SessionFacts, s: RuleSettings) -> Result:
    v = facts.values
    rule = "evaluation_notice"
    return R.advance_notice(rule, v.get("notified_on"), v.get("date"), s.evaluation_notice_days)


@_rule("hearing_request")
def _rule_hearing_request(facts: SessionFacts, s: RuleSettings) -> Result:
    v = facts.values
    return R.hearing_request(v.get("topic_source"), v.get("request_count"),
                             v.get("request_basis"), facts.adults, facts.households, s)


@_rule("hearing_participants")
def _rule_hearing_participants(facts: SessionFacts, s: RuleSettings) -> Result:
    n = sum(1 for p in facts.participants if p.role == "听证代表")
    return R.participants_range(n, s.hearing_min_participants, s.hearing_max_participants)


@_rule("building_coverage")
def _rule_building_coverage(facts: SessionFacts, _s: RuleSettings) -> Result:
    defn = definition(facts.kind)  # whose 楼组 count, and whether all 楼组 must be covered
    required = list(facts.values.get("affected_groups") or []) or (
        facts.all_groups if defn.coverage_all_groups else [])
    covered = [p.group for p in facts.participants if p.role == defn.coverage_role and p.group]
    return R.building_coverage(required, covered)


@_rule("evaluation_attendance")
def _rule_evaluation_attendance(facts: SessionFacts, s: RuleSettings) -> Result:
    v = facts.values
    rule = "evaluation_attendance"
    if not v.get("by_assembly"):
        return Result(rule, Status.PENDING, "不是由居民代表会议评议，不检查到会比例。")
    reps = [p for p in facts.participants if p.role == "评议代表"]
    due = _int(v.get("representatives_due")) or len(reps)
    # 居民代表 attend in person: a 委托 never counts here (domain.paper.NEVER_BY_PROXY)
    present = sum(1 for p in reps if p.attendance == "出席")
    return R.attendance(present, due, s.evaluation_attendance_num, s.evaluation_attendance_den)


@_rule("vote_majority")
def _rule_vote_majority(facts: SessionFacts, _s: RuleSettings) -> Result:
    rule = "vote_majority"
    if not facts.votes:
        return Result(rule, Status.PENDING, "没有表决。")
    msgs, bad = [], []
    for vote in facts.votes:
        base = vote.base or 0
        if base <= 0:
            bad.append(f"“{vote.motion}”没有填写到会人数")
        elif vote.yes + vote.no + vote.abstain > base:
            bad.append(f"“{vote.motion}”赞成、反对、弃权合计{vote.yes + vote.no + vote.abstain}票，"
                       f"多于到会的{base}人")
        else:
            res = R.majority(vote.yes, base)
            msgs.append(f"“{vote.motion}”：{res.message}")
    if bad:
        return Result(rule, Status.FAIL, "；".join(bad) + "。")
    return Result(rule, Status.PASS, "".join(msgs))


@_rule("publicity_period")
def _rule_publicity_period(facts: SessionFacts, s: RuleSettings) -> Result:
    v = facts.values
    return R.publicity_period(v.get("publicity_from"), v.get("publicity_until"), s.publicity_days)


@_rule("objection_reply")
def _rule_objection_reply(facts: SessionFacts, s: RuleSettings) -> Result:
    v = facts.values
    return R.objection_reply(v.get("objection_received_on"), v.get("objection_answered_on"),
                             facts.today, s)


@_rule("minutes_deadline")
def _rule_minutes_deadline(facts: SessionFacts, s: RuleSettings) -> Result:
    v = facts.values
    return R.minutes_deadline(v.get("date"), v.get("minutes_on"), facts.today, s)


@_rule("feedback_deadline")
def _rule_feedback_deadline(facts: SessionFacts, s: RuleSettings) -> Result:
    v = facts.values
    return R.feedback_deadline(v.get("date"), v.get("feedback_on"), facts.today, s)


@_rule("rectification_deadline")
def _rule_rectification_deadline(facts: SessionFacts, s: RuleSettings) -> Result:
    v = facts.values
    return R.rectification_deadline(v.get("feedback_on"), v.get("plan_on"), facts.today, s)


@_rule("followups_on_time")
def _rule_followups_on_time(facts: SessionFacts, _s: RuleSettings) -> Result:
    return R.followups_on_time([(f.item, f.status, f.deadline, f.done_on) for f in facts.followups],
                               facts.today)


@_rule("forms_consistent")
def _rule_forms_consistent(facts: SessionFacts, _s: RuleSettings) -> Result:
    v = facts.values
    rule = "forms_consistent"
    res = R.forms_consistent(v.get("forms_issued"), v.get("forms_returned"),
                             v.get("forms_valid"), v.get("forms_void"))
    if res.status != Status.PASS or not facts.tally_totals:
        return res
    valid = _int(v.get("forms_valid"))
    members = ev.per_member(v.get("object_type"))  # a member may be left blank: ≤ valid
    off = [f"“{name}”各项合计{n}张" for name, n in facts.tally_totals.items()
           if (n > valid if members else n != valid)]
    if off:
        return Result(rule, Status.FAIL, "、".join(off) + f"，与有效{valid}张不符"
                      "（有效票数可能在录入纸质表后改过）。请核对后改正有效票数，或重新录入纸质表。")
    return Result(rule, Status.PASS, res.message + "每项评议内容的票数合计都等于有效票。")


@_rule("straw_poll")
def _rule_straw_poll(facts: SessionFacts, _s: RuleSettings) -> Result:
    return _straw_poll(facts)


@_rule("decision_after_hearing")
def _rule_decision_after_hearing(facts: SessionFacts, _s: RuleSettings) -> Result:
    return _decision(facts)


@_rule("document_dates")
def _rule_document_dates(facts: SessionFacts, _s: RuleSettings) -> Result:
    return _document_dates(facts)


@_rule("publicity_after_meeting")
def _rule_publicity_after_meeting(facts: SessionFacts, _s: RuleSettings) -> Result:
    return _publicity_after(facts)


@_rule("publicity_ended")
def _rule_publicity_ended(facts: SessionFacts, _s: RuleSettings) -> Result:
    return _publicity_ended(facts)


def evaluate_rule(rule: str, facts: SessionFacts, s: RuleSettings) -> Result:
    try:
        judge = RULE_EVALUATORS[rule]
    except KeyError:
        raise ValueError(f"unknown rule {rule}") from None
    return judge(facts, s)


def _straw_poll(facts: SessionFacts) -> Result:
    """A hearing's vote shows opinion: counts are recorded, nothing is 通过 (办法 art. 4)."""
    rule = "straw_poll"
    if not facts.votes:
        return Result(rule, Status.PENDING, "没有进行意向性表决（可以不表决）。")
    bad = [x.motion for x in facts.votes if x.base and x.yes + x.no + x.abstain > x.base]
    if bad:
        return Result(rule, Status.FAIL, "以下意向性表决的票数多于到会人数：" + "、".join(bad) + "。")
    parts = [f"“{x.motion}”赞成{x.yes}、反对{x.no}、弃权{x.abstain}"
             + (f"（到会{x.base}人）" if x.base else "")
             for x in facts.votes]
    return Result(rule, Status.PASS, "意向性表决：" + "；".join(parts) + "。只表明意向，不作决定。")


# Document dates per kind: (field, what it is), each on or after the meeting and not after today.
DOCUMENT_DATES: dict[str, tuple[tuple[str, str], ...]] = {
    "hearing": (("minutes_on", "纪要完成日期"),),
    "evaluation": (("feedback_on", "反馈日期"), ("plan_on", "整改计划提交日期")),
    "residents_meeting": (("minutes_on", "纪要完成日期"),),
    "representatives_meeting": (("minutes_on", "纪要完成日期"),),
}


def _document_dates(facts: SessionFacts) -> Result:
    rule = "document_dates"
    meeting = R._date(facts.values.get("date"))
    keys = DOCUMENT_DATES.get(facts.kind, ())
    filled = [(label, R._date(facts.values.get(k))) for k, label in keys if R._date(facts.values.get(k))]
    if meeting is None or not filled:
        return Result(rule, Status.PENDING, "填写会议日期和文书日期后才能判断。")
    bad = []
    for label, d in filled:
        assert d is not None
        if d < meeting:
            bad.append(f"{label}{_cn(d)}早于会议日期{_cn(meeting)}")
        elif d > facts.today:
            bad.append(f"{label}{_cn(d)}还没到（今天是{_cn(facts.today)}）")
    if bad:
        return Result(rule, Status.FAIL, "；".join(bad) + "。文书记录的是已经开过的会，请核对日期。")
    return Result(rule, Status.PASS, "文书日期都在会议之后、今天之前。")


def _decision(facts: SessionFacts) -> Result:
    from .workflows.hearing import BODY_SOURCES, deciding_body

    rule = "decision_after_hearing"
    body = deciding_body(facts.values)
    on, meeting = R._date(facts.values.get("decided_on")), R._date(facts.values.get("date"))
    if not body or on is None:
        return Result(rule, Status.PENDING, "填写决定机构和决定日期后才能判断。")
    if meeting is not None and on < meeting:
        return Result(rule, Status.FAIL, f"决定日期{_cn(on)}早于听证会{_cn(meeting)}：先听证，后决定。")
    if on > facts.today:
        return Result(rule, Status.FAIL,
                      f"决定日期{_cn(on)}还没到（今天是{_cn(facts.today)}）：作出决定后再记录。")
    return Result(rule, Status.PASS, f"由{body}于{_cn(on)}决定。依据：{BODY_SOURCES.get(body, body)}。")


def _publicity_after(facts: SessionFacts) -> Result:
    rule = "publicity_after_meeting"
    start = R._date(facts.values.get("publicity_from"))
    meeting = R._date(facts.values.get("date"))
    decided = R._date(facts.values.get("decided_on"))
    if start is None or meeting is None:
        return Result(rule, Status.PENDING, "填写会议日期和公示开始日期后才能判断。")
    if start < meeting:
        return Result(rule, Status.FAIL,
                      f"公示从{_cn(start)}开始，早于会议日期{_cn(meeting)}：结果要在会后公示。")
    if decided is not None and start < decided:
        return Result(rule, Status.FAIL,
                      f"公示从{_cn(start)}开始，早于决定日期{_cn(decided)}：公示的是决定的结果。")
    return Result(rule, Status.PASS, f"公示从{_cn(start)}开始，在会议之后。")


def _publicity_ended(facts: SessionFacts) -> Result:
    rule = "publicity_ended"
    until = R._date(facts.values.get("publicity_until"))
    if until is None:
        return Result(rule, Status.PENDING, "填写公示结束日期后才能判断。")
    if facts.today > until:
        return Result(rule, Status.PASS, f"公示已于{_cn(until)}期满。")
    if facts.state == CLOSED or _last_step_with(facts, rule):
        return Result(rule, Status.WARN, f"公示到{_cn(until)}才结束（首尾两天都算），期满后才能办结；"
                                         "确需提前办结的，请说明理由。")
    return Result(rule, Status.PENDING, f"公示到{_cn(until)}结束。")


def _last_step_with(facts: SessionFacts, rule: str) -> bool:
    defn = definition(facts.kind)
    return facts.state in defn.step_keys() and rule in defn.step(facts.state).rules


def checks(defn: WorkflowDef, facts: SessionFacts, settings: RuleSettings) -> list[Check]:
    """Every rule of the steps reached so far (the current one included)."""
    reached = defn.index(facts.state) if facts.state != CLOSED else len(defn.steps) - 1
    out: list[Check] = []
    seen: set[str] = set()
    for i, step in enumerate(defn.steps):
        if i > reached:
            break
        for rule in step.rules:
            if rule in seen:
                continue
            seen.add(rule)
            res = evaluate_rule(rule, facts, settings)
            status, reason = res.status, ""
            info = R.RULES[rule]
            if status in (Status.FAIL, Status.WARN) and rule in facts.overrides and info.overridable:
                status, reason = Status.OVERRIDDEN, facts.overrides[rule]
            out.append(Check(rule, info.title, step.key, str(status), res.message, reason))
    return out


COMPLIANCE_HELP = (
    "规范程度满分100。这类会议的每一项检查按轻重占一份：决定会议是否有效、记录是否真实的（提前通知、"
    "到会人数和表决、票数、日期先后、决定机构）占3份，一般的占2份，提醒性的（代表人数、联名比例、"
    "异议答复、意向性表决）占1份。“不符合”扣掉整份，“需注意”扣一半，“符合”“已说明理由”和还不能"
    "判断的不扣。所以一项通知晚了只扣它那一份，不会变成0分。")

CREDIT = {Status.PASS: 1.0, Status.OVERRIDDEN: 1.0, Status.WARN: 0.5, Status.FAIL: 0.0,
          Status.PENDING: 1.0}


def weight(rule: str) -> int:
    info = R.RULES.get(rule)
    return info.weight if info is not None else 2


def compliance(results: list[Check], defn: WorkflowDef | None = None) -> int:
    """100 minus each judged check's lost share of the kind's total weight (see the module
    docstring); without `defn` the total is that of the checks given."""
    rules = defn.all_rules() if defn is not None else [c.rule for c in results]
    total = sum(weight(r) for r in dict.fromkeys(rules + [c.rule for c in results]))
    if total <= 0:
        return 100
    lost = sum(weight(c.rule) * (1.0 - CREDIT[Status(c.status)]) for c in results)
    return max(0, round(100 * (1 - lost / total)))


def step_states(defn: WorkflowDef, state: str) -> list[tuple[str, str, str]]:
    """(key, title, 'done' | 'current' | 'todo') for the step list."""
    cur = defn.index(state)
    out = []
    for i, s in enumerate(defn.steps):
        out.append((s.key, s.title, "done" if i < cur else "current" if i == cur else "todo"))
    return out


def blocking(results: list[Check], step_key: str) -> list[Check]:
    """Failing checks of this step (warnings and overridden ones do not block)."""
    return [c for c in results if c.step == step_key and c.status == Status.FAIL]
