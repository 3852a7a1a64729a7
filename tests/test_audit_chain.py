"""Issue 17 item 7: the audit log is a hash chain. A row changed, inserted or deleted outside
the program is found (the first bad row named, at start and on 审计日志); the migration chains
the rows already there; a restore carries forward a sealed summary of the log it replaced."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from selfgov_desktop.domain.model import StaffRole
from selfgov_desktop.services import audit, backups
from selfgov_desktop.services.base import Context
from selfgov_desktop.store import audit_chain
from selfgov_desktop.store.db import Store
from selfgov_desktop.store.migrations import LADDER, MIGRATIONS, SCHEMA_VERSION


def fill(store: Store, n: int, who: str = "王主任") -> None:
    ctx = Context(store, who)
    for i in range(n):
        with ctx.tx() as tx:
            tx.audit("resident.update", "residents", i, summary=f"修改居民 {i}",
                     before={"phone": "13812345678"}, after={"phone": f"139{i:08d}"})


def _outside(store: Store, sql: str, params: list | None = None) -> None:
    """Another program writes the file (the store's own connection is not used)."""
    conn = sqlite3.connect(store.path, isolation_level=None)
    conn.execute(sql, params or [])
    conn.close()


def test_an_untouched_log_verifies(store: Store) -> None:
    fill(store, 12)
    check = audit.verify_chain(store)
    assert check.ok and check.count == 12
    assert "完整" in audit.chain_text(store, check)


@pytest.mark.parametrize("forge", ["edit", "delete", "insert", "rewrite_hash"])
def test_a_row_changed_outside_the_program_is_found(store: Store, forge: str) -> None:
    fill(store, 10)
    ids = [r[0] for r in store.conn.execute("SELECT id FROM audit_log ORDER BY id")]
    target = ids[4]
    if forge == "edit":
        _outside(store, "UPDATE audit_log SET actor = '别人' WHERE id = ?", [target])
        first_bad = target
    elif forge == "delete":
        _outside(store, "DELETE FROM audit_log WHERE id = ?", [target])
        first_bad = ids[5]
    elif forge == "insert":
        _outside(store, "INSERT INTO audit_log (id, at, actor, action, summary, hash) VALUES"
                 " (?, '2026-01-01T00:00:00', '伪造', 'account.role', '提升为主任', ?)",
                 [ids[-1] + 1, "0" * 64])
        first_bad = ids[-1] + 1
    else:  # the row's content changed and its own hash made again: the next row no longer holds
        row = store.conn.execute(f"SELECT {', '.join(audit_chain.COLUMNS)} FROM audit_log"
                                 " WHERE id = ?", [target]).fetchone()
        prev = store.conn.execute("SELECT hash FROM audit_log WHERE id = ?", [ids[3]]).fetchone()[0]
        forged = list(row)
        forged[5] = "无关紧要的修改"
        _outside(store, "UPDATE audit_log SET summary = ?, hash = ? WHERE id = ?",
                 [forged[5], audit_chain.row_hash(prev, target, forged), target])
        first_bad = ids[5]
    check = audit.verify_chain(store)
    assert not check.ok and check.first_bad == first_bad
    assert f"第{first_bad}条" in audit.chain_text(store, check)


def test_the_migration_chains_the_rows_already_there(tmp_path: Path) -> None:
    path = tmp_path / "data" / "selfgov.db"
    path.parent.mkdir()
    conn = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS.apply(Database(conn), stop_before="0008_audit_chain")
    conn.execute(f"PRAGMA user_version = {[n for n, _f in LADDER].index('0008_audit_chain')}")
    conn.executemany("INSERT INTO audit_log (at, actor, action, summary) VALUES (?, ?, ?, ?)",
                     [(f"2026-01-0{i}T08:00:00", "老版本", "resident.create", f"第{i}条")
                      for i in range(1, 6)])
    conn.close()
    s = Store(path)
    try:
        assert s.schema_version() == SCHEMA_VERSION
        check = audit.verify_chain(s)
        assert check.ok and check.count == 5 + 0  # the rows before; migrating writes none
        fill(s, 1)
        assert audit.verify_chain(s).ok
    finally:
        s.close()


def test_a_restore_carries_forward_a_sealed_summary_of_what_it_replaced(store: Store,
                                                                          tmp_path: Path) -> None:
    fill(store, 5)
    director = Context(store, "王主任", StaffRole.DIRECTOR)
    bdir = tmp_path / "backups"
    old = backups.backup_now(store, bdir, backups.MANUAL)
    fill(store, 7, who="李委员")  # entries after the backup: the restore would drop them
    before = audit_chain.verify(store.conn)
    backups.restore(director, old, bdir)
    row = store.conn.execute("SELECT before, summary FROM audit_log WHERE action = 'backup.restore'"
                             " ORDER BY id DESC").fetchone()
    sealed = json.loads(row[0])["replaced_log"]
    assert sealed["count"] == before.count and sealed["last_hash"] == before.last_hash
    assert sealed["intact"] is True
    assert f"恢复前的审计日志 {before.count} 条已封存" in row[1]
    assert audit.verify_chain(store).ok  # the restore's own row chains on the restored log


def test_the_audit_page_shows_the_first_bad_row(qtbot, store: Store) -> None:
    from selfgov_desktop.app import build_window

    fill(store, 6)
    bad = store.conn.execute("SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 2").fetchone()[0]
    _outside(store, "UPDATE audit_log SET summary = '改过' WHERE id = ?", [bad])
    w = build_window(store, store.path.parent, "王主任", StaffRole.DIRECTOR)
    qtbot.addWidget(w)
    w.show()
    w.show_page("audit")
    page = w.pages["audit"]
    page.refresh()
    assert f"第{bad}条" in page.chain_label.text()
