"""v7: evaluation scores are counts, never a person's choice (anonymous by design).

Before: `evaluation_scores` had a `participant_id` column, and the on-screen scoring grid
filled it in (one row per evaluator × criterion) although the printed 评议表 says 本表不记名.
After: one row per session × criterion × option with the number of forms (`count`); the
table has no column that could hold a person. Existing rows — named or already anonymous —
are summed per criterion and option, so every total is kept (a test checks it).

A hearing's votes become 意向性表决 (rule '意向性表决', passed NULL): a hearing gathers
opinions and decides nothing, so no stored hearing vote says 通过.

Named evaluation is not offered at all (our choice): 《上海市居民区听证会、协调会、评议会制度
试行办法》 and DOMAIN.md §5 ask for anonymous forms counted on the spot."""

from __future__ import annotations

from sqlite_utils import Database

SQL = [
    """CREATE TABLE evaluation_scores_v7 (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    criterion_id INTEGER NOT NULL REFERENCES evaluation_criteria(id) ON DELETE CASCADE,
    option TEXT NOT NULL,                   -- 满意 / 基本满意 / 不满意, 优秀 ... or '1'..'5'
    count INTEGER NOT NULL DEFAULT 0 CHECK (count >= 0),  -- forms that chose it
    UNIQUE (criterion_id, option)
)""",
    """INSERT INTO evaluation_scores_v7 (session_id, criterion_id, option, count)
    SELECT session_id, criterion_id, option, SUM(count) FROM evaluation_scores
    GROUP BY session_id, criterion_id, option HAVING SUM(count) > 0""",
    "DROP TABLE evaluation_scores",
    "ALTER TABLE evaluation_scores_v7 RENAME TO evaluation_scores",
    "CREATE INDEX evaluation_scores_session ON evaluation_scores(session_id)",
    # a hearing's vote is an 意向性表决: counts kept, never 通过 (办法 art. 4)
    """UPDATE votes SET rule = '意向性表决', passed = NULL
    WHERE session_id IN (SELECT id FROM sessions WHERE kind = 'hearing')""",
]


def migrate(db: Database) -> None:
    for stmt in SQL:
        db.execute(stmt)
