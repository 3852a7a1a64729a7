"""A need goes from collection to a 居民会议 resolution published on the board, all through
the UI: the 议题 page collects and forms it and convenes the meeting (base counted from the
roster on the day); the 三会 step engine runs the meeting; the topic is then decided."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from selfgov_desktop.services import sessions as S
from selfgov_desktop.services import topics as svc
from selfgov_desktop.ui.bus import Bus
from selfgov_desktop.ui.context import AppContext
from selfgov_desktop.ui.pages.sessions import SessionsPage
from selfgov_desktop.ui.pages.topics import TopicsPage
from selfgov_desktop.ui.session.panels import VotesPanel

LEFT = Qt.MouseButton.LeftButton
SHOTS = os.environ.get("SHOTS_DIR")



def qd(iso):
    y, m, d = (int(x) for x in iso.split("-"))
    return QDate(y, m, d)


def shot(w, name):
    if SHOTS:
        QApplication.processEvents()
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        w.grab().save(str(Path(SHOTS) / f"{name}.png"))


def type_text(view, key, text):
    ed = view.editors[key]
    if hasattr(ed.edit, "setPlainText") and not hasattr(ed.edit, "setValidator"):
        ed.edit.setPlainText(text)
        ed.edit.clearFocus()
        ed.commit()
    else:
        ed.edit.setText(text)
        ed.edit.editingFinished.emit()


def date(view, key, iso):
    ed = view.editors[key]
    ed.type_text(iso)


def tick(qtbot, view, key):
    from PySide6.QtCore import QPoint

    qtbot.mouseClick(view.editors[key].box, LEFT, pos=view.editors[key].box.rect().topLeft() + QPoint(6, 6))


def next_step(qtbot, view, expect):
    qtbot.mouseClick(view.next_btn, LEFT)
    assert view.record.state == expect, view.missing.text()


def test_need_to_residents_meeting_resolution(qtbot, demo_ctx, sync_runner, tmp_path):
    app = AppContext(ctx=demo_ctx, bus=Bus(), data_dir=tmp_path)
    topics = TopicsPage(app)
    sessions = SessionsPage(app)
    for w in (topics, sessions):
        qtbot.addWidget(w)
        w.resize(1366 - 150, 768)
    topics.show()
    qtbot.waitExposed(topics)
    opened: list[int] = []
    app.bus.navigate.connect(
        lambda key, sid: (opened.append(sid), sessions.show(), sessions._navigate(key, sid)))

    dlg = topics.open_collect()
    dlg.title.setText("小区增设电动自行车充电桩")
    dlg.channel.setCurrentText("楼组")
    dlg.search.setText("王")
    assert dlg.results.count() > 0
    dlg._choose(dlg.results.item(0))
    dlg.free_name.setText("第三楼组居民联名")
    dlg.free_count.setValue(40)
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Ok), LEFT)
    tid = topics.detail.topic_id
    assert svc.detail(demo_ctx.store, tid).residents == 41

    d = topics.detail
    qtbot.mouseClick(d.move_button, LEFT)  # → 形成议题
    assert svc.detail(demo_ctx.store, tid).state == "形成议题"
    d.assembly_kind.setCurrentIndex(0)
    d.assembly_base.setCurrentIndex(d.assembly_base.findData("households"))
    d.assembly_date.setDate(qd("2026-11-12"))
    qtbot.mouseClick(d.assembly_button, LEFT)
    assert opened, "the new meeting opens in the 三会 step engine"
    sid = opened[0]
    rec = S.get(demo_ctx.store, sid)
    assert rec.kind == "residents_meeting" and rec.topic_id == tid and rec.data["base_size"] > 1000
    assert svc.detail(demo_ctx.store, tid).state == "协商"

    view = sessions.view
    assert view.record.id == sid and view.record.state == "agenda"
    type_text(view, "agenda", "一、审议小区电动自行车充电桩设置方案")
    type_text(view, "place", "沁园小区中心广场")
    date(view, "agenda_published_on", "2026-11-01")
    shot(sessions, "assembly-1-agenda")
    next_step(qtbot, view, "base")
    type_text(view, "chair", "陈立群")
    type_text(view, "recorder", "沈佳怡")
    base = S.get(demo_ctx.store, sid).data["base_size"]
    next_step(qtbot, view, "signin")
    type_text(view, "attending", str(base // 2))  # exactly half: no quorum, a warning
    checks = {c["rule"]: c["status"] for c in S.get(demo_ctx.store, sid).checks}
    assert checks["assembly_quorum"] == "warn"
    type_text(view, "attending", str(base // 2 + 1))
    checks = {c["rule"]: c["status"] for c in S.get(demo_ctx.store, sid).checks}
    assert checks["assembly_quorum"] == "pass"
    shot(sessions, "assembly-3-signin")
    next_step(qtbot, view, "motions")
    vp = next(p for p in view.panels if isinstance(p, VotesPanel))
    attending = base // 2 + 1
    vp.motion.setText("在8号楼北侧设置充电桩40个")
    vp.spins["base"].setValue(attending)
    vp.spins["yes"].setValue(attending // 2 + 1)
    vp.spins["no"].setValue(attending - attending // 2 - 1)
    qtbot.mouseClick(vp.add_btn, LEFT)
    assert vp.table.item(0, 6).text() == "通过"
    shot(sessions, "assembly-4-motions")
    next_step(qtbot, view, "minutes")
    date(view, "minutes_on", "2026-11-13")
    type_text(view, "resolutions", "居民会议表决通过：在8号楼北侧设置电动自行车充电桩40个。")
    tick(qtbot, view, "signed")
    next_step(qtbot, view, "publicity")
    type_text(view, "resolution_text", "在8号楼北侧设置电动自行车充电桩40个，经居民会议表决通过。")
    date(view, "publicity_from", "2026-11-14")
    date(view, "publicity_until", "2026-11-20")
    shot(sessions, "assembly-6-publicity")
    next_step(qtbot, view, "closed")

    # Back on the topic: decided, with the meeting on its path.
    topics.select_topic(tid)
    d.next_state.setCurrentIndex(d.next_state.findData("决定"))
    d.state_date.setDate(qd("2026-11-12"))
    d.state_note.setText("居民会议通过：8号楼北侧设置充电桩40个")
    qtbot.mouseClick(d.move_button, LEFT)
    det = svc.detail(demo_ctx.store, tid)
    assert det.state == "决定" and [s["id"] for s in det.sessions] == [sid]
    assert "居民会议" in d.path.toPlainText()
    shot(topics, "assembly-topic-decided")
