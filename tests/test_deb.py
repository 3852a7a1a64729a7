"""`make deb`: the Debian package made from the bundle runs from where it unpacks, names the
program 居委会三会工作台 in the menus, and installs and removes with dpkg, leaving the data."""

from __future__ import annotations

import configparser
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import frozen_build
import pytest

from selfgov_desktop import __version__

pytestmark = [
    pytest.mark.slow,
    pytest.mark.bundle,  # built once per CI run: `make test-faketime` leaves these out
    frozen_build.skip_unless_wanted,
    pytest.mark.skipif(sys.platform != "linux" or shutil.which("dpkg-deb") is None,
                       reason="dpkg-deb is needed (Debian/Ubuntu)"),
]
NAME = "selfgov-desktop"


def _run(argv: list[str], **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, timeout=300, **kw)


def _field(deb: Path, name: str) -> str:
    return _run(["dpkg-deb", "--field", str(deb), name]).stdout.strip()


def test_package_metadata_and_layout():
    deb = frozen_build.deb()
    assert _field(deb, "Package") == NAME
    assert _field(deb, "Version") == __version__
    depends = _field(deb, "Depends")
    # the libraries build.spec leaves to the system, found from the bundle's own files
    for lib in ("libc6 (>= 2.", "libfontconfig1", "libx11-6", "libcups2", "libglib2.0-0"):
        assert lib in depends, depends
    listing = _run(["dpkg-deb", "--contents", str(deb)]).stdout.splitlines()
    assert listing and all(" root/root " in line for line in listing), listing[:5]
    paths = {line.split()[-1] if " -> " not in line else line.split()[-3] for line in listing}
    for p in ("./usr/bin/selfgov-desktop", f"./opt/{NAME}/{NAME}",
              f"./usr/share/applications/{NAME}.desktop",
              f"./usr/share/icons/hicolor/scalable/apps/{NAME}.svg",
              f"./usr/share/icons/hicolor/256x256/apps/{NAME}.png",
              f"./usr/share/doc/{NAME}/copyright"):
        assert p in paths, p
    # nothing outside /opt and /usr: no maintainer scripts, nothing in anyone's home
    assert {p.split("/")[1] for p in paths if p.count("/") > 1} == {"opt", "usr"}
    members = _run(["dpkg-deb", "--info", str(deb)]).stdout
    assert "postrm" not in members and "prerm" not in members, members


def test_unpacked_program_runs_and_the_menu_names_it(tmp_path: Path):
    root = tmp_path / "root"
    assert _run(["dpkg-deb", "-x", str(frozen_build.deb()), str(root)]).returncode == 0
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(root / "usr/share/applications" / f"{NAME}.desktop", encoding="utf-8")
    d = entry["Desktop Entry"]
    assert d["Name[zh_CN]"] == "居委会三会工作台"
    assert d["Name"].isascii() and "Committee" in d["Name"]
    assert d["Exec"] == NAME and d["Icon"] == NAME and d["Type"] == "Application"
    assert d["Terminal"] == "false" and "Office" in d["Categories"].split(";")
    launcher = root / "usr/bin" / NAME
    assert os.access(launcher, os.X_OK)
    assert f"exec /opt/{NAME}/{NAME} " in launcher.read_text(encoding="utf-8")
    # the launcher names /opt, so the unpacked copy is run by its own path
    exe = root / "opt" / NAME / NAME
    version = _run([str(exe), "--version"])
    assert version.returncode == 0 and __version__ in version.stdout, version.stderr
    data = tmp_path / "数据 folder"
    demo = _run([str(exe), "--data-dir", str(data), "demo"])
    assert demo.returncode == 0, demo.stderr
    info = _run([str(exe), "--data-dir", str(data), "info", "--json"])
    assert info.returncode == 0, info.stderr
    assert (data / "selfgov.db").is_file()
    assert any(isinstance(v, int) and v > 100 for v in json.loads(info.stdout).values()), info.stdout


def _installed(package: str) -> bool:
    status = _run(["dpkg-query", "-W", "-f=${Status}", package]).stdout
    return "installed" in status and "not-installed" not in status


def _unmet(deb: Path) -> list[str]:
    """Depends alternatives of which no package is installed (dpkg -i would refuse)."""
    unmet = []
    for alternatives in _field(deb, "Depends").split(","):
        names = [a.split("(")[0].strip() for a in alternatives.split("|")]
        if not any(_installed(n) for n in names):
            unmet.append(alternatives.strip())
    return unmet


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="installing with dpkg needs root (CI runs as root)")
def test_installs_with_dpkg_and_removal_leaves_the_data(tmp_path: Path):
    deb = frozen_build.deb()
    if _installed(NAME):
        pytest.skip(f"{NAME} is installed on this machine: not touching it")
    if unmet := _unmet(deb):
        pytest.skip(f"dpkg -i would refuse: not installed here: {', '.join(unmet)}")
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "SELFGOV_"))}
    env["HOME"] = str(home)
    install = _run(["dpkg", "-i", str(deb)])
    try:
        assert install.returncode == 0, install.stdout + install.stderr
        assert _installed(NAME)
        on_path = shutil.which(NAME, path="/usr/bin")
        assert on_path == f"/usr/bin/{NAME}"
        version = _run([NAME, "--version"], env=env)
        assert version.returncode == 0 and __version__ in version.stdout, version.stderr
        # no --data-dir: the data goes to this user's own folder
        demo = _run([NAME, "demo"], env=env)
        assert demo.returncode == 0, demo.stderr
        data = home / ".local/share" / NAME / "selfgov.db"
        assert data.is_file()
        assert Path(f"/usr/share/applications/{NAME}.desktop").is_file()
    finally:
        remove = _run(["dpkg", "-r", NAME])
    assert remove.returncode == 0, remove.stdout + remove.stderr
    assert not _installed(NAME)
    for gone in (f"/usr/bin/{NAME}", f"/opt/{NAME}", f"/usr/share/applications/{NAME}.desktop"):
        assert not os.path.exists(gone), gone
    assert data.is_file() and data.stat().st_size > 0  # the user's data stays
    assert _run(["dpkg", "-P", NAME]).returncode == 0
    assert data.is_file()
