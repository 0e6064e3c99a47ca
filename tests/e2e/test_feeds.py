"""News feeds and events.json as feed readers and other sites see them."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from xml.sax.saxutils import escape as xml_escape

import feedparser
import pytest

from tests.conftest import FIXTURE_MTIME

FEEDS = [
    "feeds/all.atom.xml",
    "feeds/all.rss.xml",
    "feeds/chapters/berlin.atom.xml",
    "feeds/chapters/berlin.rss.xml",
    "feeds/chapters/nyc.atom.xml",
    "feeds/chapters/nyc.rss.xml",
]


@pytest.mark.parametrize("path", FEEDS)
def test_feeds_parse_cleanly(built_site, path):
    feed = feedparser.parse((built_site / path).read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version in ("atom10", "rss20")
    assert feed.feed.title
    assert feed.feed.language == "en"
    assert feed.entries
    for entry in feed.entries:
        assert entry.link.startswith("https://meetups.example.org/events/")
        assert entry.id == entry.link
    assert any(link.get("rel") == "self" for link in feed.feed.links)


def test_entries_newest_announcement_first_with_date_and_chapter(built_site):
    feed = feedparser.parse((built_site / "feeds/all.atom.xml").read_bytes())
    published = [entry.published_parsed for entry in feed.entries]
    assert published == sorted(published, reverse=True)
    titles = [entry.title for entry in feed.entries]
    assert (
        "Thu, Dec 10, 2026 · Python Berlin — Packaging workshop: from pyproject to PyPI" in titles
    )
    assert any(
        t.startswith("Cancelled: Wed, Dec 2, 2026 · Python Berlin — December social")
        for t in titles
    )
    assert not any("dinner" in t or "draft" in t.lower() for t in titles)


def test_entry_dates_come_from_content_history_not_the_event_or_the_clock(built_site):
    feed = feedparser.parse((built_site / "feeds/all.atom.xml").read_bytes())
    earliest = datetime.fromtimestamp(FIXTURE_MTIME, UTC)
    for entry in feed.entries:
        updated = datetime(*entry.updated_parsed[:6], tzinfo=UTC)
        assert earliest <= updated < datetime(2026, 11, 1, tzinfo=UTC)
    raw = (built_site / "feeds/all.rss.xml").read_text()
    assert "lastBuildDate" in raw and "python-feedgen" not in raw


def test_entry_content_says_when_where_and_how_to_rsvp(built_site):
    feed = feedparser.parse((built_site / "feeds/chapters/berlin.atom.xml").read_bytes())
    (workshop,) = [e for e in feed.entries if e.link.endswith("/workshop/")]
    html = workshop.content[0].value
    raw = (built_site / "feeds/chapters/berlin.atom.xml").read_text(encoding="utf-8")
    for shown in (  # the raw XML (the entry's HTML, escaped), not a feed reader's reading
        "<strong>When</strong><br>Thursday, December 10, 2026, 6:30\u202fPM – 9:00\u202fPM"
        "<br>Central European Standard Time (GMT+01:00)",
        "<strong>Where</strong><br>Betahaus<br>Rudi-Dutschke-Straße 23<br>10969 Berlin",
    ):
        assert xml_escape(shown) in raw
    assert "Betahaus" in html
    assert 'href="https://forms.example.org/workshop?' in html
    assert workshop.author == "Python Berlin"


def test_chapter_feed_holds_only_its_events(built_site):
    feed = feedparser.parse((built_site / "feeds/chapters/nyc.rss.xml").read_bytes())
    assert {e.link.rsplit("/", 2)[-2] for e in feed.entries} == {
        "conference",
        "online",
        "postponed",
        "rescheduled",
        "quarterly-2026-05",
        "quarterly-2026-08",
        "quarterly-2027-02",
        "hybrid",
    }


def test_pages_advertise_feeds(built_site):
    text = (built_site / "chapters/berlin/index.html").read_text()
    assert (
        'type="application/atom+xml" title="Python Berlin (Atom)" href="https://meetups.example.org/feeds/chapters/berlin.atom.xml"'
        in text
    )
    assert 'type="application/rss+xml"' in text


def test_events_json_schema(built_site):
    document = json.loads((built_site / "events.json").read_text())
    assert document["version"] == 2
    by_id = {e["id"]: e for e in document["events"]}
    workshop = by_id["workshop@meetups.example.org"]
    assert workshop["start"] == "2026-12-10T18:30:00+01:00"
    assert workshop["end"] == "2026-12-10T21:00:00+01:00"
    assert workshop["timezone"] == "Europe/Berlin"
    assert workshop["status"] == "scheduled"
    assert workshop["url"] == "https://meetups.example.org/events/workshop/"
    assert workshop["chapter"] == {
        "slug": "berlin",
        "title": "Python Berlin",
        "url": "https://meetups.example.org/chapters/berlin/",
        "city": "Berlin",  # version 2 adds these three
        "country": "DE",
        "lang": "en",
    }
    assert workshop["venue"]["geo"] == [52.5066, 13.391]
    assert workshop["rsvp_url"].startswith("https://forms.example.org/workshop?")
    assert workshop["topics"] == ["python", "packaging"]
    conference = by_id["conference@meetups.example.org"]
    assert (conference["start"], conference["end"], conference["all_day"]) == (
        "2027-04-12",
        "2027-04-14",
        True,
    )
    online = by_id["online@meetups.example.org"]
    assert (
        online["online_url"] == "https://meet.example.org/maintainers" and online["venue"] is None
    )
    monthly = by_id["monthly@meetups.example.org"]
    assert monthly["recurrence"] == "FREQ=MONTHLY;COUNT=8;BYDAY=2TU"
    assert [o["start"][:10] for o in monthly["occurrences"]] == [
        "2026-10-13",
        "2026-11-10",
        "2026-12-08",
        "2027-02-09",
        "2027-03-30",  # moved from 9 March (occurrences: in the fixture)
        "2027-04-13",
        "2027-05-11",
    ]
    assert by_id["cancelled@meetups.example.org"]["status"] == "cancelled"
    assert "hidden@meetups.example.org" not in by_id
