"""The audit log: who changed what, when, before → after. Filter by person, record, date and
kind of change; export to .xlsx (itself logged). Revealing a masked ID number or phone is
logged through `record_reveal`.

ID numbers and phone numbers inside before/after are shown and exported masked: the audit
log is read by more eyes than the roster."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.masking import mask_id, mask_phone
from ..domain.roster import FIELD_LABELS as _ROSTER_LABELS
from ..domain.model import StaffRole
from ..store import audit_chain
from ..store.db import Store
from .base import Changed, Context

# The part of an action before the dot → the kind of change, in words.
KIND_LABELS: dict[str, str] = {
    "resident": "居民", "household": "户", "group": "分组", "membership": "分组成员",
    "unit": "单位", "contact": "单位联系人", "topic": "议题", "session": "会议",
    "participant": "参会人", "speech": "发言", "vote": "表决", "evaluation": "评议",
    "followup": "跟踪落实", "visit": "走访", "notice": "公示", "settings": "设置",
    "account": "账号", "login": "登录", "backup": "备份与恢复", "audit": "审计日志",
    "demo": "演示数据", "import": "导入", "roster": "花名册", "export": "导出",
}
ACTION_LABELS: dict[str, str] = {
    "create": "新建", "add": "新增", "update": "修改", "delete": "删除", "import": "导入",
    "export": "导出", "reveal": "查看完整信息", "restore": "恢复", "ok": "登录成功",
    "failed": "登录失败", "end": "退出/锁定", "disable": "停用", "enable": "启用",
    "role": "修改角色", "fail": "失败", "password": "修改密码", "password_reset": "重设密码", "fill": "填入",
}
ENTITY_LABELS: dict[str, str] = {
    "residents": "居民", "households": "户", "groups": "分组", "memberships": "分组成员",
    "units": "单位", "unit_contacts": "单位联系人", "topics": "议题", "sessions": "会议",
    "participants": "参会人", "followups": "跟踪落实", "visits": "走访", "notices": "公示",
    "settings": "设置", "staff_users": "账号",
}
FIELD_LABELS: dict[str, str] = {
    **_ROSTER_LABELS, "username": "用户名", "display_name": "姓名", "role": "角色",
    "active": "启用", "household_id": "户", "building_group_id": "楼组", "path": "文件",
    "saved_as": "另存为", "restored_from": "恢复自", "field": "字段", "title": "标题",
    "status_date": "状态日期", "is_volunteer": "志愿者", "replaced_log": "被替换的审计日志（封存）",
}
_SENSITIVE = {"id_number": mask_id, "phone": mask_phone, "mobile": mask_phone}


def kind_of(action: str) -> str:
    return action.split(".", 1)[0]


def kind_label(action: str) -> str:
    k = kind_of(action)
    return KIND_LABELS.get(k, k)


def action_label(action: str) -> str:
    kind, _, verb = action.partition(".")
    return f"{KIND_LABELS.get(kind, kind)}·{ACTION_LABELS.get(verb, verb)}" if verb else \
        KIND_LABELS.get(kind, kind)


def entity_label(entity: str) -> str:
    return ENTITY_LABELS.get(entity, entity)


@dataclass
class AuditFilter:
    actor: str | None = None
    kind: str | None = None  # "resident" (every resident.*) or a whole action "resident.update"
    entity: str | None = None  # table name
    entity_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None  # inclusive
    text: str = ""  # in the summary

    def describe(self) -> str:
        parts = []
        if self.actor:
            parts.append(f"操作人：{self.actor}")
        if self.kind:
            parts.append(f"类别：{action_label(self.kind) if '.' in self.kind else kind_label(self.kind)}")
        if self.entity:
            parts.append(f"对象：{entity_label(self.entity)}"
                         + (f" #{self.entity_id}" if self.entity_id is not None else ""))
        elif self.entity_id is not None:
            parts.append(f"对象编号：{self.entity_id}")
        if self.date_from or self.date_to:
            parts.append(f"日期：{self.date_from or '…'}至{self.date_to or '…'}")
        if self.text.strip():
            parts.append(f"含“{self.text.strip()}”")
        return "；".join(parts)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    actor: str
    action: str
    entity: str
    entity_id: int | None
    summary: str
    before: Any
    after: Any

    @property
    def change_text(self) -> str:
        return change_text(self.before, self.after)


def _where(f: AuditFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = ["1 = 1"]
    args: list[Any] = []
    if f.actor:
        clauses.append("actor = ?")
        args.append(f.actor)
    if f.kind:
        if "." in f.kind:
            clauses.append("action = ?")
            args.append(f.kind)
        else:
            clauses.append("(action = ? OR action LIKE ?)")
            args += [f.kind, f.kind + ".%"]
    if f.entity:
        clauses.append("entity = ?")
        args.append(f.entity)
    if f.entity_id is not None:
        clauses.append("entity_id = ?")
        args.append(f.entity_id)
    if f.date_from:
        clauses.append("at >= ?")
        args.append(f.date_from.isoformat())
    if f.date_to:
        clauses.append("at < ?")
        args.append((f.date_to + dt.timedelta(days=1)).isoformat())
    if f.text.strip():
        clauses.append("summary LIKE ?")
        args.append(f"%{f.text.strip()}%")
    return " AND ".join(clauses), args


def _mask(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: (_SENSITIVE[k](str(v)) if k in _SENSITIVE and v else _mask(v))
                for k, v in value.items()}
    if isinstance(value, list):
        return [_mask(v) for v in value]
    return value


def _load(text: str | None) -> Any:
    if text is None:
        return None
    try:
        return _mask(json.loads(text))
    except ValueError:
        return text


def query(store: Store, f: AuditFilter | None = None, limit: int = 1000,
          offset: int = 0) -> list[AuditEntry]:
    """Newest first."""
    where, args = _where(f or AuditFilter())
    rows = store.conn.execute(
        f"SELECT id, at, actor, action, entity, entity_id, summary, before, after FROM audit_log"
        f" WHERE {where} ORDER BY id DESC LIMIT ? OFFSET ?", [*args, limit, offset])
    return [AuditEntry(r[0], r[1], r[2], r[3], r[4], r[5], r[6], _load(r[7]), _load(r[8]))
            for r in rows]


def count(store: Store, f: AuditFilter | None = None) -> int:
    where, args = _where(f or AuditFilter())
    return int(store.conn.execute(f"SELECT count(*) FROM audit_log WHERE {where}",
                                  args).fetchone()[0])


def actors(store: Store) -> list[str]:
    return [r[0] for r in store.conn.execute("SELECT DISTINCT actor FROM audit_log ORDER BY actor")]


def kinds(store: Store) -> list[str]:
    """The kinds of change present (the part of the action before the dot)."""
    seen = {kind_of(r[0]) for r in store.conn.execute("SELECT DISTINCT action FROM audit_log")}
    return sorted(seen, key=lambda k: (k not in KIND_LABELS, list(KIND_LABELS).index(k)
                                       if k in KIND_LABELS else 0, k))


def entities(store: Store) -> list[str]:
    return [r[0] for r in store.conn.execute(
        "SELECT DISTINCT entity FROM audit_log WHERE entity != '' ORDER BY entity")]


def _fmt(value: Any) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, str):
        return value or "（空）"
    return json.dumps(value, ensure_ascii=False, default=str)


def change_text(before: Any, after: Any) -> str:
    """'姓名：张三 → 张三明；电话：（空） → 138****1234' for dicts, else the values."""
    if isinstance(before, dict) or isinstance(after, dict):
        b = before if isinstance(before, dict) else {}
        a = after if isinstance(after, dict) else {}
        keys = list(dict.fromkeys([*b, *a]))
        def label(k: str) -> str:
            return FIELD_LABELS.get(k, k)

        return "；".join(
            f"{label(k)}：{_fmt(b.get(k))} → {_fmt(a.get(k))}" if k in b and k in a
            else (f"{label(k)}：{_fmt(a.get(k))}" if k in a
                  else f"{label(k)}：{_fmt(b.get(k))}（删除）")
            for k in keys)
    if before is None and after is None:
        return ""
    return f"{_fmt(before)} → {_fmt(after)}"


def _as_cell(value: Any) -> str:
    return "" if value is None else (value if isinstance(value, str)
                                     else json.dumps(value, ensure_ascii=False, default=str))


@dataclass
class ExportData:
    """What an export of the log writes (documents/audit_export.py turns it into .xlsx)."""

    title: str
    filter_text: str
    total: int
    rows: Any  # iterator of tuples in the order of documents.audit_export.HEADERS


def export_data(ctx: Context, f: AuditFilter | None = None, progress: Any = None) -> ExportData:
    """The filtered log for an export (主任 only), streamed newest first, masked."""
    ctx.require(StaffRole.DIRECTOR)
    f = f or AuditFilter()
    total = count(ctx.store, f)
    where, args = _where(f)

    def rows():
        cur = ctx.store.conn.execute(
            f"SELECT at, actor, action, entity, entity_id, summary, before, after FROM audit_log"
            f" WHERE {where} ORDER BY id DESC", args)
        for i, r in enumerate(cur):
            if progress is not None and i % 2000 == 0:
                progress(i, total, "")
            yield (r[0].replace("T", " "), r[1], kind_label(r[2]), action_label(r[2]),
                   entity_label(r[3]), r[4], r[5], _as_cell(_load(r[6])), _as_cell(_load(r[7])))

    title = f"审计日志（导出于{ctx.store.clock.now():%Y-%m-%d %H:%M}，共{total}条）"
    return ExportData(title, f.describe(), total, rows())


def record_export(ctx: Context, path: Path | str, total: int,
                  f: AuditFilter | None = None) -> Changed:
    """The export of the log is itself in the log."""
    f = f or AuditFilter()
    with ctx.tx() as tx:
        tx.audit("audit.export", "", None, summary=f"导出审计日志{total}条到 {path}",
                 after={"path": str(path), "filter": f.describe()})
    return Changed.of("audit_log", summary=f"已导出{total}条到 {path}", path=str(path))


def verify_chain(store: Store) -> audit_chain.ChainCheck:
    """Walk the hash chain of the whole log (store/audit_chain.py)."""
    return audit_chain.verify(store.conn)


def chain_text(store: Store, check: audit_chain.ChainCheck) -> str:
    """The chain's state in words; when broken, which row is the first that does not hold."""
    if check.ok:
        return f"审计日志完整：共{check.count}条，逐条校验无误。"
    row = store.conn.execute("SELECT at, actor, action, summary FROM audit_log WHERE id = ?",
                             [check.first_bad]).fetchone()
    what = ""
    if row is not None:
        what = f"（{str(row[0]).replace('T', ' ')}，{row[1]}，{action_label(row[2])}：{row[3][:40]}）"
    return (f"审计日志校验不符：从第{check.first_bad}条{what}起，记录在本程序之外被改动、插入或删除过。"
            "请勿继续依赖这之后的记录，并联系主任（书记）核查；恢复前的备份中保留着原来的记录。")


def record_reveal(ctx: Context, entity: str, entity_id: int, field: str,
                  label: str = "") -> Changed:
    """Someone showed a masked ID number or phone in full: who, when, whose, which field."""
    kind = {"residents": "resident", "unit_contacts": "contact"}.get(entity, entity.rstrip("s"))
    what = {"id_number": "身份证号", "phone": "联系电话"}.get(field, field)
    with ctx.tx() as tx:
        tx.audit(f"{kind}.reveal", entity, entity_id,
                 summary=f"查看完整{what}" + (f"：{label}" if label else ""),
                 after={"field": field})
    return Changed.of("audit_log")


def record_data_export(ctx: Context, kind: str, path: Path | str, count: int,
                       what: str = "") -> Changed:
    """A file with personal data left the program (e.g. the full roster): who, when, where to,
    how many records. `kind` is the record kind, e.g. "resident" → action resident.export."""
    label = what or KIND_LABELS.get(kind, kind)
    with ctx.tx() as tx:
        tx.audit(f"{kind}.export", "", None, summary=f"导出{label}{count}条到 {path}",
                 after={"path": str(path), "count": count})
    return Changed.of("audit_log", summary=f"已导出{label}{count}条到 {path}", path=str(path))
