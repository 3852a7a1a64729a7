"""The 公示 and 台账 pages on the demo data, the print preview, screenshots to look at."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog

from selfgov_desktop.documents import notices as notice_docs
from selfgov_desktop.domain.documents import NoticeKind
from selfgov_desktop.services import documents as docs
from selfgov_desktop.services import notices as svc
from selfgov_desktop.ui import print_preview
from selfgov_desktop.ui.pages.notices import NoticeDialog, NoticesModel, TemplateDialog

SHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"



def _shot(widget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


def test_demo_has_a_notice_of_every_kind(demo_store):
    kinds = {n.kind for n in svc.list_notices(demo_store)}
    assert {k.value for k in NoticeKind} <= kinds
    today = dt.date(2026, 11, 29)
    assert svc.on_board(demo_store, today) and svc.ending_soon(demo_store, today)


def test_notices_model(qtmodeltester, demo_store):
    model = NoticesModel()
    model.set_items(svc.list_notices(demo_store))
    qtmodeltester.check(model)
    assert model.rowCount() >= 3


def test_notices_page_lists_filters_and_previews(window, qtbot, demo_store, monkeypatch):
    page = window.show_page("notices")
    assert page.model.rowCount() == len(svc.list_notices(demo_store))
    assert "张贴中" in page.summary.text()
    _shot(window, "notices-page")
    page.filter.setCurrentIndex(page.filter.findData("已结束"))
    assert all(n.state == "已结束" for n in page.model.items)
    page.filter.setCurrentIndex(0)
    page.view.selectRow(0)
    assert page.preview_button.isEnabled()
    shown = {}

    def fake_run(dialog):
        shown["title"] = dialog.windowTitle()
        dialog.resize(900, 760)
        dialog.show()
        qtbot.waitExposed(dialog)
        _shot(dialog, "notice-print-preview")
        dialog.close()
        return 0

    monkeypatch.setattr(page, "run_dialog", fake_run)
    page.preview()
    assert shown["title"].startswith("打印预览")


def test_new_notice_dialog_uses_the_template_and_saves(window, qtbot, demo_store):
    page = window.show_page("notices")
    before = page.model.rowCount()
    dialog = NoticeDialog(page.app, parent=page)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("evaluation_result"))
    assert dialog.session.count() > 1
    assert "评议结果的公示" in dialog.title_edit.text()
    assert "{" not in dialog.body.toPlainText()
    dialog.show()
    _shot(dialog, "notice-dialog")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert page.model.rowCount() == before + 1


def test_template_dialog_saves_and_restores(qtbot, window, demo_store):
    dialog = TemplateDialog(window.pages["notices"].app)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("hearing_result"))
    dialog.text.setPlainText("关于{议题}的公示\n\n改过的措辞。")
    dialog.save()
    assert svc.template(demo_store, "hearing_result").startswith("关于{议题}的公示")
    dialog.restore()
    assert svc.template(demo_store, "hearing_result") == svc.default_template("hearing_result")


def test_print_pdf_paints_every_page_onto_a_printer(demo_store, tmp_path, qapp):
    nid = svc.list_notices(demo_store)[0].id
    data, pages = notice_docs.render(docs.notice_data(demo_store, nid))
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert print_preview.paint_pdf(data, printer, dpi=72) == pages
    assert out.stat().st_size > 1000


def test_ledgers_page_exports_the_chosen_sheets(window, qtbot, tmp_path):
    page = window.show_page("ledgers")
    assert page.year.count() >= 2
    page.year.setCurrentIndex(page.year.findData(2026))
    _shot(window, "ledgers-page")
    page.minimums["coordination"].setValue(5)
    page.save_minimums()
    assert docs.minimums(page.app.ctx.store)["coordination"] == 5
    for key, cb in page.checks.items():
        cb.setChecked(key in ("sessions", "stats"))
    out = tmp_path / "台账.xlsx"
    page.export(str(out))
    assert page.open_button.isEnabled() and "已导出台账" in page.result.text()
    wb = load_workbook(out)
    assert wb.sheetnames[:2] == ["三会台账", "三会落实台账"] and "年度统计" in wb.sheetnames
    assert "四议两公开台账" in wb.sheetnames  # the decisions' sheets, as the CLI writes them
    assert "花名册" not in wb.sheetnames and "跟踪落实台账" not in wb.sheetnames


def test_minutes_helpers_for_the_session_page(qapp, demo_ctx, tmp_path, sync_runner):
    from selfgov_desktop.ui.bus import Bus
    from selfgov_desktop.ui.context import AppContext

    sid = demo_ctx.store.conn.execute("SELECT id FROM sessions WHERE kind = 'hearing' AND state = 'closed'"
                                      " ORDER BY id LIMIT 1").fetchone()[0]
    data, title = print_preview.minutes_pdf(demo_ctx.store, sid)
    assert data.startswith(b"%PDF") and title.endswith("会议记录")
    dialog = print_preview.preview_minutes(None, demo_ctx.store, sid)
    assert dialog.windowTitle().startswith("打印预览")
    dialog.deleteLater()
    app = AppContext(demo_ctx, Bus(), tmp_path)
    out = tmp_path / "记录.pdf"
    print_preview.export_minutes(None, app, sid, str(out))
    assert out.read_bytes().startswith(b"%PDF")


def test_session_documents_menu_lists_and_exports_the_steps_documents(qapp, demo_ctx, tmp_path, sync_runner):
    from selfgov_desktop.ui.bus import Bus
    from selfgov_desktop.ui.context import AppContext
    from selfgov_desktop.ui.session.documents_bar import DocumentsBar

    sid = demo_ctx.store.conn.execute("SELECT id FROM sessions WHERE kind = 'coordination'"
                                      " AND state = 'closed' ORDER BY id LIMIT 1").fetchone()[0]
    bar = DocumentsBar(AppContext(demo_ctx, Bus(), tmp_path))
    bar.set_session(sid, "coordination")
    bar._fill_docs()
    titles = [a.text() for a in bar.docs_menu.actions()]
    assert titles == ["协调会通知", "协调会记录", "协议书"]
    assert all(a.isEnabled() for a in bar.docs_menu.actions())
    out = tmp_path / "协议书.pdf"
    bar.export_document("agreement", "协议书", str(out))
    assert out.read_bytes().startswith(b"%PDF")
    bar.deleteLater()
