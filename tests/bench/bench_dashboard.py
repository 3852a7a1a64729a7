"""首页 figures at a busy committee's scale (`make bench`): the demo data, then the same with
ten times the sessions' participants (a year of well-attended meetings). Every figure is
computed from the store each time the page is shown, so this is the price of "no cached
totals". Measures and prints."""

from __future__ import annotations

import statistics
import time

import pytest

from selfgov_desktop.services import dashboard as D

from conftest import DEMO_TODAY


def _time(fn, n: int = 20) -> tuple[float, float]:
    fn()
    runs = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t) * 1000)
    return statistics.median(runs), max(runs)


@pytest.mark.bench
def test_dashboard_compute(demo_store):
    med, worst = _time(lambda: D.compute(demo_store, DEMO_TODAY))
    n = demo_store.conn.execute("SELECT count(*) FROM participants").fetchone()[0]
    print(f"\ndashboard.compute on the demo ({n} participants): median {med:.1f} ms, max {worst:.1f} ms")
    with demo_store.write() as db:
        for _ in range(9):
            db.execute("INSERT INTO participants (session_id, resident_id, unit_id, contact_id, name,"
                       " role, attendance, absence_reason, proxy_for, seq)"
                       " SELECT session_id, resident_id, unit_id, contact_id, name, role, attendance,"
                       " absence_reason, NULL, seq FROM participants WHERE proxy_for IS NULL"
                       " AND id <= ?", [n])
    n10 = demo_store.conn.execute("SELECT count(*) FROM participants").fetchone()[0]
    med, worst = _time(lambda: D.compute(demo_store, DEMO_TODAY))
    print(f"dashboard.compute with {n10} participants: median {med:.1f} ms, max {worst:.1f} ms")


@pytest.mark.bench
def test_home_page_refresh(qtbot, demo_store, tmp_path):
    from selfgov_desktop import app as gui

    gui.make_application()
    w = gui.build_window(demo_store, tmp_path)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    home = w.show_page("home")
    med, worst = _time(home.refresh, n=10)
    print(f"\n首页 refresh (figures + charts rebuilt): median {med:.1f} ms, max {worst:.1f} ms")
