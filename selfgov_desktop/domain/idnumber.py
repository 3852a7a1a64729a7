"""Resident ID numbers (GB 11643-1999): checksum, birth date, sex, 15 -> 18 digits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def check_char(first17: str) -> str:
    """The 18th character for the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


@dataclass(frozen=True)
class IdInfo:
    number: str  # normalised 18-character form
    birth_date: dt.date
    sex: str  # 男 / 女
    upgraded_from_15: bool = False


class IdNumberError(ValueError):
    """Why an ID number is not valid (message in Chinese)."""


def parse(raw: str, today: dt.date) -> IdInfo:
    """Validate and normalise an ID number; raise IdNumberError with a Chinese reason. A birth
    date after `today` is not plausible."""
    s = raw.strip().replace(" ", "").upper()
    upgraded = False
    if len(s) == 15:
        if not s.isdigit():
            raise IdNumberError("15位身份证号只能由数字组成")
        first17 = s[:6] + "19" + s[6:]
        s = first17 + check_char(first17)
        upgraded = True
    if len(s) != 18:
        raise IdNumberError(f"身份证号应为18位，这里是{len(s)}位")
    if not s[:17].isdigit() or not (s[17].isdigit() or s[17] == "X"):
        raise IdNumberError("身份证号前17位须为数字，最后一位为数字或X")
    try:
        birth = dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        raise IdNumberError(f"身份证号中的出生日期{s[6:14]}不是有效日期") from None
    if birth.year < 1880 or birth > today:
        raise IdNumberError(f"身份证号中的出生日期{s[6:14]}不合理")
    expected = check_char(s[:17])
    if s[17] != expected:
        raise IdNumberError(f"身份证号校验位不符（最后一位应为{expected}），请核对是否录错")
    sex = "男" if int(s[16]) % 2 == 1 else "女"
    return IdInfo(s, birth, sex, upgraded)


def is_valid(raw: str, today: dt.date) -> bool:
    try:
        parse(raw, today)
    except IdNumberError:
        return False
    return True


def make(address6: str, birth: dt.date, seq3: int) -> str:
    """Build a valid 18-character number (demo data and tests)."""
    first17 = f"{address6}{birth:%Y%m%d}{seq3:03d}"
    return first17 + check_char(first17)
