"""sessions: list the 三会 and their pre-meetings (kind, date, step, compliance)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..domain.errors import UserError
from ..domain.workflows import WORKFLOWS
from ..services import sessions as svc
from . import Env, year


def add(sub: argparse._SubParsersAction[Any]) -> None:
    kinds = ", ".join(f"{k}（{w.label}）" for k, w in WORKFLOWS.items())
    p = sub.add_parser("sessions", help="列出三会（听证会、协调会、评议会）及会前会议",
                       description=f"列出会议。类型：{kinds}")
    p.add_argument("--kind", help="只列这一类型，如 hearing、coordination、evaluation")
    p.add_argument("--year", type=year, help="只列这一年的会议，如2026")
    p.add_argument("--state", help="只列处于这一步骤的会议（步骤代码），closed = 已办结，open = 未办结")
    p.add_argument("--overdue", action="store_true", help="只列有逾期跟踪事项的会议")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(run=run_sessions)


def run_sessions(env: Env, args: argparse.Namespace) -> int:
    if args.kind and args.kind not in WORKFLOWS:
        raise UserError(f"不认识的会议类型：{args.kind}。可用的类型："
                        + "、".join(f"{k}（{w.label}）" for k, w in WORKFLOWS.items()))
    rows = svc.list_sessions(env.store, kind=args.kind, year=args.year, state=args.state,
                             overdue=args.overdue)
    if args.json:
        print(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("没有符合条件的会议。")
        return 0
    for r in rows:
        late = f"  逾期事项{r.overdue_followups}" if r.overdue_followups else ""
        print(f"{r.id:>4}  {r.date:<10}  {r.kind_label:<5}  {r.state_label:<6}  规范程度{r.compliance:>3}"
              f"  {r.title}{late}")
    print(f"共{len(rows)}场")
    return 0
