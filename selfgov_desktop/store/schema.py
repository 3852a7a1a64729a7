"""What a data file's schema must be: exactly what this program's own migrations make for its
version. A file offered for restore with one trigger, view, index or table more or less (a
trigger that deletes audit rows, a view that calls a function) is refused before anything of
it runs; connections are opened with SQLite's defensive settings."""

from __future__ import annotations

import contextlib
import re
import sqlite3

from sqlite_utils import Database

from .migrations import LADDER, MIGRATIONS, SCHEMA_VERSION

Entry = tuple[str, str, str, str]  # type, name, table, sql (whitespace collapsed)


def harden(conn: sqlite3.Connection) -> None:
    """Triggers and views in the file may not call functions with side effects, and the file's
    own structures cannot be corrupted through SQL (SQLITE_DBCONFIG_DEFENSIVE: Python 3.12+
    has Connection.setconfig; older Pythons keep trusted_schema only)."""
    conn.execute("PRAGMA trusted_schema = OFF")
    setconfig = getattr(conn, "setconfig", None)
    flag = getattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE", None)
    if setconfig is not None and flag is not None:
        with contextlib.suppress(sqlite3.Error):
            setconfig(flag, True)


def _norm(sql: str | None) -> str:
    return re.sub(r"\s+", " ", sql or "").strip()


def entries(conn: sqlite3.Connection) -> set[Entry]:
    """Every table, index, trigger and view (SQLite's own sqlite_* objects aside)."""
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"
                        " WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").fetchall()
    return {(t, n, tbl, _norm(sql)) for t, n, tbl, sql in rows}


_REFERENCE: dict[int, frozenset[Entry]] = {}


def reference(version: int) -> frozenset[Entry]:
    """The schema this program's migrations make for `version` (built once in memory)."""
    if version not in _REFERENCE:
        conn = sqlite3.connect(":memory:", isolation_level=None)
        try:
            db = Database(conn)
            if version > 0:
                stop = LADDER[version][0] if version < len(LADDER) else None
                MIGRATIONS.apply(db, stop_before=stop)
            _REFERENCE[version] = frozenset(entries(conn))
        finally:
            conn.close()
    return _REFERENCE[version]


def differences(conn: sqlite3.Connection, version: int | None = None) -> list[str]:
    """What differs from the program's schema for the file's version, in words (empty: same)."""
    if version is None:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if not 0 <= version <= SCHEMA_VERSION:
        return [f"数据版本 {version} 不是本程序认识的版本"]
    want = reference(version)
    have = entries(conn)
    kinds = {"table": "表", "index": "索引", "trigger": "触发器", "view": "视图"}
    extra = sorted(have - want)
    missing = sorted(want - have)
    out = []
    extra_names = {(t, n) for t, n, _tbl, _sql in extra}
    for t, n, _tbl, _sql in extra:
        changed = any((t, n) == (mt, mn) for mt, mn, _a, _b in missing)
        out.append(f"{kinds.get(t, t)}“{n}”{'与本程序的定义不同' if changed else '是多出来的'}")
    for t, n, _tbl, _sql in missing:
        if (t, n) not in extra_names:
            out.append(f"缺少{kinds.get(t, t)}“{n}”")
    return out
