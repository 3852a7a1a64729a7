"""The shipped document fonts, registered once, and per-character fallback between them.

GB/T 9704 practice: body in 仿宋, titles in 小标宋, first-level headings in 黑体. We ship the
Fandol faces (GPL with the font exception: embedding in a document does not bring the
document under the GPL) — 仿宋 FandolFang for the body, the bold FandolSong as the nearest free
小标宋 for titles, FandolHei for headings — converted to TrueType outlines because reportlab
embeds no CFF (scripts/build_fonts.py). Rare name characters come from two fallback faces cut
down to what Fandol lacks: 霞鹜文楷 (𠮷 and other Extension-B names) and 文泉驿正黑 (all of
Extension A).

reportlab draws a character the font lacks as nothing at all, silently. So every string goes
through `runs()` / `markup()`: each character is drawn in the first font of its chain whose
cmap has it; a character no font has becomes 〓 (the printer's mark for a missing glyph) and
is reported by `missing()`."""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FANG = "FandolFang"  # body (仿宋)
TITLE = "FandolSongBold"  # titles (nearest 小标宋)
HEI = "FandolHei"  # headings, table heads (黑体)
KAI_FALLBACK = "LXGWWenKaiFallback"  # rare characters: Extension B (𠮷)
ZEN_FALLBACK = "WQYZenHeiFallback"  # rare characters: Extension A
KAI = FANG  # the body font (kept name: "the font body text is set in")
FILES = {FANG: ("FandolFang-Regular.ttf", 0), TITLE: ("FandolSong-Bold.ttf", 0),
         HEI: ("FandolHei-Regular.ttf", 0), KAI_FALLBACK: ("LXGWWenKai-Fallback.ttf", 0),
         ZEN_FALLBACK: ("wqy-zenhei-Fallback.ttf", 0)}
RARE = (KAI_FALLBACK, ZEN_FALLBACK)
FALLBACK: dict[str, tuple[str, ...]] = {
    FANG: (HEI, *RARE), TITLE: (FANG, HEI, *RARE), HEI: (FANG, *RARE),
    KAI_FALLBACK: (FANG, HEI, ZEN_FALLBACK), ZEN_FALLBACK: (FANG, HEI, KAI_FALLBACK)}
MISSING_MARK = "〓"

_lock = threading.Lock()


def default_font_dir() -> Path:
    """resources/fonts beside the package — in a checkout and in the bundle alike, where
    build.spec puts resources/ beside the frozen package."""
    return Path(__file__).resolve().parents[2] / "resources" / "fonts"


def _utf16_hex(code: int) -> str:
    if code <= 0xFFFF:
        return f"{code:04X}"
    code -= 0x10000
    return f"{0xD800 + (code >> 10):04X}{0xDC00 + (code & 0x3FF):04X}"


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap of a font subset, but with each character written in UTF-16
    as the PDF reference asks: reportlab writes the code point in hex, which for a character
    beyond the BMP (𠮷 and other CJK Extension B names) is five digits, so a PDF reader's copy,
    search and text extraction got another character."""
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>", "endcodespacerange", f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{_utf16_hex(code)}>" for i, code in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


def register() -> None:
    """Register the fonts with reportlab (idempotent, thread-safe)."""
    ttfonts.makeToUnicodeCMap = to_unicode_cmap  # used when a subset is written
    from . import kinsoku

    kinsoku.install()  # 行首行尾禁则 in every paragraph
    with _lock:
        have = set(pdfmetrics.getRegisteredFontNames())
        for name, (file, index) in FILES.items():
            if name in have:
                continue
            path = default_font_dir() / file
            if not path.exists():
                from ..domain.errors import UserError

                raise UserError(f"找不到文档字体 {path}，请重新安装本程序。")
            pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=index))


@lru_cache(maxsize=4)
def _cmap(name: str) -> frozenset[int]:
    register()
    font = pdfmetrics.getFont(name)
    if not isinstance(font, TTFont):  # register() makes each of our names a TrueType font
        raise TypeError(f"{name} is not a TrueType font")
    return frozenset(font.face.charToGlyph)


def has_glyph(name: str, ch: str) -> bool:
    return ord(ch) in _cmap(name) or ch in "\n\r\t"


def font_for(ch: str, base: str = KAI) -> str | None:
    if has_glyph(base, ch):
        return base
    for other in FALLBACK[base]:
        if has_glyph(other, ch):
            return other
    return None


def runs(text: str, base: str = KAI) -> list[tuple[str, str]]:
    """Split text into (font, chars) runs; characters no font has become 〓."""
    out: list[tuple[str, str]] = []
    cmap_base = _cmap(base)
    for ch in text:
        if ord(ch) in cmap_base or ch == " ":
            f = base
        else:
            found = font_for(ch, base)
            if found is None:
                f, ch = base, MISSING_MARK
            else:
                f = found
        if out and out[-1][0] == f:
            out[-1] = (f, out[-1][1] + ch)
        else:
            out.append((f, ch))
    return out


def missing(text: str) -> list[str]:
    """Characters that no shipped font can draw."""
    return [ch for ch in dict.fromkeys(text) if not ch.isspace() and font_for(ch) is None]


def markup(text: str, base: str = KAI) -> str:
    """Escaped Paragraph markup with <font name=…> around characters the base font lacks."""
    parts = []
    for f, chunk in runs(text or "", base):
        esc = escape(chunk).replace("\n", "<br/>")
        parts.append(esc if f == base else f'<font name="{f}">{esc}</font>')
    return "".join(parts)


def string_width(text: str, size: float, base: str = KAI) -> float:
    return sum(pdfmetrics.stringWidth(chunk, f, size) for f, chunk in runs(text, base))


def draw_string(canvas: Canvas, x: float, y: float, text: str, size: float, base: str = KAI,
                align: str = "left") -> None:
    """canvas.drawString with fallback; align left / right / centre at x."""
    width = string_width(text, size, base)
    if align == "right":
        x -= width
    elif align == "centre":
        x -= width / 2
    for f, chunk in runs(text, base):
        canvas.setFont(f, size)
        canvas.drawString(x, y, chunk)
        x += pdfmetrics.stringWidth(chunk, f, size)
