"""import-roster, export-roster, roster-template."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import Env

SHOW_REASONS = 10


def add(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("import-roster", help="导入居民花名册（.xlsx/.xls/.csv），按身份证号新增或更新")
    p.add_argument("file", metavar="FILE", help="花名册文件")
    p.add_argument("--sheet", metavar="NAME", help="工作表名称（默认自动找到有花名册表头的工作表）")
    p.add_argument("--dry-run", action="store_true", help="只核对并报告，不写入")
    p.add_argument("--rejects", metavar="OUT.xlsx", help="把未导入的行连同原因保存到此文件")
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
    reading = _Background(spreadsheet.read_roster, Path(args.file), sheet=args.sheet)
    from ..services import roster_import

    roster_import.preload()
    table = reading.result()
    if not table.rows:
        from ..domain.errors import UserError

        raise UserError(f"文件“{Path(args.file).name}”的工作表“{table.sheet}”"
                        f"只有表头（第{table.header_line}行），"
                        "下面没有居民数据。请确认选对了文件或工作表；没有写入任何数据。")
    ctx = env.ctx()
    name = Path(args.file).name
    if args.dry_run:
        plan = roster_import.plan(ctx.store, table)
        print(f"{name}（工作表“{table.sheet}”，试运行，未写入）：{plan.summary()}")
    else:
        # no preview to show: check and write at once (the same result as plan + apply)
        plan, _changed = roster_import.import_table(ctx, table)
        print(f"{name}（工作表“{table.sheet}”）：{plan.summary()}")
    problems = [r for r in plan.rows if r.status in (roster_import.REJECTED, roster_import.REVIEW)]
    for r in problems[:SHOW_REASONS]:
        print(f"  第{r.line}行 {r.values.get('name') or ''}：{r.status}，{r.reason}")
    if len(problems) > SHOW_REASONS:
        print(f"  ……另有 {len(problems) - SHOW_REASONS} 行未导入")
    if args.rejects:
        from ..documents import roster_template

        out = roster_import.save_rejects(
            ctx, args.rejects, list(table.headers),
            [(r.line, r.cells, r.status, r.reason) for r in problems], roster_template.write_rejects)
        print(f"未导入的行已保存到 {out}")
    return 0


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
    from ..services import roster_import

    changed = roster_import.export_roster(env.ctx(), args.out, roster_template.write_roster)
    print(changed.summary)
    return 0


def run_template(env: Env, args: argparse.Namespace) -> int:
    del env
    from ..documents import roster_template

    out = roster_template.write_template(Path(args.out))
    print(f"已写出花名册模板 {out}")
    return 0
