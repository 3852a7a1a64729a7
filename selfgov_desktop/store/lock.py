"""A lock on the data folder for the CLI, in the same file and format as Qt's QLockFile
(PID, application name, host name), so the GUI and the CLI refuse each other."""

from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path

from ..domain.errors import UserError

LOCK_NAME = "selfgov.lock"


class DataDirBusy(UserError):
    pass


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":  # pragma: no cover - Windows
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


def holder(lock_path: Path) -> int | None:
    """PID of a live holder of the lock, or None."""
    try:
        pid = int(lock_path.read_text(encoding="utf-8", errors="replace").splitlines()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pid if pid != os.getpid() and _pid_alive(pid) else None


class DataDirLock:
    def __init__(self, data_dir: Path, app_name: str = "selfgov-desktop") -> None:
        self.path = Path(data_dir) / LOCK_NAME
        self.app_name = app_name
        self.held = False

    def acquire(self) -> None:
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            except FileExistsError:
                pid = holder(self.path)
                if pid is not None:
                    raise DataDirBusy(
                        f"数据目录 {self.path.parent} 正被另一个程序窗口或命令使用（进程 {pid}）。"
                        "请先关闭它再试。"
                    ) from None
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()  # stale: its process is gone
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(f"{os.getpid()}\n{self.app_name}\n{socket.gethostname()}\n")
            self.held = True
            return
        raise DataDirBusy(f"无法锁定数据目录 {self.path.parent}，请稍后再试。")

    def release(self) -> None:
        if self.held:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            self.held = False

    def __enter__(self) -> DataDirLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
