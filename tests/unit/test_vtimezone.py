"""VTIMEZONEs agree with the IANA database at every instant clients will use."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from chapterhouse.calendar.vtimezone import transitions, vtimezone

ZONES = [
    "Europe/Paris",
    "America/New_York",
    "America/Mexico_City",  # abolished DST in 2022
    "America/Santiago",  # "first Sunday on or after the 2nd"
    "Australia/Sydney",  # southern hemisphere
    "Europe/Dublin",  # negative DST in tzdata
    "Asia/Tokyo",  # no DST
    "Asia/Kolkata",  # half-hour offset
]


@pytest.mark.parametrize("tzid", ZONES)
def test_vtimezone_gives_tzdata_offsets_every_six_hours_for_years(tzid):
    component = vtimezone(tzid, 2021, 2029)
    calendar = Calendar()
    calendar.add_component(component)
    as_tz = Calendar.from_ical(calendar.to_ical()).walk("VTIMEZONE")[0].to_tz()
    real = ZoneInfo(tzid)
    moment = datetime(2021, 6, 1, tzinfo=UTC)
    while moment < datetime(2032, 1, 1, tzinfo=UTC):  # beyond the range: the open-ended rules
        assert moment.astimezone(as_tz).utcoffset() == moment.astimezone(real).utcoffset(), (
            tzid,
            moment,
        )
        moment += timedelta(hours=6)


def test_eu_rules_compress_to_two_yearly_rrules_without_rdate():
    text = vtimezone("Europe/Paris", 2021, 2029).to_ical().decode()
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in text
    assert "RDATE" not in text


def test_abolished_dst_rule_ends_with_until():
    text = vtimezone("America/Mexico_City", 2021, 2029).to_ical().decode()
    assert "UNTIL=20221030T070000Z" in text


def test_transitions_are_found_to_the_second():
    (spring, autumn) = transitions(ZoneInfo("Europe/Paris"), 2027, 2027)
    assert spring.at == datetime(2027, 3, 28, 1, 0, tzinfo=UTC)
    assert autumn.at == datetime(2027, 10, 31, 1, 0, tzinfo=UTC)
    assert spring.local_onset == datetime(2027, 3, 28, 2, 0)
