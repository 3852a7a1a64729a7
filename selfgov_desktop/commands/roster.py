"""import-roster, export-roster, roster-template."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from . import Env

SHOW_REASONS = 10


def add(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("import-roster", help="导入居民花名册（.xlsx/.xls/.csv），按身份证号新增或更新")
    p.add_argument("file", metavar="FILE", help="花名册文件")
    p.add_argument("--sheet", metavar="NAME", help="工作表名称（默认自动找到有花名册表头的工作表）")
    p.add_argument("--dry-run", action="store_true", help="只核对并报告，不写入")
    p.add_argument("--rejects", metavar="OUT.xlsx", help="把未导入的行连同原因保存到此文件")
    p.add_argument("--force-columns", action="store_true",
                   help="表格不像居民花名册（只有姓名，没有身份证号或出生日期/性别加地址的列）时仍按认出的列导入")
    p.add_argument("--groups-from-buildings", action="store_true",
                   help="导入后按楼号为还没有楼组的居民建立楼组（每个楼号一个，如“3号楼”）")
    p.set_defaults(run=run_import)

    p = sub.add_parser("export-roster", help="导出全部居民（.xlsx 或 .csv），可原样再导入")
    p.add_argument("out", metavar="OUT.xlsx|OUT.csv")
    p.set_defaults(run=run_export)

    p = sub.add_parser("roster-template", help="写出空白花名册模板（.xlsx，带下拉选项）")
    p.add_argument("out", metavar="OUT.xlsx")
    p.set_defaults(run=run_template)


def run_import(env: Env, args: argparse.Namespace) -> int:
    import gc

    from ..documents import spreadsheet

    # A short-lived process making ~10 objects per row and no cycles: the cyclic collector's
    # repeated passes over 50,000 rows would only cost time.
    gc.disable()

    # The file is read on a helper thread (the spreadsheet reader parses without holding the
    # GIL) while this one loads the import's code and tables; nothing is opened or written
    # before the file has been read.
    with _stderr_aside() as aside:  # a Rust panic's own report goes to the log, not the screen
        reading = _Background(spreadsheet.read_roster, Path(args.file), sheet=args.sheet)
        from ..services import roster_import

        roster_import.preload()
        try:
            table = reading.result()
        except spreadsheet.SpreadsheetError as exc:
            aside.into(exc)
            raise
    from ..domain.errors import UserError

    name = spreadsheet.display_name(args.file)
    if not table.rows:
        raise UserError(f"文件“{name}”的工作表“{table.sheet}”"
                        f"只有表头（第{table.header_line}行），"
                        "下面没有居民数据。请确认选对了文件或工作表；没有写入任何数据。")
    if not table.looks_like_roster and not args.force_columns:
        raise UserError(
            f"文件“{name}”的工作表“{table.sheet}”不像居民花名册：第{table.header_line}行的表头里只认出"
            f"“{'、'.join(table.recognised())}”，没有身份证号列，也没有出生日期或性别加地址（楼号、室号）"
            "的列。请确认选对了文件；如果确实是居民名单，可加 --force-columns 按认出的列导入。"
            "没有写入任何数据。")
    ctx = env.ctx()
    if args.dry_run:
        plan = roster_import.plan(ctx.store, table)
        print(f"{name}（工作表“{table.sheet}”，试运行，未写入）：{plan.summary()}")
    else:
        # no preview to show: check and write at once (the same result as plan + apply)
        plan, _changed = roster_import.import_table(ctx, table)
        print(f"{name}（工作表“{table.sheet}”）：{plan.summary()}")
        if args.groups_from_buildings:
            from ..services import groups

            if groups.buildings_without_group(ctx.store):
                print(groups.groups_from_buildings(ctx).summary)
    problems = [r for r in plan.rows if r.status in (roster_import.REJECTED, roster_import.REVIEW)]
    for r in problems[:SHOW_REASONS]:
        print(f"  第{r.line}行 {r.values.get('name') or ''}：{r.status}，{r.reason}")
    if len(problems) > SHOW_REASONS:
        print(f"  ……另有{len(problems) - SHOW_REASONS}行未导入")
    if args.rejects:
        from ..documents import roster_template
        from ..domain.roster import strip_controls
        from ..services import roster_export

        out = roster_export.save_rejects(
            ctx, args.rejects, list(table.headers),
            [(r.line, [strip_controls(c) for c in r.cells], r.status, r.reason) for r in problems],
            roster_template.write_rejects)
        print(f"未导入的行已保存到 {out}")
    return 0


class _Aside:
    def __init__(self) -> None:
        self.pending: Any = None

    def into(self, exc: Any) -> None:
        """Called while still aside: the refusal carries what was said, for the log."""
        self.pending = exc


@contextlib.contextmanager
def _stderr_aside() -> Iterator[_Aside]:
    """File descriptor 2 into a temporary file while a spreadsheet is read: a Rust panic in
    calamine prints its report there before it becomes a refusal. What was written goes back
    to stderr when the read succeeds, into the refusal's log detail when it does not."""
    import os
    import sys
    import tempfile

    aside = _Aside()
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no stderr to speak of
        yield aside
        return
    with tempfile.TemporaryFile() as tmp:
        os.dup2(tmp.fileno(), 2)
        try:
            yield aside
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            tmp.seek(0)
            said = tmp.read(1 << 16).decode("utf-8", "replace")
            if aside.pending is not None:
                aside.pending.detail = f"{aside.pending.detail}\n{said}".strip()
            elif said:
                sys.stderr.write(said)


class _Background:
    """`fn(*args, **kwargs)` on a helper thread; result() waits and returns its value or raises
    its exception on the calling thread. (concurrent.futures would cost 7 ms of imports before
    the read can start.)"""

    def __init__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        import threading

        self._value: Any = None
        self._error: BaseException | None = None

        def run() -> None:
            try:
                self._value = fn(*args, **kwargs)
            except BaseException as exc:  # noqa: BLE001 - raised again by result()
                self._error = exc

        self._thread = threading.Thread(target=run, name="read-roster", daemon=True)
        self._thread.start()

    def result(self) -> Any:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


def run_export(env: Env, args: argparse.Namespace) -> int:
    from ..documents import roster_template
    from ..services import roster_export

    changed = roster_export.export_roster(env.ctx(), args.out, roster_template.write_roster)
    print(changed.summary)
    return 0


def run_template(env: Env, args: argparse.Namespace) -> int:
    del env
    from ..documents import roster_template

    out = roster_template.write_template(Path(args.out))
    print(f"已写出花名册模板 {out}")
    return 0
