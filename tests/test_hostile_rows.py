"""Property tests (hypothesis): random rows and cell types through roster parsing and
validation (domain/roster.py) and through the import plan (services/roster_import.plan).

Whatever a spreadsheet hands over — None, text with odd spaces and full-width digits, huge or
non-finite numbers, booleans, dates, times, Decimals — a row is parsed without an exception,
the result is well-formed, rows accepted carry a valid ID number consistent with birth date
and sex, and the per-column caches never change the answer."""

from __future__ import annotations

import datetime as dt
import decimal
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selfgov_desktop.domain import idnumber, roster, roster_rows
from selfgov_desktop.domain.roster_rows import RowParser, parse_row

TODAY = dt.date(2026, 11, 29)
HEADERS = ["序号", "姓名", "性别", "民族", "出生日期", "身份证号", "联系电话", "居住地址", "弄",
           "楼号", "室号", "楼组", "户编号", "与户主关系", "政治面貌", "状态", "备注"]
MAPPING = roster.propose_mapping(HEADERS)

texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
chinese = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
                  min_size=1, max_size=4)
spacey = st.sampled_from(["", " ", "\u3000", "\xa0", "\t", "\n", "\u200b", "\ufeff"])
digits_fw = st.text(alphabet="0123456789０１２３４５６７８９Xx -", max_size=20)
numbers = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False, places=3,
                min_value=decimal.Decimal(-(10**6)), max_value=decimal.Decimal(10**6)),
)
moments = st.one_of(
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1800, 1, 1), max_value=dt.datetime(2200, 1, 1)),
    st.times(),
)


@st.composite
def valid_ids(draw) -> str:
    birth = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY))
    return idnumber.make("310104", birth, draw(st.integers(0, 999)))


cells = st.one_of(st.none(), texts, chinese, spacey, digits_fw, numbers, st.booleans(), moments,
                  valid_ids(), st.builds(lambda s, a, b: a + s + b, valid_ids(), spacey, spacey))
rows = st.lists(cells, min_size=0, max_size=len(HEADERS) + 3)

DATE_RE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def check_record(rec: roster_rows.RosterRecord) -> None:
    v = rec.values
    assert all(isinstance(x, str) for x in v.values()), v
    assert isinstance(rec.group, str) and isinstance(rec.household_code, str)
    assert v.get("sex", "") in ("", "男", "女")
    assert "\n" not in v.get("name", "")
    if v.get("status"):
        assert v["status"] in roster.STATUS_CHOICES
    if v.get("birth_date"):
        assert DATE_RE.match(v["birth_date"]), v["birth_date"]
    if rec.ok:
        assert v["name"], "accepted without a name"
        if v.get("id_number"):
            info = idnumber.parse(v["id_number"], TODAY)
            assert v["birth_date"] == info.birth_date.isoformat()
            assert v["sex"] == info.sex
            assert info.birth_date <= TODAY
    for msg in rec.errors + rec.warnings:
        assert isinstance(msg, str) and msg


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows)
def test_any_row_parses_to_a_well_formed_record(row):
    rec = parse_row(7, row, MAPPING, today=TODAY)
    assert rec.line == 7
    check_record(rec)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(rows, min_size=1, max_size=12))
def test_caches_never_change_the_answer(batch):
    """One RowParser over many rows (with its caches) == a fresh parse of each row."""
    parser = RowParser(MAPPING, today=TODAY)
    for i, row in enumerate(batch):
        cached = parser.parse(i + 2, row)
        fresh = parse_row(i + 2, row, MAPPING, today=TODAY)
        assert (cached.values, cached.errors, cached.group, cached.household_code) == (
            fresh.values, fresh.errors, fresh.group, fresh.household_code), row


@settings(max_examples=200, deadline=None)
@given(name=chinese, id_number=valid_ids(), pad=spacey,
       phone=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
       as_number=st.booleans())
def test_a_good_row_is_accepted_as_given(name, id_number, pad, phone, as_number):
    row = [1, pad + name + pad, "", "汉", "", pad + id_number.lower() + pad,
           int(phone) if as_number else phone, "幸福路100弄3号", "", "", "", "", "", "", "", "", ""]
    rec = parse_row(3, row, MAPPING, today=TODAY)
    assert rec.ok, rec.errors
    assert rec.values["name"] == name
    assert rec.values["id_number"] == id_number.upper()
    assert rec.values["phone"] == phone
    info = idnumber.parse(id_number, TODAY)
    assert rec.values["birth_date"] == info.birth_date.isoformat()


@settings(max_examples=200, deadline=None)
@given(st.lists(rows, max_size=40))
def test_header_and_footer_detection_never_crash(grid):
    h = roster.find_header(grid, 30)
    assert h is None or 0 <= h < min(len(grid), 30)
    for r in grid:
        assert isinstance(roster.is_blank(r), bool)
        assert isinstance(roster.is_footer(r), bool)
    roster.propose_mapping(grid[0] if grid else [])


class Table:
    def __init__(self, data):
        self.file = "随机.xlsx"
        self.sheet = "Sheet1"
        self.header_line = 1
        self.headers = list(HEADERS)
        self.rows = [(i + 2, r) for i, r in enumerate(data)]


@pytest.fixture(scope="module")
def plan_store(tmp_path_factory):
    from selfgov_desktop.services.base import Context
    from selfgov_desktop.services.roster_import import apply as _apply  # noqa: F401
    from selfgov_desktop.store.db import Store

    s = Store(tmp_path_factory.mktemp("plan") / "selfgov.db")
    yield s, Context(s, "属性测试")
    s.close()


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(rows, max_size=25))
def test_plan_and_apply_any_table(plan_store, data):
    """The whole validation: plan never raises, every row gets one status; applying the plan
    adds exactly the NEW rows (rolled back after, to keep the store small)."""
    from selfgov_desktop.services import roster_import as ri

    store, ctx = plan_store
    p = ri.plan(store, Table(data))
    assert len(p.rows) <= len(data)
    counts = p.counts()
    assert sum(counts.values()) == len(p.rows)
    for r in p.rows:
        assert r.status in ri.STATUSES
        if r.status in (ri.REJECTED, ri.REVIEW):
            assert r.reason
    before = store.conn.execute("SELECT count(*) FROM residents").fetchone()[0]

    class Rollback(Exception):
        pass

    try:
        with store.write():
            ri.apply(ctx, p)
            after = store.conn.execute("SELECT count(*) FROM residents").fetchone()[0]
            assert after - before == counts[ri.NEW]
            raise Rollback
    except Rollback:
        pass
    assert store.conn.execute("SELECT count(*) FROM residents").fetchone()[0] == before
