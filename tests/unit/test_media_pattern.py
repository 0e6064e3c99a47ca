"""Generated covers: stable per chapter, small, safe to inline, the same picture in SVG and PNG."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from PIL import Image, ImageChops

from chapterhouse.media.contrast import AA_TEXT, contrast_ratio
from chapterhouse.media.pattern import HEIGHT, WIDTH, cover_pattern

SVG = "{http://www.w3.org/2000/svg}"


def test_the_same_chapter_always_gets_the_same_pattern_and_others_a_different_one():
    assert cover_pattern("#c2410c", "toulouse").svg() == cover_pattern("#c2410c", "toulouse").svg()
    assert cover_pattern("#c2410c", "toulouse").shapes != cover_pattern("#c2410c", "paris").shapes
    one = cover_pattern("#c2410c", "toulouse").draw()
    assert one.tobytes() == cover_pattern("#c2410c", "toulouse").draw().tobytes()


def test_the_svg_is_small_parses_and_can_be_inlined_under_the_csp():
    svg = cover_pattern("#1f5fbf", "paris").svg()
    assert len(svg.encode()) < 4_000
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == f"0 0 {WIDTH} {HEIGHT}"
    assert root.get("preserveAspectRatio") == "xMidYMid slice"
    assert root.get("aria-hidden") == "true"
    for element in root.iter():
        assert "style" not in element.attrib
        assert element.tag in {f"{SVG}svg", f"{SVG}rect", f"{SVG}path"}
    labelled = ET.fromstring(cover_pattern("#1f5fbf", "paris").svg(label='Paris "PyData" & co'))
    assert labelled.get("role") == "img" and labelled.get("aria-label") == 'Paris "PyData" & co'


def test_shapes_are_shades_of_the_colour_that_keep_the_text_readable():
    for color in ("#c2410c", "#1f5fbf", "#fde68a", "#ffffff", "#000000"):
        pattern = cover_pattern(color, "seed")
        fills = {shape.fill for shape in pattern.shapes}
        assert fills and pattern.background == color
        assert fills != {color}, "the shapes show"
        for fill in fills | {pattern.background}:
            assert contrast_ratio(fill, pattern.text) >= AA_TEXT or fill == color


def test_the_raster_pattern_matches_the_svg_as_a_browser_draws_it():
    resvg_py = pytest.importorskip("resvg_py")
    pattern = cover_pattern("#0f766e", "tokyo")
    drawn = pattern.draw()
    rendered = Image.open(
        io.BytesIO(bytes(resvg_py.svg_to_bytes(svg_string=pattern.svg())))
    ).convert("RGB")
    assert drawn.size == rendered.size == (WIDTH, HEIGHT)
    difference = ImageChops.difference(drawn, rendered).convert("L")
    differing = sum(difference.histogram()[24:])
    assert differing < WIDTH * HEIGHT * 0.003, "only anti-aliased edges may differ"


def test_the_raster_pattern_fills_any_box():
    image = cover_pattern("#0f766e", "tokyo").draw((640, 640))
    assert image.size == (640, 640) and image.mode == "RGB"
