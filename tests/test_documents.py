"""Minutes PDFs and the shared layout: open what was written with poppler and check it."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from selfgov_desktop.documents import fonts, minutes, notices, pdf
from selfgov_desktop.domain.documents import (Attendee, MinutesData, NoticeData, fill_template,
                                              placeholders, scrub_public)
from selfgov_desktop.domain.errors import UserError
from selfgov_desktop.services import documents as docs

import document_samples as ds

needs_poppler = pytest.mark.skipif(shutil.which("pdffonts") is None,
                                   reason="poppler-utils (scripts/system-deps.sh test)")
RARE = "堃喆赟昇玥镕淼㛃䶮𠮷"


def pdffonts(path: Path) -> list[dict[str, str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type... emb sub uni objectID gen: the three yes/no columns before the last two
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4]})
    return rows


def pdftext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


@pytest.fixture
def sample(store):
    ds.committee(store)
    residents = ds.people(store)
    ids = {k: ds.add_session(store, k, i + 1, dt.date(2026, 3 + i, 10), residents)
           for i, k in enumerate(("hearing", "coordination", "evaluation"))}
    return store, ids


# -------------------------------------------------------------- fonts


def test_body_font_is_fangsong_and_rare_names_fall_back():
    gb = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                gb.append(bytes([hi, lo]).decode("gb2312"))
    assert len(gb) == 6763
    # 仿宋 body, 小标宋-like titles, 黑体 headings each cover GB2312 themselves
    for face in (fonts.FANG, fonts.TITLE, fonts.HEI):
        assert all(fonts.has_glyph(face, c) for c in gb), face
    assert fonts.missing("".join(gb) + RARE) == []
    # 𠮷 (Ext. B) only in the cut WenKai, Ext. A in the cut Zen Hei: the fallbacks carry
    # only what Fandol lacks (each glyph once in the bundle)
    assert not fonts.has_glyph(fonts.FANG, "𠮷")
    assert fonts.font_for("𠮷") == fonts.KAI_FALLBACK
    ext_a = [chr(i) for i in range(0x3400, 0x4DC0)]
    assert all(fonts.font_for(c) for c in ext_a)
    assert not any(fonts.has_glyph(fonts.ZEN_FALLBACK, c) for c in gb)


def test_runs_switch_font_per_character_and_mark_the_unknown():
    lacking = next(chr(i) for i in range(0x3400, 0x4DC0) if not fonts.has_glyph(fonts.KAI, chr(i)))
    r = fonts.runs(f"王{lacking}明")
    assert r == [(fonts.KAI, "王"), (fonts.font_for(lacking), lacking), (fonts.KAI, "明")]
    assert r[1][0] in fonts.RARE
    assert fonts.runs("𠮷", fonts.TITLE) == [(fonts.KAI_FALLBACK, "𠮷")]
    # a private-use character no font has becomes 〓, never an empty box
    assert fonts.runs("\ue000")[0][1] == fonts.MISSING_MARK
    assert fonts.missing("a\ue000") == ["\ue000"]


def test_balanced_title_breaks_between_words():
    lines = pdf.balanced_lines("关于沁园路88弄12号加装电梯听证结果的公示", 22, pdf.TEXT_W - 44)
    assert len(lines) == 2
    assert min(len(ln) for ln in lines) >= 8
    lines = pdf.balanced_lines("关于2026年度小区公共收益使用计划听证结果的公示", 22, pdf.TEXT_W - 44)
    assert len(lines) == 2
    assert not any(ln.endswith("公") for ln in lines)  # never 小区公/共收益
    assert abs(len(lines[0]) - len(lines[1])) <= 6
    for ln in lines[1:]:
        assert ln[0] not in pdf.CLOSING


@pytest.mark.parametrize("title", [
    "关于召开小区停车管理方案调整听证会的公告",
    "关于小区停车管理方案调整听证结果的公示",
    "关于召开小区停车管理方案的居民会议的公告",
    "关于召开小区雨污分流改造施工方案听证会的公告",
    "关于召开2027年度小区公共收益使用计划听证会的公告",
    "关于2026年上半年物业服务评议结果的公示",
])
def test_two_line_title_never_splits_a_compound_word(title: str):
    """GB/T 9704 7.3.3: a title that needs two lines breaks between words — never 停车管理/方案,
    使用/计划, 物业/服务 — and no line starts with 的."""
    lines = pdf.balanced_lines(title, 22, pdf.TEXT_W - 44)
    assert len(lines) == 2, lines
    cut = len(lines[0])
    for word in pdf.COMPOUNDS:
        at = title.find(word)
        while at != -1:
            assert not at < cut < at + len(word), (lines, word)
            at = title.find(word, at + 1)
    assert not lines[1].startswith("的"), lines
    assert "".join(lines) == title


def test_title_break_rule_prefers_a_good_break_to_a_weak_one():
    points = pdf._break_points("关于召开小区停车管理方案调整听证会的公告")
    assert points[2] and points[4]  # after 关于, after 召开
    assert 10 not in points  # 管理|方案: inside a compound
    assert points[14]  # before 听证
    lines = pdf.balanced_lines("关于召开小区停车管理方案调整听证会的公告", 22, pdf.TEXT_W - 44)
    assert lines[0].endswith(("小区", "方案调整")), lines


def test_a_decimal_number_is_never_split_at_its_point():
    """满意率83.3% must not wrap as "83." / "3%": a point between digits is part of the number,
    not a full stop to hang in the margin."""
    from selfgov_desktop.documents import fonts, kinsoku

    fonts.register()
    text = "无效1份。总体评价：满意11票、基本满意9票、不满意4票，满意率83.3%。"
    for width in range(100, 500, 3):
        lines = [ln for _extra, ln in kinsoku.word_split(text, [width], pdf.KAI, 16)]
        assert "".join(lines) == text
        for a, b in zip(lines, lines[1:], strict=False):
            assert not (a and b and a[-1] in "0123456789." and b[0] in "0123456789.%"), (width, lines)


# -------------------------------------------------------------- domain helpers


def test_scrub_public_removes_id_numbers_and_masks_mobiles_but_keeps_official_phone():
    text = "张三 310107195603121234 旧号 310107560312123 手机 138 1234 5678 监督电话 021-52805678"
    out = scrub_public(text, keep=("021-52805678",))
    assert "310107195603121234" not in out and "310107560312123" not in out
    assert "138****5678" in out and "1234 5678" not in out
    assert "021-52805678" in out


def test_scrub_public_keeps_addresses_to_the_building():
    out = scrub_public("沁园路88弄12号301室、14号楼 502 室和16幢-1203室的住户；办公地址沁园路88弄25号")
    assert out == "沁园路88弄12号、14号楼和16幢的住户；办公地址沁园路88弄25号"


def test_fill_template_leaves_unknown_placeholders_visible():
    assert fill_template("{议题}于{会议日期}，{未知}", {"议题": "加装电梯", "会议日期": "2026年11月22日"}) \
        == "加装电梯于2026年11月22日，{未知}"
    assert placeholders("{a}{b}{a}") == ["a", "b"]


# -------------------------------------------------------------- minutes


@needs_poppler
@pytest.mark.parametrize("kind", ["hearing", "coordination", "evaluation"])
def test_minutes_pdf_embeds_fonts_and_shows_the_record(sample, ctx, tmp_path, kind):
    store, ids = sample
    out = tmp_path / f"{kind}.pdf"
    changed = docs.export_minutes(ctx, ids[kind], out, minutes.write)
    assert out.exists() and changed.data["pages"] == pages(out)
    fonts_used = pdffonts(out)
    assert fonts_used and all(f["emb"] == "yes" and f["sub"] == "yes" for f in fonts_used)
    assert any("FandolFang" in f["name"] for f in fonts_used)  # 仿宋 body
    assert any("FandolSong-Bold" in f["name"] for f in fonts_used)  # 小标宋-like title
    text = pdftext(out)
    flat = re.sub(r"\s+", "", text)
    # 应到 counts those expected to take part (domain.paper): the samples list 12 people, of
    # whom the 陈述人/旁听人 (hearing), 列席 (coordination) or 评议对象 (evaluation) are not due
    due = {"hearing": 10, "coordination": 4, "evaluation": 11}.get(kind, 12)
    for expected in ("主持人", "陈立群", "记录人", "李玥", f"应到{due}人，实到", "散会",
                     "部分代表因病请假", "2026年", "未按规定办理的事项及理由"):
        assert expected in flat, expected
    # counts add up: 应到 = 实到 + 缺席 (+ 未签到)
    m = re.search(r"应到(\d+)人，实到(\d+)人，缺席（含请假）(\d+)人(?:，未签到(\d+)人)?", flat)
    assert m, flat[:400]
    assert int(m[1]) == int(m[2]) + int(m[3]) + int(m[4] or 0)
    # what the minutes never carry: the program's score, login names, placeholders, spaces
    for unwanted in ("规范程度", "demo", "（未记录）", "（无发言记录）", "如有", "未填"):
        assert unwanted not in flat, unwanted
    assert not re.search(r"[\u4e00-\u9fff] \d|\d [\u4e00-\u9fff]", text)
    assert "王堃" in flat and "欧阳镕" in flat  # rare characters drawn (fallback), not blank
    if kind == "hearing":
        # a hearing's vote is an 意向性表决: its counts, never 通过 (even when stored so)
        assert "同意加装电梯方案" in flat and "意向性表决" in flat and "处理建议" in flat
        assert "通过" not in flat.replace("可通过", "")
        # signed by the 听证代表 too, with a line for who declined
        assert "听证代表签名" in flat and "姓名签名" in flat and "拒绝签名" in flat
        assert flat.index("听证代表签名") < flat.index("王堃", flat.index("听证代表签名"))
    if kind == "coordination":
        assert "协议事项与责任分工" in flat and "当事人王堃（签名）" in flat
    if kind == "evaluation":
        assert "满意率" in flat and "85.2%" in flat and "整改承诺" in flat
    # multi-page: "第 X 页 共 Y 页" on each page
    n = pages(out)
    if n > 1:
        assert f"第1页共{n}页" in flat and f"第{n}页共{n}页" in flat
    # the audit log records the export
    row = store.conn.execute("SELECT action, entity_id FROM audit_log ORDER BY id DESC").fetchone()
    assert row == ("document.export", ids[kind])


@needs_poppler
def test_short_document_has_no_page_numbers_and_long_one_counts_pages(tmp_path, store):
    ds.committee(store)
    base = MinutesData(committee=ds.COMMITTEE, kind="hearing", kind_label="听证会", title="短会")
    out, n = minutes.write(base, tmp_path / "short.pdf")
    long = MinutesData(committee=ds.COMMITTEE, kind="hearing", kind_label="听证会", title="长会",
                       attendees=[Attendee(f"代表{i}", "听证代表", "出席") for i in range(150)])
    out2, n2 = minutes.write(long, tmp_path / "long.pdf")
    assert n == pages(out) and n2 == pages(out2) and n2 >= 4
    assert "页共" not in re.sub(r"\s+", "", pdftext(out)) or n > 1
    assert f"第{n2}页共{n2}页" in re.sub(r"\s+", "", pdftext(out2))


def test_minutes_tolerate_a_session_with_nothing_recorded(store, ctx, tmp_path):
    ds.committee(store)
    with store.write() as db:
        sid = db.execute("INSERT INTO sessions (kind, title, state, created_at, updated_at)"
                         " VALUES ('hearing', '刚建立的听证会', 'topic', 'x', 'x')").lastrowid
    m = docs.minutes_data(store, sid)
    assert m.title == "刚建立的听证会" and m.attendees == [] and m.compliance is None
    data, n = minutes.render(m)
    assert data.startswith(b"%PDF") and 1 <= n <= 2


def test_unknown_session_is_a_user_error(store):
    with pytest.raises(UserError, match="没有编号为999的会议"):
        docs.minutes_data(store, 999)


def test_file_open_elsewhere_gives_a_clear_message(tmp_path, monkeypatch):
    n = NoticeData(committee=ds.COMMITTEE, kind="hearing_result", title="关于测试的公示", body="正文")
    target = tmp_path / "公示.pdf"
    target.write_bytes(b"old")
    (tmp_path / ".~lock.公示.pdf#").write_text("x")  # WPS/LibreOffice lock file
    with pytest.raises(UserError, match="正被其他程序"):
        notices.write(n, target)
    (tmp_path / ".~lock.公示.pdf#").unlink()

    def denied(src, dst):  # Windows: the file is open in Excel
        raise PermissionError(13, "denied")

    monkeypatch.setattr("os.replace", denied)
    with pytest.raises(UserError, match="请先关闭 PDF 阅读器或 WPS 中的这个文件再试"):
        notices.write(n, target)
    assert target.read_bytes() == b"old"  # untouched, no half-written file
    assert [p.name for p in tmp_path.iterdir()] == ["公示.pdf"]  # no temp file left


def test_minutes_of_every_demo_session_render(demo_store):
    """Every kind in every step state, as the workflow services recorded them."""
    rows = demo_store.conn.execute("SELECT id, kind, title FROM sessions ORDER BY id").fetchall()
    kinds = {r[1] for r in rows}
    assert {"hearing", "coordination", "evaluation"} <= kinds
    for sid, _kind, title in rows:
        m = docs.minutes_data(demo_store, sid)
        assert m.title == title
        data, n = minutes.render(m)
        assert data.startswith(b"%PDF") and n >= 1
        assert b"Helvetica" not in data  # every font embedded, none referenced by name only


def test_to_unicode_cmap_is_reportlabs_but_utf16_beyond_the_bmp():
    bmp = [0x41, 0x5F20, 0x3000, 0xFFFD]
    assert fonts.to_unicode_cmap("F", bmp) == _reportlab_cmap("F", bmp)
    lines = fonts.to_unicode_cmap("F", [0x41, 0x20BB7]).splitlines()
    assert "<01> <D842DFB7>" in lines and "<00> <0041>" in lines


def _reportlab_cmap(fontname, subset):
    """reportlab's own ToUnicode map, as shipped (before fonts.register() replaces it)."""
    import importlib.util

    spec = importlib.util.find_spec("reportlab.pdfbase.ttfonts")
    source = Path(spec.origin).read_text(encoding="latin-1")
    start = source.index("def makeToUnicodeCMap(")
    end = source.index("\ndef ", start + 1)
    scope: dict = {}
    exec(source[start:end], scope)  # reportlab's own function, for comparison
    return scope["makeToUnicodeCMap"](fontname, subset)


def test_minutes_name_how_residents_signed_a_hearing_request(demo_ctx):
    from selfgov_desktop.services import sessions as S

    sid = S.create(demo_ctx, "hearing", "关于加装电梯的听证会").data["id"]
    S.set_fields(demo_ctx, sid, {"topic_source": "居民提议", "request_count": "26"})
    assert docs.minutes_data(demo_ctx.store, sid).topic_source == "居民提议（26人联名）"
    S.set_field(demo_ctx, sid, "request_basis", "户数")
    assert docs.minutes_data(demo_ctx.store, sid).topic_source == "居民提议（26户联名）"


def test_a_numbered_item_with_nothing_under_it_is_left_out_and_the_rest_renumbered():
    from selfgov_desktop.domain.documents import fill_template

    t = "{标题}\n\n一、计票结果：{计票结果}\n二、主要意见：{评议结果}\n三、整改承诺：{整改承诺}"
    filled = fill_template(t, {"标题": "T", "计票结果": "满意14票", "评议结果": "", "整改承诺": "无。"})
    assert "主要意见" not in filled and "二、整改承诺：无。" in filled and "三、" not in filled
    kept = fill_template(t, {"标题": "T", "计票结果": "满意14票", "评议结果": "电梯慢", "整改承诺": "无。"})
    assert "二、主要意见：电梯慢" in kept and "三、整改承诺：无。" in kept
    # a placeholder nobody knows stays visible for the staff to fix, its item too
    assert "二、主要意见：{未知}" in fill_template(t.replace("{评议结果}", "{未知}"), {"计票结果": "1"})
