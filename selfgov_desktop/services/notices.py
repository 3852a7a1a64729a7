"""公告 / 公示 / 公开 (one meaning each, domain.documents.NOTICE_CATEGORY): create them from a
session with the editable wording templates, edit them,
track their posting period (公示期) and list those on the board and those ending soon."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.dates import cn_date
from ..domain.documents import (NOTICE_KIND_LABELS, NoticeData, NoticeKind, fill_template,
                                notice_category, notice_label, notice_title, subject_of, tidy)
from ..domain.errors import UserError
from ..domain.evaluation import per_member
from ..domain.workflows.hearing import decision_text
from ..store.db import Store
from . import documents as docs
from . import settings as settings_service
from .base import Changed, Context, new_id

TEMPLATES_KEY = "notice_templates"  # settings: kind -> edited template text
ENDING_SOON_DAYS = 3
DEFAULT_PERIOD_DAYS = 7
# The kinds this module makes; decisions add theirs to NOTICE_KIND_LABELS and templates.
KINDS = [k.value for k in NoticeKind]
# Which session kind each notice kind comes from.
SESSION_KIND = {"hearing_notice": "hearing", "hearing_result": "hearing",
                "evaluation_result": "evaluation"}


def templates_dir() -> Path:
    """resources/templates beside the package — in a checkout and in the bundle alike, where
    build.spec puts resources/ beside the frozen package."""
    return Path(__file__).resolve().parents[2] / "resources" / "templates"


def default_template(kind: str) -> str:
    path = templates_dir() / f"{kind}.txt"
    if path.exists():
        return path.read_text(encoding="utf-8")
    return f"{{标题}}\n\n{{居委会}}现将有关事项{notice_category(kind)}如下：\n"


def template(store: Store, kind: str) -> str:
    edited = (settings_service.get(store, TEMPLATES_KEY, {}) or {}).get(kind)
    return edited if edited else default_template(kind)


def save_template(ctx: Context, kind: str, text: str | None) -> Changed:
    """Save the staff's wording for a kind; None or "" goes back to the default."""
    ctx.require_write()
    if text is not None and text.strip() and not text.strip().splitlines()[0].strip():
        raise UserError("模板的第一行是标题，不能为空。")
    with ctx.tx() as tx:
        current = dict(settings_service.get(ctx.store, TEMPLATES_KEY, {}) or {})
        before = current.get(kind)
        if text and text.strip():
            current[kind] = text.strip() + "\n"
        else:
            current.pop(kind, None)
        tx.db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE"
                      " SET value = excluded.value",
                      [TEMPLATES_KEY, json.dumps(current, ensure_ascii=False)])
        tx.audit("notice.template", "settings", None, summary=f"修改{notice_label(kind)}模板",
                 before=before, after=current.get(kind))
    return Changed.of("settings", summary=f"已保存{notice_label(kind)}模板")


def split_template(text: str) -> tuple[str, str]:
    """First line is the title, the rest the body."""
    lines = text.strip("\n").splitlines()
    if not lines:
        return "", ""
    return lines[0].strip(), "\n".join(ln.rstrip() for ln in lines[1:]).strip()


def values(store: Store, session_id: int | None) -> dict[str, str]:
    """Placeholder values from a session (and the committee)."""
    c = settings_service.committee(store)
    out: dict[str, str] = {"居委会": c.name, "联系人": c.contact_person, "监督电话": c.supervision_phone}
    if not session_id:
        return out
    s = docs._session(store, session_id)
    data = docs._json(s["data"], {}) or {}
    topic = subject(s["title"])
    if s["topic_id"] and s["kind"] != "hearing":  # a hearing hears the matter its title names
        t = store.conn.execute("SELECT title FROM topics WHERE id = ?", [s["topic_id"]]).fetchone()
        topic = t[0] if t else topic
    # who took part: at an evaluation the 评议代表 who filled in forms (the object reporting and
    # observers are not "评议代表"); elsewhere everyone present
    present = store.conn.execute(
        "SELECT COUNT(*) FROM participants WHERE session_id = ? AND attendance IN ('出席', '委托')"
        + (" AND role = '评议代表'" if s["kind"] == "evaluation" else ""),
        [session_id]).fetchone()[0]
    followups = [item + (f"（{cn_date(deadline)}前）" if deadline else "")
                 for item, deadline in store.conn.execute(
                     "SELECT item, deadline FROM followups WHERE session_id = ? ORDER BY id",
                     [session_id])]
    m = None
    rate = ""
    tally = ""
    if s["kind"] == "evaluation":
        tally = evaluation_result_text(store, session_id)
        m = docs.minutes_data(store, session_id)
        r = m.overall_rate  # the one definition (domain.evaluation.session_result)
        rate = "—" if r is None else f"{r * 100:.1f}%"
    out.update({
        "会议名称": s["title"], "议题": topic, "事项和背景": str(data.get("background") or ""),
        "会议日期": cn_date(s["date"]) if s["date"] else "", "开始时间": s["start_time"],
        "地点": s["place"], "报名截止日期": cn_date(data.get("register_until")) or "会前",
        "主要意见": str(data.get("opinions") or ""), "处理建议": str(data.get("recommendations") or ""),
        "决定": (decision_text(data) if s["kind"] == "hearing" else str(data.get("decision") or "")),
        "听证结果": str(data.get("result") or ""),
        "评议对象": str(data.get("object_name") or data.get("object_type") or ""),
        "评议期间": str(data.get("period") or ""), "评议结果": str(data.get("result_summary") or ""),
        "满意率": rate, "计票结果": tally, "整改承诺": ("；".join(followups) or "无") + "。",
        "参会人数": str(present),
        "公示开始": cn_date(data.get("publicity_from")), "公示结束": cn_date(data.get("publicity_until")),
    })
    return out


def subject(title: str) -> str:
    """关于3号楼加装电梯方案的听证会 -> 3号楼加装电梯方案 (for "关于{议题}……的公示")."""
    return subject_of(title)


def evaluation_result_text(store: Store, session_id: int) -> str:
    """The result in numbers: forms issued / returned / valid, then the counts of the overall
    criterion (总体评价; else all criteria added up) and the rate — no tier word, the
    numbers say it: "满意14票、基本满意6票、不满意6票，满意率76.9%"."""
    m = docs.minutes_data(store, session_id)
    s = docs._session(store, session_id)
    data = docs._json(s["data"], {}) or {}
    parts = []
    forms = [(k, data.get(k)) for k in ("forms_issued", "forms_returned", "forms_valid", "forms_void")]
    nums = {k: int(v) for k, v in forms if isinstance(v, int | float)}
    if nums:
        words = {"forms_issued": "发出评议表{}份", "forms_returned": "收回{}份", "forms_valid": "有效{}份",
                 "forms_void": "无效{}份"}
        shown = [words[k].format(v) for k, v in nums.items() if k != "forms_void" or v]
        parts.append("本次评议" + "，".join(shown) + "。")
    if m.scores and per_member(str(data.get("object_type") or "")) and m.overall_text:
        # each member rated on their own: adding members up would mean nothing
        parts.append(f"评议结果：{m.overall_text}。")
    elif m.scores:
        overall = next((ln for ln in m.scores if ln.criterion == "总体评价"), None)
        if overall is not None:
            counts, label = overall.counts, "总体评价"
            rate = overall.satisfaction
        else:
            counts = {}
            for ln in m.scores:
                for k, v in ln.counts.items():
                    counts[k] = counts.get(k, 0) + v
            label = "各项评议合计"
            rate = docs._rate(str(data.get("scale") or ""), counts)
        opts = m.score_options or list(counts)
        text = "、".join(f"{o}{counts.get(o, 0)}票" for o in opts)
        if rate is not None:
            text += f"，{m.rate_label}{rate * 100:.1f}%"
        parts.append(f"{label}：{text}。")
    return "".join(parts)


def title_for(store: Store, kind: str, session_id: int | None, matter: str = "") -> str:
    if not session_id:
        return notice_title(kind, matter, matter)
    return notice_title(kind, docs._session(store, session_id)["title"], matter)


def draft_data(store: Store, kind: str, session_id: int) -> NoticeData:
    """A notice not yet saved, as it would print: from the template and the session's dates."""
    title, body = draft(store, kind, session_id)
    s = docs._session(store, session_id)
    data = docs._json(s["data"], {}) or {}
    if notice_category(kind) == "公告":
        start = docs._d(data.get("notice_posted_on") or data.get("agenda_published_on"))
        end = docs._d(s["date"])
    else:
        start = docs._d(data.get("publicity_from"))
        end = docs._d(data.get("publicity_until"))
    header: list[str] = []
    rows: list[list[str]] = []
    if kind == "evaluation_result":
        header, rows = docs.evaluation_table(store, session_id)
    return NoticeData(committee=settings_service.committee(store), kind=kind, title=title,
                      body=tidy(body), posted_from=start, posted_until=end, public=True,
                      table_title="评议结果" if rows else "", table_header=header, table_rows=rows)


def _period_days(store: Store) -> int:
    rules = settings_service.get(store, "rules", {}) or {}
    try:
        return int(rules.get("publicity_days") or DEFAULT_PERIOD_DAYS)
    except (TypeError, ValueError):
        return DEFAULT_PERIOD_DAYS


def _date(value: Any, label: str) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        raise UserError(f"{label}不是有效的日期：{value}（格式如2026-11-22）") from None


def draft(store: Store, kind: str, session_id: int | None) -> tuple[str, str]:
    """Title and body from the template for this kind and session."""
    vals = values(store, session_id)
    vals.setdefault("标题", title_for(store, kind, session_id))
    title, body = split_template(fill_template(template(store, kind), vals))
    return tidy(title), tidy(body)


def create(ctx: Context, kind: str, session_id: int | None = None, *, title: str | None = None,
           body: str | None = None, posted_from: dt.date | str | None = None,
           posted_until: dt.date | str | None = None, public: bool = True,
           mask_names: bool = True, topic_id: int | None = None) -> Changed:
    ctx.require_write()
    if kind not in NOTICE_KIND_LABELS:
        raise UserError(f"不认识的公告公示类型：{kind}。可用的类型："
                        + "、".join(f"{k}（{v}）" for k, v in NOTICE_KIND_LABELS.items()))
    store = ctx.store
    if session_id is not None:
        docs._session(store, session_id)  # exists, else a clear message
        if topic_id is None:
            row = store.conn.execute("SELECT topic_id FROM sessions WHERE id = ?", [session_id]).fetchone()
            topic_id = row[0] if row else None
    t, b = draft(store, kind, session_id)
    title = (title if title is not None else t).strip()
    body = body if body is not None else b
    if not title:
        raise UserError(f"请填写{notice_label(kind)}标题。")
    start = _date(posted_from, "张贴日期") or ctx.today().isoformat()
    meeting = None
    if session_id is not None and notice_category(kind) == "公告":
        meeting = store.conn.execute("SELECT date FROM sessions WHERE id = ?", [session_id]).fetchone()
    if posted_until is None and meeting and meeting[0] and meeting[0] >= start:
        posted_until = meeting[0]  # a 公告 stays up until the meeting it announces
    # a 公示期 of N days counted with both ends ends on start + N - 1
    end = _date(posted_until, "结束日期") or (dt.date.fromisoformat(start)
                                        + dt.timedelta(days=_period_days(store) - 1)).isoformat()
    if end < start:
        raise UserError(f"结束日期（{cn_date(end)}）早于张贴日期（{cn_date(start)}）。")
    with ctx.tx() as tx:
        nid = new_id(tx.db.execute(
            "INSERT INTO notices (kind, title, body, session_id, topic_id, public, mask_names,"
            " posted_from, posted_until, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [kind, title, body, session_id, topic_id, int(public), int(mask_names), start, end,
             ctx.now_iso()]))
        tx.audit("notice.create", "notices", nid, summary=f"新建{notice_label(kind)}：{title}",
                 after={"kind": kind, "title": title, "session_id": session_id, "public": public,
                        "mask_names": mask_names, "posted_from": start, "posted_until": end})
    return Changed.of("notices", ids=[nid], summary=f"已新建{notice_label(kind)}：{title}", id=nid)


EDITABLE = ("title", "body", "posted_from", "posted_until", "public", "mask_names")


def update(ctx: Context, notice_id: int, **changes: Any) -> Changed:
    ctx.require_write()
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise UserError("不能修改：" + "、".join(sorted(unknown)))
    row = docs.notice_row(ctx.store, notice_id)
    before = {k: row[k] for k in EDITABLE}
    after = dict(before)
    for k, v in changes.items():
        if k in ("posted_from", "posted_until"):
            after[k] = _date(v, "张贴日期" if k == "posted_from" else "结束日期")
        elif k in ("public", "mask_names"):
            after[k] = int(bool(v))
        else:
            after[k] = str(v or "")
    if not str(after["title"]).strip():
        raise UserError("标题不能为空。")
    if after["posted_from"] and after["posted_until"] and after["posted_until"] < after["posted_from"]:
        raise UserError(f"结束日期（{cn_date(after['posted_until'])}）早于张贴日期"
                        f"（{cn_date(after['posted_from'])}）。")
    b, a = {k: before[k] for k in EDITABLE if before[k] != after[k]}, \
        {k: after[k] for k in EDITABLE if before[k] != after[k]}
    if not a:
        return Changed.of(summary="没有改动")
    with ctx.tx() as tx:
        tx.db.execute(f"UPDATE notices SET {', '.join(f'{k} = ?' for k in a)} WHERE id = ?",
                      [*a.values(), notice_id])
        tx.audit("notice.update", "notices", notice_id,
                 summary=f"修改{notice_label(row['kind'])}：{after['title']}",
                 before=b, after=a)
    return Changed.of("notices", ids=[notice_id], summary=f"已保存{notice_label(row['kind'])}")


def delete(ctx: Context, notice_id: int) -> Changed:
    ctx.require_write()
    row = docs.notice_row(ctx.store, notice_id)
    with ctx.tx() as tx:
        tx.db.execute("DELETE FROM notices WHERE id = ?", [notice_id])
        label = notice_label(row["kind"])
        tx.audit("notice.delete", "notices", notice_id, summary=f"删除{label}：{row['title']}",
                 before=dict(row))
    return Changed.of("notices", ids=[notice_id], summary=f"已删除{label}：{row['title']}")


@dataclass(frozen=True)
class NoticeSummary:
    id: int
    kind: str
    title: str
    session_id: int | None
    public: bool
    mask_names: bool
    posted_from: str | None
    posted_until: str | None
    state: str  # 未张贴 / 张贴中 / 即将结束 / 已结束 / 未定

    @property
    def kind_label(self) -> str:
        return notice_label(self.kind)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "kind_label": self.kind_label,
                "title": self.title, "session_id": self.session_id, "public": self.public,
                "mask_names": self.mask_names, "posted_from": self.posted_from,
                "posted_until": self.posted_until, "state": self.state}


def state_of(posted_from: str | None, posted_until: str | None, today: dt.date) -> str:
    if not posted_from:
        return "未定"
    t = today.isoformat()
    if posted_from > t:
        return "未张贴"
    if posted_until and posted_until < t:
        return "已结束"
    if posted_until and posted_until <= (today + dt.timedelta(days=ENDING_SOON_DAYS)).isoformat():
        return "即将结束"
    return "张贴中"


def list_notices(store: Store, today: dt.date | None = None) -> list[NoticeSummary]:
    today = today or store.clock.today()
    rows = store.conn.execute(
        "SELECT id, kind, title, session_id, public, mask_names, posted_from, posted_until"
        " FROM notices ORDER BY COALESCE(posted_from, created_at) DESC, id DESC").fetchall()
    return [NoticeSummary(r[0], r[1], r[2], r[3], bool(r[4]), bool(r[5]), r[6], r[7],
                          state_of(r[6], r[7], today)) for r in rows]


def on_board(store: Store, today: dt.date | None = None) -> list[NoticeSummary]:
    """Notices in their 公示期 today (including those ending soon)."""
    return [n for n in list_notices(store, today) if n.state in ("张贴中", "即将结束")]


def ending_soon(store: Store, today: dt.date | None = None,
                days: int = ENDING_SOON_DAYS) -> list[NoticeSummary]:
    today = today or store.clock.today()
    limit = (today + dt.timedelta(days=days)).isoformat()
    return [n for n in on_board(store, today) if n.posted_until and n.posted_until <= limit]
