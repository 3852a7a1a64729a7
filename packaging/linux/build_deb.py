"""Build the Debian package from the PyInstaller bundle (`make deb`).

    python packaging/linux/build_deb.py [--bundle dist/selfgov-desktop] [--out dist]

The package, for Debian/Ubuntu and the 信创 desktops built on them (统信 UOS, 银河麒麟):
  /opt/selfgov-desktop/                      the bundle as `make bundle` made it
  /usr/bin/selfgov-desktop                   a launcher on the PATH
  /usr/share/applications/selfgov-desktop.desktop   居委会三会工作台 (and the English name)
  /usr/share/icons/hicolor/{scalable,256x256}/apps/selfgov-desktop.{svg,png}
  /usr/share/doc/selfgov-desktop/copyright
It has no maintainer scripts: the menus and icon caches are refreshed by the dpkg triggers of
desktop-file-utils and hicolor-icon-theme, and the data lives in each user's own folder
(~/.local/share/selfgov-desktop), which the package never touches, so `dpkg -r` and even
`dpkg -P` leave it. Only dpkg-deb is used: no network, no debhelper.

The bundle carries Python, Qt and the fonts; what it leaves to the system (build.spec's
SYSTEM_LIBS and the X11/xcb libraries Qt's xcb platform plugin links to) becomes Depends:
the packages holding the libraries its files name and do not carry, as dpkg-shlibdeps would
find them, so the names are those of the building system's release (libglib2.0-0 on Debian
12, libglib2.0-0t64 on Debian 13). The bundle links against that system's glibc, and
libc6 (>= x.y) is read from the bundle's own symbol versions: build on the oldest release
you ship to, or dpkg there refuses the package, naming libc6."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NAME = "selfgov-desktop"
PREFIX = Path("opt") / NAME
ICONS = ROOT / "packaging" / "icons"

# The program's screen font when the desktop has no CJK font (the documents carry their own).
RECOMMENDS = ["fonts-wqy-microhei | fonts-noto-cjk"]

DESKTOP = """\
[Desktop Entry]
Type=Application
Version=1.0
Name=Residents' Committee Meetings Workbench
Name[zh_CN]=居委会三会工作台
GenericName=Hearings, coordination and evaluation meetings
GenericName[zh_CN]=听证会、协调会、评议会
Comment=Residents, the three meetings step by step, minutes, notices and ledgers (offline)
Comment[zh_CN]=居民花名册、三会逐步办理、会议记录、公示和台账（不联网）
Exec=selfgov-desktop
TryExec=selfgov-desktop
Icon=selfgov-desktop
Terminal=false
Categories=Office;
Keywords=residents;committee;meeting;居委会;三会;听证会;协调会;评议会;
"""

LAUNCHER = f"""\
#!/bin/sh
# {NAME}: the program lives in /{PREFIX}; the data in each user's own folder.
exec /{PREFIX}/{NAME} "$@"
"""

COPYRIGHT = """\
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: selfgov-desktop

Files: *
Comment: The program, with Python, Qt for Python (LGPL-3.0) and the libraries listed in
 /opt/selfgov-desktop/_internal. The bundled fonts keep their own licences
 (/opt/selfgov-desktop/_internal/resources/fonts/README.md): the Fandol faces GPL-3 with the
 font exception (Fandol-README.txt, GPL-3.txt), the cut WenQuanYi Zen Hei GPL-2 with the font
 exception (wqy-zenhei-COPYING.txt), the cut LXGW WenKai SIL OFL 1.1 (LXGWWenKai-LICENSE.txt).
"""


def deb_version(version: str) -> str:
    """PEP 440 → Debian: pre-releases and dev builds sort before the release (1.0.0~rc1)."""
    v = re.sub(r"^(\d+(?:\.\d+)*)[.-]?((?:a|b|rc|dev)\d*)", r"\1~\2", version)
    return v.replace("+", "+local.").replace("_", "~")


def architecture() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)  # the bundle is 166 MB: hard links when on the same file system
    except OSError:
        shutil.copy2(src, dst)


def _normalise(tree: Path) -> None:
    """Modes as Debian wants them: 0755 for folders and programs, 0644 for the rest."""
    for dirpath, _dirs, filenames in os.walk(tree):
        os.chmod(dirpath, 0o755)
        for name in filenames:
            p = Path(dirpath, name)
            if p.is_symlink():
                continue
            os.chmod(p, 0o755 if p.stat().st_mode & stat.S_IXUSR else 0o644)


def _write(path: Path, text: str, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)


def _installed_size_kib(tree: Path) -> int:
    total = 0
    for dirpath, _dirs, filenames in os.walk(tree):
        for name in filenames:
            p = Path(dirpath, name)
            total += 1 if p.is_symlink() else -(-p.stat().st_size // 1024)
    return total


def _elves(tree: Path) -> list[str]:
    out = []
    for p in sorted(tree.rglob("*")):
        if p.is_file() and not p.is_symlink():
            with p.open("rb") as f:
                if f.read(4) == b"\x7fELF":
                    out.append(str(p))
    return out


def _tool(argv: list[str], files: list[str]) -> str:
    """One binutils run over many files, in batches (the bundle has ~300 ELF files)."""
    if shutil.which(argv[0]) is None:
        sys.exit(f"需要 {argv[0]}（apt-get install binutils）/ {argv[0]} is needed: install binutils")
    return "".join(subprocess.run([*argv, *files[i:i + 200]], capture_output=True, text=True).stdout
                   for i in range(0, len(files), 200))


def glibc_needed(elves: list[str]) -> str | None:
    """The newest GLIBC_x.y symbol version any program or library of the bundle asks for."""
    found = {tuple(map(int, v.split(".")))
             for v in re.findall(r"GLIBC_(\d+(?:\.\d+)+)", _tool(["objdump", "-T"], elves))}
    return ".".join(map(str, max(found))) if found else None


def system_packages(tree: Path, elves: list[str]) -> tuple[list[str], list[str]]:
    """The packages that hold the shared libraries the bundle links to but does not carry
    (dpkg-shlibdeps' job, done by hand: their NEEDED entries, then `dpkg -S`), and the
    libraries no package holds. The names are those of the building system's release."""
    carried = {p.name for p in tree.rglob("*")}
    needed = set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]",
                            _tool(["readelf", "-d"], elves)))
    wanted = sorted(n for n in needed if n not in carried and not n.startswith("ld-linux"))
    if not wanted:
        return [], []
    owners = subprocess.run(["dpkg", "-S", *(f"*/{n}" for n in wanted)], capture_output=True,
                            text=True).stdout
    packages: set[str] = set()
    found: set[str] = set()
    for line in owners.splitlines():
        names, _, path = line.partition(": ")
        lib = path.rsplit("/", 1)[-1]
        if lib in wanted and "diversion" not in line:
            found.add(lib)
            packages |= {n.strip().split(":")[0] for n in names.split(",")}
    return sorted(packages), [n for n in wanted if n not in found]


def control(version: str, arch: str, size_kib: int, depends: list[str]) -> str:
    return (
        f"Package: {NAME}\n"
        f"Version: {deb_version(version)}\n"
        f"Architecture: {arch}\n"
        "Maintainer: selfgov-desktop maintainers <selfgov-desktop@localhost>\n"
        f"Installed-Size: {size_kib}\n"
        f"Depends: {', '.join(depends)}\n"
        f"Recommends: {', '.join(RECOMMENDS)}\n"
        "Section: misc\n"
        "Priority: optional\n"
        "Description: residents' committee meetings workbench (居委会三会工作台)\n"
        " An offline desktop program for Shanghai residents' committees: residents and\n"
        " groups from the street office's rosters, the hearing, coordination and evaluation\n"
        " meetings (听证会、协调会、评议会) guided step by step with the rules checked, and\n"
        " minutes, notices and Excel ledgers made from the records. Data stays on this\n"
        " computer, in each user's own folder.\n"
    )


def stage(bundle: Path, root: Path, version: str, arch: str) -> None:
    exe = bundle / NAME
    if not exe.is_file():
        sys.exit(f"没有找到程序包 {bundle}（先运行 make bundle）/ no bundle at {bundle}: run make bundle")
    shutil.copytree(bundle, root / PREFIX, symlinks=True, copy_function=_link_or_copy)
    _write(root / "usr" / "bin" / NAME, LAUNCHER, 0o755)
    _write(root / "usr" / "share" / "applications" / f"{NAME}.desktop", DESKTOP)
    icons = root / "usr" / "share" / "icons" / "hicolor"
    for sub, src in (("scalable", f"{NAME}.svg"), ("256x256", f"{NAME}.png")):
        (icons / sub / "apps").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ICONS / src, icons / sub / "apps" / src)
    _write(root / "usr" / "share" / "doc" / NAME / "copyright", COPYRIGHT)
    _normalise(root)
    size = _installed_size_kib(root)
    elves = _elves(root / PREFIX)
    glibc = glibc_needed(elves)
    packages, unowned = system_packages(root / PREFIX, elves)
    if unowned:
        print(f"warning: no package holds {', '.join(unowned)}", file=sys.stderr)
    depends = [f"{p} (>= {glibc})" if p == "libc6" and glibc else p for p in packages]
    _write(root / "DEBIAN" / "control", control(version, arch, size, depends))
    os.chmod(root / "DEBIAN", 0o755)


def build(bundle: Path, out_dir: Path, version: str, compression: str = "xz",
          level: int = 6) -> Path:
    arch = architecture()
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{NAME}_{deb_version(version)}_{arch}.deb"
    with tempfile.TemporaryDirectory(prefix="deb-", dir=out_dir) as tmp:
        root = Path(tmp) / "root"
        root.mkdir(mode=0o755)
        stage(bundle, root, version, arch)
        # xz (or gzip) rather than zstd: the dpkg of 统信 UOS 20 and 麒麟 V10 cannot read zstd
        subprocess.run(["dpkg-deb", "--root-owner-group", f"-Z{compression}", f"-z{level}",
                        "--build", str(root), str(target)],
                       check=True, stdout=subprocess.DEVNULL)
    return target


def _version() -> str:
    text = (ROOT / "selfgov_desktop" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'__version__ = "([^"]+)"', text)
    if not match:
        sys.exit("no __version__ in selfgov_desktop/__init__.py")
    return match.group(1)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bundle", type=Path, default=ROOT / "dist" / NAME)
    p.add_argument("--out", type=Path, default=ROOT / "dist")
    p.add_argument("--version", default=None, help="default: selfgov_desktop.__version__")
    p.add_argument("--compression", choices=["xz", "gzip"], default="xz")
    p.add_argument("--level", type=int, default=6, help="compression level 0-9")
    args = p.parse_args(argv)
    deb = build(args.bundle.resolve(), args.out.resolve(), args.version or _version(),
                args.compression, args.level)
    print(deb)


if __name__ == "__main__":
    main()
