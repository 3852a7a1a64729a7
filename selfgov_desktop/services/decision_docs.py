"""Documents of the 居民(代表)会议 and 四议两公开, through the documents machinery:
minutes (quorum base, attendance, each motion with its counts and the rule applied), the
notices 会议公告 / 决议公开 / 实施结果公开 (editable templates in resources/templates), and the
ledger sheets 居民会议台账 and 四议两公开台账 (rows here; documents/decision_docs.py writes them).

services/ may not import documents/: callers pass the writers, as with services/documents."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain import four_two as F
from ..domain import meetings as M
from ..domain.dates import cn_date
from ..domain.documents import Attendee, MinutesData, NoticeData, fill_template, notice_title, tidy
from ..domain.errors import UserError
from ..store.db import Store
from . import decisions
from . import documents as docs
from . import notices as notices_svc
from . import settings as settings_service
from . import sessions as sessions_svc
from .base import Changed, Context
from .export_door import export_file

ASSEMBLY_KINDS = ("residents_meeting", "representatives_meeting")
MAJORITY_RULE = "赞成超过到会人数的一半"


@dataclass
class AssemblyMinutesData(MinutesData):
    """Minutes of a 居民(代表)会议: attendance may be a count at the door, not a list."""

    attending: int | None = None

    @property
    def present(self) -> list[Attendee]:
        listed = [a for a in self.attendees if a.attendance in ("出席", "委托")]
        if listed or not self.attending:
            return listed
        return [Attendee("")] * self.attending


def _assembly(store: Store, sid: int) -> sessions_svc.SessionRecord:
    rec = sessions_svc.get(store, sid)
    if rec.kind not in ASSEMBLY_KINDS:
        raise UserError(f"“{rec.title}”不是居民会议或居民代表会议。")
    return rec


def _agenda_items(text: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"[\n；;]|(?=[二三四五六七八九十]、)", text or "") if p.strip()]
    return [re.sub(r"^[一二三四五六七八九十]+、", "", p) for p in parts]


def quorum_text(store: Store, sid: int) -> tuple[str, bool | None]:
    rec = _assembly(store, sid)
    from ..domain.workflows.meetings import attending_of

    base = int(rec.data.get("base_size") or 0)
    attending = attending_of(sessions_svc.facts(store, sid))
    kind = str(rec.data.get("base_kind") or "")
    v = M.quorum(attending, base, kind)
    note = str(rec.data.get("base_note") or "")
    basis = f"应到人数按{kind}计算{'（' + note + '）' if note else ''}。" if kind else ""
    return tidy(basis + v.message), v.ok


def minutes_data(store: Store, sid: int) -> AssemblyMinutesData:
    rec = _assembly(store, sid)
    base = docs.minutes_data(store, sid)
    from ..domain.workflows.meetings import attending_of

    attending = attending_of(sessions_svc.facts(store, sid))
    values = {k: getattr(base, k) for k in base.__dataclass_fields__}
    m = AssemblyMinutesData(**values, attending=attending)
    m.expected = int(rec.data.get("base_size") or 0) or None
    m.actual = attending or None  # the number the quorum was judged on (委托 only when allowed)
    m.agenda = _agenda_items(str(rec.data.get("agenda") or ""))
    text, _ok = quorum_text(store, sid)
    m.sections = [("应到人数与到会情况", text)] + [s for s in m.sections if s[0] != "议程"]
    for v in m.votes:
        v.rule = MAJORITY_RULE
    if rec.data.get("no_decision"):
        m.outcome = ((m.outcome + "\n" if m.outcome else "")
                     + "到会人数没有超过应到人数的一半，本次会议未作表决。")
    return m


def export_minutes(ctx: Context, sid: int, path: str | Path,
                   write: Callable[[Any, str | Path], tuple[Path, int]]) -> Changed:
    m = minutes_data(ctx.store, sid)
    out, pages = export_file(ctx, "sessions", sid, f"{m.kind_label}纪要", path, lambda p: write(m, p))
    docs.record_export(ctx, "sessions", sid, f"导出{m.kind_label}纪要 {out.name}")
    return Changed.of("audit_log", ids=[sid], summary=f"已导出{m.kind_label}纪要（{pages}页）：{out}",
                      path=str(out), pages=pages)


# -- notices ----------------------------------------------------------------------------------

def meeting_values(store: Store, sid: int) -> dict[str, str]:
    rec = _assembly(store, sid)
    d = rec.data
    out = notices_svc.values(store, None)
    votes = sessions_svc.votes(store, sid)
    lines = [f"“{v['motion']}”：到会{v['base']}人，赞成{v['yes']}票，反对{v['no']}票，"
             f"弃权{v['abstain']}票，"
             + ("通过" if M.motion_passes(int(v["yes"]), int(v["base"] or 0)) else "未通过") for v in votes]
    q, _ok = quorum_text(store, sid)
    out.update({
        "会议名称": rec.title, "会议类型": rec.kind_label, "会议日期": cn_date(rec.date),
        "开始时间": rec.start_time, "地点": rec.place, "议程": str(d.get("agenda") or ""),
        "会议基数": str(d.get("base_kind") or ""), "应到": str(d.get("base_size") or ""),
        "到会情况": q, "表决情况": ("；".join(lines) + "。") if lines else "本次会议未作表决。",
        "决议": str(d.get("resolution_text") or d.get("resolutions") or ""),
        "公开开始": cn_date(d.get("publicity_from")), "公开结束": cn_date(d.get("publicity_until")),
    })
    return out


def _draft(store: Store, kind: str, values: dict[str, str]) -> tuple[str, str]:
    values.setdefault("标题", notice_title(kind, values.get("会议名称", ""), values.get("事项", "")))
    title, body = notices_svc.split_template(fill_template(notices_svc.template(store, kind), values))
    return tidy(title), tidy(body)


def draft_notice_data(store: Store, sid: int, kind: str) -> NoticeData:
    """会议公告 / 决议公开 of a 居民（代表）会议 not yet saved, as it would print."""
    rec = _assembly(store, sid)
    title, body = _draft(store, kind, meeting_values(store, sid))
    if kind == "meeting_notice":
        start, end = rec.data.get("agenda_published_on"), rec.date
    else:
        start, end = rec.data.get("publicity_from"), rec.data.get("publicity_until")
    return NoticeData(committee=settings_service.committee(store), kind=kind, title=title, body=body,
                      posted_from=docs._d(start), posted_until=docs._d(end), public=True)


def create_meeting_notice(ctx: Context, sid: int) -> Changed:
    """会议公告: time, place and agenda, from the day the agenda was published to the meeting."""
    rec = _assembly(ctx.store, sid)
    title, body = _draft(ctx.store, "meeting_notice", meeting_values(ctx.store, sid))
    return notices_svc.create(ctx, "meeting_notice", sid, title=title, body=body,
                              posted_from=rec.data.get("agenda_published_on") or None,
                              posted_until=rec.date or None)


def create_resolution_notice(ctx: Context, sid: int) -> Changed:
    """决议公开 of a 居民(代表)会议, for its publicity period."""
    rec = _assembly(ctx.store, sid)
    title, body = _draft(ctx.store, "resolution", meeting_values(ctx.store, sid))
    return notices_svc.create(ctx, "resolution", sid, title=title, body=body,
                              posted_from=rec.data.get("publicity_from") or None,
                              posted_until=rec.data.get("publicity_until") or None)


def create_matter_notice(ctx: Context, mid: int, step: str) -> Changed:
    """决议公开 / 实施结果公开 of a 四议两公开 matter, from its step record."""
    if step not in ("resolution_notice", "result_notice"):
        raise UserError("只有“决议公开”和“实施结果公开”两步有公示。")
    m = decisions.matter(ctx.store, mid)
    rec = m.steps.get(step)
    if rec is None:
        raise UserError(f"“{m.title}”还没有填写“{F.step(step).short}”。")
    assembly = m.steps.get("assembly")
    kind = "resolution" if step == "resolution_notice" else "implementation"
    sid = assembly.session_id if assembly else None
    linked = sid is not None and sessions_svc.get(ctx.store, sid).kind in ASSEMBLY_KINDS
    values = (meeting_values(ctx.store, sid) if linked and sid is not None
              else notices_svc.values(ctx.store, None))
    if not linked:
        values.update({"会议名称": m.title, "会议类型": "居民（代表）会议",
                       "会议日期": cn_date(assembly.date) if assembly else "", "地点": "居委会",
                       "到会情况": "", "表决情况": m.verdicts.get("assembly", "")})  # said once
    values.update({
        "议题": m.title, "事项": m.title, "实施结果": rec.record,
        "决议": (assembly.record if assembly else "") or values.get("决议", ""),
        "公开开始": cn_date(rec.numbers.get("posted_from")),
        "公开结束": cn_date(rec.numbers.get("posted_until")),
    })
    title, body = _draft(ctx.store, kind, values)
    return notices_svc.create(ctx, kind, sid, title=title, body=body, topic_id=m.topic_id,
                              posted_from=rec.numbers.get("posted_from") or rec.date,
                              posted_until=rec.numbers.get("posted_until") or None)


# -- ledger rows ------------------------------------------------------------------------------

ASSEMBLY_COLUMNS = ["序号", "编号", "类型", "会议名称", "议程公布日期", "会议日期", "应到人数计算依据",
                    "应到",
                    "实到", "是否过半", "表决事项", "赞成/反对/弃权", "结果", "决议公开起止", "规范程度"]
FOUR_TWO_COLUMNS = ["序号", "编号", "事项", "议题", "党组织提议", "两委会议商议", "党员大会审议",
                    "居民（代表）会议决议", "决议公开", "实施结果公开", "说明理由", "缺少的步骤"]


@dataclass
class DecisionLedger:
    year: int | None
    assemblies: list[list[Any]] = field(default_factory=list)
    matters: list[list[Any]] = field(default_factory=list)
    yearly_note: str = ""  # 居民会议 held this year? (Shanghai: at least once)


def _in_year(value: str | None, year: int | None) -> bool:
    return year is None or (bool(value) and str(value)[:4] == str(year))


def ledger(store: Store, year: int | None = None, today: dt.date | None = None) -> DecisionLedger:
    out = DecisionLedger(year)
    i = 0
    for kind in ASSEMBLY_KINDS:
        for row in sessions_svc.list_sessions(store, kind=kind):
            if not _in_year(row.date, year):
                continue
            rec = sessions_svc.get(store, row.id)
            d = rec.data
            from ..domain.workflows.meetings import attending_of

            attending = attending_of(sessions_svc.facts(store, row.id))
            base = int(d.get("base_size") or 0)
            quorum = "" if not base or not attending else ("是" if M.has_quorum(attending, base) else "否")
            votes: list[dict[str, Any] | None] = list(sessions_svc.votes(store, row.id)) or [None]
            for v in votes:
                i += 1
                out.assemblies.append([
                    i, rec.number, rec.kind_label, rec.title, d.get("agenda_published_on"), rec.date,
                    d.get("base_kind") or "", base or None, attending if base else None, quorum,
                    v["motion"] if v else ("未作表决" if d.get("no_decision") else ""),
                    f"{v['yes']}/{v['no']}/{v['abstain']}" if v else "",
                    ("通过" if M.motion_passes(int(v["yes"]), int(v["base"] or 0)) else "未通过")
                    if v else "",
                    (f"{d.get('publicity_from') or ''}—{d.get('publicity_until') or ''}"
                     if d.get("publicity_from") else ""),
                    rec.compliance])
    for j, r in enumerate(reversed(decisions.list_matters(store)), 1):
        m = decisions.matter(store, r.id)
        dates = [x.date for x in m.steps.values() if x.date]
        if year is not None and not any(_in_year(x, year) for x in dates):
            continue
        cells = []
        for st in F.STEPS:
            rec2 = m.steps.get(st.key)
            if rec2 is None or not rec2.done:
                cells.append("未办")
                continue
            cells.append(f"{cn_date(rec2.date) if rec2.date else ''}　{m.verdicts.get(st.key) or rec2.record}"
                         .strip("　 "))
        reasons = "；".join(f"{F.step(k).short}：{x.override_reason}" for k, x in m.steps.items()
                           if x.done and x.override_reason)
        out.matters.append([j, m.id, m.title, m.topic_title, *cells, reasons,
                            "、".join(re.sub("[①②③④] ", "", s) for s in m.missing) or "无"])
    y = year or (today or store.clock.today()).year
    held = decisions.yearly_meeting(store, y)
    out.yearly_note = (f"{y}年已召开居民会议{len(held)}次（上海要求每年至少一次）：达标。" if held else
                       f"{y}年还没有召开居民会议（上海要求每年至少一次）：未达标。")
    return out


def export_ledger(ctx: Context, path: str | Path, write: Callable[..., Path], year: int | None = None,
                  today: dt.date | None = None, progress: Callable[[int, int, str], None] | None = None,
                  **options: Any) -> Changed:
    """The ledgers of services/documents plus the 居民会议 and 四议两公开 sheets:
    write(book, path, progress=..., decisions=DecisionLedger) -> Path, e.g.
    documents.decision_docs.write_ledger."""
    return docs.export_ledger(ctx, path, write, year=year, today=today, progress=progress,
                              decisions=ledger(ctx.store, year, today), **options)


def minutes_data_any(store: Store, sid: int) -> Any:
    """The minutes data of any session, for preview and printing: a 居民(代表)会议 with its
    base and quorum, the 三会 and pre-meetings through documents.minutes_data."""
    if sessions_svc.get(store, sid).kind in ASSEMBLY_KINDS:
        return minutes_data(store, sid)
    return docs.minutes_data(store, sid)


def export_minutes_any(ctx: Context, sid: int, path: str | Path,
                       write: Callable[[Any, str | Path], tuple[Path, int]]) -> Changed:
    """Minutes of any session: a 居民(代表)会议 with its base and quorum, others as before."""
    if sessions_svc.get(ctx.store, sid).kind in ASSEMBLY_KINDS:
        return export_minutes(ctx, sid, path, write)
    return docs.export_minutes(ctx, sid, path, write)
