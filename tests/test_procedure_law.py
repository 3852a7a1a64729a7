"""Issue 14: the procedure right by the law — anonymous evaluation, each member evaluated,
who counts as present, what a hearing decides, counting periods, time running forward.
Each test names the edge it pins."""

from __future__ import annotations

from selfgov_desktop.domain import evaluation as ev
from selfgov_desktop.services import sessions as S


def test_demo_scores_name_nobody_and_members_have_one_result_each(demo_store):
    cols = {r[1] for r in demo_store.conn.execute("PRAGMA table_info(evaluation_scores)")}
    assert "participant_id" not in cols
    sid = demo_store.conn.execute("SELECT id FROM sessions WHERE kind = 'evaluation'"
                                  " AND data LIKE '%居委会成员%' AND state != 'prepare'").fetchone()[0]
    rec = S.get(demo_store, sid)
    members = ev.member_names(rec.data["members"])
    assert len(members) >= 3
    grid = S.score_grid(demo_store, sid)
    assert grid.per_member and [r.name for r in grid.result.rows] == members
    for r in grid.result.rows:
        assert r.tally.tier in ev.options("称职度")
    assert any(r.unrated for r in grid.result.rows)  # a member some forms left blank
