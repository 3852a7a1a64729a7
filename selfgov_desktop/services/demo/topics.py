"""Demo 议题库, 居民会议 / 居民代表会议 and 四议两公开: topics in every state (with a merged
duplicate and one raised by more than 1/5 of the households), a 居民会议 that reached its
quorum and one that did not, a 居民代表会议, one matter that completed 四议两公开 and one
still missing steps. Built through the real services, as the 三会 demo is."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from .. import decisions as D
from .. import followups as F
from .. import participants as P
from .. import sessions as S
from .. import topics as T
from ...domain.workflows.meetings import attending_of
from ..base import Context, Tx
from ..topics import Raiser

CHAIR, RECORDER = "陈立群", "沈佳怡"
PLACE = "沁园居委会二楼会议室"


class Builder:
    def __init__(self, ctx: Context, rng: random.Random, today: dt.date) -> None:
        self.ctx, self.rng, self.today = ctx, rng, today
        c = ctx.store.conn
        self.residents = [r for r in c.execute(
            "SELECT id, household_id, building_group_id FROM residents WHERE status = '在册'"
            " AND birth_date <= ? ORDER BY id", [(today - dt.timedelta(days=365 * 20)).isoformat()])]

    def day(self, offset: int) -> str:
        return (self.today + dt.timedelta(days=offset)).isoformat()

    def some_residents(self, n: int, distinct_households: bool = False) -> list[Raiser]:
        pool = list(self.residents)
        self.rng.shuffle(pool)
        out, seen = [], set()
        for rid, hh, _g in pool:
            if distinct_households and hh in seen:
                continue
            seen.add(hh)
            out.append(Raiser(resident_id=rid))
            if len(out) >= n:
                break
        return out

    def session_like(self, kind: str, text: str, held_by: int | None = None) -> int | None:
        """A demo 三会 session on the same subject; with held_by, only one closed by that day
        (so a topic's path never links a meeting that happens after it)."""
        sql = "SELECT id FROM sessions WHERE kind = ? AND title LIKE ?"
        args: list[Any] = [kind, f"%{text}%"]
        if held_by is not None:
            sql += " AND state = 'closed' AND date <= ?"
            args.append(self.day(held_by))
        row = self.ctx.store.conn.execute(sql + " ORDER BY id LIMIT 1", args).fetchone()
        return row[0] if row else None

    def topic(self, title: str, channel: str, raisers: list[Raiser], raised: int, category: str,
              description: str = "") -> int:
        return T.collect(self.ctx, title, channel=channel, raisers=raisers, raised_on=self.day(raised),
                         category=category, description=description).data["id"]

    # -- meetings -------------------------------------------------------------------------------
    def meeting(self, kind: str, title: str, offset: int, agenda: str, base_kind: str,
                attending: int | None, votes: list[tuple[str, float]], resolutions: str,
                topic_id: int | None = None) -> int:
        """A 居民(代表)会议 from agenda to 决议公开; votes: (motion, share of yes)."""
        ctx = self.ctx
        date = self.day(offset)
        sid = S.create(ctx, kind, title, date=date, topic_id=topic_id).data["id"]
        S.set_fields(ctx, sid, {"agenda": agenda, "start_time": "18:30", "place": "沁园小区中心广场"
                                if kind == "residents_meeting" else PLACE,
                                "agenda_published_on": self.day(offset - 10)})
        S.advance(ctx, sid)
        if kind == "representatives_meeting":
            reps = ctx.store.conn.execute(
                "SELECT id FROM groups WHERE kind = '居民代表' ORDER BY id").fetchone()[0]
            P.add_group(ctx, sid, reps, "居民代表")
        D.apply_meeting_base(ctx, sid, base_kind)
        S.set_fields(ctx, sid, {"chair": CHAIR, "recorder": RECORDER})
        S.advance(ctx, sid)
        if kind == "representatives_meeting":
            for i, p in enumerate(P.list_participants(ctx.store, sid)):
                if i % 9 == 4:
                    P.set_attendance(ctx, p.id, "请假", "外出")
                elif i % 13 == 7:  # a 居民代表 attends in person: none by proxy
                    P.set_attendance(ctx, p.id, "缺席")
                else:
                    P.set_attendance(ctx, p.id, "出席")
        else:
            S.set_field(ctx, sid, "attending", attending)
        S.advance(ctx, sid)
        present = attending_of(S.facts(ctx.store, sid))  # as the quorum counts them
        if votes:
            for motion, share in votes:
                yes = int(present * share)
                no = (present - yes) // 3
                S.add_vote(ctx, sid, motion, present, yes, no, present - yes - no)
        else:
            S.set_field(ctx, sid, "no_decision", True)
        S.advance(ctx, sid)
        S.set_fields(ctx, sid, {"end_time": "20:10", "minutes_on": self.day(offset + 2),
                                "resolutions": resolutions, "signed": True})
        S.advance(ctx, sid)
        S.set_fields(ctx, sid, {"resolution_text": resolutions, "publicity_from": self.day(offset + 3),
                                "publicity_until": self.day(offset + 11)})
        if offset + 11 < 0:
            S.advance(ctx, sid)
        return sid


def populate(tx: Tx, rng: random.Random, today: dt.date) -> None:
    ctx = Context(tx.ctx.store, "demo")
    _build(Builder(ctx, rng, today))


def _build(b: Builder) -> None:
    ctx = b.ctx
    n_households = ctx.store.conn.execute(
        "SELECT count(DISTINCT household_id) FROM residents WHERE status = '在册'").fetchone()[0]

    # 办结 through 四议两公开 and the yearly 居民会议 that reached its quorum. Its year is the
    # year of that meeting on the demo's clock; the plan's items are none of the hearings'.
    year = int(b.day(-240)[:4])
    plan = f"{year}年度小区公共收益使用计划"
    income = b.topic(f"{year}年度小区公共收益使用", "居委会",
                     [Raiser(name="沁园小区业主委员会", residents_count=1)],
                     -300, "公共收益", f"{year - 1}年度公共收益结余约36万元，如何使用需要全体居民决定。")
    income_more = b.some_residents(12)
    T.add_raisers(ctx, income, income_more, channel="议题征询会", raised_on=b.day(-290))
    T.move(ctx, income, "形成议题", on=b.day(-285), note="年初议题征询会确定列入年度议题")
    hearing = b.session_like("hearing", "公共收益", held_by=-270)
    if hearing:
        T.link_session(ctx, income, hearing, on=b.day(-270))
    else:
        T.move(ctx, income, "协商", on=b.day(-270))
    m1 = D.create(ctx, plan, topic_id=income).data["id"]
    D.save_step(ctx, m1, "proposal", date=b.day(-262),
                record="居民区党总支提议：结余公共收益用于楼道墙面粉刷、绿化补种和监控补点。")
    D.save_step(ctx, m1, "committees", date=b.day(-258), record="党总支、居委会联席会议商议，形成使用方案。",
                numbers={"members": 9, "present": 8, "yes": 8})
    D.save_step(ctx, m1, "party_congress", date=b.day(-251), record="居民区党员大会审议方案。",
                numbers={"members_due": 86, "present": 64, "yes": 61})
    rm1 = b.meeting("residents_meeting", f"{year}年沁园居民区居民会议", -240,
                    f"一、居委会年度工作报告；二、审议{plan}；三、听取居民意见。",
                    "每户派代表", int(n_households * 0.58),
                    [(plan, 0.86)],
                    f"居民会议表决通过{plan}：楼道墙面粉刷15万元、绿化补种12万元、"
                    "监控补点9万元。", topic_id=income)
    v = S.votes(ctx.store, rm1)[0]
    D.save_step(ctx, m1, "assembly", date=b.day(-240), session_id=rm1, record="居民会议表决通过。",
                numbers={"base": S.get(ctx.store, rm1).data["base_size"], "attending": v["base"],
                         "yes": v["yes"], "no": v["no"], "abstain": v["abstain"]})
    D.save_step(ctx, m1, "resolution_notice", date=b.day(-237),
                record="在居务公开栏和各楼道公开决议内容及表决情况。",
                numbers={"posted_from": b.day(-237), "posted_until": b.day(-229)})
    T.move(ctx, income, "决定", on=b.day(-240), decision=f"居民会议通过{plan}。")
    for item, who, due in (("楼道墙面粉刷（24个楼道）", "上海沁园物业管理有限公司", -150),
                           ("绿化补种", "上海沁园物业管理有限公司", -120),
                           ("监控补点9处", "上海沁园物业管理有限公司", -100)):
        fid = T.add_followup(ctx, income, item, who, b.day(due), on=b.day(-235)).data["id"]
        F.update(ctx, fid, status="已完成", done_on=b.day(due - 5))
    T.move(ctx, income, "项目/落实", on=b.day(-230))
    D.save_step(ctx, m1, "result_notice", date=b.day(-60), record="公开三个项目的实施结果和费用决算。",
                numbers={"posted_from": b.day(-60), "posted_until": b.day(-50)})
    T.move(ctx, income, "办结", on=b.day(-50), note="三个项目完成，实施结果已公开")

    # 落实: the stairwell lights, decided after their hearing (closed in the 三会 demo).
    lights = b.topic("楼道公共照明改造", "楼组", b.some_residents(11), -130, "小区改造",
                     "楼道声控灯损坏多，晚上上下楼不安全。")
    T.move(ctx, lights, "形成议题", on=b.day(-93), note="议题征询会确定提交听证会")
    h = b.session_like("hearing", "照明", held_by=-60)
    if h:
        T.link_session(ctx, lights, h, on=b.day(-67))
    else:
        T.move(ctx, lights, "协商", on=b.day(-67))
    T.move(ctx, lights, "决定", on=b.day(-57),
           decision="居委会会议决定：楼道灯更换为可调亮度的感应式LED灯，先试装后推开。")
    fid = T.add_followup(ctx, lights, "在19号楼试装可调亮度的LED灯", "上海沁园物业管理有限公司",
                         b.day(-40), on=b.day(-55)).data["id"]
    F.update(ctx, fid, status="已完成", done_on=b.day(-42))
    T.add_followup(ctx, lights, "第七、第八楼组楼道灯全部更换", "上海沁园物业管理有限公司", b.day(20),
                   on=b.day(-40))
    T.move(ctx, lights, "项目/落实", on=b.day(-55))

    # 协商: the lift, whose hearing is being prepared now; its 四议两公开 matter still missing steps.
    lift = b.topic("3号楼加装电梯", "楼组", b.some_residents(18), -200, "加装电梯",
                   "3号楼老年居民多，上下楼困难，希望加装电梯。")
    T.move(ctx, lift, "形成议题", on=b.day(-30), note="加装电梯议题征询会后确定")
    h = b.session_like("hearing", "加装电梯")
    if h:
        T.link_session(ctx, lift, h, on=b.day(-5))
    m2 = D.create(ctx, "3号楼加装电梯费用分摊和公共部位使用", topic_id=lift).data["id"]
    D.save_step(ctx, m2, "proposal", date=b.day(-20), record="党总支提议按楼层系数分摊。")
    D.save_step(ctx, m2, "committees", date=b.day(-14), record="两委联席会议商议。",
                numbers={"members": 9, "present": 7, "yes": 6})

    # 协商: parking, raised by more than 1/5 of the households; a duplicate merged in; and a
    # 居民会议 on it that did not reach its quorum.
    parking = b.topic("夜间停车难", "走访",
                      b.some_residents(int(n_households * 0.22) + 1, distinct_households=True),
                      -150, "停车交通", "夜间车位不足，消防通道被占。")
    dup = b.topic("希望增加地面车位", "网上", [Raiser(name="沁园业主群留言", residents_count=17)], -140,
                  "停车交通")
    T.merge(ctx, parking, [dup], on=b.day(-138))
    T.move(ctx, parking, "形成议题", on=b.day(-135))
    T.move(ctx, parking, "协商", on=b.day(-70), note="楼组长会议讨论停车管理方案")
    rm = b.meeting("residents_meeting", "关于小区停车管理方案的居民会议", -25,
                   "审议小区停车管理方案（外来车辆收费、错时停车、禁停区）。", "全体 18 周岁以上居民",
                   int(len(b.residents) * 0.31), [],
                   "到会人数没有超过应到人数的一半，会议不能作出决定。会上通报了方案，听取了意见；"
                   "方案将修改后提交听证会再议。")
    T.link_session(ctx, parking, rm, on=b.day(-25))
    h = b.session_like("hearing", "停车")
    if h:
        T.link_session(ctx, parking, h, on=b.day(-12))  # the hearing being prepared now

    # 协商 at a hearing: the refuse room.
    bins = b.topic("垃圾箱房迁移", "来访", b.some_residents(9), -120, "环境卫生",
                   "12号楼旁垃圾箱房异味大，希望迁移。")
    T.move(ctx, bins, "形成议题", on=b.day(-110))
    h = b.session_like("hearing", "垃圾箱房")
    if h:
        T.link_session(ctx, bins, h, on=b.day(-20))

    # 决定: decided by a 居民代表会议.
    pact = b.topic("修订居民公约", "楼组", b.some_residents(5), -120, "其他",
                   "现行居民公约制定已久，需要补充文明养犬、电动自行车停放充电等内容。")
    T.move(ctx, pact, "形成议题", on=b.day(-110))
    rep = b.meeting("representatives_meeting", "第十二届居民代表会议第二次会议", -45,
                    "审议《沁园小区居民公约》修订稿。", "在任居民代表", None,
                    [("通过《沁园小区居民公约》修订稿", 0.8)],
                    "居民代表会议通过《沁园小区居民公约》修订稿，自公布之日起施行。", topic_id=None)
    T.link_session(ctx, pact, rep, on=b.day(-45))
    T.move(ctx, pact, "决定", on=b.day(-44), decision="居民代表会议通过《沁园小区居民公约》修订稿。")

    # 形成议题, 征集 and 不予立项.
    meals = b.topic("增设老年助餐点", "议题征询会", b.some_residents(6), -60, "为老服务")
    T.move(ctx, meals, "形成议题", on=b.day(-40))
    b.topic("小区门口增设快递柜", "电话",
            [Raiser(name="周女士"), Raiser(name="12号楼居民", residents_count=4)],
            -8, "其他")
    b.topic("楼道堆物清理", "楼组", b.some_residents(3), -3, "安全")
    green = b.topic("把中心绿地改建为停车场", "来访", [Raiser(name="张先生", residents_count=2)], -100,
                    "停车交通")
    T.reject(ctx, green,
             "中心绿地属于规划绿地，不能改变用途；已当面答复提出人，停车问题并入“夜间停车难”议题协商。",
             on=b.day(-95))


def summary(store: Any) -> dict[str, int]:  # pragma: no cover - a debugging aid
    return {r[0]: r[1] for r in store.conn.execute("SELECT state, count(*) FROM topics GROUP BY state")}
