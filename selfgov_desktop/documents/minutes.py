"""会议记录 (minutes) of one session: everything recorded, nothing retyped."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.platypus import Flowable, KeepTogether, Spacer

from ..domain.dates import cn_date
from ..domain.documents import Attendee, MinutesData, percent, satisfaction_rate
from ..domain.paper import is_due
from . import pdf
from .pdf import BODY_LEADING, para

CN_NUM = "一二三四五六七八九十"
TWO_UP_FROM = 16  # attendees; more are listed two per row

DEFAULT_AGENDA = {
    "hearing": ["主持人宣布听证会开始，说明听证纪律，介绍记录人", "陈述人介绍方案",
                "听证代表发言（必要性、可行性、具体内容）", "询问与答复", "最后陈述", "主持人总结"],
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
    out: list[str] = []
    for a in people:
        extra = "，".join(x for x in (a.unit, a.role if with_role else "") if x)
        out.append(f"{a.name}（{extra}）" if extra else a.name)
    return "、".join(out) or "无"


def _attendance_line(m: MinutesData) -> str:
    """应到 / 实到 / 缺席 that add up, by the one definition (domain.paper: who is due, whether
    a proxy counts). A 居民（代表）会议 counted at the door gives its base and those present."""
    counted = [a for a in m.attendees if is_due(a.role)]
    absent = [a for a in counted if a.attendance in ("缺席", "请假")]
    actual = m.actual if m.actual is not None else len(m.present)
    if m.expected is not None and m.expected != len(counted):
        line = f"应到{m.expected}人，实到{actual}人"
        if m.expected >= actual:
            line += f"，未到{m.expected - actual}人"
        if absent:
            line += f"（其中请假、缺席登记{len(absent)}人）"
        return line + "。"
    expected = len(counted)
    proxies = sum(1 for a in counted if a.attendance == "委托")
    proxies_counted = max(0, actual - sum(1 for a in counted if a.attendance == "出席"))
    not_counted = proxies - proxies_counted
    unsigned = expected - actual - len(absent) - not_counted
    line = f"应到{expected}人，实到{actual}人，缺席（含请假）{len(absent)}人"
    if not_counted:
        line += f"，委托他人出席{not_counted}人（不计入实到）"
    elif proxies_counted:
        line += f"（实到中委托出席{proxies_counted}人）"
    if unsigned > 0:
        line += f"，未签到{unsigned}人"
    others = [a for a in m.attendees if not is_due(a.role) and a.attendance in ("出席", "委托")]
    if others:
        line += f"；另有列席、旁听{len(others)}人"
    return line + "。"


Block = tuple[str, int, list[Flowable]]  # a numbered section: its heading, lines kept with it, body


def flowables(m: MinutesData) -> list[Flowable]:
    out = _heading(m)
    blocks: list[Block] = [("出席情况", 3, _attendance(m)), *_agenda(m), *_sections(m), *_speeches(m),
                           *_votes(m), *_scores(m), *_outcome(m), *_commitments(m), *_waived(m)]
    for n, (head, keep_lines, body) in enumerate(blocks, 1):
        out += pdf.heading(_num(n) + head, keep_lines)
        out += body
    out += _signatures(m)
    return out


def _heading(m: MinutesData) -> list[Flowable]:
    out: list[Flowable] = []
    out.append(para(m.committee.name or "", "subtitle"))
    out.append(pdf.title(m.title or m.kind_label))
    sub = m.doc_name or f"{m.kind_label}会议记录"
    if m.number:
        sub += f"（编号：{m.number}）"
    out.append(para(sub, "subtitle"))

    if m.date:
        when = cn_date(m.date)
        if m.start_time:
            when += f"{m.start_time}" + (f"—{m.end_time}" if m.end_time else "")
        out.append(pdf.field_line("时间", when))
    for label, value in (("地点", m.place), ("主持人", m.chair), ("记录人", m.recorder),
                         ("议题", m.topic), ("议题来源", m.topic_source)):
        if value:
            out.append(pdf.field_line(label, value))
    return out


def _attendance(m: MinutesData) -> list[Flowable]:
    out: list[Flowable] = []
    absent = m.absent
    out.append(para(_attendance_line(m)))
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


def _agenda(m: MinutesData) -> list[Block]:
    agenda = list(m.agenda or DEFAULT_AGENDA.get(m.kind, []))
    if m.kind == "hearing" and m.votes and not m.agenda:
        agenda.insert(-1, "意向性表决（只反映倾向，不作决定）")
    if not agenda:
        return []
    return [("会议议程", 3, [para(f"{i}. {item}", "plain") for i, item in enumerate(agenda, 1)])]


def _paragraphs(text: str) -> list[Flowable]:
    return [para(p.strip()) for p in text.strip().split("\n") if p.strip()]


def _sections(m: MinutesData) -> list[Block]:
    out: list[Block] = []
    seen: set[str] = {" ".join(m.outcome.split())} if m.outcome else set()
    for head, text in m.sections:
        key = " ".join((text or "").split())
        if not key or key in seen:
            continue  # a text recorded in two steps is printed once
        seen.add(key)
        out.append((head, 3, _paragraphs(text)))
    return out


def _speeches(m: MinutesData) -> list[Block]:
    speeches = [s for s in m.speeches if (s.content or "").strip()]
    if not speeches:
        return []
    return [("发言记录", 3, [pdf.field_line(s.speaker + (f"（{s.stance}）" if s.stance else ""), s.content)
                         for s in speeches])]


def _votes(m: MinutesData) -> list[Block]:
    if not m.votes:
        return []
    if m.kind == "hearing":
        rows = [[v.motion, v.method, str(v.yes), str(v.no), str(v.abstain)] for v in m.votes]
        return [("意向性表决", 6, [
            para("听证会的表决是意向性表决，只反映参加人员的倾向，不作决定；"
                 "事项由有权决定的会议或单位决定。", "plain"),
            pdf.table(["事项", "方式", "赞成", "反对", "弃权"], rows,
                      [4.2, 1.0, 1.0, 1.0, 1.0], centre_cols=(1, 2, 3, 4))])]
    rows = [[v.motion, v.method, "" if v.base is None else str(v.base), str(v.yes), str(v.no),
             str(v.abstain), v.rule, v.result] for v in m.votes]
    return [("表决情况", 6, [pdf.table(["表决事项", "方式", "到会", "赞成", "反对", "弃权", "规则", "结果"],
                                      rows, [3.0, 0.9, 0.8, 0.8, 0.8, 0.8, 2.2, 1.0],
                                      centre_cols=(1, 2, 3, 4, 5, 7))])]


def _scores(m: MinutesData) -> list[Block]:
    if not m.scores:
        return []
    out: list[Flowable] = []
    if m.forms:
        out.append(para("，".join(f"{k}{v}份" for k, v in m.forms.items()) + "。", "plain"))
    options = m.score_options or list(dict.fromkeys(o for s in m.scores for o in s.counts))
    rows = [[s.criterion, *[str(s.counts.get(o, 0)) for o in options], percent(s.satisfaction)]
            for s in m.scores]
    if not m.overall_text:
        totals: dict[str, int] = {o: sum(s.counts.get(o, 0) for s in m.scores) for o in options}
        rows.append(["合计", *[str(totals[o]) for o in options], percent(satisfaction_rate(totals))])
    out.append(pdf.table([m.item_label, *options, m.rate_label], rows,
                         [2.6] + [1.2] * len(options) + [1.3],
                         centre_cols=tuple(range(1, len(options) + 2))))
    if m.overall_text:  # the same result the page, the 公示 and the 台账 show
        out.append(para(f"评议结果：{m.overall_text}。", "plain"))
    if m.rate_label == "满意率":
        out.append(para("满意率＝（满意＋基本满意）÷有效票数；总体结果按“总体评价”一项计算，"
                        "没有这一项时按各项合计计算。", "small"))
    return [("评议结果", 7, out)]


def _outcome(m: MinutesData) -> list[Block]:
    return [("会议结果", 3, _paragraphs(m.outcome))] if m.outcome else []


def _commitments(m: MinutesData) -> list[Block]:
    if not m.commitments:
        return []
    head = {"coordination": "协议事项与责任分工（责任制）",
            "evaluation": "整改承诺（承诺制）"}.get(m.kind, "落实事项")
    rows = [[str(i), c.item, c.responsible, cn_date(c.deadline) if c.deadline else "",
             c.status] for i, c in enumerate(m.commitments, 1)]
    return [(head, 6, [pdf.table(["序号", "事项", "责任方", "期限", "状态"], rows,
                                 [0.8, 3.3, 1.8, 2.6, 1.1], centre_cols=(0, 3, 4))])]


def _waived(m: MinutesData) -> list[Block]:
    """Only what was NOT done as the rules ask, and why: the rest needs no saying."""
    waived = [c for c in m.checks if c.waived]
    if not (waived or m.overrides):
        return []
    out: list[Flowable] = []
    done: set[str] = set()
    for c in waived:
        o = next((o for o in m.overrides if o.rule == c.name), None)
        line = f"{c.name}：{c.message.rstrip('。') or '未按规定办理'}"
        if o is not None and o.reason and o.reason not in line:
            line += f"；理由：{o.reason}"
            done.add(o.rule)
        out.append(para(line + "。", "plain"))
    for o in m.overrides:
        if o.rule in done or any(o.rule == c.name and o.reason in c.message for c in waived):
            continue
        who = "，".join(x for x in (o.by_user, cn_date(o.at) if o.at else "") if x)
        out.append(para(f"未按“{o.rule}”办理，理由：{o.reason}" + (f"（{who}记录）" if who else "")
                        + "。", "plain"))
    return [("未按规定办理的事项及理由", 4, out)]


def _signatures(m: MinutesData) -> list[Flowable]:
    labels = ["主持人", "记录人"]
    if m.kind == "coordination":
        labels += [f"当事人{p}" for p in m.parties]
    if m.kind != "hearing":
        labels += list(m.signers)
    sig: list[Flowable] = [Spacer(1, BODY_LEADING / 2), para("散会。", "body"),
                           Spacer(1, BODY_LEADING / 2), pdf.signature_lines(labels)]
    if m.kind == "hearing" and m.signers:
        # each 听证代表 signs in a ruled cell of their own (DOMAIN.md §3.5)
        sig += [para("听证代表签名：", "plain"), pdf.signature_grid(m.signers),
                para("拒绝签名的听证代表及理由（由记录人注明）：" + "＿" * 12, "small")]
    if m.archive_no:
        sig.append(para(f"归档号：{m.archive_no}", "small"))
    return [KeepTogether(sig[:4]), *sig[4:]]


def render(m: MinutesData) -> tuple[bytes, int]:
    return pdf.build(flowables(m), doc_title=f"{m.title}{m.doc_name or '会议记录'}", author=m.committee.name)


def write(m: MinutesData, path: str | Path) -> tuple[Path, int]:
    return pdf.write(path, flowables(m), doc_title=f"{m.title}{m.doc_name or '会议记录'}",
                     author=m.committee.name)
