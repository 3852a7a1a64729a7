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

# The command line acts as an account: every CLI run of the tests, in this process or in a
# subprocess (which inherits the environment), does so as this one. On an empty data folder it
# creates the sealed store with this account as its first 主任; on a test's plain store it
# becomes its first 主任 and seals it. Tests of the account contract itself set or unset these.
TEST_USER, TEST_PASSWORD = "测试主任", "test-Pass-2026"
os.environ["SELFGOV_USER"] = TEST_USER
os.environ["SELFGOV_PASSWORD"] = TEST_PASSWORD
os.environ.pop("SELFGOV_NEW_PASSWORD", None)


def demo_clock() -> FixedClock:
    """The day the demo is built on and the tests run on: 2026-11-29 09:00, whatever the date."""
    return FixedClock.on(DEMO_TODAY)


def open_sealed(data: Path, user: str = TEST_USER, password: str = TEST_PASSWORD) -> Store:
    """The store of a data folder the CLI has sealed, opened as the test account."""
    from selfgov_desktop.services import vault

    return vault.open_as(data / "selfgov.db", user, password, backup_dir=data / "backups").store


def data_key(db: Path) -> bytes | None:
    """The data key of a sealed store file (unwrapped from the test account's slot)."""
    from selfgov_desktop.store.keys import KeyRing, keys_path_for

    keys = keys_path_for(db)
    return KeyRing.load(keys).unwrap(TEST_USER, TEST_PASSWORD) if keys.exists() else None


def raw_conn(db: Path, key: bytes | None = None):
    """A connection straight to a store file, sealed or plain, as a fresh process would open it
    (no login, nothing recorded): for tests that look at the file after the CLI ran. A backup
    (no key file beside it) is opened with `key`, its store's."""
    from selfgov_desktop.store.engine import connect, is_plain_file

    return connect(db, None if is_plain_file(db) else key or data_key(db))


def seal_as_test_user(data: Path) -> None:
    """Seal a test's plain data folder (the test account becomes its first 主任), as the
    first CLI command on it would; the file is left fully checkpointed."""
    s = open_sealed(data)
    s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    s.close()


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
