"""A page of the main window. It refreshes when a change touches what it shows, and only
when it is visible (or when it next becomes visible)."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...services.base import Changed, Entity
from ..context import AppContext


class Page(QWidget):
    key = ""
    # Tables whose change makes this page stale; empty = every change.
    watches: frozenset[Entity] = frozenset()
    # The main window puts the page in a vertical scroll area; a page with its own fixed bar
    # (the step engine's 下一步) scrolls its body itself and says False.
    scrolls = True

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self._stale = True
        app.bus.changed.connect(self._on_changed)

    def title(self) -> str:
        raise NotImplementedError

    def refresh(self) -> None:
        """Re-read what the page shows from the store."""

    def apply_role(self) -> None:
        """Enable only what the account now acting (app.ctx.role) may do; called whenever the
        page is shown and after a login at the lock."""

    def conceal(self) -> None:
        """Mask again whatever was revealed in full (the window locks or the account changes)."""

    def _on_changed(self, changed: Changed) -> None:
        if self.watches and not (self.watches & changed.entities):
            return
        self._stale = True
        if self.isVisible():
            self._refresh_now()

    def _refresh_now(self) -> None:
        self._stale = False
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.apply_role()
        if self._stale:
            self._refresh_now()


def empty_state(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555; font-size: 15px; padding: 24px;")
    return label


class PlannedPage(Page):
    """A section whose records are not kept yet: says what it will hold."""

    def __init__(self, app: AppContext, key: str, title: str, text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(app, parent)
        self.key = key
        self._title = title
        lay = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        lay.addWidget(heading)
        lay.addWidget(empty_state(text))
        lay.addStretch(1)

    def title(self) -> str:
        return self._title
