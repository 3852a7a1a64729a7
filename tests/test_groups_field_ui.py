"""After importing a roster with 楼号 only, a hearing reaches its second step from the session
page: the empty 楼组 field says so and makes the groups; 全选 ticks them all; the import
wizard offers the same."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from selfgov_desktop.documents import spreadsheet
from selfgov_desktop.services import groups
from selfgov_desktop.services import roster_import as ri
from selfgov_desktop.services import sessions as S
from selfgov_desktop.ui.session.fields import GroupsEditor

from test_groups_from_buildings import write_roster

LEFT = Qt.MouseButton.LeftButton


def _new_hearing(qtbot, window):
    page = window.show_page("sessions")
    qtbot.mouseClick(page.new_buttons["hearing"], LEFT)
    dlg = page.new_dialog
    dlg.kind.setCurrentIndex(dlg.kind.findData("hearing"))
    dlg.title_edit.setText("关于加装电梯的听证会")
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Ok), LEFT)
    return page.view


def test_hearing_reaches_step_two_after_a_roster_with_buildings_only(qtbot, empty_window, ctx, tmp_path):
    ri.import_table(ctx, spreadsheet.read_roster(write_roster(tmp_path / "r.csv", ["3", "3", "5", "12"])))
    view = _new_hearing(qtbot, empty_window)
    ed = view.editors["affected_groups"]
    assert isinstance(ed, GroupsEditor)
    assert "还没有楼组" in ed.empty_label.text() and not ed.all.isVisible()
    assert ed.make_btn is not None and "3个" in ed.make_btn.text()
    qtbot.mouseClick(ed.make_btn, LEFT)
    ed = view.editors["affected_groups"]
    assert list(ed.boxes) == ["3号楼", "5号楼", "12号楼"]
    assert view.shown_step == "topic" and empty_window.current_page().key == "sessions"
    qtbot.mouseClick(ed.all, LEFT)  # 全选
    assert S.get(ctx.store, view.sid).data["affected_groups"] == ["3号楼", "5号楼", "12号楼"]
    qtbot.mouseClick(ed.all, LEFT)  # all ticked: 全选 again clears
    assert S.get(ctx.store, view.sid).data["affected_groups"] == []
    qtbot.mouseClick(ed.boxes["5号楼"], LEFT)
    combo = view.editors["topic_source"].combo
    combo.setCurrentIndex(combo.findData("居委会提出"))
    combo.activated.emit(combo.currentIndex())
    bg = view.editors["background"]
    bg.edit.setPlainText("老公房加装电梯")
    bg.commit()
    qtbot.mouseClick(view.next_btn, LEFT)
    assert view.record.state == "notice", view.missing.text()


def test_open_groups_button_goes_to_the_groups_page(qtbot, empty_window):
    view = _new_hearing(qtbot, empty_window)
    ed = view.editors["affected_groups"]
    assert ed.make_btn is None  # no residents, no 楼号: nothing to make
    qtbot.mouseClick(ed.open_btn, LEFT)
    assert empty_window.current_page().key == "groups"


def test_a_group_made_elsewhere_shows_in_the_open_step(qtbot, empty_window, ctx):
    view = _new_hearing(qtbot, empty_window)
    from selfgov_desktop.ui.operations import perform

    perform(empty_window, empty_window.app.bus, groups.save_group, ctx, "楼组", "7号楼")
    assert list(view.editors["affected_groups"].boxes) == ["7号楼"]


def test_import_wizard_offers_groups_from_buildings(qtbot, empty_window, tmp_path, store):
    path = write_roster(tmp_path / "r.csv", ["3", "5"])
    page = empty_window.show_page("residents")
    wizard = page.open_import(str(path))
    qtbot.addWidget(wizard)
    asked: list[str] = []
    wizard.ask = lambda title, text: asked.append(text) or True
    wizard.next_step()  # plan -> preview
    wizard.next_step()  # write
    qtbot.waitUntil(lambda: bool(wizard.result_summary), timeout=5000)
    assert asked and "3号楼、5号楼" in asked[0]
    assert "按楼号建立楼组2个" in wizard.groups_summary
    assert groups.has_building_groups(store)
