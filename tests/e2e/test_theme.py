"""The theme as a visitor reads it: the event page's card, registration states, listings that
name a zone and show a series once, the chapter page, the home page's identity.

The fixture site is built once per session at now = 2026-11-22 12:00 UTC, on a site whose
zone is Europe/Berlin (fixtureconf.py).
"""

from __future__ import annotations

import json
import re
import shutil

from tests.conftest import FIXTURE_SITE, ROOT, run_pelican
from tests.e2e.helpers import page, text


def _raw(site, path: str) -> str:
    return (site / path.strip("/") / "index.html").read_text(encoding="utf-8")


def test_the_event_page_puts_date_place_and_registration_in_one_card_beside_the_story(built_site):
    workshop = page(built_site, "/events/workshop/")
    card = workshop.select_one("aside.event-card")
    story = workshop.select_one(".event-story")
    assert card is not None and story is not None
    # In the document (and so on phones) the card comes right after the title.
    layout = workshop.select_one(".event-layout")
    assert [child.name for child in layout.find_all(recursive=False)] == ["header", "aside", "div"]
    said = text(card)
    assert "Thursday, December 10, 2026, 6:30 PM" in said
    assert "Betahaus" in said
    assert "Registration open" in said
    assert "€12.50" in said and "30 places" in said
    assert card.select_one("a.button")["href"].startswith("https://forms.example.org/workshop?")
    assert card.select_one(".add-to-calendar") is not None
    assert "Clara Vogel" in text(story.select_one(".speakers"))
    # No picture of its own: a pattern in the chapter's colour, decorative.
    cover = workshop.select_one(".cover.cover-pattern svg")
    assert cover["aria-hidden"] == "true"


def test_a_cancelled_event_drops_its_price_and_calendar_links_and_says_what_to_do(built_site):
    cancelled = page(built_site, "/events/cancelled/")
    card = cancelled.select_one("aside.event-card")
    said = text(card)
    assert "Cancelled" in said
    assert "Follow Python Berlin to hear about its next events." in said
    assert card.select_one(".add-to-calendar") is None
    assert card.select_one(".price") is None
    assert card.select_one("a.button")["href"] == "/chapters/berlin/"
    assert "Download the event" not in _raw(built_site, "/events/cancelled/")


def test_a_postponed_event_says_registration_reopens_with_the_new_date(built_site):
    said = text(page(built_site, "/events/postponed/").select_one(".rsvp"))
    assert "Postponed" in said
    assert "Registration will reopen when the new date is set." in said


def test_an_event_without_a_form_says_so_and_an_online_one_links_the_meeting(built_site):
    online = page(built_site, "/events/online/").select_one(".rsvp")
    assert "Open to all" in text(online)
    assert online.select_one("a.button")["href"] == "https://meet.example.org/maintainers"


def test_other_events_of_the_chapter_close_the_page_without_this_one(built_site):
    workshop = page(built_site, "/events/workshop/")
    others = [a["href"] for a in workshop.select(".other-events .event-item-title a")]
    assert others
    assert not any(href.startswith("/events/workshop/") for href in others)
    assert all(".chapter-name" not in str(item) for item in workshop.select(".other-events li"))


def test_a_listing_names_the_zone_of_an_event_elsewhere_and_only_there(built_site):
    listing = page(built_site, "/events/")
    rows = {
        item.select_one(".event-item-title a").get_text(strip=True): item
        for item in listing.select(".event-item")
    }
    # Berlin site: New York's events name their zone; Berlin's do not.
    assert rows["Online maintainers call"].select_one(".item-zone") is not None
    assert "Eastern" in rows["Online maintainers call"].select_one(".item-zone").get_text()
    assert rows["Packaging workshop: from pyproject to PyPI"].select_one(".item-zone") is None


def test_a_recurring_series_is_listed_once_with_its_rule_in_words_and_next_dates(built_site):
    links = []
    for path in ("/events/", "/events/page/2/", "/events/page/3/"):
        if (built_site / path.strip("/") / "index.html").exists():
            links += [a["href"] for a in page(built_site, path).select(".event-item-title a")]
    monthly = [href for href in links if href.startswith("/events/monthly/")]
    assert len(monthly) == 1
    item = page(built_site, "/events/").select_one(".event-item-series")
    assert "the second Tuesday of the month" in text(item)
    assert len(item.select("time")) == 3


def test_the_chapter_page_has_its_cover_join_actions_and_compact_past_events(built_site):
    berlin = page(built_site, "/chapters/berlin/")
    assert berlin.select_one(".cover") is not None
    join = [a.get_text(strip=True) for a in berlin.select(".join a")]
    assert join[0] == "Subscribe to its calendar"
    assert "News feed" in join
    assert berlin.select(".chapter-name") == []  # its own name is not repeated on each row
    past = berlin.select(".event-rows .event-row")
    assert past and all(row.select_one(".leaf") is None for row in past)


def test_the_home_page_leads_with_a_title_not_the_site_name_again(built_site):
    home = page(built_site, "/")
    assert home.select_one("h1").get_text(strip=True) == "Upcoming meetups near you"
    assert home.select_one(".site-name").get_text(strip=True) == "Fixture Network"


def test_a_full_event_says_so_and_offers_only_its_waiting_list(built_site):
    hybrid = page(built_site, "/events/hybrid/")
    card = hybrid.select_one(".rsvp")
    assert text(card.select_one(".state")) == "Full"
    assert "Every place is taken." in text(card)
    buttons = [a["href"] for a in card.select("a.button")]
    assert buttons == ["https://forms.example.org/panel-waitlist"]  # not the form itself
    assert "60 places" in text(card)


def test_an_event_with_a_picture_shows_it_as_a_responsive_cover_loaded_first(built_site):
    raw = _raw(built_site, "/events/hybrid/")
    hybrid = page(built_site, "/events/hybrid/")
    img = hybrid.select_one(".cover picture img")
    assert img["loading"] == "eager" and img["fetchpriority"] == "high"
    assert (img["width"], img["height"]) == ("1600", "900")
    webp = hybrid.select_one(".cover picture source[type='image/webp']")["srcset"]
    assert [entry.split()[1] for entry in webp.split(", ")] == [
        "320w",
        "640w",
        "960w",
        "1280w",
        "1600w",
    ]
    for entry in webp.split(", "):
        assert (built_site / entry.split()[0].lstrip("/")).is_file()
    assert 'class="cover cover-pattern"' not in raw
    # Its listing card has the picture small, lazily.
    listing = page(built_site, "/events/page/2/")
    item = next(
        li for li in listing.select(".event-item") if "Hybrid panel" in text(li.select_one("h2"))
    )
    thumb = item.select_one(".event-item-thumb img")
    assert thumb["loading"] == "lazy"
    assert thumb["src"].startswith("/images/hybrid-panel-")
    # An event with no picture of its own, nor its chapter: the chapter's pattern, lazily.
    workshop = next(
        li
        for li in page(built_site, "/events/").select(".event-item")
        if "Packaging workshop" in text(li.select_one("h2"))
    )
    pattern = workshop.select_one(".event-item-thumb img")
    assert (pattern["src"], pattern["loading"]) == ("/chapters/berlin/pattern.svg", "lazy")
    assert (built_site / "chapters" / "berlin" / "pattern.svg").read_text().startswith("<svg")


def test_a_chapter_colour_reaches_its_pages_as_a_stylesheet_readable_in_both_schemes(built_site):
    css = (built_site / "chapters" / "nyc" / "accent.css").read_text()
    assert ":root { --accent: #7c3aed;" in css
    for path in ("/chapters/nyc/", "/events/hybrid/"):
        links = [link["href"] for link in page(built_site, path).select("link[rel=stylesheet]")]
        assert "/chapters/nyc/accent.css" in links
    berlin = [link["href"] for link in page(built_site, "/events/workshop/").select("link")]
    assert "/chapters/nyc/accent.css" not in berlin


def test_the_logo_sets_the_header_and_the_icons_and_a_missing_one_is_a_warning(
    tmp_path, fixture_content
):
    content = shutil.copytree(fixture_content, tmp_path / "content")
    shutil.copy(ROOT / "content" / "images" / "logo.svg", content / "images" / "mark.svg")
    identity = {
        "logo": "images/mark.svg",
        "accent": "#0f766e",
        "tagline": {"en": "Open source, in person"},
        "intro": "Two chapters.\n\nCome along.",
    }
    built = run_pelican(
        content,
        tmp_path / "with",
        FIXTURE_SITE / "fixtureconf.py",
        overrides={"CHAPTERHOUSE": identity},
    )
    assert built.returncode == 0, built.stderr
    home = page(tmp_path / "with", "/")
    logo = home.select_one(".site-name img.site-logo")
    assert (logo["src"], logo["width"], logo["height"], logo["alt"]) == (
        "/images/mark.svg",
        "64",
        "64",
        "",  # the site's name follows it as text
    )
    assert home.select_one("h1").get_text(strip=True) == "Open source, in person"
    assert [p.get_text() for p in home.select(".home-intro .lede p")] == [
        "Two chapters.",
        "Come along.",
    ]
    assert home.select_one("meta[name=description]")["content"] == "Two chapters.\n\nCome along."
    assert "/css/accent.css" in [link["href"] for link in home.select("link[rel=stylesheet]")]
    assert ":root { --accent: #0f766e;" in (tmp_path / "with" / "css" / "accent.css").read_text()
    without = run_pelican(
        content,
        tmp_path / "without",
        FIXTURE_SITE / "fixtureconf.py",
        overrides={"CHAPTERHOUSE": {"logo": "images/gone.svg"}},
    )
    assert without.returncode == 0, without.stderr
    said = " ".join((without.stdout + without.stderr).split())
    assert "CHAPTERHOUSE['logo']:" in said  # (the console may wrap the line)
    assert "'images/gone.svg': no such file in" in said
    assert "built without a logo" in said
    assert page(tmp_path / "without", "/").select_one(".site-logo") is None
    # The icons: drawn from the logo, else from the initials.
    icon = (tmp_path / "with" / "apple-touch-icon.png").read_bytes()
    assert icon != (tmp_path / "without" / "apple-touch-icon.png").read_bytes()


def test_search_engines_get_the_events_picture_and_sharing_gets_its_card(built_site):
    hybrid = page(built_site, "/events/hybrid/")
    data = json.loads(hybrid.select_one("script[type='application/ld+json']").string)
    event = data["@graph"][0]
    assert event["image"] == ["https://meetups.example.org/images/hybrid-panel.jpg"]
    og = hybrid.select_one("meta[property='og:image']")["content"]
    assert re.fullmatch(r"https://meetups\.example\.org/events/hybrid/card\.[0-9a-f]{8}\.png", og)
    workshop = page(built_site, "/events/workshop/")
    data = json.loads(workshop.select_one("script[type='application/ld+json']").string)
    assert data["@graph"][0]["image"] == [
        workshop.select_one("meta[property='og:image']")["content"]
    ]


def test_the_directory_names_the_zone_of_a_next_date_elsewhere(built_site):
    entries = {
        li.select_one(".chapter-link").get_text(strip=True): text(li.select_one(".chapter-next"))
        for li in page(built_site, "/chapters/").select(".chapter-list li")
    }
    assert "Eastern Standard Time" in entries["NYC Open Source"]
    assert "Time" not in entries["Python Berlin"].replace("Tue,", "")
