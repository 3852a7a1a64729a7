"""The CLI contract: --version, --help, exit codes 0/2/1, messages in Chinese, the lock."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from selfgov_desktop import __version__, cli


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "selfgov_desktop", *args],
                          capture_output=True, text=True, timeout=120)


def test_version():
    r = run("--version")
    assert r.returncode == 0 and __version__ in r.stdout


def test_help_lists_subcommands():
    r = run("--help")
    assert r.returncode == 0
    for sub in ("demo", "info"):
        assert sub in r.stdout


def test_bad_arguments_exit_2_in_chinese():
    r = run("no-such-command")
    assert r.returncode == 2 and "参数有误" in r.stderr and "Traceback" not in r.stderr


def test_demo_then_refuse_then_force(tmp_path, capsys):
    d = str(tmp_path / "data")
    assert cli.main(["--data-dir", d, "demo"]) == 0
    out = capsys.readouterr().out
    assert "居民" in out
    assert cli.main(["--data-dir", d, "demo"]) == 2
    assert "--force" in capsys.readouterr().err
    assert cli.main(["--data-dir", d, "demo", "--force"]) == 0
    assert "已备份" in capsys.readouterr().out
    assert list((tmp_path / "data" / "backups").glob("*.db"))
    assert cli.main(["--data-dir", d, "info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert 2500 <= info["residents"] <= 3500
    assert info["building_groups"] == 8


def test_data_dir_from_environment(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SELFGOV_DATA_DIR", str(tmp_path / "env"))
    assert cli.main(["info", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["data_dir"] == str(tmp_path / "env")


def test_internal_error_is_one_line_and_logged(tmp_path, monkeypatch, capsys):
    from selfgov_desktop.commands import basic

    def boom(env, args):
        raise ZeroDivisionError("x")

    monkeypatch.setattr(basic, "run_info", boom)
    assert cli.main(["--data-dir", str(tmp_path), "info"]) == 1
    err = capsys.readouterr().err
    assert "内部错误" in err and "Traceback" not in err
    assert "ZeroDivisionError" in (tmp_path / "selfgov.log").read_text(encoding="utf-8")


def test_second_instance_is_refused(tmp_path):
    from selfgov_desktop.store.lock import DataDirBusy, DataDirLock

    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys,time; from pathlib import Path; "
        "from selfgov_desktop.store.lock import DataDirLock; "
        f"l = DataDirLock(Path(r'{tmp_path}')); l.acquire(); print('held', flush=True); "
        "time.sleep(30)")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        r = run("--data-dir", str(tmp_path), "info")
        assert r.returncode == 2 and "正被另一个" in r.stderr
        with pytest.raises(DataDirBusy):
            DataDirLock(tmp_path).acquire()
    finally:
        holder.kill()
        holder.wait()
    # The holder is gone: its lock is stale and is taken over.
    lock = DataDirLock(tmp_path)
    lock.acquire()
    lock.release()


def test_qlockfile_and_cli_lock_refuse_each_other(tmp_path):
    """The GUI's QLockFile and the CLI's lock use one file and one format."""
    from PySide6.QtCore import QLockFile

    from selfgov_desktop.store.lock import LOCK_NAME, DataDirBusy, DataDirLock

    child = subprocess.Popen([sys.executable, "-c", (
        "import time; from PySide6.QtCore import QLockFile; "
        f"l = QLockFile(r'{tmp_path / LOCK_NAME}'); assert l.tryLock(100); "
        "print('held', flush=True); time.sleep(30)")], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "held"
        with pytest.raises(DataDirBusy):
            DataDirLock(tmp_path).acquire()
    finally:
        child.kill()
        child.wait()
    with DataDirLock(tmp_path):
        q = QLockFile(str(tmp_path / LOCK_NAME))
        assert not q.tryLock(50)


def test_output_into_a_closed_pipe_is_not_an_error(tmp_path):
    d = str(tmp_path / "data")
    assert run("--data-dir", d, "demo").returncode == 0
    proc = subprocess.Popen([sys.executable, "-m", "selfgov_desktop", "--data-dir", d,
                             "info", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # closed before the child (still importing) writes a byte
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode()
    assert "内部错误" not in err.decode()


def test_owner_table_matches_what_the_modules_register():
    import argparse

    from selfgov_desktop import commands

    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    registered = {name: p.get_default("run").__module__.rsplit(".", 1)[1]
                  for name, p in sub.choices.items()}
    assert registered == commands.OWNER


def test_a_sub_command_loads_only_its_module():
    code = ("import sys; from selfgov_desktop import cli; cli.build_parser(['info']); "
            "loaded = sorted(m for m in sys.modules if m.startswith('selfgov_desktop.commands.')); "
            "print(loaded); assert loaded == ['selfgov_desktop.commands.basic'], loaded; "
            "assert 'reportlab' not in sys.modules")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
