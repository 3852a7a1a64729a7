"""Demo 三会: every kind in every step state (and closed), with realistic content, people
from the demo roster, votes, scores and follow-ups — some of them overdue.

Built through the real services (nested in the demo transaction as savepoints), so the
demo data obeys the same rules, audit trail and compliance scores as real work. Where a
rule fails (a late notice, a deadline already passed on the demo's "today") a realistic
reason is recorded, as a committee would."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from ...domain.errors import UserError
from ...domain.evaluation import options
from ...domain.workflows import definition
from .. import followups as F
from .. import participants as P
from .. import sessions as S
from ..base import Context, Tx

HEARINGS = [
    ("关于沁园路88弄3号楼加装电梯方案的听证会", "居民提议", 38,
     "3号楼共6层30户，老年居民占一半以上。经楼组征询，已有26户同意加装电梯。方案拟在北侧楼道外加装"
     "一部平层入户电梯，总造价约80万元，按楼层分摊，申请市、区补贴。低层住户担心采光和噪音。",
     ["第一楼组"], "上海沁园物业管理有限公司"),
    ("关于小区非机动车充电棚选址的听证会", "议题征询会", None,
     "小区电动自行车在楼道充电，存在火灾隐患。拟在7号楼东侧绿地边新建充电棚一处（40个车位），"
     "需移除部分灌木。周边住户对选址和夜间噪音有不同意见。",
     ["第三楼组", "第四楼组"], "长风新村街道城运中心"),
    ("关于小区停车管理方案调整的听证会", "居委会提出", None,
     "小区车位约320个，登记车辆410辆，夜间停车紧张。拟调整外来车辆收费标准，增设错时停车，"
     "并在主干道划定禁停区。", ["第一楼组", "第二楼组", "第三楼组", "第四楼组", "第五楼组", "第六楼组",
                          "第七楼组", "第八楼组"], "上海沁园物业管理有限公司"),
    ("关于垃圾箱房迁移选址的听证会", "职能部门要求", None,
     "现12号楼旁垃圾箱房紧邻住户窗户，异味投诉多。绿化市容部门提出两个迁移选址方案，征求居民意见。",
     ["第四楼组", "第五楼组"], "长风新村街道城运中心"),
    ("关于2026年度小区公共收益使用计划的听证会", "居委会提出", None,
     "2025年度小区公共收益（广告位、停车费）结余约36万元，业委会拟用于楼道灯改造、健身苑点更新和"
     "监控补点。", ["第一楼组", "第二楼组", "第三楼组", "第四楼组", "第五楼组", "第六楼组", "第七楼组",
                "第八楼组"], "沁园小区业主委员会"),
    ("关于小区雨污分流改造施工方案的听证会", "职能部门要求", None,
     "区水务部门计划在小区实施雨污分流改造，工期约4个月，需分段开挖道路，临时占用部分停车位。",
     ["第二楼组", "第三楼组", "第六楼组"], "普陀区房管局长风房管办"),
    ("关于健身苑点更新改造的听证会", "居民提议", 45,
     "中心绿地健身器材使用已超过十年，部分损坏。拟更新器材并增设老年人康复步道，征求居民对布局的意见。",
     ["第五楼组", "第六楼组"], "长风新村街道城运中心"),
    ("关于楼道公共照明改造的听证会", "议题征询会", None,
     "多数楼道仍为老式声控灯，损坏率高。拟统一更换为感应式LED灯，费用从公共收益列支。",
     ["第七楼组", "第八楼组"], "上海沁园物业管理有限公司"),
]

COORDINATIONS = [
    ("关于5号楼602室漏水至502室的协调会", "渗漏水",
     "502室卫生间天花板持续渗水，墙面霉变。502室认为是602室卫生间防水层老化所致，602室认为是公共立管问题。",
     "602室委托有资质单位检测并修复卫生间防水层", "602室住户"),
    ("关于广场舞音量扰民的协调会", "噪音",
     "每晚19:00—21:00中心绿地广场舞音量较大，邻近9号楼、10号楼住户多次投诉，双方在现场发生争执。",
     "广场舞音响音量控制在60分贝以内，21:00前结束", "文体团队队长"),
    ("关于11号楼宠物犬扰民的协调会", "宠物",
     "11号楼301室饲养的大型犬夜间吠叫，且在楼道随地便溺，楼上楼下住户多次反映。",
     "犬主出门牵绳、及时清理粪便，夜间关窗减少吠叫", "301室犬主"),
    ("关于8号楼楼道堆物的协调会", "公共空间占用",
     "8号楼一楼至三楼楼道堆放纸板、旧家具，影响通行和消防安全。堆物住户认为是临时存放。",
     "堆物住户一周内清理楼道杂物", "8号楼堆物住户"),
    ("关于地面停车位被长期占用的协调会", "停车",
     "两户居民因地面车位使用发生纠纷，一方长期用地锁占用公共车位。",
     "拆除私装地锁，车位按物业统一安排使用", "上海沁园物业管理有限公司"),
    ("关于物业维修响应慢的协调会", "物业服务",
     "16号楼多户居民反映报修后一周以上无人上门，与物业客服多次争吵。",
     "物业公司建立报修24小时响应制度并公示维修电话", "上海沁园物业管理有限公司"),
    ("关于空调外机滴水的协调会", "邻里纠纷",
     "20号楼401室空调外机冷凝水滴落在301室阳台，双方多次争吵。",
     "401室加装冷凝水导管，引入雨水管", "401室住户"),
]

EVALUATIONS = [
    ("2026年度物业服务评议会", "物业公司", "上海沁园物业管理有限公司", "王建新（项目经理）"),
    ("2026年度居委会工作评议会", "居委会", "沁园居民委员会", "陈立群（居委会主任）"),
    ("2026年度社区民警工作评议会", "社区民警", "长风新村派出所沁园社区警务室", "赵磊（社区民警）"),
    ("2026年度社工站服务评议会", "社工站", "长风新村街道社工站", "郁佳怡（社工）"),
    ("居委会委员年度述职评议会", "居委会成员", "沁园居委会成员", "陈立群等5名居委会成员"),
    ("加装电梯工程项目评议会", "项目", "3号楼加装电梯工程", "施工单位项目负责人"),
    ("2026年上半年物业服务评议会", "物业公司", "上海沁园物业管理有限公司", "刘卫东（客服主管）"),
    ("房管办服务评议会", "职能部门", "普陀区房管局长风房管办", "陆志强（房管员）"),
    ("2025年度物业服务评议会", "物业公司", "上海沁园物业管理有限公司", "王建新（项目经理）"),
]

PRE = {
    "topic_consultation": [
        ("第四季度议题征询会", "收集居民对小区环境和设施的需求，形成年度议题。",
         "形成议题3项：3号楼加装电梯、非机动车充电棚、楼道照明改造。"),
        ("关于加装电梯的议题征询会", "听取各楼组对加装电梯的意愿。", "3号楼、6号楼意愿较强，先推进3号楼。"),
        ("关于停车难的议题征询会", "征集停车管理的意见。", "建议错时停车、调整收费，提交听证会。"),
        ("年初议题征询会", "征集全年居民需求。", "形成议题5项，列入年度工作计划。"),
    ],
    "democratic_talk": [
        ("关于广场舞噪音的民主恳谈会", "请跳舞居民和周边住户坦诚交流。",
         "双方同意控制音量和时间，细节在协调会上确定。"),
        ("关于楼道堆物的民主恳谈会", "了解堆物原因和邻居意见。", "堆物住户愿意清理，请物业协助搬运。"),
        ("关于宠物管理的民主恳谈会", "养犬户和其他居民交流文明养犬。", "形成文明养犬公约草案。"),
        ("关于物业服务的民主恳谈会", "业主与物业面对面交流。", "物业承诺改进报修响应，召开协调会落实。"),
    ],
    "supervision_review": [
        ("物业服务监督合议会", "合议物业服务评议内容。", "建议增加“公共收益公开”评议项。"),
        ("居委会年度工作监督合议会", "审阅居委会述职报告。", "述职报告补充经费使用情况后提交评议会。"),
        ("社区民警工作监督合议会", "合议社区民警评议安排。", "评议代表应覆盖全部楼组。"),
        ("社工站服务监督合议会", "合议社工站评议内容。", "增加“回应居民需求”一项。"),
    ],
}

SPEECH_LINES = {
    "hearing": [
        ("陈述", "介绍方案的主要内容、费用测算和施工安排。"),
        ("赞成", "家里老人腿脚不便，上下楼非常困难，支持尽快实施。"),
        ("反对", "担心对低层住户采光和通风有影响，希望调整位置。"),
        ("建议", "建议费用分摊方案再细化，低层住户适当少出或不出。"),
        ("提问", "施工期间楼道能否正常通行？工期多长？"),
        ("答复", "施工期约三个月，楼道保持通行，夜间不施工。"),
        ("中立", "原则上同意，但希望看到详细的安全评估报告。"),
    ],
    "coordination": [
        ("陈述", "说明事情经过和自己的诉求，希望尽快解决。"),
        ("陈述", "认为问题不全在自己，愿意配合但需要对方理解。"),
        ("建议", "调解员建议请第三方检测，费用先由双方各承担一半。"),
        ("陈述", "同意调解员的建议，愿意按期整改。"),
    ],
    "default": [
        ("建议", "希望居委会多听取楼组的意见。"),
        ("陈述", "介绍本楼组居民的主要诉求。"),
        ("建议", "建议把这件事提交到下一次会议讨论决定。"),
    ],
}

VISITOR = "陈立群"
COMMITTEE_MEMBERS = ("陈立群", "周敏", "沈佳怡", "王海燕", "李志刚")  # the demo committee's members


def _offset_for(index: int, n_steps: int, closed: bool) -> int:
    """Days from today to the meeting date so the state looks plausible."""
    if closed:
        return -60 - index
    meeting_step = max(1, n_steps // 2)
    return 14 - 6 * index if index < meeting_step else -4 - 6 * (index - meeting_step)


class Builder:
    def __init__(self, ctx: Context, rng: random.Random, today: dt.date) -> None:
        self.ctx, self.rng, self.today = ctx, rng, today
        c = ctx.store.conn
        self.reps_group = c.execute("SELECT id FROM groups WHERE kind = '居民代表' ORDER BY id").fetchone()[0]
        self.building_groups = [(r[0], r[1]) for r in c.execute(
            "SELECT id, name FROM groups WHERE kind = '楼组' ORDER BY id")]
        self.units = P.pickable_units(ctx.store)

    def d(self, days: int) -> str:
        return (self.today + dt.timedelta(days=days)).isoformat()

    def unit(self, name: str) -> dict[str, Any]:
        for u in self.units:
            if u["name"] == name:
                return u
        return self.units[0]

    def residents_in(self, group_name: str, n: int) -> list[int]:
        rows = self.ctx.store.conn.execute(
            "SELECT r.id FROM residents r JOIN groups g ON g.id = r.building_group_id WHERE g.name = ?"
            " AND r.status = '在册' AND r.birth_date <= ? ORDER BY r.id",
            [group_name, self.d(-365 * 25)]).fetchall()
        ids = [r[0] for r in rows]
        return self.rng.sample(ids, min(n, len(ids)))

    def advance(self, sid: int, reasons: dict[str, str]) -> None:
        try:
            S.advance(self.ctx, sid)
        except UserError:
            res, _ = S.evaluate(self.ctx.store, sid)
            rec = S.get(self.ctx.store, sid)
            for c in res:
                if c.step == rec.state and c.status == "fail":
                    S.override(self.ctx, sid, c.rule,
                               reasons.get(c.rule, "情况紧急，经居委会讨论决定按期召开"))
            S.advance(self.ctx, sid)

    def speeches(self, sid: int, lines: list[tuple[str, str]]) -> None:
        people = P.list_participants(self.ctx.store, sid)
        for i, (stance, content) in enumerate(lines):
            p = people[(i * 3) % len(people)]
            S.add_speech(self.ctx, sid, p.name, content, stance, p.id)

    def signin(self, sid: int, absent_share: float = 0.1) -> None:
        for p in P.list_participants(self.ctx.store, sid):
            r = self.rng.random()
            if r < absent_share / 2:
                P.set_attendance(self.ctx, p.id, "请假", self.rng.choice(["身体不适", "外出", "家中有事"]))
            elif r < absent_share:
                P.set_attendance(self.ctx, p.id, "缺席")
            else:
                P.set_attendance(self.ctx, p.id, "出席")

    # -- kinds ------------------------------------------------------------------------------
    def walk(self, kind: str, title: str, target: int, fillers: list[Callable[[int], None]],
             reasons: dict[str, str], date: str, prepares: int | None = None) -> int:
        sid = S.create(self.ctx, kind, title, date=date, prepares_session_id=prepares).data["id"]
        n = len(definition(kind).steps)
        for i in range(min(target, n)):
            fillers[i](sid)
            self.advance(sid, reasons)
        return sid

    def hearing(self, target: int, spec: tuple) -> int:
        title, source, count, background, groups, unit_name = spec
        closed = target >= len(definition("hearing").steps)
        date = self.d(-12 if target == 4 else _offset_for(target, 7, closed))  # 4: 纪要 overdue
        meet = dt.date.fromisoformat(date)
        small = target == 5  # too few representatives: a warning the ledger shows
        rng = self.rng

        def topic(sid: int) -> None:
            S.set_fields(self.ctx, sid, {"topic_source": source, "request_count": count,
                                         "background": background, "affected_groups": groups})
            checks = {c.rule: c.status for c in S.evaluate(self.ctx.store, sid)[0]}
            if checks.get("hearing_request") == "warn":  # fewer than 1/5 of the whole area
                S.override(self.ctx, sid, "hearing_request",
                           "事项只涉及" + "、".join(groups) + "，提议的居民已占涉及住户的多数，"
                           "经居委会讨论决定召开听证会")

        def notice(sid: int) -> None:
            posted = meet - dt.timedelta(days=rng.choice([10, 12, 14, 15, 8]))
            S.set_fields(self.ctx, sid, {"start_time": "14:00", "place": "沁园居委会二楼会议室",
                                         "notice_posted_on": posted.isoformat(),
                                         "notice_place": "居务公开栏、各楼道公告栏",
                                         "register_until": (meet - dt.timedelta(days=3)).isoformat()})

        def reps(sid: int) -> None:
            S.set_fields(self.ctx, sid, {"chair": "陈立群", "recorder": "沈佳怡"})
            if not small:
                P.add_group(self.ctx, sid, self.reps_group, "听证代表")
            for g in groups[:3]:
                P.add_residents(self.ctx, sid, self.residents_in(g, 3 if len(groups) > 2 else 6), "听证代表")
            u = self.unit(unit_name)
            P.add_unit(self.ctx, sid, u["id"], u["contacts"][0]["id"] if u["contacts"] else None, "陈述人")
            for g in groups[:1]:
                P.add_residents(self.ctx, sid, self.residents_in(g, 2), "旁听人")

        def hearing(sid: int) -> None:
            self.signin(sid)
            S.set_fields(self.ctx, sid,
                         {"end_time": "16:10", "chk_rules_stated": True, "chk_plan_presented": True,
                          "chk_questions": True, "chk_closing": rng.random() < 0.8})
            self.speeches(sid, SPEECH_LINES["hearing"][: rng.randint(4, 7)])
            if rng.random() < 0.6:
                present = sum(1 for p in P.list_participants(self.ctx.store, sid)
                              if p.attendance == "出席" and p.role == "听证代表")
                yes = rng.randint(present // 2 - 2, present)
                S.add_vote(self.ctx, sid, "同意按此方案实施", present, max(yes, 0),
                           max(0, present - yes - 2), min(2, present - yes), "举手")

        def minutes(sid: int) -> None:
            S.set_fields(self.ctx, sid, {
                "minutes_on": (meet + dt.timedelta(days=rng.choice([2, 4, 6]))).isoformat(),
                "opinions": "多数听证代表支持方案；部分代表对费用分摊和施工影响提出意见。",
                "disagreements": "低层住户的采光、费用分摊比例。",
                "recommendations": "细化费用分摊方案，施工前公示安全评估报告，低层住户给予适当补偿。",
                "signed": True,
                "refused_to_sign": "" if rng.random() < 0.8 else "1名代表因不同意方案拒绝签字"})

        def decision(sid: int) -> None:
            # the hearing gathered opinions; the body that decides is named (加装电梯: the
            # building's owners, 《民法典》第二百七十八条; wider matters: the 居民代表会议)
            body = "居民代表会议" if len(groups) > 2 else ("本幢业主" if "电梯" in title else "居委会会议")
            S.set_fields(self.ctx, sid, {"decided_by": body,
                                         "decided_on": min(meet + dt.timedelta(days=10),
                                                           self.today).isoformat(),
                                         "decision": "按修改后的方案实施，费用分摊方案另行公示。"})

        def publicity(sid: int) -> None:
            start = meet + dt.timedelta(days=14)
            objections = rng.choice([0, 0, 1, 2])
            S.set_fields(self.ctx, sid, {
                "result": "听证意见已采纳：调整电梯位置、细化分摊方案；未采纳的意见及理由已逐条说明。",
                "publicity_from": start.isoformat(),
                "publicity_until": (start + dt.timedelta(days=7)).isoformat(),
                "feedback": "公示期内收到居民意见2条，均已答复。" if objections else "",
                "objections": objections,
                "objection_received_on": (start + dt.timedelta(days=2)).isoformat() if objections else None,
                "objection_answered_on": (start + dt.timedelta(days=4)).isoformat() if objections else None})

        return self.walk("hearing", title, target,
                         [topic, notice, reps, hearing, minutes, decision, publicity],
                         {"hearing_notice": "居民要求尽快召开，经居委会会议决定提前召开",
                          "minutes_deadline": "纪要需等待陈述单位书面补充材料，延后完成",
                          "building_coverage": "该楼组代表临时外出，已电话听取意见"}, date)

    def coordination(self, target: int, spec: tuple) -> int:
        title, category, facts, term, responsible = spec
        n = len(definition("coordination").steps)
        closed = target >= n
        date = self.d(_offset_for(target, n, closed))
        meet = dt.date.fromisoformat(date)
        rng = self.rng
        overdue_variant = target == n - 1  # stuck in 回访 with an overdue item

        def intake(sid: int) -> None:
            S.set_fields(self.ctx, sid,
                         {"category": category, "application": rng.choice(["当事人申请", "居委会决定"]),
                          "received_by": "周敏", "facts": facts,
                          "received_on": (meet - dt.timedelta(days=16)).isoformat()})
            g = rng.choice(self.building_groups)[1]
            P.add_residents(self.ctx, sid, self.residents_in(g, 2), "当事人")

        def investigation(sid: int) -> None:
            S.set_fields(self.ctx, sid, {"investigated_on": (meet - dt.timedelta(days=12)).isoformat(),
                                         "investigation": "分别上门走访双方当事人，查看现场并拍照；"
                                                          "听取楼组长和邻居的意见。"})

        def notice(sid: int) -> None:
            notified = meet - dt.timedelta(days=rng.choice([7, 8, 10, 3]))
            S.set_fields(self.ctx, sid, {"start_time": "18:30", "place": "沁园居委会调解室",
                                         "notified_on": notified.isoformat(),
                                         "notice_method": "书面"})

        def meeting(sid: int) -> None:
            S.set_fields(self.ctx, sid, {"chair": "周敏", "recorder": "沈佳怡", "end_time": "20:00"})
            P.add_name(self.ctx, sid, "周敏", "调解员")
            if category in ("物业服务", "停车"):
                u = self.unit("上海沁园物业管理有限公司")
                P.add_unit(self.ctx, sid, u["id"], u["contacts"][0]["id"], "单位代表")
            if rng.random() < 0.5:
                u = self.unit("长风新村派出所")
                P.add_unit(self.ctx, sid, u["id"], u["contacts"][0]["id"], "社区民警")
            self.signin(sid, 0.0)
            self.speeches(sid, SPEECH_LINES["coordination"])

        def outcome(sid: int) -> None:
            result = "达成协议" if closed or overdue_variant or rng.random() < 0.8 else "部分达成"
            S.set_fields(self.ctx, sid, {"outcome": result, "terms": term + "；双方互相谅解，不再争执。",
                                         "referral": "人民调解委员会" if result == "部分达成" else None,
                                         "parties_signed": True})
            due1 = meet + dt.timedelta(days=7 if not overdue_variant else 5)
            F.add(self.ctx, sid, term, responsible, due1.isoformat())
            F.add(self.ctx, sid, "居委会在一个月内回访，确认履行情况", "周敏",
                  (meet + dt.timedelta(days=30)).isoformat())

        def revisit(sid: int) -> None:
            for f in F.for_session(self.ctx.store, sid):
                if f.deadline is None:  # the demo gives every item one
                    continue
                F.add_visit(self.ctx, f.id, min(self.today, dt.date.fromisoformat(f.deadline)).isoformat(),
                            VISITOR, "已履行，双方表示满意，未发生新的矛盾。")
                F.update(self.ctx, f.id, status="已完成", done_on=f.deadline)
            S.set_fields(self.ctx, sid, {"revisit_summary": "各项协议条款均已履行，双方关系缓和。"})

        sid = self.walk("coordination", title, target,
                        [intake, investigation, notice, meeting, outcome, revisit],
                        {"coordination_notice": "矛盾有激化趋势，经当事人同意提前召开",
                         "followups_on_time": "当事人出差，履行顺延，已回访确认"}, date)
        if overdue_variant:
            for f in F.for_session(self.ctx.store, sid)[:1]:
                F.update(self.ctx, f.id, status="进行中")
                F.add_visit(self.ctx, f.id, (meet + dt.timedelta(days=3)).isoformat(), VISITOR,
                            "尚未履行，当事人表示会尽快处理。")
        return sid

    def evaluation(self, target: int, spec: tuple) -> int:
        title, object_type, object_name, reporter = spec
        n = len(definition("evaluation").steps)
        closed = target >= n
        date = self.d(_offset_for(target, n, closed))
        meet = dt.date.fromisoformat(date)
        rng = self.rng

        def prepare(sid: int) -> None:
            by_assembly = object_type in ("居委会", "居委会成员")
            if object_type == "居委会成员":  # each member one row of the form, the tally and the 公示
                S.set_field(self.ctx, sid, "members", "\n".join(COMMITTEE_MEMBERS))
            S.set_fields(self.ctx, sid, {"object_type": object_type, "object_name": object_name,
                                         "period": f"{meet.year}年1月—{meet.month}月",
                                         "scale": "称职度" if object_type == "居委会成员" else "满意度",
                                         "by_assembly": by_assembly, "start_time": "09:30",
                                         "place": "沁园居委会二楼会议室",
                                         "notified_on": (meet - dt.timedelta(days=7)).isoformat()})
            if by_assembly:
                S.set_field(self.ctx, sid, "representatives_due", 30)

        def evaluators(sid: int) -> None:
            S.set_fields(self.ctx, sid, {"chair": "陈立群" if object_type != "居委会" else "黄建国",
                                         "recorder": "沈佳怡"})
            P.add_group(self.ctx, sid, self.reps_group, "评议代表")
            P.add_name(self.ctx, sid, reporter, "评议对象")

        def report(sid: int) -> None:
            S.set_fields(self.ctx, sid, {"reporter": reporter, "reviewed": object_type == "居委会",
                                         "report": "汇报本年度主要工作、取得的成效、"
                                                   "存在的不足和下一步打算。"})

        def scoring(sid: int) -> None:
            self.signin(sid, 0.12)
            grid = S.score_grid(self.ctx.store, sid)
            opts = options(grid.scale)
            weights = [5, 3, 1, 1][: len(opts)] if grid.scale != "五分制" else [3, 4, 2, 1, 0]
            k = sum(1 for p in P.list_participants(self.ctx.store, sid)
                    if p.role == "评议代表" and p.attendance == "出席")
            void = 1 if k > 10 else 0
            valid = k - void
            S.set_fields(self.ctx, sid, {"forms_issued": k, "forms_returned": k, "forms_valid": valid,
                                         "forms_void": void})
            for i, c in enumerate(grid.criteria):
                # anonymous forms: only the number of forms per option is kept. Evaluating the
                # members, a few forms leave the last member blank (未评).
                answered = valid - (2 if grid.per_member and i == len(grid.criteria) - 1 else 0)
                picks = rng.choices(opts, weights, k=max(answered, 0))
                S.set_counts(self.ctx, sid, c["id"], {o: picks.count(o) for o in opts if picks.count(o)})

        def feedback(sid: int) -> None:
            res = S.score_grid(self.ctx.store, sid).result
            assert res is not None
            fb = meet + dt.timedelta(days=rng.choice([3, 5, 8]))
            S.set_fields(self.ctx, sid, {"feedback_on": fb.isoformat(),
                                         "result_summary": f"{res.headline()}。居民主要意见："
                                                           "保洁不及时、报修响应慢、公共收益公开不够。"})

        def commitments(sid: int) -> None:
            fb = dt.date.fromisoformat(S.get(self.ctx.store, sid).data["feedback_on"])
            S.set_fields(self.ctx, sid, {"plan_on": min(fb + dt.timedelta(days=10), self.today).isoformat(),
                                         "plan_signed_by": reporter})
            first = 10 if target == n - 1 else 30  # stuck in 跟踪落实: one commitment overdue
            F.add(self.ctx, sid, "报修24小时内响应，每月公示维修情况", object_name,
                  (meet + dt.timedelta(days=first)).isoformat())
            F.add(self.ctx, sid, "每季度公示公共收益收支", object_name,
                  (meet + dt.timedelta(days=45)).isoformat())

        def publicity(sid: int) -> None:
            start = meet + dt.timedelta(days=20)
            S.set_fields(self.ctx, sid, {"publicity_from": start.isoformat(),
                                         "publicity_until": (start + dt.timedelta(days=7)).isoformat()})

        def followup(sid: int) -> None:
            for f in F.for_session(self.ctx.store, sid):
                if f.deadline is None:  # the demo gives every item one
                    continue
                F.add_visit(self.ctx, f.id, f.deadline, VISITOR, "已按承诺落实。")
                F.update(self.ctx, f.id, status="已完成", done_on=f.deadline)
            S.set_fields(self.ctx, sid, {"followup_summary": "各项整改承诺已落实，居民反映良好。"})

        return self.walk("evaluation", title, target,
                         [prepare, evaluators, report, scoring, feedback, commitments, publicity, followup],
                         {"building_coverage": "第八楼组代表因病请假，会前已书面征求意见",
                          "evaluation_attendance": "部分代表外出，经居民代表会议同意继续评议",
                          "followups_on_time": "整改涉及采购，延期完成已向居民说明"}, date)

    def pre(self, kind: str, target: int, spec: tuple, prepares: int | None) -> int:
        title, purpose, outcome = spec
        closed = target >= 3
        date = self.d(-90 - target if closed else 10 - 12 * target)
        rng = self.rng

        def prepare(sid: int) -> None:
            S.set_fields(self.ctx, sid,
                         {"purpose": purpose, "start_time": "14:00", "place": "沁园居委会二楼会议室",
                          "chair": "黄建国" if kind == "topic_consultation" else "陈立群",
                          "recorder": "沈佳怡"})

        def meeting(sid: int) -> None:
            P.add_group(self.ctx, sid, self.reps_group)
            for gid, _name in rng.sample(self.building_groups, 3):
                members = P.group_members(self.ctx.store, gid)[:1]
                P.add_residents(self.ctx, sid, members, "楼组长" if kind != "democratic_talk" else "列席")
            self.signin(sid, 0.15)
            self.speeches(sid, SPEECH_LINES["default"])
            S.set_field(self.ctx, sid, "end_time", "16:00")

        def result(sid: int) -> None:
            S.set_fields(self.ctx, sid, {"outcome": outcome, "next_step": "提交下一次会议。"})
            if kind == "supervision_review":
                S.set_field(self.ctx, sid, "suggested_criteria", "服务态度\n公共收益公开\n投诉处理")

        return self.walk(kind, title, target, [prepare, meeting, result], {}, date, prepares)


def populate(tx: Tx, rng: random.Random, today: dt.date) -> None:
    ctx = Context(tx.ctx.store, "demo")
    b = Builder(ctx, rng, today)
    firsts: dict[str, int] = {}
    for kind, specs, build in (("hearing", HEARINGS, b.hearing),
                               ("coordination", COORDINATIONS, b.coordination),
                               ("evaluation", EVALUATIONS, b.evaluation)):
        n = len(definition(kind).steps)
        for target in range(n + 1):
            sid = build(target, specs[target % len(specs)])
            if target == n:
                firsts[kind] = sid
    pairs = {"topic_consultation": "hearing", "democratic_talk": "coordination",
             "supervision_review": "evaluation"}
    for kind, pre_specs in PRE.items():
        for target in range(4):
            b.pre(kind, target, pre_specs[target], firsts.get(pairs[kind]) if target == 3 else None)
    _spread_times(tx, today)


def _spread_times(tx: Tx, today: dt.date) -> None:
    """The builder ran in a second; give each session the history a real one has: a step done
    every few days, the last one a few days ago for work in progress (one in seven left
    standing for three weeks, so 首页 has stuck sessions to show), nothing in the future."""
    rows = tx.db.execute("SELECT id, date, state FROM sessions ORDER BY id").fetchall()
    for sid, date, state in rows:
        day = dt.date.fromisoformat(date) if date else today
        if state == "closed":
            anchor = min(day + dt.timedelta(days=10), today)
        else:
            anchor = today - dt.timedelta(days=21 if sid % 7 == 0 else sid % 6)
        steps = tx.db.execute("SELECT id FROM session_steps WHERE session_id = ? AND"
                              " status = '已完成' ORDER BY id", [sid]).fetchall()
        n = len(steps)
        created = anchor - dt.timedelta(days=4 * n + 3)
        tx.db.execute("UPDATE sessions SET created_at = ? WHERE id = ?",
                      [f"{created.isoformat()}T09:00:00", sid])
        for i, (step_id,) in enumerate(steps, 1):
            done = anchor - dt.timedelta(days=4 * (n - i))
            tx.db.execute("UPDATE session_steps SET completed_at = ? WHERE id = ?",
                          [f"{done.isoformat()}T16:00:00", step_id])
