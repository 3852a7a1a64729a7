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
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from ..domain.clock import Clock, SystemClock
from ..domain.errors import UserError
from ..domain.model import StaffRole
from ..domain.owner_only import restrict_dir
from ..store import backup as store_backup
from ..store.db import DB_FILENAME, Store
from ..store import audit_chain, schema
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
        return (f"居民 {self.residents} 人，{self.households} 户，会议 {self.sessions} 场，"
                f"议题 {self.topics} 个")


# -- reading -------------------------------------------------------------------------------
def fingerprint(conn: sqlite3.Connection) -> int:
    try:
        return int(conn.execute(_FINGERPRINT_SQL, list(_NOT_CHANGES)).fetchone()[0])
    except sqlite3.Error:
        return -1


def _count(conn: sqlite3.Connection, table: str) -> int:
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    except sqlite3.Error:
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
# (path, size, mtime), so listing 30 backups checks each only once per session.
_CHECKED: dict[tuple[str, int, int], BackupInfo] = {}


def inspect(path: Path, *, check: bool = True) -> BackupInfo:
    """Date, kind and counts of one backup file; `ok` after integrity_check (if `check`)."""
    path = Path(path)
    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    hit = _CHECKED.get(key)
    if hit is not None:
        return hit
    info = _inspect(path, check)
    if check:
        if len(_CHECKED) > 500:
            _CHECKED.clear()
        _CHECKED[key] = info
    return info


def _inspect(path: Path, check: bool) -> BackupInfo:
    kind, taken, size = _kind_of(path.name), _taken_at(path), path.stat().st_size
    problem = store_backup.check_file(path) if check else "ok"
    if problem != "ok":
        return BackupInfo(path, kind, taken, size, False, problem)
    try:
        conn = store_backup.open_readonly(path)
    except sqlite3.Error as exc:  # pragma: no cover - check_file caught it
        return BackupInfo(path, kind, taken, size, False, str(exc))
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'residents'").fetchone():
            return BackupInfo(path, kind, taken, size, False, "不是本程序的数据文件", version)
        if check and version <= SCHEMA_VERSION:
            diffs = schema.differences(conn, version)
            if diffs:
                more = f"等 {len(diffs)} 处" if len(diffs) > 3 else ""
                return BackupInfo(path, kind, taken, size, False,
                                  "数据结构与本程序不符（" + "；".join(diffs[:3]) + more + "）", version)
        return BackupInfo(
            path, kind, taken, size, True, "", version, _count(conn, "residents"),
            _count(conn, "households"), _count(conn, "sessions"), _count(conn, "topics"),
            fingerprint(conn))
    except sqlite3.DatabaseError as exc:
        return BackupInfo(path, kind, taken, size, False, f"无法读取（{exc}）")
    finally:
        conn.close()


def list_backups(backups_dir: Path, *, check: bool = True) -> list[BackupInfo]:
    """Every backup in the folder, newest first."""
    folder = Path(backups_dir)
    if not folder.is_dir():
        return []
    found = [inspect(p, check=check) for p in folder.glob("*.db") if p.is_file()]
    return sorted(found, key=_order, reverse=True)


def latest_good(backups_dir: Path) -> BackupInfo | None:
    for info in list_backups(backups_dir):
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
    return store_backup.backup_to(store.conn, _fresh_name(folder, kind, now or store.clock.now()))


def changed_since_last(store: Store, backups_dir: Path) -> bool:
    current = fingerprint(store.conn)
    for info in list_backups(backups_dir, check=False):
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
        newest = next((b for b in list_backups(backups_dir, check=False)
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
        path = store_backup.backup_to(ctx.store.conn, _fresh_name(folder, "居委会数据备份", when))
    except OSError as exc:
        raise UserError(f"无法写入 {folder}：{exc.strerror or exc}。请检查空间和写保护。") from None
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
        store_backup.backup_to(ctx.store.conn, dest)
    except OSError as exc:
        raise UserError(f"无法写入 {dest}：{exc.strerror or exc}。") from None
    with ctx.tx() as tx:
        tx.audit("backup.export", "", None, summary=f"备份到 {dest}", after={"path": str(dest)})
    return Changed.of("audit_log", summary=f"已备份到 {dest}", path=str(dest))


def _usable(src: Path) -> BackupInfo:
    src = Path(src)
    if not src.is_file():
        raise store_backup.BackupUnusable(f"找不到备份文件 {src}。")
    info = _inspect(src, True)  # always checked afresh right before a restore
    if not info.ok:
        raise store_backup.BackupUnusable(
            f"文件 {src} 不能用来恢复：{info.problem}。当前数据没有改动。")
    if info.schema_version > SCHEMA_VERSION:
        raise store_backup.BackupUnusable(
            f"文件 {src} 由更新版本的程序写入（数据版本 {info.schema_version}），"
            "请先安装最新版本。当前数据没有改动。")
    return info


def restore(ctx: Context, src: Path | str, backups_dir: Path,
            now: dt.datetime | None = None) -> Changed:
    """Replace the data with the backup `src`, after a backup of the current state."""
    ctx.require(StaffRole.DIRECTOR)
    src = Path(src)
    if src.resolve() == ctx.store.path.resolve():
        raise UserError("不能用数据文件本身来恢复。")
    info = _usable(src)
    folder = Path(backups_dir)
    _ensure_owner_only_dir(folder)
    # The backup is copied, checked and brought up to this version on the side; the data is
    # replaced only when all of that worked (a failure leaves it as it was).
    staged = folder / f".恢复中-{os.getpid()}-{(now or ctx.store.clock.now()):%Y%m%d-%H%M%S}.tmp"
    try:
        store_backup.backup_file(src, staged)
        _prepare(staged, src, int(ctx.store.conn.execute("PRAGMA page_size").fetchone()[0]))
        saved = backup_now(ctx.store, backups_dir, BEFORE_RESTORE, now)
        replaced = audit_chain.seal(ctx.store.conn)  # the log about to be replaced, in brief
        store_backup.copy_into(staged, ctx.store.conn)
    finally:
        for leftover in (staged, staged.with_name(staged.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
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


def _prepare(staged: Path, src: Path, page_size: int) -> None:
    """On the side copy of a backup: the schema is exactly this program's for its version, then
    the migrations up to this version, the live file's page size, then integrity_check.
    BackupUnusable when any fails."""
    conn = sqlite3.connect(str(staged), isolation_level=None)
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
        except sqlite3.Error as exc:
            raise store_backup.BackupUnusable(
                f"文件 {src} 无法升级到本程序的数据版本（{exc}）。当前数据没有改动。") from None
        if result != "ok":
            raise store_backup.BackupUnusable(
                f"文件 {src} 升级后检查未通过（{result}）。当前数据没有改动。")
    finally:
        conn.close()


def restore_damaged(data_dir_db: Path, src: Path | str, backups_dir: Path,
                    clock: Clock | None = None) -> Path:
    """The data file failed its check and cannot be opened: move it (and its -wal/-shm) aside
    into the backups folder as 损坏-…, and put a copy of the good backup `src` in its place.
    Returns where the damaged file went. Call with no Store open on the file."""
    src = Path(src)
    _usable(src)
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
    store_backup.backup_file(src, db)
    return aside


def default_dir(store: Store) -> Path:
    return store.backup_dir if store.path.name == DB_FILENAME else store.path.parent / "backups"
