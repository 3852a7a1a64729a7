"""Write a file whole or not at all: into a temporary name beside it, then rename.

A file open in Excel/WPS cannot be replaced on Windows; that (and a lock file left by the
office program) becomes a clear UserError naming the file, the old file stays as it was, and
the temporary file is removed whatever went wrong. What is written is the owner's only
(0600; on Windows an access list for the user alone: domain.owner_only), since exports
carry residents' personal data."""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ..domain.errors import UserError
from ..domain.owner_only import restrict_file

# Windows: a virus scanner or the search indexer may hold a new file for a moment; a file
# open in Excel stays held. Tries of os.replace before telling the user (POSIX never refuses).
REPLACE_TRIES = 5 if os.name == "nt" else 1
REPLACE_PAUSE = 0.1  # seconds, growing with each try

_SPREADSHEETS = {".xlsx", ".xlsm", ".xls", ".csv", ".et"}


def _open_elsewhere(path: Path) -> bool:
    """Excel leaves ~$name.xlsx beside an open file, LibreOffice/WPS .~lock.name#."""
    d, n = path.parent, path.name
    return (d / f"~${n}").exists() or (d / f"~${n[2:]}").exists() or (d / f".~lock.{n}#").exists()


def _busy(path: Path) -> UserError:
    program = "PDF 阅读器或 WPS" if path.suffix.lower() == ".pdf" else "Excel/WPS"
    if path.suffix.lower() not in _SPREADSHEETS | {".pdf"}:
        program = "其他程序（如 Excel/WPS）"
    return UserError(f"文件“{path.name}”正被其他程序打开，无法覆盖。请先关闭 {program} 中的这个文件再试，"
                     f"或换一个文件名。位置：{path.parent}")


def _replace(tmp: Path, target: Path) -> None:
    for attempt in range(1, REPLACE_TRIES + 1):
        try:
            os.replace(tmp, target)
            return
        except PermissionError as exc:
            if attempt == REPLACE_TRIES:
                raise _busy(target) from exc
            time.sleep(REPLACE_PAUSE * attempt)


def write_atomic(path: str | os.PathLike[str], write: Callable[[Path], object]) -> Path:
    """Call write(tmp_path) (its result is ignored) and move the file to `path` in one rename."""
    target = Path(path).expanduser().resolve()
    if not target.parent.is_dir():
        raise UserError(f"文件夹不存在：{target.parent}")
    if target.exists() and _open_elsewhere(target):
        raise _busy(target)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".~tmp-", suffix=target.suffix, dir=target.parent)
    except PermissionError as exc:
        raise UserError(f"没有权限在文件夹 {target.parent} 中写入文件，请换一个位置。") from exc
    tmp = Path(tmp_name)
    try:
        os.close(fd)
        write(tmp)
        restrict_file(tmp)  # mkstemp made it 0600, but a writer may have made it anew
        _replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):  # a handle the writer left open (Windows): not our error
            tmp.unlink(missing_ok=True)
        raise
    return target


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    return write_atomic(path, write)
