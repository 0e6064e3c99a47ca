"""The site's and each chapter's colour, as small stylesheets the pages link to.

The pages' Content-Security-Policy refuses inline styles, so a colour reaches
the page as a stylesheet: ``css/accent.css`` for the site's accent (only when it
is not the theme's own) and ``chapters/<slug>/accent.css`` for a chapter with a
``color``, linked from the chapter's page and its events' pages. Each colour is
checked as link text on the light and the dark background (WCAG AA, 4.5:1); a
colour that fails is reported and the closest readable shade of the same hue is
used for text (see :func:`chapterhouse.media.contrast.check_accent`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from chapterhouse.config import DEFAULT_ACCENT
from chapterhouse.core.model import Chapter
from chapterhouse.incremental.outputs import Output
from chapterhouse.media.contrast import (
    AA_TEXT,
    DARK_TEXT,
    LIGHT_TEXT,
    adjust_for,
    check_accent,
    contrast_ratio,
)
from chapterhouse.media.images import probe, svg_size
from chapterhouse.media.pattern import cover_pattern
from chapterhouse.site.model import SiteModel
from chapterhouse.site.urls import Urls

SITE_ACCENT = "css/accent.css"


def chapter_accent_path(chapter: Chapter) -> str:
    """The stylesheet of a chapter's colour (``""`` when it has none)."""
    return f"{Urls.chapter_path(chapter.slug)}accent.css" if chapter.color else ""


def site_accent_path(accent: str) -> str:
    """The stylesheet of the site's accent (``""`` for the theme's own)."""
    return SITE_ACCENT if accent.lower() != DEFAULT_ACCENT else ""


#: The lighter and darker backgrounds links sit on (``--surface``, theme/static/css/main.css):
#: a shade readable there is readable on ``--bg`` too.
LIGHT_SURFACE = "#f4f5f7"
DARK_SURFACE = "#1f2329"


def accent_shades(color: str) -> tuple[str, str]:
    """The colour as the light and the dark scheme use it: (light, dark).

    Each reaches 4.5:1 against its scheme's backgrounds (the surface is the
    hardest), and so also against the label on a button of that colour: white
    in the light scheme (lighter than the surface), near-black in the dark one.
    """
    return adjust_for(color, LIGHT_SURFACE), adjust_for(color, DARK_SURFACE)


def accent_stylesheet(color: str) -> str:
    """CSS setting ``--accent`` (and the text on it) to ``color``, readable in both schemes."""
    check = check_accent(color)
    light, dark = accent_shades(color)
    return (
        f"/* {check.color} */\n"
        f":root {{ --accent: {light}; --accent-text: {LIGHT_TEXT}; "
        f"--brand: {check.color}; --brand-text: {check.on_accent}; }}\n"
        "@media (prefers-color-scheme: dark) {\n"
        f"  :root {{ --accent: {dark}; --accent-text: {DARK_TEXT}; }}\n"
        "}\n"
    )


def colour_problem(color: str) -> str:
    """Why ``color`` is too pale as text in the light scheme (``""`` when it is not).

    No colour reads as text on both the white and the near-black background
    (4.5:1 on each would need a luminance both below 0.18 and above 0.21): the
    dark scheme always gets a lighter shade of the same hue, and only a colour
    that fails where it is shown as chosen, in the light scheme, is worth a warning.
    """
    check = check_accent(color)
    ratio = contrast_ratio(check.color, LIGHT_SURFACE)
    if ratio >= AA_TEXT:
        return ""
    return (
        f"{check.color} has a contrast of {ratio:.2f}:1 on the light background, below "
        f"{AA_TEXT:g}:1 for text; {accent_shades(color)[0]} (the closest readable shade) is "
        "used for links and buttons instead"
    )


def colour_problems(model: SiteModel) -> list[str]:
    """Each colour too pale for text, as ``path:line: field: message``."""
    problems = []
    settings = model.settings
    if site_accent_path(settings.accent):
        problem = colour_problem(settings.accent)
        problems += [f"CHAPTERHOUSE['accent']: {problem}"] if problem else []
    for chapter in model.catalog.published_chapters:
        problem = colour_problem(chapter.color) if chapter.color else ""
        if problem:
            where = f"{chapter.source.path}:{chapter.source.line_of('color')}: color"
            problems.append(f"{where}: {problem}")
    return problems


def accent_outputs(model: SiteModel) -> list[Output]:
    """The site's accent stylesheet (when it has its own) and each chapter's."""
    outputs = []
    site = site_accent_path(model.settings.accent)
    if site:
        outputs.append(Output(site, "accent", {"color": model.settings.accent}, _stylesheet))
    for chapter in model.catalog.published_chapters:
        path = chapter_accent_path(chapter)
        if path:
            outputs.append(Output(path, "accent", {"color": chapter.color}, _stylesheet))
    return outputs


def pattern_path(chapter: Chapter) -> str:
    """The chapter's pattern as a file: the thumbnail of its events that have no picture."""
    return f"{Urls.chapter_path(chapter.slug)}pattern.svg"


def pattern_outputs(model: SiteModel) -> list[Output]:
    """Each published chapter's pattern, in its colour (else the site's accent)."""
    return [
        Output(
            pattern_path(chapter),
            "pattern",
            {"color": chapter.color or model.settings.accent, "seed": chapter.slug},
            _pattern,
        )
        for chapter in model.catalog.published_chapters
    ]


def _pattern(inputs: Mapping[str, Any]) -> bytes:
    return cover_pattern(inputs["color"], inputs["seed"]).svg().encode()


def _stylesheet(inputs: Mapping[str, Any]) -> bytes:
    return accent_stylesheet(inputs["color"]).encode()


@dataclass(frozen=True)
class Logo:
    """The site's logo in the header: its address and intrinsic size (no layout shift)."""

    src: str
    width: int
    height: int


def logo_view(data: bytes, path: str, link: Callable[[str], str]) -> Logo:
    """The header's logo from the logo file's bytes (an SVG is shown as it is).

    Raises:
        FieldError: the file is not a picture the theme can show.
    """
    if path.lower().endswith(".svg"):
        width, height = svg_size(data)
    else:
        source = probe(data, path)
        width, height = source.width, source.height
    return Logo(link(path), round(width), round(height))
