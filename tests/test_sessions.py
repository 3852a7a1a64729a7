"""Session services: one transaction per change, steps, rules, overrides, participants,
follow-ups, scores; the demo covers every kind in every state; the CLI lists them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from selfgov_desktop.domain import rules as R
from selfgov_desktop.domain import sessions as D
from selfgov_desktop.domain.errors import UserError
from selfgov_desktop.domain.workflows import WORKFLOWS, definition
from selfgov_desktop.services import followups as F
from selfgov_desktop.services import participants as P
from selfgov_desktop.services import sessions as S

from conftest import DEMO_TODAY



def _audits(ctx, action):
    return ctx.store.conn.execute("SELECT count(*) FROM audit_log WHERE action = ?", [action]).fetchone()[0]


def test_create_makes_steps_and_number(demo_ctx):
    sid = S.create(demo_ctx, "hearing", "关于测试的听证会", date="2026-12-20").data["id"]
    rec = S.get(demo_ctx.store, sid)
    assert rec.state == "topic" and rec.number.startswith("2026-听证-")
    steps = demo_ctx.store.conn.execute("SELECT step, status FROM session_steps WHERE session_id = ?"
                                        " ORDER BY id", [sid]).fetchall()
    assert [s for s, _ in steps] == [s.key for s in definition("hearing").steps]
    assert steps[0][1] == "进行中"
    with pytest.raises(UserError):
        S.create(demo_ctx, "nope", "x")
    with pytest.raises(UserError):
        S.create(demo_ctx, "hearing", "  ")


def test_set_field_columns_and_data_with_audit(demo_ctx):
    sid = S.create(demo_ctx, "hearing", "关于测试的听证会").data["id"]
    before = _audits(demo_ctx, "session.field")
    ch = S.set_fields(demo_ctx, sid, {"place": "会议室", "background": "背景", "request_count": "12",
                                      "affected_groups": ["第一楼组"]})
    assert ch.data["after"]["request_count"] == 12
    rec = S.get(demo_ctx.store, sid)
    assert rec.place == "会议室" and rec.data["background"] == "背景"
    assert rec.data["affected_groups"] == ["第一楼组"]
    assert _audits(demo_ctx, "session.field") == before + 1
    assert S.set_field(demo_ctx, sid, "place", "会议室").data["after"] == {}  # no change, no audit
    assert _audits(demo_ctx, "session.field") == before + 1
    with pytest.raises(UserError, match="日期格式"):
        S.set_field(demo_ctx, sid, "notice_posted_on", "11月3日")
    with pytest.raises(UserError, match="只能选"):
        S.set_field(demo_ctx, sid, "topic_source", "随便")
    with pytest.raises(UserError, match="没有"):
        S.set_field(demo_ctx, sid, "no_such_key", "x")


def test_advance_says_what_is_missing_and_overrides_need_a_reason(demo_ctx):
    sid = S.create(demo_ctx, "hearing", "关于测试的听证会").data["id"]
    with pytest.raises(UserError) as e:
        S.advance(demo_ctx, sid)
    assert "议题来源" in e.value.message and "涉及的楼组" in e.value.message
    S.set_fields(demo_ctx, sid, {"topic_source": "居委会提出", "background": "x",
                                 "affected_groups": ["第一楼组"]})
    S.advance(demo_ctx, sid)
    S.set_fields(demo_ctx, sid, {"date": "2026-12-05", "place": "会议室", "notice_posted_on": "2026-11-29"})
    with pytest.raises(UserError, match="听证会提前公告不符合"):
        S.advance(demo_ctx, sid)
    with pytest.raises(UserError, match="理由"):
        S.override(demo_ctx, sid, "hearing_notice", "急")
    S.override(demo_ctx, sid, "hearing_notice", "雨季前必须开工，街道要求提前")
    assert S.get(demo_ctx.store, sid).compliance == 100
    S.advance(demo_ctx, sid)
    rec = S.get(demo_ctx.store, sid)
    assert rec.state == "representatives"
    chk = {c["rule"]: c for c in rec.checks}
    assert chk["hearing_notice"]["status"] == "overridden"
    assert S.overrides(demo_ctx.store, sid)[0]["reason"].startswith("雨季")
    S.go_back(demo_ctx, sid)
    assert S.get(demo_ctx.store, sid).state == "notice"
    S.remove_override(demo_ctx, sid, "hearing_notice")
    total = sum(D.weight(r) for r in definition("hearing").all_rules())  # its share, not the whole score
    assert S.get(demo_ctx.store, sid).compliance == round(100 * (1 - 3 / total))


def test_forms_rule_cannot_be_overridden(demo_ctx):
    sid = S.create(demo_ctx, "evaluation", "评议").data["id"]
    with pytest.raises(UserError, match="不能跳过"):
        S.override(demo_ctx, sid, "forms_consistent", "就这样吧算了")


def test_participants_group_dedupe_signin_and_panel(demo_ctx):
    sid = S.create(demo_ctx, "hearing", "关于测试的听证会").data["id"]
    S.set_field(demo_ctx, sid, "affected_groups", ["第一楼组", "第二楼组"])
    reps = [g for g in P.pickable_groups(demo_ctx.store) if g["kind"] == "居民代表"][0]
    ch = P.add_group(demo_ctx, sid, reps["id"])
    assert len(ch.data["added"]) == reps["members"] == 30
    again = P.add_group(demo_ctx, sid, reps["id"])
    assert again.data["added"] == [] and "已在名单中" in again.summary
    rows = P.list_participants(demo_ctx.store, sid)
    assert {r.role for r in rows} == {"听证代表"}
    unit = P.pickable_units(demo_ctx.store)[0]
    P.add_unit(demo_ctx, sid, unit["id"], unit["contacts"][0]["id"])
    P.add_name(demo_ctx, sid, "李律师", "列席")
    with pytest.raises(UserError, match="参会角色"):
        P.add_name(demo_ctx, sid, "某某", "评议代表")
    rows = P.list_participants(demo_ctx.store, sid)
    assert rows[-2].role == "陈述人" and rows[-2].name == unit["contacts"][0]["name"]
    P.set_all_attendance(demo_ctx, sid, "出席")
    P.set_attendance(demo_ctx, rows[0].id, "请假", "住院")
    rows = P.list_participants(demo_ctx.store, sid)
    assert rows[0].attendance == "请假" and all(r.attendance for r in rows)
    panel = P.representativeness(demo_ctx.store, sid)
    assert panel.residents_taking_part == 30
    assert sum(n for _g, _roster, n in panel.groups) == 30
    assert abs(sum(o for _b, _r, o in panel.age_bands) - 1) < 1e-9
    assert panel.uncovered == []
    P.remove(demo_ctx, [r.id for r in rows if r.group_name == "第二楼组"])
    assert P.representativeness(demo_ctx.store, sid).uncovered == ["第二楼组"]


def test_search_residents_by_pinyin_initials(demo_ctx):
    name = demo_ctx.store.conn.execute("SELECT name FROM residents WHERE status = '在册' AND length(name) = 3"
                                       " LIMIT 1").fetchone()[0]
    from selfgov_desktop.domain.search import pinyin_keys
    hits = P.search_residents(demo_ctx.store, pinyin_keys(name)[1])
    assert name in [h["name"] for h in hits]
    assert P.search_residents(demo_ctx.store, "  ") == []


def test_followups_overdue_visits_and_compliance(demo_ctx):
    sid = S.create(demo_ctx, "coordination", "关于漏水的协调会").data["id"]
    a = F.add(demo_ctx, sid, "修复防水层", "602室", "2026-11-28").data["id"]
    b = F.add(demo_ctx, sid, "回访", "居委会", "2026-11-29").data["id"]
    rows = {r.id: r for r in F.for_session(demo_ctx.store, sid)}
    assert rows[a].overdue and not rows[b].overdue and rows[a].kind == "责任制"
    assert a in [r.id for r in F.overdue(demo_ctx.store)]
    F.add_visit(demo_ctx, a, "2026-11-29", "周敏", "已修好")
    F.update(demo_ctx, a, status="已完成")
    rows = {r.id: r for r in F.for_session(demo_ctx.store, sid)}
    assert rows[a].done_on == "2026-11-29" and not rows[a].overdue and len(rows[a].visits) == 1
    with pytest.raises(UserError):
        F.update(demo_ctx, a, status="搞定")
    F.remove(demo_ctx, b)
    assert [r.id for r in F.for_session(demo_ctx.store, sid)] == [a]


def test_votes_and_majority(demo_ctx):
    sid = S.create(demo_ctx, "residents_meeting", "测试居民会议").data["id"]
    assert S.add_vote(demo_ctx, sid, "同意方案", 30, 15, 10, 5).data["passed"] is False
    assert S.add_vote(demo_ctx, sid, "同意修改", 30, 16, 10, 4).data["passed"] is True
    with pytest.raises(UserError, match="多于到会"):
        S.add_vote(demo_ctx, sid, "错", 10, 8, 3, 0)
    assert [v["passed"] for v in S.votes(demo_ctx.store, sid)] == [0, 1]


def test_a_hearing_vote_records_counts_and_never_passes(demo_ctx):
    sid = S.create(demo_ctx, "hearing", "关于测试的听证会").data["id"]
    ch = S.add_vote(demo_ctx, sid, "同意修改", 30, 16, 10, 4)
    assert ch.data["passed"] is None and "通过" not in ch.summary and "赞成16" in ch.summary
    (v,) = S.votes(demo_ctx.store, sid)
    assert v["rule"] == "意向性表决" and v["passed"] is None and v["yes"] == 16


def test_criteria_template_scores_and_grid(demo_ctx):
    sid = S.create(demo_ctx, "evaluation", "物业评议", data={"object_type": "物业公司",
                                                         "scale": "满意度"}).data["id"]
    crit = S.criteria(demo_ctx.store, sid)
    assert [c["name"] for c in crit][-1] == "总体评价" and len(crit) == 7
    S.add_criterion(demo_ctx, sid, "电梯维保")
    with pytest.raises(UserError, match="已经有"):
        S.add_criterion(demo_ctx, sid, "电梯维保")
    total = S.criteria(demo_ctx.store, sid)
    overall = [c for c in total if c["name"] == "总体评价"][0]["id"]
    ch = S.set_counts(demo_ctx, sid, overall, {"满意": 2, "基本满意": 1})
    assert ch.data["before"] == {}
    again = S.set_counts(demo_ctx, sid, overall, {"满意": 2, "基本满意": 1})
    assert again.data["before"] == {"满意": 2, "基本满意": 1}
    with pytest.raises(UserError):
        S.set_counts(demo_ctx, sid, overall, {"优秀": 1})
    with pytest.raises(UserError, match="负数"):
        S.set_counts(demo_ctx, sid, overall, {"满意": -1})
    grid = S.score_grid(demo_ctx.store, sid)
    assert grid.overall.counts == {"满意": 2, "基本满意": 1, "不满意": 0}
    assert grid.overall.rate == 1.0 and grid.overall.tier == "满意"
    f = S.facts(demo_ctx.store, sid)
    assert f.anonymous_scores == 3 and f.criteria == 8
    assert f.tally_totals["总体评价"] == 3 and f.tally_totals["电梯维保"] == 0


def test_rule_settings_are_stored_and_used(demo_ctx):
    rs = S.rule_settings(demo_ctx.store)
    rs.hearing_notice_days = 3
    S.save_rule_settings(demo_ctx, rs)
    assert S.rule_settings(demo_ctx.store).hearing_notice_days == 3
    sid = S.create(demo_ctx, "hearing", "x").data["id"]
    S.set_fields(demo_ctx, sid, {"date": "2026-12-05", "notice_posted_on": "2026-12-01"})
    res, _ = S.evaluate(demo_ctx.store, sid)
    assert res == [] or res[0].rule != "hearing_notice"  # not reached yet
    S.set_fields(demo_ctx, sid,
                 {"topic_source": "居委会提出", "background": "x", "affected_groups": ["第一楼组"]})
    S.advance(demo_ctx, sid)
    res, score = S.evaluate(demo_ctx.store, sid)
    assert {c.rule: c.status for c in res}["hearing_notice"] == "pass" and score == 100
    rs.hearing_min_participants = 60
    with pytest.raises(UserError):
        S.save_rule_settings(demo_ctx, rs)
    rs.hearing_min_participants = 30
    rs.hearing_request_share_num, rs.hearing_request_share_den = 0, 5
    with pytest.raises(UserError, match="联名比例"):
        S.save_rule_settings(demo_ctx, rs)
    rs.hearing_request_share_num, rs.hearing_request_share_den = 1, 4
    S.save_rule_settings(demo_ctx, rs)
    assert "1/4" in R.explain("hearing_request", S.rule_settings(demo_ctx.store))


def test_demo_has_every_kind_in_every_state(demo_ctx):
    rows = S.list_sessions(demo_ctx.store)
    seen = {(r.kind, r.state) for r in rows}
    for kind in ("hearing", "coordination", "evaluation", "topic_consultation", "democratic_talk",
                 "supervision_review"):
        w = WORKFLOWS[kind]
        for state in [s.key for s in w.steps] + ["closed"]:
            assert (kind, state) in seen, (kind, state)
    assert any(r.overdue_followups for r in rows)
    assert any(r.compliance < 100 for r in rows)
    assert S.list_sessions(demo_ctx.store, overdue=True)
    assert all(r.kind == "hearing" for r in S.list_sessions(demo_ctx.store, kind="hearing"))
    assert all(r.state != "closed" for r in S.list_sessions(demo_ctx.store, state="open"))
    assert S.list_sessions(demo_ctx.store, year=1999) == []


def test_cli_sessions_json(demo_store, tmp_path):
    data_dir = demo_store.path.parent
    demo_store.close()
    out = subprocess.run([sys.executable, "-m", "selfgov_desktop", "--data-dir", str(data_dir), "sessions",
                          "--kind", "coordination", "--json"], capture_output=True, text=True, check=True)
    rows = json.loads(out.stdout)
    assert rows and {r["kind"] for r in rows} == {"coordination"}
    for r in rows:
        assert set(r) >= {"id", "kind", "title", "date", "state", "compliance"}
        assert len(r["date"]) == 10 and 0 <= r["compliance"] <= 100
        assert r["state"] == "closed" or r["state"] in [s.key for s in definition("coordination").steps]
    bad = subprocess.run([sys.executable, "-m", "selfgov_desktop", "--data-dir", str(data_dir), "sessions",
                          "--kind", "party"], capture_output=True, text=True)
    assert bad.returncode == 2 and "不认识的会议类型" in bad.stderr


def test_premeeting_yields_participants_and_criteria(demo_ctx):
    ev_sid = S.create(demo_ctx, "evaluation", "物业评议", data={"object_type": "物业公司"}).data["id"]
    pre = S.create(demo_ctx, "supervision_review", "物业服务监督合议会",
                   prepares_session_id=ev_sid).data["id"]
    S.set_field(demo_ctx, pre, "suggested_criteria", "电梯维保\n服务态度\n")
    reps = [g for g in P.pickable_groups(demo_ctx.store) if g["kind"] == "居民代表"][0]
    P.add_group(demo_ctx, pre, reps["id"])
    assert [p["id"] for p in S.prepared_by(demo_ctx.store, ev_sid)] == [pre]
    ch = S.take_from_premeeting(demo_ctx, ev_sid, pre)
    assert ch.data == {"participants": 30, "criteria": 1}  # 服务态度 is in the template already
    roles = {p.role for p in P.list_participants(demo_ctx.store, ev_sid)}
    assert roles == {"评议代表"}
    assert S.take_from_premeeting(demo_ctx, ev_sid, pre).data["participants"] == 0
    other = S.create(demo_ctx, "hearing", "别的").data["id"]
    with pytest.raises(UserError, match="不是为这次会议准备"):
        S.take_from_premeeting(demo_ctx, other, pre)


def test_hearing_asked_for_by_residents_is_judged_against_the_roster(demo_ctx):
    from selfgov_desktop.services import residents

    adults, households = residents.adults_and_households(demo_ctx.store, DEMO_TODAY)
    assert 0 < households < adults
    sid = S.create(demo_ctx, "hearing", "关于加装电梯的听证会").data["id"]
    need = -(-adults // 5)
    S.set_fields(demo_ctx, sid, {"topic_source": "居民提议", "request_count": str(need - 1)})
    check = {c.rule: c for c in S.evaluate(demo_ctx.store, sid)[0]}["hearing_request"]
    assert check.status == "warn" and f"成年居民{adults}人" in check.message and "还差1人" in check.message
    S.set_field(demo_ctx, sid, "request_count", str(need))
    assert {c.rule: c for c in S.evaluate(demo_ctx.store, sid)[0]}["hearing_request"].status == "pass"
    S.set_fields(demo_ctx, sid, {"request_basis": "户数", "request_count": str(-(-households // 5))})
    check = {c.rule: c for c in S.evaluate(demo_ctx.store, sid)[0]}["hearing_request"]
    assert check.status == "pass" and f"{households}户" in check.message
