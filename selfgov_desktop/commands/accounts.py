"""accounts (list, add, disable, reset-password), recover."""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

from .. import paths
from ..domain.errors import UserError
from ..domain.model import StaffRole
from . import ENV_NEW_PASSWORD, Env, ask_password, clean_login

ROLES = [str(r) for r in StaffRole]


def add(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("accounts", help="账号管理（主任）：list | add | disable | reset-password")
    p.set_defaults(run=run_list)
    acc = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = acc.add_parser("list", help="列出账号（角色、是否停用、能否打开加密数据）")
    q.add_argument("--json", action="store_true", help="以 JSON 输出")
    q.set_defaults(run=run_list)
    q = acc.add_parser("add", help=f"新建账号；密码取自环境变量 {ENV_NEW_PASSWORD}，否则提示输入两次")
    q.add_argument("login", metavar="LOGIN")
    q.add_argument("--name", required=True, metavar="姓名")
    q.add_argument("--role", required=True, choices=ROLES)
    q.set_defaults(run=run_add)
    q = acc.add_parser("disable", help="停用账号（收回它打开加密数据的钥匙）")
    q.add_argument("login", metavar="LOGIN")
    q.set_defaults(run=run_disable)
    q = acc.add_parser("reset-password",
                       help=f"重设账号的密码（新密码取自 {ENV_NEW_PASSWORD} 或提示输入两次）")
    q.add_argument("login", metavar="LOGIN")
    q.set_defaults(run=run_reset)

    p = sub.add_parser("recover", help="所有密码都忘记时：用恢复密钥为一个主任账号设置新密码")
    p.add_argument("login", metavar="LOGIN", help="要设置新密码的主任账号")
    p.set_defaults(run=run_recover)


def _new_password(login: str) -> tuple[str, str | None]:
    given = os.environ.get(ENV_NEW_PASSWORD)
    if given:
        return given, None
    first = ask_password(f"账号 {login} 的新密码：")
    return first, ask_password("再输入一次新密码：")


def _user_id(env: Env, login: str) -> int:
    from ..services import accounts

    user = accounts.get(env.store, clean_login(login, "LOGIN"))
    if user is None:
        raise UserError(f"没有账号“{login}”。")
    return user.id


def run_list(env: Env, args: argparse.Namespace) -> int:
    from ..services import accounts, slots

    ctx = env.ctx()
    ctx.require(StaffRole.DIRECTOR)
    rows = [{"login": u.username, "name": u.display_name, "role": str(u.role), "active": u.active,
             "has_key": slots.has_slot(ctx.store, u.username), "created_at": u.created_at}
            for u in accounts.users(ctx.store)]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        state = "在用" if r["active"] else "停用"
        key = "未加密" if r["has_key"] is None else "有钥匙" if r["has_key"] else "无钥匙（需重设密码）"
        print(f"{r['login']}\t{r['name']}\t{r['role']}\t{state}\t{key}")
    return 0


def run_add(env: Env, args: argparse.Namespace) -> int:
    from ..services import accounts

    ctx = env.ctx()
    ctx.require(StaffRole.DIRECTOR)
    login = clean_login(args.login, "LOGIN")
    password, confirm = _new_password(login)
    print(accounts.create_user(ctx, login, args.name, args.role, password, confirm).summary)
    return 0


def run_disable(env: Env, args: argparse.Namespace) -> int:
    from ..services import accounts

    ctx = env.ctx()
    ctx.require(StaffRole.DIRECTOR)
    print(accounts.set_active(ctx, _user_id(env, args.login), False).summary)
    return 0


def run_reset(env: Env, args: argparse.Namespace) -> int:
    from ..services import accounts

    ctx = env.ctx()
    ctx.require(StaffRole.DIRECTOR)
    uid = _user_id(env, args.login)
    password, confirm = _new_password(args.login)
    print(accounts.reset_password(ctx, uid, password, confirm).summary)
    return 0


def run_recover(env: Env, args: argparse.Namespace) -> int:
    from ..services import vault
    from ..store.lock import DataDirLock

    db = paths.db_path(env.data_dir)
    if vault.state(db) is not vault.State.SEALED:
        raise UserError(f"数据目录 {env.data_dir} 中没有加密的数据，不需要恢复密钥。")
    login = clean_login(args.login, "LOGIN")
    code = os.environ.get("SELFGOV_RECOVERY_KEY") or ask_password("恢复密钥（6组，每组5个字符）：")
    password, confirm = _new_password(login)
    lock = DataDirLock(env.data_dir)
    lock.acquire()
    try:
        opened = vault.recover(db, code, login, password, confirm=confirm,
                               backup_dir=paths.backups_dir(env.data_dir))
        opened.store.close()
    finally:
        lock.release()
    print(f"已用恢复密钥为主任账号 {login} 设置了新密码。请用新密码登录，并为其他忘记密码的账号重设密码。")
    return 0
