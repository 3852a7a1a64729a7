"""Paper tallies: the domain rules, and the services that record what is typed back — into
the same tables as live recording, one transaction with audit, nothing saved when the
numbers do not add up."""

from __future__ import annotations

import pytest

from selfgov_desktop.domain import evaluation as ev
from selfgov_desktop.domain import paper as PP
from selfgov_desktop.domain.errors import UserError
from selfgov_desktop.services import documents as docs
from selfgov_desktop.services import paper
from selfgov_desktop.services import participants as P
from selfgov_desktop.services import sessions as S




# -- domain ---------------------------------------------------------------------------------------

def test_form_counts_rule():
    assert PP.FormCounts(30, 28, 27, 1).problems() == []
    assert any("多于发出" in p for p in PP.FormCounts(30, 31, 30, 1).problems())
    assert any("与收回的28张不符" in p for p in PP.FormCounts(30, 28, 26, 1).problems())
    assert PP.FormCounts(30, 28, -1, 29).problems()  # negative


def test_evaluation_counts_are_valid_item_by_item():
    opts = ev.options("满意度")
    forms = PP.FormCounts(10, 10, 9, 1)
    ok = {"工作态度": {"满意": 6, "基本满意": 2, "不满意": 1}}
    PP.check_evaluation(forms, ok, opts)
    # one sheet left 工作态度 blank: that item is not counted, the sheet stays valid
    PP.check_evaluation(forms, {"工作态度": {"满意": 6, "基本满意": 2, "不满意": 0}}, opts)
    with pytest.raises(UserError) as e:
        PP.check_evaluation(forms, {"工作态度": {"满意": 6, "基本满意": 2, "不满意": 2}}, opts)
    assert "工作态度" in e.value.message and "多于有效票9" in e.value.message
    with pytest.raises(UserError):
        PP.check_evaluation(forms, {"工作态度": {"优秀": 9}}, opts)  # wrong scale


def test_tally_forms_counts_blank_items_as_not_counted_or_as_abstain():
    items, opts = ["甲", "乙"], ev.options("称职度")
    forms = [PP.PaperForm(["优秀", "称职"]), PP.PaperForm(["优秀", "不称职"]),
             PP.PaperForm([None, None], void=True)]
    valid, void, per = PP.tally_forms(forms, items, opts)
    assert (valid, void) == (2, 1)
    assert per["甲"]["优秀"] == 2 and per["乙"]["不称职"] == 1 and sum(per["乙"].values()) == 2
    valid, void, per = PP.tally_forms([forms[0], PP.PaperForm(["优秀", None])], items, opts)
    assert valid == 2 and per["甲"]["优秀"] == 2 and sum(per["乙"].values()) == 1  # item-level
    valid, void, per = PP.tally_forms([PP.PaperForm(["同意", None])], items, PP.BALLOT_OPTIONS,
                                      blank="弃权")
    assert per["乙"]["弃权"] == 1  # an unmarked motion on a ballot is 弃权, as the ballot says
    with pytest.raises(UserError, match="项数不对"):
        PP.tally_forms([PP.PaperForm(["优秀"])], items, opts)


def test_ballot_rule():
    forms = PP.FormCounts(20, 19, 18, 1)
    PP.check_ballots(forms, [PP.MotionCount("同意方案", 10, 5, 3)], base=20)
    with pytest.raises(UserError, match="应等于有效票18"):
        PP.check_ballots(forms, [PP.MotionCount("同意方案", 10, 5, 2)], base=20)
    with pytest.raises(UserError, match="多于到会的15人"):
        PP.check_ballots(forms, [PP.MotionCount("同意方案", 10, 5, 3)], base=15)


def test_proxy_rules():
    names = {1: "张三", 2: "李四", 3: "王五"}
    good = [PP.SigninMark(1, "出席"), PP.SigninMark(2, "委托", proxy_id=1),
            PP.SigninMark(3, "委托", proxy_name="王小五")]
    assert PP.proxy_problems(good, names) == []
    assert PP.proxy_problems([PP.SigninMark(1, "缺席"), PP.SigninMark(2, "委托", proxy_id=1)], names)
    assert PP.proxy_problems([PP.SigninMark(2, "委托")], names)  # no holder
    assert PP.proxy_problems([PP.SigninMark(2, "委托", proxy_id=2)], names)  # self
    two = [PP.SigninMark(1, "出席"), PP.SigninMark(2, "委托", proxy_id=1),
           PP.SigninMark(3, "委托", proxy_id=1)]
    assert any("最多接受1人" in p for p in PP.proxy_problems(two, names))
    assert PP.proxy_problems(two, names, max_per_holder=2) == []


def test_signin_figures_and_form_numbers():
    people = [PP.SigninPerson("评议代表", "出席", "一"), PP.SigninPerson("评议代表", "委托", "二"),
              PP.SigninPerson("评议代表", "缺席", "三"), PP.SigninPerson("主持人", "出席", "")]
    f = PP.signin_figures(people, ["一", "二", "三"])
    assert (f.due, f.attending, f.absent) == (3, 1, 1)  # a 委托 is not 实到 by default
    assert f.groups_missing == ("二", "三") and "委托1人不算到会" in f.text()
    f = PP.signin_figures(people, ["一", "二", "三"], proxies_count=True)
    assert (f.due, f.attending) == (3, 2) and f.groups_missing == ("三",)
    reps = [PP.SigninPerson("居民代表", "出席"), PP.SigninPerson("居民代表", "委托")]
    assert PP.signin_figures(reps, proxies_count=True).attending == 1  # never for 居民代表
    assert PP.form_number("2026-评议-01", "evaluation", 7) == "2026-评议-01-P007"
    with pytest.raises(UserError):
        PP.check_copies(0)


# -- services -------------------------------------------------------------------------------------

def evaluation(ctx, n=8):
    sid = S.create(ctx, "evaluation", "纸质计票评议会", date="2026-11-28",
                   data={"object_type": "社工站", "object_name": "长风新村街道社工站",
                         "scale": "满意度"}).data["id"]
    rids = [r[0] for r in ctx.store.conn.execute("SELECT id FROM residents ORDER BY id LIMIT ?", [n])]
    P.add_residents(ctx, sid, rids, "评议代表")
    return sid


def audit_count(store):
    return store.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def test_evaluation_counts_recorded_like_live_and_refused_when_wrong(demo_ctx):
    store = demo_ctx.store
    sid = evaluation(demo_ctx)
    crit = S.criteria(store, sid)
    per = {c["id"]: {"满意": 5, "基本满意": 2, "不满意": 1} for c in crit}
    before = audit_count(store)
    bad = dict(per)
    bad[crit[1]["id"]] = {"满意": 5, "基本满意": 2, "不满意": 2}
    with pytest.raises(UserError, match=crit[1]["name"]):
        paper.record_evaluation_counts(demo_ctx, sid, PP.FormCounts(8, 8, 8, 0), bad)
    with pytest.raises(UserError, match="多于发出"):
        paper.record_evaluation_counts(demo_ctx, sid, PP.FormCounts(7, 8, 8, 0), per)
    with pytest.raises(UserError, match="还有评议内容没有录入"):
        paper.record_evaluation_counts(demo_ctx, sid, PP.FormCounts(8, 8, 8, 0),
                                       {crit[0]["id"]: per[crit[0]["id"]]})
    assert audit_count(store) == before
    assert store.conn.execute("SELECT count(*) FROM evaluation_scores WHERE session_id = ?",
                              [sid]).fetchone()[0] == 0

    ch = paper.record_evaluation_counts(demo_ctx, sid, PP.FormCounts(9, 8, 8, 0), per)
    assert audit_count(store) == before + 1
    assert ch.data["rate"] == pytest.approx(7 / 8)
    rows = store.conn.execute("SELECT option, count FROM evaluation_scores WHERE session_id = ?"
                              " AND criterion_id = ?", [sid, crit[0]["id"]]).fetchall()
    assert sorted(rows) == [("不满意", 1), ("基本满意", 2), ("满意", 5)]
    grid = S.score_grid(store, sid)
    want = ev.satisfaction_rate("满意度", per[crit[0]["id"]])
    assert grid.per_criterion[crit[0]["name"]].rate == pytest.approx(want)
    rec = S.get(store, sid)
    assert [rec.data[k] for k in ("forms_issued", "forms_returned", "forms_valid", "forms_void")] \
        == [9, 8, 8, 0]
    checks = {c["rule"]: c["status"] for c in rec.checks}
    # the minutes see the same numbers as if recorded live
    m = docs.minutes_data(store, sid)
    assert m.forms == {"发出评议表": 9, "收回": 8, "有效": 8, "无效": 0}
    assert m.scores[0].counts == {"满意": 5, "基本满意": 2, "不满意": 1}
    assert "forms_consistent" not in checks or checks["forms_consistent"] in ("pass", "pending")
    ledger = next(r for r in docs.session_rows(store, 2026) if r.number == rec.number)
    assert ledger.satisfaction == pytest.approx(7 / 8)  # the ledger and yearly statistics see it
    # entering again replaces, it does not add
    paper.record_evaluation_counts(demo_ctx, sid, PP.FormCounts(9, 8, 8, 0), per)
    assert S.score_grid(store, sid).per_criterion[crit[0]["name"]].counts["满意"] == 5


def test_scores_table_cannot_hold_a_person(demo_ctx):
    """Anonymous by design: no column of evaluation_scores could name who chose what, and
    there is no service that records one person's choice."""
    cols = {r[1] for r in demo_ctx.store.conn.execute("PRAGMA table_info(evaluation_scores)")}
    assert cols == {"id", "session_id", "criterion_id", "option", "count"}
    assert not hasattr(S, "set_score")
    sid = evaluation(demo_ctx, 2)
    crit = S.criteria(demo_ctx.store, sid)
    S.set_counts(demo_ctx, sid, crit[0]["id"], {"满意": 3, "不满意": 1})
    S.set_counts(demo_ctx, sid, crit[0]["id"], {"满意": 2})  # replaces, never adds
    assert S.score_grid(demo_ctx.store, sid).counts[crit[0]["id"]] == {"满意": 2}
    with pytest.raises(UserError, match="评分只能是"):
        S.set_counts(demo_ctx, sid, crit[0]["id"], {"优秀": 1})


def test_each_member_has_a_row_and_may_be_left_blank(demo_ctx):
    """A member rated by some forms and not others: the blank forms are 未评, the form stays
    valid, and the member's rate is over the forms that rated them."""
    store = demo_ctx.store
    sid = S.create(demo_ctx, "evaluation", "居委会成员述职评议", date="2026-12-20").data["id"]
    S.set_fields(demo_ctx, sid, {"members": "甲委员\n乙委员、丙委员"})
    S.set_field(demo_ctx, sid, "object_type", "居委会成员")
    rec = S.get(store, sid)
    assert rec.data["scale"] == "称职度" and rec.data["by_assembly"] is True  # the assembly by default
    crit = S.criteria(store, sid)
    assert [c["name"] for c in crit] == ["甲委员", "乙委员", "丙委员"]
    ids = {c["name"]: c["id"] for c in crit}
    per = {ids["甲委员"]: {"优秀": 2, "称职": 2}, ids["乙委员"]: {"称职": 1, "不称职": 3},
           ids["丙委员"]: {"基本称职": 1, "称职": 1}}  # 丙: 2 of the 4 valid forms left it blank
    paper.record_evaluation_counts(demo_ctx, sid, PP.FormCounts(5, 5, 4, 1), per)
    grid = S.score_grid(store, sid)
    rows = {r.name: r for r in grid.result.rows}
    assert rows["丙委员"].unrated == 2 and rows["甲委员"].unrated == 0
    assert rows["丙委员"].tally.rate == pytest.approx(1 / 2)  # over the 2 forms that rated 丙
    assert rows["乙委员"].tally.tier == "不称职"
    assert "甲委员" in grid.result.headline() and "丙委员" in grid.result.headline()
    checks = {c["rule"]: c["status"] for c in S.get(store, sid).checks}
    assert checks.get("forms_consistent", "pass") in ("pass", "pending")
    # more votes than valid forms for one member is still refused
    with pytest.raises(UserError, match="丙委员"):
        paper.record_evaluation_counts(demo_ctx, sid, PP.FormCounts(5, 5, 4, 1),
                                       {**per, ids["丙委员"]: {"称职": 5}})
    # form by form: a blank member does not void the form
    forms = [PP.PaperForm(["优秀", "称职", None]), PP.PaperForm(["称职", "称职", "称职"])]
    paper.record_evaluation_forms(demo_ctx, sid, 2, forms)
    assert S.get(store, sid).data["forms_valid"] == 2
    assert S.score_grid(store, sid).result.rows[2].unrated == 1
    # a per-criterion evaluation is valid item by item too (issue 15): the blank item is not
    # counted, the rest of the sheet is; a sheet blank throughout is refused (mark it void)
    valid, _void, per_item = PP.tally_forms([PP.PaperForm(["满意", None])], ["甲", "乙"],
                                            ev.options("满意度"))
    assert valid == 1 and per_item["甲"]["满意"] == 1 and sum(per_item["乙"].values()) == 0
    with pytest.raises(UserError, match="全部空白"):
        PP.tally_forms([PP.PaperForm([None, None])], ["甲", "乙"], ev.options("满意度"))


def test_evaluation_forms_form_by_form(demo_ctx):
    sid = evaluation(demo_ctx)
    crit = S.criteria(demo_ctx.store, sid)
    n = len(crit)
    forms = [PP.PaperForm(["满意"] * n), PP.PaperForm(["基本满意"] * (n - 1) + ["不满意"]),
             PP.PaperForm([None] * n, void=True)]
    ch = paper.record_evaluation_forms(demo_ctx, sid, 5, forms)
    rec = S.get(demo_ctx.store, sid)
    assert [rec.data[k] for k in ("forms_issued", "forms_returned", "forms_valid", "forms_void")] \
        == [5, 3, 2, 1]
    assert ch.data["tier"] == ev.overall("满意度",
                                         {c["name"]: S.score_grid(demo_ctx.store, sid).per_criterion[
        c["name"]].counts for c in crit}).tier
    audit = demo_ctx.store.conn.execute("SELECT after FROM audit_log WHERE action = 'paper.evaluation'"
                                        " ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert "作废" in audit  # the sheets as typed are kept in the audit trail


def test_ballots_become_votes(demo_ctx):
    store = demo_ctx.store
    sid = next(r.id for r in S.list_sessions(store, kind="hearing") if r.state == "hearing")
    P.set_all_attendance(demo_ctx, sid, "出席")
    base = paper.attending(store, sid)
    with pytest.raises(UserError):
        paper.record_ballots(demo_ctx, sid, PP.FormCounts(base, base, base, 0),
                             [PP.MotionCount("同意方案", base, 1, 0)], base)
    assert not [v for v in S.votes(store, sid) if v["motion"] == "同意方案"]
    paper.record_ballots(demo_ctx, sid, PP.FormCounts(base, base, base - 1, 1),
                         [PP.MotionCount("同意方案", base - 3, 1, 1)], base)
    v = [v for v in S.votes(store, sid) if v["motion"] == "同意方案"]
    # a hearing's ballot is an 意向性表决: counts, never 通过
    assert len(v) == 1 and v[0]["method"] == "无记名" and v[0]["passed"] is None and v[0]["base"] == base
    assert v[0]["rule"] == "意向性表决"
    rec = S.get(store, sid)
    assert rec.data[paper.BALLOT_KEY] == {"issued": base, "returned": base, "valid": base - 1, "void": 1}
    m = docs.minutes_data(store, sid)
    assert any(x.motion == "同意方案" and x.yes == base - 3 for x in m.votes)
    tally = paper.tally_sheet(store, sid)
    assert tally.counts["同意方案"]["同意"] == base - 3


def test_record_signin_with_proxy_and_walk_in(demo_ctx):
    store = demo_ctx.store
    sid = evaluation(demo_ctx, 4)
    rows = P.list_participants(store, sid)
    marks = [PP.SigninMark(rows[0].id, "出席"), PP.SigninMark(rows[1].id, "委托", proxy_id=rows[0].id),
             PP.SigninMark(rows[2].id, "委托", proxy_name="家属李某"),
             PP.SigninMark(rows[3].id, "请假", "外出")]
    walk = store.conn.execute("SELECT id, name FROM residents WHERE id NOT IN (SELECT resident_id FROM "
                              "participants"
                              " WHERE session_id = ? AND resident_id IS NOT NULL) LIMIT 1", [sid]).fetchone()
    before = audit_count(store)
    paper.record_signin(demo_ctx, sid, marks, [paper.WalkIn(walk[1], walk[0])])
    assert audit_count(store) == before + 1
    got = {r[0]: r[1:] for r in store.conn.execute(
        "SELECT id, attendance, proxy_for, absence_reason FROM participants WHERE session_id = ?", [sid])}
    assert got[rows[1].id] == ("委托", rows[0].id, f"委托{rows[0].name}代签")
    assert got[rows[2].id] == ("委托", None, "委托家属李某代签")
    assert got[rows[3].id] == ("请假", None, "外出")
    assert len(got) == 5
    # a 委托 is recorded but is not 实到 (the setting is off by default): the minutes and the
    # 三会台账 agree — 1 出席 + 1 walk-in
    m = docs.minutes_data(store, sid)
    assert len([a for a in m.attendees if a.attendance in ("出席", "委托")]) == 4
    ledger = next(r for r in docs.session_rows(store, 2026) if r.number == S.get(store, sid).number)
    assert ledger.present == m.actual == 2
    assert ledger.expected == m.expected
    # a proxy held by someone absent is refused and nothing changes
    with pytest.raises(UserError, match="没有签到出席"):
        paper.record_signin(demo_ctx, sid, [PP.SigninMark(rows[0].id, "缺席")])
    assert store.conn.execute("SELECT attendance FROM participants WHERE id = ?",
                              [rows[0].id]).fetchone()[0] == "出席"
    # signing in someone already listed as a walk-in is refused
    with pytest.raises(UserError, match="已经在名单里"):
        paper.record_signin(demo_ctx, sid, [], [paper.WalkIn(walk[1], walk[0])])


def test_signin_verdicts_follow_the_marks(demo_ctx):
    sid = evaluation(demo_ctx, 6)
    S.set_fields(demo_ctx, sid, {"by_assembly": True, "representatives_due": 6})
    rows = P.list_participants(demo_ctx.store, sid)
    f, checks = paper.signin_verdicts(demo_ctx.store, sid, {r.id: "出席" for r in rows[:3]})
    assert f.attending == 3 and checks[0].status == "fail"
    f, checks = paper.signin_verdicts(demo_ctx.store, sid, {r.id: "出席" for r in rows[:4]})
    assert f.attending == 4 and checks[0].status == "pass"  # 4/6 = 2/3
    assert all(r.attendance == "" for r in P.list_participants(demo_ctx.store, sid))  # nothing saved


def test_valid_edited_after_paper_entry_blocks_the_scoring_step(demo_ctx):
    from selfgov_desktop.domain import sessions as D

    store = demo_ctx.store
    sid = evaluation(demo_ctx)
    crit = S.criteria(store, sid)
    per = {c["id"]: {"满意": 5, "基本满意": 2, "不满意": 1} for c in crit}
    paper.record_evaluation_counts(demo_ctx, sid, PP.FormCounts(9, 8, 8, 0), per)
    rs = S.rule_settings(store)
    res = D.evaluate_rule("forms_consistent", S.facts(store, sid), rs)
    assert res.status == "pass" and "都等于有效票" in res.message
    # 有效 and 无效 edited by hand: they still add up to 收回, but no longer to the counted votes
    S.set_fields(demo_ctx, sid, {"forms_valid": 7, "forms_void": 1})
    res = D.evaluate_rule("forms_consistent", S.facts(store, sid), rs)
    assert res.status == "fail" and f"“{crit[0]['name']}”各项合计8张" in res.message
    assert "有效7张" in res.message
    assert paper.stored_problems(store, sid)  # the entry strip says the same
    store.conn.execute("UPDATE sessions SET state = 'scoring' WHERE id = ?", [sid])
    need = S.missing(store, sid)
    assert any("评议票数相符不符合" in m and "说明理由" not in m for m in need)
    with pytest.raises(UserError, match="各项合计8张"):
        S.advance(demo_ctx, sid)
    with pytest.raises(UserError, match="不能跳过"):
        S.override(demo_ctx, sid, "forms_consistent", "当场统计有误，以此为准")
    S.set_fields(demo_ctx, sid, {"forms_valid": 8, "forms_void": 0})
    assert not any("评议票数相符" in m for m in S.missing(store, sid))
