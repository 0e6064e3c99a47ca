from datetime import UTC, date, datetime

import pytest

from chapterhouse.core.problems import FieldError
from chapterhouse.core.recurrence import Recurrence, expand, parse_exceptions, parse_rule
from chapterhouse.core.timing import parse_moment, zone

PARIS = zone("Europe/Paris")
WINDOW = (datetime(2020, 1, 1, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC))


def test_quarterly_third_wednesday_keeps_local_time_across_dst():
    start = parse_moment("2026-09-16 19:00", PARIS)
    rule = parse_rule("FREQ=MONTHLY;INTERVAL=3;BYDAY=3WE;UNTIL=20271231", start, PARIS)
    dates = expand(Recurrence(rule), start, PARIS, WINDOW)
    assert [d.isoformat() for d in dates] == [
        "2026-09-16T19:00:00+02:00",
        "2026-12-16T19:00:00+01:00",
        "2027-03-17T19:00:00+01:00",
        "2027-06-16T19:00:00+02:00",
        "2027-09-15T19:00:00+02:00",
        "2027-12-15T19:00:00+01:00",
    ]


def test_until_as_a_date_becomes_the_end_of_that_local_day_in_utc():
    start = parse_moment("2026-09-16 19:00", PARIS)
    assert "UNTIL=20271231T225959Z" in parse_rule("FREQ=MONTHLY;UNTIL=20271231", start, PARIS)


def test_excluded_date_disappears():
    start = parse_moment("2026-09-16 19:00", PARIS)
    rule = parse_rule("FREQ=MONTHLY;INTERVAL=3;BYDAY=3WE;COUNT=4", start, PARIS)
    excluded, errors = parse_exceptions(["2027-03-17"], rule, start, PARIS)
    assert errors == []
    assert excluded == (parse_moment("2027-03-17 19:00", PARIS),)
    dates = expand(Recurrence(rule, excluded), start, PARIS, WINDOW)
    assert date(2027, 3, 17) not in [d.date() for d in dates]
    assert len(dates) == 3


def test_exception_that_is_not_an_occurrence_points_to_the_nearest():
    start = parse_moment("2026-09-16 19:00", PARIS)
    rule = parse_rule("FREQ=MONTHLY;INTERVAL=3;BYDAY=3WE", start, PARIS)
    _, errors = parse_exceptions(["2027-03-18"], rule, start, PARIS)
    index, error = errors[0]
    assert index == 0
    assert "not a date of the series" in error.message
    assert "2027-03-17" in error.hint


def test_all_day_weekly_series():
    start = date(2027, 1, 4)
    rule = parse_rule("FREQ=WEEKLY;COUNT=3", start, PARIS)
    assert expand(Recurrence(rule), start, PARIS, WINDOW) == [
        date(2027, 1, 4),
        date(2027, 1, 11),
        date(2027, 1, 18),
    ]


def test_occurrence_in_the_spring_gap_moves_forward_by_the_gap():
    start = parse_moment("2027-03-21 02:30", PARIS)
    rule = parse_rule("FREQ=WEEKLY;COUNT=2", start, PARIS)
    second = expand(Recurrence(rule), start, PARIS, WINDOW)[1]
    assert second.isoformat() == "2027-03-28T03:30:00+02:00"


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=FORTNIGHTLY", "not a meetup frequency"),
        ("FREQ=HOURLY", "not a meetup frequency"),
        ("FREQ=MONTHLY;FOO=1", "'FOO' is not a part"),
        ("FREQ=MONTHLY;COUNT=2;UNTIL=20271231", "both COUNT and UNTIL"),
        ("FREQ=WEEKLY;BYDAY=3WE", "numbered BYDAY"),
        ("FREQ=MONTHLY;BYDAY=3TH", "is not a date of the rule"),
        ("FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2", "never produces a date"),
        ("FREQ=MONTHLY;UNTIL=20200101", "before the start"),
        ("FREQ=MONTHLY;BYDAY=XX", "is not a weekday like WE"),
    ],
)
def test_bad_rules_are_explained(rule, message):
    start = parse_moment("2027-01-20 18:30", PARIS)
    with pytest.raises(FieldError, match=message):
        parse_rule(rule, start, PARIS)
