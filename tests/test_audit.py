"""The audit log: every change through services/ leaves a row; filtering; .xlsx export."""

from __future__ import annotations

import ast
import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

import selfgov_desktop.services as services_pkg
from selfgov_desktop.domain import passwords
from selfgov_desktop.domain.model import StaffRole
from selfgov_desktop.services import accounts, audit, backups, settings
from selfgov_desktop.services.base import Context, PermissionDenied

PW = "Audit#Pass2026"


def export_xlsx(ctx, path, f=None):
    from selfgov_desktop.ui.pages.audit import export_audit

    return export_audit(ctx, path, f or audit.AuditFilter())


@pytest.fixture(autouse=True)
def fast_scrypt(monkeypatch):
    monkeypatch.setattr(passwords, "N", 2**10)


def _service_modules() -> list[Path]:
    root = Path(services_pkg.__file__).parent
    return sorted(p for p in root.rglob("*.py") if p.name != "base.py")


def _functions_with_tx(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        src = ast.get_source_segment(path.read_text(encoding="utf-8"), node) or ""
        if ".tx()" in src:
            yield node.name, src


# Transactions that change no user-visible record: they recompute derived columns (the
# compliance checks of a session) from data whose own changes were audited.
DERIVED_ONLY = {"checks.py:recompute", "checks.py:recompute_open"}  # services/sessions/checks.py


def test_every_service_transaction_writes_an_audit_row():
    """Static check over all of services/: a function that opens a transaction audits in it,
    or runs other services (`fn(ctx, …)`) inside it, which audit as savepoints."""
    import re

    missing = []
    seen = 0
    for path in _service_modules():
        for name, src in _functions_with_tx(path):
            seen += 1
            if ".audit(" in src or f"{path.name}:{name}" in DERIVED_ONLY:
                continue
            body = src[src.index(".tx()"):]
            if re.search(r"\b\w+\(ctx\b", body):
                continue
            missing.append(f"{path.name}:{name}")
    assert seen >= 10  # the check looks at real code
    assert missing == [], f"service functions that change data without an audit row: {missing}"


@pytest.fixture
def guard(monkeypatch):
    """Every committed transaction through Context.tx must add audit rows."""
    original = Context.tx
    log: list[str] = []

    import contextlib

    @contextlib.contextmanager
    def checked(self):
        before = self.store.conn.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]
        with original(self) as tx:
            yield tx
            after = tx.db.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]
            log.append(self.actor)
            assert after > before, "a transaction committed without an audit row"

    monkeypatch.setattr(Context, "tx", checked)
    return log


def test_services_audit_who_what_before_after(store, tmp_path, guard):
    admin, _ = accounts.create_first_admin(store, "wang", "王主任", PW)
    accounts.create_user(admin, "li", "李委员", StaffRole.MEMBER, PW)
    li = accounts.login(store, "li", PW)
    settings.set_value(admin, "idle", {"minutes": 10})
    settings.set_value(admin, "idle", {"minutes": 15})
    backups.backup_to_folder(admin, tmp_path)
    audit.record_reveal(li, "residents", 7, "id_number", "张*明")
    export_xlsx(admin, tmp_path / "a.xlsx")
    assert len(guard) >= 7
    rows = audit.query(store)
    by_action = {e.action: e for e in rows}
    upd = [e for e in rows if e.action == "settings.update"][0]  # newest first
    assert upd.actor == "wang" and upd.before == {"minutes": 10} and upd.after == {"minutes": 15}
    assert "minutes：10 → 15" in upd.change_text
    reveal = by_action["resident.reveal"]
    assert reveal.actor == "li" and reveal.entity_id == 7 and "身份证号" in reveal.summary
    assert {"account.create", "login.ok", "backup.export", "audit.export"} <= set(by_action)
    at = dt.datetime.fromisoformat(rows[0].at)
    assert at == store.clock.now()  # stamped by the store's clock


def test_demo_fill_is_audited(demo_store):
    assert audit.count(demo_store, audit.AuditFilter(kind="demo")) >= 1


@pytest.fixture
def log_store(store):
    ctx_a = Context(store, "王主任")
    ctx_b = Context(store, "李委员", StaffRole.MEMBER)
    with ctx_a.tx() as tx:
        tx.audit("resident.update", "residents", 1, summary="修改 张三",
                 before={"phone": "13812345678", "name": "张三"},
                 after={"phone": "13900001111", "name": "张三明"})
        tx.audit("resident.update", "residents", 2, summary="修改 李四")
    with ctx_b.tx() as tx:
        tx.audit("topic.create", "topics", 1, summary="新议题 加装电梯")
        tx.audit("resident.delete", "residents", 1, summary="删除 张三明",
                 before={"id_number": "310101199001011234"})
    store.conn.execute("UPDATE audit_log SET at = '2026-10-01T09:00:00' WHERE entity_id = 2")
    return store


@pytest.mark.parametrize("f, expected", [
    (audit.AuditFilter(), 4),
    (audit.AuditFilter(actor="李委员"), 2),
    (audit.AuditFilter(kind="resident"), 3),
    (audit.AuditFilter(kind="resident.update"), 2),
    (audit.AuditFilter(entity="residents", entity_id=1), 2),
    (audit.AuditFilter(date_to=dt.date(2026, 10, 1)), 1),
    (audit.AuditFilter(date_from=dt.date(2026, 10, 2)), 3),
    (audit.AuditFilter(text="电梯"), 1),
    (audit.AuditFilter(actor="王主任", kind="topic"), 0),
])
def test_filters(log_store, f, expected):
    assert audit.count(log_store, f) == expected
    assert len(audit.query(log_store, f)) == expected


def test_lists_for_filter_choices(log_store):
    assert audit.actors(log_store) == sorted(["王主任", "李委员"])
    assert audit.kinds(log_store) == ["resident", "topic"]
    assert audit.entities(log_store) == ["residents", "topics"]
    assert audit.kind_label("resident.update") == "居民"
    assert audit.action_label("resident.update") == "居民·修改"


def test_id_and_phone_masked_in_view(log_store):
    entries = audit.query(log_store, audit.AuditFilter(entity="residents", entity_id=1))
    deleted = [e for e in entries if e.action == "resident.delete"][0]
    assert deleted.before == {"id_number": "310***********1234"}
    updated = [e for e in entries if e.action == "resident.update"][0]
    assert updated.before["phone"] == "138****5678"
    assert "13812345678" not in updated.change_text


def test_export_xlsx(log_store, tmp_path):
    admin = Context(log_store, "王主任")
    out = tmp_path / "审计.xlsx"
    changed = export_xlsx(admin, out, audit.AuditFilter(kind="resident"))
    assert out.exists() and changed.data["path"] == str(out.resolve())
    ws = load_workbook(out).active
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    assert "审计日志" in values[0][0] and "类别：居民" in values[1][0]
    assert values[2][:4] == ["时间", "操作人", "类别", "操作"]
    data = values[3:]
    assert len(data) == 3
    assert {r[3] for r in data} == {"居民·修改", "居民·删除"}
    flat = json.dumps(values, ensure_ascii=False)
    assert "310101199001011234" not in flat and "13812345678" not in flat
    exported = audit.query(log_store, audit.AuditFilter(kind="audit.export"))
    assert len(exported) == 1 and "3条" in exported[0].summary
    member = Context(log_store, "李委员", StaffRole.MEMBER)
    with pytest.raises(PermissionDenied):
        export_xlsx(member, tmp_path / "no.xlsx")


def test_export_keeps_formula_looking_text_as_text(store, tmp_path):
    ctx = Context(store, "=cmd|' /C calc'!A0")
    with ctx.tx() as tx:
        tx.audit("resident.update", "residents", 1, summary="=HYPERLINK(\"http://x\")")
    out = export_xlsx(Context(store, "王"), tmp_path / "f.xlsx").data["path"]
    ws = load_workbook(out).active
    row = list(ws.iter_rows(min_row=4, max_row=5, values_only=True))
    texts = [c for r in row for c in r if isinstance(c, str)]
    assert "=HYPERLINK(\"http://x\")" in texts
    assert all(c.data_type != "f" for r in ws.iter_rows(min_row=4) for c in r)


def test_record_data_export(store):
    ctx = Context(store, "王主任")
    changed = audit.record_data_export(ctx, "resident", "/tmp/全体.xlsx", 1234, "花名册")
    e = audit.query(store)[0]
    assert (e.actor, e.action) == ("王主任", "resident.export")
    assert "花名册1234条" in e.summary and "1234" in changed.summary
    assert audit.action_label(e.action) == "居民·导出"
