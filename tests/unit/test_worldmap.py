"""The chapters map: markers where their chapters are, linked and named, a light and valid SVG."""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET

import pytest

from chapterhouse.site.worldmap import (
    DATA,
    HIT_RADIUS,
    MARKER_RADIUS,
    Marker,
    crop_view,
    equal_earth,
    load_world,
    world_map,
    world_view,
)

SVG = "{http://www.w3.org/2000/svg}"
TOULOUSE = Marker(43.6047, 1.4442, "Python Toulouse", "/chapters/toulouse/")
PARIS = Marker(48.8566, 2.3522, "Python Paris", "/chapters/paris/")
PYDATA = Marker(48.8600, 2.3400, "PyData Paris", "/chapters/pydata-paris/")
BERLIN = Marker(52.5200, 13.4050, "Python Berlin", "/chapters/berlin/")
CDMX = Marker(19.4326, -99.1332, "Python CDMX", "/chapters/cdmx/")
NYC = Marker(40.7128, -74.0060, "PyNYC", "/chapters/nyc/")
TOKYO = Marker(35.6762, 139.6503, "Python Tokyo", "/chapters/tokyo/")
EUROPE = [TOULOUSE, PARIS, PYDATA, BERLIN]
EVERYWHERE = [*EUROPE, CDMX, NYC, TOKYO]


@pytest.fixture(scope="module")
def world():
    return load_world()


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def markers_of(root: ET.Element) -> dict[str, dict]:
    """href → {title, label, x, y} for every marker link."""
    found = {}
    for link in root.iter(f"{SVG}a"):
        dot = next(c for c in link.iter(f"{SVG}circle") if c.get("class") == "map-marker-dot")
        found[link.get("href")] = {
            "title": link.find(f"{SVG}title").text,
            "label": link.get("aria-label"),
            "x": float(dot.get("cx")),
            "y": float(dot.get("cy")),
            "text": "".join(t.text for t in link.iter(f"{SVG}text")),
        }
    return found


# Projection ---------------------------------------------------------------------------------


def test_equal_earth_matches_the_published_extent():
    # Šavrič et al. (2018): the map is 2.7066 × 1.3174 (radius 1) from its centre.
    assert equal_earth(0, 0) == (0, 0)
    assert equal_earth(180, 0)[0] == pytest.approx(2.70663, abs=1e-5)
    assert equal_earth(0, 90)[1] == pytest.approx(-1.31736, abs=1e-5)
    assert equal_earth(-30, -45) == pytest.approx(
        (-equal_earth(30, 45)[0], -equal_earth(30, 45)[1])
    )
    x, y = equal_earth(-74.006, 40.7128)
    assert x < 0 and y < 0  # west and north: left and up


def test_equal_earth_keeps_areas():
    # Two 10°×10° cells at the equator and at 60°N: areas in the ratio of their true areas.
    def cell(lat):
        corners = [
            equal_earth(lon, la) for lon, la in ((0, lat), (10, lat), (10, lat + 10), (0, lat + 10))
        ]
        return (
            abs(
                sum(
                    x0 * y1 - x1 * y0
                    for (x0, y0), (x1, y1) in zip(corners, corners[1:] + corners[:1], strict=True)
                )
            )
            / 2
        )

    true = (math.sin(math.radians(70)) - math.sin(math.radians(60))) / math.sin(math.radians(10))
    assert cell(60) / cell(0) == pytest.approx(true, rel=0.01)


# Markers ------------------------------------------------------------------------------------


def test_every_chapter_is_a_named_link_at_its_projected_place(world):
    svg = world_map([TOULOUSE, CDMX, NYC, TOKYO], crop=False, data=world)
    root = parse(svg)
    width = float(root.get("viewBox").split()[2])
    place = world_view().to_pixels(width)
    markers = markers_of(root)
    assert set(markers) == {m.url for m in (TOULOUSE, CDMX, NYC, TOKYO)}
    for marker in (TOULOUSE, CDMX, NYC, TOKYO):
        drawn = markers[marker.url]
        x, y = place(marker.lon, marker.lat)
        assert (drawn["x"], drawn["y"]) == (pytest.approx(x, abs=0.06), pytest.approx(y, abs=0.06))
        assert drawn["title"] == drawn["label"] == marker.title


def test_markers_sit_on_land_on_the_world_view(world):
    # Tokyo is right of Toulouse, which is right of New York, which is right of Mexico City.
    markers = markers_of(parse(world_map([TOULOUSE, CDMX, NYC, TOKYO], crop=False, data=world)))
    xs = [markers[m.url]["x"] for m in (CDMX, NYC, TOULOUSE, TOKYO)]
    assert xs == sorted(xs)
    ys = {m.title: markers[m.url]["y"] for m in (CDMX, NYC, TOULOUSE, TOKYO)}
    assert ys["Python CDMX"] > ys["PyNYC"] > ys["Python Toulouse"]


def test_two_chapters_in_one_city_are_spread_apart_with_a_line_to_their_place(world):
    root = parse(world_map(EUROPE, data=world))
    markers = markers_of(root)
    paris, pydata = markers[PARIS.url], markers[PYDATA.url]
    assert math.dist((paris["x"], paris["y"]), (pydata["x"], pydata["y"])) >= 2 * MARKER_RADIUS
    leaders = [p for p in root.iter(f"{SVG}path") if p.get("class") == "map-leader"]
    assert len(leaders) == 2
    starts = {re.match(r"M([\d.]+) ([\d.]+)", p.get("d")).groups() for p in leaders}
    assert len(starts) == 1, "both lines start at the shared place"


def test_labels_are_written_where_they_fit_and_are_part_of_the_link(world):
    markers = markers_of(parse(world_map(EUROPE, data=world)))
    assert {m["text"] for m in markers.values()} == {m.title for m in EUROPE}
    bare = markers_of(parse(world_map(EUROPE, labels=False, data=world)))
    assert all(m["text"] == "" for m in bare.values())


def test_titles_and_urls_are_escaped(world):
    odd = Marker(45.0, 5.0, 'Lyon <"Py"> & co', "/chapters/lyon/?a=1&b=2")
    root = parse(world_map([odd], data=world))
    (link,) = root.iter(f"{SVG}a")
    assert link.get("href") == "/chapters/lyon/?a=1&b=2"
    assert link.find(f"{SVG}title").text == 'Lyon <"Py"> & co'


def test_markers_have_a_target_larger_than_their_dot(world):
    root = parse(world_map([TOULOUSE], data=world))
    hit = next(c for c in root.iter(f"{SVG}circle") if c.get("class") == "map-marker-hit")
    assert float(hit.get("r")) == HIT_RADIUS >= 2 * MARKER_RADIUS


# Views --------------------------------------------------------------------------------------


def test_a_european_network_is_cropped_to_europe(world):
    root = parse(world_map(EUROPE, data=world))
    assert "world-map-crop" in root.get("class")
    view = crop_view(sorted(EUROPE, key=lambda m: (-m.lat, m.lon)))
    left, top, right, bottom = view.box
    # The box holds every chapter with a margin and is far smaller than the world.
    for marker in EUROPE:
        x, y = view.project(marker.lon, marker.lat)
        assert left < x < right and top < y < bottom
    assert right - left < 30 and bottom - top < 25
    markers = markers_of(root)
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    for m in markers.values():
        assert 20 < m["x"] < width - 20 and 20 < m["y"] < height - 20


def test_a_network_on_several_continents_falls_back_sensibly(world):
    americas_and_europe = parse(world_map([*EUROPE, CDMX, NYC], data=world))
    assert "world-map-crop" in americas_and_europe.get("class")
    everywhere = parse(world_map(EVERYWHERE, data=world))  # Mexico City to Tokyo: 239°
    assert "world-map-world" in everywhere.get("class")
    nothing = parse(world_map([], data=world))
    assert "world-map-world" in nothing.get("class") and not markers_of(nothing)


def test_one_chapter_shows_its_region_not_a_single_street(world):
    view = crop_view([TOULOUSE])
    left, top, right, bottom = view.box
    assert bottom - top >= 14 - 1e-9
    assert (right - left) / math.cos(math.radians((top + bottom) / -2)) >= 24 - 1e-9


# The SVG itself -----------------------------------------------------------------------------


@pytest.mark.parametrize("crop", [True, False])
def test_the_svg_is_valid_light_and_safe_to_inline(world, crop):
    svg = world_map(EVERYWHERE if not crop else EUROPE, crop=crop, data=world)
    root = parse(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "group" and root.get("aria-label")
    assert root.find(f"{SVG}title").text == "Map of chapters"
    size = len(svg.encode())
    assert size < 60_000, f"{size} bytes"
    for element in root.iter():
        assert "style" not in element.attrib  # forbidden by the pages' Content-Security-Policy
        assert not element.tag.endswith(("script", "foreignObject", "image", "use"))
    hrefs = {e.get("href") for e in root.iter() if e.get("href")}
    assert all(href.startswith("/chapters/") for href in hrefs), "no other host"


def test_the_world_outline_is_light(world):
    svg = world_map([], crop=False, data=world)
    assert len(svg.encode()) < 40_000
    no_borders = world_map([], crop=False, borders=False, data=world)
    assert len(no_borders.encode()) < 25_000


def test_colours_follow_the_page(world):
    root = parse(world_map(EUROPE, data=world))
    land = next(p for p in root.iter(f"{SVG}path") if p.get("class") == "map-land")
    assert land.get("fill") == "currentColor"
    dot = next(c for c in root.iter(f"{SVG}circle") if c.get("class") == "map-marker-dot")
    assert dot.get("fill") == "currentColor"


def test_the_same_chapters_give_the_same_bytes_in_any_order(world):
    assert world_map(EVERYWHERE, data=world) == world_map(list(reversed(EVERYWHERE)), data=world)


def test_no_edge_crosses_the_map_from_one_side_to_the_other(world):
    """Polygons crossing the antimeridian (Chukotka, Fiji) were cut: no horizontal streaks."""
    root = parse(world_map([], crop=False, borders=False, data=world))
    width = float(root.get("viewBox").split()[2])
    land = next(p for p in root.iter(f"{SVG}path") if p.get("class") == "map-land").get("d")
    for ring in re.findall(r"M[^Mz]*", land):
        numbers = [int(n) for n in re.findall(r"-?\d+", ring)]
        steps = numbers[2:][0::2]
        assert all(abs(dx) < width / 3 for dx in steps)


def test_the_vendored_data_is_natural_earth_and_says_so():
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    assert "Natural Earth" in raw["source"] and "public domain" in raw["source"]
    readme = (DATA.parent / "README.md").read_text(encoding="utf-8")
    assert "public domain" in readme and "npm run --prefix tools/worldmap vendor" in readme
    lats = [lat for polygon in raw["land"] for ring in polygon for lat in ring[1::2]]
    assert min(lats) > -60, "no Antarctica"
    lons = [lon for polygon in raw["land"] for ring in polygon for lon in ring[0::2]]
    assert min(lons) >= -180 and max(lons) <= 180
