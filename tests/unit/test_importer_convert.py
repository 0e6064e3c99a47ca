"""VEVENT → front matter: times, zones, recurrence, places, links, what is reported."""

from __future__ import annotations

import pytest

from chapterhouse.importer.platforms import Origin, platform_of
from chapterhouse.importer.source import Source, SourceError, parse
from tests.importing import calendar, one, run

PARIS_TZ = """BEGIN:VTIMEZONE
TZID:Europe/Paris
BEGIN:STANDARD
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE
"""


def test_a_zoned_time_is_a_wall_time_and_an_end_on_the_same_day_is_a_time():
    draft, issues = one(
        "UID:a\nSUMMARY:Talk\nDTSTART;TZID=Europe/Paris:20270120T183000\nDTEND;TZID=Europe/Paris:20270120T210000",
        header=PARIS_TZ,
    )
    assert (draft.start, draft.end, draft.timezone, draft.day) == (
        "2027-01-20 18:30",
        "21:00",
        "",
        "2027-01-20",
    )
    assert issues == []


def test_an_end_on_another_day_is_written_with_its_date():
    draft, _ = one(
        "UID:a\nSUMMARY:Night\nDTSTART;TZID=Europe/Paris:20270120T220000\nDTEND;TZID=Europe/Paris:20270121T020000"
    )
    assert (draft.start, draft.end) == ("2027-01-20 22:00", "2027-01-21 02:00")


def test_utc_is_shown_in_the_chapter_zone_without_x_wr_timezone():
    draft, _ = one("UID:a\nSUMMARY:T\nDTSTART:20270720T163000Z\nDTEND:20270720T183000Z")
    assert (draft.start, draft.end, draft.timezone) == ("2027-07-20 18:30", "20:30", "")


def test_utc_follows_x_wr_timezone_and_names_the_zone_when_it_is_not_the_chapters():
    draft, _ = one(
        "UID:a\nSUMMARY:T\nDTSTART:20270720T163000Z\nDTEND:20270720T183000Z",
        header="X-WR-TIMEZONE:America/Mexico_City\n",
    )
    assert (draft.start, draft.end, draft.timezone) == (
        "2027-07-20 10:30",
        "12:30",
        "America/Mexico_City",
    )


def test_a_floating_time_is_read_in_x_wr_timezone_else_the_chapter_zone():
    floating = "UID:a\nSUMMARY:T\nDTSTART:20270720T183000\nDTEND:20270720T200000"
    assert one(floating)[0].start == "2027-07-20 18:30"
    in_tokyo, _ = one(floating, header="X-WR-TIMEZONE:Asia/Tokyo\n")
    assert (in_tokyo.start, in_tokyo.timezone) == ("2027-07-20 18:30", "Asia/Tokyo")


@pytest.mark.parametrize(
    ("windows", "iana"),
    [
        ("Romance Standard Time", "Europe/Paris"),
        ("W. Europe Standard Time", "Europe/Berlin"),
        ("Pacific Standard Time", "America/Los_Angeles"),
        ("Tokyo Standard Time", "Asia/Tokyo"),
    ],
)
def test_windows_zone_names_become_iana_zones(windows, iana):
    draft, _ = one(
        f'UID:a\nSUMMARY:T\nDTSTART;TZID="{windows}":20270310T090000\nDTEND;TZID="{windows}":20270310T100000'
    )
    assert draft.start == "2027-03-10 09:00"
    assert draft.timezone == ("" if iana == "Europe/Paris" else iana)


def test_a_custom_vtimezone_gives_the_instant_written_in_the_chapter_zone():
    custom = """BEGIN:VTIMEZONE
TZID:Customized Time Zone
BEGIN:STANDARD
DTSTART:16010101T000000
TZOFFSETFROM:+0530
TZOFFSETTO:+0530
END:STANDARD
END:VTIMEZONE
"""
    draft, issues = one(
        "UID:a\nSUMMARY:T\nDTSTART;TZID=Customized Time Zone:20270310T183000\nDTEND;TZID=Customized Time Zone:20270310T203000",
        header=custom,
    )
    assert (draft.start, draft.end, draft.timezone) == (
        "2027-03-10 14:00",
        "16:00",
        "",
    )  # 13:00Z in Paris
    assert any("'Customized Time Zone' is not an IANA zone" in i for i in issues)


def test_two_sources_defining_one_tzid_each_keep_their_own_rules():
    """icalendar remembers a VTIMEZONE by TZID for the process; each source starts afresh."""

    def custom(offset: str) -> str:
        return (
            "BEGIN:VTIMEZONE\nTZID:Customized Time Zone\nBEGIN:STANDARD\n"
            f"DTSTART:16010101T000000\nTZOFFSETFROM:{offset}\nTZOFFSETTO:{offset}\n"
            "END:STANDARD\nEND:VTIMEZONE\n"
        )

    event = "UID:a\nSUMMARY:T\nDTSTART;TZID=Customized Time Zone:20270310T183000"
    first, _ = one(event, header=custom("+0530"))
    second, _ = one(event, header=custom("-0500"))
    assert (first.start, second.start) == ("2027-03-10 14:00", "2027-03-11 00:30")


def test_an_unknown_zone_skips_the_event_and_says_which():
    drafts, issues = run(
        calendar(
            "UID:a\nSUMMARY:T\nDTSTART;TZID=Mars/Olympus:20270310T183000",
            "UID:b\nSUMMARY:U\nDTSTART:20270310T183000Z",
        )
    )
    assert [d.uid for d in drafts] == ["b"]
    assert issues == [
        "test.ics:VEVENT 1 (UID a): DTSTART: unknown time zone 'Mars/Olympus' (not IANA, not a Windows name, "
        "no VTIMEZONE); the event was not imported"
    ]


def test_the_second_of_two_identical_wall_times_keeps_its_offset():
    # 01:30Z on 2027-10-31 is the second 02:30 in Paris (after clocks went back).
    draft, _ = one("UID:a\nSUMMARY:T\nDTSTART:20271031T013000Z\nDTEND:20271031T033000Z")
    assert draft.start == "2027-10-31T02:30:00+01:00"
    assert draft.end == "04:30"
    first, _ = one("UID:a\nSUMMARY:T\nDTSTART:20271031T003000Z\nDTEND:20271031T013000Z")
    assert (first.start, first.end) == ("2027-10-31 02:30", "2027-10-31T02:30:00+01:00")


def test_a_wall_time_in_the_spring_gap_is_the_instant_rfc_5545_gives():
    draft, _ = one(
        "UID:a\nSUMMARY:T\nDTSTART;TZID=Europe/Paris:20270328T023000\nDTEND;TZID=Europe/Paris:20270328T043000"
    )
    assert draft.start == "2027-03-28 03:30"  # 02:30 with the offset before the gap (+01:00)


def test_all_day_end_is_the_last_day_inclusive():
    draft, _ = one("UID:a\nSUMMARY:T\nDTSTART;VALUE=DATE:20270510\nDTEND;VALUE=DATE:20270513")
    assert (draft.start, draft.end, draft.all_day) == ("2027-05-10", "2027-05-12", True)
    single, _ = one("UID:a\nSUMMARY:T\nDTSTART;VALUE=DATE:20270510\nDTEND;VALUE=DATE:20270511")
    assert (single.start, single.end) == ("2027-05-10", "")


def test_duration_gives_the_end():
    draft, _ = one("UID:a\nSUMMARY:T\nDTSTART;TZID=Europe/Paris:20270120T183000\nDURATION:PT1H45M")
    assert draft.end == "20:15"


def test_recurrence_rule_and_exceptions():
    draft, issues = one(
        "UID:a\nSUMMARY:T\nDTSTART;TZID=Europe/Paris:20270120T190000\nDTEND;TZID=Europe/Paris:20270120T210000\n"
        "RRULE:FREQ=MONTHLY;BYDAY=3WE;COUNT=6\n"
        "EXDATE;TZID=Europe/Paris:20270317T190000,20270318T190000\nEXDATE:20270421T170000Z",
        header=PARIS_TZ,
    )
    assert draft.repeat == "FREQ=MONTHLY;COUNT=6;BYDAY=3WE"
    assert draft.excepts == ("2027-03-17", "2027-04-21")
    assert issues == [
        "test.ics:VEVENT 1 (UID a): EXDATE: 2027-03-18 is not a date of the series; ignored"
    ]


def test_a_start_that_is_not_a_date_of_its_rule_moves_to_the_first_one_and_says_so():
    draft, issues = one(
        "UID:a\nSUMMARY:T\nDTSTART;TZID=Europe/Paris:20270105T190000\nDTEND;TZID=Europe/Paris:20270105T210000\nRRULE:FREQ=MONTHLY;BYDAY=3WE"
    )
    assert (draft.start, draft.end) == ("2027-01-20 19:00", "21:00")
    assert "the occurrence on 2027-01-05 19:00 is not imported" in issues[0]


def test_a_utc_series_that_would_move_across_dst_is_reported():
    _draft, issues = one(
        "UID:a\nSUMMARY:T\nDTSTART:20270105T180000Z\nDTEND:20270105T200000Z\nRRULE:FREQ=WEEKLY;COUNT=20"
    )
    assert any("RRULE: the series keeps its wall time in UTC" in i for i in issues)


def test_rules_the_site_cannot_hold_skip_the_event():
    drafts, issues = run(
        calendar("UID:a\nSUMMARY:T\nDTSTART:20270105T180000Z\nRRULE:FREQ=HOURLY;COUNT=3")
    )
    assert drafts == []
    assert "RRULE: FREQ=HOURLY" in issues[0] and issues[0].endswith("the event was not imported")


def test_changed_and_cancelled_occurrences_become_except_dates_and_events():
    master = "UID:s\nSUMMARY:Series\nDTSTART;TZID=Europe/Paris:20270120T190000\nDTEND;TZID=Europe/Paris:20270120T210000\nRRULE:FREQ=MONTHLY;BYDAY=3WE;COUNT=5"
    moved = "UID:s\nRECURRENCE-ID;TZID=Europe/Paris:20270217T190000\nSUMMARY:Series (moved)\nDTSTART;TZID=Europe/Paris:20270218T190000\nDTEND;TZID=Europe/Paris:20270218T210000"
    cancelled = "UID:s\nRECURRENCE-ID;TZID=Europe/Paris:20270317T190000\nSTATUS:CANCELLED\nSUMMARY:Series\nDTSTART;TZID=Europe/Paris:20270317T190000"
    drafts, issues = run(calendar(master, moved, cancelled))
    assert [(d.uid, d.start, d.excepts) for d in drafts] == [
        ("s", "2027-01-20 19:00", ("2027-02-17", "2027-03-17")),
        ("s-20270217T180000Z", "2027-02-18 19:00", ()),
    ]
    assert issues == []


def test_place_venue_geo_online_and_rsvp():
    draft, _ = one(
        "UID:a\nSUMMARY:T\nDTSTART:20270105T180000Z\nLOCATION:Le Wagon (16 villa Gaudelet\\, Paris)\n"
        "GEO:48.865;2.379\nURL:https://www.meetup.com/py-paris/events/301234567/\n"
        "CONFERENCE;VALUE=URI:https://meet.example.org/room"
    )
    assert draft.venue == {
        "name": "Le Wagon",
        "address": "16 villa Gaudelet, Paris",
        "geo": [48.865, 2.379],
    }
    assert draft.online == "https://meet.example.org/room"
    assert draft.rsvp == "https://www.meetup.com/py-paris/events/301234567/"


def test_an_address_without_a_name_and_a_teams_location_are_not_venue_names():
    plain, _ = one(
        "UID:a\nSUMMARY:T\nDTSTART:20270105T180000Z\nLOCATION:12 rue des Lois\\, 31000 Toulouse"
    )
    assert plain.venue == {"address": "12 rue des Lois, 31000 Toulouse"}
    teams, _ = one(
        "UID:a\nSUMMARY:T\nDTSTART:20270105T180000Z\nLOCATION:Microsoft Teams Meeting\n"
        "X-MICROSOFT-SKYPETEAMSMEETINGURL:https://teams.microsoft.com/l/meetup-join/x"
    )
    assert (teams.venue, teams.online) == ({}, "https://teams.microsoft.com/l/meetup-join/x")


def test_a_url_that_is_not_a_platform_page_is_a_link_in_the_description():
    draft, _ = one(
        "UID:a\nSUMMARY:T\nDTSTART:20270105T180000Z\nURL:https://example.org/about\nDESCRIPTION:Hi"
    )
    assert draft.rsvp == ""
    assert draft.body == "Hi\n\nMore information: <https://example.org/about>"


@pytest.mark.parametrize(
    ("url", "origin", "platform"),
    [
        ("https://www.meetup.com/python-toulouse/events/301234567/", Origin(), "meetup"),
        ("https://www.meetup.com/python-toulouse/", Origin(), ""),
        ("https://lu.ma/llm-night-4", Origin(), "luma"),
        ("https://lu.ma/discover", Origin(), ""),
        ("https://mobilizon.fr/events/5d8c3f0e-6b1a-4c2e-9f7d-1a2b3c4d5e6f", Origin(), "mobilizon"),
        ("https://gancio.cisti.org/event/serata", Origin("gancio/gancio.cisti.org"), "gancio"),
        ("https://gancio.cisti.org/event/serata", Origin(), ""),
        ("https://agenda.example.org/events/42", Origin(host="agenda.example.org"), "source"),
        ("https://calendar.google.com/calendar/event?eid=x", Origin(), ""),
        ("http://www.meetup.com/python-toulouse/events/301234567/", Origin(), ""),
    ],
)
def test_rsvp_platforms(url, origin, platform):
    assert platform_of(url, origin) == platform


def test_status_categories_and_unsupported_properties_are_reported():
    draft, issues = one(
        "UID:a\nSUMMARY:T\nDTSTART:20270105T180000Z\nSTATUS:CANCELLED\nCATEGORIES:Python,Web\nCATEGORIES:python\n"
        "ATTENDEE;CN=A:mailto:a@example.org\nATTENDEE;CN=B:mailto:b@example.org\nORGANIZER:mailto:o@example.org\n"
        "ATTACH:https://example.org/a.pdf\nRDATE:20270110T180000Z\nX-VENDOR-THING:kept quiet\n"
        "BEGIN:VALARM\nACTION:DISPLAY\nTRIGGER:-PT15M\nEND:VALARM"
    )
    assert draft.event_status == "cancelled"
    assert draft.topics == ("Python", "Web")
    props = [i.split(": ")[1] for i in issues]
    assert props == ["ATTENDEE", "ORGANIZER", "ATTACH", "RDATE", "VALARM"]
    assert "ATTENDEE: 2 values: not imported (the content format has no attendee list)" in issues[0]


def test_private_events_missing_starts_and_titles_are_skipped_the_rest_imported():
    drafts, issues = run(
        calendar(
            "UID:p\nSUMMARY:Private\nCLASS:PRIVATE\nDTSTART:20270105T180000Z",
            "UID:n\nSUMMARY:No start",
            "UID:t\nDTSTART:20270105T180000Z",
            "UID:ok\nSUMMARY:Fine\nDTSTART:20270105T180000Z",
        )
    )
    assert [d.uid for d in drafts] == ["ok"]
    assert [i.split(": ", 1)[1] for i in issues] == [
        "CLASS: PRIVATE: a private event is not published; the event was not imported",
        "DTSTART: missing: the event has no start; the event was not imported",
        "SUMMARY: missing: the event has no title; the event was not imported",
    ]


def test_broken_lines_are_reported_with_their_vevent_and_the_rest_is_read():
    drafts, issues = run(
        calendar("UID:a\nSUMMARY:T\nthis line is broken\nDTSTART:20270105T180000Z\nDTEND:2027XXXX")
    )
    assert drafts[0].start == "2027-01-05 19:00"
    assert issues[0].startswith("test.ics:VEVENT 1 (UID a): line: Content line could not be parsed")
    assert any("DTEND" in i for i in issues)


def test_html_in_a_title_is_removed():
    draft, issues = one(
        "UID:a\nSUMMARY:<script>alert(1)</script><b>Talk</b>\nDTSTART:20270105T180000Z"
    )
    assert draft.title == "Talk"
    assert "SUMMARY: HTML tags were removed" in issues[0]


def test_a_missing_uid_is_derived_stably():
    event = "SUMMARY:T\nDTSTART:20270105T180000Z"
    first, issues = one(event)
    again, _ = one(event)
    assert first.uid == again.uid and first.uid.startswith("import-")
    assert "UID: missing" in issues[0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html>not a calendar</html>", "not an iCalendar file"),
        (b"", "not an iCalendar file"),
    ],
)
def test_what_is_not_a_calendar_is_one_error(data, message):
    with pytest.raises(SourceError, match=message):
        parse(data, Source.of("x.ics"))


def test_too_many_events_is_one_error():
    data = calendar(*[f"UID:{n}\nSUMMARY:T\nDTSTART:20270105T180000Z" for n in range(5)])
    with pytest.raises(SourceError, match="more than 3 events"):
        parse(data, Source.of("x.ics"), max_events=3)


def test_a_feed_url_is_recorded_by_host_and_digest_never_whole():
    source = Source.of("https://calendar.google.com/calendar/ical/x/private-SECRET/basic.ics")
    assert source.marker.startswith("calendar.google.com (feed ")
    assert "SECRET" not in source.marker


def test_an_unforeseen_failure_in_one_vevent_spares_the_others(monkeypatch):
    import chapterhouse.importer.fields as fields

    real = fields.topics

    def failing(vevent, notes):
        if str(vevent.get("UID")) == "a":
            raise RuntimeError("boom\nsecond line")
        return real(vevent, notes)

    monkeypatch.setattr(fields, "topics", failing)
    drafts, issues = run(
        calendar(
            "UID:a\nSUMMARY:T\nDTSTART:20270105T180000Z",
            "UID:b\nSUMMARY:U\nDTSTART:20270105T180000Z",
        )
    )
    assert [d.uid for d in drafts] == ["b"]
    assert issues == [
        "test.ics:VEVENT 1 (UID a): VEVENT: cannot be converted (RuntimeError: boom second line); not imported"
    ]


def test_a_date_until_on_a_timed_series_ends_at_that_days_midnight():
    draft, _ = one(
        "UID:a\nSUMMARY:T\nDTSTART;TZID=Europe/Paris:20270302T190000\nRRULE:FREQ=WEEKLY;UNTIL=20270427;BYDAY=TU"
    )
    assert draft.repeat == "FREQ=WEEKLY;UNTIL=20270426T220000Z;BYDAY=TU"  # 27 April is not a date


def test_a_fold_inside_a_utf8_character_and_a_stray_line_are_read_through():
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Sesi\xc3\r\n \xb3n\r\nDTSTART:20270217T180000Z\r\n"
        b"END:VEVENT\r\nthis line is garbage\r\n"
        b"BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:Second\r\nDTSTART:20270218T180000Z\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n"
    )
    drafts, issues = run(data)
    assert [d.title for d in drafts] == ["Sesión", "Second"]
    assert issues == ["test.ics: line 10: not an iCalendar line ('this line is garbage'); ignored"]


def test_a_webcal_address_is_read_over_https():
    source = Source.of("webcal://calendar.example.org/feed.ics")
    assert source.location == "https://calendar.example.org/feed.ics"


def test_angle_brackets_in_a_title_are_text_and_tags_are_markup():
    first, _ = one("UID:a\nSUMMARY:Late-night hack & chat <Python 3.14>\nDTSTART:20270217T180000Z")
    assert first.title == "Late-night hack & chat <Python 3.14>"
    second, issues = one("UID:b\nSUMMARY:<b>Bold</b> talk\nDTSTART:20270217T180000Z")
    assert second.title == "Bold talk"
    assert any("SUMMARY: HTML tags were removed" in issue for issue in issues)
