"""Every document a workflow step names exists and is built from the records (issue 15)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from selfgov_desktop.commands.documents import WRITERS
from selfgov_desktop.domain.workflows import WORKFLOWS
from selfgov_desktop.services.documents import session_docs

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")


def _text(path) -> str:  # noqa: ANN001
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True)
    return out.stdout


def _sessions(store, kind: str) -> list[int]:  # noqa: ANN001
    return [r[0] for r in store.conn.execute(
        "SELECT id FROM sessions WHERE kind = ? ORDER BY state = 'closed' DESC, id", [kind])]


def test_every_step_names_a_document_that_can_be_built():
    named = {(wf.kind, s.document) for wf in WORKFLOWS.values() for s in wf.steps if s.document}
    assert named  # the walk found the steps' documents
    for kind, key in named:
        assert key in session_docs.BUILDABLE, (kind, key)


@needs_poppler
def test_each_document_of_each_workflow_builds_from_the_demo(demo_store, demo_ctx, tmp_path):
    built = set()
    for kind, wf in WORKFLOWS.items():
        sids = _sessions(demo_store, kind)
        assert sids, f"no demo session of {kind}"
        sid = sids[0]  # the most advanced (closed first)
        infos = session_docs.documents(demo_store, sid)
        keys = [d.key for d in infos]
        assert [s.document for s in wf.steps if s.document] == [k for k in keys if k != "minutes"]
        for info in infos:
            assert info.available or info.why, info
            if not info.available:
                continue
            out = tmp_path / f"{kind}-{info.key}.pdf"
            changed = session_docs.export_document(demo_ctx, sid, info.key, out, WRITERS)
            assert out.read_bytes().startswith(b"%PDF") and changed.data["pages"] >= 1
            text = _text(out)
            flat = re.sub(r"\s+", "", text)
            assert "。，" not in flat and "〓" not in flat, (kind, info.key)
            assert not re.search(r"\{[^{}]{1,30}\}", flat), (kind, info.key)  # every placeholder filled
            assert "规范程度" not in flat and "demo" not in flat, (kind, info.key)
            # kinsoku: no line starts with closing punctuation or ends with an opening one
            for line in text.splitlines():
                s = line.strip()
                if s:
                    assert s[0] not in "，。、；：？！）》」』”", (kind, info.key, line)
                    assert s[-1] not in "（《「『“", (kind, info.key, line)
            built.add((kind, info.key))
    assert ("coordination", "agreement") in built and ("hearing", "participants_list") in built


def test_cli_lists_and_exports_the_closed_sessions_documents(demo_store, tmp_path, capsys):
    from selfgov_desktop import cli

    closed = {kind: [r[0] for r in demo_store.conn.execute(
        "SELECT id FROM sessions WHERE kind = ? AND state = 'closed' ORDER BY id", [kind])]
        for kind in ("coordination", "evaluation", "hearing")}
    data_dir = demo_store.path.parent
    demo_store.close()
    wanted = {"coordination": ["agreement"], "evaluation": ["evaluation_feedback", "rectification_plan"],
              "hearing": ["participants_list"]}
    for kind, keys in wanted.items():
        sid = closed[kind][0]
        rc = cli.main(["--data-dir", str(data_dir), "documents", str(sid), "--json"])
        captured = capsys.readouterr()
        assert rc == 0, captured.err
        assert captured.out.strip().startswith("["), (captured.out[:300], captured.err[:300])
        items = {d["key"]: d for d in json.loads(captured.out)}
        for key in keys:
            assert items[key]["available"] is True and "why" not in items[key]
            out = tmp_path / f"{kind}-{key}.pdf"
            assert cli.main(["--data-dir", str(data_dir), "export-document", str(sid), key, str(out)]) == 0
            assert out.read_bytes().startswith(b"%PDF")
            assert "已导出" in capsys.readouterr().out
    capsys.readouterr()
    assert cli.main(["--data-dir", str(data_dir), "export-document", str(closed["hearing"][0]),
                     "nonsense", str(tmp_path / "x.pdf")]) == 2
    assert "可用的文件" in capsys.readouterr().err


@needs_poppler
def test_agreement_feedback_plan_and_public_list_say_what_they_must(demo_store, demo_ctx, tmp_path):
    coord = _sessions(demo_store, "coordination")[0]
    out = tmp_path / "a.pdf"
    session_docs.export_document(demo_ctx, coord, "agreement", out, WRITERS)
    flat = re.sub(r"\s+", "", _text(out))
    parties = [n for (n,) in demo_store.conn.execute(
        "SELECT name FROM participants WHERE session_id = ? AND role = '当事人'", [coord])]
    assert len(parties) >= 2
    for p in parties:
        assert p in flat
    for words in ("甲方（签名）", "乙方（签名）", "调解人（签名）", "日期：", "履行期限", "一式"):
        assert words in flat, words

    ev = _sessions(demo_store, "evaluation")[0]
    session_docs.export_document(demo_ctx, ev, "evaluation_feedback", out, WRITERS)
    flat = re.sub(r"\s+", "", _text(out))
    assert re.search(r"满意\d+票、基本满意\d+票、不满意\d+票，满意率\d+\.\d%", flat), flat[:300]
    assert re.search(r"发出评议表\d+份，收回\d+份，有效\d+份", flat)
    session_docs.export_document(demo_ctx, ev, "rectification_plan", out, WRITERS)
    flat = re.sub(r"\s+", "", _text(out))
    assert "整改承诺书" in flat and "负责人（签名）" in flat and "完成期限" in flat

    hearing = _sessions(demo_store, "hearing")[0]
    session_docs.export_document(demo_ctx, hearing, "participants_list", out, WRITERS)
    flat = re.sub(r"\s+", "", _text(out))
    reps = [n for (n,) in demo_store.conn.execute(
        "SELECT p.name FROM participants p WHERE p.session_id = ? AND p.role = '听证代表'"
        " AND p.resident_id IS NOT NULL", [hearing])]
    assert reps and "听证代表名单" in flat
    assert not any(n in flat for n in reps if len(n) >= 2)  # public version: masked
    assert not re.search(r"\d+室", flat)


def test_a_document_that_cannot_be_made_yet_says_why(demo_store):
    open_coord = [sid for sid in _sessions(demo_store, "coordination")
                  if demo_store.conn.execute("SELECT state FROM sessions WHERE id = ?", [sid]).fetchone()[0]
                  in ("intake", "investigation")]
    assert open_coord
    info = {d.key: d for d in session_docs.documents(demo_store, open_coord[0])}
    assert not info["agreement"].available and "协调结果" in info["agreement"].why


def test_a_speech_for_someone_marked_absent_warns(demo_store, demo_ctx):
    from selfgov_desktop.services import sessions as S

    sid, name, mark = demo_store.conn.execute(
        "SELECT session_id, name, attendance FROM participants WHERE attendance IN ('缺席', '请假')"
        " ORDER BY id LIMIT 1").fetchone()
    ch = S.add_speech(demo_ctx, sid, name, "我同意。")
    assert name in ch.data["warning"] and mark in ch.data["warning"] and "请核对" in ch.summary
    present = demo_store.conn.execute(
        "SELECT name FROM participants WHERE session_id = ? AND attendance = '出席' LIMIT 1",
        [sid]).fetchone()
    assert S.add_speech(demo_ctx, sid, present[0], "我也同意。").data["warning"] == ""


def test_a_party_or_representative_is_placed_by_group_and_building_never_the_room():
    from selfgov_desktop.services.documents.session_docs import _where

    assert _where("第六楼组", "16号") == "第六楼组，16号楼"
    assert _where(None, "3号楼") == "3号楼" and _where("第一楼组", "") == "第一楼组"
    assert _where("", None) == ""
