"""Crash safety: kill -9 at several moments of a 50,000-row import (and of a bulk write through
a service transaction, an export and a backup), then the file passes integrity_check and
holds every committed change and no half of an import.

The moments: fixed fractions of an undisturbed run's duration, and — to be sure to land inside
the write transaction — when the -wal file has grown past a threshold (SQLite spills the
uncommitted pages of a big transaction into the WAL before COMMIT)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from selfgov_desktop.domain import idnumber
from selfgov_desktop.services.base import Context
from selfgov_desktop.store.db import Store

from conftest import data_key, raw_conn, seal_as_test_user

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name == "nt", reason="kill -9 is POSIX")]

ROWS = 50_000
BASELINE = 3


def roster_rows(n: int, offset: int = 0):
    base = dt.date(1940, 1, 1)
    for k in range(n):
        i = k + offset
        birth = base + dt.timedelta(days=i % 25000)
        yield [i + 1, f"居民{i}", "男" if i % 2 else "女", birth.isoformat(),
               idnumber.make("310104", birth, (i // 25000) * 500 + i % 500), f"139{i:08d}",
               f"{i // 600 + 1}号", str((i % 600) // 6 + 101), f"{i // 600 + 1}号楼组",
               "户主" if i % 6 == 0 else "配偶"]


ROSTER_HEADERS = ["序号", "姓名", "性别", "出生日期", "身份证号", "联系电话", "楼号", "室号",
                  "楼组", "与户主关系"]


@pytest.fixture(scope="module")
def big_roster(tmp_path_factory) -> Path:
    from openpyxl import Workbook

    path = tmp_path_factory.mktemp("roster") / "花名册50000.xlsx"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("花名册")
    ws.append(ROSTER_HEADERS)
    for row in roster_rows(ROWS):
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def baseline_dir(tmp_path_factory) -> Path:
    """A data folder with BASELINE residents already in it (committed before any kill)."""
    d = tmp_path_factory.mktemp("baseline") / "data"
    s = Store(d / "selfgov.db")
    ctx = Context(s, "准备")
    with ctx.tx() as tx:
        for i in range(BASELINE):
            tx.db.execute("INSERT INTO residents (name, search_text, created_at, updated_at)"
                          " VALUES (?, '', '2026-11-29', '2026-11-29')", [f"原有{i}"])
        tx.audit("test.seed", "residents", summary="准备")
    s.close()
    seal_as_test_user(d)  # as the first CLI command would
    for f in d.iterdir():
        assert not f.name.endswith("-wal"), "baseline must be fully checkpointed"
    return d


def fresh_copy(baseline: Path, tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(baseline, target)
    return target


def cli(data: Path, *args: str) -> list[str]:
    """As the test account (SELFGOV_USER/SELFGOV_PASSWORD from conftest)."""
    return [sys.executable, "-m", "selfgov_desktop", "--data-dir", str(data), *args]


def _env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1"}


def run_and_kill(cmd: list[str], wal: Path, *, at_seconds: float | None = None,
                 at_wal_bytes: int | None = None, timeout: float = 120) -> str:
    """Start `cmd`, kill -9 it at the moment asked; return 'killed' or 'finished'."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env())
    start = time.monotonic()
    try:
        while proc.poll() is None:
            elapsed = time.monotonic() - start
            if elapsed > timeout:
                raise AssertionError(f"{cmd} did not finish in {timeout}s")
            hit = (at_seconds is not None and elapsed >= at_seconds) or (
                at_wal_bytes is not None and wal.exists() and wal.stat().st_size >= at_wal_bytes)
            if hit:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
                return "killed"
            time.sleep(0.002)
        return "finished"
    finally:
        if proc.poll() is None:  # pragma: no cover - only on a failing assertion
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()


def state(db: Path, key: bytes | None = None) -> tuple[str, int]:
    """integrity_check and the resident count, read as a fresh process would after a crash."""
    conn = raw_conn(db, key)
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
        n = conn.execute("SELECT count(*) FROM residents").fetchone()[0]
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        assert fk == [], f"foreign keys broken after the crash: {fk[:5]}"
        return ok, n
    finally:
        conn.close()


def undisturbed_seconds(cmd_for, baseline: Path, tmp_path: Path) -> tuple[float, int]:
    d = fresh_copy(baseline, tmp_path, "undisturbed")
    t = time.monotonic()
    r = subprocess.run(cmd_for(d), capture_output=True, text=True, env=_env(), timeout=300)
    took = time.monotonic() - t
    assert r.returncode == 0, r.stderr
    ok, n = state(d / "selfgov.db")
    assert ok == "ok"
    return took, n


def kill_at_moments(cmd_for, baseline: Path, tmp_path: Path, after: int) -> list[tuple]:
    took, n_after = undisturbed_seconds(cmd_for, baseline, tmp_path)
    assert n_after == after
    moments: list[dict] = [{"at_seconds": took * f} for f in (0.1, 0.4, 0.7, 0.85, 0.95)]
    moments += [{"at_wal_bytes": b} for b in (64 * 1024, 1024 * 1024, 4 * 1024 * 1024)]
    results = []
    for i, moment in enumerate(moments):
        d = fresh_copy(baseline, tmp_path, f"kill{i}")
        outcome = run_and_kill(cmd_for(d), d / "selfgov.db-wal", **moment)
        ok, n = state(d / "selfgov.db")
        results.append((moment, outcome, ok, n))
    for moment, outcome, ok, n in results:
        assert ok == "ok", (moment, outcome, ok)
        assert n in (BASELINE, after), f"half an import after kill at {moment}: {n} residents"
    # the test reached inside the write: some kill happened after the WAL had grown, and
    # that kill left the data as it was before
    in_write = [r for r in results if "at_wal_bytes" in r[0] and r[1] == "killed"]
    assert in_write and all(r[3] == BASELINE for r in in_write), results
    # and the file is still usable by the program afterwards (lock left behind by a dead
    # process is stale; the import can be run again)
    return results


def test_kill_9_during_roster_import(big_roster, baseline_dir, tmp_path):
    results = kill_at_moments(lambda d: cli(d, "import-roster", str(big_roster)),
                              baseline_dir, tmp_path, after=BASELINE + ROWS)
    # after a crash the import simply runs again
    d = tmp_path / "kill0"
    r = subprocess.run(cli(d, "import-roster", str(big_roster)), capture_output=True,
                       text=True, env=_env(), timeout=300)
    assert r.returncode == 0, r.stderr
    assert state(d / "selfgov.db") == ("ok", BASELINE + ROWS)
    print("kill -9 moments (roster import):", [(m, o, n) for m, o, _ok, n in results])


BULK_SCRIPT = textwrap.dedent("""
    import sys
    from selfgov_desktop.services.base import Context
    from selfgov_desktop.store.db import Store

    store = Store(sys.argv[1], key=bytes.fromhex(sys.argv[3]))
    ctx = Context(store, "批量")
    with ctx.tx() as tx:
        for i in range(int(sys.argv[2])):
            tx.db.execute(
                "INSERT INTO residents (name, phone, search_text, created_at, updated_at)"
                " VALUES (?, ?, ?, '2026-11-29', '2026-11-29')",
                [f"批量{i}", f"139{i:08d}", f"批量{i} " * 8])
        tx.audit("resident.bulk", "residents", summary="批量写入")
    store.close()
""")


def test_kill_9_during_bulk_write_through_a_service_transaction(baseline_dir, tmp_path):
    script = tmp_path / "bulk.py"
    script.write_text(BULK_SCRIPT, encoding="utf-8")
    key = data_key(baseline_dir / "selfgov.db")
    assert key is not None
    kill_at_moments(lambda d: [sys.executable, str(script), str(d / "selfgov.db"), str(ROWS),
                               key.hex()],
                    baseline_dir, tmp_path, after=BASELINE + ROWS)


def test_kill_9_during_export_and_backup(big_roster, baseline_dir, tmp_path):
    """An export or a backup killed half-way leaves no half-written file under the name
    asked for (they write to a temporary name and rename), and the data untouched."""
    d = fresh_copy(baseline_dir, tmp_path, "full")
    r = subprocess.run(cli(d, "import-roster", str(big_roster)), capture_output=True,
                       text=True, env=_env(), timeout=300)
    assert r.returncode == 0, r.stderr
    total = BASELINE + ROWS
    for sub, name in (("export-roster", "导出.xlsx"), ("backup", "备份.db")):
        out = tmp_path / name
        t = time.monotonic()
        r = subprocess.run(cli(d, sub, str(out)), capture_output=True, text=True, env=_env(),
                           timeout=300)
        took = time.monotonic() - t
        assert r.returncode == 0, r.stderr
        out.unlink()
        for f in (0.3, 0.6, 0.9):
            outcome = run_and_kill(cli(d, sub, str(out)), d / "selfgov.db-wal",
                                   at_seconds=took * f)
            assert state(d / "selfgov.db") == ("ok", total)
            if out.exists():  # finished before the kill: then it must be whole
                if sub == "backup":
                    assert state(out, data_key(d / "selfgov.db")) == ("ok", total)
                else:
                    from python_calamine import CalamineWorkbook

                    sheet = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0)
                    assert len(sheet.to_python()) >= total
                out.unlink()
            else:
                assert outcome == "killed"
