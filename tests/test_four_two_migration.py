"""Migration 0006: the 四议两公开 tables from a v1 file."""

from __future__ import annotations

from selfgov_desktop.store import migrations
from selfgov_desktop.store.db import Store

import sqlite3


def tables(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


def test_v1_file_upgrades_to_decisions_tables(tmp_path, monkeypatch):
    """A file written before 0006 gains the 四议两公开 tables and topic_raisers.group_id."""
    path = tmp_path / "a.db"
    v1 = [m for m in migrations.MIGRATIONS._migrations if m.name == "0001_initial"]
    with monkeypatch.context() as mp:
        mp.setattr(migrations.MIGRATIONS, "_migrations", v1)
        mp.setattr("selfgov_desktop.store.db.SCHEMA_VERSION", 1)
        s = Store(path)
        s.conn.execute("INSERT INTO topics (title, created_at, updated_at) VALUES ('旧议题', 'x', 'x')")
        s.close()
    assert "decision_matters" not in tables(path)
    s = Store(path)
    assert {"decision_matters", "decision_steps", "topic_events"} <= tables(path)
    cols = {r[1] for r in s.conn.execute("PRAGMA table_info(topic_raisers)")}
    assert "group_id" in cols
    assert s.conn.execute("SELECT title FROM topics").fetchone()[0] == "旧议题"
    s.close()
