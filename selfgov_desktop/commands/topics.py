"""topics: the 议题库 — each topic's state, the residents behind it and its sessions;
matters: the 四议两公开 trail of each decision matter."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..domain.topics import TopicState
from ..services import decision_docs, decisions
from ..services import topics as svc
from . import Env, record_id


def add(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("topics", help="列出议题库中的议题（状态、提出人数、关联会议）")
    p.add_argument("--state", help="只列这一状态：" + "、".join(s.label for s in TopicState))
    p.add_argument("--merged", action="store_true", help="也列出已合并到其他议题的重复议题")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(run=run_topics)

    p = sub.add_parser("matters", help="列出四议两公开事项及缺少的步骤")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(run=run_matters)

    p = sub.add_parser("assembly-notice",
                       help="从居民（代表）会议生成会议公告或决议公开（之后用 export-notice 导出）")
    p.add_argument("session_id", type=record_id, help="会议编号（见 sessions 命令）")
    p.add_argument("--kind", choices=("meeting_notice", "resolution"), default="resolution",
                   help="meeting_notice = 会议公告，resolution = 决议公开（默认）")
    p.set_defaults(run=run_assembly_notice)

    p = sub.add_parser("matter-notice", help="从四议两公开事项生成决议公开或实施结果公开")
    p.add_argument("matter_id", type=record_id, help="事项编号（见 matters 命令）")
    p.add_argument("--step", choices=("resolution_notice", "result_notice"), default="result_notice",
                   help="resolution_notice = 决议公开，result_notice = 实施结果公开（默认）")
    p.set_defaults(run=run_matter_notice)


def run_topics(env: Env, args: argparse.Namespace) -> int:
    rows = svc.list_topics(env.store, state=args.state, include_merged=args.merged)
    if args.json:
        print(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("没有符合条件的议题。")
        return 0
    for r in rows:
        flag = "  ★达到1/5" if r.flagged else ""
        sess = "  会议 " + ",".join(str(s) for s in r.sessions) if r.sessions else ""
        print(f"{r.id:>4}  {r.raised_on:<10}  {r.state_label:<6}  {r.residents:>4}人  {r.title}{sess}{flag}")
    print(f"共{len(rows)}个议题")
    return 0


def run_matters(env: Env, args: argparse.Namespace) -> int:
    rows = decisions.list_matters(env.store)
    if args.json:
        print(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("还没有四议两公开事项。")
        return 0
    for r in rows:
        left = "已完成" if not r.missing else "缺：" + "、".join(r.missing)
        print(f"{r.id:>4}  {r.done}/6  {r.title}  {left}")
    return 0


def run_assembly_notice(env: Env, args: argparse.Namespace) -> int:
    make = (decision_docs.create_meeting_notice if args.kind == "meeting_notice"
            else decision_docs.create_resolution_notice)
    changed = make(env.ctx(), args.session_id)
    print(f"{changed.summary}（编号{changed.data['id']}）")
    return 0


def run_matter_notice(env: Env, args: argparse.Namespace) -> int:
    changed = decision_docs.create_matter_notice(env.ctx(), args.matter_id, args.step)
    print(f"{changed.summary}（编号{changed.data['id']}）")
    return 0
