"""CLI sub-commands. Each module here has `add(subparsers)` that registers its sub-commands
with `set_defaults(run=handler)`; a handler takes (env, args) and returns the exit code.
They call the same services as the GUI and never import Qt."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
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
            paths.ensure_data_dir(self.data_dir)
            self._lock = DataDirLock(self.data_dir)
            self._lock.acquire()
            self._store = Store(paths.db_path(self.data_dir),
                                backup_dir=paths.backups_dir(self.data_dir))
        return self._store

    def ctx(self) -> Context:
        return Context(self.store, self.actor) if self.actor else Context(self.store)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def register_all(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from . import backup, basic, documents, roster

    from . import sessions  # 三会 (issue 4)
    from . import topics  # 议题库 and 四议两公开 (issue 6)

    for module in (basic, roster, backup, documents, sessions, topics):
        module.add(sub)
    from . import forms  # 纸质表格 export-form (issue 9)
    forms.add(sub)
