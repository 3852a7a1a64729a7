"""导出 / 打印 on the session page: the minutes (preview, print, PDF), the other documents its
steps name (协调会通知, 协议书, 反馈单, 整改承诺书, 名单… as PDF) and, for the kinds that are
published, a new 公告/公示 drafted from this session."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QMenu, QPushButton, QToolButton, QWidget

from ...domain.documents import NOTICE_KIND_LABELS
from ...services import notices as notice_svc
from ..context import AppContext
from ..errors import show_error
from ..print_preview import export_minutes, minutes_pdf, preview_dialog, print_directly


class DocumentsBar(QWidget):
    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.sid: int | None = None
        self.kind = ""
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.minutes_btn = QToolButton()
        self.minutes_btn.setText(self.tr("会议记录"))
        self.minutes_btn.setToolTip(self.tr("由本次会议的记录生成会议记录（PDF），可预览、打印或导出"))
        self.minutes_btn.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.minutes_btn)
        self.preview_action = menu.addAction(self.tr("打印预览…"), self.preview)
        self.print_action = menu.addAction(self.tr("直接打印…"), self.print_)
        self.export_action = menu.addAction(self.tr("导出 PDF…"), self.export)
        self.minutes_btn.setMenu(menu)
        lay.addWidget(self.minutes_btn)
        self.docs_btn = QToolButton()
        self.docs_btn.setText(self.tr("本次会议的文件"))
        self.docs_btn.setToolTip(self.tr("各步骤产生的文件（通知、协议书、反馈单、整改承诺书、名单等），"
                                         "导出为 PDF"))
        self.docs_btn.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.docs_menu = QMenu(self.docs_btn)
        self.docs_menu.aboutToShow.connect(self._fill_docs)
        self.docs_btn.setMenu(self.docs_menu)
        lay.addWidget(self.docs_btn)
        self.notice_btn = QPushButton(self.tr("拟写公告公示…"))
        self.notice_btn.setToolTip(self.tr("按模板起草本次会议的公告或公示，自动隐去个人信息"))
        self.notice_btn.clicked.connect(self.new_notice)
        lay.addWidget(self.notice_btn)

    def notice_kinds(self) -> list[str]:
        return [k for k, sk in notice_svc.SESSION_KIND.items() if sk == self.kind]

    def apply_role(self) -> None:
        from ...services.export_door import may_export

        self.export_action.setEnabled(may_export(self.app.ctx.role))

    def set_session(self, sid: int, kind: str) -> None:
        self.apply_role()
        self.sid, self.kind = sid, kind
        kinds = self.notice_kinds()
        self.notice_btn.setVisible(bool(kinds))
        self.notice_btn.setToolTip(self.tr("起草：") + "、".join(NOTICE_KIND_LABELS[k] for k in kinds))

    def _pdf(self) -> tuple[bytes, str]:
        assert self.sid is not None
        return minutes_pdf(self.app.ctx.store, self.sid)

    def run_dialog(self, dialog: QDialog) -> int:
        """Modal; tests replace it to look at the dialog without blocking."""
        return dialog.exec()

    def preview(self) -> None:
        try:
            data, title = self._pdf()
            self.run_dialog(preview_dialog(data, title, self))
        except Exception as exc:  # noqa: BLE001 - shown in Chinese, logged
            show_error(self, exc)

    def print_(self) -> None:
        try:
            print_directly(self._pdf()[0], self)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)

    def export(self) -> None:
        if self.sid is not None:
            export_minutes(self, self.app, self.sid)

    def _fill_docs(self) -> None:
        from ...services.documents import session_docs

        self.docs_menu.clear()
        if self.sid is None:
            return
        for info in session_docs.documents(self.app.ctx.store, self.sid):
            if info.key == "minutes":
                continue
            suffix = "" if info.available else self.tr("（还不能生成）")
            action = self.docs_menu.addAction(info.title + suffix)
            action.setEnabled(info.available)
            action.setToolTip(info.why)
            action.triggered.connect(lambda _=False, k=info.key, t=info.title: self.export_document(k, t))

    def export_document(self, key: str, title: str, path: str | None = None) -> None:
        from PySide6.QtWidgets import QFileDialog

        from ...documents.session_writers import WRITERS
        from ...services.documents import session_docs
        from ..operations import perform
        from ..print_preview import suggested

        if self.sid is None:
            return
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("导出{t}").format(t=title),
                                                  suggested(None, f"{title}.pdf"),
                                                  self.tr("PDF 文件 (*.pdf)"))
            if not path:
                return
        perform(self, self.app.bus, session_docs.export_document, self.app.ctx, self.sid, key, path, WRITERS)

    def new_notice(self) -> None:
        from ..pages.notices import NoticeDialog

        kinds = self.notice_kinds()
        if self.sid is None or not kinds:
            return
        dialog = NoticeDialog(self.app, parent=self, session_id=self.sid, kinds=kinds)
        if self.run_dialog(dialog) == QDialog.DialogCode.Accepted and dialog.notice_id:
            # stay in the meeting: the notice is saved under 公示, where it is printed later
            host = self.parent()
            if host is not None and hasattr(host, "flash"):
                host.flash(self.tr("公示已保存（在“公示”页可以查看和打印）。"))
