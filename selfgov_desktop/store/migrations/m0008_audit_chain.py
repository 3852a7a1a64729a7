"""v4: the audit log becomes a hash chain (store/audit_chain.py): a `hash` column, filled
for the rows already there in id order."""

from __future__ import annotations

from sqlite_utils import Database

from ..audit_chain import rehash_all


def migrate(db: Database) -> None:
    db.execute("ALTER TABLE audit_log ADD COLUMN hash TEXT")
    rehash_all(db.conn)
