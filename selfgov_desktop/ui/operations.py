"""Run a use case off the GUI thread; end in one `bus.changed` signal (Anki's CollectionOp)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..services.base import Changed
from .bus import Bus
from .errors import show_error
from .workers import Job, Runner


def perform(
    parent: QWidget,
    bus: Bus,
    fn: Callable[..., Any],
    *args: Any,
    label: str = "",
    on_success: Callable[[Any], object] | None = None,  # its return value is ignored
    with_progress: bool = False,
    **kwargs: Any,
) -> Job:
    """Run fn(*args, progress=..., **kwargs) in the pool. A `Changed` result is broadcast."""
    dialog: QProgressDialog | None = None
    if with_progress:
        dialog = QProgressDialog(label or QCoreApplication.translate("ops", "正在处理……"),
                                 QCoreApplication.translate("ops", "取消"), 0, 0, parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)

    def call(*a: Any, progress: Any, **kw: Any) -> Any:
        if with_progress:
            return fn(*a, progress=progress, **kw)
        return fn(*a, **kw)

    job = Job(call, *args, **kwargs)

    def done(result: Any) -> None:
        if isinstance(result, Changed):
            bus.changed.emit(result)
        if on_success:
            on_success(result)

    def progress(done_: int, total: int, text: str) -> None:
        if dialog is not None:
            dialog.setMaximum(total)
            dialog.setValue(done_)
            if text:
                dialog.setLabelText(text)

    def finished() -> None:
        if dialog is not None:
            dialog.reset()
            dialog.deleteLater()

    job.signals.succeeded.connect(done)
    job.signals.failed.connect(lambda exc, tb: show_error(parent, exc, tb))
    job.signals.progress.connect(progress)
    job.signals.finished.connect(finished)
    if dialog is not None:
        dialog.canceled.connect(job.cancel)
    return Runner.start(job)
