"""Every session kind defined once, as data: ordered steps, what each records, what it
needs, which rules it checks and which document it yields. The UI's one step engine
renders any of them; adding a step is a change here, not in the UI.

See base.py for where each field is stored (a sessions column or a key of sessions.data),
and each kind's module docstring for its data keys."""

from __future__ import annotations

from ..errors import UserError
from .base import (FIELD_TYPES, PANELS, SESSION_COLUMNS, FieldSpec, Need, StepDef,
                   WorkflowDef)
from .coordination import COORDINATION
from .evaluation import CRITERIA_TEMPLATES, EVALUATION, default_scale
from .hearing import HEARING
from .meetings import REPRESENTATIVES_MEETING, RESIDENTS_MEETING, RULE_EVALUATORS
from .premeetings import DEMOCRATIC_TALK, SUPERVISION_REVIEW, TOPIC_CONSULTATION

WORKFLOWS: dict[str, WorkflowDef] = {w.kind: w for w in (
    HEARING, COORDINATION, EVALUATION, TOPIC_CONSULTATION, DEMOCRATIC_TALK, SUPERVISION_REVIEW,
    RESIDENTS_MEETING, REPRESENTATIVES_MEETING)}

CLOSED = "closed"


def definition(kind: str) -> WorkflowDef:
    try:
        return WORKFLOWS[str(kind)]
    except KeyError:
        raise UserError(f"不认识的会议类型：{kind}。可用的类型："
                        + "、".join(f"{k}（{w.label}）" for k, w in WORKFLOWS.items())) from None


def state_label(kind: str, state: str) -> str:
    if state == CLOSED:
        return "已办结"
    try:
        return definition(kind).step(state).title
    except KeyError:
        return state


__all__ = ["CLOSED", "CRITERIA_TEMPLATES", "FIELD_TYPES", "PANELS", "RULE_EVALUATORS",
           "SESSION_COLUMNS", "WORKFLOWS", "FieldSpec", "Need", "StepDef", "WorkflowDef", "default_scale",
           "definition", "state_label"]
