"""Co-hosted and network-wide events: in each chapter's listings, calendars and feeds, once.

A copy of the fixture site (chapters berlin and nyc; now = 2026-11-22) with an event
co-hosted by both chapters and a network-wide event without a host, built once.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import icalendar
import pytest

from tests.conftest import FIXTURE_SITE, copy_fixture_content, run_pelican
from tests.e2e.helpers import page, text

COHOSTED = """---
title: Berlin meets New York
chapter: [berlin, nyc]
start: 2027-01-14 18:00
end: 20:00
attendance_mode: online
online: https://meet.example.org/berlin-nyc
---
Both chapters, one call.
"""
NETWORK = """---
title: Global Python day
all_chapters: true
start: 2027-02-06 15:00
end: 18:00
timezone: UTC
attendance_mode: online
online: https://meet.example.org/global
---
Every chapter at once.
"""
TITLES = ("Berlin meets New York", "Global Python day")
#: A second Berlin chapter, co-hosting an evening with Python Berlin.
BERLIN_JS = """---
title: Berlin JS
timezone: Europe/Berlin
city: Berlin
country: DE
---
"""
TWO_IN_BERLIN = """---
title: Python and JS in Berlin
chapter: [berlin-js, berlin]
start: 2027-01-21 19:00
end: 21:00
venue: Betahaus
---
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cohosting")
    content = copy_fixture_content(root / "content")
    (content / "events" / "berlin-nyc.md").write_text(COHOSTED, encoding="utf-8")
    (content / "events" / "global-day.md").write_text(NETWORK, encoding="utf-8")
    (content / "chapters" / "berlin-js.md").write_text(BERLIN_JS, encoding="utf-8")
    (content / "events" / "two-in-berlin.md").write_text(TWO_IN_BERLIN, encoding="utf-8")
    output = root / "output"
    result = run_pelican(content, output, FIXTURE_SITE / "fixtureconf.py", cache=root / "cache")
    assert result.returncode == 0, result.stderr
    return output


def _summaries(path: Path) -> Counter:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return Counter(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))


@pytest.mark.parametrize("chapter", ["berlin", "nyc"])
def test_each_chapter_lists_both_events_once(site, chapter):
    listed = [text(a) for a in page(site, f"/chapters/{chapter}/").select(".event-item-title a")]
    for title in TITLES:
        assert listed.count(title) == 1, (chapter, listed)
    summaries = _summaries(site / "chapters" / chapter / "calendar.ics")
    assert [summaries[title] for title in TITLES] == [1, 1]
    feed = (site / "feeds" / "chapters" / f"{chapter}.atom.xml").read_text(encoding="utf-8")
    entries = re.findall(r"<title>([^<]*)</title>", feed)[1:]  # the first is the feed's own
    for title in TITLES:
        assert sum(entry.endswith(title) for entry in entries) == 1, (chapter, entries)


def test_the_site_lists_and_publishes_each_event_once(site):
    listed = [
        text(a)
        for path in ("/events/", "/events/page/2/", "/events/page/3/")
        if (site / path.strip("/") / "index.html").is_file()
        for a in page(site, path).select(".event-item-title a")
    ]
    assert [listed.count(title) for title in TITLES] == [1, 1]
    assert [_summaries(site / "calendar.ics")[title] for title in TITLES] == [1, 1]
    uids = [
        str(e["UID"])
        for e in icalendar.Calendar.from_ical((site / "calendar.ics").read_bytes()).walk("VEVENT")
        if "RECURRENCE-ID" not in e  # a changed date of a series is the series' (same UID)
    ]
    assert len(uids) == len(set(uids))


def test_the_event_page_names_every_host(site):
    kicker = page(site, "/events/berlin-nyc/").select_one(".kicker")
    hosts = [a["href"] for a in kicker.select(".p-organizer a")]
    assert hosts == ["/chapters/berlin/", "/chapters/nyc/"]
    assert text(kicker) == "Python Berlin and NYC Open Source · co-hosted event"
    network = page(site, "/events/global-day/").select_one(".kicker")
    assert text(network) == "An event of the whole network"


def test_events_json_names_the_cohosts_and_the_network_wide_event(site):
    events = {e["title"]: e for e in json.loads((site / "events.json").read_text())["events"]}
    cohosted = events["Berlin meets New York"]
    assert cohosted["chapter"]["slug"] == "berlin"
    assert [c["slug"] for c in cohosted["cohosts"]] == ["nyc"]
    assert cohosted["cohosts"][0]["url"] == "https://meetups.example.org/chapters/nyc/"
    assert cohosted["all_chapters"] is False
    network = events["Global Python day"]
    assert network["chapter"] is None and network["cohosts"] == []
    assert network["all_chapters"] is True


def test_a_city_lists_an_event_two_of_its_chapters_host_once(site):
    city = page(site, "/cities/de-berlin/")
    assert [text(a) for a in city.select(".chapter-link")] == ["Berlin JS", "Python Berlin"]
    assert len(city.select(".event-item-title a")) == 5  # a page of them: all on its listing
    listed, path = [], "/cities/de-berlin/upcoming/"
    while path:
        listing = page(site, path)
        listed += [text(a) for a in listing.select(".event-item-title a")]
        following = listing.select_one(".pagination a[rel=next]")
        path = following["href"] if following else ""
    assert listed.count("Python and JS in Berlin") == 1
    assert listed.count("Global Python day") == 1
