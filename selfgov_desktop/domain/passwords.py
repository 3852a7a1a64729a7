"""Password hashes with scrypt (memory-hard). The clear text is never stored or logged.

Format (the `staff_users.password_hash` column): ``scrypt$N$r$p$salt_hex$hash_hex``. The
parameters live in the string, so stronger defaults later still verify old hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from .errors import UserError

# N=2**15, r=8: 32 MiB of memory per attempt and ~0.1 s on an office PC; a GPU farm pays
# the same memory for every guess. p=1 keeps it on one core.
N = 2**15
R = 8
P = 1
SALT_BYTES = 16
KEY_BYTES = 32
MIN_LENGTH = 8
_PREFIX = "scrypt"


def _maxmem(n: int, r: int, p: int) -> int:
    return 128 * r * (n + p + 2) + 1024 * 1024


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=_maxmem(n, r, p), dklen=KEY_BYTES)


def check_strength(password: str) -> None:
    """Refuse passwords that are too easy; the message says what is wanted."""
    if len(password) < MIN_LENGTH:
        raise UserError(f"密码至少需要 {MIN_LENGTH} 个字符。")
    if password.strip() != password:
        raise UserError("密码的开头和结尾不能是空格。")
    if len(set(password)) < 3:
        raise UserError("密码太简单（字符过于重复），请换一个。")
    if password.isdigit() and password in "0123456789012345678909876543210":
        raise UserError("密码不能是连续的数字，请换一个。")


def hash_password(password: str, *, n: int | None = None, r: int | None = None,
                  p: int | None = None) -> str:
    n, r, p = n or N, r or R, p or P
    salt = secrets.token_bytes(SALT_BYTES)
    key = _derive(password, salt, n, r, p)
    return f"{_PREFIX}${n}${r}${p}${salt.hex()}${key.hex()}"


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    try:
        prefix, n, r, p, salt, key = stored.split("$")
        if prefix != _PREFIX:
            return None
        return int(n), int(r), int(p), bytes.fromhex(salt), bytes.fromhex(key)
    except (ValueError, AttributeError):
        return None


def verify_password(password: str, stored: str | None) -> bool:
    """Constant-time compare. An empty or malformed hash never matches."""
    parsed = _parse(stored or "")
    if parsed is None:
        # Spend the same time as a real check so timing does not tell "no such account".
        _derive(password, b"\0" * SALT_BYTES, N, R, P)
        return False
    n, r, p, salt, key = parsed
    if n > 2**20 or r > 32 or p > 16:  # a tampered row must not eat all memory
        return False
    return hmac.compare_digest(_derive(password, salt, n, r, p), key)


def needs_rehash(stored: str) -> bool:
    parsed = _parse(stored)
    return parsed is None or parsed[:3] != (N, R, P)
