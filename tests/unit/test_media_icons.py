"""Favicon and touch icons: the sizes browsers ask for, from a logo (SVG or raster) or a monogram."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from chapterhouse.core.problems import FieldError
from chapterhouse.media.contrast import AA_LARGE, contrast_ratio
from chapterhouse.media.icons import icons_from_logo, initials, monogram_icons

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "media"
FILES = {"favicon.ico", "apple-touch-icon.png", "icon-192.png", "icon-512.png"}


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def assert_icon_files(icons) -> None:
    assert set(icons.files) == FILES
    ico = opened(icons.files["favicon.ico"])
    assert ico.format == "ICO"
    assert ico.info["sizes"] == {(16, 16), (32, 32), (48, 48)}
    touch = opened(icons.files["apple-touch-icon.png"])
    assert (touch.format, touch.size, touch.mode) == ("PNG", (180, 180), "RGB")  # opaque
    for size in (192, 512):
        image = opened(icons.files[f"icon-{size}.png"])
        assert (image.format, image.size) == ("PNG", (size, size))


def test_an_svg_logo_is_drawn_at_every_size():
    icons = icons_from_logo((FIXTURES / "logo.svg").read_bytes(), "images/logo.svg")
    assert_icon_files(icons)
    large = opened(icons.files["icon-512.png"]).convert("RGB")
    assert large.getpixel((20, 256)) == (15, 118, 110)  # the logo's #0f766e square
    assert large.getpixel((256, 215)) == (255, 255, 255)  # its white disc
    text_row = large.crop((200, 400, 312, 470)).convert("L")
    assert text_row.getextrema()[1] > 200, "its text is drawn with the theme's font"


def test_an_svg_logo_is_the_same_bytes_every_time():
    data = (FIXTURES / "logo.svg").read_bytes()
    assert icons_from_logo(data, "logo.svg").files == icons_from_logo(data, "logo.svg").files


def test_an_svg_logo_may_not_load_files_or_other_hosts():
    with pytest.raises(FieldError, match=r"references '/etc/hosts\.png'"):
        icons_from_logo((FIXTURES / "logo-external.svg").read_bytes(), "images/logo.svg")


def test_a_wide_raster_logo_is_centred_on_a_square_and_the_touch_icon_filled():
    logo = Image.new("RGBA", (400, 100), (0, 0, 0, 0))
    ImageDraw.Draw(logo).rectangle((0, 0, 399, 99), fill=(200, 30, 30, 255))
    out = io.BytesIO()
    logo.save(out, "PNG")
    icons = icons_from_logo(out.getvalue(), "images/logo.png", background="#123456")
    assert_icon_files(icons)
    large = opened(icons.files["icon-512.png"])
    assert large.getpixel((256, 256)) == (200, 30, 30, 255)
    assert large.getpixel((256, 10))[3] == 0  # transparent above the wide logo
    touch = opened(icons.files["apple-touch-icon.png"])
    assert touch.getpixel((5, 5)) == (0x12, 0x34, 0x56)
    assert touch.getpixel((90, 90)) == (200, 30, 30)


def test_without_a_logo_the_initials_are_drawn_on_the_accent():
    icons = monogram_icons("Python Toulouse", "#c2410c")
    assert_icon_files(icons)
    large = opened(icons.files["icon-512.png"]).convert("RGBA")
    assert large.getpixel((256, 40)) == (0xC2, 0x41, 0x0C, 255)
    colours = {colour[:3] for _, colour in large.getcolors(512 * 512) if colour[3] == 255}
    assert (255, 255, 255) in colours, "white letters"
    assert contrast_ratio("#c2410c", "#ffffff") >= AA_LARGE
    assert icons.files == monogram_icons("Python Toulouse", "#c2410c").files


@pytest.mark.parametrize(
    ("name", "letters"),
    [
        ("Python Toulouse", "PT"),
        ("Chapterhouse", "C"),
        ("python-paris meetups", "PP"),
        ("Élan numérique", "ÉN"),
        ("  ", "·"),
    ],
)
def test_initials(name, letters):
    assert initials(name) == letters


def test_manifest_icons_list_the_pngs():
    icons = monogram_icons("X", "#1f5fbf")
    assert icons.manifest_icons(lambda path: f"/meetup/{path}") == [
        {"src": "/meetup/icon-192.png", "sizes": "192x192", "type": "image/png"},
        {"src": "/meetup/icon-512.png", "sizes": "512x512", "type": "image/png"},
    ]
