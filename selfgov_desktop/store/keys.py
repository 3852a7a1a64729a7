"""The keys of a sealed store, like a safe with several keys.

A random 32-byte data key encrypts the data file (SQLCipher, store/engine.py). It is never
stored as it is: the key-slot file beside the data file (`selfgov.keys`, JSON, owner-only)
holds it once per staff account, wrapped (AES-256-GCM) by a key derived from that account's
password with scrypt, and once more wrapped by the recovery key (恢复密钥) printed at first
run for the office safe. The slots cannot live inside the encrypted file (it cannot be read
before the key is known). Each wrap binds the store's id and the slot's name as associated
data, so a slot copied under another name or into another store's file does not open.

The file also counts wrong passwords per slot (the pause is decided in services/vault.py):
the encrypted file cannot be written before the key is unwrapped."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ..domain.errors import UserError
from .engine import KEY_BYTES

FORMAT = "selfgov-keys"
VERSION = 1
# scrypt for a slot: as for password hashes (32 MiB, ~0.1 s); parameters stored per slot and
# bounded on read so a tampered file cannot make a login eat all memory.
N, R, P = 2**15, 8, 1
_N_RANGE = (2**14, 2**20)
_R_MAX, _P_MAX = 32, 16
SALT_BYTES = 16
NONCE_BYTES = 12
RECOVERY_SLOT = "recovery"
# 恢复密钥: 6 groups of 5 from 32 characters a person does not confuse (no 0/O, 1/I): 150 bits.
RECOVERY_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
RECOVERY_GROUPS, RECOVERY_GROUP_LEN = 6, 5


class KeyFileProblem(UserError):
    """The key-slot file is missing, unreadable or not ours."""


def new_data_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def new_recovery_code() -> str:
    chars = [secrets.choice(RECOVERY_ALPHABET)
             for _ in range(RECOVERY_GROUPS * RECOVERY_GROUP_LEN)]
    groups = ["".join(chars[i:i + RECOVERY_GROUP_LEN])
              for i in range(0, len(chars), RECOVERY_GROUP_LEN)]
    return "-".join(groups)


def normalise_recovery_code(text: str) -> str | None:
    """The code as typed (any case, spaces or dashes between groups) → canonical, or None."""
    raw = "".join(ch for ch in text.upper() if ch not in " -\t\r\n　")
    raw = raw.replace("O", "0").replace("I", "1")  # never in the alphabet: a clear mistype
    if len(raw) != RECOVERY_GROUPS * RECOVERY_GROUP_LEN or any(
            ch not in RECOVERY_ALPHABET for ch in raw):
        return None
    return "-".join(raw[i:i + RECOVERY_GROUP_LEN] for i in range(0, len(raw), RECOVERY_GROUP_LEN))


def _kek(secret: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=128 * r * (n + p + 2) + 1024 * 1024, dklen=32)


@dataclass
class Slot:
    n: int
    r: int
    p: int
    salt: bytes
    nonce: bytes
    wrapped: bytes
    failures: int = 0
    locked_until: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"kdf": "scrypt", "n": self.n, "r": self.r, "p": self.p, "salt": self.salt.hex(),
                "nonce": self.nonce.hex(), "wrapped": self.wrapped.hex(),
                "failures": self.failures, "locked_until": self.locked_until}

    @classmethod
    def from_json(cls, data: Any) -> Slot:
        if not isinstance(data, dict) or data.get("kdf") != "scrypt":
            raise ValueError("slot")
        n, r, p = int(data["n"]), int(data["r"]), int(data["p"])
        if not (_N_RANGE[0] <= n <= _N_RANGE[1] and n & (n - 1) == 0 and 1 <= r <= _R_MAX
                and 1 <= p <= _P_MAX):
            raise ValueError("scrypt parameters out of bounds")
        salt, nonce = bytes.fromhex(data["salt"]), bytes.fromhex(data["nonce"])
        wrapped = bytes.fromhex(data["wrapped"])
        if not (SALT_BYTES <= len(salt) <= 64 and len(nonce) == NONCE_BYTES
                and len(wrapped) == KEY_BYTES + 16):
            raise ValueError("slot sizes")
        locked = data.get("locked_until")
        return cls(n, r, p, salt, nonce, wrapped, max(0, int(data.get("failures") or 0)),
                   str(locked) if locked else None)


@dataclass
class KeyRing:
    """The slot file of one store. Changes are written with `save()` (temp file, rename)."""

    path: Path
    store_id: str
    slots: dict[str, Slot] = field(default_factory=dict)
    recovery: Slot | None = None
    # wrong-password events not yet in the audit log (written there at the next login)
    pending: list[dict[str, Any]] = field(default_factory=list)

    # -- file ------------------------------------------------------------------------------
    @classmethod
    def create(cls, path: Path) -> KeyRing:
        return cls(Path(path), secrets.token_hex(16))

    @classmethod
    def load(cls, path: Path) -> KeyRing:
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise ValueError("format")
            if int(data.get("version", 0)) > VERSION:
                raise KeyFileProblem(f"钥匙文件 {path} 由更新版本的程序写入，请安装最新版本。")
            ring = cls(path, str(data["store_id"]))
            for login, slot in dict(data.get("slots") or {}).items():
                ring.slots[str(login)] = Slot.from_json(slot)
            if data.get("recovery"):
                ring.recovery = Slot.from_json(data["recovery"])
            ring.pending = [e for e in list(data.get("pending") or [])[-200:] if isinstance(e, dict)]
        except FileNotFoundError:
            raise KeyFileProblem(
                f"找不到钥匙文件 {path}。数据文件已加密，没有钥匙文件就无法打开；"
                "请把它从备份处放回数据目录（它与 selfgov.db 放在一起）。") from None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise KeyFileProblem(f"钥匙文件 {path} 无法读取（{exc}）。") from None
        return ring

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": VERSION, "store_id": self.store_id,
                "slots": {k: v.to_json() for k, v in sorted(self.slots.items())},
                "recovery": self.recovery.to_json() if self.recovery else None,
                "pending": self.pending}

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".part")
        fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        try:
            with open(fd, "w", encoding="utf-8") as f:
                json.dump(self.to_json(), f, ensure_ascii=False, indent=1)
                f.flush()
                os.fsync(f.fileno())
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        if os.name != "nt":
            os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)

    # -- wrapping --------------------------------------------------------------------------
    def _aad(self, label: str) -> bytes:
        return f"{FORMAT}/{VERSION}/{self.store_id}/{label}".encode()

    def _wrap(self, label: str, secret: str, data_key: bytes) -> Slot:
        salt, nonce = secrets.token_bytes(SALT_BYTES), secrets.token_bytes(NONCE_BYTES)
        wrapped = AESGCM(_kek(secret, salt, N, R, P)).encrypt(nonce, data_key, self._aad(label))
        return Slot(N, R, P, salt, nonce, wrapped)

    def _unwrap(self, label: str, slot: Slot, secret: str) -> bytes | None:
        kek = _kek(secret, slot.salt, slot.n, slot.r, slot.p)
        try:
            return AESGCM(kek).decrypt(slot.nonce, slot.wrapped, self._aad(label))
        except InvalidTag:
            return None

    def set_slot(self, login: str, password: str, data_key: bytes) -> None:
        """A new slot for `login` (creating, resetting or changing its password)."""
        self.slots[login] = self._wrap("user:" + login, password, data_key)

    def remove_slot(self, login: str) -> bool:
        return self.slots.pop(login, None) is not None

    def unwrap(self, login: str, password: str) -> bytes | None:
        """The data key when `password` opens `login`'s slot; None otherwise (also when there is
        no such slot: the same scrypt work is done, so timing does not tell)."""
        slot = self.slots.get(login)
        if slot is None:
            _kek(password, b"\0" * SALT_BYTES, N, R, P)
            return None
        return self._unwrap("user:" + login, slot, password)

    def set_recovery(self, code: str, data_key: bytes) -> None:
        canon = normalise_recovery_code(code)
        if canon is None:  # pragma: no cover - programming error
            raise ValueError("recovery code")
        self.recovery = self._wrap(RECOVERY_SLOT, canon, data_key)

    def unwrap_recovery(self, code: str) -> bytes | None:
        canon = normalise_recovery_code(code)
        if canon is None or self.recovery is None:
            return None
        return self._unwrap(RECOVERY_SLOT, self.recovery, canon)


def keys_path_for(db_path: Path) -> Path:
    """selfgov.db → selfgov.keys beside it."""
    return Path(db_path).with_name(Path(db_path).stem + ".keys")
