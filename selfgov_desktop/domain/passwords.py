"""Password hashes with scrypt (memory-hard). The clear text is never stored or logged.

Format (the `staff_users.password_hash` column): ``scrypt$N$r$p$salt_hex$hash_hex``. The
parameters live in the string, so stronger defaults later still verify old hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from .errors import UserError

# N=2**17, r=8 (OWASP's floor for scrypt): 128 MiB of memory per attempt and ~0.3 s on an
# office PC; a GPU farm pays the same memory for every guess. p=1 keeps it on one core. A hash
# made with other parameters is made again at the next login.
N = 2**17
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


# Passwords every guessing list starts with (and their common shapes below): refused.
COMMON = frozenset([
    "password", "passw0rd", "p@ssw0rd", "p@ssword", "password1", "password123", "qwerty",
    "qwertyui", "qwertyuiop", "qwerty123", "asdfghjk", "asdfghjkl", "zxcvbnm", "zxcvbnm1",
    "1qaz2wsx", "qazwsxedc", "1q2w3e4r", "1q2w3e4r5t", "zaq12wsx", "abc12345", "abcd1234",
    "abcdefgh", "a1b2c3d4", "aa123456", "iloveyou", "letmein", "welcome", "welcome1",
    "admin123", "administrator", "admin888", "root1234", "sunshine", "princess", "football",
    "baseball", "monkey123", "dragon123", "master123", "trustno1", "woaini1314", "woaini520",
    "5201314", "wodemima", "mima1234", "mima123456", "zhangwei", "88888888", "66666666",
    "11111111", "147258369", "159357456", "123123123", "123qweasd", "qweasdzxc", "1234qwer",
    "qwer1234", "selfgov", "juweihui", "juweihui1", "shanghai", "shanghai1", "china123",
    "changeme",
])


def _common(password: str) -> bool:
    low = password.lower()
    if low in COMMON:
        return True
    core = low.rstrip("0123456789!@#$%.*_-")  # password2026!, qwerty123…
    if len(core) >= 4 and core in COMMON:
        return True
    letters = [ch for ch in low if not ch.isdigit()]
    digits = "".join(ch for ch in low if ch.isdigit())
    # 12345678a, a12345678, 87654321x: a run of digits with a letter or two stuck on
    return len(letters) <= 2 and len(digits) >= 6 and (
        digits in "01234567890123456789" or digits in "98765432109876543210"
        or len(set(digits)) == 1)


def check_strength(password: str) -> None:
    """Refuse passwords that are too easy; the message says what is wanted."""
    if len(password) < MIN_LENGTH:
        raise UserError(f"密码至少需要{MIN_LENGTH}个字符。")
    if password.strip() != password:
        raise UserError("密码的开头和结尾不能是空格。")
    if len(set(password)) < 3:
        raise UserError("密码太简单（字符过于重复），请换一个。")
    if password.isdigit() and password in "0123456789012345678909876543210":
        raise UserError("密码不能是连续的数字，请换一个。")
    if _common(password):
        raise UserError("这个密码太常见（如 password、qwertyui、12345678a 一类），很容易被猜到，请换一个。"
                        "可以用一句好记的话的拼音首字母加上数字和符号，如“wmjwhgz2026!”。")


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
    if not acceptable(n, r, p):  # a tampered row must not eat memory or time
        return False
    return hmac.compare_digest(_derive(password, salt, n, r, p), key)


def acceptable(n: int, r: int, p: int) -> bool:
    """Parameters read from a stored hash: valid for scrypt and no costlier than what this
    program writes (N, R, P), so a row edited in the file cannot make a login take seconds
    and gigabytes."""
    return (2 <= n <= N and n & (n - 1) == 0 and 1 <= r <= R and 1 <= p <= P
            and n * r <= N * R)


def needs_rehash(stored: str) -> bool:
    parsed = _parse(stored)
    return parsed is None or parsed[:3] != (N, R, P)
