"""Demo residents, households, 楼组, 居民代表, teams, 五大员, units and their contacts."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable
from typing import Any

from ...domain import idnumber
from ...domain.model import CommitteeSettings
from ...domain.search import search_text
from ..base import Tx, new_id

COMMITTEE = CommitteeSettings(
    name="上海市普陀区长风新村街道沁园居民委员会",
    district="普陀区",
    street="长风新村街道",
    address="上海市普陀区沁园路88弄25号",
    phone="021-52801234",
    supervision_phone="021-52805678",
    contact_person="陈立群",
)

ROAD = "沁园路88弄"
BUILDINGS = 24
GROUP_NAMES = ["第一楼组", "第二楼组", "第三楼组", "第四楼组",
               "第五楼组", "第六楼组", "第七楼组", "第八楼组"]

# Weighted common surnames in Shanghai.
SURNAMES = (
    "王" * 9 + "张" * 8 + "陈" * 9 + "李" * 7 + "刘" * 5 + "周" * 5 + "徐" * 5 + "朱" * 4
    + "沈" * 4 + "黄" * 4 + "吴" * 5 + "杨" * 4 + "顾" * 3 + "陆" * 4 + "孙" * 3 + "胡" * 3
    + "钱" * 2 + "金" * 2 + "蒋" * 2 + "姚" * 2 + "施" * 2 + "曹" * 2 + "俞" * 2 + "郁" + "赵" * 3
    + "马" * 2 + "宋" + "范" + "倪" + "邵" + "唐" * 2 + "许" * 2 + "高" * 2 + "汤" + "杜" + "夏"
)
COMPOUND_SURNAMES = ["欧阳", "司马", "诸葛", "上官"]
GIVEN_M = "伟国强建华明军平志勇杰海林斌峰俊磊德忠荣新兴庆春根宝福康立文涛浩宇轩鑫晨昊堃喆赟昇镕淼"
GIVEN_F = "芳敏静丽娟英华慧琴萍红玲燕霞雯婷洁莉秀凤佳怡雪晴颖蓓玥淼璐菁珺"
MINORITY = ["阿依古丽·买买提", "迪丽娜尔·吐尔逊", "热合曼·艾买提"]
ADDRESS_CODES_SH = ["310107", "310107", "310107", "310104", "310105", "310106", "310110"]
ADDRESS_CODES_OTHER = ["320102", "340104", "420106", "330106", "510107", "410105", "370102"]
MOBILE_PREFIX = ["138", "139", "135", "136", "137", "150", "151", "158", "159", "186",
                 "187", "188", "133", "153", "180", "189", "177", "199"]


def _name(rng: random.Random, sex: str, surname: str | None = None) -> str:
    if surname is None:
        surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.01 else rng.choice(SURNAMES)
    pool = GIVEN_M if sex == "男" else GIVEN_F
    if rng.random() < 0.35:
        return surname + rng.choice(pool)
    return surname + rng.choice(pool) + rng.choice(pool)


def _birth(rng: random.Random, today: dt.date, age_lo: int, age_hi: int) -> dt.date:
    age = rng.randint(age_lo, age_hi)
    start = dt.date(today.year - age - 1, today.month, 1) + dt.timedelta(days=rng.randint(0, 360))
    return min(start, today - dt.timedelta(days=365 * age_lo + 1))


def _phone(rng: random.Random, age: int) -> str:
    if age < 14:
        return ""
    if age > 75 and rng.random() < 0.5:
        return f"021-{rng.randint(52000000, 62999999)}"
    return rng.choice(MOBILE_PREFIX) + f"{rng.randint(0, 99999999):08d}"


def populate(tx: Tx, rng: random.Random, today: dt.date) -> None:
    db = tx.db
    now = tx.now_iso()
    db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('committee', ?)",
               [json.dumps(COMMITTEE.to_dict(), ensure_ascii=False)])

    group_ids = []
    for g in GROUP_NAMES:
        cur = db.execute("INSERT INTO groups (kind, name, note) VALUES ('楼组', ?, ?)",
                         [g, f"{ROAD}{GROUP_NAMES.index(g) * 3 + 1}-{GROUP_NAMES.index(g) * 3 + 3}号"])
        group_ids.append(new_id(cur))

    residents, household_rows = _residents(rng, today, now, group_ids)
    db.table("households").insert_all(household_rows)
    db.table("residents").insert_all(residents, batch_size=1000)

    rows = db.execute(
        "SELECT id, name, birth_date, building_group_id, political_status, is_volunteer"
        " FROM residents WHERE status = '在册' ORDER BY id").fetchall()
    db.table("memberships").insert_all(_memberships(db, rng, today, group_ids, rows))
    _units(db)


def _residents(rng: random.Random, today: dt.date, now: str,
               group_ids: list[int]) -> tuple[list[dict], list[dict]]:
    """The residents and households of every building (the 楼组 in `group_ids`)."""
    used_ids: set[str] = set()
    seq_counter: dict[tuple[str, dt.date], int] = {}

    def make_id(birth: dt.date, sex: str, local: bool) -> str:
        code = rng.choice(ADDRESS_CODES_SH if local else ADDRESS_CODES_OTHER)
        while True:
            n = seq_counter.get((code, birth), rng.randint(10, 400))
            seq_counter[(code, birth)] = n + 2
            seq = n if (n % 2 == 1) == (sex == "男") else n + 1
            number = idnumber.make(code, birth, seq % 1000)
            if number not in used_ids:
                used_ids.add(number)
                return number

    residents: list[dict] = []
    household_rows: list[dict] = []
    hh_id = 0
    for b in range(1, BUILDINGS + 1):
        group_id = group_ids[(b - 1) // 3]
        for floor in range(1, 11):
            for flat in range(1, 6):
                if rng.random() < 0.06:  # empty or let flats
                    continue
                hh_id += 1
                building, room = f"{b}号", f"{floor}{flat:02d}"
                address = f"{ROAD}{building}{room}室"
                household_rows.append({"id": hh_id, "code": f"QY{hh_id:05d}", "address": address,
                                       "building": building, "room": room})
                members = _household(rng, today)
                local = rng.random() < 0.85
                home = {"address": address, "building": building, "room": room,
                        "household_id": hh_id, "building_group_id": group_id}
                residents += _members(rng, today, now, members, local, home, make_id)
                if len(members) == 1 and today.year - int(residents[-1]["birth_date"][:4]) >= 70:
                    residents[-1]["key_categories"] = "独居老人"
                elif rng.random() < 0.015:
                    residents[-1]["key_categories"] = "低保户"
    for r in residents:
        if rng.random() < 0.02:
            r["status"] = "迁出"
            r["status_date"] = (today - dt.timedelta(days=rng.randint(10, 700))).isoformat()
        elif int(r["birth_date"][:4]) < today.year - 80 and rng.random() < 0.05:
            r["status"] = "死亡"
            r["status_date"] = (today - dt.timedelta(days=rng.randint(10, 700))).isoformat()
        r["search_text"] = search_text(r["name"], r["id_number"], r["phone"], r["address"])
    return residents, household_rows


def _members(rng: random.Random, today: dt.date, now: str, members: list[tuple[str, str, int, int]],
             local: bool, home: dict[str, Any],
             make_id: Callable[[dt.date, str, bool], str]) -> list[dict]:
    """One household's people, in the order _household gave them."""
    address, building, room = home["address"], home["building"], home["room"]
    hh_id, group_id = home["household_id"], home["building_group_id"]
    residents: list[dict] = []
    surname = None
    for rel, sex, age_lo, age_hi in members:
        birth = _birth(rng, today, age_lo, age_hi)
        if rel in ("户主", "子", "女", "孙子", "孙女") and surname:
            name = _name(rng, sex, surname)
        elif rng.random() < 0.002:
            name = rng.choice(MINORITY)
        else:
            name = _name(rng, sex)
        if rel == "户主":
            surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[0]
        age = today.year - birth.year
        number = make_id(birth, sex, local)
        phone = _phone(rng, age)
        political = ("中共党员" if age >= 22 and rng.random() < 0.12 else
                     "共青团员" if 14 <= age <= 28 and rng.random() < 0.4 else "群众")
        residents.append({
            "name": name, "sex": sex, "ethnicity": "汉族" if "·" not in name else "维吾尔族",
            "birth_date": birth.isoformat(), "id_number": number, "phone": phone,
            "address": address, "building": building, "room": room,
            "household_id": hh_id, "relation": rel, "building_group_id": group_id,
            "hukou_address": address if local else "",
            "population_type": "常住" if local else rng.choice(["流动", "人户分离"]),
            "political_status": political,
            "marital_status": "已婚" if age >= 25 and rel in ("户主", "配偶") else
            ("未婚" if age < 30 else rng.choice(["已婚", "丧偶", "离异"])),
            "education": rng.choice(["小学", "初中", "高中", "中专", "大专", "本科", "硕士"])
            if age >= 16 else "",
            "employer": "", "key_categories": "", "note": "",
            "is_volunteer": int(55 <= age <= 75 and rng.random() < 0.08),
            "status": "在册", "status_date": None, "needs_review": "",
            "created_at": now, "updated_at": now,
        })
    return residents


def _memberships(db: Any, rng: random.Random, today: dt.date, group_ids: list[int],
                 rows: list[Any]) -> list[dict]:
    """楼组长 and 五大员, the 居民代表, the 居民小组 and the teams, from the residents `rows`."""
    adults = [r for r in rows if int(r[2][:4]) <= today.year - 25]

    def pick(pool: list, n: int) -> list:
        return rng.sample(pool, min(n, len(pool)))

    memberships = []
    # 楼组长 and 五大员 in each 楼组.
    for gid in group_ids:
        pool = [r for r in adults if r[3] == gid and int(r[2][:4]) <= today.year - 45]
        chosen = pick(pool, 6)
        memberships.append({"group_id": gid, "resident_id": chosen[0][0], "role": "组长",
                            "term_start": "2026-03-15", "term_end": "2031-03-14"})
        for role, person in zip(("宣传员", "调解员", "安全员", "社保员", "卫生员"), chosen[1:], strict=False):
            memberships.append({"group_id": gid, "resident_id": person[0], "role": role,
                                "term_start": "2026-03-15", "term_end": "2031-03-14"})
    # 居民代表: about 30, every 楼组 represented.
    rep_gid = new_id(db.execute(
        "INSERT INTO groups (kind, name, note) VALUES ('居民代表', '第十二届居民代表', ?)",
        ["2026年3月换届选出"]))
    for gid in group_ids:
        pool = [r for r in adults if r[3] == gid]
        for person in pick(pool, 4 if gid != group_ids[-1] else 2):
            memberships.append({"group_id": rep_gid, "resident_id": person[0], "role": "居民代表",
                                "term_start": "2026-03-15", "term_end": "2031-03-14"})
    # 居民小组: two 楼组 each; leader and two representatives.
    for i in range(4):
        rg = new_id(db.execute("INSERT INTO groups (kind, name, note) VALUES ('居民小组', ?, ?)",
                               [f"第{'一二三四'[i]}居民小组",
                                f"{GROUP_NAMES[2 * i]}、{GROUP_NAMES[2 * i + 1]}"]))
        pool = [r for r in adults if r[3] in (group_ids[2 * i], group_ids[2 * i + 1])]
        chosen = pick(pool, 3)
        memberships.append({"group_id": rg, "resident_id": chosen[0][0], "role": "组长",
                            "term_start": "2026-03-15", "term_end": "2031-03-14"})
        for person in chosen[1:]:
            memberships.append({"group_id": rg, "resident_id": person[0], "role": "组员",
                                "term_start": "2026-03-15", "term_end": None})
    # Teams.
    volunteers = [r for r in rows if r[5]]
    for team, size in (("志愿者服务队", 40), ("平安巡逻队", 15), ("文体团队", 20)):
        tid = new_id(db.execute("INSERT INTO groups (kind, name, note) VALUES ('队伍', ?, '')", [team]))
        pool = volunteers if team == "志愿者服务队" else adults
        chosen = pick(pool, size)
        for j, person in enumerate(chosen):
            memberships.append({"group_id": tid, "resident_id": person[0],
                                "role": "队长" if j == 0 else "队员",
                                "term_start": None, "term_end": None})
    return memberships


def _units(db: Any) -> None:
    units = [
        ("物业公司", "上海沁园物业管理有限公司", "沁园路88弄26号", "021-52803333",
         [("王建新", "项目经理", "13816620088"), ("刘卫东", "客服主管", "13918830066")]),
        ("业委会", "沁园小区业主委员会", "沁园路88弄25号二楼", "",
         [("孙国华", "业委会主任", "13601755221"), ("吴丽萍", "业委会委员", "13761290372")]),
        ("社区民警", "长风新村派出所", "长风路1200号", "021-52809110",
         [("赵磊", "社区民警", "13788910234")]),
        ("驻区单位", "普陀区沁园小学", "沁园路120号", "021-52807788",
         [("许文静", "办公室主任", "13524476612")]),
        ("驻区单位", "长风社区卫生服务中心", "长风路900号", "021-52806600",
         [("夏春燕", "家庭医生", "13916655487")]),
        ("职能部门", "长风新村街道城运中心", "长风路1000号", "021-52800000",
         [("顾海峰", "科员", "13564478890")]),
        ("职能部门", "普陀区房管局长风房管办", "长风路1010号", "021-52801111",
         [("陆志强", "房管员", "13817719923")]),
        ("社工站", "长风新村街道社工站", "长风路1000号3楼", "021-52802222",
         [("郁佳怡", "社工", "13661982271")]),
    ]
    for kind, name, address, phone, contacts in units:
        uid = new_id(db.execute("INSERT INTO units (kind, name, address, phone) VALUES (?, ?, ?, ?)",
                                [kind, name, address, phone]))
        for cname, title, cphone in contacts:
            db.execute("INSERT INTO unit_contacts (unit_id, name, title, phone) VALUES (?, ?, ?, ?)",
                       [uid, cname, title, cphone])


def _household(rng: random.Random, today: dt.date) -> list[tuple[str, str, int, int]]:
    """(relation, sex, min age, max age) for one household."""
    kind = rng.random()
    head_sex = "男" if rng.random() < 0.6 else "女"
    spouse_sex = "女" if head_sex == "男" else "男"
    if kind < 0.18:  # one person, often elderly
        return [("户主", head_sex, 60, 92)] if rng.random() < 0.6 else [("户主", head_sex, 25, 59)]
    if kind < 0.45:  # elderly couple
        return [("户主", head_sex, 62, 90), ("配偶", spouse_sex, 60, 88)]
    if kind < 0.85:  # couple with a child
        child_sex = rng.choice("男女")
        out = [("户主", head_sex, 32, 58), ("配偶", spouse_sex, 30, 56),
               ("子" if child_sex == "男" else "女", child_sex, 1, 24)]
        if rng.random() < 0.25:
            s = rng.choice("男女")
            out.append(("子" if s == "男" else "女", s, 1, 24))
        return out
    # three generations
    child_sex = rng.choice("男女")
    return [("户主", head_sex, 60, 80), ("配偶", spouse_sex, 58, 78),
            ("子" if child_sex == "男" else "女", child_sex, 30, 45),
            ("儿媳" if child_sex == "男" else "女婿", "女" if child_sex == "男" else "男", 30, 45),
            _grandchild(rng)]


def _grandchild(rng: random.Random) -> tuple[str, str, int, int]:
    sex = rng.choice("男女")
    return ("孙子" if sex == "男" else "孙女", sex, 1, 16)
