"""The schema ladder: from an empty file, from a v1 file, refusing too-new and damaged files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from selfgov_desktop.store import migrations
from selfgov_desktop.store.db import Store, StoreDamaged, StoreTooNew

EXPECTED_TABLES = {
    "settings", "staff_users", "households", "groups", "residents", "memberships", "units",
    "unit_contacts", "topics", "topic_raisers", "sessions", "session_steps", "rule_overrides",
    "participants", "speeches", "votes", "evaluation_criteria", "evaluation_scores",
    "followups", "visits", "notices", "import_mappings", "audit_log",
}


def tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


def test_empty_file_gets_every_rung(tmp_path):
    s = Store(tmp_path / "a.db")
    assert s.schema_version() == migrations.SCHEMA_VERSION
    assert tables(tmp_path / "a.db") >= EXPECTED_TABLES
    assert [m.name for m in migrations.MIGRATIONS.applied(s.db)] == [n for n, _ in migrations.LADDER]
    s.close()


def test_pragmas(store):
    c = store.conn
    assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert c.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_reopening_a_current_file_changes_nothing_and_makes_no_backup(tmp_path):
    s = Store(tmp_path / "a.db")
    s.db["settings"].insert({"key": "x", "value": "1"})
    s.close()
    s2 = Store(tmp_path / "a.db")
    assert s2.conn.execute("SELECT value FROM settings WHERE key='x'").fetchone()[0] == "1"
    assert not (tmp_path / "backups").exists()
    s2.close()


def test_v1_file_upgrades_with_a_backup_first(tmp_path, monkeypatch):
    """A v1 file meets a newer ladder: a copy is taken, then the new rung runs."""
    path = tmp_path / "a.db"
    s = Store(path)
    s.db["settings"].insert({"key": "kept", "value": "\"yes\""})
    s.close()

    def m9999(db):
        db.execute("CREATE TABLE probe (id INTEGER PRIMARY KEY)")

    ladder = migrations.MIGRATIONS._migrations + [
        migrations.MIGRATIONS._Migration("9999_probe", m9999)]
    monkeypatch.setattr(migrations.MIGRATIONS, "_migrations", ladder)
    monkeypatch.setattr("selfgov_desktop.store.db.SCHEMA_VERSION", len(ladder))
    s = Store(path)
    assert s.schema_version() == len(ladder)
    assert "probe" in tables(path)
    assert s.conn.execute("SELECT value FROM settings WHERE key='kept'").fetchone()[0] == '"yes"'
    s.close()
    backups = list((tmp_path / "backups").glob(f"升级前-v{len(ladder) - 1}-*.db"))
    assert len(backups) == 1
    assert "probe" not in tables(backups[0])
    assert "settings" in tables(backups[0])


def test_too_new_file_is_refused_untouched(tmp_path):
    path = tmp_path / "a.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreTooNew) as err:
        Store(path)
    assert "更新版本" in err.value.message and str(path) in err.value.message
    assert path.read_bytes() == before


def test_not_a_database_is_refused(tmp_path):
    path = tmp_path / "a.db"
    path.write_bytes(b"PK\x03\x04 this is a zip, not sqlite" * 100)
    with pytest.raises(StoreDamaged) as err:
        Store(path)
    assert "损坏" in err.value.message


def test_a_failed_transaction_leaves_nothing(store):
    with pytest.raises(RuntimeError), store.write() as db:
        db.execute("INSERT INTO settings (key, value) VALUES ('a', '1')")
        raise RuntimeError("boom")
    assert store.conn.execute("SELECT count(*) FROM settings").fetchone()[0] == 0


def test_new_file_is_owner_only(tmp_path):
    import os
    import stat

    if os.name == "nt":
        pytest.skip("POSIX permissions")
    Store(tmp_path / "a.db").close()
    mode = stat.S_IMODE((tmp_path / "a.db").stat().st_mode)
    assert mode & 0o077 == 0


def test_new_file_gets_16k_pages_and_an_existing_file_keeps_its_own(tmp_path):
    from selfgov_desktop.store import db

    s = Store(tmp_path / "new.db")
    s.close()
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    conn.execute("PRAGMA page_size = 4096")
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    s = Store(old)
    try:
        assert s.conn.execute("PRAGMA page_size").fetchone()[0] == 4096
        assert "residents" in tables(old)  # migrated in place, pages untouched
    finally:
        s.close()
    conn = sqlite3.connect(tmp_path / "new.db")
    try:
        assert conn.execute("PRAGMA page_size").fetchone()[0] == db.PAGE_SIZE == 16384
    finally:
        conn.close()


def test_v6_scores_become_counts_and_the_person_column_goes(tmp_path, monkeypatch):
    """0007: named score rows are summed per criterion and option (totals kept) and the
    column that could hold a person is dropped."""
    path = tmp_path / "a.db"
    v6 = [m for m in migrations.MIGRATIONS._migrations if m.name in ("0001_initial", "0006_decisions")]
    with monkeypatch.context() as mp:
        mp.setattr(migrations.MIGRATIONS, "_migrations", v6)
        mp.setattr("selfgov_desktop.store.db.SCHEMA_VERSION", 2)
        s = Store(path)
        c = s.conn
        c.execute("INSERT INTO sessions (id, kind, title, state, created_at, updated_at)"
                  " VALUES (1, 'evaluation', '评议', 'scoring', 'x', 'x')")
        c.execute("INSERT INTO participants (id, session_id, name, role) VALUES (1, 1, '张三', '评议代表'),"
                  " (2, 1, '李四', '评议代表')")
        c.execute("INSERT INTO evaluation_criteria (id, session_id, name)"
                  " VALUES (1, 1, '总体评价'), (2, 1, '态度')")
        c.execute("INSERT INTO evaluation_scores (session_id, criterion_id, participant_id, option, count)"
                  " VALUES"
                  " (1, 1, 1, '满意', 1), (1, 1, 2, '不满意', 1), (1, 1, NULL, '满意', 3),"
                  " (1, 2, 1, '基本满意', 1), (1, 2, 2, '基本满意', 1)")
        c.commit()
        before = c.execute("SELECT criterion_id, option, SUM(count) FROM evaluation_scores"
                           " GROUP BY criterion_id, option ORDER BY 1, 2").fetchall()
        s.close()
    s = Store(path)
    cols = {r[1] for r in s.conn.execute("PRAGMA table_info(evaluation_scores)")}
    assert "participant_id" not in cols
    after = s.conn.execute("SELECT criterion_id, option, count FROM evaluation_scores"
                           " ORDER BY 1, 2").fetchall()
    assert after == before == [(1, "不满意", 1), (1, "满意", 4), (2, "基本满意", 2)]
    s.close()
