"""The binary spreadsheets walked record by record: legacy .xls (BIFF5/8 in an OLE2 compound
file, via olefile) and .xlsb (BIFF12 in a zip). One walk gives a sheet's real extent (the
cells with something in them, wherever they are) without keeping any; the same walk with a
`Collector` is the streamed reader for sheets too big to hand to a dense reader."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .sheet_common import MAX_CELL_TEXT, MAX_COLS, MAX_ROWS, Collector, Stop

_U16 = struct.Struct("<H")
_U32 = struct.Struct("<I")
_F64 = struct.Struct("<d")
_HDR = struct.Struct("<HH")
_RC = struct.Struct("<HH")

CellFn = Callable[[int, int, Any], None]  # row, column, value (None: only its place)


def rk_value(rk: int) -> float:
    if rk & 2:
        v: float = rk >> 2
        if rk & 0x80000000:
            v = (rk >> 2) - (1 << 30)
    else:
        v = _F64.unpack(struct.pack("<Q", (rk & 0xFFFFFFFC) << 32))[0]
    return v / 100 if rk & 1 else v


# -- .xls ----------------------------------------------------------------------------------
class XlsBook:
    """The workbook globals of a BIFF5/BIFF8 stream: sheets, shared strings, password."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.biff8 = True
        self.encrypted = False
        self.codepage = "cp936"
        self.sheets: list[tuple[str, int, bool]] = []  # name, offset of its BOF, worksheet?
        self.sst: list[str] = []
        self._sst_parts: list[bytes] = []
        pos = 0
        n = len(data)
        first = True
        while pos + 4 <= n:
            rtype, size = _HDR.unpack_from(data, pos)
            body = data[pos + 4: pos + 4 + size]
            pos += 4 + size
            if first:
                first = False
                if rtype not in (0x0809, 0x0409, 0x0209, 0x0009) or len(body) < 4:
                    raise ValueError("no BOF record")
                self.biff8 = _U16.unpack_from(body, 0)[0] == 0x0600
            elif rtype == 0x002F:  # FILEPASS
                self.encrypted = True
                return
            elif rtype == 0x0042 and len(body) >= 2:  # CODEPAGE
                cp = _U16.unpack_from(body, 0)[0]
                self.codepage = {1200: "utf-16-le", 936: "cp936", 1252: "cp1252",
                                 65001: "utf-8"}.get(cp, "cp936")
            elif rtype == 0x0085 and len(body) >= 7:  # BOUNDSHEET
                offset = _U32.unpack_from(body, 0)[0]
                kind = body[5]
                name = (self._short_string(body, 6) if self.biff8 else
                        body[7:7 + body[6]].decode(self.codepage, "replace"))
                self.sheets.append((name, offset, kind == 0))
            elif rtype == 0x00FC:  # SST
                self._sst_parts = [body]
            elif rtype == 0x003C and self._sst_parts:  # CONTINUE of the SST
                self._sst_parts.append(body)
            elif rtype == 0x000A:  # EOF of the globals
                break
            if rtype != 0x003C and rtype != 0x00FC and self._sst_parts and not self.sst:
                self.sst = _read_sst(self._sst_parts)
                self._sst_parts = []
        if self._sst_parts and not self.sst:
            self.sst = _read_sst(self._sst_parts)

    def _short_string(self, b: bytes, pos: int) -> str:
        cch, flags = b[pos], b[pos + 1]
        raw = b[pos + 2: pos + 2 + cch * (2 if flags & 1 else 1)]
        return raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace")

    def _label(self, b: bytes, pos: int) -> str:
        if self.biff8:
            cch = _U16.unpack_from(b, pos)[0]
            flags = b[pos + 2]
            raw = b[pos + 3: pos + 3 + cch * (2 if flags & 1 else 1)]
            return raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace")
        cch = _U16.unpack_from(b, pos)[0]
        return b[pos + 2: pos + 2 + cch].decode(self.codepage, "replace")

    def walk(self, offset: int, cell: CellFn, values: bool) -> None:
        """Every cell with something in it of the sheet whose BOF is at `offset`.

        One pass over the records, the common cell records (shared string, number, RK)
        decoded inline: this loop runs once per cell. MULRK (several cells in one record)
        and FORMULA go to a helper each."""
        data, n = self.data, len(self.data)
        pos = self._first_record(offset)
        pending: tuple[int, int] | None = None  # a formula whose string result follows
        sst, label = self.sst, self._label
        while pos + 4 <= n:
            rtype, size = _HDR.unpack_from(data, pos)
            start = pos + 4
            pos = start + size
            if rtype == 0x000A:  # EOF
                break
            if size < 4 or rtype not in _XLS_CELLS:
                if rtype == 0x0207 and pending is not None and values:  # STRING
                    cell(*pending, label(data[start:pos], 0) if size >= 3 else "")
                pending = None
                continue
            r, c = _RC.unpack_from(data, start)
            body = data[start:pos]
            pending = None
            if rtype == 0x00BD:  # MULRK: row, first col, (xf, rk)*, last col
                _mulrk(r, c, body, size, cell, values)
                continue
            if not values:
                cell(r, c, None)
                continue
            if rtype == 0x00FD and size >= 10:  # LABELSST
                i = _U32.unpack_from(body, 6)[0]
                cell(r, c, sst[i] if i < len(sst) else "")
            elif rtype == 0x0203 and size >= 14:  # NUMBER
                cell(r, c, _F64.unpack_from(body, 6)[0])
            elif rtype == 0x027E and size >= 10:  # RK
                cell(r, c, rk_value(_U32.unpack_from(body, 6)[0]))
            elif rtype in (0x0204, 0x00D6) and size >= 9:  # LABEL, RSTRING
                cell(r, c, label(body, 6)[:MAX_CELL_TEXT])
            elif rtype == 0x0205 and size >= 8:  # BOOLERR
                cell(r, c, bool(body[6]) if body[7] == 0 else "")
            elif rtype == 0x0006 and size >= 14:  # FORMULA with its cached result
                pending = _formula(r, c, body, cell)

    def _first_record(self, offset: int) -> int:
        """Where the record after the sheet's BOF (at `offset`) starts."""
        data, n = self.data, len(self.data)
        if offset + 4 > n or _HDR.unpack_from(data, offset)[0] not in (0x0809, 0x0409, 0x0209,
                                                                       0x0009):
            raise ValueError("sheet BOF not where the workbook says")
        return int(offset + 4 + _HDR.unpack_from(data, offset)[1])


def _mulrk(r: int, c: int, body: bytes, size: int, cell: CellFn, values: bool) -> None:
    """The cells of a MULRK record: row, first column, (xf, rk) each, last column."""
    count = (size - 6) // 6
    for i in range(count):
        v = rk_value(_U32.unpack_from(body, 6 + i * 6)[0]) if values else None
        cell(r, c + i, v)


def _formula(r: int, c: int, body: bytes, cell: CellFn) -> tuple[int, int] | None:
    """The cached result of a FORMULA record given to `cell`; its place when the result is
    a string, which comes in the STRING record that follows."""
    res = body[6:14]
    if res[6:8] == b"\xff\xff":
        if res[0] == 0:
            return (r, c)
        if res[0] == 1:
            cell(r, c, bool(res[2]))
        elif res[0] == 3:
            cell(r, c, "")
    else:
        cell(r, c, _F64.unpack(res)[0])
    return None


_XLS_CELLS = frozenset((0x00FD, 0x0203, 0x027E, 0x00BD, 0x0204, 0x00D6, 0x0205, 0x0006))


def _read_sst(parts: list[bytes]) -> list[str]:
    """The shared strings of a BIFF8 SST and its CONTINUE records: a string's characters
    may go on in the next record, which then starts with a new flags byte."""
    out: list[str] = []
    if not parts or len(parts[0]) < 8:
        return out
    total = _U32.unpack_from(parts[0], 4)[0]
    k, pos = 0, 8
    data = parts[0]

    def need(n: int) -> None:
        nonlocal k, pos, data
        while pos + n > len(data) and k + 1 < len(parts):
            # plain bytes (lengths, runs) never straddle in practice; join to be safe
            data = data[pos:] + parts[k + 1]
            k += 1
            pos = 0

    limit = min(total, 4 * MAX_ROWS)
    while len(out) < limit:
        need(3)
        if pos + 3 > len(data):
            break
        cch = _U16.unpack_from(data, pos)[0]
        flags = data[pos + 2]
        pos += 3
        runs = ext = 0
        if flags & 8:
            need(2)
            runs = _U16.unpack_from(data, pos)[0]
            pos += 2
        if flags & 4:
            need(4)
            ext = _U32.unpack_from(data, pos)[0]
            pos += 4
        chars: list[str] = []
        left = cch
        wide = flags & 1
        while left > 0:
            width = 2 if wide else 1
            avail = (len(data) - pos) // width
            take = min(left, avail)
            raw = data[pos: pos + take * width]
            chars.append(raw.decode("utf-16-le" if wide else "latin-1", "replace"))
            pos += take * width
            left -= take
            if left > 0:
                if k + 1 >= len(parts):
                    break
                k += 1
                data, pos = parts[k], 0
                if not data:
                    break
                wide = data[0] & 1
                pos = 1
        skip = runs * 4 + ext
        while skip > 0:
            step = min(skip, len(data) - pos)
            pos += step
            skip -= step
            if skip > 0:
                if k + 1 >= len(parts):
                    break
                k += 1
                data, pos = parts[k], 0
        out.append("".join(chars)[:MAX_CELL_TEXT])
    return out


def xls_stream(path: Path) -> bytes:
    """The workbook stream of an OLE2 .xls."""
    import olefile

    with olefile.OleFileIO(str(path)) as ole:
        for name in ("Workbook", "Book", "WORKBOOK", "BOOK"):
            if ole.exists(name):
                return bytes(ole.openstream(name).read())
        if ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage"):
            raise PermissionError("encrypted OOXML")
    raise ValueError("no Workbook stream")


def xls_extent(book: XlsBook, offset: int) -> int:
    rows = cols = 0

    def cell(r: int, c: int, _v: Any) -> None:
        nonlocal rows, cols
        if r >= rows:
            rows = r + 1
        if c >= cols:
            cols = c + 1

    book.walk(offset, cell, values=False)
    return rows * cols


def xls_collect(book: XlsBook, offset: int, coll: Collector) -> None:
    _collect(lambda cell: book.walk(offset, cell, values=True), coll)


def _collect(walk: Callable[[CellFn], None], coll: Collector) -> None:
    """Cells (in row order, as the formats store them) gathered into rows for `coll`."""
    cur = [-1]
    row: list[Any] = []

    def cell(r: int, c: int, v: Any) -> None:
        nonlocal row
        if r != cur[0]:
            if cur[0] >= 0 and row:
                coll.add(cur[0], row)
            if r < cur[0] or r >= MAX_ROWS:
                cur[0] = r
                row = []
                return
            cur[0] = r
            row = []
        if c >= MAX_COLS or v is None or not coll.wanted(c):
            return
        if c >= len(row):
            row.extend([""] * (c - len(row) + 1))
        row[c] = v

    try:
        walk(cell)
        if cur[0] >= 0 and row:
            coll.add(cur[0], row)
    except Stop:
        pass


# -- .xlsb ---------------------------------------------------------------------------------
def _records(f: Any) -> Iterator[tuple[int, bytes]]:
    """(type, body) of each BIFF12 record of a stream read forward in chunks."""
    buf = b""
    pos = 0
    while True:
        if len(buf) - pos < 8:
            more = f.read(1 << 20)
            buf = buf[pos:] + more
            pos = 0
            if not buf:
                return
        rtype = 0
        for i in range(2):
            if pos >= len(buf):
                return
            b = buf[pos]
            pos += 1
            rtype |= (b & 0x7F) << (7 * i)
            if not b & 0x80:
                break
        size = 0
        for i in range(4):
            if pos >= len(buf):
                return
            b = buf[pos]
            pos += 1
            size |= (b & 0x7F) << (7 * i)
            if not b & 0x80:
                break
        while len(buf) - pos < size:
            more = f.read(max(1 << 20, size))
            if not more:
                return
            buf = buf[pos:] + more
            pos = 0
        yield rtype, buf[pos: pos + size]
        pos += size


def _wide(b: bytes, pos: int) -> str:
    cch = _U32.unpack_from(b, pos)[0]
    if cch == 0xFFFFFFFF:
        return ""
    cch = min(cch, MAX_CELL_TEXT)
    return b[pos + 4: pos + 4 + 2 * cch].decode("utf-16-le", "replace")


def xlsb_sheets(z: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, zip member) of an .xlsb, in order."""
    import re

    from .sheet_xml import member_path

    rels = z.read("xl/_rels/workbook.bin.rels")
    targets: dict[str, str] = {}
    for tag in re.findall(rb"<(?:\w+:)?Relationship\b[^>]*>", rels):
        rid = re.search(rb'\bId="([^"]+)"', tag)
        target = re.search(rb'\bTarget="([^"]+)"', tag)
        if rid and target:
            targets[rid.group(1).decode()] = target.group(1).decode("utf-8", "replace")
    out = []
    with z.open("xl/workbook.bin") as f:
        for rtype, body in _records(f):
            if rtype == 0x9C and len(body) >= 12:  # BrtBundleSh
                rel = _wide(body, 8)
                n = _U32.unpack_from(body, 8)[0]
                name = _wide(body, 12 + 2 * (0 if n == 0xFFFFFFFF else n))
                if rel in targets:
                    out.append((name, member_path("xl/", targets[rel])))
    return out


def xlsb_strings(z: zipfile.ZipFile) -> list[str]:
    try:
        f = z.open("xl/sharedStrings.bin")
    except KeyError:
        return []
    out: list[str] = []
    total = 0
    with f:
        for rtype, body in _records(f):
            if rtype == 0x13 and len(body) >= 5:  # BrtSSTItem: flags, XLWideString
                # all of them bounded like .xlsx's (past the bound: empty, places kept)
                text = _wide(body, 1) if total < 64_000_000 else ""
                total += len(text)
                out.append(text)
                if len(out) > 4 * MAX_ROWS:
                    break
    return out


def xlsb_walk(z: zipfile.ZipFile, member: str, cell: CellFn, strings: list[str] | None) -> None:
    """Every cell with something in it (BrtCellBlank is nothing); values when `strings`."""
    row = 0
    values = strings is not None
    with z.open(member) as f:
        for rtype, body in _records(f):
            if rtype == 0x00 and len(body) >= 4:  # BrtRowHdr
                row = _U32.unpack_from(body, 0)[0]
                continue
            if not 2 <= rtype <= 11 or len(body) < 8:
                continue
            col = _U32.unpack_from(body, 0)[0]
            if not values:
                cell(row, col, None)
                continue
            v: Any = None
            if rtype == 2 and len(body) >= 12:
                v = rk_value(_U32.unpack_from(body, 8)[0])
            elif rtype in (5, 9) and len(body) >= 16:
                v = _F64.unpack_from(body, 8)[0]
            elif rtype in (6, 8) and len(body) >= 12:
                v = _wide(body, 8)
            elif rtype == 7 and len(body) >= 12:
                i = _U32.unpack_from(body, 8)[0]
                v = strings[i] if strings is not None and i < len(strings) else ""
            elif rtype in (4, 10) and len(body) >= 9:
                v = bool(body[8])
            else:
                v = ""
            cell(row, col, v)


def xlsb_extent(z: zipfile.ZipFile, member: str, limit: int = 1 << 62) -> int:
    """rows x columns of the cells with something in them (BrtCellBlank is nothing), by a
    tight walk over the records; past `limit` (or a sheet too big to hold) the answer is
    only that it is past."""
    info = z.getinfo(member)
    if info.file_size > 80 * 1024 * 1024:  # not for a dense reader whatever its extent
        return limit + 1
    data = z.read(member)
    n = len(data)
    pos = rows = cols = row = 0
    u32 = _U32.unpack_from
    while pos < n:
        b = data[pos]
        if b < 0x80:
            rtype = b
            pos += 1
        else:
            rtype = (b & 0x7F) | ((data[pos + 1] & 0x7F) << 7) if pos + 1 < n else 0
            pos += 2
        if pos >= n:
            break
        b = data[pos]
        if b < 0x80:
            size = b
            pos += 1
        else:
            size = 0
            for i in range(4):
                if pos >= n:
                    break
                b = data[pos]
                pos += 1
                size |= (b & 0x7F) << (7 * i)
                if not b & 0x80:
                    break
        if rtype == 0 and size >= 4 and pos + 4 <= n:
            row = u32(data, pos)[0]
        elif 2 <= rtype <= 11 and size >= 8 and pos + 4 <= n:
            col = u32(data, pos)[0]
            if row >= rows:
                rows = row + 1
            if col >= cols:
                cols = col + 1
        pos += size
    return rows * cols


def xlsb_collect(z: zipfile.ZipFile, member: str, coll: Collector) -> None:
    strings = xlsb_strings(z)
    _collect(lambda cell: xlsb_walk(z, member, cell, strings), coll)
