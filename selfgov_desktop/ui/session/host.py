"""What the step panels and the paper-entry dialogs ask of the step view that holds them —
so that they depend on this small face, not on the view (which builds them)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from ...services.base import Changed
from ...services.sessions import SessionRecord
from ..context import AppContext


# the service call that reverses a change and its arguments; (None, ()) = nothing to undo
UndoEntry = tuple[Callable[..., Any] | None, tuple[Any, ...]]


class Reloadable(Protocol):
    def reload(self) -> None: ...


class PanelHost(Protocol):
    app: AppContext
    sid: int  # the session shown

    @property
    def record(self) -> SessionRecord:
        """The session as last read."""

    @property
    def panels(self) -> Sequence[Reloadable]: ...

    def run(self, fn: Callable[..., Any], *args: Any,
            undo: Callable[[Changed], UndoEntry] | None = None,
            label: str = "", reload_panels: bool = True, **kwargs: Any) -> Changed | None:
        """One service call as one change of the session (with undo when given)."""

    def flash(self, text: str, error: bool = False) -> None:
        """A short message under the form (red when `error`)."""

    def refresh_status(self) -> None:
        """Read the session again: checks, compliance, what 下一步 still needs."""

    def reload_editors(self) -> None:
        """Read the step's fields again (after a dialog wrote some of them)."""
