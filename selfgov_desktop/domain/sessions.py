"""A session as the domain sees it: its facts, what its current step still needs, the rule
checks and the procedural-compliance score (规范程度, 0–100).

The services gather `SessionFacts` from the store; everything here is pure.

Compliance score: every check that can be judged counts; 符合 and 已说明理由 (overridden
with a recorded reason) count 1, 需注意 (a warning such as too few hearing
representatives) counts ½, 不符合 counts 0; score = round(100 × credit ÷ judged). Checks
that cannot be judged yet (待判断) do not count; with nothing judged the score is 100.
Rules of steps not reached yet are not judged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from . import evaluation as ev
from . import rules as R
from .rules import Result, RuleSettings, Status
from .workflows import CLOSED, RULE_EVALUATORS, StepDef, WorkflowDef

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


def missing_needs(step: StepDef, facts: SessionFacts) -> list[str]:
    out = []
    for need in step.needs:
        if not need.applies(facts.values):
            continue
        k = need.kind
        if k == "participants":
            n = sum(1 for p in facts.participants if not need.role or p.role == need.role)
            if n < need.min:
                out.append(need.message + (f"（现在 {n} 名）" if n else ""))
        elif k == "signin":
            unmarked = [p.name for p in facts.participants if p.attendance not in ATTENDANCE]
            if not facts.participants:
                out.append("还没有参会人员，" + need.message)
            elif unmarked:
                names = "、".join(unmarked[:5]) + (f"等 {len(unmarked)} 人" if len(unmarked) > 5 else "")
                out.append(need.message + "：还没签到的有 " + names)
        elif k == "speeches":
            if facts.speeches < need.min:
                out.append(need.message)
        elif k == "votes":
            if len(facts.votes) < need.min:
                out.append(need.message)
        elif k == "criteria":
            if facts.criteria < need.min:
                out.append(need.message)
        elif k == "scores":
            if facts.anonymous_scores <= 0:
                out.append(need.message)
                continue
            if ev.per_member(facts.values.get("object_type")):
                continue  # a member nobody rated is shown as 未评, not missing
            empty = [name for name, n in facts.tally_totals.items() if n <= 0]
            if empty:
                out.append(need.message + "：还没有票数的有 " + "、".join(empty[:5]))
        elif k == "followups":
            if len(facts.followups) < need.min:
                out.append(need.message)
        elif k == "followups_closed":
            open_ = [f.item for f in facts.followups if f.status not in ("已完成", "已取消")]
            if open_:
                out.append(need.message + "：未完成的有 " + "、".join(open_))
        elif k == "followups_visited":
            nov = [f.item for f in facts.followups if f.visits == 0 and f.status != "已取消"]
            if nov:
                out.append(need.message + "：还没回访的有 " + "、".join(nov))
        else:  # pragma: no cover - a definition error
            raise ValueError(f"unknown need {k}")
    return out


def missing(defn: WorkflowDef, step_key: str, facts: SessionFacts) -> list[str]:
    """What the step still needs before 下一步, each in plain Chinese."""
    step = defn.step(step_key)
    return missing_fields(step, facts.values) + missing_needs(step, facts)


def _v(facts: SessionFacts, key: str) -> Any:
    return facts.values.get(key)


def _int(v: Any) -> int:
    try:
        return int(v)
    except (TypeError, ValueError):
        return 0


def evaluate_rule(rule: str, facts: SessionFacts, s: RuleSettings) -> Result:
    v = facts.values
    if rule == "hearing_notice":
        return R.advance_notice(rule, v.get("notice_posted_on"), v.get("date"), s.hearing_notice_days)
    if rule == "coordination_notice":
        return R.advance_notice(rule, v.get("notified_on"), v.get("date"), s.coordination_notice_days)
    if rule == "evaluation_notice":
        return R.advance_notice(rule, v.get("notified_on"), v.get("date"), s.evaluation_notice_days)
    if rule == "hearing_request":
        return R.hearing_request(v.get("topic_source"), v.get("request_count"),
                                 v.get("request_basis"), facts.adults, facts.households, s)
    if rule == "hearing_participants":
        n = sum(1 for p in facts.participants if p.role == "听证代表")
        return R.participants_range(n, s.hearing_min_participants, s.hearing_max_participants)
    if rule == "building_coverage":
        role = "听证代表" if facts.kind == "hearing" else "评议代表"
        required = list(v.get("affected_groups") or []) or (
            facts.all_groups if facts.kind == "evaluation" else [])
        covered = [p.group for p in facts.participants if p.role == role and p.group]
        return R.building_coverage(required, covered)
    if rule == "evaluation_attendance":
        if not v.get("by_assembly"):
            return Result(rule, Status.PENDING, "不是由居民代表会议评议，不检查到会比例。")
        reps = [p for p in facts.participants if p.role == "评议代表"]
        due = _int(v.get("representatives_due")) or len(reps)
        present = sum(1 for p in reps if p.attendance in ("出席", "委托"))
        return R.attendance(present, due, s.evaluation_attendance_num, s.evaluation_attendance_den)
    if rule == "vote_majority":
        if not facts.votes:
            return Result(rule, Status.PENDING, "没有表决。")
        msgs, bad = [], []
        for vote in facts.votes:
            base = vote.base or 0
            if base <= 0:
                bad.append(f"“{vote.motion}”没有填写到会人数")
            elif vote.yes + vote.no + vote.abstain > base:
                bad.append(f"“{vote.motion}”赞成、反对、弃权合计 {vote.yes + vote.no + vote.abstain} 票，"
                           f"多于到会的 {base} 人")
            else:
                res = R.majority(vote.yes, base)
                msgs.append(f"“{vote.motion}”：{res.message}")
        if bad:
            return Result(rule, Status.FAIL, "；".join(bad) + "。")
        return Result(rule, Status.PASS, "".join(msgs))
    if rule == "publicity_period":
        return R.publicity_period(v.get("publicity_from"), v.get("publicity_until"), s.publicity_days)
    if rule == "objection_reply":
        return R.objection_reply(v.get("objection_received_on"), v.get("objection_answered_on"),
                                 facts.today, s)
    if rule == "minutes_deadline":
        return R.minutes_deadline(v.get("date"), v.get("minutes_on"), facts.today, s)
    if rule == "feedback_deadline":
        return R.feedback_deadline(v.get("date"), v.get("feedback_on"), facts.today, s)
    if rule == "rectification_deadline":
        return R.rectification_deadline(v.get("feedback_on"), v.get("plan_on"), facts.today, s)
    if rule == "followups_on_time":
        return R.followups_on_time([(f.item, f.status, f.deadline, f.done_on) for f in facts.followups],
                                   facts.today)
    if rule == "forms_consistent":
        res = R.forms_consistent(v.get("forms_issued"), v.get("forms_returned"),
                                 v.get("forms_valid"), v.get("forms_void"))
        if res.status != Status.PASS or not facts.tally_totals:
            return res
        valid = _int(v.get("forms_valid"))
        members = ev.per_member(v.get("object_type"))  # a member may be left blank: ≤ valid
        off = [f"“{name}”各项合计 {n} 张" for name, n in facts.tally_totals.items()
               if (n > valid if members else n != valid)]
        if off:
            return Result(rule, Status.FAIL, "、".join(off) + f"，与有效 {valid} 张不符"
                          "（有效票数可能在录入纸质表后改过）。请核对后改正有效票数，或重新录入纸质表。")
        return Result(rule, Status.PASS, res.message + "每项评议内容的票数合计都等于有效票。")
    if rule in RULE_EVALUATORS:  # rules defined beside their workflow (e.g. workflows/meetings.py)
        return RULE_EVALUATORS[rule](facts, s)
    raise ValueError(f"unknown rule {rule}")


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


CREDIT = {Status.PASS: 1.0, Status.OVERRIDDEN: 1.0, Status.WARN: 0.5, Status.FAIL: 0.0}


def compliance(results: list[Check]) -> int:
    judged = [c for c in results if c.status != Status.PENDING]
    if not judged:
        return 100
    credit = sum(CREDIT[Status(c.status)] for c in judged)
    return round(100 * credit / len(judged))


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
