"""A lock on the data folder for the CLI, in the same file and format as Qt's QLockFile
(PID, application name, host name), so the GUI and the CLI refuse each other.

Beside the PID, the file is held with the platform's own lock while it is in use, so a file
left by a crashed process is told from a live one even when its PID has been reused: flock()
on POSIX (as QLockFile does there), msvcrt.locking() on Windows, which has no flock."""

from __future__ import annotations

import contextlib
import importlib
import os
import socket
import sys
from pathlib import Path
from typing import Any

from ..domain.errors import UserError

LOCK_NAME = "selfgov.lock"


def _optional(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


fcntl: Any = _optional("fcntl")  # POSIX
msvcrt: Any = _optional("msvcrt")  # Windows
WINDOWS = os.name == "nt"  # module flags, so tests walk the Windows path on any system
# msvcrt.locking() locks bytes, and on Windows nobody else may read locked bytes: the lock is
# on one byte far past the PID lines (Windows allows locking beyond the end of a file), so
# another process can still read who holds it.
MSVCRT_BYTE = 1 << 20


class DataDirBusy(UserError):
    pass


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":  # pragma: no cover - Windows
        kernel32: Any = importlib.import_module("ctypes").windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)
        if handle:
            kernel32.CloseHandle(handle)
            return True
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _flock(fd: int) -> bool:
    """Take the platform's lock on the open file without waiting; False when another holds it."""
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        elif msvcrt is not None:
            os.lseek(fd, MSVCRT_BYTE, os.SEEK_SET)
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            finally:
                os.lseek(fd, 0, os.SEEK_SET)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    """Closing the file ends flock(); Windows ends msvcrt's lock "when resources allow", so
    it is ended here first."""
    if fcntl is None and msvcrt is not None:
        with contextlib.suppress(OSError):
            os.lseek(fd, MSVCRT_BYTE, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)


def _process_name() -> str:
    # QLockFile compares this line with the holder's executable name to tell a live lock.
    return os.path.basename(os.path.realpath(sys.executable))


def holder(lock_path: Path) -> int | None:
    """PID of a live holder of the lock, or None."""
    try:
        pid = int(lock_path.read_text(encoding="utf-8", errors="replace").splitlines()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pid if pid != os.getpid() and _pid_alive(pid) else None


class DataDirLock:
    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / LOCK_NAME
        self.held = False
        self._fd: int | None = None

    def acquire(self) -> None:
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            except FileExistsError:
                pid = holder(self.path)
                if pid is not None or not self._stale_file_free():
                    raise DataDirBusy(
                        f"数据目录 {self.path.parent} 正被另一个程序窗口或命令使用"
                        f"{f'（进程 {pid}）' if pid else ''}。请先关闭它再试。"
                    ) from None
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()  # stale: its process is gone
                continue
            _flock(fd)
            os.write(fd, f"{os.getpid()}\n{_process_name()}\n{socket.gethostname()}\n".encode())
            self._fd = fd
            self.held = True
            return
        raise DataDirBusy(f"无法锁定数据目录 {self.path.parent}，请稍后再试。")

    def _stale_file_free(self) -> bool:
        """True when nobody holds flock() on the existing lock file."""
        try:
            fd = os.open(self.path, os.O_RDWR)
        except FileNotFoundError:
            return True
        except OSError:  # Windows: QLockFile keeps its file open to nobody else but readers
            return False
        try:
            free = _flock(fd)
            if free:
                _unlock(fd)
            return free
        finally:
            os.close(fd)

    def release(self) -> None:
        if not self.held:
            return
        if WINDOWS:  # an open file cannot be deleted there: let go of it first
            self._close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        self._close()  # POSIX: after the unlink, so nobody finds a released but present file
        self.held = False

    def _close(self) -> None:
        if self._fd is not None:
            _unlock(self._fd)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> DataDirLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
