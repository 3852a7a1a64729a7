"""The open sessions are judged again when the window opens and when the date changes while
it stays open; a read-only account leaves the stored checks alone."""

from __future__ import annotations

import datetime as dt
import json


from conftest import DEMO_TODAY, open_window


def _open_checks(store) -> dict[int, str]:
    return {sid: checks for sid, checks in store.conn.execute(
        "SELECT id, checks FROM sessions WHERE state != 'closed' ORDER BY id")}


def test_checks_judged_again_when_the_date_changes(qtbot, demo_store, tmp_path, sync_runner,
                                                   monkeypatch):
    w = open_window(qtbot, demo_store, tmp_path)
    watch = w.day_watch
    qtbot.waitUntil(lambda: watch.judged_on == DEMO_TODAY)  # at start
    assert watch.check() is None  # the same day: nothing to do
    before = _open_checks(demo_store)
    changed = []
    w.app.bus.changed.connect(changed.append)
    demo_store.clock.set_day(DEMO_TODAY + dt.timedelta(days=90))  # a long weekend
    assert watch.check() is not None
    assert watch.judged_on == DEMO_TODAY + dt.timedelta(days=90)
    after = _open_checks(demo_store)
    assert after.keys() == before.keys() and after != before  # deadlines have passed since
    moved = [sid for sid in after if after[sid] != before[sid]]
    assert any(c["status"] == "fail" for sid in moved for c in json.loads(after[sid]))
    assert changed and "sessions" in changed[-1].entities  # 首页 and 三会 refresh


def test_read_only_account_leaves_stored_checks(qtbot, demo_store, tmp_path, sync_runner,
                                                monkeypatch):
    demo_store.clock.set_day(DEMO_TODAY + dt.timedelta(days=90))
    before = _open_checks(demo_store)
    w = open_window(qtbot, demo_store, tmp_path, "访客", "只读")
    qtbot.waitUntil(lambda: w.day_watch.judged_on is not None)
    assert w.day_watch.check() is None
    assert _open_checks(demo_store) == before
