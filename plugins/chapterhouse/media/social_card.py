"""The picture shown when an event is shared (``og:image``, ``twitter:image``).

A 1200 × 630 PNG: the chapter's name, the event's title (wrapped, shrunk to
fit, at most three lines, cut with an ellipsis past that), the date line the
caller formatted in the event's language, and the site's name, over the
event's cover picture (cropped to fill and darkened) or, without one, the
chapter's generated pattern (:mod:`.pattern`).

Text is white on the darkened picture: whatever the picture, every pixel under
it is dark enough for a contrast of at least 4.5:1. On a pattern, the text is
white or near-black, whichever reads better on the chapter's colour, and the
colour is darkened (or lightened) until the contrast reaches 4.5:1.

Fonts: the theme's Noto Sans, with Debian's Noto fonts for other scripts
(:mod:`.text`); a character no font has is left out, never drawn as a box,
and listed in :attr:`SocialCard.missing`. The same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps

from chapterhouse.media.contrast import AA_TEXT, adjust_for, parse_color, text_on
from chapterhouse.media.images import decode
from chapterhouse.media.pattern import cover_pattern
from chapterhouse.media.text import FontSet, Line, TextBlock, theme_faces

WIDTH, HEIGHT = 1200, 630
PADDING_X, PADDING_Y = 72, 60
TITLE_SIZES = tuple(range(76, 43, -4))
TITLE_LINES = 3
CHAPTER_SIZES = (36, 32, 28)
WHEN_SIZES = (34, 30, 26)
SITE_SIZES = (26, 24, 22)
#: Black laid over a cover picture at this opacity: a white pixel becomes #727272,
#: whose contrast with white text is 4.8:1.
SCRIM = 0.55
BAND = 14  # the chapter's colour along the bottom edge
WHITE = "#ffffff"
#: Changes whenever the card for given inputs changes (bump it).
RECIPE = "2"


@dataclass(frozen=True)
class CardSpec:
    """What a card shows.

    Attributes:
        title: The event's title.
        when: The date (and time) line, already formatted in the event's language.
        chapter: The chapter's name.
        color: The chapter's colour (``#rrggbb``): the band, and the pattern without cover.
        seed: The pattern's seed (the chapter's slug).
        site: The site's name, shown small at the bottom right (``""`` for none).
        lang: The event's language (BCP 47): picks the CJK face and guides shaping.
    """

    title: str
    when: str
    chapter: str
    color: str
    seed: str
    site: str = ""
    lang: str = ""

    def key(self, cover: bytes | None = None) -> str:
        """A fingerprint of the card: equal keys, equal bytes (with the same fonts and Pillow)."""
        hasher = hashlib.blake2b(digest_size=16)
        for part in (RECIPE, *self.__dict__.values()):
            hasher.update(str(part).encode() + b"\0")
        hasher.update(cover or b"")
        return hasher.hexdigest()


@dataclass(frozen=True)
class SocialCard:
    """A rendered card.

    Attributes:
        png: The PNG file's bytes.
        missing: Characters of the texts that no installed font has (left out).
        lines: Every line drawn (chapter, title lines, date, site), for checks.
        title: The title as fitted (its size, whether it was cut).
        text_color: The colour of the text.
    """

    png: bytes
    missing: str
    lines: tuple[Line, ...]
    title: TextBlock
    text_color: str


@dataclass
class CardFonts:
    """The two weights used on cards, each with its fallbacks.

    Args:
        lang: The text's language (BCP 47).
        font_dir: Where the theme's fonts are (default: the theme's ``static/fonts``).
    """

    lang: str = ""
    font_dir: Path | None = None
    bold: FontSet = field(init=False)
    regular: FontSet = field(init=False)
    #: Patterns already drawn, by (colour, seed): a chapter's events share one.
    patterns: dict[tuple[str, str], Image.Image] = field(init=False, default_factory=dict)
    #: Covers already fitted and darkened, by their bytes' digest: a banner serves many events.
    covers: dict[str, Image.Image] = field(init=False, default_factory=dict)
    #: The 256 colours of a pattern's cards, by (background, seed, text, band).
    palettes: dict[tuple[str, str, str, str], Image.Image] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.bold = FontSet(theme_faces("Bold", self.lang, self.font_dir), self.lang)
        self.regular = FontSet(theme_faces("Regular", self.lang, self.font_dir), self.lang)

    def pattern(self, color: str, seed: str, text: str) -> Image.Image:
        """The chapter's pattern as a card's background (a copy to draw on)."""
        key = (color, seed)
        drawn = self.patterns.get(key)
        if drawn is None:
            drawn = self.patterns[key] = cover_pattern(color, seed, WIDTH, HEIGHT, text=text).draw()
        return drawn.copy()

    def palette(self, background: str, seed: str, text: str, band: str) -> Image.Image:
        """The 256 colours every card on this pattern is reduced to.

        A card on a pattern holds the pattern's colours, the band's and the text's, and
        the text's edges blended over each of them: the same whatever the words. So the
        palette is made once, from a sample card (the pattern, the band and rows of
        text over all of it), and each card is mapped onto it, which is three times
        faster than finding a palette per card, and depends on the inputs alone.
        """
        key = (background, seed, text, band)
        found = self.palettes.get(key)
        if found is None:
            sample = self.pattern(background, seed, text)
            draw = ImageDraw.Draw(sample)
            draw.rectangle((0, HEIGHT - BAND, WIDTH, HEIGHT), fill=parse_color(band))
            fill = parse_color(text)
            faces = (self.bold, self.regular)
            for row, top in enumerate(range(40, HEIGHT, 46)):
                fonts = faces[row % 2]
                line = fonts.line("Quartz Wafle jinx Bgy 0123 ÉÀ — " * 3, TITLE_SIZES[-1])
                fonts.draw_line(draw, line, (8 - (row * 13) % 40, top), TITLE_SIZES[-1], fill)
            found = self.palettes[key] = sample.quantize(256, method=Image.Quantize.FASTOCTREE)
        return found

    def cover(self, data: bytes) -> Image.Image:
        """A cover picture fitted to the card and darkened (a copy to draw on)."""
        key = hashlib.sha256(data).hexdigest()
        fitted = self.covers.get(key)
        if fitted is None:
            fitted = self.covers[key] = _cover_background(data)
        return fitted.copy()


def render_card(
    spec: CardSpec, cover: bytes | None = None, fonts: CardFonts | None = None
) -> SocialCard:
    """Draw the card of ``spec``.

    Args:
        spec: The texts and colours.
        cover: The cover picture's bytes (any format :mod:`.images` reads), or None
            for the chapter's pattern.
        fonts: Fonts to use (default: :class:`CardFonts` for ``spec.lang``); pass
            one per language to reuse what it loaded across cards.

    Raises:
        FieldError: When the colour is not a colour or the cover cannot be decoded.
    """
    fonts = fonts or CardFonts(spec.lang)
    palette = None
    if cover is not None:
        image = fonts.cover(cover)
        text = WHITE
    else:
        text = text_on(spec.color)
        background = adjust_for(spec.color, text, AA_TEXT)  # unchanged when it passes
        image = fonts.pattern(background, spec.seed, text)
        palette = fonts.palette(background, spec.seed, text, spec.color)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, HEIGHT - BAND, WIDTH, HEIGHT), fill=parse_color(spec.color))

    width = WIDTH - 2 * PADDING_X
    fill = parse_color(text)
    chapter = fonts.bold.fit(spec.chapter, width, 1, CHAPTER_SIZES)
    when = fonts.regular.fit(spec.when, width * 0.72 if spec.site else width, 1, WHEN_SIZES)
    site = fonts.regular.fit(spec.site, width * 0.26, 1, SITE_SIZES) if spec.site else None
    title = fonts.bold.fit(spec.title, width, TITLE_LINES, TITLE_SIZES)

    top = PADDING_Y + chapter.size
    bottom = HEIGHT - BAND - PADDING_Y
    drawn: list[Line] = []
    _draw_block(fonts.bold, draw, chapter, top, fill, drawn)
    _draw_block(fonts.regular, draw, when, bottom, fill, drawn)
    if site is not None and site.lines:
        line = site.lines[0]
        # On the side the date line leaves free.
        left_side = bool(when.lines) and when.lines[0].rtl
        x = PADDING_X if left_side else WIDTH - PADDING_X - line.width
        fonts.regular.draw_line(draw, line, (x, bottom), site.size, fill)
        drawn.append(line)

    # The title, centred in the space between the chapter and the date lines.
    leading = round(title.size * 1.18)
    block = leading * (len(title.lines) - 1) + title.size
    space_top, space_bottom = top + 28, bottom - when.size - 28
    first = space_top + max(0, (space_bottom - space_top - block) // 2) + round(title.size * 0.9)
    for index, line in enumerate(title.lines):
        baseline = first + index * leading
        _draw_line(fonts.bold, draw, line, baseline, title.size, fill)
        drawn.append(line)

    out = io.BytesIO()
    if palette is not None:
        # Flat colours and the text's edges: 256 colours hold them exactly enough, and the
        # file is half the size and made in half the time of a full-colour one.
        image = image.quantize(palette=palette, dither=Image.Dither.NONE)
        image.save(out, "PNG", compress_level=3)
    else:  # a photo would band in 256 colours
        image.save(out, "PNG", compress_level=1)
    missing = "".join(dict.fromkeys(chapter.missing + title.missing + when.missing))
    if site is not None:
        missing = "".join(dict.fromkeys(missing + site.missing))
    return SocialCard(out.getvalue(), missing, tuple(drawn), title, text)


def _cover_background(data: bytes) -> Image.Image:
    """The cover cropped to fill the card, darkened under the text."""
    picture = decode(data)
    if picture.mode == "RGBA":
        flat = Image.new("RGB", picture.size, (0, 0, 0))
        flat.paste(picture, mask=picture.getchannel("A"))
        picture = flat
    fitted = ImageOps.fit(picture, (WIDTH, HEIGHT), Image.Resampling.LANCZOS, centering=(0.5, 0.4))
    return Image.blend(fitted, Image.new("RGB", (WIDTH, HEIGHT), (0, 0, 0)), SCRIM)


def _draw_block(
    fonts: FontSet,
    draw: ImageDraw.ImageDraw,
    block: TextBlock,
    baseline: int,
    fill: tuple[int, int, int],
    drawn: list[Line],
) -> None:
    for line in block.lines[:1]:
        _draw_line(fonts, draw, line, baseline, block.size, fill)
        drawn.append(line)


def _draw_line(
    fonts: FontSet,
    draw: ImageDraw.ImageDraw,
    line: Line,
    baseline: int,
    size: int,
    fill: tuple[int, int, int],
) -> None:
    """Left-aligned, or right-aligned for a right-to-left line."""
    x = WIDTH - PADDING_X - line.width if line.rtl else PADDING_X
    fonts.draw_line(draw, line, (x, baseline), size, fill)
