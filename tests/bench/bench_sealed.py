"""The seal's cost (`make bench`): the same work on a plain and on a sealed (SQLCipher) store of
50,000 residents, in one run: roster import (in one warm process: read, check, write), search-
as-you-type, opening the 居民 page (a fresh process) and a backup. Targets (issue 16): the seal
costs at most 15% on import; search stays under 30 ms per keystroke."""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import roster_files
from bench_roster import PAGE, keystrokes

pytestmark = pytest.mark.bench
N = 50_000
ROOT = Path(__file__).resolve().parents[2]
KEY = bytes(range(32))  # a fixed data key: the cost does not depend on its value


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bench-sealed") / "花名册50000.xlsx"
    roster_files.write_big_xlsx(path, N)
    return path


def _import(big: Path, db: Path, key: bytes | None) -> float:
    from selfgov_desktop.documents import spreadsheet
    from selfgov_desktop.services import roster_import
    from selfgov_desktop.services.base import Context
    from selfgov_desktop.store.db import Store

    gc.collect()
    gc.disable()
    try:
        t = time.perf_counter()
        store = Store(db, key=key)
        table = spreadsheet.read_roster(big)
        roster_import.apply(Context(store, "bench"), roster_import.plan(store, table))
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        took = time.perf_counter() - t
    finally:
        gc.enable()
    store.close()
    return took


def _search(db: Path, key: bytes | None) -> list[float]:
    from selfgov_desktop.store.db import Store
    from selfgov_desktop.ui.models.residents import ResidentsModel

    store = Store(db, key=key)
    try:
        return keystrokes(store, ResidentsModel(store))
    finally:
        store.close()


def _page(db: Path, tmp: Path, key: bytes | None) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    runs = []
    for _ in range(3):
        args = [sys.executable, "-c", PAGE, str(db), str(tmp)] + ([key.hex()] if key else [])
        out = subprocess.run(args, check=True, capture_output=True, text=True, env=env, cwd=ROOT)
        took, _peak, n = out.stdout.split()
        assert int(n) == N
        runs.append(float(took))
    return statistics.median(runs)


def _backup(db: Path, key: bytes | None, out: Path) -> float:
    from selfgov_desktop.services import backups
    from selfgov_desktop.store.db import Store

    store = Store(db, key=key)
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        backups.backup_now(store, out)
        runs.append(time.perf_counter() - t)
    store.close()
    return statistics.median(runs)


def test_bench_sealed_vs_plain(big: Path, tmp_path: Path, qapp) -> None:
    plain_db, sealed_db = tmp_path / "plain" / "selfgov.db", tmp_path / "sealed" / "selfgov.db"
    imports: dict[str, list[float]] = {"plain": [], "sealed": []}
    for i in range(3):  # alternating, so a busy moment of the machine hits both alike
        for kind, key in (("plain", None), ("sealed", KEY)):
            db = tmp_path / f"{kind}{i}" / "selfgov.db"
            imports[kind].append(_import(big, db, key))
            if i == 0:
                db.parent.rename((plain_db if key is None else sealed_db).parent)
    assert not sealed_db.read_bytes().startswith(b"SQLite format 3")
    imp = {k: statistics.median(v) for k, v in imports.items()}
    search = {"plain": _search(plain_db, None), "sealed": _search(sealed_db, KEY)}
    page = {"plain": _page(plain_db, tmp_path, None), "sealed": _page(sealed_db, tmp_path, KEY)}
    backup = {"plain": _backup(plain_db, None, tmp_path / "bp"),
              "sealed": _backup(sealed_db, KEY, tmp_path / "bs")}

    def cost(d: dict[str, float]) -> str:
        return f"{(d['sealed'] / d['plain'] - 1) * 100:+.0f}%"

    med = {k: statistics.median(v) for k, v in search.items()}
    p90 = {k: v[int(len(v) * 0.9)] for k, v in search.items()}
    worst = {k: v[-1] for k, v in search.items()}
    print(f"\nsealed vs plain, {N:,} residents (SQLCipher 4, raw 256-bit key, 16 KiB pages):")
    print(f"import (read + check + write, warm process; median of 3): plain {imp['plain']:.2f}s,"
          f" sealed {imp['sealed']:.2f}s = {cost(imp)} (target <= +15%);"
          f" runs plain {imports['plain']}, sealed {imports['sealed']}")
    print(f"search-as-you-type ({len(search['plain'])} keystrokes): median plain {med['plain']:.1f}"
          f" / sealed {med['sealed']:.1f} ms, p90 {p90['plain']:.1f} / {p90['sealed']:.1f} ms,"
          f" max {worst['plain']:.1f} / {worst['sealed']:.1f} ms (target < 30 ms)")
    print(f"居民 page open (fresh process, median of 3): plain {page['plain']:.2f}s,"
          f" sealed {page['sealed']:.2f}s = {cost(page)}")
    print(f"backup (backup API + integrity_check, median of 3): plain {backup['plain']:.2f}s,"
          f" sealed {backup['sealed']:.2f}s = {cost(backup)}")
    print(json.dumps({"import_s": imp, "search_median_ms": med, "search_p90_ms": p90,
                      "page_open_s": page, "backup_s": backup}))
