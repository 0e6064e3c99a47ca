"""The site's pictures: probed in phase one, shown responsively, renditions made once."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
from PIL import Image

from chapterhouse.incremental.cache import BuildCache, BuildSession
from chapterhouse.incremental.engine import Engine
from chapterhouse.incremental.jobs import JobRunner
from chapterhouse.incremental.outputs import Stage
from chapterhouse.media.images import Picture, PictureSource, plan_renditions
from chapterhouse.site.pictures import (
    Pictures,
    load_pictures,
    picture_path,
    picture_references,
)

ROOT = Path(__file__).resolve().parents[2]
LINK = "/site/{}".format


def _jpeg(width: int, height: int, color: tuple[int, int, int], orientation: int = 1) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = orientation
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (10, 20, 30, 128)).save(out, "PNG")
    return out.getvalue()


def _png_header(width: int, height: int) -> bytes:
    """A PNG signature and header claiming a size (no pixels): too large to decode."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 16))


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 60"><rect width="120" height="60"/></svg>'


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    (root / "images").mkdir(parents=True)
    (root / "chapters").mkdir()
    (root / "images" / "hall.jpg").write_bytes(_jpeg(800, 600, (200, 40, 40), orientation=6))
    (root / "images" / "logo.png").write_bytes(_png(400, 200))
    (root / "images" / "map.svg").write_bytes(SVG)
    (root / "images" / "notes.txt").write_text("not a picture")
    (root / "chapters" / "banner.jpg").write_bytes(_jpeg(2400, 1000, (10, 90, 10)))
    (root / "chapters" / "unused.jpg").write_bytes(_jpeg(100, 100, (0, 0, 0)))
    return root


def test_the_pictures_of_images_and_those_items_point_to_are_probed(content):
    pictures, problems = load_pictures(
        content, ["chapters/banner.jpg", "https://example.org/x.jpg", "images/missing.jpg"]
    )
    assert problems == []
    assert sorted(pictures.by_path) == [
        "chapters/banner.jpg",
        "images/hall.jpg",
        "images/logo.png",
        "images/map.svg",
    ]
    hall = pictures.by_path["images/hall.jpg"]
    assert (hall.width, hall.height) == (600, 800)  # the orientation tag applied


def test_a_picture_that_cannot_be_read_is_a_problem_of_its_file_and_the_rest_is_kept(content):
    (content / "images" / "huge.png").write_bytes(_png_header(12_000, 9_000))
    pictures, problems = load_pictures(content, [], display=lambda rel: f"content/{rel}")
    assert [p.format() for p in problems] == [
        "content/images/huge.png:1: file: the picture is 12000×9000 pixels (108 megapixels); "
        "at most 89 megapixels are processed (resize it to a few thousand pixels wide before "
        "adding it)"
    ]
    assert "images/huge.png" not in pictures.by_path
    assert "images/hall.jpg" in pictures.by_path


@pytest.mark.parametrize(
    ("reference", "path"),
    [
        ("images/hall.jpg", "images/hall.jpg"),
        ("/images/hall.jpg", "images/hall.jpg"),
        ("{static}/images/hall.jpg", "images/hall.jpg"),
        (" images/hall.jpg ", "images/hall.jpg"),
        ("https://example.org/images/hall.jpg", None),
        ("//example.org/images/hall.jpg", None),
        ("../secret.jpg", None),
        ("", None),
    ],
)
def test_a_front_matter_value_points_to_a_content_path(reference, path):
    assert picture_path(reference) == path


def test_references_are_read_from_every_picture_field_and_extra_keys():
    item = SimpleNamespace(
        image="images/a.jpg", extra={"banner": "images/b.jpg", "logo": 3, "photo": "/images/c.png"}
    )
    assert picture_references([item, SimpleNamespace(title="no pictures")]) == [
        "images/a.jpg",
        "/images/c.png",
        "images/b.jpg",
    ]


def test_shown_gives_a_responsive_picture_for_any_spelling_and_none_for_other_hosts(content):
    pictures, _ = load_pictures(content, [])
    shown = pictures.shown("images/hall.jpg", "The hall", LINK)
    assert isinstance(shown, Picture)
    assert shown == pictures.shown("/images/hall.jpg", "The hall", LINK)
    assert shown == pictures.shown("{static}/images/hall.jpg", "The hall", LINK)
    assert shown.sources[0].type == "image/webp"
    assert "/site/images/hall-320w." in shown.sources[0].srcset
    assert (shown.width, shown.height, shown.loading) == (600, 800, "lazy")
    main = pictures.shown("images/hall.jpg", "", LINK, lazy=False, sizes="100vw")
    assert main is not None and (main.loading, main.fetchpriority, main.sizes) == (
        "eager",
        "high",
        "100vw",
    )
    assert pictures.shown("https://example.org/images/hall.jpg", "x", LINK) is None
    assert pictures.shown("images/nowhere.jpg", "x", LINK) is None
    svg = pictures.shown("images/map.svg", "Map", LINK)
    assert svg is not None and svg.sources == () and svg.src == "/site/images/map.svg"


def test_an_empty_set_of_pictures_shows_nothing_and_makes_nothing():
    assert Pictures().shown("images/hall.jpg", "", LINK) is None
    assert Pictures().rendition_outputs() == []


def test_renditions_have_the_planned_sizes_and_formats_and_no_metadata(content, tmp_path):
    pictures, _ = load_pictures(content, [])
    outputs = pictures.rendition_outputs()
    planned = [r for s in pictures.sources for r in plan_renditions(s)]
    assert [o.path for o in outputs] == [r.path for r in planned]
    assert all("images/map" not in o.path for o in outputs)  # an SVG is served as it is
    made = {}
    for output, rendition in zip(outputs, planned, strict=True):
        data = output.make(output.inputs)
        with Image.open(io.BytesIO(data)) as image:
            made[output.path] = (image.format, image.size)
            assert image.size == (rendition.width, rendition.height)
            assert not image.getexif(), output.path
            assert "exif" not in image.info and "icc_profile" not in image.info
    hall = {k: v for k, v in made.items() if k.startswith("images/hall-")}
    assert sorted(hall.values()) == [
        ("JPEG", (320, 427)),
        ("JPEG", (600, 800)),
        ("WEBP", (320, 427)),
        ("WEBP", (600, 800)),
    ]
    logo = sorted(v for k, v in made.items() if k.startswith("images/logo-"))
    assert logo == [("PNG", (320, 160)), ("PNG", (400, 200)), ("WEBP", (320, 160)), ("WEBP", (400, 200))]  # fmt: skip


def test_a_rendition_is_declared_by_the_digest_of_its_source_not_its_bytes(content):
    pictures, _ = load_pictures(content, ["chapters/banner.jpg"])
    output = pictures.rendition_outputs()[0]
    assert set(output.inputs) == {"source", "recipe", "rendition"}
    assert output.inputs["source"] == pictures.by_path["chapters/banner.jpg"].digest
    assert not any(isinstance(value, bytes) for value in output.inputs.values())


def _build(tmp_path: Path, name: str, content: Path, previous: BuildCache | None):
    """One build of the pictures' renditions, put in place as publishing does."""
    pictures, _ = load_pictures(content, ["chapters/banner.jpg"])
    final = tmp_path / "output"
    staging = tmp_path / name
    staging.mkdir()
    session = BuildSession(
        staging, final, tmp_path / "cache", previous or BuildCache("fp"),
        BuildCache("fp", str(final)), warm=previous is not None,
    )  # fmt: skip
    engine = Engine(staging, session, JobRunner(1))
    engine.run([Stage(pictures.rendition_outputs())])
    engine.finish()
    for path in staging.rglob("*"):
        if path.is_file():
            (final / path.relative_to(staging)).parent.mkdir(parents=True, exist_ok=True)
            path.replace(final / path.relative_to(staging))
    return session.current, sorted(engine.folder.written)


def test_unchanged_pictures_are_not_rendered_again_and_a_changed_one_only_its_own(
    content, tmp_path
):
    first, written = _build(tmp_path, "one", content, None)
    assert len(written) == 18  # hall 2×2, logo 2×2, banner 2×5 (320…1920, not its 2400)
    second, written = _build(tmp_path, "two", content, first)
    assert written == []

    (content / "images" / "hall.jpg").write_bytes(_jpeg(800, 600, (40, 40, 200)))
    _, written = _build(tmp_path, "three", content, second)
    assert written and all(path.startswith("images/hall-") for path in written)
    assert len(written) == 6  # not rotated any more: 320, 640, 800 wide, WebP and JPEG


def test_the_picture_macro_writes_a_picture_element_escaped(content):
    pictures, _ = load_pictures(content, [])
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ROOT / "theme" / "templates"), autoescape=True
    )
    macro = environment.get_template("macros/picture.html").module.picture
    shown = pictures.shown("images/hall.jpg", 'Hall "A" & <b>', LINK, lazy=False)
    html = str(macro(shown, class_="cover"))
    assert '<source type="image/webp" srcset="/site/images/hall-320w.' in html
    assert html.endswith("</picture>")
    assert f'sizes="{shown.sizes}"' in html
    assert f'src="{shown.src}" srcset="{shown.srcset}"' in html
    assert 'width="600" height="800"' in html
    assert 'alt="Hall &#34;A&#34; &amp; &lt;b&gt;"' in html
    assert 'loading="eager" decoding="async" fetchpriority="high">' in html
    assert html.startswith('<picture class="cover">')

    lazy = Picture((), "/site/images/map.svg", "", "", 120, 60, "")
    html = str(macro(lazy))
    assert html == (
        '<picture><img src="/site/images/map.svg" width="120" height="60" alt="" '
        'loading="lazy" decoding="async">\n</picture>'
    )
    hostile = Picture((PictureSource('image/webp"><script>', "a.webp 1w"),), "x", "", "", 1, 1, "")
    assert "<script>" not in str(macro(hostile))


def test_a_tiny_cover_and_a_remote_photo_are_warnings_naming_the_line(content_tree):
    from chapterhouse.config import ChapterhouseSettings
    from chapterhouse.core.catalog import load_catalog
    from chapterhouse.site.pictures import picture_warnings

    dot = io.BytesIO()
    Image.new("RGB", (1, 1), "red").save(dot, "PNG")
    root = content_tree(
        {
            "chapters/c.md": "---\ntitle: C\ntimezone: Europe/Paris\nbanner: images/dot.png\n---\n",
            "events/e.md": (
                "---\ntitle: E\nstart: 2027-01-20 18:30\nimage: images/dot.png\n"
                "speakers:\n  - name: Ada\n    photo: https://cdn.example/ada.jpg\n---\n"
            ),
            "images/dot.png": dot.getvalue(),
        }
    )
    catalog = load_catalog(root, ChapterhouseSettings(timezone="Europe/Paris"))
    items = (*catalog.published_events, *catalog.published_chapters)
    pictures, problems = load_pictures(root, picture_references(items))
    assert problems == []
    warnings = [w.removeprefix(f"{root.parent}/") for w in picture_warnings(items, pictures)]
    assert warnings == [
        "content/events/e.md:4: image: 'images/dot.png' is only 1×1 pixels: shown across the "
        "page it would be a blur; use a picture at least 1200 pixels wide",
        "content/events/e.md:7: speakers.0.photo: 'https://cdn.example/ada.jpg' is on another "
        "site, and pages load nothing from another host: it is not shown; put the photo in the "
        "content folder (images/…)",
        "content/chapters/c.md:4: banner: 'images/dot.png' is only 1×1 pixels: shown across "
        "the page it would be a blur; use a picture at least 1200 pixels wide",
    ]
