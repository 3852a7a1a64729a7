"""Backups: automatic (at start if changed, every N minutes while changes happen, at exit),
thinned (keep 7 daily, 4 weekly, 12 monthly, plus the latest few), each verified with
`integrity_check`; on demand to a chosen folder (a USB stick); listing with date and counts;
restore, which first backs up the current state.

Whether anything changed is read from the audit log (every change through services/ writes
an audit row): the highest id of a row that records a change, compared with the same number
inside the newest backup."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from ..domain.clock import Clock, SystemClock
from ..domain.errors import UserError
from ..domain.model import StaffRole
from ..domain.owner_only import restrict_file
from ..domain.owner_only import restrict_dir
from ..store import backup as store_backup
from ..store.db import DB_FILENAME, Store
from ..store import audit_chain, schema
from ..store.engine import DatabaseError, Error, connect, is_plain_file
from ..store.migrations import MIGRATIONS, SCHEMA_VERSION
from .base import Changed, Context, Entity

AUTO = "自动"
MANUAL = "手动"
BEFORE_RESTORE = "恢复前"
BEFORE_UPGRADE = "升级前"  # written by store/db.py before a migration
DAMAGED = "损坏"
KINDS = (AUTO, MANUAL, BEFORE_RESTORE, BEFORE_UPGRADE, DAMAGED)

KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY, KEEP_LATEST = 7, 4, 12, 3
DEFAULT_INTERVAL_MINUTES = 30
SETTINGS_KEY = "backup"  # {"interval_minutes": 30}

# Audit rows that do not change the data: they do not make a new backup necessary.
_NOT_CHANGES = ("login.%", "backup.%", "audit.%", "%.reveal", "%.export")
_FINGERPRINT_SQL = ("SELECT coalesce(max(id), 0) FROM audit_log WHERE "
                    + " AND ".join("action NOT LIKE ?" for _ in _NOT_CHANGES))

_STAMP = re.compile(r"(\d{8})-(\d{6})(?:-(\d+))?")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    kind: str
    taken_at: dt.datetime
    size: int
    ok: bool
    problem: str = ""
    schema_version: int = 0
    residents: int = 0
    households: int = 0
    sessions: int = 0
    topics: int = 0
    fingerprint: int = -1

    @property
    def counts_text(self) -> str:
        if not self.ok:
            return self.problem
        return (f"居民{self.residents}人，{self.households}户，会议{self.sessions}场，"
                f"议题{self.topics}个")


# -- reading -------------------------------------------------------------------------------
def fingerprint(conn: Any) -> int:
    try:
        return int(conn.execute(_FINGERPRINT_SQL, list(_NOT_CHANGES)).fetchone()[0])
    except Error:
        return -1


def _count(conn: Any, table: str) -> int:
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    except Error:
        return 0


def _kind_of(name: str) -> str:
    for kind in KINDS:
        if name.startswith(kind):
            return kind
    return MANUAL


def _taken_at(path: Path) -> dt.datetime:
    m = _STAMP.search(path.name)
    if m:
        with contextlib.suppress(ValueError):
            return dt.datetime.strptime(m.group(1) + m.group(2), "%Y%m%d%H%M%S")
    return dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)


def _order(b: BackupInfo) -> tuple[dt.datetime, int, str]:
    """Oldest → newest: the time in the name, then the -2, -3 … of copies in the same second."""
    m = _STAMP.search(b.path.name)
    return b.taken_at, int(m.group(3) or 1) if m else 0, b.path.name


# A backup file never changes once written: its check and counts are remembered by
# (path, size, mtime, key), so listing 30 backups checks each only once per session.
_CHECKED: dict[tuple[str, int, int, int], BackupInfo] = {}


def inspect(path: Path, *, check: bool = True, key: bytes | None = None) -> BackupInfo:
    """Date, kind and counts of one backup file; `ok` after integrity_check (if `check`).
    A sealed backup is read with the store's data key `key` (one of another store's: not ok)."""
    path = Path(path)
    st = path.stat()
    cache = (str(path.resolve()), st.st_size, st.st_mtime_ns, hash(key))
    hit = _CHECKED.get(cache)
    if hit is not None:
        return hit
    info = _inspect(path, check, key)
    if check:
        if len(_CHECKED) > 500:
            _CHECKED.clear()
        _CHECKED[cache] = info
    return info


def _inspect(path: Path, check: bool, key: bytes | None = None) -> BackupInfo:
    kind, taken, size = _kind_of(path.name), _taken_at(path), path.stat().st_size
    problem = store_backup.check_file(path, key) if check else "ok"
    if problem != "ok":
        return BackupInfo(path, kind, taken, size, False, problem)
    plain = is_plain_file(path)
    if not plain and key is None:
        return BackupInfo(path, kind, taken, size, False,
                          "不是本程序的数据文件（或是加密的备份，需要登录后才能读取）")
    try:
        conn = store_backup.open_readonly(path, None if plain else key)
    except Error as exc:  # pragma: no cover - check_file caught it
        return BackupInfo(path, kind, taken, size, False, str(exc))
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'residents'").fetchone():
            return BackupInfo(path, kind, taken, size, False, "不是本程序的数据文件", version)
        if check and version <= SCHEMA_VERSION:
            diffs = schema.differences(conn, version)
            if diffs:
                more = f"等{len(diffs)}处" if len(diffs) > 3 else ""
                return BackupInfo(path, kind, taken, size, False,
                                  "数据结构与本程序不符（" + "；".join(diffs[:3]) + more + "）", version)
        return BackupInfo(
            path, kind, taken, size, True, "", version, _count(conn, "residents"),
            _count(conn, "households"), _count(conn, "sessions"), _count(conn, "topics"),
            fingerprint(conn))
    except DatabaseError as exc:
        if not plain:
            return BackupInfo(path, kind, taken, size, False,
                              "不是本数据目录的备份（无法用本机的钥匙解开），或文件已损坏")
        return BackupInfo(path, kind, taken, size, False, f"无法读取（{exc}）")
    finally:
        conn.close()


def list_backups(backups_dir: Path, *, check: bool = True,
                 key: bytes | None = None) -> list[BackupInfo]:
    """Every backup in the folder, newest first (sealed ones read with the data key `key`)."""
    folder = Path(backups_dir)
    if not folder.is_dir():
        return []
    found = [inspect(p, check=check, key=key) for p in folder.glob("*.db") if p.is_file()]
    return sorted(found, key=_order, reverse=True)


def latest_good(backups_dir: Path, key: bytes | None = None) -> BackupInfo | None:
    for info in list_backups(backups_dir, key=key):
        if info.ok and info.kind != DAMAGED and info.schema_version <= SCHEMA_VERSION:
            return info
    return None


# -- writing -------------------------------------------------------------------------------
def _fresh_name(folder: Path, prefix: str, when: dt.datetime) -> Path:
    base = f"{prefix}-{when:%Y%m%d-%H%M%S}"
    path = folder / f"{base}.db"
    n = 2
    while path.exists():
        path = folder / f"{base}-{n}.db"
        n += 1
    return path


def _ensure_owner_only_dir(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    restrict_dir(folder)


def backup_now(store: Store, backups_dir: Path, kind: str = AUTO,
               now: dt.datetime | None = None) -> Path:
    """One verified copy in the backups folder (no audit row: it changes nothing)."""
    folder = Path(backups_dir)
    _ensure_owner_only_dir(folder)
    return store_backup.backup_to(store.conn, store.key,
                                  _fresh_name(folder, kind, now or store.clock.now()))


def changed_since_last(store: Store, backups_dir: Path) -> bool:
    current = fingerprint(store.conn)
    for info in list_backups(backups_dir, check=False, key=store.key):
        if info.kind in (AUTO, MANUAL, BEFORE_RESTORE) and info.ok:
            return info.fingerprint != current
    return current > 0  # a brand-new, empty file needs no copy


def backup_if_changed(store: Store, backups_dir: Path,
                      now: dt.datetime | None = None) -> Path | None:
    """At start and at exit: a new automatic backup when the data changed since the last one;
    then thinning."""
    if not changed_since_last(store, backups_dir):
        return None
    path = backup_now(store, backups_dir, AUTO, now)
    thin(backups_dir, now=now)
    return path


def thin(backups_dir: Path, now: dt.datetime | None = None, *, daily: int = KEEP_DAILY,
         weekly: int = KEEP_WEEKLY, monthly: int = KEEP_MONTHLY,
         latest: int = KEEP_LATEST) -> list[Path]:
    """Delete automatic backups beyond: the `latest` newest, the newest of each of the last
    `daily` days, `weekly` ISO weeks and `monthly` months that have one. Other kinds (manual,
    before restore/upgrade, damaged) are never deleted here. Returns what was deleted."""
    del now
    autos = [b for b in list_backups(backups_dir, check=False) if b.kind == AUTO]
    autos.sort(key=_order, reverse=True)
    keep: set[Path] = {b.path for b in autos[:latest]}
    buckets: list[tuple[int, Callable[[dt.datetime], object]]] = [
        (daily, lambda t: t.date()),
        (weekly, lambda t: tuple(t.isocalendar())[:2]),
        (monthly, lambda t: (t.year, t.month)),
    ]
    for count, key in buckets:
        seen: list[object] = []
        for b in autos:
            k = key(b.taken_at)
            if k in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(k)
            keep.add(b.path)
    removed = []
    for b in autos:
        if b.path not in keep:
            with contextlib.suppress(FileNotFoundError):
                b.path.unlink()
            removed.append(b.path)
    return removed


class AutoBackup:
    """Every `interval` minutes while changes happen: `tick()` is called by a timer (the GUI)
    and backs up when the data changed and the last backup is at least `interval` old."""

    def __init__(self, store: Store, backups_dir: Path, interval_minutes: int) -> None:
        self.store = store
        self.backups_dir = Path(backups_dir)
        self.interval = dt.timedelta(minutes=max(1, int(interval_minutes)))
        self.last_at: dt.datetime | None = None
        self.last_fingerprint: int | None = None
        newest = next((b for b in list_backups(backups_dir, check=False, key=store.key)
                       if b.kind in (AUTO, MANUAL, BEFORE_RESTORE) and b.ok), None)
        if newest is not None:
            self.last_at, self.last_fingerprint = newest.taken_at, newest.fingerprint

    def tick(self, now: dt.datetime | None = None) -> Path | None:
        now = now or self.store.clock.now()
        current = fingerprint(self.store.conn)
        if current == self.last_fingerprint:
            return None
        if self.last_at is not None and now - self.last_at < self.interval:
            return None
        path = backup_now(self.store, self.backups_dir, AUTO, now)
        thin(self.backups_dir, now=now)
        self.last_at, self.last_fingerprint = now, current
        return path

    def at_exit(self, now: dt.datetime | None = None) -> Path | None:
        path = backup_if_changed(self.store, self.backups_dir, now)
        if path is not None:
            self.last_at, self.last_fingerprint = now or self.store.clock.now(), fingerprint(self.store.conn)
        return path


def interval_minutes(store: Store) -> int:
    from . import settings

    value = (settings.get(store, SETTINGS_KEY, {}) or {}).get("interval_minutes")
    if value is None:
        return DEFAULT_INTERVAL_MINUTES
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return DEFAULT_INTERVAL_MINUTES


# -- on demand -----------------------------------------------------------------------------
def backup_to_folder(ctx: Context, folder: Path | str, now: dt.datetime | None = None) -> Changed:
    """A copy to a folder the user chose (a USB stick): audit-logged, since the copy carries
    every resident's personal data out of the office PC."""
    ctx.require(StaffRole.DIRECTOR)
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(f"文件夹 {folder} 不存在或无法访问，请重新选择（U 盘是否已插好？）。")
    when = now or ctx.store.clock.now()
    try:
        path = store_backup.backup_to(ctx.store.conn, ctx.store.key,
                                      _fresh_name(folder, "居委会数据备份", when))
    except OSError as exc:
        raise UserError(f"无法写入 {folder}：{exc.strerror or exc}。请检查空间和写保护。") from None
    _keys_beside(ctx.store, path)
    with ctx.tx() as tx:
        tx.audit("backup.export", "", None, summary=f"备份到 {path}", after={"path": str(path)})
    return Changed.of("audit_log", summary=f"已备份到 {path}", path=str(path))


def backup_file_to(ctx: Context, dest: Path | str) -> Changed:
    """The CLI's `backup OUT.db`: exactly that file name."""
    ctx.require(StaffRole.DIRECTOR)
    dest = Path(dest)
    if dest.exists() and dest.is_dir():
        return backup_to_folder(ctx, dest)
    if not dest.parent.is_dir():
        raise UserError(f"文件夹 {dest.parent} 不存在。")
    if dest.resolve() == ctx.store.path.resolve():
        raise UserError("备份文件不能就是数据文件本身。")
    try:
        store_backup.backup_to(ctx.store.conn, ctx.store.key, dest)
    except OSError as exc:
        raise UserError(f"无法写入 {dest}：{exc.strerror or exc}。") from None
    _keys_beside(ctx.store, dest)
    with ctx.tx() as tx:
        tx.audit("backup.export", "", None, summary=f"备份到 {dest}", after={"path": str(dest)})
    return Changed.of("audit_log", summary=f"已备份到 {dest}", path=str(dest))


def _keys_beside(store: Store, path: Path) -> None:
    """A copy carried away (a USB stick, a new PC) takes the key-slot file along as X.keys: only
    wrapped keys, opened by a password of that time or the recovery key (vault.adopt_backup)."""
    if store.key is None or not store.keys_path.exists():
        return
    from ..store.keys import keys_path_for

    side = keys_path_for(path)
    try:
        tmp = side.with_name(side.name + ".part")
        shutil.copyfile(store.keys_path, tmp)
        restrict_file(tmp)
        os.replace(tmp, side)
    except OSError as exc:
        raise UserError(f"无法写入 {side}：{exc.strerror or exc}。") from None


def _usable(src: Path, key: bytes | None = None) -> BackupInfo:
    src = Path(src)
    if not src.is_file():
        raise store_backup.BackupUnusable(f"找不到备份文件 {src}。")
    info = _inspect(src, True, key)  # always checked afresh right before a restore
    if not info.ok:
        raise store_backup.BackupUnusable(
            f"文件 {src} 不能用来恢复：{info.problem}。当前数据没有改动。")
    if info.schema_version > SCHEMA_VERSION:
        raise store_backup.BackupUnusable(
            f"文件 {src} 由更新版本的程序写入（数据版本{info.schema_version}），"
            "请先安装最新版本。当前数据没有改动。")
    return info


def restore(ctx: Context, src: Path | str, backups_dir: Path,
            now: dt.datetime | None = None) -> Changed:
    """Replace the data with the backup `src`, after a backup of the current state."""
    ctx.require(StaffRole.DIRECTOR)
    src = Path(src)
    store = ctx.store
    if src.resolve() == store.path.resolve():
        raise UserError("不能用数据文件本身来恢复。")
    info = _usable(src, store.key)
    folder = Path(backups_dir)
    _ensure_owner_only_dir(folder)
    kept = _accounts(store)
    # The backup is copied (sealed with this store's key: a backup from before the seal is
    # sealed as it is copied, no plain copy is written), checked and brought up to this
    # version on the side; the data is replaced only when all of that worked.
    staged = folder / f".恢复中-{os.getpid()}-{(now or store.clock.now()):%Y%m%d-%H%M%S}.tmp"
    try:
        if store.key is not None and is_plain_file(src):
            store_backup.seal_file(src, staged, store.key)
        else:
            store_backup.backup_file(src, staged, store.key)
        _prepare(staged, src, int(store.conn.execute("PRAGMA page_size").fetchone()[0]), store.key)
        saved = backup_now(store, backups_dir, BEFORE_RESTORE, now)
        replaced = audit_chain.seal(store.conn)  # the log about to be replaced, in brief
        store_backup.copy_into(staged, store.conn, store.key)
    finally:
        for leftover in (staged, staged.with_name(staged.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
    _keep_accounts(ctx, kept)
    with ctx.tx() as tx:
        tx.audit("backup.restore", "", None,
                 summary=f"从 {src.name}（{info.taken_at:%Y-%m-%d %H:%M}）恢复；"
                         f"恢复前的数据已存为 {saved.name}；恢复前的审计日志 {replaced['count']} 条"
                         f"已封存（末条校验值 {replaced['last_hash'][:12]}）",
                 before={"saved_as": str(saved), "replaced_log": replaced},
                 after={"restored_from": str(src)})
    everything: tuple[Entity, ...] = (
        "residents", "households", "groups", "memberships", "units", "unit_contacts", "topics",
        "sessions", "participants", "followups", "visits", "notices", "settings", "staff_users",
        "audit_log")
    return Changed.of(*everything, summary=f"已从备份恢复：{info.counts_text}。恢复前的数据已另存为 {saved}",
                      saved=str(saved))


def _accounts(store: Store) -> list[dict[str, Any]] | None:
    """The accounts of a sealed store before a restore (None for a plain store: nothing to keep)."""
    if store.key is None:
        return None
    cur = store.conn.execute("SELECT * FROM staff_users")
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _keep_accounts(ctx: Context, kept: list[dict[str, Any]] | None) -> None:
    """A restore never opens a door: the accounts (whose slots open the sealed file) stay as
    they were before it, whatever accounts the backup held."""
    if kept is None:
        return
    with ctx.tx() as tx:
        tx.db.execute("DELETE FROM staff_users")
        for row in kept:
            tx.db.execute(f"INSERT INTO staff_users ({', '.join(row)}) VALUES "
                          f"({', '.join('?' for _ in row)})", list(row.values()))
        tx.audit("backup.restore_accounts", "staff_users", None,
                 summary=f"恢复时保留了当前的{len(kept)}个账号（备份中的账号不恢复，以免留下别的钥匙）")


def _prepare(staged: Path, src: Path, page_size: int, key: bytes | None) -> None:
    """On the side copy of a backup: the schema is exactly this program's for its version, then
    the migrations up to this version, the live file's page size, then integrity_check.
    BackupUnusable when any fails."""
    conn = connect(staged, key)
    try:
        schema.harden(conn)
        diffs = schema.differences(conn)
        if diffs:
            raise store_backup.BackupUnusable(
                f"文件 {src} 不能用来恢复：数据结构与本程序不符（{'；'.join(diffs[:5])}）。"
                "当前数据没有改动。")
        db = Database(conn)
        try:
            if MIGRATIONS.pending(db):
                MIGRATIONS.apply(db)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            if int(conn.execute("PRAGMA page_size").fetchone()[0]) != page_size:
                # the backup API cannot copy into a WAL file of another page size
                conn.execute(f"PRAGMA page_size = {page_size}")
                conn.execute("VACUUM")
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        except Error as exc:
            raise store_backup.BackupUnusable(
                f"文件 {src} 无法升级到本程序的数据版本（{exc}）。当前数据没有改动。") from None
        if result != "ok":
            raise store_backup.BackupUnusable(
                f"文件 {src} 升级后检查未通过（{result}）。当前数据没有改动。")
    finally:
        conn.close()


def restore_damaged(data_dir_db: Path, src: Path | str, backups_dir: Path,
                    clock: Clock | None = None, key: bytes | None = None) -> Path:
    """The data file failed its check and cannot be opened: move it (and its -wal/-shm) aside
    into the backups folder as 损坏-…, and put a copy of the good backup `src` in its place.
    Returns where the damaged file went. Call with no Store open on the file."""
    src = Path(src)
    _usable(src, key)
    db = Path(data_dir_db)
    folder = Path(backups_dir)
    _ensure_owner_only_dir(folder)
    aside = _fresh_name(folder, DAMAGED, (clock or SystemClock()).now())
    if db.exists():
        shutil.move(str(db), aside)
    for suffix in ("-wal", "-shm"):
        side = db.with_name(db.name + suffix)
        if side.exists():
            shutil.move(str(side), aside.with_name(aside.name + suffix))
    if key is not None and is_plain_file(src):
        store_backup.seal_file(src, db, key)
    else:
        store_backup.backup_file(src, db, key)
    return aside


def default_dir(store: Store) -> Path:
    return store.backup_dir if store.path.name == DB_FILENAME else store.path.parent / "backups"
