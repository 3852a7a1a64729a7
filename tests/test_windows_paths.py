"""What only Windows does, simulated here: a GBK console, a file Excel holds open, msvcrt's
lock instead of flock, access lists instead of modes; and paths that are long, with spaces
and Chinese, as a committee's folders are."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
import types
from pathlib import Path

import pytest
import roster_files

from selfgov_desktop import cli
from selfgov_desktop.documents import atomic
from selfgov_desktop.domain import owner_only
from selfgov_desktop.domain.errors import UserError
from selfgov_desktop.store import lock

POSIX = os.name != "nt"


# --- a console or pipe in GBK ----------------------------------------------------------------

def test_gbk_console_or_pipe_never_crashes(tmp_path: Path):
    """Chinese Windows: output redirected to a file or pipe is GBK, which has no 𠮷."""
    data = tmp_path / "𠮷 数据"
    env = {**os.environ, "PYTHONIOENCODING": "gbk:strict"}  # strict: stderr too
    info = subprocess.run([sys.executable, "-m", "selfgov_desktop", "--data-dir", str(data), "info"],
                          capture_output=True, env=env, timeout=120)
    assert info.returncode == 0, info.stderr.decode("gbk", "replace")
    out = info.stdout.decode("gbk")  # what the console shows, in its own encoding
    assert "? 数据" in out and "schema_version" in out
    missing = subprocess.run([sys.executable, "-m", "selfgov_desktop", "--data-dir", str(data),
                              "import-roster", str(tmp_path / "𠮷家.csv")],
                             capture_output=True, env=env, timeout=120)
    err = missing.stderr.decode("gbk")
    assert missing.returncode == 2 and "?家.csv" in err and "Traceback" not in err, err


def test_safe_output_keeps_the_encoding_and_replaces():
    buf = io.BytesIO()
    stream = io.TextIOWrapper(buf, encoding="gbk", errors="strict")
    old = sys.stdout
    sys.stdout = stream
    try:
        cli.safe_output()
        print("居民 𠮷")
        stream.flush()
    finally:
        sys.stdout = old
    assert buf.getvalue().decode("gbk") == "居民 ?\n"


# --- a file held open by Excel/WPS ------------------------------------------------------------

def _denied(*_args: object) -> None:  # Windows: os.replace onto a file Excel has open
    raise PermissionError(13, "拒绝访问。")


def test_replacing_a_file_excel_holds_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "三会台账 2026.xlsx"
    target.write_bytes(b"old ledger")
    monkeypatch.setattr(os, "replace", _denied)
    monkeypatch.setattr(atomic, "REPLACE_PAUSE", 0.0)
    with pytest.raises(UserError) as e:
        atomic.write_bytes_atomic(target, b"new ledger")
    assert "请先关闭 Excel/WPS 中的这个文件再试" in e.value.message
    assert "三会台账 2026.xlsx" in e.value.message and str(tmp_path) in e.value.message
    assert target.read_bytes() == b"old ledger"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


def test_a_moment_held_by_a_virus_scanner_is_waited_out(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch):
    real = os.replace
    refusals = []

    def once(src: str, dst: str) -> None:
        if not refusals:
            refusals.append(dst)
            raise PermissionError(32, "另一个程序正在使用此文件，进程无法访问。")
        real(src, dst)

    monkeypatch.setattr(os, "replace", once)
    monkeypatch.setattr(atomic, "REPLACE_TRIES", 3)  # as on Windows
    monkeypatch.setattr(atomic, "REPLACE_PAUSE", 0.0)
    target = atomic.write_bytes_atomic(tmp_path / "花名册.csv", b"x")
    assert refusals and target.read_bytes() == b"x"


@pytest.mark.parametrize("failure", [ValueError("bad cell"), KeyboardInterrupt()])
def test_the_temporary_file_goes_whatever_fails(tmp_path: Path, failure: BaseException):
    target = tmp_path / "公示.pdf"
    target.write_bytes(b"old")

    def write(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise failure

    with pytest.raises(type(failure)):
        atomic.write_atomic(target, write)
    assert [p.name for p in tmp_path.iterdir()] == ["公示.pdf"]
    assert target.read_bytes() == b"old"


@pytest.mark.skipif(not POSIX, reason="modes are POSIX")
def test_written_files_are_the_owners_only(tmp_path: Path):
    def anew(tmp: Path) -> None:  # a writer that deletes and makes the file again (umask 022)
        tmp.unlink()
        fd = os.open(tmp, os.O_CREAT | os.O_WRONLY, 0o644)
        os.write(fd, b"\xef\xbb\xbf\xe5\xa7\x93\xe5\x90\x8d\n")
        os.close(fd)

    old = os.umask(0o022)
    try:
        target = atomic.write_atomic(tmp_path / "export.csv", anew)
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


# --- access lists instead of modes ------------------------------------------------------------

class _FakeAcl:
    def __init__(self) -> None:
        self.aces: list[tuple[int, int, int, object]] = []

    def AddAccessAllowedAceEx(self, revision: int, flags: int, mask: int, sid: object) -> None:  # noqa: N802
        self.aces.append((revision, flags, mask, sid))


def _fake_pywin32(calls: list[tuple[object, ...]]) -> tuple[types.ModuleType, types.ModuleType]:
    ws = types.ModuleType("win32security")
    ws.TOKEN_QUERY, ws.TokenUser, ws.ACL_REVISION = 8, 1, 2  # type: ignore[attr-defined]
    ws.OBJECT_INHERIT_ACE, ws.CONTAINER_INHERIT_ACE = 1, 2  # type: ignore[attr-defined]
    ws.SE_FILE_OBJECT, ws.DACL_SECURITY_INFORMATION = 1, 4  # type: ignore[attr-defined]
    ws.PROTECTED_DACL_SECURITY_INFORMATION = 0x80000000  # type: ignore[attr-defined]
    ws.ACL = _FakeAcl  # type: ignore[attr-defined]
    ws.OpenProcessToken = lambda process, access: ("token", process)  # type: ignore[attr-defined]
    ws.GetTokenInformation = lambda token, what: ("SID-user", 0)  # type: ignore[attr-defined]
    ws.ConvertStringSidToSid = lambda s: f"SID-{s}"  # type: ignore[attr-defined]
    ws.SetNamedSecurityInfo = lambda *a: calls.append(a)  # type: ignore[attr-defined]
    api = types.ModuleType("win32api")
    api.GetCurrentProcess = lambda: "process"  # type: ignore[attr-defined]
    return ws, api


def test_windows_acl_through_pywin32(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    calls: list[tuple[object, ...]] = []
    ws, api = _fake_pywin32(calls)
    monkeypatch.setitem(sys.modules, "win32security", ws)
    monkeypatch.setitem(sys.modules, "win32api", api)
    monkeypatch.setattr(owner_only, "WINDOWS", True)
    monkeypatch.setattr(owner_only.subprocess, "run", lambda *a, **k: pytest.fail("icacls run"))
    owner_only.restrict_dir(tmp_path)
    owner_only.restrict_file(tmp_path / "selfgov.db")
    (folder_call, file_call) = calls
    path, kind, info, owner, group, dacl, sacl = folder_call
    assert path == str(tmp_path) and kind == ws.SE_FILE_OBJECT
    # the inherited entries go (PROTECTED), only the user's and SYSTEM's remain
    assert info == ws.DACL_SECURITY_INFORMATION | ws.PROTECTED_DACL_SECURITY_INFORMATION
    assert (owner, group, sacl) == (None, None, None)
    assert [(flags, sid) for _rev, flags, _mask, sid in dacl.aces] == [
        (3, "SID-user"), (3, f"SID-{owner_only.SYSTEM_SID}")]  # folders pass it on (OI|CI)
    assert [(flags, sid) for _rev, flags, _mask, sid in file_call[5].aces] == [
        (0, "SID-user"), (0, f"SID-{owner_only.SYSTEM_SID}")]


def test_windows_acl_through_icacls_without_pywin32(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch):
    runs: list[tuple[list[str], dict[str, object]]] = []

    def run(argv: list[str], **kw: object) -> subprocess.CompletedProcess[bytes]:
        runs.append((argv, kw))
        return subprocess.CompletedProcess(argv, 0, b"", b"")

    monkeypatch.setattr(owner_only, "WINDOWS", True)
    monkeypatch.setattr(owner_only, "_win32security", lambda: None)
    monkeypatch.setattr(owner_only.subprocess, "run", run)
    monkeypatch.setenv("USERNAME", "张 社工")
    monkeypatch.setenv("USERDOMAIN", "JWH-PC")
    owner_only.restrict_dir(tmp_path / "数据")
    target = atomic.write_bytes_atomic(tmp_path / "花名册.xlsx", b"x")
    (folder, _), (file, kw) = runs
    assert folder == ["icacls", str(tmp_path / "数据"), "/inheritance:r", "/grant:r",
                      "JWH-PC\\张 社工:(OI)(CI)F", "*S-1-5-18:(OI)(CI)F", "/q"]
    # an export is restricted before it takes its name, so it is never readable by others
    assert Path(file[1]).parent == tmp_path and Path(file[1]).name.startswith(".~tmp-")
    assert file[2:] == ["/inheritance:r", "/grant:r", "JWH-PC\\张 社工:F", "*S-1-5-18:F", "/q"]
    assert "creationflags" in kw  # no console window flashes up from the GUI
    assert target.read_bytes() == b"x"


def test_windows_acl_failure_never_fails_the_write(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch):
    """A FAT32 USB stick has no access lists: icacls fails, the export is still written."""
    calls: list[tuple[object, ...]] = []
    ws, api = _fake_pywin32(calls)

    def refuse(*_a: object) -> None:
        raise RuntimeError("pywintypes.error: (1, 'SetNamedSecurityInfo', '函数不正确。')")

    ws.SetNamedSecurityInfo = refuse  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "win32security", ws)
    monkeypatch.setitem(sys.modules, "win32api", api)
    monkeypatch.setattr(owner_only, "WINDOWS", True)
    icacls: list[list[str]] = []
    monkeypatch.setattr(owner_only.subprocess, "run",
                        lambda argv, **kw: icacls.append(argv) or subprocess.CompletedProcess(
                            argv, 1, b"", b""))
    monkeypatch.setenv("USERNAME", "user")
    target = atomic.write_bytes_atomic(tmp_path / "公示.pdf", b"%PDF")
    assert target.read_bytes() == b"%PDF" and len(icacls) == 1  # pywin32 failed: icacls tried
    monkeypatch.setattr(owner_only.subprocess, "run", _raise_oserror)
    assert atomic.write_bytes_atomic(tmp_path / "公示.pdf", b"%PDF-2").read_bytes() == b"%PDF-2"


def _raise_oserror(*_a: object, **_k: object) -> None:
    raise FileNotFoundError(2, "icacls")


@pytest.mark.skipif(not POSIX, reason="modes are POSIX")
def test_modes_elsewhere(tmp_path: Path):
    f = tmp_path / "f"
    f.write_text("x")
    os.chmod(f, 0o644)
    owner_only.restrict_file(f)
    owner_only.restrict_dir(tmp_path)
    assert stat.S_IMODE(f.stat().st_mode) == 0o600
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o700


# --- msvcrt.locking instead of flock ----------------------------------------------------------

class FakeMsvcrt:
    """msvcrt.locking() as Windows behaves: a byte range, refused to other handles."""

    LK_UNLCK, LK_NBLCK = 0, 2

    def __init__(self) -> None:
        self.held: dict[int, int] = {}  # file -> handle holding its lock
        self.calls: list[tuple[int, int, int]] = []

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        where = os.lseek(fd, 0, os.SEEK_CUR)
        self.calls.append((mode, where, nbytes))
        file = os.fstat(fd).st_ino
        if mode == self.LK_NBLCK:
            if self.held.get(file, fd) != fd:
                raise PermissionError(13, "Permission denied")
            self.held[file] = fd
        elif self.held.get(file) == fd:
            del self.held[file]


@pytest.fixture
def windows_lock(monkeypatch: pytest.MonkeyPatch) -> FakeMsvcrt:
    fake = FakeMsvcrt()
    monkeypatch.setattr(lock, "fcntl", None)
    monkeypatch.setattr(lock, "msvcrt", fake)
    monkeypatch.setattr(lock, "WINDOWS", True)
    return fake


def test_store_lock_uses_msvcrt_on_windows(tmp_path: Path, windows_lock: FakeMsvcrt,
                                           monkeypatch: pytest.MonkeyPatch):
    first = lock.DataDirLock(tmp_path)
    first.acquire()
    assert windows_lock.calls == [(FakeMsvcrt.LK_NBLCK, lock.MSVCRT_BYTE, 1)]
    # the PID lines stay readable: the locked byte is far past them
    assert first.path.read_text(encoding="utf-8").splitlines()[0] == str(os.getpid())
    assert first.path.stat().st_size < lock.MSVCRT_BYTE
    second = lock.DataDirLock(tmp_path)
    with pytest.raises(lock.DataDirBusy, match="正被另一个程序窗口或命令使用"):
        second.acquire()  # our own PID is not "another", so only msvcrt's lock tells

    real_unlink = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if self == first.path:  # Windows cannot delete a file that is open
            assert first._fd is None and not windows_lock.held, "deleted while still open"
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    first.release()
    assert (FakeMsvcrt.LK_UNLCK, lock.MSVCRT_BYTE, 1) in windows_lock.calls
    assert not first.path.exists()
    second.acquire()
    second.release()


def test_a_lock_left_by_a_dead_process_is_taken_over_on_windows(tmp_path: Path,
                                                                windows_lock: FakeMsvcrt):
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    (tmp_path / lock.LOCK_NAME).write_text(f"{done.stdout.strip()}\nselfgov-desktop\nPC\n")
    with lock.DataDirLock(tmp_path) as taken:
        assert taken.held
        assert taken.path.read_text().splitlines()[0] == str(os.getpid())
    assert not windows_lock.held


# --- long paths, spaces and Chinese -----------------------------------------------------------

def _long_folder(base: Path) -> Path:
    """Deeper than Windows' old 260-character limit, every part with spaces and Chinese."""
    folder = base
    parts = ["上海市 某某区 某某街道办事处", "沁园 居民委员会 （三会工作）", "2026 年 花名册 与 台账 备份",
             "第 1 季度 听证会、协调会、评议会 材料", "给 新 电脑 的 数据 拷贝 （U 盘）"]
    while len(str(folder)) <= 300:
        folder = folder / parts[len(folder.parts) % len(parts)]
    folder.mkdir(parents=True)
    return folder


def test_import_export_backup_restore_under_a_long_chinese_path(tmp_path: Path, capsys):
    folder = _long_folder(tmp_path)
    assert len(str(folder)) > 300 and " " in str(folder)
    data = str(tmp_path / "数据 目录")
    roster = folder / "居民 花名册 2026.csv"
    people = roster_files.people(12)
    with roster.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(roster_files.HEADERS)
        w.writerows(roster_files.row_of(k, p) for k, p in enumerate(people, 1))

    def run(*args: str) -> str:
        rc = cli.main(["--data-dir", data, *args])
        out, err = capsys.readouterr()
        assert rc == 0, err
        return out

    run("import-roster", str(roster))
    run("export-roster", str(folder / "导出 花名册.xlsx"))
    run("export-ledger", str(folder / "三会 台账.xlsx"))
    (folder / "U 盘 备份").mkdir()
    run("backup", str(folder / "U 盘 备份"))
    (backup,) = (folder / "U 盘 备份").glob("*.db")
    assert (folder / "导出 花名册.xlsx").stat().st_size > 0
    assert (folder / "三会 台账.xlsx").stat().st_size > 0
    # a new PC: an empty data folder restored from the copy
    new = str(tmp_path / "新 电脑")
    assert cli.main(["--data-dir", new, "restore", str(backup)]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert cli.main(["--data-dir", new, "info", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["residents"] == len(people)
    assert cli.main(["--data-dir", new, "backups"]) == 0  # lists and checks what it restored from


def test_a_data_folder_too_long_for_sqlite_is_said_so(tmp_path: Path, capsys):
    """SQLite itself cannot open a file with a name that long (512 bytes on Linux, 260
    characters on Windows): a plain message, not "damaged, restore from a backup"."""
    data = _long_folder(tmp_path) / "数据"
    assert cli.main(["--data-dir", str(data), "info"]) == 2
    err = capsys.readouterr().err
    assert "路径太长" in err and "较短的数据目录" in err and "损坏" not in err, err
