"""The sealed store: the data file, its WAL and every backup encrypted (SQLCipher) under a data
key kept in per-account slots and a recovery key; the command line acts as an account."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from selfgov_desktop import cli
from selfgov_desktop.domain.errors import UserError
from selfgov_desktop.domain.model import StaffRole
from selfgov_desktop.services import accounts, backups, residents, vault
from selfgov_desktop.store.backup import BackupUnusable, check_file
from selfgov_desktop.store.db import Store, WrongKey
from selfgov_desktop.store.keys import KeyFileProblem, KeyRing, normalise_recovery_code

from conftest import TEST_PASSWORD, TEST_USER, demo_clock, open_sealed

PW = "Zhuren-2026"
READER_PW = "Reader-2026"


def run(data: Path, *args: str, user: str | None = TEST_USER, password: str | None = TEST_PASSWORD,
        **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SELFGOV_")}
    if user is not None:
        env["SELFGOV_USER"] = user
    if password is not None:
        env["SELFGOV_PASSWORD"] = password
    env.update(extra)
    return subprocess.run([sys.executable, "-m", "selfgov_desktop", "--data-dir", str(data), *args],
                          capture_output=True, text=True, env=env, timeout=300, stdin=subprocess.DEVNULL)


def known_ids(store: Store, n: int = 5) -> list[str]:
    return [r[0] for r in store.conn.execute(
        "SELECT id_number FROM residents WHERE id_number IS NOT NULL ORDER BY id LIMIT ?", [n])]


@pytest.fixture(scope="module")
def sealed_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`demo` on an empty folder as the test account, a 只读 account added, one backup made."""
    data = tmp_path_factory.mktemp("sealed") / "data"
    r = run(data, "demo")
    assert r.returncode == 0, r.stderr
    assert "恢复密钥" in r.stderr and "测试主任" in r.stderr
    r = run(data, "accounts", "add", "reader", "--name", "读者", "--role", "只读",
            SELFGOV_NEW_PASSWORD=READER_PW)
    assert r.returncode == 0, r.stderr
    (data / "backups").mkdir(exist_ok=True)
    r = run(data, "backup", str(data / "backups"))
    assert r.returncode == 0, r.stderr
    return data


def copy_of(sealed_demo: Path, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(sealed_demo, data)
    return data


def test_raw_files_hold_no_personal_data_and_sqlite_cannot_read_them(sealed_demo, tmp_path):
    data = copy_of(sealed_demo, tmp_path)
    s = open_sealed(data)
    ids = known_ids(s)
    names = [r[0] for r in s.conn.execute("SELECT name FROM residents LIMIT 3")]
    assert len(ids) == 5
    # a change that stays in the WAL while the store is open
    residents.save(_ctx(s), {"name": "韦沃尔", "id_number": "310101199001011234",
                                          "phone": "13912345678"})
    wal = data / "selfgov.db-wal"
    assert wal.exists() and wal.stat().st_size > 0
    files = [data / "selfgov.db", wal, *sorted((data / "backups").glob("*.db"))]
    assert len(files) >= 3
    for f in files:
        raw = f.read_bytes()
        assert not raw.startswith(b"SQLite format 3")
        for secret in [*ids, "310101199001011234", "13912345678", *names]:
            assert secret.encode() not in raw, (f, secret)
    s.close()
    conn = sqlite3.connect(data / "selfgov.db")
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT name FROM sqlite_master").fetchall()
    conn.close()
    if shutil.which("sqlite3"):
        r = subprocess.run(["sqlite3", str(data / "selfgov.db"), ".tables"], capture_output=True,
                           text=True)
        assert r.returncode != 0 and "not a database" in r.stderr
    assert oct((data / "selfgov.keys").stat().st_mode & 0o777) == "0o600"
    # the key file holds wrapped keys only
    ring = json.loads((data / "selfgov.keys").read_text())
    assert set(ring["slots"]) == {TEST_USER, "reader"} and ring["recovery"]
    info = json.loads(run(data, "info", "--json").stdout)
    assert info["sealed"].startswith("已加密") and "selfgov.keys" in info["sealed"]


def _ctx(store: Store):
    from selfgov_desktop.services.base import Context

    return Context(store, TEST_USER, StaffRole.DIRECTOR)


def test_wrong_password_exit_2_and_counts_toward_the_pause(sealed_demo, tmp_path):
    data = copy_of(sealed_demo, tmp_path)
    r = run(data, "info", password="wrong-password")
    assert r.returncode == 2 and "用户名或密码不正确" in r.stderr and "Traceback" not in r.stderr
    for _ in range(accounts.MAX_FAILURES - 1):
        r = run(data, "info", password="wrong-password")
        assert r.returncode == 2
    assert "暂停" in r.stderr
    r = run(data, "info")  # the right password during the pause: still refused
    assert r.returncode == 2 and "暂停" in r.stderr
    r = run(data, "info", user="nobody")
    assert r.returncode == 2 and "用户名或密码不正确" in r.stderr
    # the attempts reach the audit log at the next login (after the pause: slot cleared here)
    ring = KeyRing.load(data / "selfgov.keys")
    ring.slots[TEST_USER].locked_until = None
    ring.save()
    s = open_sealed(data)
    try:
        failed = s.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'login.failed'"
                                ).fetchone()[0]
        assert failed == accounts.MAX_FAILURES + 1  # the refused-while-paused try is not one
    finally:
        s.close()


def test_no_account_no_store(sealed_demo, tmp_path):
    data = copy_of(sealed_demo, tmp_path)
    r = run(data, "info", user=None, password=None)
    assert r.returncode == 2 and "SELFGOV_USER" in r.stderr
    # --as without a terminal to ask on: exit 2, nothing opened
    r = run(data, "--as", "reader", "info", user=None, password=None)
    assert r.returncode == 2 and "residents" not in r.stdout


def test_readonly_cannot_export_restore_or_back_up(sealed_demo, tmp_path):
    data = copy_of(sealed_demo, tmp_path)
    before = sorted(p.name for p in (data / "backups").iterdir())
    backup = next((data / "backups").glob("*.db"))
    out = tmp_path / "roster.xlsx"
    for args in (("export-roster", str(out)), ("restore", str(backup)),
                 ("backup", str(tmp_path / "b.db")), ("accounts", "list")):
        r = run(data, *args, user="reader", password=READER_PW)
        assert r.returncode == 2, (args, r.stderr)
        assert "无权" in r.stderr
    assert not out.exists() and not (tmp_path / "b.db").exists()
    assert sorted(p.name for p in (data / "backups").iterdir()) == before
    r = run(data, "info", "--json", user="reader", password=READER_PW)
    assert r.returncode == 0 and json.loads(r.stdout)["residents"] > 3000


def test_a_newline_in_the_account_cannot_forge_an_audit_line(sealed_demo, tmp_path):
    data = copy_of(sealed_demo, tmp_path)
    forged = f"{TEST_USER}\n2026-11-29T09:00:00 admin backup.restore"
    r = run(data, "info", user=forged)
    assert r.returncode == 2 and "换行" in r.stderr
    r = run(data, "--as", forged, "info")
    assert r.returncode == 2 and "换行" in r.stderr
    s = open_sealed(data)
    try:
        assert s.conn.execute("SELECT count(*) FROM audit_log WHERE actor LIKE '%' || char(10) || '%'"
                              " OR summary LIKE '%' || char(10) || '%'").fetchone()[0] == 0
        actors = {r[0] for r in s.conn.execute("SELECT actor FROM audit_log")}
        assert TEST_USER in actors and "reader" not in actors - {"reader"}
    finally:
        s.close()


def test_accounts_from_the_command_line(sealed_demo, tmp_path):
    data = copy_of(sealed_demo, tmp_path)
    r = run(data, "accounts", "list", "--json")
    rows = {a["login"]: a for a in json.loads(r.stdout)}
    assert rows["reader"]["role"] == "只读" and rows["reader"]["has_key"] is True
    assert rows[TEST_USER]["role"] == "主任"
    r = run(data, "accounts", "add", "weiyuan", "--name", "委员甲", "--role", "委员",
            SELFGOV_NEW_PASSWORD="Weiyuan-2026")
    assert r.returncode == 0, r.stderr
    assert run(data, "info", user="weiyuan", password="Weiyuan-2026").returncode == 0
    r = run(data, "accounts", "reset-password", "weiyuan", SELFGOV_NEW_PASSWORD="Weiyuan-2027")
    assert r.returncode == 0, r.stderr
    assert run(data, "info", user="weiyuan", password="Weiyuan-2026").returncode == 2
    assert run(data, "info", user="weiyuan", password="Weiyuan-2027").returncode == 0
    r = run(data, "accounts", "disable", "weiyuan")
    assert r.returncode == 0, r.stderr
    assert "weiyuan" not in KeyRing.load(data / "selfgov.keys").slots
    r = run(data, "info", user="weiyuan", password="Weiyuan-2027")
    assert r.returncode == 2
    # 委员 cannot manage accounts
    r = run(data, "accounts", "add", "x1", "--name", "x", "--role", "主任", user="reader",
            password=READER_PW, SELFGOV_NEW_PASSWORD="Someone-2026")
    assert r.returncode == 2


def test_slots_follow_password_changes(tmp_path):
    opened = vault.create(tmp_path / "selfgov.db", "wang", "王主任", PW, clock=demo_clock())
    s, admin = opened.store, opened.ctx
    accounts.create_user(admin, "li", "李", "委员", "Li-pass-2026")
    ring = KeyRing.load(s.keys_path)
    assert ring.unwrap("li", "Li-pass-2026") == s.key
    li = accounts.login(s, "li", "Li-pass-2026")
    accounts.change_password(li, "li", "Li-pass-2026", "Li-pass-2027")
    ring = KeyRing.load(s.keys_path)
    assert ring.unwrap("li", "Li-pass-2026") is None and ring.unwrap("li", "Li-pass-2027") == s.key
    assert ring.unwrap("wang", PW) == s.key  # the other slot untouched
    s.close()
    with pytest.raises(UserError):
        vault.open_as(tmp_path / "selfgov.db", "li", "Li-pass-2026")
    again = vault.open_as(tmp_path / "selfgov.db", "li", "Li-pass-2027")
    assert again.ctx.role == StaffRole.MEMBER
    again.store.close()


def test_recovery_key_opens_the_store_when_every_password_is_lost(tmp_path):
    db = tmp_path / "selfgov.db"
    opened = vault.create(db, "wang", "王主任", PW, clock=demo_clock())
    code = opened.recovery_code
    assert code and normalise_recovery_code(code.lower().replace("-", " ")) == code
    residents.save(opened.ctx, {"name": "张三", "id_number": "310101199001011234"})
    opened.store.close()
    with pytest.raises(UserError, match="恢复密钥不正确"):
        vault.recover(db, "22222-22222-22222-22222-22222-22222", "wang", "New-pass-2026")
    with pytest.raises(UserError, match="恢复密钥不正确"):
        vault.recover(db, "not a code", "wang", "New-pass-2026")
    back = vault.recover(db, code.lower(), "wang", "New-pass-2026")
    assert back.store.conn.execute("SELECT name FROM residents").fetchone()[0] == "张三"
    back.store.close()
    with pytest.raises(UserError):
        vault.open_as(db, "wang", PW)
    again = vault.open_as(db, "wang", "New-pass-2026")
    assert again.ctx.role == StaffRole.DIRECTOR
    assert again.store.conn.execute("SELECT count(*) FROM audit_log WHERE actor = '恢复密钥'"
                                    ).fetchone()[0] == 1
    again.store.close()


def test_recovery_from_the_command_line(tmp_path):
    data = tmp_path / "data"
    r = run(data, "info")
    code = next(line.strip() for line in r.stderr.splitlines() if line.startswith("    "))
    r = run(data, "recover", TEST_USER, user=None, password=None,
            SELFGOV_RECOVERY_KEY=code, SELFGOV_NEW_PASSWORD="Recovered-2026")
    assert r.returncode == 0, r.stderr
    assert run(data, "info").returncode == 2
    assert run(data, "info", password="Recovered-2026").returncode == 0


def test_key_file_bounds_and_absence(tmp_path):
    db = tmp_path / "selfgov.db"
    vault.create(db, "wang", "王主任", PW).store.close()
    keys = tmp_path / "selfgov.keys"
    data = json.loads(keys.read_text())
    data["slots"]["wang"]["n"] = 2**30  # a tampered file must not eat all memory
    keys.write_text(json.dumps(data))
    with pytest.raises(KeyFileProblem):
        vault.open_as(db, "wang", PW)
    keys.unlink()
    with pytest.raises(UserError):
        vault.open_as(db, "wang", PW)
    with pytest.raises(WrongKey):  # a plain Store on a sealed file with its keys beside it
        keys.write_text("{}")
        Store(db)


def test_upgrade_seals_the_current_demo_and_loses_nothing(demo_db_file, tmp_path):
    data = tmp_path / "data"
    (data / "backups").mkdir(parents=True)
    shutil.copy(demo_db_file, data / "selfgov.db")
    plain = Store(data / "selfgov.db", clock=demo_clock())
    accounts.create_first_admin(plain, "wang", "王主任", PW)
    ctx = accounts.login(plain, "wang", PW)
    accounts.create_user(ctx, "li", "李", "委员", "Li-pass-2026")
    backups.backup_now(plain, data / "backups")
    (data / "backups" / "坏的.db").write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    ids = known_ids(plain, 50)
    tables = [r[0] for r in plain.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    before = {t: plain.conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall()
              for t in tables if t not in ("audit_log", "staff_users")}
    plain.close()
    # a 委员's login does not seal (the 主任 must be able to open the result)
    member = vault.open_as(data / "selfgov.db", "li", "Li-pass-2026")
    assert member.store.key is None and member.notes
    member.store.close()
    opened = vault.open_as(data / "selfgov.db", "wang", PW, backup_dir=data / "backups",
                           clock=demo_clock())
    assert opened.recovery_code and opened.store.key is not None
    assert any("已加密" in n for n in opened.notes) and any("li" in n for n in opened.notes)
    after = {t: opened.store.conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall()
             for t in before}
    assert after == before
    assert opened.store.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'store.seal'"
                                     ).fetchone()[0] == 1
    key = opened.store.key
    opened.store.close()
    leftovers = sorted(p.name for p in data.rglob("*") if p.is_file())
    assert not any(name.endswith((".sealing", ".part")) for name in leftovers)
    backups_left = sorted((data / "backups").glob("*.db"))
    assert [b.name for b in backups_left if "坏的" in b.name] == []  # told, then removed
    assert backups_left
    for f in [data / "selfgov.db", *backups_left]:
        raw = f.read_bytes()
        assert not raw.startswith(b"SQLite format 3")
        assert not any(i.encode() in raw for i in ids)
        assert check_file(f, key) == "ok"
    assert backups.list_backups(data / "backups", key=key)[0].residents == len(before["residents"])
    # the 委员 has no key until a 主任 resets the password
    with pytest.raises(UserError):
        vault.open_as(data / "selfgov.db", "li", "Li-pass-2026")


def test_restore_keeps_the_accounts_and_refuses_another_stores_backup(sealed_demo, tmp_path):
    data = copy_of(sealed_demo, tmp_path)
    old_backup = next((data / "backups").glob("*.db"))
    r = run(data, "accounts", "add", "newbie", "--name", "新人", "--role", "委员",
            SELFGOV_NEW_PASSWORD="Newbie-2026")
    assert r.returncode == 0
    r = run(data, "restore", str(old_backup))
    assert r.returncode == 0, r.stderr
    # the backup had no 'newbie'; the restore kept the current accounts (and their slots)
    assert run(data, "info", user="newbie", password="Newbie-2026").returncode == 0
    # a backup of another store (another data key) is refused, nothing changed
    other = tmp_path / "other"
    assert run(other, "info").returncode == 0
    r = run(other, "backup", str(tmp_path / "other.db"))
    assert r.returncode == 0
    r = run(data, "restore", str(tmp_path / "other.db"))
    assert r.returncode == 2 and "不是本数据目录的备份" in r.stderr
    s = open_sealed(data)
    try:
        assert s.conn.execute("SELECT count(*) FROM residents").fetchone()[0] > 3000
        with pytest.raises(BackupUnusable):
            backups.restore(_ctx(s), tmp_path / "other.db", data / "backups")
    finally:
        s.close()


def test_demo_on_an_empty_folder_without_an_account(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("SELFGOV_USER")
    monkeypatch.delenv("SELFGOV_PASSWORD")
    data = tmp_path / "data"
    assert cli.main(["--data-dir", str(data), "demo"]) == 0
    err = capsys.readouterr().err
    assert "demo" in err and "虚构" in err and "恢复密钥" in err
    monkeypatch.setenv("SELFGOV_USER", "demo")
    monkeypatch.setenv("SELFGOV_PASSWORD", "demo")
    assert cli.main(["--data-dir", str(data), "info"]) == 0
    assert "demo" in KeyRing.load(data / "selfgov.keys").slots


def test_a_new_pc_takes_a_backup_with_its_keys_and_nothing_else(tmp_path):
    """`backup` to a folder writes X.db and X.keys; an empty data folder restores them with a
    password that opened the store then; without X.keys or with another password: refused."""
    from selfgov_desktop.services.base import Context

    old = tmp_path / "old" / "selfgov.db"
    opened = vault.create(old, "wang", "王主任", PW, clock=demo_clock())
    residents.save(opened.ctx, {"name": "张三"})
    usb = tmp_path / "usb"
    usb.mkdir()
    path = Path(backups.backup_to_folder(opened.ctx, usb).data["path"])
    opened.store.close()
    assert path.with_suffix(".keys").exists()
    new = tmp_path / "new" / "selfgov.db"
    new.parent.mkdir()
    with pytest.raises(UserError, match="密码打不开"):
        vault.adopt_backup(new, path, "wang", "wrong-password")
    assert vault.state(new) is vault.State.EMPTY
    moved = vault.adopt_backup(new, path, "wang", PW)
    assert moved.store.conn.execute("SELECT name FROM residents").fetchall() == [("张三",)]
    assert isinstance(moved.ctx, Context) and moved.ctx.role == StaffRole.DIRECTOR
    moved.store.close()
    path.with_suffix(".keys").unlink()
    other = tmp_path / "other" / "selfgov.db"
    other.parent.mkdir()
    with pytest.raises(BackupUnusable, match="钥匙文件"):
        vault.adopt_backup(other, path, "wang", PW)


def test_a_new_pc_refuses_a_backup_with_an_extra_trigger(tmp_path):
    """Taking in the old PC's backup checks its schema as a restore does (issue 17): an extra
    trigger put into the sealed backup is refused and the new data folder stays empty."""
    from selfgov_desktop.store.engine import connect

    old = tmp_path / "old" / "selfgov.db"
    opened = vault.create(old, "wang", "王主任", PW, clock=demo_clock())
    key = opened.store.key
    usb = tmp_path / "usb"
    usb.mkdir()
    path = Path(backups.backup_to_folder(opened.ctx, usb).data["path"])
    opened.store.close()
    conn = connect(path, key)
    conn.execute("CREATE TRIGGER quiet AFTER INSERT ON audit_log BEGIN"
                 " UPDATE staff_users SET role = '主任'; END")
    conn.close()
    new = tmp_path / "new" / "selfgov.db"
    new.parent.mkdir()
    with pytest.raises(BackupUnusable, match="数据结构"):
        vault.adopt_backup(new, path, "wang", PW)
    assert vault.state(new) is vault.State.EMPTY


def test_a_sealed_connection_writes_no_temporary_file(tmp_path):
    """Sorts and temporary tables of a sealed connection stay in memory (temp_store MEMORY):
    no plaintext temporary file is written anywhere."""
    opened = vault.create(tmp_path / "d" / "selfgov.db", "wang", "王主任", PW, clock=demo_clock())
    try:
        assert opened.store.conn.execute("PRAGMA temp_store").fetchone()[0] == 2
    finally:
        opened.store.close()


def test_a_sealed_login_checks_the_password_once(tmp_path, monkeypatch):
    """The key slot proves the password (scrypt, its own count of failures): the login does
    not run the stored hash's scrypt again — one key derivation per command, not two."""
    from selfgov_desktop.domain import passwords

    db = tmp_path / "d" / "selfgov.db"
    vault.create(db, "wang", "王主任", PW, clock=demo_clock()).store.close()
    calls: list[str] = []
    real = passwords.verify_password
    monkeypatch.setattr(passwords, "verify_password", lambda pw, h: calls.append(pw) or real(pw, h))
    opened = vault.open_as(db, "wang", PW, clock=demo_clock())
    assert opened.ctx.actor == "wang" and calls == []
    opened.store.close()
    with pytest.raises(UserError, match="不正确"):
        vault.open_as(db, "wang", "wrong-password", clock=demo_clock())
