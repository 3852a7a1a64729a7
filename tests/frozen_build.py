"""The frozen program for the bundle and package tests, built at most once per state of the
sources: PyInstaller's output is kept in build/test-frozen/KEY/, KEY being a hash of
everything that goes into it (the package's sources, resources/, build.spec, the packaging
scripts and icons, the installed distributions and Python). A second run of the suite on
the same checkout reuses it. The tests carry the `bundle` marker (`make test-faketime` runs
`-m 'not bundle'`); SELFGOV_SKIP_BUNDLE=1 skips them as well, where a marker expression is not
at hand (the Windows workflow, which builds and runs the frozen program in steps of its own)."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "test-frozen"
SKIP_ENV = "SELFGOV_SKIP_BUNDLE"
NAME = "selfgov-desktop"

skip_unless_wanted = pytest.mark.skipif(
    os.environ.get(SKIP_ENV, "") not in ("", "0"),
    reason=f"{SKIP_ENV} is set: the bundle and package were tested in the first run")


def _inputs() -> list[Path]:
    files = [ROOT / "build.spec", ROOT / "pyproject.toml"]
    for folder, pattern in (("selfgov_desktop", "*.py"), ("resources", "*"),
                            ("packaging/linux", "*"), ("packaging/icons", "*")):
        files += sorted(p for p in (ROOT / folder).rglob(pattern)
                        if p.is_file() and "__pycache__" not in p.parts)
    return files


def key() -> str:
    h = hashlib.sha256(sys.version.encode())
    for dist in sorted(f"{d.metadata['Name']}=={d.version}"
                       for d in importlib.metadata.distributions()):
        h.update(dist.encode())
    for path in _inputs():
        h.update(str(path.relative_to(ROOT)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _forget_others(current: str) -> None:
    """Outputs for other keys are stale (each is ~170 MB); half-built ones of this key are
    another worker's, left alone."""
    if CACHE.is_dir():
        for p in CACHE.iterdir():
            if not p.name.startswith((current, f".{current}")):
                shutil.rmtree(p, ignore_errors=True)


def _publish(tmp: Path, done: Path) -> None:
    try:
        os.replace(tmp, done)
    except OSError:  # another worker finished first: its copy serves
        shutil.rmtree(tmp, ignore_errors=True)


@functools.cache
def bundle() -> Path:
    """dist/selfgov-desktop as `make bundle` makes it (the same build.spec)."""
    k = key()
    done = CACHE / k
    if not (done / "dist" / NAME / NAME).is_file():
        _forget_others(k)
        tmp = CACHE / f".{k}-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        pyinstaller = Path(sys.executable).parent / "pyinstaller"
        build = subprocess.run(
            [str(pyinstaller), "--noconfirm", "--distpath", str(tmp / "dist"),
             "--workpath", str(tmp / "work"), str(ROOT / "build.spec")],
            cwd=ROOT, capture_output=True, text=True, timeout=900)
        assert build.returncode == 0, build.stderr[-3000:]
        shutil.rmtree(tmp / "work", ignore_errors=True)
        _publish(tmp, done)
    return done / "dist" / NAME


@functools.cache
def deb() -> Path:
    """The .deb made from bundle() by packaging/linux/build_deb.py, as `make deb` does, but
    gzip-compressed: xz -6 takes minutes on a busy 2-core machine, gzip ~20 s."""
    b = bundle()
    out = b.parent.parent / "deb"
    found = sorted(out.glob(f"{NAME}_*.deb")) if out.is_dir() else []
    if found:
        return found[0]
    tmp = out.with_name(f"deb-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    made = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "linux" / "build_deb.py"), "--bundle", str(b),
         "--out", str(tmp), "--compression", "gzip"],
        capture_output=True, text=True, timeout=900)
    assert made.returncode == 0, made.stderr[-3000:]
    with contextlib.suppress(OSError):
        os.replace(tmp, out)
    shutil.rmtree(tmp, ignore_errors=True)
    return next(out.glob(f"{NAME}_*.deb"))
