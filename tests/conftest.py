from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from selfgov_desktop.domain.clock import FixedClock
from selfgov_desktop.services import demo
from selfgov_desktop.services.base import Context
from selfgov_desktop.store.db import Store

DEMO_TODAY = dt.date(2026, 11, 29)


def demo_clock() -> FixedClock:
    """The day the demo is built on and the tests run on: 2026-11-29 09:00, whatever the date."""
    return FixedClock.on(DEMO_TODAY)


@pytest.fixture
def store(tmp_path: Path):
    # the data folder holds only the program's files: exports into it are refused
    s = Store(tmp_path / "data" / "selfgov.db", clock=demo_clock())
    yield s
    s.close()


@pytest.fixture
def ctx(store: Store) -> Context:
    return Context(store, "测试员")


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo data, built once per test run; tests get their own copy."""
    d = tmp_path_factory.mktemp("demo-master")
    s = Store(d / "selfgov.db", clock=demo_clock())
    demo.fill(Context(s, "demo"))
    s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    s.close()
    return d / "selfgov.db"


@pytest.fixture
def demo_store(demo_db_file: Path, tmp_path: Path):
    target = tmp_path / "demo" / "selfgov.db"
    target.parent.mkdir()
    shutil.copy(demo_db_file, target)
    s = Store(target, clock=demo_clock())
    yield s
    s.close()


@pytest.fixture
def data(demo_db_file: Path, tmp_path: Path) -> Path:
    """A data folder holding a copy of the demo, for the command line and restores."""
    d = tmp_path / "data"
    d.mkdir()
    shutil.copy(demo_db_file, d / "selfgov.db")
    return d


@pytest.fixture
def demo_ctx(demo_store: Store) -> Context:
    return Context(demo_store, "测试员")


@pytest.fixture
def sync_runner():
    """Background work runs at once on the calling thread (Picard-style)."""
    from selfgov_desktop.ui.workers import Runner

    Runner.synchronous = True
    yield Runner
    Runner.synchronous = False


def open_window(qtbot, store: Store, data_dir: Path, *args):
    """The main window on `store`, shown at a common office screen size (1366×768)."""
    from selfgov_desktop import app as gui

    gui.make_application()
    w = gui.build_window(store, data_dir, *args)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def window(qtbot, demo_store, tmp_path, sync_runner):
    """The main window on the demo data; background work runs synchronously."""
    return open_window(qtbot, demo_store, tmp_path)


@pytest.fixture
def empty_window(qtbot, store, tmp_path, sync_runner):
    """The main window on an empty store."""
    return open_window(qtbot, store, tmp_path)
