"""Search keys for residents: name, full pinyin, pinyin initials, ID number, phone, address.

One lower-case string per resident, stored with the record, so that a search is one LIKE
over one column (typing `zsm` or `zhangsanming` finds 张三明)."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=65536)
def pinyin_keys(name: str) -> tuple[str, str]:
    """(full pinyin, initials) of a name: 张三明 -> ('zhangsanming', 'zsm')."""
    syllables = [s for s in lazy_pinyin(name, errors="ignore") if s]
    full = "".join(syllables).lower()
    initials = "".join(s[0] for s in syllables).lower()
    return full, initials


def search_text(
    name: str, id_number: str | None = "", phone: str = "", address: str = "", extra: str = ""
) -> str:
    full, initials = pinyin_keys(name or "")
    parts = [name or "", full, initials, (id_number or "").lower(), phone or "", address or "", extra]
    return " ".join(p for p in parts if p)


def normalise_query(text: str) -> str:
    return "".join(text.split()).lower()
