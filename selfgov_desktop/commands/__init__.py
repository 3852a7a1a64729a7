"""CLI sub-commands. Each module here has `add(subparsers)` that registers its sub-commands
with `set_defaults(run=handler)`; a handler takes (env, args) and returns the exit code.
They call the same services as the GUI and never import Qt."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from .. import paths

if TYPE_CHECKING:  # loaded when a sub-command opens the store: `--version` needs none of it
    from ..services.base import Context
    from ..store.db import Store
    from ..store.lock import DataDirLock


ENV_USER, ENV_PASSWORD, ENV_NEW_PASSWORD = "SELFGOV_USER", "SELFGOV_PASSWORD", "SELFGOV_NEW_PASSWORD"
DEMO_LOGIN = DEMO_PASSWORD = "demo"


def clean_login(value: str, where: str) -> str:
    """An account name as given on the command line or in the environment: never a control
    character (a newline could otherwise look like a second entry wherever it is written)."""
    from ..domain.errors import UserError

    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise UserError(f"{where} 中的用户名含有换行或控制字符，不能使用。")
    return value.strip()


def ask_password(prompt: str) -> str:
    """A password from the terminal without echo (never from the command line)."""
    import getpass

    from ..domain.errors import UserError

    try:
        return getpass.getpass(prompt)
    except (EOFError, KeyboardInterrupt):
        raise UserError("没有输入密码，已取消。") from None


@dataclass
class Env:
    """What a sub-command needs: the data folder, who acts, and the store opened on demand as
    an account: `SELFGOV_USER` + `SELFGOV_PASSWORD`, or `--as LOGIN` with the password asked
    without echo. On an empty folder the first such command creates the sealed store with
    that account as its first 主任 and prints the recovery key once."""

    data_dir: Path
    actor: str | None = None
    _store: Store | None = field(default=None, repr=False)
    _lock: DataDirLock | None = field(default=None, repr=False)
    _ctx: Context | None = field(default=None, repr=False)
    # `demo` on an empty folder without an account given: demo / demo (fictional data only)
    demo_account: bool = False
    given: tuple[str, str] | None = field(default=None, repr=False)

    def credentials(self) -> tuple[str, str] | None:
        import os

        env_user = os.environ.get(ENV_USER)
        env_password = os.environ.get(ENV_PASSWORD)
        if self.actor is not None:
            login = clean_login(self.actor, "--as")
            if env_user is not None and clean_login(env_user, ENV_USER) == login and env_password:
                return login, env_password
            return login, ask_password(f"账号 {login} 的密码：")
        if env_user:
            login = clean_login(env_user, ENV_USER)
            if not env_password:
                return login, ask_password(f"账号 {login} 的密码：")
            return login, env_password
        return None

    def _need_account(self) -> NoReturn:
        from ..domain.errors import UserError

        raise UserError(
            f"请以账号运行：设置环境变量 {ENV_USER} 和 {ENV_PASSWORD}，或用 --as 用户名（再按提示输入密码）。"
            "数据目录还没有数据时，这个账号会成为第一个主任。")

    @property
    def store(self) -> Store:
        if self._store is None:
            self._open()
        assert self._store is not None
        return self._store

    def _open(self) -> None:
        from ..services import vault
        from ..store.lock import DataDirLock

        paths.ensure_data_dir(self.data_dir)
        self._lock = DataDirLock(self.data_dir)
        self._lock.acquire()
        db = paths.db_path(self.data_dir)
        bdir = paths.backups_dir(self.data_dir)
        given = self.credentials()
        if vault.state(db) is vault.State.EMPTY:
            if given is None and self.demo_account:
                _tell(f"未指定账号：演示数据用账号 {DEMO_LOGIN}，密码 {DEMO_PASSWORD}（只适合虚构数据）。")
                given = (DEMO_LOGIN, DEMO_PASSWORD)
            if given is None:
                self._need_account()
            login, password = given
            opened = vault.create(db, login, login, password, backup_dir=bdir,
                                  strength=given != (DEMO_LOGIN, DEMO_PASSWORD))
            _tell(f"已创建加密的数据目录 {self.data_dir}，第一个主任账号：{login}。")
            self.given = given
        else:
            if given is None:
                self._need_account()
            opened = vault.open_as(db, *given, backup_dir=bdir)
        self.given = given
        self._store, self._ctx = opened.store, opened.ctx
        for note in opened.notes:
            _tell(note)
        if opened.recovery_code:
            print_recovery_code(opened.recovery_code)

    def adopt(self, opened: Any) -> None:
        """Use a store opened elsewhere (vault.recreate) under this Env's lock."""
        from ..store.lock import DataDirLock

        if self._lock is None:
            self._lock = DataDirLock(self.data_dir)
            self._lock.acquire()
        self._store, self._ctx = opened.store, opened.ctx

    def ctx(self) -> Context:
        _ = self.store
        assert self._ctx is not None
        return self._ctx

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
        self._ctx = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def _tell(text: str) -> None:
    """Notes about the store itself go to stderr: stdout stays the command's own output."""
    import sys

    print(text, file=sys.stderr)


def print_recovery_code(code: str) -> None:
    _tell("恢复密钥（只显示这一次，请抄下或打印后锁进保险柜；所有密码都忘记时用它打开数据）：")
    _tell(f"    {code}")


MAX_ID = 2**63 - 1  # SQLite's largest integer


def record_id(text: str) -> int:
    """An argparse type for a record number: a positive integer SQLite can hold (a longer one
    is an input error, exit 2, not an internal one)."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是编号，请写正整数（见列表命令）") from None
    if not 1 <= n <= MAX_ID:
        raise argparse.ArgumentTypeError(f"没有编号为 {text[:30]} 的记录（编号是不超过19位的正整数）")
    return n


def year(text: str) -> int:
    """An argparse type for a year such as 2026."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是年份，请写如2026") from None
    if not 1900 <= n <= 2999:
        raise argparse.ArgumentTypeError(f"年份 {text[:30]} 不在1900—2999之间")
    return n


# The modules in --help order, and which module owns each sub-command: a run loads only the
# module it needs (a sub-command's start-up stays short); --help loads them all.
# tests/test_cli.py checks this table against what the modules register.
MODULES = ("basic", "accounts", "roster", "backup", "documents", "sessions", "topics", "forms")
OWNER = {
    "demo": "basic", "info": "basic", "accounts": "accounts", "recover": "accounts",
    "import-roster": "roster", "export-roster": "roster", "roster-template": "roster",
    "backup": "backup", "restore": "backup", "backups": "backup",
    "export-minutes": "documents", "notices": "documents", "export-notice": "documents",
    "export-ledger": "documents", "documents": "documents", "export-document": "documents",
    "sessions": "sessions",
    "topics": "topics", "matters": "topics", "assembly-notice": "topics",
    "matter-notice": "topics",
    "export-form": "forms",
}


def register_all(sub: argparse._SubParsersAction[Any], only: str | None = None) -> None:
    import importlib

    if only == "":  # no sub-command: nothing to register
        return
    names = (OWNER[only],) if only in OWNER else MODULES
    for name in names:
        importlib.import_module(f"{__name__}.{name}").add(sub)
