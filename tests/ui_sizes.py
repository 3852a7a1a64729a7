"""Run as a program (`python tests/ui_sizes.py DATA_DIR`), possibly under QT_SCALE_FACTOR:
prints, as JSON, the minimum size in logical pixels of the main window, of every page, of
every step of one session of each kind, and of every dialog — what a screen must hold.
tests/test_screen_fit_ui.py runs it at each scale factor."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _min(w: Any) -> list[int]:
    s = w.minimumSizeHint().expandedTo(w.minimumSize())
    lay = w.layout()
    if lay is not None:
        s = s.expandedTo(lay.minimumSize())
    return [s.width(), s.height()]


def measure(src: Path) -> dict[str, Any]:  # noqa: C901 - one list of everything to look at

    from selfgov_desktop import app as gui
    from selfgov_desktop.services import dashboard as D
    from selfgov_desktop.services import sessions as S
    from selfgov_desktop.store.db import Store

    tmp = Path(tempfile.mkdtemp())
    shutil.copy(src / "selfgov.db", tmp / "selfgov.db")
    qapp = gui.make_application()
    store = Store(tmp / "selfgov.db")
    w = gui.build_window(store, tmp)
    w.show()
    qapp.processEvents()
    out: dict[str, Any] = {"scale": os.environ.get("QT_SCALE_FACTOR", "1"), "pages": {}, "steps": {},
                           "dialogs": {}, "widths": {}, "errors": []}
    window_min = _min(w)
    for key, page in w.pages.items():
        w.show_page(key)
        qapp.processEvents()
        window_min = [max(a, b) for a, b in zip(window_min, _min(w), strict=True)]
        out["pages"][key] = _min(page)
    sp = w.show_page("sessions")
    view = sp.view
    seen: set[str] = set()
    for (sid,) in store.conn.execute("SELECT id FROM sessions ORDER BY id").fetchall():
        rec = S.get(store, sid)
        if rec.kind in seen or rec.closed:
            continue
        seen.add(rec.kind)
        sp.open_session(sid)
        for st in rec.definition.steps:
            view.show_step(st.key)
            qapp.processEvents()
            window_min = [max(a, b) for a, b in zip(window_min, _min(w), strict=True)]
            out["steps"][f"{rec.kind}/{st.key}"] = _min(view)
            # the step's form sits in a scroll area that never scrolls sideways: its content
            # must fit the width the area has
            out["widths"][f"{rec.kind}/{st.key}"] = _min(view.step_scroll.widget())[0]
            out["dialogs"].update(_paper_dialogs(view, f"{rec.kind}/{st.key}"))
    out["window"] = window_min
    out["view_overhead"] = _view_overhead(view)

    def add(name: str, make: Any) -> None:
        try:
            d = make()
        except Exception as exc:  # noqa: BLE001 - reported, the test fails on it
            out["errors"].append(f"{name}: {exc!r}")
            return
        d.show()
        qapp.processEvents()
        out["dialogs"][name] = _min(d)
        d.close()
        d.deleteLater()

    app = w.app
    from selfgov_desktop.ui.dialogs.committee import CommitteeDialog
    from selfgov_desktop.ui.dialogs.login import FirstAdminDialog, LoginDialog
    from selfgov_desktop.ui.dialogs.new_session import NewSessionDialog
    from selfgov_desktop.ui.dialogs.resident_edit import ResidentDialog
    from selfgov_desktop.ui.dialogs.rules import RulesDialog
    from selfgov_desktop.ui.dialogs.topic_collect import CollectDialog
    from selfgov_desktop.ui.pages import backups, groups, home, notices, residents
    from selfgov_desktop.ui.session.view import OverrideDialog

    rid = store.conn.execute("SELECT id FROM residents ORDER BY id LIMIT 1").fetchone()[0]
    nid = store.conn.execute("SELECT id FROM notices ORDER BY id LIMIT 1").fetchone()[0]
    group = dict(zip(("id", "name", "kind"), store.conn.execute(
        "SELECT id, name, kind FROM groups ORDER BY id LIMIT 1").fetchone(), strict=True))
    add("committee", lambda: CommitteeDialog(app.ctx, w, first_run=True))
    add("login", lambda: LoginDialog(store, None))
    add("first_admin", lambda: FirstAdminDialog(store, None))
    add("new_session", lambda: NewSessionDialog(w))
    for tab in range(4):
        add(f"rules/{tab}", lambda tab=tab: RulesDialog(app, w, tab=tab))
    add("resident_new", lambda: ResidentDialog(app, None, w))
    add("resident_edit", lambda: ResidentDialog(app, rid, w))
    add("collect", lambda: CollectDialog(app, w))
    add("notice_new", lambda: notices.NoticeDialog(app, None, w))
    add("notice_edit", lambda: notices.NoticeDialog(app, nid, w))
    add("notice_templates", lambda: notices.TemplateDialog(app, w))
    add("group_form", lambda: groups._FormDialog("分组", [("kind", "类型", ["楼组", "其他"]),
                                                        ("name", "名称", None)], {}, w))
    add("group_members", lambda: groups.MemberDialog(app, group, w))
    figs = D.compute(store).figures()
    add("figure_list", lambda: home.FigureListDialog(app, next(iter(figs.values())), w))
    add("dashboard_settings", lambda: home.DashboardSettingsDialog(app, w))
    add("account", lambda: backups._Dialog("新建账号", w))
    add("status", lambda: residents.StatusDialog("张三", "在册", app.ctx.today(), w))
    add("household", lambda: residents.HouseholdDialog(app, rid, w))
    check = {"rule": "x", "title": "提前通知", "message": "通知只提前了 3 天，少于规定的 7 天"}
    add("override", lambda: OverrideDialog([check], w))
    for extra in _extra_dialogs(app, w):
        add(*extra)
    store.close()
    return out


def _view_overhead(view: Any) -> int:
    """Width the step page takes besides the form: the step list, margins, the scroll bar."""
    return view.width() - view.step_scroll.viewport().width()


def _paper_dialogs(view: Any, where: str) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    from selfgov_desktop.ui.session.paper_entry.strip import PaperPanel

    for panel in list(view.panels):
        if not isinstance(panel, PaperPanel):
            continue
        for kind in ("signin", "evaluation", "ballot"):
            dlg = panel.open_entry(kind)
            if dlg is None:
                continue
            out[f"paper/{kind}@{where}"] = _min(dlg)
            dlg.finished.disconnect()
            dlg.reject()
            dlg.deleteLater()
    return out


def _extra_dialogs(app: Any, parent: Any) -> list[tuple[str, Any]]:
    """Dialogs added later register here (name, factory)."""
    out: list[tuple[str, Any]] = []
    try:
        from selfgov_desktop.ui.pages.residents import BulkGroupDialog

        out.append(("bulk_group", lambda: BulkGroupDialog(app, [1, 2, 3], parent)))
    except ImportError:
        pass
    return out


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1])), ensure_ascii=False))
