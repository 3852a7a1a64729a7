"""The demo read as a 居委会 director reads it: each session's speeches are about its topic and
spoken by the right people, every 公示 runs 7 days counted with both ends, and every year in a
title is the year its record covers — on the demo's clock, whatever day that is."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from selfgov_desktop.domain.clock import FixedClock
from selfgov_desktop.services import demo
from selfgov_desktop.services.base import Context
from selfgov_desktop.store.db import Store

# the subject words of each demo hearing (a hearing's title → words its speeches use)
HEARING_WORDS = {
    "电梯": ("电梯",),
    "充电棚": ("充电", "电瓶车"),
    "停车": ("停车", "车位", "禁停"),
    "垃圾箱房": ("垃圾",),
    "公共收益": ("公共收益", "道路修补", "消防", "应急资金"),
    "雨污分流": ("雨污", "施工", "积水", "停车位"),
    "健身苑点": ("健身", "步道", "器材"),
    "照明": ("灯", "照明"),
}


def _speeches(store: Store, sid: int) -> list[tuple[str, str, str, str]]:
    """(speaker, role, attendance, content) of each speech."""
    return [tuple(r) for r in store.conn.execute(
        "SELECT s.speaker, COALESCE(p.role, ''), COALESCE(p.attendance, ''), s.content FROM speeches s"
        " LEFT JOIN participants p ON p.id = s.participant_id WHERE s.session_id = ? ORDER BY s.seq",
        [sid])]


def _sessions(store: Store, kind: str) -> list[tuple[int, str, dict]]:
    return [(r[0], r[1], json.loads(r[2] or "{}")) for r in store.conn.execute(
        "SELECT id, title, data FROM sessions WHERE kind = ? ORDER BY id", [kind])]


def test_each_hearings_speeches_are_about_its_topic(demo_store):
    heard = 0
    for sid, title, _data in _sessions(demo_store, "hearing"):
        speeches = _speeches(demo_store, sid)
        if not speeches:
            continue
        heard += 1
        subject = [k for k in HEARING_WORDS if k in title]
        assert len(subject) == 1, title
        words = HEARING_WORDS[subject[0]]
        on_topic = [c for *_x, c in speeches if any(w in c for w in words)]
        assert len(on_topic) * 2 >= len(speeches), (title, [c for *_x, c in speeches])
        if "电梯" not in title:  # the old demo heard 电梯 speeches at every hearing
            assert not [c for *_x, c in speeches if "电梯" in c], title
    assert heard >= 3


def test_speakers_speak_as_themselves_and_were_there(demo_store):
    for kind in ("hearing", "coordination", "evaluation", "topic_consultation", "democratic_talk",
                 "supervision_review"):
        for sid, title, _data in _sessions(demo_store, kind):
            for speaker, role, attendance, content in _speeches(demo_store, sid):
                assert attendance == "出席", (title, speaker, attendance)  # no speech by someone absent
                if role == "当事人":  # a party never speaks as the mediator
                    assert "调解员" not in content and not content.startswith("建议"), (title, content)
                if kind == "hearing" and role == "听证代表":  # the plan is presented by its unit
                    assert not content.startswith("介绍"), (title, speaker, content)
    # the mediator speaks at every coordination that met, and the plan's unit at every hearing
    for kind, role in (("coordination", "调解员"), ("hearing", "陈述人")):
        for sid, title, _data in _sessions(demo_store, kind):
            speeches = _speeches(demo_store, sid)
            if speeches:
                assert role in {r for _s, r, _a, _c in speeches}, (title, role)


def test_coordination_parties_live_where_the_facts_say(demo_store):
    for sid, title, data in _sessions(demo_store, "coordination"):
        rooms = re.findall(r"(\d+)号楼(\d+)室", title + str(data.get("facts") or ""))
        homes = {(b, r) for b, r in demo_store.conn.execute(
            "SELECT replace(r.building, '号', ''), r.room FROM participants p JOIN residents r"
            " ON r.id = p.resident_id WHERE p.session_id = ? AND p.role = '当事人'", [sid])}
        if not homes:  # parties not entered yet (the session at 受理)
            continue
        for building, room in rooms:
            assert (building, room) in homes, (title, building, room, homes)


def _span(start: str | None, end: str | None) -> int:
    assert start and end
    return (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days + 1


def test_every_demo_publicity_runs_seven_days_counted_with_both_ends(demo_store):
    spans = []
    for kind in ("hearing", "evaluation"):
        for _sid, title, data in _sessions(demo_store, kind):
            if data.get("publicity_from"):
                spans.append((title, _span(data["publicity_from"], data.get("publicity_until"))))
    for kind, title, start, end in demo_store.conn.execute(
            "SELECT kind, title, posted_from, posted_until FROM notices"):
        if kind in ("hearing_result", "evaluation_result"):  # a 公示 (公告 and 公开 have their own terms)
            spans.append((title, _span(start, end)))
    assert len(spans) >= 4
    assert all(days == 7 for _t, days in spans), spans


def _titles_and_periods(store: Store) -> list[tuple[str, str]]:
    return [(title, str(data.get("period") or "")) for _sid, title, data in _sessions(store, "evaluation")]


def _check_years(store: Store, today: dt.date) -> None:
    checked = 0
    for title, period in _titles_and_periods(store):
        if not period:  # not prepared yet
            continue
        checked += 1
        years = set(re.findall(r"(\d{4})年", period))
        assert years, (title, period)
        named = set(re.findall(r"(\d{4})年", title))
        assert named <= years, (title, period)  # "2025年度…评议会" never covers 2026
        assert all(int(y) <= today.year for y in years), (title, period)
        if "上半年" in title:
            assert period.endswith("1月—6月"), (title, period)
        if "季度" in title:
            first = int(re.search(r"年(\d+)月", period).group(1))
            assert "第" + "一二三四"[(first - 1) // 3] + "季度" in title, (title, period)
    assert checked >= 5


def test_an_evaluations_title_names_the_years_of_its_period(demo_store):
    _check_years(demo_store, demo_store.clock.today())


@pytest.mark.parametrize("day", [dt.date(2028, 3, 15)])
def test_the_demo_takes_its_years_from_its_clock(tmp_path, day):
    store = Store(tmp_path / "data" / "selfgov.db", clock=FixedClock.on(day))
    try:
        demo.fill(Context(store, "demo"))
        _check_years(store, day)
        titles = [r[0] for r in store.conn.execute("SELECT title FROM sessions UNION ALL"
                                                   " SELECT title FROM notices UNION ALL"
                                                   " SELECT title FROM topics")]
        stale = [t for t in titles if re.search(r"20(2[0-6])年", t)]
        assert not stale, stale  # no year of the day the demo was written
        assert any(str(day.year) in t or str(day.year - 1) in t for t in titles)
    finally:
        store.close()


def test_minutes_name_what_is_evaluated_once_and_print_no_form_label(demo_store):
    """Every evaluation's minutes: 评议对象 says the object once ("沁园居委会成员", not
    "居委会成员、沁园居委会成员") and names each evaluated member; no section heading is an
    input instruction such as "（每行一人）"; a member's row is headed 居委会成员."""
    from selfgov_desktop.services.documents.minutes import minutes_data

    sids = [sid for (sid,) in demo_store.conn.execute(
        "SELECT id FROM sessions WHERE kind = 'evaluation' ORDER BY id")]
    assert sids
    members_seen = False
    for sid in sids:
        m = minutes_data(demo_store, sid)
        heads = dict(m.sections)
        assert not [h for h in heads if "每行" in h], heads
        data = json.loads(demo_store.conn.execute("SELECT data FROM sessions WHERE id = ?",
                                                  [sid]).fetchone()[0] or "{}")
        obj = heads.get("评议对象", "")
        kind, name = data.get("object_type") or "", data.get("object_name") or ""
        if name and kind and kind in name:
            assert obj.count(kind) == 1, obj
        if kind == "居委会成员" and data.get("members"):
            members_seen = True
            names = [x.strip() for x in data["members"].splitlines() if x.strip()]
            assert all(obj.count(n) == 1 for n in names), obj
            assert m.item_label == "居委会成员"
        else:
            assert m.item_label == "评议内容"
    assert members_seen, "the demo must hold an evaluation of the committee's members"


def test_nobody_chairs_or_records_their_own_evaluation(demo_store):
    rows = demo_store.conn.execute(
        "SELECT title, chair, recorder, data FROM sessions WHERE kind = 'evaluation'").fetchall()
    own = 0
    for title, chair, recorder, data in rows:
        d = json.loads(data or "{}")
        if d.get("object_type") in ("居委会", "居委会成员"):
            own += 1
            evaluated = {x.strip() for x in (d.get("members") or "").splitlines() if x.strip()}
            evaluated |= {"陈立群", "周敏", "沈佳怡", "王海燕", "李志刚"}  # the committee itself
            assert chair not in evaluated and recorder not in evaluated, (title, chair, recorder)
    assert own >= 2
