"""In-app print preview (QPrintPreviewDialog) and direct printing of our PDFs.

Pages are rasterised by PDFium (pypdfium2) at the printer's resolution — this Qt build has
no QtPdf — so what prints is exactly the PDF that would be saved."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPointF, QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from ..domain.errors import UserError

if TYPE_CHECKING:  # pragma: no cover
    import pypdfium2 as pdfium

PREVIEW_DPI = 150


def page_count(data: bytes) -> int:
    import pypdfium2 as pdfium  # loaded when a PDF is first shown or printed

    return len(pdfium.PdfDocument(data))


def page_image(pdf: pdfium.PdfDocument, index: int, dpi: float) -> QImage:
    page = pdf[index]
    bitmap = page.render(scale=dpi / 72, rev_byteorder=True)  # RGB(x) bytes
    w, h, stride = bitmap.width, bitmap.height, bitmap.stride
    fmt = QImage.Format.Format_RGBX8888 if bitmap.n_channels == 4 else QImage.Format.Format_RGB888
    return QImage(bytes(bitmap.buffer), w, h, stride, fmt).copy()


def paint_pdf(data: bytes, printer: QPrinter, dpi: float | None = None) -> int:
    """Draw every page (or the chosen range) of the PDF onto the printer. Returns pages drawn."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    n = len(pdf)
    first = max(1, printer.fromPage() or 1)
    last = min(n, printer.toPage() or n)
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError("无法连接打印机，请检查打印机是否已开启并连接。")
    try:
        res = printer.resolution()
        rect = printer.pageLayout().paintRectPixels(res)
        for i in range(first - 1, last):
            if i > first - 1:
                printer.newPage()
            w_pt, h_pt = pdf[i].get_size()
            scale = min(rect.width() / w_pt, rect.height() / h_pt)
            image = page_image(pdf, i, dpi or min(res, 300))
            target = QRectF(QPointF(0, 0), QPointF(w_pt * scale, h_pt * scale))
            painter.drawImage(target, image)
        return last - first + 1
    finally:
        painter.end()


def _printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    from PySide6.QtGui import QPageLayout, QPageSize

    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)  # the PDF carries its own margins
    return printer


class _PreviewDialog(QPrintPreviewDialog):
    """Keeps a reference to its printer: the dialog does not own it."""

    def __init__(self, printer: QPrinter, parent: QWidget | None) -> None:
        super().__init__(printer, parent)
        self._printer = printer


def preview_dialog(data: bytes, title: str, parent: QWidget | None = None) -> QPrintPreviewDialog:
    page_count(data)  # a broken file fails here, before the dialog opens
    dialog = _PreviewDialog(_printer(), parent)
    dialog.setWindowTitle(QCoreApplication.translate("print", "打印预览 — {title}").format(title=title))
    dialog.resize(900, 760)
    dialog.paintRequested.connect(lambda printer: paint_pdf(data, printer, PREVIEW_DPI))
    return dialog


def print_directly(data: bytes, parent: QWidget | None = None) -> int:
    """The system print dialog, then print. Returns pages printed (0 when cancelled)."""
    printer = _printer()
    dialog = QPrintDialog(printer, parent)
    dialog.setMinMax(1, max(1, page_count(data)))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return 0
    return paint_pdf(data, printer)


def suggested(folder: Path | None, name: str) -> str:
    safe = "".join(c for c in name if c not in '\\/:*?"<>|').strip() or "文档"
    return str((folder or Path.home()) / safe)


# -- minutes of a session: for the session page (导出 / 打印 / 打印预览) ------------------------


def minutes_pdf(store, session_id: int) -> tuple[bytes, str]:
    """The minutes PDF of a session and its title."""
    from ..documents import minutes
    from ..services import decision_docs

    m = decision_docs.minutes_data_any(store, session_id)  # the service knows which kind is which
    return minutes.render(m)[0], f"{m.title} 会议记录"


def preview_minutes(parent: QWidget, store, session_id: int) -> QPrintPreviewDialog:
    data, title = minutes_pdf(store, session_id)
    return preview_dialog(data, title, parent)


def export_minutes(parent: QWidget, app, session_id: int, path: str | None = None) -> None:
    """Ask where (unless given), then write the PDF off the GUI thread with an audit row."""
    from ..documents import minutes
    from ..services import decision_docs
    from ..services import documents as docs
    from . import files
    from .operations import perform

    if not path:
        title = docs.minutes_data(app.ctx.store, session_id).title
        path = files.ask_save(parent, QCoreApplication.translate("print", "导出会议记录"),
                              f"{title} 会议记录.pdf",
                              QCoreApplication.translate("print", "PDF 文件 (*.pdf)"))
        if not path:
            return
    target = path
    perform(parent, app.bus, decision_docs.export_minutes_any, app.ctx, session_id, path,
            minutes.write, on_success=lambda ch: files.confirm_export(
                parent, target, getattr(ch, "summary", "")))
