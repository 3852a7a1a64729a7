"""台账 .xlsx: reopen with openpyxl; sheets, headers, freeze panes, print settings, dates."""

from __future__ import annotations

import datetime as dt

import document_samples as ds
import pytest
from openpyxl import load_workbook

from selfgov_desktop.documents import ledgers
from selfgov_desktop.domain.documents import SESSION_LEDGER_COLUMNS
from selfgov_desktop.services import documents as docs


@pytest.fixture
def book_file(store, ctx, tmp_path):
    ds.committee(store)
    residents = ds.people(store)
    for i, (kind, day) in enumerate([("hearing", dt.date(2026, 2, 10)),
                                     ("coordination", dt.date(2026, 5, 12)),
                                     ("evaluation", dt.date(2026, 11, 20)),
                                     ("hearing", dt.date(2025, 6, 1))]):
        ds.add_session(store, kind, i + 1, day, residents)
    out = tmp_path / "台账.xlsx"
    changed = docs.export_ledger(ctx, out, ledgers.write, year=2026, today=dt.date(2026, 11, 29))
    assert changed.data["sessions"] == 3
    return out


def test_ledger_sheets_headers_and_layout(book_file):
    wb = load_workbook(book_file)
    assert wb.sheetnames == ["三会台账", "三会落实台账", "听证会台账", "协调会台账", "评议会台账",
                             "跟踪落实台账", "议题台账", "参会台账", "年度统计"]  # no 花名册
    for ws in wb.worksheets:
        assert ws["A1"].value and "沁园居民委员会" in ws["A1"].value, ws.title
        assert any(str(r) .startswith("A1:") for r in ws.merged_cells.ranges)
        assert ws.freeze_panes == "A4", ws.title
        assert ws.print_title_rows == "$3:$3", ws.title
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
        assert all(ws.column_dimensions[c].width >= 4 for c in "ABC")
        for row in ws.iter_rows(min_row=4):
            for cell in row:
                assert not (isinstance(cell.value, str) and cell.value.startswith("=")), cell
    summary = wb["三会台账"]
    # the 21 columns of DOMAIN.md §7, over the two printed sheets
    printed = [c.value for c in summary[3]] + [c.value for c in wb["三会落实台账"][3]]
    assert set(printed) == set(SESSION_LEDGER_COLUMNS)
    assert summary.max_row == 3 + 3  # 2026 only
    assert wb["听证会台账"].max_row == 4 and wb["协调会台账"].max_row == 4


def test_ledger_values_are_real_dates_and_derived_from_records(book_file, store):
    wb = load_workbook(book_file)
    ws, ws2 = wb["三会台账"], wb["三会落实台账"]
    head = [c.value for c in ws[3]] + [c.value for c in ws2[3]]
    row = {h: c for h, c in zip(head, [*ws[4], *ws2[4]], strict=True)}
    assert isinstance(row["会议日期"].value, dt.datetime)
    assert row["会议日期"].value.date() == dt.date(2026, 2, 10)
    assert "年" in row["会议日期"].number_format
    assert row["通知日期"].value.date() == dt.date(2026, 1, 29)
    assert row["应到/实到"].value == "10/9"  # 应到 = the 听证代表 (陈述人 and 旁听人 not due); one on leave
    assert row["规范程度"].value == 85 and row["编号"].value == "TZ-2026-001"
    assert "听证代表" in row["参会构成"].value and row["公示起止"].value.startswith("2026年2月13日至")
    coord = {h: c.value for h, c in zip(head, [*ws[5], *ws2[5]], strict=True)}
    assert coord["责任人"] == "沁园物业" and coord["落实情况"] == "1/2项已落实"
    assert isinstance(coord["期限"], dt.datetime)
    f = wb["跟踪落实台账"]
    assert f.max_row == 3 + 4 and [c.value for c in f[3]][:4] == ["序号", "会议编号", "类别", "事项"]
    stats = wb["年度统计"]
    rows = {r[0].value: [c.value for c in r] for r in stats.iter_rows(min_row=4)}
    # no minimum is set by default (按需召开): nothing is judged 达标/未达标
    assert rows["听证会"][1:6] == [1, 0, 0, 0, 1] and rows["听证会"][7] in ("", None)
    assert rows["协调会"][6] == 0 and rows["协调会"][7] in ("", None)
    # the evaluation's rate is its 总体评价 (26 of 27), as the page, minutes and 公示 say — not
    # all criteria pooled (90.7%): domain.evaluation.session_result is the one definition
    assert rows["评议会"][9] == "96.3%"
    from selfgov_desktop.services import notices

    (sid,) = store.conn.execute("SELECT id FROM sessions WHERE kind = 'evaluation'").fetchone()
    assert rows["评议会"][9] in notices.evaluation_result_text(store, sid)
    # no ID number and no phone anywhere in the ledger: the roster is only export-roster
    for sheet in wb.worksheets:
        for values in sheet.iter_rows(values_only=True):
            for _name, idn, phone, _ in ds.PEOPLE:
                assert idn not in values and phone not in values
    att = wb["参会台账"]
    assert att.max_row == 3 + len(ds.PEOPLE)


def test_empty_ledger_still_prints(store, ctx, tmp_path):
    ds.committee(store)
    out = tmp_path / "空.xlsx"
    docs.export_ledger(ctx, out, ledgers.write, year=2030)
    wb = load_workbook(out)
    assert wb["三会台账"]["A4"].value == "（无记录）"


def test_cli_export_ledger(store, tmp_path, capsys):
    from selfgov_desktop import cli

    ds.committee(store)
    ds.add_session(store, "hearing", 1, dt.date(2026, 3, 1), ds.people(store))
    data_dir = store.path.parent
    store.close()
    out = tmp_path / "l.xlsx"
    assert cli.main(["--data-dir", str(data_dir), "export-ledger", str(out), "--year", "2026"]) == 0
    assert "会议1次" in capsys.readouterr().out
    assert load_workbook(out)["听证会台账"].max_row == 4


def test_minimums_are_a_setting_used_by_the_yearly_statistics(store, ctx):
    from selfgov_desktop.domain.errors import UserError

    ds.committee(store)
    ds.add_session(store, "coordination", 1, dt.date(2026, 3, 1), ds.people(store))
    assert docs.year_stats(store, 2026).minimum_per_year["coordination"] == 0  # off by default
    docs.save_minimums(ctx, {"coordination": 1})
    st = docs.year_stats(store, 2026)
    assert st.minimum_per_year["coordination"] == 1 and st.per_quarter["coordination"] == [1, 0, 0, 0]
    with pytest.raises(UserError, match="0—99"):
        docs.save_minimums(ctx, {"hearing": -1})
