"""Demo 公告/公示: at least one of every kind, from the demo sessions, worded by the default
templates; one on the board now and ending within 3 days (the hearing at 结果公示), some
already over."""

from __future__ import annotations

import datetime as dt
import json
import random

from .. import notices as N
from ..base import Tx


def _sessions(tx: Tx, kind: str) -> list[tuple[int, dict, str | None]]:
    rows = tx.db.execute("SELECT id, data, date FROM sessions WHERE kind = ? ORDER BY date, id",
                         [kind]).fetchall()
    return [(r[0], json.loads(r[1] or "{}"), r[2]) for r in rows]


def populate(tx: Tx, rng: random.Random, today: dt.date) -> None:
    del rng
    ctx = tx.ctx
    made: dict[str, int] = {}
    hearings = _sessions(tx, "hearing")
    evaluations = _sessions(tx, "evaluation")
    for sid, data, date in hearings:
        if data.get("notice_posted_on") and date:
            N.create(ctx, "hearing_notice", sid, posted_from=data["notice_posted_on"],
                     posted_until=date)
            made["hearing_notice"] = made.get("hearing_notice", 0) + 1
        if data.get("publicity_from"):
            N.create(ctx, "hearing_result", sid, posted_from=data["publicity_from"],
                     posted_until=data.get("publicity_until"))
            made["hearing_result"] = made.get("hearing_result", 0) + 1
    for sid, data, _date in evaluations:
        if data.get("publicity_from"):
            N.create(ctx, "evaluation_result", sid, posted_from=data["publicity_from"],
                     posted_until=data.get("publicity_until"))
            made["evaluation_result"] = made.get("evaluation_result", 0) + 1
    # Every kind at least once, and the board has something current and something ending soon.
    fallback = {"hearing_notice": hearings, "hearing_result": hearings,
                "evaluation_result": evaluations}
    for kind, pool in fallback.items():
        if not made.get(kind) and pool:
            N.create(ctx, kind, pool[-1][0], posted_from=today - dt.timedelta(days=2),
                     posted_until=today + dt.timedelta(days=4))
