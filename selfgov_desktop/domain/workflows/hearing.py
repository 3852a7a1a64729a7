"""听证会 — hearing (DOMAIN.md §3). 议题征询会 → 听证会 + 公示制.

Keys stored in sessions.data (besides the columns title/date/start_time/end_time/place/
chair/recorder/topic_id):
  topic_source, request_count, background, affected_groups (list of 楼组 names),
  notice_posted_on, notice_place, register_until,
  chk_rules_stated, chk_plan_presented, chk_questions, chk_closing (bools),
  minutes_on, facts, opinions, disagreements, recommendations, signed, refused_to_sign,
  decided_by (the deciding body, DECIDING_BODIES), decided_on, decision_record ("session:ID"
  or "matter:ID": the meeting or 四议两公开 record in the app, when there is one), decision
  (older files: needs_assembly, assembly_kind, assembly_on — read by `decision_text`),
  result, publicity_from, publicity_until, feedback, objections, objection_received_on,
  objection_answered_on.
Participants roles: 听证代表, 陈述人, 主持人, 记录人, 旁听人, 列席. Votes in `votes`: at a hearing
only an 意向性表决 (a show of opinion: counts, never 通过) — the 2006 办法 art. 4 makes a
hearing a place to 广泛讨论，并提出具体意见; the decision belongs to the body named in 决定.
"""

from __future__ import annotations

from typing import Any

from .base import (CHAIR, CIVIL_CODE, DATE, END, LOCAL, ORG_LAW, PLACE, RECORDER, SH_REG, SH_RULES,
                   START, FieldSpec, Need, StepDef, WorkflowDef, title_field)

STRAW_POLL = "意向性表决"
# Who decides after a hearing. 业主大会/本幢业主: 公共收益, 加装电梯 and the like are decided by
# the owners (《中华人民共和国民法典》第二百七十八条、第二百八十二条); 职能部门: a government project.
DECIDING_BODIES = ("居委会会议", "居民会议", "居民代表会议", "业主大会", "本幢业主", "职能部门")
BODY_SOURCES = {
    "居民会议": f"{ORG_LAW}（涉及全体居民利益的重要事项由居民会议讨论决定）",
    "居民代表会议": f"{ORG_LAW}（居民会议授权的事项）",
    "业主大会": f"{CIVIL_CODE}第二百七十八条（业主共同决定）",
    "本幢业主": f"{CIVIL_CODE}第二百七十八条、第二百八十二条（本幢业主共同决定，如加装电梯、公共收益）",
    "居委会会议": f"{ORG_LAW}（居委会职责范围内的事项）",
    "职能部门": "职能部门依其职权决定（听证意见作为决策依据）",
}


def deciding_body(values: dict[str, Any]) -> str:
    """The body that decided after the hearing ('' when not recorded); older files said only
    whether it went to a 居民(代表)会议."""
    body = str(values.get("decided_by") or "")
    if body:
        return body
    if values.get("needs_assembly"):
        return str(values.get("assembly_kind") or "居民代表会议")
    return ""


def decision_text(values: dict[str, Any]) -> str:
    """"由居民代表会议于2026年12月5日决定：……" — what minutes and the 结果公示 say."""
    from ..dates import cn_date

    body = deciding_body(values)
    on = values.get("decided_on") or values.get("assembly_on")
    what = str(values.get("decision") or "").strip()
    if not body:
        return what
    when = f"于{cn_date(on)}" if on else ""
    return f"由{body}{when}决定" + (f"：{what}" if what else "。")

SOURCES = ("居民提议", "议题征询会", "职能部门要求", "居委会提出")

HEARING = WorkflowDef(
    kind="hearing",
    label="听证会",
    summary="在政府或居委会对涉及居民利益的事项作决定前，听取居民意见（加装电梯、停车方案、小区改造、公共收益使用等）。",
    roles=("听证代表", "陈述人", "主持人", "记录人", "旁听人", "列席"),
    default_role="听证代表",
    group_roles={"居民代表": "听证代表", "楼组": "听证代表", "居民小组": "听证代表"},
    pairs_with="topic_consultation",
    rule_system="公示制",
    votes_decide=False,
    coverage_role="听证代表",  # the 楼组 the matter touches, each with a 听证代表
    paper_forms=("signin", "ballot", "tally"),  # the 意向性表决 may be taken on paper
    record_signed_by="听证代表",
    steps=(
        StepDef(
            "topic", "议题",
            "写明要听证的事项、背景和来源，并选出涉及的楼组。议题可以来自居民提议、议题征询会、"
            f"职能部门或居委会。依据：{SH_RULES}。",
            fields=(
                title_field("关于……的听证会"),
                FieldSpec("topic_id", "来自议题库", "topic", help="如果议题已在“议题”里登记，在这里选择它。"),
                FieldSpec("topic_source", "议题来源", "choice", required=True, choices=SOURCES),
                FieldSpec("request_count", "提议居民人数", "int",
                          required_if=("topic_source", ("居民提议",)),
                          help="居民提议时，写联名提议的人数（成年居民或户数的1/5可以要求召开听证会）。"),
                FieldSpec("request_basis", "联名按", "choice", choices=("成年居民", "户数"),
                          default="成年居民", required_if=("topic_source", ("居民提议",)),
                          help="一人一签按成年居民计；每户一签按户数计。"),
                FieldSpec("background", "事项和背景", "multiline", required=True,
                          placeholder="要决定什么？为什么？方案的要点是什么？"),
                FieldSpec("affected_groups", "涉及的楼组", "groups", required=True,
                          help="受这个事项影响的楼组。确定听证代表时会检查每个楼组都有人参加。"),
            ),
            rules=("hearing_request",),
            source=SH_RULES,
        ),
        StepDef(
            "notice", "会前公告",
            "在居务公开栏张贴听证会公告：时间、地点、事项、怎样报名发言或旁听。"
            f"公告要在开会前足够天数张贴（默认10天）。依据：{SH_RULES}；天数为{LOCAL}。",
            fields=(
                DATE, START, PLACE,
                FieldSpec("notice_posted_on", "公告张贴日期", "date", required=True),
                FieldSpec("notice_place", "张贴地点", default="居务公开栏",
                          placeholder="居务公开栏、各楼道公告栏、微信群"),
                FieldSpec("register_until", "报名截止日期", "date",
                          help="居民报名发言或旁听的截止日期。"),
            ),
            rules=("hearing_notice",),
            document="hearing_notice", document_title="听证会公告",
            source=SH_RULES,
        ),
        StepDef(
            "representatives", "确定听证代表",
            "选定听证代表：受影响的居民、居民代表、楼组长、报名发言的居民、单位代表；"
            "再加上陈述人（介绍方案的单位或部门）。一般30—50人，每个涉及的楼组都要有人。"
            f"依据：{SH_RULES}；人数范围为{LOCAL}。",
            fields=(CHAIR, RECORDER),
            panels=("participants", "representativeness"),
            needs=(Need("participants", "至少添加一名听证代表", role="听证代表"),
                   Need("participants", "至少添加一名陈述人（介绍方案的单位或部门）", role="陈述人")),
            rules=("hearing_participants", "building_coverage"),
            document="participants_list", document_title="听证代表名单",
            source=SH_RULES,
        ),
        StepDef(
            "hearing", "召开听证会",
            "签到；主持人宣布纪律、介绍记录人；陈述人介绍方案；听证代表就必要性、可行性和具体内容发言；"
            "提问和答复；最后陈述。需要时进行意向性表决：只记赞成、反对、弃权票数，表明意向，不作决定。"
            f"会议当天及以后才能完成这一步。依据：{SH_RULES}第四条。",
            fields=(
                END,
                FieldSpec("chk_rules_stated", "主持人已宣布会议纪律并介绍记录人", "bool", required=True),
                FieldSpec("chk_plan_presented", "陈述人已介绍方案", "bool", required=True),
                FieldSpec("chk_questions", "已安排提问和答复", "bool"),
                FieldSpec("chk_closing", "已安排最后陈述", "bool"),
            ),
            panels=("signin", "speeches", "votes"),
            needs=(Need("signin", "给每位参会人员签到（出席、缺席或请假）"),
                   Need("speeches", "至少记录一条发言")),
            rules=("straw_poll",),
            document="hearing_record", document_title="听证会笔录",
            source=SH_RULES, at_meeting=True,
        ),
        StepDef(
            "minutes", "听证纪要",
            "整理听证纪要：基本事实、听证事项、各方意见、分歧点和建议，由主持人和听证代表签字"
            f"（拒绝签字的要注明）。会后7个工作日内完成（默认）。依据：{SH_RULES}；期限为{LOCAL}。",
            fields=(
                FieldSpec("minutes_on", "纪要完成日期", "date", required=True),
                FieldSpec("opinions", "主要意见", "multiline", required=True),
                FieldSpec("disagreements", "分歧点", "multiline"),
                FieldSpec("recommendations", "处理建议", "multiline", required=True),
                FieldSpec("signed", "主持人和听证代表已签字", "bool", required=True),
                FieldSpec("refused_to_sign", "拒绝签字的人和理由", "text"),
            ),
            rules=("minutes_deadline", "document_dates"),
            document="hearing_minutes", document_title="听证纪要",
            source=SH_RULES,
        ),
        StepDef(
            "decision", "决定",
            "听证会只听取意见，由有权决定的机构作出决定：居委会职责内的事项由居委会会议决定；涉及全体居民"
            "利益的重要事项提交居民会议或居民代表会议；公共收益使用、加装电梯等由业主共同决定（业主大会或"
            "本幢业主）；政府项目由职能部门决定。写明决定机构、日期和内容；在本系统里开过的会议或四议两公开"
            f"事项，选上它以便查到。依据：{ORG_LAW}；{CIVIL_CODE}第二百七十八条、第二百八十二条；{SH_RULES}第四条。",
            fields=(
                FieldSpec("decided_by", "决定机构", "choice", required=True, choices=DECIDING_BODIES,
                          help="公共收益、加装电梯等属于业主共同决定的事项，选“业主大会”或“本幢业主”。"),
                FieldSpec("decided_on", "决定日期", "date", required=True),
                FieldSpec("decision_record", "决定的会议或事项记录", "record",
                          help="在本系统里召开的居民会议、居民代表会议或四议两公开事项；不在本系统里的可以不选。"),
                FieldSpec("decision", "决定内容", "multiline", required=True),
            ),
            rules=("decision_after_hearing",),
            source=ORG_LAW,
        ),
        StepDef(
            "publicity", "结果公示",
            "公示决定机构作出的结果和听证意见的采纳情况，公示期不少于7天（默认，首尾两天都算），"
            "从听证会之后开始；公示期内的异议3天内答复（默认）。"
            f"公示结束后本次听证会办结（提前办结要写明理由）。依据：{SH_REG}（居务公开）；天数为{LOCAL}。",
            fields=(
                FieldSpec("result", "公示内容：结果及意见采纳情况", "multiline", required=True),
                FieldSpec("publicity_from", "公示开始日期", "date", required=True),
                FieldSpec("publicity_until", "公示结束日期", "date", required=True),
                FieldSpec("feedback", "收到的反馈", "multiline"),
                FieldSpec("objections", "异议件数", "int"),
                FieldSpec("objection_received_on", "最早收到异议的日期", "date"),
                FieldSpec("objection_answered_on", "异议全部答复的日期", "date",
                          required_if=("objections", tuple(range(1, 1000)))),
            ),
            needs=(Need("publicity_ended", "公示期满后才能办结"),),
            rules=("publicity_period", "publicity_after_meeting", "objection_reply", "publicity_ended"),
            document="hearing_result_notice", document_title="听证结果公示",
            source=SH_REG,
        ),
    ),
)
