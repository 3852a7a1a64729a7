"""The column-wise RowParser.parse_many gives exactly what parse() gives, row by row,
on clean rows and on every kind of awkward cell (it falls back to parse() for those)."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from selfgov_desktop.domain import idnumber, roster_rows

TODAY = dt.date(2026, 11, 29)


def _same(a: roster_rows.RosterRecord, b: roster_rows.RosterRecord) -> None:
    assert (a.line, list(a.values.items()), a.group, a.household_code, a.errors, a.warnings) == \
        (b.line, list(b.values.items()), b.group, b.household_code, b.errors, b.warnings)


def _rows(n: int, seed: int) -> list[tuple[int, list]]:
    rng = random.Random(seed)
    good = [idnumber.make("310107", dt.date(1950, 1, 1) + dt.timedelta(days=d), s)
            for d, s in zip(range(0, 9000, 97), range(1, 999, 11), strict=False)]
    names = ["张三", "李 四", "王　五", "Ａｂｃ", "阿卜杜.买买提", "", None, "  ", 12.0, "赵六"]
    sexes = ["男", "女", "", None, "M", "2", "男性", "未知", True, 1, 0.0]
    births = ["1956-03-12", "1956/3/12", "1956年3月12日", "", None, 20360101, 21000.0,
              dt.date(1960, 5, 5), dt.datetime(1970, 1, 2), "1956年3月", "不详", "2030-01-01"]
    ids = good + [x.lower() for x in good[:5]] + ["", None, 3.10107195603121e17, "3.10107E+17",
                                                 good[0][:17] + "0", " " + good[1],
                                                 "310107560312123", good[2][:15] + "000"]
    phones = ["13812345678", "", None, "+86 138 1234 5678", "021-52801234", "12345",
              13812345678.0, "138-1234-5678"]
    rooms = ["101", 101.0, "１０２", "", None, 1, True, "3 0 1"]
    groups = ["第1楼组", "第 2 楼组", "", None, "第１楼组"]
    codes = ["A01", "", None, 7.0]
    out = []
    for i in range(n):
        cells = [i, rng.choice(names), rng.choice(sexes), rng.choice(births), rng.choice(ids),
                 rng.choice(phones), rng.choice(rooms), rng.choice(groups), rng.choice(codes),
                 rng.choice(["群众", "中共党员", "", None])]
        number = cells[4]
        if type(number) is str and len(number) == 18 and rng.random() < 0.5:
            b = number[6:14]  # the ID's own date, as most rosters give it, or in another form
            cells[3] = rng.choice([f"{b[:4]}-{b[4:6]}-{b[6:]}", f"{b[:4]}/{int(b[4:6])}/{b[6:]}",
                                   f"{b[:4]}-{b[4:6]}", f"{b[:4]}-{b[4:6]}-01", True, 1])
        if rng.random() < 0.1:
            cells = cells[:rng.randint(2, len(cells))]
        out.append((i + 3, cells))
    return out


MAPPINGS = [
    {1: "name", 2: "sex", 3: "birth_date", 4: "id_number", 5: "phone", 6: "room", 7: "group",
     8: "household_code", 9: "political_status"},
    {1: "name", 3: "birth_date", 6: "room"},  # no ID: future births are rejected
    {1: "name", 4: "id_number"},  # sex and birth date come from the ID only
    {2: "sex", 1: "name", 4: "id_number", 6: "building", 7: "lane"},  # lane: the slow path
    {1: "name", 9: "status", 4: "id_number"},
    {1: "name", 5: "phone", 6: "phone", 4: "id_number", 3: "birth_date"},
]


@pytest.mark.parametrize("mapping", MAPPINGS)
def test_parse_many_is_parse(mapping: dict[int, str]) -> None:
    rows = _rows(3000, seed=len(mapping))
    fast = roster_rows.RowParser(mapping, TODAY).parse_many(rows)
    slow_parser = roster_rows.RowParser(mapping, TODAY)
    slow = [slow_parser.parse(line, cells) for line, cells in rows]
    assert len(fast) == len(slow) == len(rows)
    for a, b in zip(fast, slow, strict=True):
        _same(a, b)
    assert any(r.errors for r in slow) and any(r.ok for r in slow)


def test_parse_many_clean_rows_take_the_fast_path() -> None:
    number = idnumber.make("310107", dt.date(1956, 3, 12), 123)
    rows = [(i, ["张三", "", "1956-03-12", number, "13812345678", "101", "第1楼组"])
            for i in range(2, 50)]
    parser = roster_rows.RowParser({0: "name", 1: "sex", 2: "birth_date", 3: "id_number",
                               4: "phone", 5: "room", 6: "group"}, TODAY)
    calls = []
    parser.parse = lambda *a: calls.append(a)  # type: ignore[method-assign]
    recs = parser.parse_many(rows)
    assert not calls
    assert recs[0].values == {"name": "张三", "sex": "男", "birth_date": "1956-03-12",
                              "phone": "13812345678", "room": "101", "id_number": number}
    assert recs[0].group == "第1楼组" and recs[-1].line == 49


# -- the bulk write into an empty residents table ----------------------------------------------
def _big_plan(store, tmp_path, n: int):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    import roster_files

    from selfgov_desktop.documents import spreadsheet
    from selfgov_desktop.services import roster_import as ri

    path = tmp_path / "big.xlsx"
    roster_files.write_big_xlsx(path, n)
    return ri.plan(store, spreadsheet.read_roster(path), today=TODAY)


def _schema(store) -> list[tuple]:
    return store.conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()


def test_bulk_import_into_empty_table_keeps_indexes_and_cache(ctx, tmp_path) -> None:
    from selfgov_desktop.services import roster_import as ri

    p = _big_plan(ctx.store, tmp_path, ri._BULK_ROWS + 10)
    before, cache = _schema(ctx.store), ctx.store.conn.execute("PRAGMA cache_size").fetchone()
    ri.apply(ctx, p)
    conn = ctx.store.conn
    assert _schema(ctx.store) == before
    assert conn.execute("PRAGMA cache_size").fetchone() == cache
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    n = conn.execute("SELECT count(*) FROM residents").fetchone()[0]
    assert n == ri._BULK_ROWS + 10
    plan_q = " ".join(r[-1] for r in conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM residents WHERE name = '张伟'"))
    assert "residents_name" in plan_q


def test_bulk_import_cancelled_after_insert_restores_indexes(ctx, tmp_path) -> None:
    from selfgov_desktop.services import roster_import as ri

    p = _big_plan(ctx.store, tmp_path, ri._BULK_ROWS + 10)
    before = _schema(ctx.store)

    class Stop(Exception):
        pass

    def progress(_done: int, _total: int, text: str) -> None:
        if text == "正在保存":
            raise Stop

    with pytest.raises(Stop):
        ri.apply(ctx, p, progress=progress)
    assert _schema(ctx.store) == before
    assert ctx.store.conn.execute("SELECT count(*) FROM residents").fetchone()[0] == 0


# -- the overlapped JSON insert writes exactly what executemany writes --------------------------
def _residents(store) -> list[tuple]:
    cols = [r[1] for r in store.conn.execute("PRAGMA table_info(residents)")
            if r[1] not in ("created_at", "updated_at")]
    return [tuple(map(repr, row)) for row in store.conn.execute(
        f"SELECT {', '.join(cols)} FROM residents ORDER BY id")]


def _import_both_ways(tmp_path, monkeypatch, path) -> tuple[list, list]:
    from selfgov_desktop.documents import spreadsheet
    from selfgov_desktop.services import roster_import as ri
    from selfgov_desktop.services.base import Context
    from selfgov_desktop.store.db import Store

    got = []
    for overlapped in (False, True):
        monkeypatch.setattr(ri, "_JSON_INSERT", overlapped)
        monkeypatch.setattr(ri, "_BULK_ROWS", 1)  # even a small file takes the bulk path
        monkeypatch.setattr(ri, "_JSON_CHUNK", 3)  # several chunks, different constant columns
        store = Store(tmp_path / f"s{overlapped}" / "selfgov.db")
        try:
            p = ri.plan(store, spreadsheet.read_roster(path), today=TODAY)
            changed = ri.apply(Context(store, "测试员"), p)
            got.append((_residents(store), sorted(changed.ids)))
            assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            store.close()
    return got[0], got[1]


def test_overlapped_insert_equals_executemany_on_a_messy_file(tmp_path, monkeypatch) -> None:
    import roster_messy as messy

    path = messy.write_xlsx(tmp_path / "messy.xlsx")
    plain, overlapped = _import_both_ways(tmp_path, monkeypatch, path)
    assert plain[0] and len({row[4] for row in plain[0]}) > 2  # IDs, and a NULL one
    assert overlapped == plain


def test_overlapped_insert_equals_executemany_on_varied_rows(tmp_path, monkeypatch) -> None:
    from openpyxl import Workbook

    rng = random.Random(5)
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "性别", "出生日期", "身份证号", "联系电话", "楼号", "室号", "楼组", "户编号",
               "民族", "备注", "状态"])
    for i in range(40):
        birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randint(0, 20000))
        number = idnumber.make("310107", birth, i) if rng.random() < 0.8 else ""
        ws.append([rng.choice(["张三", "李四", "王 五", "赵·六"]) + str(i % 7),
                   rng.choice(["男", "女", ""]) if not number else "",
                   birth.isoformat() if rng.random() < 0.7 else "",
                   number, rng.choice(["13812345678", "", "021-52801234", "+86 139 0000 1111"]),
                   rng.choice(["1号", "2号", ""]), str(rng.randint(101, 105)),
                   rng.choice(["第一楼组", "", "第二楼组"]), rng.choice(["", "H1", "H2"]),
                   rng.choice(["汉", "回", ""]), rng.choice(["", "备注\"引号\"\\", "多行\n备注"]),
                   rng.choice(["", "在册", "迁出"])])
    path = tmp_path / "varied.xlsx"
    wb.save(path)
    plain, overlapped = _import_both_ways(tmp_path, monkeypatch, path)
    assert len(plain[0]) > 20
    assert overlapped == plain


def test_error_while_building_rows_stops_the_import_and_writes_nothing(ctx, tmp_path,
                                                                        monkeypatch) -> None:
    import threading

    from selfgov_desktop.services import roster_import as ri

    p = _big_plan(ctx.store, tmp_path, 60)
    monkeypatch.setattr(ri, "_JSON_INSERT", True)
    monkeypatch.setattr(ri, "_BULK_ROWS", 1)
    monkeypatch.setattr(ri, "_JSON_CHUNK", 7)
    real, calls = ri.roster.search_text, []

    def failing(*a):
        calls.append(1)
        if len(calls) == 30:
            raise RuntimeError("boom")
        return real(*a)

    monkeypatch.setattr(ri.roster, "search_text", failing)
    with pytest.raises(RuntimeError, match="boom"):
        ri.apply(ctx, p)
    assert ctx.store.conn.execute("SELECT count(*) FROM residents").fetchone()[0] == 0
    assert ctx.store.conn.execute("SELECT count(*) FROM households").fetchone()[0] == 0
    assert not [t for t in threading.enumerate() if t.name == "roster-import-rows"]


# -- import_table (the CLI's check-and-write at once) equals plan() + apply() ----------------
def _varied_xlsx(path, seed: int, n: int = 40, dup_ids: bool = False):
    from openpyxl import Workbook

    rng = random.Random(seed)
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "性别", "出生日期", "身份证号", "联系电话", "楼号", "室号", "楼组", "户编号",
               "民族", "备注"])
    for i in range(n):
        birth = dt.date(1940, 1, 1) + dt.timedelta(days=(i % 7 if dup_ids else i * 397) % 20000)
        number = idnumber.make("310107", birth, i % 3 if dup_ids else i) \
            if rng.random() < 0.8 else ""
        ws.append([rng.choice(["张三", "李四", "王 五"]) + str(i % 9), "", birth.isoformat(),
                   number, rng.choice(["13812345678", "", "021-52801234"]),
                   rng.choice(["1号", "2号", ""]), str(100 + i % 6),
                   rng.choice(["第一楼组", "", "第三楼组"]), rng.choice(["", "H1", "H2"]),
                   rng.choice(["汉", ""]), rng.choice(["", "备注"])])
    wb.save(path)
    return path


def _state(store) -> tuple:
    conn = store.conn
    return (_residents(store),
            conn.execute("SELECT * FROM households ORDER BY id").fetchall(),
            conn.execute("SELECT * FROM groups ORDER BY id").fetchall(),
            conn.execute("SELECT action, entity, entity_id, summary, before, after FROM audit_log"
                         " ORDER BY id").fetchall())


@pytest.mark.parametrize("case", ["fresh", "over-existing", "duplicate-ids"])
def test_import_table_equals_plan_then_apply(tmp_path, monkeypatch, case) -> None:
    import roster_messy as messy

    from selfgov_desktop.documents import spreadsheet
    from selfgov_desktop.services import roster_import as ri
    from selfgov_desktop.services.base import Context
    from selfgov_desktop.store.db import Store

    first = _varied_xlsx(tmp_path / "first.xlsx", 1)
    path = _varied_xlsx(tmp_path / "f.xlsx", 2, dup_ids=case == "duplicate-ids")
    monkeypatch.setattr(ri, "_BULK_ROWS", 1)
    monkeypatch.setattr(ri, "_CHUNK", 4)
    monkeypatch.setattr(ri, "_JSON_INSERT", True)
    streamed = []
    real = ri._import_streamed
    monkeypatch.setattr(ri, "_import_streamed", lambda *a: streamed.append(1) or real(*a))
    results = []
    for way in ("two-step", "at-once"):
        store = Store(tmp_path / way / "selfgov.db")
        ctx = Context(store, "测试员")
        try:
            if case == "over-existing":
                for f in (messy.write_xlsx(tmp_path / "m.xlsx"), first):
                    ri.apply(ctx, ri.plan(store, spreadsheet.read_roster(f)))
            table = spreadsheet.read_roster(path)
            if way == "two-step":
                p = ri.plan(store, table)
                changed = ri.apply(ctx, p)
            else:
                p, changed = ri.import_table(ctx, table)
            results.append(([(r.line, r.status, r.reason, r.values, r.changes) for r in p.rows],
                            sorted(changed.ids), changed.summary, _state(store)))
        finally:
            store.close()
    assert streamed
    assert results[1] == results[0]
    statuses = {row[1] for row in results[0][0]}
    if case == "over-existing":
        assert {ri.NEW, ri.UNCHANGED} <= statuses or {ri.NEW, ri.UPDATE} <= statuses
    if case == "duplicate-ids":
        assert ri.DUPLICATE in statuses
    assert results[0][3][0]  # residents were written


# -- the fast ID check and the pinyin keys agree with the plain implementations ----------------
@given(st.lists(st.sampled_from("0123456789X"), min_size=18, max_size=18).map("".join)
       | st.builds(lambda b, s, fix: (lambda n: n if fix else n[:17] + "0123456789X"[
           ("0123456789X".index(n[17]) + 1) % 11])(idnumber.make("310107", b, s)),
           st.dates(dt.date(1880, 1, 1), TODAY), st.integers(0, 999), st.booleans()))
def test_fast_id_agrees_with_idnumber_parse(s: str) -> None:
    try:
        info = idnumber.parse(s, TODAY)
        want = (info.number, info.birth_date.isoformat(), info.sex)
    except idnumber.IdNumberError:
        want = None
    assert roster_rows.fast_id(s, TODAY.isoformat()) == want


@pytest.mark.parametrize("name", ["张三明", "吕乐", "阿卜杜·买买提", "Ａｂｃ张", "", "李 四", "𠮷田"])
def test_name_keys_are_the_characters_readings(name: str) -> None:
    from selfgov_desktop.domain import search

    syl = [p for p in map(search._char_pinyin, name) if p]
    search._NAME_KEYS.pop(name, None)
    assert search.name_keys(name) == ("".join(syl), "".join(s[0] for s in syl))


@pytest.mark.parametrize("share_without_id", [0.0, 0.3, 0.7, 1.0])
def test_parse_many_is_parse_however_many_rows_lack_an_id(share_without_id: float) -> None:
    """The ID column is checked all at once when most rows have one, one by one otherwise:
    either way the records are parse()'s."""
    rng = random.Random(7)
    mapping = MAPPINGS[0]
    rows = _rows(2000, seed=11)
    odd = [idnumber.make("310107", dt.date(2030, 1, 1), 5),  # born after today
           idnumber.make("310107", dt.date(1870, 5, 5), 6)]  # before 1880
    for _line, cells in rows:
        if len(cells) > 4 and rng.random() < share_without_id:
            cells[4] = rng.choice(["", None])
        elif len(cells) > 4 and rng.random() < 0.02:
            cells[4] = rng.choice(odd)
            b = cells[4][6:14]
            cells[3] = f"{b[:4]}-{b[4:6]}-{b[6:]}"  # the ID's own date: only its range is wrong
    fast = roster_rows.RowParser(mapping, TODAY).parse_many(rows)
    slow_parser = roster_rows.RowParser(mapping, TODAY)
    for (line, cells), rec in zip(rows, fast, strict=True):
        _same(rec, slow_parser.parse(line, cells))


def test_a_true_cell_does_not_change_what_a_1_cell_means() -> None:
    """True == 1 for a dict: a cell holding TRUE must not leave its reading in the cache
    for a later cell holding 1 (and the other way round)."""
    mapping = {0: "name", 1: "sex", 2: "room"}
    alone = [roster_rows.RowParser(mapping, TODAY).parse(2, ["张三", v, v]) for v in (1, True)]
    parser = roster_rows.RowParser(mapping, TODAY)
    after_true = [parser.parse(2, ["张三", v, v]) for v in (True, 1)]
    parser = roster_rows.RowParser(mapping, TODAY)
    after_one = [parser.parse(2, ["张三", v, v]) for v in (1, True)]
    for a, b in ((alone[0], after_true[1]), (alone[1], after_true[0]),
                 (alone[0], after_one[0]), (alone[1], after_one[1])):
        _same(a, b)
    assert alone[0].values != alone[1].values or alone[0].errors != alone[1].errors
