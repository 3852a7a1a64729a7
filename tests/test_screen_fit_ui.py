"""Every page and dialog fits the office screens, measured in logical pixels by a separate
program (tests/ui_sizes.py) run under QT_SCALE_FACTOR 1.0, 1.25 and 1.5:

- 1366×768 at 100 % (728 above the taskbar), the most common office screen;
- 1920×1080 at 125 % and 150 % (1536×816 and 1280×680 logical above the taskbar);
- 字号 大 (×1.2) on the 1366×768 screen: 1138×607 logical.

The step page's own bar (下一步) stays on screen because the page's minimum height fits;
the form scrolls up and down but never sideways, so its content must fit the width left."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from selfgov_desktop.ui.text_size import SIZES

HERE = Path(__file__).parent
NAV_AND_MARGINS = 150 + 2 * 16  # main_window: the navigation list and the page margins

# (scale factor, logical screen above the taskbar)
SCREENS = {
    "1.0": (1366, 728),
    "1.25": (1536, 816),
    "1.5": (1280, 680),
}
LARGE = SIZES["大"]
LARGE_SCREEN = (int(1366 / LARGE), int(728 / LARGE))


@pytest.fixture(scope="module")
def sizes(demo_db_file):
    procs = {}
    for scale in SCREENS:
        env = dict(os.environ, QT_SCALE_FACTOR=scale, QT_QPA_PLATFORM="offscreen",
                   SELFGOV_IGNORE_TEXT_SIZE="1")
        procs[scale] = subprocess.Popen([sys.executable, str(HERE / "ui_sizes.py"), str(demo_db_file.parent)],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    out = {}
    for scale, p in procs.items():
        stdout, stderr = p.communicate(timeout=300)
        assert p.returncode == 0, stderr[-2000:]
        out[scale] = json.loads(stdout.strip().splitlines()[-1])
        assert out[scale]["scale"] == scale
    return out


def _too_big(found: dict[str, list[int]], limit: tuple[int, int]) -> dict[str, list[int]]:
    return {k: v for k, v in found.items() if v[0] > limit[0] or v[1] > limit[1]}


def _screens():
    yield from ((scale, screen) for scale, screen in SCREENS.items())
    yield ("1.0", LARGE_SCREEN)  # 大 is the same layout on a screen 1.2 times smaller


@pytest.mark.parametrize(("scale", "screen"), list(_screens()),
                         ids=[f"{s}@{w}x{h}" for s, (w, h) in _screens()])
def test_everything_fits(sizes, scale, screen):
    got = sizes[scale]
    assert got["errors"] == []
    assert len(got["dialogs"]) >= 20 and len(got["steps"]) >= 30  # it looked at everything
    w, h = got["window"]
    assert w <= screen[0] and h <= screen[1], got["window"]
    page_room = (screen[0] - NAV_AND_MARGINS, 10_000)  # pages scroll up and down, not sideways
    assert _too_big(got["pages"], page_room) == {}
    step_room = (screen[0] - NAV_AND_MARGINS, screen[1] - 40)  # the step page does not scroll
    assert _too_big(got["steps"], step_room) == {}
    form_room = screen[0] - NAV_AND_MARGINS - got["view_overhead"]
    assert {k: v for k, v in got["widths"].items() if v > form_room} == {}
    assert _too_big(got["dialogs"], (screen[0], screen[1] - 30)) == {}  # less the title bar


def test_scale_factors_give_the_same_logical_layout(sizes):
    base = sizes["1.0"]
    for scale in ("1.25", "1.5"):
        assert sizes[scale]["window"] == base["window"]
        assert sizes[scale]["dialogs"].keys() == base["dialogs"].keys()
