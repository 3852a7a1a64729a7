"""Session records and lists: the reading API (get, list_sessions, years) and the
choices the step forms offer (topics, sessions, the pre-meetings of a session)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from ...domain.errors import UserError
from ...domain.model import SESSION_KIND_LABELS, SessionKind
from ...domain.workflows import CLOSED, SESSION_COLUMNS, WorkflowDef, definition
from ...domain.workflows import state_label as _state_label
from ...store.db import Store


def kind_label(kind: str) -> str:
    try:
        return SESSION_KIND_LABELS[SessionKind(kind)]
    except ValueError:
        return kind


@dataclass
class SessionRecord:
    id: int
    kind: str
    number: str
    title: str
    topic_id: int | None
    prepares_session_id: int | None
    date: str | None
    start_time: str
    end_time: str
    place: str
    chair: str
    recorder: str
    state: str
    data: dict[str, Any]
    compliance: int
    checks: list[dict[str, str]]
    archive_no: str
    created_at: str
    updated_at: str
    closed_at: str | None

    @property
    def definition(self) -> WorkflowDef:
        return definition(self.kind)

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def state_label(self) -> str:
        return _state_label(self.kind, self.state)

    @property
    def closed(self) -> bool:
        return self.state == CLOSED

    def values(self) -> dict[str, Any]:
        out = dict(self.data)
        for c in SESSION_COLUMNS:
            out[c] = getattr(self, c)
        return out

    def value(self, key: str) -> Any:
        return getattr(self, key) if key in SESSION_COLUMNS else self.data.get(key)


_COLS = ("id, kind, number, title, topic_id, prepares_session_id, date, start_time, end_time,"
         " place, chair, recorder, state, data, compliance, checks, archive_no, created_at,"
         " updated_at, closed_at")


def _record(row: tuple) -> SessionRecord:
    r = list(row)
    r[13] = json.loads(r[13] or "{}")
    r[15] = json.loads(r[15] or "[]")
    return SessionRecord(*r)


def get(store: Store, sid: int) -> SessionRecord:
    row = store.conn.execute(f"SELECT {_COLS} FROM sessions WHERE id = ?", [sid]).fetchone()
    if row is None:
        raise UserError(f"找不到编号为{sid}的会议，可能已被删除。")
    return _record(row)


@dataclass
class SessionRow:
    id: int
    kind: str
    kind_label: str
    number: str
    title: str
    date: str
    state: str
    state_label: str
    compliance: int
    open_followups: int
    overdue_followups: int

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "title": self.title, "date": self.date,
                "state": self.state, "compliance": self.compliance, "number": self.number,
                "kind_label": self.kind_label, "state_label": self.state_label,
                "overdue_followups": self.overdue_followups}


def list_sessions(store: Store, kind: str | None = None, year: int | None = None,
                  state: str | None = None, overdue: bool = False, text: str = "",
                  on: dt.date | None = None) -> list[SessionRow]:
    """state: a step key, "closed", or "open" (every state but closed)."""
    day = (on or store.clock.today()).isoformat()
    where, args = ["1 = 1"], []
    date_expr = ("COALESCE(s.date, json_extract(s.data, '$.received_on'), substr(s.created_at, 1, 10))")
    if kind:
        where.append("s.kind = ?")
        args.append(kind)
    if year:
        where.append(f"substr({date_expr}, 1, 4) = ?")
        args.append(str(year))
    if state == "open":
        where.append("s.state != 'closed'")
    elif state:
        where.append("s.state = ?")
        args.append(state)
    if text.strip():
        where.append("(s.title LIKE ? OR s.number LIKE ?)")
        args += [f"%{text.strip()}%"] * 2
    having = "HAVING overdue > 0" if overdue else ""
    sql = (f"SELECT s.id, s.kind, s.number, s.title, {date_expr} AS d, s.state, s.compliance,"
           " SUM(CASE WHEN f.status IN ('未完成', '进行中') THEN 1 ELSE 0 END),"
           " SUM(CASE WHEN f.status IN ('未完成', '进行中') AND f.deadline < ? THEN 1 ELSE 0 END)"
           " AS overdue"
           " FROM sessions s LEFT JOIN followups f ON f.session_id = s.id"
           f" WHERE {' AND '.join(where)} GROUP BY s.id {having} ORDER BY d DESC, s.id DESC")
    out = []
    for r in store.conn.execute(sql, [day, *args]):
        out.append(SessionRow(r[0], r[1], kind_label(r[1]), r[2], r[3], r[4] or "", r[5],
                              _state_label(r[1], r[5]), r[6], r[7] or 0, r[8] or 0))
    return out


def years(store: Store) -> list[int]:
    rows = store.conn.execute(
        "SELECT DISTINCT substr(COALESCE(date, substr(created_at, 1, 10)), 1, 4) FROM sessions"
        " ORDER BY 1 DESC").fetchall()
    return [int(r[0]) for r in rows if r[0] and r[0].isdigit()]


# -- choices for the step forms -------------------------------------------------------------

def topic_choices(store: Store) -> list[tuple[int, str]]:
    return [(r[0], r[1]) for r in store.conn.execute(
        "SELECT id, title FROM topics WHERE merged_into IS NULL ORDER BY id DESC LIMIT 500")]


def session_choices(store: Store, kind: str) -> list[tuple[int, str]]:
    return [(r[0], f"{r[1] or ''} {r[2]}".strip()) for r in store.conn.execute(
        "SELECT id, date, title FROM sessions WHERE kind = ? ORDER BY date DESC, id DESC LIMIT 500", [kind])]


def decision_record_choices(store: Store) -> list[tuple[str, str]]:
    """Where a hearing's decision may be recorded in the app: the 居民会议 / 居民代表会议
    sessions and the 四议两公开 matters, as ("session:ID" | "matter:ID", label)."""
    out = [(f"session:{r[0]}", f"{kind_label(r[1])} {r[2] or ''} {r[3]}".strip()) for r in store.conn.execute(
        "SELECT id, kind, date, title FROM sessions"
        " WHERE kind IN ('residents_meeting', 'representatives_meeting')"
        " ORDER BY date DESC, id DESC LIMIT 300")]
    out += [(f"matter:{r[0]}", f"四议两公开{r[1]}") for r in store.conn.execute(
        "SELECT id, title FROM decision_matters ORDER BY id DESC LIMIT 300")]
    return out


# -- pre-meetings that prepare a session ----------------------------------------------------

def prepared_by(store: Store, sid: int) -> list[dict[str, Any]]:
    """The pre-meetings that prepare this session."""
    cur = store.conn.execute("SELECT id, kind, title, state FROM sessions WHERE prepares_session_id = ?"
                             " ORDER BY id", [sid])
    return [{"id": r[0], "kind": r[1], "kind_label": kind_label(r[1]), "title": r[2], "state": r[3]}
            for r in cur]
