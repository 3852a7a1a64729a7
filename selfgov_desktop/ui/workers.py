"""Long work off the GUI thread, with progress and cancel. The worker never touches widgets:
it reports through signals, which Qt delivers on the GUI thread.

Tests set `Runner.synchronous = True` (as Picard does with its thread pool) so that work
runs at once, in order, on the calling thread."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class Cancelled(Exception):
    """Raised inside work when the user pressed 取消."""


class Progress:
    """Handed to the work function: report(done, total, text); raises Cancelled when asked."""

    def __init__(self, signals: _Signals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def __call__(self, done: int, total: int = 0, text: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled
        self._signals.progress.emit(done, total, text)

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled


class _Signals(QObject):
    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object, str)  # exception, formatted traceback
    cancelled = Signal()
    finished = Signal()


class Job(QRunnable):
    def __init__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = _Signals()
        self.progress = Progress(self.signals)
        self._fn, self._args, self._kwargs = fn, args, kwargs

    def cancel(self) -> None:
        self.progress.cancel()

    def run(self) -> None:
        try:
            result = self._fn(*self._args, progress=self.progress, **self._kwargs)
        except Cancelled:
            self.signals.cancelled.emit()
        except BaseException as exc:  # noqa: BLE001 - reported to the GUI thread
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            self.signals.succeeded.emit(result)
        finally:
            self.signals.finished.emit()


class Runner:
    synchronous = False
    _live: set[Job] = set()

    @classmethod
    def start(cls, job: Job) -> Job:
        cls._live.add(job)
        job.signals.finished.connect(lambda: cls._live.discard(job))
        if cls.synchronous:
            job.run()
        else:
            QThreadPool.globalInstance().start(job)
        return job

    @classmethod
    def wait_all(cls, msecs: int = 30000) -> bool:
        return QThreadPool.globalInstance().waitForDone(msecs)
