"""Opening the store as an account: the window's login and the command line's both come here.

A data folder is in one of three states: empty (no data file yet), plain (a data file from
before the seal, or a test's), sealed (a SQLCipher file with its key-slot file beside it,
store/keys.py). Creating a store seals it from the start and returns the recovery key once.
Logging in to a sealed store unwraps the data key from the account's slot (a wrong password
counts toward the account's pause, kept in the slot file since the data file cannot be
written before it is open; the attempts reach the audit log at the next login), then opens
the store and logs in as services/accounts does. A plain store is sealed at the first login
of a 主任 after the upgrade: the sealed copy is checked against the plain one before it
replaces it; plain backups are sealed the same way. The recovery key opens the store when
every password is lost and lets a new password be set for one account."""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.clock import Clock, SystemClock, iso
from ..domain.errors import UserError
from ..domain.model import StaffRole
from ..store import backup as store_backup
from ..store import schema
from ..store.db import Store
from ..store.engine import DatabaseError, is_plain_file, is_sealed_file
from ..store.keys import KeyRing, keys_path_for, new_data_key, new_recovery_code
from . import accounts
from .base import Context

UNKNOWN = "（未知用户）"


class State(enum.Enum):
    EMPTY = "empty"
    PLAIN = "plain"
    SEALED = "sealed"


@dataclass
class Opened:
    """A store opened as an account. `recovery_code` is set once: when the store was created
    or sealed now (show it, offer to print it, never store it); `notes` are for the user."""

    store: Store
    ctx: Context
    recovery_code: str | None = None
    notes: list[str] = field(default_factory=list)


def state(db_path: Path) -> State:
    db_path = Path(db_path)
    if keys_path_for(db_path).exists() or is_sealed_file(db_path):
        return State.SEALED
    if db_path.exists() and db_path.stat().st_size > 0:
        return State.PLAIN
    return State.EMPTY


def _remove_quietly(*files: Path) -> None:
    for f in files:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                f.with_name(f.name + suffix).unlink()


# -- creating --------------------------------------------------------------------------------
def create(db_path: Path, username: str, display_name: str, password: str, *,
           backup_dir: Path | None = None, clock: Clock | None = None,
           confirm: str | None = None, strength: bool = True) -> Opened:
    """A new sealed store with its first 主任 (an empty data folder only)."""
    db_path = Path(db_path)
    if state(db_path) is not State.EMPTY:
        raise UserError(f"数据目录 {db_path.parent} 中已有数据。")
    key, code = new_data_key(), new_recovery_code()
    ring = KeyRing.create(keys_path_for(db_path))
    ring.set_recovery(code, key)
    ring.save()  # the slots first: a sealed file without its keys could never be opened
    try:
        store = Store(db_path, backup_dir=backup_dir, clock=clock, key=key)
        try:
            ctx, _ = accounts.create_first_admin(store, username, display_name, password, confirm,
                                                 strength=strength)
        except BaseException:
            store.close()
            raise
    except BaseException:
        _remove_quietly(db_path, ring.path)
        raise
    return Opened(store, ctx, code)


def recreate(db_path: Path, key: bytes, username: str, password: str, *,
             backup_dir: Path | None = None, clock: Clock | None = None) -> Opened:
    """An empty store again under the same data key (`demo --force`): `username` its first
    主任, the other accounts' slots removed (their accounts are gone with the data)."""
    db_path = Path(db_path)
    ring = KeyRing.load(keys_path_for(db_path))
    ring.slots.clear()
    ring.save()
    store = Store(db_path, backup_dir=backup_dir, clock=clock, key=key)
    try:
        ctx, _ = accounts.create_first_admin(store, username, username, password, strength=False)
    except BaseException:
        store.close()
        raise
    return Opened(store, ctx)


# -- logging in ------------------------------------------------------------------------------
def _now(clock: Clock | None) -> dt.datetime:
    return (clock or SystemClock()).now().replace(microsecond=0)


def unlock(db_path: Path, username: str, password: str, clock: Clock | None = None) -> bytes:
    """The data key from `username`'s slot, or UserError (the same words and pause as
    services/accounts.login)."""
    username = username.strip()
    if not username or not password:
        raise UserError("请输入用户名和密码。")
    ring = KeyRing.load(keys_path_for(db_path))
    now = _now(clock)
    slot = ring.slots.get(username)
    if slot is not None and slot.locked_until and dt.datetime.fromisoformat(slot.locked_until) > now:
        left = (dt.datetime.fromisoformat(slot.locked_until) - now).total_seconds()
        raise UserError(f"密码连续输错{slot.failures}次，账号 {username} 暂停登录，"
                        f"请 {accounts._wait_text(left)}后再试，或请主任重设密码。")
    key = ring.unwrap(username, password)
    if key is not None:
        if slot is not None and (slot.failures or slot.locked_until):
            slot.failures, slot.locked_until = 0, None
            ring.save()
        return key
    if slot is None:
        ring.pending.append({"at": iso(now), "login": None, "summary": "登录失败：用户名不存在或没有钥匙"})
        ring.pending = ring.pending[-200:]
        ring.save()
        raise UserError("用户名或密码不正确。")
    slot.failures += 1
    pause = accounts.pause_after(slot.failures)
    slot.locked_until = iso(now + pause) if pause else None
    ring.pending.append({"at": iso(now), "login": username,
                         "summary": f"登录失败：密码错误（连续第{slot.failures}次）"
                         + (f"，暂停{accounts._wait_text(pause.total_seconds())}" if pause else "")})
    ring.pending = ring.pending[-200:]
    ring.save()
    if pause:
        raise UserError(f"密码连续输错{slot.failures}次，账号暂停登录"
                        f"{accounts._wait_text(pause.total_seconds())}。忘记密码请找主任重设。")
    raise UserError(f"用户名或密码不正确（再错{accounts.MAX_FAILURES - slot.failures}次将暂停登录）。")


def _flush_pending(store: Store) -> None:
    """Wrong passwords counted in the slot file since the last login → the audit log."""
    ring = KeyRing.load(store.keys_path)
    if not ring.pending:
        return
    with store.write() as db:
        for event in ring.pending:
            db.execute("INSERT INTO audit_log (at, actor, action, entity, entity_id, summary)"
                       " VALUES (?, ?, 'login.failed', 'staff_users', NULL, ?)",
                       [str(event.get("at") or store.now_iso()), str(event.get("login") or UNKNOWN),
                        str(event.get("summary") or "登录失败")])
    ring.pending = []
    ring.save()


def open_as(db_path: Path, username: str, password: str, *, backup_dir: Path | None = None,
            clock: Clock | None = None) -> Opened:
    """The store opened as this account (sealing a plain one at a 主任's first login)."""
    db_path = Path(db_path)
    st = state(db_path)
    if st is State.EMPTY:
        raise UserError(f"数据目录 {db_path.parent} 中还没有数据。")
    key = unlock(db_path, username, password, clock) if st is State.SEALED else None
    store = Store(db_path, backup_dir=backup_dir, clock=clock, key=key)
    return enter(store, username, password, backup_dir=backup_dir, clock=clock)


def enter(store: Store, username: str, password: str, *, backup_dir: Path | None = None,
          clock: Clock | None = None) -> Opened:
    """Log in to the opened `store` (sealed: opened with the key `unlock` gave for this same
    account). A plain store: the account logs in (or, a store from before accounts, becomes
    its first 主任), and a 主任's login seals it. The store is closed when this fails."""
    try:
        if store.key is not None:
            _flush_pending(store)
            # unlock() opened this account's slot with this password: that proves it
            return Opened(store, accounts.login(store, username, password, proven=True))
        if not accounts.has_users(store):
            # a store from before accounts (the command line's): this account is its first 主任
            ctx, _ = accounts.create_first_admin(store, username, username, password)
        else:
            ctx = accounts.login(store, username, password)
    except BaseException:
        store.close()
        raise
    if ctx.role != StaffRole.DIRECTOR:
        return Opened(store, ctx, notes=["数据文件尚未加密：请主任登录一次，程序会为它加密。"])
    return seal(store, ctx, password, backup_dir=backup_dir, clock=clock)


def first_admin_of_plain(db_path: Path, username: str, display_name: str, password: str, *,
                         confirm: str | None = None, backup_dir: Path | None = None,
                         clock: Clock | None = None) -> Opened:
    """A plain store from before accounts (the window's first run after the upgrade): its first
    主任, then the seal."""
    store = Store(db_path, backup_dir=backup_dir, clock=clock)
    try:
        ctx, _ = accounts.create_first_admin(store, username, display_name, password, confirm)
    except BaseException:
        store.close()
        raise
    return seal(store, ctx, password, backup_dir=backup_dir, clock=clock)


def plain_without_accounts(db_path: Path) -> bool:
    """A plain data file whose accounts table is empty (or missing: an old file)."""
    if state(db_path) is not State.PLAIN:
        return False
    conn = store_backup.open_readonly(db_path)
    try:
        return conn.execute("SELECT 1 FROM staff_users LIMIT 1").fetchone() is None
    except DatabaseError as exc:  # no table yet (the ladder adds it) — or a damaged file,
        return "no such table" in str(exc)  # which the login path offers a backup for
    finally:
        conn.close()


def adopt_backup(db_path: Path, src: Path, username: str, password: str, *,
                 backup_dir: Path | None = None, clock: Clock | None = None) -> Opened:
    """Moving to a new PC: an empty data folder takes a sealed backup made with `backup` to a
    folder or file, with the key-slot file written beside it (X.db + X.keys). The account must
    open a slot of that file (its password when the backup was made); the accounts and slots
    come with the backup, so no door is opened that the backup did not have."""
    db_path, src = Path(db_path), Path(src)
    if state(db_path) is not State.EMPTY:
        raise UserError(f"数据目录 {db_path.parent} 中已有数据。")
    if is_plain_file(src):  # a backup from before the seal: as it is, then sealed at login
        store_backup.backup_file(src, db_path)
        _schema_as_made(db_path, src, None)
        return open_as(db_path, username, password, backup_dir=backup_dir, clock=clock)
    keys = keys_path_for(src)
    if not keys.exists():
        raise store_backup.BackupUnusable(
            f"备份 {src.name} 是加密的，旁边却没有它的钥匙文件 {keys.name}。"
            "请把备份时一起写出的 .keys 文件放在备份旁边再恢复。当前数据没有改动。")
    ring = KeyRing.load(keys)
    key = ring.unwrap(username.strip(), password)
    if key is None:
        raise UserError(f"账号 {username} 的密码打不开这份备份（要用备份时这个账号的密码）。")
    problem = store_backup.check_file(src, key)
    if problem != "ok":
        raise store_backup.BackupUnusable(f"文件 {src} 不能用来恢复：{problem}。")
    store_backup.backup_file(src, db_path, key)
    _schema_as_made(db_path, src, key)
    ring.path = keys_path_for(db_path)
    ring.pending = []
    for slot in ring.slots.values():
        slot.failures, slot.locked_until = 0, None
    try:
        ring.save()
    except BaseException:
        _remove_quietly(db_path)
        raise
    return open_as(db_path, username, password, backup_dir=backup_dir, clock=clock)


def _schema_as_made(db_path: Path, src: Path, key: bytes | None) -> None:
    """The copy just taken in holds exactly what this program's migrations make for its
    version (as a restore checks: no extra trigger or view); else it is removed again."""
    conn = store_backup.open_readonly(db_path, key)
    try:
        diffs = schema.differences(conn)
    finally:
        conn.close()
    if diffs:
        _remove_quietly(db_path)
        raise store_backup.BackupUnusable(
            f"文件 {src} 不能用来恢复：数据结构与本程序不符（{'；'.join(diffs[:5])}）。"
            "数据目录仍是空的。")


# -- sealing a plain store ---------------------------------------------------------------------
def _same_content(plain: Path, sealed: Path, key: bytes) -> str | None:
    """None when the sealed copy holds exactly what the plain file holds (every table's row
    count and content hash); else what differs."""
    a = store_backup.open_readonly(plain)
    b = store_backup.open_readonly(sealed, key)
    try:
        tables = [r[0] for r in a.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        other = [r[0] for r in b.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        if tables != other:
            return "表不一致"
        for t in tables:
            q = f'SELECT * FROM "{t}" ORDER BY rowid' if not t.startswith("sqlite_") \
                else f'SELECT * FROM "{t}"'
            try:
                if a.execute(q).fetchall() != b.execute(q).fetchall():
                    return f"表 {t} 不一致"
            except Exception:  # noqa: BLE001 - WITHOUT ROWID / virtual tables: by content
                if sorted(map(repr, a.execute(f'SELECT * FROM "{t}"'))) != \
                        sorted(map(repr, b.execute(f'SELECT * FROM "{t}"'))):
                    return f"表 {t} 不一致"
        va = a.execute("PRAGMA user_version").fetchone()[0]
        if va != b.execute("PRAGMA user_version").fetchone()[0]:
            return "数据版本不一致"
    finally:
        a.close()
        b.close()
    return None


def seal_backups(backups_dir: Path, key: bytes) -> tuple[int, int]:
    """Every plain backup in the folder sealed in place (verified first); ones that cannot be
    read are removed. Returns (sealed, removed)."""
    sealed = removed = 0
    folder = Path(backups_dir)
    if not folder.is_dir():
        return 0, 0
    for f in sorted(folder.glob("*.db")):
        if not is_plain_file(f):
            continue
        tmp = f.with_name(f.name + ".sealing")
        try:
            store_backup.seal_file(f, tmp, key)
            if _same_content(f, tmp, key) is not None:
                raise OSError("sealed copy differs")
        except Exception:  # noqa: BLE001 - an unreadable plain copy: told, then removed
            _remove_quietly(tmp)
            _remove_quietly(f)
            removed += 1
            continue
        os.replace(tmp, f)
        sealed += 1
    return sealed, removed


def seal(store: Store, ctx: Context, password: str, *, backup_dir: Path | None = None,
         clock: Clock | None = None) -> Opened:
    """Seal the plain store `store` (logged in as the 主任 `ctx`, whose password is given):
    a sealed copy is written beside it and compared with it table by table; only then does
    it replace the plain file. The store is returned open again, sealed."""
    ctx.require(StaffRole.DIRECTOR)
    db_path = store.path
    bdir = backup_dir or store.backup_dir
    others = [u.username for u in accounts.users(store) if u.active and u.username != ctx.actor]
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    key, code = new_data_key(), new_recovery_code()
    ring = KeyRing.create(keys_path_for(db_path))
    ring.set_recovery(code, key)
    ring.set_slot(ctx.actor, password, key)
    tmp = db_path.with_name(db_path.name + ".sealing")
    try:
        store_backup.seal_file(db_path, tmp, key)
        problem = _same_content(db_path, tmp, key)
        if problem is not None:
            raise UserError(f"加密后的副本与原数据不一致（{problem}），原数据未改动。")
    except BaseException:
        _remove_quietly(tmp)
        raise
    ring.save()
    _remove_quietly(db_path.with_name(db_path.name + "-wal"), db_path.with_name(db_path.name + "-shm"))
    os.replace(tmp, db_path)
    n_sealed, n_removed = seal_backups(bdir, key)
    sealed_store = Store(db_path, backup_dir=backup_dir, clock=clock, key=key)
    new_ctx = Context(sealed_store, ctx.actor, ctx.role)
    with new_ctx.tx() as tx:
        tx.audit("store.seal", "", None,
                 summary=f"数据文件已加密；备份加密{n_sealed}份"
                         + (f"，无法读取而删除{n_removed}份" if n_removed else ""))
    notes = [f"数据文件已加密保存（备份{n_sealed}份也已加密"
             + (f"；{n_removed}份无法读取的旧备份已删除" if n_removed else "") + "）。"]
    if others:
        notes.append("其他账号（" + "、".join(others) + "）还没有钥匙：请在“账号”中为他们重设密码后再登录。")
    return Opened(sealed_store, new_ctx, code, notes)


# -- the recovery key ------------------------------------------------------------------------
def recover(db_path: Path, code: str, username: str, new_password: str, *,
            backup_dir: Path | None = None, clock: Clock | None = None,
            confirm: str | None = None) -> Opened:
    """Every password lost: the recovery key opens the store; `username` (an active 主任)
    gets `new_password` and a new slot. Logged as 恢复密钥."""
    ring = KeyRing.load(keys_path_for(db_path))
    key = ring.unwrap_recovery(code)
    if key is None:
        raise UserError("恢复密钥不正确。请对照打印的恢复密钥逐组核对（只用数字2–9和大写字母）。")
    store = Store(db_path, backup_dir=backup_dir, clock=clock, key=key)
    try:
        user = accounts.get(store, username)
        if user is None or not user.active or user.role != StaffRole.DIRECTOR:
            raise UserError(f"“{username}”不是可用的主任账号；恢复密钥只能为主任设置新密码。")
        admin = Context(store, "恢复密钥", StaffRole.DIRECTOR)
        accounts.reset_password(admin, user.id, new_password, confirm)
        ctx = accounts.login(store, username, new_password)
    except BaseException:
        store.close()
        raise
    return Opened(store, ctx)
