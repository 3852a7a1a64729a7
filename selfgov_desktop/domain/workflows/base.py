"""The vocabulary of a procedure as data: fields, requirements, steps, workflows.

Where a step's values are stored
- A field whose key is in SESSION_COLUMNS is a column of `sessions` (title, date, place,
  chair, recorder, start_time, end_time, number, archive_no, topic_id, prepares_session_id).
- Every other field is stored in the JSON object `sessions.data` under its key, with the
  value types of FIELD_TYPES (dates as "YYYY-MM-DD", booleans as true/false, lists as lists).
- Panels store their rows in their own tables: participants (with role and attendance),
  speeches, votes, evaluation_criteria + evaluation_scores, followups + visits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

SESSION_COLUMNS = frozenset({"title", "number", "date", "start_time", "end_time", "place",
                             "chair", "recorder", "archive_no", "topic_id",
                             "prepares_session_id"})

# What a field holds; a misspelt type fails the type check (and FIELD_TYPES' test).
FieldType = Literal["text", "multiline", "date", "time", "int", "choice", "bool", "groups", "topic",
                    "session", "record", "topics"]
# What a step needs beyond its fields (Need.kind); each is judged by one function registered in
# domain.sessions.NEED_CHECKS.
NeedKind = Literal["participants", "signin", "speeches", "votes", "criteria", "scores", "followups",
                   "followups_closed", "followups_visited", "publicity_ended"]

# type -> stored value
FIELD_TYPES: dict[FieldType, str] = {
    "text": "str",  # one line
    "multiline": "str",  # paragraphs
    "date": "str YYYY-MM-DD",
    "time": "str HH:MM",
    "int": "int",
    "choice": "str, one of choices",
    "bool": "bool",
    "groups": "list[str]: names of 楼组",
    "topic": "int: topics.id (column topic_id)",
    "session": "int: sessions.id (column prepares_session_id)",
    "record": 'str: "session:ID" or "matter:ID" — a meeting or 四议两公开 record in the app',
    "topics": "list[int]: topics.id — several topics of the 议题库 (a 议题征询会 forms several)",
}

# Panels a step can show; each keeps its rows in its own table.
PANELS = ("participants", "signin", "speeches", "votes", "criteria", "scoring", "followups",
          "representativeness", "tally")  # tally: the evaluation's result, read-only

# Sources named in help texts.
# Laws and rules by their real titles, in 《》. The 2006 rules (art. 4 defines a hearing as
# gathering opinions: 广泛讨论，并提出具体意见) are cited by their title, never a nickname.
ORG_LAW = "《中华人民共和国城市居民委员会组织法》"
SH_REG = "《上海市居民委员会工作条例》"
SH_RULES = "《上海市居民区听证会、协调会、评议会制度试行办法》"
CIVIL_CODE = "《中华人民共和国民法典》"
PARTY_RULES = "《中国共产党支部工作条例（试行）》"
LOCAL = "本地惯例"
HUANGPU = "黄浦区“三会三制”做法"


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    type: FieldType = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""
    placeholder: str = ""
    # Required only when another field has one of these values: (field key, values).
    required_if: tuple[str, tuple[Any, ...]] | None = None
    default: Any = None

    @property
    def is_column(self) -> bool:
        return self.key in SESSION_COLUMNS

    def is_required(self, values: dict[str, Any]) -> bool:
        if self.required:
            return True
        if self.required_if is not None:
            other, allowed = self.required_if
            return values.get(other) in allowed
        return False


@dataclass(frozen=True)
class Need:
    """Something a step needs beyond its fields, counted from the panels' tables.

    kind: participants (at least `min` with `role`, or any role when role is empty),
          signin (every participant marked 出席/缺席/请假/委托), speeches, votes, criteria,
          scores (the anonymous counts entered for every criterion), followups (at least `min`),
          followups_closed (every item 已完成 or 已取消), followups_visited (each has a visit),
          publicity_ended (the 公示 has ended, or a reason is recorded for closing early).
    when: as FieldSpec.required_if: the need applies only then.
    """

    kind: NeedKind
    message: str  # what to tell the user when it is missing, e.g. "至少添加一名陈述人"
    min: int = 1
    role: str = ""
    when: tuple[str, tuple[Any, ...]] | None = None

    def applies(self, values: dict[str, Any]) -> bool:
        if self.when is None:
            return True
        other, allowed = self.when
        return values.get(other) in allowed


@dataclass(frozen=True)
class StepDef:
    key: str
    title: str
    help: str  # what to do, in plain Chinese, naming the source
    fields: tuple[FieldSpec, ...] = ()
    panels: tuple[str, ...] = ()
    needs: tuple[Need, ...] = ()
    rules: tuple[str, ...] = ()  # keys of domain.rules.RULES checked at this step
    document: str = ""  # document key this step yields (documents helper), "" = none
    document_title: str = ""
    source: str = ""
    at_meeting: bool = False  # happens at the meeting: cannot be completed before its date

    def field(self, key: str) -> FieldSpec:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)


@dataclass(frozen=True)
class WorkflowDef:
    kind: str
    label: str
    summary: str
    steps: tuple[StepDef, ...]
    roles: tuple[str, ...]  # participant roles offered for this kind, in order
    default_role: str  # role given to residents added without a role
    public: bool = True  # False: no public notice by default (协调会)
    pairs_with: str = ""  # the session kind a pre-meeting prepares / the pre-meeting of a 三会
    rule_system: str = ""  # 公示制 / 责任制 / 承诺制
    group_roles: dict[str, str] = field(default_factory=dict)  # group kind -> role when added whole
    # False: a vote here only shows opinion (听证会: 意向性表决, counts, never 通过)
    votes_decide: bool = True
    # building_coverage: the participant role whose 楼组 count, and whether every 楼组 of the
    # roster must be covered when the session names none (评议: the whole 居民区 is evaluated)
    coverage_role: str = ""
    coverage_all_groups: bool = False
    # the paper a meeting of this kind gets (domain.paper.FORM_KINDS): a sign-in sheet always;
    # 评议表 and its 统计表 where residents evaluate; 表决票 and 统计表 where votes are taken
    paper_forms: tuple[str, ...] = ("signin",)
    # who signs the record besides 主持人 and 记录人: the 听证代表 who took part (DOMAIN §3.5)
    record_signed_by: str = ""

    def step(self, key: str) -> StepDef:
        for s in self.steps:
            if s.key == key:
                return s
        raise KeyError(key)

    def step_keys(self) -> list[str]:
        return [s.key for s in self.steps]

    def index(self, key: str) -> int:
        if key == "closed":
            return len(self.steps)
        return [s.key for s in self.steps].index(key)

    @property
    def first(self) -> str:
        return self.steps[0].key

    def next_key(self, key: str) -> str:
        i = self.index(key)
        return self.steps[i + 1].key if i + 1 < len(self.steps) else "closed"

    def all_fields(self) -> dict[str, FieldSpec]:
        return {f.key: f for s in self.steps for f in s.fields}

    def all_rules(self) -> list[str]:
        out: list[str] = []
        for s in self.steps:
            out += [r for r in s.rules if r not in out]
        return out


# Fields shared by several kinds.
def title_field(placeholder: str) -> FieldSpec:
    return FieldSpec("title", "会议名称", required=True, placeholder=placeholder,
                     help="写清楚议什么，例如“关于3号楼加装电梯方案的听证会”。")


DATE = FieldSpec("date", "会议日期", "date", required=True)
START = FieldSpec("start_time", "开始时间", "time", placeholder="14:00")
END = FieldSpec("end_time", "结束时间", "time", placeholder="16:00")
PLACE = FieldSpec("place", "地点", required=True, placeholder="居委会会议室")
CHAIR = FieldSpec("chair", "主持人", required=True, help="通常由居委会主任或书记主持。")
RECORDER = FieldSpec("recorder", "记录人", required=True, help="负责记录、整理纪要的社工或委员。")
