"""The demo has topics in every state, both kinds of meeting outcome and a complete 四议两公开;
`topics --json` and `sessions --json` show them."""

from __future__ import annotations

import json

from selfgov_desktop import cli
from selfgov_desktop.domain.topics import TopicState
from selfgov_desktop.services import decisions, sessions, topics


def test_demo_has_every_state_and_a_flagged_topic(demo_store):
    rows = topics.list_topics(demo_store, include_merged=True)
    assert {r.state for r in rows} == {s.value for s in TopicState}
    assert any(r.flagged for r in rows)
    merged = [r for r in rows if r not in topics.list_topics(demo_store)]
    assert merged and merged[0].residents == 0  # its raisers moved to the topic it joined


def test_demo_meetings_one_with_quorum_one_without(demo_store):
    statuses = set()
    for r in sessions.list_sessions(demo_store, kind="residents_meeting"):
        checks = {c["rule"]: c["status"] for c in sessions.get(demo_store, r.id).checks}
        statuses.add(checks["assembly_quorum"])
    assert {"pass", "warn"} <= statuses
    assert sessions.list_sessions(demo_store, kind="representatives_meeting")
    assert decisions.yearly_meeting(demo_store, 2026)


def test_demo_has_a_complete_and_an_incomplete_matter(demo_store):
    rows = decisions.list_matters(demo_store)
    assert any(not r.missing for r in rows)
    assert any(r.missing for r in rows)


def test_topics_json(tmp_path, capsys):
    d = str(tmp_path / "data")
    assert cli.main(["--data-dir", d, "demo"]) == 0
    capsys.readouterr()
    assert cli.main(["--data-dir", d, "topics", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data and {"id", "title", "state", "residents", "sessions"} <= set(data[0])
    with_sessions = [t for t in data if t["sessions"]]
    assert with_sessions and all(isinstance(i, int) for t in with_sessions for i in t["sessions"])
    assert cli.main(["--data-dir", d, "sessions", "--json"]) == 0
    kinds = {s["kind"] for s in json.loads(capsys.readouterr().out)}
    assert {"residents_meeting", "representatives_meeting"} <= kinds
    assert cli.main(["--data-dir", d, "topics", "--state", "办结"]) == 0
    out = capsys.readouterr().out
    assert "公共收益" in out and "共1个议题" in out
    assert cli.main(["--data-dir", d, "matters"]) == 0
    assert "缺：" in capsys.readouterr().out


def test_documents_cli_for_meetings(tmp_path, capsys):
    import openpyxl

    d = str(tmp_path / "data")
    assert cli.main(["--data-dir", d, "demo"]) == 0
    capsys.readouterr()
    assert cli.main(["--data-dir", d, "sessions", "--kind", "residents_meeting", "--json"]) == 0
    sid = json.loads(capsys.readouterr().out)[0]["id"]
    assert cli.main(["--data-dir", d, "assembly-notice", str(sid)]) == 0
    assert "决议公开" in capsys.readouterr().out
    assert cli.main(["--data-dir", d, "matters", "--json"]) == 0
    done = next(m for m in json.loads(capsys.readouterr().out) if not m["missing"])
    assert cli.main(["--data-dir", d, "matter-notice", str(done["id"])]) == 0
    assert "实施结果公开" in capsys.readouterr().out
    out = tmp_path / "m.pdf"
    assert cli.main(["--data-dir", d, "export-minutes", str(sid), str(out)]) == 0
    assert out.stat().st_size > 1000
    xlsx = tmp_path / "l.xlsx"
    assert cli.main(["--data-dir", d, "export-ledger", str(xlsx), "--year", "2026"]) == 0
    assert "四议两公开台账" in openpyxl.load_workbook(xlsx).sheetnames
