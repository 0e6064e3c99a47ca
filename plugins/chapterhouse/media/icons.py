"""The site's favicon and touch icons, from its logo or, without one, a monogram.

Files (names as browsers and the web manifest expect them, at the site root):

* ``favicon.ico``: 16, 32 and 48 pixels;
* ``apple-touch-icon.png``: 180 × 180, opaque (iOS fills transparency with black);
* ``icon-192.png`` and ``icon-512.png``: for the web manifest (:meth:`IconSet.manifest_icons`).

A raster logo is read with Pillow; an SVG logo is rasterised with resvg
(``resvg-py``: a Rust renderer in a wheel, no system library, never loads
anything from the network), with the theme's Noto Sans as its only font, so the
icons are the same on every machine. A logo that is not square is centred on a
square. Without a logo, the site's initials are drawn on the accent colour with
the theme's font. The same inputs give the same bytes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image, ImageDraw

from chapterhouse.core.problems import FieldError
from chapterhouse.media.contrast import parse_color, text_on
from chapterhouse.media.images import decode
from chapterhouse.media.text import THEME_FONTS, FontSet, theme_faces

FAVICON_SIZES = (16, 32, 48)
TOUCH_SIZE = 180
MANIFEST_SIZES = (192, 512)
#: Share of the square left around a logo on the opaque touch icon.
TOUCH_MARGIN = 0.12
#: What an SVG logo may reference: its own elements (``#id``) and embedded pictures only.
_SVG_REFERENCE = re.compile(rb"""(?:href|src)\s*=\s*["']\s*(?!#|data:image/)([^"']*)""", re.I)


@dataclass(frozen=True)
class IconSet:
    """The icon files, by file name (``favicon.ico`` → bytes)."""

    files: dict[str, bytes]

    def manifest_icons(self, link: Callable[[str], str] = lambda path: "/" + path) -> list[dict]:
        """The ``icons`` member of a web manifest (``site.webmanifest``)."""
        return manifest_icons(link)


def manifest_icons(link: Callable[[str], str] = lambda path: "/" + path) -> list[dict]:
    """The ``icons`` member of a web manifest: the PNGs of every icon set, by ``link(name)``."""
    return [
        {"src": link(f"icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
        for size in MANIFEST_SIZES
    ]


def icons_from_logo(
    data: bytes, name: str, background: str = "#ffffff", font_dir: Path | None = None
) -> IconSet:
    """Icons from a logo file.

    Args:
        data: The logo's bytes (SVG, PNG, JPEG, WebP…).
        name: Its file name (``images/logo.svg``): the suffix tells SVG apart.
        background: Colour behind the logo on the opaque touch icon.
        font_dir: Where the theme's fonts are (for text in an SVG logo).

    Raises:
        FieldError: When the logo cannot be read, or an SVG logo references a file
            or another host.
    """
    if PurePosixPath(name).suffix.lower() == ".svg":
        master = rasterize_svg(data, 512, font_dir)
    else:
        master = decode(data).convert("RGBA")
    return _icon_set(master, parse_color(background))


def monogram_icons(site_name: str, color: str, font_dir: Path | None = None) -> IconSet:
    """Icons showing the site's initials (at most two) on ``color``.

    Args:
        site_name: The site's name (``Python Toulouse`` → ``PT``).
        color: The accent colour, ``#rrggbb``; the letters are white or near-black,
            whichever reads better on it.
        font_dir: Where the theme's fonts are.

    Raises:
        FieldError: When ``color`` is not a colour.
    """
    return _icon_set(monogram(site_name, color, 512, font_dir), parse_color(color))


def initials(site_name: str) -> str:
    """Up to two initials: the first letters of the first two words (``Python Toulouse`` → PT)."""
    words = [word for word in re.split(r"[\s\-_/·.]+", site_name) if word]
    letters = [next((c for c in word if c.isalnum()), "") for word in words]
    letters = [c for c in letters if c]
    return "".join(letters[:2]).upper() or "·"


def monogram(
    site_name: str, color: str, size: int = 512, font_dir: Path | None = None
) -> Image.Image:
    """A square RGBA picture of the site's initials on a rounded square of ``color``."""
    rgb = parse_color(color)
    ink = parse_color(text_on(rgb))
    scale = 2  # drawn larger and reduced, for smooth edges
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=round(big * 0.18), fill=rgb)
    fonts = FontSet(theme_faces("Bold", font_dir=font_dir or THEME_FONTS))
    letters = initials(site_name)
    block = fonts.fit(letters, big * 0.72, 1, [round(big * s / 100) for s in range(56, 19, -4)])
    if block.lines:
        line = block.lines[0]
        font = fonts.font(line.runs[0].face, block.size)
        top, bottom = _ink_extent(font, line.text)
        baseline = (big - (bottom - top)) / 2 - top
        fonts.draw_line(draw, line, ((big - line.width) / 2, baseline), block.size, ink)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def rasterize_svg(data: bytes, size: int, font_dir: Path | None = None) -> Image.Image:
    """An SVG drawn to fit a ``size`` × ``size`` square (RGBA, transparent around it).

    Text in the SVG is drawn with the theme's Noto Sans only (no system font), so the
    result does not depend on the machine.

    Raises:
        FieldError: When the SVG cannot be drawn or references a file or another host.
    """
    import resvg_py  # here: only SVG logos need it

    reference = _SVG_REFERENCE.search(data)
    if reference:
        raise FieldError(
            f"the SVG logo references {reference.group(1).decode(errors='replace')!r}",
            "embed pictures in the SVG (data: URLs) or export it as a plain drawing",
        )
    fonts = font_dir or THEME_FONTS
    font_files = [str(path) for path in sorted(Path(fonts).glob("*.ttf"))]
    try:
        text = data.decode("utf-8")
        # Render large enough for either side to reach ``size``, then fit.
        png = resvg_py.svg_to_bytes(
            svg_string=text,
            width=size * 2,
            skip_system_fonts=True,
            font_files=font_files,
            font_family="Noto Sans",
            sans_serif_family="Noto Sans",
            serif_family="Noto Sans",
            monospace_family="Noto Sans",
        )
        drawn = Image.open(io.BytesIO(bytes(png))).convert("RGBA")
    except (UnicodeDecodeError, ValueError, OSError) as error:
        raise FieldError(
            f"the SVG logo cannot be drawn ({error})".replace("\n", " "),
            "open it in a browser to check it, or use a PNG logo",
        ) from error
    return _fit_square(drawn, size)


def _icon_set(master: Image.Image, background: tuple[int, int, int]) -> IconSet:
    square = _fit_square(master, 512)
    files: dict[str, bytes] = {}
    ico = io.BytesIO()
    largest = _fit_square(square, max(FAVICON_SIZES))
    largest.save(ico, "ICO", sizes=[(s, s) for s in FAVICON_SIZES])
    files["favicon.ico"] = ico.getvalue()
    touch = Image.new("RGB", (TOUCH_SIZE, TOUCH_SIZE), background)
    inner = round(TOUCH_SIZE * (1 - 2 * TOUCH_MARGIN))
    logo = _fit_square(square, inner)
    offset = (TOUCH_SIZE - inner) // 2
    touch.paste(logo, (offset, offset), logo)
    files["apple-touch-icon.png"] = _png(touch)
    for size in MANIFEST_SIZES:
        files[f"icon-{size}.png"] = _png(_fit_square(square, size))
    return IconSet(files)


def _fit_square(image: Image.Image, size: int) -> Image.Image:
    """``image`` scaled to fit ``size`` × ``size``, centred on a transparent square."""
    image = image.convert("RGBA")
    box = image.getchannel("A").getbbox()
    if box and box != (0, 0, *image.size) and image.width != image.height:
        image = image.crop(box)  # a wide logo's transparent margins would waste the square
    ratio = size / max(image.size)
    scaled = image.resize(
        (max(1, round(image.width * ratio)), max(1, round(image.height * ratio))),
        Image.Resampling.LANCZOS,
    )
    square = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    square.paste(scaled, ((size - scaled.width) // 2, (size - scaled.height) // 2))
    return square


def _ink_extent(font, text: str) -> tuple[float, float]:
    """Top and bottom of the text's ink relative to its baseline."""
    _, top, _, bottom = font.getbbox(text, anchor="ls")
    return top, bottom


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
