"""Issue 14: the procedure right by the law — anonymous evaluation, each member evaluated,
who counts as present, what a hearing decides, counting periods, time running forward.
Each test names the edge it pins."""

from __future__ import annotations

import datetime as dt

import pytest

from selfgov_desktop.domain import evaluation as ev
from selfgov_desktop.domain import meetings as M
from selfgov_desktop.domain import paper as PP
from selfgov_desktop.domain import rules as R
from selfgov_desktop.domain import sessions as D
from selfgov_desktop.domain.errors import UserError
from selfgov_desktop.domain.workflows import definition
from selfgov_desktop.domain.workflows.meetings import attending_of
from selfgov_desktop.services import participants as P
from selfgov_desktop.services import sessions as S

TODAY = dt.date(2026, 12, 7)


def facts(kind, state, values=None, participants=(), **kw):
    return D.SessionFacts(kind, state, TODAY, dict(values or {}), list(participants), **kw)


def test_demo_scores_name_nobody_and_members_have_one_result_each(demo_store):
    cols = {r[1] for r in demo_store.conn.execute("PRAGMA table_info(evaluation_scores)")}
    assert "participant_id" not in cols
    sid = demo_store.conn.execute("SELECT id FROM sessions WHERE kind = 'evaluation'"
                                  " AND data LIKE '%居委会成员%' AND state != 'prepare'").fetchone()[0]
    rec = S.get(demo_store, sid)
    members = ev.member_names(rec.data["members"])
    assert len(members) >= 3
    grid = S.score_grid(demo_store, sid)
    assert grid.per_member and [r.name for r in grid.result.rows] == members
    for r in grid.result.rows:
        assert r.tally.tier in ev.options("称职度")
    assert any(r.unrated for r in grid.result.rows)  # a member some forms left blank


# -- who is present ------------------------------------------------------------------------------

def _reps(present: int, proxies: int, absent: int, role: str = "居民"):
    return ([D.ParticipantFact(role, "出席")] * present + [D.ParticipantFact(role, "委托")] * proxies
            + [D.ParticipantFact(role, "缺席")] * absent)


@pytest.mark.parametrize("proxies_count, quorum", [(False, False), (True, True)])
def test_exactly_half_present_with_and_without_proxies(proxies_count, quorum):
    """10 of 20 in person is exactly half: no quorum. One proxy more makes 11 only when the
    setting lets proxies count (off by default)."""
    f = facts("residents_meeting", "signin", {"base_size": 20},
              _reps(10, 1, 9), proxies_count=proxies_count)
    assert attending_of(f) == (11 if proxies_count else 10)
    assert M.has_quorum(attending_of(f), 20) is quorum
    chk = {c.rule: c for c in D.checks(definition("residents_meeting"), f, R.RuleSettings())}
    assert (chk["assembly_quorum"].status == "pass") is quorum


def test_a_residents_representative_never_attends_by_proxy():
    f = facts("representatives_meeting", "signin", {"base_size": 20},
              _reps(10, 5, 5, "居民代表"), proxies_count=True)
    assert attending_of(f) == 10  # exactly half: no quorum, whatever the setting
    assert not M.has_quorum(attending_of(f), 20)
    assert PP.due_and_present([("居民代表", "委托"), ("居民代表", "出席"), ("列席", "出席")], True) == (2, 1)


def test_evaluation_by_assembly_counts_only_those_in_person():
    reps = [D.ParticipantFact("评议代表", "出席")] * 19 + [D.ParticipantFact("评议代表", "委托")] * 11
    f = facts("evaluation", "scoring", {"by_assembly": True, "representatives_due": 30}, reps,
              proxies_count=True)
    chk = {c.rule: c for c in D.checks(definition("evaluation"), f, R.RuleSettings())}
    assert chk["evaluation_attendance"].status == "fail"  # 19 of 30 < 2/3, the proxies do not count


def test_proxies_setting_is_off_by_default_and_saved(demo_ctx):
    assert R.RuleSettings().proxies_count is False
    rs = S.rule_settings(demo_ctx.store)
    rs.proxies_count = True
    S.save_rule_settings(demo_ctx, rs)
    assert S.rule_settings(demo_ctx.store).proxies_count is True
    assert R.RuleSettings.from_dict({"proxies_count": "yes"}).proxies_count is False  # only a real true


# -- what a hearing decides ---------------------------------------------------------------------

def test_the_decision_names_its_body_and_comes_after_the_hearing():
    w = definition("hearing")
    step = w.step("decision")
    assert set(step.field("decided_by").choices) == {"居委会会议", "居民会议", "居民代表会议", "业主大会",
                                                     "本幢业主", "职能部门"}
    assert "民法典》第二百七十八条" in step.help
    vals = {"date": "2026-11-20", "decided_by": "本幢业主", "decided_on": "2026-11-18",
            "decision": "同意加装"}
    chk = {c.rule: c for c in D.checks(w, facts("hearing", "decision", vals), R.RuleSettings())}
    assert chk["decision_after_hearing"].status == "fail"  # decided before the hearing
    vals["decided_on"] = "2026-11-25"
    chk = {c.rule: c for c in D.checks(w, facts("hearing", "decision", vals), R.RuleSettings())}
    assert chk["decision_after_hearing"].status == "pass"
    assert "第二百八十二条" in chk["decision_after_hearing"].message
    from selfgov_desktop.domain.workflows.hearing import decision_text
    assert decision_text(vals) == "由本幢业主于2026年11月25日决定：同意加装"
    old_file = {"needs_assembly": True, "assembly_kind": "居民会议", "decision": "x"}
    assert decision_text(old_file).startswith("由居民会议")


# -- time runs forward --------------------------------------------------------------------------

def _walk_hearing_to(ctx, state: str, date: str) -> int:
    sid = S.create(ctx, "hearing", "关于未来事项的听证会", date=date).data["id"]
    S.set_fields(ctx, sid, {"topic_source": "居委会提出", "background": "x", "affected_groups": ["第一楼组"]})
    S.advance(ctx, sid)
    S.set_fields(ctx, sid, {"place": "会议室", "notice_posted_on": "2026-11-20"})
    S.advance(ctx, sid)
    S.set_fields(ctx, sid, {"chair": "陈立群", "recorder": "沈佳怡"})
    P.add_name(ctx, sid, "张三", "听证代表")
    P.add_name(ctx, sid, "物业公司", "陈述人")
    S.override(ctx, sid, "building_coverage", "测试：只有一人")
    S.advance(ctx, sid)
    assert S.get(ctx.store, sid).state == state
    return sid


def test_a_future_hearing_cannot_complete_its_hearing_step_or_minutes_today(demo_ctx):
    """Today is 2026-11-29 in the demo store; the hearing is set for 2026-12-22."""
    sid = _walk_hearing_to(demo_ctx, "hearing", "2026-12-22")
    P.set_all_attendance(demo_ctx, sid, "出席")
    S.set_fields(demo_ctx, sid, {"chk_rules_stated": True, "chk_plan_presented": True})
    S.add_speech(demo_ctx, sid, "张三", "同意", "赞成")
    with pytest.raises(UserError, match="会议开过以后才能完成"):
        S.advance(demo_ctx, sid)
    assert S.get(demo_ctx.store, sid).state == "hearing"
    # the 纪要 of that hearing, dated before the meeting or after today, does not pass either
    w = definition("hearing")
    for minutes_on in ("2026-12-07", "2026-12-23"):
        f = facts("hearing", "minutes", {"date": "2026-12-22", "minutes_on": minutes_on})
        f.today = dt.date(2026, 11, 29)
        chk = {c.rule: c for c in D.checks(w, f, R.RuleSettings())}
        assert chk["document_dates"].status == "fail"
        assert D.blocking(D.checks(w, f, R.RuleSettings()), "minutes")
        assert not R.RULES["document_dates"].overridable


def test_result_notice_before_the_meeting_fails_and_closing_waits_for_its_end():
    w = definition("hearing")
    vals = {"date": "2026-12-22", "publicity_from": "2026-12-07", "publicity_until": "2026-12-14",
            "result": "x", "decided_by": "居委会会议", "decided_on": "2026-12-23"}
    chk = {c.rule: c for c in D.checks(w, facts("hearing", "publicity", vals), R.RuleSettings())}
    assert chk["publicity_after_meeting"].status == "fail"
    # a 公示 after the hearing, still running on the day one tries to close
    vals.update({"date": "2026-11-20", "decided_on": "2026-11-25", "publicity_from": "2026-12-02",
                 "publicity_until": "2026-12-08"})
    f = facts("hearing", "publicity", vals)
    missing = D.missing(w, "publicity", f)
    assert any("公示期满后才能办结" in m and "2026年12月8日" in m for m in missing)
    chk = {c.rule: c for c in D.checks(w, f, R.RuleSettings())}
    assert chk["publicity_ended"].status == "warn" and chk["publicity_period"].status == "pass"
    f.overrides = {"publicity_ended": "街道要求年底前办结"}
    assert not any("办结" in m for m in D.missing(w, "publicity", f))
    f.overrides, f.today = {}, dt.date(2026, 12, 9)  # the day after the 公示's last day
    assert D.missing(w, "publicity", f) == []


def test_a_notice_by_telephone_is_not_a_written_notice():
    w = definition("coordination")
    vals = {"date": "2026-12-20", "notified_on": "2026-12-01", "notice_method": "电话"}
    chk = {c.rule: c for c in D.checks(w, facts("coordination", "notice", vals), R.RuleSettings())}
    assert chk["coordination_notice"].status == "fail"
    assert "不是书面通知" in chk["coordination_notice"].message
    vals["notice_method"] = "书面"
    chk = {c.rule: c for c in D.checks(w, facts("coordination", "notice", vals), R.RuleSettings())}
    assert chk["coordination_notice"].status == "pass"


def test_no_printed_hearing_document_says_its_vote_passed(demo_ctx, tmp_path):
    """Every demo hearing with a vote: the minutes PDF shows the counts as 意向性表决 and
    never 通过; the outcome names the body that decided."""
    import re
    import subprocess

    from selfgov_desktop.documents import minutes
    from selfgov_desktop.services import documents as docs

    store = demo_ctx.store
    ids = [r[0] for r in store.conn.execute("SELECT DISTINCT v.session_id FROM votes v JOIN sessions s"
                                            " ON s.id = v.session_id WHERE s.kind = 'hearing'")]
    assert ids
    decided = 0
    for sid in ids:
        m = docs.minutes_data(store, sid)
        assert m.votes and all(v.result == "仅表明意向" and v.rule == "意向性表决" for v in m.votes)
        out = tmp_path / f"{sid}.pdf"
        docs.export_minutes(demo_ctx, sid, out, minutes.write)
        flat = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(out), "-"], capture_output=True,
                                                text=True, check=True).stdout)
        assert "意向性表决" in flat and "通过" not in flat.replace("可通过", ""), sid
        if S.get(store, sid).data.get("decided_by"):
            decided += 1
            assert "由" + S.get(store, sid).data["decided_by"] in flat
    assert decided


def test_one_definition_of_the_evaluation_result_on_the_demo(demo_store):
    """The page, the minutes, the 公示 and the 台账 read the same rate for every demo evaluation."""
    from selfgov_desktop.services import documents as docs
    from selfgov_desktop.services import notices

    sids = [r[0] for r in demo_store.conn.execute(
        "SELECT DISTINCT session_id FROM evaluation_scores")]
    assert len(sids) >= 3
    ledger = {r.number: r for r in docs.session_rows(demo_store, 2026)}
    ledger.update({r.number: r for r in docs.session_rows(demo_store, 2025)})
    for sid in sids:
        rec = S.get(demo_store, sid)
        page = S.score_grid(demo_store, sid).result
        m = docs.minutes_data(demo_store, sid)
        assert m.overall_rate == pytest.approx(page.overall.rate) and m.overall_text == page.headline()
        _title, body = notices.draft(demo_store, "evaluation_result", sid)
        if "{满意率}" in notices.template(demo_store, "evaluation_result"):
            assert f"{page.overall.rate * 100:.1f}%" in body
        if rec.number in ledger:
            assert ledger[rec.number].satisfaction == pytest.approx(page.overall.rate)


# -- smaller points -----------------------------------------------------------------------------

def test_party_congress_base_is_full_members_only(demo_ctx):
    assert M.party_congress_base(["中共党员", "中共预备党员", "群众", "中共党员", None]) == 2
    from selfgov_desktop.services import decisions
    store = demo_ctx.store
    rid = store.conn.execute("SELECT id FROM residents WHERE status = '在册' LIMIT 1").fetchone()[0]
    before = decisions.party_members_due(store).size
    with store.write() as db:
        db.execute("UPDATE residents SET political_status = '中共预备党员' WHERE id = ?", [rid])
    after = decisions.party_members_due(store)
    assert after.size <= before and "预备党员" in after.note and "不计入" in after.note
    assert "预备党员没有表决权" in __import__("selfgov_desktop.domain.four_two", fromlist=["x"]).step(
        "party_congress").help


def test_bases_count_residents_by_population_type(demo_ctx):
    from selfgov_desktop.services import decisions, residents
    store = demo_ctx.store
    day = dt.date(2026, 11, 29)
    adults, households = residents.adults_and_households(store, day)
    base = decisions.meeting_base(store, "全体 18 周岁以上居民", day.isoformat())
    assert base.size == adults
    rid = store.conn.execute("SELECT id FROM residents WHERE status = '在册' AND birth_date < '1980-01-01'"
                             " AND population_type != '流动' LIMIT 1").fetchone()[0]
    with store.write() as db:
        db.execute("UPDATE residents SET population_type = '流动' WHERE id = ?", [rid])
    assert residents.adults_and_households(store, day)[0] == adults - 1
    assert M.counts_in_base("常住") and M.counts_in_base("人户分离") and M.counts_in_base("")
    assert not M.counts_in_base("流动")


def test_a_topic_consultation_forms_several_topics(demo_ctx):
    from selfgov_desktop.services import topics
    store = demo_ctx.store
    tids = [r[0] for r in store.conn.execute("SELECT id FROM topics WHERE merged_into IS NULL LIMIT 3")]
    assert len(tids) == 3
    sid = S.create(demo_ctx, "topic_consultation", "年终议题征询会", date="2026-11-20").data["id"]
    S.set_field(demo_ctx, sid, "topic_ids", [tids[0], tids[2], tids[0]])
    assert S.get(store, sid).data["topic_ids"] == sorted({tids[0], tids[2]})
    assert any(x["id"] == sid for x in topics.detail(store, tids[0]).sessions)
    assert any(x["id"] == sid for x in topics.detail(store, tids[2]).sessions)
    assert not any(x["id"] == sid for x in topics.detail(store, tids[1]).sessions)
    with pytest.raises(UserError, match="议题"):
        S.set_field(demo_ctx, sid, "topic_ids", ["甲"])


def test_the_members_result_notice_has_one_row_per_member(demo_ctx):
    from selfgov_desktop.services import documents as docs
    store = demo_ctx.store
    sid = store.conn.execute("SELECT id FROM sessions WHERE kind = 'evaluation' AND data LIKE '%居委会成员%'"
                             " AND state != 'prepare'").fetchone()[0]
    header, rows = docs.evaluation_table(store, sid)
    members = ev.member_names(S.get(store, sid).data["members"])
    assert header[0] == "居委会成员" and header[-1] == "结果" and "未评" in header
    assert [r[0] for r in rows] == members
    assert all(r[-1] in ev.options("称职度") for r in rows)
