"""四议两公开 — the trail of an important matter (DOMAIN.md §6).

① 党组织提议 → ② 两委会议商议 (majority) → ③ 党员大会审议 (≥ 2/3 present; passes with > ½ of
members due) → ④ 居民(代表)会议决议 (quorum > ½ of the base; yes > ½ of those attending) →
决议公开 → 实施结果公开 (each on the board ≥ 7 days, default).

Each step records a date, the record (minutes text and/or a linked session id) and its
numbers. A step cannot be marked done while its numbers fail its rule, unless an override
reason is recorded; nor before the steps ahead of it are done (the order is the procedure).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import meetings as M
from .errors import UserError
from .meetings import MeetingSettings, Verdict


@dataclass(frozen=True)
class NumberSpec:
    key: str
    label: str


@dataclass(frozen=True)
class TrailStep:
    key: str
    title: str
    short: str
    help: str
    numbers: tuple[NumberSpec, ...] = ()
    dates: tuple[NumberSpec, ...] = ()  # extra dates (posting period)


STEPS: tuple[TrailStep, ...] = (
    TrailStep("proposal", "① 党组织提议", "党组织提议",
              "居民区党组织根据居民需求和议题库，提出需要决策的事项和初步方案。"),
    TrailStep("committees", "② 两委会议商议", "两委会议商议",
              "党组织和居委会召开联席会议商议，形成方案。到会成员超过半数，赞成超过到会成员一半。",
              numbers=(NumberSpec("members", "两委成员"), NumberSpec("present", "到会"),
                       NumberSpec("yes", "赞成"))),
    TrailStep("party_congress", "③ 党员大会审议", "党员大会审议",
              "党员大会审议方案：到会党员不少于应到的三分之二，赞成超过应到党员的一半。应到党员按正式党员"
              "计算，预备党员没有表决权，不计入（《中国共产党章程》第七条）。",
              numbers=(NumberSpec("members_due", "应到党员（正式党员）"), NumberSpec("present", "实到"),
                       NumberSpec("yes", "赞成"))),
    TrailStep("assembly", "④ 居民（代表）会议决议", "居民（代表）会议决议",
              "提交居民会议或居民代表会议决议：实到超过应到的一半，赞成超过到会人数的一半。",
              numbers=(NumberSpec("base", "应到"), NumberSpec("attending", "实到"),
                       NumberSpec("yes", "赞成"), NumberSpec("no", "反对"),
                       NumberSpec("abstain", "弃权"))),
    TrailStep("resolution_notice", "决议公开", "决议公开",
              "在居务公开栏公开决议内容和表决情况，公开期不少于7天（默认）。",
              dates=(NumberSpec("posted_from", "公开开始"), NumberSpec("posted_until", "公开结束"))),
    TrailStep("result_notice", "实施结果公开", "实施结果公开",
              "事项实施后公开实施结果，公开期不少于7天（默认）。",
              dates=(NumberSpec("posted_from", "公开开始"), NumberSpec("posted_until", "公开结束"))),
)

KEYS = tuple(s.key for s in STEPS)


def step(key: str) -> TrailStep:
    for s in STEPS:
        if s.key == key:
            return s
    raise UserError(f"不认识的四议两公开步骤：{key}。可用：" + "、".join(KEYS))


@dataclass
class StepRecord:
    key: str
    done: bool = False
    date: str | None = None  # YYYY-MM-DD
    record: str = ""  # minutes / summary
    session_id: int | None = None
    numbers: dict[str, Any] = field(default_factory=dict)  # ints and posting dates
    override_reason: str = ""


def _int(v: Any) -> int:
    try:
        return int(v)
    except (TypeError, ValueError):
        return 0


def check(key: str, numbers: dict[str, Any], settings: MeetingSettings | None = None) -> Verdict:
    """The rule of a step on its numbers."""
    s = settings or MeetingSettings()
    n = numbers or {}
    if key == "proposal":
        return Verdict(True, "党组织提议，不需要表决。")
    if key == "committees":
        return M.committees_meeting(_int(n.get("members")), _int(n.get("present")), _int(n.get("yes")))
    if key == "party_congress":
        return M.party_congress(_int(n.get("members_due")), _int(n.get("present")), _int(n.get("yes")))
    if key == "assembly":
        return M.assembly(_int(n.get("base")), _int(n.get("attending")), _int(n.get("yes")),
                          _int(n.get("no")), _int(n.get("abstain")))
    if key in ("resolution_notice", "result_notice"):
        return M.posted_long_enough(n.get("posted_from"), n.get("posted_until"), s.publicity_days)
    raise UserError(f"不认识的四议两公开步骤：{key}。")


def validate_done(records: dict[str, StepRecord], rec: StepRecord,
                  settings: MeetingSettings | None = None, matter: str = "") -> Verdict:
    """Raise UserError if `rec` cannot be marked done; return its verdict otherwise."""
    st = step(rec.key)
    where = f"“{matter}”的" if matter else ""
    i = KEYS.index(rec.key)
    before = [STEPS[j].short for j in range(i) if not records.get(KEYS[j], StepRecord(KEYS[j])).done]
    if before:
        raise UserError(f"{where}“{st.short}”之前还有步骤没有完成：" + "、".join(before) + "。请按顺序办理。")
    if not rec.date:
        raise UserError(f"{where}“{st.short}”请填写日期。")
    if not rec.record.strip() and rec.session_id is None:
        raise UserError(f"{where}“{st.short}”请填写会议记录（或关联一次会议）。")
    prev_dates = [d for k in KEYS[:i] if k in records and (d := records[k].date)]
    if prev_dates and max(prev_dates) > rec.date:
        raise UserError(f"{where}“{st.short}”"
                        f"的日期{rec.date}早于前一步骤的日期{max(prev_dates)}，请核对。")
    verdict = check(rec.key, rec.numbers, settings)
    if verdict.ok is not True and not rec.override_reason.strip():
        raise UserError(f"{where}“{st.short}”不符合规则：{verdict.message}"
                        "如确需继续，请写明理由（会记录在案）。")
    return verdict


def missing(records: dict[str, StepRecord]) -> list[str]:
    """Titles of the steps not done yet, in order."""
    return [s.title for s in STEPS if not records.get(s.key, StepRecord(s.key)).done]


def is_complete(records: dict[str, StepRecord]) -> bool:
    return not missing(records)


def progress_text(records: dict[str, StepRecord]) -> str:
    done = sum(1 for s in STEPS if records.get(s.key, StepRecord(s.key)).done)
    if done == len(STEPS):
        return "已完成（6/6）"
    return f"{done}/{len(STEPS)}，缺：" + "、".join(s.short for s in STEPS
                                                 if not records.get(s.key, StepRecord(s.key)).done)
