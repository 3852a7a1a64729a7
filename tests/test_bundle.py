"""The PyInstaller bundle builds from build.spec, starts frozen, and stays trimmed."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import frozen_build
import pytest

from selfgov_desktop import __version__

# aim 150: measured 164 MB, of which 27 MB are the CJK fonts (32 MB before the Fandol faces)
# and 37 MB ICU (Qt Core)
MAX_MB = 175


def _size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink()) / 2**20


@pytest.mark.slow
@pytest.mark.bundle
@frozen_build.skip_unless_wanted
def test_bundle_builds_and_runs_frozen(tmp_path):
    bundle = frozen_build.bundle()
    exe = bundle / ("selfgov-desktop.exe" if os.name == "nt" else "selfgov-desktop")
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=120)
    assert version.returncode == 0 and __version__ in version.stdout, version.stderr
    # The frozen CLI finds its resources and its database code.
    info = subprocess.run([str(exe), "--data-dir", str(tmp_path / "data"), "info"],
                          capture_output=True, text=True, timeout=120)
    assert info.returncode == 0, info.stderr
    # Sub-commands load their modules by name, and documents need fonts and templates.
    data = str(tmp_path / "demo")
    assert subprocess.run([str(exe), "--data-dir", data, "demo"], capture_output=True,
                          timeout=300).returncode == 0
    notice = subprocess.run([str(exe), "--data-dir", data, "export-notice", "1",
                             str(tmp_path / "n.pdf")], capture_output=True, text=True, timeout=300)
    assert notice.returncode == 0, notice.stderr
    fonts = subprocess.run(["pdffonts", str(tmp_path / "n.pdf")], capture_output=True, text=True)
    assert "FandolFang" in fonts.stdout and "FandolSong-Bold" in fonts.stdout, fonts.stdout
    assert (bundle / "_internal" / "resources").is_dir()
    size = _size_mb(bundle)
    print(f"bundle size: {size:.0f} MB")
    assert size <= MAX_MB, f"bundle is {size:.0f} MB, more than {MAX_MB} MB"
