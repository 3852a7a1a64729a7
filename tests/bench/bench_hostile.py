"""Worst cases for the roster reader (`make bench`): the peak memory of a whole CLI import of
each file made to blow up a dense reader, and the time of the streaming path on a big real
roster. Target: every import under 512 MB whatever the file claims (issue 18)."""

from __future__ import annotations

import sys
import time
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import hostile_formats as hf  # noqa: E402
import roster_files  # noqa: E402
from test_hostile_files import (GOOD, HEADERS, rows_xml, run_import, sheet_xml,  # noqa: E402
                                write_xlsx)

LIMIT_MB = 512


def _far_xlsx(cell: str, dimension: str | None):
    def make(p: Path) -> None:
        row = cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        write_xlsx(p, sheet_xml(rows_xml([HEADERS, *GOOD])
                                + f'<row r="{row}"><c r="{cell}"><v>1</v></c></row>',
                                dimension=dimension))
    return make


def _wide_csv(p: Path) -> None:
    """100,000 rows x 84 columns (~60 MB): every row kept whole was ~520 MB."""
    extra = [f"列{i}" for i in range(84 - len(roster_files.HEADERS))]
    with open(p, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(roster_files.HEADERS + extra) + "\n")
        for k, person in enumerate(roster_files.people(100_000), 1):
            row = [str(c) for c in roster_files.row_of(k, person)]
            f.write(",".join(row + [f"值{k % 97}-{i}" for i in range(len(extra))]) + "\n")


def _big_streamed_xlsx(p: Path) -> None:
    """50,000 people and one stray value at XFD1048576: the whole sheet goes the streaming
    way (the time of that path)."""
    roster_files.write_big_xlsx(p, 50_000)
    tmp = p.with_suffix(".tmp.xlsx")
    with zipfile.ZipFile(p) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" '
                                    b't="inlineStr"><is><t>x</t></is></c></row></sheetData>')
            dst.writestr(info, data)
    tmp.replace(p)


CASES = {
    "dimension A1, a value at XFD1048576 (.xlsx, 512 GB dense)": ("a.xlsx", _far_xlsx("XFD1048576", "A1")),
    "no dimension, a value at Z1048576 (.xlsx, 3.5 GB dense)": ("b.xlsx", _far_xlsx("Z1048576", None)),
    "a value at A200000 (.xlsx, dense under the bound)": ("c.xlsx", _far_xlsx("A200000", "A1")),
    ".xls spanning 65,536 x 256 (1.2 GB dense)": (
        "d.xls", lambda p: hf.write_xls(p, [HEADERS, *GOOD], extra=[(65535, 255, "x")])),
    ".xlsb with a value at XFD1048576": (
        "e.xlsb", lambda p: hf.write_xlsb(p, [HEADERS, *GOOD], extra=[(1_048_575, 16_383, "x")],
                                         dim=(0, 0, 0, 0))),
    "SpreadsheetML .xls declaring 1,048,576 x 16,384": (
        "f.xls", lambda p: p.write_bytes(hf.spreadsheetml([HEADERS, *GOOD], index_row=1_048_576))),
    "CSV 100,000 rows x 84 columns": ("g.csv", _wide_csv),
    "50,000-row .xlsx streamed (stray value at XFD1048576)": ("h.xlsx", _big_streamed_xlsx),
}


@pytest.mark.bench
def test_worst_case_memory(tmp_path: Path) -> None:
    worst = ("", 0.0)
    lines = []
    for label, (name, make) in CASES.items():
        path = tmp_path / name
        make(path)
        data = tmp_path / f"data-{name}"
        t = time.perf_counter()
        code, out, err, took, peak = run_import(data, path)
        del t
        assert code in (0, 2), err
        lines.append(f"  {label}: exit {code}, {took:.2f}s, peak {peak:.0f} MB;"
                     f" {(out or err).strip()[:70]}")
        if peak > worst[1]:
            worst = (label, peak)
        assert peak < LIMIT_MB, (label, peak)
    print("\nhostile roster files, whole CLI import each (peak = the process's VmHWM):")
    print("\n".join(lines))
    print(f"worst-case peak memory {worst[1]:.0f} MB ({worst[0]}); bound {LIMIT_MB} MB")
