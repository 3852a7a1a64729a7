"""Walk a 听证会, a 协调会 and a 评议会 from creation to close through the UI alone (the
test only clicks, types and picks; it reads the store to check the result). Set
SELFGOV_SHOTS=/some/dir to save a 1366x768 screenshot of every step."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from selfgov_desktop.domain.search import pinyin_keys
from selfgov_desktop.services import participants as P
from selfgov_desktop.services import sessions as S
from selfgov_desktop.ui.bus import Bus
from selfgov_desktop.ui.context import AppContext
from selfgov_desktop.ui.pages.sessions import SessionsPage
from selfgov_desktop.ui.session.models import SessionListModel
from selfgov_desktop.ui.session.panels import (FollowupsPanel, ParticipantsPanel, ScoringPanel,
                                               SpeechesPanel, VotesPanel)


LEFT = Qt.MouseButton.LeftButton
SHOTS = os.environ.get("SELFGOV_SHOTS")



@pytest.fixture
def page(qtbot, demo_ctx, sync_runner, tmp_path):
    app = AppContext(ctx=demo_ctx, bus=Bus(), data_dir=tmp_path)
    p = SessionsPage(app)
    qtbot.addWidget(p)
    p.resize(1366 - 150, 768)
    p.show()
    qtbot.waitExposed(p)
    return p


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.grab().save(str(Path(SHOTS) / f"{name}.png"))


# -- how a user does things --------------------------------------------------------------------

def create(qtbot, page, kind, title):
    btn = page.new_buttons.get(kind) or page.new_other
    qtbot.mouseClick(btn, LEFT)
    dlg = page.new_dialog
    dlg.kind.setCurrentIndex(dlg.kind.findData(kind))
    dlg.title_edit.setText(title)
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Ok), LEFT)
    assert page.stack.currentWidget() is page.view
    return page.view


def type_text(view, key, text):
    ed = view.editors[key]
    if hasattr(ed.edit, "setPlainText") and not hasattr(ed.edit, "setValidator"):
        ed.edit.setPlainText(text)
        ed.edit.clearFocus()
        ed.commit()  # what leaving the box does
    else:
        ed.edit.setText(text)
        ed.edit.editingFinished.emit()


def pick(view, key, value):
    combo = view.editors[key].combo
    i = combo.findData(value)
    assert i >= 0, (key, value)
    combo.setCurrentIndex(i)
    combo.activated.emit(i)


def date(view, key, iso):
    ed = view.editors[key]
    y, m, d = (int(x) for x in iso.split("-"))
    ed.type_text(f"{y}-{m:02d}-{d:02d}")


def tick(qtbot, view, key):
    qtbot.mouseClick(view.editors[key].box, LEFT, pos=view.editors[key].box.rect().topLeft() + _p(6, 6))


def _p(x, y):
    from PySide6.QtCore import QPoint
    return QPoint(x, y)


def panel(view, cls, mode=None):
    for p in view.panels:
        if isinstance(p, cls) and (mode is None or getattr(p, "mode", None) == mode):
            return p
    raise AssertionError(f"no {cls.__name__} on this step")


def next_step(qtbot, view, expect):
    qtbot.mouseClick(view.next_btn, LEFT)
    assert view.record.state == expect, view.missing.text()


def set_combo_text(combo, text):
    i = combo.findText(text)
    assert i >= 0, text
    combo.setCurrentIndex(i)


def add_resident(qtbot, p, name, role=None):
    if role:
        set_combo_text(p.role, role)
    p.search.setText(pinyin_keys(name)[0])
    p.search.returnPressed.emit()


def residents(store, n, groups):
    out = []
    for g in groups:
        row = store.conn.execute(
            "SELECT r.name FROM residents r JOIN groups g ON g.id = r.building_group_id WHERE g.name = ?"
            " AND r.status = '在册' AND r.birth_date < '1990-01-01' AND (SELECT count(*) FROM residents x"
            " WHERE x.name = r.name) = 1 ORDER BY r.id LIMIT 1", [g]).fetchone()
        out.append(row[0])
    return out[:n]


# -- the walks --------------------------------------------------------------------------------

def test_walk_a_hearing_through_the_ui(qtbot, page, demo_ctx):
    view = create(qtbot, page, "hearing", "关于测试楼加装电梯的听证会")
    assert "议题来源" in view.missing.text() and "事项和背景" in view.missing.text()
    qtbot.mouseClick(view.next_btn, LEFT)
    assert view.record.state == "topic"  # refused, and the bar says why
    pick(view, "topic_source", "居委会提出")
    type_text(view, "background", "6层老公房，老人多，拟加装电梯。")
    qtbot.mouseClick(view.editors["affected_groups"].boxes["第一楼组"], LEFT)
    assert S.get(demo_ctx.store, view.sid).data["affected_groups"] == ["第一楼组"]
    shot(page, "hearing-1-topic")
    next_step(qtbot, view, "notice")

    date(view, "date", "2026-10-20")  # held already: steps at the meeting wait for its date
    type_text(view, "place", "居委会会议室")
    type_text(view, "place", "居委会二楼会议室")
    qtbot.mouseClick(view.undo_btn, LEFT)  # undo the last edit
    assert S.get(demo_ctx.store, view.sid).place == "居委会会议室"
    assert view.editors["place"].value() == "居委会会议室"
    date(view, "notice_posted_on", "2026-10-01")
    shot(page, "hearing-2-notice")
    next_step(qtbot, view, "representatives")

    type_text(view, "chair", "陈立群")
    type_text(view, "recorder", "沈佳怡")
    pp = panel(view, ParticipantsPanel, "pick")
    pp.group.setCurrentIndex(pp.group.findText("居民代表：第十二届居民代表（30人）"))
    qtbot.mouseClick(pp.group_btn, LEFT)
    set_combo_text(pp.role, "陈述人")
    pp.unit.setCurrentIndex(1)  # the property company's manager
    qtbot.mouseClick(pp.unit_btn, LEFT)
    name = residents(demo_ctx.store, 1, ["第一楼组"])[0]
    add_resident(qtbot, pp, name, "旁听人")
    assert pp.table.rowCount() == 32
    assert "听证代表30" in pp.summary.text()
    shot(page, "hearing-3-representatives")
    next_step(qtbot, view, "hearing")

    tick(qtbot, view, "chk_rules_stated")
    tick(qtbot, view, "chk_plan_presented")
    signin = panel(view, ParticipantsPanel, "signin")
    qtbot.mouseClick(signin.all_present, LEFT)
    signin.table.selectRow(0)
    signin.reason.setText("住院")
    qtbot.mouseClick(signin.mark_buttons["请假"], LEFT)
    sp = panel(view, SpeechesPanel)
    sp.speaker.setEditText(sp.speaker.itemText(1))
    set_combo_text(sp.stance, "赞成")
    sp.content.setPlainText("支持加装，老人上下楼太难。")
    qtbot.mouseClick(sp.add_btn, LEFT)
    assert sp.table.rowCount() == 1
    vp = panel(view, VotesPanel)
    vp.motion.setText("同意按此方案实施")
    vp.spins["base"].setValue(30)
    vp.spins["yes"].setValue(22)
    assert "意向性表决" in vp.result.text() and "通过" not in vp.result.text()  # decides nothing
    vp.spins["no"].setValue(6)
    qtbot.mouseClick(vp.add_btn, LEFT)
    assert vp.table.item(0, 6).text() == "意向性表决"
    shot(page, "hearing-4-hearing")
    next_step(qtbot, view, "minutes")

    date(view, "minutes_on", "2026-10-24")
    type_text(view, "opinions", "多数代表支持；低层住户担心采光。")
    type_text(view, "recommendations", "调整电梯位置，细化分摊。")
    tick(qtbot, view, "signed")
    shot(page, "hearing-5-minutes")
    next_step(qtbot, view, "decision")
    pick(view, "decided_by", "本幢业主")  # 加装电梯: the building's owners (《民法典》第二百七十八条)
    date(view, "decided_on", "2026-11-02")
    type_text(view, "decision", "按修改后的方案实施。")
    shot(page, "hearing-6-decision")
    next_step(qtbot, view, "publicity")
    type_text(view, "result", "意见已采纳：电梯移至北侧。")
    date(view, "publicity_from", "2026-11-05")
    date(view, "publicity_until", "2026-11-11")  # 7 days, both ends counted
    shot(page, "hearing-7-publicity")
    assert view.next_btn.text().startswith("完成并办结")
    next_step(qtbot, view, "closed")
    rec = S.get(demo_ctx.store, view.sid)
    assert rec.closed and rec.compliance == 100
    assert {c["status"] for c in rec.checks} <= {"pass", "pending"}
    assert "已办结" in view.missing.text()
    assert not view.step_scroll.widget().isEnabled()  # read-only until 退回上一步
    shot(page, "hearing-8-closed")
    qtbot.mouseClick(view.back_step_btn, LEFT)
    assert view.record.state == "publicity" and view.step_scroll.widget().isEnabled()
    next_step(qtbot, view, "closed")
    qtbot.mouseClick(view.back_btn, LEFT)
    assert page.stack.currentWidget() is page.list_page
    assert any(r.id == rec.id and r.state == "closed" for r in page.model.rows)


def test_walk_a_coordination_with_an_override(qtbot, page, demo_ctx):
    view = create(qtbot, page, "coordination", "关于602室漏水的协调会")
    pick(view, "category", "渗漏水")
    pick(view, "application", "当事人申请")
    type_text(view, "received_by", "周敏")
    date(view, "received_on", "2026-11-10")
    type_text(view, "facts", "502室天花板渗水。")
    pp = panel(view, ParticipantsPanel, "pick")
    a, b = residents(demo_ctx.store, 2, ["第二楼组", "第三楼组"])
    add_resident(qtbot, pp, a)
    assert "至少添加两方当事人" in view.missing.text()
    add_resident(qtbot, pp, b)
    assert pp.table.rowCount() == 2 and pp.table.item(0, 1).text() == "当事人"
    shot(page, "coordination-1-intake")
    next_step(qtbot, view, "investigation")
    date(view, "investigated_on", "2026-11-12")
    type_text(view, "investigation", "上门查看，确认为602室防水层老化。")
    shot(page, "coordination-2-investigation")
    next_step(qtbot, view, "notice")
    date(view, "date", "2026-11-24")
    type_text(view, "place", "调解室")
    date(view, "notified_on", "2026-11-21")
    qtbot.mouseClick(view.next_btn, LEFT)
    assert view.record.state == "notice"
    assert "协调会提前通知不符合" in view.missing.text()
    assert view.override_btn.isEnabled()
    qtbot.mouseClick(view.override_btn, LEFT)
    dlg = view.override_dialog
    dlg.reason.setPlainText("漏水持续，矛盾有激化趋势，双方同意尽快协调")
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Ok), LEFT)
    shot(page, "coordination-3-notice")
    next_step(qtbot, view, "meeting")
    type_text(view, "chair", "周敏")
    type_text(view, "recorder", "沈佳怡")
    pp = panel(view, ParticipantsPanel, "pick")
    set_combo_text(pp.role, "调解员")
    pp.free.setText("周敏")
    qtbot.mouseClick(pp.free_btn, LEFT)
    qtbot.mouseClick(panel(view, ParticipantsPanel, "signin").all_present, LEFT)
    sp = panel(view, SpeechesPanel)
    sp.speaker.setEditText(a)
    sp.content.setPlainText("要求602室修好防水并赔偿粉刷费用。")
    qtbot.mouseClick(sp.add_btn, LEFT)
    shot(page, "coordination-4-meeting")
    next_step(qtbot, view, "outcome")
    pick(view, "outcome", "达成协议")
    assert "协议内容" in view.missing.text()
    type_text(view, "terms", "602室12月20日前修复防水层；承担502室粉刷费用。")
    tick(qtbot, view, "parties_signed")
    fp = panel(view, FollowupsPanel)
    fp.item.setText("602室修复卫生间防水层")
    fp.responsible.setText("602室住户")
    fp.deadline.setDate(QDate(2026, 12, 20))
    qtbot.mouseClick(fp.add_btn, LEFT)
    assert fp.table.rowCount() == 1
    shot(page, "coordination-5-outcome")
    next_step(qtbot, view, "revisit")
    fp = panel(view, FollowupsPanel)
    fp.table.selectRow(0)
    fp.visitor.setText("周敏")
    fp.visit_result.setText("已修复，502室不再渗水，双方满意。")
    qtbot.mouseClick(fp.visit_btn, LEFT)
    assert "至少回访一次" not in view.missing.text()
    fp.table.selectRow(0)
    set_combo_text(fp.status, "已完成")
    qtbot.mouseClick(fp.status_btn, LEFT)
    assert fp.table.item(0, 3).text() == "已完成"
    shot(page, "coordination-6-revisit")
    next_step(qtbot, view, "closed")
    rec = S.get(demo_ctx.store, view.sid)
    statuses = {c["rule"]: c["status"] for c in rec.checks}
    assert statuses["coordination_notice"] == "overridden" and rec.compliance == 100
    assert S.overrides(demo_ctx.store, rec.id)[0]["reason"].startswith("漏水持续")


def test_walk_an_evaluation_with_the_scoring_grid(qtbot, page, demo_ctx):
    view = create(qtbot, page, "evaluation", "物业服务评议会（测试）")
    pick(view, "object_type", "物业公司")
    assert view.panels[0].list.count() == 7  # the template's criteria
    type_text(view, "object_name", "上海沁园物业管理有限公司")
    type_text(view, "period", "2026年1月—11月")
    pick(view, "scale", "满意度")
    date(view, "date", "2026-10-20")
    type_text(view, "place", "居委会会议室")
    date(view, "notified_on", "2026-10-12")
    shot(page, "evaluation-1-prepare")
    next_step(qtbot, view, "evaluators")
    type_text(view, "chair", "陈立群")
    type_text(view, "recorder", "沈佳怡")
    for g in ("第一楼组", "第二楼组", "第三楼组"):
        qtbot.mouseClick(view.editors["affected_groups"].boxes[g], LEFT)
    pp = panel(view, ParticipantsPanel, "pick")
    names = residents(demo_ctx.store, 3, ["第一楼组", "第二楼组", "第三楼组"])
    for n in names:
        add_resident(qtbot, pp, n)
    set_combo_text(pp.role, "评议对象")
    pp.free.setText("王建新")
    pp.free.returnPressed.emit()
    assert pp.table.rowCount() == 4
    shot(page, "evaluation-2-evaluators")
    next_step(qtbot, view, "report")
    type_text(view, "reporter", "王建新（项目经理）")
    type_text(view, "report", "汇报保洁、安保、维修工作。")
    shot(page, "evaluation-3-report")
    next_step(qtbot, view, "scoring")
    qtbot.mouseClick(panel(view, ParticipantsPanel, "signin").all_present, LEFT)
    sc = panel(view, ScoringPanel)
    assert "还没有录入票数" in sc.totals.text()
    sc.open_entry()  # the anonymous forms' counts: never who chose what
    dlg = sc.dialog
    qtbot.waitExposed(dlg)
    dlg.tabs.setCurrentWidget(dlg.counts)
    dlg.issued.setValue(3)
    dlg.counts.returned.setValue(3)
    dlg.counts.valid.setValue(3)
    dlg.counts.void.setValue(0)
    for i, row in enumerate(dlg.counts.spins):  # criteria in order; the last is 总体评价
        for j, n in enumerate((1, 1, 1) if i == len(dlg.counts.spins) - 1 else (2, 1, 0)):
            row[j].setValue(n)
    assert dlg.save_btn.isEnabled(), dlg.status.text()
    qtbot.mouseClick(dlg.save_btn, LEFT)
    assert dlg.saved is not None
    sc.reload()
    assert S.score_grid(demo_ctx.store, view.sid).overall.counts == {"满意": 1, "基本满意": 1, "不满意": 1}
    assert "66.7%" in sc.totals.text()
    assert "participant" not in " ".join(r[1] for r in demo_ctx.store.conn.execute(
        "PRAGMA table_info(evaluation_scores)"))
    shot(page, "evaluation-4-scoring")
    next_step(qtbot, view, "feedback")
    date(view, "feedback_on", "2026-10-25")
    type_text(view, "result_summary", "总体基本满意，满意率66.7%。")
    shot(page, "evaluation-5-feedback")
    next_step(qtbot, view, "commitments")
    date(view, "plan_on", "2026-11-01")
    type_text(view, "plan_signed_by", "王建新")
    fp = panel(view, FollowupsPanel)
    fp.item.setText("报修24小时内响应")
    fp.responsible.setText("物业公司")
    fp.deadline.setDate(QDate(2027, 1, 31))
    fp.item.returnPressed.emit()
    shot(page, "evaluation-6-commitments")
    next_step(qtbot, view, "publicity")
    date(view, "publicity_from", "2026-11-02")
    date(view, "publicity_until", "2026-11-08")
    shot(page, "evaluation-7-publicity")
    next_step(qtbot, view, "followup")
    fp = panel(view, FollowupsPanel)
    fp.table.selectRow(0)
    set_combo_text(fp.status, "已完成")
    qtbot.mouseClick(fp.status_btn, LEFT)
    shot(page, "evaluation-8-followup")
    next_step(qtbot, view, "closed")
    rec = S.get(demo_ctx.store, view.sid)
    assert rec.closed and rec.compliance == 100


def test_list_filters_and_open(qtbot, page):
    page.refresh()
    all_rows = page.model.rowCount()
    assert all_rows >= 36
    page.kind.setCurrentIndex(page.kind.findData("coordination"))
    assert {r.kind for r in page.model.rows} == {"coordination"}
    page.state.setCurrentIndex(page.state.findData("revisit"))
    assert [r.state for r in page.model.rows] == ["revisit"]
    page.kind.setCurrentIndex(0)
    page.state.setCurrentIndex(0)
    page.overdue.setChecked(True)
    assert page.model.rows and all(r.overdue_followups for r in page.model.rows)
    page.overdue.setChecked(False)
    page.year.setCurrentIndex(page.year.findData(2026))
    assert page.model.rowCount() == all_rows
    shot(page, "list")
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.view
    view = page.view
    first = view.shown_step
    qtbot.keyClick(view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert view.shown_step != first and view.current_btn.isVisible()
    qtbot.mouseClick(view.current_btn, LEFT)
    assert view.shown_step == first
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert page.stack.currentWidget() is page.list_page


def test_view_every_demo_step(qtbot, page):
    """Every step of every kind renders from the definitions (no kind-specific UI)."""
    for r in S.list_sessions(page.app.ctx.store):
        page.open_session(r.id)
        rec = page.view.record
        for step in rec.definition.steps:
            page.view.show_step(step.key)
            assert page.view.editors.keys() == {f.key for f in step.fields}
            ours = [p for p in page.view.panels if ".ui.session.panels." in type(p).__module__]
            assert len(ours) == len(step.panels)  # (other issues add their own strips)


def test_models(qtmodeltester, demo_ctx):
    m = SessionListModel()
    m.set_rows(S.list_sessions(demo_ctx.store))
    qtmodeltester.check(m)


def test_rules_dialog_changes_the_checks(qtbot, page, demo_ctx):
    page.refresh()
    dlg = page.open_rules()
    assert dlg.spins["hearing_notice_days"].value() == 10
    dlg.spins["hearing_notice_days"].setValue(30)
    dlg.holidays.setText("2026-13-01")
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Save), LEFT)
    assert "格式不对" in dlg.error.text()
    dlg.holidays.setText("2026-10-01")
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Save), LEFT)
    rs = S.rule_settings(demo_ctx.store)
    assert rs.hearing_notice_days == 30 and rs.holidays == ["2026-10-01"]
    closed = [r for r in S.list_sessions(demo_ctx.store, kind="hearing") if r.state == "closed"][0]
    notice = [c for c in S.get(demo_ctx.store, closed.id).checks if c["rule"] == "hearing_notice"][0]
    assert notice["status"] in ("fail", "overridden") and "30天" in notice["message"]


def test_premeeting_button_brings_participants(qtbot, page, demo_ctx):
    target = [r for r in S.list_sessions(demo_ctx.store, kind="evaluation") if r.state == "closed"][0]
    assert S.prepared_by(demo_ctx.store, target.id)  # the demo links a 监督合议会
    page.open_session(target.id)
    view = page.view
    assert view.pre_btn.isVisible()
    before = len(P.list_participants(demo_ctx.store, target.id))
    qtbot.mouseClick(view.pre_btn, LEFT)
    assert len(P.list_participants(demo_ctx.store, target.id)) > before
