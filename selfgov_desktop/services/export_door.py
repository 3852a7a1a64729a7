"""The one door every file with personal data leaves by: who may open it, where the file may
go, and an audit row whether the file was written or not.

Services never import documents/: the caller passes the writer; this module only guards it."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ..domain.errors import UserError
from ..domain.model import StaffRole
from ..store.db import Store
from .base import Context

T = TypeVar("T")

# Files with residents' personal data (roster, 台账, minutes, forms, non-public notices):
# the roles that keep records. 只读 views and prints on screen; it does not carry data out.
EXPORT_ROLES = (StaffRole.DIRECTOR, StaffRole.MEMBER)


def may_export(role: StaffRole | str) -> bool:
    """Whether this role may write a file with personal data (the window greys out the rest)."""
    return StaffRole(role) in EXPORT_ROLES


def data_folder(store: Store) -> Path:
    return store.path.resolve().parent


def check_target(store: Store, path: str | Path) -> Path:
    """Refuse a file inside the data folder (the database, its -wal, the backups): an export
    there would overwrite the live data or a backup."""
    target = Path(path).expanduser()
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError):
        resolved = target.absolute()
    folder = data_folder(store)
    if resolved == folder or folder in resolved.parents:
        raise UserError(f"不能把文件导出到程序的数据目录（{folder}）中：那里存放数据库和备份，"
                        "导出的文件会覆盖它们。请换一个文件夹（如“文档”或 U 盘）。")
    return target


def export_file(ctx: Context, entity: str, entity_id: int | None, what: str,
                path: str | Path, write: Callable[[Path], T],
                roles: tuple[StaffRole, ...] = EXPORT_ROLES) -> T:
    """Check the role and the target, then write(target). When the writer fails, one audit row
    says so (what, where, why) before the error goes on to the caller. The caller records the
    success (it knows the file name and the count)."""
    ctx.require(*roles)
    target = check_target(ctx.store, path)
    try:
        return write(target)
    except BaseException as exc:
        reason = getattr(exc, "message", None) or type(exc).__name__
        with contextlib.suppress(sqlite3.Error, UserError), ctx.tx() as tx:
            tx.audit("export.fail", entity, entity_id,
                     summary=f"导出失败：{what}（{target.name}）：{reason}",
                     after={"path": str(target)})
        raise
