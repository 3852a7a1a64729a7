"""程序规则设置: the numbers the rules judge by — the 三会 (notice days, participants, shares,
deadlines), the 议题 shares (1/5, 1/3) and the 居民(代表)会议 defaults (agenda days, 公开 days,
representatives per 居民小组) — read and saved together, in one transaction that also judges
every session again by them."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..domain import meetings as M
from ..domain import rules as R
from ..domain import topics as T
from ..store.db import Store
from . import sessions, topics
from .base import Changed, Context


@dataclass
class ProgramRules:
    rules: R.RuleSettings
    topics: T.TopicSettings
    meetings: M.MeetingSettings

    @classmethod
    def defaults(cls) -> ProgramRules:
        return cls(R.RuleSettings(), T.TopicSettings(), M.MeetingSettings())


def current(store: Store) -> ProgramRules:
    return ProgramRules(sessions.rule_settings(store), topics.topic_settings(store),
                        topics.meeting_settings(store))


def save(ctx: Context, pr: ProgramRules) -> Changed:
    """All three or none (a number out of range is refused with what to write instead)."""
    ctx.require_write()
    with ctx.tx():
        changed = (sessions.save_rule_settings(ctx, pr.rules)
                   | topics.save_topic_settings(ctx, pr.topics)
                   | topics.save_meeting_settings(ctx, pr.meetings))
        rechecked = sessions.recompute_all(ctx)
    return replace(changed | rechecked, summary="已保存程序规则；" + rechecked.summary)
