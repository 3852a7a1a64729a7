"""`selfgov-desktop [--data-dir DIR] [--version] [--as NAME] [SUB-COMMAND …]`.

No sub-command opens the window; a sub-command runs headless without importing Qt.
Exit codes: 0 done, 2 input that cannot be used (Chinese message on stderr), 1 internal error
(the traceback goes to the log file in the data folder, one line to stderr)."""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from typing import NoReturn

from . import __version__, paths
from .commands import Env, register_all
from .domain.errors import UserError


ACCOUNT_HELP = """\
账号：数据文件和备份都已加密，每个打开数据的子命令都以一个账号运行，权限与窗口中相同
（只读账号不能恢复、导出个人信息或修改数据）：
  SELFGOV_USER=登录名 SELFGOV_PASSWORD=密码 selfgov-desktop info
  selfgov-desktop --as 登录名 info          （密码在终端提示输入，不回显；密码永远不写在命令行上）
密码错误退出码为 2，并与窗口登录一样计入连续输错次数（达到 5 次暂停登录）。
空的数据目录：第一个带账号的命令创建加密的数据，这个账号成为第一个主任，并显示一次恢复密钥；
demo 在空目录且未给账号时使用账号 demo / 密码 demo（只适合虚构的演示数据）。
账号管理（主任）：accounts list [--json] | add LOGIN --name 姓名 --role 主任|委员|只读 |
  disable LOGIN | reset-password LOGIN（新密码取自 SELFGOV_NEW_PASSWORD，否则提示输入两次）。
所有密码都忘记时：recover LOGIN（输入恢复密钥，为这个主任设置新密码）。"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse's own errors: exit 2, in Chinese
        self.print_usage(sys.stderr)
        self.exit(2, f"参数有误：{message}\n")


def _wanted(argv: Sequence[str]) -> str | None:
    """The sub-command named on the command line (skipping global options); "" when there is
    none (the window opens, or --version); None for --help, which lists them all."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--data-dir", "--as"):
            skip = True
        elif arg in ("-h", "--help"):
            return None
        elif not arg.startswith("-"):
            return arg
    return ""


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    p = _Parser(prog="selfgov-desktop", description="居委会三会工作台。不带子命令时打开程序窗口。",
                epilog=ACCOUNT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"selfgov-desktop {__version__}")
    p.add_argument("--data-dir", metavar="DIR",
                   help=f"数据目录（默认取 ${paths.ENV_DATA_DIR} 或系统的用户数据目录）")
    p.add_argument("--as", dest="actor", metavar="LOGIN",
                   help="以这个账号运行（密码在终端提示输入，不回显）；"
                        "也可设环境变量 SELFGOV_USER/SELFGOV_PASSWORD")
    sub = p.add_subparsers(dest="command", metavar="SUB-COMMAND", parser_class=_Parser)
    register_all(sub, _wanted(argv) if argv is not None else None)
    return p


def _log_internal_error(data_dir: str | None) -> str:
    return _log(data_dir, traceback.format_exc())


def _log(data_dir: str | None, text: str) -> str:
    try:
        log_file = paths.log_path(paths.ensure_data_dir(paths.data_dir(data_dir)))
        fd = os.open(log_file, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600)
        # file names of any bytes (surrogates) are written escaped, never fail the log; each
        # argument escaped: a newline in one (a file name, --as) cannot forge a line
        with open(fd, "a", encoding="utf-8", errors="backslashreplace") as f:
            args = " ".join(arg.encode("unicode_escape").decode("ascii") for arg in sys.argv)
            f.write(f"--- {__version__} {args}\n{text}\n")
        return str(log_file)
    except (OSError, UserError):
        return "（日志无法写入）"


def safe_output() -> None:
    """Output that the console or pipe cannot show becomes "?" instead of a crash. A redirected
    console on Chinese Windows is GBK, which has no 𠮷 (a name that rosters do hold); the
    text stays in the console's own encoding, so everything else still reads right."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError, io.UnsupportedOperation):
                reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    safe_output()
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not args.command:
        from . import app  # the GUI; only here is Qt imported

        return app.main(args)
    env = Env(paths.data_dir(args.data_dir), args.actor)
    try:
        return int(args.run(env, args) or 0)
    except UserError as exc:
        print(exc.message, file=sys.stderr)
        detail = getattr(exc, "detail", "")
        if detail:  # a refusal's technical words (a library's message, a panic) for support
            _log(args.data_dir, f"拒绝（退出码 2）：{exc.message}\n{detail}")
        return 2
    except BrokenPipeError:  # `… | head`: the reader went away; that is not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("已中断，未完成的操作没有写入。", file=sys.stderr)
        return 130
    except Exception as exc:  # the one place that turns a crash into a message
        logging.getLogger(__name__).debug("internal error", exc_info=True)
        where = _log_internal_error(args.data_dir)
        print(f"内部错误：{type(exc).__name__}。详情已写入日志 {where}", file=sys.stderr)
        return 1
    finally:
        env.close()


def run() -> NoReturn:
    """The program's entry point: main(), then the process ends. After a sub-command the store
    and the lock are closed, the output is flushed and the log handlers are shut, so Python's
    teardown (freeing, one by one, every object a 50,000-row import made: ~50 ms) is skipped;
    the window ends the ordinary way."""
    argv = sys.argv[1:]
    rc = main(argv)
    if not _wanted(argv):  # the window, --version, --help
        sys.exit(rc)
    with contextlib.suppress(BrokenPipeError, ValueError):  # the reader went away: as main() treats it
        sys.stdout.flush()
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    logging.shutdown()
    os._exit(rc)


if __name__ == "__main__":  # pragma: no cover
    run()
