"""Plain data for the one-page documents a step names (通知, 协议书, 反馈单, 整改承诺书,
名单): a title, whom it is addressed to, paragraphs, an optional table, who signs.

`services/documents/session_docs.py` fills them from the records; `documents/letters.py`
lays them out. A document made of several letters (a 协调会通知 to each party) prints each
on its own page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .model import CommitteeSettings


@dataclass
class Letter:
    committee: CommitteeSettings
    title: str
    addressee: str = ""  # "张三：" line above the body; "" for none
    paragraphs: list[str] = field(default_factory=list)
    table_header: list[str] = field(default_factory=list)
    table_rows: list[list[str]] = field(default_factory=list)
    table_widths: list[float] = field(default_factory=list)
    after: list[str] = field(default_factory=list)  # paragraphs after the table
    signatures: list[str] = field(default_factory=list)  # who signs: "甲方（签名）" …
    sign_as_committee: bool = True  # committee name and date at the lower right
    date: dt.date | None = None
    note: str = ""  # small print at the foot (copies, 内部 / 公开)


@dataclass
class LetterSet:
    """One document: one or more letters, each on its own page."""

    key: str
    title: str
    letters: list[Letter] = field(default_factory=list)


@dataclass(frozen=True)
class DocumentInfo:
    """A document a session's steps name, and whether it can be made now."""

    key: str
    title: str
    step: str
    available: bool
    why: str = ""  # when not available: what to record first

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"key": self.key, "title": self.title, "step": self.step,
                                  "available": self.available}
        if not self.available:
            out["why"] = self.why
        return out
