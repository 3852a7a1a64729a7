"""v6: 四议两公开 matters and their steps; the topic path (state changes with dates);
a 居民小组 as a raiser of a topic."""

from __future__ import annotations

from sqlite_utils import Database

SQL = [
    """CREATE TABLE decision_matters (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    topic_id INTEGER REFERENCES topics(id),
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
)""",
    """CREATE TABLE decision_steps (
    id INTEGER PRIMARY KEY,
    matter_id INTEGER NOT NULL REFERENCES decision_matters(id) ON DELETE CASCADE,
    step TEXT NOT NULL,             -- proposal, committees, party_congress, assembly,
                                    -- resolution_notice, result_notice
    done INTEGER NOT NULL DEFAULT 0,
    date TEXT,                      -- YYYY-MM-DD
    record TEXT NOT NULL DEFAULT '',
    session_id INTEGER REFERENCES sessions(id),
    numbers TEXT NOT NULL DEFAULT '{}',   -- JSON: counts and posting dates
    verdict TEXT NOT NULL DEFAULT '',     -- the rule's message when marked done
    override_reason TEXT NOT NULL DEFAULT '',
    by_user TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    UNIQUE (matter_id, step)
)""",
    "CREATE INDEX decision_matters_topic ON decision_matters(topic_id)",
    """CREATE TABLE topic_events (
    id INTEGER PRIMARY KEY,
    topic_id INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
    on_date TEXT NOT NULL,          -- YYYY-MM-DD, the day it happened
    kind TEXT NOT NULL,             -- state, merge, session, followup, raiser
    from_state TEXT NOT NULL DEFAULT '',
    to_state TEXT NOT NULL DEFAULT '',
    session_id INTEGER REFERENCES sessions(id),
    note TEXT NOT NULL DEFAULT '',
    by_user TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL
)""",
    "CREATE INDEX topic_events_topic ON topic_events(topic_id)",
    "ALTER TABLE topic_raisers ADD COLUMN group_id INTEGER REFERENCES groups(id)",
    "CREATE INDEX topic_raisers_topic ON topic_raisers(topic_id)",
]


def migrate(db: Database) -> None:
    for stmt in SQL:
        db.execute(stmt)
