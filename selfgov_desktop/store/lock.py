"""A lock on the data folder for the CLI, in the same file and format as Qt's QLockFile
(PID, application name, host name), so the GUI and the CLI refuse each other."""

from __future__ import annotations

import contextlib
import os
import socket
import sys
from pathlib import Path

try:  # POSIX: QLockFile also holds flock() on the file while it is locked
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

from ..domain.errors import UserError

LOCK_NAME = "selfgov.lock"


class DataDirBusy(UserError):
    pass


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - Windows
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)
        if handle:
            ctypes.windll.kernel32.CloseHandle(handle)
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
    if fcntl is None:  # pragma: no cover
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


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
        try:
            return _flock(fd)
        finally:
            os.close(fd)

    def release(self) -> None:
        if self.held:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
            self.held = False

    def __enter__(self) -> DataDirLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
