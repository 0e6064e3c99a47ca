"""Time and size of the build-time media (issue 14): renditions, cards, icons, the map.

    python benchmarks/media.py [--runs 3]

Pictures are synthetic but photo-like (shapes, blur and grain) and the same on
every run. Prints one line per measure: the best of ``--runs`` times.
"""

from __future__ import annotations

import argparse
import gzip
import io
import random
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from chapterhouse.media.icons import icons_from_logo, monogram_icons
from chapterhouse.media.images import plan_renditions, probe, render_renditions
from chapterhouse.media.social_card import CardFonts, CardSpec, render_card
from chapterhouse.site.worldmap import Marker, load_world, world_map

ROOT = Path(__file__).resolve().parents[1]


def photo(width: int, height: int, seed: int = 1) -> bytes:
    """A JPEG (quality 90) with large shapes, soft edges and grain."""
    rng = random.Random(seed)  # noqa: S311 - a fixed picture, not a secret
    image = Image.new("RGB", (width, height), (120, 140, 160))
    draw = ImageDraw.Draw(image)
    for _ in range(300):
        x, y, r = (
            rng.randrange(width),
            rng.randrange(height),
            rng.randrange(width // 40, width // 6),
        )
        fill = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)
    image = image.filter(ImageFilter.GaussianBlur(width / 800))
    grain = Image.effect_noise((width, height), 24).convert("RGB")
    image = Image.blend(image, grain, 0.12)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def best(runs: int, work) -> tuple[float, object]:
    """The shortest of ``runs`` timings of ``work()``, and its result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs

    for width, height in ((4000, 3000), (1600, 1067)):
        data = photo(width, height)
        seconds, source = best(runs, lambda data=data: probe(data, "images/photo.jpg"))
        plan = plan_renditions(source)
        spent, made = best(runs, lambda data=data, plan=plan: render_renditions(data, plan))
        sizes = ", ".join(
            f"{r.width}w {r.format} {len(b) // 1024} KB" for r, b in zip(plan, made, strict=True)
        )
        print(
            f"renditions of a {width}x{height} JPEG ({len(data) // 1024} KB): probe "
            f"{seconds * 1000:.1f} ms; {len(plan)} renditions in {spent:.2f} s "
            f"({spent / len(plan) * 1000:.0f} ms each): {sizes}"
        )

    spec = CardSpec(
        "Atelier : publier son premier paquet Python",
        "mercredi 20 janvier 2027, 18 h 30",
        "Python Toulouse",
        "#c2410c",
        "toulouse",
        "Chapterhouse",
        "fr",
    )
    fonts = CardFonts("fr")
    render_card(spec, fonts=fonts)  # load the fonts once, as a build would
    cover = photo(2400, 1600)
    for label, cover_bytes in (("pattern", None), ("cover", cover)):
        spent, card = best(runs, lambda c=cover_bytes: render_card(spec, c, fonts))
        print(f"social card with {label}: {spent * 1000:.0f} ms, {len(card.png) // 1024} KB")
    for title, lang in (
        ("Python 東京 もくもく会：型ヒントを学ぶ", "ja"),
        ("لقاء Python الشهري", "ar"),
    ):
        other = CardFonts(lang)
        localized = CardSpec(title, "2027-01-20", "Python", "#0f766e", "x", "Chapterhouse", lang)
        render_card(localized, fonts=other)
        spent, card = best(runs, lambda s=localized, f=other: render_card(s, fonts=f))
        print(
            f"social card in {lang}: {spent * 1000:.0f} ms, {len(card.png) // 1024} KB, "
            f"missing {card.missing!r}"
        )

    logo = (ROOT / "content" / "images" / "toulouse.svg").read_bytes()
    spent, _ = best(runs, lambda: icons_from_logo(logo, "images/toulouse.svg"))
    print(f"icons from an SVG logo: {spent * 1000:.0f} ms")
    spent, icons = best(runs, lambda: monogram_icons("Python Toulouse", "#c2410c"))
    total = sum(len(b) for b in icons.files.values())
    print(f"monogram icons: {spent * 1000:.0f} ms, {total // 1024} KB for {len(icons.files)} files")

    world = load_world()
    europe = [
        Marker(43.6047, 1.4442, "Python Toulouse", "/chapters/toulouse/"),
        Marker(48.8566, 2.3522, "Python Paris", "/chapters/paris/"),
        Marker(52.52, 13.405, "Python Berlin", "/chapters/berlin/"),
    ]
    everywhere = [*europe, Marker(19.4326, -99.1332, "Python CDMX", "/chapters/cdmx/")]
    for label, markers, options in (
        ("world, borders", everywhere, {"crop": False}),
        ("world, no borders", everywhere, {"crop": False, "borders": False}),
        ("cropped to Europe", europe, {}),
        ("cropped to Europe and Mexico", everywhere, {}),
    ):
        spent, svg = best(runs, lambda m=markers, o=options: world_map(m, data=world, **o))
        raw = svg.encode()
        print(
            f"map, {label}: {len(raw) / 1000:.1f} kB ({len(gzip.compress(raw, 9)) / 1000:.1f} kB "
            f"gzipped), {spent * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
