"""Line breaking of Chinese text with the rules of GB/T 15834 practice (行首行尾禁则): no line
starts with closing punctuation, no line ends with opening punctuation.

reportlab's CJK line splitter hangs ONE closing mark in the margin and pushes anything else to
the next line, so "……）、" broke as "……）" / "、……"; and it never looks at opening marks at
the end of a line. `install()` replaces its splitter with this one (the same algorithm, with
the rules applied to runs of marks)."""

from __future__ import annotations

from typing import Any
from unicodedata import category

from reportlab.platypus import paragraph as rl_paragraph

NO_START = frozenset("，。、；：？！）》」』”’〕】〉…—%‰℃,.;:?!)]}·")
NO_END = frozenset("（《「『“‘〔【〈([{")
HANG_AT_MOST = 3  # closing marks kept at the end of a line (hanging into the margin)

# the splitter's helpers (cjkU, makeCJKParaLine, _FUZZ, ...) are reportlab internals the stubs
# leave out: this module reaches them, and replaces two of them, through an untyped handle
_rl: Any = rl_paragraph


def _width(u: Any, max_width: float) -> float:
    w = u.width
    if hasattr(w, "normalizedValue"):
        w._normalizer = max_width
        w = w.normalizedValue(max_width)
    return float(w)


def _units(frags: Any, encoding: str) -> list[Any]:
    """One reportlab cjkU (a character that knows its fragment) per character."""
    units: list[Any] = []
    for f in frags:
        text = f.text
        if _rl.isBytes(text):
            text = text.decode(encoding)
        if text:
            units.extend([_rl.cjkU(t, f, encoding) for t in text])
        else:
            units.append(_rl.cjkU(text, f, encoding))
    return units


def _latin_break(units: list[Any], line_start: int, i: int,
                 max_width: float) -> tuple[int, Any, float, float] | None:
    """Where a line that ends inside a Latin word breaks instead: after the last space or hanzi
    in its second half. (the new end, the unit placed last, its width, the width given back),
    or None to break where it is."""
    limit = (line_start + i) >> 1
    for j in range(i - 1, limit, -1):
        uj = units[j]
        if (uj and category(uj) == "Zs") or ord(uj) >= 0x3000:
            k = j + 1
            if k >= i:
                return None
            end = k + 1
            return end, units[k], _width(units[k], max_width), sum(
                _width(units[ii], max_width) for ii in range(end, i))
    return None


def cjk_frag_split(frags: Any, maxWidths: Any, calcBounds: Any, encoding: str = "utf8") -> Any:  # noqa: N803
    p = _rl
    units = _units(frags, encoding)
    lines: list[Any] = []
    i = line_start = 0
    used = 0.0
    max_width = maxWidths[0]
    n = len(units)
    while i < n:
        u = units[i]
        i += 1
        w = _width(u, max_width)
        used += w
        line_break = hasattr(u.frag, "lineBreak")
        if (used > max_width + p._FUZZ and used > 0) or line_break:
            extra = max_width - used
            if not line_break:
                if ord(u) < 0x3000:  # inside a Latin word: break at a space or at a hanzi
                    moved = _latin_break(units, line_start, i, max_width)
                    if moved is not None:
                        i, u, w, more = moved
                        extra += more
                if u in NO_START:
                    hung = 1  # keep it, and the closing marks right after it, on this line
                    while i < n and units[i] in NO_START and hung < HANG_AT_MOST:
                        extra -= _width(units[i], max_width)
                        i += 1
                        hung += 1
                elif i > line_start + 1:
                    i -= 1
                    extra += w
                    # a line never ends with opening punctuation: carry it over
                    while i > line_start + 1 and units[i - 1] in NO_END:
                        i -= 1
                        extra += _width(units[i], max_width)
                    # …nor does the next line start with a closing mark we just carried
                    while i > line_start + 1 and units[i] in NO_START:
                        i -= 1
                        extra += _width(units[i], max_width)
            lines.append(p.makeCJKParaLine(units[line_start:i], max_width, used, extra, line_break,
                                           calcBounds))
            try:
                max_width = maxWidths[len(lines)]
            except IndexError:
                max_width = maxWidths[-1]
            line_start = i
            used = 0.0
    if used > 0:
        lines.append(p.makeCJKParaLine(units[line_start:], max_width, used, max_width - used, False,
                                       calcBounds))
    return p.ParaLines(kind=1, lines=lines)


def _within_word(text: str, k: int) -> bool:
    """text[k] is a point or comma inside a number or Latin word (83.3%, 1.5, v2.1): it is
    part of the word, not punctuation to hang."""
    return (0 < k < len(text) - 1 and text[k] in ".,:" and text[k - 1].isascii()
            and text[k - 1].isalnum() and text[k + 1].isascii() and text[k + 1].isalnum())


def word_split(text: str, maxWidths: Any, fontName: str, fontSize: float,  # noqa: N803
               encoding: str = "utf8") -> list[tuple[float, str]]:
    """reportlab.lib.textsplit.wordSplit (a paragraph in one font) with the same rules:
    [(extra space, line text)]."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if isinstance(text, bytes):
        text = text.decode(encoding)
    limits = list(maxWidths) if isinstance(maxWidths, list | tuple) else [maxWidths]
    lines: list[tuple[float, str]] = []
    widths = [stringWidth(ch, fontName, fontSize) for ch in text]
    i = line_start = 0
    used = 0.0
    n = len(text)
    max_width = limits[0]
    while i < n:
        ch = text[i]
        i += 1
        if ch == "\n":
            lines.append((max_width - used, text[line_start:i - 1]))
            line_start, used = i, 0.0
            max_width = limits[min(len(lines), len(limits) - 1)]
            continue
        used += widths[i - 1]
        if used <= max_width + 1e-6:
            continue
        if ch in NO_START and not _within_word(text, i - 1):
            hung = 1
            while i < n and text[i] in NO_START and hung < HANG_AT_MOST:
                used += widths[i]
                i += 1
                hung += 1
        elif i > line_start + 1:
            i -= 1
            used -= widths[i]
            if ord(ch) < 0x3000 and not ch.isspace():  # inside a Latin word or a number
                j = i
                while j > line_start + 1 and ord(text[j - 1]) < 0x3000 and not text[j - 1].isspace():
                    j -= 1
                if j > line_start + 1 and j > (line_start + i) // 2:
                    used -= sum(widths[j:i])
                    i = j
            while i > line_start + 1 and text[i - 1] in NO_END:
                i -= 1
                used -= widths[i]
            while i > line_start + 1 and text[i] in NO_START:
                i -= 1
                used -= widths[i]
        lines.append((max_width - used, text[line_start:i]))
        line_start, used = i, 0.0
        max_width = limits[min(len(lines), len(limits) - 1)]
    if line_start < n or not lines:
        lines.append((max_width - used, text[line_start:]))
    return lines


def install() -> None:
    _rl.cjkFragSplit = cjk_frag_split
    _rl.wordSplit = word_split
