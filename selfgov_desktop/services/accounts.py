"""Staff accounts: the first administrator, users and roles, passwords, logging in.

Roles (DOMAIN: 主任/书记 everything incl. settings and accounts; 委员/社工 records; 只读 view
and print). After MAX_FAILURES wrong passwords in a row the account pauses, for longer each
further time; a right password resets the count. The GUI asks for a login; the CLI does not
(whoever can run it can read the owner-only file) and acts as the OS account or --as NAME."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..domain import passwords
from ..domain.errors import UserError
from ..domain.model import StaffRole
from ..store.db import Store
from . import slots
from .base import Changed, Context, Tx, new_id

MAX_FAILURES = 5
FIRST_PAUSE = dt.timedelta(minutes=1)
LONGEST_PAUSE = dt.timedelta(minutes=30)
_USERNAME = re.compile(r"^[\w.\-\u4e00-\u9fff]{2,32}$")

WRITE_ROLES = (StaffRole.DIRECTOR, StaffRole.MEMBER)


@dataclass(frozen=True)
class StaffUser:
    id: int
    username: str
    display_name: str
    role: StaffRole
    active: bool
    failed_logins: int
    locked_until: str | None
    created_at: str

    @property
    def label(self) -> str:
        return f"{self.display_name}（{self.username}）" if self.display_name != self.username \
            else self.username


def can_write(role: StaffRole | str) -> bool:
    """委员/社工 and 主任 change records; 只读 only views and prints."""
    return StaffRole(role) in WRITE_ROLES


def can_administer(role: StaffRole | str) -> bool:
    """Settings, accounts, restore: 主任/书记 only."""
    return StaffRole(role) == StaffRole.DIRECTOR


_COLS = "id, username, display_name, role, active, failed_logins, locked_until, created_at"


def _user(row: tuple) -> StaffUser:
    return StaffUser(row[0], row[1], row[2], StaffRole(row[3]), bool(row[4]), int(row[5]),
                     row[6], row[7])


# -- queries ---------------------------------------------------------------------------------
def has_users(store: Store) -> bool:
    return store.conn.execute("SELECT 1 FROM staff_users LIMIT 1").fetchone() is not None


def users(store: Store, *, include_inactive: bool = True) -> list[StaffUser]:
    sql = f"SELECT {_COLS} FROM staff_users"
    if not include_inactive:
        sql += " WHERE active = 1"
    sql += " ORDER BY CASE role WHEN '主任' THEN 0 WHEN '委员' THEN 1 ELSE 2 END, username"
    return [_user(r) for r in store.conn.execute(sql)]


def get(store: Store, username: str) -> StaffUser | None:
    row = store.conn.execute(f"SELECT {_COLS} FROM staff_users WHERE username = ?",
                             [username.strip()]).fetchone()
    return _user(row) if row else None


def by_id(store: Store, user_id: int) -> StaffUser:
    row = store.conn.execute(f"SELECT {_COLS} FROM staff_users WHERE id = ?",
                             [user_id]).fetchone()
    if row is None:
        raise UserError(f"账号（编号 {user_id}）不存在。")
    return _user(row)


def acting_as(store: Store, name: str | None, os_user: str) -> tuple[str, StaffRole]:
    """Who a command-line run acts as, and with which role: the same role checks as the
    window. `--as NAME` naming an account acts with that account's role (a 只读 account
    exports nothing); a disabled account is refused; a name that is not an account is refused
    once accounts exist. Without --as (or before any account exists) the run is the office
    PC's own account, as 主任: whoever may open the data folder already holds all of it."""
    if not name:
        return os_user, StaffRole.DIRECTOR
    user = get(store, name)
    if user is None:
        if has_users(store):
            raise UserError(f"没有用户名为“{name}”的账号。--as 请写账号的用户名（见 设置 → 账号）。")
        return name, StaffRole.DIRECTOR
    if not user.active:
        raise UserError(f"账号“{user.label}”已停用，不能用它操作。")
    return user.username, user.role


# -- creating and changing accounts ----------------------------------------------------------
def _check_username(username: str) -> str:
    username = username.strip()
    if not _USERNAME.match(username):
        raise UserError("用户名需2–32个字符，可用汉字、字母、数字、点、下划线和短横线，不能有空格。")
    return username


def _insert(tx: Tx, username: str, display_name: str, role: StaffRole, password: str) -> int:
    cur = tx.db.execute(
        "INSERT INTO staff_users (username, display_name, role, password_hash, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        [username, display_name, str(role), passwords.hash_password(password),
         tx.ctx.store.now_iso()],
    )
    return new_id(cur)


def _validate_new(store: Store, username: str, display_name: str, password: str,
                  confirm: str | None, strength: bool = True) -> tuple[str, str]:
    username = _check_username(username)
    display_name = display_name.strip() or username
    if confirm is not None and confirm != password:
        raise UserError("两次输入的密码不一致。")
    if strength:
        passwords.check_strength(password)
    if get(store, username) is not None:
        raise UserError(f"用户名“{username}”已被使用，请换一个。")
    return username, display_name


def create_first_admin(store: Store, username: str, display_name: str, password: str,
                       confirm: str | None = None, *,
                       strength: bool = True) -> tuple[Context, Changed]:
    """First run: the first 主任 account. Refused once any account exists. (`strength=False`
    only for the demo's fictional store: account demo / password demo.)"""
    username, display_name = _validate_new(store, username, display_name, password, confirm,
                                           strength)
    ctx = Context(store, username, StaffRole.DIRECTOR)
    with ctx.tx() as tx:
        if tx.db.execute("SELECT 1 FROM staff_users LIMIT 1").fetchone():
            raise UserError("已经有管理员账号了，请用已有账号登录。")
        uid = _insert(tx, username, display_name, StaffRole.DIRECTOR, password)
        tx.audit("account.create", "staff_users", uid, summary=f"创建第一个管理员账号 {username}",
                 after={"username": username, "display_name": display_name, "role": "主任"})
        slots.set_slot(store, username, password)
    return ctx, Changed.of("staff_users", ids=[uid], summary=f"已创建管理员 {username}")


def create_user(ctx: Context, username: str, display_name: str, role: StaffRole | str,
                password: str, confirm: str | None = None) -> Changed:
    ctx.require(StaffRole.DIRECTOR)
    role = StaffRole(role)
    username, display_name = _validate_new(ctx.store, username, display_name, password, confirm)
    with ctx.tx() as tx:
        uid = _insert(tx, username, display_name, role, password)
        tx.audit("account.create", "staff_users", uid, summary=f"创建账号 {username}（{role}）",
                 after={"username": username, "display_name": display_name, "role": str(role)})
        slots.set_slot(ctx.store, username, password)  # its key to the sealed store
    return Changed.of("staff_users", ids=[uid], summary=f"已创建账号 {username}")


def _active_directors(tx, excluding: int) -> int:
    return int(tx.db.execute(
        "SELECT count(*) FROM staff_users WHERE role = '主任' AND active = 1 AND id != ?",
        [excluding]).fetchone()[0])


def set_active(ctx: Context, user_id: int, active: bool) -> Changed:
    """Disable (or enable again) an account. The last active 主任 cannot be disabled."""
    ctx.require(StaffRole.DIRECTOR)
    with ctx.tx() as tx:
        user = by_id(ctx.store, user_id)
        if not active and user.role == StaffRole.DIRECTOR and not _active_directors(tx, user_id):
            raise UserError("不能停用最后一个主任账号，否则就没有人能管理账号和设置了。")
        tx.db.execute("UPDATE staff_users SET active = ?, failed_logins = 0, locked_until = NULL"
                      " WHERE id = ?", [int(active), user_id])
        tx.audit("account.enable" if active else "account.disable", "staff_users", user_id,
                 summary=f"{'启用' if active else '停用'}账号 {user.username}",
                 before={"active": user.active}, after={"active": active})
        if not active:  # a disabled account's key to the sealed store is taken away
            slots.remove_slot(ctx.store, user.username)
    note = ""
    if active and slots.has_slot(ctx.store, user.username) is False:
        note = "；请为它重设密码后才能登录（停用时它的钥匙已收回）"
    return Changed.of("staff_users", ids=[user_id],
                      summary=f"已{'启用' if active else '停用'}账号 {user.username}{note}")


def set_role(ctx: Context, user_id: int, role: StaffRole | str) -> Changed:
    ctx.require(StaffRole.DIRECTOR)
    role = StaffRole(role)
    with ctx.tx() as tx:
        user = by_id(ctx.store, user_id)
        if user.role == StaffRole.DIRECTOR and role != StaffRole.DIRECTOR and user.active \
                and not _active_directors(tx, user_id):
            raise UserError("这是最后一个主任账号，不能改为其他角色。")
        tx.db.execute("UPDATE staff_users SET role = ? WHERE id = ?", [str(role), user_id])
        tx.audit("account.role", "staff_users", user_id,
                 summary=f"账号 {user.username} 角色 {user.role} → {role}",
                 before={"role": str(user.role)}, after={"role": str(role)})
    return Changed.of("staff_users", ids=[user_id], summary=f"已修改 {user.username} 的角色")


def change_password(ctx: Context, username: str, old: str, new: str,
                    confirm: str | None = None) -> Changed:
    """Someone changes their own password, proving the old one."""
    user = get(ctx.store, username)
    row = ctx.store.conn.execute("SELECT password_hash FROM staff_users WHERE username = ?",
                                 [username.strip()]).fetchone()
    if user is None or row is None or not passwords.verify_password(old, row[0]):
        raise UserError("原密码不正确。")
    if confirm is not None and confirm != new:
        raise UserError("两次输入的新密码不一致。")
    passwords.check_strength(new)
    if new == old:
        raise UserError("新密码不能与原密码相同。")
    with ctx.tx() as tx:
        tx.db.execute("UPDATE staff_users SET password_hash = ? WHERE id = ?",
                      [passwords.hash_password(new), user.id])
        tx.audit("account.password", "staff_users", user.id,
                 summary=f"账号 {user.username} 修改了密码")
        slots.set_slot(ctx.store, user.username, new)  # rewraps only this account's slot
    return Changed.of("staff_users", ids=[user.id], summary="密码已修改")


def reset_password(ctx: Context, user_id: int, new: str, confirm: str | None = None) -> Changed:
    """A 主任 sets a new password for someone who forgot theirs; it also lifts a pause."""
    ctx.require(StaffRole.DIRECTOR)
    if confirm is not None and confirm != new:
        raise UserError("两次输入的新密码不一致。")
    passwords.check_strength(new)
    with ctx.tx() as tx:
        user = by_id(ctx.store, user_id)
        tx.db.execute("UPDATE staff_users SET password_hash = ?, failed_logins = 0,"
                      " locked_until = NULL WHERE id = ?",
                      [passwords.hash_password(new), user_id])
        tx.audit("account.password_reset", "staff_users", user_id,
                 summary=f"重设账号 {user.username} 的密码")
        if user.active:  # a new slot (a disabled account gets one when enabled and reset)
            slots.set_slot(ctx.store, user.username, new)
    return Changed.of("staff_users", ids=[user_id], summary=f"已重设 {user.username} 的密码")


# -- logging in ------------------------------------------------------------------------------
def pause_after(failures: int) -> dt.timedelta | None:
    """How long an account pauses after `failures` wrong passwords in a row."""
    if failures < MAX_FAILURES:
        return None
    pause = FIRST_PAUSE * (2 ** min(failures - MAX_FAILURES, 10))
    return min(pause, LONGEST_PAUSE)


def _wait_text(seconds: float) -> str:
    seconds = max(1, int(seconds + 0.999))
    if seconds < 60:
        return f"{seconds}秒"
    return f"{(seconds + 59) // 60}分钟"


def login(store: Store, username: str, password: str,
          now: dt.datetime | None = None, *, proven: bool = False) -> Context:
    """A Context acting as this user, or UserError. Every attempt is in the audit log.
    `proven`: the password has just opened this account's key slot of the sealed store
    (services/vault.unlock, with its own count of failures), which proves it; the stored hash
    is then not checked a second time (scrypt at its cost, 0.4 s a command)."""
    now = (now or store.clock.now()).replace(microsecond=0)
    username = username.strip()
    if not username or not password:
        raise UserError("请输入用户名和密码。")
    row = store.conn.execute(
        "SELECT id, password_hash, role, active, failed_logins, locked_until FROM staff_users"
        " WHERE username = ?", [username]).fetchone()
    probe = Context(store, username if row is not None else "（未知用户）", StaffRole.READONLY)
    if row is None:
        passwords.verify_password(password, None)  # same time as a real check
        with probe.tx() as tx:
            # The name typed is not logged: people sometimes type their password there.
            tx.audit("login.failed", "staff_users", None, summary="登录失败：用户名不存在")
        raise UserError("用户名或密码不正确。")
    uid, stored, role, active, failures, locked_until = row
    if locked_until and dt.datetime.fromisoformat(locked_until) > now:
        left = (dt.datetime.fromisoformat(locked_until) - now).total_seconds()
        raise UserError(f"密码连续输错{failures}次，账号 {username} 暂停登录，"
                        f"请 {_wait_text(left)}后再试，或请主任重设密码。")
    if not active:
        passwords.verify_password(password, None)
        with probe.tx() as tx:
            tx.audit("login.failed", "staff_users", uid, summary=f"登录失败：账号 {username} 已停用")
        raise UserError(f"账号 {username} 已停用，请联系主任。")
    if not proven and not passwords.verify_password(password, stored):
        failures += 1
        pause = pause_after(failures)
        until = (now + pause).isoformat() if pause else None
        with probe.tx() as tx:
            tx.db.execute("UPDATE staff_users SET failed_logins = ?, locked_until = ? WHERE id = ?",
                          [failures, until, uid])
            tx.audit("login.failed", "staff_users", uid,
                     summary=f"登录失败：密码错误（连续第{failures}次）"
                             + (f"，暂停{_wait_text(pause.total_seconds())}" if pause else ""))
        if pause:
            raise UserError(f"密码连续输错{failures}次，账号暂停登录{_wait_text(pause.total_seconds())}。"
                            "忘记密码请找主任重设。")
        left = MAX_FAILURES - failures
        raise UserError(f"用户名或密码不正确（再错{left}次将暂停登录）。")
    ctx = Context(store, username, StaffRole(role))
    with ctx.tx() as tx:
        if stored and passwords.needs_rehash(stored):
            tx.db.execute("UPDATE staff_users SET password_hash = ? WHERE id = ?",
                          [passwords.hash_password(password), uid])
        tx.db.execute("UPDATE staff_users SET failed_logins = 0, locked_until = NULL WHERE id = ?",
                      [uid])
        tx.audit("login.ok", "staff_users", uid, summary=f"{username} 登录")
    return ctx


def record_logout(ctx: Context, reason: str = "退出") -> Changed:
    with ctx.tx() as tx:
        tx.audit("login.end", "staff_users", None, summary=f"{ctx.actor} {reason}")
    return Changed.of("audit_log")
