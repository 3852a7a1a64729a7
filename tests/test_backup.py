"""Backups: verified copies, changed-since-last, thinning, restore round trip, damaged and
too-new files, the CLI `backup` / `restore` / `backups`, owner-only permissions."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from selfgov_desktop.domain.errors import UserError
from selfgov_desktop.domain.model import StaffRole
from selfgov_desktop.services import backups, settings
from selfgov_desktop.services.base import Context, PermissionDenied
from selfgov_desktop.store.backup import BackupUnusable, check_file
from selfgov_desktop.store.db import Store, StoreDamaged, StoreTooNew

from conftest import TEST_USER, open_sealed

T0 = dt.datetime(2026, 11, 29, 9, 0, 0)


def add_residents(ctx: Context, n: int, prefix: str = "居民") -> None:
    with ctx.tx() as tx:
        start = tx.db.execute("SELECT count(*) FROM residents").fetchone()[0]
        for i in range(n):
            tx.db.execute("INSERT INTO residents (name, search_text, created_at, updated_at)"
                          " VALUES (?, ?, ?, ?)",
                          [f"{prefix}{start + i}", f"{prefix}{start + i}", "2026-11-29",
                           "2026-11-29"])
        tx.audit("test.add", "residents", None, summary=f"加 {n} 人")


def residents(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM residents").fetchone()[0]


@pytest.fixture
def bdir(tmp_path: Path) -> Path:
    return tmp_path / "backups"


def test_backup_is_verified_single_file_owner_only(ctx, bdir):
    add_residents(ctx, 3)
    path = backups.backup_now(ctx.store, bdir, now=T0)
    assert path.name == "自动-20261129-090000.db"
    assert check_file(path) == "ok"
    assert sorted(p.name for p in bdir.iterdir()) == [path.name]  # no -wal/-shm/.part
    if os.name != "nt":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(bdir.stat().st_mode) == 0o700
    info = backups.inspect(path)
    assert info.ok and info.kind == backups.AUTO and info.residents == 3
    assert info.taken_at == T0
    assert "居民3人" in info.counts_text


def test_backup_if_changed(ctx, bdir):
    add_residents(ctx, 2)
    first = backups.backup_if_changed(ctx.store, bdir, now=T0)
    assert first is not None
    assert backups.backup_if_changed(ctx.store, bdir, now=T0 + dt.timedelta(hours=1)) is None
    # logging in or exporting is not a change of the data
    with ctx.tx() as tx:
        tx.audit("login.ok", "staff_users", 1)
        tx.audit("resident.reveal", "residents", 1)
    assert backups.backup_if_changed(ctx.store, bdir, now=T0 + dt.timedelta(hours=2)) is None
    add_residents(ctx, 1)
    second = backups.backup_if_changed(ctx.store, bdir, now=T0 + dt.timedelta(hours=3))
    assert second is not None and second != first
    assert backups.inspect(second).residents == 3


def test_auto_backup_every_interval_while_changes_happen(ctx, bdir):
    auto = backups.AutoBackup(ctx.store, bdir, interval_minutes=10)
    add_residents(ctx, 1)
    assert auto.tick(T0) is not None  # no backup yet: at once
    assert auto.tick(T0 + dt.timedelta(minutes=5)) is None  # nothing changed
    add_residents(ctx, 1)
    assert auto.tick(T0 + dt.timedelta(minutes=5)) is None  # changed, but too soon
    assert auto.tick(T0 + dt.timedelta(minutes=11)) is not None
    assert auto.tick(T0 + dt.timedelta(minutes=30)) is None  # idle: no new copies
    add_residents(ctx, 1)
    assert auto.at_exit(T0 + dt.timedelta(minutes=31)) is not None
    assert [b.residents for b in backups.list_backups(bdir)] == [3, 2, 1]


def test_interval_setting(ctx):
    assert backups.interval_minutes(ctx.store) == backups.DEFAULT_INTERVAL_MINUTES
    settings.set_value(ctx, backups.SETTINGS_KEY, {"interval_minutes": 5})
    assert backups.interval_minutes(ctx.store) == 5


def _touch_backup(folder: Path, when: dt.datetime, kind: str = backups.AUTO) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / f"{kind}-{when:%Y%m%d-%H%M%S}.db"
    p.write_bytes(b"")
    return p


def test_thinning_keeps_daily_weekly_monthly(bdir):
    now = dt.datetime(2026, 11, 29, 18, 0)
    made = []
    # every 6 hours for 400 days
    t = now
    while t > now - dt.timedelta(days=400):
        made.append(_touch_backup(bdir, t))
        t -= dt.timedelta(hours=6)
    manual = _touch_backup(bdir, now - dt.timedelta(days=300), backups.MANUAL)
    before_restore = _touch_backup(bdir, now - dt.timedelta(days=200), backups.BEFORE_RESTORE)
    removed = backups.thin(bdir, now=now)
    kept = sorted(p for p in bdir.glob("自动-*.db"))
    assert removed and all(not p.exists() for p in removed)
    assert manual.exists() and before_restore.exists()
    times = sorted((backups._taken_at(p) for p in kept), reverse=True)
    # the 3 newest, + newest of 7 days, 4 weeks, 12 months (overlapping) — at most 3+7+4+12
    assert len(times) <= 3 + 7 + 4 + 12
    days = {t.date() for t in times}
    for d in range(7):
        assert (now - dt.timedelta(days=d)).date() in days
    months = {(t.year, t.month) for t in times}
    assert len(months) == 12
    weeks = {tuple(t.isocalendar())[:2] for t in times}
    assert len(weeks) >= 4
    assert times[:3] == sorted((backups._taken_at(p) for p in made), reverse=True)[:3]
    # thinning again changes nothing
    assert backups.thin(bdir, now=now) == []


def test_restore_round_trip(ctx, bdir, tmp_path):
    add_residents(ctx, 5)
    good = backups.backup_now(ctx.store, bdir, backups.MANUAL, now=T0)
    add_residents(ctx, 7, "后加")
    assert residents(ctx.store) == 12
    changed = backups.restore(ctx, good, bdir, now=T0 + dt.timedelta(hours=1))
    assert residents(ctx.store) == 5
    assert "residents" in changed.entities
    # the state before the restore was kept, verified, and can itself be restored
    saved = [b for b in backups.list_backups(bdir) if b.kind == backups.BEFORE_RESTORE]
    assert len(saved) == 1 and saved[0].ok and saved[0].residents == 12
    last = ctx.store.conn.execute(
        "SELECT actor, action, summary FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert last[0] == "测试员" and last[1] == "backup.restore" and good.name in last[2]
    # the live store keeps working (other connections see the new data)
    add_residents(ctx, 1)
    other = sqlite3.connect(ctx.store.path)
    assert other.execute("SELECT count(*) FROM residents").fetchone()[0] == 6
    assert other.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    other.close()
    backups.restore(ctx, saved[0].path, bdir, now=T0 + dt.timedelta(hours=2))
    assert residents(ctx.store) == 12


def test_restore_needs_director(store, bdir):
    ctx = Context(store, "li", StaffRole.MEMBER)
    good = backups.backup_now(store, bdir, now=T0)
    with pytest.raises(PermissionDenied):
        backups.restore(ctx, good, bdir)


@pytest.mark.parametrize("content, reason", [
    (b"", "空"),
    (b"PK\x03\x04 this is a zip not a database" * 10, "不是"),
    (b"SQLite format 3\x00" + b"\xff" * 5000, "不能用来恢复"),
])
def test_restore_refuses_bad_files_and_changes_nothing(ctx, bdir, tmp_path, content, reason):
    add_residents(ctx, 4)
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    with pytest.raises(BackupUnusable, match=reason):
        backups.restore(ctx, bad, bdir)
    assert residents(ctx.store) == 4
    assert not list(bdir.glob("恢复前-*"))  # refused before anything happened


def test_restore_refuses_too_new_backup(ctx, bdir, tmp_path):
    newer = backups.backup_now(ctx.store, bdir, now=T0)
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(BackupUnusable, match="更新版本"):
        backups.restore(ctx, newer, bdir)


def test_too_new_database_is_refused_unchanged(tmp_path):
    path = tmp_path / "selfgov.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreTooNew, match="更新版本"):
        Store(path)
    assert path.read_bytes() == before


def _corrupt(path: Path) -> None:
    """Overwrite the middle of the file (the tables' pages) with garbage."""
    data = bytearray(path.read_bytes())
    for i in range(4096 * 2, min(len(data), 4096 * 6)):
        data[i] = 0x5A
    path.write_bytes(bytes(data))


def test_damaged_database_offers_latest_good_backup(tmp_path):
    data = tmp_path / "data"
    bdir = data / "backups"
    s = Store(data / "selfgov.db")
    ctx = Context(s, "测试员")
    add_residents(ctx, 20)
    backups.backup_now(s, bdir, now=T0)
    add_residents(ctx, 5)
    backups.backup_now(s, bdir, now=T0 + dt.timedelta(hours=1))
    s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    s.close()
    _corrupt(data / "selfgov.db")
    with pytest.raises(StoreDamaged):
        Store(data / "selfgov.db")
    # a damaged backup is skipped: the newest good one is offered
    newest = backups.list_backups(bdir)[0]
    _corrupt(newest.path)
    offer = backups.latest_good(bdir)
    assert offer is not None and offer.residents == 20 and offer.taken_at == T0
    aside = backups.restore_damaged(data / "selfgov.db", offer.path, bdir)
    assert aside.exists() and aside.name.startswith("损坏-")
    s2 = Store(data / "selfgov.db")
    try:
        assert residents(s2) == 20
        assert s2.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        s2.close()
    assert backups.latest_good(bdir).kind != backups.DAMAGED


def test_backup_to_folder_is_audited(ctx, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    add_residents(ctx, 2)
    changed = backups.backup_to_folder(ctx, usb, now=T0)
    files = list(usb.iterdir())
    assert len(files) == 1 and check_file(files[0]) == "ok"
    assert changed.data["path"] == str(files[0])
    row = ctx.store.conn.execute(
        "SELECT actor, action FROM audit_log WHERE action = 'backup.export'").fetchone()
    assert row == ("测试员", "backup.export")
    with pytest.raises(UserError, match="不存在"):
        backups.backup_to_folder(ctx, tmp_path / "no-such-stick")


def run_cli(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """As the test account (SELFGOV_USER/SELFGOV_PASSWORD from conftest)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "selfgov_desktop", "--data-dir", str(data),
                           *args], capture_output=True, text=True, env=env, timeout=120)


def test_cli_backup_restore_list(tmp_path):
    data = tmp_path / "data"
    s = Store(data / "selfgov.db")
    add_residents(Context(s, "x"), 9)
    s.close()
    out = tmp_path / "copy.db"
    r = run_cli(data, "backup", str(out))  # the plain store gets its first 主任 and is sealed
    assert r.returncode == 0, r.stderr
    assert "恢复密钥" in r.stderr and str(out) in r.stdout
    s = open_sealed(data)
    assert check_file(out) != "ok" and check_file(out, s.key) == "ok"  # sealed, same key
    add_residents(Context(s, "x"), 1)
    s.close()
    r = run_cli(data, "restore", str(out))
    assert r.returncode == 0, r.stderr
    assert "恢复" in r.stdout
    s = open_sealed(data)
    try:
        assert residents(s) == 9
        actor = s.conn.execute("SELECT actor FROM audit_log WHERE action = 'backup.restore'"
                               ).fetchone()[0]
        assert actor == TEST_USER
    finally:
        s.close()
    r = run_cli(data, "backups")
    assert r.returncode == 0 and "恢复前" in r.stdout and "居民10人" in r.stdout
    # a file that is not a backup: exit 2, Chinese message, no traceback
    junk = tmp_path / "junk.db"
    junk.write_text("hello")
    r = run_cli(data, "restore", str(junk))
    assert r.returncode == 2 and "不能用来恢复" in r.stderr and "Traceback" not in r.stderr


def test_same_second_backups_order_and_changed_since_last(ctx, bdir):
    """Two copies in one second (自动-…-2.db): the -2 is the newer one."""
    first = backups.backup_now(ctx.store, bdir, now=T0)
    add_residents(ctx, 1)
    second = backups.backup_now(ctx.store, bdir, now=T0)
    assert second.name.endswith("-2.db")
    assert [b.path for b in backups.list_backups(bdir)] == [second, first]
    assert not backups.changed_since_last(ctx.store, bdir)
    assert backups.backup_if_changed(ctx.store, bdir, now=T0) is None


def test_new_empty_store_is_not_backed_up(store, bdir):
    assert backups.backup_if_changed(store, bdir, now=T0) is None
    assert not bdir.exists() or not list(bdir.iterdir())
