"""The printed forms (export-form): the right names and criteria on them (pdftotext), the
fonts embedded (pdffonts), no participant name on an anonymous evaluation form, N copies
numbered; tally sheets with 计票人/监票人; the CLI command."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from selfgov_desktop import cli
from selfgov_desktop.documents import forms
from selfgov_desktop.domain.errors import UserError
from selfgov_desktop.services import paper
from selfgov_desktop.services import participants as P
from selfgov_desktop.services import sessions as S

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def text_of(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return out


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def fonts_of(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def session_by_state(store, kind, state):
    return next(r.id for r in S.list_sessions(store, kind=kind) if r.state == state)


def export(ctx, sid, kind, path, copies=1, motions=None):
    return paper.export_form(ctx, sid, kind, path, forms.write, copies=copies, motions=motions)


def assert_embedded(path: Path):
    rows = fonts_of(path)
    assert rows, "no fonts listed"
    for row in rows:
        # name type encoding emb sub uni ...
        assert row[-5] == "yes", f"font not embedded: {row}"
    names = " ".join(r[0] for r in rows)
    assert "FandolFang" in names and "Helvetica" not in names


def test_signin_sheet_lists_every_participant_in_order(demo_ctx, tmp_path):
    store = demo_ctx.store
    sid = session_by_state(store, "evaluation", "scoring")
    out = tmp_path / "签到表.pdf"
    ch = export(demo_ctx, sid, "signin", out)
    assert ch.data["pages"] >= 1
    text = text_of(out)
    f = flat(text)
    rows = P.list_participants(store, sid)
    rec = S.get(store, sid)
    assert rec.title + "签到表" in f
    positions = [f.find(r.name.split("（")[0]) for r in rows]  # a long cell wraps onto two lines
    assert all(p >= 0 for p in positions), [r.name for r, p in zip(rows, positions, strict=True) if p < 0]
    assert positions == sorted(positions)  # the order of the list, which entry follows
    for r in rows:
        if r.group_name:
            assert r.group_name in f
    due = sum(1 for r in rows if r.role not in ("主持人", "记录人", "列席", "旁听人", "陈述人", "评议对象"))
    assert f"应到{due}人" in f
    assert "本人签名" in f and "代签/委托" in f
    assert rec.place in f and "2026年11月" in f
    assert "第1页共" in f.replace(" ", "") or ch.data["pages"] == 1
    assert_embedded(out)
    # not masked: full names, and an audit row says the sheet was printed
    assert any("*" not in r.name and r.name in f for r in rows)
    assert store.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'document.export' AND "
                              "entity_id = ?",
                              [sid]).fetchone()[0] == 1


def test_evaluation_forms_anonymous_numbered_with_criteria(demo_ctx, tmp_path):
    store = demo_ctx.store
    sid = session_by_state(store, "evaluation", "scoring")
    out = tmp_path / "评议表.pdf"
    ch = export(demo_ctx, sid, "evaluation", out, copies=5)
    assert ch.data["pages"] == 5
    text = text_of(out)
    pages = text.split("\f")
    rec = S.get(store, sid)
    crit = [c["name"] for c in S.criteria(store, sid)]
    for i, page in enumerate(pages[:5], start=1):
        f = flat(page)
        assert f"{rec.number}-P{i:03d}" in f
        for name in crit:
            assert name in f
        for opt in ("满意", "基本满意", "不满意"):
            assert opt in f
        assert "意见和建议" in f and "不记名" in f
        assert rec.data["object_name"] in f
    # anonymous: no participant's name anywhere on the forms
    for r in P.list_participants(store, sid):
        if len(r.name) >= 2:
            assert r.name not in flat(text), r.name
    assert "姓名：" not in text
    assert_embedded(out)


def test_member_evaluation_uses_the_competence_scale(demo_ctx, tmp_path):
    store = demo_ctx.store
    sid = next(r.id for r in S.list_sessions(store, kind="evaluation")
               if S.get(store, r.id).data.get("scale") == "称职度")
    out = tmp_path / "m.pdf"
    export(demo_ctx, sid, "evaluation", out, copies=1)
    f = flat(text_of(out))
    for opt in ("优秀", "称职", "基本称职", "不称职"):
        assert opt in f
    assert "满意" not in f.replace("不满意", "")


def test_ballots_and_tally_sheet(demo_ctx, tmp_path):
    store = demo_ctx.store
    sid = session_by_state(store, "hearing", "hearing")
    out = tmp_path / "票.pdf"
    motions = ["同意垃圾箱房迁至15号楼北侧", "同意迁移后原址改为绿化"]
    export(demo_ctx, sid, "ballot", out, copies=4, motions=motions)
    f = flat(text_of(out))
    rec = S.get(store, sid)
    for i in range(1, 5):
        assert f"{rec.number}-B{i:03d}" in f
    assert f.count(motions[0]) == 4 and f.count("不同意") >= 4 and f.count("弃权") >= 4
    assert_embedded(out)
    tally = tmp_path / "统计.pdf"
    export(demo_ctx, sid, "tally", tally)
    t = flat(text_of(tally))
    for word in ("计票人", "监票人", "发出表决票", "收回", "有效", "无效", "表决事项"):
        assert word in t
    assert_embedded(tally)


def test_evaluation_tally_sheet_shows_entered_counts(demo_ctx, tmp_path):
    from selfgov_desktop.domain import paper as PP
    store = demo_ctx.store
    sid = session_by_state(store, "evaluation", "scoring")
    crit = S.criteria(store, sid)
    paper.record_evaluation_counts(demo_ctx, sid, PP.FormCounts(30, 29, 28, 1),
                                   {c["id"]: {"满意": 20, "基本满意": 7, "不满意": 1} for c in crit})
    out = tmp_path / "t.pdf"
    export(demo_ctx, sid, "tally", out)
    text = text_of(out)
    f = flat(text)
    for c in crit:
        assert c["name"] in f
    assert "计票人" in f and "监票人" in f
    assert re.search(r"30\s+29\s+28\s+1", text)


def test_cli_export_form(demo_db_file, tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(demo_db_file, data / "selfgov.db")
    from selfgov_desktop.store.db import Store
    s = Store(data / "selfgov.db")
    sid = session_by_state(s, "evaluation", "scoring")
    s.close()
    out = tmp_path / "cli.pdf"
    assert cli.main(["--data-dir", str(data), "export-form", str(sid), "evaluation", str(out),
                     "--copies", "3"]) == 0
    assert "共3页" in capsys.readouterr().out
    assert out.read_bytes()[:4] == b"%PDF"
    assert cli.main(["--data-dir", str(data), "export-form", str(sid), "evaluation", str(out),
                     "--copies", "0"]) == 2
    assert "份数" in capsys.readouterr().err
    hearing = tmp_path / "h.pdf"
    from conftest import open_sealed

    s = open_sealed(data)  # the CLI sealed the plain copy at its first run
    hid = session_by_state(s, "hearing", "hearing")
    s.close()
    assert cli.main(["--data-dir", str(data), "export-form", str(hid), "evaluation", str(hearing)]) == 2
    assert "评议内容" in capsys.readouterr().err


def test_unknown_kind_refused(demo_ctx, tmp_path):
    with pytest.raises(UserError):
        paper.sheet(demo_ctx.store, 1, "receipt")


def test_one_evaluation_form_per_page_for_every_demo_evaluation(demo_ctx, tmp_path):
    store = demo_ctx.store
    done = 0
    for r in S.list_sessions(store, kind="evaluation"):
        if not S.criteria(store, r.id):
            continue
        ch = export(demo_ctx, r.id, "evaluation", tmp_path / f"{r.id}.pdf", copies=3)
        assert ch.data["pages"] == 3, (r.title, len(S.criteria(store, r.id)))
        done += 1
    assert done >= 5


def test_long_name_grows_its_row_instead_of_printing_over_the_one_above():
    from selfgov_desktop.documents import fonts
    from selfgov_desktop.domain import paper as PP

    fonts.register()
    rows = [PP.SigninRow("张三", "第一楼组", "居民"),
            PP.SigninRow("阿卜杜热合曼·买买提艾力·阿不都克依木", "上海沁园物业管理有限公司工程部",
                         "单位代表")]
    sheet = PP.SigninSheet("沁园居委会", "测试会", "听证会", "", None, "", "", rows, 2, blank_rows=1)
    table = next(f for f in forms.signin_flowables(sheet) if f.__class__.__name__ == "Table")
    table.wrap(forms.TEXT_W, 2000)
    heights = table._rowHeights
    assert heights[2] > heights[1] >= 26  # the long name wraps inside a taller row
    assert heights[3] >= 26  # a blank row still has room to sign


def test_ballot_seal_and_tally_attendance_and_verdict(demo_ctx, tmp_path):
    sid = next(r.id for r in S.list_sessions(demo_ctx.store, kind="residents_meeting") if r.state == "closed")
    out = tmp_path / "票.pdf"
    paper.export_form(demo_ctx, sid, "ballot", out, forms.write)
    assert "本票加盖居委会印章有效" in flat(text_of(out))
    paper.export_form(demo_ctx, sid, "tally", out, forms.write)
    t = flat(text_of(out))
    assert f"到会人数：{paper.attending(demo_ctx.store, sid)}人" in t and "是否通过" in t


def test_residents_meeting_signs_in_per_group_from_the_roster(demo_ctx, tmp_path):
    sid = next(r.id for r in S.list_sessions(demo_ctx.store, kind="residents_meeting") if r.state == "closed")
    sheet = paper.signin_sheet(demo_ctx.store, sid)
    assert sheet.sections and sheet.due == int(S.get(demo_ctx.store, sid).data["base_size"])
    assert sum(n for _g, n, _rows in sheet.sections) == sum(len(r) for _g, _n, r in sheet.sections)
    out = tmp_path / "签到.pdf"
    paper.export_form(demo_ctx, sid, "signin", out, forms.write)
    t = flat(text_of(out))
    group, due, _rows = sheet.sections[0]
    assert f"{group}应到{due}人" in t and "应到0人" not in t and f"本次会议应到{sheet.due}人" in t
