"""Changed dates of a series (``occurrences:``) as calendar apps, pages and feeds show them.

The fixture's monthly Berlin series has one date moved past the change to
summer time, one at another venue with another speaker, and one cancelled. A
second site, built here, changes dates of series in several zones (around
both clock changes, all-day, in UTC): each ``.ics`` is expanded by icalendar
with recurring-ical-events, vobject and Mozilla's ical.js, and every instant
is compared with the model's own expansion.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import recurring_ical_events
from icalendar import Calendar

from chapterhouse.config import ChapterhouseSettings
from chapterhouse.core.catalog import load_catalog
from chapterhouse.core.model import event_uid
from tests.conftest import FIXTURE_SITE, run_pelican
from tests.e2e.helpers import page, text
from tests.e2e.test_calendars import JS, WINDOW, _show, parsers

UID = "monthly@meetups.example.org"


def _vevents(raw: str, uid: str) -> list[str]:
    """The VEVENT blocks of ``uid`` in a calendar, unfolded."""
    unfolded = raw.replace("\r\n ", "")
    blocks = re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT\r\n", unfolded, re.S)
    return [block for block in blocks if f"\r\nUID:{uid}\r\n" in "\r\n" + block]


def _override(raw: str, uid: str, recurrence_id: str) -> str:
    (block,) = [b for b in _vevents(raw, uid) if f"\r\n{recurrence_id}\r\n" in "\r\n" + b]
    return block


def test_each_changed_date_is_an_override_of_the_series_in_the_event_calendar(built_site):
    raw = (built_site / "events/monthly/monthly.ics").read_bytes().decode()
    blocks = _vevents(raw, UID)
    assert len(blocks) == 4  # the series, then its three changed dates
    assert "RRULE:FREQ=MONTHLY;COUNT=8;BYDAY=2TU" in blocks[0]
    assert "RECURRENCE-ID" not in blocks[0]
    moved = _override(raw, UID, "RECURRENCE-ID;TZID=Europe/Berlin:20270309T190000")
    assert "\r\nDTSTART;TZID=Europe/Berlin:20270330T180000\r\n" in "\r\n" + moved
    assert "\r\nDTEND;TZID=Europe/Berlin:20270330T200000\r\n" in "\r\n" + moved
    assert "\r\nSTATUS:CONFIRMED\r\n" in "\r\n" + moved
    venue = _override(raw, UID, "RECURRENCE-ID;TZID=Europe/Berlin:20270413T190000")
    assert "LOCATION;LANGUAGE=en:c-base\\, Rungestraße 20\\, 10179 Berlin" in venue
    assert "\r\nGEO:52.513;13.4201\r\n" in "\r\n" + venue
    assert "Speaker: Ada Lovelace" in venue
    assert "DTSTART;TZID=Europe/Berlin:20270413T190000" in venue
    cancelled = _override(raw, UID, "RECURRENCE-ID;TZID=Europe/Berlin:20270511T190000")
    assert "\r\nSTATUS:CANCELLED\r\n" in "\r\n" + cancelled
    assert "SUMMARY;LANGUAGE=en:Cancelled: Python Berlin monthly" in cancelled
    sequence = re.search(r"SEQUENCE:\d+", blocks[0])[0]
    stamp = re.search(r"DTSTAMP:\S+", blocks[0])[0]
    assert all(sequence in block and stamp in block for block in blocks)


@pytest.mark.parametrize(
    "calendar", ["calendar.ics", "chapters/berlin/calendar.ics", "topics/python/calendar.ics"]
)
def test_every_calendar_with_the_series_holds_its_overrides_with_it(built_site, calendar):
    raw = (built_site / calendar).read_bytes().decode()
    blocks = _vevents(raw, UID)
    assert [b.count("RECURRENCE-ID") for b in blocks] == [0, 1, 1, 1]
    assert raw.count(f"UID:{UID}\r\n") == 4


def test_every_reader_shows_the_changed_dates_where_the_model_puts_them(built_site):
    path = built_site / "events/monthly/monthly.ics"
    for parser in parsers():
        starts = sorted(start for uid, start, _ in parser(path))
        assert "2027-03-30T16:00:00Z" in starts, parser.__name__  # moved, in summer time
        assert "2027-03-09T18:00:00Z" not in starts, parser.__name__  # its rule's date
        assert "2027-05-11T17:00:00Z" in starts, parser.__name__  # cancelled, still shown
        assert len(starts) == 7, parser.__name__


def test_readers_see_the_cancelled_date_cancelled_and_the_others_confirmed(built_site):
    calendar = Calendar.from_ical((built_site / "events/monthly/monthly.ics").read_bytes())
    found = {
        _show(o["DTSTART"].dt): str(o["STATUS"])
        for o in recurring_ical_events.of(calendar).between(*WINDOW)
    }
    assert found.pop("2027-05-11T17:00:00Z") == "CANCELLED"
    assert set(found.values()) == {"CONFIRMED"}
    by_icaljs = {
        o["start"]: o["status"] for o in _icaljs(built_site / "events/monthly/monthly.ics")
    }
    assert by_icaljs.pop("2027-05-11T17:00:00Z") == "CANCELLED"
    assert set(by_icaljs.values()) == {"CONFIRMED"}


def _icaljs(path: Path) -> list[dict]:
    node = shutil.which("node")
    if not node or not (JS / "node_modules" / "ical.js").is_dir():
        pytest.skip("ical.js not installed (run `npm ci --prefix tests/js`)")
    result = subprocess.run(
        [node, str(JS / "expand.mjs"), str(path), *(d.isoformat() for d in WINDOW)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_the_event_page_lists_the_moved_date_in_its_place_with_what_changed(built_site):
    monthly = page(built_site, "/events/monthly/")
    items = monthly.select(".dates > .date-list > li")
    assert [li["id"] for li in items] == [
        "date-20261208T1900",
        "date-20270209T1900",
        "date-20270309T1900",  # its key stays that of its rule's date: links to it still work
        "date-20270413T1900",
        "date-20270511T1900",
    ]
    moved, venue, cancelled = items[2], items[3], items[4]
    assert moved.select_one("time")["datetime"] == "2027-03-30T18:00:00+02:00"
    assert text(moved.select_one(".date-note")) == "moved from Tuesday, March 9, 2027, 7:00 PM"
    assert "at c-base, Rungestraße 20, 10179 Berlin" in text(venue)
    assert "with Ada Lovelace" in text(venue)
    assert "is-cancelled" in cancelled["class"]
    assert cancelled.select_one("del time")["datetime"] == "2027-05-11T19:00:00+02:00"
    assert text(cancelled.select_one(".badge-cancelled")) == "Cancelled"
    assert "is-changed" not in (items[0].get("class") or [])


def test_listings_show_the_moved_date_and_the_cancelled_one_marked(built_site):
    # The chapter's page lists the series once, with its next dates: the moved one among them.
    berlin = page(built_site, "/chapters/berlin/")
    series = [
        p for p in berlin.select(".event-item-series") if "Python Berlin monthly" in text(p.parent)
    ]
    assert series
    jsonld = [
        json.loads(s.string)
        for s in page(built_site, "/events/monthly/").select('script[type="application/ld+json"]')
    ]
    graph = next(d["@graph"] for d in jsonld if "@graph" in d)
    by_start = {e["startDate"]: e for e in graph}
    moved = by_start["2027-03-30T18:00:00+02:00"]
    assert moved["eventStatus"] == "https://schema.org/EventRescheduled"
    assert moved["previousStartDate"] == "2027-03-09T19:00:00+01:00"
    assert by_start["2027-05-11T19:00:00+02:00"]["eventStatus"].endswith("EventCancelled")
    assert by_start["2027-04-13T19:00:00+02:00"]["location"]["name"] == "c-base"
    assert by_start["2027-04-13T19:00:00+02:00"]["performer"][0]["name"] == "Ada Lovelace"
    assert by_start["2027-02-09T19:00:00+01:00"]["location"]["name"] == "Betahaus"


def test_events_json_gives_each_changed_date_with_its_original_start(built_site):
    document = json.loads((built_site / "events.json").read_text())
    (monthly,) = [e for e in document["events"] if e["uid"] == UID]
    changed = {o["original_start"]: o for o in monthly["occurrences"] if "original_start" in o}
    assert changed["2027-03-09T19:00:00+01:00"]["start"] == "2027-03-30T18:00:00+02:00"
    assert changed["2027-05-11T19:00:00+02:00"]["status"] == "cancelled"
    assert changed["2027-04-13T19:00:00+02:00"]["venue"]["name"] == "c-base"
    assert len(changed) == 3
    assert [o["start"][:10] for o in monthly["occurrences"]][3:5] == ["2027-02-09", "2027-03-30"]


# A site of series with changed dates in several zones, built once ----------------------------

#: slug: (zone, front matter). Each changes dates around its zone's clock changes.
SERIES = {
    "paris-weekly": (
        "Europe/Paris",
        "start: 2027-03-10 19:30\nduration: 1h30\nrepeat: FREQ=WEEKLY;COUNT=8\n"
        "occurrences:\n"
        "  2027-03-24:\n    start: 2027-03-28 01:30\n"  # moved onto the spring-gap night
        "  2027-03-31:\n    venue: {name: Chez Ada, geo: [43.6, 1.44]}\n    end: '23:00'\n"
        "  2027-04-14:\n    event_status: cancelled\n"
        "  2027-04-21:\n    start: 2027-04-19 18:00\n    duration: 3h\n",
    ),
    "paris-autumn": (
        "Europe/Paris",
        "start: 2027-10-20 20:00\nduration: 2h\nrepeat: FREQ=WEEKLY;COUNT=3\n"
        "occurrences:\n"
        "  2027-10-27:\n    start: 2027-10-31 02:30\n",  # into the repeated hour: UTC
    ),
    "new-york-monthly": (
        "America/New_York",
        "start: 2027-01-14 18:00\nduration: 2h\nrepeat: FREQ=MONTHLY;BYDAY=2TH;COUNT=5\n"
        "occurrences:\n"
        "  2027-01-14:\n    start: 2027-01-13 18:00\n"  # the first date, moved before DTSTART
        "  2027-03-11:\n    start: 2027-03-15 18:00\n"  # after the March change
        "  2027-04-08:\n    event_status: cancelled\n",
    ),
    "sydney-fortnightly": (
        "Australia/Sydney",
        "start: 2027-03-18 18:30\nduration: 2h\nrepeat: FREQ=WEEKLY;INTERVAL=2;COUNT=4\n"
        "occurrences:\n"
        "  2027-04-01:\n    start: 2027-04-05 18:30\n",  # across the April change
    ),
    "all-day-camp": (
        "Europe/Paris",
        "start: 2027-06-05\nend: 2027-06-06\nrepeat: FREQ=WEEKLY;COUNT=4\n"
        "occurrences:\n"
        "  2027-06-12:\n    start: 2027-06-13\n    end: 2027-06-15\n"
        "  2027-06-19:\n    event_status: cancelled\n",
    ),
    "utc-calls": (
        "Etc/UTC",
        "start: 2027-02-01 16:00\nduration: 1h\nrepeat: FREQ=DAILY;COUNT=5\n"
        "occurrences:\n"
        "  2027-02-03:\n    start: 2027-02-03 17:30\n"
        "  2027-02-05:\n    event_status: cancelled\n",  # the last date
    ),
}


@pytest.fixture(scope="module")
def changed_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    content = tmp_path_factory.mktemp("changed") / "content"
    (content / "chapters").mkdir(parents=True)
    (content / "events").mkdir()
    for slug, (zone, front) in SERIES.items():
        (content / "chapters" / f"{slug}-chapter.md").write_text(
            f"---\ntitle: {slug} chapter\ntimezone: {zone}\n---\n", encoding="utf-8"
        )
        (content / "events" / f"{slug}.md").write_text(
            f"---\ntitle: {slug}\nchapter: {slug}-chapter\n{front}---\n", encoding="utf-8"
        )
    output = content.parent / "output"
    result = run_pelican(content, output, FIXTURE_SITE / "fixtureconf.py")
    assert result.returncode == 0, result.stdout + result.stderr
    return content, output


def _model(content: Path, slug: str) -> set[tuple[str, str, str]]:
    settings = ChapterhouseSettings(
        site_url="https://meetups.example.org", uid_domain="meetups.example.org"
    )
    (event,) = [e for e in load_catalog(content, settings).events if e.slug == slug]
    low = datetime.combine(WINDOW[0], datetime.min.time(), UTC)
    high = datetime.combine(WINDOW[1], datetime.min.time(), UTC)
    return {
        (event_uid(event, settings.uid_domain), _show(o.start), _show(o.end))
        for o in event.occurrences((low, high))
    }


@pytest.mark.parametrize("slug", sorted(SERIES))
def test_every_reader_expands_the_changed_series_as_the_model_does(changed_site, slug):
    content, output = changed_site
    expected = _model(content, slug)
    assert expected
    for parser in parsers():
        assert parser(output / "events" / slug / f"{slug}.ics") == expected, parser.__name__
    raw = (output / "events" / slug / f"{slug}.ics").read_text()
    ids = re.findall(r"^RECURRENCE-ID[;:].*$", raw, re.M)
    assert len(ids) == len(set(ids))  # each date replaced once
    site = {found for found in parsers()[0](output / "calendar.ics") if found[0].startswith(slug)}
    assert site == expected


def test_the_model_instants_of_the_changed_series_are_the_ones_written(changed_site):
    """An independent check of the model itself, instant by instant, for a few dates."""
    content, _ = changed_site
    paris = {start: end for _, start, end in _model(content, "paris-weekly")}
    assert paris["2027-03-28T00:30:00Z"] == "2027-03-28T02:00:00Z"  # 01:30 CET + 1h30 elapsed
    assert "2027-03-24T18:30:00Z" not in paris  # moved away
    assert paris["2027-03-31T17:30:00Z"] == "2027-03-31T21:00:00Z"  # CEST, ends at 23:00
    assert paris["2027-04-19T16:00:00Z"] == "2027-04-19T19:00:00Z"
    assert "2027-04-14T17:30:00Z" in paris  # cancelled, still a date of the calendar
    sydney = {start for _, start, _ in _model(content, "sydney-fortnightly")}
    assert "2027-04-05T08:30:00Z" in sydney  # 18:30 AEST (+10) after the change
    camp = {(s, e) for _, s, e in _model(content, "all-day-camp")}
    assert ("2027-06-13", "2027-06-16") in camp  # the end is exclusive


@pytest.mark.parametrize(
    ("slug", "lines"),
    [
        (
            "paris-autumn",
            (
                "RECURRENCE-ID;TZID=Europe/Paris:20271027T200000",
                "DTSTART:20271031T003000Z",  # 02:30 first pass: no local time names it alone
            ),
        ),
        (
            "all-day-camp",
            (
                "RECURRENCE-ID;VALUE=DATE:20270612",
                "DTSTART;VALUE=DATE:20270613",
                "DTEND;VALUE=DATE:20270616",
            ),
        ),
        ("utc-calls", ("RECURRENCE-ID:20270203T160000Z", "DTSTART:20270203T173000Z")),
        (
            "new-york-monthly",
            (
                "RECURRENCE-ID;TZID=America/New_York:20270311T180000",
                "DTSTART;TZID=America/New_York:20270315T180000",
            ),
        ),
    ],
)
def test_recurrence_ids_are_written_as_the_rule_gives_the_date(changed_site, slug, lines):
    _, output = changed_site
    raw = (output / "events" / slug / f"{slug}.ics").read_bytes().decode()
    for line in lines:
        assert f"\r\n{line}\r\n" in raw, line


def test_an_unknown_date_fails_the_build_naming_file_line_and_field(tmp_path):
    content = tmp_path / "content"
    (content / "chapters").mkdir(parents=True)
    (content / "events").mkdir()
    (content / "chapters" / "c.md").write_text("---\ntitle: C\ntimezone: Europe/Paris\n---\n")
    good = "---\ntitle: Good\nstart: 2027-01-06 19:00\n---\n"
    (content / "events" / "good.md").write_text(good)
    (content / "events" / "bad.md").write_text(
        "---\ntitle: Bad\nstart: 2027-04-01 19:00\nrepeat: FREQ=WEEKLY;COUNT=4\n"
        "occurrences:\n  2027-04-02:\n    venue: X\n  2027-04-08:\n    stat: cancelled\n---\n"
    )
    result = run_pelican(content, tmp_path / "output", FIXTURE_SITE / "fixtureconf.py")
    assert result.returncode != 0
    printed = result.stdout + result.stderr
    assert (
        "bad.md:6: occurrences.2027-04-02: '2027-04-02' is not a date of the rule "
        "FREQ=WEEKLY;COUNT=4; nearest dates are 2027-04-01 and 2027-04-08" in printed
    )
    assert "bad.md:9: occurrences.2027-04-08.stat: unknown key 'stat' for one date" in printed
    assert "Traceback" not in printed


def test_a_date_of_the_fixture_is_still_where_its_rule_puts_it(built_site):
    """The unchanged dates of the series keep the wall time of its rule across the clock change."""
    monthly = page(built_site, "/events/monthly/")
    starts = [t["datetime"] for t in monthly.select(".dates > .date-list > li > time")][::2]
    assert "2027-04-13T19:00:00+02:00" in starts and date(2027, 3, 9).isoformat() not in str(starts)
