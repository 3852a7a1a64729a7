"""Masking personal data on anything printed for the public (DOMAIN.md §7, PIPL)."""

from __future__ import annotations

import re


def mask_name(name: str) -> str:
    """张三明 -> 张*明; 张三 -> 张*; 欧阳小明 -> 欧**明; minority names keep the first part."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if "·" in name:
        first, _, rest = name.partition("·")
        return first + "·" + "*" * len(rest)
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_id(number: str) -> str:
    """310***********1234 (first 3, last 4)."""
    s = (number or "").strip()
    if len(s) < 8:
        return "*" * len(s)
    return s[:3] + "*" * (len(s) - 7) + s[-4:]


def mask_phone(phone: str) -> str:
    """138****1234 for mobiles; landlines keep area code and last 4."""
    s = (phone or "").strip()
    digits = re.sub(r"\D", "", s)
    if len(digits) == 11 and digits.startswith("1"):
        return digits[:3] + "****" + digits[-4:]
    if len(digits) >= 7:
        m = re.match(r"^(0\d{2,3})-?", s)
        head = m.group(1) + "-" if m else ""
        return head + "****" + digits[-4:]
    return "*" * len(digits)


def mask_address(building: str | None, room: str | None = None) -> str:
    """Addresses down to the building, no room."""
    del room
    return (building or "").strip()


# ---------------------------------------------------------------- finding them in free text
# Text typed by staff (a notice's title and body) may carry an ID number or a phone in any
# spacing, punctuation or digit width. Public text is searched for all of them.

# Full-width brackets and the ideographic space stay as they are (printed Chinese text uses
# them: "（共7天）", "　　年　月　日"); the patterns below accept them as they are.
_FULL_WIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                             "Ｘ": "X", "ｘ": "x", "－": "-", "．": ".", "＋": "+"})


def half_width(text: str) -> str:
    """Full-width digits (and the punctuation around numbers) as ordinary ones."""
    return text.translate(_FULL_WIDTH)


_SEP = r"[\s\-.·/_]{0,2}"  # what people put between digits: spaces, dashes, dots (not commas)
_ID_18 = _SEP.join([r"\d"] * 17) + _SEP + r"[\dXx]"
_ID_15 = _SEP.join([r"\d"] * 15)
# "ID310107…", "身份证310107…": the prefix goes with the number
_S = r"[\s\-.·/_]"
# not part of a longer run of digits (separators allowed in the run too)
_START = rf"(?<!\d)(?<!\d{_S})(?<!\d{_S}{_S})"
_END = rf"(?!{_S}{{0,2}}[\dXx])"
_ID_RE = re.compile(rf"{_START}(?:{_ID_18}|{_ID_15}){_END}")
_MOBILE_RE = re.compile(
    rf"{_START}(?:\+?\s*86{_SEP})?[(\[（]?\s*(1[3-9]\d)\s*[)\]）]?{_SEP}(\d){_SEP}(\d){_SEP}(\d)"
    rf"{_SEP}(\d){_SEP}(\d){_SEP}(\d){_SEP}(\d){_SEP}(\d){_END}")


# two numbers run together (…0231310107…) are no ID on their own, but hide one: 15 digits
# or more in a row (separators allowed) are removed whole
_LONG_DIGITS = re.compile(rf"(?<!\d)\d(?:{_SEP}\d){{14,}}(?:{_SEP}[Xx])?")


def scrub_ids(text: str, replacement: str = "证件号码已隐去") -> str:
    return _ID_RE.sub(replacement, text)


def scrub_long_numbers(text: str, replacement: str = "证件号码已隐去") -> str:
    """The last pass: whatever run of 15 digits or more is left (numbers run together)."""
    return _LONG_DIGITS.sub(replacement, text)


def scrub_mobiles(text: str, keep_digits: frozenset[str] = frozenset()) -> str:
    """Mainland mobiles in any spacing/punctuation → 138****5678 (kept when in keep_digits)."""

    def mobile(m: re.Match[str]) -> str:
        digits = "".join(g for g in m.groups())
        if digits in keep_digits:
            return m.group(0)
        return mask_phone(digits)

    return _MOBILE_RE.sub(mobile, text)


def scrub_phone_digits(text: str, phones: list[str]) -> str:
    """Known personal phones (landlines too), found by their digits in any spacing."""
    for digits in sorted({re.sub(r"\D", "", half_width(p)) for p in phones if p}, key=len,
                         reverse=True):
        if len(digits) < 7:
            continue
        pattern = re.compile(r"(?<!\d)" + _SEP.join(re.escape(d) for d in digits) + r"(?!\d)")
        text = pattern.sub(mask_phone(digits), text)
    return text


_BUILDING = r"(\d+\s*(?:号楼|号|幢|栋|座))"
_TALL_BUILDING = r"(\d+\s*(?:号楼|幢|栋|座))"
_UNIT = r"\d+\s*单元"
_ROOMS = [
    # 5号楼1单元602室, 12号301室, 12号-301室, 12 号 301 房: with 室/房 after the number
    re.compile(_BUILDING + rf"\s*(?:{_UNIT})?\s*[-—]?\s*\d{{2,4}}\s*[室房]"),
    # 5号楼1单元602, 5号楼1单元: the unit (and a room after it)
    re.compile(_BUILDING + rf"\s*{_UNIT}(?:\s*[-—]?\s*\d{{2,4}}(?![\d号]))?"),
    # 5号楼-602, 5栋602: a number right after a building that is clearly one
    re.compile(_TALL_BUILDING + r"(?:\s*[-—]\s*|)\d{2,4}(?![\d号年月日人户元])"),
]
# 3-602, 3-602室, 3-1-602: building-room as people write it
_DASHED_ROOM = re.compile(r"(?<![\d\-./:年月])(\d{1,3})\s*[-—]\s*(?:\d{1,2}\s*[-—]\s*)?\d{3,4}\s*(?:室)?"
                          r"(?![\d\-./:])")
_LONE_ROOM = re.compile(r"(?<!\d)\d{3,4}\s*室")


def scrub_rooms(text: str) -> str:
    """Addresses in public text stop at the building."""
    for pattern in _ROOMS:
        text = pattern.sub(r"\1", text)
    text = _DASHED_ROOM.sub(r"\1号", text)
    return _LONE_ROOM.sub("（室号已隐去）", text)


def mask_known_names(text: str, names: set[str] | frozenset[str],
                     keep: tuple[str, ...] = ()) -> str:
    """Every name in `names` (2 characters or more) masked where it appears, the longest
    first at each place (陈立群 whole, 陈立 too); the strings in `keep` (the committee's
    name, its contact person) are left as they are."""
    if not names or not text:
        return text
    lengths = sorted({len(n) for n in names if len(n) >= 2}, reverse=True)
    protected = [False] * len(text)
    for k in sorted({k for k in keep if k}, key=len, reverse=True):
        start = text.find(k)
        while start >= 0:
            for j in range(start, start + len(k)):
                protected[j] = True
            start = text.find(k, start + len(k))
    out: list[str] = []
    i = 0
    while i < len(text):
        for n in lengths:
            piece = text[i:i + n]
            if len(piece) == n and piece in names and not any(protected[i:i + n]):
                out.append(mask_name(piece))
                i += n
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


_DIGIT_RUN = re.compile(r"(?<!\d)\d(?:[\s\-.·/()（）]{0,2}\d)*[Xx]?")


def scrub_known_phones(text: str, personal: set[str] | frozenset[str],
                       keep_digits: frozenset[str] = frozenset()) -> str:
    """Any run of digits (in any spacing) that holds one of the `personal` numbers (phones,
    ID numbers; given as digits only) is masked: the whole run when the number is only part
    of it; `keep_digits` (the office's own numbers) stay."""
    if not personal:
        return text
    lengths = sorted({len(p) for p in personal})

    def one(m: re.Match[str]) -> str:
        digits = re.sub(r"[^\dXx]", "", m.group(0)).upper()
        if len(digits) < lengths[0] or digits in keep_digits:
            return m.group(0)
        if digits in personal:
            return mask_phone(digits) if len(digits) <= 12 else mask_id(digits)
        for n in lengths:
            if any(digits[i:i + n] in personal for i in range(len(digits) - n + 1)):
                return "（号码已隐去）"
        return m.group(0)

    return _DIGIT_RUN.sub(one, text)
