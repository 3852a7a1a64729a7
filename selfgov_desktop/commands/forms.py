"""export-form: the paper used in the room (签到表, 评议表, 表决票, 统计表) as PDF."""

from __future__ import annotations

import argparse
from typing import Any

from ..documents import forms
from ..domain.paper import FORM_KINDS
from ..services import paper
from . import Env, record_id


def add(sub: argparse._SubParsersAction[Any]) -> None:
    kinds = "、".join(f"{k}={v}" for k, v in FORM_KINDS.items())
    p = sub.add_parser("export-form", help=f"打印会场用的纸质表格（PDF）：{kinds}")
    p.add_argument("session_id", type=record_id, help="会议编号（见 sessions 命令）")
    p.add_argument("kind", choices=list(FORM_KINDS), help=kinds)
    p.add_argument("out", help="输出的 PDF 文件")
    p.add_argument("--copies", type=int, default=1, help="评议表、表决票的份数（每份一页，各有编号；默认1）")
    p.add_argument("--motion", action="append", default=None,
                   help="表决票上的表决事项（可写多次；默认用已记录或议程里的事项）")
    p.set_defaults(run=run_export_form)


def run_export_form(env: Env, args: argparse.Namespace) -> int:
    changed = paper.export_form(env.ctx(), args.session_id, args.kind, args.out, forms.write,
                                copies=args.copies, motions=args.motion)
    print(changed.summary)
    return 0
