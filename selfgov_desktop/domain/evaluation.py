"""Tallies of an evaluation (评议会): counts per option, satisfaction rate, result tier.

- 满意度 scale: 满意 / 基本满意 / 不满意; satisfaction rate = (满意 + 基本满意) ÷ valid.
- 称职度 scale (individual members): 优秀 / 称职 / 基本称职 / 不称职; the rate shown is the
  称职率 = (优秀 + 称职) ÷ valid (our choice; DOMAIN.md defines only the tier).
- 五分制 (1–5): rate = (5 + 4) ÷ valid, plus the mean score.
- Result tier = the option with the highest share; on a tie the less favourable option wins
  (our choice: a tie should not flatter the evaluated).
- A session's overall result is the criterion "总体评价" when it has scores, else all
  criteria pooled.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

SCALE_OPTIONS: dict[str, tuple[str, ...]] = {
    "满意度": ("满意", "基本满意", "不满意"),
    "称职度": ("优秀", "称职", "基本称职", "不称职"),
    "五分制": ("5", "4", "3", "2", "1"),
}
POSITIVE: dict[str, frozenset[str]] = {
    "满意度": frozenset({"满意", "基本满意"}),
    "称职度": frozenset({"优秀", "称职"}),
    "五分制": frozenset({"5", "4"}),
}
RATE_LABEL = {"满意度": "满意率", "称职度": "称职率", "五分制": "好评率"}
OVERALL = "总体评价"


def options(scale: str) -> tuple[str, ...]:
    return SCALE_OPTIONS.get(scale, SCALE_OPTIONS["满意度"])


@dataclass(frozen=True)
class Tally:
    scale: str
    counts: dict[str, int]
    valid: int
    rate: float | None  # 0..1, None when nothing valid
    tier: str | None
    mean: float | None = None  # 五分制 only

    def share(self, option: str) -> float | None:
        return self.counts.get(option, 0) / self.valid if self.valid else None

    def rate_text(self) -> str:
        return "—" if self.rate is None else f"{self.rate * 100:.1f}%"


def satisfaction_rate(scale: str, counts: Mapping[str, int], valid: int | None = None) -> float | None:
    n = sum(counts.values()) if valid is None else valid
    if n <= 0:
        return None
    return sum(c for o, c in counts.items() if o in POSITIVE.get(scale, frozenset())) / n


def result_tier(scale: str, counts: Mapping[str, int]) -> str | None:
    """The option with the highest count; ties go to the less favourable option."""
    opts = options(scale)
    best: str | None = None
    for o in opts:  # favourable first: a later option wins a tie
        c = counts.get(o, 0)
        if c <= 0:
            continue
        if best is None or c >= counts.get(best, 0):
            best = o
    return best


def tally(scale: str, counts: Mapping[str, int], valid: int | None = None) -> Tally:
    clean = {o: int(counts.get(o, 0)) for o in options(scale)}
    n = sum(clean.values()) if valid is None else int(valid)
    mean = None
    if scale == "五分制" and sum(clean.values()):
        mean = sum(int(o) * c for o, c in clean.items()) / sum(clean.values())
    return Tally(scale, clean, n, satisfaction_rate(scale, clean, n), result_tier(scale, clean), mean)


def overall(scale: str, per_criterion: Mapping[str, Mapping[str, int]]) -> Tally:
    """The session's result: 总体评价 when scored, else every criterion pooled."""
    if OVERALL in per_criterion and sum(per_criterion[OVERALL].values()):
        return tally(scale, per_criterion[OVERALL])
    pooled: dict[str, int] = {}
    for counts in per_criterion.values():
        for o, c in counts.items():
            pooled[o] = pooled.get(o, 0) + c
    return tally(scale, pooled)


def evaluator_total(scale: str, row: Mapping[str, str]) -> str:
    """One evaluator's line summed up: '满意 5 · 基本满意 2' or the mean of a 1–5 row."""
    vals = [v for v in row.values() if v]
    if not vals:
        return ""
    if scale == "五分制":
        nums = [int(v) for v in vals if v.isdigit()]
        return f"平均 {sum(nums) / len(nums):.1f}" if nums else ""
    parts = [f"{o} {vals.count(o)}" for o in options(scale) if vals.count(o)]
    return " · ".join(parts)
