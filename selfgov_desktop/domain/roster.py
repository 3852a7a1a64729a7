"""Rosters as the street office sends them: header variants -> fields, cell normalisation,
dates, phones, names, and one row -> one checked record (DOMAIN.md §8). Pure Python."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter, mod, mul
from typing import Any

from . import idnumber

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
_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
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
        n = float(value)
        if 19000101 <= n <= 21001231 and n.is_integer():
            return normalise_date(str(int(n)))
        if 1 <= n < 80000:
            return (_EXCEL_EPOCH + dt.timedelta(days=int(n))).isoformat()
        raise ValueProblem(f"出生日期“{value}”无法识别")
    s = _SPACES.sub("", clean(value))
    if not s:
        return ""
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
    raise ValueProblem(f"出生日期“{s}”无法识别（可写作 1956-03-12、1956/3/12、1956年3月12日 等）")


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


# -- one row -----------------------------------------------------------------------------------
@dataclass(slots=True)
class RosterRecord:
    line: int  # 1-based row number in the sheet
    values: dict[str, str] = field(default_factory=dict)
    group: str = ""
    household_code: str = ""
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _join_building(lane: str, building: str) -> str:
    if not lane:
        return building
    lane = lane if lane.endswith("弄") else lane + "弄"
    if building and building.isdigit():
        building += "号"
    return lane + building


_ID18 = re.compile(r"[0-9]{17}[0-9X]")


_BIRTHS: dict[str, str | None] = {}


def _birth_of_digits(b8: str) -> str | None:
    """YYYY-MM-DD of an ID's eight birth digits, None when no such day (cached)."""
    birth: str | None = f"{b8[:4]}-{b8[4:6]}-{b8[6:]}"
    try:
        dt.date.fromisoformat(birth)  # type: ignore[arg-type]
    except ValueError:
        birth = None
    _BIRTHS[b8] = birth
    return birth


def fast_id(s: str, today_iso: str) -> tuple[str, str, str] | None:
    """(number, birth YYYY-MM-DD, sex) for a valid 18-character number, else None.

    The GB 11643 weights of the first 17 digits are 2^17 … 2^1 (mod 11), and 13 ≡ 2 (mod 11),
    so the weighted sum is 2 × (the digits read in base 13) mod 11: one C-level int()."""
    if len(s) != 18 or not _ID18.fullmatch(s):
        return None
    if "10X98765432"[int(s[:17], 13) * 2 % 11] != s[17]:
        return None
    b8 = s[6:14]
    birth = _BIRTHS.get(b8, "")
    if birth == "":
        birth = _birth_of_digits(b8)
    if birth is None or birth < "1880-01-01" or birth > today_iso:
        return None
    return s, birth, ("男" if s[16] in "13579" else "女")


_DUMMY_ID = "11010519491231002X"  # stands in for a row set apart, so that the maps run on
_SEX_OF = {d: "男" if int(d) % 2 else "女" for d in "0123456789"}
_first17, _last, _birth8, _sex_digit = (itemgetter(slice(0, 17)), itemgetter(17),
                                        itemgetter(slice(6, 14)), itemgetter(16))


def _ids_at_once(cells: Sequence[Any], today_iso: str, given_births: Sequence[Any] | None,
                 given_sexes: Sequence[Any] | None) -> tuple[list[str], list[str], set[int]] | None:
    """fast_id over a whole column in C-level maps: (births, sexes, rows set apart), the rows
    set apart being those whose ID is missing or not valid, or whose birth date or sex cell
    says otherwise (the caller checks those one by one). None when most rows have no ID."""
    cells = list(cells)
    apart: set[int] = set()
    if set(map(type, cells)) != {str}:
        for i, c in enumerate(cells):
            if type(c) is not str:
                apart.add(i)
                cells[i] = _DUMMY_ID
    shapes = list(map(_ID18.fullmatch, cells))
    if None in shapes:
        for i, m in enumerate(shapes):
            if m is None:
                apart.add(i)
                cells[i] = _DUMMY_ID
    if len(apart) * 2 > len(cells):
        return None
    sums = map(mod, map(mul, map(int, map(_first17, cells), repeat(13)), repeat(2)), repeat(11))
    expected = "".join(map("10X98765432".__getitem__, sums))
    given = "".join(map(_last, cells))
    if expected != given:
        apart.update(i for i, (a, b) in enumerate(zip(expected, given, strict=True)) if a != b)
    births: list[Any] = list(map(_BIRTHS.get, map(_birth8, cells)))
    if None in births:  # not seen yet, or no such day
        for i, b in enumerate(births):
            if b is None:
                b8 = cells[i][6:14]
                births[i] = _BIRTHS[b8] if b8 in _BIRTHS else _birth_of_digits(b8)
                if births[i] is None:
                    apart.add(i)
                    births[i] = "1949-12-31"
    if min(births) < "1880-01-01" or max(births) > today_iso:
        apart.update(i for i, b in enumerate(births) if b < "1880-01-01" or b > today_iso)
    sexes = list(map(_SEX_OF.__getitem__, map(_sex_digit, cells)))
    if given_births is not None and list(given_births) != births:
        apart.update(i for i, (g, b) in enumerate(zip(given_births, births, strict=True))
                     if g != b and g is not None and g != "")
    if given_sexes is not None and list(given_sexes) != sexes:
        apart.update(i for i, (g, x) in enumerate(zip(given_sexes, sexes, strict=True))
                     if g and g != x)
    return births, sexes, apart


class RowParser:
    """parse_row with per-column caches: rosters repeat the same sexes, dates, buildings,
    groups and relations thousands of times, so each distinct cell is normalised once."""

    def __init__(self, mapping: dict[int, str], today: dt.date | None = None) -> None:
        self.mapping = dict(mapping)
        self.items = sorted(self.mapping.items())
        self.today = today or dt.date.today()
        self.today_iso = self.today.isoformat()
        self.caches: dict[str, dict[Any, tuple[str, str | None]]] = {
            k: {} for k in self.mapping.values()}
        self.names: dict[str, str] = {}
        self.has_lane = "lane" in self.mapping.values()
        self._fast: dict[str, dict[Any, str]] = {}

    def _value(self, key: str, value: Any) -> tuple[str, str | None]:
        """(normalised, error) for a cached column."""
        cache = self.caches.get(key)
        if cache is None:
            cache = self.caches[key] = {}
        hit = cache.get(value)
        if hit is not None and type(value) is not bool:
            return hit
        err = None
        out = ""
        try:
            if key == "sex":
                out = normalise_sex(value)
            elif key == "birth_date":
                out = normalise_date(value)
            elif key == "group":
                out = _SPACES.sub("", clean(value))
            elif key in ("status", "lane"):
                out = clean(value)
            else:
                out = _SPACES.sub(" ", clean(value))
        except ValueProblem as exc:
            err = str(exc)
        if len(cache) < 100_000 and type(value) is not bool:  # True == 1: keep 1's own
            cache[value] = (out, err)
        return out, err

    def parse(self, line: int, cells: list[Any]) -> RosterRecord:
        rec = RosterRecord(line)
        v = rec.values
        errors = rec.errors
        n = len(cells)
        id_cell: Any = None
        has_id = False
        names = self.names
        caches = self.caches
        lane = ""
        for col, key in self.items:
            value = cells[col] if col < n else None
            if key == "name":
                name = names.get(value) if type(value) is str else None
                if name is None:
                    name = normalise_name(value)
                    if type(value) is str and len(names) < 200_000:
                        names[value] = name
                if not name:
                    errors.append("姓名为空")
                v["name"] = name
            elif key == "id_number":
                has_id, id_cell = True, value
            elif key == "phone":
                if value is None or value == "":
                    v["phone"] = ""
                elif isinstance(value, str) and len(value) == 11 and value.isdigit() \
                        and value[0] == "1":
                    v["phone"] = value
                else:
                    phone = normalise_phone(value)
                    v["phone"] = phone
                    if not phone_ok(phone):
                        rec.warnings.append(f"联系电话“{phone}”格式可疑")
            elif key == "household_code":
                rec.household_code = clean(value)
            else:
                if value is None or value == "":
                    out, err = "", None
                else:
                    hit = caches[key].get(value)
                    if hit is None or type(value) is bool:
                        hit = self._value(key, value)
                    out, err = hit
                if err:
                    errors.append(err)
                if key == "group":
                    rec.group = out
                elif key == "lane":
                    lane = out
                elif key == "status":
                    if out in STATUS_CHOICES:
                        v["status"] = out
                else:
                    v[key] = out
        if "name" not in v:
            errors.append("姓名为空")
            v["name"] = ""
        if self.has_lane:
            v["building"] = _join_building(lane, v.get("building", ""))
        if has_id:
            self._check_id(rec, id_cell)
        elif v.get("birth_date") and v["birth_date"][:10] > self.today_iso:
            errors.append(f"出生日期 {v['birth_date']} 晚于今天")
        return rec

    # Columns the column-wise path handles; any other mapped field sends every row to parse().
    _FAST_SPECIAL = frozenset(("name", "id_number", "phone", "group", "household_code"))
    _FAST_UNSUPPORTED = frozenset(("lane", "status"))

    def parse_many(self, rows: list[tuple[int, list[Any]]]) -> list[RosterRecord]:
        """parse() for every (line, cells), the same records, but the work done column by
        column: each column's cells go through its cache in one C-level map(), and only the
        rows with a cell outside the common clean shapes (a miss that fails, an error, an odd
        phone or ID) are parsed one by one with parse()."""
        keys = set(self.mapping.values())
        if not rows or keys & self._FAST_UNSUPPORTED or "name" not in keys:
            return [self.parse(line, cells) for line, cells in rows]
        from itertools import zip_longest

        n_rows = len(rows)
        # with an ID column, a birth date cell is normalised only when it is not the ID's own
        # date written YYYY-MM-DD (most are; a roster has thousands of distinct dates)
        raw_birth = "id_number" in keys and list(self.mapping.values()).count("birth_date") == 1
        birth_of = self._birth_of
        columns = list(zip_longest(*[cells for _line, cells in rows]))
        width = len(columns)
        nones = (None,) * n_rows
        slow = bytearray(n_rows)  # 1 = parse this row on its own

        def column(col: int) -> tuple[Any, ...]:
            return columns[col] if col < width else nones

        out_keys: list[str] = []
        out_cols: list[list[Any]] = []
        group_col: list[Any] | None = None
        code_col: list[str] | None = None
        id_cells: tuple[Any, ...] | None = None
        for col, key in self.items:
            cells = column(col)
            if key == "id_number":
                id_cells = cells
                continue
            if key == "household_code":
                code_col = list(map(clean, cells))
                continue
            if key == "name":
                out = self._fast_names(cells, slow)
            elif key == "birth_date" and raw_birth:
                out = cells
            elif key == "phone":
                out = list(cells)
                for i, value in enumerate(out):
                    if value is None or value == "":
                        out[i] = ""
                    elif not (type(value) is str and len(value) == 11 and value.isdigit()
                              and value[0] == "1"):
                        slow[i] = 1
            else:
                out = self._fast_cached(key, cells, slow)
            if key == "group":
                group_col = out
                continue
            out_keys.append(key)
            out_cols.append(out)
        today_iso = self.today_iso
        has_birth, has_sex = "birth_date" in keys, "sex" in keys
        blank = ("",) * n_rows
        groups = blank if group_col is None else group_col
        codes = blank if code_col is None else code_col

        def one(i: int, vals: tuple[Any, ...], group: str, code: str) -> RosterRecord:
            """Row i on its own: its cells through the column caches, the ID checked here."""
            if slow[i]:
                return self.parse(*rows[i])
            v = dict(zip(out_keys, vals))
            if id_cells is not None:
                cell = id_cells[i]
                if cell is None or cell == "":
                    v["id_number"] = ""
                    if raw_birth:
                        given = birth_of(v["birth_date"])
                        if given is None:
                            return self.parse(*rows[i])
                        v["birth_date"] = given
                else:
                    got = fast_id(cell, today_iso) if type(cell) is str and cell.isascii() \
                        and cell.isalnum() and not cell.islower() else None
                    if got is None:
                        return self.parse(*rows[i])
                    number, birth, sex = got
                    given = v["birth_date"] if has_birth else ""
                    if raw_birth and given != birth:
                        given = birth_of(given)
                        if given is None:
                            return self.parse(*rows[i])
                    if given and not birth.startswith(given) or \
                            has_sex and v["sex"] and v["sex"] != sex:
                        return self.parse(*rows[i])
                    v["id_number"] = number
                    v["birth_date"] = birth
                    v["sex"] = sex
            elif has_birth and v["birth_date"] and v["birth_date"][:10] > today_iso:
                return self.parse(*rows[i])
            return RosterRecord(rows[i][0], v, group, code)

        at_once = None
        if id_cells is not None and len(set(out_keys)) == len(out_keys) \
                and (raw_birth or not has_birth):
            at_once = _ids_at_once(id_cells, today_iso,
                                   out_cols[out_keys.index("birth_date")] if has_birth else None,
                                   out_cols[out_keys.index("sex")] if has_sex else None)
        if at_once is None:
            return [one(i, vals, group, code) for i, (vals, group, code)
                    in enumerate(zip(zip(*out_cols), groups, codes))]
        # every row at once (C-level maps): the ID's birth date and sex replace the columns';
        # the rows set apart (no or a bad ID, a date or sex that differs, a slow cell) one by one
        births, sexes, apart = at_once
        cols: list[Sequence[Any]] = [births if k == "birth_date" else sexes if k == "sex" else c
                                     for k, c in zip(out_keys, out_cols, strict=True)]
        names = [*out_keys, "id_number"]
        cols.append(id_cells)
        for key, col in (("birth_date", births), ("sex", sexes)):
            if key not in out_keys:
                names.append(key)
                cols.append(col)
        values = map(dict, map(zip, repeat(names), zip(*cols)))
        records = list(map(RosterRecord, [line for line, _cells in rows], values, groups, codes))
        apart.update(i for i, flag in enumerate(slow) if flag)
        for i in apart:
            records[i] = one(i, tuple(c[i] for c in out_cols), groups[i], codes[i])
        return records

    def _fast_names(self, cells: tuple[Any, ...], slow: bytearray) -> list[Any]:
        names = self.names
        for value in set(cells).difference(names):
            if type(value) is str and len(names) < 200_000:
                names[value] = normalise_name(value)
        out = list(map(names.get, cells))
        if None in out or "" in out:
            for i, name in enumerate(out):
                if not name:
                    slow[i] = 1  # not text, an empty name, or past the cache's bound
        return out

    def _birth_of(self, value: Any) -> str | None:
        """One birth date cell normalised through the column's cache; None when its row is to
        be parsed on its own (an error, or a cell a dict cannot tell from 1/0)."""
        fast = self._fast.get("birth_date")
        if fast is None:
            fast = self._fast["birth_date"] = {None: "", "": ""}
        got = fast.get(value)
        if got is None:
            if type(value) is bool or value in (0, 1) or len(fast) >= 100_000:
                return None
            got, err = self._value("birth_date", value)
            if err:
                return None
            fast[value] = got
        return got

    def _fast_cached(self, key: str, cells: tuple[Any, ...], slow: bytearray) -> list[Any]:
        """Normalised cells of a cached column, each distinct cell normalised once; a cell
        that errs (or is a bool, which a dict cannot tell from 1/0) marks its row slow."""
        fast = self._fast.get(key)
        if fast is None:
            fast = self._fast[key] = {None: "", "": ""}
        for value in set(cells).difference(fast):
            if type(value) is bool or value in (0, 1) or len(fast) >= 100_000:
                continue
            res, err = self._value(key, value)
            if not err:
                fast[value] = res
        out = list(map(fast.get, cells))
        if None in out:
            for i, got in enumerate(out):
                if got is None:
                    slow[i] = 1
        return out

    def _check_id(self, rec: RosterRecord, cell: Any) -> None:
        v, errors = rec.values, rec.errors
        if cell is None or cell == "":
            v["id_number"] = ""
            return
        if type(cell) is not str and numeric_id(cell) or type(cell) is str and (
                "e" in cell or "E" in cell) and numeric_id(cell):
            errors.append(NUMERIC_ID_HELP)
            v["id_number"] = ""
            return
        s = cell if isinstance(cell, str) and cell.isalnum() and cell.isascii() else \
            re.sub(r"\s", "", clean(cell))
        s = s.upper()
        v["id_number"] = s
        got = fast_id(s, self.today_iso)
        if got is None:
            try:
                info = idnumber.parse(s)
            except idnumber.IdNumberError as exc:
                msg = str(exc)
                if len(s) == 18 and s.endswith("000") and s[:17].isdigit():
                    msg += ("；末尾为000，可能是 Excel 把身份证号存成数字后丢失了末位，"
                            "请把该列设为文本格式后重新录入")
                errors.append(msg)
                return
            got = (info.number, info.birth_date.isoformat(), info.sex)
        number, birth, sex = got
        v["id_number"] = number
        given = v.get("birth_date", "")
        if given and not birth.startswith(given):
            errors.append(f"出生日期 {given} 与身份证号中的 {birth} 不一致")
        else:
            v["birth_date"] = birth
        if v.get("sex") and v["sex"] != sex:
            errors.append(f"性别“{v['sex']}”与身份证号（{sex}）不一致")
        v["sex"] = sex


def parse_row(line: int, cells: list[Any], mapping: dict[int, str],
              today: dt.date | None = None) -> RosterRecord:
    """Normalise and check one data row. Errors reject the row; warnings do not."""
    return RowParser(mapping, today).parse(line, cells)


# -- search keys: one implementation, in domain/search.py -------------------------------------
from .search import name_keys, search_text  # noqa: E402,F401 - re-exported for the importer
