"""Plain data for documents: what a minutes PDF, a notice or a ledger shows.

`services/documents.py` fills these from the store; `documents/` turns them into files. Nothing
here reads or writes anything. Also: the notice kinds, the template placeholders, and the
last line of defence that keeps ID numbers and phone numbers off public paper."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from . import masking
from .model import CommitteeSettings

# ---------------------------------------------------------------- notices


class NoticeKind(StrEnum):
    HEARING_NOTICE = "hearing_notice"  # 听证会公告 (before)
    HEARING_RESULT = "hearing_result"  # 听证结果公示
    EVALUATION_RESULT = "evaluation_result"  # 评议结果公示

    @property
    def label(self) -> str:
        return NOTICE_KIND_LABELS.get(self.value, self.value)


# Kinds added by other features (decisions: 会议公告, 决议公开, 实施结果公开) register their
# labels here too; an unknown kind prints as its key.
NOTICE_KIND_LABELS: dict[str, str] = {
    "hearing_notice": "听证会公告",
    "hearing_result": "听证结果公示",
    "evaluation_result": "评议结果公示",
    "meeting_notice": "会议公告",
    "resolution": "决议公开",
    "implementation": "实施结果公开",
}

# Three kinds of posting, one meaning each (the words are used only so, everywhere):
# 公告 announces something ahead (a meeting): contact, no 公示期, "特此公告。";
# 公示 publishes a result for objections: 公示期 counted with both ends, how to object,
#      监督电话, "特此公示。";
# 公开 discloses a decision or its execution (居务公开): 公开期限, "特此公开。".
NOTICE_CATEGORY: dict[str, str] = {
    "hearing_notice": "公告", "meeting_notice": "公告",
    "hearing_result": "公示", "evaluation_result": "公示",
    "resolution": "公开", "implementation": "公开",
}
CLOSING = {"公告": "特此公告。", "公示": "特此公示。", "公开": "特此公开。"}


def notice_category(kind: str) -> str:
    return NOTICE_CATEGORY.get(kind, "公示")


def notice_label(kind: str) -> str:
    return NOTICE_KIND_LABELS.get(kind, kind)


def notice_closing(kind: str) -> str:
    return CLOSING[notice_category(kind)]


def subject_of(title: str) -> str:
    """What a meeting is about, from its name: 关于3号楼加装电梯方案的听证会 → 3号楼加装电梯方案;
    关于停车管理的居民会议 → 停车管理居民会议 (so a title never reads 关于召开关于…)."""
    t = (title or "").strip()
    if t.startswith("关于"):
        t = t[2:]
    for tail in ("的听证会", "的协调会", "的评议会", "听证会", "协调会", "评议会"):
        if t.endswith(tail) and len(t) > len(tail):
            return t[: -len(tail)]
    for tail in ("的居民代表会议", "的居民会议"):
        if t.endswith(tail):
            return t[: -len(tail)] + tail[1:]
    return t


def notice_title(kind: str, name: str, matter: str = "") -> str:
    """The title a person would write, by kind. name: the meeting's name; matter: the
    四议两公开 matter (决议公开 / 实施结果公开 of a matter name the matter, not the meeting)."""
    s = subject_of(name)
    if kind == "hearing_notice":
        return f"关于召开{s}听证会的公告"
    if kind == "meeting_notice":
        return f"关于召开{s}的公告"
    if kind == "hearing_result":
        return f"关于{s}听证结果的公示"
    if kind == "evaluation_result":
        base = (name or "").strip()
        base = base[:-1] if base.endswith("评议会") else base
        return f"关于{subject_of(base) if base.startswith('关于') else base}结果的公示"
    if kind == "resolution":
        return f"关于{subject_of(matter) if matter else s}决议的公开"
    if kind == "implementation":
        return f"关于{subject_of(matter) if matter else s}实施结果的公开"
    return name


_CJK = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_SPACE_BEFORE = re.compile(f"(?<=[{_CJK}，。；：、（）“”])[ \u00a0]+(?=[0-9A-Za-z%.])")
_SPACE_AFTER = re.compile(f"(?<=[0-9A-Za-z%])[ \u00a0]+(?=[{_CJK}，。；：、（）“”])")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_DOUBLE_PUNCT = re.compile("[。；，、]+(?=[，。；])")


def tidy(text: str) -> str:
    """Chinese typesetting for printed text (GB/T 15834/15835 practice): no spaces between
    Chinese and numbers, no thousands separators, no "。，" where a filled-in value ended
    with its own stop."""
    if not text:
        return text or ""
    t = _THOUSANDS.sub("", text)
    t = _SPACE_BEFORE.sub("", t)
    t = _SPACE_AFTER.sub("", t)
    t = _DOUBLE_PUNCT.sub("", t)
    return t.replace("：。", "。").replace("：，", "：")


@dataclass
class NoticeData:
    committee: CommitteeSettings
    kind: str
    title: str
    body: str  # paragraphs separated by blank lines or newlines
    posted_from: dt.date | None = None
    posted_until: dt.date | None = None
    signed_on: dt.date | None = None  # 落款日期; default posted_from
    public: bool = True
    table_title: str = ""
    table_header: list[str] = field(default_factory=list)
    table_rows: list[list[str]] = field(default_factory=list)
    objection_days: int = 3  # 公示: objections answered within N days

    @property
    def closing(self) -> str:
        return notice_closing(self.kind)

    @property
    def category(self) -> str:
        return notice_category(self.kind)


_PLACEHOLDER = re.compile(r"\{([^{}\s]{1,30})\}")


_NUMERALS = "一二三四五六七八九十"
_NUMBERED = re.compile(rf"^(\s*)([{_NUMERALS}])、")


def fill_template(template: str, values: Mapping[str, object]) -> str:
    """Replace {名称} placeholders; an unknown placeholder stays visible for the staff to fix.
    A numbered item ("二、主要意见：{主要意见}") whose every placeholder is known and empty is
    left out (a notice prints no heading with nothing under it) and the items after it are
    numbered on (一、二、…)."""

    def repl(m: re.Match[str]) -> str:
        key = m.group(1)
        if key in values and values[key] is not None:
            return str(values[key])
        return m.group(0)

    def empty(line: str) -> bool:
        keys = _PLACEHOLDER.findall(line)
        return bool(keys) and bool(_NUMBERED.match(line)) and all(
            k in values and str(values[k] if values[k] is not None else "").strip(" 。") == ""
            for k in keys)

    lines = template.split("\n")
    kept = [line for line in lines if not empty(line)]
    if len(kept) < len(lines):
        n = 0
        for i, line in enumerate(kept):
            m = _NUMBERED.match(line)
            if m and n < len(_NUMERALS):
                kept[i] = f"{m.group(1)}{_NUMERALS[n]}、{line[m.end():]}"
                n += 1
    return _PLACEHOLDER.sub(repl, "\n".join(kept))


def placeholders(template: str) -> list[str]:
    return list(dict.fromkeys(_PLACEHOLDER.findall(template)))


def scrub_public(text: str, keep: tuple[str, ...] = ()) -> str:
    """Nothing public shows an ID number, a personal phone or a room number (DOMAIN.md §7).

    ID numbers are dropped, mobiles are masked 138****1234, addresses stop at the building,
    whatever the spacing, punctuation or digit width (full-width digits become ordinary ones).
    `keep` lists phone numbers that are meant to be public (监督电话, office phone)."""
    text = masking.half_width(text or "")
    keep_digits = frozenset(re.sub(r"\D", "", masking.half_width(k)) for k in keep if k)
    text = masking.scrub_ids(text)
    text = masking.scrub_mobiles(text, keep_digits)
    text = masking.scrub_rooms(text)
    return masking.scrub_long_numbers(text)


def scrub_personal_phones(text: str, phones: list[str]) -> str:
    """Mask the given known personal phone numbers (landlines too) wherever they appear, in
    any spacing or digit width."""
    personal = frozenset(d for d in (re.sub(r"[^\dXx]", "", masking.half_width(p)).upper()
                                     for p in phones if p) if len(d) >= 7)
    return masking.scrub_known_phones(masking.half_width(text), personal)


# ---------------------------------------------------------------- minutes


@dataclass
class Attendee:
    name: str
    role: str = ""
    attendance: str = ""  # 出席 / 缺席 / 请假 / 委托 / ''
    absence_reason: str = ""
    unit: str = ""  # unit name when the person represents a unit


@dataclass
class SpeechLine:
    speaker: str
    stance: str = ""
    content: str = ""


@dataclass
class VoteLine:
    motion: str
    method: str = "举手"
    base: int | None = None
    yes: int = 0
    no: int = 0
    abstain: int = 0
    rule: str = ""
    passed: bool | None = None

    @property
    def result(self) -> str:
        if self.rule == "意向性表决":  # a hearing's vote shows opinion, decides nothing
            return "仅表明意向"
        if self.passed is None:
            return "未判定"
        return "通过" if self.passed else "未通过"


SATISFIED = ("满意", "基本满意")
GOOD = ("优秀", "称职", "基本称职")


@dataclass
class ScoreLine:
    """One criterion of an evaluation: counts per option."""

    criterion: str
    counts: dict[str, int] = field(default_factory=dict)
    rate: float | None = None  # as computed for the session's scale; None: computed here

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def satisfaction(self) -> float | None:
        return self.rate if self.rate is not None else satisfaction_rate(self.counts)


def satisfaction_rate(counts: Mapping[str, int]) -> float | None:
    """(满意 + 基本满意) ÷ valid forms; for members (优秀+称职+基本称职) ÷ valid; 1–5 scale: ≥3."""
    total = sum(counts.values())
    if total <= 0:
        return None
    if any(k in counts for k in SATISFIED) or "不满意" in counts:
        good = sum(counts.get(k, 0) for k in SATISFIED)
    elif any(k in counts for k in GOOD) or "不称职" in counts:
        good = sum(counts.get(k, 0) for k in GOOD)
    else:
        good = sum(v for k, v in counts.items() if k.isdigit() and int(k) >= 3)
    return good / total


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


@dataclass
class Commitment:
    item: str
    responsible: str = ""
    deadline: dt.date | None = None
    status: str = ""
    kind: str = ""  # 责任制 / 承诺制 / 落实


@dataclass
class CheckLine:
    name: str
    ok: bool | None
    message: str = ""
    waived: bool = False  # not followed, with a reason recorded (说明理由)


@dataclass
class OverrideLine:
    rule: str
    reason: str
    by_user: str = ""
    at: str = ""


@dataclass
class MinutesData:
    committee: CommitteeSettings
    kind: str  # SessionKind value
    kind_label: str
    title: str
    number: str = ""
    date: dt.date | None = None
    start_time: str = ""
    end_time: str = ""
    place: str = ""
    chair: str = ""
    recorder: str = ""
    topic: str = ""
    topic_source: str = ""
    attendees: list[Attendee] = field(default_factory=list)
    expected: int | None = None  # 应到 (domain.paper.due_and_present); default: everyone listed
    actual: int | None = None  # 实到 by the same definition; default: those marked 出席/委托
    agenda: list[str] = field(default_factory=list)  # procedure / agenda items
    sections: list[tuple[str, str]] = field(default_factory=list)  # (heading, text) from steps
    speeches: list[SpeechLine] = field(default_factory=list)
    votes: list[VoteLine] = field(default_factory=list)
    scores: list[ScoreLine] = field(default_factory=list)
    score_options: list[str] = field(default_factory=list)
    rate_label: str = "满意率"
    # what each score row is: an item of the evaluation, or (each member rated) a member
    item_label: str = "评议内容"
    forms: dict[str, int] = field(default_factory=dict)  # 发出/收回/有效/无效
    # the evaluation's result as domain.evaluation.session_result computes it (the one
    # definition the page, notice and ledger read too)
    overall_rate: float | None = None
    overall_text: str = ""
    outcome: str = ""
    commitments: list[Commitment] = field(default_factory=list)
    checks: list[CheckLine] = field(default_factory=list)
    compliance: int | None = None
    overrides: list[OverrideLine] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)  # coordination: each party signs
    archive_no: str = ""
    doc_name: str = ""  # 听证会笔录 / 听证纪要 / 协调会记录…; default "<kind>会议记录"
    signers: list[str] = field(default_factory=list)  # besides chair and recorder (听证代表)

    @property
    def present(self) -> list[Attendee]:
        return [a for a in self.attendees if a.attendance in ("出席", "委托")]

    @property
    def absent(self) -> list[Attendee]:
        return [a for a in self.attendees if a.attendance in ("缺席", "请假")]

    @property
    def units_present(self) -> list[str]:
        return list(dict.fromkeys(a.unit for a in self.present if a.unit))


# ---------------------------------------------------------------- ledgers

# DOMAIN.md §7, in this order.
SESSION_LEDGER_COLUMNS = [
    "序号", "编号", "类型", "议题", "议题来源", "通知日期", "会议日期", "地点", "主持人", "记录人",
    "应到/实到", "参会构成", "主要意见", "结果", "公示起止", "责任人", "期限", "落实情况",
    "回访日期/结果", "规范程度", "归档号",
]


@dataclass
class SessionLedgerRow:
    number: str
    kind: str  # SessionKind value
    kind_label: str
    topic: str
    topic_source: str = ""
    notice_date: dt.date | None = None
    date: dt.date | None = None
    place: str = ""
    chair: str = ""
    recorder: str = ""
    expected: int = 0
    present: int = 0
    composition: str = ""
    opinions: str = ""
    result: str = ""
    publicity: str = ""  # 公示起止
    responsible: str = ""
    deadline: dt.date | None = None
    implementation: str = ""
    visits: str = ""
    compliance: int | None = None
    archive_no: str = ""
    satisfaction: float | None = None  # for the yearly statistics
    overridden: int = 0  # number of recorded rule overrides


FOLLOWUP_COLUMNS = ["序号", "会议编号", "会议", "类别", "事项", "责任人", "期限", "状态", "完成日期",
                    "回访次数", "最近回访", "回访结果"]


@dataclass
class FollowupLedgerRow:
    session_number: str
    session_title: str
    kind: str
    item: str
    responsible: str = ""
    deadline: dt.date | None = None
    status: str = ""
    done_on: dt.date | None = None
    visit_count: int = 0
    last_visit: dt.date | None = None
    visit_results: str = ""


TOPIC_COLUMNS = ["序号", "编号", "议题", "类别", "来源", "提出人数", "楼号", "状态", "相关会议",
                 "决定", "登记日期"]


@dataclass
class TopicLedgerRow:
    id: int
    title: str
    category: str = ""
    source: str = ""
    raisers: int = 0
    building: str = ""
    state: str = ""
    sessions: str = ""
    decision: str = ""
    created: dt.date | None = None


ATTENDANCE_COLUMNS = ["序号", "姓名", "楼组", "楼号", "身份", "参会次数", "听证会", "协调会", "评议会",
                      "其他会议", "缺席/请假", "最近参会"]


@dataclass
class AttendanceLedgerRow:
    name: str
    group: str = ""
    building: str = ""
    roles: str = ""
    attended: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)  # kind value -> count
    absent: int = 0
    last_date: dt.date | None = None


ROSTER_COLUMNS = ["序号", "姓名", "性别", "出生日期", "身份证号", "联系电话", "楼组", "楼号", "室号",
                  "居住地址", "人口状态", "身份", "备注"]


@dataclass
class RosterRow:
    name: str
    sex: str = ""
    birth: dt.date | str | None = None
    id_number: str = ""
    phone: str = ""
    group: str = ""
    building: str = ""
    room: str = ""
    address: str = ""
    population_type: str = ""
    roles: str = ""
    note: str = ""


@dataclass
class YearStats:
    year: int
    minimum_per_year: dict[str, int] = field(default_factory=dict)  # kind -> configured minimum
    per_quarter: dict[str, list[int]] = field(default_factory=dict)  # kind -> [q1..q4]
    person_times: dict[str, int] = field(default_factory=dict)  # kind -> attendances
    satisfaction: dict[str, float | None] = field(default_factory=dict)  # kind -> mean rate
    compliance: dict[str, float | None] = field(default_factory=dict)  # kind -> mean score
    overrides: dict[str, int] = field(default_factory=dict)


@dataclass
class LedgerBook:
    committee: CommitteeSettings
    year: int | None  # None: all years
    made_on: dt.date
    made_by: str = ""
    sessions: list[SessionLedgerRow] = field(default_factory=list)
    followups: list[FollowupLedgerRow] = field(default_factory=list)
    topics: list[TopicLedgerRow] = field(default_factory=list)
    attendance: list[AttendanceLedgerRow] = field(default_factory=list)
    roster: list[RosterRow] = field(default_factory=list)
    stats: YearStats | None = None
