"""会议记录 (minutes) of one session: everything recorded, nothing retyped."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.platypus import Flowable, KeepTogether, Spacer

from ..domain.dates import cn_date
from ..domain.documents import Attendee, MinutesData, percent, satisfaction_rate
from . import pdf
from .pdf import BODY_LEADING, para

CN_NUM = "一二三四五六七八九十"
TWO_UP_FROM = 16  # attendees; more are listed two per row

DEFAULT_AGENDA = {
    "hearing": ["主持人宣布听证会开始，说明听证纪律，介绍记录人", "陈述人介绍方案",
                "听证代表发言（必要性、可行性、具体内容）", "询问与答复", "最后陈述", "表决（如有）",
                "主持人总结"],
    "coordination": ["主持人说明协调事项和规则", "各方当事人陈述事实和理由", "主持人询问、归纳争议焦点",
                     "协商调解", "形成协调结果"],
    "evaluation": ["主持人说明评议内容和办法", "评议对象述职", "评议代表提问，评议对象答复",
                   "无记名填写评议表", "当场公开计票", "宣布评议结果"],
}


def cn_number(i: int) -> str:
    """1..99 in Chinese numerals: 十一, 二十, 二十三."""
    if i <= 10:
        return CN_NUM[i - 1]
    if i < 20:
        return "十" + CN_NUM[i - 11]
    if i < 100:
        tens, ones = divmod(i, 10)
        return CN_NUM[tens - 1] + "十" + (CN_NUM[ones - 1] if ones else "")
    return str(i)


def _num(i: int) -> str:
    return cn_number(i) + "、"


def _names(people: Sequence[Attendee], with_role: bool = True) -> str:
    out = []
    for a in people:
        extra = "，".join(x for x in (a.unit, a.role if with_role else "") if x)
        out.append(f"{a.name}（{extra}）" if extra else a.name)
    return "、".join(out) or "无"


def flowables(m: MinutesData) -> list[Flowable]:
    out = _heading(m)
    n = 0

    def section(text: str, keep_lines: int = 3) -> list[Flowable]:
        nonlocal n
        n += 1
        return pdf.heading(_num(n) + text, keep_lines)

    out += section("出席情况")
    out += _attendance(m)
    out += section("会议议程")
    out += _agenda(m)
    for head, text in m.sections:
        if text and text.strip():
            out += section(head)
            out += _paragraphs(text)
    out += section("发言记录")
    out += _speeches(m)
    if m.votes:
        out += section("表决情况", 6)
        out += _votes(m)
    if m.scores:
        out += section("评议结果", 7)
        out += _scores(m)
    if m.outcome:
        out += section("会议结果")
        out += _paragraphs(m.outcome)
    if m.commitments:
        head = {"coordination": "协议事项与责任分工（责任制）",
                "evaluation": "整改承诺（承诺制）"}.get(m.kind, "落实事项")
        out += section(head, 6)
        out += _commitments(m)
    if m.checks or m.overrides:
        out += section("程序规范检查", 7)
        out += _checks(m)
    out.append(_signatures(m))
    return out


def _heading(m: MinutesData) -> list[Flowable]:
    out: list[Flowable] = []
    out.append(para(m.committee.name or "", "subtitle"))
    out.append(pdf.title(m.title or m.kind_label))
    sub = f"{m.kind_label}会议记录"
    if m.number:
        sub += f"（编号：{m.number}）"
    out.append(para(sub, "subtitle"))

    when = cn_date(m.date) if m.date else "未定"
    if m.start_time:
        when += f" {m.start_time}" + (f"—{m.end_time}" if m.end_time else "")
    out.append(pdf.field_line("时间", when))
    out.append(pdf.field_line("地点", m.place or "未填"))
    out.append(pdf.field_line("主持人", m.chair or "未填"))
    out.append(pdf.field_line("记录人", m.recorder or "未填"))
    if m.topic:
        out.append(pdf.field_line("议题", m.topic))
    if m.topic_source:
        out.append(pdf.field_line("议题来源", m.topic_source))
    return out


def _attendance(m: MinutesData) -> list[Flowable]:
    out: list[Flowable] = []
    present, absent = m.present, m.absent
    expected = m.expected if m.expected is not None else len(m.attendees)
    actual = m.actual if m.actual is not None else len(present)
    out.append(para(f"应到 {expected} 人，实到 {actual} 人，缺席（含请假）{len(absent)} 人。"))
    if len(m.attendees) > TWO_UP_FROM:
        # two people per row: a long sign-in list on half the pages
        def cells(i: int, a: Attendee) -> list[str]:
            role = a.role + (f"（{a.unit}）" if a.unit else "")
            return [str(i), a.name, role, a.attendance or "未签到"]

        half = -(-len(m.attendees) // 2)
        left = [cells(i, a) for i, a in enumerate(m.attendees[:half], 1)]
        right = [cells(i, a) for i, a in enumerate(m.attendees[half:], half + 1)]
        right += [["", "", "", ""]] * (len(left) - len(right))
        out.append(pdf.table(["序号", "姓名", "身份", "签到"] * 2,
                             [lt + rt for lt, rt in zip(left, right, strict=True)],
                             [0.75, 1.3, 1.6, 0.8] * 2, centre_cols=(0, 3, 4, 7)))
    elif m.attendees:
        rows = [[str(i), a.name, a.role, a.unit, a.attendance or "未签到",
                 a.absence_reason] for i, a in enumerate(m.attendees, 1)]
        out.append(pdf.table(["序号", "姓名", "身份", "单位", "签到", "缺席原因"], rows,
                             [0.7, 1.6, 1.6, 2.4, 1.0, 2.0], centre_cols=(0, 4)))
    if m.units_present:
        out.append(para("出席单位：" + "、".join(m.units_present), "plain"))
    if absent:
        out.append(para("缺席：" + "、".join(
            f"{a.name}（{a.attendance}{'，' + a.absence_reason if a.absence_reason else ''}）"
            for a in absent), "plain"))
    return out


def _agenda(m: MinutesData) -> list[Flowable]:
    agenda = m.agenda or DEFAULT_AGENDA.get(m.kind, [])
    out: list[Flowable] = [para(f"{i}. {item}", "plain") for i, item in enumerate(agenda, 1)]
    return out or [para("（未记录）", "plain")]


def _paragraphs(text: str) -> list[Flowable]:
    return [para(p.strip()) for p in text.strip().split("\n") if p.strip()]


def _speeches(m: MinutesData) -> list[Flowable]:
    if not m.speeches:
        return [para("（无发言记录）", "plain")]
    return [pdf.field_line(s.speaker + (f"（{s.stance}）" if s.stance else ""),
                           s.content or "（未记录内容）") for s in m.speeches]


def _votes(m: MinutesData) -> list[Flowable]:
    rows = [[v.motion, v.method, "" if v.base is None else str(v.base), str(v.yes), str(v.no),
             str(v.abstain), v.rule, v.result] for v in m.votes]
    return [pdf.table(["表决事项", "方式", "基数", "赞成", "反对", "弃权", "规则", "结果"], rows,
                      [3.0, 0.9, 0.8, 0.8, 0.8, 0.8, 2.2, 1.0],
                      centre_cols=(1, 2, 3, 4, 5, 7))]


def _scores(m: MinutesData) -> list[Flowable]:
    out: list[Flowable] = []
    if m.forms:
        out.append(para("，".join(f"{k} {v} 份" for k, v in m.forms.items()) + "。", "plain"))
    options = m.score_options or list(dict.fromkeys(o for s in m.scores for o in s.counts))
    rows = [[s.criterion, *[str(s.counts.get(o, 0)) for o in options], percent(s.satisfaction)]
            for s in m.scores]
    if not m.overall_text:
        totals: dict[str, int] = {o: sum(s.counts.get(o, 0) for s in m.scores) for o in options}
        rows.append(["合计", *[str(totals[o]) for o in options], percent(satisfaction_rate(totals))])
    out.append(pdf.table(["评议内容", *options, m.rate_label], rows,
                         [2.6] + [1.2] * len(options) + [1.3],
                         centre_cols=tuple(range(1, len(options) + 2))))
    if m.overall_text:  # the same result the page, the 公示 and the 台账 show
        out.append(para(f"评议结果：{m.overall_text}。", "plain"))
    if m.rate_label == "满意率":
        out.append(para("满意率 =（满意 + 基本满意）÷ 有效票数；总体结果按“总体评价”一项计算，"
                        "没有这一项时按各项合计计算。", "small"))
    return out


def _commitments(m: MinutesData) -> list[Flowable]:
    rows = [[str(i), c.item, c.responsible, cn_date(c.deadline) if c.deadline else "",
             c.status] for i, c in enumerate(m.commitments, 1)]
    return [pdf.table(["序号", "事项", "责任方", "期限", "状态"], rows,
                      [0.8, 3.3, 1.8, 2.6, 1.1], centre_cols=(0, 3, 4))]


def _checks(m: MinutesData) -> list[Flowable]:
    out: list[Flowable] = []
    if m.compliance is not None:
        out.append(para(f"规范程度得分：{m.compliance} 分（满分 100 分）。", "plain"))
    if m.checks:
        rows = [[c.name, {True: "符合", False: "不符合", None: "未检查"}[c.ok], c.message]
                for c in m.checks]
        out.append(pdf.table(["检查项", "结果", "说明"], rows, [2.6, 1.0, 5.0], centre_cols=(1,)))
    for o in m.overrides:
        out.append(para(f"经说明理由后未按“{o.rule}”执行：{o.reason}"
                        f"（{o.by_user}{'，' + cn_date(o.at) if o.at else ''}记录）。", "plain"))
    return out


def _signatures(m: MinutesData) -> Flowable:
    labels = ["主持人", "记录人"]
    if m.kind == "coordination":
        labels += [f"当事人 {p}" for p in m.parties]
    sig: list[Flowable] = [Spacer(1, BODY_LEADING / 2), para("散会。", "body"),
                           Spacer(1, BODY_LEADING / 2), pdf.signature_lines(labels)]
    if m.archive_no:
        sig.append(para(f"归档号：{m.archive_no}", "small"))
    return KeepTogether(sig)


def render(m: MinutesData) -> tuple[bytes, int]:
    return pdf.build(flowables(m), doc_title=f"{m.title} 会议记录", author=m.committee.name)


def write(m: MinutesData, path: str | Path) -> tuple[Path, int]:
    return pdf.write(path, flowables(m), doc_title=f"{m.title} 会议记录", author=m.committee.name)
