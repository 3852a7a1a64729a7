"""字号: 标准 / 大 / 特大 for older staff. The whole window grows — text, boxes, spacing —
through Qt's scale factor, which Qt reads once when the program starts; so the choice is
kept on this PC (QSettings) and takes effect the next time the program opens.

The layouts are measured in logical pixels (tests/test_screen_fit_ui.py): at 大 (×1.2) a
1366×768 screen less its taskbar is 1138×607 logical pixels, which every page and dialog fits."""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings

from .. import APP_NAME

SIZES: dict[str, float] = {"标准": 1.0, "大": 1.2, "特大": 1.4}
KEY = "ui/text_size"


def _settings() -> QSettings:
    return QSettings(APP_NAME, APP_NAME)  # usable before the QApplication exists


def chosen() -> str:
    value = str(_settings().value(KEY, "标准") or "标准")
    return value if value in SIZES else "标准"


def choose(name: str) -> None:
    if name not in SIZES:
        raise ValueError(name)
    _settings().setValue(KEY, name)


def apply_before_start(environ: dict[str, str] | None = None) -> float:
    """Multiply QT_SCALE_FACTOR by the chosen size; call before the QApplication is made.
    Returns the factor used (1.0 = nothing changed)."""
    env = os.environ if environ is None else environ
    if env.get("SELFGOV_IGNORE_TEXT_SIZE"):  # measuring at a given scale (tests/ui_sizes.py)
        return 1.0
    factor = SIZES[chosen()]
    if factor != 1.0:
        try:
            base = float(env.get("QT_SCALE_FACTOR", "1") or "1")
        except ValueError:
            base = 1.0
        env["QT_SCALE_FACTOR"] = f"{base * factor:g}"
    return factor
