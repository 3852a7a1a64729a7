"""Accounts: password hashing, the first administrator, roles, lockout after failures."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest

from selfgov_desktop.domain import passwords
from selfgov_desktop.domain.errors import UserError
from selfgov_desktop.domain.model import StaffRole
from selfgov_desktop.services import accounts, settings
from selfgov_desktop.services.base import Context, PermissionDenied

PW = "居委会Pass2026"


@pytest.fixture(autouse=True)
def fast_scrypt(monkeypatch):
    """Cheaper scrypt for speed; test_real_parameters checks the shipped ones."""
    monkeypatch.setattr(passwords, "N", 2**10)


def audit_rows(store, action_prefix=""):
    return store.conn.execute(
        "SELECT actor, action, entity_id, summary, before, after FROM audit_log"
        " WHERE action LIKE ? ORDER BY id", [action_prefix + "%"]).fetchall()


def test_real_parameters_are_memory_hard():
    assert passwords.N >= 2**10  # patched here; the module default is checked below
    import importlib

    fresh = importlib.reload(passwords)
    try:
        assert fresh.N >= 2**17 and fresh.R >= 8  # OWASP floor for scrypt
        h = fresh.hash_password("correct horse")
        assert h.startswith(f"scrypt${fresh.N}$8$1$")
        assert fresh.verify_password("correct horse", h)
    finally:
        importlib.reload(passwords)


def test_hash_is_salted_and_verifies():
    a, b = passwords.hash_password(PW), passwords.hash_password(PW)
    assert a != b  # salted
    assert PW not in a
    assert passwords.verify_password(PW, a)
    assert not passwords.verify_password(PW + "x", a)
    assert not passwords.verify_password(PW, None)
    assert not passwords.verify_password(PW, "garbage")
    # a tampered hash asking for absurd memory is refused, not computed
    n, r, p, salt, key = a.split("$")[1:]
    assert not passwords.verify_password(PW, f"scrypt${2**30}${r}${p}${salt}${key}")


@pytest.mark.parametrize("bad", ["short", "aaaaaaaaaa", "12345678", " leading1x"])
def test_weak_passwords_refused(bad):
    with pytest.raises(UserError):
        passwords.check_strength(bad)


def test_first_admin_only_once(store):
    assert not accounts.has_users(store)
    ctx, changed = accounts.create_first_admin(store, "wang", "王主任", PW, PW)
    assert ctx.actor == "wang" and ctx.role == StaffRole.DIRECTOR
    assert "staff_users" in changed.entities
    assert accounts.has_users(store)
    with pytest.raises(UserError):
        accounts.create_first_admin(store, "li", "李", PW, PW)
    row = store.conn.execute("SELECT password_hash FROM staff_users").fetchone()
    assert row[0].startswith("scrypt$") and PW not in row[0]
    assert [r[1] for r in audit_rows(store, "account.")] == ["account.create"]


def test_password_never_in_database_or_log(store, caplog):
    caplog.set_level(logging.DEBUG)
    accounts.create_first_admin(store, "wang", "王主任", PW, PW)
    ctx = accounts.login(store, "wang", PW)
    with pytest.raises(UserError):
        accounts.login(store, "wang", PW + "wrong")
    accounts.change_password(ctx, "wang", PW, PW + "新", PW + "新")
    with pytest.raises(UserError):  # the password typed into the user-name field
        accounts.login(store, PW + "wrong", PW)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = store.path.read_bytes()
    for secret in (PW, PW + "wrong", PW + "新"):
        assert secret.encode("utf-8") not in raw
        assert secret not in caplog.text
    tables = [r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    dump = "\n".join(repr(row) for t in tables for row in store.conn.execute(f'SELECT * FROM "{t}"'))
    assert PW not in dump


def test_mismatched_confirm_and_duplicate_name(store):
    with pytest.raises(UserError, match="不一致"):
        accounts.create_first_admin(store, "wang", "王", PW, PW + "1")
    accounts.create_first_admin(store, "wang", "王", PW)
    admin = Context(store, "wang", StaffRole.DIRECTOR)
    with pytest.raises(UserError, match="已被使用"):
        accounts.create_user(admin, "wang", "另一个王", StaffRole.MEMBER, PW)
    with pytest.raises(UserError, match="用户名"):
        accounts.create_user(admin, "a b", "空格", StaffRole.MEMBER, PW)


def test_login_ok_and_wrong(store):
    accounts.create_first_admin(store, "wang", "王主任", PW)
    ctx = accounts.login(store, " wang ", PW)
    assert (ctx.actor, ctx.role) == ("wang", StaffRole.DIRECTOR)
    with pytest.raises(UserError, match="不正确"):
        accounts.login(store, "wang", "nope-nope")
    with pytest.raises(UserError, match="不正确"):
        accounts.login(store, "nobody", PW)
    actions = [r[1] for r in audit_rows(store, "login.")]
    assert actions == ["login.ok", "login.failed", "login.failed"]


def test_pause_after_repeated_failures(store):
    accounts.create_first_admin(store, "wang", "王主任", PW)
    t0 = dt.datetime(2026, 11, 29, 9, 0, 0)
    for i in range(accounts.MAX_FAILURES - 1):
        with pytest.raises(UserError, match="不正确"):
            accounts.login(store, "wang", f"wrong-{i}", now=t0)
    with pytest.raises(UserError, match="暂停"):
        accounts.login(store, "wang", "wrong-last", now=t0)
    # even the right password is refused while paused
    with pytest.raises(UserError, match="暂停"):
        accounts.login(store, "wang", PW, now=t0 + dt.timedelta(seconds=30))
    user = accounts.get(store, "wang")
    assert user.failed_logins == accounts.MAX_FAILURES
    # after the pause the right password works and resets the count
    ctx = accounts.login(store, "wang", PW, now=t0 + dt.timedelta(minutes=1, seconds=1))
    assert ctx.actor == "wang"
    assert accounts.get(store, "wang").failed_logins == 0


def test_pause_grows_and_is_capped():
    assert accounts.pause_after(accounts.MAX_FAILURES - 1) is None
    first = accounts.pause_after(accounts.MAX_FAILURES)
    second = accounts.pause_after(accounts.MAX_FAILURES + 1)
    assert first and second and second > first
    assert accounts.pause_after(100) == accounts.LONGEST_PAUSE


def test_roles_enforced(store):
    accounts.create_first_admin(store, "wang", "王主任", PW)
    admin = accounts.login(store, "wang", PW)
    accounts.create_user(admin, "li", "李委员", StaffRole.MEMBER, PW)
    accounts.create_user(admin, "zhao", "赵", "只读", PW)
    member = accounts.login(store, "li", PW)
    viewer = accounts.login(store, "zhao", PW)
    assert member.role == StaffRole.MEMBER and viewer.role == StaffRole.READONLY
    assert accounts.can_write(member.role) and not accounts.can_write(viewer.role)
    assert accounts.can_administer(admin.role) and not accounts.can_administer(member.role)
    with pytest.raises(PermissionDenied):
        accounts.create_user(member, "x1", "x", StaffRole.MEMBER, PW)
    with pytest.raises(PermissionDenied):
        settings.set_value(member, "idle", 5)
    with pytest.raises(PermissionDenied):
        viewer.require_write()
    member.require_write()


def test_disable_and_last_director(store):
    admin_ctx, _ = accounts.create_first_admin(store, "wang", "王主任", PW)
    with pytest.raises(UserError, match="最后一个主任"):
        accounts.set_active(admin_ctx, accounts.get(store, "wang").id, False)
    with pytest.raises(UserError, match="最后一个主任"):
        accounts.set_role(admin_ctx, accounts.get(store, "wang").id, StaffRole.MEMBER)
    accounts.create_user(admin_ctx, "li", "李委员", StaffRole.MEMBER, PW)
    li = accounts.get(store, "li")
    accounts.set_active(admin_ctx, li.id, False)
    with pytest.raises(UserError, match="停用"):
        accounts.login(store, "li", PW)
    accounts.set_active(admin_ctx, li.id, True)
    assert accounts.login(store, "li", PW).actor == "li"
    accounts.set_role(admin_ctx, li.id, StaffRole.DIRECTOR)
    assert accounts.get(store, "li").role == StaffRole.DIRECTOR
    rows = audit_rows(store, "account.")
    assert [r[1] for r in rows] == ["account.create", "account.create", "account.disable",
                                    "account.enable", "account.role"]
    role_row = rows[-1]
    assert json.loads(role_row[4]) == {"role": "委员"} and json.loads(role_row[5]) == {"role": "主任"}
    assert all(r[0] == "wang" for r in rows)


def test_change_and_reset_password(store):
    admin_ctx, _ = accounts.create_first_admin(store, "wang", "王主任", PW)
    accounts.create_user(admin_ctx, "li", "李委员", StaffRole.MEMBER, PW)
    li_ctx = accounts.login(store, "li", PW)
    with pytest.raises(UserError, match="原密码"):
        accounts.change_password(li_ctx, "li", "wrong-old", "Another#2026")
    accounts.change_password(li_ctx, "li", PW, "Another#2026", "Another#2026")
    with pytest.raises(UserError):
        accounts.login(store, "li", PW)
    assert accounts.login(store, "li", "Another#2026").actor == "li"
    # forgot it: the director resets, which also lifts a pause
    for i in range(accounts.MAX_FAILURES):
        with pytest.raises(UserError):
            accounts.login(store, "li", f"bad-{i}")
    accounts.reset_password(admin_ctx, accounts.get(store, "li").id, "Fresh#Start1")
    assert accounts.login(store, "li", "Fresh#Start1").role == StaffRole.MEMBER


def test_rehash_on_login_when_parameters_change(store, monkeypatch):
    accounts.create_first_admin(store, "wang", "王主任", PW)
    old = store.conn.execute("SELECT password_hash FROM staff_users").fetchone()[0]
    monkeypatch.setattr(passwords, "N", 2**11)
    accounts.login(store, "wang", PW)
    new = store.conn.execute("SELECT password_hash FROM staff_users").fetchone()[0]
    assert new != old and new.startswith(f"scrypt${2**11}$")
    assert accounts.login(store, "wang", PW).actor == "wang"


# Writing services that legitimately check no role: logging in and the first account, one's
# own password, log entries about reads/exports already checked, demo data (empty store only),
# and recomputing derived columns.
NO_ROLE_NEEDED = {"create_first_admin", "change_password", "login", "record_logout",
                  "record_export", "record_reveal", "record_data_export", "fill",
                  "recompute", "recompute_open", "recompute_all"}


def test_every_writing_service_checks_the_role():
    """Static check over services/: a public function that opens a transaction calls
    ctx.require…() (只读 accounts can view and print, never write)."""
    import ast
    from pathlib import Path

    import selfgov_desktop.services as pkg

    unchecked, seen = [], 0
    for path in sorted(Path(pkg.__file__).parent.rglob("*.py")):
        src = path.read_text(encoding="utf-8")
        for node in ast.parse(src).body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            seg = ast.get_source_segment(src, node) or ""
            if ".tx()" not in seg:
                continue
            seen += 1
            if "require" not in seg and node.name not in NO_ROLE_NEEDED:
                unchecked.append(f"{path.name}:{node.name}")
    assert seen >= 20
    assert unchecked == [], f"writing services without a role check: {unchecked}"


def test_member_cannot_copy_everything_out(store, tmp_path):
    from selfgov_desktop.services import backups

    member = Context(store, "li", StaffRole.MEMBER)
    usb = tmp_path / "usb"
    usb.mkdir()
    with pytest.raises(PermissionDenied):
        backups.backup_to_folder(member, usb)
    with pytest.raises(PermissionDenied):
        backups.backup_file_to(member, usb / "x.db")
    assert not list(usb.iterdir())
