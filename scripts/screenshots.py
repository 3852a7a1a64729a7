"""`make screenshots`: the app under offscreen Qt on the demo data (built in a temporary
folder), each screen the user manual shows saved as a PNG in docs/images/.

The manual (docs/用户手册.md) shows only what this script produces, so it stays true as the
UI changes: run it after a UI change and commit the PNGs. Images are reduced to 256 colours
so each stays small (well under ~150 KB at 1366×768).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [--out docs/images]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from selfgov_desktop import app as gui  # noqa: E402
from selfgov_desktop.domain.clock import FixedClock  # noqa: E402
from selfgov_desktop.services import demo  # noqa: E402
from selfgov_desktop.services.base import Context  # noqa: E402
from selfgov_desktop.store.db import Store  # noqa: E402
from selfgov_desktop.ui.workers import Runner  # noqa: E402

DAY = dt.date(2026, 11, 29)  # the demo's "today": screenshots do not change with the calendar
OFFICE = (1366, 768)
LARGE = (1920, 1080)


def settle(app: QApplication, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()


def save(widget: QWidget, out: Path, name: str) -> Path:
    """Grab a widget and write it as a 256-colour PNG."""
    app = QApplication.instance()
    assert app is not None
    settle(app)  # type: ignore[arg-type]
    image = widget.grab().toImage().convertToFormat(
        QImage.Format.Format_Indexed8,
        Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.AvoidDither)
    path = out / name
    if not image.save(str(path), "PNG"):
        raise SystemExit(f"写不出截图：{path}")
    print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}  "
          f"{image.width()}×{image.height()}  {path.stat().st_size // 1024} KB")
    return path


def first(store: Store, sql: str, *args: object) -> int:
    row = store.conn.execute(sql, args).fetchone()
    if row is None:
        raise SystemExit(f"演示数据里找不到：{sql} {args}")
    return int(row[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    Runner.synchronous = True  # background jobs run inline: every screen is complete when grabbed
    with tempfile.TemporaryDirectory(prefix="selfgov-shots-") as tmp:
        tmpdir = Path(tmp)
        # window geometry etc. go to the temporary folder, not the user's own settings
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmpdir))
        app = gui.make_application()
        shoot_empty(app, tmpdir, out)
        shoot_demo(app, tmpdir, out)
    return 0


def window_at(store: Store, data_dir: Path, size: tuple[int, int]):  # type: ignore[no-untyped-def]
    w = gui.build_window(store, data_dir)
    w.resize(*size)
    w.show()
    return w


def shoot_empty(app: QApplication, tmpdir: Path, out: Path) -> None:
    """First run: the first administrator, the recovery key, the committee dialog, the empty
    首页 and 居民, the import wizard."""
    from selfgov_desktop.ui.dialogs.committee import CommitteeDialog
    from selfgov_desktop.ui.dialogs.import_wizard import ImportWizard
    from selfgov_desktop.ui.dialogs.login import FirstAdminDialog, RecoveryKeyDialog

    first_admin = FirstAdminDialog(None, creator=lambda *a: None, adopter=lambda *a: None)
    first_admin.show()
    save(first_admin, out, "first-admin.png")
    first_admin.close()
    # a made-up key of the right form (the real one is random and shown only once)
    key = RecoveryKeyDialog("7HPBE-U5VLK-F3F4L-55CN9-7T3WX-VEB8U", None, "沁园居委会")
    key.show()
    save(key, out, "recovery-key.png")
    key.close()
    data = tmpdir / "empty"
    data.mkdir()
    store = Store(data / "selfgov.db", clock=FixedClock.on(DAY))
    ctx = Context(store, "陈立群")
    dlg = CommitteeDialog(ctx, first_run=True)
    dlg.show()
    save(dlg, out, "first-run-committee.png")
    dlg.close()
    w = window_at(store, data, OFFICE)
    w.show_page("home")
    save(w, out, "first-run-home.png")
    w.show_page("residents")
    save(w, out, "residents-empty.png")
    # a roster as the street office sends it: the demo's roster exported to Excel
    demo_dir = tmpdir / "roster-source"
    demo_dir.mkdir()
    src = Store(demo_dir / "selfgov.db", clock=FixedClock.on(DAY))
    demo.fill(Context(src, "demo"))
    from selfgov_desktop.documents import roster_template
    from selfgov_desktop.services import roster_export

    roster = tmpdir / "花名册.xlsx"
    headers, rows = roster_export.export_rows(src)
    roster_template.write_roster(roster, headers, rows)
    src.close()
    wizard = ImportWizard(w.app, roster, w)
    wizard.resize(1100, 680)
    wizard.show()
    settle(app)
    save(wizard, out, "import-mapping.png")
    wizard.next_step()
    settle(app)
    save(wizard, out, "import-preview.png")
    wizard.close()
    w.close()
    store.close()


def shoot_demo(app: QApplication, tmpdir: Path, out: Path) -> None:
    data = tmpdir / "demo"
    data.mkdir()
    store = Store(data / "selfgov.db", clock=FixedClock.on(DAY))
    demo.fill(Context(store, "demo"))
    w = window_at(store, data, LARGE)
    w.show_page("home")
    save(w, out, "home-1920.png")
    w.resize(*OFFICE)
    settle(app)
    home = w.show_page("home")
    save(w, out, "home-1366.png")
    dlg = home.open_figure("followups_overdue")  # type: ignore[attr-defined]
    save(dlg, out, "home-list.png")
    dlg.close()

    w.show_page("residents")
    save(w, out, "residents.png")
    w.show_page("topics")
    save(w, out, "topics.png")
    sessions = w.show_page("sessions")
    save(w, out, "sessions.png")

    def session_at(kind: str, state: str, name: str, step: str | None = None) -> None:
        sid = first(store, "SELECT id FROM sessions WHERE kind = ? AND state = ? ORDER BY date DESC",
                    kind, state)
        sessions.open_session(sid)  # type: ignore[attr-defined]
        if step:
            sessions.view.show_step(step)  # type: ignore[attr-defined]
        save(w, out, name)
        sessions.show_list()  # type: ignore[attr-defined]

    session_at("hearing", "representatives", "hearing-representatives.png")
    session_at("hearing", "publicity", "hearing-publicity.png")
    session_at("coordination", "outcome", "coordination-outcome.png")
    session_at("evaluation", "scoring", "evaluation-scoring.png")
    session_at("residents_meeting", "closed", "residents-meeting.png", step="signin")

    notices = w.show_page("notices")
    nid = first(store, "SELECT id FROM notices WHERE posted_from <= ? AND posted_until >= ?"
                " ORDER BY posted_until", DAY.isoformat(), DAY.isoformat())
    select: Callable[[int], None] | None = getattr(notices, "select_id", None)
    if select is not None:
        select(nid)
    save(w, out, "notices.png")
    w.show_page("ledgers")
    save(w, out, "ledgers.png")
    from selfgov_desktop import paths
    from selfgov_desktop.services import backups

    backups.backup_now(store, paths.backups_dir(data))  # what the automatic backup leaves
    settings_page = w.show_page("settings")
    admin = getattr(settings_page, "admin", None)
    if admin is not None:
        admin.setCurrentIndex(1)  # 备份与恢复
    save(w, out, "backups.png")
    w.close()
    store.close()


if __name__ == "__main__":
    raise SystemExit(main())
