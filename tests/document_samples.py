"""Sessions, notices and people written straight into a store, for the documents tests and
the benchmark (independent of the workflow services)."""

from __future__ import annotations

import datetime as dt
import json
import random

from selfgov_desktop.domain.model import CommitteeSettings
from selfgov_desktop.store.db import Store

COMMITTEE = CommitteeSettings(
    name="上海市普陀区长风新村街道沁园居民委员会", district="普陀区", street="长风新村街道",
    address="上海市普陀区沁园路88弄25号", phone="021-52801234", supervision_phone="021-52805678",
    contact_person="陈立群")

# Rare name characters on purpose (fallback font), with ID numbers and phones that must never
# reach a public notice.
PEOPLE = [
    ("王堃", "310107195603121234", "13812345678", "12号"),
    ("李喆明", "310107196001011236", "13912340001", "12号"),
    ("张赟", "31010719700202123X", "021-52809999", "14号"),
    ("陈昇华", "310107198003031238", "13612340002", "14号"),
    ("周玥", "310107199004041230", "13712340003", "16号"),
    ("欧阳镕", "310107195505051232", "15012340004", "16号"),
    ("徐淼淼", "310107196506061234", "15112340005", "18号"),
    ("沈㛃", "310107197507071236", "15812340006", "18号"),
    ("吴䶮", "310107198508081238", "15912340007", "20号"),
    ("𠮷田春", "310107199509091230", "18612340008", "20号"),
]


def committee(store: Store) -> None:
    with store.write() as db:
        db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('committee', ?)",
                   [json.dumps(COMMITTEE.to_dict(), ensure_ascii=False)])


def people(store: Store) -> list[int]:
    ids = []
    now = store.now_iso()
    with store.write() as db:
        g = db.execute("INSERT INTO groups (kind, name) VALUES ('楼组', '第一楼组')").lastrowid
        for name, idn, phone, building in PEOPLE:
            ids.append(db.execute(
                "INSERT INTO residents (name, sex, id_number, phone, building, room, address,"
                " building_group_id, birth_date, created_at, updated_at)"
                " VALUES (?, '男', ?, ?, ?, '301', ?, ?, '1956-03-12', ?, ?)",
                [name, idn, phone, f"沁园路88弄{building}", f"沁园路88弄{building}301室", g,
                 now, now]).lastrowid)
    return ids


def add_session(store: Store, kind: str, n: int, day: dt.date, residents: list[int],
                rng: random.Random | None = None, participants: int = 12) -> int:
    rng = rng or random.Random(n)
    now = store.now_iso()
    names = {r: nm for r, nm in zip(residents, (p[0] for p in PEOPLE), strict=False)}
    data: dict[str, object] = {}
    if kind == "hearing":
        title = f"关于沁园路88弄{n % 30 + 1}号加装电梯方案的听证会"
        data = {"topic_source": "居民提议", "request_count": 23,
                "background": "12号楼居民联名提出加装电梯。方案拟在北侧入口加装，需占用部分绿地。",
                "notice_posted_on": (day - dt.timedelta(days=12)).isoformat(),
                "opinions": f"多数代表赞成加装。{names.get(residents[0], '')}提出低层采光受影响。",
                "disagreements": "费用分摊比例。", "recommendations": "优化施工时间，低层给予补偿。",
                "decision": "同意加装，提交居民代表会议决定。", "needs_assembly": True,
                "assembly_kind": "居民代表会议",
                "result": "听证会多数代表赞成加装电梯，意见已采纳：施工时间调整为工作日白天。",
                "publicity_from": (day + dt.timedelta(days=3)).isoformat(),
                "publicity_until": (day + dt.timedelta(days=10)).isoformat()}
        roles = ["听证代表"] * (participants - 2) + ["陈述人", "旁听人"]
    elif kind == "coordination":
        title = f"关于{n % 30 + 1}号楼渗漏水纠纷的协调会"
        data = {"category": "渗漏水", "facts": "楼上卫生间渗水至楼下天花板。",
                "notified_on": (day - dt.timedelta(days=8)).isoformat(),
                "investigation": "现场查看确认渗水点。", "outcome": "达成协议",
                "terms": "楼上住户十五日内修复防水层，物业协助。", "parties_signed": True}
        roles = ["当事人", "当事人", "调解员", "单位代表"] + ["列席"] * max(0, participants - 4)
    else:
        title = f"{day.year}年度物业服务评议会（{n}）"
        data = {"object_type": "物业公司", "object_name": "沁园物业管理有限公司", "period": f"{day.year}年",
                "scale": "满意度", "notified_on": (day - dt.timedelta(days=5)).isoformat(),
                "report": "物业经理述职：保洁、绿化、维修情况。", "forms_issued": 30,
                "forms_returned": 28, "forms_valid": 27, "forms_void": 1,
                "result_summary": "总体基本满意，维修及时率有待提高。",
                "plan_on": (day + dt.timedelta(days=20)).isoformat(),
                "publicity_from": (day + dt.timedelta(days=2)).isoformat(),
                "publicity_until": (day + dt.timedelta(days=9)).isoformat()}
        roles = ["评议代表"] * (participants - 1) + ["评议对象"]
    checks = [{"rule": "hearing_notice", "status": "pass", "message": "提前 12 天公告"},
              {"rule": "hearing_participants", "status": "overridden", "message": "仅 12 人"}]
    prefix = {"hearing": "TZ", "coordination": "XT", "evaluation": "PY"}[kind]
    with store.write() as db:
        sid = db.execute(
            "INSERT INTO sessions (kind, number, title, date, start_time, end_time, place, chair,"
            " recorder, state, data, compliance, checks, archive_no, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, '14:00', '16:00', '居委会二楼会议室', '陈立群', '李玥', 'closed', ?,"
            " 85, ?, ?, ?, ?)",
            [kind, f"{prefix}-{day.year}-{n:03d}", title, day.isoformat(),
             json.dumps(data, ensure_ascii=False), json.dumps(checks, ensure_ascii=False),
             f"{day.year}-{prefix}-{n:03d}", now, now]).lastrowid
        pids = []
        for i, role in enumerate(roles):
            rid = residents[i % len(residents)] if residents and i < len(residents) else None
            name = names.get(rid, f"居民{i:02d}") if rid else f"代表{i:02d}"
            attendance = "请假" if i % 9 == 8 else "出席"
            pids.append(db.execute(
                "INSERT INTO participants (session_id, resident_id, name, role, attendance,"
                " absence_reason, seq) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [sid, rid, name, role, attendance, "外出" if attendance == "请假" else "", i]).lastrowid)
        for i in range(3):
            spk = names.get(residents[i], "代表") if residents else f"代表{i:02d}"
            db.execute("INSERT INTO speeches (session_id, participant_id, speaker, stance, content, seq)"
                       " VALUES (?, ?, ?, ?, ?, ?)",
                       [sid, pids[i], spk, ["赞成", "反对", "建议"][i],
                        f"{spk}的发言：希望尽快解决，联系电话 13812345678。", i])
        if kind == "hearing":
            db.execute("INSERT INTO votes (session_id, motion, method, base, yes, no, abstain, rule,"
                       " passed) VALUES (?, '同意加装电梯方案', '举手', 11, 8, 2, 1, '过半数', 1)", [sid])
        if kind == "evaluation":
            for ci, cname in enumerate(["服务态度", "保洁绿化", "设施设备维修", "总体评价"]):
                cid = db.execute("INSERT INTO evaluation_criteria (session_id, name, seq)"
                                 " VALUES (?, ?, ?)", [sid, cname, ci]).lastrowid
                for opt, cnt in (("满意", 15 + ci), ("基本满意", 8), ("不满意", 4 - ci)):
                    db.execute("INSERT INTO evaluation_scores (session_id, criterion_id, option,"
                               " count) VALUES (?, ?, ?, ?)", [sid, cid, opt, cnt])
        if kind in ("coordination", "evaluation"):
            fk = "责任制" if kind == "coordination" else "承诺制"
            for j in range(2):
                fid = db.execute(
                    "INSERT INTO followups (session_id, kind, item, responsible, deadline, status,"
                    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [sid, fk, f"整改事项{j + 1}：修复防水层并复查", "沁园物业",
                     (day + dt.timedelta(days=15 + j)).isoformat(), ["已完成", "进行中"][j], now]
                ).lastrowid
                db.execute("INSERT INTO visits (followup_id, visited_on, visitor, result)"
                           " VALUES (?, ?, '李玥', '已修复，居民满意')",
                           [fid, (day + dt.timedelta(days=20)).isoformat()])
        db.execute("INSERT INTO rule_overrides (session_id, rule, reason, by_user, at)"
                   " VALUES (?, 'hearing_participants', '部分代表因病请假', '陈立群', ?)",
                   [sid, day.isoformat()])
    return sid


def add_notice(store: Store, kind: str, session_id: int | None, title: str, body: str,
               start: dt.date, days: int = 7, public: bool = True, mask: bool = True) -> int:
    with store.write() as db:
        return db.execute(
            "INSERT INTO notices (kind, title, body, session_id, public, mask_names, posted_from,"
            " posted_until, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [kind, title, body, session_id, int(public), int(mask), start.isoformat(),
             (start + dt.timedelta(days=days)).isoformat(), store.now_iso()]).lastrowid
