"""Benchmark: backups of a 50,000-resident file (the GUI makes them on its thread every N
minutes while changes happen), listing, restore, and one password hash/login.

Run: .venv/bin/python -m pytest -q -m bench tests/bench/bench_backup.py -s"""

from __future__ import annotations

import datetime as dt
import time

import pytest

from selfgov_desktop.domain import passwords
from selfgov_desktop.services import accounts, backups
from selfgov_desktop.services.base import Context
from selfgov_desktop.store.db import Store

pytestmark = pytest.mark.bench
ROWS = 50_000


def _timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def test_bench_backup_restore(tmp_path):
    store = Store(tmp_path / "data" / "selfgov.db")
    ctx = Context(store, "bench")
    with ctx.tx() as tx:
        tx.db.conn.executemany(
            "INSERT INTO residents (name, phone, address, search_text, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, '2026-11-29', '2026-11-29')",
            [(f"居民{i}", f"139{i:08d}", f"幸福路{i % 300}弄{i % 40}号{i % 600}室",
              f"居民{i} jm{i} 139{i:08d}") for i in range(ROWS)])
        tx.audit("bench.fill", "residents")
    bdir = tmp_path / "data" / "backups"
    wal = store.path.with_name(store.path.name + "-wal")  # not yet checkpointed pages
    size = (store.path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)) / 2**20
    t_backup, path = _timed(lambda: backups.backup_now(store, bdir))
    t_changed, changed = _timed(lambda: backups.changed_since_last(store, bdir))
    for i in range(30):
        backups.backup_now(store, bdir, now=dt.datetime(2026, 1, 1) + dt.timedelta(days=i * 9))
    t_list, found = _timed(lambda: backups.list_backups(bdir))
    t_thin, removed = _timed(lambda: backups.thin(bdir))
    t_restore, _ = _timed(lambda: backups.restore(ctx, path, bdir))
    t_hash, h = _timed(lambda: passwords.hash_password("Bench#Pass2026"))
    t_verify, ok = _timed(lambda: passwords.verify_password("Bench#Pass2026", h))
    accounts.create_first_admin(store, "wang", "王", "Bench#Pass2026")
    t_login, _ = _timed(lambda: accounts.login(store, "wang", "Bench#Pass2026"))
    store.close()
    assert not changed and ok and len(found) == 31
    print(f"\n{ROWS} residents, file {size:.1f} MB")
    print(f"backup (backup API + integrity_check + rename): {t_backup:.2f} s")
    print(f"changed-since-last check: {t_changed * 1000:.0f} ms")
    print(f"list 31 backups with integrity_check and counts: {t_list:.2f} s")
    print(f"thin 31 backups (removed {len(removed)}): {t_thin:.2f} s")
    print(f"restore (pre-restore backup + copy in): {t_restore:.2f} s")
    print(f"scrypt N=2^15 r=8 hash: {t_hash:.2f} s, verify: {t_verify:.2f} s, login: {t_login:.2f} s")
