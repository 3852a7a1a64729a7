"""Login in the GUI: first administrator, login dialog, idle lock, the accounts tab, and
app.main's order (backup at start → login → committee dialog → … → backup at exit)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from selfgov_desktop import app as app_module
from selfgov_desktop.domain import passwords
from selfgov_desktop.domain.clock import FixedClock
from selfgov_desktop.domain.model import StaffRole
from selfgov_desktop.services import accounts, backups, vault
from selfgov_desktop.ui.dialogs import login as login_ui

PW = "Window#Pass26"


@pytest.fixture(autouse=True)
def fast_scrypt(monkeypatch):
    monkeypatch.setattr(passwords, "N", 2**10)


def test_first_admin_dialog(qtbot, store):
    d = login_ui.FirstAdminDialog(store)
    qtbot.addWidget(d)
    d.username.setText("wang")
    d.display_name.setText("王主任")
    d.password.setText(PW)
    d.confirm.setText("different-pw")
    d.submit()
    assert d.result() != QDialog.DialogCode.Accepted
    assert "不一致" in d.error.text()
    assert d.password.text() == ""  # never left lying in the widget
    d.password.setText(PW)
    d.confirm.setText(PW)
    d.submit()
    assert d.result() == QDialog.DialogCode.Accepted
    assert d.ctx.actor == "wang" and d.ctx.role == StaffRole.DIRECTOR
    assert accounts.has_users(store)


def test_login_dialog_wrong_then_right(qtbot, store):
    accounts.create_first_admin(store, "wang", "王主任", PW)
    d = login_ui.LoginDialog(store)
    qtbot.addWidget(d)
    d.username.setText("wang")
    d.password.setText("wrong-password")
    d.submit()
    assert "不正确" in d.error.text() and d.password.text() == ""
    d.password.setText(PW)
    d.submit()
    assert d.result() == QDialog.DialogCode.Accepted and d.ctx.actor == "wang"


def test_ask_login_picks_first_run_or_login(qtbot, store, monkeypatch):
    seen = []

    def fake_exec(self):
        seen.append(type(self).__name__)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(QDialog, "exec", fake_exec)
    assert login_ui.ask_login(store) is None
    accounts.create_first_admin(store, "wang", "王主任", PW)
    assert login_ui.ask_login(store) is None
    assert seen == ["FirstAdminDialog", "LoginDialog"]


def test_idle_lock_fires_after_the_setting(qtbot, store):
    fired = []
    lock = login_ui.IdleLock(lambda: 10, lambda: fired.append(1), check_ms=60_000)
    try:
        t0 = lock.last_input
        assert not lock.check(t0 + dt.timedelta(minutes=9))
        assert lock.check(t0 + dt.timedelta(minutes=10, seconds=1))
        assert fired == [1]
        never = login_ui.IdleLock(lambda: 0, lambda: fired.append(2), check_ms=60_000)
        assert not never.check(t0 + dt.timedelta(days=1))
        never.stop()
    finally:
        lock.stop()
    assert login_ui.idle_minutes(store) == login_ui.DEFAULT_IDLE_MINUTES


def test_lock_window_switches_user_or_quits(qtbot, store, monkeypatch):
    from selfgov_desktop.app import build_window

    admin, _ = accounts.create_first_admin(store, "wang", "王主任", PW)
    accounts.create_user(admin, "zhao", "赵", StaffRole.READONLY, PW)
    window = build_window(store, store.path.parent, "wang", StaffRole.DIRECTOR)
    qtbot.addWidget(window)
    window.show()

    from PySide6.QtWidgets import QLineEdit

    open_dialog = QDialog(window)  # a dialog left open with personal data typed in it
    typed = QLineEdit(open_dialog)
    typed.setText("310101199001011234")
    open_dialog.show()

    def log_in_as(name):
        def fake_exec(self):
            # nothing readable behind the lock dialog, and the open dialog keeps its text
            for w in (window, open_dialog):
                covers = [c for c in w.findChildren(QWidget, "lockCover")
                          if c.parentWidget() is w and c.isVisible()]
                assert len(covers) == 1 and covers[0].geometry() == w.rect()
            # opaque: across the window's top, only the cover's colour is painted
            image = window.grab().toImage()
            row = {image.pixelColor(x, 12).name() for x in range(0, window.width(), 7)}
            assert row == {"#f3f5f8"}, row
            assert open_dialog.isVisible() and typed.text() == "310101199001011234"
            assert "锁定" in self.windowTitle()
            self.username.setText(name)
            self.password.setText(PW)
            self.submit()
            return self.result()
        return fake_exec

    monkeypatch.setattr(login_ui.LoginDialog, "exec", log_in_as("zhao"))
    assert login_ui.lock_window(window, window.app.ctx, store)
    qtbot.wait(10)  # covers removed (deleteLater)
    assert not [c for c in window.findChildren(QWidget, "lockCover")]
    assert (window.app.ctx.actor, window.app.ctx.role) == ("zhao", StaffRole.READONLY)
    monkeypatch.setattr(login_ui.LoginDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert not login_ui.lock_window(window, window.app.ctx, store)
    ends = store.conn.execute("SELECT actor FROM audit_log WHERE action = 'login.end'").fetchall()
    assert ends == [("wang",), ("zhao",)]


def test_main_order_login_before_committee_and_backups(tmp_path, monkeypatch, qtbot):
    """app.main: backup at start if changed, the first administrator BEFORE the committee
    dialog, the window acting as that user, a backup at exit."""
    import argparse

    from PySide6.QtWidgets import QApplication

    from selfgov_desktop.ui.dialogs import committee

    data = tmp_path / "data"
    calls: list[str] = []

    def fake_ask(app, data_dir, clock):
        calls.append("login")
        return vault.create(data_dir / "selfgov.db", "wang", "王主任", PW,
                            backup_dir=data_dir / "backups", clock=clock)

    def fake_committee_exec(self):
        calls.append(f"committee as {self.ctx.actor}")
        return QDialog.DialogCode.Rejected

    windows = []

    def fake_app_exec(*_a):
        calls.append("exec")
        windows.extend(w for w in QApplication.topLevelWidgets()
                       if type(w).__name__ == "MainWindow" and w.isVisible())
        for w in windows:
            w.close()
        return 0

    monkeypatch.setattr(app_module, "ask_open", fake_ask)
    monkeypatch.setattr(login_ui.RecoveryKeyDialog, "exec",
                        lambda self: calls.append(f"recovery key {len(self.code)}"))
    monkeypatch.setattr(committee.CommitteeDialog, "exec", fake_committee_exec)
    monkeypatch.setattr(QApplication, "exec", fake_app_exec)
    monkeypatch.setattr(app_module.errors, "setup_logging", lambda _p: None)
    code = app_module.main(argparse.Namespace(data_dir=str(data), actor=None))
    assert code == 0
    assert calls == ["login", "recovery key 35", "committee as wang", "exec"]
    assert windows and windows[0].app.ctx.actor == "wang"
    assert windows[0].app.ctx.store.key is not None  # a new store is sealed from the start
    key = vault.open_as(data / "selfgov.db", "wang", PW).store
    found = backups.list_backups(data / "backups", key=key.key)
    key.close()
    assert found and found[0].kind == backups.AUTO and found[0].ok  # sealed with the same key
    assert not (data / "selfgov.lock").exists()  # the data-folder lock is released
    # second start: nothing changed since → no new backup at start; login asked again
    calls.clear()

    def fake_login(app, data_dir, clock):
        calls.append("login")
        return app_module.open_as(app, data_dir, clock, "wang", PW)

    monkeypatch.setattr(app_module, "ask_open", fake_login)
    count_before = len(backups.list_backups(data / "backups"))
    assert app_module.main(argparse.Namespace(data_dir=str(data), actor=None)) == 0
    assert calls[0] == "login" and not [c for c in calls if "recovery" in c]  # shown only once
    assert len(backups.list_backups(data / "backups")) == count_before
    # giving up at the login closes cleanly without opening the window
    monkeypatch.setattr(app_module, "ask_open", lambda app, data_dir, clock: None)
    assert app_module.main(argparse.Namespace(data_dir=str(data), actor=None)) == 0


def test_main_offers_latest_good_backup_when_damaged(tmp_path, monkeypatch, qtbot):
    from selfgov_desktop.services.base import Context
    from selfgov_desktop.store.db import Store

    data = tmp_path / "data"
    s = Store(data / "selfgov.db")
    ctx = Context(s, "x")
    with ctx.tx() as tx:
        tx.db.execute("INSERT INTO residents (name, created_at, updated_at) VALUES ('甲', '', '')")
        tx.audit("test.add", "residents")
    backups.backup_now(s, data / "backups")
    s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    s.close()
    raw = bytearray((data / "selfgov.db").read_bytes())
    raw[4096 * 2:4096 * 5] = b"\x5a" * (4096 * 3)
    (data / "selfgov.db").write_bytes(bytes(raw))
    asked = []

    def answer(parent, title, text, *a, **k):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    app = app_module.make_application()
    store = app_module.open_store(app, data, FixedClock.on(dt.date(2026, 11, 29)))
    assert store is not None
    try:
        assert store.conn.execute("SELECT name FROM residents").fetchall() == [("甲",)]
    finally:
        store.close()
    assert asked and "备份" in asked[0] and "居民1人" in asked[0]
    assert list((data / "backups").glob("损坏-*.db"))


def test_accounts_tab(qtbot, store, monkeypatch):
    from selfgov_desktop.ui.pages import backups as panel_mod

    admin, _ = accounts.create_first_admin(store, "wang", "王主任", PW)
    window = app_module.build_window(store, store.path.parent, "wang", StaffRole.DIRECTOR)
    qtbot.addWidget(window)
    page = window.show_page("settings")
    window.show()
    tab = page.admin.accounts_tab
    tab.refresh()
    assert tab.table.rowCount() == 1

    def fill_new(self):
        edits = self.findChildren(panel_mod.QLineEdit)
        edits[0].setText("li")
        edits[1].setText("李委员")
        edits[2].setText(PW)
        edits[3].setText(PW)
        self.submit()
        return self.result()

    monkeypatch.setattr(panel_mod._Dialog, "exec", fill_new)
    tab.new_user()
    assert tab.table.rowCount() == 2
    li_row = [i for i in range(2) if tab.table.item(i, 0).text() == "li"][0]
    assert tab.table.item(li_row, 2).text() == "委员"
    tab.table.selectRow(li_row)
    tab.toggle_active()
    assert not accounts.get(store, "li").active
    assert "已停用" in tab.table.item(li_row, 3).text()
    # a read-only user sees no account management
    window.app.ctx.role = StaffRole.READONLY
    tab.refresh()
    assert not tab.table.isVisible() and not tab.new_button.isVisible()
    assert tab.mine_button.isVisible()


def test_login_name_is_remembered(qtbot, store, monkeypatch):
    from PySide6.QtCore import QSettings

    QSettings().remove(login_ui.LAST_USER)
    accounts.create_first_admin(store, "wang", "王主任", PW)
    seen: list[str] = []

    def log_in(self):
        seen.append(self.username.text())
        self.username.setText("wang")
        self.password.setText(PW)
        self.submit()
        return self.result()

    monkeypatch.setattr(QDialog, "exec", log_in)
    try:
        assert login_ui.ask_login(store).actor == "wang"
        assert login_ui.ask_login(store).actor == "wang"
        assert seen == ["", "wang"]  # the second time only the password is typed
    finally:
        QSettings().remove(login_ui.LAST_USER)


def test_sealed_store_login_recovery_key_and_recover(qtbot, tmp_path, monkeypatch):
    """At start the login opens the sealed store; the first run shows the recovery key once
    (with 打印); the recovery key sets a new password for a 主任 from the login dialog."""
    data = tmp_path / "data"
    app = app_module.make_application()
    clock = FixedClock.on(dt.date(2026, 11, 29))
    shown: list[object] = []

    def first_run(self):
        assert isinstance(self, login_ui.FirstAdminDialog)
        self.username.setText("wang")
        self.display_name.setText("王主任")
        self.password.setText(PW)
        self.confirm.setText(PW)
        self.submit()
        shown.append(self.opened)
        return self.result()

    monkeypatch.setattr(login_ui.FirstAdminDialog, "exec", first_run)
    opened = app_module.ask_open(app, data, clock)
    assert opened is not None and opened.store.key is not None and opened.recovery_code
    code = opened.recovery_code
    sheet = login_ui.RecoveryKeyDialog(code, None, "沁园居委会")
    qtbot.addWidget(sheet)
    assert sheet.code_label.text() == code and sheet.print_button.text() == "打印"
    assert code in sheet.sheet().toPlainText()
    opened.store.close()

    def wrong_then_right(self):
        assert isinstance(self, login_ui.LoginDialog)
        self.username.setText("wang")
        self.password.setText("wrong-password")
        self.submit()
        shown.append(self.error.text())
        self.password.setText(PW)
        self.submit()
        return self.result()

    monkeypatch.setattr(login_ui.LoginDialog, "exec", wrong_then_right)
    opened = app_module.ask_open(app, data, clock)
    assert opened is not None and opened.ctx.actor == "wang"
    assert "不正确" in shown[-1]
    opened.store.close()

    def recover(self):
        dialog = login_ui.RecoverDialog(self.recoverer, self, "wang")
        dialog.code.setText("22222-22222-22222-22222-22222-22222")
        dialog.password.setText("New-pass-2026")
        dialog.confirm.setText("New-pass-2026")
        dialog.submit()
        shown.append(dialog.error.text())
        dialog.code.setText(code.lower())
        dialog.password.setText("New-pass-2026")
        dialog.confirm.setText("New-pass-2026")
        dialog.submit()
        self.opened, self.ctx = dialog.opened, dialog.opened.ctx
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(login_ui.LoginDialog, "exec", recover)
    opened = app_module.ask_open(app, data, clock)
    assert "恢复密钥不正确" in shown[-1]
    assert opened is not None and opened.ctx.role == StaffRole.DIRECTOR
    opened.store.close()
    again = vault.open_as(data / "selfgov.db", "wang", "New-pass-2026")
    again.store.close()


def test_plain_store_without_accounts_first_admin_seals_it(qtbot, tmp_path, monkeypatch):
    """A data file from before accounts: the window asks for the first administrator, whose
    creation seals the file (the recovery key comes with it)."""
    from selfgov_desktop.services.base import Context
    from selfgov_desktop.store.db import Store

    data = tmp_path / "data"
    s = Store(data / "selfgov.db")
    with Context(s, "x").tx() as tx:
        tx.db.execute("INSERT INTO residents (name, created_at, updated_at) VALUES ('甲', '', '')")
        tx.audit("test.add", "residents")
    s.close()
    assert vault.plain_without_accounts(data / "selfgov.db")

    def first(self):
        assert isinstance(self, login_ui.FirstAdminDialog)
        self.username.setText("wang")
        self.display_name.setText("王主任")
        self.password.setText(PW)
        self.confirm.setText(PW)
        self.submit()
        return self.result()

    monkeypatch.setattr(login_ui.FirstAdminDialog, "exec", first)
    opened = app_module.ask_open(app_module.make_application(), data,
                                 FixedClock.on(dt.date(2026, 11, 29)))
    assert opened is not None and opened.store.key is not None and opened.recovery_code
    assert opened.store.conn.execute("SELECT name FROM residents").fetchall() == [("甲",)]
    opened.store.close()
    assert not (data / "selfgov.db").read_bytes().startswith(b"SQLite format 3")
    assert not vault.plain_without_accounts(data / "selfgov.db")


def test_a_new_pc_takes_the_old_pcs_backup_from_the_first_run_dialog(qtbot, tmp_path, monkeypatch):
    """The first run on a new PC offers 换电脑：从备份恢复: the backup (X.db with X.keys) is
    taken in with an account of the old PC; a wrong password says so and changes nothing."""
    from pathlib import Path

    from selfgov_desktop.services import residents

    app = app_module.make_application()
    clock = FixedClock.on(dt.date(2026, 11, 29))
    old = vault.create(tmp_path / "old" / "selfgov.db", "wang", "王主任", PW, clock=clock)
    residents.save(old.ctx, {"name": "张三"})
    usb = tmp_path / "usb"
    usb.mkdir()
    backup = Path(backups.backup_to_folder(old.ctx, usb).data["path"])
    old.store.close()
    data = tmp_path / "new"
    seen: list[str] = []

    def choose(self):
        assert isinstance(self, login_ui.FirstAdminDialog)
        assert self.findChild(QWidget, "adoptButton") is not None
        monkeypatch.setattr(login_ui.QFileDialog, "getOpenFileName",
                            lambda *a, **k: (str(backup), ""))
        self.choose_backup()
        return self.result()

    def login_as_of_old(self):
        assert isinstance(self, login_ui.LoginDialog)
        seen.append(self.intro.text())
        self.username.setText("wang")
        self.password.setText("wrong-password")
        self.submit()
        seen.append(self.error.text())
        assert vault.state(data / "selfgov.db") is vault.State.EMPTY
        self.password.setText(PW)
        self.submit()
        return self.result()

    monkeypatch.setattr(login_ui.FirstAdminDialog, "exec", choose)
    monkeypatch.setattr(login_ui.LoginDialog, "exec", login_as_of_old)
    opened = app_module.ask_open(app, data, clock)
    assert opened is not None and opened.ctx.actor == "wang"
    assert backup.name in seen[0] and "打不开" in seen[1]
    assert opened.store.conn.execute("SELECT name FROM residents").fetchall() == [("张三",)]
    opened.store.close()
