from datetime import UTC, date, datetime, timedelta

import pytest

from chapterhouse.core.problems import FieldError
from chapterhouse.core.timing import (
    add_elapsed,
    build_now,
    elapsed,
    parse_duration,
    parse_end,
    parse_moment,
    zone,
)

PARIS = zone("Europe/Paris")


def _never_called() -> datetime:
    raise AssertionError("the clock must not be read when CHAPTERHOUSE_NOW is set")


def test_now_comes_from_the_environment_without_reading_the_clock():
    now = build_now({"CHAPTERHOUSE_NOW": "2026-11-22T13:00:00+01:00"}, _never_called)
    assert now == datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    assert now.tzinfo is UTC


def test_now_reads_the_clock_once_when_unset():
    calls = []

    def clock() -> datetime:
        calls.append(1)
        return datetime(2026, 1, 1, tzinfo=UTC)

    assert build_now({}, clock) == datetime(2026, 1, 1, tzinfo=UTC)
    assert calls == [1]


@pytest.mark.parametrize("value", ["yesterday", "2026-11-22T12:00:00"])
def test_now_must_be_an_instant(value):
    with pytest.raises(ValueError, match="CHAPTERHOUSE_NOW"):
        build_now({"CHAPTERHOUSE_NOW": value}, _never_called)


@pytest.mark.parametrize(
    "value",
    ["2027-01-20 18:30", "2027-01-20T18:30", "2027-01-20T18:30:00", datetime(2027, 1, 20, 18, 30)],
)
def test_wall_time_forms_are_local_to_the_event_zone(value):
    moment = parse_moment(value, PARIS)
    assert moment.isoformat() == "2027-01-20T18:30:00+01:00"


def test_summer_wall_time_gets_the_summer_offset():
    assert parse_moment("2027-07-01 18:30", PARIS).isoformat() == "2027-07-01T18:30:00+02:00"


def test_explicit_offset_is_that_exact_instant():
    moment = parse_moment("2026-12-20T18:00:00-05:00", PARIS)
    assert moment.astimezone(UTC) == datetime(2026, 12, 20, 23, 0, tzinfo=UTC)


def test_a_date_alone_is_all_day():
    assert parse_moment("2027-05-10", PARIS) == date(2027, 5, 10)


def test_time_inside_the_spring_gap_is_refused_with_the_jump_named():
    with pytest.raises(FieldError) as error:
        parse_moment("2027-03-28 02:30", PARIS)
    assert "does not exist in Europe/Paris" in error.value.message
    assert "02:00 to 03:00" in error.value.message


def test_time_inside_the_autumn_overlap_takes_the_first_instant():
    moment = parse_moment("2026-10-25 02:30", PARIS)
    assert moment.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


@pytest.mark.parametrize("value", ["2027-02-30", "2027-02-30 19:00", "2027-13-01"])
def test_impossible_dates_are_refused(value):
    with pytest.raises(FieldError, match="not a real date"):
        parse_moment(value, PARIS)


def test_overnight_event_across_spring_change_lasts_the_real_hours():
    start = parse_moment("2027-03-27 20:00", PARIS)
    end = parse_end("2027-03-28 08:00", start, PARIS)
    assert elapsed(start, end) == timedelta(hours=11)


def test_duration_is_elapsed_time_across_the_change():
    start = parse_moment("2027-03-28 01:30", PARIS)
    assert add_elapsed(start, timedelta(hours=2)).isoformat() == "2027-03-28T04:30:00+02:00"


def test_bare_end_time_is_on_the_start_day():
    start = parse_moment("2027-01-20 22:00", PARIS)
    assert parse_end("23:30", start, PARIS).isoformat() == "2027-01-20T23:30:00+01:00"
    assert parse_end("2027-01-21 02:00", start, PARIS).isoformat() == "2027-01-21T02:00:00+01:00"


@pytest.mark.parametrize(
    ("start", "end"), [("19:00", "18:30"), ("22:00", "02:00"), ("19:00", "19:00")]
)
def test_a_bare_end_time_not_after_the_start_is_refused_not_moved_to_the_next_day(start, end):
    with pytest.raises(FieldError) as caught:
        parse_end(end, parse_moment(f"2027-01-20 {start}", PARIS), PARIS)
    assert caught.value.message == f"'{end}' is not after the start ({start})"
    assert f"end: 2027-01-21 {end}" in caught.value.hint


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90m", timedelta(minutes=90)),
        ("2h", timedelta(hours=2)),
        ("2h30m", timedelta(hours=2, minutes=30)),
        ("1h30", timedelta(hours=1, minutes=30)),
        ("2H05", timedelta(hours=2, minutes=5)),
        ("1h 30m", timedelta(minutes=90)),
        ("PT2H", timedelta(hours=2)),
        ("PT1H30M", timedelta(minutes=90)),
        ("3d", timedelta(days=3)),
        ("P1D", timedelta(days=1)),
    ],
)
def test_durations(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("value", ["0m", "soon", 90, "", "PT", "-PT1H", "1h75", "h30"])
def test_bad_durations(value):
    with pytest.raises(FieldError):
        parse_duration(value)


def test_misspelled_zone_gets_the_nearest_name():
    with pytest.raises(FieldError) as error:
        zone("Europe/Pari")
    assert "did you mean 'Europe/Paris'" in error.value.hint


def test_zone_by_city_name_is_suggested():
    with pytest.raises(FieldError) as error:
        zone("Mexico City")
    assert "America/Mexico_City" in error.value.hint
