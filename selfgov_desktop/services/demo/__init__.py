"""A deterministic, realistic committee for trying the program and for screenshots.

`fill(ctx)` runs every part in order inside one transaction. Each later feature adds a
module here with `populate(tx, rng, today)` and lists it in PARTS."""

from __future__ import annotations

import random

from ...domain.model import StaffRole
from ..base import Changed, Context
from . import people
from . import sessions as demo_sessions  # 三会 (issue 4)
from . import notices as demo_notices  # 公告/公示 (issue 5)
from . import topics as demo_topics  # 议题库, 居民会议, 四议两公开 (issue 6)

PARTS = [people, demo_sessions, demo_topics, demo_notices]

SEED = 20261129


def is_empty(ctx: Context) -> bool:
    c = ctx.store.conn
    for table in ("residents", "sessions", "topics", "units", "groups"):
        if c.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
            return False
    return True


def fill(ctx: Context) -> Changed:
    """The demo as of today on the store's clock (a fixed clock gives the same data every run)."""
    ctx.require(StaffRole.DIRECTOR)  # fills (and with --force replaces) every table
    today = ctx.today()
    rng = random.Random(SEED)
    with ctx.tx() as tx:
        for part in PARTS:
            part.populate(tx, rng, today)
        tx.audit("demo.fill", summary="填入演示数据")
    return Changed.of("residents", "households", "groups", "memberships", "units", "settings",
                      "sessions", "topics", "notices", "followups", summary="已填入演示数据")
