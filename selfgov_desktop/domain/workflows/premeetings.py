"""The paired pre-meetings (Huangpu's 三会三制): 议题征询会 → 听证会, 民主恳谈会 → 协调会,
监督合议会 → 评议会. Each links to the session it prepares (column prepares_session_id) and
can yield its topic, participants or criteria.

Keys stored in sessions.data (besides the columns title/date/start_time/place/chair/
recorder/prepares_session_id/topic_id):
  convener, purpose, outcome, next_step
  (supervision_review also: object_type, object_name, suggested_criteria).
"""

from __future__ import annotations

from .base import (CHAIR, DATE, END, HUANGPU, LOCAL, PLACE, RECORDER, START, FieldSpec, Need,
                   StepDef, WorkflowDef, title_field)
from .evaluation import OBJECT_TYPES


def _prepare(title_hint: str, convener: str, purpose_label: str,
             extra: tuple[FieldSpec, ...] = ()) -> StepDef:
    return StepDef(
        "prepare", "准备",
        f"确定时间、地点、召集人和要商量的事。依据：{HUANGPU}。",
        fields=(
            title_field(title_hint),
            FieldSpec("convener", "召集人", required=True, default=convener),
            FieldSpec("purpose", purpose_label, "multiline", required=True),
            *extra,
            DATE, START, PLACE, CHAIR, RECORDER,
        ),
        source=HUANGPU,
    )


def _meeting(help_text: str) -> StepDef:
    return StepDef(
        "meeting", "开会",
        help_text,
        fields=(END,),
        panels=("participants", "signin", "speeches"),
        needs=(Need("participants", "至少添加一名参会人员"),
               Need("signin", "给每位参会人员签到（出席、缺席或请假）"),
               Need("speeches", "至少记录一条发言")),
        document="meeting_minutes", document_title="会议记录",
        source=HUANGPU, at_meeting=True,
    )


def _result(outcome_label: str, prepares_label: str, extra: tuple[FieldSpec, ...] = ()) -> StepDef:
    return StepDef(
        "result", "形成结果",
        "写下会议形成的结果，并关联它所准备的会议（可以先不关联，以后再补）。"
        f"会议结果会带到下一次会议。依据：{HUANGPU}。",
        fields=(
            FieldSpec("outcome", outcome_label, "multiline", required=True),
            *extra,
            FieldSpec("prepares_session_id", prepares_label, "session"),
            FieldSpec("next_step", "下一步安排", "multiline"),
        ),
        source=HUANGPU,
    )


TOPIC_CONSULTATION = WorkflowDef(
    kind="topic_consultation",
    label="议题征询会",
    summary="由居民区党组织召集，征集居民需求、形成议题，为听证会做准备（公示制）。",
    roles=("参会居民", "居民代表", "楼组长", "党员", "单位代表", "列席"),
    default_role="参会居民",
    group_roles={"居民代表": "居民代表", "楼组": "楼组长", "居民小组": "参会居民"},
    pairs_with="hearing",
    rule_system="公示制",
    steps=(
        _prepare("关于……的议题征询会", "居民区党组织", "征询的事项"),
        _meeting("签到；请参会人员提出需求和意见，逐条记录，归纳成议题。"
                 f"依据：{HUANGPU}；征集需求→形成议题→讨论协商→确定项目（普陀做法）。"),
        _result("形成的议题", "准备的听证会", (
            FieldSpec("topic_ids", "登记到议题库的议题（可以多选）", "topics",
                      help="一次议题征询会常常形成几个议题：在“议题”里登记后，在这里勾选。"),)),
    ),
)

DEMOCRATIC_TALK = WorkflowDef(
    kind="democratic_talk",
    label="民主恳谈会",
    summary="请相关各方坦诚交流、了解诉求，为协调会做准备（责任制）。",
    roles=("当事人", "居民代表", "楼组长", "单位代表", "列席"),
    default_role="当事人",
    group_roles={"居民代表": "居民代表", "楼组": "楼组长", "居民小组": "列席"},
    pairs_with="coordination",
    rule_system="责任制",
    public=False,
    steps=(
        _prepare("关于……的民主恳谈会", "居委会", "恳谈的事项"),
        _meeting(f"签到；各方说出诉求和想法，主持人归纳共识和分歧，逐条记录。依据：{HUANGPU}。"),
        _result("形成的共识和分歧", "准备的协调会"),
    ),
)

SUPERVISION_REVIEW = WorkflowDef(
    kind="supervision_review",
    label="监督合议会",
    summary="居务监督委员会和居民代表先行合议评议对象的情况和评议内容，为评议会做准备（承诺制）。",
    roles=("居务监督委员", "居民代表", "楼组长", "列席"),
    default_role="居民代表",
    group_roles={"居民代表": "居民代表", "楼组": "楼组长", "居民小组": "居民代表"},
    pairs_with="evaluation",
    rule_system="承诺制",
    steps=(
        _prepare("关于……的监督合议会", "居务监督委员会", "合议的事项", (
            FieldSpec("object_type", "评议对象类型", "choice", choices=OBJECT_TYPES),
            FieldSpec("object_name", "评议对象名称"),
        )),
        _meeting(f"签到；通报评议对象的工作情况和居民反映，合议评议内容。依据：{HUANGPU}；{LOCAL}。"),
        _result("合议意见", "准备的评议会", (
            FieldSpec("suggested_criteria", "建议的评议内容", "multiline",
                      help="每行一项；建评议会时会带入。"),)),
    ),
)
