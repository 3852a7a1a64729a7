"""程序规则设置: the 三会 numbers, the 议题 shares and the 居民(代表)会议 defaults, read and saved
together in one transaction (all or none), from the dialog on 三会, 议题 and 设置."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from selfgov_desktop.domain.errors import UserError
from selfgov_desktop.services import program_rules
from selfgov_desktop.services import sessions as S
from selfgov_desktop.services import topics as T

SAVE = QDialogButtonBox.StandardButton.Save


def _audits(ctx) -> int:
    return ctx.store.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def test_saved_together_and_every_session_judged_again(demo_ctx):
    pr = program_rules.current(demo_ctx.store)
    assert (pr.topics.proposal_share_den, pr.meetings.agenda_days) == (5, 7)
    pr.rules.hearing_notice_days = 20
    pr.topics.proposal_share_num, pr.topics.proposal_share_den = 1, 4
    pr.meetings.agenda_days, pr.meetings.publicity_days = 10, 15
    ch = program_rules.save(demo_ctx, pr)
    assert "重新检查" in ch.summary and "sessions" in ch.entities
    again = program_rules.current(demo_ctx.store)
    assert again.rules.hearing_notice_days == 20 and again.rules.publicity_days == 7
    assert (again.topics.proposal_share_num, again.topics.proposal_share_den) == (1, 4)
    assert (again.meetings.agenda_days, again.meetings.publicity_days) == (10, 15)
    closed = [r for r in S.list_sessions(demo_ctx.store, kind="hearing") if r.state == "closed"][0]
    notice = [c for c in S.get(demo_ctx.store, closed.id).checks if c["rule"] == "hearing_notice"][0]
    assert "20天" in notice["message"]


def test_one_bad_number_saves_nothing(demo_ctx):
    before, audits = program_rules.current(demo_ctx.store), _audits(demo_ctx)
    pr = program_rules.current(demo_ctx.store)
    pr.rules.hearing_notice_days = 25  # fine, but saved only with the rest
    pr.meetings.per_group_representatives = 4
    with pytest.raises(UserError, match="2—3"):
        program_rules.save(demo_ctx, pr)
    assert program_rules.current(demo_ctx.store) == before
    assert _audits(demo_ctx) == audits


def test_dialog_tab_for_topics_and_meetings(qtbot, window, demo_ctx):
    page = window.show_page("topics")
    dlg = page.open_rules()
    qtbot.addWidget(dlg)
    assert dlg.tabs.currentIndex() == 1
    assert dlg.spins["topics.proposal_share_den"].value() == 5
    assert dlg.spins["meetings.publicity_days"].value() == 7  # not the 三会 公示期 spin
    assert dlg.spins["meetings.per_group_representatives"].maximum() == 3
    dlg.spins["topics.group_share_den"].setValue(4)
    dlg.spins["meetings.agenda_days"].setValue(9)
    dlg.spins["publicity_days"].setValue(10)
    qtbot.mouseClick(dlg.buttons.button(SAVE), Qt.MouseButton.LeftButton)
    assert not dlg.isVisible(), dlg.error.text()
    assert T.topic_settings(demo_ctx.store).group_share_den == 4
    assert T.meeting_settings(demo_ctx.store).agenda_days == 9
    assert T.meeting_settings(demo_ctx.store).publicity_days == 7
    assert S.rule_settings(demo_ctx.store).publicity_days == 10


def test_dialog_shows_a_refusal_and_restores_defaults(qtbot, window, demo_ctx):
    page = window.show_page("settings")
    dlg = page.open_rules()
    qtbot.addWidget(dlg)
    assert dlg.tabs.currentIndex() == 0
    dlg.spins["hearing_min_participants"].setValue(60)  # above the upper limit of 50
    qtbot.mouseClick(dlg.buttons.button(SAVE), Qt.MouseButton.LeftButton)
    assert "下限不能大于上限" in dlg.error.text() and dlg.isVisible()
    assert S.rule_settings(demo_ctx.store).hearing_min_participants == 30
    dlg.spins["topics.proposal_share_num"].setValue(3)
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults),
                     Qt.MouseButton.LeftButton)
    assert dlg.spins["hearing_min_participants"].value() == 30
    assert dlg.spins["topics.proposal_share_num"].value() == 1
