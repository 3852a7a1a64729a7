"""Through the 议题 page: a need collected, formed, decided by 四议两公开 and its resolution
published; the model passes qtmodeltester; screenshots at 1366x768."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from selfgov_desktop.services import decisions
from selfgov_desktop.services import topics as svc
from selfgov_desktop.services.base import Context
from selfgov_desktop.ui.bus import Bus
from selfgov_desktop.ui.context import AppContext
from selfgov_desktop.ui.pages.topics import TopicsModel, TopicsPage

SHOTS = Path(os.environ.get("SHOTS_DIR", "")) if os.environ.get("SHOTS_DIR") else None



@pytest.fixture
def warnings(monkeypatch):
    """Error dialogs are recorded instead of shown."""
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: seen.append(text))
    return seen


def make_page(qtbot, store, tmp_path):
    app = AppContext(Context(store, "测试员"), Bus(), tmp_path)
    page = TopicsPage(app)
    qtbot.addWidget(page)
    page.resize(1366 - 150, 768)
    page.show()
    qtbot.waitExposed(page)
    return page


def shot(widget, name):
    if SHOTS is not None:
        QApplication.processEvents()
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SHOTS / f"{name}.png"))


def qd(iso):
    d = dt.date.fromisoformat(iso)
    return QDate(d.year, d.month, d.day)


def test_model(qtmodeltester, demo_store):
    m = TopicsModel()
    m.set_rows(svc.list_topics(demo_store))
    assert m.rowCount() > 5
    qtmodeltester.check(m)


def test_need_to_published_resolution_through_the_ui(qtbot, store, tmp_path, sync_runner, warnings):
    page = make_page(qtbot, store, tmp_path)
    assert page.empty.isVisible()

    # 1. Collect a need from a phone call, with a free name standing for 12 residents.
    dlg = page.open_collect()
    dlg.title.setText("小区东门晚上没有路灯")
    dlg.channel.setCurrentText("电话")
    dlg.category.setCurrentText("安全")
    dlg.raised_on.setDate(qd("2026-09-01"))
    dlg.free_name.setText("东门附近居民联名")
    dlg.free_count.setValue(12)
    dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not warnings
    assert page.model.rowCount() == 1
    assert page.model.rows[0].residents == 12
    tid = page.detail.topic_id
    assert tid is not None and "12位居民提出" in page.detail.header.text()

    # 2. 形成议题.
    d = page.detail
    assert d.next_state.currentText() == "形成议题"
    d.state_date.setDate(qd("2026-09-05"))
    d.move_button.click()
    assert svc.detail(store, tid).state == "形成议题"

    # 3. 四议两公开 from the topic page.
    d.matter_button.click()
    assert page.tabs.currentWidget() is page.matters
    mv = page.matters
    mid = mv.matter_id
    assert mid is not None and "还缺" in mv.missing.text()

    def step(row, date, record, numbers=None, dates=None, done=True):
        mv.table.setCurrentCell(row, 0)
        mv.date.setDate(qd(date))
        mv.record.setText(record)
        for k, v in (numbers or {}).items():
            mv.number_edits[k].setValue(v)
        for k, v in (dates or {}).items():
            mv.date_edits[k].setDate(qd(v))
        (mv.done_button if done else mv.save_button).click()

    step(0, "2026-09-08", "党总支提议在东门加装路灯")
    step(1, "2026-09-10", "两委联席会议商议", {"members": 9, "present": 7, "yes": 7})
    # The party congress fails its 2/3 rule: refused until a reason is written.
    step(2, "2026-09-15", "党员大会审议", {"members_due": 30, "present": 19, "yes": 19})
    assert warnings and "三分之二" in warnings[-1]
    assert "party_congress" not in decisions.matter(store, mid).steps
    mv.table.setCurrentCell(2, 0)
    mv.date.setDate(qd("2026-09-15"))
    mv.record.setText("党员大会审议")
    for k, v in {"members_due": 30, "present": 19, "yes": 19}.items():
        mv.number_edits[k].setValue(v)
    mv.override.setText("11名党员外出参加街道活动，事后书面表示同意")
    mv.done_button.click()
    assert decisions.matter(store, mid).steps["party_congress"].done
    shot(page.window(), "topics-four-two-partial")
    step(3, "2026-09-25", "居民代表会议表决", {"base": 31, "attending": 26, "yes": 24, "no": 1, "abstain": 1})
    step(4, "2026-09-26", "在居务公开栏公开决议", dates={"posted_from": "2026-09-26",
                                                          "posted_until": "2026-10-03"})
    m = decisions.matter(store, mid)
    assert m.missing == ["实施结果公开"]
    shown: list = []
    page.app.bus.navigate.connect(lambda key, nid: shown.append((key, nid)))
    mv.table.setCurrentCell(4, 0)
    assert mv.notice_button.isVisibleTo(mv) and mv.notice_button.isEnabled()
    mv.notice_button.click()
    assert shown and shown[0][0] == "notices"
    title = store.conn.execute("SELECT title, kind FROM notices WHERE id = ?", [shown[0][1]]).fetchone()
    assert title[1] == "resolution" and "东门" in title[0]
    body = store.conn.execute("SELECT body FROM notices WHERE id = ?", [shown[0][1]]).fetchone()[0]
    assert "{" not in body and "赞成24票" in body
    assert "实施结果公开" in mv.missing.text()

    # 4. Back on the topic: 决定 with the resolution, visible on its path.
    page.tabs.setCurrentIndex(0)
    page.select_topic(tid)
    d.next_state.setCurrentIndex(d.next_state.findData("协商"))
    d.state_date.setDate(qd("2026-09-12"))
    d.move_button.click()
    d.next_state.setCurrentIndex(d.next_state.findData("决定"))
    d.state_date.setDate(qd("2026-09-25"))
    d.state_note.setText("居民代表会议通过：东门加装4盏路灯")
    d.move_button.click()
    det = svc.detail(store, tid)
    assert det.state == "决定" and det.decision.startswith("居民代表会议通过")
    text = d.path.toPlainText()
    for expected in ("2026年9月1日", "形成议题", "决议公开", "东门加装4盏路灯", "党员大会审议"):
        assert expected in text, expected
    assert "matter:" in d.path.toHtml() or "四议两公开" in text
    shot(page.window(), "topics-path")


def test_reject_and_merge_through_the_ui(qtbot, store, tmp_path, sync_runner, warnings):
    a = svc.collect(Context(store, "t"), "快递柜", channel="来访",
                    raisers=[svc.Raiser(name="甲", residents_count=3)]).data["id"]
    b = svc.collect(Context(store, "t"), "想要快递柜", channel="网上",
                    raisers=[svc.Raiser(name="乙", residents_count=4)]).data["id"]
    page = make_page(qtbot, store, tmp_path)
    page.merge_button.click()
    assert warnings and "Ctrl" in warnings[-1]
    page.view.selectAll()
    page.merge_button.click()
    assert page.model.rowCount() == 1 and page.model.rows[0].residents == 7
    page.select_topic(a)
    d = page.detail
    d.next_state.setCurrentIndex(d.next_state.findData("不予立项"))
    d.move_button.click()
    assert "理由" in warnings[-1]
    d.state_note.setText("小区出入口空间不足，已答复居民")
    d.move_button.click()
    assert svc.detail(store, a).state == "不予立项"
    assert "不予立项理由" in d.path.toPlainText()
    assert svc.detail(store, b).merged_into == a


def test_demo_screens(qtbot, demo_store, tmp_path, sync_runner):
    page = make_page(qtbot, demo_store, tmp_path)
    assert page.model.rowCount() >= 8
    flagged = next(r for r in page.model.rows if r.flagged)
    page.select_topic(flagged.id)
    assert page.detail.flag.isVisible() and "1/5" in page.detail.flag.text()
    shot(page.window(), "topics-demo")
    done = next(r for r in page.model.rows if r.state == "办结")
    page.select_topic(done.id)
    shot(page.window(), "topics-demo-done")
    complete = next(r for r in decisions.list_matters(demo_store) if not r.missing)
    page.show_matter(complete.id)
    assert "全部完成" in page.matters.missing.text()
    shot(page.window(), "topics-demo-four-two")


def test_search_and_state_filter(qtbot, demo_store, tmp_path, sync_runner):
    page = make_page(qtbot, demo_store, tmp_path)
    page.search.setText("停车")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=2000)
    assert all("停车" in r.title for r in page.model.rows)
    page.search.clear()
    page.state_filter.setCurrentIndex(page.state_filter.findData("办结"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    assert page.model.rows[0].state == "办结"
