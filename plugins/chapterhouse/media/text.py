"""Drawing text with the theme's font, other fonts for other scripts, and never a box.

The theme ships Noto Sans (Latin, Greek, Cyrillic). A title in Japanese, Arabic
or Hindi is drawn with Debian's Noto fonts for those scripts when they are
installed (``fonts-noto-cjk``, ``fonts-noto-core``): every character goes to the
first font whose character map has it, consecutive characters of one font form
a *run*, and runs are measured, wrapped and ordered (right-to-left runs in a
left-to-right line and the reverse) before they are drawn. Arabic and the Indic
scripts are shaped by HarfBuzz through Pillow's Raqm layout; without Raqm their
characters are left out like any character no font has, and reported in
:attr:`TextBlock.missing`. Nothing here is cached between builds: a
:class:`FontSet` keeps what it loaded for its own lifetime only.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import ImageDraw, ImageFont, features

#: The theme's fonts (``theme/static/fonts``), for a checkout or an editable install.
THEME_FONTS = Path(__file__).resolve().parents[3] / "theme" / "static" / "fonts"
#: Where Debian installs the Noto fonts.
NOTO_TRUETYPE = Path("/usr/share/fonts/truetype/noto")
NOTO_OPENTYPE = Path("/usr/share/fonts/opentype/noto")
#: Fallback families, in the order they are tried (``fonts-noto-core``).
FALLBACK_FAMILIES = (
    "NotoSansArabic",
    "NotoSansHebrew",
    "NotoSansDevanagari",
    "NotoSansBengali",
    "NotoSansTamil",
    "NotoSansTelugu",
    "NotoSansKannada",
    "NotoSansMalayalam",
    "NotoSansGujarati",
    "NotoSansGurmukhi",
    "NotoSansOriya",
    "NotoSansSinhala",
    "NotoSansThai",
    "NotoSansLao",
    "NotoSansKhmer",
    "NotoSansMyanmar",
    "NotoSansArmenian",
    "NotoSansGeorgian",
    "NotoSansEthiopic",
    "NotoSansSymbols",
    "NotoSansSymbols2",
)
#: Face of ``NotoSansCJK-*.ttc`` for a language (Han characters differ between them).
CJK_FACES = {"ja": 0, "ko": 1, "zh": 2, "zh-hans": 2, "zh-cn": 2, "zh-sg": 2, "zh-hant": 3,
             "zh-tw": 3, "zh-hk": 4, "zh-mo": 4}  # fmt: skip
ELLIPSIS = "…"
#: How far (in ems) a line's estimated width may be from its limit before the line is laid
#: out whole to decide whether it fits (see ``FontSet._wrap``).
WIDTH_SLACK = 0.05
#: Words' widths remembered per font set (forgotten all at once past this many).
MAX_REMEMBERED_WIDTHS = 20_000


@dataclass(frozen=True)
class Face:
    """One font face: a file and, for a collection (``.ttc``), its index."""

    path: str
    index: int = 0

    @property
    def name(self) -> str:
        """The file name (and index), for messages."""
        return Path(self.path).name + (f"#{self.index}" if self.index else "")


def raqm_available() -> bool:
    """Pillow can shape complex scripts and order right-to-left text (libraqm + FriBiDi)."""
    return bool(features.check("raqm"))


def theme_faces(weight: str = "Bold", lang: str = "", font_dir: Path | None = None) -> list[Face]:
    """The theme's face of ``weight`` followed by the installed fallbacks, in order.

    Args:
        weight: ``"Regular"`` or ``"Bold"`` (a family without it falls back to Regular).
        lang: The text's language (BCP 47), which picks the Chinese, Japanese or
            Korean face of the CJK collection.
        font_dir: Where the theme's fonts are (default: :data:`THEME_FONTS`).
    """
    faces = [Face(str((font_dir or THEME_FONTS) / f"NotoSans-{weight}.ttf"))]
    cjk = NOTO_OPENTYPE / f"NotoSansCJK-{weight}.ttc"
    if not cjk.is_file():
        cjk = NOTO_OPENTYPE / "NotoSansCJK-Regular.ttc"
    if cjk.is_file():
        faces.append(Face(str(cjk), _cjk_index(lang)))
    for family in FALLBACK_FAMILIES:
        for style in (weight, "Regular"):
            path = NOTO_TRUETYPE / f"{family}-{style}.ttf"
            if path.is_file():
                faces.append(Face(str(path)))
                break
    return faces


@dataclass(frozen=True)
class Run:
    """Consecutive characters drawn with one face.

    Attributes:
        text: The characters, in logical order.
        face: The face drawing them.
        direction: ``"rtl"``, ``"ltr"``, or None for neutral text (spaces, digits, punctuation).
    """

    text: str
    face: Face
    direction: str | None


@dataclass(frozen=True)
class Line:
    """A laid-out line: runs in visual order (left to right) and their widths."""

    runs: tuple[Run, ...]
    widths: tuple[float, ...]
    rtl: bool

    @property
    def width(self) -> float:
        """Width in pixels."""
        return sum(self.widths)

    @property
    def text(self) -> str:
        """The runs' characters, in visual run order."""
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class TextBlock:
    """Text fitted into a box.

    Attributes:
        size: Font size in pixels.
        lines: The lines, top to bottom.
        missing: Characters no font could draw, left out (in order of appearance).
        truncated: The text did not fit at the smallest size and ends with an ellipsis.
    """

    size: int
    lines: tuple[Line, ...]
    missing: str = ""
    truncated: bool = False


@dataclass
class FontSet:
    """Faces tried in order for every character, with what was loaded from them.

    Args:
        faces: The primary face first, then fallbacks (see :func:`theme_faces`).
        lang: Language of the text (passed to the shaper).
        shaping: Use Raqm when available (False: Pillow's basic layout, for tests).
    """

    faces: Sequence[Face]
    lang: str = ""
    shaping: bool = True
    _cmaps: dict[Face, frozenset[int]] = field(default_factory=dict, repr=False)
    _fonts: dict[tuple[Face, int], ImageFont.FreeTypeFont] = field(default_factory=dict, repr=False)
    _widths: dict[tuple[str, int, bool], float] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.shaping = self.shaping and raqm_available()

    def covers(self, face: Face, char: str) -> bool:
        """``face`` has a glyph for ``char`` (its character map lists it)."""
        if face not in self._cmaps:
            stat = Path(face.path).stat()
            self._cmaps[face] = character_map(face.path, face.index, stat.st_size, stat.st_mtime_ns)
        return ord(char) in self._cmaps[face]

    def face_for(self, char: str) -> Face | None:
        """The first face that can draw ``char``, None when none can."""
        if not self.shaping and _needs_shaping(char):
            return None
        for face in self.faces:
            if self.covers(face, char):
                return face
        return None

    def font(self, face: Face, size: int) -> ImageFont.FreeTypeFont:
        """``face`` at ``size`` pixels."""
        key = (face, size)
        if key not in self._fonts:
            layout = ImageFont.Layout.RAQM if self.shaping else ImageFont.Layout.BASIC
            self._fonts[key] = ImageFont.truetype(
                face.path, size, index=face.index, layout_engine=layout
            )
        return self._fonts[key]

    # Runs -----------------------------------------------------------------------------------

    def runs(self, text: str) -> tuple[list[Run], str]:
        """``text`` cut into runs of one face each, and the characters left out."""
        pieces: list[list] = []  # [face, characters]
        missing = []
        for char in text:
            current = pieces[-1][0] if pieces else None
            if _ignorable(char):
                if self.shaping and current is not None:
                    pieces[-1][1].append(char)  # HarfBuzz hides default-ignorables
                continue
            if current is not None and _attaches(char) and self.covers(current, char):
                pieces[-1][1].append(char)
                continue
            face = self.face_for(char)
            if face is None:
                missing.append(char)
            elif face == current:
                pieces[-1][1].append(char)
            else:
                pieces.append([face, [char]])
        runs = []
        for face, chars in pieces:
            runs.extend(_split_neutral_ends(Run("".join(chars), face, _direction("".join(chars)))))
        return runs, "".join(missing)

    def line(self, text: str, size: int, rtl: bool | None = None) -> Line:
        """``text`` laid out on one line at ``size`` (characters no face has are left out).

        Args:
            text: The line's characters in logical order.
            size: Font size in pixels.
            rtl: Paragraph direction; None to take it from the first strong character.
        """
        runs, _ = self.runs(text)
        if rtl is None:
            rtl = _direction(text) == "rtl"
        ordered = _visual_order(runs, rtl)
        widths = tuple(self.measure(run, size) for run in ordered)
        return Line(tuple(ordered), widths, rtl)

    def measure(self, run: Run, size: int) -> float:
        """Advance width of ``run`` at ``size``."""
        font = self.font(run.face, size)
        if self.shaping:
            return font.getlength(run.text, direction=run.direction, language=self.lang or None)
        return font.getlength(run.text)

    # Fitting ----------------------------------------------------------------------------------

    def fit(
        self,
        text: str,
        max_width: float,
        max_lines: int,
        sizes: Sequence[int],
    ) -> TextBlock:
        """Wrap ``text`` at the largest of ``sizes`` that fits in ``max_lines`` lines.

        At the smallest size, text that still does not fit is cut after the last
        line with an ellipsis. A word wider than a line is broken between characters.
        """
        _, missing = self.runs(text)
        if missing:
            text = "".join(char for char in text if char not in missing)
        rtl = _direction(text) == "rtl"
        tokens = _tokens(" ".join(text.split()))
        for size in sorted(sizes, reverse=True):
            lines = self._wrap(tokens, size, max_width, rtl)
            if len(lines) <= max_lines:
                return TextBlock(size, self._lines(lines, size, rtl), missing)
        size = min(sizes)
        lines = self._wrap(tokens, size, max_width, rtl)
        kept, rest = lines[: max_lines - 1], [t for line in lines[max_lines - 1 :] for t in line]
        last: list[str] = []
        for token in rest:
            if self.line(_join([*last, token]) + ELLIPSIS, size, rtl).width > max_width:
                break
            last.append(token)
        kept.append([_join(last) + ELLIPSIS])
        return TextBlock(size, self._lines(kept, size, rtl), missing, truncated=True)

    def _lines(self, lines: list[list[str]], size: int, rtl: bool) -> tuple[Line, ...]:
        return tuple(self.line(_join(tokens), size, rtl) for tokens in lines)

    def _wrap(self, tokens: list[str], size: int, max_width: float, rtl: bool) -> list[list[str]]:
        """Greedy line filling; each line is the list of its tokens.

        A line's width is first estimated as the sum of its words' widths (each
        measured once per size): only a line whose estimate is within
        :data:`WIDTH_SLACK` of the limit is laid out whole to decide. Words meet
        at spaces, where fonts do not kern, so the estimate is off by far less.
        """
        slack = size * WIDTH_SLACK
        lines: list[list[str]] = []
        current: list[str] = []
        filled = 0.0  # the estimated width of the current line's tokens, with their spaces
        pending = list(tokens)
        while pending:
            token = pending.pop(0)
            estimate = filled + self._token_width(token.rstrip(), size, rtl)
            if estimate <= max_width - slack:
                fits = True
            elif estimate > max_width + slack:
                fits = False
            else:
                fits = self.line(_join([*current, token]), size, rtl).width <= max_width
            if fits:
                current.append(token)
                filled += self._token_width(token, size, rtl)
            elif current:
                lines.append(current)
                current, filled = [], 0.0
                pending.insert(0, token)
            elif len(_clusters(token)) > 1:
                pending[:0] = _clusters(token)  # a word wider than the line
            else:
                current.append(token)
                filled += self._token_width(token, size, rtl)
        if current:
            lines.append(current)
        return lines

    def _token_width(self, token: str, size: int, rtl: bool) -> float:
        key = (token, size, rtl)
        width = self._widths.get(key)
        if width is None:
            if len(self._widths) > MAX_REMEMBERED_WIDTHS:
                self._widths.clear()
            width = self._widths[key] = self.line(token, size, rtl).width if token else 0.0
        return width

    # Drawing -----------------------------------------------------------------------------------

    def draw_line(
        self,
        draw: ImageDraw.ImageDraw,
        line: Line,
        origin: tuple[float, float],
        size: int,
        fill: str | tuple[int, ...],
    ) -> None:
        """Draw ``line`` with its left end at ``origin`` (x, baseline y)."""
        x, baseline = origin
        for run, width in zip(line.runs, line.widths, strict=True):
            options = {}
            if self.shaping:
                options = {"direction": run.direction, "language": self.lang or None}
            draw.text(
                (x, baseline), run.text, font=self.font(run.face, size), fill=fill,
                anchor="ls", **options,
            )  # fmt: skip
            x += width


def drawable(fonts: FontSet, text: str) -> str:
    """The characters of ``text`` that no face of ``fonts`` can draw (empty when all can)."""
    return fonts.runs(text)[1]


@lru_cache(maxsize=64)
def character_map(path: str, index: int, size: int, mtime_ns: int) -> frozenset[int]:
    """The code points a font face has glyphs for (its best character map).

    Reading it takes up to a tenth of a second for a large face: remembered for
    the process by the file's path, size and time (``size`` and ``mtime_ns``
    are there so that a replaced file is read again), as a build that runs
    again in the same process (``invoke livereload``) would read it again.
    """
    from fontTools.ttLib import TTFont  # only where a font is read: most builds read none

    with TTFont(path, fontNumber=index, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def _join(tokens: list[str]) -> str:
    return "".join(tokens).rstrip()


def _cjk_index(lang: str) -> int:
    lang = lang.lower()
    return CJK_FACES.get(lang, CJK_FACES.get(lang.split("-")[0], CJK_FACES["zh"]))


def _ignorable(char: str) -> bool:
    """Characters that have no glyph of their own (joiners, marks of direction, selectors)."""
    return unicodedata.category(char) in ("Cc", "Cf") or 0xFE00 <= ord(char) <= 0xFE0F


def _attaches(char: str) -> bool:
    """Characters that stay in the current run when its face has them."""
    return unicodedata.category(char).startswith(("M", "Z", "P", "N", "S"))


def _needs_shaping(char: str) -> bool:
    """Characters Pillow's basic layout cannot place (right-to-left or complex scripts)."""
    code = ord(char)
    return (
        unicodedata.bidirectional(char) in ("R", "AL")
        or 0x0900 <= code <= 0x0DFF
        or (0x1000 <= code <= 0x109F or 0x1780 <= code <= 0x17FF)
    )


def _direction(text: str) -> str | None:
    """Direction of the first strong character, None when there is none."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


_NEUTRAL = frozenset({"WS", "ON", "CS", "ES", "ET", "B", "S"})


def _split_neutral_ends(run: Run) -> list[Run]:
    """``run`` with its leading and trailing spaces and punctuation as runs of their own.

    Between a left-to-right and a right-to-left run, a space belongs to neither:
    it takes the paragraph's direction (see :func:`_visual_order`).
    """
    text = run.text
    start, end = 0, len(text)
    while start < end and unicodedata.bidirectional(text[start]) in _NEUTRAL:
        start += 1
    while end > start and unicodedata.bidirectional(text[end - 1]) in _NEUTRAL:
        end -= 1
    if start == end or run.direction is None:
        return [run]
    parts = [(text[:start], None), (text[start:end], run.direction), (text[end:], None)]
    return [Run(part, run.face, direction) for part, direction in parts if part]


def _visual_order(runs: list[Run], rtl: bool) -> list[Run]:
    """Runs from left to right (the Unicode bidirectional algorithm with two levels).

    Neutral runs take the direction of the runs around them when both agree, else
    the paragraph's; neighbours of one face and one direction are joined again
    (kerning and shaping see them whole).
    """
    base = "rtl" if rtl else "ltr"
    resolved = []
    for i, run in enumerate(runs):
        direction = run.direction
        if direction is None:
            before = next((r.direction for r in reversed(runs[:i]) if r.direction), base)
            after = next((r.direction for r in runs[i + 1 :] if r.direction), base)
            direction = before if before == after else base
        if resolved and resolved[-1].face == run.face and resolved[-1].direction == direction:
            resolved[-1] = Run(resolved[-1].text + run.text, run.face, direction)
        else:
            resolved.append(Run(run.text, run.face, direction))
    if rtl:
        resolved.reverse()
    other = "ltr" if rtl else "rtl"
    ordered: list[Run] = []
    group: list[Run] = []
    for run in resolved:
        if run.direction == other:
            group.append(run)
            continue
        ordered.extend(reversed(group))
        group = []
        ordered.append(run)
    ordered.extend(reversed(group))
    return ordered


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x3040 <= code <= 0x30FF
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
    )


def _tokens(text: str) -> list[str]:
    """Pieces a line may break after: words with their space, and single CJK characters."""
    tokens: list[str] = []
    current = ""
    for char in text:
        if char == " ":
            current += char
            tokens.append(current)
            current = ""
        elif _is_cjk(char):
            if current:
                tokens.append(current)
            current = char
            tokens.append(current)
            current = ""
        elif (
            tokens
            and not current
            and unicodedata.category(char).startswith("P")
            and (_is_cjk(tokens[-1][-1]))
        ):
            tokens[-1] += char  # no line starts with 。or 、
        else:
            current += char
    if current:
        tokens.append(current)
    return tokens


def _clusters(token: str) -> list[str]:
    """``token`` cut between characters, marks kept with their base."""
    pieces: list[str] = []
    for char in token:
        if pieces and (unicodedata.category(char).startswith("M") or _ignorable(char)):
            pieces[-1] += char
        else:
            pieces.append(char)
    return pieces
