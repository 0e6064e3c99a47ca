"""Colour contrast as WCAG 2.2 measures it, and a text-safe variant of an accent colour.

A chapter's colour is used for links, buttons and covers in both the light and
the dark scheme. :func:`check_accent` says whether it can be read as text on
either background (4.5:1, success criterion 1.4.3) and, when it cannot, gives
the closest colour of the same hue that can. Pure functions, no Pelican.
"""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass

from chapterhouse.core.problems import FieldError, quote

#: Contrast for normal text (WCAG 1.4.3, level AA).
AA_TEXT = 4.5
#: Contrast for large text and for graphics such as map markers (1.4.3 and 1.4.11).
AA_LARGE = 3.0
#: The theme's backgrounds (``--bg`` in ``theme/static/css/main.css``).
LIGHT_BACKGROUND = "#ffffff"
DARK_BACKGROUND = "#15171b"
#: Text on an accent-coloured surface: the darker or the lighter of these.
DARK_TEXT = "#1b1d21"
LIGHT_TEXT = "#ffffff"

RGB = tuple[int, int, int]
_HEX = re.compile(r"#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def parse_color(value: str) -> RGB:
    """``(r, g, b)`` from ``#rgb`` or ``#rrggbb`` (the ``#`` may be left out).

    Raises:
        FieldError: When the value is not such a colour.
    """
    match = _HEX.fullmatch(value.strip()) if isinstance(value, str) else None
    if not match:
        raise FieldError(f"{quote(value)} is not a colour", "write it as #rrggbb, like #1f5fbf")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))


def to_hex(color: RGB) -> str:
    """``#rrggbb`` in lower case."""
    return "#{:02x}{:02x}{:02x}".format(*color)


def relative_luminance(color: RGB | str) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""
    r, g, b = parse_color(color) if isinstance(color, str) else color
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast_ratio(first: RGB | str, second: RGB | str) -> float:
    """WCAG contrast ratio of two colours, 1 to 21, in either order."""
    a, b = relative_luminance(first), relative_luminance(second)
    light, dark = max(a, b), min(a, b)
    return (light + 0.05) / (dark + 0.05)


def text_on(background: RGB | str, dark: str = DARK_TEXT, light: str = LIGHT_TEXT) -> str:
    """The one of ``dark`` and ``light`` that reads better on ``background``."""
    if contrast_ratio(background, dark) >= contrast_ratio(background, light):
        return dark
    return light


def adjust_for(color: RGB | str, background: RGB | str, minimum: float = AA_TEXT) -> str:
    """The colour closest to ``color`` in lightness, same hue and saturation, reaching ``minimum``.

    Darkens on a light background and lightens on a dark one; returns the colour
    unchanged when it already passes. The search is a bisection on the HLS
    lightness, so the result is deterministic.
    """
    rgb = parse_color(color) if isinstance(color, str) else color
    if contrast_ratio(rgb, background) >= minimum:
        return to_hex(rgb)
    hue, lightness, saturation = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
    darken = relative_luminance(background) > 0.5
    # Bisect between the colour's lightness and the extreme (0 or 1), which always passes
    # for the theme's backgrounds; keep the passing end.
    failing, passing = lightness, 0.0 if darken else 1.0
    for _ in range(24):
        middle = (failing + passing) / 2
        if contrast_ratio(_from_hls(hue, middle, saturation), background) >= minimum:
            passing = middle
        else:
            failing = middle
    return to_hex(_from_hls(hue, passing, saturation))


@dataclass(frozen=True)
class AccentCheck:
    """What :func:`check_accent` found.

    Attributes:
        color: The colour checked, as ``#rrggbb``.
        on_light: Contrast of the colour on the light background.
        on_dark: Contrast on the dark background.
        light_text: A variant readable as text on the light background (the colour
            itself when it passes).
        dark_text: A variant readable as text on the dark background.
        on_accent: Text colour for labels on an accent-coloured surface
            (``DARK_TEXT`` or ``LIGHT_TEXT``).
        problems: Sentences for organizers, empty when the colour passes everywhere.
    """

    color: str
    on_light: float
    on_dark: float
    light_text: str
    dark_text: str
    on_accent: str
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """The colour itself is readable as text in both schemes."""
        return not self.problems


def check_accent(
    color: RGB | str,
    light_background: str = LIGHT_BACKGROUND,
    dark_background: str = DARK_BACKGROUND,
    minimum: float = AA_TEXT,
) -> AccentCheck:
    """Check an accent colour as link text in the light and dark schemes.

    Args:
        color: ``#rrggbb`` or an ``(r, g, b)`` tuple.
        light_background: The light scheme's page background.
        dark_background: The dark scheme's page background.
        minimum: Contrast required (4.5 for text, 3 for large text and graphics).

    Returns:
        The ratios, a text-safe variant for each scheme and the problems found.

    Raises:
        FieldError: When ``color`` is not a colour.
    """
    rgb = parse_color(color) if isinstance(color, str) else color
    on_light = contrast_ratio(rgb, light_background)
    on_dark = contrast_ratio(rgb, dark_background)
    light_text = adjust_for(rgb, light_background, minimum)
    dark_text = adjust_for(rgb, dark_background, minimum)
    problems = []
    for ratio, background, variant, scheme in (
        (on_light, light_background, light_text, "light"),
        (on_dark, dark_background, dark_text, "dark"),
    ):
        if ratio < minimum:
            problems.append(
                f"{to_hex(rgb)} on {background} ({scheme} scheme) has a contrast of "
                f"{ratio:.2f}:1, below {minimum:g}:1; {variant} is used for text instead"
            )
    return AccentCheck(
        to_hex(rgb),
        on_light,
        on_dark,
        light_text,
        dark_text,
        text_on(rgb),
        tuple(problems),
    )


def mix(color: RGB | str, other: RGB | str, amount: float) -> str:
    """``color`` moved ``amount`` (0 to 1) of the way to ``other``, as ``#rrggbb``."""
    a = parse_color(color) if isinstance(color, str) else color
    b = parse_color(other) if isinstance(other, str) else other
    return to_hex(tuple(round(x + (y - x) * amount) for x, y in zip(a, b, strict=True)))


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def _from_hls(hue: float, lightness: float, saturation: float) -> RGB:
    r, g, b = colorsys.hls_to_rgb(hue, lightness, saturation)
    return (round(r * 255), round(g * 255), round(b * 255))
