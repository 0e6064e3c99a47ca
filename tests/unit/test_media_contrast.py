"""WCAG contrast: known ratios, the theme's own colours, and text-safe variants of an accent."""

from __future__ import annotations

import colorsys
import re
from pathlib import Path

import pytest

from chapterhouse.core.problems import FieldError
from chapterhouse.media.contrast import (
    AA_TEXT,
    DARK_BACKGROUND,
    LIGHT_BACKGROUND,
    adjust_for,
    check_accent,
    contrast_ratio,
    parse_color,
    relative_luminance,
    text_on,
)

CSS = Path(__file__).resolve().parents[2] / "theme" / "static" / "css" / "main.css"


@pytest.mark.parametrize(
    ("first", "second", "ratio"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#777777", "#ffffff", 4.48),  # the classic "just fails AA" grey
        ("#767676", "#ffffff", 4.54),  # …and the one that passes
        ("#ff0000", "#ffffff", 4.0),
        ("#0000ff", "#ffffff", 8.59),
        ("#ffff00", "#000000", 19.56),
    ],
)
def test_known_contrast_ratios(first, second, ratio):
    assert contrast_ratio(first, second) == pytest.approx(ratio, abs=0.01)
    assert contrast_ratio(second, first) == pytest.approx(ratio, abs=0.01)


def test_luminance_of_black_white_and_short_forms():
    assert relative_luminance("#000") == 0
    assert relative_luminance("fff") == 1
    assert parse_color("#1F5FBF") == (31, 95, 191)


@pytest.mark.parametrize("bad", ["blue", "#12", "#1234567", "", "rgb(1,2,3)", None])
def test_what_is_not_a_colour_is_a_field_error(bad):
    with pytest.raises(FieldError, match="not a colour"):
        parse_color(bad)


def test_the_themes_accents_pass_in_both_schemes():
    css = CSS.read_text(encoding="utf-8")
    light, dark = re.findall(r"--accent:\s*(#[0-9a-f]{6})", css)
    light_text, dark_text = re.findall(r"--accent-text:\s*(#[0-9a-f]{6})", css)
    assert contrast_ratio(light, LIGHT_BACKGROUND) >= AA_TEXT
    assert contrast_ratio(dark, DARK_BACKGROUND) >= AA_TEXT
    assert contrast_ratio(light, light_text) >= AA_TEXT
    assert contrast_ratio(dark, dark_text) >= AA_TEXT
    assert check_accent(light).on_light >= AA_TEXT


def test_a_pale_accent_is_reported_and_darkened_for_the_light_scheme():
    check = check_accent("#fde68a")  # a pale yellow
    assert not check.ok
    assert len(check.problems) == 1 and "light scheme" in check.problems[0]
    assert "1.2" in check.problems[0] and check.light_text in check.problems[0]
    assert contrast_ratio(check.light_text, LIGHT_BACKGROUND) >= AA_TEXT
    assert check.dark_text == "#fde68a"  # already fine on the dark background
    assert check.on_accent == "#1b1d21"  # dark letters on a yellow button


def test_a_dark_accent_is_lightened_for_the_dark_scheme():
    check = check_accent("#1e3a8a")
    assert check.light_text == "#1e3a8a"
    assert contrast_ratio(check.dark_text, DARK_BACKGROUND) >= AA_TEXT
    assert check.on_accent == "#ffffff"


def test_the_adjusted_colour_keeps_its_hue_and_is_the_closest_that_passes():
    adjusted = adjust_for("#22c55e", LIGHT_BACKGROUND)
    hue = colorsys.rgb_to_hls(*(c / 255 for c in parse_color("#22c55e")))[0]
    new_hue, lightness, _ = colorsys.rgb_to_hls(*(c / 255 for c in parse_color(adjusted)))
    assert new_hue == pytest.approx(hue, abs=0.01)
    assert contrast_ratio(adjusted, LIGHT_BACKGROUND) >= AA_TEXT
    # One step lighter would fail: it is the closest passing shade.
    lighter = colorsys.hls_to_rgb(
        new_hue, lightness + 0.01, colorsys.rgb_to_hls(*(c / 255 for c in parse_color(adjusted)))[2]
    )
    assert contrast_ratio(tuple(round(c * 255) for c in lighter), LIGHT_BACKGROUND) < AA_TEXT


def test_graphics_need_only_three_to_one():
    assert check_accent("#e11d48", minimum=3).ok
    assert not check_accent("#e11d48").ok or contrast_ratio("#e11d48", DARK_BACKGROUND) >= AA_TEXT


def test_text_on_picks_the_better_of_dark_and_light():
    assert text_on("#ffffff") == "#1b1d21"
    assert text_on("#000000") == "#ffffff"
    assert text_on("#c2410c") == "#ffffff"
    assert text_on("#fde68a") == "#1b1d21"
