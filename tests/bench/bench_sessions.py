"""Benchmark: the 三会 step engine's service work — one field save (one transaction with the
rule checks recomputed), 下一步's "what is missing", listing 1,000 sessions, re-judging them all.

Run: .venv/bin/python -m pytest -q -m bench tests/bench/bench_sessions.py -s"""

from __future__ import annotations

import statistics
import time

import pytest

from selfgov_desktop.services import participants as P
from selfgov_desktop.services import sessions as S

pytestmark = pytest.mark.bench
N = 1000


def _ms(fn, repeat=1):
    times = []
    out = None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), out


def test_bench_sessions(demo_ctx):
    ctx = demo_ctx
    reps = [g for g in P.pickable_groups(ctx.store) if g["kind"] == "居民代表"][0]["id"]
    sid = S.create(ctx, "hearing", "基准听证会").data["id"]
    P.add_group(ctx, sid, reps)
    values = iter(range(10_000))
    save, _ = _ms(lambda: S.set_field(ctx, sid, "request_count", next(values)), repeat=50)
    miss, _ = _ms(lambda: S.missing(ctx.store, sid), repeat=50)
    t = time.perf_counter()
    for i in range(N):
        S.create(ctx, ("hearing", "coordination", "evaluation")[i % 3], f"会议{i}")
    create_each = (time.perf_counter() - t) * 1000 / N
    listing, rows = _ms(lambda: S.list_sessions(ctx.store), repeat=5)
    rejudge, _ = _ms(lambda: S.recompute_all(ctx))
    print(f"\n三会 service timings ({len(rows)} sessions, demo roster of 3,000 residents):")
    print(f"  one field save incl. rule checks (median of 50): {save:.1f} ms")
    print(f"  what is missing for 下一步 (median of 50):        {miss:.1f} ms")
    print(f"  create a session (mean of {N}):                 {create_each:.1f} ms")
    print(f"  list every session (median of 5):              {listing:.1f} ms")
    print(f"  re-judge every session after a settings change: {rejudge:.0f} ms")
    assert len(rows) >= N
