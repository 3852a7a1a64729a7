"""Paper in the room: the printed forms (签到表, 评议表, 选票/表决票, 统计表) and the tallies
typed back from them. Pure rules and the plain data the PDF writers take.

Tally rules (refused with a Chinese message naming what does not add up):
- forms: valid + void = returned ≤ issued (the same rule as `rules.forms_consistent`);
- evaluation: validity is item by item: a criterion left blank, marked twice or unreadable is
  not counted for that criterion, the rest of the sheet counts; so for every criterion the
  option counts add up to at most the valid forms (a sheet is void only as a whole: torn,
  not our form, a name written on it);
- ballot: for every motion, 同意 + 不同意 + 弃权 = the valid ballots; and the valid ballots
  are no more than those attending (the vote's base).
Form by form: each form is a tuple of answers (option or None) or void; `tally_forms`
turns them into the counts above.

Proxy (委托/代签): the participant who did not come is marked 委托; the one who signed for
them (受托人/代签人) is named — a listed participant (participants.proxy_for points to them)
or any name (a family member signing 代签). A listed holder must be present (出席) and holds
at most `max_per_holder` proxies (default 1, our choice following common local rules).

Form numbers: "<session number>-<letter><seq:03d>", e.g. 2026-评议-01-P007 (P = 评议表,
B = 选票); the number identifies the sheet, never the person (the forms are anonymous)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .errors import UserError

FORM_KINDS: dict[str, str] = {"signin": "签到表", "evaluation": "评议表", "ballot": "表决票",
                              "tally": "统计表"}
BALLOT_OPTIONS: tuple[str, ...] = ("同意", "不同意", "弃权")
FORM_LETTER = {"evaluation": "P", "ballot": "B"}
MAX_COPIES = 500
# 应到/实到 — ONE definition, used by the sign-in sheet and entry, the minutes, the 台账, the
# ballots' base and the quorum checks. 应到 = those expected to take part: every listed role
# but those who run, present to or watch the meeting — i.e. the 听证代表 of a hearing, the
# 评议代表 of an evaluation, the parties (and the mediators, units, police… invited to take
# part) of a 协调会, the residents / 居民代表 of a 居民(代表)会议. 实到 = those of them marked
# 出席, plus 委托 only when the setting allows proxies (off by default) and never for a
# 居民代表 (the law counts those 出席: "过半数出席…出席人的过半数通过").
NOT_DUE_ROLES = frozenset({"主持人", "记录人", "列席", "旁听人", "旁听", "陈述人", "评议对象"})
ATTENDING = ("出席", "委托")  # marked as having come or sent a proxy (coverage, not 实到)
NEVER_BY_PROXY = frozenset({"居民代表"})


def is_due(role: str) -> bool:
    """Is someone with this role counted in 应到?"""
    return role not in NOT_DUE_ROLES


def counts_present(attendance: str, role: str, proxies_count: bool = False) -> bool:
    """Does this mark count in 实到 (and so in a quorum or a vote's base)?"""
    if attendance == "出席":
        return True
    return attendance == "委托" and proxies_count and role not in NEVER_BY_PROXY


def due_and_present(people: Sequence[tuple[str, str]], proxies_count: bool = False) -> tuple[int, int]:
    """(应到, 实到) of (role, attendance) pairs."""
    due = [(r, a) for r, a in people if is_due(r)]
    return len(due), sum(1 for r, a in due if counts_present(a, r, proxies_count))


def form_number(session_number: str, kind: str, seq: int, session_id: int | None = None) -> str:
    base = session_number or (f"S{session_id}" if session_id else "")
    number = f"{FORM_LETTER.get(kind, 'X')}{seq:03d}"
    return f"{base}-{number}" if base else number


def check_copies(copies: int) -> int:
    if copies < 1 or copies > MAX_COPIES:
        raise UserError(f"份数要在1到{MAX_COPIES}之间（现在是{copies}）。")
    return copies


# -- tallies ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class FormCounts:
    """Forms (or ballots) issued / returned / valid / void."""

    issued: int
    returned: int
    valid: int
    void: int = 0

    def problems(self, what: str = "评议表") -> list[str]:
        out = []
        for label, n in (("发出", self.issued), ("收回", self.returned), ("有效", self.valid),
                         ("无效", self.void)):
            if n < 0:
                out.append(f"{what}{label}张数不能是负数（{n}）")
        if out:
            return out
        if self.returned > self.issued:
            out.append(f"收回{self.returned}张，多于发出的{self.issued}张")
        if self.valid + self.void != self.returned:
            out.append(f"有效{self.valid}张加无效{self.void}张等于{self.valid + self.void}张，"
                       f"与收回的{self.returned}张不符")
        return out

    def to_dict(self) -> dict[str, int]:
        return {"issued": self.issued, "returned": self.returned, "valid": self.valid, "void": self.void}


def _raise(problems: list[str], what: str, tail: str = "请对照统计表核对后再录入。") -> None:
    if problems:
        raise UserError(f"{what}，没有保存：\n" + "\n".join(f"· {p}" for p in problems)
                        + ("\n" + tail if tail else ""))


def evaluation_problems(forms: FormCounts, per_criterion: Mapping[str, Mapping[str, int]],
                        options: Sequence[str], allow_blank: bool = False) -> list[str]:
    """Everything that does not add up in an evaluation tally (empty when it is right). A row
    may add up to fewer than the valid forms (items left blank or marked twice are not
    counted; a member left blank is 未评) but never to more; allow_blank is kept for callers."""
    out = forms.problems("评议表")
    for name, counts in per_criterion.items():
        bad = [o for o in counts if o not in options]
        if bad:
            out.append(f"“{name}”有不认识的选项：{'、'.join(bad)}（只能是 {'、'.join(options)}）")
            continue
        neg = [o for o, n in counts.items() if n < 0]
        if neg:
            out.append(f"“{name}”的{'、'.join(neg)}票数不能是负数")
            continue
        total = sum(int(counts.get(o, 0)) for o in options)
        if total > forms.valid:  # fewer is fine: a blank or doubly marked item is not counted
            parts = " + ".join(f"{o} {int(counts.get(o, 0))}" for o in options)
            out.append(f"“{name}”：{parts} = {total}，多于有效票{forms.valid}"
                       "（某项空白或多选的，该项不计，合计可以少于有效票）")
    return out


def check_evaluation(forms: FormCounts, per_criterion: Mapping[str, Mapping[str, int]],
                     options: Sequence[str], allow_blank: bool = False) -> None:
    _raise(evaluation_problems(forms, per_criterion, options, allow_blank), "评议表统计的数字对不上")


@dataclass(frozen=True)
class MotionCount:
    motion: str
    yes: int
    no: int
    abstain: int

    @property
    def total(self) -> int:
        return self.yes + self.no + self.abstain


def ballot_problems(forms: FormCounts, motions: Sequence[MotionCount], base: int | None) -> list[str]:
    out = forms.problems("表决票")
    if not motions:
        out.append("没有表决事项")
    for m in motions:
        if not m.motion.strip():
            out.append("有一项表决事项没有写内容")
        if min(m.yes, m.no, m.abstain) < 0:
            out.append(f"“{m.motion}”的票数不能是负数")
        elif m.total != forms.valid:
            out.append(f"“{m.motion}”：同意{m.yes} + 不同意{m.no} + 弃权{m.abstain} = {m.total}，"
                       f"应等于有效票{forms.valid}")
    if base is not None:
        if base <= 0:
            out.append("到会人数要大于0")
        elif forms.valid > base:
            out.append(f"有效票{forms.valid}张，多于到会的{base}人")
    return out


def check_ballots(forms: FormCounts, motions: Sequence[MotionCount], base: int | None) -> None:
    _raise(ballot_problems(forms, motions, base), "表决票统计的数字对不上")


@dataclass
class PaperForm:
    """One returned sheet as typed: an answer per criterion (or motion), or void."""

    answers: list[str | None]
    void: bool = False

    def complete(self) -> bool:
        return self.void or all(a is not None for a in self.answers)


def tally_forms(forms: Sequence[PaperForm], items: Sequence[str], options: Sequence[str],
                allow_blank: bool = True, blank: str | None = None
                ) -> tuple[int, int, dict[str, dict[str, int]]]:
    """(valid, void, item -> option -> count). Validity is item by item: a blank answer (None)
    is not counted for that item (a member left blank is 未评), or counted as `blank` (a
    ballot's unmarked motion is 弃权, as the ballot says). A sheet blank throughout is refused
    (mark it void). allow_blank is kept for callers; blanks are always allowed."""
    per: dict[str, dict[str, int]] = {name: {o: 0 for o in options} for name in items}
    valid = void = 0
    for i, f in enumerate(forms, start=1):
        if f.void:
            void += 1
            continue
        if len(f.answers) != len(items):
            raise UserError(f"第{i}张的项数不对（应有{len(items)}项）：请核对后再录入。")
        if blank is None and all(a is None for a in f.answers):
            raise UserError(f"第{i}张全部空白：请按0记为无效票。")
        for name, answer in zip(items, f.answers, strict=True):
            a = blank if answer is None else answer
            if a is None:
                continue  # this item is not counted; the rest of the sheet is
            if a not in per[name]:
                raise UserError(f"第{i}张“{name}”的答案“{a}”不在选项 {'、'.join(options)} 里。")
            per[name][a] += 1
        valid += 1
    return valid, void, per


# -- sign-in and proxies ----------------------------------------------------------------------

@dataclass(frozen=True)
class SigninMark:
    participant_id: int
    attendance: str  # 出席 / 缺席 / 请假 / 委托 / ''
    reason: str = ""
    proxy_id: int | None = None  # the listed participant who signed for them (委托)
    proxy_name: str = ""  # or a name (代签 by someone not on the list)


def proxy_problems(marks: Sequence[SigninMark], names: Mapping[int, str],
                   max_per_holder: int = 1) -> list[str]:
    by_id = {m.participant_id: m for m in marks}
    out: list[str] = []
    held: dict[int, list[str]] = {}
    for m in marks:
        who = names.get(m.participant_id, str(m.participant_id))
        if m.attendance not in ("", "出席", "缺席", "请假", "委托"):
            out.append(f"{who}：签到只能是出席、缺席、请假或委托")
            continue
        if m.attendance != "委托":
            if m.proxy_id is not None or m.proxy_name.strip():
                out.append(f"{who}没有标为“委托”，却写了受托人")
            continue
        if m.proxy_id is None and not m.proxy_name.strip():
            out.append(f"{who}标为“委托”，请写明由谁代签（受托人）")
            continue
        if m.proxy_id is not None:
            if m.proxy_id == m.participant_id:
                out.append(f"{who}不能委托自己")
                continue
            holder = by_id.get(m.proxy_id)
            hname = names.get(m.proxy_id, "")
            if m.proxy_id not in names:
                out.append(f"{who}的受托人不在这次会议的名单里")
            elif holder is None or holder.attendance != "出席":
                out.append(f"{who}委托{hname}代签，但{hname}没有签到出席")
            else:
                held.setdefault(m.proxy_id, []).append(who)
    for pid, whom in held.items():
        if len(whom) > max_per_holder:
            out.append(f"{names.get(pid, pid)}接受了{len(whom)}人的委托（{'、'.join(whom)}），"
                       f"每人最多接受{max_per_holder}人委托")
    return out


def check_proxies(marks: Sequence[SigninMark], names: Mapping[int, str], max_per_holder: int = 1) -> None:
    _raise(proxy_problems(marks, names, max_per_holder), "签到有问题", "请核对签到表上的委托和代签。")


def proxy_text(holder_name: str) -> str:
    """What the minutes show beside a 委托 (absence_reason)."""
    return f"委托{holder_name}代签" if holder_name else ""


@dataclass(frozen=True)
class SigninPerson:
    role: str
    attendance: str
    group: str = ""


@dataclass(frozen=True)
class SigninFigures:
    due: int  # 应到 (roles that count)
    present: int
    proxies: int
    absent: int
    leave: int
    unmarked: int
    groups_required: tuple[str, ...] = ()
    groups_covered: tuple[str, ...] = ()
    walk_ins: int = 0  # came without being on the list: attending, but not in 应到
    proxies_counted: int = 0  # the 委托 that count in 实到 (only when the setting allows)

    @property
    def attending(self) -> int:
        return self.present + self.proxies_counted + self.walk_ins

    @property
    def share(self) -> float | None:
        return self.attending / self.due if self.due else None

    @property
    def groups_missing(self) -> tuple[str, ...]:
        return tuple(g for g in self.groups_required if g not in self.groups_covered)

    def text(self) -> str:
        share = "—" if self.share is None else f"{self.share * 100:.1f}%"
        walk = f"，临时到会{self.walk_ins}" if self.walk_ins else ""
        proxy = (f"，委托{self.proxies_counted}" if self.proxies_counted else "")
        not_counted = self.proxies - self.proxies_counted
        s = (f"应到{self.due}人，实到{self.attending}人（出席{self.present}{proxy}{walk}），"
             f"到会率{share}；缺席{self.absent}，请假{self.leave}，未签{self.unmarked}"
             + (f"；委托{not_counted}人不算到会" if not_counted else "") + "。")
        if self.groups_required:
            required, missing = len(self.groups_required), len(self.groups_missing)
            s += f"楼组覆盖{required - missing}/{required}"
            s += "。" if not missing else "，还没有人到的：" + "、".join(self.groups_missing) + "。"
        return s


def signin_figures(people: Sequence[SigninPerson], groups_required: Sequence[str] = (),
                   walk_ins: Sequence[SigninPerson] = (), proxies_count: bool = False) -> SigninFigures:
    """应到 counts the listed people whose role is due; walk-ins add to 实到 and coverage;
    a 委托 adds to 实到 only when proxies count (and never for a 居民代表)."""
    due = [p for p in people if is_due(p.role)]
    count = {a: sum(1 for p in due if p.attendance == a) for a in ("出席", "委托", "缺席", "请假", "")}
    counted = sum(1 for p in due
                  if p.attendance == "委托" and counts_present(p.attendance, p.role, proxies_count))
    covered = tuple(dict.fromkeys(p.group for p in [*due, *walk_ins]
                                  if counts_present(p.attendance, p.role, proxies_count) and p.group))
    return SigninFigures(len(due), count["出席"], count["委托"], count["缺席"], count["请假"], count[""],
                         tuple(groups_required), covered, len(walk_ins), counted)


# -- what the printed forms show ---------------------------------------------------------------

@dataclass
class SigninRow:
    name: str
    unit: str  # 楼组 or the unit's name
    role: str


@dataclass
class SigninSheet:
    committee: str
    title: str
    kind_label: str
    number: str
    date: dt.date | None
    time: str
    place: str
    rows: list[SigninRow]
    due: int
    blank_rows: int = 6
    # A 居民（代表）会议 signs in by 楼组 from the roster: (楼组, 应到, rows) each on its own
    # sheet; `due` is then the meeting's 应到 and `basis` how it is counted.
    sections: list[tuple[str, int, list[SigninRow]]] = field(default_factory=list)
    basis: str = ""


@dataclass
class EvaluationSheet:
    committee: str
    title: str
    object_name: str
    object_type: str
    period: str
    date: dt.date | None
    scale: str
    options: tuple[str, ...]
    criteria: list[str]
    numbers: list[str]  # one per copy


@dataclass
class BallotSheet:
    committee: str
    title: str
    date: dt.date | None
    motions: list[str]
    numbers: list[str]
    options: tuple[str, ...] = BALLOT_OPTIONS


@dataclass
class TallySheet:
    committee: str
    title: str
    date: dt.date | None
    place: str
    what: str  # 评议表 / 表决票
    options: tuple[str, ...]
    items: list[str]  # criteria or motions
    item_label: str  # 评议内容 / 表决事项
    issued: int | None = None  # printed when known (the copies printed)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # filled in when entered already
    forms: FormCounts | None = None
    attending: int | None = None  # 到会人数: the base of a ballot's majority
