"""What every page gets: the service context (store + who acts), the bus, the data folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..services.base import Context
from .bus import Bus


@dataclass
class AppContext:
    ctx: Context
    bus: Bus
    data_dir: Path
