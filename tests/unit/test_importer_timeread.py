"""Reading one date-time value: the four forms of RFC 5545 and the zone each is read in."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from chapterhouse.importer.timeread import (
    TimeContext,
    Unreadable,
    localize_lenient,
    read_value,
)
from chapterhouse.importer.zones import ZoneResolver

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
CUSTOM = timezone(timedelta(hours=5, minutes=30), "Customized Time Zone")


def context(calendar_zone: ZoneInfo | None = None) -> TimeContext:
    """Chapter in Paris; one custom VTIMEZONE; ``X-WR-TIMEZONE`` when given."""
    return TimeContext(ZoneResolver({"Customized Time Zone": CUSTOM}), calendar_zone, PARIS)


def read(value, tzid="", calendar_zone=None):
    """What a read value is: its instant with offset, the zone it names, its kind, and more."""
    moment = read_value(value, tzid, context(calendar_zone))
    shown = moment.value.isoformat()
    return shown, moment.zone, moment.kind, moment.source_tz, moment.tzid


@pytest.mark.parametrize("value", ["20270105", None, 20270105])
def test_a_value_that_is_not_a_date_is_unreadable(value):
    with pytest.raises(Unreadable, match=r"^not a date or date-time$"):
        read_value(value, "", context())


@pytest.mark.parametrize("calendar_zone", [None, NEW_YORK])
def test_a_date_is_a_day_whatever_the_zones(calendar_zone):
    assert read(date(2027, 1, 5), "Europe/Paris", calendar_zone) == (
        "2027-01-05",
        None,
        "date",
        None,
        "",
    )


def test_an_unknown_zone_is_unreadable_and_the_message_names_it():
    with pytest.raises(Unreadable) as raised:
        read_value(datetime(2027, 1, 5, 19), "Mars/Olympus", context())
    assert str(raised.value) == (
        "unknown time zone 'Mars/Olympus' (not IANA, not a Windows name, no VTIMEZONE)"
    )


@pytest.mark.parametrize("calendar_zone", [None, NEW_YORK])
def test_a_zoned_value_is_a_wall_time_in_its_zone_even_with_x_wr_timezone(calendar_zone):
    assert read(datetime(2027, 1, 20, 18, 30), "Europe/Paris", calendar_zone) == (
        "2027-01-20T18:30:00+01:00",
        PARIS,
        "zoned",
        PARIS,
        "Europe/Paris",
    )


def test_a_zoned_value_keeps_its_wall_time_whatever_tzinfo_the_parser_gave_it():
    parsed = datetime(2027, 1, 20, 18, 30, tzinfo=NEW_YORK)
    assert read(parsed, "Europe/Paris")[0] == "2027-01-20T18:30:00+01:00"


def test_a_windows_zone_name_is_read_as_its_iana_zone_and_keeps_the_tzid_for_messages():
    assert read(datetime(2027, 1, 20, 18, 30), "Romance Standard Time") == (
        "2027-01-20T18:30:00+01:00",
        PARIS,
        "zoned",
        PARIS,
        "Romance Standard Time",
    )


@pytest.mark.parametrize("tzid", ["Europe/Paris", ""])
def test_a_wall_time_that_happens_twice_is_the_first_one(tzid):
    # 02:30 on 2027-10-31 happens at +02:00 then at +01:00 in Paris
    second = datetime(2027, 10, 31, 2, 30, fold=1)
    assert read(second, tzid)[0] == "2027-10-31T02:30:00+02:00"


def test_a_custom_vtimezone_gives_the_instant_and_no_zone_to_show():
    assert read(datetime(2027, 3, 10, 18, 30), "Customized Time Zone", NEW_YORK) == (
        "2027-03-10T18:30:00+05:30",
        None,
        "custom",
        CUSTOM,
        "Customized Time Zone",
    )


@pytest.mark.parametrize(
    "tzid", ["UTC", "Etc/UTC", "GMT", "Etc/GMT", "Etc/Zulu", "Zulu", "Universal"]
)
def test_a_tzid_naming_utc_is_read_as_utc(tzid):
    assert read(datetime(2027, 7, 20, 16, 30), tzid) == (
        "2027-07-20T16:30:00+00:00",
        None,
        "utc",
        UTC,
        "",
    )
    assert read(datetime(2027, 7, 20, 16, 30), tzid, NEW_YORK) == (
        "2027-07-20T12:30:00-04:00",
        NEW_YORK,
        "utc",
        ZoneInfo("UTC"),
        "",
    )


def test_utc_without_x_wr_timezone_is_the_utc_instant():
    assert read(datetime(2027, 7, 20, 18, 30, tzinfo=PARIS)) == (
        "2027-07-20T16:30:00+00:00",
        None,
        "utc",
        UTC,
        "",
    )


def test_utc_with_x_wr_timezone_is_shown_in_that_zone():
    assert read(datetime(2027, 7, 20, 16, 30, tzinfo=UTC), "", NEW_YORK) == (
        "2027-07-20T12:30:00-04:00",
        NEW_YORK,
        "utc",
        ZoneInfo("UTC"),
        "",
    )


def test_a_floating_time_is_a_wall_time_in_x_wr_timezone():
    assert read(datetime(2027, 7, 20, 18, 30), "", NEW_YORK) == (
        "2027-07-20T18:30:00-04:00",
        NEW_YORK,
        "floating",
        NEW_YORK,
        "",
    )


def test_a_floating_time_without_x_wr_timezone_is_a_wall_time_in_the_chapters_zone():
    assert read(datetime(2027, 7, 20, 18, 30)) == (
        "2027-07-20T18:30:00+02:00",
        PARIS,
        "floating",
        PARIS,
        "",
    )


@pytest.mark.parametrize(
    ("wall", "shown"),
    [
        (datetime(2027, 1, 20, 18, 30), "2027-01-20T18:30:00+01:00"),
        # in the spring gap: read with the offset before it, so 02:30 is 03:30 summer time
        (datetime(2027, 3, 28, 2, 30), "2027-03-28T03:30:00+02:00"),
        # twice in autumn: the first one
        (datetime(2027, 10, 31, 2, 30), "2027-10-31T02:30:00+02:00"),
        (datetime(2027, 10, 31, 2, 30, fold=1), "2027-10-31T02:30:00+02:00"),
    ],
)
def test_localize_lenient_reads_gaps_with_the_offset_before_and_repeats_as_the_first(wall, shown):
    local = localize_lenient(wall, PARIS)
    assert (local.isoformat(), local.tzinfo) == (shown, PARIS)
