"""Refusals of `import-roster` in process: one guard for every parser failure (a Rust panic
included), the technical detail in selfgov.log only, file names of any bytes, a table that
is not a roster, control characters — and the store unchanged after every refusal."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from selfgov_desktop import cli
from selfgov_desktop.documents import spreadsheet

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hostile_formats as hf  # noqa: E402
from test_hostile_files import GOOD, HEADERS, good_xlsx  # noqa: E402

from conftest import raw_conn


class PanicException(BaseException):
    """What pyo3 raises when Rust code panics (pyo3_runtime.PanicException): not an
    Exception, so `except Exception` lets it through."""


def _run(data: Path, capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(["--data-dir", str(data), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def _state(data: Path) -> tuple:
    if not (data / "selfgov.db").exists():
        return ()
    conn = raw_conn(data / "selfgov.db")  # sealed by the CLI: opened with the test account's key
    try:  # every CLI run logs its login: a change is any other entry
        return (conn.execute("SELECT count(*) FROM residents").fetchone()[0],
                conn.execute("SELECT coalesce(max(id), 0) FROM audit_log"
                             " WHERE action NOT LIKE 'login.%'").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def data(tmp_path: Path, capsys) -> Path:
    d = tmp_path / "data"
    code, _out, err = _run(d, capsys, "import-roster", str(good_xlsx(tmp_path / "seed.xlsx")))
    assert code == 0, err
    return d


@pytest.mark.parametrize("where", ["open", "sheet"])
def test_a_panic_in_calamine_is_a_refusal_logged(where: str, data: Path, tmp_path: Path,
                                                  capsys, monkeypatch) -> None:
    import python_calamine as pc

    def panic(*_a, **_k):
        raise PanicException("called `Option::unwrap()` on a `None` value")

    if where == "open":
        monkeypatch.setattr(pc.CalamineWorkbook, "from_filelike", panic)
    else:
        monkeypatch.setattr(pc.CalamineWorkbook, "get_sheet_by_name", panic)
    path = good_xlsx(tmp_path / "panics.xlsx")
    before = _state(data)
    code, _out, err = _run(data, capsys, "import-roster", str(path))
    assert code == 2, err
    assert "panics.xlsx" in err and "损坏" in err and "Option" not in err and "Panic" not in err
    assert _state(data) == before
    log = (data / "selfgov.log").read_text(encoding="utf-8")
    assert "PanicException" in log and "Option::unwrap" in log


def test_the_guard_catches_base_exceptions_but_not_interrupts(tmp_path: Path,
                                                              monkeypatch) -> None:
    path = good_xlsx(tmp_path / "x.xlsx")
    monkeypatch.setattr(spreadsheet, "_read_roster", lambda *_a: (_ for _ in ()).throw(
        PanicException("boom")))
    with pytest.raises(spreadsheet.SpreadsheetError) as info:
        spreadsheet.read_roster(path)
    assert "boom" in info.value.detail and "boom" not in info.value.message
    monkeypatch.setattr(spreadsheet, "_read_roster", lambda *_a: (_ for _ in ()).throw(
        KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        spreadsheet.read_roster(path)


@pytest.mark.skipif(os.name == "nt" or sys.platform == "darwin",
                    reason="file names are bytes only on Linux")
def test_file_names_of_any_bytes(data: Path, tmp_path: Path, capsys) -> None:
    gbk = "花名册".encode("gbk")  # as left by a zip made on Chinese Windows
    raw = os.fsencode(str(tmp_path)) + b"/" + gbk + b".xlsx"
    good_xlsx(Path(os.fsdecode(raw)))
    before = _state(data)
    code, out, err = _run(data, capsys, "import-roster", os.fsdecode(raw))
    assert code == 0, err
    assert "花名册.xlsx" in out  # shown decoded, not as escapes
    assert _state(data)[0] == before[0]  # the same people: unchanged, audit written
    empty = os.fsdecode(os.fsencode(str(tmp_path)) + b"/" + gbk + b"-empty.xlsx")
    Path(empty).write_bytes(b"")
    before = _state(data)
    code, _out, err = _run(data, capsys, "import-roster", empty)
    assert code == 2 and "花名册-empty.xlsx" in err and "空" in err
    assert _state(data) == before


def test_not_a_roster_is_refused_unless_forced(data: Path, tmp_path: Path, capsys) -> None:
    from test_hostile_files import rows_xml, sheet_xml, write_xlsx

    path = write_xlsx(tmp_path / "作曲家.xlsx", sheet_xml(rows_xml(
        [["姓名", "国籍", "联系电话"], ["巴赫", "德国", "13900000001"],
         ["莫扎特", "奥地利", "13900000002"]])))
    before = _state(data)
    code, _out, err = _run(data, capsys, "import-roster", str(path))
    assert code == 2 and "不像居民花名册" in err and "姓名" in err and "--force-columns" in err
    assert _state(data) == before
    code, out, err = _run(data, capsys, "import-roster", str(path), "--force-columns")
    assert code == 0 and "新增2人" in out, err


def test_evidence_of_residents(tmp_path: Path) -> None:
    from selfgov_desktop.domain import roster

    assert roster.looks_like_roster(["姓名", "公民身份号码"])
    assert roster.looks_like_roster(["姓名", "性别", "门牌号"])
    assert roster.looks_like_roster(["姓名", "出生日期", "居住地址"])
    assert not roster.looks_like_roster(["姓名", "性别", "联系电话"])  # an attendance log
    assert not roster.looks_like_roster(["姓名", "单位", "电话"])
    assert not roster.looks_like_roster(["身份证号", "楼号"])


def test_control_characters_are_removed_at_import(data: Path, tmp_path: Path,
                                                   capsys) -> None:
    path = tmp_path / "控制字符.csv"
    rows = [HEADERS] + [list(r) for r in GOOD]
    rows[1][1] = "测\x07试\x1b0"
    rows[2][6] = "1\x1f02"
    path.write_bytes("\n".join(",".join(str(c) for c in r) for r in rows).encode("utf-8"))
    code, _out, err = _run(data, capsys, "import-roster", str(path))
    assert code == 0, err
    conn = raw_conn(data / "selfgov.db")
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM residents ORDER BY id")]
        rooms = [r[0] for r in conn.execute("SELECT room FROM residents ORDER BY id")]
    finally:
        conn.close()
    assert "测试0" in names and not any(ch < " " for n in names for ch in n)
    assert "102" in rooms
    code, _out, err = _run(data, capsys, "export-ledger", str(tmp_path / "台账.xlsx"))
    assert code == 0, err
    # a rejected row keeps its cells for the rejects file: written without them too
    rows[3][3] = "31010419500101100"  # an ID one digit short
    rows[3][1] = "坏\x07号"
    path.write_bytes("\n".join(",".join(str(c) for c in r) for r in rows).encode("utf-8"))
    out_file = tmp_path / "未导入.xlsx"
    code, _out, err = _run(data, capsys, "import-roster", str(path), "--rejects", str(out_file))
    assert code == 0 and out_file.exists(), err
    import openpyxl

    values = [c.value for row in openpyxl.load_workbook(out_file).active for c in row]
    assert "坏号" in values


def test_spreadsheetml_and_html_keep_their_values(tmp_path: Path) -> None:
    for name, data in (("a.xls", hf.spreadsheetml([HEADERS, *GOOD])),
                       ("b.xls", hf.html_table([HEADERS, *GOOD], "gbk"))):
        p = tmp_path / name
        p.write_bytes(data)
        table = spreadsheet.read_roster(p)
        assert table.headers == HEADERS
        assert [c[1][1] for c in table.rows] == [g[1] for g in GOOD]
        assert [c[1][3] for c in table.rows] == [g[3] for g in GOOD]


def test_streamed_paths_read_the_same_rows_as_the_dense_one(tmp_path: Path,
                                                             monkeypatch) -> None:
    """Each format read dense (calamine) and streamed (forced) gives the same people."""
    from selfgov_desktop.documents import sheet_common

    files = [hf.write_xls(tmp_path / "a.xls", [HEADERS, *GOOD]),
             hf.write_xlsb(tmp_path / "a.xlsb", [HEADERS, *GOOD]),
             good_xlsx(tmp_path / "a.xlsx")]
    dense = [spreadsheet.read_roster(f) for f in files]
    monkeypatch.setattr(spreadsheet, "DENSE_CELL_LIMIT", 1)
    monkeypatch.setattr(sheet_common, "DENSE_CELL_LIMIT", 1)
    streamed = [spreadsheet.read_roster(f) for f in files]
    for d, s in zip(dense, streamed, strict=True):
        assert not d.streamed and s.streamed
        assert s.headers == d.headers[1:]  # only the roster's columns: 序号 is not one
        assert [[roster_text(c) for c in r[1]] for r in s.rows] == \
            [[roster_text(c) for c in r[1][1:]] for r in d.rows]
        assert [r[0] for r in s.rows] == [r[0] for r in d.rows]


def roster_text(value: object) -> str:
    from selfgov_desktop.domain import roster

    return roster.clean(value)


def test_xls_shared_strings_across_continue_records(tmp_path: Path) -> None:
    """Enough long strings that the SST spills into CONTINUE records mid-string."""
    from selfgov_desktop.documents import sheet_binary

    names = [f"居民{i:05d}" + "长" * (i % 50) for i in range(3000)]
    path = hf.write_xls(tmp_path / "sst.xls", [["姓名"], *[[n] for n in names]])
    book = sheet_binary.XlsBook(sheet_binary.xls_stream(path))
    assert set(names) <= set(book.sst)
