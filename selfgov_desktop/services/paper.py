"""Paper in the room: gather what the printed forms show, export them, and record what is
typed back from them — each in ONE transaction with audit rows.

What is typed back goes into the same tables the live recording uses, so the minutes,
notices, ledgers and dashboard see it as if it had been recorded live:
- sign-in → participants.attendance (出席/缺席/请假/委托), absence_reason, proxy_for
  (委托: proxy_for = the listed participant who signed for them; the holder's name is
  also written as “委托某某代签” in absence_reason, which the minutes show); walk-ins are
  new participants marked 出席;
- evaluation forms → evaluation_scores as counts per criterion (or member) and option — the
  table cannot hold a person — and the step fields forms_issued / forms_returned /
  forms_valid / forms_void;
- ballots → votes (method 无记名, base = those attending, yes / no / abstain, passed),
  and sessions.data["paper_ballots"] = issued / returned / valid / void.
Nothing that does not add up is saved (domain.paper)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain import evaluation as ev
from ..domain import paper as PP
from ..domain import rules as R
from ..domain import sessions as D
from ..domain.errors import UserError
from ..domain.workflows import definition
from ..domain.workflows.meetings import attending_of
from ..store.db import Store
from . import participants as P
from . import sessions as S
from . import settings as settings_svc
from .base import Changed, Context, new_id
from .documents import record_export
from .export_door import export_file

BALLOT_KEY = "paper_ballots"
MOTIONS_KEY = "ballot_motions"
MEETING_KINDS = ("residents_meeting", "representatives_meeting")


# -- reading ------------------------------------------------------------------------------------

def _date(rec: S.SessionRecord) -> dt.date | None:
    try:
        return dt.date.fromisoformat(rec.date) if rec.date else None
    except ValueError:
        return None


def _groups_required(store: Store, rec: S.SessionRecord) -> list[str]:
    wanted = list(rec.data.get("affected_groups") or [])
    if wanted:
        return wanted
    return P.building_groups(store) if definition(rec.kind).coverage_all_groups else []


def _roster_sections(store: Store, rec: S.SessionRecord) -> list[tuple[str, int, list[PP.SigninRow]]]:
    """A 居民会议 by 楼组 from the roster: adults on the meeting day, or one line per household."""
    from ..domain import meetings as M

    kind = str(rec.data.get("base_kind") or "")
    day = _date(rec)
    households = kind == M.BASE_LABELS[M.BaseKind.HOUSEHOLDS]
    if kind not in (M.BASE_LABELS[M.BaseKind.ADULTS], M.BASE_LABELS[M.BaseKind.HOUSEHOLDS]) or day is None:
        return []
    by_group: dict[str, list[PP.SigninRow]] = {}
    seen_households: set[int] = set()
    for name, building, birth, hh, gname in store.conn.execute(
            "SELECT r.name, r.building, r.birth_date, r.household_id, COALESCE(g.name, '') FROM residents r"
            " LEFT JOIN groups g ON g.id = r.building_group_id WHERE r.status = '在册'"
            " ORDER BY g.id, r.building, r.room, r.household_id, r.id"):
        if households:
            if hh is None or hh in seen_households:
                continue
            seen_households.add(hh)
        elif not M.is_adult_on(birth, day):
            continue
        by_group.setdefault(gname or "未分楼组", []).append(PP.SigninRow(name, building or "", ""))
    return [(g, len(rows), rows) for g, rows in by_group.items()]


def signin_sheet(store: Store, sid: int, blank_rows: int = 6) -> PP.SigninSheet:
    rec = S.get(store, sid)
    rows = P.list_participants(store, sid)
    people = [PP.SigninRow(r.name, r.unit_name or r.group_name or ("居民" if r.resident_id else ""), r.role)
              for r in rows]
    due = PP.signin_figures([PP.SigninPerson(r.role, "") for r in rows]).due
    sections = _roster_sections(store, rec) if rec.kind == "residents_meeting" else []
    basis = ""
    if rec.kind in MEETING_KINDS and rec.data.get("base_size"):
        due = int(rec.data["base_size"])
        basis = str(rec.data.get("base_kind") or "")
    return PP.SigninSheet(settings_svc.committee(store).name, rec.title, rec.kind_label, rec.number,
                          _date(rec), rec.start_time, rec.place, people, due, blank_rows,
                          sections=sections, basis=basis)


def scale_of(rec: S.SessionRecord) -> str:
    default = "称职度" if rec.data.get("object_type") == "居委会成员" else "满意度"
    return str(rec.data.get("scale") or default)


def _need_evaluation(store: Store, sid: int) -> tuple[S.SessionRecord, list[dict[str, Any]]]:
    rec = S.get(store, sid)
    crit = S.criteria(store, sid)
    if rec.kind != "evaluation" and not crit:
        raise UserError(f"“{rec.title}”是{rec.kind_label}，没有评议内容，不能打印评议表。")
    if not crit:
        raise UserError(f"“{rec.title}”还没有评议内容：请先在“准备”一步设好评议内容再打印评议表。")
    return rec, crit


def evaluation_sheet(store: Store, sid: int, copies: int = 1) -> PP.EvaluationSheet:
    PP.check_copies(copies)
    rec, crit = _need_evaluation(store, sid)
    scale = scale_of(rec)
    numbers = [PP.form_number(rec.number, "evaluation", i, sid) for i in range(1, copies + 1)]
    return PP.EvaluationSheet(settings_svc.committee(store).name, rec.title,
                              str(rec.data.get("object_name") or ""), str(rec.data.get("object_type") or ""),
                              str(rec.data.get("period") or ""), _date(rec), scale, ev.options(scale),
                              [c["name"] for c in crit], numbers)


def _agenda_motions(text: str) -> list[str]:
    out = []
    for line in re.split(r"[\n；;]", text or ""):
        line = re.sub(r"^\s*(?:[一二三四五六七八九十]+[、.．]|\d+[、.．)）]"
                      r"|[（(][一二三四五六七八九十\d]+[)）])\s*", "",
                      line).strip()
        if line:
            out.append(line)
    return out


def ballot_motions(store: Store, sid: int) -> list[str]:
    """The motions printed on a ballot: those recorded or set for the ballot, else the agenda
    lines, else “同意《会议名称》所议事项”."""
    rec = S.get(store, sid)
    saved = [str(m) for m in rec.data.get(MOTIONS_KEY) or [] if str(m).strip()]
    if saved:
        return saved
    voted = [v["motion"] for v in S.votes(store, sid)]
    if voted:
        return voted
    agenda = _agenda_motions(str(rec.data.get("agenda") or ""))
    if agenda:
        return agenda
    return [f"同意{rec.title}所议事项"]


def ballot_sheet(store: Store, sid: int, copies: int = 1,
                 motions: Sequence[str] | None = None) -> PP.BallotSheet:
    PP.check_copies(copies)
    rec = S.get(store, sid)
    ms = [m.strip() for m in (motions or ballot_motions(store, sid)) if m.strip()]
    if not ms:
        raise UserError("请至少写一项表决事项。")
    numbers = [PP.form_number(rec.number, "ballot", i, sid) for i in range(1, copies + 1)]
    return PP.BallotSheet(settings_svc.committee(store).name, rec.title, _date(rec), ms, numbers)


def evaluation_forms(rec: S.SessionRecord) -> PP.FormCounts | None:
    issued, returned, valid = (rec.data.get(k) for k in ("forms_issued", "forms_returned", "forms_valid"))
    if not (isinstance(issued, int) and isinstance(returned, int) and isinstance(valid, int)):
        return None
    return PP.FormCounts(int(issued), int(returned), int(valid), int(rec.data.get("forms_void") or 0))


def anonymous_counts(store: Store, sid: int) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = {}
    for cid, option, n in store.conn.execute(
            "SELECT criterion_id, option, SUM(count) FROM evaluation_scores WHERE session_id = ?"
            " GROUP BY criterion_id, option", [sid]):
        out.setdefault(cid, {})[option] = int(n)
    return out


def per_member(rec: S.SessionRecord) -> bool:
    return ev.per_member(str(rec.data.get("object_type") or ""))


def ballot_forms(rec: S.SessionRecord) -> PP.FormCounts | None:
    d = rec.data.get(BALLOT_KEY)
    if not isinstance(d, dict):
        return None
    try:
        return PP.FormCounts(int(d["issued"]), int(d["returned"]), int(d["valid"]), int(d.get("void", 0)))
    except (KeyError, TypeError, ValueError):
        return None


def tally_sheet(store: Store, sid: int, copies: int | None = None) -> PP.TallySheet:
    """The evaluation tally for an evaluation (or a session with criteria), else the ballots'."""
    rec = S.get(store, sid)
    committee = settings_svc.committee(store).name
    crit = S.criteria(store, sid)
    if "evaluation" in definition(rec.kind).paper_forms or crit:
        if not crit:
            raise UserError(f"“{rec.title}”还没有评议内容，不能打印统计表。")
        scale = scale_of(rec)
        counts = anonymous_counts(store, sid)
        per = {c["name"]: {o: counts.get(c["id"], {}).get(o, 0) for o in ev.options(scale)}
               for c in crit if c["id"] in counts}
        return PP.TallySheet(committee, rec.title, _date(rec), rec.place, "评议表", ev.options(scale),
                             [c["name"] for c in crit], "评议内容", copies, per, evaluation_forms(rec),
                             attending=attending(store, sid) or None)
    motions = ballot_motions(store, sid)
    forms = ballot_forms(rec)
    per = {}
    if forms is not None:
        for v in S.votes(store, sid):
            if v["method"] == "无记名":
                per[v["motion"]] = {"同意": v["yes"], "不同意": v["no"], "弃权": v["abstain"]}
    return PP.TallySheet(committee, rec.title, _date(rec), rec.place, "表决票", PP.BALLOT_OPTIONS,
                         motions, "表决事项", copies, per, forms, attending=attending(store, sid) or None)


def sheet(store: Store, sid: int, kind: str, copies: int = 1,
          motions: Sequence[str] | None = None) -> Any:
    if kind not in PP.FORM_KINDS:
        raise UserError(f"不认识的表格：{kind}。可以打印："
                        + "、".join(f"{k}（{v}）" for k, v in PP.FORM_KINDS.items()))
    if kind == "signin":
        return signin_sheet(store, sid)
    if kind == "evaluation":
        return evaluation_sheet(store, sid, copies)
    if kind == "ballot":
        return ballot_sheet(store, sid, copies, motions)
    return tally_sheet(store, sid, copies if copies > 1 else None)


def export_form(ctx: Context, sid: int, kind: str, path: str | Path,
                write: Callable[[str, Any, str | Path], tuple[Path, int]], copies: int = 1,
                motions: Sequence[str] | None = None) -> Changed:
    """write(kind, sheet, path) -> (path, pages), e.g. documents.forms.write. One audit row."""
    data = sheet(ctx.store, sid, kind, copies, motions)
    out, pages = export_file(ctx, "sessions", sid, PP.FORM_KINDS.get(kind, kind), path,
                             lambda p: write(kind, data, p))
    label = PP.FORM_KINDS[kind]
    what = f"{label}（{copies}份）" if kind in ("evaluation", "ballot") else label
    record_export(ctx, "sessions", sid, f"打印{what} {out.name}")
    return Changed.of("audit_log", ids=[sid], summary=f"已生成{what}，共{pages}页：{out}",
                      path=str(out), pages=pages)


def available_forms(store: Store, sid: int) -> list[str]:
    """The kinds worth offering for this session: its workflow's paper (WorkflowDef.paper_forms)."""
    return list(definition(S.get(store, sid).kind).paper_forms)


# -- sign-in entry ------------------------------------------------------------------------------

@dataclass
class SigninEntry:
    rows: list[P.ParticipantRow]
    groups_required: list[str]
    kind: str
    proxy_names: dict[int, str] = field(default_factory=dict)  # pid -> holder name


def signin_entry(store: Store, sid: int) -> SigninEntry:
    rec = S.get(store, sid)
    rows = P.list_participants(store, sid)
    names = {r.id: r.name for r in rows}
    proxies = {}
    for pid, holder, reason in store.conn.execute(
            "SELECT id, proxy_for, absence_reason FROM participants WHERE session_id = ? AND "
            "attendance = '委托'",
            [sid]):
        proxies[pid] = names.get(holder, "") if holder else re.sub(r"^委托|代签$", "", reason or "")
    return SigninEntry(rows, _groups_required(store, rec), rec.kind, proxies)


@dataclass
class WalkIn:
    name: str
    resident_id: int | None = None
    group: str = ""


def signin_verdicts(store: Store, sid: int, marks: dict[int, str], walk_ins: Sequence[WalkIn] = ()
                    ) -> tuple[PP.SigninFigures, list[D.Check]]:
    """The figures and the quorum/attendance/coverage checks as they would be with these marks
    (participant id -> attendance) and walk-ins — nothing is saved."""
    rec = S.get(store, sid)
    f = S.facts(store, sid)
    rows = P.list_participants(store, sid)
    defn = definition(rec.kind)
    listed = [D.ParticipantFact(r.role, marks.get(r.id, r.attendance), r.group_name, r.name) for r in rows]
    extra = [D.ParticipantFact(defn.default_role, "出席", w.group, w.name) for w in walk_ins]
    f.participants = listed + extra
    settings = S.rule_settings(store)
    figures = PP.signin_figures([PP.SigninPerson(p.role, p.attendance, p.group) for p in listed],
                                _groups_required(store, rec),
                                [PP.SigninPerson(p.role, p.attendance, p.group) for p in extra],
                                settings.proxies_count)
    wanted = [r for r in defn.all_rules() if r in ("assembly_quorum", "evaluation_attendance")]
    checks = []
    for rule in wanted:
        res = D.evaluate_rule(rule, f, settings)
        checks.append(D.Check(rule, R.RULES[rule].title if rule in R.RULES else rule, "", str(res.status),
                              res.message))
    return figures, checks


def record_signin(ctx: Context, sid: int, marks: Sequence[PP.SigninMark],
                  walk_ins: Sequence[WalkIn] = (), max_per_holder: int = 1) -> Changed:
    """The paper sign-in sheet typed back: every mark and walk-in in one transaction."""
    ctx.require_write()
    rec = S.get(ctx.store, sid)
    rows = {r.id: r for r in P.list_participants(ctx.store, sid)}
    names = {pid: r.name for pid, r in rows.items()}
    unknown = [m.participant_id for m in marks if m.participant_id not in rows]
    if unknown:
        raise UserError("签到表里有人已不在这次会议的名单中，请关闭后重新打开签到录入。")
    # proxies may point at people whose mark is unchanged: judge against the full picture
    stored = {pid: (holder, reason) for pid, holder, reason in ctx.store.conn.execute(
        "SELECT id, proxy_for, absence_reason FROM participants WHERE session_id = ?", [sid])}
    full = {pid: PP.SigninMark(pid, r.attendance, "",
                               stored[pid][0] if r.attendance == "委托" else None,
                               (stored[pid][1] or "-")
                               if r.attendance == "委托" and not stored[pid][0] else "")
            for pid, r in rows.items()}
    for m in marks:
        full[m.participant_id] = m
    PP.check_proxies(list(full.values()), names, max_per_holder)
    for w in walk_ins:
        if not w.name.strip():
            raise UserError("临时到会人员要写姓名。")
    defn = definition(rec.kind)
    before, after = [], []
    with ctx.tx() as tx:
        for m in marks:
            old = tx.db.execute("SELECT attendance, absence_reason, proxy_for FROM participants WHERE id = ?",
                                [m.participant_id]).fetchone()
            holder = names.get(m.proxy_id, "") if m.proxy_id else m.proxy_name.strip()
            reason = PP.proxy_text(holder) if m.attendance == "委托" else (
                m.reason if m.attendance in ("缺席", "请假") else "")
            new = (m.attendance, reason, m.proxy_id if m.attendance == "委托" else None)
            if tuple(old) == new:
                continue
            tx.db.execute("UPDATE participants SET attendance = ?, absence_reason = ?, proxy_for = ? "
                          "WHERE id = ?",
                          [*new, m.participant_id])
            before.append({"id": m.participant_id, "attendance": old[0], "reason": old[1],
                           "proxy_for": old[2]})
            after.append({"id": m.participant_id, "attendance": new[0], "reason": new[1],
                          "proxy_for": new[2]})
        added = []
        seq = int(tx.db.execute("SELECT COALESCE(MAX(seq), 0) FROM participants WHERE session_id = ?",
                                [sid]).fetchone()[0])
        for w in walk_ins:
            if w.resident_id is not None and tx.db.execute(
                    "SELECT 1 FROM participants WHERE session_id = ? AND resident_id = ?",
                    [sid, w.resident_id]
            ).fetchone():
                raise UserError(f"{w.name}已经在名单里了，请在名单中给他/她签到。")
            seq += 1
            pid = new_id(tx.db.execute("INSERT INTO participants (session_id, resident_id, name, role, "
                                       "attendance, seq)"
                                       " VALUES (?, ?, ?, ?, '出席', ?)",
                                       [sid, w.resident_id, w.name.strip(), defn.default_role, seq]))
            added.append(pid)
        n_changed = len(after)
        summary = f"按纸质签到表录入：{n_changed}人签到" + (f"，临时到会{len(added)}人" if added else "")
        tx.audit("paper.signin", "sessions", sid, summary=summary,
                 before=before,
                 after={"marks": after, "walk_ins": [w.name for w in walk_ins], "added": added})
        S._recompute(tx, sid)
    return Changed.of("sessions", "participants", ids=[sid], summary=summary, added=added, changed=n_changed)


# -- evaluation entry ---------------------------------------------------------------------------

@dataclass
class EvaluationEntry:
    scale: str
    options: tuple[str, ...]
    criteria: list[dict[str, Any]]
    forms: PP.FormCounts | None
    counts: dict[int, dict[str, int]]
    present: int  # those attending: what is usually issued
    per_member: bool = False  # each member one row; a form may leave a member blank (未评)


def evaluation_entry(store: Store, sid: int) -> EvaluationEntry:
    rec, crit = _need_evaluation(store, sid)
    scale = scale_of(rec)
    rows = P.list_participants(store, sid)
    present = sum(1 for r in rows if r.attendance in PP.ATTENDING and r.role not in PP.NOT_DUE_ROLES)
    return EvaluationEntry(scale, ev.options(scale), crit, evaluation_forms(rec),
                           anonymous_counts(store, sid), present, per_member(rec))


def stored_problems(store: Store, sid: int) -> list[str]:
    """What no longer adds up in what is stored (e.g. 有效 edited by hand after the paper
    forms were entered): empty when nothing was counted from paper or everything agrees."""
    rec = S.get(store, sid)
    crit = S.criteria(store, sid)
    counts = anonymous_counts(store, sid)
    forms = evaluation_forms(rec)
    if not counts or forms is None:
        return []
    opts = ev.options(scale_of(rec))
    return PP.evaluation_problems(forms, {c["name"]: counts.get(c["id"], {}) for c in crit}, opts,
                                  per_member(rec))


def _set_data(tx: Any, sid: int, values: dict[str, Any]) -> dict[str, Any]:
    raw = tx.db.execute("SELECT data FROM sessions WHERE id = ?", [sid]).fetchone()[0]
    data = json.loads(raw or "{}")
    before = {k: data.get(k) for k in values}
    data.update(values)
    tx.db.execute("UPDATE sessions SET data = ? WHERE id = ?", [json.dumps(data, ensure_ascii=False), sid])
    return before


def record_evaluation_counts(ctx: Context, sid: int, forms: PP.FormCounts,
                             per_criterion: dict[int, dict[str, int]], *, detail: Any = None) -> Changed:
    """The tally sheet typed back: issued/returned/valid/void and, per criterion id, the
    count of each option. Refused unless everything adds up. One transaction."""
    ctx.require_write()
    rec, crit = _need_evaluation(ctx.store, sid)
    scale = scale_of(rec)
    opts = ev.options(scale)
    by_id = {c["id"]: c["name"] for c in crit}
    stray = [cid for cid in per_criterion if cid not in by_id]
    if stray:
        raise UserError("评议内容已经改过了，请关闭后重新打开录入。")
    left = [by_id[c["id"]] for c in crit if c["id"] not in per_criterion]
    if left:
        raise UserError("还有评议内容没有录入票数：" + "、".join(left) + "。")
    PP.check_evaluation(forms, {by_id[cid]: c for cid, c in per_criterion.items()}, opts, per_member(rec))
    with ctx.tx() as tx:
        before_counts = anonymous_counts(ctx.store, sid)
        tx.db.execute("DELETE FROM evaluation_scores WHERE session_id = ?", [sid])
        for cid, counts in per_criterion.items():
            for o in opts:
                n = int(counts.get(o, 0))
                if n:
                    tx.db.execute("INSERT INTO evaluation_scores (session_id, criterion_id, option, count)"
                                  " VALUES (?, ?, ?, ?)", [sid, cid, o, n])
        values = {"forms_issued": forms.issued, "forms_returned": forms.returned, "forms_valid": forms.valid,
                  "forms_void": forms.void}
        before = _set_data(tx, sid, values)
        overall = ev.overall(scale, {by_id[cid]: c for cid, c in per_criterion.items()})
        summary = (f"录入纸质评议表：发出{forms.issued}，收回{forms.returned}，有效{forms.valid}，"
                   f"无效{forms.void}；{ev.RATE_LABEL.get(scale, '满意率')} {overall.rate_text()}")
        tx.audit("paper.evaluation", "sessions", sid, summary=summary,
                 before={**before, "counts": {by_id.get(c, c): v for c, v in before_counts.items()}},
                 after={**values, "counts": {by_id[c]: v for c, v in per_criterion.items()},
                        **({"forms": detail} if detail is not None else {})})
        S._recompute(tx, sid)
    return Changed.of("sessions", "evaluation_scores", ids=[sid], summary=summary,
                      rate=overall.rate, tier=overall.tier)


def record_evaluation_forms(ctx: Context, sid: int, issued: int, forms: Sequence[PP.PaperForm]) -> Changed:
    """Form by form: each returned sheet's answers (in criteria order) or void. Only the
    totals are kept (the audit keeps the sheets' answer strings, by sheet, never by person)."""
    rec, crit = _need_evaluation(ctx.store, sid)
    opts = ev.options(scale_of(rec))
    names = [c["name"] for c in crit]
    valid, void, per = PP.tally_forms(forms, names, opts, per_member(rec))
    counts = PP.FormCounts(int(issued), len(forms), valid, void)
    by_name = {c["name"]: c["id"] for c in crit}
    detail = [("作废" if f.void else "".join(str(opts.index(a) + 1) if a else "0" for a in f.answers))
              for f in forms]
    return record_evaluation_counts(ctx, sid, counts, {by_name[n]: c for n, c in per.items()}, detail=detail)


# -- ballots ------------------------------------------------------------------------------------

def attending(store: Store, sid: int) -> int:
    """Those attending, the base of a vote: for a 居民(代表)会议 as the quorum counts them."""
    rec = S.get(store, sid)
    if rec.kind in MEETING_KINDS:
        return attending_of(S.facts(store, sid))
    rows = P.list_participants(store, sid)
    return sum(1 for r in rows if r.attendance in PP.ATTENDING and r.role not in PP.NOT_DUE_ROLES)


def set_ballot_motions(ctx: Context, sid: int, motions: Sequence[str]) -> Changed:
    ctx.require_write()
    ms = [m.strip() for m in motions if m.strip()]
    if not ms:
        raise UserError("请至少写一项表决事项。")
    with ctx.tx() as tx:
        before = _set_data(tx, sid, {MOTIONS_KEY: ms})
        tx.audit("paper.motions", "sessions", sid, summary="设定表决票上的表决事项", before=before,
                 after={MOTIONS_KEY: ms})
    return Changed.of("sessions", ids=[sid], summary=f"表决事项{len(ms)}项")


def record_ballots(ctx: Context, sid: int, forms: PP.FormCounts, motions: Sequence[PP.MotionCount],
                   base: int, detail: Any = None) -> Changed:
    """Ballots counted on the spot: one vote row per motion (method 无记名), replacing any
    earlier result of the same motion (a motion has one result). One transaction."""
    ctx.require_write()
    PP.check_ballots(forms, motions, base)
    names = [m.motion.strip() for m in motions]
    if len(set(names)) != len(names):
        raise UserError("有重复的表决事项，请合并后再录入。")
    straw = not definition(S.get(ctx.store, sid).kind).votes_decide  # a hearing: 意向性表决
    with ctx.tx() as tx:
        seq = int(tx.db.execute("SELECT COALESCE(MAX(seq), 0) FROM votes WHERE session_id = ?",
                                [sid]).fetchone()[0])
        results = []
        for m in motions:
            motion = m.motion.strip()
            tx.db.execute("DELETE FROM votes WHERE session_id = ? AND motion = ?", [sid, motion])
            passed = None if straw else R.passes_majority(m.yes, base)
            seq += 1
            tx.db.execute("INSERT INTO votes (session_id, motion, method, base, yes, no, abstain, rule, "
                          "passed, seq) VALUES (?, ?, '无记名', ?, ?, ?, ?, ?, ?, ?)",
                          [sid, motion, base, m.yes, m.no, m.abstain, "意向性表决" if straw else "过半数",
                           None if passed is None else int(passed), seq])
            results.append(f"“{motion}”赞成{m.yes}、反对{m.no}、弃权{m.abstain}" if straw else
                           f"“{motion}”{'通过' if passed else '未通过'}")
        before = _set_data(tx, sid, {BALLOT_KEY: forms.to_dict(), MOTIONS_KEY: names})
        summary = (f"录入表决票：发出{forms.issued}，收回{forms.returned}，有效{forms.valid}，"
                   f"无效{forms.void}；"
                   + "，".join(results))
        tx.audit("paper.ballots", "sessions", sid, summary=summary, before=before,
                 after={BALLOT_KEY: forms.to_dict(), "base": base,
                        "motions": [{"motion": m.motion, "yes": m.yes, "no": m.no, "abstain": m.abstain}
                                    for m in motions], **({"forms": detail} if detail is not None else {})})
        S._recompute(tx, sid)
    return Changed.of("sessions", "votes", ids=[sid], summary=summary)


def record_ballot_forms(ctx: Context, sid: int, issued: int, motions: Sequence[str],
                        forms: Sequence[PP.PaperForm], base: int) -> Changed:
    valid, void, per = PP.tally_forms(forms, list(motions), PP.BALLOT_OPTIONS, blank="弃权")
    counts = PP.FormCounts(int(issued), len(forms), valid, void)
    ms = [PP.MotionCount(m, per[m]["同意"], per[m]["不同意"], per[m]["弃权"]) for m in motions]
    detail = [("作废" if f.void else "".join(str(PP.BALLOT_OPTIONS.index(a) + 1) if a else "3"
                                           for a in f.answers)) for f in forms]
    return record_ballots(ctx, sid, counts, ms, base, detail)
