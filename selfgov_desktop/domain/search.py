"""Search keys for residents: name, full pinyin, pinyin initials, ID number, phone, address.

One lower-case string per resident, stored with the record, so that a search is one LIKE
over one column (typing `zsm` or `zhangsanming` finds 张三明). Pinyin is taken character by
character from pypinyin's own table, read directly: importing pypinyin with its phrase
dictionary costs ~0.2–0.4 s per process, and names are not phrases."""

from __future__ import annotations

_CHAR_PINYIN: dict[str, str] = {}
_PINYIN_TABLE: dict[int, str] | None = None
_TONES = str.maketrans({**dict.fromkeys("āáǎà", "a"), **dict.fromkeys("ēéěèê", "e"),
                        **dict.fromkeys("īíǐì", "i"), **dict.fromkeys("ōóǒò", "o"),
                        **dict.fromkeys("ūúǔù", "u"), **dict.fromkeys("ǖǘǚǜü", "v"),
                        **dict.fromkeys("ńňǹ", "n"), "ḿ": "m", "\u0304": None,
                        "\u030c": None})


def _pinyin_table() -> dict[int, str]:
    """pypinyin's single-character table (code point -> readings), read from its JSON data
    file directly: importing pypinyin and its phrase dictionary costs ~0.4 s per process."""
    global _PINYIN_TABLE
    if _PINYIN_TABLE is None:
        import importlib.util
        import json
        from pathlib import Path

        spec = importlib.util.find_spec("pypinyin")
        table: dict[int, str] = {}
        if spec is not None and spec.origin:
            data = Path(spec.origin).with_name("pinyin_dict.json")
            if data.exists():
                table = {int(k): v for k, v in json.loads(data.read_text("utf-8")).items()}
        _PINYIN_TABLE = table
    return _PINYIN_TABLE


def preload() -> None:
    """Read the pinyin table now rather than at the first name."""
    _pinyin_table()


def _char_pinyin(ch: str) -> str:
    p = _CHAR_PINYIN.get(ch)
    if p is None:
        readings = _pinyin_table().get(ord(ch), "")
        p = readings.split(",")[0].translate(_TONES).lower() if readings else ""
        if not p.isascii():
            from pypinyin import lazy_pinyin

            got = lazy_pinyin(ch, errors="ignore")
            p = got[0].lower() if got else ""
        _CHAR_PINYIN[ch] = p
    return p


_NAME_KEYS: dict[str, tuple[str, str]] = {}


def name_keys(name: str) -> tuple[str, str]:
    """(full pinyin, initials) of a name: 张三明 -> ('zhangsanming', 'zsm')."""
    hit = _NAME_KEYS.get(name)
    if hit is None:
        known = _CHAR_PINYIN
        try:
            syl = [known[ch] for ch in name]
        except KeyError:
            syl = list(map(_char_pinyin, name))
        if "" in syl:
            syl = [s for s in syl if s]
        hit = ("".join(syl), "".join([s[0] for s in syl]))
        if len(_NAME_KEYS) < 500_000:
            _NAME_KEYS[name] = hit
    return hit


pinyin_keys = name_keys


def place(address: str | None, building: str | None, room: str | None) -> str:
    """Where a resident lives, as the search keys hold it: the address, with the building and
    room added when the address does not already name the building."""
    address = address or ""
    if building and building not in address:
        return f"{address} {building}{room or ''}".strip()
    return address


def search_text(name: str, id_number: str | None = "", phone: str = "", address: str = "",
                extra: str = "") -> str:
    full, initials = name_keys(name or "")
    return " ".join(filter(None, (name, full, initials, id_number and id_number.lower(), phone,
                                  address, extra)))


def normalise_query(text: str) -> str:
    return "".join(text.split()).lower()
