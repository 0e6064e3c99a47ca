"""The map of chapters: an SVG drawn at build time, one link per chapter.

The outline is Natural Earth's 1:110m land and country borders (public
domain), vendored as ``data/world-110m.json`` by ``tools/worldmap`` (see
``data/README.md``); nothing is fetched, at build time or in the browser. The
SVG is meant to be inlined in the page: every marker is an ``<a href>`` with
a ``<title>`` and an ``aria-label``, reachable with the keyboard and usable
without JavaScript. Colours come from ``currentColor`` and class names
(``map-land``, ``map-borders``, ``map-marker``, ``map-marker-dot``,
``map-label``…), so the theme's light and dark schemes apply; there is no
``style`` attribute (the pages' Content-Security-Policy forbids them).

Two views:

* the world, in the Equal Earth projection (Šavrič, Patterson and Jenny, 2018),
  from 58° S to 84° N;
* cropped to the chapters with a margin, in an equirectangular projection
  whose standard parallel is the middle of the crop (shapes look right at the
  network's latitude), so that a network of European cities is not a cluster
  of dots on a world map.

Markers closer than their own size (two chapters in one city) are spread on a
small circle around their place, with a line to it. Labels are placed where
they overlap nothing, else left out (the marker keeps its name). The same
chapters give the same bytes.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "world-110m.json"
#: Latitudes shown on the world view (Antarctica is left out).
WORLD_LATITUDES = (-58.0, 84.0)
#: A crop wider than this many degrees of longitude shows the world instead.
MAX_CROP_SPAN = 200.0
#: The smallest crop, in degrees (longitude, latitude): one city shows its region.
MIN_CROP = (24.0, 14.0)
#: Margin around the chapters, as a share of their extent (and at least 3 degrees).
CROP_MARGIN = 0.2
#: Height over width of a cropped map is kept between these.
ASPECT = (0.45, 0.9)
MARKER_RADIUS = 7.0
HIT_RADIUS = 14.0
LABEL_SIZE = 15.0

# Equal Earth constants.
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2

Point = tuple[float, float]
Ring = list[Point]


@dataclass(frozen=True)
class Marker:
    """A chapter on the map.

    Attributes:
        lat: Latitude in degrees (north positive).
        lon: Longitude in degrees (east positive).
        title: The chapter's name (the link's accessible name and tooltip).
        url: Its page.
    """

    lat: float
    lon: float
    title: str
    url: str


@dataclass(frozen=True)
class WorldData:
    """The vendored outline: land polygons (rings of lon, lat) and border lines."""

    land: tuple[tuple[tuple[float, ...], ...], ...]
    borders: tuple[tuple[float, ...], ...]
    source: str


def load_world(path: Path = DATA) -> WorldData:
    """Read the vendored outline (``data/world-110m.json``)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    land = tuple(tuple(tuple(ring) for ring in polygon) for polygon in raw["land"])
    return WorldData(land, tuple(tuple(line) for line in raw["borders"]), raw["source"])


def equal_earth(lon: float, lat: float) -> Point:
    """Equal Earth projection of a point in degrees, y pointing down (SVG), radius 1."""
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, -y


@dataclass(frozen=True)
class View:
    """What the map shows and how: a projection and a box in its units.

    Attributes:
        project: (lon, lat) → (x, y), y pointing down.
        box: (left, top, right, bottom) in projected units.
        name: ``world`` or ``crop``.
    """

    project: Callable[[float, float], Point]
    box: tuple[float, float, float, float]
    name: str

    def to_pixels(self, width: float) -> Callable[[float, float], Point]:
        """(lon, lat) → pixel position on a map ``width`` wide."""
        left, top, right, _ = self.box
        scale = width / (right - left)
        project = self.project

        def place(lon: float, lat: float) -> Point:
            x, y = project(lon, lat)
            return (x - left) * scale, (y - top) * scale

        return place

    def height(self, width: float) -> float:
        """The map's height for ``width``."""
        left, top, right, bottom = self.box
        return width * (bottom - top) / (right - left)


def world_view() -> View:
    """Equal Earth, every longitude, latitudes of :data:`WORLD_LATITUDES`."""
    south, north = WORLD_LATITUDES
    right = equal_earth(180.0, 0.0)[0]
    return View(
        equal_earth, (-right, equal_earth(0, north)[1], right, equal_earth(0, south)[1]), "world"
    )


def crop_view(markers: Sequence[Marker]) -> View:
    """An equirectangular view of the markers' bounding box, with a margin.

    Falls back to :func:`world_view` with no markers or when they span more than
    :data:`MAX_CROP_SPAN` degrees of longitude.
    """
    if not markers:
        return world_view()
    lons = [m.lon for m in markers]
    lats = [m.lat for m in markers]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    if east - west > MAX_CROP_SPAN:
        return world_view()
    margin_x = max(3.0, (east - west) * CROP_MARGIN)
    margin_y = max(3.0, (north - south) * CROP_MARGIN)
    west, east = west - margin_x, east + margin_x
    south, north = max(-85.0, south - margin_y), min(85.0, north + margin_y)
    west, east = _widen(west, east, MIN_CROP[0])
    south, north = _widen(south, north, MIN_CROP[1])
    middle = (south + north) / 2
    cos = math.cos(math.radians(middle))

    def project(lon: float, lat: float) -> Point:
        return lon * cos, -lat

    left, right, top, bottom = west * cos, east * cos, -north, -south
    # Keep the proportions readable: widen whichever side is too short.
    width, height = right - left, bottom - top
    low, high = ASPECT
    if height / width < low:
        top, bottom = _widen(top, bottom, width * low)
    elif height / width > high:
        left, right = _widen(left, right, height / high)
    return View(project, (left, top, right, bottom), "crop")


def world_map(
    markers: Sequence[Marker],
    *,
    crop: bool = True,
    width: int = 800,
    labels: bool = True,
    label: str = "Map of chapters",
    borders: bool = True,
    data: WorldData | None = None,
) -> str:
    """The SVG map of ``markers``.

    Args:
        markers: The chapters that have a place (``geo``).
        crop: Show only the chapters' region (see :func:`crop_view`); False: the world.
        width: Width in SVG units (the picture scales to its container).
        labels: Write chapter names next to markers where they fit.
        label: The map's accessible name (translate it).
        borders: Draw the borders between countries.
        data: The outline (default: the vendored one, read on each call).

    Returns:
        An ``<svg>`` element, to be inlined in a page.
    """
    data = data or load_world()
    ordered = sorted(markers, key=lambda m: (-m.lat, m.lon, m.title, m.url))
    view = crop_view(ordered) if crop else world_view()
    height = round(view.height(width))
    place = view.to_pixels(width)
    clip = (-1.0, -1.0, width + 1.0, height + 1.0)

    land = []
    for polygon in data.land:
        for ring in polygon:
            points = _clip_ring([place(ring[i], ring[i + 1]) for i in range(0, len(ring), 2)], clip)
            if len(points) >= 3 and abs(_area(points)) >= 2.0:
                land.append(_path(points, close=True))
    lines = []
    if borders:
        for line in data.borders:
            for piece in _clip_line(
                [place(line[i], line[i + 1]) for i in range(0, len(line), 2)], clip
            ):
                if len(piece) >= 2:
                    lines.append(_path(piece, close=False))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="world-map world-map-{view.name}" role="group" aria-label="{_escape(label)}">',
        f"<title>{_escape(label)}</title>",
        '<g aria-hidden="true">',
        f'<path class="map-land" fill="currentColor" fill-opacity="0.14" fill-rule="evenodd" '
        f'd="{"".join(land)}"/>',
    ]
    if lines:
        parts.append(
            '<path class="map-borders" fill="none" stroke="currentColor" stroke-opacity="0.3" '
            f'stroke-width="0.6" stroke-linejoin="round" d="{"".join(lines)}"/>'
        )
    parts.append("</g>")
    parts.append(_markers(ordered, place, width, height, labels))
    parts.append("</svg>")
    return "".join(parts)


# Markers ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Placed:
    """A marker where it is drawn, and where its chapter is."""

    marker: Marker
    x: float
    y: float
    anchor_x: float
    anchor_y: float


def place_markers(
    markers: Sequence[Marker],
    place: Callable[[float, float], Point],
    radius: float = MARKER_RADIUS,
) -> list[Placed]:
    """Markers at their projected places, those closer than a marker's size spread apart.

    Markers within ``2.5 × radius`` of each other (transitively) form a group;
    a group's markers are put on a circle around the group's centre, the first
    at the top, clockwise, far enough apart not to touch.
    """
    points = [place(m.lon, m.lat) for m in markers]
    groups: list[list[int]] = []
    near = 2.5 * radius
    for index, (x, y) in enumerate(points):
        joined = [g for g in groups if any(math.dist((x, y), points[j]) < near for j in g)]
        merged = [index] + [j for g in joined for j in g]
        groups = [g for g in groups if g not in joined] + [sorted(merged)]
    placed: dict[int, Placed] = {}
    for group in groups:
        if len(group) == 1:
            (only,) = group
            x, y = points[only]
            placed[only] = Placed(markers[only], x, y, x, y)
            continue
        cx = sum(points[i][0] for i in group) / len(group)
        cy = sum(points[i][1] for i in group) / len(group)
        ring = max(1.8 * radius, len(group) * (2 * radius + 3) / (2 * math.pi))
        for k, i in enumerate(group):
            angle = -math.pi / 2 + 2 * math.pi * k / len(group)
            placed[i] = Placed(
                markers[i], cx + ring * math.cos(angle), cy + ring * math.sin(angle), cx, cy
            )
    return [placed[i] for i in range(len(markers))]


def _markers(
    markers: Sequence[Marker],
    place: Callable[[float, float], Point],
    width: int,
    height: int,
    labels: bool,
) -> str:
    placed = place_markers(markers, place)
    edge = MARKER_RADIUS + 1
    taken = [(p.x - edge, p.y - edge, p.x + edge, p.y + edge) for p in placed]
    out = ['<g class="map-markers">']
    for p in placed:
        if (p.x, p.y) != (p.anchor_x, p.anchor_y):
            out.append(
                f'<path class="map-leader" aria-hidden="true" fill="none" stroke="currentColor" '
                f'stroke-width="1" d="M{_n(p.anchor_x)} {_n(p.anchor_y)}L{_n(p.x)} {_n(p.y)}"/>'
            )
    for p in placed:
        title = _escape(p.marker.title)
        text = ""
        if labels:
            spot = _label_spot(
                p, title_length=len(p.marker.title), taken=taken, size=(width, height)
            )
            if spot:
                x, y, anchor, box = spot
                taken.append(box)
                text = (
                    f'<text class="map-label" x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" '
                    f'font-size="{_n(LABEL_SIZE)}" fill="currentColor">{title}</text>'
                )
        out.append(
            f'<a class="map-marker" href="{_escape(p.marker.url)}" aria-label="{title}">'
            f"<title>{title}</title>"
            f'<circle class="map-marker-hit" cx="{_n(p.x)}" cy="{_n(p.y)}" r="{_n(HIT_RADIUS)}" '
            f'fill="transparent"/>'
            f'<circle class="map-marker-dot" cx="{_n(p.x)}" cy="{_n(p.y)}" r="{_n(MARKER_RADIUS)}" '
            f'fill="currentColor" stroke="#ffffff" stroke-width="2"/>'
            f"{text}</a>"
        )
    out.append("</g>")
    return "".join(out)


def _label_spot(
    p: Placed,
    title_length: int,
    taken: list[tuple[float, float, float, float]],
    size: tuple[int, int],
) -> tuple[float, float, str, tuple[float, float, float, float]] | None:
    """Right, left, above or below the marker: the first place that overlaps nothing."""
    text_width = title_length * LABEL_SIZE * 0.58  # an estimate: the page's font decides
    gap = MARKER_RADIUS + 4
    ascent, descent = LABEL_SIZE * 0.75, LABEL_SIZE * 0.25
    candidates = (
        (p.x + gap, p.y + LABEL_SIZE * 0.35, "start", p.x + gap, p.x + gap + text_width),
        (p.x - gap, p.y + LABEL_SIZE * 0.35, "end", p.x - gap - text_width, p.x - gap),
        (p.x, p.y - gap - descent, "middle", p.x - text_width / 2, p.x + text_width / 2),
        (p.x, p.y + gap + ascent, "middle", p.x - text_width / 2, p.x + text_width / 2),
    )
    width, height = size
    for x, y, anchor, left, right in candidates:
        box = (left, y - ascent, right, y + descent)
        inside = left >= 2 and right <= width - 2 and box[1] >= 2 and box[3] <= height - 2
        if inside and not any(_overlap(box, other) for other in taken):
            return x, y, anchor, box
    return None


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# Geometry -----------------------------------------------------------------------------------


def _widen(low: float, high: float, minimum: float) -> tuple[float, float]:
    if high - low >= minimum:
        return low, high
    middle = (low + high) / 2
    return middle - minimum / 2, middle + minimum / 2


def _area(points: Ring) -> float:
    return (
        sum(
            x0 * y1 - x1 * y0
            for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True)
        )
        / 2
    )


def _clip_ring(points: Ring, box: tuple[float, float, float, float]) -> Ring:
    """Sutherland–Hodgman: the part of a polygon inside ``box``."""
    left, top, right, bottom = box
    if not points:
        return points
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    if max(xs) < left or min(xs) > right or max(ys) < top or min(ys) > bottom:
        return []
    if min(xs) >= left and max(xs) <= right and min(ys) >= top and max(ys) <= bottom:
        return points
    edges = (
        (lambda p: p[0] >= left, lambda a, b: _cross_x(a, b, left)),
        (lambda p: p[0] <= right, lambda a, b: _cross_x(a, b, right)),
        (lambda p: p[1] >= top, lambda a, b: _cross_y(a, b, top)),
        (lambda p: p[1] <= bottom, lambda a, b: _cross_y(a, b, bottom)),
    )
    for inside, cross in edges:
        if not points:
            break
        result = []
        previous = points[-1]
        for current in points:
            if inside(current):
                if not inside(previous):
                    result.append(cross(previous, current))
                result.append(current)
            elif inside(previous):
                result.append(cross(previous, current))
            previous = current
        points = result
    return points


def _clip_line(points: Ring, box: tuple[float, float, float, float]) -> list[Ring]:
    """The pieces of a polyline inside ``box`` (Liang–Barsky on each segment)."""
    pieces: list[Ring] = []
    current: Ring = []
    for a, b in itertools.pairwise(points):
        segment = _clip_segment(a, b, box)
        if segment is None:
            if current:
                pieces.append(current)
                current = []
            continue
        start, end = segment
        if not current or current[-1] != start:
            if current:
                pieces.append(current)
            current = [start]
        current.append(end)
        if end != b:
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)
    return pieces


def _clip_segment(
    a: Point, b: Point, box: tuple[float, float, float, float]
) -> tuple[Point, Point] | None:
    left, top, right, bottom = box
    dx, dy = b[0] - a[0], b[1] - a[1]
    low, high = 0.0, 1.0
    for p, q in ((-dx, a[0] - left), (dx, right - a[0]), (-dy, a[1] - top), (dy, bottom - a[1])):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return None
    start = a if low == 0 else (a[0] + low * dx, a[1] + low * dy)
    end = b if high == 1 else (a[0] + high * dx, a[1] + high * dy)
    return start, end


def _cross_x(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + t * (b[1] - a[1])


def _cross_y(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), y


def _path(points: Ring, close: bool) -> str:
    """Relative path commands with whole units, repeated points dropped."""
    rounded = []
    for x, y in points:
        point = (round(x), round(y))
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    if close and len(rounded) > 1 and rounded[0] == rounded[-1]:
        rounded.pop()
    if len(rounded) < (3 if close else 2):
        return ""
    x0, y0 = rounded[0]
    deltas = []
    for (px, py), (x, y) in itertools.pairwise(rounded):
        deltas += (x - px, y - py)
    return f"M{x0} {y0}l{_numbers(deltas)}" + ("z" if close else "")


def _numbers(values: list[int]) -> str:
    """Numbers as SVG path data with the fewest separators (a minus sign separates too)."""
    text = []
    for value in values:
        if text and value >= 0:
            text.append(" ")
        text.append(str(value))
    return "".join(text)


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )
