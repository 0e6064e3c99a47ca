"""Remote documents and calendar feeds checked into RemoteChapter / RemoteEvent."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from chapterhouse.network.documents import (
    DocumentError,
    read_calendar,
    read_chapters,
    read_events,
)
from chapterhouse.network.members import Member
from tests.network_sites import chapter, document, event

BASE = "https://lyon.example.org/"
HOSTS = frozenset({"lyon.example.org"})


def test_version_1_events_use_id_and_name_their_chapters():
    item = event(BASE, "one@lyon", "lyon")
    for key in ("uid", "updated", "created", "sequence"):
        del item[key]
    body = json.dumps({"version": 1, "events": [item]}).encode()
    (read,), chapters, notes = read_events(body, BASE, HOSTS)
    assert read.uid == "one@lyon" and read.updated is None and read.sequence == 0
    assert [c.slug for c in chapters] == ["lyon"] and chapters[0].country == "FR"
    assert notes == []


def test_occurrences_keep_their_own_offsets_and_all_day_events_are_dates():
    timed = event(BASE, "s@lyon", "lyon", occurrences=[
        {"start": "2027-03-17T18:30:00+01:00", "end": "2027-03-17T21:00:00+01:00"},
        {"start": "2027-04-21T18:30:00+02:00", "end": "2027-04-21T21:00:00+02:00"},
    ])  # fmt: skip
    day = event(BASE, "d@lyon", "lyon", all_day=True, start="2027-05-01", end="2027-05-02")
    events, _chapters, _notes = read_events(document("events", [timed, day], BASE), BASE, HOSTS)
    by_uid = {e.uid: e for e in events}
    offsets = [o.start.utcoffset() for o in by_uid["s@lyon"].occurrences]
    assert offsets == [timedelta(hours=1), timedelta(hours=2)]
    assert by_uid["d@lyon"].occurrences[0].start == date(2027, 5, 1)
    assert by_uid["d@lyon"].all_day


def test_bad_items_are_left_out_with_a_note_and_text_is_plain():
    items = [
        event(BASE, "naive@lyon", "lyon", start="2027-01-20T18:30:00"),
        event(BASE, "ok@lyon", "lyon", title="A\u202eB\x1b[31m title " + "x" * 300,
              venue={"name": "<b>Bar</b>", "address": None, "geo": [200, 1]}),
        "not an object",
    ]  # fmt: skip
    events, _chapters, notes = read_events(document("events", items, BASE), BASE, HOSTS)
    (kept,) = events
    assert kept.title.startswith("A B [31m title") and len(kept.title) == 200
    assert kept.venue_name == "<b>Bar</b>" and kept.venue_geo is None
    assert any("naive@lyon" in note and "UTC offsets" in note for note in notes)
    assert any("event 3 is not an object" in note for note in notes)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<html>", "not JSON"),
        (b"[]", "not a chapters.json document"),
        (b'{"version": 2, "chapters": {}}', "'chapters' is not a list"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ],
)
def test_a_document_of_the_wrong_shape_fails_as_a_whole(body, reason):
    with pytest.raises(DocumentError, match=reason):
        read_chapters(body, BASE, HOSTS)


def test_chapter_pages_must_be_on_the_members_host():
    items = [chapter(BASE, "lyon"), chapter(BASE, "evil", url="https://evil.example.org/x/")]
    chapters, notes = read_chapters(document("chapters", items, BASE), BASE, HOSTS)
    assert [c.slug for c in chapters] == ["lyon"]
    assert notes == [
        "chapter 'evil': 'url' 'https://evil.example.org/x/' is not on the member's own site;"
        " the chapter is left out"
    ]


CALENDAR = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Test//EN\r
BEGIN:VEVENT\r
UID:weekly@rust\r
DTSTAMP:20261101T000000Z\r
DTSTART;TZID=Europe/Paris:20261007T190000\r
DTEND;TZID=Europe/Paris:20261007T210000\r
RRULE:FREQ=MONTHLY;BYDAY=1WE;COUNT=12\r
SUMMARY:Rust <script>alert(1)</script> night\r
LOCATION:La Cantine, 1 rue X, Nantes\r
URL:javascript:alert(1)\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:once@rust\r
DTSTAMP:20261101T000000Z\r
DTSTART:20261215T170000Z\r
SUMMARY:Once\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_a_calendar_member_gives_its_chapter_and_expanded_events():
    member = Member("ics", "https://cal.example.com/rust.ics", "Rust Nantes", "Nantes", "FR",
                    None, "fr", "Europe/Paris")  # fmt: skip
    now = datetime(2026, 12, 1, tzinfo=UTC)
    chapter_read, events, _notes = read_calendar(
        CALENDAR, member, (now - timedelta(days=30), now + timedelta(days=90))
    )
    assert chapter_read.slug == "rust-nantes" and chapter_read.timezone == "Europe/Paris"
    assert [e.uid for e in events] == ["once@rust", "weekly@rust"]
    weekly = events[1]
    assert "<script>" not in weekly.title and weekly.chapter == "rust-nantes"
    starts = [o.start for o in weekly.occurrences]
    assert [s.date() for s in starts] == [date(2026, 11, 4), date(2026, 12, 2),
                                          date(2027, 1, 6), date(2027, 2, 3)]  # fmt: skip
    assert all(s.hour == 19 and s.utcoffset() == timedelta(hours=1) for s in starts)
    assert weekly.venue_name == "La Cantine" and weekly.rsvp_url == ""
    assert events[0].occurrences[0].end - events[0].occurrences[0].start == timedelta(hours=2)
    # The series stays a series (its rule), and its last change is the source's DTSTAMP.
    assert weekly.recurrence == "FREQ=MONTHLY;COUNT=12;BYDAY=1WE"
    assert weekly.updated == datetime(2026, 11, 1, tzinfo=UTC) and weekly.sequence == 0


def test_private_events_are_left_out_without_a_note():
    private = CALENDAR.replace(
        b"END:VCALENDAR", b"BEGIN:VEVENT\r\nUID:secret@rust\r\nDTSTAMP:20261101T000000Z\r\n"
        b"DTSTART:20261216T170000Z\r\nSUMMARY:Board\r\nCLASS:PRIVATE\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:broken@rust\r\nSUMMARY:No start\r\nEND:VEVENT\r\nEND:VCALENDAR"
    )  # fmt: skip
    member = Member("ics", "https://cal.example.com/rust.ics", "Rust Nantes", "Nantes", "FR")
    now = datetime(2026, 12, 1, tzinfo=UTC)
    _, events, notes = read_calendar(
        private, member, (now - timedelta(days=30), now + timedelta(days=90))
    )
    assert [e.uid for e in events] == ["once@rust", "weekly@rust"]
    assert notes == ["1 VEVENT(s) cannot be read; left out"]  # the broken one, not the private


def test_a_feed_that_is_not_a_calendar_fails():
    member = Member("ics", "https://cal.example.com/x.ics", "X", "Nantes", "FR")
    now = datetime(2026, 12, 1, tzinfo=UTC)
    with pytest.raises(DocumentError, match="not an iCalendar file"):
        read_calendar(b"<html></html>", member, (now, now))


def test_a_members_changed_dates_stay_changed_in_the_hubs_series():
    """A member's moved, cancelled and relocated dates (``original_start``) keep the series."""
    from datetime import UTC, datetime

    from chapterhouse.core.model import EventStatus
    from chapterhouse.site.remote import remote_event

    occurrences = [
        {"start": "2027-03-03T19:00:00+01:00", "end": "2027-03-03T21:00:00+01:00"},
        {"start": "2027-03-09T18:00:00+01:00", "end": "2027-03-09T20:00:00+01:00",
         "original_start": "2027-03-10T19:00:00+01:00", "status": "scheduled",
         "venue": {"name": "Chez Ada", "address": None, "geo": None}},
        {"start": "2027-03-17T19:00:00+01:00", "end": "2027-03-17T21:00:00+01:00",
         "original_start": "2027-03-17T19:00:00+01:00", "status": "cancelled",
         "venue": {"address": "1 rue X", "geo": [45.7, 4.8], "name": "La Cantine"}},
        {"start": "2027-03-24T19:00:00+01:00", "end": "2027-03-24T21:00:00+01:00"},
    ]  # fmt: skip
    item = event(
        BASE, "w@lyon", "lyon", start="2027-03-03T19:00:00+01:00", end="2027-03-03T21:00:00+01:00",
        recurrence="FREQ=WEEKLY;COUNT=4", occurrences=occurrences,
    )  # fmt: skip
    (read,), _chapters, notes = read_events(document("events", [item], BASE), BASE, HOSTS)
    assert notes == [] and read.recurrence == "FREQ=WEEKLY;COUNT=4"
    member = Member("chapterhouse", BASE, "Python Lyon")
    hub = remote_event(read, member, "Python Lyon", False, datetime(2027, 1, 1, tzinfo=UTC))
    assert hub.recurrence is not None and hub.recurrence.exdates == ()
    window = (datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))
    found = hub.occurrences(window)
    assert [o.local_start.isoformat() for o in found] == [o["start"] for o in occurrences]
    assert found[1].is_moved and found[1].event.venue.name == "Chez Ada"
    assert found[2].event.status is EventStatus.CANCELLED and not found[2].is_moved
    assert not found[3].is_changed
