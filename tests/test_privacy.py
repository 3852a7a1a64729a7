"""Privacy (PIPL): the data folder, the data file and every backup readable by the owner only;
ID numbers and phones masked by default; full-roster exports confirmed and audit-logged.

(That public notices never carry an ID number or phone is tested with the documents.)"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from selfgov_desktop import paths
from selfgov_desktop.services import audit, backups
from selfgov_desktop.services.base import Context
from selfgov_desktop.store.db import Store

from conftest import open_sealed

posix_only = pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")


def mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def cli(data: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """As the test account (conftest), or as the account that `env` names."""
    return subprocess.run([sys.executable, "-m", "selfgov_desktop", "--data-dir", str(data),
                           *args], capture_output=True, text=True, timeout=180,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env})


@posix_only
def test_data_folder_file_and_backups_owner_only(tmp_path):
    old = os.umask(0o022)  # the usual desktop umask: files would be world-readable
    try:
        data = paths.ensure_data_dir(tmp_path / "data")
        store = Store(paths.db_path(data), backup_dir=paths.backups_dir(data))
        ctx = Context(store, "测试员")
        with ctx.tx() as tx:
            tx.db.execute("INSERT INTO residents (name, id_number, created_at, updated_at)"
                          " VALUES ('张三', '310101199001011234', '', '')")
            tx.audit("test.add", "residents")
        auto = backups.backup_now(store, paths.backups_dir(data))
        usb = tmp_path / "usb"
        usb.mkdir()
        copied = Path(backups.backup_to_folder(ctx, usb).data["path"])
        wal = paths.db_path(data).with_name("selfgov.db-wal")
        assert wal.exists()
        checked = {
            data: 0o700, paths.db_path(data): 0o600, wal: 0o600,
            paths.backups_dir(data): 0o700, auto: 0o600, copied: 0o600,
        }
        store.close()
    finally:
        os.umask(old)
    for path, wanted in checked.items():
        if path.exists():
            assert mode(path) & 0o077 == 0, f"{path} is {oct(mode(path))}, wanted {oct(wanted)}"
    # and nothing in the data folder is reachable by others, whatever its own bits
    assert mode(data) & 0o077 == 0


@posix_only
def test_cli_backup_and_audit_export_owner_only(tmp_path, sync_runner):
    data = tmp_path / "data"
    assert cli(data, "demo").returncode == 0
    out = tmp_path / "copy.db"
    r = cli(data, "backup", str(out))
    assert r.returncode == 0, r.stderr
    assert mode(out) & 0o077 == 0
    from selfgov_desktop.ui.pages.audit import export_audit

    s = open_sealed(data)
    try:
        xlsx = tmp_path / "audit.xlsx"
        export_audit(Context(s, "王主任"), xlsx, audit.AuditFilter())
        assert mode(xlsx) & 0o077 == 0
    finally:
        s.close()


def test_ids_and_phones_masked_by_default(qtbot, demo_store):
    from selfgov_desktop.services import residents as svc
    from selfgov_desktop.ui.models.residents import ResidentsModel

    model = ResidentsModel(demo_store)
    model.reload()
    cols = [k for k, _e, _l in svc.LIST_COLUMNS]
    id_col, phone_col = cols.index("id_number"), cols.index("phone")
    shown = [model.data(model.index(r, id_col)) for r in range(min(50, model.rowCount()))]
    phones = [model.data(model.index(r, phone_col)) for r in range(min(50, model.rowCount()))]
    assert any(shown) and all("*" in s for s in shown if s)
    assert any(phones) and all("*" in p for p in phones if p)


def test_full_roster_export_is_audit_logged(tmp_path):
    data = tmp_path / "data"
    assert cli(data, "demo").returncode == 0
    r = cli(data, "accounts", "add", "导出人", "--name", "导出人", "--role", "委员",
            SELFGOV_NEW_PASSWORD="Daochu-2026")
    assert r.returncode == 0, r.stderr
    r = cli(data, "export-roster", str(tmp_path / "全体.xlsx"),
            SELFGOV_USER="导出人", SELFGOV_PASSWORD="Daochu-2026")
    assert r.returncode == 0, r.stderr
    s = open_sealed(data)
    try:
        rows = s.conn.execute("SELECT actor, action, summary FROM audit_log"
                              " WHERE action LIKE '%export%'").fetchall()
    finally:
        s.close()
    assert any(actor == "导出人" for actor, _a, _s in rows), rows


def test_full_roster_export_asks_confirmation_in_the_gui(qtbot, demo_store, tmp_path,
                                                         monkeypatch, sync_runner):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from selfgov_desktop.app import build_window

    window = build_window(demo_store, tmp_path, "王主任")
    qtbot.addWidget(window)
    page = window.show_page("residents")
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "全体.xlsx"), ""))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.No)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.No)
    page.export()
    assert asked, "no confirmation asked before exporting every resident"
    assert not (tmp_path / "全体.xlsx").exists()  # answered No


def test_full_roster_export_after_yes_is_written_and_logged(qtbot, demo_store, tmp_path,
                                                            monkeypatch, sync_runner):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from selfgov_desktop.app import build_window

    window = build_window(demo_store, tmp_path, "王主任")
    qtbot.addWidget(window)
    page = window.show_page("residents")
    out = tmp_path / "全体.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    page.export()
    assert out.exists()
    row = demo_store.conn.execute(
        "SELECT actor, summary FROM audit_log WHERE action = 'resident.export'").fetchone()
    assert row is not None and row[0] == "王主任" and "全体居民花名册" in row[1]
