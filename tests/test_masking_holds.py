"""Issue 17 item 3: masking that holds. IDs and phones in any spacing, punctuation or digit
width; rooms reduced to the building; every name the store knows masked in public text (the
longest first); a notice that is not public is marked 内部 and never worded as a 公示. The
property test renders public notices to PDF and reads the text back."""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selfgov_desktop.documents import notices as notice_docs
from selfgov_desktop.domain.documents import scrub_public
from selfgov_desktop.domain.model import CommitteeSettings
from selfgov_desktop.services import documents as docs
from selfgov_desktop.services import notices, settings as settings_svc
from selfgov_desktop.services.base import Context
from selfgov_desktop.store.db import Store

ID = "310107197109260231"
PHONE = "17721312080"
AT = "2026-11-29T09:00:00"


@pytest.mark.parametrize("written", [
    "ID310107197109260231", "310107 19710926 0231", "310107-19710926-0231",
    "３１０１０７１９７１０９２６０２３１", "身份证：310107.1971.0926.0231", "310107 1971 0926 023 1",
])
def test_an_id_number_in_any_form_is_removed(written: str) -> None:
    out = scrub_public(f"申请人{written}，特此说明")
    assert re.sub(r"\D", "", out) == "", out


@pytest.mark.parametrize("written", [
    "177.2131.2080", "(177)21312080", "（177）2131 2080", "１７７２１３１２０８０", "+86 177-2131-2080",
    "177 2131 2080", "17721312080",
])
def test_a_mobile_in_any_form_is_masked(written: str) -> None:
    out = scrub_public(f"联系电话{written}。")
    assert "2131" not in re.sub(r"\D", "", out), out
    assert "177****2080" in out


def test_the_office_phone_stays() -> None:
    assert "138-0000-1111" in scrub_public("监督电话138-0000-1111", keep=("13800001111",))


@pytest.mark.parametrize("written, building", [
    ("5号楼1单元602室", "5号楼"), ("3-602", "3号"), ("3-602室", "3号"), ("12号-301室", "12号"),
    ("12号301室", "12号"), ("5栋602", "5栋"), ("7号楼 2单元 1103", "7号楼"),
])
def test_a_room_is_reduced_to_the_building(written: str, building: str) -> None:
    out = scrub_public(f"住址：{written}，")
    assert out == f"住址：{building}，", out


@pytest.mark.parametrize("text", ["2026年12月7日 19:00", "共 120 人参加", "电话 021-54321234",
                                  "5号楼 20 户居民", "第3号议题"])
def test_ordinary_numbers_are_left_alone(text: str) -> None:
    assert scrub_public(text) == text


# -------------------------------------------------------------- names known to the store


def _resident(store: Store, name: str, id_number: str | None = None, phone: str = "",
              building: str = "", room: str = "") -> None:
    with store.write() as db:
        db.execute("INSERT INTO residents (name, id_number, phone, building, room, created_at,"
                   " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [name, id_number, phone, building, room, AT, AT])


def _committee(store: Store, contact: str = "陈立群") -> None:
    ctx = Context(store, "主任")
    settings_svc.save_committee(ctx, CommitteeSettings(
        name="上海市某区某街道某居民委员会", street="某街道", supervision_phone="021-54321234",
        contact_person=contact))


def _notice(store: Store, title: str, body: str, public: bool = True) -> int:
    changed = notices.create(Context(store, "委员"), "hearing_result", title=title, body=body,
                             posted_from="2026-12-01", posted_until="2026-12-07", public=public)
    return changed.ids[0]


def test_a_short_name_inside_the_contact_persons_is_still_masked(store: Store) -> None:
    _committee(store, contact="陈立群")
    _resident(store, "陈立")
    nid = _notice(store, "关于陈立反映问题的听证结果", "陈立提出加装电梯。联系人：陈立群。")
    n = docs.notice_data(store, nid)
    assert "陈立提出" not in n.body and "陈*提出" in n.body
    assert "联系人：陈立群" in n.body  # the committee's contact person stays
    assert "陈立" not in n.title


def test_a_resident_who_took_no_part_is_masked_too(store: Store) -> None:
    _committee(store)
    _resident(store, "欧阳明华")
    _resident(store, "王五")
    nid = _notice(store, "欧阳明华与王五的协调结果", "欧阳明华、王五两户达成一致。")
    n = docs.notice_data(store, nid)
    for full in ("欧阳明华", "王五"):
        assert full not in n.title and full not in n.body


def _pdf_text(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def test_a_notice_not_public_is_marked_internal_and_not_worded_as_a_publicity(store: Store) -> None:
    _committee(store)
    nid = _notice(store, "听证结果公示", "现将结果公示如下。", public=False)
    data, _pages = notice_docs.render(docs.notice_data(store, nid))
    text = _pdf_text(data)
    assert "内部" in text
    assert "公示" not in text


# -------------------------------------------------------------- the property test

SEPARATORS = st.sampled_from(["", " ", "-", ".", "  ", "·"])
FULL = str.maketrans("0123456789", "０１２３４５６７８９")


@st.composite
def id_variant(draw: st.DrawFn) -> str:
    groups = draw(st.sampled_from([(6, 8, 4), (6, 4, 4, 4), (3, 3, 4, 4, 4), (18,)]))
    sep = draw(SEPARATORS)
    parts, i = [], 0
    for g in groups:
        parts.append(ID[i:i + g])
        i += g
    text = sep.join(parts)
    if draw(st.booleans()):
        text = text.translate(FULL)
    return draw(st.sampled_from(["", "ID", "身份证", "身份证号："])) + text


@st.composite
def phone_variant(draw: st.DrawFn) -> str:
    sep = draw(SEPARATORS)
    a, b, c = PHONE[:3], PHONE[3:7], PHONE[7:]
    text = draw(st.sampled_from([f"{a}{sep}{b}{sep}{c}", f"({a}){b}{c}", f"（{a}）{b}{sep}{c}",
                                 f"+86 {a}{sep}{b}{sep}{c}"]))
    return text.translate(FULL) if draw(st.booleans()) else text


ROOMS = st.sampled_from(["5号楼1单元602室", "5-602", "5号602室", "5号楼-602", "5栋602", "5-1-602"])
NAMES = st.sampled_from(["陈立", "陈立群", "欧阳明华", "王五"])
FILLER = st.sampled_from(["，", "。", "；", " 反映 ", "说：", "\n"])


@pytest.fixture(scope="module")
def people_store(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    s = Store(tmp_path_factory.mktemp("mask") / "data" / "selfgov.db")
    _committee(s, contact="李主任")
    _resident(s, "陈立群", ID, PHONE, "5号", "602")
    for name in ("陈立", "欧阳明华", "王五"):
        _resident(s, name)
    yield s
    s.close()


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(pieces=st.lists(st.one_of(id_variant(), phone_variant(), ROOMS, NAMES, FILLER),
                       min_size=3, max_size=12),
       title_name=NAMES)
def test_nothing_personal_reaches_a_public_pdf(people_store: Store, pieces: list[str],
                                              title_name: str) -> None:
    body = "，".join(pieces)  # text as people write it: items apart, in any form
    nid = _notice(people_store, f"{title_name}的听证结果", body)
    data, _pages = notice_docs.render(docs.notice_data(people_store, nid))
    text = _pdf_text(data)
    for line in text.splitlines():
        digits = re.sub(r"\D", "", line.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
        assert ID[:17] not in digits and ID[6:14] not in digits, line
        assert PHONE[3:7] + PHONE[7:] not in digits, line
        assert "602" not in digits, line
    flat = re.sub(r"\s", "", text)
    for name in ("陈立", "陈立群", "欧阳明华", "王五"):
        assert name not in flat, name
