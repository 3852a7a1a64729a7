"""Header variants, cell normalisation and row checks of rosters (domain/roster.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from selfgov_desktop.domain import idnumber, roster, roster_rows, search

TODAY = dt.date(2026, 11, 29)


@pytest.mark.parametrize(("header", "field"), [
    ("姓 名", "name"), ("姓　名", "name"), ("公民身份号码", "id_number"), ("身份证号码", "id_number"),
    ("证件号码", "id_number"), ("联系方式", "phone"), ("手机号码", "phone"), ("幢号", "building"),
    ("门牌号", "room"), ("所属楼组", "group"), ("和户主关系", "relation"), ("出生年月", "birth_date"),
    ("现住详址", "address"), ("户籍所在地", "hukou_address"), ("人员类型", "population_type"),
    ("身份证号（必填）", "id_number"), ("*姓名", "name"), ("弄", "lane"), ("户编号", "household_code"),
])
def test_header_variants_map_to_fields(header: str, field: str) -> None:
    assert roster.field_for_header(header) == field


def test_unknown_and_seq_headers_do_not_map() -> None:
    assert roster.field_for_header("序号") is None
    assert roster.field_for_header("身高") is None


def test_find_header_skips_title_and_blank_rows() -> None:
    rows = [["沁园居民区花名册", "", ""], ["", "", ""], ["填报单位：沁园居委会", "", ""],
            ["序号", "姓 名", "公民身份号码", "性别"], [1, "张三", "x", "男"]]
    assert roster.find_header(rows) == 3
    assert roster.find_header([["说明"], ["本表用于……"]]) is None


@pytest.mark.parametrize(("raw", "expected"), [
    ("1956-03-12", "1956-03-12"), ("1956/3/12", "1956-03-12"), ("1956.3.12", "1956-03-12"),
    ("1956年3月12日", "1956-03-12"), ("19560312", "1956-03-12"), ("1956.3", "1956-03"),
    ("1956年3月", "1956-03"), (20526.0, "1956-03-12"), (dt.date(1956, 3, 12), "1956-03-12"),
    (dt.datetime(1956, 3, 12), "1956-03-12"), ("１９５６－０３－１２", "1956-03-12"), ("", ""),
])
def test_dates_in_every_form(raw: object, expected: str) -> None:
    assert roster.normalise_date(raw) == expected


def test_bad_dates_say_why() -> None:
    with pytest.raises(roster.ValueProblem, match="不是有效日期"):
        roster.normalise_date("1956-02-30")
    with pytest.raises(roster.ValueProblem, match="无法识别"):
        roster.normalise_date("去年")


@pytest.mark.parametrize(("raw", "expected"), [
    ("+86 138-1234-5678", "13812345678"), ("138 1234 5678", "13812345678"),
    ("0086 13812345678", "13812345678"), (13812345678.0, "13812345678"),
    ("021-52801234", "021-52801234"), ("１３８１２３４５６７８", "13812345678"),
])
def test_phones(raw: object, expected: str) -> None:
    assert roster.normalise_phone(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("张　三", "张三"), (" 张 三 ", "张三"), ("阿依古丽•买买提", "阿依古丽·买买提"),
    ("阿依古丽.买买提", "阿依古丽·买买提"), ("王\u00a0芳", "王芳"),
])
def test_names(raw: str, expected: str) -> None:
    assert roster.normalise_name(raw) == expected


def _mapping(*keys: str) -> dict[int, str]:
    return dict(enumerate(keys))


def test_row_with_valid_id_takes_birth_and_sex_from_it() -> None:
    number = idnumber.make("310107", dt.date(1956, 3, 12), 123)
    rec = roster_rows.parse_row(5, ["张　三", number.lower(), ""], _mapping("name", "id_number", "sex"),
                           TODAY)
    assert rec.ok, rec.errors
    assert rec.values["id_number"] == number.upper()
    assert rec.values["birth_date"] == "1956-03-12"
    assert rec.values["sex"] == "男"


def test_test_vector_with_lower_x_is_accepted() -> None:
    rec = roster_rows.parse_row(2, ["李四", "11010519491231002x"], _mapping("name", "id_number"), TODAY)
    assert rec.ok and rec.values["id_number"] == "11010519491231002X"


def test_numeric_id_is_rejected_with_how_to_fix() -> None:
    rec = roster_rows.parse_row(2, ["李四", 3.10107195603121e17], _mapping("name", "id_number"), TODAY)
    assert not rec.ok
    assert "文本" in rec.errors[0] and "15位" in rec.errors[0]
    rec = roster_rows.parse_row(2, ["李四", "3.10107E+17"], _mapping("name", "id_number"), TODAY)
    assert not rec.ok and "文本" in rec.errors[0]


def test_checksum_and_cross_checks() -> None:
    number = idnumber.make("310107", dt.date(1956, 3, 12), 124)  # even: female
    bad = number[:-1] + ("0" if number[-1] != "0" else "1")
    assert "校验位" in roster_rows.parse_row(2, ["甲", bad], _mapping("name", "id_number"), TODAY).errors[0]
    rec = roster_rows.parse_row(2, ["甲", number, "男"], _mapping("name", "id_number", "sex"), TODAY)
    assert any("性别" in e for e in rec.errors)
    rec = roster_rows.parse_row(2, ["甲", number, "1956-03-13"],
                           _mapping("name", "id_number", "birth_date"), TODAY)
    assert any("不一致" in e for e in rec.errors)
    rec = roster_rows.parse_row(2, ["甲", number, "1956年3月"],
                           _mapping("name", "id_number", "birth_date"), TODAY)
    assert rec.ok and rec.values["birth_date"] == "1956-03-12"


def test_lost_digits_hint_for_text_ids_ending_in_000() -> None:
    lost = next(f"31010719560312{k}000" for k in range(10)
                if not idnumber.is_valid(f"31010719560312{k}000", TODAY))
    rec = roster_rows.parse_row(2, ["甲", lost], _mapping("name", "id_number"), TODAY)
    assert rec.errors and "000" in rec.errors[0]


def test_fifteen_digit_ids_are_upgraded() -> None:
    rec = roster_rows.parse_row(2, ["甲", "310107560312123"], _mapping("name", "id_number"), TODAY)
    assert rec.ok and rec.values["id_number"] == idnumber.parse("310107560312123", TODAY).number


def test_name_required_and_lane_joined() -> None:
    rec = roster_rows.parse_row(2, ["", "88", "5", 101.0], _mapping("name", "lane", "building", "room"),
                           TODAY)
    assert rec.errors == ["姓名为空"]
    assert rec.values["building"] == "88弄5号" and rec.values["room"] == "101"


def test_footer_and_blank_rows() -> None:
    assert roster.is_footer(["合计：120人", "", ""])
    assert roster.is_footer(["", "制表人：王芳"])
    assert roster.is_footer(["制表日期：2026年11月1日"])
    assert not roster.is_footer([1, "张三"])
    assert roster.is_blank(["", None, "  "])


def test_fast_search_keys_equal_pypinyin_for_names(demo_store) -> None:
    names = [r[0] for r in demo_store.conn.execute("SELECT DISTINCT name FROM residents")]
    assert len(names) > 500
    for name in names:
        assert roster.name_keys(name) == search.pinyin_keys(name), name
        assert roster.search_text(name, "31X", "138", "路") == search.search_text(
            name, "31X", "138", "路")
