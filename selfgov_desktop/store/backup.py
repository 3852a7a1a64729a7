"""Copies of the data file through SQLite's backup API (consistent even while in use).

A backup is one self-contained file (rollback journal, no -wal beside it), written under a
temporary name, checked with `integrity_check`, then renamed; owner-only like the data file.
A copy of a sealed store is sealed with the same data key (the backup API between two keyed
connections copies the encrypted pages): no plaintext copy is ever written, not even the
temporary one. `seal_file` turns a plain file into a sealed copy (sqlcipher_export)."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ..domain.errors import UserError
from ..domain.owner_only import restrict_file
from .engine import DatabaseError, connect, is_plain_file, key_pragmas


class BackupUnusable(UserError):
    """A file offered for restore that is not a good copy of our data."""


def _owner_only_file(path: Path) -> None:
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(fd)
    restrict_file(path)


# SQLite cannot open a file whose full name is long: its unix VFS stops at 512 bytes (170
# Chinese characters), its Windows one at MAX_PATH (260 characters) unless the system allows
# long paths. Python's own file calls have no such limit, so a copy at such a place (a USB
# stick's folder deep in 街道/居委会/年份/…) is made at a short temporary path (owner-only)
# and copied there; a sealed copy's pages stay encrypted all the way. (sqlcipher3 has no
# serialize(): the plain stores of before the seal go the same way.)
MAX_PATH_CHARS = 250
MAX_PATH_BYTES = 500


def sqlite_path_too_long(path: Path | str) -> bool:
    full = str(Path(path).absolute())
    return len(full) >= MAX_PATH_CHARS or len(os.fsencode(full)) >= MAX_PATH_BYTES


def _short_dir() -> Path:
    """An owner-only temporary folder at a short path (for sealed files only)."""
    return Path(tempfile.mkdtemp(prefix="selfgov-"))


def _fresh_part(dest: Path) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
    _owner_only_file(tmp)
    return tmp


def _finish(target: Any, tmp: Path, dest: Path) -> Path:
    try:
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


def _copy_long(source: Any, key: bytes | None, tmp: Path, dest: Path) -> Path:
    try:  # made at a short path, then copied there byte for byte (a sealed copy stays sealed)
        short = _short_dir()
        try:
            made = _copy(source, key, short / "copy.db")
            shutil.copyfile(made, tmp)
            with open(tmp, "rb+") as f:
                os.fsync(f.fileno())
        finally:
            shutil.rmtree(short, ignore_errors=True)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, dest)
    return dest


def _copy(source: Any, key: bytes | None, dest: Path) -> Path:
    dest = Path(dest)
    tmp = _fresh_part(dest)
    if sqlite_path_too_long(tmp):
        return _copy_long(source, key, tmp, dest)
    target = connect(tmp, key)
    try:
        source.backup(target)
    except BaseException:
        target.close()
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    return _finish(target, tmp, dest)


def backup_to(conn: Any, key: bytes | None, dest: Path) -> Path:
    """Write a consistent copy of the open database `conn` (keyed with `key`, or plain when
    None) to `dest` (temp name, then rename), sealed with the same key; owner-only."""
    return _copy(conn, key, dest)


def backup_file(source: Path, dest: Path, key: bytes | None = None) -> Path:
    """The same from a file that is not open as a Store (read-only)."""
    src = open_readonly(source, key)
    try:
        return _copy(src, key, dest)
    finally:
        src.close()


def seal_file(source: Path, dest: Path, key: bytes) -> Path:
    """A sealed copy of the plain file `source` at `dest` (sqlcipher_export: the pages are
    encrypted as they are written; the user_version goes along), verified, then renamed."""
    dest = Path(dest)
    tmp = _fresh_part(dest)
    src = open_readonly(source, None)
    try:
        src.execute("ATTACH DATABASE ? AS sealed KEY ''", [str(tmp)])
        key_pragmas(src, key, "sealed")
        src.execute("SELECT sqlcipher_export('sealed')")
        version = int(src.execute("PRAGMA main.user_version").fetchone()[0])
        src.execute(f"PRAGMA sealed.user_version = {version}")
        src.execute("DETACH DATABASE sealed")
    except BaseException:
        src.close()
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    src.close()
    return _finish(connect(tmp, key), tmp, dest)


class _TempCopyConnection:
    """A connection to a sealed copy at a short path, removed when the connection closes."""

    def __init__(self, conn: Any, folder: Path) -> None:
        self._conn, self._folder = conn, folder

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)

    def close(self) -> None:
        try:
            self._conn.close()
        finally:
            shutil.rmtree(self._folder, ignore_errors=True)


def open_readonly(path: Path, key: bytes | None = None) -> Any:
    """A read-only connection that leaves no -wal/-shm behind and never writes the file.
    A file at a path too long for SQLite (backups are
    tens of MB) is copied as it is (a sealed one stays sealed) to a short temporary path."""
    if sqlite_path_too_long(path):
        short = _short_dir()
        try:
            shutil.copyfile(path, short / "copy.db")
            return _TempCopyConnection(open_readonly(short / "copy.db", key), short)
        except BaseException:
            shutil.rmtree(short, ignore_errors=True)
            raise
    from .schema import harden

    uri = Path(path).resolve().as_uri() + "?mode=ro"
    conn = connect(uri, key, uri=True)
    harden(conn)  # the file's triggers and views call no function with side effects
    return conn


def check_file(path: Path, key: bytes | None = None) -> str:
    """'ok', or what is wrong with the file (integrity_check, or why it cannot be read)."""
    path = Path(path)
    if not path.is_file():
        return "文件不存在"
    if path.stat().st_size == 0:
        return "文件是空的"
    plain = is_plain_file(path)
    if not plain and key is None:
        return "不是本程序的数据文件（或是加密的备份，需要登录后才能读取）"
    try:
        conn = open_readonly(path, None if plain else key)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            conn.close()
    except DatabaseError as exc:
        if not plain:
            return "不是本数据目录的备份（无法用本机的钥匙解开），或文件已损坏"
        return f"无法读取（{exc}）"
    return "ok" if result == "ok" else str(result)


def copy_into(source: Path, conn: Any, key: bytes | None = None) -> None:
    """Replace the contents of the open database `conn` with the file `source` (backup API,
    one step, under its write lock: readers see the old or the new data, never a mixture).
    `source` is sealed with `key` as `conn` is (a plain source for a sealed `conn` is sealed
    into a copy first: services/backups.py)."""
    src = open_readonly(source, key)
    try:
        if conn.in_transaction:  # pragma: no cover - programming error
            raise RuntimeError("copy_into inside a transaction")
        src.backup(conn)
    finally:
        src.close()
