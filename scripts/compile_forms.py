"""Compile forms/*.ui into selfgov_desktop/ui/forms/ui_*.py with pyside6-uic.

`python scripts/compile_forms.py --check` exits 1 when a committed compiled form is stale."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "forms"
OUT = ROOT / "selfgov_desktop" / "ui" / "forms"


def uic() -> str:
    exe = Path(sys.executable).parent / "pyside6-uic"
    return str(exe) if exe.exists() else (shutil.which("pyside6-uic") or "pyside6-uic")


def compile_one(ui: Path, dest: Path) -> None:
    subprocess.run([uic(), "--from-imports", "-o", str(dest), str(ui)], check=True)


def target(ui: Path) -> Path:
    return OUT / f"ui_{ui.stem}.py"


def main(argv: list[str]) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "__init__.py").touch()
    stale = []
    for ui in sorted(FORMS.glob("*.ui")):
        if "--check" in argv:
            with tempfile.TemporaryDirectory() as tmp:
                fresh = Path(tmp) / target(ui).name
                compile_one(ui, fresh)
                current = target(ui)
                if not current.exists() or current.read_text("utf-8") != fresh.read_text("utf-8"):
                    stale.append(ui.name)
        else:
            compile_one(ui, target(ui))
            print(f"{ui.name} -> {target(ui).name}")
    if stale:
        print("stale compiled forms (run `make forms`): " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
