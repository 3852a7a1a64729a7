"""Issue 17 items 2 and 4 in the window: a 只读 account finds the exports greyed out; locking
the window masks every view that was revealed, whoever logs in next."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from selfgov_desktop.domain import passwords
from selfgov_desktop.domain.model import StaffRole
from selfgov_desktop.services import accounts
from selfgov_desktop.ui.dialogs import login as login_ui
from selfgov_desktop.ui.dialogs.resident_edit import ResidentDialog

PW = "居委会Pass2026"


@pytest.fixture(autouse=True)
def fast_scrypt(monkeypatch):
    monkeypatch.setattr(passwords, "N", 2**10)


def _log_in_as(name: str):  # noqa: ANN202
    def fake_exec(self):  # noqa: ANN001, ANN202
        self.username.setText(name)
        self.password.setText(PW)
        self.submit()
        return self.result()
    return fake_exec


def test_the_lock_masks_what_was_revealed(window, qtbot, demo_store, monkeypatch) -> None:
    admin, _ = accounts.create_first_admin(demo_store, "wang", "王主任", PW)
    accounts.create_user(admin, "zhao", "赵", StaffRole.READONLY, PW)
    window.app.ctx.actor, window.app.ctx.role = "wang", StaffRole.DIRECTOR
    page = window.show_page("residents")
    page.reveal.setChecked(True)
    assert page.model.reveal and "*" not in page.model.index(0, 3).data()
    rid = page.model.resident_id(0)
    dlg = ResidentDialog(page.app, rid, page)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.reveal()
    assert "*" not in dlg.edits["id_number"].text()

    monkeypatch.setattr(login_ui.LoginDialog, "exec", _log_in_as("zhao"))
    assert login_ui.lock_window(window, window.app.ctx, demo_store)
    assert window.app.ctx.role == StaffRole.READONLY
    assert not page.model.reveal and not page.reveal.isChecked()
    assert "*" in page.model.index(0, 3).data()
    assert "*" in dlg.edits["id_number"].text() and dlg.edits["id_number"].isReadOnly()
    assert not dlg.revealed
    # and the 只读 account now in front of it cannot export
    assert not page.export_button.isEnabled()


def test_the_window_greys_out_what_a_read_only_account_cannot_do(window) -> None:
    window.app.ctx.role = StaffRole.READONLY
    residents = window.show_page("residents")
    assert not residents.export_button.isEnabled()
    ledgers = window.show_page("ledgers")
    assert not ledgers.export_button.isEnabled()
    window.app.ctx.role = StaffRole.MEMBER
    window.show_page("residents")
    assert residents.export_button.isEnabled()
    window.show_page("ledgers")
    assert ledgers.export_button.isEnabled()


def test_a_rejected_login_at_the_lock_reveals_nothing_either(window, demo_store,
                                                             monkeypatch) -> None:
    page = window.show_page("residents")
    page.reveal.setChecked(True)
    monkeypatch.setattr(login_ui.LoginDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert not login_ui.lock_window(window, window.app.ctx, demo_store)
    assert not page.model.reveal
