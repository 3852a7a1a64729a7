"""Where things are: the one switch between running from source and running frozen."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_dir

from .domain.owner_only import restrict_dir

ENV_DATA_DIR = "SELFGOV_DATA_DIR"


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def resources_dir() -> Path:
    """resources/ beside the package in a checkout; inside the bundle when frozen."""
    if is_frozen():
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """--data-dir, else $SELFGOV_DATA_DIR, else the platform's per-user data folder."""
    chosen = override or os.environ.get(ENV_DATA_DIR)
    path = Path(chosen) if chosen else Path(user_data_dir("selfgov-desktop", appauthor=False))
    path = Path(os.path.abspath(path.expanduser()))
    # the folders above are resolved; the data folder itself is not, so that a symbolic link
    # there is seen (and refused) by ensure_data_dir
    return path.parent.resolve() / path.name if path.name else path.resolve()


def ensure_data_dir(path: Path) -> Path:
    """The data folder, created owner-only when it does not exist. A folder that exists keeps
    its permissions (it may be shared: only what this program creates is made private); a
    symbolic link is refused."""
    from .domain.errors import UserError

    if path.is_symlink():
        raise UserError(f"数据目录 {path} 是一个符号链接（指向 {os.readlink(path)}）。为免居民数据被写到"
                        "别处，程序不使用符号链接作数据目录；请用 --data-dir 直接指定实际的文件夹。")
    created = not path.exists()
    path.mkdir(parents=True, exist_ok=True)
    if created:
        restrict_dir(path)  # owner-only: residents' personal data (0700; an ACL on Windows)
    return path


def db_path(data: Path) -> Path:
    return data / "selfgov.db"


def log_path(data: Path) -> Path:
    return data / "selfgov.log"


def backups_dir(data: Path) -> Path:
    return data / "backups"
