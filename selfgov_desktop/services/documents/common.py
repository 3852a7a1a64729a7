"""Helpers shared by the gatherers: SQL rows, JSON, dates, labels, a user's real name."""

from __future__ import annotations

import json
from ...store.engine import Row as SqlRow
from collections.abc import Iterable
from typing import Any

from ...domain import evaluation as ev
from ...domain.dates import as_date
from ...domain.dates import cn_date as _cn_date
from ...domain.errors import UserError
from ...domain.model import SESSION_KIND_LABELS, SessionKind
from ...domain.rules import RULES
from ...domain.workflows import WORKFLOWS
from ...store.db import Store

# Multiline step fields that are not sections of the minutes (results have their own place).
# "members": the evaluated members are named in 评议对象 and have a row each in the results
SKIP_SECTION_KEYS = {"result", "feedback", "revisit_summary", "followup_summary", "members"}
OUTCOME_KEYS = ("result", "decision", "outcome", "result_summary", "terms")


_d = as_date  # a record's date, None when empty or unreadable


def _json(text: str | None, default: Any) -> Any:
    if not text:
        return default
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return default


def _rows(store: Store, sql: str, params: Iterable[Any] = ()) -> list[SqlRow]:
    cur = store.conn.cursor()
    cur.row_factory = SqlRow
    try:
        return cur.execute(sql, list(params)).fetchall()
    finally:
        cur.close()


def kind_label(kind: str) -> str:
    try:
        return SESSION_KIND_LABELS[SessionKind(kind)]
    except ValueError:
        return kind


def _section_fields(kind: str) -> list[tuple[str, str]]:
    wf = WORKFLOWS.get(kind)
    if wf is None:
        return []
    return [(f.key, f.label) for s in wf.steps for f in s.fields
            if f.type == "multiline" and not f.is_column and f.key not in SKIP_SECTION_KEYS]


def _rule_title(rule: str) -> str:
    info = RULES.get(rule)
    return info.title if info else rule


def _scale_options(scale: str, seen: list[str]) -> list[str]:
    opts = list(ev.options(scale)) if scale else []
    return opts + [o for o in seen if o not in opts] if opts else seen


def _rate(scale: str, counts: dict[str, int], valid: int | None = None) -> float | None:
    return ev.satisfaction_rate(scale or "满意度", counts, valid)


def _rate_label(scale: str) -> str:
    return ev.RATE_LABEL.get(scale or "满意度", "满意率")


def _session(store: Store, session_id: int) -> SqlRow:
    rows = _rows(store, "SELECT * FROM sessions WHERE id = ?", [session_id])
    if not rows:
        raise UserError(f"没有编号为{session_id}的会议。")
    return rows[0]


def evaluation_result(data: dict[str, Any], per_criterion: dict[str, dict[str, int]]) -> ev.SessionResult:
    """The one computation of an evaluation's result (domain.evaluation.session_result)."""
    valid = data.get("forms_valid")
    return ev.session_result(str(data.get("scale") or "满意度"), per_criterion,
                             int(valid) if isinstance(valid, int) else None,
                             ev.per_member(str(data.get("object_type") or "")))


def rule_settings_proxies(store: Store) -> bool:
    """The 委托算到会 setting (off by default), as the sessions' checks read it."""
    from .. import settings as settings_service

    rules = settings_service.get(store, "rules", {}) or {}
    return rules.get("proxies_count") is True


def cn_date(value: Any) -> str:
    d = _d(value)
    return _cn_date(d) if d else ""


def person_name(store: Store, login: str) -> str:
    """The staff member's real name for a login name ("wang" → 王建华); documents never print
    a login name. Unknown logins (an OS user, "demo") print as nothing."""
    if not login:
        return ""
    row = store.conn.execute("SELECT display_name, username FROM staff_users WHERE username = ?",
                             [login]).fetchone()
    if row is None:
        return ""
    name = str(row[0] or "").strip()
    return "" if not name or name == row[1] else name
