"""Roster import from real files the tests write: .xlsx, .xls, GB18030/UTF-8 CSV, merged
cells, numeric IDs, duplicates, footers, password-protected and broken files; the CLI
contract; export -> re-import changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from selfgov_desktop import cli
from selfgov_desktop.documents import roster_template, spreadsheet
from selfgov_desktop.services import roster_import as ri

import roster_messy as messy

TODAY = dt.date(2026, 11, 29)


def _count(store, sql: str = "SELECT count(*) FROM residents", args=()) -> int:
    return int(store.conn.execute(sql, list(args)).fetchone()[0])


def _plan(store, path: Path) -> ri.Plan:
    return ri.plan(store, spreadsheet.read_roster(path), today=TODAY)


def _check_messy_plan(p: ri.Plan) -> None:
    by_line = {r.values.get("name") + str(r.line): r for r in p.rows}
    statuses = [(r.values["name"], r.status) for r in p.rows]
    assert statuses == [("张三", ri.NEW), ("李丽", ri.NEW), ("王五", ri.REJECTED), ("赵六", ri.NEW),
                        ("赵六", ri.DUPLICATE), ("钱七", ri.NEW), ("孙八", ri.NEW)], statuses
    rows = {r.values["name"]: r for r in p.rows if r.status != ri.DUPLICATE}
    assert "文本" in rows["王五"].reason
    # merged building cell applies to every row it covers
    assert [rows[n].values["building"] for n in ("张三", "李丽")] == ["5号", "5号"]
    assert rows["张三"].values["phone"] == "13812345678"
    assert rows["李丽"].values["id_number"] == messy.ID_B
    assert rows["李丽"].values["birth_date"] == "1960-07-01"
    dup = next(r for r in p.rows if r.status == ri.DUPLICATE)
    assert "身份证号相同" in dup.reason
    assert "无身份证号" in rows["孙八"].reason
    assert len(by_line) == 7  # footers and blank rows are not rows


@pytest.mark.parametrize("kind", ["xlsx", "xls", "csv-gb18030", "csv-utf8-bom", "xlsx-named-xls"])
def test_messy_files_plan_the_same(store, tmp_path: Path, kind: str) -> None:
    if kind == "xlsx":
        path = messy.write_xlsx(tmp_path / "花名册.xlsx")
    elif kind == "xls":
        path = messy.write_xls(tmp_path / "花名册.xls")
    elif kind == "csv-gb18030":
        path = messy.write_csv(tmp_path / "花名册.csv", "gb18030")
        assert "张".encode("gb18030") in path.read_bytes()
    elif kind == "csv-utf8-bom":
        path = messy.write_csv(tmp_path / "花名册.csv", "utf-8-sig")
    else:
        path = messy.write_xlsx(tmp_path / "real-xlsx.xlsx").rename(tmp_path / "改了扩展名.xls")
    table = spreadsheet.read_roster(path)
    if kind.startswith(("xlsx", "xls")):
        assert table.sheet == "居民花名册" and table.sheets[0] == "说明"
        assert table.header_line == 3
    assert table.skipped_footers == 2
    _check_messy_plan(ri.plan(store, table, today=TODAY))


def test_apply_writes_one_transaction_and_reimport_is_unchanged(ctx, tmp_path: Path) -> None:
    path = messy.write_xlsx(tmp_path / "花名册.xlsx")
    changed = ri.apply(ctx, _plan(ctx.store, path))
    assert "residents" in changed.entities
    assert _count(ctx.store) == 5
    assert {r[0] for r in ctx.store.conn.execute(
        "SELECT id_number FROM residents WHERE id_number IS NOT NULL")} == messy.GOOD_IDS
    no_id = ctx.store.conn.execute(
        "SELECT needs_review, building_group_id FROM residents WHERE name = '孙八'").fetchone()
    assert no_id[0] == "无身份证号" and no_id[1] is not None
    assert _count(ctx.store, "SELECT count(*) FROM groups WHERE kind = '楼组'") == 3
    hh = ctx.store.conn.execute(
        "SELECT count(DISTINCT household_id) FROM residents WHERE building = '5号' AND room = '101'"
    ).fetchone()[0]
    assert hh == 1
    audit = ctx.store.conn.execute(
        "SELECT actor, summary FROM audit_log WHERE action = 'resident.import'").fetchall()
    assert audit and audit[0][0] == "测试员" and "新增5人" in audit[0][1]
    again = _plan(ctx.store, path)
    counts = again.counts()
    assert counts[ri.NEW] == 0 and counts[ri.UPDATE] == 0
    assert counts[ri.UNCHANGED] == 5, [(r.values["name"], r.status, r.reason) for r in again.rows]


def test_update_by_id_changes_only_given_fields(ctx, tmp_path: Path) -> None:
    path = messy.write_xlsx(tmp_path / "a.xlsx")
    ri.apply(ctx, _plan(ctx.store, path))
    before = _count(ctx.store, "SELECT count(*) FROM audit_log")
    csv_path = tmp_path / "b.csv"
    csv_path.write_text(f"姓名,身份证号,联系电话\n张三,{messy.ID_A},13900009999\n", encoding="utf-8")
    p = _plan(ctx.store, csv_path)
    assert [(r.status, r.reason) for r in p.rows] == [(ri.UPDATE, "联系电话 有变化")]
    ri.apply(ctx, p)
    row = ctx.store.conn.execute(
        "SELECT phone, building, search_text FROM residents WHERE id_number = ?",
        [messy.ID_A]).fetchone()
    assert row[0] == "13900009999" and row[1] == "5号" and "13900009999" in row[2]
    assert _count(ctx.store, "SELECT count(*) FROM audit_log") == before + 2


def test_row_without_id_matching_a_different_record_is_flagged_not_merged(ctx, tmp_path) -> None:
    path = messy.write_xlsx(tmp_path / "a.xlsx")
    ri.apply(ctx, _plan(ctx.store, path))
    csv_path = tmp_path / "b.csv"
    csv_path.write_text("姓名,出生日期,幢号,门牌号,联系电话\n孙八,1950-01-01,7号,301,13611112222\n",
                        encoding="utf-8")
    p = _plan(ctx.store, csv_path)
    assert p.rows[0].status == ri.REVIEW and "未自动合并" in p.rows[0].reason
    ri.apply(ctx, p)
    assert _count(ctx.store, "SELECT count(*) FROM residents WHERE name = '孙八'") == 1
    assert ctx.store.conn.execute(
        "SELECT phone FROM residents WHERE name = '孙八'").fetchone()[0] == ""


def test_remembered_mapping_is_used_for_same_headers(ctx, tmp_path: Path) -> None:
    csv_path = tmp_path / "odd.csv"
    csv_path.write_text("姓名,证号X,电话\n张三," + messy.ID_A + ",13812345678\n", encoding="utf-8")
    table = spreadsheet.read_roster(csv_path)
    assert ri.mapping_for(ctx.store, table.headers) == {0: "name", 2: "phone"}
    mapping = {0: "name", 1: "id_number", 2: "phone"}
    ri.apply(ctx, ri.plan(ctx.store, table, mapping, remember=True, today=TODAY))
    assert ri.mapping_for(ctx.store, table.headers) == mapping
    stored = ctx.store.conn.execute("SELECT mapping FROM import_mappings").fetchone()[0]
    assert json.loads(stored)["1"] == "id_number"


def test_cancel_during_apply_writes_nothing(ctx, tmp_path: Path) -> None:
    path = messy.write_xlsx(tmp_path / "a.xlsx")
    p = _plan(ctx.store, path)

    class Stop(Exception):
        pass

    def progress(done: int, total: int, text: str) -> None:
        if text == "正在保存":
            raise Stop

    with pytest.raises(Stop):
        ri.apply(ctx, p, progress=progress)
    assert _count(ctx.store) == 0
    assert _count(ctx.store, "SELECT count(*) FROM groups") == 0
    assert _count(ctx.store, "SELECT count(*) FROM households") == 0


# -- files that cannot be used ------------------------------------------------------------------
def _run(tmp_path: Path, capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(["--data-dir", str(tmp_path / "data"), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def _encrypted(tmp_path: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = messy.write_xlsx(tmp_path / "plain.xlsx")
    enc = tmp_path / "加密.xlsx"
    with open(plain, "rb") as f, open(enc, "wb") as out:
        OOXMLFile(f).encrypt("1234", out)
    return enc


def _w(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("make", "words"), [
    (lambda d: _encrypted(d), "密码"),
    (lambda d: _w(d / "空.xlsx", b""), "空"),
    (lambda d: _w(d / "断.xlsx", messy.write_xlsx(d / "x.xlsx").read_bytes()[:3000]), "损坏"),
    (lambda d: _w(d / "图.xlsx", bytes(range(256)) * 20), "不是表格"),
    (lambda d: _w(d / "无表头.csv", b"a,b\n1,2\n"), "表头"),
])
def test_unusable_files_exit_2_naming_the_file(tmp_path: Path, capsys, make, words: str) -> None:
    path = make(tmp_path)
    code, out, err = _run(tmp_path, capsys, "import-roster", str(path))
    assert code == 2, (out, err)
    assert path.name in err and words in err
    assert "Traceback" not in err


def test_cli_import_summary_rejects_and_dry_run(tmp_path: Path, capsys) -> None:
    path = messy.write_xlsx(tmp_path / "花名册.xlsx")
    code, out, _ = _run(tmp_path, capsys, "import-roster", str(path), "--dry-run")
    assert code == 0 and "试运行" in out and "新增5人" in out
    code, out, _ = _run(tmp_path, capsys, "info", "--json")
    assert json.loads(out)["residents"] == 0
    rejects = tmp_path / "未导入.xlsx"
    code, out, _ = _run(tmp_path, capsys, "import-roster", str(path), "--rejects", str(rejects))
    assert code == 0
    first = out.splitlines()[0]
    assert "新增5人，更新0人，无变化0人，拒绝1行" in first and "花名册.xlsx" in first
    assert "第6行 王五" in out
    import openpyxl

    ws = openpyxl.load_workbook(rejects).active
    head = [c.value for c in ws[1]]
    assert head[:3] == ["原行号", "结果", "原因"] and "姓 名" in head
    assert ws.cell(2, 1).value == 6 and "文本" in ws.cell(2, 3).value


def test_sheet_option(tmp_path: Path, capsys) -> None:
    path = messy.write_xlsx(tmp_path / "花名册.xlsx")
    code, _, err = _run(tmp_path, capsys, "import-roster", str(path), "--sheet", "不存在")
    assert code == 2 and "不存在" in err and "居民花名册" in err
    code, _, err = _run(tmp_path, capsys, "import-roster", str(path), "--sheet", "说明")
    assert code == 2 and "表头" in err
    code, out, _ = _run(tmp_path, capsys, "import-roster", str(path), "--sheet", "居民花名册")
    assert code == 0 and "新增5人" in out


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_reimport_changes_nothing(demo_store, tmp_path: Path, capsys,
                                              suffix: str) -> None:
    data = tmp_path / "data"
    data.mkdir()
    import shutil

    demo_store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(demo_store.path, data / "selfgov.db")
    out_file = tmp_path / f"导出{suffix}"
    code, out, _ = _run(tmp_path, capsys, "export-roster", str(out_file))
    assert code == 0 and "已导出" in out
    if suffix == ".csv":
        assert out_file.read_bytes().startswith(b"\xef\xbb\xbf")
    table = spreadsheet.read_roster(out_file)
    for h in ("姓名", "性别", "出生日期", "身份证号", "联系电话", "楼号", "室号", "楼组"):
        assert h in table.headers
    n = _count(demo_store)
    code, out, _ = _run(tmp_path, capsys, "import-roster", str(out_file))
    assert code == 0
    assert f"新增0人，更新0人，无变化{n}人，拒绝0行" in out


def test_template_has_text_columns_and_dropdowns(tmp_path: Path, capsys, store) -> None:
    out_file = tmp_path / "模板.xlsx"
    code, _, _ = _run(tmp_path, capsys, "roster-template", str(out_file))
    assert code == 0
    import openpyxl

    wb = openpyxl.load_workbook(out_file)
    ws = wb["花名册"]
    head = [c.value for c in ws[1]]
    id_col = head.index("身份证号") + 1
    assert ws.cell(2, id_col).number_format == "@"
    assert ws.cell(2, head.index("联系电话") + 1).number_format == "@"
    formulas = " ".join(dv.formula1 for dv in ws.data_validations.dataValidation)
    assert "男,女" in formulas and "群众" in formulas and "户主" in formulas
    # the empty template is itself a roster the importer recognises
    table = spreadsheet.read_roster(out_file)
    assert table.rows == [] and ri.mapping_for(store, table.headers)


def test_huge_declared_range_is_streamed(tmp_path: Path) -> None:
    """A stray cell at row 1,048,576: the dense reader would allocate the whole range."""
    from openpyxl import Workbook

    path = tmp_path / "大.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "性别"])
    ws.append(["张三", messy.ID_A, "男"])
    ws.cell(1_048_576, 30, "x")
    wb.save(path)
    import zipfile

    from selfgov_desktop.documents import sheet_xml

    with zipfile.ZipFile(path) as z:  # the real extent is over the bound: not dense
        assert sheet_xml.xlsx_extent(z, "xl/worksheets/sheet1.xml",
                                     spreadsheet.DENSE_CELL_LIMIT) is None
    table = spreadsheet.read_roster(path)
    assert table.streamed and [r[1][0] for r in table.rows] == ["张三"]


def test_rejects_writer_keeps_cells(tmp_path: Path) -> None:
    out = roster_template.write_rejects(tmp_path / "r.xlsx", ["姓名", "身份证号"],
                                        [(3, ["张三", 3.1e17], ri.REJECTED, "原因")])
    import openpyxl

    ws = openpyxl.load_workbook(out).active
    assert [c.value for c in ws[2]][:4] == [3, ri.REJECTED, "原因", "张三"]


def test_csv_with_a_huge_cell_is_refused_with_a_message(tmp_path: Path, capsys) -> None:
    path = tmp_path / "超长.csv"
    path.write_bytes(("姓名,身份证号\n张三," + "1" * 200_000 + "\n").encode("utf-8"))
    code, _, err = _run(tmp_path, capsys, "import-roster", str(path))
    assert code == 2 and "超长.csv" in err and "第2行" in err


def test_csv_encoding_detection(tmp_path: Path) -> None:
    text = "姓名,楼组\n张三,第一楼组\n"
    cases = {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "gb18030": "gb18030", "gbk": "gb18030"}
    for enc, expected in cases.items():
        p = tmp_path / f"{enc}.csv"
        p.write_bytes(text.encode(enc))
        assert spreadsheet.csv_encoding(p) == expected
        table = spreadsheet.read_roster(p)
        assert table.rows[0][1] == ["张三", "第一楼组"]


def test_duplicate_adding_a_value_updates_the_existing_person(ctx, tmp_path: Path) -> None:
    ri.apply(ctx, _plan(ctx.store, messy.write_xlsx(tmp_path / "a.xlsx")))
    csv_path = tmp_path / "b.csv"
    csv_path.write_text(f"姓名,身份证号,联系电话\n张三,{messy.ID_A},\n张三,{messy.ID_A},13911112222\n",
                        encoding="utf-8")
    p = _plan(ctx.store, csv_path)
    assert [r.status for r in p.rows] == [ri.UPDATE, ri.DUPLICATE]
    ri.apply(ctx, p)
    assert ctx.store.conn.execute("SELECT phone FROM residents WHERE id_number = ?",
                                  [messy.ID_A]).fetchone()[0] == "13911112222"


def test_rows_without_id_repeated_in_the_file_are_reported_once(store, tmp_path: Path) -> None:
    csv_path = tmp_path / "c.csv"
    csv_path.write_text("姓名,出生日期,楼号,室号\n孙八,1950-01-01,7号,301\n孙八,1950/1/1,7号,301\n"
                        "孙八,1950-01-01,8号,301\n", encoding="utf-8")
    p = _plan(store, csv_path)
    assert [r.status for r in p.rows] == [ri.NEW, ri.DUPLICATE, ri.NEW]
    assert "第2行" in p.rows[1].reason


def test_header_only_file_exits_2(tmp_path: Path, capsys) -> None:
    path = tmp_path / "只有表头.csv"
    path.write_text("姓名,身份证号,性别\n\n合计：0人\n", encoding="utf-8")
    code, _, err = _run(tmp_path, capsys, "import-roster", str(path))
    assert code == 2 and "只有表头.csv" in err and "没有居民数据" in err


def test_fast_xlsx_writer_reads_back_in_openpyxl_and_calamine(tmp_path: Path) -> None:
    import openpyxl
    import python_calamine as pc

    rows = [["张三", messy.ID_A, 3, 1.5, True, None, "a<b>&\"c\x01"], ["李四", "", "", "", "", "", ""]]
    out = tmp_path / "x.xlsx"
    roster_template.write_fast_xlsx(out, "花名册", ["姓名", "身份证号", "n", "f", "b", "空", "s"], rows)
    ws = openpyxl.load_workbook(out).active
    assert [c.value for c in ws[2]] == ["张三", messy.ID_A, 3, 1.5, True, None, 'a<b>&"c']
    assert ws["B2"].number_format == "@" and ws["A1"].font.b
    grid = pc.CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert grid[1][:2] == ["张三", messy.ID_A] and grid[2][0] == "李四"
