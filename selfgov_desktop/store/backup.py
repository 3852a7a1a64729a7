"""Copies of the data file through SQLite's backup API (consistent even while in use)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .db import Store


def backup_to(store: Store, dest: Path) -> Path:
    """Write a consistent copy of `store` to `dest` (temp name, then rename); owner-only."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    if tmp.exists():
        tmp.unlink()
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    target = sqlite3.connect(str(tmp))
    try:
        store.conn.backup(target)
        ok = target.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok":  # pragma: no cover - would need a failing disk
            raise OSError(f"备份文件校验失败：{ok}")
    finally:
        target.close()
    os.replace(tmp, dest)
    return dest
