"""The audit log in words: every action and record kind named in Chinese, the record named
by what it is called (会议“…”, 楼组“3号楼”, masked resident names), and before → after with
ids, step keys and codes replaced by names. Read-only; `services.audit` keeps the log itself
(and its export), this module only says it."""

from __future__ import annotations

import json
from typing import Any

from ..domain.documents import NOTICE_KIND_LABELS
from ..domain.masking import mask_name
from ..domain.workflows import WORKFLOWS
from ..store.db import Store
from . import audit

KIND_LABELS: dict[str, str] = {
    **audit.KIND_LABELS, "document": "文件", "paper": "纸质表格", "score": "评分",
    "criteria": "评议内容", "decision": "四议两公开", "unit_contact": "单位联系人",
}
ACTION_LABELS: dict[str, str] = {
    **audit.ACTION_LABELS, "field": "填写", "advance": "进入下一步", "back": "退回上一步",
    "attendance": "签到", "attendance_all": "全体签到", "set": "录入", "counts": "录入票数",
    "state": "改变状态", "step": "办理一步", "undo": "撤销一步", "override": "说明理由",
    "override_removed": "撤回理由", "recheck": "重新检查", "take_from_premeeting": "带入会前会议成果",
    "collect": "收集", "merge": "合并", "raisers": "登记提议人", "session": "关联会议",
    "followup": "转为跟踪事项", "building_group": "调整楼组", "add_many": "批量加入",
    "status": "标记状态", "remove": "移除", "template": "修改模板", "ballots": "录入表决票",
    "evaluation": "录入评议表", "motions": "录入表决事项", "signin": "录入签到表",
}
ENTITY_LABELS: dict[str, str] = {
    **audit.ENTITY_LABELS, "speeches": "发言", "votes": "表决", "evaluation_scores": "评分",
    "rule_overrides": "规则理由", "decision_matters": "四议两公开事项", "decision_steps": "四议两公开步骤",
    "audit_log": "审计日志", "evaluation_criteria": "评议内容", "notice_templates": "公示模板",
}
BOOL = {True: "是", False: "否"}


def _field_labels() -> dict[str, str]:
    out: dict[str, str] = {}
    for w in WORKFLOWS.values():
        for key, spec in w.all_fields().items():
            out.setdefault(key, spec.label)
    out.update(audit.FIELD_LABELS)
    out.update({"state": "进度", "group_id": "分组", "session_id": "会议", "resident_id": "居民",
                "residents": "居民", "attendance": "签到", "reason": "原因", "content": "内容",
                "speaker": "发言人", "stance": "立场", "rule": "规则", "kind": "类型", "date": "日期",
                "done": "已完成", "record": "记录", "posted_from": "张贴自", "posted_until": "张贴至",
                "public": "公开", "mask_names": "隐去姓名", "count": "条数", "filter": "筛选",
                "motion": "表决事项", "method": "方式", "base": "到会", "yes": "赞成", "no": "反对",
                "abstain": "弃权", "passed": "通过", "deadline": "期限", "owner": "负责人",
                "term_start": "任期开始", "term_end": "任期结束", "participant_ids": "参会人",
                "key": "步骤", "numbers": "数字", "override_reason": "理由", "name": "名称", "note": "备注",
                "responsible": "负责人", "role": "角色", "title": "标题", "value": "值", "channel": "渠道",
                "raisers": "提议人", "merged_into": "并入", "topic_id": "议题", "status": "状态"})
    return out


FIELDS = _field_labels()
STEP_TITLES: dict[str, str] = {"closed": "办结"}
for _w in WORKFLOWS.values():
    for _s in _w.steps:
        STEP_TITLES.setdefault(_s.key, _s.title)


def kind_label(action: str) -> str:
    k = audit.kind_of(action)
    return KIND_LABELS.get(k, k)


WHOLE_ACTIONS: dict[str, str] = {
    "paper.signin": "录入纸质签到表", "paper.evaluation": "录入纸质评议表", "paper.ballots": "录入纸质表决票",
    "paper.motions": "录入表决事项", "score.set": "录入评分", "score.counts": "录入评议票数",
    "participant.attendance": "登记签到", "participant.attendance_all": "全体签到",
    "session.advance": "会议进入下一步", "session.back": "会议退回上一步", "session.field": "填写会议内容",
    "session.override": "说明理由", "session.override_removed": "撤回理由", "login.ok": "登录",
    "login.failed": "登录失败", "login.end": "退出或锁定", "demo.fill": "填入演示数据",
    "resident.building_group": "调整楼组", "membership.add_many": "批量加入分组",
}


def action_label(action: str) -> str:
    if action in WHOLE_ACTIONS:
        return WHOLE_ACTIONS[action]
    kind, _, verb = action.partition(".")
    k = KIND_LABELS.get(kind, kind)
    return f"{ACTION_LABELS.get(verb, verb)}{k}" if verb else k


_NAME_SQL = {
    "sessions": ("会议", "SELECT title FROM sessions WHERE id = ?"),
    "groups": ("分组", "SELECT kind || '“' || name || '”' FROM groups WHERE id = ?"),
    "topics": ("议题", "SELECT title FROM topics WHERE id = ?"),
    "notices": ("公示", "SELECT title FROM notices WHERE id = ?"),
    "units": ("单位", "SELECT name FROM units WHERE id = ?"),
    "staff_users": ("账号", "SELECT username FROM staff_users WHERE id = ?"),
    "decision_matters": ("四议两公开事项", "SELECT title FROM decision_matters WHERE id = ?"),
}


def _one(store: Store, sql: str, value: Any) -> Any:
    try:
        row = store.conn.execute(sql, [value]).fetchone()
    except Exception:  # noqa: BLE001 - a table of an older schema: no name, the number shows
        return None
    return row[0] if row else None


def object_name(store: Store, entity: str, entity_id: int | None) -> str:
    """'会议“关于…”', '楼组“3号楼”', '居民 张*明'; the kind and number when the record is gone."""
    label = ENTITY_LABELS.get(entity, entity)
    if entity_id is None:
        return label
    if entity == "residents":
        name = _one(store, "SELECT name FROM residents WHERE id = ?", entity_id)
        return f"居民 {mask_name(name)}" if name else f"居民（编号{entity_id}，已不存在）"
    if entity == "participants":
        name = _one(store, "SELECT name FROM participants WHERE id = ?", entity_id)
        return f"参会人 {mask_name(name)}" if name else f"参会人（编号{entity_id}）"
    if entity in _NAME_SQL:
        what, sql = _NAME_SQL[entity]
        name = _one(store, sql, entity_id)
        if name:
            return name if entity == "groups" else f"{what}“{name}”"
        return f"{what}（编号{entity_id}，已不存在）"
    return f"{label}（编号{entity_id}）"


def _value(store: Store, key: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "（空）"
    if isinstance(value, bool):
        return BOOL[value]
    if key == "state" and isinstance(value, str):
        return STEP_TITLES.get(value, value)
    if key in ("building_group_id", "group_id") and isinstance(value, int):
        name = _one(store, "SELECT name FROM groups WHERE id = ?", value)
        return f"“{name}”" if name else f"分组编号 {value}"
    if key == "session_id" and isinstance(value, int):
        name = _one(store, "SELECT title FROM sessions WHERE id = ?", value)
        return f"“{name}”" if name else f"会议编号 {value}"
    if key == "resident_id" and isinstance(value, int):
        name = _one(store, "SELECT name FROM residents WHERE id = ?", value)
        return mask_name(name) if name else f"居民编号 {value}"
    if key in ("residents", "participant_ids") and isinstance(value, list):
        return f"{len(value)}人"
    if key == "kind" and isinstance(value, str) and value in NOTICE_KIND_LABELS:
        return NOTICE_KIND_LABELS[value]
    if isinstance(value, list):
        return "、".join(_value(store, key, v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{FIELDS.get(k, k)} {_value(store, k, v)}" for k, v in value.items()) or "（空）"
    return str(value)


def change_lines(store: Store, before: Any, after: Any) -> list[str]:
    """One line per field: '楼组：（空） → “3号楼”', '进度：结果公示 → 跟踪落实'."""
    if isinstance(before, dict) or isinstance(after, dict):
        b = before if isinstance(before, dict) else {}
        a = after if isinstance(after, dict) else {}
        out = []
        for k in dict.fromkeys([*b, *a]):
            label = FIELDS.get(k, k)
            if k in b and k in a:
                if b[k] == a[k]:
                    continue
                out.append(f"{label}：{_value(store, k, b[k])} → {_value(store, k, a[k])}")
            elif k in a:
                out.append(f"{label}：{_value(store, k, a[k])}")
            else:
                out.append(f"{label}：{_value(store, k, b[k])}（删除）")
        return out
    if before is None and after is None:
        return []
    if before is None:
        return [_value(store, "", after)]
    return [f"{_value(store, '', before)} → {_value(store, '', after)}"]


def change_text(store: Store, entry: audit.AuditEntry) -> str:
    return "；".join(change_lines(store, entry.before, entry.after))


def sentence(store: Store, entry: audit.AuditEntry) -> str:
    """'王主任：修改议题来源（会议“关于…听证会”）' — who, what, on which record."""
    obj = object_name(store, entry.entity, entry.entity_id) if entry.entity else ""
    what = entry.summary or action_label(entry.action)
    where = f"（{obj}）" if obj and obj not in what and obj != ENTITY_LABELS.get(entry.entity) else ""
    return f"{entry.actor}：{what}{where}"


def details(store: Store, entry: audit.AuditEntry) -> str:
    """Everything about one entry, for the details pane: the sentence, each change on a line,
    and the stored record as it is kept (masked)."""
    lines = [f"{entry.at.replace('T', ' ')}　{sentence(store, entry)}"]
    changes = change_lines(store, entry.before, entry.after)
    if changes:
        lines += ["", "修改内容："] + [f"· {c}" for c in changes]
    raw = {"操作": entry.action, "对象": entry.entity, "编号": entry.entity_id,
           "修改前": entry.before, "修改后": entry.after}
    lines += ["", "原始记录：", json.dumps(raw, ensure_ascii=False, indent=1, default=str)]
    return "\n".join(lines)
