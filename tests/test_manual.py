"""The user manual shows only screenshots that exist (made by `make screenshots`), each small
enough to keep in git, and links only to its own sections."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[1]
MANUAL = ROOT / "docs" / "用户手册.md"
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")


def test_the_manual_references_only_images_that_exist():
    text = MANUAL.read_text(encoding="utf-8")
    refs = IMAGE.findall(text)
    assert len(refs) >= 10
    for alt, ref in refs:
        assert alt.strip(), ref  # every screenshot says what it shows
        path = (MANUAL.parent / ref).resolve()
        assert path.is_file(), f"{ref} 不存在：运行 make screenshots"
        assert path.stat().st_size < 150 * 1024, ref
        assert not QImage(str(path)).isNull(), ref


def test_the_dashboard_screenshots_are_there_at_both_sizes():
    text = MANUAL.read_text(encoding="utf-8")
    for name, (w, h) in {"home-1366.png": (1366, 768), "home-1920.png": (1920, 1080)}.items():
        assert f"images/{name}" in text
        img = QImage(str(MANUAL.parent / "images" / name))
        assert (img.width(), img.height()) == (w, h)


def test_the_manual_covers_what_the_issue_asks():
    text = MANUAL.read_text(encoding="utf-8")
    for topic in ("安装", "第一次打开", "导入花名册", "听证会", "协调会", "评议会", "打印公告公示",
                  "导出台账", "备份与恢复"):
        assert re.search(rf"^## .*{topic}", text, re.M), topic


def test_the_table_of_contents_links_to_sections():
    text = MANUAL.read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.M)
    anchors = {re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-") for h in headings}
    for link in re.findall(r"\]\(#([^)]+)\)", text):
        assert link in anchors, link


def test_the_manual_renders_with_its_screenshots(qtbot):
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument
    from PySide6.QtWidgets import QTextBrowser

    browser = QTextBrowser()
    qtbot.addWidget(browser)
    browser.setSource(QUrl.fromLocalFile(str(MANUAL)))
    doc = browser.document()
    assert "首页" in doc.toPlainText() and doc.blockCount() > 100
    for _alt, ref in IMAGE.findall(MANUAL.read_text(encoding="utf-8")):
        image = browser.loadResource(QTextDocument.ResourceType.ImageResource.value,
                                     browser.source().resolved(QUrl(ref)))
        assert image is not None and not image.isNull(), ref


def test_make_screenshots_produces_every_image_the_manual_shows(tmp_path):
    """scripts/screenshots.py still runs against the current UI and writes each image."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "screenshots.py"), "--out", str(tmp_path)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    made = {p.name for p in tmp_path.glob("*.png")}
    wanted = {Path(ref).name for _alt, ref in IMAGE.findall(MANUAL.read_text(encoding="utf-8"))}
    assert wanted <= made, wanted - made
    for name in made:
        assert (tmp_path / name).stat().st_size < 150 * 1024, name
