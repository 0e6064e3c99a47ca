"""Changed dates of a series in the raw text of its calendar (RFC 5545 3.8.4.4 overrides).

The ``.ics`` lines are read as text: the same UID, ``RECURRENCE-ID`` naming the
date its rule gives (with its zone, or as a date), and the date as it is.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from chapterhouse.calendar.ics import CalendarInfo, EventLinks, IcsWriter
from chapterhouse.core.loading import load_chapter, load_event

CHAPTER = "---\ntitle: Python Toulouse\ntimezone: Europe/Paris\n---\n"
WINDOW = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC))
LINKS = EventLinks("https://meetups.example.org/events/t/", "https://forms.example.org/t")


@pytest.fixture
def block(settings, tmp_path):
    chapter = load_chapter(CHAPTER.encode(), "chapters/c.md", "chapters/c.md", settings, tmp_path)

    def written(front: str) -> list[str]:
        loaded = load_event(
            f"---\ntitle: T\n{front}---\n".encode(),
            "events/t.md",
            "events/t.md",
            settings,
            Path("/nonexistent"),
            {"c": chapter.item},
        )
        assert loaded.problems == (), loaded.problems
        writer = IcsWriter("meetups.example.org", timedelta(hours=12), (2026, 2028), _words)
        raw, _ = writer.event_block(loaded.item, chapter.item, None, LINKS)
        text = raw.decode().replace("\r\n ", "")
        return re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT\r\n", text, re.S)

    return written


def _words(lang: str, message: str, plural: str = "", count: int = 1) -> str:
    return plural if plural and count != 1 else message


def lines(vevent: str) -> set[str]:
    return set(vevent.split("\r\n"))


WEEKLY = "start: 2027-03-10 19:00\nduration: 2h\nrepeat: FREQ=WEEKLY;COUNT=6\nvenue: La Cantine\n"


def test_a_moved_date_names_its_rule_start_and_gives_its_new_one(block):
    series, moved = block(WEEKLY + "occurrences:\n  2027-03-24:\n    start: 2027-04-01 18:00\n")
    assert "RRULE:FREQ=WEEKLY;COUNT=6" in lines(series)
    assert not any(line.startswith("RECURRENCE-ID") for line in lines(series))
    assert {
        "UID:t@meetups.example.org",
        "RECURRENCE-ID;TZID=Europe/Paris:20270324T190000",
        "DTSTART;TZID=Europe/Paris:20270401T180000",
        "DTEND;TZID=Europe/Paris:20270401T200000",
        "STATUS:CONFIRMED",
        "SEQUENCE:0",
        "LOCATION;LANGUAGE=en:La Cantine",
    } <= lines(moved)
    assert "RRULE:FREQ=WEEKLY;COUNT=6" not in lines(moved)


def test_a_cancelled_date_is_an_override_marked_cancelled_not_an_exdate(block):
    series, cancelled = block(WEEKLY + "occurrences:\n  2027-03-17:\n    event_status: cancelled\n")
    assert not any(line.startswith("EXDATE") for line in lines(series))
    assert "STATUS:CONFIRMED" in lines(series)
    assert {
        "RECURRENCE-ID;TZID=Europe/Paris:20270317T190000",
        "DTSTART;TZID=Europe/Paris:20270317T190000",
        "STATUS:CANCELLED",
        "SUMMARY;LANGUAGE=en:Cancelled: T",
    } <= lines(cancelled)
    assert not any(line.startswith("DESCRIPTION") and "RSVP" in line for line in lines(cancelled))


def test_a_date_at_another_venue_with_other_speakers_says_so(block):
    _, changed = block(
        WEEKLY
        + "speakers: [Ada]\noccurrences:\n  2027-03-31:\n"
        + "    venue: {name: Chez Grace, address: 1 rue X, geo: [43.6, 1.44]}\n"
        + "    speakers: [Grace, Alan]\n"
    )
    assert {
        "RECURRENCE-ID;TZID=Europe/Paris:20270331T190000",
        "LOCATION;LANGUAGE=en:Chez Grace\\, 1 rue X",
        "GEO:43.6;1.44",
    } <= lines(changed)
    (description,) = [line for line in lines(changed) if line.startswith("DESCRIPTION")]
    assert "Speakers: Grace\\, Alan\\n" in description and "Ada" not in description


def test_an_all_day_series_names_its_dates_as_dates(block):
    _, moved = block(
        "start: 2027-06-05\nrepeat: FREQ=WEEKLY;COUNT=3\n"
        "occurrences:\n  2027-06-12:\n    start: 2027-06-13\n    end: 2027-06-14\n"
    )
    assert {
        "RECURRENCE-ID;VALUE=DATE:20270612",
        "DTSTART;VALUE=DATE:20270613",
        "DTEND;VALUE=DATE:20270615",
    } <= lines(moved)


def test_a_date_moved_into_the_repeated_hour_is_written_in_utc(block):
    _, moved = block(
        "start: 2027-10-20 20:00\nduration: 2h\nrepeat: FREQ=WEEKLY;COUNT=3\n"
        "occurrences:\n  2027-10-27:\n    start: 2027-10-31 02:30\n"
    )
    assert {
        "RECURRENCE-ID;TZID=Europe/Paris:20271027T200000",
        "DTSTART:20271031T003000Z",  # 02:30 summer time, the first of the two
        "DTEND:20271031T023000Z",  # 2 hours later: 03:30 winter time
    } <= lines(moved)


def test_overrides_follow_the_order_of_the_rule_each_date_once(block):
    written = block(
        "start: 2027-03-21 01:30\nduration: 2h\nrepeat: FREQ=WEEKLY;COUNT=3\n"
        "occurrences:\n  2027-04-04:\n    venue: X\n  2027-03-28:\n    venue: Y\n"
    )
    ids = [line for block in written for line in lines(block) if line.startswith("RECURRENCE")]
    # 28 March spans the spring change (an irregular date) and is changed: written once.
    assert ids == [
        "RECURRENCE-ID;TZID=Europe/Paris:20270328T013000",
        "RECURRENCE-ID;TZID=Europe/Paris:20270404T013000",
    ]


ZONES = ("Europe/Paris", "America/New_York", "Australia/Sydney")


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    zone_name=st.sampled_from(ZONES),
    first=st.dates(min_value=date(2027, 1, 1), max_value=date(2027, 12, 31)),
    rule=st.sampled_from(
        ["FREQ=WEEKLY;COUNT=8", "FREQ=WEEKLY;INTERVAL=2;COUNT=6", "FREQ=DAILY;COUNT=9"]
    ),
    edits=st.dictionaries(
        st.integers(min_value=0, max_value=5),
        st.tuples(
            st.integers(min_value=-16, max_value=16),  # quarter hours
            st.sampled_from(["", "cancelled"]),
            st.sampled_from(["", "45m", "3h"]),
        ),
        max_size=3,
    ),
)
def test_an_independent_reader_expands_changed_dates_as_the_model_does(
    settings, zone_name, first, rule, edits
):
    """icalendar with recurring-ical-events, on the calendar written, against the model."""
    tz = ZoneInfo(zone_name)
    chapter = load_chapter(
        f"---\ntitle: C\ntimezone: {zone_name}\n---\n".encode(),
        "chapters/c.md",
        "chapters/c.md",
        settings,
        Path("/nonexistent"),
    ).item
    plain = f"start: {first} 19:00\nduration: 2h\nrepeat: {rule}\n"
    series = _load(plain, settings, chapter).item
    dates = [o.local_start for o in series.occurrences(WINDOW)]
    entries = ""
    for index, (quarters, status, duration) in sorted(edits.items()):
        new = (dates[index].astimezone(UTC) + timedelta(minutes=15 * quarters)).astimezone(tz)
        entries += f"  {dates[index]:%Y-%m-%d}:\n    start: {new:%Y-%m-%d %H:%M}\n"
        entries += f"    event_status: {status}\n" if status else ""
        entries += f"    duration: {duration}\n" if duration else ""
    loaded = _load(plain + ("occurrences:\n" + entries if entries else ""), settings, chapter)
    assume(loaded.item is not None)  # a wall time that does not exist, or onto another date
    event = loaded.item
    writer = IcsWriter("meetups.example.org", timedelta(hours=12), (2026, 2029), _words)
    block = writer.event_block(event, chapter, None, LINKS)
    raw = writer.calendar(CalendarInfo("C", "C", "https://x.example/", zone_name), [block])
    read = recurring_ical_events.of(Calendar.from_ical(raw)).between(*WINDOW)
    expected = {
        (o.starts_at.astimezone(UTC), o.ends_at.astimezone(UTC), o.event.is_cancelled)
        for o in event.occurrences(WINDOW)
    }
    found = {
        (
            o["DTSTART"].dt.astimezone(UTC),
            o["DTEND"].dt.astimezone(UTC),
            str(o["STATUS"]) == "CANCELLED",
        )
        for o in read
    }
    assert found == expected


def _load(front: str, settings, chapter):
    return load_event(
        f"---\ntitle: T\n{front}---\n".encode(),
        "events/t.md",
        "events/t.md",
        settings,
        Path("/nonexistent"),
        {"c": chapter},
    )
