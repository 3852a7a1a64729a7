"""The Windows installer script and workflow cannot run here; what can be checked here is that
they stay in step with the Linux build they mirror (the same commands, the same bundle, the
same skip switch) and keep their promises (per user, data kept, Chinese names intact)."""

from __future__ import annotations

import re
from pathlib import Path

import frozen_build
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
ISS = ROOT / "packaging" / "windows" / "selfgov-desktop.iss"
WORKFLOW = ROOT / ".github" / "workflows" / "windows.yml"


def _recipe(target: str) -> list[str]:
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{target}:"))
    out = []
    for line in lines[start + 1:]:
        if not line.startswith("\t"):
            break
        out.append(line.strip())
    return out


def test_the_workflow_runs_the_makefiles_commands():
    flow = WORKFLOW.read_text(encoding="utf-8")
    (bundle,) = _recipe("bundle")
    assert bundle.startswith("$(VENV)/bin/pyinstaller ")
    assert "pyinstaller " + bundle.split("pyinstaller ", 1)[1] in flow.replace("\\Scripts\\", " ")
    installs = [line for line in _recipe("$(STAMP)") if " -m pip install " in line]
    assert any("requirements.lock" in line.replace("$(LOCK)", "requirements.lock") for line in installs)
    for line in installs:  # the same pinned packages, the same way
        windows = line.replace("$(PY)", ".venv\\Scripts\\python").replace("$(LOCK)", "requirements.lock")
        assert windows in flow, windows
    assert f"{frozen_build.SKIP_ENV}: \"1\"" in flow  # the frozen program is tested by its own steps
    for smoke in ("--version", " demo", "export-notice", "/VERYSILENT", "/CURRENTUSER", "unins000.exe"):
        assert smoke in flow, smoke


def test_the_installer_is_per_user_and_keeps_the_data():
    raw = ISS.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Inno Setup reads a script without a BOM as ANSI"
    iss = raw.decode("utf-8-sig").replace("\r\n", "\n")
    setup = dict(re.findall(r"^(\w+)=(.*)$", iss, re.M))
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["DefaultDirName"].startswith("{autopf}")  # %LOCALAPPDATA%\Programs when per user
    assert '#define AppName "居委会三会工作台"' in iss
    assert re.search(r'^Name: "\{autoprograms\}\\\{#AppName\}"; Filename: "\{app\}\\\{#AppExe\}"',
                     iss, re.M)
    body = "\n".join(line for line in iss.splitlines() if not line.lstrip().startswith(";"))
    assert "[UninstallDelete]" not in body
    assert "localappdata" not in body.split("[Code]")[0].lower()  # the data is never a target
    # what it packs is what build.spec makes
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    name = re.search(r'COLLECT\(.*name="([^"]+)"\)', spec).group(1)
    assert f'Source: "..\\..\\dist\\{name}\\*"' in iss
    assert (ISS.parent / setup["SetupIconFile"].replace("\\", "/")).resolve().is_file()


def test_the_icons_are_rendered_from_the_svg():
    icons = ROOT / "packaging" / "icons"
    assert "<svg" in (icons / "selfgov-desktop.svg").read_text(encoding="utf-8")
    with Image.open(icons / "selfgov-desktop.png") as png:
        assert png.size == (256, 256)
    with Image.open(icons / "selfgov-desktop.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
