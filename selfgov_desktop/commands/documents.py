"""export-minutes, notices, export-notice, export-ledger, documents, export-document."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..documents import decision_docs as decision_writers  # 居民会议, 四议两公开 (issue 6)
from ..documents import minutes
from ..documents import notices as notice_docs
from ..documents.session_writers import WRITERS
from ..services import decision_docs
from ..services import documents as docs
from ..services import notices
from ..services.documents import session_docs
from . import Env, record_id, year


def add(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("export-minutes", help="导出一次会议的会议记录（PDF）")
    p.add_argument("session_id", type=record_id, help="会议编号（见 sessions 命令）")
    p.add_argument("out", help="输出的 PDF 文件")
    p.set_defaults(run=run_export_minutes)

    p = sub.add_parser("notices", help="列出公告、公示和公开（张贴期间、是否公开张贴）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(run=run_notices)

    p = sub.add_parser("export-notice", help="导出一份公告、公示或公开（PDF，可直接打印张贴）")
    p.add_argument("notice_id", type=record_id, help="编号（见 notices 命令）")
    p.add_argument("out", help="输出的 PDF 文件")
    p.set_defaults(run=run_export_notice)

    p = sub.add_parser("documents",
                       help="列出一次会议各步骤产生的文件（协调会通知、协议书、反馈单等）及能否生成")
    p.add_argument("session_id", type=record_id, help="会议编号（见 sessions 命令）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出（key、title、available、why）")
    p.set_defaults(run=run_documents)

    p = sub.add_parser("export-document", help="导出一次会议的一份文件（PDF），文件名见 documents 命令")
    p.add_argument("session_id", type=record_id, help="会议编号（见 sessions 命令）")
    p.add_argument("key", help="文件（documents 命令列出的 key，如 agreement）")
    p.add_argument("out", help="输出的 PDF 文件")
    p.set_defaults(run=run_export_document)

    p = sub.add_parser("export-ledger",
                       help="导出台账（Excel：三会台账、跟踪落实、议题、参会、年度统计；不含身份证号和电话）")
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
        print("还没有公告、公示或公开。")
    for n in items:
        period = f"{n.posted_from or '?'}至{n.posted_until or '?'}"
        print(f"{n.id:>4}  {n.kind_label:<8} {n.state:<5} {period}  {'公开' if n.public else '内部'}  "
              f"{n.title}")
    return 0


def run_export_notice(env: Env, args: argparse.Namespace) -> int:
    changed = docs.export_notice(env.ctx(), args.notice_id, args.out, notice_docs.write)
    print(changed.summary)
    return 0


def run_export_ledger(env: Env, args: argparse.Namespace) -> int:
    changed = decision_docs.export_ledger(env.ctx(), args.out, decision_writers.write_ledger, year=args.year)
    print(f"{changed.summary}（会议{changed.data.get('sessions', 0)}次）")
    return 0


def run_documents(env: Env, args: argparse.Namespace) -> int:
    items = session_docs.documents(env.store, args.session_id)
    if args.json:
        print(json.dumps([d.to_json() for d in items], ensure_ascii=False, indent=2))
        return 0
    for d in items:
        state = "可以生成" if d.available else f"还不能生成：{d.why}"
        print(f"{d.key:<26} {d.title:<10} {state}")
    return 0


def run_export_document(env: Env, args: argparse.Namespace) -> int:
    changed = session_docs.export_document(env.ctx(), args.session_id, args.key, args.out, WRITERS)
    print(changed.summary)
    return 0
