"""Settings: the committee's identity and the rule defaults (stored as JSON per key)."""

from __future__ import annotations

import json
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


def save_committee(ctx: Context, settings: CommitteeSettings) -> Changed:
    missing = [label for label, v in (("居委会全称", settings.name), ("街道/镇", settings.street),
                                      ("监督电话", settings.supervision_phone)) if not v.strip()]
    if missing:
        from ..domain.errors import UserError

        raise UserError("请填写：" + "、".join(missing))
    return set_value(ctx, COMMITTEE_KEY, settings.to_dict())
