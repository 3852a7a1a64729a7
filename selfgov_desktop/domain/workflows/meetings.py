"""居民会议 and 居民代表会议 (DOMAIN.md §6): the bodies that decide matters concerning all
residents. Agenda published in advance (default 7 days), the base chosen, sign-in, quorum
(attendees > ½ of the base), motions (yes > ½ of those attending), minutes, 决议公开.

Keys stored in sessions.data (besides the columns title/date/start_time/end_time/place/
chair/recorder/topic_id):
  agenda, agenda_published_on, notice_place,
  base_kind (a label of domain.meetings.BASE_LABELS), base_size, base_note,
  attending (居民会议: counted at the door; 居民代表会议: may be left empty, then the
  representatives signed in as 出席/委托 are counted),
  no_decision (bool: no quorum, nothing put to the vote),
  minutes_on, resolutions, signed,
  resolution_text, publicity_from, publicity_until.
Participants roles: 居民代表, 居民, 列席, 主持人, 记录人. Votes in `votes` (base = attending).

The law (checked against the published text of 《中华人民共和国城市居民委员会组织法》 as
revised on 2025-10-28, in force 2026-01-01): 7 chapters, 50 articles; 第四章 is 居民会议和
居民代表会议, and 第二条 says 居民委员会向居民会议、居民代表会议负责并报告工作 — the 居民代表
会议 is a body in its own right. The 2018 text (第九条) set the 居民会议's quorum: 过半数出席，
出席人的过半数通过. The revised chapter's articles on the composition of the 居民代表会议
(whether committee members sit in it, the share of 居民代表) and on its quorum could not be
read here: the base stays 在任居民代表 and its quorum > ½ like the 居民会议's, both cited by
the law's name without an article number until the text is checked.

Rules added here (evaluated through RULE_EVALUATORS, listed in domain.rules.RULES):
  assembly_agenda — agenda published ≥ 7 days before (default of MeetingSettings);
  assembly_quorum — attendees > ½ of the base; a motion recorded as passed without a quorum,
  or counted against a different number of attendees, fails.
"""

from __future__ import annotations

from collections.abc import Callable

from typing import Any

from .. import meetings as M
from .. import paper as PP
from .. import rules as R
from ..rules import Result, Status
from .base import (CHAIR, DATE, END, LOCAL, ORG_LAW, PLACE, RECORDER, SH_REG, START, FieldSpec,
                   Need, StepDef, WorkflowDef, title_field)

RESIDENTS_BASES = tuple(b.label for b in M.RESIDENTS_MEETING_BASES)
REPRESENTATIVES_BASES = tuple(b.label for b in M.REPRESENTATIVES_MEETING_BASES)

NO_DECISION_FALSE = (False, None)

RULE_INFOS = {
    "assembly_agenda": R.RuleInfo(
        "assembly_agenda", "会议议程提前公布",
        "居民会议、居民代表会议的时间、地点和议程应在开会前至少7天公布（默认）。",
        f"{SH_REG}（议程事先公布）；天数为{LOCAL}"),
    "assembly_quorum": R.RuleInfo(
        "assembly_quorum", "到会超过半数",
        "到会人数要超过应到人数的一半，会议才能作出决定；恰好一半不够。"
        "表决以到会人数为基数，赞成超过一半才通过。",
        ORG_LAW),
}


def _int(v: Any) -> int:
    try:
        return int(v)
    except (TypeError, ValueError):
        return 0


def attending_of(facts: Any) -> int:
    """The number at the door, or those signed in as present (domain.paper.counts_present:
    出席; a 委托 only when proxies count, never for a 居民代表)."""
    n = _int(facts.values.get("attending"))
    if n:
        return n
    proxies = bool(getattr(facts, "proxies_count", False))
    return sum(1 for p in facts.participants if p.role in ("居民代表", "居民")
               and PP.counts_present(p.attendance, p.role, proxies))


def _agenda(facts: Any, s: R.RuleSettings) -> Result:
    days = getattr(s, "assembly_agenda_days", M.MeetingSettings().agenda_days)
    v = facts.values
    res = M.agenda_in_advance(v.get("agenda_published_on"), v.get("date"), days)
    status = Status.PENDING if res.ok is None else Status.PASS if res.ok else Status.FAIL
    msg = res.message + ("" if res.ok is not False else "可以改期，或记录理由后继续。")
    return Result("assembly_agenda", status, msg)


def _quorum(facts: Any, s: R.RuleSettings) -> Result:
    rule = "assembly_quorum"
    v = facts.values
    base = _int(v.get("base_size"))
    attending = attending_of(facts)
    if base <= 0 or attending <= 0:
        return Result(rule, Status.PENDING, "填写应到人数和实到人数后才能判断。")
    q = M.quorum(attending, base, str(v.get("base_kind") or ""))
    wrong_base = [x.motion for x in facts.votes if (x.base or 0) != attending]
    if wrong_base:
        return Result(rule, Status.FAIL, q.message + "以下表决的到会人数与签到的实到人数 "
                      f"{attending}人不一致：" + "、".join(wrong_base) + "。")
    if q.ok:
        return Result(rule, Status.PASS, q.message)
    passed = [x.motion for x in facts.votes if M.motion_passes(x.yes, x.base or 0)]
    if passed:
        return Result(rule, Status.FAIL, q.message + "却记录了通过的表决：" + "、".join(passed) + "。")
    return Result(rule, Status.WARN, q.message + "本次会议只能通报情况、听取意见，不能表决。")


# rule key -> the function that judges it from a session's facts (domain.sessions.SessionFacts,
# not importable here: it imports the workflows). domain.sessions registers the others.
RuleEvaluator = Callable[[Any, R.RuleSettings], Result]
RULE_EVALUATORS: dict[str, RuleEvaluator] = {"assembly_agenda": _agenda, "assembly_quorum": _quorum}


def _steps(bases: tuple[str, ...], representatives: bool) -> tuple[StepDef, ...]:
    name = "居民代表会议" if representatives else "居民会议"
    signin_fields = (
        FieldSpec("attending", "实到人数", "int", required=not representatives,
                  help="亲自到会签到的人数（委托他人的不算到会，除非程序规则里打开了“委托算到会”；"
                       "居民代表任何情况下都要本人出席）。" + (
                      "可以不填：按下面签到为“出席”的居民代表计算。" if representatives else "")),
    )
    return (
        StepDef(
            "agenda", "公布议程",
            f"确定{name}的时间、地点和议程，在居务公开栏等处公布。议程应至少提前7天公布（默认）。"
            f"依据：{SH_REG}；天数为{LOCAL}。",
            fields=(
                title_field(f"2026年第一次{name}"),
                FieldSpec("topic_id", "来自议题库", "topic",
                          help="提交会议决定的议题（可以在“议题”里先登记）。"),
                FieldSpec("agenda", "议程", "multiline", required=True,
                          placeholder="一、审议……方案；二、……"),
                DATE, START, PLACE,
                FieldSpec("agenda_published_on", "议程公布日期", "date", required=True),
                FieldSpec("notice_place", "公布地点", default="居务公开栏",
                          placeholder="居务公开栏、各楼道公告栏、微信群"),
            ),
            rules=("assembly_agenda",),
            document="assembly_notice", document_title=f"{name}公告",
            source=SH_REG,
        ),
        StepDef(
            "base", "确定应到人数",
            ("应到人数按以下之一计算：全体18周岁以上居民（按会议当天的年龄计算）、每户一名代表，"
             "或每个居民小组推选的2—3名代表。" if not representatives else
             "应到人数是在任的居民代表人数。")
            + f"到会超过应到人数的一半，会议才能作出决定。依据：{ORG_LAW}。",
            fields=(
                FieldSpec("base_kind", "应到人数按", "choice", required=True, choices=bases,
                          default=bases[0] if len(bases) == 1 else None),
                FieldSpec("base_size", "应到人数", "int", required=True,
                          help="按花名册计算：成年居民按会议当天满18周岁计算。"),
                FieldSpec("base_note", "计算说明", "text",
                          placeholder="例如：按2026年12月1日计算，在册18周岁以上居民1234人"),
                CHAIR, RECORDER,
            ),
            panels=("participants",) if representatives else (),
            needs=(Need("participants", "添加应到的居民代表", role="居民代表"),) if representatives else (),
            source=ORG_LAW,
        ),
        StepDef(
            "signin", "签到",
            "会议开始前签到，统计实到人数；主持人宣布应到、实到人数和会议是否有效。"
            f"依据：{ORG_LAW}。",
            fields=signin_fields,
            panels=("signin",) if representatives else (),
            needs=((Need("signin", "给每位居民代表签到（出席、缺席、请假或委托）"),)
                   if representatives else ()),
            rules=("assembly_quorum",),
            source=ORG_LAW, at_meeting=True,
        ),
        StepDef(
            "motions", "议题表决",
            "逐项介绍、讨论、表决。每项表决以到会人数为基数，赞成超过一半才通过（恰好一半不通过）。"
            f"到会不过半数的，不能表决，只能通报和听取意见。依据：{ORG_LAW}。",
            fields=(
                FieldSpec("no_decision", "到会人数不足，本次会议不作表决", "bool"),
            ),
            panels=("speeches", "votes"),
            needs=(Need("votes", "至少记录一项表决（到会人数不足时请勾选“不作表决”）",
                        when=("no_decision", NO_DECISION_FALSE)),),
            rules=("vote_majority",),
            document="assembly_record", document_title=f"{name}记录",
            source=ORG_LAW, at_meeting=True,
        ),
        StepDef(
            "minutes", "会议纪要",
            "整理会议纪要：基数、应到和实到人数、每项表决的票数和所用规则、形成的决议；"
            "主持人和记录人签字。",
            fields=(
                END,
                FieldSpec("minutes_on", "纪要完成日期", "date", required=True),
                FieldSpec("resolutions", "形成的决议（或未能决定的情况）", "multiline", required=True),
                FieldSpec("signed", "主持人和记录人已签字", "bool", required=True),
            ),
            rules=("document_dates",),
            document="assembly_minutes", document_title=f"{name}纪要",
            source=ORG_LAW,
        ),
        StepDef(
            "publicity", "决议公开",
            "在居务公开栏公开决议内容和表决情况，公开期不少于7天（默认）。没有作出决议的，"
            f"公开会议情况即可。依据：{SH_REG}（居务公开）；天数为{LOCAL}。",
            fields=(
                FieldSpec("resolution_text", "公开内容", "multiline", required=True),
                FieldSpec("publicity_from", "公开开始日期", "date", required=True),
                FieldSpec("publicity_until", "公开结束日期", "date", required=True),
            ),
            needs=(Need("publicity_ended", "公开期满后才能办结"),),
            rules=("publicity_period", "publicity_after_meeting", "publicity_ended"),
            document="resolution_notice", document_title="决议公开",
            source=SH_REG,
        ),
    )


RESIDENTS_MEETING = WorkflowDef(
    kind="residents_meeting",
    label="居民会议",
    summary="由18周岁以上居民、每户代表或居民小组代表组成，讨论决定涉及全体居民利益的重要事项；"
            "上海要求每年至少召开一次。",
    roles=("居民", "居民代表", "列席", "主持人", "记录人"),
    default_role="居民",
    group_roles={"居民代表": "居民代表", "楼组": "居民", "居民小组": "居民代表"},
    rule_system="公示制",
    paper_forms=("signin", "ballot", "tally"),
    steps=_steps(RESIDENTS_BASES, representatives=False),
)

REPRESENTATIVES_MEETING = WorkflowDef(
    kind="representatives_meeting",
    label="居民代表会议",
    summary="由在任居民代表组成，讨论决定居民会议授权的事项和日常重要事项。",
    roles=("居民代表", "列席", "主持人", "记录人"),
    default_role="居民代表",
    group_roles={"居民代表": "居民代表", "楼组": "列席", "居民小组": "列席"},
    rule_system="公示制",
    paper_forms=("signin", "ballot", "tally"),
    steps=_steps(REPRESENTATIVES_BASES, representatives=True),
)

# Listed in domain.rules.RULES when the registry imports this module.
for _key, _info in RULE_INFOS.items():
    R.RULES.setdefault(_key, _info)
