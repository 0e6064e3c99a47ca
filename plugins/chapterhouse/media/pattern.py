"""A cover pattern in a chapter's colour, for events and chapters without a picture.

A grid of quarter discs, half discs, dots and triangles, each cell chosen from
a hash of the seed (the chapter's slug) and its position: the same chapter
always gets the same pattern, two chapters get different ones. Shapes are
shades of the colour moved away from the text colour that will be drawn on it
(or, for a colour already near black or white, slightly towards it, never below
4.5:1), so text readable on the plain colour stays readable on the pattern.

The pattern is data (:class:`Pattern`), written as a small SVG
(:meth:`Pattern.svg`, a few kilobytes, no script, no style attribute: it may be
inlined under the theme's Content-Security-Policy) or drawn with Pillow
(:meth:`Pattern.draw`, used by the social cards).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from PIL import Image, ImageDraw

from chapterhouse.media.contrast import AA_TEXT, contrast_ratio, mix, parse_color, text_on, to_hex

#: Default size: the social card's (1200 × 630).
WIDTH, HEIGHT = 1200, 630
CELL = 120
#: How far each shade moves from the colour towards the far end (black or white).
SHADES = (0.10, 0.20, 0.30)
#: Below this contrast between the colour and its darkest shade, shapes would not show.
MIN_SHAPE_CONTRAST = 1.15
#: Shape kinds and how often (out of 16) a cell draws each.
_KINDS = ("quarter",) * 5 + ("half",) * 3 + ("dot",) * 3 + ("triangle",) * 2 + ("none",) * 3


@dataclass(frozen=True)
class Shape:
    """One cell's shape.

    Attributes:
        kind: ``quarter`` (a quarter disc centred on a corner), ``half`` (a half
            disc on a side), ``dot`` (a disc in the middle) or ``triangle`` (half
            the cell cut along a diagonal).
        x: Left of the cell.
        y: Top of the cell.
        size: The cell's side.
        turn: Which corner or side, 0 to 3, clockwise from the top left (or top).
        fill: ``#rrggbb``.
    """

    kind: str
    x: int
    y: int
    size: int
    turn: int
    fill: str


@dataclass(frozen=True)
class Pattern:
    """A generated cover.

    Attributes:
        background: The chapter's colour (``#rrggbb``).
        text: The colour meant for text on it (shapes move away from it).
        width: Width in pixels (or SVG user units).
        height: Height.
        shapes: The cells' shapes, row by row.
    """

    background: str
    text: str
    width: int
    height: int
    shapes: tuple[Shape, ...]

    def svg(self, label: str = "") -> str:
        """The pattern as an SVG document (decorative unless ``label`` is given).

        The picture covers its box whatever the box's proportions
        (``preserveAspectRatio="xMidYMid slice"``); shapes of one colour share one path.
        """
        paths: dict[str, list[str]] = {}
        for shape in self.shapes:
            paths.setdefault(shape.fill, []).append(_svg_path(shape))
        name = (
            f' role="img" aria-label="{_escape(label)}"'
            if label
            else ' aria-hidden="true" focusable="false"'
        )
        body = "".join(f'<path fill="{fill}" d="{"".join(d)}"/>' for fill, d in paths.items())
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {self.height}" '
            f'preserveAspectRatio="xMidYMid slice"{name}>'
            f'<rect width="{self.width}" height="{self.height}" fill="{self.background}"/>'
            f"{body}</svg>"
        )

    def draw(self, size: tuple[int, int] | None = None, supersample: int = 2) -> Image.Image:
        """The pattern as an RGB image of ``size`` (default: its own), cropped to fill.

        Shapes are drawn at ``supersample`` times the size and reduced, for smooth edges.
        """
        width, height = size or (self.width, self.height)
        scale = max(width / self.width, height / self.height) * supersample
        canvas = Image.new(
            "RGB",
            (round(self.width * scale), round(self.height * scale)),
            parse_color(self.background),
        )
        draw = ImageDraw.Draw(canvas)
        for shape in self.shapes:
            _draw_shape(draw, shape, scale)
        full = (round(width * supersample), round(height * supersample))
        left = (canvas.width - full[0]) // 2
        top = (canvas.height - full[1]) // 2
        canvas = canvas.crop((left, top, left + full[0], top + full[1]))
        # A box filter only averages: no edge is ever lighter or darker than both its sides.
        return canvas.resize((width, height), Image.Resampling.BOX)


def cover_pattern(
    color: str,
    seed: str,
    width: int = WIDTH,
    height: int = HEIGHT,
    text: str = "",
    cell: int = CELL,
) -> Pattern:
    """The pattern of ``seed`` (a chapter's slug) in ``color``.

    Args:
        color: The chapter's colour, ``#rrggbb``.
        seed: Any text; the same seed gives the same pattern.
        width: Width of the picture.
        height: Height of the picture.
        text: Colour of the text to be drawn on it (default: white or near-black,
            whichever reads better on ``color``). Shapes are shades moved away from it.
        cell: Side of a grid cell.

    Raises:
        FieldError: When ``color`` is not a colour.
    """
    background = to_hex(parse_color(color))
    text = text or text_on(background)
    # Shapes darken under light text and lighten under dark text.
    far = "#000000" if _is_light(text) else "#ffffff"
    palette = [mix(background, far, amount) for amount in SHADES]
    if contrast_ratio(background, palette[-1]) < MIN_SHAPE_CONTRAST:
        # Already near black or white: shade towards the text, as far as it stays readable.
        palette = [
            shade
            for amount in SHADES
            if contrast_ratio(shade := mix(background, text, amount / 3), text) >= AA_TEXT
        ] or [background]
    shapes = []
    for row in range(-(-height // cell)):
        for column in range(-(-width // cell)):
            kind_byte, turn_byte, fill_byte = _cell_bytes(seed, column, row)
            kind = _KINDS[kind_byte % len(_KINDS)]
            if kind == "none":
                continue
            shapes.append(
                Shape(
                    kind,
                    column * cell,
                    row * cell,
                    cell,
                    turn_byte % 4,
                    palette[fill_byte % len(palette)],
                )
            )
    return Pattern(background, text, width, height, tuple(shapes))


def _is_light(color: str) -> bool:
    return text_on(color) != "#ffffff"


def _cell_bytes(seed: str, column: int, row: int) -> bytes:
    return hashlib.blake2b(f"{seed}\0{column}\0{row}".encode(), digest_size=3).digest()


# Geometry: corners (and sides) numbered clockwise from the top left (top).
def _corner(shape: Shape) -> tuple[int, int]:
    x, y, s = shape.x, shape.y, shape.size
    return ((x, y), (x + s, y), (x + s, y + s), (x, y + s))[shape.turn]


def _side_middle(shape: Shape) -> tuple[float, float]:
    x, y, s = shape.x, shape.y, shape.size
    return ((x + s / 2, y), (x + s, y + s / 2), (x + s / 2, y + s), (x, y + s / 2))[shape.turn]


def _num(value: float) -> str:
    return f"{value:g}"


def _svg_path(shape: Shape) -> str:
    s = shape.size
    if shape.kind == "quarter":
        cx, cy = _corner(shape)
        # The quarter disc inside the cell: from the corner, out along one edge, arc back.
        start = ((s, 0), (0, s), (-s, 0), (0, -s))[shape.turn]
        end = ((-s, s), (-s, -s), (s, -s), (s, s))[shape.turn]
        return f"M{cx} {cy}l{start[0]} {start[1]}a{s} {s} 0 0 1 {end[0]} {end[1]}z"
    if shape.kind == "half":
        cx, cy = _side_middle(shape)
        r = s / 2
        dx, dy = ((-r, 0), (0, -r), (r, 0), (0, r))[shape.turn]
        return (
            f"M{_num(cx + dx)} {_num(cy + dy)}"
            f"a{_num(r)} {_num(r)} 0 0 0 {_num(-2 * dx)} {_num(-2 * dy)}z"
        )
    if shape.kind == "dot":
        r = s * 0.3
        cx, cy = shape.x + s / 2, shape.y + s / 2
        return (
            f"M{_num(cx - r)} {_num(cy)}a{_num(r)} {_num(r)} 0 1 0 {_num(2 * r)} 0"
            f"a{_num(r)} {_num(r)} 0 1 0 {_num(-2 * r)} 0z"
        )
    points = _triangle(shape)
    return "M" + "L".join(f"{x} {y}" for x, y in points) + "z"


def _triangle(shape: Shape) -> list[tuple[int, int]]:
    x, y, s = shape.x, shape.y, shape.size
    corners = [(x, y), (x + s, y), (x + s, y + s), (x, y + s)]
    return [corners[(shape.turn + i) % 4] for i in (0, 1, 3)]


def _draw_shape(draw: ImageDraw.ImageDraw, shape: Shape, scale: float) -> None:
    fill = parse_color(shape.fill)
    s = shape.size * scale
    if shape.kind == "quarter":
        cx, cy = (v * scale for v in _corner(shape))
        start = 90 * shape.turn  # Pillow's angles go clockwise from 3 o'clock
        draw.pieslice((cx - s, cy - s, cx + s, cy + s), start, start + 90, fill=fill)
    elif shape.kind == "half":
        cx, cy = (v * scale for v in _side_middle(shape))
        r = s / 2
        start = 90 * shape.turn
        draw.pieslice((cx - r, cy - r, cx + r, cy + r), start, start + 180, fill=fill)
    elif shape.kind == "dot":
        r = s * 0.3
        cx, cy = (shape.x + shape.size / 2) * scale, (shape.y + shape.size / 2) * scale
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fill)
    else:
        draw.polygon([(x * scale, y * scale) for x, y in _triangle(shape)], fill=fill)


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )
