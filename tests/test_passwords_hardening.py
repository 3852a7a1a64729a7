"""Issue 17 item 8: scrypt at OWASP's floor, common passwords refused, stored parameters bounded."""

from __future__ import annotations

import time

import pytest

from selfgov_desktop.domain import passwords
from selfgov_desktop.domain.errors import UserError
from selfgov_desktop.services import accounts

PW = "居委会Pass2026"


def test_the_shipped_cost_is_owasps_floor() -> None:
    assert passwords.N >= 2**17 and passwords.R >= 8 and passwords.P >= 1


@pytest.mark.parametrize("weak", ["password", "qwertyui", "12345678a", "Password2026!",
                                  "a12345678", "P@ssw0rd", "woaini1314", "1qaz2wsx"])
def test_common_passwords_are_refused_with_a_friendly_message(weak: str) -> None:
    with pytest.raises(UserError, match="太常见"):
        passwords.check_strength(weak)


@pytest.mark.parametrize("good", [PW, "wmjwhgz2026!", "Fresh#Start1", "绿化带改造-3号楼"])
def test_ordinary_good_passwords_pass(good: str) -> None:
    passwords.check_strength(good)


def test_a_common_password_is_refused_when_an_account_is_made(store, monkeypatch) -> None:
    monkeypatch.setattr(passwords, "N", 2**10)
    with pytest.raises(UserError, match="太常见"):
        accounts.create_first_admin(store, "wang", "王主任", "qwertyui")
    assert not accounts.has_users(store)


def _with(stored: str, n: int, r: int, p: int) -> str:
    _prefix, _n, _r, _p, salt, key = stored.split("$")
    return f"scrypt${n}${r}${p}${salt}${key}"


@pytest.mark.parametrize("n, r, p", [(2**20, 8, 16), (2**18, 8, 1), (2**10, 32, 1),
                                     (2**10, 8, 2), (3, 8, 1), (0, 8, 1), (2**10, 0, 1)])
def test_a_stored_hash_costlier_than_ours_is_refused_at_once(n: int, r: int, p: int,
                                                             monkeypatch) -> None:
    monkeypatch.setattr(passwords, "N", 2**10)
    stored = _with(passwords.hash_password(PW), n, r, p)
    started = time.perf_counter()
    assert passwords.verify_password(PW, stored) is False
    assert time.perf_counter() - started < 1.0


def test_a_cheaper_stored_hash_still_verifies_and_is_made_again(store, monkeypatch) -> None:
    monkeypatch.setattr(passwords, "N", 2**10)
    accounts.create_first_admin(store, "wang", "王主任", PW)
    monkeypatch.setattr(passwords, "N", 2**12)
    assert accounts.login(store, "wang", PW).actor == "wang"
    stored = store.conn.execute("SELECT password_hash FROM staff_users").fetchone()[0]
    assert stored.startswith(f"scrypt${2**12}$8$1$")
