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
