"""The documents a session's steps name ("这一步产生的文件"), each built from the records.

`documents(store, sid)` lists them with whether each can be made now (and why not);
`build(store, sid, key)` returns what a writer needs: ("letters", LetterSet), ("minutes",
MinutesData), ("notice", NoticeData) or ("tally", TallySheet). The caller (ui/, commands/)
owns the writers; `export_document` takes them as a mapping by that first word."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ...domain.dates import cn_date
from ...domain.documents import MinutesData, subject_of
from ...domain.errors import UserError
from ...domain.evaluation import per_member
from ...domain.letters import DocumentInfo, Letter, LetterSet
from ...domain.masking import mask_name
from ...domain.workflows import WORKFLOWS
from ...domain.workflows.coordination import AGREED
from ...store.db import Store
from .. import settings as settings_service
from ...domain.model import StaffRole
from ..base import Changed, Context
from ..export_door import EXPORT_ROLES, export_file
from .common import _d, _json, _rows, _session, kind_label
from .exports import record_export
from .minutes import minutes_data
from .notices import notice_data

Built = tuple[str, Any]

# Workflow document key → the stored notice kind it is.
NOTICE_KINDS = {"hearing_notice": "hearing_notice", "hearing_result_notice": "hearing_result",
                "evaluation_result_notice": "evaluation_result", "assembly_notice": "meeting_notice",
                "resolution_notice": "resolution"}
MINUTES_KEYS = {"hearing_record", "hearing_minutes", "coordination_record", "assembly_record",
                "assembly_minutes", "meeting_minutes"}
ASSEMBLY_KINDS = ("residents_meeting", "representatives_meeting")
LIST_ROLES = {"hearing": "听证代表", "evaluation": "评议代表"}


def _participants(store: Store, sid: int) -> list[Any]:
    return _rows(store, "SELECT p.name, p.role, p.attendance, r.building, COALESCE(g.name, '') AS gname,"
                 " COALESCE(u.name, '') AS unit FROM participants p LEFT JOIN residents r"
                 " ON r.id = p.resident_id LEFT JOIN groups g ON g.id = r.building_group_id"
                 " LEFT JOIN units u ON u.id = p.unit_id WHERE p.session_id = ? ORDER BY p.seq, p.id",
                 [sid])


def _followups(store: Store, sid: int) -> list[Any]:
    return _rows(store, "SELECT * FROM followups WHERE session_id = ? ORDER BY id", [sid])


def _when(s: Any) -> str:
    d = _d(s["date"])
    text = cn_date(d) if d else ""
    if s["start_time"]:
        text += s["start_time"]
    return text


def _sentences(text: str) -> list[str]:
    return [p.strip() for p in (text or "").split("\n") if p.strip()]


# ---------------------------------------------------------------- the documents


def coordination_notice(store: Store, sid: int) -> LetterSet:
    """协调会通知: one page to each party (当事人), with time, place and matter."""
    s = _session(store, sid)
    data = _json(s["data"], {}) or {}
    c = settings_service.committee(store)
    parties = [p for p in _participants(store, sid) if p["role"] == "当事人"]
    category = str(data.get("category") or "")
    matter = (category if category.endswith("纠纷") else category + "纠纷") if category else ""
    letters = []
    for p in parties:
        who = p["unit"] or p["name"]
        others = "、".join(q["unit"] or q["name"] for q in parties if q is not p)
        body = [f"关于您与{others}之间的{matter or '事项'}，" if others else
                f"关于{matter or '您反映的事项'}，"]
        body[0] += (f"本居委会定于{_when(s)}在{s['place'] or '居委会'}召开协调会，"
                    "请您准时参加，陈述事实和理由，并带好有关材料。")
        body.append("协调会由居委会治安调解委员会主持，本着自愿、平等的原则协商解决。"
                    "如不能参加，请提前告知居委会；也可以委托他人参加，受托人请带好委托书。")
        if c.contact_person or c.phone:
            body.append("联系人：" + "，".join(x for x in (c.contact_person,
                                                      f"电话：{c.phone}" if c.phone else "") if x) + "。")
        letters.append(Letter(c, "协调会通知", addressee=f"{who}：", paragraphs=body,
                              date=_d(data.get("notified_on")) or _d(s["date"]),
                              note="本通知一式两份，一份送达当事人，一份居委会存档。"))
    return LetterSet("coordination_notice", "协调会通知", letters)


def agreement(store: Store, sid: int) -> LetterSet:
    """协议书: parties, facts, the matters agreed, each party's duties with dates, signature
    and date lines for every party and the mediator; copies."""
    s = _session(store, sid)
    data = _json(s["data"], {}) or {}
    c = settings_service.committee(store)
    people = _participants(store, sid)
    parties = [p for p in people if p["role"] == "当事人"]
    names = "ABCDEFGH"
    party_lines = []
    for i, p in enumerate(parties):
        label = "甲乙丙丁戊己庚辛"[i] + "方" if i < 8 else names[i % 8]
        where = p["unit"] or _where(p["gname"], p["building"])
        party_lines.append(f"{label}：{p['name']}" + (f"（{where}）" if where else ""))
    paras = [*party_lines]
    if data.get("facts"):
        paras.append("一、基本事实")
        paras += _sentences(str(data["facts"]))
    if data.get("terms"):
        paras.append("二、协议内容")
        paras += _sentences(str(data["terms"]))
    rows = [[str(i), f["item"], f["responsible"] or "", cn_date(f["deadline"]) if f["deadline"] else ""]
            for i, f in enumerate(_followups(store, sid), 1)]
    after = ["三、履行和监督",
             "各方应按上表的期限履行；居委会对履行情况进行回访和监督。一方不履行的，另一方可以请求"
             "居委会再次协调，也可以向人民调解委员会申请调解或依法向人民法院起诉。"]
    if data.get("outcome") == "部分达成" and data.get("referral"):
        after.append(f"未达成一致的部分，已告知当事人可以通过{data['referral']}解决。")
    copies = len(parties) + 1
    mediator = s["chair"] or ""
    after.append("四、生效和份数")
    after.append(f"本协议经各方当事人在{c.name or '居委会'}主持下协商一致达成"
                 f"{'，调解人' + mediator if mediator else ''}。本协议一式{_cn(copies)}份，"
                 "各方当事人各执一份，居委会存档一份，自各方签字之日起生效。")
    signs = [f"{ln.split('：')[0]}（签名）" for ln in party_lines] + ["调解人（签名）"]
    return LetterSet("agreement", "协议书", [Letter(
        c, "协议书", paragraphs=paras,
        table_header=["序号", "履行事项", "责任方", "履行期限"] if rows else [],
        table_rows=rows, table_widths=[0.7, 4.2, 2.0, 2.2], after=after, signatures=signs,
        date=_d(s["date"]))])


def _cn(n: int) -> str:
    return "一二三四五六七八九十"[n - 1] if 1 <= n <= 10 else str(n)


def _where(group: str | None, building: str | None) -> str:
    """"第六楼组，16号楼": a person's 楼组 and building (never the room), for a list or a party."""
    b = (building or "").strip()
    if re.fullmatch(r"\d+号", b):
        b += "楼"  # the roster's "16号" is the building
    return "，".join(x for x in ((group or "").strip(), b) if x)


def evaluation_feedback(store: Store, sid: int) -> LetterSet:
    """评议结果反馈单: to the evaluated body, with the counts and the opinions."""
    from ..notices import evaluation_result_text  # the same words as the 公示

    s = _session(store, sid)
    data = _json(s["data"], {}) or {}
    c = settings_service.committee(store)
    m = minutes_data(store, sid)
    obj = str(data.get("object_name") or data.get("object_type") or "")
    paras = [f"本居委会于{cn_date(_d(s['date']))}召开{s['title']}，"
             f"对{obj}{('在' + str(data['period'])) if data.get('period') else ''}的工作进行了评议。"
             "现将评议结果反馈如下："]
    text = evaluation_result_text(store, sid)
    if text:
        paras.append(text)
    header, rows = [], []
    if m.scores:
        opts = m.score_options
        header = [m.item_label, *opts, m.rate_label]
        rows = [[ln.criterion, *[str(ln.counts.get(o, 0)) for o in opts],
                 "—" if ln.satisfaction is None else f"{ln.satisfaction * 100:.1f}%"] for ln in m.scores]
    after = []
    if data.get("result_summary"):
        after.append("评议代表的主要意见和建议：")
        after += _sentences(str(data["result_summary"]))
    days = 15
    if per_member(str(data.get("object_type") or "")):  # people, not a unit
        after.append(f"请各位成员针对以上意见，在收到本反馈单后{days}个工作日内提交书面整改承诺"
                     "（整改目标、措施和完成期限，本人签字），报居委会备案。")
    else:
        after.append(f"请贵单位针对以上意见，在收到本反馈单后{days}个工作日内提交书面整改承诺书"
                     "（整改目标、措施、责任人和完成期限，负责人签字），报居委会备案。")
    return LetterSet("evaluation_feedback", "评议结果反馈单", [Letter(
        c, "评议结果反馈单", addressee=f"{obj}：" if obj else "", paragraphs=paras,
        table_header=header, table_rows=rows,
        table_widths=[2.4, *([1.2] * (len(header) - 2)), 1.3] if header else [],
        after=after, signatures=["签收人（签名）"], date=_d(data.get("feedback_on")) or _d(s["date"]))])


def rectification_plan(store: Store, sid: int) -> LetterSet:
    """整改承诺书: the evaluated body's items, each with who is responsible and by when."""
    s = _session(store, sid)
    data = _json(s["data"], {}) or {}
    c = settings_service.committee(store)
    obj = str(data.get("object_name") or data.get("object_type") or "")
    paras = [f"针对{cn_date(_d(s['date']))}{s['title']}中居民提出的意见和建议，"
             f"{obj or '本单位'}作出如下整改承诺，并接受居委会和居民的监督："]
    rows = [[str(i), f["item"], f["responsible"] or "", cn_date(f["deadline"]) if f["deadline"] else ""]
            for i, f in enumerate(_followups(store, sid), 1)]
    after = ["以上承诺事项完成后，请居委会回访核实；未能按期完成的，本单位将书面说明原因和新的完成期限。"]
    signed = str(data.get("plan_signed_by") or "")
    return LetterSet("rectification_plan", "整改承诺书", [Letter(
        c, "整改承诺书", addressee=f"{c.name}：" if c.name else "", paragraphs=paras,
        table_header=["序号", "整改事项", "责任人", "完成期限"], table_rows=rows,
        table_widths=[0.7, 4.4, 1.9, 2.1],
        after=[*after, *([f"承诺单位负责人：{signed}"] if signed else [])],
        signatures=["承诺单位负责人（签名）"],
        sign_as_committee=False, date=_d(data.get("plan_on")),
        note=f"承诺单位：{obj}（盖章）" if obj else "")])


def participants_list(store: Store, sid: int, public: bool = True) -> LetterSet:
    """听证代表名单 / 评议代表名单: the public version masks names and stops at the building."""
    s = _session(store, sid)
    kind = s["kind"]
    role = LIST_ROLES.get(kind, "")
    title = f"{role}名单" if role else "参会人员名单"
    meeting = subject_of(s["title"]) + kind_label(kind) if s["title"].startswith("关于") else s["title"]
    c = settings_service.committee(store)
    people = [p for p in _participants(store, sid) if not role or p["role"] == role]
    rows = []
    for i, p in enumerate(people, 1):
        name = mask_name(p["name"]) if public and not p["unit"] else p["name"]
        where = p["unit"] or _where(p["gname"], p["building"])
        rows.append([str(i), name, where])
    paras = [f"{s['title']}（{cn_date(_d(s['date']))}）的{role or '参会人员'}共{len(people)}人，名单如下："]
    if kind == "hearing":
        paras.append("听证代表由受影响的居民、居民代表和有关单位代表组成。对名单有意见的，请向居委会反映。")
    return LetterSet("participants_list", title, [Letter(
        c, f"{meeting}{title}", paragraphs=paras, table_header=["序号", "姓名", "楼组、楼号或单位"],
        table_rows=rows, table_widths=[0.8, 2.0, 4.0], date=_d(s["date"]),
        note="（公开版：姓名已部分隐去，不含门牌号和联系方式）" if public else "（内部名单，不对外公开）")])


LETTERS: dict[str, Callable[[Store, int], LetterSet]] = {
    "coordination_notice": coordination_notice, "agreement": agreement,
    "evaluation_feedback": evaluation_feedback, "rectification_plan": rectification_plan,
    "participants_list": participants_list,
}


# Every document key a workflow step may name (tests/test_session_docs.py walks them all).
BUILDABLE = frozenset(LETTERS) | MINUTES_KEYS | frozenset(NOTICE_KINDS) | {"evaluation_tally"}


# ---------------------------------------------------------------- which, and why not


def _why(store: Store, sid: int, key: str) -> str:
    """"" when the document can be made now; else what to record first."""
    s = _session(store, sid)
    check = _WHY_NOT.get(key)
    if check is not None:
        return check(store, sid, s)
    if key in MINUTES_KEYS and not s["date"]:
        return "还没有填写会议日期。"
    return ""


def _why_coordination_notice(store: Store, sid: int, s: Any) -> str:
    if not any(p["role"] == "当事人" for p in _participants(store, sid)):
        return "还没有添加当事人。"
    if not s["date"] or not s["place"]:
        return "还没有填写协调会的日期和地点。"
    return ""


def _why_agreement(store: Store, sid: int, s: Any) -> str:
    data = _json(s["data"], {}) or {}
    outcome = data.get("outcome")
    if not outcome:
        return "还没有记录协调结果。"
    if outcome not in AGREED:
        return f"协调结果为“{outcome}”，没有协议书（已告知当事人其他解决渠道）。"
    if not data.get("terms") and not _followups(store, sid):
        return "还没有填写协议内容。"
    return ""


def _why_evaluation_feedback(store: Store, sid: int, s: Any) -> str:
    has = store.conn.execute("SELECT COUNT(*) FROM evaluation_scores WHERE session_id = ?",
                             [sid]).fetchone()[0]
    return "" if has else "还没有录入评议结果。"


def _why_rectification_plan(store: Store, sid: int, s: Any) -> str:
    return "" if _followups(store, sid) else "还没有登记整改承诺。"


def _why_participants_list(store: Store, sid: int, s: Any) -> str:
    role = LIST_ROLES.get(s["kind"], "")
    if not any(not role or p["role"] == role for p in _participants(store, sid)):
        return f"还没有添加{role or '参会人员'}。"
    return ""


def _why_evaluation_tally(store: Store, sid: int, s: Any) -> str:
    if not store.conn.execute("SELECT COUNT(*) FROM evaluation_criteria WHERE session_id = ?",
                              [sid]).fetchone()[0]:
        return "还没有设置评议内容。"
    return ""


_WHY_NOT: dict[str, Callable[[Store, int, Any], str]] = {
    "coordination_notice": _why_coordination_notice, "agreement": _why_agreement,
    "evaluation_feedback": _why_evaluation_feedback, "rectification_plan": _why_rectification_plan,
    "participants_list": _why_participants_list, "evaluation_tally": _why_evaluation_tally,
}


def documents(store: Store, sid: int) -> list[DocumentInfo]:
    s = _session(store, sid)
    wf = WORKFLOWS.get(s["kind"])
    out: list[DocumentInfo] = []
    for step in wf.steps if wf else ():
        if step.document:
            why = _why(store, sid, step.document)
            out.append(DocumentInfo(step.document, step.document_title, step.title, not why, why))
    if not any(d.key in MINUTES_KEYS for d in out):
        out.append(DocumentInfo("minutes", "会议记录", "", True))
    return out


def _stored_notice(store: Store, sid: int, kind: str) -> int | None:
    row = store.conn.execute("SELECT id FROM notices WHERE session_id = ? AND kind = ?"
                             " ORDER BY id DESC LIMIT 1", [sid, kind]).fetchone()
    return int(row[0]) if row else None


def build(store: Store, sid: int, key: str) -> Built:
    s = _session(store, sid)
    titles = {d.key: d.title for d in documents(store, sid)}
    if key not in titles:
        raise UserError(f"“{s['title']}”没有名为 {key} 的文件。可用的文件："
                        + "、".join(f"{k}（{v}）" for k, v in titles.items()))
    why = _why(store, sid, key)
    if why:
        raise UserError(f"现在还不能生成{titles[key]}：{why}")
    if key in LETTERS:
        return "letters", LETTERS[key](store, sid)
    if key == "evaluation_tally":
        from .. import paper

        return "tally", paper.tally_sheet(store, sid)
    if key in NOTICE_KINDS:
        from .. import notices as notices_svc

        nid = _stored_notice(store, sid, NOTICE_KINDS[key])
        if nid is not None:
            return "notice", notice_data(store, nid)
        if s["kind"] in ASSEMBLY_KINDS:
            from .. import decision_docs

            return "notice", decision_docs.draft_notice_data(store, sid, NOTICE_KINDS[key])
        return "notice", notices_svc.draft_data(store, NOTICE_KINDS[key], sid)
    m: MinutesData
    if s["kind"] in ASSEMBLY_KINDS:
        from .. import decision_docs

        m = decision_docs.minutes_data(store, sid)
    else:
        m = minutes_data(store, sid)
    if key != "minutes":
        m.doc_name = titles[key]
    return "minutes", m


Writer = Callable[[Any, str | Path], tuple[Path, int]]


def export_document(ctx: Context, sid: int, key: str, path: str | Path,
                    writers: Mapping[str, Writer]) -> Changed:
    """Write one document of a session: writers maps "letters" / "minutes" / "notice" /
    "tally" to the documents/ writer (ui/ and commands/ pass them)."""
    what, data = build(ctx.store, sid, key)
    title = {d.key: d.title for d in documents(ctx.store, sid)}.get(key, key)
    # a public notice is masked (for the notice board): every role may print it; every other
    # document (协议书, 反馈单, 名单…) carries names and is for the roles that keep records
    roles = tuple(StaffRole) if what == "notice" and getattr(data, "public", False) else EXPORT_ROLES
    out, pages = export_file(ctx, "sessions", sid, title, path,
                             lambda p: writers[what](data, p), roles)
    record_export(ctx, "sessions", sid, f"导出{title} {out.name}")
    return Changed.of("audit_log", ids=[sid], summary=f"已导出{title}（{pages}页）：{out}",
                      path=str(out), pages=pages)


__all__ = ["BUILDABLE", "LETTERS", "MINUTES_KEYS", "NOTICE_KINDS", "build", "documents", "export_document",
           "kind_label"]
