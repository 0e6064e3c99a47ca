"""The fonts badges are printed with, found through fontconfig, and what they can draw.

WeasyPrint asks fontconfig (through Pango) for the families of the badges'
stylesheet, :data:`FAMILIES`, in order. The same families are looked up here
with ``fc-match`` and their character maps read with fontTools, so that a name
with a character none of them has is reported before printing instead of being
printed as an empty box, and so that a name's width can be measured to shrink
it until it fits (:func:`chapterhouse.badges.layout.fit_text`).
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field

from fontTools.ttLib import TTFont

#: The font families, in the order the stylesheet lists them: Latin, Greek and Cyrillic,
#: Arabic, Chinese/Japanese/Korean, then DejaVu for what the others lack.
FAMILIES = (
    "Noto Sans",
    "Noto Sans Arabic",
    "Noto Sans CJK JP",
    "Noto Sans CJK KR",
    "Noto Sans CJK SC",
    "DejaVu Sans",
)
#: The Debian packages that install them.
PACKAGES = "fonts-noto-core fonts-noto-cjk fonts-dejavu-core"
#: Advance of a character no font has (never drawn: such a name is refused), in ems.
_UNKNOWN_ADVANCE = 1.0


@dataclass(frozen=True)
class Face:
    """One installed font face.

    Attributes:
        family: The family asked for.
        path: Its file.
        index: Its face in a collection (``.ttc``).
    """

    family: str
    path: str
    index: int = 0


class FontNotFound(Exception):
    """fontconfig is missing, or gives no file for any family."""


def find_faces(families: tuple[str, ...] = FAMILIES, bold: bool = False) -> list[Face]:
    """The installed face of each family that fontconfig has (others are left out).

    fontconfig substitutes another family for one that is not installed: such a
    substitute is left out, since the stylesheet would not get it either.

    Raises:
        FontNotFound: ``fc-match`` is not installed, or no family is.
    """
    if shutil.which("fc-match") is None:
        raise FontNotFound(
            f"fc-match (fontconfig) is not installed: apt-get install fontconfig {PACKAGES}"
        )
    faces = []
    for family in families:
        pattern = f"{family}:weight=bold" if bold else family
        result = subprocess.run(
            ["fc-match", "-f", "%{family}\t%{file}\t%{index}", pattern],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
        found, _, rest = result.stdout.partition("\t")
        path, _, index = rest.partition("\t")
        if result.returncode or family not in found.split(","):
            continue
        faces.append(Face(family, path, int(index or 0)))
    if not faces:
        raise FontNotFound(f"none of the fonts {', '.join(FAMILIES)} is installed: {PACKAGES}")
    return faces


@dataclass
class FontStack:
    """The character maps and advances of faces tried in order, loaded once.

    Attributes:
        faces: The faces, in the stylesheet's order.
    """

    faces: list[Face]
    _maps: list[tuple[dict[int, str], dict[str, tuple[int, int]], int]] = field(
        default_factory=list, repr=False
    )
    _widths: dict[str, float] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for face in self.faces:
            font = TTFont(face.path, fontNumber=face.index, lazy=True)
            self._maps.append(
                (font.getBestCmap() or {}, font["hmtx"].metrics, font["head"].unitsPerEm)
            )

    def face_of(self, char: str) -> Face | None:
        """The first face with a glyph for ``char`` (None: no face has one)."""
        code = ord(char)
        for face, (cmap, _, _) in zip(self.faces, self._maps, strict=True):
            if code in cmap:
                return face
        return None

    def missing(self, text: str) -> list[str]:
        """The characters of ``text`` no face has, each once, in order (invisible ones aside)."""
        found: list[str] = []
        for char in dict.fromkeys(text):
            if _needs_glyph(char) and self.face_of(char) is None:
                found.append(char)
        return found

    def measure(self, text: str) -> float:
        """The width of ``text`` at 1 pt, in points: the sum of its characters' advances."""
        return sum(self._advance(char) for char in text)

    def _advance(self, char: str) -> float:
        width = self._widths.get(char)
        if width is None:
            width = self._widths[char] = self._lookup(char)
        return width

    def _lookup(self, char: str) -> float:
        if not _needs_glyph(char) or unicodedata.combining(char):
            return 0.0
        code = ord(char)
        for cmap, metrics, units in self._maps:
            glyph = cmap.get(code)
            if glyph is not None:
                return metrics.get(glyph, (units, 0))[0] / units
        return _UNKNOWN_ADVANCE


def describe(char: str) -> str:
    """``'X' (U+0058)`` for messages."""
    return f"'{char}' (U+{ord(char):04X})"


def _needs_glyph(char: str) -> bool:
    """Spaces, joiners, direction marks and variation selectors are not drawn with a glyph."""
    if char.isspace():
        return False
    return unicodedata.category(char) not in ("Cc", "Cf", "Mn") or unicodedata.combining(char) > 0
