"""The procedure definitions are consistent data; the step logic and tallies are right."""

from __future__ import annotations

import datetime as dt

import pytest

from selfgov_desktop.domain import evaluation as ev
from selfgov_desktop.domain import paper as PP
from selfgov_desktop.domain import rules as R
from selfgov_desktop.domain import sessions as D
from selfgov_desktop.domain.model import SessionKind
from selfgov_desktop.domain.workflows import (FIELD_TYPES, PANELS, SESSION_COLUMNS, WORKFLOWS,
                                              definition, state_label)
from selfgov_desktop.domain.errors import UserError

KINDS = ["hearing", "coordination", "evaluation", "topic_consultation", "democratic_talk",
         "supervision_review"]
NEED_KINDS = {"participants", "signin", "speeches", "votes", "criteria", "scores", "followups",
              "followups_closed", "followups_visited", "publicity_ended"}
SOURCES = ("《中华人民共和国城市居民委员会组织法》", "《上海市居民委员会工作条例》", "制度试行办法》", "惯例",
           "三会三制", "《中华人民共和国民法典》", "《中国共产党")


def test_every_kind_is_defined_with_the_model_keys():
    assert set(KINDS) <= set(WORKFLOWS)
    for k in KINDS:
        assert SessionKind(k).label == definition(k).label


def test_unknown_kind_is_a_user_error():
    with pytest.raises(UserError, match="不认识的会议类型"):
        definition("party")


@pytest.mark.parametrize("kind", KINDS)
def test_definition_is_consistent(kind):
    w = definition(kind)
    keys = [s.key for s in w.steps]
    assert len(keys) == len(set(keys)) and "closed" not in keys
    assert w.default_role in w.roles
    assert all(r in w.roles for r in w.group_roles.values())
    seen_fields: dict[str, str] = {}
    for s in w.steps:
        assert s.title and s.help
        assert any(src in s.help for src in SOURCES), f"{kind}.{s.key} help names no source"
        assert set(s.panels) <= set(PANELS)
        assert all(r in R.RULES for r in s.rules)
        assert all(n.kind in NEED_KINDS and n.message for n in s.needs)
        for n in s.needs:
            if n.role:
                assert n.role in w.roles
        if s.document:
            assert s.document_title
        for f in s.fields:
            assert f.type in FIELD_TYPES
            if f.type == "choice":
                assert f.choices
            if f.required_if:
                assert f.required_if[0] in w.all_fields()
            # A data key means the same thing wherever it appears.
            assert seen_fields.setdefault(f.key, f.type) == f.type
    if kind in ("hearing", "coordination", "evaluation"):
        assert w.rule_system and w.pairs_with
    if "building_coverage" in w.all_rules():
        assert w.coverage_role in w.roles
    panels = {p for s in w.steps for p in s.panels}
    assert w.paper_forms[0] == "signin" and set(w.paper_forms) <= set(PP.FORM_KINDS)
    assert ("ballot" in w.paper_forms) == ("votes" in panels)
    assert ("evaluation" in w.paper_forms) == ("criteria" in panels)
    assert ("tally" in w.paper_forms) == ("ballot" in w.paper_forms or "evaluation" in w.paper_forms)


def test_every_rule_and_need_has_its_one_judge():
    """The registries are complete: each rule of domain.rules.RULES is judged by one
    registered function, each Need kind by one (an unknown key fails loudly)."""
    from typing import get_args

    from selfgov_desktop.domain.workflows.base import NeedKind

    assert set(D.RULE_EVALUATORS) == set(R.RULES)
    assert set(D.NEED_CHECKS) == set(get_args(NeedKind))
    facts = _facts("hearing", "topic")
    with pytest.raises(ValueError, match="unknown rule"):
        D.evaluate_rule("no_such_rule", facts, R.RuleSettings())


def test_pairs_point_both_ways():
    for k in KINDS:
        w = definition(k)
        assert definition(w.pairs_with).pairs_with == w.kind


def test_coordination_is_private_by_default():
    assert definition("coordination").public is False
    assert definition("hearing").public is True


def test_state_labels():
    assert state_label("hearing", "notice") == "会前公告"
    assert state_label("hearing", "closed") == "已办结"
    w = definition("hearing")
    assert w.next_key("publicity") == "closed" and w.next_key("topic") == "notice"


def _facts(kind, state, **kw):
    return D.SessionFacts(kind=kind, state=state, today=dt.date(2026, 11, 29), **kw)


def test_missing_fields_and_conditional_ones():
    w = definition("hearing")
    f = _facts("hearing", "topic", values={"title": "x", "topic_source": "居民提议"})
    miss = D.missing(w, "topic", f)
    assert "填写“提议居民人数”" in miss and "填写“事项和背景”" in miss
    f.values["topic_source"] = "居委会提出"
    assert "填写“提议居民人数”" not in D.missing(w, "topic", f)


def test_missing_bool_says_tick():
    w = definition("hearing")
    miss = D.missing(w, "minutes", _facts("hearing", "minutes", values={}))
    assert "勾选“主持人和听证代表已签字”" in miss


def test_participant_needs_count_roles():
    w = definition("coordination")
    f = _facts("coordination", "intake", values={},
               participants=[D.ParticipantFact("当事人", name="甲"), D.ParticipantFact("列席", name="乙")])
    assert any("至少添加两方当事人" in m and "现在1名" in m for m in D.missing(w, "intake", f))
    f.participants.append(D.ParticipantFact("当事人", name="丙"))
    assert not any("当事人" in m for m in D.missing(w, "intake", f))


def test_signin_names_who_is_missing():
    w = definition("hearing")
    f = _facts("hearing", "hearing", values={"chk_rules_stated": True, "chk_plan_presented": True},
               participants=[D.ParticipantFact("听证代表", "出席", name="张三"),
                             D.ParticipantFact("听证代表", "", name="李四")], speeches=1)
    miss = D.missing(w, "hearing", f)
    assert miss == ["给每位参会人员签到（出席、缺席或请假）：还没签到的有 李四"]


def test_scores_need_counts_for_every_criterion_but_members_may_be_blank():
    w = definition("evaluation")
    vals = {"forms_issued": 3, "forms_returned": 3, "forms_valid": 3}
    f = _facts("evaluation", "scoring", values=vals, criteria=2,
               participants=[D.ParticipantFact("评议代表", "出席", name=str(i)) for i in range(3)])
    assert any("录入计票结果" in m for m in D.missing(w, "scoring", f))
    f.anonymous_scores, f.tally_totals = 3, {"态度": 3, "效率": 0}
    assert any("效率" in m for m in D.missing(w, "scoring", f))
    f.tally_totals = {"态度": 3, "效率": 3}
    assert D.missing(w, "scoring", f) == []
    f.values = {**vals, "object_type": "居委会成员"}
    f.tally_totals = {"甲": 3, "乙": 0}  # nobody rated 乙: shown as 未评, not missing
    assert D.missing(w, "scoring", f) == []


def test_followup_needs_apply_only_when_agreed():
    w = definition("coordination")
    f = _facts("coordination", "revisit", values={"outcome": "未达成"})
    assert D.missing(w, "revisit", f) == []
    f.values["outcome"] = "达成协议"
    f.followups = [D.FollowupFact("修水管", "已完成", "2026-11-20", "2026-11-19", 0)]
    assert D.missing(w, "revisit", f) == ["每个跟踪事项至少回访一次：还没回访的有 修水管"]


def test_checks_only_for_reached_steps_and_overrides():
    w = definition("hearing")
    vals = {"date": "2026-11-29", "notice_posted_on": "2026-11-25", "minutes_on": None}
    f = _facts("hearing", "notice", values=vals)
    res = D.checks(w, f, R.RuleSettings())
    assert [c.rule for c in res] == ["hearing_request", "hearing_notice"]
    assert res[0].status == "pending"  # not asked for by residents: not judged, not counted
    assert res[1].status == "fail"
    # the late notice costs its share of the hearing's weights, not the whole score
    total = sum(D.weight(r) for r in w.all_rules())
    assert D.compliance(res, w) == round(100 * (1 - R.RULES["hearing_notice"].weight / total))
    assert 0 < D.compliance(res, w) < 100
    assert D.blocking(res, "notice")
    f.overrides = {"hearing_notice": "突发漏水，需尽快听证"}
    res = D.checks(w, f, R.RuleSettings())
    assert res[1].status == "overridden" and res[1].reason.startswith("突发")
    assert D.compliance(res, w) == 100 and not D.blocking(res, "notice")


def test_compliance_weighs_each_check_warnings_half_and_ignores_pending():
    def mk(rule, s):
        return D.Check(rule, "t", "x", s, "")
    assert D.compliance([]) == 100
    # weights: hearing_notice 3, publicity_period 2, hearing_participants 1
    assert D.compliance([mk("publicity_period", "pass"), mk("hearing_notice", "fail")]) == 40
    assert D.compliance([mk("publicity_period", "pass"), mk("hearing_participants", "warn"),
                         mk("hearing_notice", "pending")]) == round(100 * (1 - 0.5 / 6))
    assert D.compliance([mk("hearing_notice", "overridden"), mk("publicity_period", "pass")]) == 100
    # a 协调会 whose notice was late without a reason is not a zero
    w = definition("coordination")
    assert 0 < D.compliance([mk("coordination_notice", "fail")], w) < 100


def test_evaluation_attendance_only_by_assembly():
    w = definition("evaluation")
    reps = [D.ParticipantFact("评议代表", "出席" if i < 20 else "缺席", "第一楼组", str(i))
            for i in range(30)]
    f = _facts("evaluation", "scoring", values={"by_assembly": False}, participants=reps)
    chk = {c.rule: c for c in D.checks(w, f, R.RuleSettings())}
    assert chk["evaluation_attendance"].status == "pending"
    f.values["by_assembly"] = True
    chk = {c.rule: c for c in D.checks(w, f, R.RuleSettings())}
    assert chk["evaluation_attendance"].status == "pass"  # exactly 20 of 30
    f.values["representatives_due"] = 31
    chk = {c.rule: c for c in D.checks(w, f, R.RuleSettings())}
    assert chk["evaluation_attendance"].status == "fail"


def test_evaluation_coverage_defaults_to_every_group():
    w = definition("evaluation")
    f = _facts("evaluation", "evaluators", values={}, all_groups=["第一楼组", "第二楼组"],
               participants=[D.ParticipantFact("评议代表", group="第一楼组")])
    chk = {c.rule: c for c in D.checks(w, f, R.RuleSettings())}
    assert chk["building_coverage"].status == "fail" and "第二楼组" in chk["building_coverage"].message


def test_vote_check_flags_impossible_counts():
    w = definition("residents_meeting")
    f = _facts("residents_meeting", "motions", values={}, votes=[D.VoteFact("同意方案", 10, 8, 3, 0)])
    chk = {c.rule: c for c in D.checks(w, f, R.RuleSettings())}
    assert chk["vote_majority"].status == "fail"
    f.votes = [D.VoteFact("同意方案", 10, 5, 5, 0)]
    chk = {c.rule: c for c in D.checks(w, f, R.RuleSettings())}
    assert chk["vote_majority"].status == "pass" and "未通过" in chk["vote_majority"].message


def test_a_hearing_vote_is_a_straw_poll_never_passed():
    w = definition("hearing")
    assert not w.votes_decide and "vote_majority" not in w.all_rules()
    f = _facts("hearing", "hearing", values={}, votes=[D.VoteFact("同意方案", 10, 8, 1, 1)])
    chk = {c.rule: c for c in D.checks(w, f, R.RuleSettings())}
    assert chk["straw_poll"].status == "pass"
    assert "意向性表决" in chk["straw_poll"].message and "赞成8" in chk["straw_poll"].message
    assert "通过" not in chk["straw_poll"].message
    f.votes = [D.VoteFact("同意方案", 10, 8, 3, 0)]
    assert {c.rule: c for c in D.checks(w, f, R.RuleSettings())}["straw_poll"].status == "fail"


# -- tallies ---------------------------------------------------------------------------------

def test_satisfaction_rate_and_tier():
    t = ev.tally("满意度", {"满意": 20, "基本满意": 12, "不满意": 8})
    assert t.valid == 40 and t.rate == pytest.approx(32 / 40) and t.tier == "满意"
    assert t.rate_text() == "80.0%"


def test_rate_uses_valid_forms_when_given():
    t = ev.tally("满意度", {"满意": 20, "基本满意": 10}, valid=40)
    assert t.rate == pytest.approx(0.75)


def test_tier_tie_goes_to_less_favourable():
    assert ev.result_tier("满意度", {"满意": 10, "基本满意": 10, "不满意": 2}) == "基本满意"
    assert ev.result_tier("称职度", {"优秀": 3, "称职": 9, "基本称职": 1}) == "称职"
    assert ev.result_tier("满意度", {}) is None


def test_member_and_five_point_scales():
    t = ev.tally("称职度", {"优秀": 5, "称职": 3, "基本称职": 1, "不称职": 1})
    assert t.rate == pytest.approx(0.8) and t.tier == "优秀"
    f = ev.tally("五分制", {"5": 2, "4": 1, "3": 1})
    assert f.mean == pytest.approx(17 / 4) and f.rate == pytest.approx(0.75)
    assert ev.tally("满意度", {}).rate is None


def test_overall_prefers_the_overall_criterion():
    per = {"服务态度": {"满意": 9}, "总体评价": {"基本满意": 5, "满意": 2}}
    assert ev.overall("满意度", per).tier == "基本满意"
    per = {"服务态度": {"满意": 9}, "保洁": {"不满意": 4}}
    o = ev.overall("满意度", per)
    assert o.valid == 13 and o.tier == "满意"


def test_evaluator_total():
    assert ev.evaluator_total("满意度", {"a": "满意", "b": "满意", "c": "不满意"}) == "满意2 · 不满意1"
    assert ev.evaluator_total("五分制", {"a": "5", "b": "4"}) == "平均4.5"
    assert ev.evaluator_total("满意度", {}) == ""


def test_session_columns_cover_what_the_fields_use():
    for w in WORKFLOWS.values():
        for f in w.all_fields().values():
            if f.type in ("topic", "session"):
                assert f.key in SESSION_COLUMNS


@pytest.mark.parametrize(("count", "basis", "status"), [
    (200, "成年居民", "pass"),  # exactly 1/5 of 1,000 adults
    (199, "成年居民", "warn"),
    (80, "户数", "pass"),  # exactly 1/5 of 400 households
    (79, "户数", "warn"),
    (None, "成年居民", "pending"),
])
def test_hearing_request_share_at_its_edges(count, basis, status):
    w = definition("hearing")
    vals = {"topic_source": "居民提议", "request_count": count, "request_basis": basis}
    f = _facts("hearing", "topic", values=vals)
    f.adults, f.households = 1000, 400
    res = {c.rule: c for c in D.checks(w, f, R.RuleSettings())}["hearing_request"]
    assert res.status == status
    if status == "warn":
        assert "还差1" in res.message and "说明理由" in res.message
        assert not D.blocking([res], "topic")  # a warning: the committee may still convene


def test_hearing_request_not_judged_unless_residents_asked_or_without_a_roster():
    w = definition("hearing")
    f = _facts("hearing", "topic", values={"topic_source": "居委会提出", "request_count": 1})
    f.adults = 1000
    assert {c.rule: c for c in D.checks(w, f, R.RuleSettings())}["hearing_request"].status == "pending"
    f = _facts("hearing", "topic", values={"topic_source": "居民提议", "request_count": 5})
    res = {c.rule: c for c in D.checks(w, f, R.RuleSettings())}["hearing_request"]
    assert res.status == "pending" and "花名册" in res.message


def test_sources_are_cited_by_their_real_titles():
    """The 2006 rules by their title, laws in 《》 — never the invented nickname."""
    from selfgov_desktop.domain import rules as R
    from selfgov_desktop.domain.workflows import WORKFLOWS as W

    texts = [s.help + s.source for w in W.values() for s in w.steps]
    texts += [r.source + r.explanation for r in R.RULES.values()]
    for t in texts:
        assert "三会试行规则" not in t, t
        for law in ("城市居民委员会组织法", "上海市居民委员会工作条例", "民法典"):
            if law in t:
                assert f"{law}》" in t, t
    assert any("《上海市居民区听证会、协调会、评议会制度试行办法》" in t for t in texts)
