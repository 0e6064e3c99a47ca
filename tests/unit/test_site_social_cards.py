"""Social cards: one per event, at an address that changes with what the card shows."""

from __future__ import annotations

import io
import logging
import os
import re
import time
from datetime import UTC, datetime

import pytest
from PIL import Image

from chapterhouse.config import ChapterhouseSettings
from chapterhouse.core.cachefiles import PRUNED, BlobStore
from chapterhouse.core.catalog import load_catalog
from chapterhouse.core.problems import FieldError
from chapterhouse.render.i18n import Interfaces
from chapterhouse.site import social_cards
from chapterhouse.site.icons import ACCENT
from chapterhouse.site.model import SiteModel
from chapterhouse.site.pictures import load_pictures, picture_references
from chapterhouse.site.schedule import build_schedule
from chapterhouse.site.social_cards import PAGE_VALUE, SocialCards, card_keys, card_path, kept_card
from chapterhouse.site.urls import Urls

NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)
CHAPTER = """---
title: Python Toulouse
timezone: Europe/Paris
lang: fr
{image}---
"""
EVENT = """---
title: {title}
chapter: toulouse
start: 2026-12-10 18:30
end: "21:00"
{image}---
"""


def _jpeg(color: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (900, 600), color).save(out, "JPEG")
    return out.getvalue()


def _cards(
    content_tree,
    title: str = "Atelier packaging",
    event_image: str = "",
    chapter_image: str = "",
    now: datetime = NOW,
    social_cards: bool = True,
    store: BlobStore | None = None,
) -> tuple[SocialCards, object]:
    files: dict[str, str | bytes] = {
        "chapters/toulouse.md": CHAPTER.format(
            image=f"image: {chapter_image}\n" if chapter_image else ""
        ),
        "events/toulouse/atelier.md": EVENT.format(
            title=title, image=f"image: {event_image}\n" if event_image else ""
        ),
        "images/salle.jpg": _jpeg((200, 60, 20)),
        "images/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"/>',
    }
    root = content_tree(files)
    settings = ChapterhouseSettings(
        site_url="https://meetups.example.org", timezone="Europe/Paris", lang="fr",
        site_name="Réseau Python", social_cards=social_cards,
    )  # fmt: skip
    catalog = load_catalog(root, settings)
    assert not catalog.problems, catalog.problems
    items = (*catalog.published_events, *catalog.published_chapters)
    pictures, problems = load_pictures(root, picture_references(items))
    assert not problems
    model = SiteModel(
        settings=settings,
        urls=Urls(settings.site_url, settings.site_path, settings.languages),
        now=now,
        catalog=catalog,
        schedule=build_schedule(catalog.events, now, settings, catalog.topics),
        pictures=pictures,
    )
    return SocialCards(model, Interfaces(), store=store), catalog.published_events[0]


def test_an_event_card_is_a_1200_by_630_png_at_its_address(content_tree):
    cards, event = _cards(content_tree)
    output = cards.event_card(event)
    assert re.fullmatch(r"events/atelier/card\.[0-9a-f]{8}\.png", output.path)
    assert output.path == cards.card_path(event)
    with Image.open(io.BytesIO(output.make(output.inputs))) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))


def test_the_card_shows_the_date_in_the_events_language_and_the_chapter(content_tree):
    cards, event = _cards(content_tree)
    spec, cover = cards.describe(event)
    assert spec.when == "jeudi 10 décembre 2026, 18:30 – 21:00"
    assert (spec.title, spec.chapter, spec.site, spec.lang) == (
        "Atelier packaging",
        "Python Toulouse",
        "Réseau Python",
        "fr",
    )
    assert (spec.color, spec.seed, cover) == (ACCENT, "toulouse", None)


def test_the_address_changes_with_the_title_and_stays_with_the_same_content(content_tree):
    first = _cards(content_tree)
    same = _cards(content_tree)
    renamed = _cards(content_tree, title="Atelier packaging (complet)")
    assert first[0].card_path(first[1]) == same[0].card_path(same[1])
    assert first[0].card_path(first[1]) != renamed[0].card_path(renamed[1])


def test_a_local_raster_cover_is_declared_by_its_digest_and_changes_the_address(content_tree):
    plain = _cards(content_tree)
    covered_cards, event = _cards(content_tree, event_image="/images/salle.jpg")
    spec, cover = covered_cards.describe(event)
    assert cover is not None and cover.name == "images/salle.jpg"
    output = covered_cards.event_card(event)
    assert output.inputs == {"spec": spec, "cover": cover.digest}
    assert output.path == card_path("atelier", spec, cover.digest)
    assert output.path != plain[0].card_path(plain[1])
    with Image.open(io.BytesIO(output.make(output.inputs))) as image:
        assert image.size == (1200, 630)
        red, _, blue = image.convert("RGB").getpixel((8, 8))
        assert red > blue  # the red photo, darkened, not the blue pattern


def test_the_chapters_picture_is_the_cover_when_the_event_has_none(content_tree):
    cards, event = _cards(content_tree, chapter_image="images/salle.jpg")
    assert cards.describe(event)[1] is not None
    # An SVG (a logo) or a picture on another host is no cover: the pattern is drawn.
    cards, event = _cards(content_tree, chapter_image="images/logo.svg")
    assert cards.describe(event)[1] is None
    cards, event = _cards(content_tree, event_image="https://example.org/x.jpg")
    assert cards.describe(event)[1] is None


def test_the_event_page_declares_its_cards_path(content_tree):
    cards, event = _cards(content_tree)
    assert cards.page_values("event", {"event": event}) == {PAGE_VALUE: cards.card_path(event)}
    assert cards.page_values("chapter", {"chapter": None}) == {}


def test_a_site_that_turns_cards_off_gets_none_and_its_pages_name_none(content_tree):
    cards, event = _cards(content_tree, social_cards=False)
    assert cards.has_card(event) is False
    assert cards.page_values("event", {"event": event}) == {}


def test_the_social_cards_setting_is_a_switch():
    settings = ChapterhouseSettings.from_settings({"CHAPTERHOUSE": {"social_cards": False}})
    assert settings.social_cards is False
    assert ChapterhouseSettings.from_settings({}).social_cards is True
    with pytest.raises(ValueError, match=r"CHAPTERHOUSE\['social_cards'\] must be True or False"):
        ChapterhouseSettings.from_settings({"CHAPTERHOUSE": {"social_cards": "no"}})


def test_an_event_keeps_its_card_for_the_history_window_after_it_ended(content_tree):
    """Links are shared before and just after an event: the archive keeps its own picture."""
    ended = datetime(2026, 12, 10, 20, tzinfo=UTC)  # 21:00 in Paris
    for now, has in (
        (NOW, True),
        (ended, True),
        (datetime(2027, 12, 10, 19, tzinfo=UTC), True),  # 365 days on, within the window
        (datetime(2027, 12, 10, 21, tzinfo=UTC), False),
    ):
        cards, event = _cards(content_tree, now=now)
        assert cards.has_card(event) is has, now
        assert (PAGE_VALUE in cards.page_values("event", {"event": event})) is has


def test_characters_no_font_has_are_a_warning_naming_the_event_file(content_tree, caplog):
    cards, event = _cards(content_tree, title="Atelier \U0001f40d packaging")
    output = cards.event_card(event)
    with caplog.at_level(logging.WARNING, logger="chapterhouse"):
        output.make(output.inputs)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"[chapterhouse] {event.source.path}: the social card leaves out")
    assert "U+1F40D" in warnings[0]


def test_fonts_are_loaded_once_per_language(content_tree):
    cards, _ = _cards(content_tree)
    assert cards.fonts("fr") is cards.fonts("fr")
    assert cards.fonts("fr") is not cards.fonts("ja")


@pytest.mark.parametrize("digest", ["", "0" * 32])
def test_card_path_is_a_pure_function_of_declared_values(content_tree, digest):
    cards, event = _cards(content_tree)
    spec, _ = cards.describe(event)
    assert card_path("atelier", spec, digest) == card_path("atelier", spec, digest)
    assert card_path("atelier", spec, digest).startswith("events/atelier/card.")


def test_the_fonts_and_imaging_libraries_are_part_of_the_build_fingerprint(tmp_path):
    from chapterhouse.adapters.build import LIBRARIES, build_fingerprint, fonts_fingerprint

    assert {"pillow", "fonttools", "resvg-py"} <= set(LIBRARIES)
    fonts = tmp_path / "theme" / "static" / "fonts"
    fonts.mkdir(parents=True)
    (fonts / "NotoSans-Bold.ttf").write_bytes(b"one")
    settings = {"THEME": str(tmp_path / "theme")}
    before = (fonts_fingerprint(settings), build_fingerprint(settings))
    (fonts / "NotoSans-Bold.ttf").write_bytes(b"two")
    after = (fonts_fingerprint(settings), build_fingerprint(settings))
    assert before[0] != after[0] and before[1] != after[1]


def test_a_card_kept_in_the_store_is_not_drawn_again_and_its_warning_comes_again(
    content_tree, tmp_path, monkeypatch, caplog
):
    """A template or code change starts the build afresh; the cards it already drew stay."""
    store = BlobStore(tmp_path / "cards" / "abc")
    cards, event = _cards(content_tree, title="Atelier \U0001f40d packaging", store=store)
    output = cards.event_card(event)
    drawn = output.make(output.inputs)
    assert sorted(p.suffix for p in store.folder.iterdir()) == [".missing", ".png"]

    def no_drawing(*arguments, **options):
        raise AssertionError("drawn again")

    monkeypatch.setattr(social_cards, "render_card", no_drawing)
    again, _ = _cards(content_tree, title="Atelier \U0001f40d packaging", store=store)
    with caplog.at_level(logging.WARNING, logger="chapterhouse"):
        assert again.event_card(event).make(output.inputs) == drawn
    assert any("U+1F40D" in r.getMessage() for r in caplog.records)
    other, retitled = _cards(content_tree, title="Autre atelier", store=store)
    with pytest.raises(AssertionError, match="drawn again"):
        other.event_card(retitled).make(other.event_card(retitled).inputs)


def test_the_store_tells_a_card_over_a_cover_from_the_same_card_without_one(content_tree, tmp_path):
    store = BlobStore(tmp_path / "cards" / "abc")
    plain, event = _cards(content_tree, store=store)
    covered, covered_event = _cards(content_tree, event_image="/images/salle.jpg", store=store)
    without = plain.event_card(event)
    over = covered.event_card(covered_event)
    without_png, over_png = without.make(without.inputs), over.make(over.inputs)
    assert without_png != over_png
    assert len(list(store.folder.glob("*.png"))) == 2
    # Read back from the store, each is still its own card.
    again, _ = _cards(content_tree, event_image="/images/salle.jpg", store=store)
    assert again.event_card(covered_event).make(over.inputs) == over_png
    assert plain.event_card(event).make(without.inputs) == without_png


def test_a_kept_cards_warning_names_the_event_file_as_a_drawn_one_does(
    content_tree, tmp_path, caplog
):
    store = BlobStore(tmp_path / "cards" / "abc")
    for _ in range(2):  # drawn, then read from the store
        cards, event = _cards(content_tree, title="Atelier \U0001f40d", store=store)
        output = cards.event_card(event)
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="chapterhouse"):
            output.make(output.inputs)
        (warning,) = [r.getMessage() for r in caplog.records]
        assert warning.startswith(
            f"[chapterhouse] {event.source.path}: the social card leaves out '\U0001f40d' (U+1F40D)"
        )


def test_a_cover_that_cannot_be_decoded_gives_the_pattern_card_and_a_warning_on_its_file(
    content_tree, monkeypatch, caplog
):
    covered, event = _cards(content_tree, event_image="/images/salle.jpg")
    plain, plain_event = _cards(content_tree)
    output = covered.event_card(event)
    drawn = social_cards.render_card

    def cover_fails(spec, cover=None, fonts=None):
        if cover is not None:
            raise FieldError("the picture cannot be decoded", "save it again as JPEG or PNG")
        return drawn(spec, None, fonts)

    monkeypatch.setattr(social_cards, "render_card", cover_fails)
    with caplog.at_level(logging.WARNING, logger="chapterhouse"):
        png = output.make(output.inputs)
    plain_output = plain.event_card(plain_event)
    assert png == plain_output.make(plain_output.inputs)  # the chapter's pattern
    (warning,) = [r.getMessage() for r in caplog.records]
    assert warning == (
        f"[chapterhouse] {event.source.path}:1: image: the picture cannot be decoded "
        "(save it again as JPEG or PNG)"
    )


def test_the_pattern_card_drawn_for_an_undecodable_cover_still_reports_missing_characters(
    content_tree, monkeypatch, caplog
):
    covered, event = _cards(
        content_tree, title="Atelier \U0001f40d", event_image="/images/salle.jpg"
    )
    output = covered.event_card(event)
    drawn = social_cards.render_card

    def cover_fails(spec, cover=None, fonts=None):
        if cover is not None:
            raise FieldError("the picture cannot be decoded")
        return drawn(spec, None, fonts)

    monkeypatch.setattr(social_cards, "render_card", cover_fails)
    with caplog.at_level(logging.WARNING, logger="chapterhouse"):
        output.make(output.inputs)
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 2
    assert "image: the picture cannot be decoded" in warnings[0]
    assert "U+1F40D" in warnings[1]


def test_a_store_that_cannot_be_written_is_no_store(tmp_path):
    (tmp_path / "cards").write_text("a file where the folder should be")
    store = BlobStore(tmp_path / "cards" / "abc")
    store.put("0123abcd.png", b"x")  # never raises
    assert store.get("0123abcd.png") is None
    assert store.prune(lambda name: True) == 0


def test_a_damaged_card_in_the_store_is_drawn_again_never_published(content_tree, tmp_path):
    store = BlobStore(tmp_path / "cards" / "abc")
    cards, event = _cards(content_tree, store=store)
    output = cards.event_card(event)
    drawn = output.make(output.inputs)
    (stored,) = store.folder.glob("*.png")
    for damaged in (drawn[:500], b"", drawn[:-1]):
        stored.write_bytes(damaged)
        again, _ = _cards(content_tree, store=store)
        assert again.event_card(event).make(output.inputs) == drawn
        assert stored.read_bytes() == drawn  # and the store is mended


def test_the_store_drops_what_no_build_used_for_a_week_and_keeps_what_another_site_uses(
    tmp_path,
):
    """Sites may share one cache: a card this build does not use goes only once unused."""
    store = BlobStore(tmp_path / "cards" / "current")
    week, now = 7 * 86_400, time.time()
    ages = {
        "0123abcdffff.png": 30 * 86_400,  # used by this build, old: kept, marked used now
        "0123abcdffff.missing": 30 * 86_400,
        "99999999eeee.png": 30 * 86_400,  # unused for a month: goes
        "88888888dddd.png": 3600,  # unused by this build, used an hour ago by another: kept
        "77777777cccc.png": 3 * 86_400,  # unused for three days: kept (a week is the limit)
        ".abc.tmp": 2 * 86_400,  # a write that never finished: goes
    }
    for name, age in ages.items():
        store.put(name, b"x") if not name.startswith(".") else (store.folder / name).write_bytes(
            b""
        )
        os.utime(store.folder / name, (now - age, now - age))
    older = tmp_path / "cards" / "older"  # stores for other fonts or code
    oldest = tmp_path / "cards" / "oldest"
    recent = tmp_path / "cards" / "recent"
    for folder, age in ((older, 2 * week), (oldest, 3 * week), (recent, 60)):
        folder.mkdir()
        os.utime(folder, (now - age, now - age))
    used = card_keys(["events/a/card.0123abcd.png", "events/a/index.html", "card.99999999.png"])
    assert used == {"0123abcd"}
    assert store.prune(lambda name: kept_card(name, used)) == 4
    assert sorted(p.name for p in (tmp_path / "cards").iterdir()) == ["current", "recent"]
    assert sorted(p.name for p in store.folder.iterdir()) == [
        ".pruned", "0123abcdffff.missing", "0123abcdffff.png", "77777777cccc.png",
        "88888888dddd.png",
    ]  # fmt: skip
    assert now - (store.folder / "0123abcdffff.png").stat().st_mtime < 60
    assert store.get("0123abcdffff.png") == b"x" and store.get("99999999eeee.png") is None


def test_the_store_is_looked_through_at_most_once_a_day_when_asked(tmp_path):
    """A look reads the time of every card: a large network's builds do it once a day."""
    store = BlobStore(tmp_path / "cards" / "current")
    now = time.time()
    store.put("99999999eeee.png", b"x")
    old = now - 30 * 86_400
    os.utime(store.folder / "99999999eeee.png", (old, old))
    (store.folder / PRUNED).touch()  # looked an hour ago
    os.utime(store.folder / PRUNED, (now - 3600, now - 3600))
    assert store.prune(lambda name: False, every=86_400) == 0
    assert store.get("99999999eeee.png") == b"x"
    os.utime(store.folder / PRUNED, (now - 86_500, now - 86_500))  # a day and more ago
    assert store.prune(lambda name: False, every=86_400) == 1
    assert store.get("99999999eeee.png") is None
    assert now - (store.folder / PRUNED).stat().st_mtime < 60  # the look is dated
    store.put("99999999eeee.png", b"x")
    os.utime(store.folder / "99999999eeee.png", (old, old))
    assert store.prune(lambda name: False, every=86_400) == 0  # looked just now
    assert store.prune(lambda name: False) == 1  # without ``every``: every time
    assert (store.folder / PRUNED).exists()  # the marker is never taken for a card


def test_each_site_sharing_the_store_looks_at_its_own_pace(tmp_path):
    """A site that just looked does not stop another from renewing the cards it uses."""
    store = BlobStore(tmp_path / "cards" / "current")
    now, six_days = time.time(), 6 * 86_400
    store.put("11111111aaaa.png", b"x")  # used by site b only
    os.utime(store.folder / "11111111aaaa.png", (now - six_days, now - six_days))
    assert store.prune(lambda name: False, every=86_400, looker="-a") == 0  # a looks first
    assert store.prune(lambda name: name.startswith("1111"), every=86_400, looker="-b") == 0
    assert now - (store.folder / "11111111aaaa.png").stat().st_mtime < 60  # b renewed its card
    gone = now - 8 * 86_400
    os.utime(store.folder / f"{PRUNED}-a", (gone, gone))  # site a has not built for 8 days
    (store.folder / f"{PRUNED}-c").touch()
    assert store.prune(lambda name: True, looker="-b") == 0
    assert sorted(p.name for p in store.folder.iterdir() if p.name.startswith(PRUNED)) == [
        f"{PRUNED}-b",
        f"{PRUNED}-c",
    ]  # a's mark went with it; c's, recent, stays


def test_the_card_store_is_another_one_when_the_fonts_change(tmp_path):
    from chapterhouse.adapters.build import card_store_folder

    fonts = tmp_path / "theme" / "static" / "fonts"
    fonts.mkdir(parents=True)
    (fonts / "NotoSans-Bold.ttf").write_bytes(b"one")
    settings = {"THEME": str(tmp_path / "theme"), "CACHE_PATH": str(tmp_path / "cache")}
    before = card_store_folder(settings)
    assert before == card_store_folder(settings)
    assert before.parent == tmp_path / "cache" / "chapterhouse" / "cards"
    (fonts / "NotoSans-Bold.ttf").write_bytes(b"two")
    assert card_store_folder(settings) != before
