"""公告/公示: templates, masking (no ID number or phone ever), 公示期 tracking, CLI."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess

import document_samples as ds
import pytest

from selfgov_desktop.documents import notices as notice_docs
from selfgov_desktop.domain.documents import NOTICE_KIND_LABELS, NoticeKind
from selfgov_desktop.domain.errors import UserError
from selfgov_desktop.domain.masking import mask_name
from selfgov_desktop.services import documents as docs
from selfgov_desktop.services import notices

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")
ID_RE = re.compile(r"\d{17}[\dXx]|\d{15}")
MOBILE_RE = re.compile(r"1[3-9]\d{9}")


def flat_text(path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return re.sub(r"\s+", "", out)


@pytest.fixture
def sample(store):
    ds.committee(store)
    residents = ds.people(store)
    hearing = ds.add_session(store, "hearing", 1, dt.date(2026, 11, 22), residents)
    evaluation = ds.add_session(store, "evaluation", 2, dt.date(2026, 11, 20), residents)
    return store, hearing, evaluation


def test_every_kind_has_a_default_template_with_known_placeholders(store):
    for kind in NoticeKind:
        text = notices.default_template(kind.value)
        title, body = notices.split_template(text)
        assert title and body, kind
        assert "{" in text  # uses placeholders


def test_create_from_template_fills_session_values(sample, ctx):
    store, hearing, _ = sample
    changed = notices.create(ctx, "hearing_notice", hearing, posted_from="2026-11-10")
    n = docs.notice_row(store, changed.data["id"])
    assert "关于召开" in n["title"] and "听证会" in n["title"]
    assert "2026年11月22日" in n["body"] and "居委会二楼会议室" in n["body"]
    assert "{" not in n["body"]  # every placeholder known for a hearing notice
    assert n["posted_until"] == "2026-11-22"  # a 公告 stays up until the meeting
    assert n["title"] == "关于召开沁园路88弄2号加装电梯方案听证会的公告"  # never 关于召开关于…
    result = docs.notice_row(store, notices.create(ctx, "hearing_result", hearing,
                                                   posted_from="2026-11-23").data["id"])
    assert result["posted_until"] == "2026-11-29"  # 7 days counted with both ends
    assert store.conn.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'notice.create'"
                              ).fetchone()[0] == 2


def test_edited_template_is_used_and_reset_restores_default(sample, ctx):
    store, hearing, _ = sample
    notices.save_template(ctx, "hearing_result", "{议题}的结果\n\n特别说明：{决定}")
    title, body = notices.draft(store, "hearing_result", hearing)
    assert title.endswith("的结果") and body.startswith("特别说明：由居民代表会议决定：同意加装")
    notices.save_template(ctx, "hearing_result", None)
    assert notices.template(store, "hearing_result") == notices.default_template("hearing_result")


def test_dates_are_checked(sample, ctx):
    _, hearing, _ = sample
    with pytest.raises(UserError, match="早于张贴日期"):
        notices.create(ctx, "hearing_result", hearing, posted_from="2026-11-20",
                       posted_until="2026-11-10")
    with pytest.raises(UserError, match="不是有效的日期"):
        notices.create(ctx, "hearing_result", hearing, posted_from="11/20")
    with pytest.raises(UserError, match="不认识的公告公示类型"):
        notices.create(ctx, "nonsense", hearing)


def test_board_and_ending_soon(sample, ctx):
    store, hearing, evaluation = sample
    today = dt.date(2026, 11, 29)
    a = notices.create(ctx, "hearing_notice", hearing, posted_from="2026-11-10",
                       posted_until="2026-11-20").data["id"]  # over
    b = notices.create(ctx, "hearing_result", hearing, posted_from="2026-11-25",
                       posted_until="2026-12-02").data["id"]  # ends in 3 days
    c = notices.create(ctx, "evaluation_result", evaluation, posted_from="2026-11-28",
                       posted_until="2026-12-05").data["id"]  # on the board
    d = notices.create(ctx, "evaluation_result", evaluation, posted_from="2026-12-01").data["id"]
    states = {n.id: n.state for n in notices.list_notices(store, today)}
    assert states == {a: "已结束", b: "即将结束", c: "张贴中", d: "未张贴"}
    assert {n.id for n in notices.on_board(store, today)} == {b, c}
    assert [n.id for n in notices.ending_soon(store, today)] == [b]
    notices.update(ctx, c, posted_until="2026-12-01", public=False)
    assert {n.id for n in notices.ending_soon(store, today)} == {b, c}
    assert not docs.notice_row(store, c)["public"]


def pages_of(path) -> int:  # noqa: ANN001
    import subprocess

    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info)[1])


@needs_poppler
@pytest.mark.parametrize("kind", [k.value for k in NoticeKind])
def test_public_notice_of_every_kind_has_no_id_number_or_phone(sample, ctx, tmp_path, kind):
    store, hearing, evaluation = sample
    sid = evaluation if kind == "evaluation_result" else hearing
    nid = notices.create(ctx, kind, sid, posted_from="2026-11-23").data["id"]
    # staff typed personal data into the body by mistake
    body = docs.notice_row(store, nid)["body"] + "\n提议人王堃（310107195603121234，13812345678），" \
        "张赟（电话021-52809999，住沁园路88弄14号301室）、𠮷田春、欧阳镕均已签字。"
    notices.update(ctx, nid, body=body)
    out = tmp_path / f"{kind}.pdf"
    docs.export_notice(ctx, nid, out, notice_docs.write)
    text = flat_text(out)
    assert not ID_RE.search(text), text
    assert not MOBILE_RE.search(text), text
    for _name, idn, phone, _ in ds.PEOPLE:
        assert idn not in text and phone not in text
    assert "王堃" not in text and mask_name("王堃") in text
    assert "301室" not in text and "沁园路88弄14号" in text  # addresses to the building
    # 𠮷 (outside the BMP) is drawn and extracts as itself (fonts.to_unicode_cmap)
    assert "欧阳镕" not in text and "欧*镕" in text and "𠮷*春" in text and "田春" not in text
    assert "。，" not in text and "，。" not in text
    assert ds.COMMITTEE.name in text and "2026年11月23日" in text  # 落款
    if kind == "hearing_notice":  # a 公告: no 公示期, contact, its own closing
        assert "公示期" not in text and "特此公告。" in text and "特此公示" not in text
        assert "联系电话：021-52801234" in text
    else:  # a 公示: period with its days, how to object, 监督电话
        assert "公示期：自2026年11月23日至2026年11月29日（共7天）" in text
        assert "公示期内如有异议" in text and "监督电话：021-52805678" in text
        assert "特此公示。" in text and "特此公告" not in text
    if kind == "evaluation_result":
        assert "满意率" in text and "85.2%" in text
        assert pages_of(out) == 1  # one sheet for the board


@needs_poppler
def test_unmasked_notice_keeps_names_but_never_ids_or_phones(sample, ctx, tmp_path):
    store, hearing, _ = sample
    nid = notices.create(ctx, "hearing_result", hearing, posted_from="2026-11-23",
                         mask_names=False, body="代表王堃（13812345678，310107195603121234）发言。"
                         ).data["id"]
    out = tmp_path / "n.pdf"
    docs.export_notice(ctx, nid, out, notice_docs.write)
    text = flat_text(out)
    assert "王堃" in text and not MOBILE_RE.search(text) and not ID_RE.search(text)


def test_cli_notices_json_and_export(sample, ctx, tmp_path, capsys):
    from selfgov_desktop import cli

    store, hearing, _ = sample
    nid = notices.create(ctx, "hearing_result", hearing, posted_from="2026-11-23").data["id"]
    data_dir = store.path.parent
    store.close()
    assert cli.main(["--data-dir", str(data_dir), "notices", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert items[0]["id"] == nid and items[0]["kind"] == "hearing_result"
    assert items[0]["public"] is True and items[0]["session_id"] == hearing
    assert items[0]["posted_from"] == "2026-11-23" and items[0]["posted_until"] == "2026-11-29"
    out = tmp_path / "n.pdf"
    assert cli.main(["--data-dir", str(data_dir), "export-notice", str(nid), str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert cli.main(["--data-dir", str(data_dir), "export-notice", "999", str(out)]) == 2
    assert "没有编号为999的" in capsys.readouterr().err


def test_labels_cover_every_kind():
    assert all(k.value in NOTICE_KIND_LABELS for k in NoticeKind)
