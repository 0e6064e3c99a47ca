"""RRULE and EXDATE as ``repeat`` and ``except``: UNTIL, moved starts, drift, except dates."""

from __future__ import annotations

import pytest

from tests.importing import AT, calendar, one, run, skipped

PARIS_19H = "DTSTART;TZID=Europe/Paris:20270120T190000"  # a Wednesday, the 3rd of January
UTC_18H = "DTSTART:20270105T180000Z"  # a Tuesday, 19:00 in Paris
CUSTOM_TZ = """BEGIN:VTIMEZONE
TZID:Customized Time Zone
BEGIN:STANDARD
DTSTART:16010101T000000
TZOFFSETFROM:+0530
TZOFFSETTO:+0530
END:STANDARD
END:VTIMEZONE
"""
CUSTOM_US_TZ = """BEGIN:VTIMEZONE
TZID:Customized Time Zone
BEGIN:STANDARD
DTSTART:16011104T020000
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010311T020000
RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
END:DAYLIGHT
END:VTIMEZONE
"""


def series(*lines: str, **kwargs: str):
    return one("UID:a", "SUMMARY:T", *lines, **kwargs)


def test_no_rule_is_no_repeat_and_an_exdate_without_a_rule_is_reported():
    draft, issues = series(UTC_18H, "EXDATE:20270112T180000Z")
    assert (draft.start, draft.repeat, draft.excepts) == ("2027-01-05 19:00", "", ())
    assert issues == [AT + "EXDATE: there is no RRULE; ignored"]
    plain, issues = series(UTC_18H)
    assert (plain.repeat, plain.excepts, issues) == ("", (), [])


def test_two_rules_skip_the_event():
    assert skipped("UID:a", "SUMMARY:T", UTC_18H, "RRULE:FREQ=DAILY", "RRULE:FREQ=WEEKLY") == [
        AT + "RRULE: 2 rules in one event are not supported; the event was not imported"
    ]


def test_a_rule_that_produces_no_date_skips_the_event():
    assert skipped("UID:a", "SUMMARY:T", UTC_18H, "RRULE:FREQ=DAILY;UNTIL=20200101") == [
        AT + "RRULE: 'FREQ=DAILY;UNTIL=20191231T230000Z' produces no date; "
        "the event was not imported"
    ]


def test_a_rule_dateutil_cannot_expand_skips_the_event_with_its_reason():
    [issue] = skipped("UID:a", "SUMMARY:T", UTC_18H, "RRULE:FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0")
    assert issue.startswith(
        AT + "RRULE: 'FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0' cannot be expanded: bysetpos "
    )  # dateutil's own words follow
    assert issue.endswith("; the event was not imported")


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            "FREQ=HOURLY",
            "FREQ=HOURLY in 'FREQ=HOURLY' is not a meetup frequency (use one of DAILY, WEEKLY, "
            "MONTHLY, YEARLY; add INTERVAL=2 for every other one)",
        ),
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL=0 in 'FREQ=DAILY;INTERVAL=0' must be 1 to 1000"),
    ],
)
def test_a_rule_the_site_refuses_skips_the_event_with_the_sites_reason_and_hint(rule, message):
    assert skipped("UID:a", "SUMMARY:T", UTC_18H, f"RRULE:{rule}") == [
        AT + f"RRULE: {message}; the event was not imported"
    ]


def test_the_rule_is_written_as_the_site_reads_it():
    draft, issues = series(PARIS_19H, "RRULE:BYDAY=3WE;FREQ=MONTHLY;COUNT=6")
    assert (draft.start, draft.repeat, issues) == (
        "2027-01-20 19:00",
        "FREQ=MONTHLY;COUNT=6;BYDAY=3WE",
        [],
    )


# UNTIL: a date for all-day series, a UTC date-time for timed ones


@pytest.mark.parametrize(
    ("until", "written"),
    [
        ("20270519T190000Z", "20270519T190000Z"),  # already UTC
        ("20270519T190000", "20270519T170000Z"),  # floating: 19:00 in Paris is 17:00Z in May
        ("20270519", "20270518T220000Z"),  # a date: its midnight in Paris, summer time
        ("20270217", "20270216T230000Z"),  # winter time
    ],
)
def test_until_of_a_timed_series_is_written_in_utc(until, written):
    draft, issues = series(PARIS_19H, f"RRULE:FREQ=MONTHLY;BYDAY=3WE;UNTIL={until}")
    assert (draft.repeat, issues) == (f"FREQ=MONTHLY;UNTIL={written};BYDAY=3WE", [])


def test_until_is_rewritten_also_at_the_end_of_the_rule():
    draft, _ = series(PARIS_19H, "RRULE:FREQ=WEEKLY;UNTIL=20270210")
    assert draft.repeat == "FREQ=WEEKLY;UNTIL=20270209T230000Z"
    draft, _ = series("DTSTART;VALUE=DATE:20270120", "RRULE:FREQ=WEEKLY;UNTIL=20270210T235959Z")
    assert draft.repeat == "FREQ=WEEKLY;UNTIL=20270210"


@pytest.mark.parametrize(
    ("until", "written"),
    [
        ("20270519", "20270519"),
        ("20270519T120000Z", "20270519"),  # the date of a date-time UNTIL
        ("20270519T230000", "20270519"),
    ],
)
def test_until_of_an_all_day_series_is_a_date(until, written):
    draft, issues = series(
        "DTSTART;VALUE=DATE:20270120", f"RRULE:FREQ=MONTHLY;BYDAY=3WE;UNTIL={until}"
    )
    assert (draft.start, draft.repeat, issues) == (
        "2027-01-20",
        f"FREQ=MONTHLY;UNTIL={written};BYDAY=3WE",
        [],
    )


# A start that is not a date of its rule


def test_a_timed_start_off_the_rule_moves_to_the_first_date_with_its_end_and_is_reported():
    draft, issues = series(
        "DTSTART;TZID=Europe/Paris:20270105T190000",
        "DTEND;TZID=Europe/Paris:20270105T213000",
        "RRULE:FREQ=MONTHLY;BYDAY=3WE",
    )
    assert (draft.start, draft.end, draft.day) == ("2027-01-20 19:00", "21:30", "2027-01-20")
    assert issues == [
        AT + "RRULE: DTSTART 2027-01-05 19:00 is not a date of the rule 'FREQ=MONTHLY;BYDAY=3WE': "
        "the series starts on its first date 2027-01-20; the occurrence on 2027-01-05 19:00 is "
        "not imported"
    ]


def test_a_moved_start_keeps_its_wall_time_across_a_clock_change():
    draft, issues = series(
        "DTSTART;TZID=Europe/Paris:20270320T190000",
        "DTEND;TZID=Europe/Paris:20270320T210000",
        "RRULE:FREQ=MONTHLY;BYMONTHDAY=31;COUNT=3",
    )
    assert (draft.start, draft.end) == ("2027-03-31 19:00", "21:00")
    assert issues == [
        AT + "RRULE: DTSTART 2027-03-20 19:00 is not a date of the rule "
        "'FREQ=MONTHLY;COUNT=3;BYMONTHDAY=31': the series starts on its first date 2027-03-31; "
        "the occurrence on 2027-03-20 19:00 is not imported"
    ]


def test_a_moved_start_keeps_the_exact_duration_of_the_event():
    # 22:00 to 04:00 across the spring change lasts 5 hours: so does the moved occurrence
    draft, _ = series(
        "DTSTART;TZID=Europe/Paris:20270327T220000",
        "DTEND;TZID=Europe/Paris:20270328T040000",
        "RRULE:FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=3;COUNT=3",
    )
    assert (draft.start, draft.end) == ("2027-04-03 22:00", "2027-04-04 03:00")


def test_a_utc_start_off_the_rule_is_shown_in_the_events_zone():
    draft, issues = series(UTC_18H, "RRULE:FREQ=MONTHLY;BYDAY=3WE;COUNT=2")
    assert draft.start == "2027-01-20 19:00"
    assert issues == [
        AT + "RRULE: DTSTART 2027-01-05 19:00 is not a date of the rule "
        "'FREQ=MONTHLY;COUNT=2;BYDAY=3WE': the series starts on its first date 2027-01-20; the "
        "occurrence on 2027-01-05 19:00 is not imported"
    ]


def test_an_all_day_start_off_the_rule_moves_with_its_end_and_is_reported_with_dates():
    draft, issues = series(
        "DTSTART;VALUE=DATE:20270105",
        "DTEND;VALUE=DATE:20270107",
        "RRULE:FREQ=MONTHLY;BYDAY=3WE",
    )
    assert (draft.start, draft.end, draft.all_day) == ("2027-01-20", "2027-01-21", True)
    assert issues == [
        AT + "RRULE: DTSTART 2027-01-05 is not a date of the rule 'FREQ=MONTHLY;BYDAY=3WE': the "
        "series starts on its first date 2027-01-20; the occurrence on 2027-01-05 is not imported"
    ]


def test_a_start_on_its_rule_is_not_moved_nor_reported():
    draft, issues = series(
        "DTSTART;VALUE=DATE:20270120", "DTEND;VALUE=DATE:20270122", "RRULE:FREQ=MONTHLY;BYDAY=3WE"
    )
    assert (draft.start, draft.end, issues) == ("2027-01-20", "2027-01-21", [])


# Drift: a series kept at its wall time in another zone than the event's


def test_a_utc_series_crossing_a_clock_change_is_reported_with_how_many_dates_move():
    draft, issues = series(UTC_18H, "RRULE:FREQ=WEEKLY;COUNT=20")
    assert (draft.start, draft.repeat) == ("2027-01-05 19:00", "FREQ=WEEKLY;COUNT=20")
    # the 13th to the 20th Tuesday are after the change of 28 March
    assert issues == [
        AT + "RRULE: the series keeps its wall time in UTC, but in Europe/Paris it keeps its "
        "local time: 8 of its first 400 dates move (first 2027-03-30)"
    ]


def test_drift_is_counted_over_the_first_400_dates_only():
    _draft, issues = series(UTC_18H, "RRULE:FREQ=DAILY")
    # 2027-03-28 to 2027-10-30 are summer days; the 400th day is 2028-02-08, before the next
    assert issues == [
        AT + "RRULE: the series keeps its wall time in UTC, but in Europe/Paris it keeps its "
        "local time: 217 of its first 400 dates move (first 2027-03-28)"
    ]


def test_a_utc_series_is_compared_with_x_wr_timezone_when_there_is_one():
    draft, issues = series(
        UTC_18H, "RRULE:FREQ=WEEKLY;COUNT=20", header="X-WR-TIMEZONE:America/New_York\n"
    )
    assert (draft.start, draft.timezone) == ("2027-01-05 13:00", "America/New_York")
    assert issues == [
        AT + "RRULE: the series keeps its wall time in UTC, but in America/New_York it keeps its "
        "local time: 10 of its first 400 dates move (first 2027-03-16)"
    ]


def test_a_series_in_a_custom_zone_names_that_zone_when_its_dates_move():
    _draft, issues = series(
        "DTSTART;TZID=Customized Time Zone:20270105T233000",
        "RRULE:FREQ=WEEKLY;COUNT=20",
        header=CUSTOM_TZ,
    )
    assert issues == [
        AT + "DTSTART: time zone 'Customized Time Zone' is not an IANA zone: its VTIMEZONE gives "
        "the instants, written in the chapter's zone Europe/Paris",
        AT + "RRULE: the series keeps its wall time in 'Customized Time Zone', but in "
        "Europe/Paris it keeps its local time: 8 of its first 400 dates move (first 2027-03-30)",
    ]


def test_a_series_in_a_custom_zone_with_its_own_clock_changes_moves_only_between_the_two():
    # clocks change on 14 March in this zone and on 28 March in Paris: the two Tuesdays
    # between them (Wednesdays 01:00 in Paris) are an hour apart; the others are not
    _draft, issues = series(
        "DTSTART;TZID=Customized Time Zone:20270105T190000",
        "RRULE:FREQ=WEEKLY;COUNT=20",
        header=CUSTOM_US_TZ,
    )
    assert issues[1:] == [
        AT + "RRULE: the series keeps its wall time in 'Customized Time Zone', but in "
        "Europe/Paris it keeps its local time: 2 of its first 400 dates move (first 2027-03-17)"
    ]


@pytest.mark.parametrize(
    "lines",
    [
        (UTC_18H, "RRULE:FREQ=WEEKLY;COUNT=3"),  # UTC, but all in winter
        (PARIS_19H, "RRULE:FREQ=WEEKLY;COUNT=20"),  # kept in its own zone
        ("DTSTART:20270120T190000", "RRULE:FREQ=WEEKLY;COUNT=20"),  # floating
        ("DTSTART;VALUE=DATE:20270120", "RRULE:FREQ=WEEKLY;COUNT=20"),  # days
    ],
)
def test_a_series_whose_dates_do_not_move_is_not_reported(lines):
    _draft, issues = series(*lines)
    assert issues == []


def test_a_utc_series_is_not_reported_when_the_chapter_keeps_utc():
    _draft, issues = series(UTC_18H, "RRULE:FREQ=WEEKLY;COUNT=20", chapter_zone="UTC")
    assert issues == []


# EXDATE: except dates


def test_exdates_are_the_sorted_local_days_of_the_series_they_name():
    draft, issues = series(
        PARIS_19H,
        "RRULE:FREQ=MONTHLY;BYDAY=3WE;COUNT=6",
        "EXDATE;TZID=Europe/Paris:20270616T190000,20270317T190000",
        "EXDATE:20270421T170000Z",
    )
    assert draft.excepts == ("2027-03-17", "2027-04-21", "2027-06-16")
    assert issues == []


def test_an_exdate_is_the_day_it_falls_on_in_the_events_zone():
    # 23:30 UTC on the 5th is 00:30 on the 6th in Paris
    draft, issues = series(
        "DTSTART;TZID=Europe/Paris:20270105T003000",
        "RRULE:FREQ=DAILY;COUNT=5",
        "EXDATE:20270105T233000Z",
    )
    assert (draft.excepts, issues) == (("2027-01-06",), [])


def test_all_day_exdates_are_dates():
    draft, issues = series(
        "DTSTART;VALUE=DATE:20270105",
        "RRULE:FREQ=DAILY;COUNT=5",
        "EXDATE;VALUE=DATE:20270107,20270106",
    )
    assert (draft.excepts, issues) == (("2027-01-06", "2027-01-07"), [])


def test_exdates_not_of_the_series_or_unreadable_are_reported_and_the_others_kept():
    draft, issues = series(
        UTC_18H,
        "RRULE:FREQ=WEEKLY;COUNT=5",
        "EXDATE;TZID=Mars/Olympus:20270112T190000",
        "EXDATE:20270126T180000Z,20270119T180000Z",
        "EXDATE:20270113T180000Z",
        "EXDATE:20270119T180000Z",
        "EXDATE:20270112T180000Z",
    )
    assert draft.excepts == ("2027-01-12", "2027-01-19", "2027-01-26")
    assert issues == [
        AT + "EXDATE: unknown time zone 'Mars/Olympus' (not IANA, not a Windows name, "
        "no VTIMEZONE); ignored",
        AT + "EXDATE: 2027-01-13 is not a date of the series; ignored",
    ]


def test_exdates_are_read_against_the_moved_start():
    draft, issues = series(
        "DTSTART;TZID=Europe/Paris:20270105T190000",
        "RRULE:FREQ=MONTHLY;BYDAY=3WE;COUNT=3",
        "EXDATE;TZID=Europe/Paris:20270105T190000,20270217T190000",
    )
    assert draft.excepts == ("2027-02-17",)
    assert issues[1:] == [AT + "EXDATE: 2027-01-05 is not a date of the series; ignored"]


def test_changed_occurrences_become_except_dates_with_the_exdates():
    master = (
        f"UID:s\nSUMMARY:S\n{PARIS_19H}\nRRULE:FREQ=MONTHLY;BYDAY=3WE;COUNT=5\n"
        "EXDATE;TZID=Europe/Paris:20270421T190000"
    )
    moved = (
        "UID:s\nRECURRENCE-ID;TZID=Europe/Paris:20270217T190000\nSUMMARY:S\n"
        "DTSTART;TZID=Europe/Paris:20270218T190000"
    )
    drafts, issues = run(calendar(master, moved))
    assert [(d.uid, d.excepts) for d in drafts] == [
        ("s", ("2027-02-17", "2027-04-21")),
        ("s-20270217T180000Z", ()),
    ]
    assert issues == []


def test_500_except_dates_are_kept_and_more_are_reported():
    start = "DTSTART;VALUE=DATE:20270101"
    rule = "RRULE:FREQ=DAILY;COUNT=1000"
    years = [
        f"{year}{month:02d}{day:02d}"
        for year in (2027, 2028)
        for month in range(1, 13)
        for day in range(1, 29)
    ]
    kept, issues = series(start, rule, "EXDATE;VALUE=DATE:" + ",".join(years[:500]))
    assert (len(kept.excepts), issues) == (500, [])
    cut, issues = series(start, rule, "EXDATE;VALUE=DATE:" + ",".join(reversed(years[:501])))
    assert cut.excepts == tuple(f"{d[:4]}-{d[4:6]}-{d[6:]}" for d in years[:500])
    assert issues == [AT + "EXDATE: more than 500 dates; only the first 500 are kept"]
