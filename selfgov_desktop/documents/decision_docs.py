"""The 居民会议表决台账 and 四议两公开台账 sheets, added to the ledger workbook of
documents/ledgers.py in the same printed layout (A4 landscape at 100 %, 10 pt, rows as
tall as their text, 制表人 on every sheet, dates as 2026年12月7日).

Minutes and notices of these meetings use documents/minutes.py and documents/notices.py as
they are (services/decision_docs.py fills their data)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..domain.dates import cn_date
from . import ledgers
from .atomic import write_atomic
from .ledgers import ALL_SHEETS, Column, Sheet, _date

ASSEMBLIES = "居民会议表决台账"
FOUR_TWO = "四议两公开台账"

# services.decision_docs.ASSEMBLY_COLUMNS, as printed (类型 is in the meeting's name;
# 规范程度 is on the 三会落实台账)
ASSEMBLY_PRINT = [Column("序号", 4), Column("编号", 10), Column("会议名称", 14),
                  Column("议程公布日期", 12.5), Column("会议日期", 12.5), Column("应到人数计算依据", 10),
                  Column("应到", 6), Column("实到", 6), Column("是否过半", 5), Column("表决事项", 15),
                  Column("赞成/反对/弃权", 9), Column("结果", 5), Column("决议公开起止", 12)]
FOUR_TWO_PRINT = [Column("序号", 4), Column("编号", 4.5), Column("事项", 13), Column("议题", 11),
                  Column("党组织提议", 11.5), Column("两委会议商议", 11.5), Column("党员大会审议", 11.5),
                  Column("居民（代表）会议决议", 11.5), Column("决议公开", 11.5),
                  Column("实施结果公开", 11.5),
                  Column("说明理由", 9), Column("缺少的步骤", 9)]


def _period(text: Any) -> str:
    """"2026-04-12—2026-04-18" → 2026年4月12日至2026年4月18日."""
    if not text:
        return ""
    parts = str(text).split("—")
    return "至".join(cn_date(_date(p)) if _date(p) else p for p in parts)


def sheets(committee_name: str, decisions: Any) -> list[Sheet]:
    """decisions: services.decision_docs.DecisionLedger (assemblies, matters, year, yearly_note)."""
    year = f"（{decisions.year}年）" if decisions.year else ""
    assemblies = [[r[0], r[1], r[3], _date(r[4]), _date(r[5]), *r[6:13], _period(r[13])]
                  for r in decisions.assemblies]
    return [
        Sheet(ASSEMBLIES, f"{committee_name}居民会议、居民代表会议表决台账{year}", ASSEMBLY_PRINT,
              assemblies, note=decisions.yearly_note),
        Sheet(FOUR_TWO, f"{committee_name}四议两公开台账{year}", FOUR_TWO_PRINT,
              [list(r) for r in decisions.matters]),
    ]


def write_ledger(book: Any, path: str | Path, which: Sequence[str] = ALL_SHEETS,
                 progress: Callable[[int, int, str], None] | None = None,
                 decisions: Any = None) -> Path:
    """documents.ledgers.write plus the two sheets (when `decisions` is given)."""
    extra = sheets(book.committee.name, decisions) if decisions is not None else []
    wb = ledgers.build(book, which, progress, extra=extra)
    return write_atomic(path, lambda tmp: wb.save(tmp))
