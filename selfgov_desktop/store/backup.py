"""Copies of the data file through SQLite's backup API (consistent even while in use).

A backup is one self-contained file (rollback journal, no -wal beside it), written under a
temporary name, checked with `integrity_check`, then renamed; owner-only like the data file."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from ..domain.errors import UserError
from ..domain.owner_only import restrict_file


class BackupUnusable(UserError):
    """A file offered for restore that is not a good copy of our data."""


def _owner_only_file(path: Path) -> None:
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(fd)
    restrict_file(path)


# SQLite cannot open a file whose full name is long: its unix VFS stops at 512 bytes (170
# Chinese characters), its Windows one at MAX_PATH (260 characters) unless the system allows
# long paths. Python's own file calls have no such limit, so a copy at such a place (a USB
# stick's folder deep in 街道/居委会/年份/…) goes through memory instead.
MAX_PATH_CHARS = 250
MAX_PATH_BYTES = 500


def sqlite_path_too_long(path: Path | str) -> bool:
    full = str(Path(path).absolute())
    return len(full) >= MAX_PATH_CHARS or len(os.fsencode(full)) >= MAX_PATH_BYTES


def _copy(source: sqlite3.Connection, dest: Path) -> Path:
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
    _owner_only_file(tmp)
    if sqlite_path_too_long(tmp):
        try:
            _copy_through_memory(source, tmp)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        os.replace(tmp, dest)
        return dest
    target = sqlite3.connect(str(tmp), isolation_level=None)
    try:
        source.backup(target)
        # One self-contained file: no -wal/-shm beside a copy on a USB stick.
        target.execute("PRAGMA journal_mode = DELETE")
        ok = target.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok":  # pragma: no cover - would need a failing disk
            raise OSError(f"备份文件校验失败：{ok}")
    except BaseException:
        target.close()
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    target.close()
    with contextlib.suppress(OSError), open(tmp, "rb+") as f:
        os.fsync(f.fileno())
    os.replace(tmp, dest)
    return dest


def _copy_through_memory(source: sqlite3.Connection, tmp: Path) -> None:
    mem = sqlite3.connect(":memory:", isolation_level=None)
    try:
        source.backup(mem)
        ok = mem.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok":  # pragma: no cover - would need a failing disk
            raise OSError(f"备份文件校验失败：{ok}")
        image = mem.serialize()
    finally:
        mem.close()
    with open(tmp, "r+b") as f:
        f.write(image)
        f.truncate()
        f.flush()
        os.fsync(f.fileno())


def backup_to(conn: sqlite3.Connection, dest: Path) -> Path:
    """Write a consistent copy of the open database `conn` to `dest` (temp name, then rename);
    owner-only."""
    return _copy(conn, dest)


def backup_file(source: Path, dest: Path) -> Path:
    """The same from a file that is not open as a Store (read-only)."""
    src = open_readonly(source)
    try:
        return _copy(src, dest)
    finally:
        src.close()


def open_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection that leaves no -wal/-shm behind and never writes the file.
    A file at a path too long for SQLite is read whole into memory (backups are tens of MB)."""
    from .schema import harden

    if sqlite_path_too_long(path):
        image = bytearray(Path(path).read_bytes())
        if image[:16] == b"SQLite format 3\x00" and image[18:20] == b"\x02\x02":
            image[18:20] = b"\x01\x01"  # a WAL-mode file: its image reads as a plain one
        conn = sqlite3.connect(":memory:", isolation_level=None)
        try:
            conn.deserialize(bytes(image))
        except sqlite3.Error:
            conn.close()
            raise
        conn.execute("PRAGMA query_only = ON")
        harden(conn)
        return conn
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    harden(conn)
    return conn


def check_file(path: Path) -> str:
    """'ok', or what is wrong with the file (integrity_check, or why it cannot be read)."""
    path = Path(path)
    if not path.is_file():
        return "文件不存在"
    if path.stat().st_size == 0:
        return "文件是空的"
    with open(path, "rb") as f:
        if f.read(16) != b"SQLite format 3\x00":
            return "不是本程序的数据文件"
    try:
        conn = open_readonly(path)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return f"无法读取（{exc}）"
    return "ok" if result == "ok" else str(result)


def copy_into(source: Path, conn: sqlite3.Connection) -> None:
    """Replace the contents of the open database `conn` with the file `source` (backup API,
    one step, under its write lock: readers see the old or the new data, never a mixture)."""
    src = open_readonly(source)
    try:
        if conn.in_transaction:  # pragma: no cover - programming error
            raise RuntimeError("copy_into inside a transaction")
        src.backup(conn)
    finally:
        src.close()
