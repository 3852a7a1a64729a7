"""The committee's vocabulary: settings, statuses, kinds. Pure data, no storage."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from enum import StrEnum


@dataclass
class CommitteeSettings:
    """Who we are; printed on every document."""

    name: str = ""  # 全称，与公章一致：上海市XX区XX街道XX居民委员会
    district: str = ""  # 区
    street: str = ""  # 街道/镇
    address: str = ""  # 办公地址
    phone: str = ""  # 联系电话
    supervision_phone: str = ""  # 监督电话
    contact_person: str = ""  # 联系人

    def is_complete(self) -> bool:
        return bool(self.name.strip() and self.street.strip() and self.supervision_phone.strip())

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> CommitteeSettings:
        names = {f.name for f in fields(cls)}
        return cls(**{k: str(v) for k, v in data.items() if k in names and v is not None})


class ResidentStatus(StrEnum):
    ACTIVE = "在册"
    MOVED_OUT = "迁出"
    DECEASED = "死亡"


class GroupKind(StrEnum):
    BUILDING = "楼组"
    RESIDENTS_GROUP = "居民小组"
    REPRESENTATIVES = "居民代表"
    TEAM = "队伍"  # 志愿者队伍、巡逻队、文体团队……
    FIVE_OFFICERS = "五大员"


# The 五大员 roles within a 楼组.
FIVE_OFFICER_ROLES = ("宣传员", "调解员", "安全员", "社保员", "卫生员")


class UnitKind(StrEnum):
    PROPERTY = "物业公司"
    OWNERS_COMMITTEE = "业委会"
    POLICE = "社区民警"
    RESIDENT_UNIT = "驻区单位"
    DEPARTMENT = "职能部门"
    SOCIAL_WORK = "社工站"
    OTHER = "其他"


class StaffRole(StrEnum):
    DIRECTOR = "主任"  # 主任/书记: everything incl. settings and accounts
    MEMBER = "委员"  # 委员/社工: records
    READONLY = "只读"  # view and print


class SessionKind(StrEnum):
    HEARING = "hearing"
    COORDINATION = "coordination"
    EVALUATION = "evaluation"
    TOPIC_CONSULTATION = "topic_consultation"
    DEMOCRATIC_TALK = "democratic_talk"
    SUPERVISION_REVIEW = "supervision_review"
    RESIDENTS_MEETING = "residents_meeting"
    REPRESENTATIVES_MEETING = "representatives_meeting"

    @property
    def label(self) -> str:
        return SESSION_KIND_LABELS[self]


SESSION_KIND_LABELS: dict[SessionKind, str] = {
    SessionKind.HEARING: "听证会",
    SessionKind.COORDINATION: "协调会",
    SessionKind.EVALUATION: "评议会",
    SessionKind.TOPIC_CONSULTATION: "议题征询会",
    SessionKind.DEMOCRATIC_TALK: "民主恳谈会",
    SessionKind.SUPERVISION_REVIEW: "监督合议会",
    SessionKind.RESIDENTS_MEETING: "居民会议",
    SessionKind.REPRESENTATIVES_MEETING: "居民代表会议",
}

THREE_MEETINGS = (SessionKind.HEARING, SessionKind.COORDINATION, SessionKind.EVALUATION)
