"""demo, info."""

from __future__ import annotations

import argparse
import json
from typing import Any

from .. import paths
from ..domain.errors import UserError
from ..domain.model import StaffRole
from ..services import demo, settings, stats
from . import Env


def add(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("demo", help="在空的数据目录中填入演示数据（一个虚构居委会）")
    p.add_argument("--force", action="store_true", help="数据目录已有数据时，先备份再清空后填入")
    p.set_defaults(run=run_demo)

    p = sub.add_parser("info", help="显示数据目录、数据版本和主要数量")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(run=run_info)


def run_demo(env: Env, args: argparse.Namespace) -> int:
    env.demo_account = True  # an empty folder without an account given: demo / demo
    ctx = env.ctx()
    if not demo.is_empty(ctx):
        ctx.require(StaffRole.DIRECTOR)  # --force empties the data folder
        if not args.force:
            raise UserError(f"数据目录 {env.data_dir} 中已有数据，演示数据不会覆盖它。"
                            "如确需清空后填入，请加 --force（会先自动备份）。")
        from ..services import vault
        from ..store.backup import backup_to

        store = env.store
        saved = backup_to(store.conn, store.key, paths.backups_dir(env.data_dir)
                          / f"演示前-{store.now_iso().replace(':', '')}.db")
        print(f"已备份原数据到 {saved}")
        key, login, password = store.key, ctx.actor, env.given
        env.close()
        db_file = paths.db_path(env.data_dir)
        for suffix in ("", "-wal", "-shm"):
            f = db_file.with_name(db_file.name + suffix)
            if f.exists():
                f.unlink()
        if key is not None and password is not None:
            # the same data key (the backup just made stays readable), this account its 主任
            env.adopt(vault.recreate(db_file, key, login, password[1],
                                     backup_dir=paths.backups_dir(env.data_dir)))
        ctx = env.ctx()
    changed = demo.fill(ctx)
    ov = stats.overview(ctx.store)
    print(f"{changed.summary}：居民{ov.residents}人，{ov.households}户，楼组{ov.building_groups}个，"
          f"居民代表{ov.representatives}人，单位{ov.units}个。数据目录：{env.data_dir}")
    return 0


def run_info(env: Env, args: argparse.Namespace) -> int:
    store = env.store
    ov = stats.overview(store)
    committee = settings.committee(store)
    from ..services import audit

    chain = audit.verify_chain(store)
    info = {"data_dir": str(env.data_dir), "database": str(store.path),
            "schema_version": store.schema_version(), "committee": committee.name,
            **ov.__dict__,
            "audit_chain": "完整" if chain.ok else f"第{chain.first_bad}条起校验不符",
            "sealed": "已加密（SQLCipher，钥匙文件 " + store.keys_path.name + "）" if store.sealed
            else "未加密"}
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
    else:
        for k, v in info.items():
            print(f"{k}: {v}")
    return 0
