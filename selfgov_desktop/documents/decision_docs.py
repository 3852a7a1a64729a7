"""The 居民会议台账 and 四议两公开台账 sheets, added to the ledger workbook of
documents/ledgers.py in the same layout (title row, note, header, A4 landscape).

Minutes and notices of these meetings use documents/minutes.py and documents/notices.py as
they are (services/decision_docs.py fills their data)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import ledgers
from .atomic import write_atomic
from openpyxl.utils import get_column_letter

from .ledgers import ALL_SHEETS, _date, _fill, _Sheet

ASSEMBLIES = "居民(代表)会议表决台账"
FOUR_TWO = "四议两公开台账"

ASSEMBLY_COLUMNS = ["序号", "编号", "类型", "会议名称", "议程公布日期", "会议日期", "会议基数", "应到",
                    "实到", "是否过半", "表决事项", "赞成/反对/弃权", "结果", "决议公开起止", "规范程度"]
FOUR_TWO_COLUMNS = ["序号", "编号", "事项", "议题", "党组织提议", "两委会议商议", "党员大会审议",
                    "居民(代表)会议决议", "决议公开", "实施结果公开", "说明理由", "缺少的步骤"]

_WIDTHS = {"会议名称": 30, "议程公布日期": 13, "会议基数": 16, "表决事项": 26, "赞成/反对/弃权": 14,
           "决议公开起止": 24, "事项": 26, "党组织提议": 22, "两委会议商议": 26, "党员大会审议": 26,
           "居民(代表)会议决议": 30, "决议公开": 22, "实施结果公开": 22, "说明理由": 24, "缺少的步骤": 22}


def sheets(committee_name: str, decisions: Any) -> list[_Sheet]:
    """decisions: services.decision_docs.DecisionLedger (assemblies, matters, year, yearly_note)."""
    year = f"（{decisions.year}年）" if decisions.year else ""
    assemblies = [[*r[:4], _date(r[4]), _date(r[5]), *r[6:]] for r in decisions.assemblies]
    return [
        _Sheet(ASSEMBLIES, f"{committee_name}居民会议、居民代表会议台账{year}", ASSEMBLY_COLUMNS, assemblies),
        _Sheet(FOUR_TWO, f"{committee_name}四议两公开台账{year}", FOUR_TWO_COLUMNS, list(decisions.matters)),
    ]


def write_ledger(book: Any, path: str | Path, which: Sequence[str] = ALL_SHEETS,
                 progress: Callable[[int, int, str], None] | None = None,
                 decisions: Any = None) -> Path:
    """documents.ledgers.write plus the two sheets (when `decisions` is given)."""
    wb = ledgers.build(book, which, progress)
    if decisions is not None:
        made = f"制表单位：{book.committee.name}　制表日期：{_cn(book.made_on)}"
        for sheet in sheets(book.committee.name, decisions):
            yearly = sheet.name == ASSEMBLIES and decisions.yearly_note
            note = made + (f"　{decisions.yearly_note}" if yearly else "")
            ws = wb.create_sheet(sheet.name)
            _fill(ws, sheet, note)
            for col, h in enumerate(sheet.header, 1):
                if h in _WIDTHS:
                    ws.column_dimensions[get_column_letter(col)].width = _WIDTHS[h]
    return write_atomic(path, lambda tmp: wb.save(tmp))


def _cn(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"
