"""Files and folders with residents' personal data readable by their owner only.

POSIX: modes (0600 files, 0700 folders). Windows has no modes that mean this: there the
access list (DACL) is replaced by one that lets only the current user (and SYSTEM, which
runs backups and the virus scanner) in, and no longer inherits from the folder above
(a data folder chosen on D:\\ would otherwise inherit "Users: read"). With pywin32 installed
this is one SetNamedSecurityInfo call; without it, Windows' own icacls.exe does the same.
Folders pass it on to what is made inside them (OI)(CI), so the data folder and the backups
folder are restricted once, and an export to a chosen place file by file.

It never fails the write it protects: a file system without access lists (a FAT32 USB stick)
keeps its file as it is. Lives in domain/ only because store/, documents/ and the entry
points all need it and may all import the domain; it has no state and knows nothing of ours."""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import subprocess
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

WINDOWS = os.name == "nt"  # a module flag, so tests walk the Windows path on any system
SYSTEM_SID = "S-1-5-18"
_FILE_ALL_ACCESS = 0x1F01FF


def restrict_file(path: str | os.PathLike[str]) -> None:
    _restrict(Path(path), folder=False)


def restrict_dir(path: str | os.PathLike[str]) -> None:
    _restrict(Path(path), folder=True)


def _restrict(path: Path, *, folder: bool) -> None:
    if not WINDOWS:
        with contextlib.suppress(OSError):  # not the owner, or no modes (FAT): leave it be
            os.chmod(path, 0o700 if folder else 0o600)
        return
    try:
        done = _with_pywin32(path, folder=folder)
    except Exception:  # noqa: BLE001 - pywin32 raises its own pywintypes.error
        log.debug("SetNamedSecurityInfo failed for %s", path, exc_info=True)
        done = False
    if not done:
        _with_icacls(path, folder=folder)


def _win32security() -> Any | None:
    try:
        return importlib.import_module("win32security")
    except ImportError:
        return None


def _with_pywin32(path: Path, *, folder: bool) -> bool:
    """True when done through pywin32; False when pywin32 is not there."""
    ws = _win32security()
    if ws is None:
        return False
    token = ws.OpenProcessToken(_current_process(), ws.TOKEN_QUERY)
    user = ws.GetTokenInformation(token, ws.TokenUser)[0]
    inherit = (ws.OBJECT_INHERIT_ACE | ws.CONTAINER_INHERIT_ACE) if folder else 0
    dacl = ws.ACL()
    for sid in (user, ws.ConvertStringSidToSid(SYSTEM_SID)):
        dacl.AddAccessAllowedAceEx(ws.ACL_REVISION, inherit, _FILE_ALL_ACCESS, sid)
    ws.SetNamedSecurityInfo(str(path), ws.SE_FILE_OBJECT,
                            ws.DACL_SECURITY_INFORMATION | ws.PROTECTED_DACL_SECURITY_INFORMATION,
                            None, None, dacl, None)
    return True


def _current_process() -> Any:
    return importlib.import_module("win32api").GetCurrentProcess()


def icacls_command(path: Path, *, folder: bool, user: str) -> list[str]:
    """`icacls PATH /inheritance:r /grant:r USER:(OI)(CI)F *S-1-5-18:(OI)(CI)F`: the inherited
    entries removed, the given ones replacing any explicit ones."""
    rights = "(OI)(CI)F" if folder else "F"
    return ["icacls", str(path), "/inheritance:r", "/grant:r", f"{user}:{rights}",
            f"*{SYSTEM_SID}:{rights}", "/q"]


def _with_icacls(path: Path, *, folder: bool) -> None:
    name = os.environ.get("USERNAME")
    if not name:
        log.debug("no USERNAME: %s keeps its access list", path)
        return
    domain = os.environ.get("USERDOMAIN")
    user = f"{domain}\\{name}" if domain else name
    try:
        done = subprocess.run(icacls_command(path, folder=folder, user=user), capture_output=True,
                              timeout=30, check=False,
                              creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
    except (OSError, subprocess.SubprocessError):
        log.debug("icacls could not run for %s", path, exc_info=True)
        return
    if done.returncode != 0:
        log.debug("icacls %s: %s", path,
                  done.stdout.decode("mbcs" if os.name == "nt" else "utf-8", "replace"))
