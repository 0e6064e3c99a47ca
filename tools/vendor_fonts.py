"""Vendoring-time subsetting of the theme's font (Noto Sans, SIL Open Font License 1.1).

Run once, when the font should change (never during a build)::

    apt-get install fonts-noto-core
    python tools/vendor_fonts.py

Reads Debian's full Noto Sans (``fonts-noto-core``) and writes a subset covering
Latin (with Vietnamese), Greek and Cyrillic, their punctuation and currency
signs, without hinting, into ``theme/static/fonts/``. Noto Sans has no Reserved
Font Name, so the subset keeps its name; ``OFL.txt`` travels with it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = Path("/usr/share/fonts/truetype/noto")
TARGET = Path(__file__).resolve().parents[1] / "theme" / "static" / "fonts"
STYLES = ("Regular", "Bold")
UNICODES = (
    "U+0000-036F,"  # Basic Latin to Latin Extended-B, IPA, spacing modifiers, combining marks
    "U+0370-03FF,U+1F00-1FFF,"  # Greek and Coptic, Greek Extended (polytonic)
    "U+0400-052F,U+1C80-1C8F,U+2DE0-2DFF,U+A640-A69F,"  # Cyrillic and its supplements
    "U+1AB0-1AFF,U+1D00-1DBF,U+1E00-1EFF,U+2C60-2C7F,U+A720-A7FF,"  # Latin extensions
    "U+2000-206F,U+20A0-20CF,U+2100-214F,U+2190-21FF,U+2212,U+25CC,"  # punctuation, signs
    "U+FB00-FB06,U+FEFF,U+FFFD"
)


def main() -> int:
    """Write the subsets and print their sizes."""
    TARGET.mkdir(parents=True, exist_ok=True)
    options = subset.Options()
    options.layout_features = [*subset.Options().layout_features, "case", "lnum", "pnum", "tnum"]
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.drop_tables += ["DSIG"]
    for style in STYLES:
        source = SOURCE / f"NotoSans-{style}.ttf"
        if not source.is_file():
            print(f"{source} is missing: apt-get install fonts-noto-core", file=sys.stderr)
            return 1
        font = TTFont(source, recalcTimestamp=False)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
        subsetter.subset(font)
        target = TARGET / f"NotoSans-{style}.ttf"
        font.save(target)  # keeps the source's head.modified: same bytes every run
        version = font["name"].getDebugName(5)
        print(f"{target.name}: {target.stat().st_size} bytes, {version.split(';')[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
