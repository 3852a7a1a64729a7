"""Help where it is needed: every step of every kind says what to do and names its source;
every rule a step checks names its source; pages without records say what to do first."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from selfgov_desktop import app as gui
from selfgov_desktop.domain import rules as R
from selfgov_desktop.domain.workflows import WORKFLOWS
from selfgov_desktop.ui.help import rules_help, step_help
from selfgov_desktop.ui.pages.base import PlannedPage

SOURCES = ("组织法》", "条例》", "制度试行办法》", "本地惯例", "三会三制", "民法典》")


@pytest.mark.parametrize("kind", list(WORKFLOWS))
def test_every_step_names_its_source(kind):
    for step in WORKFLOWS[kind].steps:
        text = step_help(step)
        assert step.source and step.source in text, (kind, step.key)
        for line in rules_help(step.rules, R.RuleSettings()).splitlines():
            assert "依据：" in line and any(s in line for s in SOURCES), line


def test_the_step_engine_shows_help_with_source(qtbot, demo_store, tmp_path):
    gui.make_application()
    w = gui.build_window(demo_store, tmp_path)
    qtbot.addWidget(w)
    page = w.show_page("sessions")
    kinds_seen = set()
    for sid, kind in demo_store.conn.execute("SELECT id, kind FROM sessions ORDER BY id"):
        if kind in kinds_seen:
            continue
        kinds_seen.add(kind)
        page.open_session(sid)
        for step in WORKFLOWS[kind].steps:
            page.view.show_step(step.key)
            labels = {lab.objectName(): lab.text() for lab in page.view.findChildren(QLabel)
                      if lab.objectName() in ("stepHelp", "stepRules") and lab.isVisibleTo(page.view)}
            assert step.source in labels["stepHelp"], (kind, step.key)
            if step.rules:
                assert labels["stepRules"].count("依据：") == len(step.rules)
    assert {"hearing", "coordination", "evaluation", "residents_meeting"} <= kinds_seen



# What each page says first when it has no records yet.
FIRST_STEPS = {
    "home": "导入花名册",
    "residents": "花名册",
    "topics": "收集需求",
    "sessions": "新建听证会",
    "notices": "新建公告公示",
    "groups": "新建分组",
    "ledgers": "先在“三会”中办理会议",
}


@pytest.mark.parametrize("key", list(FIRST_STEPS))
def test_empty_pages_say_what_to_do_first(empty_window, key):
    page = empty_window.show_page(key)
    if isinstance(page, PlannedPage):
        pytest.skip(f"the {key} page is not in this build yet")
    texts = [lab.text() for lab in page.findChildren(QLabel) if lab.isVisibleTo(page)]
    assert any(FIRST_STEPS[key] in t for t in texts), (key, texts[:5])
