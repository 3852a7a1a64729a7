"""The schema ladder. Each rung is a module `mNNNN_name.py` with `migrate(db)`; list it below.

To add a migration: write `mNNNN_what.py` (next number) with `def migrate(db)`, append it to
LADDER, and add a test in tests/test_migrations.py that upgrades a file of the previous version.
Never edit a rung that has shipped.
"""

from __future__ import annotations

from sqlite_utils import Migrations

from . import m0001_initial, m0006_decisions, m0007_anonymous_scores, m0008_audit_chain

LADDER = [
    ("0001_initial", m0001_initial.migrate),
    ("0006_decisions", m0006_decisions.migrate),
    ("0007_anonymous_scores", m0007_anonymous_scores.migrate),
    ("0008_audit_chain", m0008_audit_chain.migrate),
]

MIGRATIONS = Migrations("selfgov")
for _name, _fn in LADDER:
    MIGRATIONS(name=_name)(_fn)

SCHEMA_VERSION = len(LADDER)
