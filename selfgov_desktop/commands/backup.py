"""backup, restore, backups."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .. import paths
from ..services import backups
from . import Env


def add(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("backup", help="把数据备份到一个文件（或文件夹，如 U 盘）；备份经完整性校验")
    p.add_argument("out", metavar="OUT.db", help="备份文件名，或一个文件夹")
    p.set_defaults(run=run_backup)

    p = sub.add_parser("restore", help="用备份文件恢复数据（先自动备份当前数据）")
    p.add_argument("src", metavar="IN.db", help="要恢复的备份文件")
    p.set_defaults(run=run_restore)

    p = sub.add_parser("backups", help="列出数据目录中的备份（时间、种类、数量、是否完好）")
    p.set_defaults(run=run_list)


def run_backup(env: Env, args: argparse.Namespace) -> int:
    changed = backups.backup_file_to(env.ctx(), Path(args.out).expanduser())
    print(changed.summary)
    return 0


def run_restore(env: Env, args: argparse.Namespace) -> int:
    from ..services import vault

    src = Path(args.src).expanduser()
    db = paths.db_path(env.data_dir)
    if vault.state(db) is vault.State.EMPTY:  # a new PC: the backup and its keys move in
        given = env.credentials()
        if given is None:
            env._need_account()
        paths.ensure_data_dir(env.data_dir)
        from ..store.lock import DataDirLock

        lock = DataDirLock(env.data_dir)
        lock.acquire()
        try:
            opened = vault.adopt_backup(db, src, *given, backup_dir=paths.backups_dir(env.data_dir))
            opened.store.close()
        finally:
            lock.release()
        print(f"已从备份 {src.name} 恢复到空的数据目录 {env.data_dir}（账号与钥匙随备份而来）。")
        return 0
    changed = backups.restore(env.ctx(), src, paths.backups_dir(env.data_dir))
    print(changed.summary)
    return 0


def run_list(env: Env, args: argparse.Namespace) -> int:
    del args
    found = backups.list_backups(paths.backups_dir(env.data_dir), key=env.store.key)
    if not found:
        print(f"{paths.backups_dir(env.data_dir)} 中还没有备份。")
        return 0
    for b in found:
        size = f"{b.size / 1024 / 1024:.1f} MB"
        state = "完好" if b.ok else "不可用"
        print(f"{b.taken_at:%Y-%m-%d %H:%M:%S}  {b.kind}  {state}  {size}  {b.counts_text}  {b.path}")
    return 0
