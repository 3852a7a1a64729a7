"""How often the 三会 are held against a minimum — ONE definition, read by the 首页 and the
台账's 年度统计.

No law sets a minimum number of 听证会, 协调会 or 评议会: the seeds find them held 按需 (as
matters arise) and warn against holding them for form's sake (形式化). So the minimum is
OFF by default (0) and a 街道 that wants one sets it; a kind with minimum 0 is never
"behind". The one minimum the law does set is the 居民会议's: at least once a year
(《上海市居民委员会工作条例》).

Minimums are per year. The 首页 judges the quarters so far against the same yearly number:
by the end of quarter q a kind should have held ceil(minimum × q ÷ 4) sessions (a yearly
minimum of 2 expects 1 by the end of Q2 and 2 by the end of Q4) — so the 首页 and the 台账
can never disagree about the same kind.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

THREE_MEETINGS = ("hearing", "coordination", "evaluation")
DEFAULT_PER_YEAR: dict[str, int] = {"hearing": 0, "coordination": 0, "evaluation": 0,
                                    "residents_meeting": 1}


def per_year(saved: Mapping[str, Any] | None) -> dict[str, int]:
    """The yearly minimums: the defaults, overridden by what a 街道 saved."""
    out = dict(DEFAULT_PER_YEAR)
    for k, v in (saved or {}).items():
        try:
            out[str(k)] = max(0, int(v))
        except (TypeError, ValueError):
            continue
    return out


def expected_by_quarter(minimum: int, quarter: int) -> int:
    """Sessions expected by the end of `quarter` (1–4) for a yearly minimum."""
    return -(-max(0, minimum) * quarter // 4)


def behind_quarters(minimum: int, per_quarter: Sequence[int], current_quarter: int) -> list[int]:
    """Quarters up to the current one at whose end the running total was short."""
    if minimum <= 0:
        return []
    out, running = [], 0
    for q in range(1, min(current_quarter, 4) + 1):
        running += int(per_quarter[q - 1]) if q - 1 < len(per_quarter) else 0
        if running < expected_by_quarter(minimum, q):
            out.append(q)
    return out


def met(minimum: int | None, held: int) -> bool | None:
    """The year's verdict: None when no minimum is set (0 = off)."""
    if not minimum:
        return None
    return held >= minimum
