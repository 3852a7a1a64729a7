"""Minutes, notices and ledger sheets of the 居民(代表)会议 and 四议两公开, through the
documents machinery."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from selfgov_desktop.documents import decision_docs as ddocs
from selfgov_desktop.documents import minutes, notices
from selfgov_desktop.services import decision_docs as svc
from selfgov_desktop.services import decisions, sessions
from selfgov_desktop.services import documents as docs

SHOTS = os.environ.get("SHOTS_DIR")



def meeting(store, passed: bool) -> int:
    for r in sessions.list_sessions(store, kind="residents_meeting"):
        checks = {c["rule"]: c["status"] for c in sessions.get(store, r.id).checks}
        if (checks["assembly_quorum"] == "pass") == passed:
            return r.id
    raise AssertionError("no such demo meeting")


def pdf_text(path: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext not installed")
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_minutes_show_base_attendance_and_rule(demo_ctx, tmp_path):
    sid = meeting(demo_ctx.store, passed=True)
    m = svc.minutes_data(demo_ctx.store, sid)
    assert m.expected and m.expected > 1000 and len(m.present) == m.attending > m.expected // 2
    assert m.sections[0][0] == "应到人数与到会情况" and "会议有效" in m.sections[0][1]
    assert m.votes and all(v.rule == svc.MAJORITY_RULE for v in m.votes)
    ch = svc.export_minutes(demo_ctx, sid, tmp_path / "m.pdf", minutes.write)
    text = pdf_text(Path(ch.data["path"])).replace(" ", "")
    assert f"应到{m.expected}人，实到{m.attending}人" in text
    assert "应到人数与到会情况" in text and "表决情况" in text and "会议有效" in text
    if SHOTS:
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", ch.data["path"],
                        str(Path(SHOTS) / "assembly-minutes")], check=True)


def test_minutes_of_a_meeting_without_quorum(demo_ctx):
    m = svc.minutes_data(demo_ctx.store, meeting(demo_ctx.store, passed=False))
    assert not m.votes and "未作表决" in m.outcome
    assert "没有超过半数" in m.sections[0][1]


def test_meeting_notices(demo_ctx, tmp_path):
    sid = meeting(demo_ctx.store, passed=True)
    rec = sessions.get(demo_ctx.store, sid)
    nid = svc.create_meeting_notice(demo_ctx, sid).data["id"]
    n = docs.notice_data(demo_ctx.store, nid)
    assert n.kind == "meeting_notice" and "召开" in n.title and "公共收益" in n.body
    assert n.posted_from.isoformat() == rec.data["agenda_published_on"] and n.closing == "特此公告。"
    rid = svc.create_resolution_notice(demo_ctx, sid).data["id"]
    r = docs.notice_data(demo_ctx.store, rid)
    assert "赞成" in r.body and "会议有效" in r.body and "{" not in r.body
    out, pages = notices.write(r, tmp_path / "r.pdf")
    assert pages >= 1
    if SHOTS:
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(out),
                        str(Path(SHOTS) / "resolution-notice")], check=True)


def test_matter_notices(demo_ctx):
    complete = next(r for r in decisions.list_matters(demo_ctx.store) if not r.missing)
    nid = svc.create_matter_notice(demo_ctx, complete.id, "result_notice").data["id"]
    n = docs.notice_data(demo_ctx.store, nid)
    assert n.kind == "implementation" and "实施结果" in n.title and "决算" in n.body
    incomplete = next(r for r in decisions.list_matters(demo_ctx.store) if r.missing)
    with pytest.raises(Exception, match="还没有填写"):
        svc.create_matter_notice(demo_ctx, incomplete.id, "resolution_notice")


def test_ledger_has_assembly_and_four_two_sheets(demo_ctx, tmp_path):
    from selfgov_desktop.documents import ledgers

    ch = svc.export_ledger(demo_ctx, tmp_path / "l.xlsx", ddocs.write_ledger, year=2026,
                           today=dt.date(2026, 11, 29))
    wb = openpyxl.load_workbook(ch.data["path"])
    assert {ddocs.ASSEMBLIES, ddocs.FOUR_TWO, ledgers.SUMMARY} <= set(wb.sheetnames)
    ws = wb[ddocs.ASSEMBLIES]
    assert "达标" in ws["A2"].value
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    head = [c.value for c in ws[3]]
    quorum = {r[head.index("是否过半")] for r in rows}
    assert {"是", "否"} <= quorum
    ft = [[c.value for c in r] for r in wb[ddocs.FOUR_TWO].iter_rows(min_row=4)]
    assert any(r[-1] == "无" for r in ft) and any("党员大会审议" in (r[-1] or "") for r in ft)


def test_yearly_meeting_missing_is_flagged(demo_ctx):
    led = svc.ledger(demo_ctx.store, 2025)
    assert "未达标" in led.yearly_note and not led.assemblies
