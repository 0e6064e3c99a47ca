"""One PNG to review the whole theme at a glance: every page kind, at both widths, light and dark.

Each thumbnail is the top of a full-page screenshot (the first :data:`TOP` CSS pixels), all at
the same scale, so that a phone page is as tall as a desktop one and narrower. A row is one page
kind; its columns are desktop light, desktop dark, phone light, phone dark. A screenshot the run
did not take (a test deselected or failed before it) is a grey box that says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[2]
FONT = ROOT / "theme" / "static" / "fonts" / "NotoSans-Regular.ttf"
#: How much of each page a thumbnail shows, in CSS pixels from the top.
TOP = 1600
#: Thumbnail pixels per CSS pixel.
SCALE = 0.4
COLUMNS = (("desktop", "light"), ("desktop", "dark"), ("phone", "light"), ("phone", "dark"))
GAP, CAPTION, MARGIN = 18, 46, 24
BACKGROUND, INK, FRAME, MISSING = (236, 236, 240), (20, 20, 28), (150, 150, 160), (205, 205, 212)


@dataclass(frozen=True)
class Shot:
    """One full-page screenshot: what page, at what width, in which colour scheme."""

    kind: str
    viewport: str
    width: int
    scheme: str
    device_scale_factor: float
    path: Path


def _thumbnail(shot: Shot) -> Image.Image:
    with Image.open(shot.path) as full:
        ratio = shot.device_scale_factor
        top = full.crop((0, 0, full.width, min(full.height, round(TOP * ratio))))
        size = (round(top.width / ratio * SCALE), round(top.height / ratio * SCALE))
        return top.convert("RGB").resize(size, Image.Resampling.LANCZOS)


def _fit(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…"


def compose(shots: Iterable[Shot], labels: Mapping[str, str], target: Path) -> Path:
    """Write the contact sheet of ``shots`` to ``target`` (PNG).

    Rows follow the order of ``labels`` (page kind → its name on the sheet); kinds without a
    label come last, under their own name.
    """
    by_cell = {(shot.kind, shot.viewport, shot.scheme): shot for shot in shots}
    kinds = [kind for kind in labels if any(key[0] == kind for key in by_cell)]
    kinds += sorted({key[0] for key in by_cell} - set(kinds))
    widths = {shot.viewport: shot.width for shot in by_cell.values()}
    column_widths = [max(round(widths.get(viewport, 390) * SCALE), 190) for viewport, _ in COLUMNS]
    thumbnails = {key: _thumbnail(shot) for key, shot in by_cell.items()}
    full_height = round(TOP * SCALE)
    rows = []  # each row as tall as its tallest thumbnail: a short page leaves no hole
    for kind in kinds:
        heights = [
            thumbnails[key].height if key in thumbnails else full_height
            for key in ((kind, viewport, scheme) for viewport, scheme in COLUMNS)
        ]
        rows.append((kind, CAPTION + max(heights) + GAP))
    font = ImageFont.truetype(str(FONT), 15)
    title_font = ImageFont.truetype(str(FONT), 22)
    sheet = Image.new(
        "RGB",
        (
            2 * MARGIN + sum(column_widths) + GAP * (len(COLUMNS) - 1),
            2 * MARGIN + 40 + sum(height for _, height in rows),
        ),
        BACKGROUND,
    )
    draw = ImageDraw.Draw(sheet)
    draw.text(
        (MARGIN, MARGIN),
        f"Every page kind, top {TOP} CSS px: desktop and phone, light and dark",
        font=title_font,
        fill=INK,
    )
    y = MARGIN + 40
    for kind, row_height in rows:
        x = MARGIN
        for (viewport, scheme), column_width in zip(COLUMNS, column_widths, strict=True):
            thumbnail = thumbnails.get((kind, viewport, scheme))
            width = widths.get(viewport, 390)
            lines = [labels.get(kind, kind), f"{width} px ({viewport}) · {scheme}"]
            for number, line in enumerate(lines):
                draw.text(
                    (x, y + 20 * number), _fit(draw, line, font, column_width), font=font, fill=INK
                )
            top = y + CAPTION
            if thumbnail is None:
                box = (x, top, x + round(width * SCALE), top + full_height)
                draw.rectangle(box, fill=MISSING, outline=FRAME)
                draw.text((x + 8, top + 8), "not taken\nin this run", font=font, fill=INK)
            else:
                sheet.paste(thumbnail, (x, top))
                draw.rectangle(
                    (x - 1, top - 1, x + thumbnail.width, top + thumbnail.height), outline=FRAME
                )
            x += column_width + GAP
        y += row_height
    target.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(target, "PNG", optimize=True)
    return target
