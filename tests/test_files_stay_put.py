"""Issue 17 item 5: files with personal data are owner-only, written whole or not at all (and a
failure is in the audit log), never into the data folder; --data-dir leaves an existing
folder's permissions alone; symbolic links for the data folder or the database are refused."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from conftest import raw_conn, seal_as_test_user

from selfgov_desktop import cli, paths
from selfgov_desktop.documents import roster_template
from selfgov_desktop.services import roster_export
from selfgov_desktop.services.base import Context
from selfgov_desktop.store.db import Store

posix_only = pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")


@pytest.fixture
def data(demo_db_file: Path, tmp_path: Path) -> Path:
    d = tmp_path / "data"
    d.mkdir(mode=0o700)
    shutil.copy(demo_db_file, d / "selfgov.db")
    return d


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


@posix_only
def test_roster_exports_and_the_rejects_file_are_owner_only(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    old = os.umask(0o022)
    try:
        for name in ("r.xlsx", "r.csv"):
            assert cli.main(["--data-dir", str(data), "export-roster", str(out / name)]) == 0
        src = tmp_path / "in.csv"
        src.write_text("姓名,身份证号\n张三,123\n", encoding="utf-8")
        assert cli.main(["--data-dir", str(data), "import-roster", str(src), "--dry-run",
                         "--rejects", str(out / "rejects.xlsx")]) == 0
    finally:
        os.umask(old)
    modes = {f.name: _mode(f) for f in out.iterdir()}
    assert modes == {"r.xlsx": 0o600, "r.csv": 0o600, "rejects.xlsx": 0o600}


class _Boom:
    def __str__(self) -> str:
        raise OSError(28, "No space left on device")


def test_a_failed_export_leaves_no_file_and_says_so_in_the_log(data: Path, tmp_path: Path,
                                                               monkeypatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    real = roster_export.export_rows

    def half(store: Store):  # noqa: ANN202 - the real rows, then one that cannot be written
        headers, rows = real(store)
        return headers, [*rows, [_Boom()] * len(headers)]

    monkeypatch.setattr(roster_export, "export_rows", half)
    s = Store(data / "selfgov.db")
    try:
        with pytest.raises(Exception):  # noqa: B017 - whatever the writer raised goes on
            roster_export.export_roster(Context(s, "委员"), out / "全体.csv",
                                        roster_template.write_roster)
        rows = s.conn.execute("SELECT action, summary FROM audit_log WHERE action LIKE '%export%'"
                              " ORDER BY id DESC").fetchall()
    finally:
        s.close()
    assert list(out.iterdir()) == []  # no out.csv, no out.csv.part, no temp file
    assert rows[0][0] == "export.fail" and "全体.csv" in rows[0][1], rows[:2]


def _content(db: Path) -> dict[str, object]:
    """Every table's rows, the audit log without its login entries and refused exports."""
    conn = raw_conn(db)
    try:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                            " AND name NOT LIKE 'sqlite%' AND name != 'audit_log'")]
        out: dict[str, object] = {t: conn.execute(f'SELECT * FROM "{t}"').fetchall() for t in tables}
        out["audit_log"] = conn.execute(
            "SELECT id, action, summary FROM audit_log WHERE action NOT LIKE 'login.%'"
            " AND action != 'export.fail'").fetchall()
        return out
    finally:
        conn.close()


@pytest.mark.parametrize("target", ["selfgov.db", "selfgov.db-wal", "backups/x.xlsx", "new.xlsx"])
def test_no_export_into_the_data_folder(data: Path, target: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    db = data / "selfgov.db"
    (data / "backups").mkdir(exist_ok=True)
    seal_as_test_user(data)  # as the first command would
    before = _content(db)
    assert cli.main(["--data-dir", str(data), "export-ledger", str(data / target)]) == 2
    assert "数据目录" in capsys.readouterr().err
    assert _content(db) == before  # every CLI run logs its login; nothing else changed
    assert cli.main(["--data-dir", str(data), "info"]) == 0
    assert cli.main(["--data-dir", str(data), "export-roster", str(data / "x.csv")]) == 2
    assert not (data / "x.csv").exists()


def test_no_session_document_into_the_data_folder(data: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """The documents of a session (协议书, 名单…, issue 15) leave by the same door."""
    s = Store(data / "selfgov.db")
    try:
        sid = s.conn.execute("SELECT id FROM sessions WHERE kind = 'coordination'"
                             " ORDER BY id DESC").fetchone()[0]
    finally:
        s.close()
    assert cli.main(["--data-dir", str(data), "export-document", str(sid), "coordination_record",
                     str(data / "d.pdf")]) == 2
    assert "数据目录" in capsys.readouterr().err
    assert not (data / "d.pdf").exists()
    assert cli.main(["--data-dir", str(data), "export-document", str(sid), "coordination_record",
                     str(data.parent / "d.pdf")]) == 0
    assert (data.parent / "d.pdf").exists()


@posix_only
@pytest.mark.parametrize("mode", [0o1777, 0o755])
def test_data_dir_leaves_an_existing_folders_permissions_alone(tmp_path: Path, mode: int) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, mode)
    assert cli.main(["--data-dir", str(shared), "info"]) == 0
    assert _mode(shared) == mode
    fresh = tmp_path / "fresh" / "data"
    assert cli.main(["--data-dir", str(fresh), "info"]) == 0
    assert _mode(fresh) == 0o700
    assert paths.ensure_data_dir(shared) == shared and _mode(shared) == mode


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_a_symlinked_data_folder_is_refused(data: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    link = tmp_path / "link"
    link.symlink_to(data, target_is_directory=True)
    assert cli.main(["--data-dir", str(link), "info"]) == 2
    assert "符号链接" in capsys.readouterr().err


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_a_symlinked_database_is_refused(data: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = tmp_path / "elsewhere.db"
    (data / "selfgov.db").rename(elsewhere)
    (data / "selfgov.db").symlink_to(elsewhere)
    assert cli.main(["--data-dir", str(data), "info"]) == 2
    assert "符号链接" in capsys.readouterr().err
