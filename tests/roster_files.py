"""Generators of realistic roster files for the roster tests and the benchmark."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from selfgov_desktop.domain import idnumber

SURNAMES = "王张陈李刘周徐朱沈黄吴杨顾陆孙胡钱金蒋姚施曹俞赵马唐许高"
GIVEN = "伟国强建华明军平志勇杰海林斌峰俊磊芳敏静丽娟英慧琴萍红玲燕霞雯婷洁莉秀凤佳怡雪晴颖"
HEADERS = ["序号", "姓 名", "性别", "出生日期", "公民身份号码", "联系方式", "幢号", "门牌号", "所属楼组",
           "与户主关系", "政治面貌", "备注"]


def person(i: int, rng: random.Random) -> dict:
    birth = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randint(0, 33000))
    sex = rng.choice("男女")
    seq = (i % 499) * 2 + (1 if sex == "男" else 0)
    name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    b = 1 + (i // 60) % 400
    return {"name": name, "sex": sex, "birth": birth,
            "id": idnumber.make(f"3101{(i // 998) % 100:02d}", birth, seq % 1000),
            "phone": f"13{rng.randint(0, 999999999):09d}", "building": f"{b}号",
            "room": f"{(i % 60) // 5 + 1}{i % 5 + 1:02d}", "group": f"第{(b - 1) // 10 + 1}楼组",
            "relation": rng.choice(["户主", "配偶", "子", "女"]),
            "political": rng.choice(["群众", "中共党员", "共青团员"]), "note": ""}


def people(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    out, ids = [], set()
    i = 0
    while len(out) < n:
        p = person(i, rng)
        i += 1
        if p["id"] in ids:
            continue
        ids.add(p["id"])
        out.append(p)
    return out


def row_of(k: int, p: dict) -> list:
    return [k, p["name"], p["sex"], p["birth"].isoformat(), p["id"], p["phone"], p["building"],
            p["room"], p["group"], p["relation"], p["political"], p["note"]]


def write_big_xlsx(path: Path, n: int) -> list[dict]:
    """A plain roster with a title row, written with openpyxl write-only (fast)."""
    from openpyxl import Workbook

    ps = people(n)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("花名册")
    ws.append(["沁园居民区居民花名册"])
    ws.append(HEADERS)
    for k, p in enumerate(ps, 1):
        ws.append(row_of(k, p))
    wb.save(path)
    return ps
