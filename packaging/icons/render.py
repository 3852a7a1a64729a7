"""Render the icon's PNG (Linux desktop entry) and ICO (Windows exe and installer) from the SVG.

    .venv/bin/python packaging/icons/render.py

Run after editing selfgov-desktop.svg; the outputs are committed so a build needs no Qt SVG
step. Qt draws the SVG (QtSvg ships with PySide6), Pillow writes the multi-size ICO."""

from __future__ import annotations

import io
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent
SVG = HERE / "selfgov-desktop.svg"


def render(size: int) -> Image.Image:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(SVG)).render(painter)
    painter.end()
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return Image.open(io.BytesIO(bytes(buf.data())))


def main() -> None:
    _app = QGuiApplication([])
    big = render(256)
    big.save(HERE / "selfgov-desktop.png", optimize=True)
    big.save(HERE / "selfgov-desktop.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64),
                                                   (128, 128), (256, 256)])


if __name__ == "__main__":
    main()
