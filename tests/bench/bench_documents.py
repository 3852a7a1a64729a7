"""Benchmark: minutes PDF ≤ 0.3 s, notice ≤ 0.3 s, ledger of 1,000 sessions ≤ 2 s.

Run: make bench   (or: .venv/bin/python -m pytest -q -m bench tests/bench/bench_documents.py -s)
Fonts are registered once per process before timing (the app does it once at start)."""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import document_samples as ds

from selfgov_desktop.documents import fonts, ledgers, minutes, notices as notice_docs
from selfgov_desktop.services import documents as docs
from selfgov_desktop.services import notices
from selfgov_desktop.services.base import Context
from selfgov_desktop.store.db import Store

pytestmark = pytest.mark.bench


def _time(fn, repeat: int = 5) -> tuple[float, float, float]:
    """Median and max wall time, and median CPU time of this process (the machine is shared:
    wall time grows with other people's load, CPU time hardly does)."""
    times, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return statistics.median(times), max(times), statistics.median(cpu)


def test_bench_documents(tmp_path):
    t0 = time.perf_counter()
    fonts.register()
    fonts.markup("预热")
    t_fonts = time.perf_counter() - t0
    store = Store(tmp_path / "selfgov.db")
    ctx = Context(store, "bench")
    ds.committee(store)
    residents = ds.people(store)
    rng = random.Random(1)
    kinds = ["hearing", "coordination", "evaluation"]
    t0 = time.perf_counter()
    ids = [ds.add_session(store, kinds[i % 3], i + 1,
                          dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 360)), residents,
                          rng, participants=rng.randint(8, 40))
           for i in range(1000)]
    t_gen = time.perf_counter() - t0
    hearing = ids[0]
    evaluation = ids[2]
    nid = notices.create(ctx, "evaluation_result", evaluation, posted_from="2026-11-23").data["id"]

    m_med, m_max, m_cpu = _time(lambda: docs.export_minutes(ctx, hearing, tmp_path / "m.pdf", minutes.write))
    n_med, n_max, n_cpu = _time(lambda: docs.export_notice(ctx, nid, tmp_path / "n.pdf", notice_docs.write))
    l_med, l_max, l_cpu = _time(lambda: docs.export_ledger(ctx, tmp_path / "l.xlsx", ledgers.write,
                                                    year=2026), repeat=3)
    store.close()
    print(f"\n  fonts registered once:            {t_fonts:.3f} s")
    print(f"  1,000 sessions generated:         {t_gen:.2f} s")
    print(f"  load average (1 min):             {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"  minutes PDF (hearing):            median {m_med:.3f} s, max {m_max:.3f} s, "
          f"CPU {m_cpu:.3f} s  (≤ 0.3 s)")
    print(f"  notice PDF (evaluation result):   median {n_med:.3f} s, max {n_max:.3f} s, "
          f"CPU {n_cpu:.3f} s  (≤ 0.3 s)")
    print(f"  ledger .xlsx, 1,000 sessions:     median {l_med:.3f} s, max {l_max:.3f} s, "
          f"CPU {l_cpu:.3f} s  (≤ 2 s)")
