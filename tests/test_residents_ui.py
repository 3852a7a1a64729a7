"""The 居民 page, the edit dialog, the import wizard (cancel halfway = nothing written) and the
分组与单位 page, on the demo data; screenshots to look at."""

from __future__ import annotations

from pathlib import Path

import roster_files
import roster_messy as messy
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent

from selfgov_desktop.domain.search import pinyin_keys
from selfgov_desktop.services import residents as svc
from selfgov_desktop.services import roster_import as ri
from selfgov_desktop.ui.dialogs.import_wizard import PreviewModel
from selfgov_desktop.ui.dialogs.resident_edit import ResidentDialog
from selfgov_desktop.ui.models.residents import ResidentsModel

SHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"



def _shot(widget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


def _count(store, sql: str = "SELECT count(*) FROM residents") -> int:
    return int(store.conn.execute(sql).fetchone()[0])


def test_residents_model(qtmodeltester, demo_store) -> None:
    model = ResidentsModel(demo_store)
    model.reload()
    assert model.rowCount() == svc.count(demo_store)
    qtmodeltester.check(model)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    first, last = model.index(0, 0).data(), model.index(model.rowCount() - 1, 0).data()
    assert pinyin_keys(first)[0] >= pinyin_keys(last)[0]  # pinyin order, descending
    assert "*" in model.index(0, 3).data()


def test_search_as_you_type_with_input_method(window, qtbot, demo_store) -> None:
    page = window.show_page("residents")
    name = demo_store.conn.execute(
        "SELECT name FROM residents WHERE status = '在册' AND length(name) = 3 LIMIT 1").fetchone()[0]
    page.search.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(name)
    from PySide6.QtWidgets import QApplication

    QApplication.sendEvent(page.search, event)
    assert page.search.text() == name
    qtbot.waitUntil(lambda: page.model.rowCount() < svc.count(demo_store), timeout=3000)
    names = {page.model.index(r, 0).data() for r in range(page.model.rowCount())}
    assert name in names
    page.search.setText(pinyin_keys(name)[1])
    page._apply_search()
    assert name in {page.model.index(r, 0).data() for r in range(page.model.rowCount())}
    _shot(window, "residents-search")


def test_filters_reveal_and_status(window, demo_store) -> None:
    page = window.show_page("residents")
    page.flag_boxes["representative"].setChecked(True)
    assert 20 <= page.model.rowCount() <= 40
    page.flag_boxes["representative"].setChecked(False)
    page.group_filter.setCurrentIndex(1)
    gid = page.group_filter.currentData()
    n = page.model.rowCount()
    assert n == _count(demo_store, f"SELECT count(*) FROM residents WHERE building_group_id = {gid}"
                                   " AND status = '在册'")
    before = _count(demo_store, "SELECT count(*) FROM audit_log WHERE action = 'resident.reveal'")
    page.reveal.setChecked(True)
    assert "*" not in page.model.index(0, 3).data()
    assert _count(demo_store, "SELECT count(*) FROM audit_log WHERE action = 'resident.reveal'") \
        == before + 1
    page.reveal.setChecked(False)
    assert "*" in page.model.index(0, 3).data()
    page.group_filter.setCurrentIndex(0)
    page.view.selectRow(0)
    rid = page.model.resident_id(0)
    page.household_filter.setChecked(True)
    household = svc.household(demo_store, rid)
    assert page.model.rowCount() == len([m for m in household if m["status"] == "在册"])
    page.household_filter.setChecked(False)
    assert page.model.rowCount() == svc.count(demo_store)
    svc.set_status(page.app.ctx, rid, "迁出", "2026-11-01")
    page.refresh()
    assert page.model.row_of(rid) == -1
    page.status_filter.setCurrentIndex(1)
    assert page.model.row_of(rid) >= 0


def test_edit_dialog_validates_as_you_type(window, qtbot, demo_store) -> None:
    page = window.show_page("residents")
    rid = page.model.resident_id(0)
    dlg = ResidentDialog(page.app, rid, page)
    qtbot.addWidget(dlg)
    assert "*" in dlg.edits["id_number"].text() and dlg.edits["id_number"].isReadOnly()
    dlg.reveal()
    assert "*" not in dlg.edits["id_number"].text()
    number = dlg.edits["id_number"].text()
    dlg.edits["id_number"].setText(number[:-1] + ("0" if number[-1] != "0" else "1"))
    qtbot.waitUntil(lambda: "校验位" in dlg.errors["id_number"].text(), timeout=2000)
    assert not dlg.buttons.buttons()[0].isEnabled()
    dlg.edits["id_number"].setText(number)
    dlg.edits["employer"].setText("沁园小学")
    qtbot.waitUntil(lambda: dlg.errors["id_number"].text() == "", timeout=2000)
    _shot(dlg, "resident-edit")
    dlg.save()
    assert svc.get(demo_store, rid)["employer"] == "沁园小学"
    row = page.model.row_of(rid)
    assert row >= 0



def test_import_wizard_cancel_halfway_writes_nothing(empty_window, qtbot, tmp_path, store,
                                                     monkeypatch) -> None:
    from selfgov_desktop.ui import workers

    path = tmp_path / "大花名册.xlsx"
    roster_files.write_big_xlsx(path, 3000)
    page = empty_window.show_page("residents")
    wizard = page.open_import(str(path))
    qtbot.addWidget(wizard)
    assert wizard.table is not None and len(wizard.table.rows) == 3000
    assert wizard.mapping()[1] == "name"
    wizard.next_step()  # plan -> preview
    assert wizard.stack.currentIndex() == 1
    assert wizard.plan.counts()[ri.NEW] == 3000
    assert wizard.preview.rowCount() == 3000 and wizard.preview.index(0, 1).data() == ri.NEW
    _shot(wizard, "import-preview")
    seen: list[int] = []

    def halfway(done: int, total: int, text: str) -> None:
        if text == "正在写入":
            seen.append(done)
            if done >= total // 2:
                wizard.cancel()  # what the 取消 button does

    original = workers.Runner.start

    def start(job):
        job.signals.progress.connect(halfway)
        return original(job)

    monkeypatch.setattr(workers.Runner, "start", staticmethod(start))
    wizard.next_step()  # 导入: runs synchronously under sync_runner, cancelled halfway
    assert seen and 1500 <= max(seen) < 3000
    assert "已取消" in wizard.progress_label.text()
    assert wizard.isVisible()
    assert _count(store) == 0
    assert _count(store, "SELECT count(*) FROM households") == 0
    assert _count(store, "SELECT count(*) FROM groups") == 0
    assert _count(store, "SELECT count(*) FROM audit_log WHERE action = 'resident.import'") == 0
    # the same wizard can still import everything afterwards
    monkeypatch.setattr(workers.Runner, "start", original)
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.information", lambda *a, **k: None)
    wizard.next_step()
    assert _count(store) == 3000 and "新增3000人" in wizard.result_summary
    assert page.model.rowCount() == 3000


def test_preview_model_and_rejects(qtmodeltester, qtbot, window, tmp_path) -> None:
    path = messy.write_xlsx(tmp_path / "花名册.xlsx")
    page = window.show_page("residents")
    wizard = page.open_import(str(path))
    qtbot.addWidget(wizard)
    wizard.next_step()
    qtmodeltester.check(wizard.preview)
    wizard.status_filter.setCurrentIndex(wizard.status_filter.findData(ri.REJECTED))
    assert wizard.preview.rowCount() == 1 and "文本" in wizard.preview.index(0, 2).data()
    out = wizard.save_rejects(str(tmp_path / "未导入.xlsx"))
    assert out is not None and out.exists()
    model = PreviewModel()
    model.set_plan(wizard.plan)
    qtmodeltester.check(model)


def test_groups_page(window, qtbot, demo_store) -> None:
    page = window.show_page("groups")
    assert page.tree.topLevelItemCount() >= 4
    assert page.members.rowCount() > 0
    assert page.officers.rowCount() == 8 and page.officers.item(0, 1).text()
    page.tabs.setCurrentIndex(0)
    _shot(window, "groups")
    page.tabs.setCurrentIndex(2)
    page.units.selectRow(0)
    assert page.contacts.rowCount() >= 1
    assert page.contacts.item(0, 2).text().isdigit()  # units' work phones are not masked
    _shot(window, "units")


def test_import_wizard_asks_when_the_table_is_no_roster(empty_window, qtbot, tmp_path, store,
                                                       monkeypatch) -> None:
    """姓名 and 电话 only (an attendance log): the wizard shows what it found and asks; No
    closes it with nothing read in, Yes goes on to the column mapping."""
    from PySide6.QtWidgets import QMessageBox

    from test_hostile_files import rows_xml, sheet_xml, write_xlsx

    path = write_xlsx(tmp_path / "考勤.xlsx", sheet_xml(rows_xml(
        [["姓名", "联系电话", "打卡时间"], ["张三", "13900000001", "08:59"]])))
    asked: list[str] = []

    def answer(reply):
        def question(_parent, _title, text, *_a, **_k):
            asked.append(text)
            return reply
        return question

    page = empty_window.show_page("residents")
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    wizard = page.open_import(str(path))
    qtbot.addWidget(wizard)
    assert asked and "姓名" in asked[0] and "联系电话" in asked[0] and "身份证号" in asked[0]
    assert wizard.table is None and not wizard.next_button.isEnabled()  # closed, nothing read
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    wizard = page.open_import(str(path))
    qtbot.addWidget(wizard)
    assert len(asked) == 2 and wizard.table is not None and wizard.mapping()[0] == "name"
    assert _count(store) == 0
