"""评议会 — evaluation (DOMAIN.md §5). 监督合议会 → 评议会 + 承诺制.

Keys stored in sessions.data (besides the columns title/date/start_time/end_time/place/
chair/recorder):
  object_type, object_name, period, scale, by_assembly, representatives_due, notified_on,
  reporter, report, reviewed,
  forms_issued, forms_returned, forms_valid, forms_void,
  feedback_on, result_summary,
  plan_on, plan_signed_by,
  publicity_from, publicity_until, feedback,
  followup_summary.
  members (评议居委会成员: one name per line; each member is one row of the form).
Criteria in `evaluation_criteria` (for 居委会成员: the members); scores in `evaluation_scores`
as counts per criterion and option only — never who chose what (anonymous by design).
Commitments (承诺制) are rows in `followups` with kind "承诺制".
Participants roles: 评议代表, 评议对象, 列席.
"""

from __future__ import annotations

from .base import (CHAIR, DATE, HUANGPU, LOCAL, PLACE, RECORDER, SH_REG, SH_RULES, START,
                   FieldSpec, Need, StepDef, WorkflowDef, title_field)

OBJECT_TYPES = ("居委会", "居委会成员", "物业公司", "社区民警", "社工站", "职能部门", "项目")

# The scales (domain.evaluation has the tallies).
SCALES = ("满意度", "称职度", "五分制")

# Criteria template per object type (editable per session).
CRITERIA_TEMPLATES: dict[str, tuple[str, ...]] = {
    "居委会": ("工作态度", "工作方法", "办事效率", "团结合作", "服务群众", "公道廉洁", "工作成绩",
             "总体评价"),
    "居委会成员": ("工作态度", "工作能力", "办事效率", "联系群众", "廉洁自律", "总体评价"),
    "物业公司": ("服务态度", "保洁绿化", "秩序维护", "设施设备维修", "收费与公共收益公开", "投诉处理",
             "总体评价"),
    "社区民警": ("治安防范", "走访群众", "矛盾化解", "服务态度", "办事效率", "总体评价"),
    "社工站": ("服务态度", "专业能力", "服务项目", "回应居民需求", "总体评价"),
    "职能部门": ("服务态度", "办事效率", "依法办事", "回应居民诉求", "总体评价"),
    "项目": ("必要性", "实施进度", "工程质量", "资金公开", "总体评价"),
}

DEFAULT_SCALE = {"居委会成员": "称职度"}  # others: 满意度


def default_scale(object_type: str) -> str:
    return DEFAULT_SCALE.get(object_type, "满意度")


EVALUATION = WorkflowDef(
    kind="evaluation",
    label="评议会",
    summary="居民对居委会及其成员、物业公司、社区民警、社工站、职能部门或某个项目进行评议。",
    roles=("评议代表", "评议对象", "列席"),
    default_role="评议代表",
    coverage_role="评议代表",  # every 楼组 has a 评议代表 unless the session names the 楼组
    coverage_all_groups=True,
    paper_forms=("signin", "evaluation", "tally"),
    group_roles={"居民代表": "评议代表", "楼组": "评议代表", "居民小组": "评议代表"},
    pairs_with="supervision_review",
    rule_system="承诺制",
    steps=(
        StepDef(
            "prepare", "准备",
            "确定评议对象、评议期间、评议内容（按对象类型给出模板，可以修改）和评分方式，并通知评议代表。"
            f"由居民代表会议评议时，到会代表要达到2/3（默认）。依据：{SH_RULES}。",
            fields=(
                title_field("2026年度物业服务评议会"),
                FieldSpec("object_type", "评议对象类型", "choice", required=True, choices=OBJECT_TYPES),
                FieldSpec("object_name", "评议对象名称", required=True,
                          placeholder="例如：上海沁园物业管理有限公司"),
                FieldSpec("period", "评议期间", required=True, placeholder="2026年1月—11月"),
                FieldSpec("scale", "评分方式", "choice", required=True, choices=SCALES,
                          help="单位或居委会整体用“满意/基本满意/不满意”；居委会成员个人用“优秀/称职/基本称职/不称职”。"),
                FieldSpec("members", "评议的居委会成员（每行一人）", "multiline",
                          required_if=("object_type", ("居委会成员",)),
                          help="每位成员在评议表、计票、纪要和公示上各占一行，分别评“优秀/称职/基本称职/不称职”。"),
                FieldSpec("by_assembly", "由居民（代表）会议评议", "bool",
                          help="评议居委会及其成员时默认勾选：到会的居民代表要达到规定比例（默认2/3），"
                               "委托他人代签的不算到会。"),
                FieldSpec("representatives_due", "应到居民代表人数", "int",
                          required_if=("by_assembly", (True,))),
                DATE, START, PLACE,
                FieldSpec("notified_on", "通知日期", "date", required=True),
            ),
            panels=("criteria",),
            needs=(Need("criteria", "至少设一项评议内容"),),
            rules=("evaluation_notice",),
            source=SH_RULES,
        ),
        StepDef(
            "evaluators", "评议代表",
            "确定评议代表（居民代表、楼组长和居民），最好每个楼组都有人参加；也把评议对象的汇报人加进来。"
            f"依据：{SH_RULES}。",
            fields=(
                CHAIR, RECORDER,
                FieldSpec("affected_groups", "应覆盖的楼组", "groups",
                          help="不选则按全部楼组检查覆盖情况。"),
            ),
            panels=("participants", "representativeness"),
            needs=(Need("participants", "至少添加一名评议代表", role="评议代表"),),
            rules=("building_coverage",),
            document="participants_list", document_title="评议代表名单",
            source=SH_RULES,
        ),
        StepDef(
            "report", "述职",
            "评议对象汇报工作（述职）。有居务监督委员会的，述职报告事先由它审阅。"
            f"依据：{SH_RULES}。",
            fields=(
                FieldSpec("reporter", "述职人", required=True, placeholder="姓名和职务"),
                FieldSpec("report", "述职要点", "multiline", required=True),
                FieldSpec("reviewed", "述职报告已经居务监督委员会审阅", "bool"),
            ),
            source=SH_RULES,
        ),
        StepDef(
            "scoring", "评议打分",
            "签到；提问和答复；发评议表（不记名），当场公开计票。登记发出、收回、有效、无效票数，"
            "再录入每项内容（评议成员时每位成员）各选项的票数——只记票数，不记谁选了什么。"
            f"依据：{SH_RULES}。",
            fields=(
                FieldSpec("forms_issued", "发出评议表（张）", "int", required=True),
                FieldSpec("forms_returned", "收回（张）", "int", required=True),
                FieldSpec("forms_valid", "有效（张）", "int", required=True),
                FieldSpec("forms_void", "无效（张）", "int"),
            ),
            panels=("signin", "scoring"),
            needs=(Need("signin", "给每位参会人员签到（出席、缺席或请假）"),
                   Need("scores", "录入计票结果（每项内容各选项的票数）")),
            rules=("evaluation_attendance", "forms_consistent"),
            document="evaluation_tally", document_title="评议计票表",
            source=SH_RULES, at_meeting=True,
        ),
        StepDef(
            "feedback", "反馈",
            f"把评议结果反馈给评议对象，默认会后10天内。依据：{SH_RULES}；期限为{LOCAL}。",
            fields=(
                FieldSpec("feedback_on", "反馈日期", "date", required=True),
                FieldSpec("result_summary", "评议结果和主要意见", "multiline", required=True),
            ),
            panels=("tally",),
            rules=("feedback_deadline", "document_dates"),
            document="evaluation_feedback", document_title="评议结果反馈单",
            source=SH_RULES,
        ),
        StepDef(
            "commitments", "整改承诺",
            "评议对象提交书面整改计划（目标和措施，负责人签字），默认反馈后15个工作日内；"
            f"每项承诺登记为跟踪事项（承诺制）。依据：{HUANGPU}；期限为{LOCAL}。",
            fields=(
                FieldSpec("plan_on", "整改计划提交日期", "date", required=True),
                FieldSpec("plan_signed_by", "整改计划签字人", required=True, placeholder="姓名和职务"),
            ),
            panels=("followups",),
            needs=(Need("followups", "至少登记一项整改承诺（内容、责任方和期限）"),),
            rules=("rectification_deadline",),
            document="rectification_plan", document_title="整改承诺书",
            source=HUANGPU,
        ),
        StepDef(
            "publicity", "结果公示",
            f"公示评议结果和整改承诺，公示期不少于7天（默认）。依据：{SH_REG}（居务公开）；天数为{LOCAL}。",
            fields=(
                FieldSpec("publicity_from", "公示开始日期", "date", required=True),
                FieldSpec("publicity_until", "公示结束日期", "date", required=True),
                FieldSpec("feedback", "收到的反馈", "multiline"),
            ),
            rules=("publicity_period", "publicity_after_meeting"),
            document="evaluation_result_notice", document_title="评议结果公示",
            source=SH_REG,
        ),
        StepDef(
            "followup", "跟踪落实",
            "跟踪每一项整改承诺，上门回访，直到全部完成；全部落实后本次评议会办结。"
            f"依据：{HUANGPU}（承诺制）。",
            fields=(FieldSpec("followup_summary", "落实情况小结", "multiline"),),
            panels=("followups",),
            needs=(Need("followups_closed", "每项整改承诺都要完成（或注明取消）"),
                   Need("publicity_ended", "结果公示期满后才能办结")),
            rules=("followups_on_time", "publicity_ended"),
            source=HUANGPU,
        ),
    ),
)
