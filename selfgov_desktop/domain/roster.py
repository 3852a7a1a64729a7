"""Rosters as the street office sends them: header variants -> fields, cell normalisation,
dates, phones, names (DOMAIN.md §8). Whole rows are checked in `roster_rows`. Pure Python."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

# the search keys have one implementation, in domain/search.py; the importer reaches them here
from .search import name_keys as name_keys
from .search import place as place
from .search import search_text as search_text

# field key -> (canonical header, variants). Order = order of the export / template columns.
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": ("姓名", ("姓名", "名字", "居民姓名", "人员姓名")),
    "sex": ("性别", ("性别",)),
    "ethnicity": ("民族", ("民族",)),
    "birth_date": ("出生日期", ("出生日期", "出生年月", "出生年月日", "生日", "出生时间")),
    "id_number": ("身份证号", ("身份证号", "身份证号码", "公民身份号码", "证件号码", "身份证",
                               "公民身份证号码", "证件号", "身份证件号码")),
    "phone": ("联系电话", ("联系电话", "手机", "手机号码", "联系方式", "电话", "手机号", "电话号码")),
    "address": ("居住地址", ("居住地址", "现住址", "现住详址", "门牌地址", "地址", "家庭住址",
                             "居住详址", "现居住地址")),
    "lane": ("弄", ("弄", "弄号")),
    "building": ("楼号", ("楼号", "号", "幢号", "幢", "楼栋", "栋号", "楼幢")),
    "room": ("室号", ("室号", "门牌号", "房号", "室", "房间号")),
    "group": ("楼组", ("楼组", "所属楼组", "居民小组", "楼组名称")),
    "household_code": ("户编号", ("户编号", "户号")),
    "relation": ("与户主关系", ("与户主关系", "和户主关系", "户主关系")),
    "hukou_address": ("户籍地址", ("户籍地址", "户籍所在地", "户籍地")),
    "population_type": ("人口状态", ("人口状态", "人员类型", "人口类型")),
    "political_status": ("政治面貌", ("政治面貌",)),
    "marital_status": ("婚姻状况", ("婚姻状况", "婚姻状态")),
    "education": ("文化程度", ("文化程度", "学历")),
    "employer": ("工作单位", ("工作单位", "单位")),
    "key_categories": ("重点类别", ("重点类别", "人员类别", "特殊人群")),
    "note": ("备注", ("备注",)),
    "status": ("状态", ("状态", "居民状态")),
}
IGNORED_HEADERS = ("序号", "编号", "no", "序")
FIELD_LABELS = {k: v[0] for k, v in FIELDS.items()}
EXPORT_FIELDS = [k for k in FIELDS if k != "lane"]
# Fields copied to the residents table as they are (after normalisation).
PLAIN_FIELDS = ("name", "sex", "ethnicity", "birth_date", "id_number", "phone", "address",
                "building", "room", "relation", "hukou_address", "population_type",
                "political_status", "marital_status", "education", "employer",
                "key_categories", "note", "status")

SEX_CHOICES = ("男", "女")
POLITICAL_CHOICES = ("中共党员", "中共预备党员", "共青团员", "民主党派", "群众")
RELATION_CHOICES = ("户主", "配偶", "子", "女", "父亲", "母亲", "孙子", "孙女", "儿媳", "女婿",
                    "兄弟姐妹", "其他")
STATUS_CHOICES = ("在册", "迁出", "死亡")

FOOTER_WORDS = ("合计", "总计", "小计", "制表人", "制表日期", "填表人", "填报人", "审核人",
                "负责人", "制表单位", "填表日期", "注：", "注:", "说明：")

# full-width ASCII -> half-width; ideographic and no-break spaces -> space
_WIDTH: dict[int, int | None] = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_WIDTH.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x200B: None,
               0xFEFF: None})
_DOTS = {ord(c): "·" for c in "•・‧∙⋅•．"}
_SPACES = re.compile(r"\s+")


def clean(value: Any) -> str:
    """A cell as trimmed, half-width text (numbers without '.0')."""
    if value is None:
        return ""
    if isinstance(value, str):
        s = value
    elif isinstance(value, bool):
        return "是" if value else "否"
    elif isinstance(value, float):
        s = str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    elif isinstance(value, dt.datetime):
        s = value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    elif isinstance(value, dt.date):
        s = value.isoformat()
    else:
        s = str(value)
    if not s.isprintable():  # control characters never reach a record (C speed to ask)
        s = CONTROL_CHARS.sub("", s)
    if s.isascii():
        return s.strip()
    return s.translate(_WIDTH).strip()


def header_key(value: Any) -> str:
    """A header cell reduced for matching: no spaces, no notes in brackets, no '*'/'：'."""
    s = _SPACES.sub("", clean(value))
    s = re.sub(r"[(（\[【].*?[)）\]】]", "", s)
    return s.strip("*:：#").lower()


_VARIANTS: dict[str, str] = {}
for _key, (_label, _variants) in FIELDS.items():
    for _v in _variants:
        _VARIANTS[header_key(_v)] = _key


def field_for_header(value: Any) -> str | None:
    return _VARIANTS.get(header_key(value))


def propose_mapping(headers: list[Any]) -> dict[int, str]:
    """column index -> field; the first column wins when two map to the same field."""
    out: dict[int, str] = {}
    taken: set[str] = set()
    for i, h in enumerate(headers):
        key = field_for_header(h)
        if key and key not in taken:
            out[i] = key
            taken.add(key)
    return out


def header_signature(headers: list[Any]) -> str:
    return "|".join(header_key(h) for h in headers).rstrip("|")


def header_score(row: list[Any]) -> int:
    """How much a row looks like a roster header: known headers, name column required."""
    keys = {field_for_header(c) for c in row if c not in (None, "")}
    keys.discard(None)
    if "name" not in keys:
        return 0
    return len(keys)


def find_header(rows: list[list[Any]], limit: int = 30) -> int | None:
    """Index of the header row among the first `limit` rows, or None."""
    best, best_i = 0, None
    for i, row in enumerate(rows[:limit]):
        score = header_score(row)
        if score > best:
            best, best_i = score, i
    return best_i if best >= 2 else None


# A table is taken for a roster of residents when besides 姓名 it has an ID column, or a birth
# date or sex column together with where the person lives; a freight log or a list of
# composers with 姓名 and 电话 is not one.
_PERSON_FIELDS = frozenset(("birth_date", "sex"))
_PLACE_FIELDS = frozenset(("address", "lane", "building", "room"))


def looks_like_roster(headers: list[Any]) -> bool:
    keys = set(propose_mapping(headers).values())
    return "name" in keys and ("id_number" in keys
                               or bool(keys & _PERSON_FIELDS and keys & _PLACE_FIELDS))


def recognised(headers: list[Any]) -> list[str]:
    """'文件中的列名→字段' for each recognised column, in the file's order."""
    return [f"{clean(headers[i])}→{FIELD_LABELS[k]}" if header_key(headers[i]) != header_key(
        FIELD_LABELS[k]) else FIELD_LABELS[k] for i, k in sorted(propose_mapping(headers).items())]


# C0 controls but tab, line feed and carriage return; DEL; C1 controls. XML (so .xlsx) cannot
# hold most of them and none means anything in a resident's record.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_controls(value: Any) -> Any:
    """A cell without control characters (other values as they are)."""
    if type(value) is str and not value.isprintable():
        return CONTROL_CHARS.sub("", value)
    return value


_FOOTER_FIRST = frozenset(w[0] for w in FOOTER_WORDS)


def is_footer(cells: list[Any]) -> bool:
    for c in cells:
        if c is None or c == "":
            continue
        if type(c) is not str:
            return False
        if c[0] not in _FOOTER_FIRST and not c[0].isspace():
            return False
        s = _SPACES.sub("", clean(c))
        if not s:
            continue
        return s.startswith(FOOTER_WORDS)
    return False


def is_blank(cells: list[Any]) -> bool:
    for c in cells:
        if c is None or c == "":
            continue
        if isinstance(c, str) and not c.strip():
            continue
        return False
    return True


# -- values ------------------------------------------------------------------------------------
_PLAIN_NAME = re.compile(r"[\u4e00-\u9fff]{1,12}")  # the common name: nothing to normalise


def normalise_name(value: Any) -> str:
    if type(value) is str and _PLAIN_NAME.fullmatch(value):
        return value
    s = _SPACES.sub("", clean(value))
    if not s.isascii():
        s = s.translate(_DOTS)
        s = re.sub(r"(?<=[\u4e00-\u9fff])[.。](?=[\u4e00-\u9fff])", "·", s)
    return s


_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s.*)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
_MONTH_PATTERNS = [re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$"), re.compile(r"^(\d{4})(\d{2})$")]


class ValueProblem(ValueError):
    """A cell that cannot be used (message in Chinese)."""


def normalise_date(value: Any) -> str:
    """'' or YYYY-MM-DD or YYYY-MM (month only). Raises ValueProblem."""
    if value is None or value == "":
        return ""
    if type(value) is str and len(value) == 10 and value[4] == "-" == value[7]:
        try:  # the common YYYY-MM-DD, checked in C
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass  # the patterns below give the message
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _date_of_number(value)
    s = _SPACES.sub("", clean(value))
    return _date_of_text(s) if s else ""


def _date_of_number(value: int | float) -> str:
    """20240131 as a number, or an Excel serial day."""
    n = float(value)
    if 19000101 <= n <= 21001231 and n.is_integer():
        return normalise_date(str(int(n)))
    if 1 <= n < 80000:
        return (_EXCEL_EPOCH + dt.timedelta(days=int(n))).isoformat()
    raise ValueProblem(f"出生日期“{value}”无法识别")


def _date_of_text(s: str) -> str:
    for pat in _DATE_PATTERNS:
        m = pat.match(s)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
            except ValueError:
                raise ValueProblem(f"出生日期“{s}”不是有效日期") from None
    for pat in _MONTH_PATTERNS:
        m = pat.match(s)
        if m and 1 <= int(m[2]) <= 12:
            return f"{int(m[1]):04d}-{int(m[2]):02d}"
    if re.fullmatch(r"\d{5}(\.0+)?", s):
        return normalise_date(float(s))
    raise ValueProblem(f"出生日期“{s}”无法识别（可写作1956-03-12、1956/3/12、1956年3月12日 等）")


_MOBILE = re.compile(r"^1\d{10}$")


def normalise_phone(value: Any) -> str:
    """Mobiles to 11 digits (no +86, spaces, dashes); landlines kept as given."""
    s = clean(value)
    if not s:
        return ""
    compact = re.sub(r"[\s\-()（）]", "", s)
    if compact.startswith("+86"):
        compact = compact[3:]
    elif compact.startswith("0086"):
        compact = compact[4:]
    elif compact.startswith("86") and len(compact) == 13:
        compact = compact[2:]
    if _MOBILE.match(compact):
        return compact
    return _SPACES.sub(" ", s)


_PHONE_SHAPE = re.compile(r"^(1\d{10}|0\d{9,11}|\d{7,8})(转\d{1,5}|ext\d{1,5})?$")


def phone_ok(phone: str) -> bool:
    """Mobile (11 digits from 1), landline with area code (021-52801234) or local 7-8 digits;
    several numbers separated by / , ; 、 are each checked."""
    if not phone:
        return True
    parts = [p for p in re.split(r"[,，;；/、]", phone) if p.strip()]
    return bool(parts) and all(
        _PHONE_SHAPE.match(re.sub(r"[\s\-()（）+]", "", p).removeprefix("86")
                           if not p.strip().startswith("0") else re.sub(r"[\s\-()（）]", "", p))
        for p in parts)


def normalise_sex(value: Any) -> str:
    s = clean(value)
    if s in ("男", "男性", "M", "m", "1"):
        return "男"
    if s in ("女", "女性", "F", "f", "2"):
        return "女"
    if s == "":
        return ""
    raise ValueProblem(f"性别“{s}”应为 男 或 女")


NUMERIC_ID_HELP = ("身份证号被 Excel 存成了数字，最后几位已经丢失（Excel 只保留15位有效数字），"
                   "不能导入。请把该列设置为“文本”格式后重新录入这些身份证号，或从原始系统重新导出")


def numeric_id(value: Any) -> bool:
    """An ID cell stored as a number (or its text form 3.10107E+17)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return abs(value) >= 1e14
    if isinstance(value, str):
        return bool(re.fullmatch(r"\s*\d(\.\d+)?[eE]\+?\d+\s*", value))
    return False

