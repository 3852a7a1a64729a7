"""Roster at 50,000 rows (`make bench`): CLI import vs the floor, search-as-you-type, opening
the 居民 page. Measures and prints; the targets are in the issue (import ≤ 2.0× the floor,
≤ 30 ms per keystroke, page ≤ 1 s and ≤ 350 MB peak RSS)."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import roster_files
from conftest import data_key

N = 50_000
ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable

FLOOR = r"""
import sqlite3, sys, python_calamine as pc
rows = pc.CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()
conn = sqlite3.connect(sys.argv[2], isolation_level=None)
conn.execute("CREATE TABLE r (" + ",".join(f"c{i} TEXT" for i in range(12)) + ")")
conn.execute("BEGIN")
conn.executemany("INSERT INTO r VALUES (" + ",".join("?" * 12) + ")",
                 [(r + [""] * 12)[:12] for r in rows[2:]])
conn.execute("COMMIT")
"""

PAGE = r"""
import os, resource, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
t0 = time.perf_counter()
from selfgov_desktop import app as gui
from selfgov_desktop.store.db import Store
qapp = gui.make_application()
store = Store(sys.argv[1], key=bytes.fromhex(sys.argv[3]) if len(sys.argv) > 3 else None)
w = gui.build_window(store, sys.argv[2])
w.resize(1366, 768)
w.show()
page = w.show_page("residents")
qapp.processEvents()
page.view.viewport().repaint()
n = page.model.rowCount()
t1 = time.perf_counter()
# VmHWM is this process's own peak; ru_maxrss would carry over the parent's across exec
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")]
peak = int(hwm[0].split()[1]) / 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{t1 - t0:.3f} {peak:.0f} {n}")
"""


def _timed(cmd: list[str], env: dict[str, str] | None = None) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=ROOT)
    return time.perf_counter() - t


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("bench-roster")
    path = d / "花名册50000.xlsx"
    roster_files.write_big_xlsx(path, N)
    return path


@pytest.fixture(scope="module")
def imported(big: Path, tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("bench-data")
    subprocess.run([PY, "-m", "selfgov_desktop.cli", "--data-dir", str(data), "import-roster",
                    str(big)], check=True, capture_output=True, cwd=ROOT)
    return data


@pytest.mark.bench
def test_import_vs_floor(big: Path, tmp_path: Path) -> None:
    floors, ours = [], []
    for i in range(3):
        db = tmp_path / f"floor{i}.db"
        floors.append(_timed([PY, "-c", FLOOR, str(big), str(db)]))
        data = tmp_path / f"data{i}"
        # the store is made first, untimed: a first run's account and key set-up (scrypt for
        # the password hash, the key slot and the recovery key) is not the import's cost
        subprocess.run([PY, "-m", "selfgov_desktop.cli", "--data-dir", str(data), "info"],
                       check=True, capture_output=True, cwd=ROOT)
        ours.append(_timed([PY, "-m", "selfgov_desktop.cli", "--data-dir", str(data),
                            "import-roster", str(big)]))
    floor, cli = statistics.median(floors), statistics.median(ours)
    again = _timed([PY, "-m", "selfgov_desktop.cli", "--data-dir", str(tmp_path / "data0"),
                    "import-roster", str(big), "--dry-run"])
    startup = statistics.median(
        _timed([PY, "-m", "selfgov_desktop.cli", "--data-dir", str(tmp_path / "s"), "--version"])
        for _ in range(3))
    # the same work inside one warm process, without interpreter and CLI start-up
    import gc
    import sqlite3

    import python_calamine as pc

    from selfgov_desktop.documents import spreadsheet
    from selfgov_desktop.services import roster_import
    from selfgov_desktop.services.base import Context
    from selfgov_desktop.store.db import Store

    t = time.perf_counter()
    rows = pc.CalamineWorkbook.from_path(str(big)).get_sheet_by_index(0).to_python()
    conn = sqlite3.connect(tmp_path / "warm-floor.db", isolation_level=None)
    conn.execute("CREATE TABLE r (" + ",".join(f"c{i} TEXT" for i in range(12)) + ")")
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO r VALUES (" + ",".join("?" * 12) + ")",
                     [(r + [""] * 12)[:12] for r in rows[2:]])
    conn.execute("COMMIT")
    warm_floor = time.perf_counter() - t
    del rows
    gc.disable()
    t = time.perf_counter()
    store = Store(tmp_path / "warm" / "selfgov.db")
    table = spreadsheet.read_roster(big)
    t_read = time.perf_counter() - t
    p = roster_import.plan(store, table)
    t_plan = time.perf_counter() - t - t_read
    roster_import.apply(Context(store, "bench"), p)
    warm = time.perf_counter() - t
    gc.enable()
    store.close()
    print(f"\nCLI start-up alone (`--version`: the interpreter and the CLI itself) {startup:.2f}s;"
          f" warm in-process: floor {warm_floor:.2f}s, ours {warm:.2f}s = {warm / warm_floor:.2f}x"
          f" (read {t_read:.2f}s, check {t_plan:.2f}s, write {warm - t_read - t_plan:.2f}s)")
    print(f"import {N:,} rows: floor {floor:.2f}s (runs {', '.join(f'{x:.2f}' for x in floors)}),"
          f" CLI {cli:.2f}s (runs {', '.join(f'{x:.2f}' for x in ours)}) = {cli / floor:.2f}x"
          f" the floor (target <= 2.0x); re-import dry-run of 50,000 unchanged {again:.2f}s")


def keystrokes(store: Any, model: Any) -> list[float]:
    """Type a resident's name (pinyin, initials, characters), phone and a few common prefixes
    into the 居民 page's model, one keystroke at a time: the milliseconds of each (filter and
    the cells a screen shows), sorted."""
    from PySide6.QtCore import Qt

    from selfgov_desktop.domain.search import pinyin_keys
    from selfgov_desktop.services import residents as svc

    model.reload()
    assert model.rowCount() == N
    name, phone = store.conn.execute(
        "SELECT name, phone FROM residents WHERE length(name) = 3 ORDER BY id LIMIT 1").fetchone()
    full, initials = pinyin_keys(name)
    typed = [full[:i] for i in range(1, len(full) + 1)] + [initials[:i] for i in range(1, 4)] \
        + [name[:i] for i in range(1, len(name) + 1)] + [phone[:i] for i in range(3, 12)] \
        + ["沁", "310", "3101", "5号"]
    times = []
    for text in typed:
        t = time.perf_counter()
        model.set_filter(svc.ResidentFilter(text=text))
        for r in range(min(30, model.rowCount())):  # what a screen shows
            for c in range(model.columnCount()):
                model.index(r, c).data(Qt.ItemDataRole.DisplayRole)
        times.append((time.perf_counter() - t) * 1000)
    return sorted(times)


@pytest.mark.bench
def test_search_as_you_type(imported: Path, qapp) -> None:
    from PySide6.QtCore import Qt

    from selfgov_desktop.services import residents as svc
    from selfgov_desktop.store.db import Store
    from selfgov_desktop.ui.models.residents import ResidentsModel

    store = Store(imported / "selfgov.db", key=data_key(imported / "selfgov.db"))  # sealed
    model = ResidentsModel(store)
    times = keystrokes(store, model)
    sort_t = time.perf_counter()
    model.set_filter(svc.ResidentFilter())
    model.sort(0, Qt.SortOrder.DescendingOrder)
    sort_ms = (time.perf_counter() - sort_t) * 1000
    print(f"\nsearch-as-you-type over {N:,}: {len(times)} keystrokes, median "
          f"{statistics.median(times):.1f} ms,"
          f" p90 {times[int(len(times) * 0.9)]:.1f} ms, max {times[-1]:.1f} ms (target <= 30 ms);"
          f" reload + sort by name {sort_ms:.0f} ms")
    store.close()


@pytest.mark.bench
def test_residents_page_open(imported: Path, tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    runs = []
    for _ in range(3):
        key = data_key(imported / "selfgov.db")
        assert key is not None
        out = subprocess.run([PY, "-c", PAGE, str(imported / "selfgov.db"), str(tmp_path), key.hex()],
                             check=True, capture_output=True, text=True, env=env, cwd=ROOT)
        took, peak, n = out.stdout.split()
        assert int(n) == N
        runs.append((float(took), float(peak)))
    took = statistics.median(r[0] for r in runs)
    peak = max(r[1] for r in runs)
    print(f"\n居民 page with {N:,} residents: opened in {took:.2f}s (process start, imports, window,"
          f" first paint; target <= 1 s), peak RSS {peak:.0f} MB (target <= 350 MB)")
    print(json.dumps({"page_open_s": took, "peak_rss_mb": peak}))


@pytest.mark.bench
def test_import_wizard_steps(big: Path, tmp_path: Path, qapp, monkeypatch) -> None:
    """The GUI's three steps on the same file: read (mapping shown), check (preview shown),
    write (the 居民 page refreshed). Each step runs on the pool in the app; here inline."""
    from PySide6.QtWidgets import QMessageBox

    from selfgov_desktop import app as gui
    from selfgov_desktop.store.db import Store
    from selfgov_desktop.ui.workers import Runner

    monkeypatch.setattr(Runner, "synchronous", True)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    store = Store(tmp_path / "selfgov.db")
    w = gui.build_window(store, tmp_path, "bench", "主任")
    w.show()
    page = w.show_page("residents")
    t0 = time.perf_counter()
    wizard = page.open_import(str(big))
    qapp.processEvents()
    t1 = time.perf_counter()
    wizard.next_step()
    qapp.processEvents()
    t2 = time.perf_counter()
    wizard.next_step()
    qapp.processEvents()
    t3 = time.perf_counter()
    assert page.model.rowCount() == N and f"新增{N}人" in wizard.result_summary
    print(f"\nimport wizard, {N:,} rows: read {t1 - t0:.2f}s, check + preview {t2 - t1:.2f}s,"
          f" write + page {t3 - t2:.2f}s")
    wizard.close()
    w.close()
    store.close()
