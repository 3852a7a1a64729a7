"""Work in bulk, never lose input: many residents to a 楼组 at once; a refused dialog stays open
with what was typed; 整组加入 on a 楼组 adds the people living there."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel

from selfgov_desktop.services import groups
from selfgov_desktop.services import participants as P
from selfgov_desktop.ui.pages import groups as groups_page
from selfgov_desktop.ui.pages.residents import BulkGroupDialog


def _select_rows(page, rows):
    sel = page.view.selectionModel()
    sel.clearSelection()
    for r in rows:
        sel.select(page.model.index(r, 0), QItemSelectionModel.SelectionFlag.Select
                   | QItemSelectionModel.SelectionFlag.Rows)


def test_eight_selected_residents_go_to_a_group_in_one_step(window, demo_store):
    page = window.show_page("residents")
    _select_rows(page, range(8))
    ids = page.selected_ids()
    assert len(ids) == 8
    gid = groups.save_group(window.app.ctx, "楼组", "新建的9号楼").ids[0]
    page.edit_selected()  # 编辑 with 8 rows selected: the bulk dialog, not "选中一位"
    dlg = page.bulk_dialog
    assert isinstance(dlg, BulkGroupDialog) and dlg.isVisible()
    dlg.group.setCurrentIndex(dlg.group.findData(gid))
    dlg.apply()
    assert not dlg.isVisible()
    assert sorted(groups.residents_of_building_group(demo_store, gid)) == sorted(ids)
    rows = demo_store.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'resident.building_group'"
                                   " AND after LIKE ?", [f'%"group_id": {gid}%']).fetchone()[0]
    assert rows == 1  # one transaction, one audit row


def test_selected_residents_join_another_group(window, demo_store):
    page = window.show_page("residents")
    _select_rows(page, range(3))
    ids = page.selected_ids()
    gid = groups.save_group(window.app.ctx, "队伍", "平安志愿者").ids[0]
    dlg = page.assign_group()
    dlg.group.setCurrentIndex(dlg.group.findData(gid))
    assert dlg.role.isEnabled()
    dlg.apply()
    assert sorted(groups.members_of(demo_store, gid)) == sorted(ids)


def test_member_dialog_keeps_what_was_typed_when_the_date_is_wrong(window, demo_store, monkeypatch):
    page = window.show_page("groups")
    monkeypatch.setattr(groups_page.MemberDialog, "exec", lambda self: self.show())
    gid = next(g["id"] for g in groups.list_groups(demo_store) if g["kind"] == "队伍")
    for i in range(page.tree.topLevelItemCount()):
        top = page.tree.topLevelItem(i)
        for j in range(top.childCount()):
            if top.child(j).data(0, 0x0100) == gid:
                page.tree.setCurrentItem(top.child(j))
    assert page.current_group() == gid
    before = len(groups.members(demo_store, gid))
    page._add_member()
    dlg = page.member_dialog
    name = demo_store.conn.execute("SELECT name FROM residents WHERE status = '在册' ORDER BY id LIMIT 1"
                                   ).fetchone()[0]
    dlg.search.setText(name)
    assert dlg.resident_id() is not None
    dlg.role.setEditText("队员")
    dlg.end.line.setText("2031-02-30")
    dlg.accept()
    assert dlg.isVisible() and "不是日期" in dlg.error.text()
    assert dlg.end.line.text() == "2031-02-30" and dlg.search.text() == name  # nothing lost
    dlg.end.line.setText("2031/03/14")
    dlg.accept()
    assert not dlg.isVisible()
    assert len(groups.members(demo_store, gid)) == before + 1
    assert any(m["term_end"] == "2031-03-14" for m in groups.members(demo_store, gid, include_past=True))


def test_whole_building_group_adds_its_residents(qtbot, window, demo_store):
    sid = demo_store.conn.execute("SELECT id FROM sessions WHERE kind = 'hearing'"
                                  " AND state = 'representatives'"
                                  ).fetchone()[0]
    sp = window.show_page("sessions")
    sp.open_session(sid)
    from selfgov_desktop.ui.session.panels import ParticipantsPanel

    pp = next(p for p in sp.view.panels if isinstance(p, ParticipantsPanel) and hasattr(p, "group"))
    gid = next(g["id"] for g in groups.list_groups(demo_store, "楼组"))
    living = groups.residents_of_building_group(demo_store, gid)
    pp.group.setCurrentIndex(pp.group.findData(f"{gid}:residents"))
    assert "全体居民" in pp.group.currentText()
    pp.add_group()
    on_list = {p.resident_id for p in P.list_participants(demo_store, sid)}
    assert set(living) <= on_list
    assert "全体居民" in sp.view.flash_label.text()
