"""Tallies of an evaluation (评议会): counts per option, satisfaction rate, result tier.

- 满意度 scale: 满意 / 基本满意 / 不满意; satisfaction rate = (满意 + 基本满意) ÷ valid.
- 称职度 scale (individual members): 优秀 / 称职 / 基本称职 / 不称职; the rate shown is the
  称职率 = (优秀 + 称职) ÷ valid (our choice; DOMAIN.md defines only the tier).
- 五分制 (1–5): rate = (5 + 4) ÷ valid, plus the mean score.
- Result tier = the option with the highest share; on a tie the less favourable option wins
  (our choice: a tie should not flatter the evaluated).
- A session's overall result is the criterion "总体评价" when it has scores, else all
  criteria pooled. This module is the ONE place these numbers are computed: the page, the
  minutes, the notice and the ledger all read `tally` / `overall` / `session_result`.
- Anonymous by design: what is recorded is the number of forms per option per criterion
  (and forms issued / returned / valid / void), never who chose what.
- Each member evaluated (评议居委会成员): the "criteria" of such a session are the members,
  one row each on the form, the tally, the minutes and the 公示, rated 优秀 / 称职 / 基本称职 /
  不称职. A form may leave a member blank (the evaluator does not know that member's work):
  that member's counts then add up to fewer than the valid forms, the difference is shown
  as 未评, and the member's 称职率 is taken over the forms that rated them (our choice: a blank
  is neither praise nor blame). Per-criterion sessions still need every criterion answered.
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


MEMBERS_OBJECT = "居委会成员"


def per_member(object_type: str | None) -> bool:
    """Is each row of this evaluation a committee member (rated on the 称职度 scale)?"""
    return object_type == MEMBERS_OBJECT


def member_names(text: str | list[str] | None) -> list[str]:
    """The members to evaluate, one per line (or separated by 、，,；;), in order, once each."""
    if not text:
        return []
    raw = text if isinstance(text, list) else [
        x for line in str(text).splitlines() for x in
        line.replace("，", "、").replace(",", "、").replace("；", "、").replace(";", "、").split("、")]
    return list(dict.fromkeys(x.strip() for x in raw if str(x).strip()))


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
    total = sum(clean.values())
    n = total if valid is None else int(valid)
    mean = None
    if scale == "五分制" and total:
        mean = sum(int(o) * c for o, c in clean.items()) / total
    return Tally(scale, clean, n, satisfaction_rate(scale, clean, n), result_tier(scale, clean), mean)


def overall(scale: str, per_criterion: Mapping[str, Mapping[str, int]]) -> Tally:
    """The session's result: 总体评价 when scored, else every criterion pooled."""
    if OVERALL in per_criterion and sum(per_criterion[OVERALL].values()) != 0:
        return tally(scale, per_criterion[OVERALL])
    pooled: dict[str, int] = {}
    for counts in per_criterion.values():
        for o, c in counts.items():
            pooled[o] = pooled.get(o, 0) + c
    return tally(scale, pooled)


@dataclass(frozen=True)
class RowResult:
    """One row of the result (a criterion, or a member): its tally and the forms that left it blank."""

    name: str
    tally: Tally
    unrated: int = 0


@dataclass(frozen=True)
class SessionResult:
    """Everything a page, minutes, notice or ledger says about an evaluation's numbers."""

    scale: str
    rows: list[RowResult]
    overall: Tally
    per_member: bool = False

    @property
    def rate_label(self) -> str:
        return RATE_LABEL.get(self.scale, "满意率")

    def headline(self) -> str:
        """"总体评价：满意，满意率 88.9%" or, per member, "陈立群为称职（称职率 90.0%）；…"."""
        if self.per_member:
            return "；".join(
                f"{r.name}{'为' + r.tally.tier if r.tally.tier else '未评出'}"
                f"（{self.rate_label} {r.tally.rate_text()}）" for r in self.rows)
        if self.overall.tier is None:
            return "还没有评议结果"
        return f"总体评价：{self.overall.tier}，{self.rate_label} {self.overall.rate_text()}"


def session_result(scale: str, per_criterion: Mapping[str, Mapping[str, int]], valid: int | None = None,
                   members: bool = False) -> SessionResult:
    """The one computation of an evaluation's result from its counts (and valid forms)."""
    rows = []
    for name, counts in per_criterion.items():
        t = tally(scale, counts)
        unrated = max(0, int(valid) - t.valid) if (members and valid is not None) else 0
        rows.append(RowResult(name, t, unrated))
    return SessionResult(scale, rows, overall(scale, per_criterion), members)


def evaluator_total(scale: str, row: Mapping[str, str]) -> str:
    """One evaluator's line summed up: '满意5 · 基本满意2' or the mean of a 1–5 row."""
    vals = [v for v in row.values() if v]
    if not vals:
        return ""
    if scale == "五分制":
        nums = [int(v) for v in vals if v.isdigit()]
        return f"平均{sum(nums) / len(nums):.1f}" if nums else ""
    parts = [f"{o}{vals.count(o)}" for o in options(scale) if vals.count(o)]
    return " · ".join(parts)
