"""Make the document fonts in resources/fonts from their Debian packages (run by hand; the
results are committed). reportlab embeds only TrueType outlines, so the CFF (.otf) Fandol
faces are converted (cubic → quadratic curves); the fallback faces are cut down to the
characters the main faces lack, so the bundle carries each glyph once.

    apt-get download texlive-lang-chinese fonts-lxgw-wenkai fonts-wqy-zenhei
    for f in *.deb; do dpkg-deb -x "$f" x; done
    python scripts/build_fonts.py x resources/fonts
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

FANDOL = "usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"
MAIN = {"FandolFang-Regular": "FandolFang-Regular.ttf",  # 仿宋: body
        "FandolSong-Bold": "FandolSong-Bold.ttf",  # 宋体粗: titles (nearest free 小标宋)
        "FandolHei-Regular": "FandolHei-Regular.ttf"}  # 黑体: headings


def otf_to_ttf(src: Path, dst: Path) -> set[int]:
    font = TTFont(src)
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                 "maxComponentElements", "maxPoints", "maxContours", "maxCompositePoints",
                 "maxCompositeContours", "maxComponentDepth"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font.sfntVersion = "\x00\x01\x00\x00"
    font.save(dst)
    return set(font.getBestCmap())


# Fallback faces carry only hanzi (and CJK punctuation) the main faces lack: names.
HANZI = ((0x2E80, 0x2FDF), (0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
         (0xF900, 0xFAFF), (0xFF00, 0xFFEF), (0x20000, 0x3134F))


def hanzi(codes: set[int]) -> set[int]:
    return {c for c in codes if any(a <= c <= b for a, b in HANZI)}


def cut(font: TTFont, keep: set[int], dst: Path) -> int:
    opts = subset.Options()
    opts.layout_features = []
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=sorted(keep))
    sub.subset(font)
    font.save(dst)
    return len(keep)


def main(root: str, out: str) -> None:
    src, dst = Path(root), Path(out)
    have: set[int] = set()
    for name, file in MAIN.items():
        if (dst / file).exists():  # converted before: conversion takes minutes
            cmap = set(TTFont(dst / file).getBestCmap())
        else:
            cmap = otf_to_ttf(src / FANDOL / f"{name}.otf", dst / file)
        if name == "FandolFang-Regular":
            have |= cmap
        print(file, len(cmap))
    zen = TTCollection(src / "usr/share/fonts/truetype/wqy/wqy-zenhei.ttc").fonts[0]
    extra_zen = hanzi(set(zen.getBestCmap()) - have)  # the rest of Unified and Extension A
    kai = TTFont(src / "usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf")
    extra_kai = hanzi(set(kai.getBestCmap()) - have - extra_zen)  # Extension B names: 𠮷
    print("wqy-zenhei-Fallback.ttf", cut(zen, extra_zen, dst / "wqy-zenhei-Fallback.ttf"))
    print("LXGWWenKai-Fallback.ttf", cut(kai, extra_kai, dst / "LXGWWenKai-Fallback.ttf"))

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
