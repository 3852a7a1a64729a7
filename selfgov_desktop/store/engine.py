"""The SQLite engine under every connection: SQLCipher 4 through `sqlcipher3` (a DB-API 2.0
module with the standard library's sqlite3 interface, wheels for Windows and Linux).

Every connection of ours comes from here, sealed or not, so one set of exception classes is
caught everywhere (`Error`, `DatabaseError`, `IntegrityError` are sqlcipher3's, not the
standard library's). A sealed file is keyed with a raw 32-byte data key (no passphrase
derivation in SQLCipher: store/keys.py derives and wraps it) and 16 KiB cipher pages; a plain
file (tests, an old store before it is sealed) is plain SQLite with 16 KiB pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlcipher3 import dbapi2 as sqlite  # type: ignore[import-untyped]

Error: type[Exception] = sqlite.Error
DatabaseError: type[Exception] = sqlite.DatabaseError
IntegrityError: type[Exception] = sqlite.IntegrityError
OperationalError: type[Exception] = sqlite.OperationalError
Row: Any = sqlite.Row
sqlite_version_info: tuple[int, int, int] = sqlite.sqlite_version_info

# A new file gets 16 KiB pages (an existing plain one keeps its own): a committee's file is
# tens of MB, read in scans; a 50,000-row import then commits and checkpoints a quarter as
# many pages (~45 ms less). A sealed file's page size is its cipher page size, fixed here:
# every connection to it (and every backup of it) must use the same.
PAGE_SIZE = 16384
KEY_BYTES = 32
CACHE_KIB = 65536
_HEADER = b"SQLite format 3\x00"


def key_pragmas(conn: Any, key: bytes | None, schema: str = "main") -> None:
    """Key a connection (or an attached `schema`) before anything else touches it."""
    conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our message, not stderr's
    if key is None:
        return
    if len(key) != KEY_BYTES:
        raise ValueError("data key must be 32 bytes")
    conn.execute(f"PRAGMA {schema}.key = \"x'{key.hex()}'\"")
    conn.execute(f"PRAGMA {schema}.cipher_page_size = {PAGE_SIZE}")
    # Decrypted pages stay in SQLite's own cache (the OS cache holds only ciphertext): without
    # it every search-as-you-type scan decrypts the whole table again (2.5x slower at 50,000
    # residents, make bench); 64 MiB holds such a file whole and is only taken as it is used.
    conn.execute(f"PRAGMA {schema}.cache_size = -{CACHE_KIB}")
    # Sorts and temporary tables stay in memory: no temporary file, sealed or not, is ever
    # written beside the data (a committee's largest sort is a few MB).
    conn.execute("PRAGMA temp_store = MEMORY")


def connect(path: Path | str, key: bytes | None, *, uri: bool = False,
            timeout: float = 5.0) -> Any:
    """A connection without implicit transactions, keyed when `key` is given."""
    conn = sqlite.connect(str(path), isolation_level=None, timeout=timeout, uri=uri,
                          check_same_thread=True)
    try:
        key_pragmas(conn, key)
        if key is None:
            conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    except BaseException:
        conn.close()
        raise
    return conn


def is_sealed_file(path: Path) -> bool:
    """A file with content that is not plain SQLite (SQLCipher's first page is random-looking)."""
    try:
        with open(path, "rb") as f:
            head = f.read(16)
    except OSError:
        return False
    return len(head) == 16 and head != _HEADER


def is_plain_file(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(16) == _HEADER
    except OSError:
        return False
