"""Roster rows: one row checked (`RowParser.parse`, `parse_row`) or many at once, column by
column (`RowParser.parse_many`: each column's distinct cells normalised once, the ID column
checked in C-level maps, the odd rows set apart and parsed one by one) — the same records
either way. The vocabulary and the single-value normalisers are in `roster`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import repeat, zip_longest
from operator import itemgetter, mod, mul
from typing import Any

from . import idnumber
from .roster import (_SPACES, NUMERIC_ID_HELP, STATUS_CHOICES, ValueProblem, clean, normalise_date,
                     normalise_name, normalise_phone, normalise_sex, numeric_id, phone_ok)

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
    birth = f"{b8[:4]}-{b8[4:6]}-{b8[6:]}"
    try:
        dt.date.fromisoformat(birth)
    except ValueError:
        _BIRTHS[b8] = None
        return None
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


def _not_id_shaped(cells: list[Any]) -> set[int]:
    """The rows whose cell is not text of an ID's shape, each replaced by _DUMMY_ID in place."""
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
    return apart


def _ids_at_once(cells: Sequence[Any], today_iso: str, given_births: Sequence[Any] | None,
                 given_sexes: Sequence[Any] | None) -> tuple[list[str], list[str], set[int]] | None:
    """fast_id over a whole column in C-level maps: (births, sexes, rows set apart), the rows
    set apart being those whose ID is missing or not valid, or whose birth date or sex cell
    says otherwise (the caller checks those one by one). None when most rows have no ID."""
    cells = list(cells)
    apart = _not_id_shaped(cells)
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


@dataclass
class _Columns:
    """parse_many's columns: the output ones in order, and those handled apart."""
    keys: list[str] = field(default_factory=list)
    cols: list[Sequence[Any]] = field(default_factory=list)
    group_col: Sequence[Any] | None = None
    code_col: list[str] | None = None
    id_cells: tuple[Any, ...] | None = None


class RowParser:
    """parse_row with per-column caches: rosters repeat the same sexes, dates, buildings,
    groups and relations thousands of times, so each distinct cell is normalised once."""

    def __init__(self, mapping: dict[int, str], today: dt.date) -> None:
        self.mapping = dict(mapping)
        self.items = sorted(self.mapping.items())
        self.today = today
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
        lane = ""
        for col, key in self.items:
            value = cells[col] if col < n else None
            if key == "name":
                v["name"] = self._name(value, errors)
            elif key == "id_number":
                has_id, id_cell = True, value
            elif key == "phone":
                v["phone"] = self._phone(value, rec.warnings)
            elif key == "household_code":
                rec.household_code = clean(value)
            else:
                out = self._cell(key, value, errors)
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
        else:
            self._check_birth(rec)
        return rec

    def _check_birth(self, rec: RosterRecord) -> None:
        """A birth date typed without an ID number: not after today, not before 1880."""
        given = rec.values.get("birth_date")
        if not given:
            return
        if given[:10] > self.today_iso:
            rec.errors.append(f"出生日期{given}晚于今天")
        elif given < "1880":
            rec.errors.append(f"出生日期{given}早于1880年，请核对")

    def _name(self, value: Any, errors: list[str]) -> str:
        names = self.names
        name = names.get(value) if type(value) is str else None
        if name is None:
            name = normalise_name(value)
            if type(value) is str and len(names) < 200_000:
                names[value] = name
        if not name:
            errors.append("姓名为空")
        return name

    @staticmethod
    def _phone(value: Any, warnings: list[str]) -> str:
        if value is None or value == "":
            return ""
        if isinstance(value, str) and len(value) == 11 and value.isdigit() and value[0] == "1":
            return value
        phone = normalise_phone(value)
        if not phone_ok(phone):
            warnings.append(f"联系电话“{phone}”格式可疑")
        return phone

    def _cell(self, key: str, value: Any, errors: list[str]) -> str:
        """A cached column's cell normalised; its problem, if any, added to `errors`."""
        if value is None or value == "":
            return ""
        hit = self.caches[key].get(value)
        if hit is None or type(value) is bool:
            hit = self._value(key, value)
        out, err = hit
        if err:
            errors.append(err)
        return out

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
        n_rows = len(rows)
        # with an ID column, a birth date cell is normalised only when it is not the ID's own
        # date written YYYY-MM-DD (most are; a roster has thousands of distinct dates)
        raw_birth = "id_number" in keys and list(self.mapping.values()).count("birth_date") == 1
        slow = bytearray(n_rows)  # 1 = parse this row on its own
        built = self._fast_columns(rows, raw_birth, slow)
        out_keys, out_cols, group_col, code_col, id_cells = \
            built.keys, built.cols, built.group_col, built.code_col, built.id_cells
        today_iso = self.today_iso
        has_birth, has_sex = "birth_date" in keys, "sex" in keys
        blank = ("",) * n_rows
        groups = blank if group_col is None else group_col
        codes = blank if code_col is None else code_col

        def one(i: int, vals: tuple[Any, ...], group: str, code: str) -> RosterRecord:
            """Row i on its own: its cells through the column caches, the ID checked here."""
            if slow[i]:
                return self.parse(*rows[i])
            v = dict(zip(out_keys, vals, strict=True))
            if id_cells is not None:
                ok = self._take_id(v, id_cells[i], raw_birth, has_birth, has_sex)
            else:
                ok = True
            b = v.get("birth_date")
            if ok and b and (b[:10] > today_iso or b < "1880"):
                ok = False  # a birth date after today or before 1880: the row on its own
            return RosterRecord(rows[i][0], v, group, code) if ok else self.parse(*rows[i])

        at_once = None
        if id_cells is not None and len(set(out_keys)) == len(out_keys) \
                and (raw_birth or not has_birth):
            at_once = _ids_at_once(id_cells, today_iso,
                                   out_cols[out_keys.index("birth_date")] if has_birth else None,
                                   out_cols[out_keys.index("sex")] if has_sex else None)
        if id_cells is None or at_once is None:
            return [one(i, vals, group, code) for i, (vals, group, code)
                    in enumerate(zip(zip(*out_cols, strict=True), groups, codes, strict=False))]
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
        values = map(dict, map(zip, repeat(names), zip(*cols, strict=True)))
        records = list(map(RosterRecord, [line for line, _cells in rows], values, groups, codes))
        apart.update(i for i, flag in enumerate(slow) if flag)
        for i in apart:
            records[i] = one(i, tuple(c[i] for c in out_cols), groups[i], codes[i])
        return records

    def _fast_columns(self, rows: list[tuple[int, list[Any]]], raw_birth: bool,
                      slow: bytearray) -> _Columns:
        """Every mapped column normalised through its cache in C-level maps; a row with a
        cell outside the common clean shapes is marked in `slow`."""
        columns = list(zip_longest(*[cells for _line, cells in rows]))
        width = len(columns)
        nones = (None,) * len(rows)
        c = _Columns()
        out: Sequence[Any]
        for col, key in self.items:
            cells = columns[col] if col < width else nones
            if key == "id_number":
                c.id_cells = cells
                continue
            if key == "household_code":
                c.code_col = list(map(clean, cells))
                continue
            if key == "name":
                out = self._fast_names(cells, slow)
            elif key == "birth_date" and raw_birth:
                out = cells
            elif key == "phone":
                out = self._fast_phones(cells, slow)
            else:
                out = self._fast_cached(key, cells, slow)
            if key == "group":
                c.group_col = out
                continue
            c.keys.append(key)
            c.cols.append(out)
        return c

    @staticmethod
    def _fast_phones(cells: tuple[Any, ...], slow: bytearray) -> list[Any]:
        out = list(cells)
        for i, value in enumerate(out):
            if value is None or value == "":
                out[i] = ""
            elif not (type(value) is str and len(value) == 11 and value.isdigit()
                      and value[0] == "1"):
                slow[i] = 1
        return out

    def _take_id(self, v: dict[str, Any], cell: Any, raw_birth: bool, has_birth: bool,
                 has_sex: bool) -> bool:
        """One row's ID cell into `v` (the ID's birth date and sex win); False when the row
        is to be parsed on its own (a bad ID, a date or sex that differs, an odd date cell)."""
        if cell is None or cell == "":
            v["id_number"] = ""
            if raw_birth:
                given = self._birth_of(v["birth_date"])
                if given is None:
                    return False
                v["birth_date"] = given
            return True
        got = fast_id(cell, self.today_iso) if type(cell) is str and cell.isascii() \
            and cell.isalnum() and not cell.islower() else None
        if got is None:
            return False
        number, birth, sex = got
        given = v["birth_date"] if has_birth else ""
        if raw_birth and given != birth:
            given = self._birth_of(given)
            if given is None:
                return False
        if given and not birth.startswith(given) or has_sex and v["sex"] and v["sex"] != sex:
            return False
        v["id_number"] = number
        v["birth_date"] = birth
        v["sex"] = sex
        return True

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
            self._check_birth(rec)
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
                info = idnumber.parse(s, self.today)
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
            errors.append(f"出生日期{given}与身份证号中的{birth}不一致")
        else:
            v["birth_date"] = birth
        if v.get("sex") and v["sex"] != sex:
            errors.append(f"性别“{v['sex']}”与身份证号（{sex}）不一致")
        v["sex"] = sex


def parse_row(line: int, cells: list[Any], mapping: dict[int, str],
              today: dt.date) -> RosterRecord:
    """Normalise and check one data row. Errors reject the row; warnings do not."""
    return RowParser(mapping, today).parse(line, cells)
