"""Issue 17 item 9: the small ones. A 3,000-character free-text name, a record number longer
than SQLite's integers, a birth date in the year 9999."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from selfgov_desktop import cli
from selfgov_desktop.domain import roster_rows
from selfgov_desktop.services import participants
from selfgov_desktop.services import residents
from selfgov_desktop.services.base import Context
from selfgov_desktop.store.db import Store

TODAY = dt.date(2026, 11, 29)


def test_a_3000_character_name_does_not_break_export_minutes(data: Path, tmp_path: Path) -> None:
    s = Store(data / "selfgov.db")
    try:
        sid = s.conn.execute("SELECT id FROM sessions WHERE kind = 'hearing' ORDER BY id").fetchone()[0]
        participants.add_name(Context(s, "委员"), sid, "张" * 3000, "旁听人")
    finally:
        s.close()
    out = tmp_path / "m.pdf"
    assert cli.main(["--data-dir", str(data), "export-minutes", str(sid), str(out)]) == 0
    assert out.stat().st_size > 0


@pytest.mark.parametrize("args", [
    ["export-minutes", "99999999999999999999999", "m.pdf"],
    ["export-notice", "99999999999999999999999", "n.pdf"],
    ["export-form", "99999999999999999999999", "signin", "f.pdf"],
    ["matter-notice", "99999999999999999999999"],
    ["assembly-notice", "-1"],
    ["sessions", "--year", "99999999999999999999"],
    ["export-ledger", "l.xlsx", "--year", "0"],
])
def test_a_number_out_of_range_is_an_input_error(data: Path, tmp_path: Path, args: list[str],
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    args = [str(tmp_path / a) if a.endswith((".pdf", ".xlsx")) else a for a in args]
    with pytest.raises(SystemExit) as exc:
        cli.main(["--data-dir", str(data), *args])
    assert exc.value.code == 2
    assert "参数有误" in capsys.readouterr().err


@pytest.mark.parametrize("birth", ["9999-12-31", "2026-11-30", "1000-01-01"])
def test_an_impossible_birth_date_is_refused(birth: str, store: Store) -> None:
    problems = residents.validate({"name": "张三", "sex": "男", "birth_date": birth}, store,
                                  today=TODAY)
    assert "birth_date" in problems, problems
    # with an empty ID column (the roster's usual shape) as well as without one
    for mapping in ({0: "name", 1: "birth_date"}, {0: "name", 1: "birth_date", 2: "id_number"}):
        rec = roster_rows.parse_row(2, ["张三", birth, ""], mapping, TODAY)
        assert any("出生日期" in e for e in rec.errors), (mapping, rec.errors)


def test_a_real_birth_date_without_an_id_is_kept() -> None:
    rec = roster_rows.parse_row(2, ["张三", "1956-03-12", ""],
                                {0: "name", 1: "birth_date", 2: "id_number"}, TODAY)
    assert rec.errors == [] and rec.values["birth_date"] == "1956-03-12"
