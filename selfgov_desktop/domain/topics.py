"""议题库 — the topic pool: from what residents need to what the community decides.

Putuo's bottom-up path (DOMAIN.md §2): 征集需求 → 形成议题 → 讨论协商 → 确定项目. A topic moves

    征集 → 形成议题 → 协商 → 决定 → 落实（项目/落实） → 办结
          ╰──────────────┴────────┴→ 不予立项 (with a reason given back to those who raised it)

Choices made here (the issue is silent on them):
- 形成议题 may go straight to 决定 (a committee decision where the law allows it, with no
  pre-meeting); 决定 may go straight to 办结 (nothing to carry out).
- 不予立项 can be reopened (back to 征集) when residents raise it again; 办结 is final.
- A merged duplicate keeps its row (state unchanged, `merged_into` set) and hands its raisers
  to the topic it was merged into, so the count of residents behind that topic adds up.

The threshold (DOMAIN.md §6, default shares are settings): a topic raised by ≥ 1/5 of adult
residents or of households may request a hearing; a 居民会议 must be convened on the proposal
of ≥ 1/5 of adults, ≥ 1/5 of households or ≥ 1/3 of 居民小组. Shares compare in whole numbers
(20 of 100 is exactly 1/5 and meets it).
"""

from __future__ import annotations

import contextlib
from dataclasses import asdict, dataclass, fields
from enum import StrEnum
from typing import Any

from .errors import UserError


class TopicState(StrEnum):
    COLLECTING = "征集"
    FORMED = "形成议题"
    CONSULTING = "协商"
    DECIDED = "决定"
    CARRYING_OUT = "落实"
    DONE = "办结"
    REJECTED = "不予立项"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS: dict[TopicState, str] = {
    TopicState.COLLECTING: "征集",
    TopicState.FORMED: "形成议题",
    TopicState.CONSULTING: "协商",
    TopicState.DECIDED: "决定",
    TopicState.CARRYING_OUT: "项目/落实",
    TopicState.DONE: "办结",
    TopicState.REJECTED: "不予立项",
}

# The main path, in order (不予立项 is a side exit).
PATH = (TopicState.COLLECTING, TopicState.FORMED, TopicState.CONSULTING, TopicState.DECIDED,
        TopicState.CARRYING_OUT, TopicState.DONE)

TRANSITIONS: dict[TopicState, tuple[TopicState, ...]] = {
    TopicState.COLLECTING: (TopicState.FORMED, TopicState.REJECTED),
    TopicState.FORMED: (TopicState.CONSULTING, TopicState.DECIDED, TopicState.REJECTED),
    TopicState.CONSULTING: (TopicState.DECIDED, TopicState.REJECTED),
    TopicState.DECIDED: (TopicState.CARRYING_OUT, TopicState.DONE),
    TopicState.CARRYING_OUT: (TopicState.DONE,),
    TopicState.DONE: (),
    TopicState.REJECTED: (TopicState.COLLECTING,),
}

CHANNELS = ("走访", "来访", "电话", "议题征询会", "楼组", "居民小组", "网上", "部门", "居委会")

CATEGORIES = ("环境卫生", "停车交通", "加装电梯", "小区改造", "公共收益", "物业服务", "为老服务",
              "安全", "邻里纠纷", "文体活动", "其他")

# States in which the topic can be linked to sessions as its 协商.
OPEN_STATES = (TopicState.COLLECTING, TopicState.FORMED, TopicState.CONSULTING,
               TopicState.DECIDED, TopicState.CARRYING_OUT)


def parse_state(value: str) -> TopicState:
    for s in TopicState:
        if value in (s.value, s.label, s.name.lower()):
            return s
    raise UserError(f"不认识的议题状态：{value}。可用的状态："
                    + "、".join(s.label for s in TopicState))


def can_move(src: str, dst: str) -> bool:
    return TopicState(dst) in TRANSITIONS[TopicState(src)]


def check_move(title: str, src: str, dst: str, reason: str = "") -> None:
    """Raise a UserError naming the topic when the move is not allowed."""
    a, b = TopicState(src), TopicState(dst)
    if b not in TRANSITIONS[a]:
        allowed = "、".join(s.label for s in TRANSITIONS[a]) or "（已办结，不能再改变）"
        raise UserError(f"议题“{title}”现在是“{a.label}”，不能改为“{b.label}”。可以改为：{allowed}。")
    if b == TopicState.REJECTED and not reason.strip():
        raise UserError(f"议题“{title}”不予立项时，请写明理由（会反馈给提出的居民）。")


def next_states(state: str) -> tuple[TopicState, ...]:
    return TRANSITIONS[TopicState(state)]


@dataclass
class TopicSettings:
    """Stored in settings["topics"]. The shares are defaults (DOMAIN.md §3, §6)."""

    proposal_share_num: int = 1  # ≥ 1/5 of adults or households
    proposal_share_den: int = 5
    group_share_num: int = 1  # ≥ 1/3 of 居民小组
    group_share_den: int = 3

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> TopicSettings:
        out = cls()
        for f in fields(cls):
            if data and f.name in data:
                with contextlib.suppress(TypeError, ValueError):
                    setattr(out, f.name, int(data[f.name]))
        return out


def share_met(count: int, base: int, num: int, den: int) -> bool:
    """count / base ≥ num / den in whole numbers; never met on an empty base."""
    return base > 0 and count * den >= num * base


def needed(base: int, num: int, den: int) -> int:
    """The smallest count that meets num/den of base."""
    return -(-num * base // den) if base > 0 else 0


@dataclass(frozen=True)
class Support:
    """Who stands behind a topic, against the roster on the day."""

    residents: int  # residents raising it (sum of residents_count)
    households: int  # distinct households of roster raisers
    groups: int  # distinct 居民小组 that raised it as a group
    adults_base: int  # adult residents (18+) in the roster
    households_base: int
    groups_base: int


@dataclass(frozen=True)
class Flags:
    hearing_can_be_requested: bool
    assembly_must_be_convened: bool
    reasons: tuple[str, ...]  # plain-Chinese explanations of each share met

    @property
    def any(self) -> bool:
        return self.hearing_can_be_requested or self.assembly_must_be_convened


def flags(sup: Support, s: TopicSettings | None = None) -> Flags:
    s = s or TopicSettings()
    n, d = s.proposal_share_num, s.proposal_share_den
    reasons = []
    by_adults = share_met(sup.residents, sup.adults_base, n, d)
    by_households = share_met(sup.households, sup.households_base, n, d)
    by_groups = share_met(sup.groups, sup.groups_base, s.group_share_num, s.group_share_den)
    if by_adults:
        reasons.append(f"提出的居民{sup.residents}人，达到成年居民{sup.adults_base}人的{n}/{d}"
                       f"（至少{needed(sup.adults_base, n, d)}人）")
    if by_households:
        reasons.append(f"提出的居民来自{sup.households}户，达到{sup.households_base}户的{n}/{d}"
                       f"（至少{needed(sup.households_base, n, d)}户）")
    if by_groups:
        reasons.append(f"{sup.groups}个居民小组提议，达到{sup.groups_base}个居民小组的 "
                       f"{s.group_share_num}/{s.group_share_den}")
    hearing = by_adults or by_households
    return Flags(hearing, hearing or by_groups, tuple(reasons))


def flag_text(f: Flags) -> str:
    """One line for the topic page."""
    if not f.any:
        return ""
    parts = []
    if f.hearing_can_be_requested:
        parts.append("可以要求召开听证会")
    if f.assembly_must_be_convened:
        parts.append("应当召开居民会议讨论")
    return "；".join(parts) + "（" + "；".join(f.reasons) + "）"
