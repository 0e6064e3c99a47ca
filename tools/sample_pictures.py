"""Make the sample site's pictures (content/images/*.jpg): deterministic, no download.

The sample network needs raster pictures to show covers, thumbnails and portraits, and
pictures free of anyone's rights: these are drawn here (soft light, shapes, grain) from a
seed. Run ``python tools/sample_pictures.py`` to make them again; the output is the same
on every machine with the same Pillow.
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "content" / "images"

#: name: (width, height, colours from the top to the bottom, seed)
SCENES = {
    "atelier-packaging.jpg": (1600, 900, ("#1e3a5f", "#f2a65a"), 1),
    "cairo-evening.jpg": (1600, 1000, ("#3b1d4a", "#e9b44c"), 2),
    "cdmx-banner.jpg": (2000, 700, ("#7c2d12", "#fcd34d"), 3),
    "semaine-open-source.jpg": (1400, 900, ("#0f3d3e", "#9fd8cb"), 4),
}
PORTRAITS = {
    "elodie-bernard.jpg": ("#f4d6c6", "#7a4e3a", 11),
    "karim-abdallah.jpg": ("#d9e4f5", "#4a3426", 12),
    "camille-martin.jpg": ("#e7f0df", "#2f2a26", 13),
}


def _gradient(size: tuple[int, int], top: str, bottom: str) -> Image.Image:
    first, last = Image.new("RGB", size, top), Image.new("RGB", size, bottom)
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(last, first, mask)


def scene(width: int, height: int, colours: tuple[str, str], seed: int) -> Image.Image:
    """A blurred crowd of lights over a dusk gradient: reads as a photo of an evening."""
    rng = random.Random(seed)  # noqa: S311 - a drawing, not a secret
    image = _gradient((width, height), *colours)
    lights = Image.new("RGB", (width, height), (0, 0, 0))
    draw = ImageDraw.Draw(lights)
    for _ in range(90):
        x, y = rng.uniform(0, width), rng.uniform(height * 0.2, height)
        r = rng.uniform(width * 0.01, width * 0.06)
        tone = tuple(rng.randint(120, 255) for _ in range(3))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tone)
    lights = lights.filter(ImageFilter.GaussianBlur(width / 60))
    image = Image.blend(image, lights, 0.35)
    people = ImageDraw.Draw(image)
    for _ in range(14):  # silhouettes in the foreground
        x = rng.uniform(0, width)
        h = rng.uniform(height * 0.25, height * 0.45)
        w = h * 0.32
        shade = tuple(max(0, c - 40) for c in image.getpixel((int(x) % width, height - 1)))
        people.ellipse((x - w * 0.3, height - h, x + w * 0.3, height - h + w * 0.6), fill=shade)
        body = (x - w / 2, height - h + w * 0.55, x + w / 2, height)
        people.rounded_rectangle(body, w / 3, shade)
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    grain = Image.effect_noise((width, height), 18).convert("RGB")
    return Image.blend(image, grain, 0.06)


def portrait(background: str, tone: str, seed: int, size: int = 480) -> Image.Image:
    """A head-and-shoulders silhouette on a soft background."""
    rng = random.Random(seed)  # noqa: S311 - a drawing, not a secret
    image = _gradient((size, size), background, "#ffffff")
    draw = ImageDraw.Draw(image)
    cx = size / 2 + rng.uniform(-size * 0.04, size * 0.04)
    draw.ellipse((cx - size * 0.34, size * 0.62, cx + size * 0.34, size * 1.3), fill=tone)
    draw.ellipse((cx - size * 0.17, size * 0.2, cx + size * 0.17, size * 0.6), fill=tone)
    return image.filter(ImageFilter.GaussianBlur(1.5))


def main() -> None:
    """Write every sample picture."""
    IMAGES.mkdir(parents=True, exist_ok=True)
    for name, (width, height, colours, seed) in SCENES.items():
        scene(width, height, colours, seed).save(IMAGES / name, quality=82, optimize=True)
    for name, (background, tone, seed) in PORTRAITS.items():
        portrait(background, tone, seed).save(IMAGES / name, quality=85, optimize=True)


if __name__ == "__main__":
    main()
