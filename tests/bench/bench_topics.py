"""Benchmark: the 议题库 with 2,000 topics (about 20,000 raisers) on a 10,000-resident roster:
listing with the 1/5 flags, one topic's detail, and the 居民会议 base counted on a day.

Run: .venv/bin/python -m pytest -q -m bench tests/bench/bench_topics.py -s"""

from __future__ import annotations

import datetime as dt
import time

import pytest

from selfgov_desktop.services import decisions
from selfgov_desktop.services import topics as svc
from selfgov_desktop.services.base import Context
from selfgov_desktop.store.db import Store

pytestmark = pytest.mark.bench
RESIDENTS, HOUSEHOLDS, TOPICS, RAISERS_PER_TOPIC = 10_000, 4_000, 2_000, 10


def _timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def test_bench_topics(tmp_path):
    store = Store(tmp_path / "selfgov.db")
    ctx = Context(store, "bench")
    with ctx.tx() as tx:
        c = tx.db.conn
        c.executemany("INSERT INTO households (id, address, building, room) VALUES (?, '', ?, ?)",
                      [(h, f"{h % 40}号", str(h)) for h in range(1, HOUSEHOLDS + 1)])
        c.executemany("INSERT INTO residents (name, birth_date, household_id, created_at, updated_at)"
                      " VALUES (?, ?, ?, 'x', 'x')",
                      [(f"居民{i}", f"{1940 + i % 80}-{1 + i % 12:02d}-{1 + i % 28:02d}", 1 + i % HOUSEHOLDS)
                       for i in range(RESIDENTS)])
        now = "2026-11-29T00:00:00"
        c.executemany("INSERT INTO topics (id, title, state, created_at, updated_at) VALUES (?, ?, "
                      "'征集', ?, ?)",
                      [(t, f"议题{t}", now, now) for t in range(1, TOPICS + 1)])
        c.executemany("INSERT INTO topic_raisers (topic_id, resident_id, channel, raised_on) VALUES (?, ?, "
                      "'走访', '2026-11-01')",
                      [(t, 1 + (t * 37 + k * 101) % RESIDENTS) for t in range(1, TOPICS + 1)
                       for k in range(RAISERS_PER_TOPIC)])
    t_list, rows = _timed(lambda: svc.list_topics(store, on=dt.date(2026, 11, 29)))
    t_detail, _d = _timed(lambda: svc.detail(store, TOPICS // 2))
    t_base, base = _timed(lambda: decisions.meeting_base(store, "adults", "2026-12-01"))
    print(f"\nlist_topics {len(rows)} topics: {t_list * 1000:.0f} ms; detail: {t_detail * 1000:.1f} ms;"
          f" adult base ({base.size} of {RESIDENTS}): {t_base * 1000:.1f} ms")
    store.close()
