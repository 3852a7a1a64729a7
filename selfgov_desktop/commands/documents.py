"""export-minutes, notices, export-notice, export-ledger."""

from __future__ import annotations

import argparse
import json

from ..documents import minutes, notices as notice_docs
from ..documents import decision_docs as decision_writers  # 居民会议, 四议两公开 (issue 6)
from ..services import decision_docs
from ..services import documents as docs
from ..services import notices
from . import Env, record_id, year


def add(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("export-minutes", help="导出一次会议的会议记录（PDF）")
    p.add_argument("session_id", type=record_id, help="会议编号（见 sessions 命令）")
    p.add_argument("out", help="输出的 PDF 文件")
    p.set_defaults(run=run_export_minutes)

    p = sub.add_parser("notices", help="列出公告和公示（公示期、是否公开）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(run=run_notices)

    p = sub.add_parser("export-notice", help="导出一份公告或公示（PDF，可直接打印张贴）")
    p.add_argument("notice_id", type=record_id, help="公示编号（见 notices 命令）")
    p.add_argument("out", help="输出的 PDF 文件")
    p.set_defaults(run=run_export_notice)

    p = sub.add_parser("export-ledger",
                       help="导出台账（Excel：三会台账、跟踪落实、议题、参会、花名册、年度统计）")
    p.add_argument("out", help="输出的 .xlsx 文件")
    p.add_argument("--year", type=year, help="只导出这一年的会议（默认全部年份）")
    p.set_defaults(run=run_export_ledger)


def run_export_minutes(env: Env, args: argparse.Namespace) -> int:
    changed = decision_docs.export_minutes_any(env.ctx(), args.session_id, args.out, minutes.write)
    print(changed.summary)
    return 0


def run_notices(env: Env, args: argparse.Namespace) -> int:
    items = notices.list_notices(env.store)
    if args.json:
        print(json.dumps([n.to_json() for n in items], ensure_ascii=False, indent=2))
        return 0
    if not items:
        print("还没有公告或公示。")
    for n in items:
        period = f"{n.posted_from or '?'} 至 {n.posted_until or '?'}"
        print(f"{n.id:>4}  {n.kind_label:<8} {n.state:<5} {period}  {'公开' if n.public else '内部'}  "
              f"{n.title}")
    return 0


def run_export_notice(env: Env, args: argparse.Namespace) -> int:
    changed = docs.export_notice(env.ctx(), args.notice_id, args.out, notice_docs.write)
    print(changed.summary)
    return 0


def run_export_ledger(env: Env, args: argparse.Namespace) -> int:
    changed = decision_docs.export_ledger(env.ctx(), args.out, decision_writers.write_ledger, year=args.year)
    print(f"{changed.summary}（会议 {changed.data.get('sessions', 0)} 次）")
    return 0
