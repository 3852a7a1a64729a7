"""协调会 — coordination / mediation (DOMAIN.md §4). 民主恳谈会 → 协调会 + 责任制.

Private: no public notice by default; minutes name the parties in full.
Keys stored in sessions.data (besides the columns title/date/start_time/end_time/place/
chair/recorder):
  category, application, received_by, received_on, facts,
  investigated_on, investigation,
  notified_on, notice_method,
  outcome, terms, referral, parties_signed, other_channels,
  revisit_summary.
Participants roles: 当事人, 调解员, 单位代表, 社区民警, 司法助理员, 律师, 列席.
Agreement terms (责任制) are rows in `followups` with kind "责任制"; visits in `visits`.
"""

from __future__ import annotations

from .base import (DATE, END, HUANGPU, LOCAL, PLACE, RECORDER, SH_RULES, START, FieldSpec,
                   Need, StepDef, WorkflowDef, title_field)

CATEGORIES = ("噪音", "渗漏水", "停车", "宠物", "公共空间占用", "物业服务", "邻里纠纷", "其他")
OUTCOMES = ("达成协议", "部分达成", "未达成")
AGREED = ("达成协议", "部分达成")
REFERRALS = ("人民调解委员会", "司法所", "法院", "其他渠道")

COORDINATION = WorkflowDef(
    kind="coordination",
    label="协调会",
    summary="协调社区成员之间涉及共同利益的事项和民间纠纷（噪音、渗漏水、停车、宠物、公共空间、物业服务等）。",
    roles=("当事人", "调解员", "单位代表", "社区民警", "司法助理员", "律师", "列席"),
    default_role="当事人",
    group_roles={"居民代表": "列席", "楼组": "当事人", "居民小组": "列席"},
    public=False,
    pairs_with="democratic_talk",
    rule_system="责任制",
    steps=(
        StepDef(
            "intake", "受理",
            "登记纠纷：类别、当事人（居民或单位）、基本事实、受理人和受理日期。"
            f"可以由当事人申请，也可以由居委会决定受理。依据：{SH_RULES}。",
            fields=(
                title_field("关于……的协调会"),
                FieldSpec("category", "纠纷类别", "choice", required=True, choices=CATEGORIES),
                FieldSpec("application", "受理方式", "choice", required=True,
                          choices=("当事人申请", "居委会决定")),
                FieldSpec("received_by", "受理人", required=True),
                FieldSpec("received_on", "受理日期", "date", required=True),
                FieldSpec("facts", "基本事实", "multiline", required=True,
                          placeholder="发生了什么？各方的诉求是什么？"),
            ),
            panels=("participants",),
            needs=(Need("participants", "至少添加两方当事人（居民或单位）", min=2, role="当事人"),),
            source=SH_RULES,
        ),
        StepDef(
            "investigation", "调查",
            f"联系各方当事人，上门走访，查看现场，收集材料。依据：{SH_RULES}。",
            fields=(
                FieldSpec("investigated_on", "调查日期", "date", required=True),
                FieldSpec("investigation", "调查情况", "multiline", required=True,
                          placeholder="走访了谁、看到了什么、各方怎么说、有哪些材料"),
            ),
            source=SH_RULES,
        ),
        StepDef(
            "notice", "通知",
            "书面通知参会各方协调会的时间和地点，默认提前7天；矛盾可能激化时可以随时召开，"
            f"但要记录理由。依据：{SH_RULES}；天数为{LOCAL}。",
            fields=(
                DATE, START, PLACE,
                FieldSpec("notified_on", "通知日期", "date", required=True),
                FieldSpec("notice_method", "通知方式", "choice", choices=("书面", "电话", "当面"),
                          default="书面", help="要求书面通知；电话或当面口头通知的，要说明理由。"),
            ),
            rules=("coordination_notice",),
            document="coordination_notice", document_title="协调会通知",
            source=SH_RULES,
        ),
        StepDef(
            "meeting", "召开协调会",
            "签到；各方陈述事实和理由；主持人询问、找出问题核心、进行调解。发言要逐一记录。"
            f"依据：{SH_RULES}。",
            fields=(
                FieldSpec("chair", "主持人（调解人）", required=True),
                RECORDER, END,
            ),
            panels=("participants", "signin", "speeches"),
            needs=(Need("signin", "给每位参会人员签到（出席、缺席或请假）"),
                   Need("speeches", "至少记录一条发言（各方陈述）")),
            document="coordination_record", document_title="协调会记录",
            source=SH_RULES, at_meeting=True,
        ),
        StepDef(
            "outcome", "协调结果",
            "记录结果：达成协议（写明每一项条款、责任方和履行期限——责任制）、部分达成，或未达成"
            f"（告知当事人可以找人民调解委员会、司法所或法院）。各方都要签字。依据：{SH_RULES}；{HUANGPU}。",
            fields=(
                FieldSpec("outcome", "结果", "choice", required=True, choices=OUTCOMES),
                FieldSpec("terms", "协议内容", "multiline", required_if=("outcome", AGREED)),
                FieldSpec("referral", "引导的其他渠道", "choice", choices=REFERRALS,
                          required_if=("outcome", ("未达成", "部分达成"))),
                FieldSpec("parties_signed", "各方当事人已签字", "bool", required=True),
            ),
            panels=("followups",),
            needs=(Need("followups", "协议的每一项条款都要作为跟踪事项登记（责任方和期限）",
                        when=("outcome", AGREED)),),
            rules=("followups_on_time",),
            document="agreement", document_title="协议书",
            source=SH_RULES,
        ),
        StepDef(
            "revisit", "回访",
            "回访直到每一项条款都落实：是否履行、态度有没有变化、有没有新的矛盾、对调解的意见。"
            f"全部落实后本次协调会办结。依据：{HUANGPU}（责任制）。",
            fields=(FieldSpec("revisit_summary", "回访小结", "multiline"),),
            panels=("followups",),
            needs=(Need("followups_closed", "每个跟踪事项都要完成（或注明取消）",
                        when=("outcome", AGREED)),
                   Need("followups_visited", "每个跟踪事项至少回访一次",
                        when=("outcome", AGREED))),
            rules=("followups_on_time",),
            source=HUANGPU,
        ),
    ),
)
