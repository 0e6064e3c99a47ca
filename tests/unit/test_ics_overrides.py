"""Changed dates of a series in the raw text of its calendar (RFC 5545 3.8.4.4 overrides).

The ``.ics`` lines are read as text: the same UID, ``RECURRENCE-ID`` naming the
date its rule gives (with its zone, or as a date), and the date as it is.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from chapterhouse.calendar.ics import EventLinks, IcsWriter
from chapterhouse.core.loading import load_chapter, load_event

CHAPTER = "---\ntitle: Python Toulouse\ntimezone: Europe/Paris\n---\n"
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
