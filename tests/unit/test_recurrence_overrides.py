"""Changing one date of a recurring event (``occurrences:``): what an organizer gets."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from chapterhouse.core.loading import load_chapter, load_event
from chapterhouse.core.model import EventStatus, Venue
from chapterhouse.core.recurrence import find_dates, parse_rule
from chapterhouse.core.timing import parse_moment, zone

PARIS = zone("Europe/Paris")
WINDOW = (datetime(2020, 1, 1, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC))
CHAPTER = "---\ntitle: Python Toulouse\ntimezone: Europe/Paris\n---\n"
#: Weekly on Wednesdays at 19:00 Paris time, across the 2027-03-28 clock change.
SERIES = "title: T\nstart: 2027-03-10 19:00\nduration: 2h\nrepeat: FREQ=WEEKLY;COUNT=6\n"


@pytest.fixture
def chapters(settings, tmp_path):
    loaded = load_chapter(
        CHAPTER.encode(), "chapters/toulouse.md", "chapters/toulouse.md", settings, tmp_path
    )
    return {"toulouse": loaded.item}


def load(text, settings, chapters):
    return load_event(
        ("---\n" + text + "---\nBody\n").encode(),
        "events/t.md",
        "content/events/t.md",
        settings,
        Path("/nonexistent"),
        chapters,
    )


def formatted(text, settings, chapters):
    return [p.format() for p in sorted(load(text, settings, chapters).problems)]


def starts(event):
    return [o.local_start.isoformat() for o in event.occurrences(WINDOW)]


def test_a_moved_date_starts_at_its_new_time_in_its_new_place_in_the_order(settings, chapters):
    event = load(
        SERIES + "occurrences:\n  2027-03-17:\n    start: 2027-03-25 18:30\n", settings, chapters
    ).item
    assert starts(event) == [
        "2027-03-10T19:00:00+01:00",
        "2027-03-24T19:00:00+01:00",
        "2027-03-25T18:30:00+01:00",
        "2027-03-31T19:00:00+02:00",
        "2027-04-07T19:00:00+02:00",
        "2027-04-14T19:00:00+02:00",
    ]
    moved = event.occurrences(WINDOW)[2]
    assert moved.is_moved and moved.is_changed
    assert moved.local_original.isoformat() == "2027-03-17T19:00:00+01:00"
    assert moved.local_end.isoformat() == "2027-03-25T20:30:00+01:00"  # the event's 2 hours
    assert moved.key == "20270317T1900"  # links to the date keep working once it is moved


def test_a_date_moved_across_the_clock_change_keeps_its_elapsed_length(settings, chapters):
    event = load(
        SERIES + "occurrences:\n  2027-03-24:\n    start: 2027-03-28 01:30\n", settings, chapters
    ).item
    moved = next(o for o in event.occurrences(WINDOW) if o.is_moved)
    assert moved.local_start.isoformat() == "2027-03-28T01:30:00+01:00"
    assert moved.local_end.isoformat() == "2027-03-28T04:30:00+02:00"  # 2 h elapsed
    assert moved.ends_at.timestamp() - moved.starts_at.timestamp() == 2 * 3600


def test_a_date_after_the_clock_change_keeps_the_series_wall_time(settings, chapters):
    event = load(
        SERIES + "occurrences:\n  2027-03-31:\n    venue: Chez Ada\n", settings, chapters
    ).item
    changed = next(o for o in event.occurrences(WINDOW) if o.is_changed)
    assert not changed.is_moved
    assert changed.local_start.isoformat() == "2027-03-31T19:00:00+02:00"
    assert changed.event.venue == Venue(name="Chez Ada")
    assert changed.event.status is EventStatus.SCHEDULED
    others = [o for o in event.occurrences(WINDOW) if not o.is_changed]
    assert all(o.event.venue is None for o in others)


def test_a_cancelled_date_stays_in_the_series_marked_cancelled(settings, chapters):
    event = load(
        SERIES + "occurrences:\n  2027-04-07:\n    event_status: cancelled\n", settings, chapters
    ).item
    found = event.occurrences(WINDOW)
    assert len(found) == 6
    statuses = [o.event.status for o in found]
    assert statuses.count(EventStatus.CANCELLED) == 1
    assert found[4].event.is_cancelled and found[4].local_start.date() == date(2027, 4, 7)
    assert event.status is EventStatus.SCHEDULED  # the series itself is on


def test_end_and_duration_of_one_date_follow_the_event_rules(settings, chapters):
    event = load(
        SERIES
        + "occurrences:\n  2027-03-17:\n    end: '22:00'\n  2027-03-24:\n    duration: 30m\n",
        settings,
        chapters,
    ).item
    ends = {o.key: o.local_end.isoformat() for o in event.occurrences(WINDOW) if o.is_changed}
    assert ends == {
        "20270317T1900": "2027-03-17T22:00:00+01:00",
        "20270324T1900": "2027-03-24T19:30:00+01:00",
    }


def test_speakers_of_one_date_replace_the_events(settings, chapters):
    event = load(
        SERIES + "speakers: [Ada]\noccurrences:\n  2027-03-17:\n    speakers: [Grace, Alan]\n",
        settings,
        chapters,
    ).item
    names = {o.key: [p.name for p in o.event.speakers] for o in event.occurrences(WINDOW)}
    assert names["20270317T1900"] == ["Grace", "Alan"]
    assert names["20270310T1900"] == ["Ada"]


def test_a_moved_date_is_found_by_a_window_around_its_new_start_only(settings, chapters):
    event = load(
        SERIES + "occurrences:\n  2027-03-17:\n    start: 2027-05-01 10:00\n", settings, chapters
    ).item
    may = (datetime(2027, 4, 30, tzinfo=UTC), datetime(2027, 5, 2, tzinfo=UTC))
    march = (datetime(2027, 3, 16, tzinfo=UTC), datetime(2027, 3, 18, tzinfo=UTC))
    assert [o.key for o in event.occurrences(may)] == ["20270317T1900"]
    assert event.occurrences(march) == []
    assert event.occurrence_at(parse_moment("2027-03-17 19:00", PARIS)).is_moved


def test_quoted_date_keys_and_all_day_series(settings, chapters):
    event = load(
        "title: T\nstart: 2027-01-04\nrepeat: FREQ=WEEKLY;COUNT=3\n"
        "occurrences:\n  '2027-01-11':\n    start: 2027-01-12\n    end: 2027-01-13\n",
        settings,
        chapters,
    ).item
    found = event.occurrences(WINDOW)
    assert [(o.local_start, o.local_end) for o in found] == [
        (date(2027, 1, 4), date(2027, 1, 4)),
        (date(2027, 1, 12), date(2027, 1, 13)),
        (date(2027, 1, 18), date(2027, 1, 18)),
    ]
    assert found[1].original == date(2027, 1, 11)


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        (
            "  2027-03-18:\n    venue: X\n",
            "content/events/t.md:7: occurrences.2027-03-18: '2027-03-18' is not a date of the "
            "rule FREQ=WEEKLY;COUNT=6; nearest dates are 2027-03-17 and 2027-03-24",
        ),
        (
            "  2027-04-21:\n    venue: X\n",  # after COUNT ends
            "content/events/t.md:7: occurrences.2027-04-21: '2027-04-21' is not a date of the "
            "rule FREQ=WEEKLY;COUNT=6; nearest date is 2027-04-14",
        ),
        (
            "  2027-03-17:\n    place: X\n",
            "content/events/t.md:8: occurrences.2027-03-17.place: unknown key 'place' for one "
            "date (allowed: start, end, duration, venue, speakers, event_status)",
        ),
        (
            "  2027-03-17:\n    start: 2027-03-18\n",
            "content/events/t.md:8: occurrences.2027-03-17.start: '2027-03-18' is a date but the "
            "event has a time",
        ),
        (
            "  2027-03-17:\n    start: 2027-03-18 19:00\n    end: '18:00'\n",
            "content/events/t.md:9: occurrences.2027-03-17.end: '18:00' is not after the start "
            "(19:00) (an event that ends the next day says so: end: 2027-03-19 18:00",
        ),
        (
            "  2027-03-17:\n    end: '18:00'\n",
            "content/events/t.md:8: occurrences.2027-03-17.end: '18:00' is not after the start "
            "(19:00) (an event that ends the next day says so: end: 2027-03-18 18:00",
        ),
        (
            "  2027-03-17:\n    start: 2027-03-24 19:00\n",
            "content/events/t.md:8: occurrences.2027-03-17.start: '2027-03-24 19:00' is already "
            "a date of the series",
        ),
        (
            "  2027-03-17:\n    start: 2028-03-17 19:00\n",  # a typo in the year
            "content/events/t.md:8: occurrences.2027-03-17.start: '2028-03-17 19:00' is more "
            "than 180 days from '2027-03-17': is the year right?",
        ),
        (
            "  2027-03-17:\n    speakers: [{name: Ada, photo: images/ada.jpg}]\n",
            "content/events/t.md:8: occurrences.2027-03-17.speakers.0.photo: 'images/ada.jpg' "
            "is not a file in the content folder",
        ),
        (
            "  2027-03-17:\n    event_status: rescheduled\n",
            "content/events/t.md:8: occurrences.2027-03-17.event_status: 'rescheduled' is not "
            "allowed",
        ),
        (
            "  2027-03-17:\n",
            "content/events/t.md:7: occurrences.2027-03-17: the change to 2027-03-17 is empty "
            "(give one or more of start, end, duration, venue, speakers, event_status)",
        ),
        (
            "  2027-03-17:\n    start: 2027-03-32 19:00\n",
            "content/events/t.md:8: occurrences.2027-03-17.start: '2027-03-32 19:00'",
        ),
    ],
)
def test_bad_entries_are_reported_at_their_line_naming_the_value(
    settings, chapters, entries, expected
):
    found = formatted(SERIES + "occurrences:\n" + entries, settings, chapters)
    assert any(line.startswith(expected) for line in found), found


def test_a_date_both_excluded_and_changed_is_a_contradiction(settings, chapters):
    found = formatted(
        SERIES + "except: [2027-03-17]\noccurrences:\n  2027-03-17:\n    venue: X\n",
        settings,
        chapters,
    )
    assert found[0].startswith(
        "content/events/t.md:8: occurrences.2027-03-17: '2027-03-17' is also listed in except"
    )


def test_occurrences_without_repeat_are_refused(settings, chapters):
    found = formatted(
        "title: T\nstart: 2027-03-10 19:00\noccurrences:\n  2027-03-10:\n    venue: X\n",
        settings,
        chapters,
    )
    assert found == [
        "content/events/t.md:4: occurrences: occurrences only applies to a repeating event "
        "(add  repeat: FREQ=…, or change start itself)"
    ]


def test_every_bad_entry_is_reported_in_one_run(settings, chapters):
    found = formatted(
        SERIES + "occurrences:\n  2027-03-18:\n    venue: X\n  2027-03-17:\n    colour: red\n"
        "  2027-03-24:\n    end: '18:00'\n",
        settings,
        chapters,
    )
    fields = [line.split(": ")[1] for line in found]
    assert fields == [
        "occurrences.2027-03-18",
        "occurrences.2027-03-17.colour",
        "occurrences.2027-03-24.end",
    ]


def test_find_dates_matches_a_date_and_an_exact_time():
    start = parse_moment("2027-03-10 19:00", PARIS)
    rule = parse_rule("FREQ=WEEKLY;COUNT=6", start, PARIS)
    found, errors = find_dates(
        [date(2027, 3, 31), "2027-04-07 19:00", "2027-04-07 20:00"], rule, start, PARIS
    )
    assert found == {
        0: parse_moment("2027-03-31 19:00", PARIS),
        1: parse_moment("2027-04-07 19:00", PARIS),
    }
    assert [index for index, _ in errors] == [2]
    assert errors[0][1].message == "'2027-04-07 20:00': the series has 2027-04-07, but at 19:00"


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    index=st.integers(min_value=0, max_value=11),
    shift=st.integers(min_value=-3 * 24 * 60, max_value=3 * 24 * 60).filter(lambda m: m % 10 == 0),
    cancel=st.booleans(),
)
def test_a_changed_date_replaces_exactly_its_original(settings, chapters, index, shift, cancel):
    """Whatever date is moved (here around both 2027 clock changes), the others are untouched."""
    text = "title: T\nstart: 2027-02-17 19:00\nrepeat: FREQ=WEEKLY;INTERVAL=3;COUNT=12\n"
    plain = load(text, settings, chapters).item.occurrences(WINDOW)
    original = plain[index]
    new = (original.starts_at + timedelta(minutes=shift)).astimezone(PARIS)
    if not PARIS.utcoffset(new.replace(tzinfo=None)) or new.fold:
        return
    entry = f"    start: {new:%Y-%m-%d %H:%M}\n" + (
        "    event_status: cancelled\n" if cancel else ""
    )
    loaded = load(
        text + f"occurrences:\n  {original.local_start:%Y-%m-%d}:\n" + entry, settings, chapters
    )
    if loaded.item is None:  # moved onto a wall time that does not exist, or is ambiguous
        assert loaded.problems
        return
    changed = loaded.item.occurrences(WINDOW)
    assert len(changed) == len(plain)
    assert [o.starts_at for o in changed] == sorted(o.starts_at for o in changed)
    untouched = [o for o in changed if not o.is_changed]
    assert [o.starts_at for o in untouched] == [o.starts_at for o in plain if o is not original]
    (moved,) = [o for o in changed if o.is_changed]
    assert moved.starts_at == new
    assert moved.end_timestamp - moved.starts_at.timestamp() == (
        original.end_timestamp - original.starts_at.timestamp()
    )
    assert moved.event.is_cancelled is cancel


def test_the_event_page_features_the_next_date_that_takes_place(settings, chapters):
    from chapterhouse.site.schedule import EventTimeline
    from chapterhouse.site.views import featured_occurrence

    event = load(
        SERIES + "occurrences:\n  2027-03-10:\n    event_status: cancelled\n", settings, chapters
    ).item
    found = event.occurrences(WINDOW)
    assert featured_occurrence(event, EventTimeline(tuple(found), ())) is found[1]
    only_cancelled = EventTimeline((found[0],), ())
    assert featured_occurrence(event, only_cancelled) is found[0]


def test_changing_a_date_raises_the_calendars_sequence():
    from chapterhouse.history.sequence import schedule_fingerprint, sequence_of

    before = b"---\ntitle: T\nstart: 2027-03-10 19:00\nrepeat: FREQ=WEEKLY\n---\n"
    after = before.replace(
        b"repeat: FREQ=WEEKLY\n", b"repeat: FREQ=WEEKLY\noccurrences: {2027-03-17: {venue: X}}\n"
    )
    assert sequence_of([schedule_fingerprint(before), schedule_fingerprint(after)]) == 1


def test_a_date_may_move_onto_one_that_moved_away(settings, chapters):
    loaded = load(
        SERIES + "occurrences:\n  2027-03-17:\n    start: 2027-03-24 19:00\n"
        "  2027-03-24:\n    start: 2027-03-25 19:00\n",
        settings,
        chapters,
    )
    assert loaded.problems == ()
    assert [o.local_start.day for o in loaded.item.occurrences(WINDOW)][1:3] == [24, 25]


def test_a_venue_for_one_date_of_an_online_series_is_refused(settings, chapters):
    found = formatted(
        SERIES + "online: https://meet.example.org/x\noccurrences:\n  2027-03-17:\n"
        "    venue: Chez Ada\n",
        settings,
        chapters,
    )
    assert found == [
        "content/events/t.md:9: occurrences.2027-03-17.venue: the event is online but this "
        "date has a venue (use attendance_mode: hybrid)"
    ]


def test_a_date_moved_to_another_time_moves_its_programme_with_it(settings, chapters):
    programme = (
        "programme:\n  - {time: '19:00', title: Welcome}\n  - {time: '19:30', title: Talk}\n"
    )
    event = load(
        SERIES + programme + "occurrences:\n  2027-03-17:\n    start: 2027-03-25 18:30\n",
        settings,
        chapters,
    ).item
    kept, moved = event.occurrences(WINDOW)[1], event.occurrences(WINDOW)[2]
    assert [s.start.isoformat() for s in kept.slots] == [
        "2027-03-24T19:00:00+01:00",
        "2027-03-24T19:30:00+01:00",
    ]
    assert [s.start.isoformat() for s in moved.slots] == [
        "2027-03-25T18:30:00+01:00",
        "2027-03-25T19:00:00+01:00",
    ]


def test_a_key_on_a_date_of_the_rule_at_another_time_says_the_time_it_has(settings, chapters):
    lines = formatted(SERIES + "occurrences:\n  2027-03-24 18:00:\n    venue: Ailleurs\n",
                      settings, chapters)  # fmt: skip
    assert lines == [
        "content/events/t.md:7: occurrences.2027-03-24 18:00: '2027-03-24 18:00': the series "
        "has 2027-03-24, but at 19:00 (key the entry by the date alone (2027-03-24:), or by its "
        "date and time as the rule gives it; to change the time, give the new one as start)"
    ]
