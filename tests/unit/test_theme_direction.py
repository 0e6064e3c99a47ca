"""The theme mirrors for right-to-left languages: its CSS names no physical side.

``margin-left`` stays on the left in Arabic, where the text starts on the
right; ``margin-inline-start`` follows the text. A rule written with a physical
side is a layout that does not mirror.
"""

from __future__ import annotations

import re
from pathlib import Path

CSS = Path(__file__).resolve().parents[2] / "theme" / "static" / "css"
PHYSICAL = re.compile(
    r"(?<![\w-])(?:margin|padding|border)-(?:left|right)\b"
    r"|(?<![\w-])(?:left|right)\s*:"
    r"|(?:float|clear|text-align)\s*:\s*(?:left|right)\b"
)


def test_the_stylesheets_use_logical_sides_only():
    found = []
    for sheet in sorted(CSS.glob("*.css")):
        for number, line in enumerate(sheet.read_text(encoding="utf-8").splitlines(), 1):
            found += [f"{sheet.name}:{number}: {m.group(0)}" for m in PHYSICAL.finditer(line)]
    assert found == []
