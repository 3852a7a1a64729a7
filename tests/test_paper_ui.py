"""Paper entry in the step engine (pytest-qt): 30 evaluation forms typed with the keyboard
alone give the rates domain.evaluation computes; tallies that do not add up cannot be saved;
sign-in ticking updates the figures and saves 委托 with who-for-whom. Set SELFGOV_SHOTS=DIR
to save 1366x768 screenshots."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from selfgov_desktop.domain import evaluation as ev
from selfgov_desktop.domain.search import pinyin_keys
from selfgov_desktop.services import participants as P
from selfgov_desktop.services import sessions as S
from selfgov_desktop.ui.bus import Bus
from selfgov_desktop.ui.context import AppContext
from selfgov_desktop.ui.session.paper_entry import (BallotEntryDialog, EvaluationEntryDialog, PaperPanel,
                                                    SigninEntryDialog)
from selfgov_desktop.ui.session.view import SessionView


SHOTS = os.environ.get("SELFGOV_SHOTS")
KEYS = {i: getattr(Qt.Key, f"Key_{i}") for i in range(10)}



def shot(widget, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


@pytest.fixture
def view(qtbot, demo_ctx, sync_runner, tmp_path):
    app = AppContext(ctx=demo_ctx, bus=Bus(), data_dir=tmp_path)
    v = SessionView(app)
    qtbot.addWidget(v)
    v.resize(1366 - 150, 768)
    v.show()
    qtbot.waitExposed(v)
    return v


def evaluation_at_scoring(ctx, n_reps: int = 30) -> int:
    """A fresh 评议会 standing at 评议打分 with n representatives signed in."""
    sid = S.create(ctx, "evaluation", "纸质评议测试评议会", date="2026-11-28",
                   data={"object_type": "物业公司", "object_name": "上海沁园物业管理有限公司",
                         "scale": "满意度",
                         "period": "2026年1月—11月", "notified_on": "2026-11-10"}).data["id"]
    rids = [r[0] for r in ctx.store.conn.execute(
        "SELECT id FROM residents WHERE status = '在册' ORDER BY id LIMIT ?", [n_reps])]
    P.add_residents(ctx, sid, rids, "评议代表")
    S.set_fields(ctx, sid,
                 {"chair": "王主任", "recorder": "李记录", "place": "居委会会议室", "start_time": "09:30"})
    S.override(ctx, sid, "building_coverage", "测试：只请了部分楼组的代表")
    S.advance(ctx, sid)  # 准备 → 评议代表
    S.advance(ctx, sid)  # → 述职
    S.set_fields(ctx, sid, {"reporter": "物业经理", "report": "全年工作汇报"})
    S.advance(ctx, sid)  # → 评议打分
    P.set_all_attendance(ctx, sid, "出席")
    assert S.get(ctx.store, sid).state == "scoring"
    return sid


def paper_panel(view) -> PaperPanel:
    panels = [p for p in view.panels if isinstance(p, PaperPanel)]
    assert len(panels) == 1
    return panels[0]


def test_thirty_forms_by_keyboard_alone_give_the_domain_rates(qtbot, view, demo_ctx):
    sid = evaluation_at_scoring(demo_ctx)
    view.open_session(sid)
    panel = paper_panel(view)
    assert "evaluation" in panel.entry_buttons and "evaluation" in panel.print_buttons
    shot(view.window(), "paper_scoring_step")
    qtbot.mouseClick(panel.entry_buttons["evaluation"], Qt.MouseButton.LeftButton)
    dlg = panel.dialog
    assert isinstance(dlg, EvaluationEntryDialog)
    qtbot.waitExposed(dlg)
    crit = [c["name"] for c in S.criteria(demo_ctx.store, sid)]
    opts = ev.options("满意度")
    rng = random.Random(9)
    forms = []
    for i in range(30):
        if i in (7, 19):  # two void sheets
            forms.append(None)
        else:
            forms.append([rng.choices(range(1, 4), weights=[6, 3, 1])[0] for _ in crit])
    target = dlg.by_form
    assert dlg.issued.value() == 30  # those signed in
    assert not dlg.save_btn.isEnabled()  # nothing entered yet
    for answers in forms:
        for d in answers or [0]:
            qtbot.keyClick(target, KEYS[d])
        qtbot.keyClick(target, Qt.Key.Key_Return)
    if len(forms) == 30:
        shot(dlg, "paper_evaluation_by_form")
    assert len(target.forms) == 30
    assert dlg.save_btn.isEnabled(), dlg.status.text()
    qtbot.keyClick(target, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dlg.saved is not None, dlg.status.text()

    # what the domain says about the same sheets
    valid = [f for f in forms if f is not None]
    grid = S.score_grid(demo_ctx.store, sid)
    pooled: dict[str, int] = {}
    for j, name in enumerate(crit):
        counts = {o: sum(1 for f in valid if f[j] == k + 1) for k, o in enumerate(opts)}
        expected = ev.tally("满意度", counts)
        got = grid.per_criterion[name]
        assert got.counts == expected.counts
        assert got.rate == pytest.approx(expected.rate)
        assert got.tier == expected.tier
        for o, c in counts.items():
            pooled[o] = pooled.get(o, 0) + c
    exp_overall = ev.overall("满意度", {name: {o: sum(1 for f in valid if f[j] == k + 1)
                                             for k, o in enumerate(opts)} for j, name in enumerate(crit)})
    assert grid.overall.rate == pytest.approx(exp_overall.rate)
    rec = S.get(demo_ctx.store, sid)
    assert (rec.data["forms_issued"], rec.data["forms_returned"], rec.data["forms_valid"],
            rec.data["forms_void"]) == (30, 30, 28, 2)
    # the step can now be completed: nothing missing, and the step's fields show the counts
    assert S.missing(demo_ctx.store, sid) == []
    assert view.editors["forms_valid"].edit.text() == "28"
    assert "可以点" in view.missing.text()


def test_counts_that_do_not_add_up_cannot_be_saved(qtbot, view, demo_ctx):
    sid = evaluation_at_scoring(demo_ctx, 10)
    view.open_session(sid)
    dlg = paper_panel(view).open_entry("evaluation")
    qtbot.waitExposed(dlg)
    dlg.tabs.setCurrentWidget(dlg.counts)
    grid = dlg.counts
    dlg.issued.setValue(10)
    grid.returned.setValue(10)
    grid.valid.setValue(9)
    grid.void.setValue(1)
    for row in grid.spins:
        row[0].setValue(6)
        row[1].setValue(3)
    assert dlg.save_btn.isEnabled(), dlg.status.text()
    grid.spins[2][2].setValue(1)  # one criterion now adds up to 10, not 9
    assert not dlg.save_btn.isEnabled()
    assert "多于有效票9" in dlg.status.text()
    shot(dlg, "paper_evaluation_counts_refused")
    dlg.save()  # Ctrl+S while disabled: nothing happens
    assert dlg.saved is None
    assert S.get(demo_ctx.store, sid).data.get("forms_valid") is None
    grid.spins[2][2].setValue(0)
    grid.valid.setValue(9)
    grid.returned.setValue(11)  # more returned than issued
    grid.void.setValue(2)
    assert not dlg.save_btn.isEnabled()
    assert "多于发出" in dlg.status.text()
    grid.returned.setValue(10)
    grid.void.setValue(1)
    assert dlg.save_btn.isEnabled()
    qtbot.mouseClick(dlg.save_btn, Qt.MouseButton.LeftButton)
    assert dlg.saved is not None
    assert S.get(demo_ctx.store, sid).data["forms_valid"] == 9
    panel = paper_panel(view)
    assert panel.warning.isHidden()
    S.set_field(demo_ctx, sid, "forms_valid", 8)  # edited by hand afterwards: the strip says so
    S.set_field(demo_ctx, sid, "forms_void", 2)
    panel.reload()
    assert not panel.warning.isHidden() and "多于有效票8" in panel.warning.text()


def test_unfinished_form_blocks_and_backspace_void_and_undo(qtbot, view, demo_ctx):
    sid = evaluation_at_scoring(demo_ctx, 5)
    view.open_session(sid)
    dlg = paper_panel(view).open_entry("evaluation")
    f = dlg.by_form
    n = len(f.items)
    qtbot.keyClick(f, KEYS[1])
    qtbot.keyClick(f, Qt.Key.Key_Return)  # incomplete: refused
    assert f.forms == [] and "没填" in dlg.status.text()
    qtbot.keyClick(f, Qt.Key.Key_Backspace)
    assert f.current.answers[0] is None
    qtbot.keyClick(f, KEYS[0])  # void
    qtbot.keyClick(f, Qt.Key.Key_Return)
    assert len(f.forms) == 1 and f.forms[0].void
    for _ in range(n):
        qtbot.keyClick(f, KEYS[2])
    qtbot.keyClick(f, Qt.Key.Key_Return)
    assert f.forms[1].answers == ["基本满意"] * n
    qtbot.keyClick(f, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # reopen the last sheet
    assert len(f.forms) == 1 and f.current.answers == ["基本满意"] * n
    qtbot.keyClick(f, KEYS[1])  # changes the last criterion
    qtbot.keyClick(f, Qt.Key.Key_Return)
    assert f.forms[1].answers[-1] == "满意"
    dlg.issued.setValue(1)  # 2 returned > 1 issued
    assert not dlg.save_btn.isEnabled()
    dlg.issued.setValue(5)
    assert dlg.save_btn.isEnabled()


def test_signin_ticking_updates_figures_and_saves_proxy(qtbot, view, demo_ctx):
    sid = evaluation_at_scoring(demo_ctx, 6)
    S.set_fields(demo_ctx, sid, {"by_assembly": True, "representatives_due": 6})
    rows = P.list_participants(demo_ctx.store, sid)
    for r in rows:
        P.set_attendance(demo_ctx, r.id, "")
    view.open_session(sid)
    panel = paper_panel(view)
    qtbot.mouseClick(panel.entry_buttons["signin"], Qt.MouseButton.LeftButton)
    dlg = panel.dialog
    assert isinstance(dlg, SigninEntryDialog)
    qtbot.waitExposed(dlg)
    t = dlg.table
    assert [t.item(i, 1).text() for i in range(t.rowCount())] == [r.name for r in rows]  # printed order
    assert "实到 <b>0</b>" in dlg.figures.text()
    qtbot.keyClick(t, KEYS[1])
    qtbot.keyClick(t, KEYS[1])
    assert "实到 <b>2</b>" in dlg.figures.text()
    assert t.currentRow() == 2
    qtbot.keyClick(t, KEYS[4])  # 委托 → the proxy name
    assert dlg.focusWidget() is dlg.proxy_edit
    dlg.proxy_edit.setText(rows[0].name)
    qtbot.keyClick(dlg.proxy_edit, Qt.Key.Key_Return)
    assert "委托1人不算到会" in dlg.figures.text()
    qtbot.keyClick(t, KEYS[3])  # 请假
    qtbot.keyClick(t, KEYS[1])
    qtbot.keyClick(t, KEYS[2])  # 缺席
    assert "实到 <b>3</b>" in dlg.figures.text()  # the 委托 is shown, but not 实到 (setting off)
    assert "委托1人不算到会" in dlg.figures.text()
    assert "评议到会比例" in dlg.figures.text() or "2/3" in dlg.figures.text()
    # a walk-in found by pinyin
    other = demo_ctx.store.conn.execute(
        "SELECT id, name FROM residents WHERE status = '在册' ORDER BY id DESC LIMIT 1").fetchone()
    typed = pinyin_keys(other[1])[0]
    dlg.walk_search.setText(typed)
    dlg.add_first_walk_in()
    assert len(dlg.walk_ins) == 1 and pinyin_keys(dlg.walk_ins[0].name)[0] == typed
    assert dlg.walk_ins[0].resident_id not in {r.resident_id for r in rows}
    other = (dlg.walk_ins[0].resident_id, dlg.walk_ins[0].name)
    assert "实到 <b>4</b>" in dlg.figures.text()  # 3 出席 + the walk-in; the 委托 not
    shot(dlg, "paper_signin_entry")
    qtbot.keyClick(t, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dlg.saved is not None, dlg.status.text()
    after = {r.name: r for r in P.list_participants(demo_ctx.store, sid)}
    assert after[rows[2].name].attendance == "委托"
    proxy_for = demo_ctx.store.conn.execute("SELECT proxy_for, absence_reason FROM participants WHERE id = ?",
                                            [rows[2].id]).fetchone()
    assert proxy_for == (rows[0].id, f"委托{rows[0].name}代签")
    assert after[rows[3].name].attendance == "请假"
    assert after[other[1]].attendance == "出席"


def test_signin_refuses_proxy_held_by_someone_absent(qtbot, view, demo_ctx):
    sid = evaluation_at_scoring(demo_ctx, 3)
    rows = P.list_participants(demo_ctx.store, sid)
    view.open_session(sid)
    dlg = paper_panel(view).open_entry("signin")
    t = dlg.table
    t.selectRow(0)
    qtbot.keyClick(t, KEYS[2])  # first: 缺席
    qtbot.keyClick(t, KEYS[4])  # second: 委托 to the absent first
    dlg.proxy_edit.setText(rows[0].name)
    qtbot.keyClick(dlg.proxy_edit, Qt.Key.Key_Return)
    assert "没有签到出席" in dlg.status.text()
    dlg.save()
    assert dlg.saved is None
    assert P.list_participants(demo_ctx.store, sid)[1].attendance == "出席"  # unchanged


def test_ballot_entry_on_a_hearing(qtbot, view, demo_ctx):
    sid = next(r.id for r in S.list_sessions(demo_ctx.store, kind="hearing") if r.state == "hearing")
    P.set_all_attendance(demo_ctx, sid, "出席")
    view.open_session(sid)
    panel = paper_panel(view)
    assert "ballot" in panel.entry_buttons
    shot(view.window(), "paper_hearing_step")
    dlg = panel.open_entry("ballot")
    assert isinstance(dlg, BallotEntryDialog)
    base = dlg.base.value()
    assert base > 0
    dlg.motion_edit.setPlainText("同意按此方案实施")
    dlg.change_motions()
    f = dlg.by_form
    yes = base // 2 + 1
    for i in range(base):
        qtbot.keyClick(f, KEYS[1 if i < yes else 2])
        qtbot.keyClick(f, Qt.Key.Key_Return)
    dlg.issued.setValue(base)
    assert dlg.save_btn.isEnabled(), dlg.status.text()
    shot(dlg, "paper_ballot_entry")
    dlg.save()
    assert dlg.saved is not None, dlg.status.text()
    v = [x for x in S.votes(demo_ctx.store, sid) if x["motion"] == "同意按此方案实施"]
    assert len(v) == 1
    # a hearing's ballot is an 意向性表决: the counts, never 通过
    assert (v[0]["yes"], v[0]["no"], v[0]["method"], v[0]["passed"]) == (yes, base - yes, "无记名", None)


def test_print_button_writes_pdf(qtbot, view, demo_ctx, tmp_path):
    sid = evaluation_at_scoring(demo_ctx, 4)
    view.open_session(sid)
    panel = paper_panel(view)
    assert panel.copies.value() == 4
    panel.export("evaluation", str(tmp_path / "评议表.pdf"))
    ch = panel.last_export
    assert ch is not None and ch.data["pages"] == 4
    assert "评议表" in view.flash_label.text()
    assert (tmp_path / "评议表.pdf").read_bytes()[:4] == b"%PDF"
