"""Badges and attendance sheets as HTML and CSS, printed to PDF by WeasyPrint.

WeasyPrint lays text out with Pango and HarfBuzz: Arabic is shaped and set
right to left, and each character is drawn with the first family of
:data:`chapterhouse.badges.fonts.FAMILIES` that has it (found by fontconfig).
The page positions come from :mod:`.layout`, so that the crop marks and badges
are where the layout says, to a hundredth of a millimetre. Nothing is fetched:
the only resource, the logo, is written into the page as a ``data:`` URL, and
WeasyPrint is allowed no other protocol.
"""

from __future__ import annotations

import base64
import html
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from chapterhouse.badges.csvread import Attendee
from chapterhouse.badges.fonts import FAMILIES, FontStack
from chapterhouse.badges.layout import Box, Fitted, Sheet, chunks, fit_text

#: Crop mark thickness, in millimetres (0.25 pt).
MARK_WIDTH = 0.0882
#: The coloured band at the top of a badge: its height as a share of the badge's.
BAND_SHARE = 0.26
#: Padding inside a badge, in millimetres.
PADDING = 4.0
#: Largest and smallest size of a name, and of the other lines, in points per millimetre of
#: badge height (a 55 mm badge: 26 pt names, 10 pt lines).
NAME_LARGEST, NAME_SMALLEST = 0.48, 0.17
LINE_LARGEST, LINE_SMALLEST = 0.19, 0.11
#: Share of a line's width a text is fitted to: Pango's kerning and hinting differ from the sum
#: of the advances by a few per cent.
SAFETY = 0.95
_MIME = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
         ".jpeg": "image/jpeg", ".webp": "image/webp", ".gif": "image/gif"}  # fmt: skip


@dataclass(frozen=True)
class Branding:
    """What every badge shows besides the attendee: the event and the chapter's identity.

    Attributes:
        title: The event's title.
        subtitle: The chapter and the date.
        color: The band's colour (the chapter's ``color``, else the site's accent).
        text_color: The band's text colour, readable on ``color``.
        logo: The logo's bytes (``b""``: none).
        logo_name: Its file name (the suffix gives its type).
        lang: The event's language (``lang`` of the documents).
    """

    title: str
    subtitle: str
    color: str
    text_color: str
    logo: bytes = b""
    logo_name: str = ""
    lang: str = "en"


@dataclass(frozen=True)
class BadgeText:
    """One badge's text, fitted: the name, then the other columns."""

    row: int
    name: Fitted
    lines: tuple[Fitted, ...]


def fit_badges(
    attendees: Sequence[Attendee],
    columns: Sequence[str],
    sheet: Sheet,
    bold: FontStack,
    regular: FontStack,
) -> list[BadgeText]:
    """Each attendee's text at the largest size that fits a badge of ``sheet``."""
    badge = sheet.badge
    width = (badge.width - 2 * PADDING) * SAFETY
    others = list(columns[1:])
    line_largest, line_smallest = badge.height * LINE_LARGEST, badge.height * LINE_SMALLEST
    lines_height = len(others) * line_largest * 1.3 / 72 * 25.4
    name_height = badge.height * (1 - BAND_SHARE) - 2 * PADDING - lines_height
    fitted = []
    for person in attendees:
        values = person.lines(columns)
        name = fit_text(
            values[0],
            width,
            name_height,
            bold.measure,
            badge.height * NAME_LARGEST,
            badge.height * NAME_SMALLEST,
        )
        lines = tuple(
            fit_text(value, width, badge.height, regular.measure, line_largest, line_smallest)
            for value in values[1:]
        )
        fitted.append(BadgeText(person.row, name, lines))
    return fitted


def badges_html(texts: Sequence[BadgeText], sheet: Sheet, branding: Branding) -> str:
    """The badges' document: one page per :attr:`Sheet.slots` badges, crop marks on each."""
    paper, badge = sheet.paper, sheet.badge
    marks = "".join(_mark(m.x1, m.y1, m.x2, m.y2) for m in sheet.marks)
    band = _band(branding, badge.height * BAND_SHARE)
    pages = []
    for page in chunks(texts, len(sheet.slots)):
        cards = "".join(
            _badge(text, slot, band)  # type: ignore[arg-type]
            for text, slot in zip(page, sheet.slots, strict=False)
        )
        pages.append(f'<div class="page">{cards}{marks}</div>')
    if not pages:
        pages.append(f'<div class="page">{marks}</div>')
    style = BADGE_CSS % {
        "width": _mm(paper.width),
        "height": _mm(paper.height),
        "families": families_css(FAMILIES),
        "color": branding.color,
        "text": branding.text_color,
        "band": _mm(badge.height * BAND_SHARE),
        "band_padding": _mm(badge.height * BAND_SHARE * 0.16),
        "logo": _mm(badge.height * BAND_SHARE * 0.68),
        "padding": _mm(PADDING),
        "title": f"{badge.height * 0.2:.1f}pt",
        "subtitle": f"{badge.height * 0.13:.1f}pt",
    }
    return html_document(branding.lang, branding.title, style, "".join(pages))


def write_pdf(document: str, target: Path) -> None:
    """Print ``document`` (HTML) to the PDF file ``target`` with WeasyPrint, fetching nothing."""
    from weasyprint import HTML  # here: importing WeasyPrint loads Pango

    HTML(string=document, url_fetcher=_fetcher()).write_pdf(target)


def direction(text: str) -> str:
    """``rtl`` when the first strong character of ``text`` is right-to-left, else ``ltr``."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def script_lang(text: str) -> str:
    """``ko``, ``ja`` or ``zh`` for a text in Hangul, kana or Han only, else ``""``."""
    hangul = kana = han = False
    for char in text:
        code = ord(char)
        hangul |= 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F
        kana |= 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF
        han |= 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF
    if hangul:
        return "ko"
    if kana:
        return "ja"
    return "zh" if han else ""


#: The CJK family first for a language (Han characters are drawn the way each language writes them).
CJK_FIRST = {"ko": "Noto Sans CJK KR", "ja": "Noto Sans CJK JP", "zh": "Noto Sans CJK SC"}

BADGE_CSS = """
@page { size: %(width)s %(height)s; margin: 0; }
html, body { margin: 0; padding: 0; }
body { font-family: %(families)s; color: #111; }
.page { position: relative; width: %(width)s; height: %(height)s; overflow: hidden;
  break-after: page; }
.page:last-child { break-after: auto; }
.badge { position: absolute; overflow: hidden; box-sizing: border-box; }
.band { height: %(band)s; background: %(color)s; color: %(text)s; box-sizing: border-box;
  padding: %(band_padding)s %(padding)s 0; overflow: hidden; }
.band img { float: left; height: %(logo)s; max-width: 24mm; margin-right: 2.5mm; }
.event { line-height: 1.15; overflow: hidden; }
.event-title { font-weight: 700; font-size: %(title)s; white-space: nowrap; overflow: hidden; }
.event-subtitle { font-size: %(subtitle)s; white-space: nowrap; overflow: hidden; }
.body { padding: %(padding)s; text-align: center; }
.name { font-weight: 700; line-height: 1.15; white-space: nowrap; }
.line { line-height: 1.3; color: #333; white-space: nowrap; }
.mark { position: absolute; background: #000; }
"""

SHEET_CSS = """
@page { size: %(width)s %(height)s; margin: 18mm 15mm 20mm;
  @top-left { content: "%(header)s"; font-size: 8pt; color: #555; }
  @bottom-right { content: "%(page)s"; font-size: 8pt; color: #555; }
}
body { font-family: %(families)s; font-size: 10pt; color: #111; }
h1 { font-size: 15pt; margin: 0 0 1mm; }
p.when { margin: 0 0 5mm; color: #333; }
table { width: 100%%; border-collapse: collapse; }
thead { display: table-header-group; }
th { text-align: start; font-size: 8.5pt; border-bottom: 1.2pt solid %(color)s; padding: 1.5mm; }
td { border-bottom: 0.5pt solid #bbb; padding: 2.2mm 1.5mm; vertical-align: middle; }
td.number { color: #666; width: 8mm; }
td.check { width: 8mm; }
td.check span { display: inline-block; width: 4mm; height: 4mm; border: 0.8pt solid #333; }
td.signature { width: 45mm; }
tr { break-inside: avoid; }
"""


def html_document(lang: str, title: str, style: str, body: str) -> str:
    """A whole HTML document: its language, title, stylesheet and body."""
    return (
        f'<!DOCTYPE html><html lang="{_attr(lang)}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{style}</style></head>"
        f"<body>{body}</body></html>"
    )


def _badge(text: BadgeText, slot: Box, band: str) -> str:
    name = _text_block("name", text.name)
    lines = "".join(_text_block("line", line) for line in text.lines)
    return (
        f'<div class="badge" style="left: {_mm(slot.x)}; top: {_mm(slot.y)}; '
        f'width: {_mm(slot.width)}; height: {_mm(slot.height)}">'
        f'{band}<div class="body">{name}{lines}</div></div>'
    )


def _text_block(kind: str, fitted: Fitted) -> str:
    joined = " ".join(fitted.lines)
    if not joined:
        return f'<div class="{kind}" style="font-size: {fitted.size:g}pt">&#160;</div>'
    lang = script_lang(joined)
    style = f"font-size: {fitted.size:g}pt;"
    if lang:
        style += f" font-family: {families_css(_cjk_order(lang))};"
    if not fitted.fits:
        style += " white-space: normal; overflow-wrap: anywhere;"
    content = "<br>".join(html.escape(line) for line in fitted.lines)
    lang_attribute = f' lang="{lang}"' if lang else ""
    return (
        f'<div class="{kind}" dir="{direction(joined)}"{lang_attribute} style="{style}">'
        f"{content}</div>"
    )


def _band(branding: Branding, height: float) -> str:
    logo = ""
    if branding.logo:
        mime = _MIME.get(Path(branding.logo_name).suffix.lower(), "image/png")
        data = base64.b64encode(branding.logo).decode("ascii")
        logo = f'<img src="data:{mime};base64,{data}" alt="">'
    title_dir = direction(branding.title)
    return (
        f'<div class="band">{logo}<div class="event" dir="{title_dir}">'
        f'<div class="event-title">{html.escape(branding.title)}</div>'
        f'<div class="event-subtitle">{html.escape(branding.subtitle)}</div></div></div>'
    )


def _mark(x1: float, y1: float, x2: float, y2: float) -> str:
    half = MARK_WIDTH / 2
    if x1 == x2:  # vertical
        left, top, width, height = x1 - half, y1, MARK_WIDTH, y2 - y1
    else:
        left, top, width, height = x1, y1 - half, x2 - x1, MARK_WIDTH
    return (
        f'<div class="mark" style="left: {_mm(left)}; top: {_mm(top)}; '
        f'width: {_mm(width)}; height: {_mm(height)}"></div>'
    )


def _cjk_order(lang: str) -> tuple[str, ...]:
    first = CJK_FIRST[lang]
    return (first, *(f for f in FAMILIES if f != first))


def families_css(families: Sequence[str]) -> str:
    """The CSS ``font-family`` value listing ``families``."""
    return ", ".join(f"'{family}'" for family in families) + ", sans-serif"


def _mm(value: float) -> str:
    return f"{value:.3f}mm"


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _fetcher():  # type: ignore[no-untyped-def]
    """A URL fetcher that reads ``data:`` URLs only (the logo): an SVG logo loads nothing.

    Recent WeasyPrint versions take a ``URLFetcher`` object, older ones (66) a function.
    """
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # older WeasyPrint
        from weasyprint.urls import default_url_fetcher

        def fetch_data_only(url: str):  # type: ignore[no-untyped-def]
            if not url.startswith("data:"):
                raise ValueError(f"badges load nothing from outside: {url[:80]}")
            return default_url_fetcher(url)

        return fetch_data_only
    return URLFetcher(allowed_protocols={"data"})
