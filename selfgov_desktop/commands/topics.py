"""topics: the 议题库 — each topic's state, the residents behind it and its sessions;
matters: the 四议两公开 trail of each decision matter."""

from __future__ import annotations

import argparse
import json

from ..domain.topics import TopicState
from ..services import decisions
from ..services import topics as svc
from . import Env


def add(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("topics", help="列出议题库中的议题（状态、提出人数、关联会议）")
    p.add_argument("--state", help="只列这一状态：" + "、".join(s.label for s in TopicState))
    p.add_argument("--merged", action="store_true", help="也列出已合并到其他议题的重复议题")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(run=run_topics)

    p = sub.add_parser("matters", help="列出四议两公开事项及缺少的步骤")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(run=run_matters)


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
        print(f"{r.id:>4}  {r.raised_on:<10}  {r.state_label:<6}  {r.residents:>4} 人  {r.title}{sess}{flag}")
    print(f"共 {len(rows)} 个议题")
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
