"""The audit log as a hash chain: each row's `hash` is SHA-256 over its own content and the
previous row's hash, so a row edited, inserted or deleted in the file (by anything that
writes it outside this program) breaks the chain from that row on. Every audit row is
written through `append`; `verify` walks the chain; `seal` is the (count, last id, last
hash) a restore carries forward for the entries it replaces.

Without a secret key this shows careless and casual tampering, not a rewrite of the whole
chain from the edited row on by someone who knows this format; the newest backup's last
hash (compared by services.audit) narrows that to the rows written since that backup."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

# at, actor, action, entity, entity_id, summary, before (JSON text), after (JSON text)
Content = Sequence[Any]
COLUMNS = ("at", "actor", "action", "entity", "entity_id", "summary", "before", "after")
GENESIS = ""


def row_hash(prev: str, row_id: int, content: Content) -> str:
    payload = json.dumps([prev, row_id, *content], ensure_ascii=False, separators=(",", ":"),
                         default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _last(conn: sqlite3.Connection) -> tuple[int, str]:
    row = conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return (0, GENESIS) if row is None else (int(row[0]), row[1] or GENESIS)


def append(conn: sqlite3.Connection, rows: Iterable[Content]) -> None:
    """Insert audit rows, each chained to the one before. Call inside the write transaction
    (it holds the write lock, so the last row cannot change under us)."""
    last_id, prev = _last(conn)
    out = []
    for content in rows:
        last_id += 1
        prev = row_hash(prev, last_id, content)
        out.append((last_id, *content, prev))
    if out:
        conn.executemany(
            "INSERT INTO audit_log (id, at, actor, action, entity, entity_id, summary, before,"
            " after, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", out)


def rehash_all(conn: sqlite3.Connection) -> None:
    """Chain every row in id order (the migration that adds the column)."""
    prev = GENESIS
    updates = []
    for r in conn.execute(f"SELECT id, {', '.join(COLUMNS)} FROM audit_log ORDER BY id"):
        prev = row_hash(prev, int(r[0]), r[1:])
        updates.append((prev, r[0]))
    conn.executemany("UPDATE audit_log SET hash = ? WHERE id = ?", updates)


@dataclass(frozen=True)
class ChainCheck:
    count: int
    last_id: int
    last_hash: str
    first_bad: int | None = None  # id of the first row whose hash does not hold

    @property
    def ok(self) -> bool:
        return self.first_bad is None


def verify(conn: sqlite3.Connection) -> ChainCheck:
    prev, count, last_id = GENESIS, 0, 0
    for r in conn.execute(f"SELECT id, {', '.join(COLUMNS)}, hash FROM audit_log ORDER BY id"):
        count += 1
        want = row_hash(prev, int(r[0]), r[1:9])
        if r[9] != want:
            return ChainCheck(count, int(r[0]), prev, first_bad=int(r[0]))
        prev, last_id = want, int(r[0])
    return ChainCheck(count, last_id, prev)


def seal(conn: sqlite3.Connection) -> dict[str, Any]:
    """What a restore writes into its own audit row about the log it replaces."""
    check = verify(conn)
    return {"count": check.count, "last_id": check.last_id, "last_hash": check.last_hash,
            "intact": check.ok, "first_bad": check.first_bad}


def hash_of(conn: sqlite3.Connection, row_id: int) -> str | None:
    row = conn.execute("SELECT hash FROM audit_log WHERE id = ?", [row_id]).fetchone()
    return None if row is None else row[0]
