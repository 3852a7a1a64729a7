"""The one SQLite file: connections (one per thread), transactions, the schema ladder guard."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from ..domain.clock import Clock, SystemClock, iso
from ..domain.errors import UserError
from . import backup as backup_mod
from . import schema
from .engine import PAGE_SIZE as PAGE_SIZE  # re-exported: a new file's page size
from .engine import DatabaseError, Error, connect, is_sealed_file
from .migrations import MIGRATIONS, SCHEMA_VERSION

DB_FILENAME = "selfgov.db"


class StoreTooNew(UserError):
    """The file was written by a newer version of the program."""


class StoreDamaged(UserError):
    """quick_check failed: the file must not be written to."""


class WrongKey(UserError):
    """A sealed file opened without its data key, or with another store's."""


def _connect(path: Path, key: bytes | None) -> Any:
    # isolation_level=None: no implicit transactions; we open them ourselves (BEGIN IMMEDIATE).
    # A sealed file: the key and the cipher page size (16 KiB, see engine) come first.
    conn = connect(path, key, timeout=10.0)
    conn.execute("PRAGMA foreign_keys = ON")
    schema.harden(conn)  # the file's triggers and views call no function with side effects
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn


class Store:
    """One data file. `store.db` is this thread's sqlite-utils Database; `store.write()` a
    transaction. Opening migrates (after a backup copy) and refuses files newer than the code."""

    def __init__(self, path: Path | str, *, backup_dir: Path | None = None, check: bool = True,
                 clock: Clock | None = None, key: bytes | None = None):
        self.path = Path(path)
        # The data key of a sealed store (SQLCipher, store/keys.py); None: a plain file.
        self.key = key
        # The one clock every service asks for "now" and "today" (domain.clock).
        self.clock: Clock = clock or SystemClock()
        if self.path.is_symlink():
            raise UserError(f"数据文件 {self.path} 是一个符号链接（指向 {os.readlink(self.path)}）。"
                            "为免写到别处的文件，程序不打开符号链接；请把实际的文件放在数据目录中。")
        if backup_mod.sqlite_path_too_long(self.path):
            raise UserError(
                f"数据目录的路径太长（{len(str(self.path.absolute()))} 个字符），"
                f"数据文件无法在那里打开：{self.path.parent}。"
                "请换一个较短的数据目录，例如 D:\\三会数据。")
        self.backup_dir = backup_dir or self.path.parent / "backups"
        self._local = threading.local()
        self._all: list[Any] = []
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fresh = not self.path.exists() or self.path.stat().st_size == 0
        if fresh:
            # Owner-only from the start: residents' personal data (PIPL).
            fd = os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        if not fresh and key is None and is_sealed_file(self.path) and self.keys_path.exists():
            raise WrongKey(f"数据文件 {self.path} 已加密，需要用账号登录后才能打开。")
        try:
            self._open_and_migrate(fresh, check)
        except WrongKey:
            raise
        except DatabaseError as exc:
            self.close()
            raise StoreDamaged(
                f"数据文件 {self.path} 已损坏或不是本程序的数据文件（{exc}）。"
                "请从备份恢复（设置 → 备份与恢复，或命令 restore）。"
            ) from None

    def now_iso(self) -> str:
        """This moment on the store's clock, as timestamps are stored (2026-12-07T09:00:00)."""
        return iso(self.clock.now())

    # -- connections -------------------------------------------------------------------------
    @property
    def sealed(self) -> bool:
        return self.key is not None

    @property
    def keys_path(self) -> Path:
        """The key-slot file beside the data file (store/keys.py): selfgov.db → selfgov.keys."""
        return self.path.with_name(self.path.stem + ".keys")

    @property
    def db(self) -> Database:
        db = getattr(self._local, "db", None)
        if db is None:
            conn = _connect(self.path, self.key)
            with self._lock:
                self._all.append(conn)
            db = Database(conn)
            self._local.db = db
        return db

    @property
    def conn(self) -> Any:
        """This thread's connection (SQLCipher's sqlite3-compatible DB-API, store/engine.py)."""
        return self.db.conn

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                with contextlib.suppress(Error):
                    conn.close()
            self._all.clear()
        self._local = threading.local()

    @contextlib.contextmanager
    def write(self) -> Iterator[Database]:
        """One transaction. Nested calls become savepoints of the outer one."""
        db = self.db
        conn = db.conn
        if conn.in_transaction:
            with db.atomic():
                yield db
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    # -- schema ------------------------------------------------------------------------------
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _open_and_migrate(self, fresh: bool, check: bool) -> None:
        conn = self.conn
        if not fresh and self.key is not None:
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except DatabaseError:
                self.close()
                raise WrongKey(f"数据文件 {self.path} 无法用这把钥匙打开（它属于另一个数据目录，"
                               "或钥匙文件与数据文件不配套）。文件未作任何改动。") from None
        if not fresh and check:
            try:
                result = conn.execute("PRAGMA quick_check").fetchone()[0]
            except DatabaseError as exc:
                self.close()
                raise StoreDamaged(
                    f"数据文件 {self.path} 已损坏或不是本程序的数据文件（{exc}）。"
                    "请从备份恢复（设置 → 备份与恢复，或命令 restore）。"
                ) from None
            if result != "ok":
                self.close()
                raise StoreDamaged(
                    f"数据文件 {self.path} 检查未通过（{result}）。为免扩大损失，程序不会写入它；"
                    "请从最近的备份恢复。"
                )
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            self.close()
            raise StoreTooNew(
                f"数据文件 {self.path} 由更新版本的程序写入（数据版本 {version}，"
                f"本程序只认识到 {SCHEMA_VERSION}）。请安装最新版本后再打开；文件未作任何改动。"
            )
        if not MIGRATIONS.pending(self.db):
            return
        if version > 0:
            backup_mod.backup_to(
                conn, self.key, self.backup_dir / f"升级前-v{version}-{self.clock.now():%Y%m%d-%H%M%S}.db"
            )
        MIGRATIONS.apply(self.db)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
