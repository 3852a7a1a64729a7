"""A roster with 楼号 but no 楼组: one 楼组 per building, residents assigned (service and CLI)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from selfgov_desktop import cli
from selfgov_desktop.domain import idnumber
from selfgov_desktop.domain.errors import UserError
from selfgov_desktop.services import groups

from conftest import open_sealed


def write_roster(path: Path, buildings: list[str]) -> Path:
    import datetime as dt

    with path.open("w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(["姓名", "性别", "身份证号", "联系电话", "楼号", "室号"])
        for i, b in enumerate(buildings):
            birth = dt.date(1950 + i, 3, 1 + i)
            w.writerow([f"张{'一二三四五六七八九十'[i % 10]}明{i}", "男",
                        idnumber.make("310101", birth, 2 * i + 1), f"1380000{i:04d}", b, f"{101 + i}"])
    return path


def test_names_of_building_groups():
    assert groups.building_group_name("3") == "3号楼"
    assert groups.building_group_name("3号") == "3号楼"
    assert groups.building_group_name(" 12号楼 ") == "12号楼"
    assert groups.building_group_name("5幢") == "5幢"
    assert groups.building_group_name("") == ""


def test_cli_import_makes_one_group_per_building(tmp_path, capsys):
    roster = write_roster(tmp_path / "花名册.csv", ["3", "3", "5号", "12", "12", "12"])
    d = str(tmp_path / "data")
    assert cli.main(["--data-dir", d, "import-roster", str(roster), "--groups-from-buildings"]) == 0
    out = capsys.readouterr().out
    assert "按楼号建立楼组3个" in out and "6位居民" in out
    s = open_sealed(Path(d))  # the CLI sealed it
    try:
        got = dict(s.conn.execute(
            "SELECT g.name, count(r.id) FROM groups g JOIN residents r ON r.building_group_id = g.id"
            " WHERE g.kind = '楼组' GROUP BY g.id").fetchall())
        assert got == {"3号楼": 2, "5号楼": 1, "12号楼": 3}
        actions = [r[0] for r in s.conn.execute("SELECT action FROM audit_log").fetchall()]
        assert actions.count("group.add") == 3 and actions.count("resident.building_group") == 3
    finally:
        s.close()


def test_cli_import_without_the_flag_makes_no_group(tmp_path):
    roster = write_roster(tmp_path / "花名册.csv", ["3", "5"])
    d = str(tmp_path / "data")
    assert cli.main(["--data-dir", d, "import-roster", str(roster)]) == 0
    s = open_sealed(Path(d))  # the CLI sealed it
    try:
        assert not groups.has_building_groups(s)
        assert groups.buildings_without_group(s) == [("3号楼", 1), ("5号楼", 1)]
    finally:
        s.close()


def test_service_uses_an_existing_group_and_refuses_when_nothing_to_do(ctx, tmp_path):
    from selfgov_desktop.documents import spreadsheet
    from selfgov_desktop.services import roster_import

    roster = write_roster(tmp_path / "花名册.csv", ["7", "7", "8"])
    roster_import.import_table(ctx, spreadsheet.read_roster(roster))
    existing = groups.save_group(ctx, "楼组", "7号楼").ids[0]
    ch = groups.groups_from_buildings(ctx)
    assert ch.data["groups"] == 1 and ch.data["residents"] == 3
    assert len(groups.residents_of_building_group(ctx.store, existing)) == 2
    with pytest.raises(UserError):
        groups.groups_from_buildings(ctx)
