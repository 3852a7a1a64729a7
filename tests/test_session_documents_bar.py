"""导出 / 打印 on the session page: minutes preview and PDF, a notice drafted for the session."""

from __future__ import annotations

import subprocess

from PySide6.QtWidgets import QDialog




def _session(store, kind):
    return store.conn.execute(
        "SELECT id, title FROM sessions WHERE kind = ? AND date IS NOT NULL ORDER BY id LIMIT 1",
        [kind]).fetchone()


def test_minutes_export_from_the_session_page(window, demo_store, tmp_path):
    sid, title = _session(demo_store, "hearing")
    from selfgov_desktop.ui.session.view import SessionView

    view = window.pages["sessions"].findChild(SessionView)
    view.open_session(sid)
    bar = view.docs_bar
    out = tmp_path / "minutes.pdf"
    from selfgov_desktop.ui import print_preview

    print_preview.export_minutes(bar, window.app, sid, str(out))
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert title[:6] in text.replace("\n", "")
    seen = []
    bar.run_dialog = lambda d: seen.append(d.windowTitle()) or 0
    bar.preview()
    assert seen and "会议记录" in seen[0]


def test_notice_drafted_for_this_session(window, demo_store):
    sid, _title = _session(demo_store, "evaluation")
    from selfgov_desktop.ui.session.view import SessionView

    window.pages["sessions"].open_session(sid)
    window.show_page("sessions")
    view = window.pages["sessions"].findChild(SessionView)
    bar = view.docs_bar
    assert bar.notice_btn.isVisibleTo(view)
    before = demo_store.conn.execute("SELECT count(*) FROM notices").fetchone()[0]

    def accept(dialog):
        assert dialog.session.currentData() == sid
        assert [dialog.kind.itemData(i) for i in range(dialog.kind.count())] == ["evaluation_result"]
        dialog.save()
        return QDialog.DialogCode.Accepted

    bar.run_dialog = accept
    bar.new_notice()
    row = demo_store.conn.execute(
        "SELECT kind, session_id FROM notices ORDER BY id DESC LIMIT 1").fetchone()
    assert demo_store.conn.execute("SELECT count(*) FROM notices").fetchone()[0] == before + 1
    assert row == ("evaluation_result", sid)
    # saving from the meeting stays in the meeting, and says where the notice went
    assert window.current_page().key == "sessions"
    assert window.pages["sessions"].stack.currentWidget() is view
    assert "公示已保存" in view.flash_label.text()


def test_coordination_offers_no_public_notice(window, demo_store):
    sid, _title = _session(demo_store, "coordination")
    from selfgov_desktop.ui.session.view import SessionView

    view = window.pages["sessions"].findChild(SessionView)
    view.open_session(sid)
    assert not view.docs_bar.notice_btn.isVisibleTo(view)
