"""Write a file whole or not at all: into a temporary name beside it, then rename.

A file open in Excel/WPS cannot be replaced on Windows; that (and a lock file left by the
office program) becomes a clear UserError instead of a half-written file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..domain.errors import UserError


def _open_elsewhere(path: Path) -> bool:
    """Excel leaves ~$name.xlsx beside an open file, LibreOffice/WPS .~lock.name#."""
    d, n = path.parent, path.name
    return (d / f"~${n}").exists() or (d / f"~${n[2:]}").exists() or (d / f".~lock.{n}#").exists()


def _busy(path: Path) -> UserError:
    return UserError(f"文件“{path.name}”正被其他程序（如 Excel、WPS 或 PDF 阅读器）打开，无法覆盖。"
                     f"请先关闭该文件再导出，或换一个文件名。位置：{path.parent}")


def write_atomic(path: str | os.PathLike[str], write: Callable[[Path], None]) -> Path:
    """Call write(tmp_path) and move the result to `path` in one rename."""
    target = Path(path).expanduser().resolve()
    if not target.parent.is_dir():
        raise UserError(f"文件夹不存在：{target.parent}")
    if target.exists() and _open_elsewhere(target):
        raise _busy(target)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".~tmp-", suffix=target.suffix, dir=target.parent)
    except PermissionError as exc:
        raise UserError(f"没有权限在文件夹 {target.parent} 中写入文件，请换一个位置。") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        try:
            os.replace(tmp, target)
        except PermissionError as exc:
            raise _busy(target) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    return write_atomic(path, write)
