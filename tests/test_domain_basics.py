import datetime as dt

import pytest

from selfgov_desktop.domain import idnumber, masking
from selfgov_desktop.domain.dates import age_on, cn_date
from selfgov_desktop.domain.search import pinyin_keys, search_text

TODAY = dt.date(2026, 11, 29)


def test_id_test_vector():
    info = idnumber.parse("11010519491231002X", TODAY)
    assert info.birth_date == dt.date(1949, 12, 31)
    assert info.sex == "女"
    assert idnumber.parse("11010519491231002x", TODAY).number == "11010519491231002X"


def test_id_bad_checksum_says_what_is_expected():
    with pytest.raises(idnumber.IdNumberError) as err:
        idnumber.parse("110105194912310021", TODAY)
    assert "X" in str(err.value)


def test_id_15_digit_upgrade():
    info = idnumber.parse("110105491231002", TODAY)
    assert info.number[:17] == "11010519491231002"
    assert info.upgraded_from_15
    assert idnumber.is_valid(info.number, TODAY)


@pytest.mark.parametrize("raw", ["", "1234", "1101051949123100", "11010519491331002X",
                                 "A1010519491231002X"])
def test_id_rejects(raw):
    assert not idnumber.is_valid(raw, TODAY)


def test_id_make_round_trip():
    number = idnumber.make("310107", dt.date(1980, 2, 29), 123)
    info = idnumber.parse(number, TODAY)
    assert info.birth_date == dt.date(1980, 2, 29) and info.sex == "男"


def test_masking():
    assert masking.mask_name("张三明") == "张*明"
    assert masking.mask_name("张三") == "张*"
    assert masking.mask_name("欧阳小明") == "欧**明"
    assert masking.mask_id("310107198002291234") == "310***********1234"
    assert masking.mask_phone("13812341234") == "138****1234"
    assert masking.mask_phone("021-52801234") == "021-****1234"
    assert masking.mask_address("3号", "502") == "3号"


def test_cn_date_and_age():
    assert cn_date(dt.date(2026, 11, 2)) == "2026年11月2日"
    assert cn_date("2026-01-09") == "2026年1月9日"
    assert age_on(dt.date(2008, 12, 1), dt.date(2026, 12, 1)) == 18
    assert age_on(dt.date(2008, 12, 2), dt.date(2026, 12, 1)) == 17


def test_pinyin_keys():
    assert pinyin_keys("张三明") == ("zhangsanming", "zsm")
    text = search_text("张三明", "310107198002291234", "13812341234", "沁园路88弄1号101室")
    for needle in ("张三明", "zsm", "zhangsanming", "13812341234", "1号101"):
        assert needle in text


def test_place_adds_building_and_room_unless_the_address_names_the_building():
    from selfgov_desktop.domain.search import place

    assert place("", "1号", "101") == "1号101"
    assert place("沁园路88弄", "3号", "502") == "沁园路88弄 3号502"
    assert place("沁园路88弄3号502室", "3号", "502") == "沁园路88弄3号502室"
    assert place(None, None, None) == "" and place("幸福路5号", "", "") == "幸福路5号"
