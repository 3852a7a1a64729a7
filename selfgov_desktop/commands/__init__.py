"""CLI sub-commands. Each module here has `add(subparsers)` that registers its sub-commands
with `set_defaults(run=handler)`; a handler takes (env, args) and returns the exit code.
They call the same services as the GUI and never import Qt."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TYPE_CHECKING

from .. import paths

if TYPE_CHECKING:  # loaded when a sub-command opens the store: `--version` needs none of it
    from ..services.base import Context
    from ..store.db import Store
    from ..store.lock import DataDirLock


@dataclass
class Env:
    """What a sub-command needs: the data folder, who acts, and the store opened on demand."""

    data_dir: Path
    actor: str | None = None
    _store: Store | None = field(default=None, repr=False)
    _lock: DataDirLock | None = field(default=None, repr=False)

    @property
    def store(self) -> Store:
        if self._store is None:
            from ..store.db import Store
            from ..store.lock import DataDirLock

            paths.ensure_data_dir(self.data_dir)
            self._lock = DataDirLock(self.data_dir)
            self._lock.acquire()
            self._store = Store(paths.db_path(self.data_dir),
                                backup_dir=paths.backups_dir(self.data_dir))
        return self._store

    def ctx(self) -> Context:
        from ..services import accounts
        from ..services.base import Context, _os_user

        actor, role = accounts.acting_as(self.store, self.actor, _os_user())
        return Context(self.store, actor, role)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None


MAX_ID = 2**63 - 1  # SQLite's largest integer


def record_id(text: str) -> int:
    """An argparse type for a record number: a positive integer SQLite can hold (a longer one
    is an input error, exit 2, not an internal one)."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是编号，请写正整数（见列表命令）") from None
    if not 1 <= n <= MAX_ID:
        raise argparse.ArgumentTypeError(f"没有编号为 {text[:30]} 的记录（编号是不超过 19 位的正整数）")
    return n


def year(text: str) -> int:
    """An argparse type for a year such as 2026."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是年份，请写如 2026") from None
    if not 1900 <= n <= 2999:
        raise argparse.ArgumentTypeError(f"年份 {text[:30]} 不在 1900—2999 之间")
    return n


# The modules in --help order, and which module owns each sub-command: a run loads only the
# module it needs (a sub-command's start-up stays short); --help loads them all.
# tests/test_cli.py checks this table against what the modules register.
MODULES = ("basic", "roster", "backup", "documents", "sessions", "topics", "forms")
OWNER = {
    "demo": "basic", "info": "basic",
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
