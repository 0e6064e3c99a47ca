"""What a VEVENT says besides its time, as front matter: venue, online, rsvp, status, topics, body.

Each test states one rule of docs/import.md with the exact values written and the exact
report lines (``test.ics:VEVENT 1 (UID a): PROPERTY: message``).
"""

from __future__ import annotations

import pytest

from tests.importing import AT, EVENT, calendar, one, run

MEETUP_PAGE = "https://www.meetup.com/py-paris/events/301234567/"


# LOCATION: the venue's name and address


@pytest.mark.parametrize(
    ("location", "venue"),
    [
        # Meetup: "Name (address)", also when the address is on a line of its own
        (
            "Le Wagon (16 villa Gaudelet\\, Paris)",
            {"name": "Le Wagon", "address": "16 villa Gaudelet, Paris"},
        ),
        (
            "Le Wagon\\, (16 villa Gaudelet\\, Paris)",
            {"name": "Le Wagon", "address": "16 villa Gaudelet, Paris"},
        ),
        (
            "Le Wagon\\n(16 villa Gaudelet\\, Paris)",
            {"name": "Le Wagon", "address": "16 villa Gaudelet, Paris"},
        ),
        # several lines: the first is the name, the others the address
        (
            "Le Wagon\\,\\n16 villa Gaudelet\\nParis",
            {"name": "Le Wagon", "address": "16 villa Gaudelet\nParis"},
        ),
        # one line: "Name, address"
        (
            "Le Wagon\\, 16 villa Gaudelet\\, Paris",
            {"name": "Le Wagon", "address": "16 villa Gaudelet, Paris"},
        ),
        ("Le Wagon\\n16 villa Gaudelet", {"name": "Le Wagon", "address": "16 villa Gaudelet"}),
        # the name is cleaned of spaces and commas only
        ("Station X (12 rue Y)", {"name": "Station X", "address": "12 rue Y"}),
        ("Station X\\n12 rue Y", {"name": "Station X", "address": "12 rue Y"}),
        ("Le Wagon", {"name": "Le Wagon"}),
        # a line starting with a number is an address without a name
        ("12 rue des Lois\\, 31000 Toulouse", {"address": "12 rue des Lois, 31000 Toulouse"}),
        ("12 rue des Lois", {"address": "12 rue des Lois"}),
        ("1 place du Capitole\\, Toulouse", {"address": "1 place du Capitole, Toulouse"}),
    ],
)
def test_location_gives_the_venue_name_and_address(location, venue):
    draft, issues = one(EVENT, f"LOCATION:{location}")
    assert (draft.venue, draft.online, issues) == (venue, "", [])


@pytest.mark.parametrize(
    "location",
    [
        "Online",
        "online event",
        "Online event.",
        "En ligne",
        "Virtual",
        "Virtuel",
        "Zoom",
        "Google Meet",
        "Microsoft Teams Meeting",
        "Microsoft Teams",
        "Jitsi",
        "TBA",
        "TBD",
        "À définir",
    ],
)
def test_a_location_that_names_no_place_is_no_venue(location):
    draft, issues = one(EVENT, f"LOCATION:{location}")
    assert (draft.venue, issues) == ({}, [])


def test_html_in_a_location_is_removed_and_reported():
    draft, issues = one(EVENT, "LOCATION:<b>Le Wagon</b>")
    assert draft.venue == {"name": "Le Wagon"}
    assert issues == [AT + "LOCATION: HTML tags were removed (the value is text)"]


def test_a_venue_name_of_200_characters_is_kept_a_longer_one_is_shortened():
    kept, issues = one(EVENT, "LOCATION:" + "N" * 200 + "\\, Paris")
    assert (kept.venue, issues) == ({"name": "N" * 200, "address": "Paris"}, [])
    cut, issues = one(EVENT, "LOCATION:" + "N" * 201 + "\\, Paris")
    assert cut.venue == {"name": "N" * 199 + "…", "address": "Paris"}
    assert issues == [AT + "LOCATION: the venue's name is longer than 200 characters; shortened"]


def test_an_address_of_300_characters_is_kept_a_longer_one_is_shortened():
    kept, issues = one(EVENT, "LOCATION:Hall\\, " + "a" * 300)
    assert (kept.venue, issues) == ({"name": "Hall", "address": "a" * 300}, [])
    cut, issues = one(EVENT, "LOCATION:Hall\\, " + "a" * 301)
    assert cut.venue == {"name": "Hall", "address": "a" * 299 + "…"}
    assert issues == [AT + "LOCATION: the address is longer than 300 characters; shortened"]


# LOCATION as a link


def test_a_location_that_is_a_link_is_the_online_link_not_a_venue():
    draft, issues = one(EVENT, "LOCATION:https://zoom.us/j/123")
    assert (draft.venue, draft.online, draft.rsvp, issues) == ({}, "https://zoom.us/j/123", "", [])


def test_a_location_that_is_the_platforms_event_page_is_also_the_rsvp():
    draft, issues = one(EVENT, "LOCATION:https://lu.ma/llm-night")
    assert (draft.online, draft.rsvp, issues) == (
        "https://lu.ma/llm-night",
        "https://lu.ma/llm-night",
        [],
    )


def test_the_events_url_on_the_platform_wins_over_a_location_page():
    draft, _ = one(EVENT, "LOCATION:https://lu.ma/llm-night", f"URL:{MEETUP_PAGE}")
    assert (draft.online, draft.rsvp) == ("https://lu.ma/llm-night", MEETUP_PAGE)


def test_a_location_link_is_recognised_whatever_the_case_of_its_scheme():
    draft, issues = one(EVENT, "LOCATION:HTTPS://Zoom.us/j/1")
    assert (draft.venue, draft.online, issues) == ({}, "HTTPS://Zoom.us/j/1", [])


@pytest.mark.parametrize("location", ["mailto:room@example.org", "tel:+33123456789"])
def test_a_location_that_is_a_link_but_not_http_is_reported_and_ignored(location):
    draft, issues = one(EVENT, f"LOCATION:{location}")
    assert (draft.venue, draft.online) == ({}, "")
    assert issues == [AT + "LOCATION: a link that is not http(s); ignored"]


@pytest.mark.parametrize("location", ["Salle 4: 2e étage", "Room 4:00", "1:Hall"])
def test_a_location_with_a_colon_and_spaces_or_a_leading_digit_is_a_place(location):
    draft, issues = one(EVENT, f"LOCATION:{location}")
    assert draft.venue != {} and draft.online == ""
    assert issues == []


# GEO


def test_geo_is_the_venues_geo_rounded_to_six_decimals():
    draft, issues = one(EVENT, "LOCATION:Le Wagon", "GEO:48.8654321987;2.3791234567")
    assert (draft.venue, issues) == ({"name": "Le Wagon", "geo": [48.865432, 2.379123]}, [])


@pytest.mark.parametrize("geo", ["90;180", "-90;-180", "90;-180", "-90;180", "0;0"])
def test_geo_at_the_poles_and_the_antimeridian_is_kept(geo):
    draft, issues = one(EVENT, f"GEO:{geo}")
    lat, lon = (float(n) for n in geo.split(";"))
    assert (draft.venue, issues) == ({"geo": [lat, lon]}, [])


@pytest.mark.parametrize("geo", ["90.5;0", "-90.5;0", "0;180.5", "0;-180.5"])
def test_geo_outside_the_globe_is_reported_and_ignored(geo):
    draft, issues = one(EVENT, "LOCATION:Le Wagon", f"GEO:{geo}")
    assert draft.venue == {"name": "Le Wagon"}
    assert issues == [AT + "GEO: not a latitude and longitude; ignored"]


def test_geo_that_is_not_two_numbers_is_reported_with_icalendars_reason():
    draft, issues = one(EVENT, "GEO:abc")
    assert draft.venue == {}
    [issue] = issues  # icalendar's own words, which vary with its version
    assert issue.startswith(AT + "GEO: ") and issue.endswith("abc; ignored")


# Conference links


@pytest.mark.parametrize(
    "prop",
    [
        "CONFERENCE;VALUE=URI",
        "X-GOOGLE-CONFERENCE",
        "X-MICROSOFT-SKYPETEAMSMEETINGURL",
        "X-MICROSOFT-ONLINEMEETINGEXTERNALLINK",
    ],
)
def test_conference_properties_give_the_online_link(prop):
    draft, issues = one(EVENT, "LOCATION:La Cantine", f"{prop}:https://meet.example.org/room")
    assert (draft.venue, draft.online, issues) == (
        {"name": "La Cantine"},
        "https://meet.example.org/room",
        [],
    )


def test_the_first_http_conference_link_is_kept_and_each_other_link_before_it_reported():
    draft, issues = one(
        EVENT,
        "CONFERENCE;VALUE=URI:tel:+33123456789",
        "CONFERENCE;VALUE=URI:https://a.example.org/1",
        "CONFERENCE;VALUE=URI:https://b.example.org/2",
        "CONFERENCE;VALUE=URI:tel:+33987654321",
        "X-GOOGLE-CONFERENCE:https://meet.google.com/abc",
    )
    assert draft.online == "https://a.example.org/1"
    assert issues == [AT + "CONFERENCE: not an http(s) link; ignored"]


def test_a_conference_link_in_a_later_property_is_used_when_the_first_has_none():
    draft, issues = one(
        EVENT,
        "X-GOOGLE-CONFERENCE:sip:room@example.org",
        "X-MICROSOFT-SKYPETEAMSMEETINGURL:https://teams.microsoft.com/l/x",
    )
    assert draft.online == "https://teams.microsoft.com/l/x"
    assert issues == [AT + "X-GOOGLE-CONFERENCE: not an http(s) link; ignored"]


def test_a_location_link_wins_over_conference_properties_which_are_then_not_read():
    draft, issues = one(
        EVENT, "LOCATION:https://zoom.us/j/1", "CONFERENCE;VALUE=URI:tel:+33123456789"
    )
    assert (draft.online, issues) == ("https://zoom.us/j/1", [])


@pytest.mark.parametrize(
    "location", ["Teams call", "Zoom meeting", "Webex", "Visioconférence", "BigBlueButton"]
)
def test_a_venue_named_after_the_online_service_is_dropped_when_there_is_a_link(location):
    with_link, _ = one(
        EVENT, f"LOCATION:{location}", "CONFERENCE;VALUE=URI:https://meet.example.org/r"
    )
    assert with_link.venue == {}
    without, _ = one(EVENT, f"LOCATION:{location}")
    assert without.venue == {"name": location}


def test_a_venue_with_an_address_or_geo_is_a_place_even_when_named_like_a_service():
    link = "CONFERENCE;VALUE=URI:https://meet.example.org/r"
    address, _ = one(EVENT, "LOCATION:Zoom\\, 12 rue X", link)
    assert address.venue == {"name": "Zoom", "address": "12 rue X"}
    geo, _ = one(EVENT, "LOCATION:Zoom meeting", "GEO:1;2", link)
    assert geo.venue == {"name": "Zoom meeting", "geo": [1.0, 2.0]}
    other, _ = one(EVENT, "LOCATION:La Cantine", link)
    assert other.venue == {"name": "La Cantine"}


# URL: the RSVP page or a link in the description


def test_a_url_on_the_platform_is_the_rsvp_and_not_a_link_in_the_body():
    draft, issues = one(EVENT, f"URL:{MEETUP_PAGE}", "DESCRIPTION:Hi")
    assert (draft.rsvp, draft.body, issues) == (MEETUP_PAGE, "Hi", [])


def test_a_url_on_the_host_the_feed_came_from_is_the_rsvp():
    page = "https://agenda.example.org/events/42"
    draft, _ = one(EVENT, f"URL:{page}", host="agenda.example.org")
    assert (draft.rsvp, draft.body) == (page, "")
    elsewhere, _ = one(EVENT, f"URL:{page}", host="other.example.org")
    assert (elsewhere.rsvp, elsewhere.body) == ("", f"More information: <{page}>")


def test_only_the_first_url_is_read():
    draft, issues = one(EVENT, "URL:https://example.org/about", f"URL:{MEETUP_PAGE}")
    assert (draft.rsvp, draft.body, issues) == (
        "",
        "More information: <https://example.org/about>",
        [],
    )


def test_a_url_that_is_not_http_is_reported_with_its_first_60_characters():
    draft, issues = one(EVENT, "URL:ftp://example.org/x", "DESCRIPTION:Hi")
    assert (draft.rsvp, draft.body) == ("", "Hi")
    assert issues == [AT + "URL: 'ftp://example.org/x' is not an http(s) link; ignored"]
    long = "ftp://example.org/" + "x" * 60
    _, issues = one(EVENT, f"URL:{long}")
    assert issues == [AT + f"URL: '{long[:59]}…' is not an http(s) link; ignored"]


# DESCRIPTION and X-ALT-DESC


def test_a_plain_description_is_the_body():
    draft, issues = one(EVENT, "DESCRIPTION:Talks\\, then drinks.\\nAll welcome")
    assert (draft.body, issues) == (
        "Talks, then drinks.  \nAll welcome",
        [],
    )  # a Markdown line break


def test_an_html_description_becomes_markdown():
    draft, _ = one(EVENT, "DESCRIPTION:<p>Talks <b>then</b> drinks</p>")
    assert draft.body == "Talks **then** drinks"


def test_html_alternative_description_wins_over_the_description():
    draft, issues = one(
        EVENT,
        "X-ALT-DESC;FMTTYPE=text/html:<p>Hello\\, <b>world</b></p>\\n<p>two</p>",
        "DESCRIPTION:plain",
    )
    assert (draft.body, issues) == ("Hello, **world**\n\ntwo", [])


@pytest.mark.parametrize("value", ["", ";VALUE=TEXT"])
def test_the_html_alternatives_escapes_are_undone_once(value):
    # icalendar keeps X-ALT-DESC raw, or reads it as text when it says VALUE=TEXT
    draft, _ = one(EVENT, f"X-ALT-DESC{value};FMTTYPE=text/html:<p>a\\\\b\\, c\\nd</p>")
    assert draft.body == "a\\\\b, c\nd"  # one backslash, escaped in Markdown


def test_the_html_alternative_is_recognised_by_its_type_in_any_case():
    draft, _ = one(EVENT, "X-ALT-DESC;FMTTYPE=TEXT/HTML:<p><b>bold</b></p>", "DESCRIPTION:plain")
    assert draft.body == "**bold**"


@pytest.mark.parametrize(
    "alternative",
    [
        "X-ALT-DESC;FMTTYPE=text/plain:<b>other</b>",
        "X-ALT-DESC:<b>other</b>",
        "X-ALT-DESC;FMTTYPE=text/html: ",
    ],
)
def test_an_alternative_description_that_is_not_html_or_is_empty_is_not_used(alternative):
    draft, _ = one(EVENT, alternative, "DESCRIPTION:plain")
    assert draft.body == "plain"


def test_a_description_too_long_is_shortened_and_reported():
    draft, issues = one(EVENT, "DESCRIPTION:" + "word " * 25_000)
    assert draft.body.endswith("\n\n…")
    assert issues == [
        AT + "DESCRIPTION: the description is longer than 100,000 characters; it was shortened"
    ]


def test_a_url_that_is_not_an_rsvp_page_is_a_more_information_line_after_the_body():
    draft, _ = one(EVENT, "URL:https://example.org/about", "DESCRIPTION:Hi")
    assert draft.body == "Hi\n\nMore information: <https://example.org/about>"
    alone, _ = one(EVENT, "URL:https://example.org/about")
    assert alone.body == "More information: <https://example.org/about>"
    blank, _ = one(EVENT, "URL:https://example.org/about", "DESCRIPTION: ")
    assert blank.body == "More information: <https://example.org/about>"


# STATUS


@pytest.mark.parametrize(
    ("status", "event_status", "reported"),
    [
        ("CANCELLED", "cancelled", []),
        ("cancelled", "cancelled", []),
        ("CONFIRMED", "", []),
        ("TENTATIVE", "", ["STATUS: TENTATIVE is imported as scheduled"]),
        ("tentative", "", ["STATUS: TENTATIVE is imported as scheduled"]),
        (
            "POSTPONED",
            "",
            ["STATUS: 'POSTPONED' is not an event status; imported as scheduled"],
        ),
    ],
)
def test_status_gives_event_status(status, event_status, reported):
    draft, issues = one(EVENT, f"STATUS:{status}")
    assert draft.event_status == event_status
    assert issues == [AT + line for line in reported]


def test_no_status_is_scheduled():
    draft, issues = one(EVENT)
    assert (draft.event_status, issues) == ("", [])


# CATEGORIES


def test_categories_are_topics_once_each_whatever_their_case_first_spelling_kept():
    draft, issues = one(
        EVENT, "CATEGORIES:Python,Web,  Machine   learning ", "CATEGORIES:python,WEB,Rust"
    )
    assert draft.topics == ("Python", "Web", "Machine learning", "Rust")
    assert issues == []


def test_a_category_of_60_characters_is_a_topic_a_longer_one_is_reported():
    draft, issues = one(EVENT, "CATEGORIES:" + "t" * 60 + "," + "u" * 61)
    assert draft.topics == ("t" * 60,)
    assert issues == [AT + f"CATEGORIES: '{'u' * 39}…' is not a usable topic; ignored"]


def test_a_category_without_a_letter_or_digit_is_reported_an_empty_one_skipped_silently():
    draft, issues = one(EVENT, "CATEGORIES:Python,,---,Web")
    assert draft.topics == ("Python", "Web")
    assert issues == [AT + "CATEGORIES: '---' is not a usable topic; ignored"]


def test_thirty_topics_are_kept_and_more_are_reported():
    thirty, issues = one(EVENT, "CATEGORIES:" + ",".join(f"t{n}" for n in range(30)))
    assert (thirty.topics, issues) == (tuple(f"t{n}" for n in range(30)), [])
    more, issues = one(EVENT, "CATEGORIES:" + ",".join(f"t{n}" for n in range(31)))
    assert more.topics == tuple(f"t{n}" for n in range(30))
    assert issues == [AT + "CATEGORIES: more than 30 categories; the first 30 are kept"]


def test_thirty_topics_written_in_two_spellings_are_not_too_many():
    spellings = [f"t{n}" for n in range(30)] + [f"T{n}" for n in range(30)]
    draft, issues = one(EVENT, "CATEGORIES:" + ",".join(spellings))
    assert (len(draft.topics), issues) == (30, [])


# What the content format cannot hold


@pytest.mark.parametrize(
    ("line", "reported"),
    [
        (
            "ATTENDEE;CN=A:mailto:a@example.org",
            "ATTENDEE: not imported (the content format has no attendee list)",
        ),
        (
            "ORGANIZER:mailto:o@example.org",
            "ORGANIZER: not imported (an organizer's address is not published; add hosts by "
            "hand if wanted)",
        ),
        ("ATTACH:https://example.org/a.pdf", "ATTACH: not imported (attachments are not copied)"),
        (
            "IMAGE;VALUE=URI:https://example.org/a.png",
            "IMAGE: not imported (pictures are not copied; add an image by hand if wanted)",
        ),
        (
            "RDATE:20270110T180000Z",
            "RDATE: not imported (extra dates of a series are not supported; create separate "
            "events for them)",
        ),
        ("CONTACT:Jane", "CONTACT: not imported (not supported by the content format)"),
        ("FOO:bar", "FOO: not imported (not supported by the content format)"),
    ],
)
def test_each_property_the_content_format_cannot_hold_is_reported(line, reported):
    _draft, issues = one(EVENT, line)
    assert issues == [AT + reported]


def test_a_property_given_several_times_is_reported_once_with_the_count():
    _draft, issues = one(
        EVENT,
        "ATTENDEE:mailto:a@example.org",
        "ATTENDEE:mailto:b@example.org",
        "ATTENDEE:mailto:c@example.org",
    )
    assert issues == [
        AT + "ATTENDEE: 3 values: not imported (the content format has no attendee list)"
    ]


def test_read_vendor_and_conference_properties_are_not_reported():
    _draft, issues = one(
        EVENT,
        "DTSTAMP:20260101T000000Z",
        "CREATED:20260101T000000Z",
        "LAST-MODIFIED:20260101T000000Z",
        "SEQUENCE:3",
        "TRANSP:OPAQUE",
        "PRIORITY:5",
        "CLASS:PUBLIC",
        "X-VENDOR-THING:kept quiet",
        "CONFERENCE;VALUE=URI:https://meet.example.org/r",
        "X-GOOGLE-CONFERENCE:https://meet.google.com/abc",
    )
    assert issues == []


def test_alarms_and_other_components_inside_a_vevent_are_reported():
    _draft, issues = one(
        EVENT,
        "BEGIN:VALARM\nACTION:DISPLAY\nTRIGGER:-PT15M\nEND:VALARM",
        "BEGIN:X-THING\nA:b\nEND:X-THING",
    )
    assert issues == [
        AT + "VALARM: reminders are not imported (subscribers set their own)",
        AT + "X-THING: not imported",
    ]


# Lines and values icalendar cannot read


def test_a_value_that_cannot_be_read_is_reported_and_the_property_left_out():
    draft, issues = one(
        EVENT, "DTEND:2027XXXX", "LOCATION:Le Wagon", "BEGIN:VALARM\nACTION:DISPLAY\nEND:VALARM"
    )
    assert (draft.end, draft.venue) == ("", {"name": "Le Wagon"})
    broken, alarm = issues  # the first in icalendar's own words, which vary with its version
    assert broken.startswith(AT + "DTEND: ") and broken.endswith("2027XXXX; ignored")
    assert alarm == AT + "VALARM: reminders are not imported (subscribers set their own)"


def test_after_a_value_that_cannot_be_read_the_rest_is_reported_in_the_sources_order():
    _draft, issues = one(
        EVENT, "DTEND:2027XXXX", "ORGANIZER:mailto:o@example.org", "ATTENDEE:mailto:a@example.org"
    )
    assert [issue.removeprefix(AT).split(":")[0] for issue in issues] == [
        "DTEND",
        "ORGANIZER",
        "ATTENDEE",
    ]


def test_of_a_property_given_twice_only_the_value_that_cannot_be_read_is_left_out():
    draft, issues = one(EVENT, "GEO:abc", "GEO:1.5;2.5")
    assert draft.venue == {"geo": [1.5, 2.5]}
    [issue] = issues
    assert issue.startswith(AT + "GEO: ") and issue.endswith("abc; ignored")


def test_a_line_that_cannot_be_read_is_reported_in_one_line_of_at_most_200_characters():
    _short, issues = one(EVENT, "this  line\tis broken")
    [issue] = issues
    assert issue.startswith(AT + "line: Content line could not be parsed into parts: ")
    assert "'this  line is broken'" not in issue and "'this line is broken'" in issue
    assert issue.endswith("; ignored")
    _long, issues = one(EVENT, "broken " * 60)
    [issue] = issues
    assert issue.startswith(AT + "line: Content line could not be parsed into parts: ")
    assert len(issue) == len(AT + "line: ") + 200 + len("; ignored")


def test_every_vevent_of_a_calendar_is_reported_under_its_own_number_and_uid():
    drafts, issues = run(
        calendar(
            "UID:first\nSUMMARY:A\nDTSTART:20270105T180000Z\nSTATUS:TENTATIVE",
            "UID:second\nSUMMARY:B\nDTSTART:20270105T180000Z\nSTATUS:TENTATIVE",
        )
    )
    assert [d.uid for d in drafts] == ["first", "second"]
    assert issues == [
        "test.ics:VEVENT 1 (UID first): STATUS: TENTATIVE is imported as scheduled",
        "test.ics:VEVENT 2 (UID second): STATUS: TENTATIVE is imported as scheduled",
    ]
