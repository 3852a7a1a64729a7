"""The window opens on the store: navigation, 首页 figures from the store, first-run dialog."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from selfgov_desktop import app as gui
from selfgov_desktop.domain.model import CommitteeSettings
from selfgov_desktop.services import settings, stats
from selfgov_desktop.ui.dialogs.committee import CommitteeDialog
from selfgov_desktop.ui.models.residents import ResidentsModel



NAV = ["首页", "居民", "分组与单位", "议题", "三会", "公告公示", "台账", "设置"]


def test_navigation_has_every_section(window):
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    for title in NAV:
        assert title in titles


def test_home_shows_the_stores_counts(window, demo_store):

    home = window.pages["home"]
    ov = stats.overview(demo_store)
    assert f"在册居民{ov.residents}人" in home.sub.text()
    assert f"楼组{ov.building_groups}个" in home.sub.text()
    overdue = demo_store.conn.execute(
        "SELECT count(*) FROM followups WHERE status IN ('未完成', '进行中') AND deadline < ?",
        [demo_store.clock.today().isoformat()]).fetchone()[0]
    assert overdue > 0
    assert home.tiles["followups_overdue"].value.text() == str(overdue)
    assert home.heading.text() == settings.committee(demo_store).name


def test_every_page_opens(window, qtbot):
    for key in list(window.pages):
        page = window.show_page(key)
        assert window.current_page() is page and page.isVisible()
        assert page.findChildren(QLabel), key


def test_residents_page_searches_by_pinyin_initials(window, qtbot, demo_store):
    page = window.show_page("residents")
    full = page.model.rowCount()
    assert full == stats.overview(demo_store).residents
    name = demo_store.conn.execute(
        "SELECT name FROM residents WHERE status='在册' AND length(name)=3 LIMIT 1").fetchone()[0]
    from selfgov_desktop.domain.search import pinyin_keys

    page.search.setText(pinyin_keys(name)[1])
    qtbot.waitUntil(lambda: page.model.rowCount() < full, timeout=3000)
    names = {page.model.data(page.model.index(r, 0)) for r in range(page.model.rowCount())}
    assert name in names


def test_residents_model(qtmodeltester, demo_store):
    model = ResidentsModel(demo_store)
    model.reload()
    qtmodeltester.check(model)
    row_id = model.index(0, 3).data()
    assert "*" in row_id  # masked by default
    model.set_reveal(True)
    assert "*" not in model.index(0, 3).data()


def test_first_run_dialog_requires_then_saves(qtbot, ctx):
    gui.make_application()
    dialog = CommitteeDialog(ctx, first_run=True)
    qtbot.addWidget(dialog)
    dialog.save()
    assert "居委会全称" in dialog.form.ui.errorLabel.text()
    assert not settings.committee(ctx.store).is_complete()
    dialog.form.load(CommitteeSettings(name="上海市黄浦区测试街道样板居民委员会", street="测试街道",
                                       supervision_phone="021-12345678"))
    dialog.save()
    saved = settings.committee(ctx.store)
    assert saved.is_complete() and saved.street == "测试街道"
    row = ctx.store.conn.execute(
        "SELECT actor, action FROM audit_log WHERE action='settings.update'").fetchone()
    assert row == ("测试员", "settings.update")


@pytest.mark.parametrize(("phone", "ok"), [("abc", False), ("12345678", False), ("021-1234", False),
                                           ("021-12345678", True), ("13812345678", True),
                                           ("0512-1234567", True)])
def test_supervision_phone_must_be_a_phone_number(qtbot, ctx, phone, ok):
    gui.make_application()
    dialog = CommitteeDialog(ctx, first_run=True)
    qtbot.addWidget(dialog)
    dialog.form.load(CommitteeSettings(name="上海市黄浦区测试街道样板居民委员会", street="测试街道",
                                       supervision_phone=phone))
    dialog.save()
    assert settings.committee(ctx.store).is_complete() == ok
    if not ok:
        assert "监督电话" in dialog.form.ui.errorLabel.text() and phone in dialog.form.ui.errorLabel.text()
        assert dialog.form.value().supervision_phone == phone  # kept for correcting


def test_committee_hint_follows_the_typing(qtbot, ctx):
    gui.make_application()
    dialog = CommitteeDialog(ctx, first_run=True)
    qtbot.addWidget(dialog)
    dialog.save()
    assert "居委会全称" in dialog.form.ui.errorLabel.text()
    dialog.form.ui.nameEdit.setText("上海市黄浦区测试街道样板居民委员会")
    assert "居委会全称" not in dialog.form.ui.errorLabel.text()
    assert "监督电话" in dialog.form.ui.errorLabel.text()
    dialog.form.ui.streetEdit.setText("测试街道")
    dialog.form.ui.supervisionEdit.setText("021-12345678")
    assert dialog.form.ui.errorLabel.text() == ""


def test_start_banner_ticks_what_is_done(empty_window, ctx):
    from selfgov_desktop.services import groups

    home = empty_window.show_page("home")
    home.refresh()
    assert home.start.isVisible() and home.start_button.text() == "去填写居委会信息"
    assert "① <b>" in home.start_text.text()
    settings.save_committee(ctx, CommitteeSettings(name="上海市黄浦区测试街道样板居民委员会",
                                                   street="测试街道", supervision_phone="021-12345678"))
    home.refresh()
    assert "✔ <s>在“设置”" in home.start_text.text() and home.start_button.text() == "去导入花名册"
    groups.save_group(ctx, "楼组", "1号楼")
    home.refresh()
    assert home.start_button.text() == "去导入花名册"  # the first step not done
    assert "✔ <s>建立楼组" in home.start_text.text()
