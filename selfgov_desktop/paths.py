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
    return path.expanduser().resolve()


def ensure_data_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    restrict_dir(path)  # owner-only: residents' personal data (0700; an ACL on Windows)
    return path


def db_path(data: Path) -> Path:
    return data / "selfgov.db"


def log_path(data: Path) -> Path:
    return data / "selfgov.log"


def backups_dir(data: Path) -> Path:
    return data / "backups"
