"""Issue 17 item 2: roles on every door. Every CLI sub-command and every service that reads
personal data in bulk or writes a file, with each role (主任, 委员, 只读): the allowed ones
work, the others are refused (exit 2 / PermissionDenied) and write nothing."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from roster_files import HEADERS, people, row_of

from selfgov_desktop import cli
from selfgov_desktop.commands import OWNER
from selfgov_desktop.domain.model import StaffRole
from selfgov_desktop.services import accounts, vault
from selfgov_desktop.services.base import Context, PermissionDenied
from selfgov_desktop.services.documents import session_docs
from selfgov_desktop.store.backup import backup_to
from selfgov_desktop.store.db import Store

D, M, R = StaffRole.DIRECTOR, StaffRole.MEMBER, StaffRole.READONLY
ALL, WRITE, DIRECTOR = {D, M, R}, {D, M}, {D}
USERS = {D: "zhuren", M: "weiyuan", R: "zhidu"}
PASSWORD = "Lvhua#Gaizao26"


@pytest.fixture(scope="module")
def prepared(demo_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The demo with one account of each role, and the ids the sub-commands need."""
    root = tmp_path_factory.mktemp("roles")
    data = root / "data"
    data.mkdir()
    shutil.copy(demo_db_file, data / "selfgov.db")
    # the store sealed (issue 16) with one account of each role, each holding its key slot
    s = Store(data / "selfgov.db")
    ctx, _ = accounts.create_first_admin(s, USERS[D], "主任甲", PASSWORD)
    s.close()
    opened = vault.open_as(data / "selfgov.db", USERS[D], PASSWORD, backup_dir=data / "backups")
    s, ctx = opened.store, opened.ctx
    try:
        accounts.create_user(ctx, USERS[M], "委员乙", M, PASSWORD)
        accounts.create_user(ctx, USERS[R], "只读丙", R, PASSWORD)
        c = s.conn
        sid = c.execute("SELECT id FROM sessions WHERE kind = 'hearing' ORDER BY id").fetchone()[0]
        public = c.execute("SELECT id FROM notices WHERE public = 1 ORDER BY id").fetchone()[0]
        internal = c.execute("SELECT id FROM notices WHERE public = 1 AND id != ? ORDER BY id",
                             [public]).fetchone()[0]
        c.execute("UPDATE notices SET public = 0 WHERE id = ?", [internal])
        assembly = c.execute("SELECT id FROM sessions WHERE kind IN ('residents_meeting',"
                             " 'representatives_meeting') ORDER BY id").fetchone()[0]
        matter = c.execute("SELECT id FROM decision_matters ORDER BY id").fetchone()[0]
        # a session whose 协议书 can be written (names: the roles that keep records) and one
        # whose 评议结果公示 is stored as public (masked for the board: every role)
        agreed = next(sid_ for (sid_,) in c.execute("SELECT id FROM sessions WHERE kind ="
                                                    " 'coordination' ORDER BY id DESC")
                      if any(d.key == "agreement" and d.available
                             for d in session_docs.documents(s, sid_)))
        evaluated = next(sid_ for (sid_,) in c.execute("SELECT id FROM sessions WHERE kind ="
                                                       " 'evaluation' ORDER BY id DESC")
                         if session_docs.build(s, sid_, "evaluation_result_notice")[1].public)
        backup_to(c, s.key, root / "backup.db")
        shutil.copy(s.keys_path, root / "backup.keys")
    finally:
        s.close()
    roster = root / "roster.csv"
    with open(roster, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADERS)
        w.writerows(row_of(k, p) for k, p in enumerate(people(3, seed=5), 1))
    return {"root": root, "data": data, "sid": sid, "public": public, "internal": internal,
            "assembly": assembly, "matter": matter, "agreed": agreed, "evaluated": evaluated,
            "backup": root / "backup.db", "roster": roster}


def _cases(p: dict, out: Path) -> dict[str, tuple[list[str], set[StaffRole]]]:
    """Sub-command (or a variant of one) → its arguments and the roles that may run it."""
    return {
        "demo": (["demo", "--force"], DIRECTOR),
        "info": (["info"], ALL),
        "accounts": (["accounts", "list"], DIRECTOR),
        "accounts add": (["accounts", "add", "xinren", "--name", "新人", "--role", "委员"], DIRECTOR),
        "accounts disable": (["accounts", "disable", USERS[M]], DIRECTOR),
        "accounts reset-password": (["accounts", "reset-password", USERS[R]], DIRECTOR),
        "import-roster": (["import-roster", str(p["roster"])], WRITE),
        "import-roster --dry-run": (["import-roster", str(p["roster"]), "--dry-run"], ALL),
        "export-roster": (["export-roster", str(out / "r.xlsx")], WRITE),
        "export-roster .csv": (["export-roster", str(out / "r.csv")], WRITE),
        "roster-template": (["roster-template", str(out / "t.xlsx")], ALL),
        "backup": (["backup", str(out / "b.db")], DIRECTOR),
        "restore": (["restore", str(p["backup"])], DIRECTOR),
        "backups": (["backups"], ALL),
        "export-minutes": (["export-minutes", str(p["sid"]), str(out / "m.pdf")], WRITE),
        "notices": (["notices"], ALL),
        "export-notice": (["export-notice", str(p["public"]), str(out / "n.pdf")], ALL),
        "export-notice 内部": (["export-notice", str(p["internal"]), str(out / "n.pdf")], WRITE),
        "export-ledger": (["export-ledger", str(out / "l.xlsx")], WRITE),
        "documents": (["documents", str(p["agreed"])], ALL),
        "export-document": (["export-document", str(p["agreed"]), "agreement",
                             str(out / "d.pdf")], WRITE),
        "export-document 公示": (["export-document", str(p["evaluated"]),
                                 "evaluation_result_notice", str(out / "d.pdf")], ALL),
        "sessions": (["sessions"], ALL),
        "topics": (["topics"], ALL),
        "matters": (["matters"], ALL),
        "assembly-notice": (["assembly-notice", str(p["assembly"])], WRITE),
        "matter-notice": (["matter-notice", str(p["matter"])], WRITE),
        "export-form": (["export-form", str(p["sid"]), "signin", str(out / "f.pdf")], WRITE),
    }


def test_every_sub_command_is_walked(prepared: dict, tmp_path: Path) -> None:
    walked = {name.split(" ")[0] for name in _cases(prepared, tmp_path)}
    # recover runs with the recovery key, not as an account: tests/test_sealed.py
    assert walked | {"recover"} == set(OWNER), "a new sub-command needs its roles in this table"


@pytest.mark.parametrize("role", [D, M, R], ids=lambda r: str(r))
def test_every_sub_command_with_each_role(prepared: dict, tmp_path: Path, role: StaffRole,
                                          capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SELFGOV_USER", USERS[role])
    monkeypatch.setenv("SELFGOV_PASSWORD", PASSWORD)
    monkeypatch.setenv("SELFGOV_NEW_PASSWORD", "Xin#Mima-2026q")
    failures = []
    for name, (args, allowed) in _cases(prepared, tmp_path).items():
        case = tmp_path / name.replace(" ", "_")
        data = case / "data"
        shutil.copytree(prepared["data"], data)
        out = case / "out"
        out.mkdir()
        args = [a.replace(str(tmp_path), str(case)) if a.startswith(str(tmp_path)) else a
                for a in args]
        args = [str(out / Path(a).name) if a.startswith(str(case)) else a for a in args]
        rc = cli.main(["--data-dir", str(data), *args])
        err = capsys.readouterr().err
        if role in allowed:
            if rc != 0:
                failures.append(f"{name}: {role} refused ({rc}): {err.strip()}")
        else:
            if rc != 2 or "无权" not in err:
                failures.append(f"{name}: {role} not refused ({rc}): {err.strip()}")
            if any(out.iterdir()):
                failures.append(f"{name}: {role} wrote {[f.name for f in out.iterdir()]}")
    assert failures == []


def test_an_unknown_or_disabled_account_cannot_act(prepared: dict, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    shutil.copytree(prepared["data"], data)
    monkeypatch.setenv("SELFGOV_USER", "nobody")
    monkeypatch.setenv("SELFGOV_PASSWORD", PASSWORD)
    assert cli.main(["--data-dir", str(data), "export-roster", str(tmp_path / "r.xlsx")]) == 2
    capsys.readouterr()
    opened = vault.open_as(data / "selfgov.db", USERS[D], PASSWORD, backup_dir=data / "backups")
    try:
        uid = accounts.get(opened.store, USERS[M]).id  # type: ignore[union-attr]
        accounts.set_active(opened.ctx, uid, False)
    finally:
        opened.store.close()
    monkeypatch.setenv("SELFGOV_USER", USERS[M])
    assert cli.main(["--data-dir", str(data), "export-roster", str(tmp_path / "r.xlsx")]) == 2
    assert capsys.readouterr().err.strip()
    assert not (tmp_path / "r.xlsx").exists()


def _services(p: dict, out: Path):  # noqa: ANN202 - (name, call(ctx), allowed roles)
    from selfgov_desktop.documents import (audit_export, decision_docs as dd_writers, forms,
                                           minutes, notices as notice_docs, roster_template)
    from selfgov_desktop.services import audit, backups, decision_docs, demo, paper
    from selfgov_desktop.services import documents as docs
    from selfgov_desktop.documents.session_writers import WRITERS
    from selfgov_desktop.services import roster_export

    def audit_export_call(ctx: Context) -> None:
        data = audit.export_data(ctx)
        audit_export.write_audit_xlsx(out / "a.xlsx", data.title, data.rows)

    return [
        ("roster_export.export_roster", lambda c: roster_export.export_roster(
            c, out / "r.csv", roster_template.write_roster), WRITE),
        ("roster_export.save_rejects", lambda c: roster_export.save_rejects(
            c, out / "x.xlsx", ["姓名"], [(2, ["甲"], "拒绝", "原因")],
            roster_template.write_rejects), WRITE),
        ("documents.export_ledger", lambda c: docs.export_ledger(
            c, out / "l.xlsx", dd_writers.write_ledger), WRITE),
        ("decision_docs.export_ledger", lambda c: decision_docs.export_ledger(
            c, out / "l.xlsx", dd_writers.write_ledger), WRITE),
        ("documents.export_minutes", lambda c: docs.export_minutes(
            c, p["sid"], out / "m.pdf", minutes.write), WRITE),
        ("decision_docs.export_minutes", lambda c: decision_docs.export_minutes(
            c, p["assembly"], out / "m.pdf", minutes.write), WRITE),
        ("documents.export_notice public", lambda c: docs.export_notice(
            c, p["public"], out / "n.pdf", notice_docs.write), ALL),
        ("documents.export_notice 内部", lambda c: docs.export_notice(
            c, p["internal"], out / "n.pdf", notice_docs.write), WRITE),
        ("session_docs.export_document", lambda c: session_docs.export_document(
            c, p["agreed"], "agreement", out / "d.pdf", WRITERS), WRITE),
        ("session_docs.export_document 公示", lambda c: session_docs.export_document(
            c, p["evaluated"], "evaluation_result_notice", out / "d.pdf", WRITERS), ALL),
        ("paper.export_form", lambda c: paper.export_form(
            c, p["sid"], "signin", out / "f.pdf", forms.write), WRITE),
        ("audit.export_data", audit_export_call, DIRECTOR),
        ("backups.backup_file_to", lambda c: backups.backup_file_to(c, out / "b.db"), DIRECTOR),
        ("backups.restore", lambda c: backups.restore(
            c, p["backup"], c.store.path.parent / "backups"), DIRECTOR),
        ("demo.fill", lambda c: demo.fill(c), DIRECTOR),
    ]


@pytest.mark.parametrize("role", [D, M, R], ids=lambda r: str(r))
def test_every_exporting_service_with_each_role(prepared: dict, tmp_path: Path,
                                                role: StaffRole) -> None:
    data = tmp_path / "data"
    shutil.copytree(prepared["data"], data)
    out = tmp_path / "out"
    out.mkdir()
    s = vault.open_as(data / "selfgov.db", USERS[D], PASSWORD, backup_dir=data / "backups").store
    failures = []
    try:
        ctx = Context(s, USERS[role], role)
        for name, call, allowed in _services(prepared, out):
            if name == "demo.fill" and role in allowed:
                continue  # allowed, but it would fill on top of the demo: the CLI walk ran it
            before = set(out.iterdir())
            try:
                call(ctx)
            except PermissionDenied:
                if role in allowed:
                    failures.append(f"{name}: {role} refused")
                if set(out.iterdir()) != before:
                    failures.append(f"{name}: {role} refused but wrote a file")
                continue
            if role not in allowed:
                failures.append(f"{name}: {role} not refused")
    finally:
        s.close()
    assert failures == []
