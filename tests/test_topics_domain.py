"""Topic states, transitions and the 1/5 – 1/3 flags."""

from __future__ import annotations

import pytest

from selfgov_desktop.domain import topics as T
from selfgov_desktop.domain.errors import UserError


def test_main_path_is_allowed_step_by_step():
    for a, b in zip(T.PATH, T.PATH[1:], strict=False):
        assert T.can_move(a, b), (a, b)


@pytest.mark.parametrize(("src", "dst"), [
    ("征集", "决定"), ("征集", "办结"), ("办结", "征集"), ("决定", "不予立项"), ("落实", "协商"),
])
def test_forbidden_moves(src, dst):
    assert not T.can_move(src, dst)
    with pytest.raises(UserError, match="不能改为"):
        T.check_move("楼道堆物", src, dst)


def test_rejection_needs_a_reason_and_can_be_reopened():
    with pytest.raises(UserError, match="理由"):
        T.check_move("楼道堆物", "征集", "不予立项", "  ")
    T.check_move("楼道堆物", "征集", "不予立项", "属于物业合同范围，已转物业公司处理")
    assert T.can_move("不予立项", "征集")


def test_parse_state_accepts_label():
    assert T.parse_state("项目/落实") == T.TopicState.CARRYING_OUT
    with pytest.raises(UserError):
        T.parse_state("随便")


def _support(residents=0, households=0, groups=0):
    return T.Support(residents, households, groups, adults_base=1000, households_base=400,
                     groups_base=9)


def test_one_fifth_of_adults_exactly_meets_it():
    assert T.flags(_support(residents=200)).hearing_can_be_requested
    f = T.flags(_support(residents=199))
    assert not f.hearing_can_be_requested and not f.assembly_must_be_convened


def test_one_fifth_of_households():
    f = T.flags(_support(residents=90, households=80))
    assert f.hearing_can_be_requested and f.assembly_must_be_convened
    assert any("80户" in r for r in f.reasons)
    assert not T.flags(_support(residents=90, households=79)).any


def test_one_third_of_groups_convenes_an_assembly_but_is_no_hearing_request():
    f = T.flags(_support(groups=3))
    assert f.assembly_must_be_convened and not f.hearing_can_be_requested
    assert not T.flags(_support(groups=2)).any
    assert "居民会议" in T.flag_text(f)


def test_shares_are_settings():
    s = T.TopicSettings(proposal_share_num=1, proposal_share_den=10)
    assert T.flags(_support(residents=100), s).hearing_can_be_requested
    assert not T.flags(_support(residents=100)).hearing_can_be_requested


def test_empty_base_never_flags():
    assert not T.flags(T.Support(5, 5, 5, 0, 0, 0)).any
