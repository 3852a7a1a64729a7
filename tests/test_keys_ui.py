"""One key binding per action, and typed text that is not recorded yet survives every key
(and click) that leaves the step: it is recorded, or the user stays and is told."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QShortcut

from selfgov_desktop.services import sessions as S
from selfgov_desktop.ui.bus import Bus
from selfgov_desktop.ui.context import AppContext
from selfgov_desktop.ui.pages.sessions import SessionsPage
from selfgov_desktop.ui.session.panels import SpeechesPanel

CTRL = Qt.KeyboardModifier.ControlModifier
KEYPAD = Qt.KeyboardModifier.KeypadModifier
ALT = Qt.KeyboardModifier.AltModifier
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def view(qtbot, demo_ctx, sync_runner, tmp_path):
    app = AppContext(ctx=demo_ctx, bus=Bus(), data_dir=tmp_path)
    page = SessionsPage(app)
    qtbot.addWidget(page)
    page.resize(1216, 728)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitActive(page)
    sid = demo_ctx.store.conn.execute(
        "SELECT id FROM sessions WHERE kind = 'hearing' AND state = 'hearing'").fetchone()[0]
    page.open_session(sid)
    return page.view


def speeches(view) -> SpeechesPanel:
    return next(p for p in view.panels if isinstance(p, SpeechesPanel))


def count(view) -> int:
    return len(S.speeches(view.store, view.sid))


def test_every_shortcut_of_the_step_page_is_bound_once(view):
    seen: dict[str, int] = {}
    for sc in view.findChildren(QShortcut):
        key = sc.key().toString()
        seen[key] = seen.get(key, 0) + 1
    assert seen.get("Ctrl+Return") == 1 and seen.get("Ctrl+Enter") == 1
    assert {k for k, n in seen.items() if n > 1} == set()


LEAVING_KEYS = [
    ("Ctrl+回车", Qt.Key.Key_Return, CTRL),
    ("Ctrl+小键盘回车", Qt.Key.Key_Enter, CTRL | KEYPAD),
    ("Ctrl+PgDown", Qt.Key.Key_PageDown, CTRL),
    ("Ctrl+PgUp", Qt.Key.Key_PageUp, CTRL),
    ("Alt+←", Qt.Key.Key_Left, ALT),
]


@pytest.mark.parametrize(("name", "key", "mods"), LEAVING_KEYS, ids=[k[0] for k in LEAVING_KEYS])
def test_typed_speech_without_a_speaker_survives_every_key(qtbot, view, name, key, mods):
    sp = speeches(view)
    sp.speaker.setEditText("")
    sp.content.setFocus()
    sp.content.insertPlainText("我同意加装电梯")  # typed (QTest cannot type Chinese)
    step, before = view.shown_step, count(view)
    qtbot.keyClick(sp.content, key, mods)
    assert view.shown_step == step and view.isVisible(), name
    assert speeches(view).content.toPlainText() == "我同意加装电梯", name
    assert count(view) == before
    assert view.flash_label.text(), name  # told why nothing happened


@pytest.mark.parametrize(("name", "key", "mods"), LEAVING_KEYS[:2], ids=[k[0] for k in LEAVING_KEYS[:2]])
def test_ctrl_enter_in_the_speech_box_records_the_speech(qtbot, view, name, key, mods):
    sp = speeches(view)
    sp.speaker.setEditText("王阿姨")
    sp.content.setFocus()
    sp.content.insertPlainText("楼道要装扶手")  # typed (QTest cannot type Chinese)
    step, before = view.shown_step, count(view)
    qtbot.keyClick(sp.content, key, mods)
    assert view.shown_step == step, name  # recorded, not 下一步
    assert count(view) == before + 1
    assert S.speeches(view.store, view.sid)[-1]["content"] == "楼道要装扶手"
    assert sp.content.toPlainText() == ""


def test_leaving_by_click_records_a_speech_with_its_speaker(qtbot, view):
    sp = speeches(view)
    sp.speaker.setEditText("李师傅")
    sp.content.setPlainText("停车位不够")
    before = count(view)
    view.steps.setCurrentRow(0)  # click another step
    assert count(view) == before + 1
    assert S.speeches(view.store, view.sid)[-1]["content"] == "停车位不够"
    assert view.shown_step == view.record.definition.steps[0].key


def test_leaving_by_click_without_speaker_stays(qtbot, view):
    sp = speeches(view)
    sp.speaker.setEditText("")
    sp.content.setPlainText("停车位不够")
    step = view.shown_step
    view.steps.setCurrentRow(0)
    assert view.shown_step == step
    assert view.steps.currentRow() == view.record.definition.index(step)
    qtbot.mouseClick(view.next_btn, LEFT)
    assert view.shown_step == step and view.record.state == step
    assert speeches(view).content.toPlainText() == "停车位不够"


def test_ctrl_enter_outside_a_record_box_is_next_step(qtbot, view):
    sp = speeches(view)
    assert not sp.content.toPlainText()
    view.next_btn.setFocus()
    before = view.record.state
    qtbot.keyClick(view.next_btn, Qt.Key.Key_Return, CTRL)
    # the hearing step needs paper and votes first: 下一步 ran and said what is missing
    assert view.record.state != before or "缺项" in view.flash_label.text()


def test_no_key_is_bound_twice_in_the_window(window):
    from collections import Counter

    window.show_page("sessions").open_session(
        window.app.ctx.store.conn.execute("SELECT id FROM sessions WHERE state = 'hearing'").fetchone()[0])
    keys = Counter()
    for sc in window.findChildren(QShortcut):
        if sc.context() == Qt.ShortcutContext.WidgetShortcut:
            continue  # bound to one box only
        keys[sc.key().toString()] += 1
    assert keys and {k: n for k, n in keys.items() if n > 1} == {}


def test_wheel_over_an_unfocused_spin_box_scrolls_the_page(qtbot, window):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication, QSpinBox

    sid = window.app.ctx.store.conn.execute(
        "SELECT id FROM sessions WHERE kind = 'hearing' AND state = 'hearing'").fetchone()[0]
    page = window.show_page("sessions")
    page.open_session(sid)
    view = page.view
    spin = next(s for s in view.step_scroll.widget().findChildren(QSpinBox) if s.isVisible())
    assert spin.focusPolicy() == Qt.FocusPolicy.StrongFocus
    before = spin.value()
    bar = view.step_scroll.verticalScrollBar()
    bar.setValue(0)

    def wheel(target):
        pos = QPointF(target.rect().center())
        ev = QWheelEvent(pos, QPointF(target.mapToGlobal(pos.toPoint())), QPoint(0, 0), QPoint(0, -120),
                         Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                         Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(target, ev)

    view.next_btn.setFocus()
    wheel(spin)
    assert spin.value() == before and not spin.hasFocus()
    assert bar.value() > 0  # the page scrolled instead
    spin.setFocus()
    wheel(spin)
    assert spin.value() != before  # focused: the wheel changes it
