"""The 审计日志 page (filters, paging model, export) and the 备份与恢复 tab (list, restore)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QFileDialog, QMessageBox

from selfgov_desktop.app import build_window
from selfgov_desktop.domain.model import StaffRole
from selfgov_desktop.services import audit, backups
from selfgov_desktop.services.base import Context
from selfgov_desktop.ui.models.audit import PAGE, AuditModel

SHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"


def fill_log(store, n: int) -> None:
    a, b = Context(store, "王主任"), Context(store, "李委员", StaffRole.MEMBER)
    with a.tx() as tx:
        for i in range(n):
            tx.audit("resident.update", "residents", i % 7, summary=f"修改居民 {i}",
                     before={"phone": "13812345678"}, after={"phone": f"139{i:08d}"})
    with b.tx() as tx:
        tx.audit("topic.create", "topics", 1, summary="新议题 加装电梯")


def test_audit_model(qtmodeltester, store):
    fill_log(store, PAGE + 20)
    model = AuditModel(store)
    model.reload()
    assert model.total == PAGE + 21
    assert model.rowCount() == PAGE
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == PAGE + 21 and not model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)
    assert model.data(model.index(0, 1)) == "李委员"  # newest first
    change = model.data(model.index(1, 6))
    assert "138****5678" in change and "13812345678" not in change
    model.reload(audit.AuditFilter(actor="李委员"))
    assert model.rowCount() == 1
    qtmodeltester.check(model)


@pytest.fixture
def window(qtbot, store):
    fill_log(store, 30)
    w = build_window(store, store.path.parent, "王主任", StaffRole.DIRECTOR)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w


def test_audit_page_filters_and_export(window, qtbot, tmp_path, monkeypatch, sync_runner):
    page = window.show_page("audit")
    assert page.body.currentIndex() == 0
    assert page.model.total == 31
    assert page.actor.count() == 3  # 全部 + 2 people
    page.actor.setCurrentIndex(page.actor.findData("李委员"))
    page.apply_filter()
    assert page.model.rowCount() == 1 and "共1条" in page.count_label.text()
    page.actor.setCurrentIndex(0)
    page.kind.setCurrentIndex(page.kind.findData("resident"))
    page.entity_id.setText("3")
    page.entity.setCurrentIndex(page.entity.findData("residents"))
    page.apply_filter()
    assert page.model.total == len([i for i in range(30) if i % 7 == 3])
    page.entity_id.setText("")
    page.kind.setCurrentIndex(0)
    page.entity.setCurrentIndex(0)
    page.use_dates.setChecked(True)
    page.date_from.setDate(page.date_from.date().addDays(5 * 365))
    page.apply_filter()
    assert page.model.rowCount() == 0 and "没有" in page.count_label.text()
    page.use_dates.setChecked(False)
    page.text.setText("电梯")
    page.apply_filter()
    assert page.model.total == 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.text.setText("")
    page.apply_filter()
    qtbot.wait(10)  # let the layout settle before the screenshot
    window.grab().save(str(SHOTS / "audit_page.png"))
    out = tmp_path / "审计"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    page.export()
    wb = load_workbook(str(out) + ".xlsx")
    assert wb.active.max_row == 3 + 31
    assert "已导出31条" in page.status.text()
    # the export itself is now in the log, and the page refreshed to show it
    assert page.model.entry(0).action == "audit.export"


def test_audit_page_hidden_from_non_directors(window):
    window.app.ctx.role = StaffRole.MEMBER
    page = window.show_page("audit")
    page.refresh()
    assert page.body.currentIndex() == 1


def test_backups_tab_list_and_restore(window, qtbot, monkeypatch, sync_runner):
    store = window.app.ctx.store
    bdir = Path(window.app.data_dir) / "backups"
    with Context(store, "x").tx() as tx:
        tx.db.execute("INSERT INTO residents (name, created_at, updated_at) VALUES ('甲', '', '')")
        tx.audit("test.add", "residents")
    backups.backup_now(store, bdir, now=dt.datetime(2026, 11, 1, 9, 0))
    with Context(store, "x").tx() as tx:
        tx.db.execute("INSERT INTO residents (name, created_at, updated_at) VALUES ('乙', '', '')")
        tx.audit("test.add", "residents")
    page = window.show_page("settings")
    panel = page.admin
    panel.setCurrentWidget(panel.backups_tab)
    tab = panel.backups_tab
    tab.refresh()
    assert tab.table.rowCount() == 1
    assert "居民1人" in tab.table.item(0, 4).text()
    assert tab.table.item(0, 0).text() == "2026-11-01 09:00:00"
    window.grab().save(str(SHOTS / "settings_backups.png"))
    tab.table.selectRow(0)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    seen = []
    window.app.bus.changed.connect(lambda c: seen.append(c))
    tab.restore_selected()
    assert store.conn.execute("SELECT count(*) FROM residents").fetchone()[0] == 1
    assert seen and "residents" in seen[-1].entities
    assert "恢复" in tab.status.text()
    kinds = [tab.table.item(i, 1).text() for i in range(tab.table.rowCount())]
    assert backups.BEFORE_RESTORE in kinds
    # a member cannot restore
    window.app.ctx.role = StaffRole.MEMBER
    tab.refresh()
    assert not tab.restore_button.isEnabled()


def test_security_tab_saves_settings(window):
    from selfgov_desktop.ui.dialogs.login import idle_minutes

    page = window.show_page("settings")
    tab = page.admin.security_tab
    page.admin.setCurrentWidget(tab)
    tab.refresh()
    tab.idle.setValue(3)
    tab.interval.setValue(15)
    tab.save()
    assert idle_minutes(window.app.ctx.store) == 3
    assert backups.interval_minutes(window.app.ctx.store) == 15
    assert tab.saved.text() == "已保存"
    page.admin.setCurrentWidget(page.admin.accounts_tab)
    window.grab().save(str(SHOTS / "settings_accounts.png"))


def test_audit_reads_as_chinese_sentences_with_names(window, qtbot, store):
    from selfgov_desktop.services import audit_text, groups
    from selfgov_desktop.services.base import Context

    ctx = Context(store, "王主任")
    gid = groups.save_group(ctx, "楼组", "3号楼").ids[0]
    with ctx.tx() as tx:
        tx.audit("resident.building_group", "residents", None, summary="1位居民调整楼组",
                 before={"building_group_id": None}, after={"building_group_id": gid})
        tx.audit("session.advance", "sessions", 999, summary="完成“结果公示”",
                 before={"state": "publicity"}, after={"state": "followup"})
        tx.audit("document.export", "", None, summary="导出会议记录", after={"path": "/tmp/x.pdf"})
    page = window.show_page("audit")
    page.refresh()
    texts = [[page.model.data(page.model.index(r, c)) for c in range(7)] for r in range(3)]
    doc, advance, move = texts
    assert doc[2] == "文件" and "document" not in " ".join(map(str, doc))
    assert advance[6] == "进度：结果公示 → 跟踪落实", advance
    assert "publicity" not in advance[6] and "会议（编号999" in advance[4]
    assert move[6] == "楼组：（空） → “3号楼”", move  # a name, not the id
    assert not any(str(cell).lstrip().startswith("{") for row in texts for cell in row)  # no JSON
    page.view.selectRow(2)  # one click: the whole entry below
    assert "王主任：1位居民调整楼组" in page.details.toPlainText()
    assert "修改内容" in page.details.toPlainText()
    assert audit_text.action_label("paper.signin") == "录入纸质签到表"
    assert audit_text.action_label("notice.update") == "修改公示"
