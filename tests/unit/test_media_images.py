"""Responsive renditions: real pixel sizes and formats, no upscaling, orientation, stable bytes."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from chapterhouse.core.problems import FieldError
from chapterhouse.media.images import (
    RECIPE,
    WIDTHS,
    SourceImage,
    is_picture,
    picture,
    plan_renditions,
    probe,
    render_rendition,
    render_renditions,
    rendition_widths,
    svg_size,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "media"


def photo(width: int, height: int, mode: str = "RGB", kind: str = "JPEG") -> bytes:
    """A picture with some detail: a gradient, a disc and a bar."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(image)
    draw.ellipse((width // 4, height // 4, width * 3 // 4, height * 3 // 4), fill=(30, 120, 200))
    draw.rectangle((0, 0, width // 8, height), fill=(200, 40, 40))
    if mode != "RGB":
        image = image.convert(mode)
    out = io.BytesIO()
    image.save(out, kind, **({"quality": 90} if kind == "JPEG" else {}))
    return out.getvalue()


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def png_header(width: int, height: int) -> bytes:
    """A PNG claiming a size it does not have (what a decompression bomb looks like at first)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 16))
        + chunk(b"IEND", b"")
    )


# Planning ---------------------------------------------------------------------------------------


def test_widths_never_exceed_the_original_and_keep_its_full_detail():
    assert rendition_widths(3000) == [320, 640, 960, 1280, 1920]
    assert rendition_widths(1920) == [320, 640, 960, 1280, 1920]
    assert rendition_widths(1000) == [320, 640, 960, 1000]
    assert rendition_widths(640) == [320, 640]
    assert rendition_widths(200) == [200]


def test_probe_reads_the_size_as_shown_without_decoding():
    source = probe(FIXTURES / "oriented.jpg", "images/oriented.jpg")
    # stored 64 × 32 with EXIF orientation 6: shown 32 × 64
    assert (source.width, source.height) == (32, 64)
    assert source.format == "JPEG"
    assert not source.alpha and not source.animated


def test_plan_lists_webp_then_jpeg_at_every_width_with_heights_in_proportion():
    source = probe(photo(1000, 500), "images/hall.jpg")
    plan = plan_renditions(source)
    assert [(r.format, r.width, r.height) for r in plan] == [
        ("webp", 320, 160),
        ("webp", 640, 320),
        ("webp", 960, 480),
        ("webp", 1000, 500),
        ("jpeg", 320, 160),
        ("jpeg", 640, 320),
        ("jpeg", 960, 480),
        ("jpeg", 1000, 500),
    ]
    key = plan[0].path.split(".")[-2]
    assert [r.path for r in plan[:2]] == [
        f"images/hall-320w.{key}.webp",
        f"images/hall-640w.{key}.webp",
    ]
    assert plan[4].path == f"images/hall-320w.{key}.jpg"
    assert len(key) == 8


def test_paths_change_with_the_picture_and_only_with_it():
    one, two = photo(800, 400), photo(800, 401)
    first = plan_renditions(probe(one, "images/a.jpg"))
    again = plan_renditions(probe(one, "images/a.jpg"))
    other = plan_renditions(probe(two, "images/a.jpg"))
    assert [r.path for r in first] == [r.path for r in again]
    assert {r.path for r in first}.isdisjoint(r.path for r in other)
    # a sub-folder is kept
    assert plan_renditions(probe(one, "images/team/a.jpg"))[0].path.startswith(
        "images/team/a-320w."
    )
    assert RECIPE  # part of the key: a change of settings changes every URL


def test_planning_needs_no_pixels():
    source = SourceImage("images/x.png", 1500, 1000, "PNG", "0" * 32, alpha=True)
    plan = plan_renditions(source)
    assert {r.format for r in plan} == {"webp", "png"}  # transparency: PNG, not JPEG
    assert max(r.width for r in plan) == 1500


# Rendering ----------------------------------------------------------------------------------


def test_renditions_decode_to_their_planned_sizes_and_formats():
    data = photo(2400, 1600)
    plan = plan_renditions(probe(data, "images/hall.jpg"))
    made = render_renditions(data, plan)
    for rendition, output in zip(plan, made, strict=True):
        image = decoded(output)
        assert image.size == (rendition.width, rendition.height)
        assert image.format == {"webp": "WEBP", "jpeg": "JPEG"}[rendition.format]
        assert image.mode == "RGB"
    assert max(r.width for r in plan) == 1920 == max(WIDTHS)


def test_a_small_picture_is_never_upscaled():
    data = photo(200, 150)
    plan = plan_renditions(probe(data, "images/small.jpg"))
    assert {(r.width, r.height) for r in plan} == {(200, 150)}
    assert all(decoded(out).size == (200, 150) for out in render_renditions(data, plan))


def test_webp_renditions_are_smaller_than_the_jpeg_ones():
    data = photo(1600, 1000)
    plan = plan_renditions(probe(data, "images/hall.jpg"))
    sizes = {
        (r.format, r.width): len(out)
        for r, out in zip(plan, render_renditions(data, plan), strict=True)
    }
    for width in (320, 640, 960, 1280):
        assert sizes["webp", width] < sizes["jpeg", width]


def test_exif_orientation_is_applied_and_metadata_dropped():
    data = (FIXTURES / "oriented.jpg").read_bytes()
    plan = plan_renditions(probe(data, "images/oriented.jpg"))
    for rendition, output in zip(plan, render_renditions(data, plan), strict=True):
        image = decoded(output).convert("RGB")
        assert image.size == (32, 64)
        top, bottom = image.getpixel((16, 8)), image.getpixel((16, 56))
        assert top[0] > 180 and top[2] < 80, "the stored left (red) is shown on top"
        assert bottom[2] > 180 and bottom[0] < 80
        info = decoded(output).info
        assert not info.get("exif") and "icc_profile" not in info and "comment" not in info, (
            rendition
        )
        assert b"Chapterhouse Test Camera" not in output
        assert b"private comment" not in output


def test_same_input_gives_the_same_bytes_one_by_one_or_together():
    data = photo(1300, 700)
    plan = plan_renditions(probe(data, "images/hall.jpg"))
    together = render_renditions(data, plan)
    assert together == render_renditions(data, plan)
    assert [render_rendition(data, r) for r in plan] == together


@pytest.mark.parametrize(
    ("fixture", "mode", "fallback"),
    [
        ("cmyk.jpg", "RGB", "jpeg"),
        ("palette-transparent.png", "RGBA", "png"),
        ("grey-alpha.png", "RGBA", "png"),
    ],
)
def test_cmyk_palette_and_grey_pictures_are_converted(fixture, mode, fallback):
    data = (FIXTURES / fixture).read_bytes()
    plan = plan_renditions(probe(data, f"images/{fixture}"))
    assert {r.format for r in plan} == {"webp", fallback}
    for rendition, output in zip(plan, render_renditions(data, plan), strict=True):
        image = decoded(output)
        assert image.mode == mode, rendition
    if fixture == "cmyk.jpg":
        red, green, blue = decoded(render_renditions(data, plan)[-1]).getpixel((20, 15))
        assert red < 60 and green > 150 and blue > 200, "cyan stays cyan"
    if fallback == "png":
        png = decoded(render_renditions(data, plan)[-1])
        assert png.getpixel((0, 0))[3] == 0, "transparency is kept"


def test_a_colour_profile_is_applied_then_dropped():
    # Mid-grey stored in linear light (the fixture's own ICC profile) is a lighter grey in sRGB.
    data = (FIXTURES / "linear-grey.png").read_bytes()
    assert decoded(data).info.get("icc_profile")
    plan = plan_renditions(probe(data, "images/linear-grey.png"))
    for output in render_renditions(data, plan):
        image = decoded(output)
        assert "icc_profile" not in image.info
        red, green, blue = image.convert("RGB").getpixel((8, 8))
        assert 185 <= red <= 191 and red == green == blue


def test_svg_and_animated_pictures_are_served_as_they_are():
    gif = probe(FIXTURES / "animated.gif", "images/animated.gif")
    svg = probe(FIXTURES / "logo.svg", "images/logo.svg")
    assert gif.animated and plan_renditions(gif) == []
    assert (svg.width, svg.height, svg.format) == (100, 100, "SVG") and plan_renditions(svg) == []
    shown = picture(svg, "Logo")
    assert shown.sources == () and shown.src == "/images/logo.svg" and shown.srcset == ""
    assert (shown.width, shown.height) == (100, 100)


# Refusals -----------------------------------------------------------------------------------


def test_a_decompression_bomb_is_refused_before_decoding():
    with pytest.raises(FieldError) as caught:
        probe(png_header(12_000, 9_000), "images/bomb.png")  # over Pillow's limit: a warning
    assert caught.value.message == (
        "the picture is 12000×9000 pixels (108 megapixels); at most 89 megapixels are processed"
    )
    assert caught.value.hint
    with pytest.raises(FieldError) as caught:
        probe(png_header(30_000, 30_000), "images/bomb.png")  # over twice the limit: an error
    assert caught.value.message.startswith("the picture has 900 megapixels; at most 89")


def test_the_pixel_limit_can_be_lowered():
    with pytest.raises(FieldError, match="at most 1 megapixels"):
        probe(photo(1200, 1000), "images/big.jpg", max_pixels=1_000_000)


def test_a_file_that_is_not_a_picture_is_a_field_error():
    with pytest.raises(FieldError, match="not a picture"):
        probe(FIXTURES / "not-a-picture.jpg", "images/not-a-picture.jpg")


# Templates ------------------------------------------------------------------------------------


def test_picture_gives_srcset_sizes_dimensions_and_lazy_loading():
    source = probe(photo(1400, 700), "images/hall.jpg")
    shown = picture(source, "The hall", link=lambda path: f"/meetup/{path}", sizes="50vw")
    (webp,) = shown.sources
    key = plan_renditions(source)[0].path.split(".")[-2]
    assert webp.type == "image/webp"
    assert webp.srcset == ", ".join(
        f"/meetup/images/hall-{w}w.{key}.webp {w}w" for w in (320, 640, 960, 1280, 1400)
    )
    assert shown.srcset == ", ".join(
        f"/meetup/images/hall-{w}w.{key}.jpg {w}w" for w in (320, 640, 960, 1280, 1400)
    )
    assert shown.src == f"/meetup/images/hall-960w.{key}.jpg"
    assert (shown.width, shown.height) == (1400, 700)
    assert (shown.sizes, shown.alt, shown.loading, shown.decoding) == (
        "50vw",
        "The hall",
        "lazy",
        "async",
    )
    assert shown.fetchpriority == ""


def test_the_main_picture_loads_at_once_with_high_priority():
    shown = picture(probe(photo(800, 600), "images/cover.jpg"), "", lazy=False)
    assert (shown.loading, shown.fetchpriority) == ("eager", "high")


@pytest.mark.parametrize(
    ("svg", "size"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 60"/>', (120, 60)),
        (b'<svg width="240px" height="120" viewBox="0 0 120 60"/>', (240, 120)),
        (b"<svg width='300' viewBox='0,0,120,60'/>", (300, 150)),
        (b'<?xml version="1.0"?>\n<svg\n  height="30"\n  viewBox="0 0 120 60">', (60, 30)),
    ],
)
def test_svg_size_comes_from_width_height_or_viewbox(svg, size):
    assert svg_size(svg) == size


def test_an_svg_without_size_is_a_field_error():
    with pytest.raises(FieldError, match="no size"):
        svg_size(b'<svg width="100%"/>')


def test_only_pictures_are_probed():
    assert is_picture("images/a.JPG") and is_picture("images/logo.svg") and is_picture("x.avif")
    assert not is_picture("images/flyer.pdf") and not is_picture("favicon.ico")
