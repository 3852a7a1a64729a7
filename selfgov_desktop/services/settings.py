"""Settings: the committee's identity and the rule defaults (stored as JSON per key)."""

from __future__ import annotations

import json
import re
from typing import Any

from ..domain.model import CommitteeSettings, StaffRole
from ..store.db import Store
from .base import Changed, Context, diff

COMMITTEE_KEY = "committee"


def get(store: Store, key: str, default: Any = None) -> Any:
    row = store.conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return json.loads(row[0]) if row else default


def committee(store: Store) -> CommitteeSettings:
    return CommitteeSettings.from_dict(get(store, COMMITTEE_KEY, {}) or {})


def set_value(ctx: Context, key: str, value: Any) -> Changed:
    ctx.require(StaffRole.DIRECTOR)
    with ctx.tx() as tx:
        before = get(ctx.store, key)
        tx.db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, json.dumps(value, ensure_ascii=False)],
        )
        if isinstance(before, dict) and isinstance(value, dict):
            b, a = diff(before, value)
        else:
            b, a = before, value
        tx.audit("settings.update", "settings", None, summary=f"修改设置 {key}", before=b, after=a)
    return Changed.of("settings", summary=f"已保存设置 {key}")


def phone_problem(text: str) -> str:
    """Why a phone number printed on notices cannot be right, or "": a landline with its area
    code (021-12345678, 0512-1234567, extension after a dash), a mobile (13812345678), a
    400/800 number or a 123xx government hotline."""
    t = text.strip()
    digits = re.sub(r"[\s\-()（）]", "", t)
    if not digits:
        return ""
    if not digits.isdigit():
        return f"“{t}”不是电话号码：只能有数字和连字符。"
    if re.fullmatch(r"1[3-9]\d{9}", digits) or re.fullmatch(r"(400|800)\d{7}", digits) \
            or re.fullmatch(r"123\d{2}", digits):
        return ""
    if re.fullmatch(r"[(（]?0\d{2,3}[)）]?[\s\-]?\d{7,8}([\s\-]+\d{1,6})?", t) \
            or re.fullmatch(r"0\d{9,11}", digits):
        return ""
    if re.fullmatch(r"[1-9]\d{6,7}", digits):
        return f"“{t}”缺少区号：公示上要写全，如021-{digits}。"
    return f"“{t}”不像电话号码：固定电话写区号，如021-12345678；手机写11位，如13812345678。"


def save_committee(ctx: Context, settings: CommitteeSettings) -> Changed:
    missing = [label for label, v in (("居委会全称", settings.name), ("街道/镇", settings.street),
                                      ("监督电话", settings.supervision_phone)) if not v.strip()]
    if missing:
        from ..domain.errors import UserError

        raise UserError("请填写：" + "、".join(missing))
    for label, value in (("监督电话", settings.supervision_phone), ("联系电话", settings.phone)):
        problem = phone_problem(value)
        if problem:
            from ..domain.errors import UserError

            raise UserError(f"{label}：{problem}")
    return set_value(ctx, COMMITTEE_KEY, settings.to_dict())
