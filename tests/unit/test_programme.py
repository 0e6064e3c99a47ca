"""Programmes and recaps in front matter: what an organizer gets for each value."""

from datetime import UTC, datetime, time
from pathlib import Path

import pytest

from chapterhouse.core.loading import load_chapter, load_event
from chapterhouse.core.model import ProgrammeKind
from chapterhouse.core.problems import FieldError
from chapterhouse.core.programme import (
    event_warnings,
    parse_wall_time,
    programme_lines,
    recap_problems,
)

CHAPTER = """---
title: Python Toulouse
timezone: Europe/Paris
---
"""


@pytest.fixture
def chapters(settings, tmp_path):
    loaded = load_chapter(
        CHAPTER.encode(), "chapters/toulouse.md", "chapters/toulouse.md", settings, tmp_path
    )
    assert loaded.problems == ()
    return {"toulouse": loaded.item}


def load(text, settings, chapters, root=Path("/nonexistent")):
    return load_event(
        ("---\n" + text + "---\nBody\n").encode(),
        "events/talk.md",
        "content/events/talk.md",
        settings,
        root,
        chapters,
    )


def lines_of(loaded):
    return [p.format() for p in loaded.problems]


EVENING = """title: Python evening
start: 2027-01-20 18:30
end: 21:00
speakers: [Ada Lovelace, Grace Hopper]
programme:
  - time: 18:30
    title: Welcome
    kind: icebreaker
  - time: "19:00"
    title: Packaging in 2027
    speaker: Ada Lovelace
    kind: talk
  - {time: 20:15, title: Drinks, kind: Networking}
"""


def test_unquoted_and_quoted_times_give_the_wall_times_in_the_event_zone(settings, chapters):
    loaded = load(EVENING, settings, chapters)
    assert loaded.problems == ()
    event = loaded.item
    assert [(i.at.strftime("%H:%M"), i.title) for i in event.programme] == [
        ("18:30", "Welcome"),
        ("19:00", "Packaging in 2027"),
        ("20:15", "Drinks"),
    ]
    assert event.programme[2].kind is ProgrammeKind.NETWORKING
    slots = event.occurrence_at(event.start).slots
    assert [s.start.isoformat() for s in slots] == [
        "2027-01-20T18:30:00+01:00",
        "2027-01-20T19:00:00+01:00",
        "2027-01-20T20:15:00+01:00",
    ]
    assert programme_lines(event, slots) == [
        "18:30 Welcome",
        "19:00 Packaging in 2027 — Ada Lovelace",
        "20:15 Drinks",
    ]
    assert event_warnings(event) == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("25:00", "'25:00' is not a time of day: hours go from 0 to 23"),
        ("19:75", "'19:75' is not a time of day: hours go from 0 to 23"),
        ("7pm", "'7pm' is not a time of day"),
        ("soon", "'soon' is not a time of day"),
        (1830, "1830 is not a time of day"),
        (True, "'True' is not a time of day"),
        ("2027-02-30 09:00", "'2027-02-30 09:00' is not a real date"),
    ],
)
def test_a_time_that_is_not_a_time_of_day_is_refused_naming_it(value, message):
    with pytest.raises(FieldError) as error:
        parse_wall_time(value)
    assert error.value.message.startswith(message)


def test_a_number_without_colon_is_told_how_to_write_it():
    with pytest.raises(FieldError) as error:
        parse_wall_time(1830)
    assert "18:30" in error.value.hint


def test_every_bad_item_is_reported_at_its_line_with_its_field(settings, chapters):
    text = """title: Python evening
start: 2027-01-20 18:30
end: 21:00
programme:
  - time: 18:30
    title: Welcome
  - time: 25:00
    title: Late
  - time: 17:00
    title: Too early
  - time: 22:30
    title: Too late
  - time: 19:00
    title: Quiz night
    kind: karaoke
  - time: 19:30
"""
    lines = lines_of(load(text, settings, chapters))
    assert (
        "content/events/talk.md:8: programme.1.time: '25:00' is not a time of day: hours go "
        "from 0 to 23, minutes from 00 to 59 (midnight is 00:00, on the next day's date)"
    ) in lines
    assert any(
        line.startswith("content/events/talk.md:10: programme.2.time: '17:00' is before the event "
        "starts (18:30)") for line in lines
    )  # fmt: skip
    assert any(
        line.startswith("content/events/talk.md:12: programme.3.time: '22:30' is after the event "
        "ends (21:00)") for line in lines
    )  # fmt: skip
    assert any(
        line.startswith("content/events/talk.md:16: programme.4.kind: 'karaoke' is not allowed")
        and "talk, workshop, icebreaker, quiz, break, networking" in line
        for line in lines
    )
    assert any(
        line.startswith("content/events/talk.md:17: programme.5: 'title' is required")
        for line in lines
    )
    assert len(lines) == 5


def test_an_item_at_the_start_or_the_end_is_within_the_event(settings, chapters):
    text = EVENING.replace("20:15", "21:00")
    loaded = load(text, settings, chapters)
    assert loaded.problems == ()
    warnings = [p.format() for p in event_warnings(loaded.item)]
    assert warnings == [
        "content/events/talk.md:14: programme.2.time: '21:00' is the very end of the event: "
        "nothing can happen after it (end the event later, or remove the item)"
    ]


def test_one_minute_past_the_end_is_refused(settings, chapters):
    lines = lines_of(load(EVENING.replace("20:15", "21:01"), settings, chapters))
    assert lines and "'21:01' is after the event ends (21:00)" in lines[0]


def test_items_out_of_order_and_unknown_speakers_are_warnings(settings, chapters):
    text = EVENING.replace('time: "19:00"', 'time: "20:30"').replace(
        "speaker: Ada Lovelace", "speaker: ada  lovelace"
    )
    text += "  - {time: 20:45, title: Lightning talk, speaker: Alan Turing}\n"
    loaded = load(text, settings, chapters)
    assert loaded.problems == ()
    warnings = [(p.line, p.field, p.message) for p in event_warnings(loaded.item)]
    assert warnings == [
        (14, "programme.2.time", "'20:15' is earlier than the item before it (20:30)"),
        (
            15,
            "programme.3.speaker",
            "'Alan Turing' is not one of the event's speakers (Ada Lovelace, Grace Hopper)",
        ),
    ]


def test_a_multi_day_event_needs_dates_and_they_cross_a_dst_change(settings, chapters):
    text = """title: Sprint weekend
start: 2027-03-27 09:00
end: 2027-03-28 18:00
programme:
  - time: 2027-03-27 09:00
    title: Kick-off
  - time: "2027-03-28 10:00"
    title: Demos
  - time: 11:00
    title: Which day?
"""
    lines = lines_of(load(text, settings, chapters))
    assert lines == [
        "content/events/talk.md:10: programme.2.time: '11:00' does not say which day: the event "
        "runs from 2027-03-27 to 2027-03-28 (write the date too, like 2027-03-27 11:00, or add day: 1)"
    ]
    event = load(text.rsplit("  - time: 11:00", 1)[0], settings, chapters).item
    slots = event.occurrence_at(event.start).slots
    # Saturday is winter time (+01:00), Sunday summer time (+02:00): both in Paris wall time.
    assert [s.start.isoformat() for s in slots] == [
        "2027-03-27T09:00:00+01:00",
        "2027-03-28T10:00:00+02:00",
    ]
    assert programme_lines(event, slots) == ["2027-03-27 09:00 Kick-off", "2027-03-28 10:00 Demos"]


def test_a_repeating_event_has_its_programme_on_every_date(settings, chapters):
    text = """title: Monthly
start: 2027-03-17 19:00
duration: 2h
repeat: FREQ=MONTHLY;BYDAY=3WE;COUNT=3
programme:
  - {time: 19:00, title: News}
  - {time: 19:30, title: Talk}
"""
    event = load(text, settings, chapters).item
    window = (datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))
    starts = [[s.start.isoformat() for s in o.slots] for o in event.occurrences(window)]
    assert starts == [
        ["2027-03-17T19:00:00+01:00", "2027-03-17T19:30:00+01:00"],
        ["2027-04-21T19:00:00+02:00", "2027-04-21T19:30:00+02:00"],
        ["2027-05-19T19:00:00+02:00", "2027-05-19T19:30:00+02:00"],
    ]
    dated = text.replace("{time: 19:30", "{time: 2027-03-17 19:30")
    lines = lines_of(load(dated, settings, chapters))
    assert lines == [
        "content/events/talk.md:8: programme.1.time: '2027-03-17 19:30' has a date, but the "
        "event repeats: its programme is the same on every date (write the time of day alone: "
        "19:30, and day: 2 for the next day)"
    ]


RECAP = """title: Python evening
start: 2026-11-18 18:30
end: 21:00
rsvp: {url: https://forms.example/a, capacity: 60}
recap:
  slides: https://slides.example/packaging.pdf
  recording: https://video.example/watch?v=abc
  photos: [https://photos.example/1.jpg]
  writeup: |
    A **great** evening.
  attended: 68
"""


def test_a_recap_is_read_and_more_attendees_than_places_is_a_warning(settings, chapters):
    loaded = load(RECAP, settings, chapters)
    assert loaded.problems == ()
    recap = loaded.item.recap
    assert recap.attended == 68
    assert recap.photos == ("https://photos.example/1.jpg",)
    assert recap.writeup == "A **great** evening."
    assert [p.format() for p in event_warnings(loaded.item)] == [
        "content/events/talk.md:12: recap.attended: 68 people attended, more than the 60 places "
        "of rsvp.capacity (check the number)"
    ]
    assert event_warnings(load(RECAP.replace("68", "60"), settings, chapters).item) == []


def test_a_recap_before_the_event_has_ended_is_an_error_at_its_line(settings, chapters):
    event = load(RECAP, settings, chapters).item
    during = datetime(2026, 11, 18, 19, 0, tzinfo=UTC)  # 20:00 in Paris: still on
    [problem] = recap_problems([event], during)
    assert problem.format() == (
        "content/events/talk.md:6: recap: the event ends 2026-11-18 21:00 (Europe/Paris), after "
        "now (2026-11-18 20:00): a recap is for an event that has taken place (add the recap "
        "once the event is over)"
    )
    assert recap_problems([event], datetime(2026, 11, 18, 20, 0, tzinfo=UTC)) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("photos: [https://photos.example/1.jpg]", "photos: a.jpg, b.jpg"),
            "content/events/talk.md:9: recap.photos: 'a.jpg, b.jpg' is one text with commas, "
            "not a list (write a list: [a.jpg, b.jpg])",
        ),
        (
            ("attended: 68", "attended: 68 people"),
            "content/events/talk.md:12: recap.attended: '68 people' is not a whole number of 0 "
            "or more (write the number alone, like 68)",
        ),
        (
            ("attended: 68", "attended: -3"),
            "content/events/talk.md:12: recap.attended: '-3' is not a whole number of 0 or more",
        ),
        (
            ("slides: https://", "slides: ftp://"),
            "content/events/talk.md:7: recap.slides: 'ftp://slides.example/packaging.pdf' uses "
            "ftp:, but only http:// or https:// links are allowed here",
        ),
        (
            ("photos: [https://photos.example/1.jpg]", "photos: [images/missing.jpg]"),
            "content/events/talk.md:9: recap.photos.0: 'images/missing.jpg' is not a file in the "
            "content folder (put it in nonexistent/images/missing.jpg)",
        ),
        (
            ("end: 21:00", "end: 21:00\nrepeat: FREQ=WEEKLY;COUNT=2"),
            "content/events/talk.md:7: recap: a repeating event has no single recap: write one "
            "in an event file of that date (and list the date in except) (remove the recap)",
        ),
        (
            ("end: 21:00", "end: 21:00\nevent_status: cancelled"),
            "content/events/talk.md:7: recap: the event is cancelled: there is nothing to recap "
            "(remove the recap)",
        ),
    ],
)
def test_a_wrong_recap_value_is_refused_naming_it(settings, chapters, change, expected):
    lines = lines_of(load(RECAP.replace(*change), settings, chapters))
    assert expected in lines


def test_an_empty_recap_is_refused(settings, chapters):
    lines = lines_of(load("title: A\nstart: 2026-11-18 18:30\nrecap: {}\n", settings, chapters))
    assert lines == [
        "content/events/talk.md:4: recap: is empty: give at least 'slides' or 'recording' or "
        "'photos' or 'writeup' or 'attended'"
    ]


def test_an_item_in_the_spring_forward_gap_is_refused_naming_the_gap(settings, chapters):
    text = """title: Night
start: 2027-03-28 01:00
end: 2027-03-28 05:00
programme:
  - {time: 01:00, title: Start}
  - {time: 02:30, title: Never}
  - {time: 03:00, title: Right after the jump}
"""
    lines = lines_of(load(text, settings, chapters))
    assert lines == [
        "content/events/talk.md:7: programme.1.time: 2027-03-28 02:30 does not exist in "
        "Europe/Paris: clocks jump from 02:00 to 03:00 that night (use 03:00 or an explicit UTC "
        "offset)"
    ]
    event = load(text.replace("  - {time: 02:30, title: Never}\n", ""), settings, chapters).item
    slots = event.occurrence_at(event.start).slots
    assert [s.start.isoformat() for s in slots] == [
        "2027-03-28T01:00:00+01:00",
        "2027-03-28T03:00:00+02:00",
    ]


def test_an_event_ending_at_midnight_is_one_day(settings, chapters):
    text = """title: Late
start: 2027-01-20 22:00
end: 2027-01-21 00:00
programme:
  - {time: 23:00, title: Quiz, kind: quiz}
"""
    loaded = load(text, settings, chapters)
    assert loaded.problems == ()
    assert loaded.item.occurrence_at(loaded.item.start).slots[0].start.isoformat() == (
        "2027-01-20T23:00:00+01:00"
    )


def test_a_series_date_inside_a_gap_moves_the_item_forward_as_clocks_do(settings, chapters):
    text = """title: Night owls
start: 2027-03-21 01:30
duration: 3h
repeat: FREQ=WEEKLY;COUNT=2
programme:
  - {time: 02:30, title: Lightning talks}
"""
    event = load(text, settings, chapters).item
    window = (datetime(2027, 3, 1, tzinfo=UTC), datetime(2027, 4, 1, tzinfo=UTC))
    starts = [o.slots[0].start.isoformat() for o in event.occurrences(window)]
    assert starts == ["2027-03-21T02:30:00+01:00", "2027-03-28T03:30:00+02:00"]


def test_days_of_a_long_event_can_be_numbered(settings, chapters):
    text = """title: Sprints
start: 2027-05-10 09:00
end: 2027-05-12 18:00
programme:
  - {time: 09:00, day: 1, title: Kick-off}
  - {time: "10:00:00", day: 3, title: Demos}
  - {time: 10:00, day: 4, title: Too late}
  - {time: 2027-05-11 10:00, day: 2, title: Both}
"""
    lines = lines_of(load(text, settings, chapters))
    assert lines == [
        "content/events/talk.md:8: programme.2.day: day 4 is after the event's last day (it "
        "lasts 3 days) (day 1 is the first day)",
        "content/events/talk.md:9: programme.3.time: '2027-05-11 10:00' has a date, and day says "
        "2 (give one of them)",
    ]
    event = load(text.split("  - {time: 10:00, day: 4")[0], settings, chapters).item
    slots = event.occurrence_at(event.start).slots
    assert [s.start.isoformat() for s in slots] == [
        "2027-05-10T09:00:00+02:00",
        "2027-05-12T10:00:00+02:00",
    ]


def test_a_repeating_event_of_two_days_numbers_its_days(settings, chapters):
    text = """title: Weekend sprint
start: 2027-03-20 10:00
end: 2027-03-21 17:00
repeat: FREQ=WEEKLY;COUNT=2
programme:
  - {time: 10:00, day: 1, title: Start}
  - {time: 10:00, day: 2, title: Sunday demos}
"""
    event = load(text, settings, chapters).item
    window = (datetime(2027, 3, 1, tzinfo=UTC), datetime(2027, 4, 1, tzinfo=UTC))
    starts = [[s.start.isoformat() for s in o.slots] for o in event.occurrences(window)]
    assert starts == [
        ["2027-03-20T10:00:00+01:00", "2027-03-21T10:00:00+01:00"],
        ["2027-03-27T10:00:00+01:00", "2027-03-28T10:00:00+02:00"],
    ]


def test_attended_may_be_quoted_but_not_words(settings, chapters):
    assert (
        load(
            RECAP.replace("attended: 68", 'attended: "68"'), settings, chapters
        ).item.recap.attended
        == 68
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [("00:00", time(0, 0)), ("23:59", time(23, 59)), ("9:05", time(9, 5)), ("18h30", time(18, 30))],
)
def test_the_edges_of_the_day_are_times_of_day(value, expected):
    assert parse_wall_time(value).at == expected


@pytest.mark.parametrize("value", ["24:00", "23:60", "18:59:60"])
def test_just_past_the_edges_of_the_day_is_refused_with_how_midnight_is_written(value):
    with pytest.raises(FieldError) as error:
        parse_wall_time(value)
    assert error.value.message.startswith(f"'{value}' is not a time of day")


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        (2359, "write it with a colon: 23:59"),
        (5, "write it with a colon: 00:05"),
        (2400, "18:30"),  # no colon form to suggest: the general hint
        (1860, "18:30"),
    ],
)
def test_a_number_gets_its_colon_form_only_when_it_is_a_time(value, hint):
    with pytest.raises(FieldError) as error:
        parse_wall_time(value)
    assert hint in error.value.hint
    if "colon" not in hint:
        assert "colon" not in error.value.hint


def test_a_missing_photo_is_reported_with_the_recaps_other_problems(settings, chapters, tmp_path):
    text = """title: Past talk
chapter: toulouse
start: 2026-11-10 18:30
recap:
  photos: [images/missing.jpg, http://insecure.example.org/p.jpg]
  attended: -3
"""
    lines = [p.format() for p in sorted(load(text, settings, chapters, tmp_path).problems)]
    assert any(": recap.photos.0" in line and "images/missing.jpg" in line for line in lines), lines
    assert any(": recap.photos.1" in line for line in lines), lines
    assert any(": recap.attended" in line for line in lines), lines
    assert len(lines) == 3  # every problem, in one run
