"""The frame every use case runs in: who acts, one transaction, audit entries, what changed."""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlite_utils import Database

from ..domain.errors import UserError
from ..domain.model import StaffRole
from ..store import audit_chain
from ..store.db import Store


# The kinds of record a use case can change: the store's tables. A view names the ones it
# shows (Page.watches); a misspelt name fails the type check.
Entity = Literal[
    "audit_log", "decision_matters", "decision_steps", "evaluation_criteria", "evaluation_scores",
    "followups", "groups", "households", "import_mappings", "memberships", "notices", "participants",
    "residents", "rule_overrides", "session_steps", "sessions", "settings", "speeches", "staff_users",
    "topic_events", "topic_raisers", "topics", "unit_contacts", "units", "visits", "votes",
]


@dataclass(frozen=True)
class Changed:
    """What a use case changed: the kinds of record (table names) and their ids.

    The GUI refreshes only the views that show these; the CLI prints `summary`."""

    entities: frozenset[Entity] = frozenset()
    ids: tuple[int, ...] = ()
    summary: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, *entities: Entity, ids: tuple[int, ...] | list[int] = (), summary: str = "",
           **data: Any) -> Changed:
        return cls(frozenset(entities), tuple(ids), summary, dict(data))

    def __or__(self, other: Changed) -> Changed:
        return Changed(self.entities | other.entities, self.ids + other.ids,
                       "；".join(s for s in (self.summary, other.summary) if s),
                       {**self.data, **other.data})


class PermissionDenied(UserError):
    pass


@dataclass
class Context:
    """Who is acting on which store. The CLI acts as the OS account (or --as NAME)."""

    store: Store
    actor: str = field(default_factory=lambda: _os_user())
    role: StaffRole = StaffRole.DIRECTOR

    def require(self, *roles: StaffRole) -> None:
        if self.role not in roles:
            raise PermissionDenied(f"当前账号（{self.actor}，{self.role}）无权进行此操作。")

    def today(self) -> dt.date:
        """Today on the store's clock."""
        return self.store.clock.today()

    def now_iso(self) -> str:
        return self.store.now_iso()

    def require_write(self) -> None:
        self.require(StaffRole.DIRECTOR, StaffRole.MEMBER)

    @contextlib.contextmanager
    def tx(self) -> Iterator[Tx]:
        with self.store.write() as db:
            yield Tx(db, self)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on some systems
        return "unknown"


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)


@dataclass
class Tx:
    db: Database
    ctx: Context

    def now_iso(self) -> str:
        return self.ctx.store.now_iso()

    def audit(self, action: str, entity: str = "", entity_id: int | None = None, *,
              summary: str = "", before: Any = None, after: Any = None) -> None:
        audit_chain.append(self.db.conn, [(self.ctx.store.now_iso(), self.ctx.actor, action,
                                           entity, entity_id, summary, _json(before),
                                           _json(after))])


def new_id(cur: sqlite3.Cursor) -> int:
    """The rowid of the row an INSERT just made (sqlite3 types lastrowid as Optional)."""
    rowid = cur.lastrowid
    if rowid is None:
        raise RuntimeError("the INSERT made no row")
    return rowid


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that changed, for the audit log."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}
