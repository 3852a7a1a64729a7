"""三会 sessions: create, edit one field at a time, advance step by step, rule checks,
overrides with a recorded reason, speeches, votes, evaluation criteria and scores.

Every write is one transaction with audit rows, and recomputes the session's checks and
compliance score (sessions.checks, sessions.compliance) in that same transaction.

Reading API for other helpers (documents, ledgers):
  get(store, sid) -> SessionRecord   (.values() merges the columns and sessions.data)
  list_sessions(store, kind=, year=, state=, overdue=) -> list[SessionRow]
  speeches(store, sid), votes(store, sid), criteria(store, sid), score_grid(store, sid)
  overrides(store, sid) -> list[dict rule, reason, by_user, at]
  participants.list_participants(store, sid), followups.for_session(store, sid)

The package: records (reading, choices), checks (rule settings, facts, checks,
compliance, overrides), changes (create, fields, steps, delete), proceedings (speeches,
votes), scores (评议 criteria and scores). "Today" is the store's clock (store.clock, see
domain.clock): tests and the demo hand the store a fixed one.
"""

from __future__ import annotations

from ..base import Entity
from .changes import (advance, create, delete, go_back, number_prefix, set_field, set_fields,
                      take_from_premeeting)
from .checks import (RULES_KEY, _recompute, evaluate, facts, missing, override, overrides, recompute,
                     recompute_all, recompute_open, remove_override, rule_settings, save_rule_settings)
from .proceedings import (STANCES, add_speech, add_vote, remove_speech, remove_vote, speeches,
                          update_speech, votes)
from .records import (SessionRecord, SessionRow, decision_record_choices, get, kind_label, list_sessions,
                      prepared_by, session_choices, topic_choices, years)
from .scores import (ScoreGrid, add_criterion, apply_template, criteria, remove_criterion, score_grid,
                     set_counts, set_members)

__all__ = [  # the package's API, re-exported from its submodules
    "advance", "create", "delete", "go_back", "number_prefix", "set_field", "set_fields",
    "take_from_premeeting", "RULES_KEY", "_recompute", "evaluate", "facts", "missing", "override",
    "overrides", "recompute", "recompute_all", "recompute_open", "remove_override",
    "rule_settings", "save_rule_settings", "STANCES", "add_speech", "add_vote", "remove_speech",
    "remove_vote", "speeches", "update_speech", "votes", "SessionRecord", "SessionRow", "get",
    "kind_label", "list_sessions", "prepared_by", "session_choices", "topic_choices", "years",
    "ScoreGrid", "add_criterion", "apply_template", "criteria", "remove_criterion", "score_grid",
    "set_counts", "set_members", "decision_record_choices",
]

ENTITIES: tuple[Entity, ...] = ("sessions",)
