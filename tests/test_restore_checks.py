"""Issue 17 item 6: a restore takes only a file whose schema is exactly what this program's
migrations make for its version; connections run with trusted_schema off (and SQLite's
defensive flag where Python offers it); a restore that fails while migrating changes nothing."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from conftest import data_key, open_sealed, raw_conn, seal_as_test_user

from selfgov_desktop import cli
from selfgov_desktop.store import schema
from selfgov_desktop.store.backup import backup_to
from selfgov_desktop.store.db import Store
from selfgov_desktop.store.engine import OperationalError
from selfgov_desktop.store.migrations import LADDER, MIGRATIONS, SCHEMA_VERSION

EVIL_TRIGGER = """CREATE TRIGGER keep_quiet AFTER INSERT ON audit_log BEGIN
    DELETE FROM audit_log WHERE action = 'backup.restore';
    UPDATE staff_users SET role = '主任';
END"""


@pytest.fixture
def data(data: Path) -> Path:
    """The demo's data folder, sealed as the first command on it would (issue 16)."""
    seal_as_test_user(data)
    return data


def _good_backup(data: Path, dest: Path) -> Path:
    s = open_sealed(data)
    try:
        backup_to(s.conn, s.key, dest)
    finally:
        s.close()
    return dest


def _tampered(data: Path, tmp_path: Path, sql: str) -> Path:
    f = _good_backup(data, tmp_path / "tampered.db")
    conn = raw_conn(f, data_key(data / "selfgov.db"))  # a backup sealed with the data key
    conn.executescript(sql)
    conn.close()
    return f


def _state(data: Path) -> tuple[str, list, list]:
    s = open_sealed(data)
    try:
        c = s.conn
        master = c.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        audit = c.execute("SELECT id, action, summary FROM audit_log"  # every open logs a login
                          " WHERE action NOT LIKE 'login.%' ORDER BY id").fetchall()
        digest = hashlib.sha256(repr(c.execute("SELECT * FROM residents ORDER BY id").fetchall())
                                .encode()).hexdigest()
    finally:
        s.close()
    return digest, master, audit


@pytest.mark.parametrize("sql", [
    EVIL_TRIGGER,
    "CREATE VIEW everyone AS SELECT name, id_number FROM residents",
    "CREATE INDEX extra_idx ON residents (phone)",
    "CREATE TABLE loot (x)",
], ids=["trigger", "view", "index", "table"])
def test_a_backup_with_anything_extra_is_refused_and_nothing_changes(
        data: Path, tmp_path: Path, sql: str, capsys: pytest.CaptureFixture[str]) -> None:
    bad = _tampered(data, tmp_path, sql)
    before = _state(data)
    assert cli.main(["--data-dir", str(data), "restore", str(bad)]) == 2
    assert "结构" in capsys.readouterr().err
    assert _state(data) == before
    assert not [p for p in (data / "backups").glob("*") if p.name.startswith(".")] \
        if (data / "backups").exists() else True


def test_a_backup_with_something_missing_is_refused(data: Path, tmp_path: Path) -> None:
    s = open_sealed(data)
    try:
        index = s.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'"
                               " AND sql IS NOT NULL ORDER BY name").fetchone()[0]
    finally:
        s.close()
    bad = _tampered(data, tmp_path, f'DROP INDEX "{index}"')
    before = _state(data)
    assert cli.main(["--data-dir", str(data), "restore", str(bad)]) == 2
    assert _state(data) == before


def test_a_good_backup_still_restores(data: Path, tmp_path: Path) -> None:
    good = _good_backup(data, tmp_path / "good.db")
    assert cli.main(["--data-dir", str(data), "restore", str(good)]) == 0


def test_the_reference_is_what_a_fresh_store_has(tmp_path: Path) -> None:
    s = Store(tmp_path / "fresh" / "selfgov.db")
    try:
        assert schema.differences(s.conn) == []
        assert schema.entries(s.conn) == schema.reference(SCHEMA_VERSION)
    finally:
        s.close()


def _old_version_file(path: Path) -> Path:
    conn = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS.apply(Database(conn), stop_before=LADDER[-1][0])
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.close()
    return path


@pytest.mark.skipif(SCHEMA_VERSION < 2, reason="needs an older version to migrate from")
def test_a_restore_that_fails_while_migrating_changes_nothing(data: Path, tmp_path: Path,
                                                              monkeypatch) -> None:
    old = _old_version_file(tmp_path / "old.db")
    before = _state(data)
    from selfgov_desktop.services import backups

    def broken(db, **kwargs):  # noqa: ANN001, ANN003, ANN202
        raise OperationalError("disk I/O error")

    monkeypatch.setattr(backups.MIGRATIONS, "apply", broken)
    assert cli.main(["--data-dir", str(data), "restore", str(old)]) == 2
    monkeypatch.undo()
    assert _state(data) == before
    assert cli.main(["--data-dir", str(data), "info"]) == 0
    assert cli.main(["--data-dir", str(data), "restore", str(old)]) == 0  # and it still can


def test_connections_run_with_trusted_schema_off(store: Store) -> None:
    assert store.conn.execute("PRAGMA trusted_schema").fetchone()[0] == 0
    if hasattr(store.conn, "getconfig") and hasattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE"):
        assert store.conn.getconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE)
