"""Where badges go on the paper, where the crop marks are, and how large a name is written.

Badges of one format are set edge to edge in a grid centred on the page, so
that one straight cut along each line separates two badges; the crop marks are
short lines in the page margins continuing each cut line (they never touch a
badge). A name is written as large as the badge allows, shrunk until it fits its
width, on two lines when that is much larger. Lengths are millimetres from the
page's top-left corner, font sizes points. Pure: the width of a text comes from
a function the caller gives (the fonts' advances).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from math import floor

MM_PER_INCH = 25.4
#: Points in a millimetre.
PT_PER_MM = 72 / MM_PER_INCH
#: Crop marks: gap between the badge's edge and the mark, longest mark, thinnest margin that
#: still gets marks.
MARK_GAP = 2.0
MARK_LENGTH = 5.0
MARK_MIN = 1.5
#: Line height of a name, in ems.
LINE_HEIGHT = 1.15


@dataclass(frozen=True)
class Paper:
    """A sheet of paper, in millimetres (portrait)."""

    key: str
    label: str
    width: float
    height: float


@dataclass(frozen=True)
class BadgeFormat:
    """A badge size and how many go across and down a page.

    Attributes:
        key: Its name on the command line (``90x55``).
        label: Its description in ``--help`` and the docs.
        width: Width in millimetres.
        height: Height in millimetres.
        columns: Badges across a page.
        rows: Badges down a page.
    """

    key: str
    label: str
    width: float
    height: float
    columns: int
    rows: int

    @property
    def per_page(self) -> int:
        """Badges on one page."""
        return self.columns * self.rows


PAPERS = {
    "a4": Paper("a4", "A4", 210.0, 297.0),
    "letter": Paper("letter", "US Letter", 8.5 * MM_PER_INCH, 11 * MM_PER_INCH),
}
FORMATS = {
    "90x55": BadgeFormat("90x55", "90 × 55 mm, 8 per page (business-card size)", 90, 55, 2, 4),
    "4x3in": BadgeFormat(
        "4x3in",
        "4 × 3 in, 6 per page (Avery 5392-like badge inserts)",
        4 * MM_PER_INCH,
        3 * MM_PER_INCH,
        2,
        3,
    ),
}


@dataclass(frozen=True)
class Box:
    """A rectangle: its top-left corner and size, in millimetres."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Mark:
    """A crop mark: a line from (x1, y1) to (x2, y2), in millimetres."""

    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Sheet:
    """The layout shared by every page: where each badge goes and the crop marks.

    Attributes:
        paper: The paper.
        badge: The badge format.
        slots: Each badge's box, row by row, left to right.
        marks: The crop marks.
    """

    paper: Paper
    badge: BadgeFormat
    slots: tuple[Box, ...]
    marks: tuple[Mark, ...]


def sheet(paper: Paper, badge: BadgeFormat) -> Sheet:
    """The grid of ``badge`` centred on ``paper``, and its crop marks.

    Raises:
        ValueError: the badges do not fit on the paper.
    """
    grid_width, grid_height = badge.columns * badge.width, badge.rows * badge.height
    left, top = (paper.width - grid_width) / 2, (paper.height - grid_height) / 2
    if left < 0 or top < 0:
        raise ValueError(
            f"{badge.per_page} badges of {badge.label.split(',')[0]} do not fit on {paper.label}"
        )
    slots = tuple(
        Box(left + column * badge.width, top + row * badge.height, badge.width, badge.height)
        for row in range(badge.rows)
        for column in range(badge.columns)
    )
    return Sheet(paper, badge, slots, _marks(paper, badge, left, top))


def _marks(paper: Paper, badge: BadgeFormat, left: float, top: float) -> tuple[Mark, ...]:
    """Marks in the margins, continuing every vertical and horizontal cut line."""
    right, bottom = paper.width - left, paper.height - top
    marks = []
    vertical = _mark_span(top)
    if vertical:
        length, gap = vertical
        for column in range(badge.columns + 1):
            x = left + column * badge.width
            marks.append(Mark(x, top - gap - length, x, top - gap))
            marks.append(Mark(x, bottom + gap, x, bottom + gap + length))
    horizontal = _mark_span(left)
    if horizontal:
        length, gap = horizontal
        for row in range(badge.rows + 1):
            y = top + row * badge.height
            marks.append(Mark(left - gap - length, y, left - gap, y))
            marks.append(Mark(right + gap, y, right + gap + length, y))
    return tuple(marks)


def _mark_span(margin: float) -> tuple[float, float] | None:
    """The length of the marks in a margin and their gap from the badges (None: no room)."""
    gap = min(MARK_GAP, margin / 3)
    length = min(MARK_LENGTH, margin - gap - 0.5)
    return (length, gap) if length >= MARK_MIN else None


def pages(count: int, per_page: int) -> int:
    """Pages needed for ``count`` badges (one empty page for none)."""
    return max(1, -(-count // per_page))


def chunks(items: Sequence[object], size: int) -> Iterator[Sequence[object]]:
    """``items`` by pages of ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(frozen=True)
class Fitted:
    """A text set to fit a box.

    Attributes:
        lines: One line, or two when the text is split at a space.
        size: Font size in points.
        fits: False when even ``smallest`` is too large (the text then overflows).
    """

    lines: tuple[str, ...]
    size: float
    fits: bool


def fit_text(
    text: str,
    width: float,
    height: float,
    measure: Callable[[str], float],
    largest: float,
    smallest: float,
) -> Fitted:
    """The largest size, at most ``largest`` pt, that fits ``text`` in ``width`` × ``height`` mm.

    Args:
        text: The text (a name).
        width: The box's width in millimetres.
        height: The box's height in millimetres.
        measure: The width of a text at 1 pt, in points (its advance in ems).
        largest: The size used when the text is short.
        smallest: The smallest size allowed.

    Two lines, split at the space that balances them best, are used when they
    allow a size at least a quarter larger than one line does. Sizes are rounded
    down to half points.
    """
    width_pt, height_pt = width * PT_PER_MM, height * PT_PER_MM
    single = _size_for((text,), width_pt, height_pt, measure, largest)
    best: tuple[tuple[str, ...], float] = ((text,), single)
    split = _split(text, measure)
    if split is not None:
        double = _size_for(split, width_pt, height_pt, measure, largest)
        if double >= single * 1.25:
            best = (split, double)
    lines, size = best
    if size < smallest:
        return Fitted((text,), smallest, False)
    return Fitted(lines, size, True)


def _size_for(
    lines: tuple[str, ...],
    width_pt: float,
    height_pt: float,
    measure: Callable[[str], float],
    largest: float,
) -> float:
    widest = max(measure(line) for line in lines)
    by_width = width_pt / widest if widest > 0 else largest
    by_height = height_pt / (len(lines) * LINE_HEIGHT)
    return floor(min(largest, by_width, by_height) * 2) / 2


def _split(text: str, measure: Callable[[str], float]) -> tuple[str, str] | None:
    words = text.split(" ")
    if len(words) < 2:
        return None
    candidates = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    return min(candidates, key=lambda pair: max(measure(pair[0]), measure(pair[1])))
