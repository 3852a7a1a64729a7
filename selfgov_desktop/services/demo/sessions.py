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
from .content import (ALWAYS_PRESENT, COMMITTEE_MEMBERS, COORDINATIONS, EVALUATION_CONTENT,
                      EVALUATIONS, HEARINGS, PRE, SOCIAL_WORKER, SPEECH_LINES, VISITOR,
                      evaluation_period, publicity_until)


def _years(value: Any, year: int) -> Any:
    """`value` (strings, lists, tuples, dicts of them) with {Y} the meeting's year and {Y1}
    the next, so the demo's years follow its clock."""
    if isinstance(value, str):
        return value.replace("{Y1}", str(year + 1)).replace("{Y}", str(year))
    if isinstance(value, tuple):
        return tuple(_years(v, year) for v in value)
    if isinstance(value, list):
        return [_years(v, year) for v in value]
    if isinstance(value, dict):
        return {k: _years(v, year) for k, v in value.items()}
    return value


def _homes_in(value: Any, homes: list[tuple[int, str, str]], named_building: bool) -> Any:
    """`value` with {bld} the parties' building ("5号楼"), {a} and {b} their rooms ("602室")."""
    words = {"{bld}": homes[0][1] + "楼" if named_building else "", "{a}": homes[0][2] + "室",
             "{b}": homes[-1][2] + "室"}
    if isinstance(value, str):
        for k, v in words.items():
            value = value.replace(k, v)
        return value
    if isinstance(value, (list, tuple)):
        return type(value)(_homes_in(v, homes, named_building) for v in value)
    return value


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

    def building_facts(self, building: str) -> str:
        """"3号楼共10层45户。" from the roster, so the hearing's numbers are the roster's."""
        c = self.ctx.store.conn
        floors, households = c.execute(
            "SELECT max(CAST(substr(room, 1, length(room) - 2) AS INTEGER)), count(DISTINCT household_id)"
            " FROM residents WHERE building = ? AND status = '在册'", [building]).fetchone()
        if not households:
            return ""
        agree = households * 3 // 5
        return (f"{building}楼共{floors}层{households}户，老年居民较多。经楼组征询，"
                f"已有{agree}户同意加装电梯。")

    def party_homes(self, building: str, how: str) -> list[tuple[int, str, str]]:
        """Two adults from different households, as (resident id, building, room): "vertical",
        one directly above the other in `building`; "same", both in it; "any", anywhere (the
        first in `building` when given); "unit", one adult in `building`."""
        c = self.ctx.store.conn
        rows = c.execute(
            "SELECT r.id, r.building, r.room, r.household_id FROM residents r WHERE r.status = '在册'"
            " AND r.birth_date <= ? AND r.relation = '户主' ORDER BY r.id", [self.d(-365 * 25)]).fetchall()
        here = [r for r in rows if r[1] == building]
        if how == "vertical":
            rooms = {r[2]: r for r in here}
            pairs = [(r, rooms[str(int(r[2]) - 100)]) for r in here
                     if int(r[2]) > 200 and str(int(r[2]) - 100) in rooms]
            if pairs:
                up, down = self.rng.choice(pairs)
                return [(up[0], up[1], up[2]), (down[0], down[1], down[2])]
        first = self.rng.choice(here or rows)
        others = [r for r in (here if how == "same" and len(here) > 1 else rows) if r[3] != first[3]]
        second = self.rng.choice(others)
        if how == "unit":  # one resident; the other party is a unit
            return [(first[0], first[1], first[2])]
        return [(first[0], first[1], first[2]), (second[0], second[1], second[2])]

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

    def present(self, sid: int, role: str) -> list[Any]:
        return [p for p in P.list_participants(self.ctx.store, sid)
                if p.role == role and p.attendance == "出席"]

    def speeches(self, sid: int, lines: list[tuple[str, str, str]], speakers: dict[str, list[Any]]) -> None:
        """Record `lines` (who, stance, content), each spoken by one of `speakers[who]` (people
        present in the part `who` names); several lines for one part take turns among its
        people, so a hearing hears different representatives."""
        turns: dict[str, int] = {}
        for who, stance, content in lines:
            pool = speakers.get(who) or []
            if not pool:
                continue
            n = turns.get(who, 0)
            turns[who] = n + 1
            p = pool[(n * 3) % len(pool)] if len(pool) > 3 else pool[n % len(pool)]
            S.add_speech(self.ctx, sid, p.name, content, stance, p.id)

    def signin(self, sid: int, absent_share: float = 0.1) -> None:
        for p in P.list_participants(self.ctx.store, sid):
            r = self.rng.random()
            if p.role in ALWAYS_PRESENT:
                P.set_attendance(self.ctx, p.id, "出席")
            elif r < absent_share / 2:
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
        closed = target >= len(definition("hearing").steps)
        date = self.d(-12 if target == 4 else _offset_for(target, 7, closed))  # 4: 纪要 overdue
        meet = dt.date.fromisoformat(date)
        title, source, count, background, groups, unit_name, said = _years(spec, meet.year)
        background = background.replace("{bg}", self.building_facts("3号"))
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
            self.speeches(sid, said["speeches"][: rng.randint(4, 7)],
                          {"陈述人": self.present(sid, "陈述人"), "代表": self.present(sid, "听证代表")})
            if rng.random() < 0.6:
                present = sum(1 for p in P.list_participants(self.ctx.store, sid)
                              if p.attendance == "出席" and p.role == "听证代表")
                yes = rng.randint(present // 2 - 2, present)
                S.add_vote(self.ctx, sid, "同意按此方案实施", present, max(yes, 0),
                           max(0, present - yes - 2), min(2, present - yes), "举手")

        def minutes(sid: int) -> None:
            S.set_fields(self.ctx, sid, {
                "minutes_on": (meet + dt.timedelta(days=rng.choice([2, 4, 6]))).isoformat(),
                "opinions": said["opinions"], "disagreements": said["disagreements"],
                "recommendations": said["recommendations"],
                "signed": True,
                "refused_to_sign": "" if rng.random() < 0.8 else "1名代表因不同意方案拒绝签字"})

        def decision(sid: int) -> None:
            # the hearing gathered opinions; the body that decides is named (加装电梯: the
            # building's owners, 《民法典》第二百七十八条; wider matters: the 居民代表会议)
            body = "居民代表会议" if len(groups) > 2 else ("本幢业主" if "电梯" in title else "居委会会议")
            S.set_fields(self.ctx, sid, {"decided_by": body,
                                         "decided_on": min(meet + dt.timedelta(days=10),
                                                           self.today).isoformat(),
                                         "decision": said["decision"]})

        def publicity(sid: int) -> None:
            # closed: posted two weeks after the meeting; at this step: on the board now, for
            # two more days (首页 shows a 公示 ending soon)
            start = meet + dt.timedelta(days=14) if closed else self.today - dt.timedelta(days=4)
            objections = rng.choice([0, 0, 1, 2]) if closed else 0
            S.set_fields(self.ctx, sid, {
                "result": said["result"],
                "publicity_from": start.isoformat(),
                "publicity_until": publicity_until(start).isoformat(),
                "feedback": f"公示期内收到居民意见{objections}条，均已答复。" if objections else "",
                "objections": objections,
                "objection_received_on": (start + dt.timedelta(days=2)).isoformat() if objections else None,
                "objection_answered_on": (start + dt.timedelta(days=4)).isoformat() if objections else None})

        fillers: list[Callable[[int], None]] = [topic, notice, reps, hearing, minutes, decision, publicity]
        sid = self.walk("hearing", title, target, fillers,
                        {"hearing_notice": "居民要求尽快召开，经居委会会议决定提前召开",
                         "minutes_deadline": "纪要需等待陈述单位书面补充材料，延后完成",
                         "building_coverage": "该楼组代表临时外出，已电话听取意见"}, date)
        if target == len(fillers) - 1:  # at 结果公示: the result is on the board now
            publicity(sid)
        return sid

    def coordination(self, target: int, spec: tuple) -> int:
        title, category, facts, term, responsible, (building, how), said = spec
        n = len(definition("coordination").steps)
        closed = target >= n
        date = self.d(_offset_for(target, n, closed))
        meet = dt.date.fromisoformat(date)
        rng = self.rng
        overdue_variant = target == n - 1  # stuck in 回访 with an overdue item
        homes = self.party_homes(building, how)
        title, facts, term, responsible, lines = _homes_in(
            (title, facts, term, responsible, said), homes, bool(building))

        def intake(sid: int) -> None:
            S.set_fields(self.ctx, sid,
                         {"category": category, "application": rng.choice(["当事人申请", "居委会决定"]),
                          "received_by": "周敏", "facts": facts,
                          "received_on": (meet - dt.timedelta(days=16)).isoformat()})
            for rid, _b, _room in homes:  # 甲 then 乙, in this order on every document
                P.add_residents(self.ctx, sid, [rid], "当事人")
            if how == "unit":
                u = self.unit("上海沁园物业管理有限公司")
                P.add_unit(self.ctx, sid, u["id"], u["contacts"][-1]["id"], "当事人")

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
            if category == "停车":  # the company that allocates the spaces
                u = self.unit("上海沁园物业管理有限公司")
                P.add_unit(self.ctx, sid, u["id"], u["contacts"][0]["id"], "单位代表")
            if rng.random() < 0.5:
                u = self.unit("长风新村派出所")
                P.add_unit(self.ctx, sid, u["id"], u["contacts"][0]["id"], "社区民警")
            self.signin(sid, 0.0)
            parties = self.present(sid, "当事人")
            self.speeches(sid, lines, {"甲": parties[:1], "乙": parties[1:2],
                                       "调解员": self.present(sid, "调解员")})

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
                         "followups_on_time": "个别条款延后几天履行，已回访确认"}, date)
        if overdue_variant:
            for f in F.for_session(self.ctx.store, sid)[:1]:
                F.update(self.ctx, f.id, status="进行中")
                F.add_visit(self.ctx, f.id, (meet + dt.timedelta(days=3)).isoformat(), VISITOR,
                            "尚未履行，当事人表示会尽快处理。")
        return sid

    def evaluation(self, target: int, spec: tuple) -> int:
        title, object_type, object_name, reporter, period_kind = spec
        n = len(definition("evaluation").steps)
        closed = target >= n
        date = self.d(_offset_for(target, n, closed))
        meet = dt.date.fromisoformat(date)
        rng = self.rng
        year, part, period = evaluation_period(period_kind, meet)
        title = title.replace("{Y}", str(year)).replace("{part}", part)
        opinions, promises = EVALUATION_CONTENT[object_type]

        def prepare(sid: int) -> None:
            by_assembly = object_type in ("居委会", "居委会成员")
            if object_type == "居委会成员":  # each member one row of the form, the tally and the 公示
                S.set_field(self.ctx, sid, "members", "\n".join(COMMITTEE_MEMBERS))
            S.set_fields(self.ctx, sid, {"object_type": object_type, "object_name": object_name,
                                         "period": period,
                                         "scale": "称职度" if object_type == "居委会成员" else "满意度",
                                         "by_assembly": by_assembly, "start_time": "09:30",
                                         "place": "沁园居委会二楼会议室",
                                         "notified_on": (meet - dt.timedelta(days=7)).isoformat()})
            if by_assembly:
                S.set_field(self.ctx, sid, "representatives_due", 30)

        def evaluators(sid: int) -> None:
            # nobody chairs or records their own evaluation: the Party secretary chairs and a
            # social worker (社区工作者, not a member) records when the committee is evaluated
            own = object_type in ("居委会", "居委会成员")
            S.set_fields(self.ctx, sid, {"chair": "黄建国" if own else "陈立群",
                                         "recorder": SOCIAL_WORKER if own else "沈佳怡"})
            P.add_group(self.ctx, sid, self.reps_group, "评议代表")
            P.add_name(self.ctx, sid, reporter, "评议对象")

        def report(sid: int) -> None:
            S.set_fields(self.ctx, sid, {"reporter": reporter, "reviewed": object_type == "居委会",
                                         "report": f"汇报{period}的主要工作、取得的成效、"
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
            # the result itself is in the counts; the summary is what the residents said
            fb = meet + dt.timedelta(days=rng.choice([3, 5, 8]))
            S.set_fields(self.ctx, sid, {"feedback_on": fb.isoformat(),
                                         "result_summary": f"{opinions}。"})

        def commitments(sid: int) -> None:
            fb = dt.date.fromisoformat(S.get(self.ctx.store, sid).data["feedback_on"])
            S.set_fields(self.ctx, sid, {"plan_on": min(fb + dt.timedelta(days=10), self.today).isoformat(),
                                         "plan_signed_by": reporter})
            first = 10 if target == n - 1 else 30  # stuck in 跟踪落实: one commitment overdue
            F.add(self.ctx, sid, promises[0], object_name, (meet + dt.timedelta(days=first)).isoformat())
            F.add(self.ctx, sid, promises[1], object_name, (meet + dt.timedelta(days=45)).isoformat())

        def publicity(sid: int) -> None:
            # three weeks after the meeting, or yesterday for the one at this step (on the board)
            start = min(meet + dt.timedelta(days=20), self.today - dt.timedelta(days=1))
            S.set_fields(self.ctx, sid, {"publicity_from": start.isoformat(),
                                         "publicity_until": publicity_until(start).isoformat()})

        def followup(sid: int) -> None:
            for f in F.for_session(self.ctx.store, sid):
                if f.deadline is None:  # the demo gives every item one
                    continue
                F.add_visit(self.ctx, f.id, f.deadline, VISITOR, "已按承诺落实。")
                F.update(self.ctx, f.id, status="已完成", done_on=f.deadline)
            S.set_fields(self.ctx, sid, {"followup_summary": "各项整改承诺已落实，居民反映良好。"})

        fillers: list[Callable[[int], None]] = [prepare, evaluators, report, scoring, feedback, commitments,
                                                 publicity, followup]
        sid = self.walk("evaluation", title, target, fillers,
                        {"building_coverage": "第八楼组代表因病请假，会前已书面征求意见",
                         "evaluation_attendance": "部分代表外出，经居民代表会议同意继续评议",
                         "followups_on_time": "整改涉及采购，延期完成已向居民说明"}, date)
        if target == fillers.index(publicity):  # at 结果公示: the result is on the board now
            publicity(sid)
        return sid

    def pre(self, kind: str, target: int, spec: tuple, prepares: int | None) -> int:
        title, purpose, outcome = spec
        closed = target >= 3
        date = self.d(-90 - target if closed else 10 - 12 * target)
        month = dt.date.fromisoformat(date).month
        title = title.replace("{season}", f"第{'一二三四'[(month - 1) // 3]}季度")
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
            people = [p for p in P.list_participants(self.ctx.store, sid) if p.attendance == "出席"]
            self.speeches(sid, [("", stance, content) for stance, content in SPEECH_LINES], {"": people})
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
