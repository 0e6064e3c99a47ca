"""Property: any event file is either refused with located messages, or loads into an
event whose page body, calendar, feed entry and JSON-LD all stay well-formed."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
from hypothesis import HealthCheck, event, given, settings
from icalendar import Calendar

from chapterhouse.calendar.ics import CalendarInfo, EventLinks, IcsWriter
from chapterhouse.config import ChapterhouseSettings
from chapterhouse.core.loading import load_chapter, load_event
from chapterhouse.feeds.news import FeedInfo, FeedItem, render_feeds
from chapterhouse.render.i18n import Interfaces
from chapterhouse.render.markdown import MarkdownRenderer
from chapterhouse.site.jsonld import event_jsonld, script_json
from chapterhouse.site.urls import Urls
from tests.fuzz_strategies import event_files

CONFIG = ChapterhouseSettings(
    site_url="https://meetups.example.org",
    timezone="Europe/Paris",
    uid_domain="meetups.example.org",
)
URLS = Urls(CONFIG.site_url)
NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)
CHAPTER = load_chapter(
    b"---\ntitle: Paris\ntimezone: Europe/Paris\ncountry: FR\n---\n",
    "chapters/paris.md",
    "x",
    CONFIG,
    Path("/nonexistent"),
).item


@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(raw=event_files())
def test_any_event_file_is_refused_clearly_or_produces_well_formed_output(raw):
    loaded = load_event(
        raw,
        "events/fuzz.md",
        "content/events/fuzz.md",
        CONFIG,
        Path("/nonexistent"),
        {"paris": CHAPTER},
    )
    event("refused" if loaded.item is None else "built")
    if loaded.item is None:
        assert loaded.problems, "a refused file must say why"
        for problem in loaded.problems:
            assert problem.line >= 1 and problem.field and problem.message
            assert "\n" not in problem.format() and "\x1b" not in problem.format()
        return
    assert not loaded.problems
    item = loaded.item
    MarkdownRenderer().render(item.body)
    occurrences = item.occurrences((NOW - timedelta(days=3650), NOW + timedelta(days=3650))) or [
        item.occurrence_at(item.start)
    ]
    writer = IcsWriter(
        CONFIG.uid_domain, CONFIG.calendar_refresh, (1889, 2212), lambda lang, s, *plural: s
    )
    page = URLS.absolute(URLS.event_path(item.slug))
    block = writer.event_block(item, CHAPTER, None, EventLinks(page, "https://forms.example.org/x"))
    data = writer.calendar(CalendarInfo("Fuzz", "Fuzz", page), [block])
    calendar = Calendar.from_ical(data)
    # The series, then the dates its rule cannot give every reader as they are (a span
    # across a clock change), as overrides of the same UID.
    vevent, *overrides = calendar.walk("VEVENT")
    assert not vevent.errors and str(vevent["UID"])
    assert all(o["UID"] == vevent["UID"] and "RECURRENCE-ID" in o for o in overrides)
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))

    info = FeedInfo("Fuzz", "Fuzz", page, page + "a.xml", page + "r.xml", "fr", "Site")
    atom, rss = render_feeds(
        info, [FeedItem(item, occurrences[0], CHAPTER, page, "", None)], Interfaces()
    )
    for document in (atom, rss):
        parsed = feedparser.parse(document)
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        assert len(parsed.entries) == 1

    structured = script_json(
        event_jsonld(
            item, CHAPTER, occurrences, None, URLS, "Site", "https://x/i.png", "d", None, "TBA"
        )
    )
    assert "<" not in structured and ">" not in structured
    assert json.loads(str(structured))["@graph"][0]["name"] == item.title
