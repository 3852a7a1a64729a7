"""Roster import: plan (preview with a status per row) -> apply in ONE transaction.

The caller reads the file (documents.spreadsheet.read_roster) and hands the table here as
plain data. Matching: by ID number (update / unchanged), within the file (duplicates merged
and reported); rows without an ID by name + birth date + address, flagged, never merged."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import json
import operator
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..domain import roster, roster_rows
from ..store import audit_chain
from ..store.db import Store
from ..store.engine import sqlite_version_info
from .base import Changed, Context

NEW, UPDATE, UNCHANGED, REJECTED, DUPLICATE, REVIEW = (
    "新增", "更新", "无变化", "拒绝", "重复", "待核对")
STATUSES = (NEW, UPDATE, UNCHANGED, REJECTED, DUPLICATE, REVIEW)

ProgressFn = Callable[[int, int, str], None]


class TableLike(Protocol):
    file: str
    sheet: str
    header_line: int
    headers: list[str]
    rows: list[tuple[int, list[Any]]]


@dataclass(slots=True)
class PlanRow:
    line: int
    status: str
    reason: str
    values: dict[str, str]
    cells: list[Any]
    resident_id: int | None = None
    group: str = ""
    household_code: str = ""
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Plan:
    file: str
    sheet: str
    headers: list[str]
    mapping: dict[int, str]
    signature: str
    rows: list[PlanRow]
    remember: bool = False

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATUSES, 0)
        for r in self.rows:
            out[r.status] += 1
        return out

    def summary(self) -> str:
        c = self.counts()
        s = (f"新增{c[NEW]}人，更新{c[UPDATE]}人，无变化{c[UNCHANGED]}人，"
             f"拒绝{c[REJECTED]}行")
        if c[DUPLICATE]:
            s += f"，文件内重复已合并{c[DUPLICATE]}行"
        if c[REVIEW]:
            s += f"，待核对{c[REVIEW]}行"
        return s

    def rejected(self) -> list[PlanRow]:
        return [r for r in self.rows if r.status in (REJECTED, REVIEW)]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic GC while tens of thousands of row objects are made (none form cycles);
    the collector's repeated full passes otherwise cost a third of the import."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _tick(progress: ProgressFn | None, done: int, total: int, text: str) -> None:
    if progress is not None:
        progress(done, total, text)


def preload() -> None:
    """Load ahead what checking the first row would (the pinyin table), e.g. while the file is
    still being read."""
    from ..domain import search

    search.preload()


# -- mappings ----------------------------------------------------------------------------------
def remembered_mapping(store: Store, headers: list[Any]) -> dict[int, str] | None:
    row = store.conn.execute("SELECT mapping FROM import_mappings WHERE signature = ?",
                             [roster.header_signature(headers)]).fetchone()
    if not row:
        return None
    try:
        return {int(k): v for k, v in json.loads(row[0]).items() if v in roster.FIELDS}
    except (ValueError, AttributeError):
        return None


def mapping_for(store: Store, headers: list[Any]) -> dict[int, str]:
    return remembered_mapping(store, headers) or roster.propose_mapping(headers)


# -- plan --------------------------------------------------------------------------------------
_COMPARE = ("name", "sex", "ethnicity", "birth_date", "phone", "address", "building", "room",
            "relation", "hukou_address", "population_type", "political_status",
            "marital_status", "education", "employer", "key_categories", "note", "status")
_EXISTING_COLS = ("id", "id_number", "building_group_id", "household_id") + _COMPARE


def plan(store: Store, table: TableLike, mapping: dict[int, str] | None = None, *,
         remember: bool = False, today: dt.date | None = None,
         progress: ProgressFn | None = None) -> Plan:
    """What importing `table` would do, row by row. Reads the store once; writes nothing."""
    with paused_gc():
        return _plan(store, table, mapping, remember, today, progress)


def _plan(store: Store, table: TableLike, mapping: dict[int, str] | None, remember: bool,
          today: dt.date | None, progress: ProgressFn | None) -> Plan:
    planner = _Planner(store, table, mapping, remember, today)
    rows, total = table.rows, len(table.rows)
    # pass 1: every row checked (column by column, in chunks); rows with the same ID merged
    # into the first one
    for start in range(0, total, _CHUNK):
        _tick(progress, start, total, "正在核对")
        planner.check(rows[start:start + _CHUNK])
    # pass 2: each person against the store
    planner.match(planner.to_match)
    _tick(progress, total, total, "核对完成")
    return planner.plan()


class _Planner:
    """The plan's state: the store as it was read once, the rows so far, the IDs seen."""

    def __init__(self, store: Store, table: TableLike, mapping: dict[int, str] | None,
                 remember: bool, today: dt.date | None) -> None:
        today = today or store.clock.today()
        if mapping is None:
            mapping = mapping_for(store, table.headers)
        if "name" not in mapping.values():
            from ..domain.errors import UserError

            raise UserError(f"文件“{Path(table.file).name}”中没有对应“姓名”的列，无法导入。"
                            "请在列对应中指定姓名列。")
        self.table, self.mapping, self.remember = table, mapping, remember
        conn = store.conn
        cols = ", ".join(_EXISTING_COLS)
        self.by_id: dict[str, tuple] = {}
        self.by_key: dict[tuple[str, str, str], tuple] = {}
        idx = self.idx = {c: i for i, c in enumerate(_EXISTING_COLS)}
        assert (idx["name"], idx["birth_date"], idx["address"], idx["room"]) == (4, 7, 9, 11)
        for row in conn.execute(f"SELECT {cols} FROM residents"):
            if row[1]:
                self.by_id[row[1]] = row
            else:
                self.by_key[(row[4], row[7] or "", _addr_key(row[9], row[10], row[11]))] = row
        groups = {name: gid for gid, name in conn.execute(
            "SELECT id, name FROM groups WHERE kind = '楼组'")}
        self.group_names = {gid: name for name, gid in groups.items()}
        mapped = set(mapping.values())
        compare = [k for k in _COMPARE if k in mapped or (k == "building" and "lane" in mapped)]
        if "id_number" in mapped:
            compare += [k for k in ("sex", "birth_date") if k not in compare]
        self.compare = compare
        self.has_group = "group" in mapped
        self.out: list[PlanRow] = []
        self.seen: dict[str, PlanRow] = {}
        self.seen_key: dict[tuple[str, str, str], PlanRow] = {}
        self.to_match: list[PlanRow] = []
        self.merged_ids = False  # a later row's values were merged into an earlier one
        self.parse_many = roster_rows.RowParser(mapping, today).parse_many

    def check(self, chunk: list[tuple[int, list[Any]]]) -> list[PlanRow]:
        """Pass 1 over some rows; returns those of them that are to be matched."""
        out, seen, seen_key, to_match = self.out, self.seen, self.seen_key, self.to_match
        before, first_out = len(to_match), len(out)
        for (_line, cells), rec in zip(chunk, self.parse_many(chunk), strict=True):
            _plan_row(rec, cells, out, seen, seen_key, to_match)
        if len(out) - first_out != len(to_match) - before:
            self.merged_ids = self.merged_ids or any(
                pr.status == DUPLICATE and pr.values.get("id_number") for pr in out[first_out:])
        return to_match[before:]

    def match(self, rows: list[PlanRow]) -> None:
        """Pass 2: each person against the store."""
        by_id, by_key, idx = self.by_id, self.by_key, self.idx
        compare, has_group, group_names = self.compare, self.has_group, self.group_names
        for pr in rows:
            v = pr.values
            number = v.get("id_number") or ""
            if number:
                existing = by_id.get(number)
            else:
                key = (v.get("name", ""), v.get("birth_date", ""),
                       _addr_key(v.get("address", ""), v.get("building", ""), v.get("room", "")))
                existing = by_key.get(key) if key[1] or key[2] else None
                if existing is None:
                    pr.reason = "无身份证号，导入后标记为待核对"
                    continue
            if existing is None:
                continue
            pr.resident_id = existing[0]
            changes: dict[str, tuple[Any, Any]] = {}
            for k in compare:
                new = v.get(k, "")
                if not new:
                    continue  # an empty cell never clears what is known
                old = existing[idx[k]] or ""
                if new != old:
                    changes[k] = (old, new)
            if has_group and pr.group:
                old_group = group_names.get(existing[idx["building_group_id"]], "")
                if old_group != pr.group:
                    changes["group"] = (old_group, pr.group)
            pr.changes = changes
            if not number:
                if changes:
                    pr.status = REVIEW
                    pr.reason = (f"无身份证号；与已有居民（编号{existing[0]}）姓名、出生日期、地址相同但"
                                 f"{'、'.join(roster.FIELD_LABELS.get(k, '楼组') for k in changes)}不同，"
                                 "未自动合并，请核对")
                else:
                    pr.status = UNCHANGED
                    pr.reason = "无身份证号，按姓名、出生日期、地址与已有居民相同"
                continue
            if changes:
                pr.status = UPDATE
                pr.reason = "、".join(roster.FIELD_LABELS.get(k, "楼组") for k in changes) + " 有变化"
            else:
                pr.status = UNCHANGED

    def plan(self) -> Plan:
        t = self.table
        return Plan(t.file, t.sheet, list(t.headers), dict(self.mapping),
                    roster.header_signature(t.headers), self.out, self.remember)


_CHUNK = 4096


def _plan_row(rec: roster_rows.RosterRecord, cells: list[Any], out: list[PlanRow],
              seen: dict[str, PlanRow], seen_key: dict[tuple[str, str, str], PlanRow],
              to_match: list[PlanRow]) -> None:
    """Pass 1 for one parsed row: rejected, merged into an earlier row, or to be matched."""
    v = rec.values
    pr = PlanRow(rec.line, NEW, "", v, cells, group=rec.group,
                 household_code=rec.household_code, warnings=rec.warnings)
    out.append(pr)
    if rec.errors:
        pr.status, pr.reason = REJECTED, "；".join(rec.errors)
        return
    number = v.get("id_number") or ""
    if number:
        first = seen.get(number)
        if first is not None:
            pr.status = DUPLICATE
            conflicts = [roster.FIELD_LABELS[k] for k, val in v.items()
                         if val and first.values.get(k) and first.values[k] != val]
            for k, val in v.items():
                if val and not first.values.get(k):
                    first.values[k] = val
            first.group = first.group or pr.group
            first.household_code = first.household_code or pr.household_code
            pr.reason = f"与第{first.line}行身份证号相同，已合并为一人"
            if conflicts:
                pr.reason += f"（{'、'.join(conflicts)}不同，保留第{first.line}行的）"
            return
        seen[number] = pr
    else:
        key = (v.get("name", ""), v.get("birth_date", ""),
               _addr_key(v.get("address", ""), v.get("building", ""), v.get("room", "")))
        if key[1] and key[2] != "||":
            first = seen_key.get(key)
            if first is not None:
                pr.status = DUPLICATE
                pr.reason = (f"无身份证号，与第{first.line}行姓名、出生日期、地址都相同，"
                             "按同一人只导入一次，请核对")
                return
            seen_key[key] = pr
    to_match.append(pr)


def _addr_key(address: str | None, building: str | None, room: str | None) -> str:
    return f"{address or ''}|{building or ''}|{room or ''}"


# -- apply -------------------------------------------------------------------------------------
_INSERT_COLS = ("name", "sex", "ethnicity", "birth_date", "id_number", "phone", "address",
                "building", "room", "household_id", "relation", "building_group_id",
                "hukou_address", "population_type", "political_status", "marital_status",
                "education", "employer", "key_categories", "note", "status", "needs_review",
                "search_text", "created_at", "updated_at")  # the order of apply's tuples


def apply(ctx: Context, p: Plan, progress: ProgressFn | None = None) -> Changed:
    """Write the plan in one transaction (cancel or crash = nothing written)."""
    with paused_gc():
        return _apply(ctx, p, progress)


def _apply(ctx: Context, p: Plan, progress: ProgressFn | None) -> Changed:
    ctx.require_write()
    now = ctx.now_iso()
    file_name = Path(p.file).name
    todo = [r for r in p.rows if r.status in (NEW, UPDATE)]
    total = len(todo)
    new_ids: list[int] = []
    with ctx.tx() as tx:
        conn = tx.db.conn
        ids = _Ids(conn, file_name)
        # households and 楼组 first (in row order, as ids are given), then the insert rows
        fresh: list[tuple[PlanRow, int | None, int | None]] = []
        for n, r in enumerate(todo):
            if n % 500 == 0:
                _tick(progress, n, total, "正在写入")
            if r.status == NEW:
                fresh.append((r, ids.household(r), ids.group(r.group)))
        ids.flush(conn)
        if fresh:
            first = (conn.execute("SELECT coalesce(max(id), 0) FROM residents").fetchone()[0]
                     + 1)
            big = len(fresh) >= _BULK_ROWS
            with _bulk(conn, empty=first == 1 and big):
                if big and _JSON_INSERT:
                    _insert_overlapped(conn, fresh, now)
                else:
                    conn.executemany(_INSERT_SQL, [_insert_row(r, hid, gid, now)
                                                   for r, hid, gid in fresh])
            new_ids = list(range(first, first + len(fresh)))
        updated = _write_updates(ctx, tx, p, todo, ids, now, progress)
    return Changed.of("residents", "households", "groups", ids=new_ids + updated,
                      summary=f"已导入 {file_name}：{p.summary()}", counts=p.counts())


class _Ids:
    """Ids of 楼组 and households, new ones given here (max + 1, as SQLite would) and written
    by flush(): pure Python, so a helper thread can assign them while rows are inserted."""

    def __init__(self, conn: Any, file_name: str) -> None:
        self.groups = {name: gid for gid, name in conn.execute(
            "SELECT id, name FROM groups WHERE kind = '楼组'")}
        self.next_group = conn.execute("SELECT coalesce(max(id), 0) FROM groups").fetchone()[0]
        self.households = {(b, r, a): hid for hid, b, r, a in conn.execute(
            "SELECT id, building, room, address FROM households")}
        self.by_code = {c: hid for hid, c in conn.execute(
            "SELECT id, code FROM households WHERE code IS NOT NULL AND code != ''")}
        self.next_hh = conn.execute("SELECT coalesce(max(id), 0) FROM households").fetchone()[0]
        self.note = f"导入自 {file_name}"
        self.new_groups: list[tuple] = []
        self.new_households: list[tuple] = []

    def group(self, name: str) -> int | None:
        if not name:
            return None
        gid = self.groups.get(name)
        if gid is None:
            self.next_group += 1
            gid = self.groups[name] = self.next_group
            self.new_groups.append((gid, name, self.note))
        return gid

    def household(self, r: PlanRow) -> int | None:
        v = r.values
        code = r.household_code
        by_code = self.by_code
        if code and code in by_code:
            return by_code[code]
        key = (v.get("building", ""), v.get("room", ""), v.get("address", ""))
        if not code and not (key[0] or key[1] or key[2]):
            return None
        hid = self.households.get(key)
        if hid is None:
            self.next_hh += 1
            hid = self.next_hh
            self.new_households.append((hid, code or None, key[2], key[0], key[1]))
            self.households[key] = hid
        if code:
            by_code[code] = hid
        return hid

    def take(self) -> tuple[list[tuple], list[tuple]]:
        out = self.new_groups, self.new_households
        self.new_groups, self.new_households = [], []
        return out

    def flush(self, conn: Any) -> None:
        _write_ids(conn, *self.take())


def _write_ids(conn: Any, groups: list[tuple], households: list[tuple]) -> None:
    if _JSON_INSERT:
        # one statement step each, without the GIL: executemany takes the GIL back for every
        # row, and waits up to 5 ms for it each time while a helper thread is busy
        if groups:
            conn.execute("INSERT INTO groups (id, kind, name, note) SELECT"
                         " value ->> 0, '楼组', value ->> 1, value ->> 2 FROM json_each(?)",
                         [_dumps(groups)])
        if households:
            conn.execute("INSERT INTO households (id, code, address, building, room) SELECT"
                         " value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4"
                         " FROM json_each(?)", [_dumps(households)])
        return
    if groups:
        conn.executemany("INSERT INTO groups (id, kind, name, note) VALUES (?, '楼组', ?, ?)",
                         groups)
    if households:
        conn.executemany("INSERT INTO households (id, code, address, building, room)"
                         " VALUES (?, ?, ?, ?, ?)", households)


def _write_updates(ctx: Context, tx: Any, p: Plan, todo: list[PlanRow], ids: _Ids, now: str,
                   progress: ProgressFn | None) -> list[int]:
    """The UPDATE rows, the audit rows, the remembered mapping: the rest of one import."""
    conn = tx.db.conn
    file_name = Path(p.file).name
    total = len(todo)
    updated: list[int] = []
    group_id, household_id = ids.group, ids.household
    audits: list[tuple] = []
    for r in todo:
        if r.status != UPDATE or r.resident_id is None:
            continue
        sets = {k: new for k, (_old, new) in r.changes.items() if k != "group"}
        if "group" in r.changes:
            sets["building_group_id"] = group_id(r.changes["group"][1])
        if sets.keys() & {"building", "room", "address"}:
            cur = dict(zip(("building", "room", "address"), conn.execute(
                "SELECT building, room, address FROM residents WHERE id = ?",
                [r.resident_id]).fetchone(), strict=True))
            merged = {**cur, **{k: v for k, v in sets.items() if k in cur}}
            sets["household_id"] = household_id(PlanRow(r.line, NEW, "", merged, [],
                                                         household_code=r.household_code))
        cur_row = conn.execute("SELECT name, id_number, phone, address, building, room "
                               "FROM residents WHERE id = ?", [r.resident_id]).fetchone()
        after = dict(zip(("name", "id_number", "phone", "address", "building", "room"),
                         cur_row, strict=True))
        after.update({k: v for k, v in sets.items() if k in after})
        sets["search_text"] = roster.search_text(
            after["name"], after["id_number"], after["phone"],
            roster.place(after["address"], after["building"], after["room"]))
        sets["updated_at"] = now
        ids.flush(conn)
        conn.execute(f"UPDATE residents SET {', '.join(f'{k} = ?' for k in sets)} "
                     "WHERE id = ?", [*sets.values(), r.resident_id])
        updated.append(r.resident_id)
        audits.append((now, ctx.actor, "resident.import_update", "residents", r.resident_id,
                       f"导入 {file_name} 第{r.line}行",
                       json.dumps({k: o for k, (o, _n) in r.changes.items()},
                                  ensure_ascii=False),
                       json.dumps({k: nv for k, (_o, nv) in r.changes.items()},
                                  ensure_ascii=False)))
    if audits:
        audit_chain.append(conn, audits)
    if p.remember:
        conn.execute("INSERT OR REPLACE INTO import_mappings (signature, mapping, updated_at)"
                     " VALUES (?, ?, ?)",
                     [p.signature, json.dumps({str(k): v for k, v in p.mapping.items()},
                                              ensure_ascii=False), now])
    _tick(progress, total, total, "正在保存")
    tx.audit("resident.import", "residents", summary=f"导入花名册 {file_name}：{p.summary()}",
             after={"file": file_name, "sheet": p.sheet, **p.counts()})
    return updated


_INSERT_SQL = (f"INSERT INTO residents ({', '.join(_INSERT_COLS)}) VALUES "
               f"({', '.join('?' * len(_INSERT_COLS))})")
# The same insert with the rows passed as one JSON array: the whole chunk is written in one
# sqlite3_step, during which Python's GIL is released (executemany takes it back for every
# row), so the next chunk's rows are built on the other core meanwhile. `->>` needs 3.38.
_JSON_INSERT = sqlite_version_info >= (3, 38, 0)
_JSON_CHUNK = 4000


def _insert_row(r: PlanRow, household: int | None, group: int | None, now: str) -> tuple:
    """One new resident as a tuple in _INSERT_COLS order."""
    vg = r.values.get
    name, number, phone = vg("name", ""), vg("id_number") or None, vg("phone", "")
    address, building, room = vg("address", ""), vg("building", ""), vg("room", "")
    return (name, vg("sex", ""), vg("ethnicity", ""), vg("birth_date") or None, number,
            phone, address, building, room, household, vg("relation", ""), group,
            vg("hukou_address", ""), vg("population_type", ""), vg("political_status", ""),
            vg("marital_status", ""), vg("education", ""), vg("employer", ""),
            vg("key_categories", ""), vg("note", ""), vg("status") or "在册",
            "" if number else "无身份证号",
            roster.search_text(name, number, phone, roster.place(address, building, room)),
            now, now)


def _in_background(produce: Callable[[], Iterator[Any]], name: str) -> Generator[Any, None, None]:
    """Run the generator `produce()` on a helper thread, up to three items ahead, and yield
    its items on this thread. An exception on either side stops both; use with
    `contextlib.closing` so that the helper is joined even when the consumer fails."""
    import queue
    import threading

    chunks: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=3)
    stop = threading.Event()
    done = object()

    def put(item: tuple[bool, Any]) -> bool:
        while not stop.is_set():
            try:
                chunks.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def run() -> None:
        try:
            for item in produce():
                if not put((True, item)):
                    return
            put((True, done))
        except BaseException as exc:  # noqa: BLE001 - handed to the consuming thread
            put((False, exc))

    helper = threading.Thread(target=run, name=name, daemon=True)
    helper.start()
    try:
        while True:
            ok, item = chunks.get()
            if not ok:
                raise item
            if item is done:
                return
            yield item
    finally:
        stop.set()
        helper.join()


def _insert_overlapped(conn: Any, fresh: list[tuple[PlanRow, int | None, int | None]],
                       now: str) -> None:
    """Insert the rows in JSON chunks on this thread (the connection's, inside its
    transaction) while a helper thread builds the next chunks: search keys, tuples, JSON.
    The helper touches no database; an error on either side stops both."""

    def produce() -> Iterator[tuple[str, list[Any]]]:
        for start in range(0, len(fresh), _JSON_CHUNK):
            sql, params, _n = _json_insert(fresh[start:start + _JSON_CHUNK], now)
            yield sql, params

    with contextlib.closing(_in_background(produce, "roster-import-rows")) as items:
        for item in items:
            conn.execute(*item)


def import_table(ctx: Context, table: TableLike, progress: ProgressFn | None = None
                 ) -> tuple[Plan, Changed]:
    """plan() then apply(), with the same result, for a caller that needs no preview (the
    CLI). A big file is checked and written at once: a helper thread checks the rows chunk by
    chunk while this thread inserts the new residents of the chunks already checked. When a
    row turns out to repeat an earlier row's ID (its values are merged into the earlier one,
    which may be written already) that attempt is rolled back and the import is done in
    the two steps instead."""
    if len(table.rows) >= _BULK_ROWS and _JSON_INSERT:
        with paused_gc():
            try:
                return _import_streamed(ctx, table, progress)
            except _MergedRows:
                pass
    p = plan(ctx.store, table, progress=progress)
    return p, apply(ctx, p, progress=progress)


class _MergedRows(Exception):
    pass


def _import_streamed(ctx: Context, table: TableLike, progress: ProgressFn | None
                     ) -> tuple[Plan, Changed]:
    ctx.require_write()
    now = ctx.now_iso()
    file_name = Path(table.file).name
    with ctx.tx() as tx:
        conn = tx.db.conn
        planner = _Planner(ctx.store, table, None, False, None)
        ids = _Ids(conn, file_name)
        first = conn.execute("SELECT coalesce(max(id), 0) FROM residents").fetchone()[0] + 1

        def produce() -> Iterator[Any]:
            rows, total = table.rows, len(table.rows)
            for start in range(0, total, _CHUNK):
                matched = planner.check(rows[start:start + _CHUNK])
                if planner.merged_ids:
                    raise _MergedRows
                planner.match(matched)
                fresh = [(r, ids.household(r), ids.group(r.group))
                         for r in matched if r.status == NEW]
                yield (start, total, *ids.take(), _json_insert(fresh, now) if fresh else None)

        inserted = 0
        with _bulk(conn, empty=first == 1), \
                contextlib.closing(_in_background(produce, "roster-import-check")) as items:
            for done, total, groups, households, insert in items:
                _tick(progress, done, total, "正在核对并写入")
                _write_ids(conn, groups, households)
                if insert is not None:
                    conn.execute(*insert[:2])
                    inserted += insert[2]
        p = planner.plan()
        todo = [r for r in p.rows if r.status in (NEW, UPDATE)]
        updated = _write_updates(ctx, tx, p, todo, ids, now, progress)
    new_ids = list(range(first, first + inserted))
    return p, Changed.of("residents", "households", "groups", ids=new_ids + updated,
                         summary=f"已导入 {file_name}：{p.summary()}", counts=p.counts())


_VALUE_COLS = ("name", "sex", "ethnicity", "birth_date", "id_number", "phone", "address",
               "building", "room", "relation", "hukou_address", "population_type",
               "political_status", "marital_status", "education", "employer", "key_categories",
               "note", "status")
_JSON_COLS = (*_VALUE_COLS, "household_id", "building_group_id", "needs_review", "search_text")
# what _insert_row does in Python, done by SQLite on the way in
_JSON_WRAP = {"id_number": "nullif({}, '')", "birth_date": "nullif({}, '')",
              "status": "coalesce(nullif({}, ''), '在册')"}


def _json_insert(fresh: list[tuple[PlanRow, int | None, int | None]], now: str
                 ) -> tuple[str, list[Any], int]:
    """(sql, params, rows) inserting these new residents (the rows _insert_row makes) as one
    JSON array: columns with one value in all of them (empty ones) are bound once, only the
    others go through JSON. Built column by column (C-level maps over the rows' values)."""
    values = [r.values for r, _h, _g in fresh]
    n = len(values)
    present = set().union(*values)
    blank = ("",) * n
    columns: list[Sequence[Any]] = []
    for c in _VALUE_COLS:
        if c not in present:
            columns.append(blank)
            continue
        try:
            columns.append(list(map(operator.itemgetter(c), values)))
        except KeyError:
            columns.append([v.get(c, "") for v in values])
    col = dict(zip(_VALUE_COLS, columns, strict=True))
    columns.append([h for _r, h, _g in fresh])
    columns.append([g for _r, _h, g in fresh])
    columns.append(["" if number else "无身份证号" for number in col["id_number"]])
    columns.append(list(map(_search_text, col["name"], col["id_number"], col["phone"],
                            col["address"], col["building"], col["room"])))
    same = [j for j, c in enumerate(columns) if c.count(c[0]) == n
            and type(c[0]) is type(c[-1])]
    differ = [j for j in range(len(columns)) if j not in same]
    exprs = {j: f"value ->> {k}" for k, j in enumerate(differ)}
    exprs.update({j: f"?{k + 3}" for k, j in enumerate(same)})
    select = [_JSON_WRAP.get(c, "{}").format(exprs[j]) for j, c in enumerate(_JSON_COLS)]
    sql = (f"INSERT INTO residents ({', '.join(_JSON_COLS)}, created_at, updated_at) SELECT "
           + ", ".join(select) + ", ?2, ?2 FROM json_each(?1)")
    data = _dumps(list(zip(*(columns[j] for j in differ), strict=True)) if differ else [[]] * n)
    return sql, [data, now, *(columns[j][0] for j in same)], n


def _search_text(name: str, number: str, phone: str, address: str, building: str,
                 room: str) -> str:
    """roster.search_text of a new resident as _insert_row gives it."""
    return roster.search_text(name, number or None, phone, roster.place(address, building, room))


_dumps = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(",", ":")).encode


_BULK_ROWS = 5000
_BULK_CACHE_KIB = 65536


@contextlib.contextmanager
def _bulk(conn: Any, empty: bool) -> Iterator[None]:
    """Inside the import's transaction: a page cache big enough that a 50,000-row insert is not
    spilled to the WAL half-way; and when the residents table was empty, its secondary
    indexes dropped and built again after the insert (sorting once beats 50,000 B-tree
    inserts into each). Both are undone by the transaction's ROLLBACK like any other change."""
    old_cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = -{_BULK_CACHE_KIB}")
    try:
        indexes = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
            " AND tbl_name = 'residents' AND sql IS NOT NULL").fetchall() if empty else []
        if empty and conn.execute("SELECT EXISTS (SELECT 1 FROM residents)").fetchone()[0]:
            indexes = []
        for name, _sql in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        yield
        for _name, sql in indexes:
            conn.execute(sql)
    finally:
        conn.execute(f"PRAGMA cache_size = {old_cache}")
