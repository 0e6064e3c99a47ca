"""Pictures and social cards in a real build: made once, kept after, linked from the page."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import FIXTURE_SITE, copy_fixture_content, run_pelican

SETTINGS = FIXTURE_SITE / "fixtureconf.py"
SITE_URL = "https://meetups.example.org"


def _jpeg(color: tuple[int, int, int], size: tuple[int, int] = (1000, 700)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    return out.getvalue()


def _bomb() -> bytes:
    """A PNG whose header claims 12,000 × 9,000 pixels: refused before decoding."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 12_000, 9_000, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 16))
        + chunk(b"IEND", b"")
    )


def _build(content: Path, output: Path, cache: Path) -> str:
    # A wide console: each message on one line.
    result = run_pelican(content, output, SETTINGS, cache=cache, env={"COLUMNS": "400"})
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def _times(root: Path, pattern: str) -> dict[str, int]:
    return {
        path.relative_to(root).as_posix(): path.stat().st_mtime_ns
        for path in root.glob(pattern)
        if path.is_file()
    }


def _og_image(page: Path) -> str:
    found = re.search(r'<meta property="og:image" content="([^"]+)">', page.read_text())
    assert found, page
    return found.group(1)


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Path, Path, str]:
    content = copy_fixture_content(tmp_path / "content")
    (content / "images").mkdir(exist_ok=True)  # the fixture has a picture already
    (content / "images" / "hall.jpg").write_bytes(_jpeg((180, 40, 40)))
    (content / "images" / "garden.jpg").write_bytes(_jpeg((40, 160, 40), (700, 500)))
    (content / "images" / "huge.png").write_bytes(_bomb())
    workshop = content / "events" / "berlin" / "workshop.md"
    text = workshop.read_text(encoding="utf-8")
    workshop.write_text(text.replace("\n---", "\nimage: images/hall.jpg\n---", 1), "utf-8")
    output, cache = tmp_path / "output", tmp_path / "cache"
    log = _build(content, output, cache)
    return content, output, cache, log


def test_renditions_cards_and_the_og_image_of_a_build(site):
    _, output, _, log = site
    renditions = sorted(p.name for p in (output / "images").glob("*-*w.*"))
    widths = sorted({int(re.search(r"-(\d+)w\.", n).group(1)) for n in renditions if "hall" in n})
    assert widths == [320, 640, 960, 1000]
    assert {n.rsplit(".", 1)[1] for n in renditions} == {"webp", "jpg"}
    assert any(n.startswith("garden-700w.") for n in renditions)
    assert (output / "images" / "hall.jpg").exists()  # the original, published as it was

    # The bad picture: one line naming its file, no traceback, the rest of the site built.
    assert re.search(
        r"content/images/huge\.png:1: file: the picture is 12000×9000 pixels \(108 megapixels\); "
        r"at most 89 megapixels are processed \(resize it",
        log,
    )
    assert "Traceback" not in log
    assert not list((output / "images").glob("huge-*"))

    page = output / "events" / "workshop" / "index.html"
    card_url = _og_image(page)
    assert re.fullmatch(rf"{SITE_URL}/events/workshop/card\.[0-9a-f]{{8}}\.png", card_url)
    html = page.read_text()
    assert f'<meta name="twitter:image" content="{card_url}">' in html
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:height" content="630">' in html
    assert '<meta property="og:image:type" content="image/png">' in html
    card = output / card_url.removeprefix(f"{SITE_URL}/")
    with Image.open(card) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))
    assert list((output / "events").glob("*/card.*.png"))  # every event has one
    assert len(list((output / "events" / "workshop").glob("card.*.png"))) == 1


def test_a_rebuild_renders_nothing_and_a_changed_picture_only_its_own(site):
    content, output, cache, _ = site
    pictures = _times(output, "images/*-*w.*")
    cards = _times(output, "events/*/card.*.png")
    assert pictures and cards

    _build(content, output, cache)
    assert _times(output, "images/*-*w.*") == pictures, "renditions were made again"
    assert _times(output, "events/*/card.*.png") == cards, "cards were drawn again"

    page = output / "events" / "workshop" / "index.html"
    card_before = _og_image(page)
    (content / "images" / "hall.jpg").write_bytes(_jpeg((40, 40, 180)))
    _build(content, output, cache)
    after = _times(output, "images/*-*w.*")
    kept = {path for path, time in after.items() if pictures.get(path) == time}
    made = set(after) - kept
    assert kept == {path for path in pictures if not path.startswith("images/hall-")}
    assert made and all(path.startswith("images/hall-") for path in made)
    assert not set(pictures) & made  # a changed picture gets new addresses
    # Its cover changed: the workshop's card has a new address, the page links it.
    card_after = _og_image(page)
    assert card_after != card_before
    assert (output / card_after.removeprefix(f"{SITE_URL}/")).exists()
    other_cards = {p: t for p, t in _times(output, "events/*/card.*.png").items()}
    unchanged = {p for p, t in cards.items() if other_cards.get(p) == t}
    assert unchanged == {p for p in cards if not p.startswith("events/workshop/")}


def test_a_new_title_gives_the_card_a_new_address(site):
    content, output, cache, _ = site
    page = output / "events" / "workshop" / "index.html"
    before = _og_image(page)
    workshop = content / "events" / "berlin" / "workshop.md"
    text = workshop.read_text(encoding="utf-8")
    workshop.write_text(text.replace('title: "', 'title: "Renamed ', 1), "utf-8")
    _build(content, output, cache)
    after = _og_image(page)
    assert after != before
    assert (output / after.removeprefix(f"{SITE_URL}/")).exists()
    assert not (output / before.removeprefix(f"{SITE_URL}/")).exists()
