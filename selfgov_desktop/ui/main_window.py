"""The main window: navigation on the left, one page at a time on the right."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QListWidget, QListWidgetItem, QMainWindow,
                               QScrollArea, QStackedWidget, QWidget)

from .. import APP_TITLE
from .context import AppContext
from .day_watch import DayWatch
from .pages.base import Page
from .pages.audit import AuditPage
from .pages.groups import GroupsPage
from .pages.home import HomePage
from .pages.ledgers import LedgersPage
from .pages.notices import NoticesPage
from .pages.residents import ResidentsPage
from .pages.sessions import SessionsPage
from .pages.settings import SettingsPage
from .pages.topics import TopicsPage


class MainWindow(QMainWindow):
    def __init__(self, app: AppContext) -> None:
        super().__init__()
        self.app = app
        self.setWindowTitle(self.tr(APP_TITLE))
        central = QWidget()
        lay = QHBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("navList")
        self.nav.setFixedWidth(150)
        self.stack = QStackedWidget()
        lay.addWidget(self.nav)
        inner = QWidget()
        inner_lay = QHBoxLayout(inner)
        inner_lay.setContentsMargins(16, 12, 16, 12)
        inner_lay.addWidget(self.stack)
        lay.addWidget(inner, 1)
        self.setCentralWidget(central)
        self.pages: dict[str, Page] = {}
        for page in self._make_pages():
            self.add_page(page)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)
        app.bus.navigate.connect(lambda key, _payload: self.show_page(key))
        for i in range(min(self.nav.count(), 9)):
            QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self).activated.connect(
                lambda row=i: self.nav.setCurrentRow(row))
        self.resize(1280, 800)
        screen = self.screen()
        if screen is not None:  # never taller or wider than the screen above the taskbar
            avail = screen.availableGeometry()
            self.resize(min(1280, avail.width()), min(800, avail.height()))
        self._restore_geometry()
        self.day_watch = DayWatch(app, self)

    def _make_pages(self) -> list[Page]:
        a = self.app
        return [
            HomePage(a),
            ResidentsPage(a),
            GroupsPage(a),
            TopicsPage(a),
            SessionsPage(a),
            NoticesPage(a),
            LedgersPage(a),
            AuditPage(a),
            SettingsPage(a),
        ]

    def add_page(self, page: Page) -> None:
        self.pages[page.key] = page
        if page.scrolls:
            # A page taller than the window scrolls inside it; the window never grows past
            # the screen (a 1366×768 office screen leaves 728 pixels above the taskbar).
            holder = QScrollArea()
            holder.setObjectName(f"pageScroll_{page.key}")
            holder.setWidgetResizable(True)
            holder.setFrameShape(QFrame.Shape.NoFrame)
            holder.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            holder.setWidget(page)
            self.stack.addWidget(holder)
        else:
            self.stack.addWidget(page)
        item = QListWidgetItem(page.title())
        item.setData(Qt.ItemDataRole.UserRole, page.key)
        self.nav.addItem(item)

    def show_page(self, key: str) -> Page:
        keys = list(self.pages)
        self.nav.setCurrentRow(keys.index(key))
        return self.pages[key]

    def current_page(self) -> Page:
        # the stack holds each page inside its scroll area, in the order of self.pages
        return list(self.pages.values())[self.stack.currentIndex()]

    def _restore_geometry(self) -> None:
        geometry = QSettings().value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        QSettings().setValue("main/geometry", self.saveGeometry())
        super().closeEvent(event)
