"""Loading single files: what an organizer gets for each kind of front matter."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from chapterhouse.core.loading import load_chapter, load_event
from chapterhouse.core.model import AttendanceMode, EventStatus, Visibility

CHAPTER = """---
title: Python Toulouse
timezone: Europe/Paris
rsvp: https://forms.example/t?e={slug}
---
"""


@pytest.fixture
def chapters(settings, tmp_path):
    loaded = load_chapter(
        CHAPTER.encode(), "chapters/toulouse.md", "chapters/toulouse.md", settings, tmp_path
    )
    assert loaded.problems == ()
    return {"toulouse": loaded.item}


def event(text, settings, chapters, tmp_path=Path("/nonexistent")):
    return load_event(
        ("---\n" + text + "---\nBody\n").encode(),
        "events/talk.md",
        "events/talk.md",
        settings,
        tmp_path,
        chapters,
    )


def problems_of(text, settings, chapters):
    return [(p.line, p.field, p.message, p.hint) for p in event(text, settings, chapters).problems]


def test_minimal_event_inherits_chapter_zone_rsvp_and_default_duration(settings, chapters):
    loaded = event("title: Talk\nstart: 2027-01-20 18:30\n", settings, chapters)
    assert loaded.problems == ()
    e = loaded.item
    assert e.slug == "talk"  # from the file name
    assert e.chapter == "toulouse"  # the only chapter
    assert e.start.isoformat() == "2027-01-20T18:30:00+01:00"
    assert e.length == timedelta(hours=2)
    assert e.rsvp.url == "https://forms.example/t?e={slug}"
    assert e.attendance_mode is AttendanceMode.IN_PERSON


def test_all_day_end_is_the_last_day_inclusive(settings, chapters):
    e = event("title: Week\nstart: 2027-05-10\nend: 2027-05-14\n", settings, chapters).item
    assert e.all_day
    assert (e.start, e.end) == (date(2027, 5, 10), date(2027, 5, 15))
    assert e.occurrence_at(e.start).local_end == date(2027, 5, 14)


def test_explicit_offset_is_kept_and_shown_in_the_event_zone(settings, chapters):
    e = event(
        "title: Call\nstart: 2026-12-20T18:00:00-05:00\nduration: 90m\n", settings, chapters
    ).item
    assert e.fixed_offset
    assert e.start.astimezone(UTC) == datetime(2026, 12, 20, 23, 0, tzinfo=UTC)
    assert e.occurrence_at(e.start).local_start.isoformat() == "2026-12-21T00:00:00+01:00"


def test_online_and_hybrid_are_inferred(settings, chapters):
    online = event(
        "title: A\nstart: 2027-01-20 18:30\nonline: https://meet.example/a\n", settings, chapters
    ).item
    assert online.attendance_mode is AttendanceMode.ONLINE
    hybrid = event(
        "title: A\nstart: 2027-01-20 18:30\nvenue: Hall\nonline: {url: https://meet.example/a}\n",
        settings,
        chapters,
    ).item
    assert hybrid.attendance_mode is AttendanceMode.HYBRID


def test_rsvp_window_in_the_event_zone(settings, chapters):
    e = event(
        "title: A\nstart: 2027-01-20 18:30\nrsvp:\n  url: https://forms.example/a\n  capacity: 40\n"
        "  opens: 2027-01-01 09:00\n  closes: 2027-01-19\n",
        settings,
        chapters,
    ).item
    assert e.rsvp.capacity == 40
    assert e.rsvp.opens.isoformat() == "2027-01-01T09:00:00+01:00"
    assert e.rsvp.closes.isoformat() == "2027-01-20T00:00:00+01:00"  # end of the 19th


@pytest.mark.parametrize(
    ("price", "currency", "expected"),
    [
        ("free", "", ("0", "")),
        ("Gratuit", "", ("0", "")),
        ("0.00", "", ("0", "")),
        ("12.50", "EUR", ("12.5", "EUR")),
        ("15", "mxn", ("15", "MXN")),
        ('"8"', "CHF", ("8", "CHF")),
    ],
)
def test_rsvp_price_and_currency(settings, chapters, price, currency, expected):
    extra = f"  currency: {currency}\n" if currency else ""
    loaded = event(
        "title: A\nstart: 2027-01-20 18:30\nrsvp:\n  url: https://forms.example/a\n"
        f"  price: {price}\n{extra}",
        settings,
        chapters,
    )
    assert loaded.problems == ()
    assert (loaded.item.rsvp.price, loaded.item.rsvp.currency) == expected


def test_price_currency_comes_from_the_chapter_country_on_the_event_date(settings, tmp_path):
    chapter = load_chapter(
        b"---\ntitle: CDMX\ncountry: MX\ntimezone: America/Mexico_City\n"
        b"rsvp: {url: 'https://forms.example/c', price: 150}\n---\n",
        "chapters/cdmx.md",
        "chapters/cdmx.md",
        settings,
        tmp_path,
    )
    assert chapter.problems == ()
    loaded = event("title: Taller\nstart: 2027-01-20 10:00\n", settings, {"cdmx": chapter.item})
    assert (loaded.item.rsvp.price, loaded.item.rsvp.currency) == ("150", "MXN")


@pytest.mark.parametrize(
    ("rsvp", "expected"),
    [
        (
            "  price: 12,50\n",
            ("rsvp.price", "'12,50' is not a price", "write the number alone (12.50, with a dot) and rsvp.currency apart"),
        ),
        ("  price: -3\n  currency: EUR\n", ("rsvp.price", "'-3' is a negative price", "")),
        ("  price: 1e-999999999\n  currency: EUR\n", ("rsvp.price", "'1e-999999999' has more than 4 decimals", "")),
        ("  price: 1e+999999999\n  currency: EUR\n", ("rsvp.price", "'1e+999999999' is more than 1,000,000", "")),
        ("  price: .inf\n  currency: EUR\n", ("rsvp.price", "'.inf' is not a price", "write a number such as 12.50, or free")),
        ("  price: soon\n", ("rsvp.price", "'soon' is not a price", "write a number such as 12.50, or free")),
        ("  price: 5\n  currency: €\n", ("rsvp.currency", "'€' is not an ISO 4217 currency code", "write the code EUR")),
        (
            "  price: 5\n",  # Toulouse has no country here: no currency to assume
            ("rsvp.price", "the price 5 has no currency", "add rsvp.currency (for example EUR), or a country to the chapter"),
        ),
    ],
)  # fmt: skip
def test_bad_prices_are_named(settings, chapters, rsvp, expected):
    found = problems_of(
        f"title: A\nstart: 2027-01-20 18:30\nrsvp:\n  url: https://forms.example/a\n{rsvp}",
        settings,
        chapters,
    )
    assert [(field, message, hint) for _line, field, message, hint in found] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("start: 2027-01-20 18:30\n", (1, "title", "'title' is required in an event file")),
        ("title: A\n", (1, "start", "'start' is required in an event file")),
        (
            "title: A\nstart: 2027-01-20 18:30\nend: 2027-01-20 17:00\n",
            (
                4,
                "end",
                "'2027-01-20 17:00' is not after the start (2027-01-20 18:30)",
            ),
        ),
        (
            "title: A\nstart: 2027-02-30 18:30\n",
            (3, "start", "'2027-02-30 18:30' is not a real date: day is out of range for month"),
        ),
        (
            "title: A\nstart: 2027-03-28 02:30\n",
            (
                3,
                "start",
                "2027-03-28 02:30 does not exist in Europe/Paris: clocks jump from 02:00 to 03:00 that night",
            ),
        ),
        (
            "title: A\ndate: 2027-01-20 18:30\nstart: 2027-01-20 18:30\n",
            (3, "date", "unknown key 'date' in an event file"),
        ),
        (
            "title: A\nstart: 2027-01-20 18:30\ntimezone: Europe/Pari\n",
            (4, "timezone", "unknown time zone 'Europe/Pari'"),
        ),
        (
            "title: A\nstart: 2027-01-20 18:30\nevent_status: canceled\n",
            (4, "event_status", "'canceled' is not allowed"),
        ),
        (
            "title: A\nstart: 2027-01-20 18:30\nrsvp: ftp://files.example/form\n",
            (
                4,
                "rsvp.url",
                "'ftp://files.example/form' uses ftp:, but only http:// or https:// links are allowed here",
            ),
        ),
        (
            "title: A\nstart: 2027-01-20 18:30\nrsvp: javascript:alert(1)\n",
            (
                4,
                "rsvp.url",
                "'javascript:alert(1)' uses javascript:, but only http:// or https:// links are allowed here",
            ),
        ),
        (
            "title: A\nstart: 2027-01-20 18:30\nslug: ../../etc\n",
            (
                4,
                "slug",
                "'../../etc' is not a slug: use lowercase letters, digits and hyphens only",
            ),
        ),
        (
            "title: A\nstart: 2027-01-20 18:30\nrepeat: FREQ=FORTNIGHTLY\n",
            (4, "repeat", "FREQ=FORTNIGHTLY in 'FREQ=FORTNIGHTLY' is not a meetup frequency"),
        ),
        (
            "title: A\nstart: 2027-01-20 18:30\nchapter: tolouse\n",
            (4, "chapter", "there is no chapter 'tolouse'"),
        ),
        (
            "title: A\nstart: 2027-01-20 18:30\nstatus: cancelled\n",
            (4, "status", "'cancelled' is not allowed"),
        ),
        (
            "title: A\nstart: 2027-01-20 18:30\nvenue:\n  geo: [91, 2]\n",
            (5, "venue.geo", "'[91, 2]' is out of range: latitude -90..90, longitude -180..180"),
        ),
        (
            "title: A\nstart: 2027-01-20 18:30\nevent_status: rescheduled\n",
            (4, "event_status", "a rescheduled event needs previous_start"),
        ),
        (
            "title: A\nstart: 2027-01-20 18:30\nattendance_mode: online\n",
            (4, "attendance_mode", "an online event needs a link"),
        ),
        (
            "title: A\nstart: 2027-01-20 18:30\nend: 20:30\nduration: 2h\n",
            (5, "duration", "give either end or duration, not both"),
        ),
        (
            "title: A\nstart: 2027-01-20\nall_day: false\n",
            (4, "all_day", "all_day is false but start is a date"),
        ),
        (
            "title: A\nstart: 2027-01-20 18:30\nexcept: [2027-02-01]\n",
            (4, "except", "except only applies to a repeating event"),
        ),
    ],
)
def test_each_mistake_is_reported_at_its_line(settings, chapters, text, expected):
    found = problems_of(text, settings, chapters)
    assert expected in [f[:3] for f in found], found


def test_hints_name_what_was_meant(settings, chapters):
    hints = {
        f[1]: f[3]
        for f in problems_of(
            "title: A\nstrat: 2027-01-20 18:30\nstart: 2027-01-20 18:30\nlocation: Hall\nevent_status: cancelld\nstatus: cancelled\n",
            settings,
            chapters,
        )
    }
    assert hints["strat"] == "did you mean 'start'?"
    assert hints["location"] == "did you mean 'venue'?"
    assert "did you mean 'cancelled'?" in hints["event_status"]
    assert hints["status"] == (
        "status is the publication state (published, hidden or draft); "
        "for the event itself write  event_status: cancelled"
    )


def test_every_problem_of_a_file_is_reported_at_once(settings, chapters):
    found = problems_of(
        "start: 2027-02-30 18:30\ntimezone: Mars/Olympus\nrsvp: http://\n", settings, chapters
    )
    assert sorted((f[0], f[1]) for f in found) == [
        (1, "title"),
        (2, "start"),
        (3, "timezone"),
        (4, "rsvp.url"),
    ]


def test_extra_keys_are_allowed_only_when_declared(settings, chapters):
    text = "title: A\nstart: 2027-01-20 18:30\nsponsor: ACME\n"
    assert problems_of(text, settings, chapters)[0][1] == "sponsor"
    from dataclasses import replace

    relaxed = replace(settings, extra_keys=frozenset({"sponsor"}))
    loaded = event(text, relaxed, chapters)
    assert loaded.problems == ()
    assert loaded.item.extra == {"sponsor": "ACME"}


def test_cancelled_postponed_and_rescheduled(settings, chapters):
    e = event(
        "title: A\nstart: 2027-02-18 19:00\nevent_status: rescheduled\nprevious_start: 2027-02-11 19:00\n",
        settings,
        chapters,
    ).item
    assert e.status is EventStatus.RESCHEDULED
    assert e.previous_start.isoformat() == "2027-02-11T19:00:00+01:00"


def test_a_repeating_event_needs_a_local_start(settings, chapters):
    found = problems_of(
        "title: A\nstart: 2027-01-20T18:30:00+01:00\nrepeat: FREQ=WEEKLY\n", settings, chapters
    )
    assert found[0][1] == "start"
    assert "without an offset" in found[0][2]


# What independent review found: plausible but wrong values are refused, with their place --------


def test_an_end_time_before_the_start_is_refused_not_taken_as_the_next_day(settings, chapters):
    found = problems_of("title: Talk\nstart: 2027-01-20 19:00\nend: 18:30\n", settings, chapters)
    assert found == [
        (
            4,
            "end",
            "'18:30' is not after the start (19:00)",
            "an event that ends the next day says so: end: 2027-01-21 18:30, or a duration",
        )
    ]


@pytest.mark.parametrize("key", ["topics", "speakers", "hosts"])
def test_a_comma_separated_text_where_a_list_is_meant_is_refused(settings, chapters, key):
    found = problems_of(
        f"title: T\nstart: 2027-01-20 19:00\n{key}: python, web\n", settings, chapters
    )
    assert found == [
        (4, key, "'python, web' is one text with commas, not a list", "write a list: [python, web]")
    ]


def test_a_list_item_may_hold_a_comma(settings, chapters):
    loaded = event(
        'title: T\nstart: 2027-01-20 19:00\nspeakers: ["Davis, Jr."]\n', settings, chapters
    )
    assert loaded.problems == ()
    assert loaded.item.speakers[0].name == "Davis, Jr."


@pytest.mark.parametrize(
    ("line", "field", "value"),
    [
        ('title: "The event\'s name"', "title", "The event's name"),
        ("summary: One sentence shown in listings, feeds and search results.", "summary", None),
        ("venue: {name: Venue name}", "venue.name", "Venue name"),
    ],
)
def test_the_templates_placeholders_are_refused(settings, chapters, line, field, value):
    front = f"start: 2027-01-20 19:00\n{line}\n" + ("title: Real\n" if field != "title" else "")
    found = problems_of(front, settings, chapters)
    assert [(f[1], f[2]) for f in found] == [
        (field, f"'{value or line.split(': ', 1)[1]}' is the template's placeholder")
    ]


def test_the_placeholder_description_is_refused_at_its_line(settings, chapters):
    loaded = load_event(
        b"---\ntitle: T\nstart: 2027-01-20 19:00\n---\nIntro.\n\n"
        b"Describe the event here, in Markdown: what will happen, for whom, what to bring.\n",
        "events/t.md",
        "events/t.md",
        settings,
        Path("/nonexistent"),
        chapters,
    )
    assert [(p.line, p.field, p.message) for p in loaded.problems] == [
        (7, "body", "the description is still the template's placeholder text")
    ]


@pytest.mark.parametrize("name", ["localtime", "Factory", "posixrules"])
def test_zones_that_depend_on_the_machine_or_mean_nothing_are_refused(settings, chapters, name):
    found = problems_of(
        f"title: T\nstart: 2027-01-20 19:00\ntimezone: {name}\n", settings, chapters
    )
    assert [(f[1], f[2]) for f in found] == [("timezone", f"'{name}' is not a place's time zone")]


@pytest.mark.parametrize("price", ["1.0e-400", "1e-7", "0.00001"])
def test_a_tiny_price_is_never_rounded_to_free(settings, chapters, price):
    found = problems_of(
        f"title: T\nstart: 2027-01-20 19:00\nrsvp: {{url: https://f.example/x, price: {price}, currency: EUR}}\n",
        settings,
        chapters,
    )
    assert [(f[1], f[2]) for f in found] == [("rsvp.price", f"'{price}' has more than 4 decimals")]


def test_a_price_keeps_the_decimals_it_was_written_with(settings, chapters):
    loaded = event(
        "title: T\nstart: 2027-01-20 19:00\nrsvp: {url: https://f.example/x, price: 12.50, currency: EUR}\n",
        settings,
        chapters,
    )
    assert loaded.item.rsvp.price == "12.5"


def test_an_empty_venue_is_refused(settings, chapters):
    found = problems_of("title: T\nstart: 2027-01-20 19:00\nvenue: {}\n", settings, chapters)
    assert [(f[1], f[2]) for f in found] == [
        ("venue", "is empty: give at least 'name' or 'address'")
    ]


def test_a_placeholder_in_the_rsvp_host_is_refused(settings, chapters):
    found = problems_of(
        "title: T\nstart: 2027-01-20 19:00\nrsvp: https://{title}.example/f\n", settings, chapters
    )
    assert [(f[1], f[2]) for f in found] == [
        ("rsvp.url", "'https://{title}.example/f' has a placeholder in its scheme or host name")
    ]


def test_every_bad_url_of_a_mapping_is_reported_at_once(settings, tmp_path):
    loaded = load_chapter(
        b"---\ntitle: C\ntimezone: Europe/Paris\nlinks:\n  website: ftp://a\n  mastodon: javascript:alert(1)\n"
        b"  email: nobody\n---\n",
        "chapters/c.md",
        "chapters/c.md",
        settings,
        tmp_path,
    )
    assert [(p.line, p.field) for p in loaded.problems] == [
        (5, "links.website"),
        (6, "links.mastodon"),
        (7, "links.email"),
    ]


def test_a_venue_reports_each_wrong_value(settings, chapters):
    found = problems_of(
        "title: T\nstart: 2027-01-20 19:00\nvenue:\n  name: ''\n  geo: [99, 0]\n  url: ftp://x\n  floor: 2\n",
        settings,
        chapters,
    )
    assert [(f[0], f[1]) for f in found] == [
        (5, "venue.name"),
        (6, "venue.geo"),
        (7, "venue.url"),
        (8, "venue.floor"),
    ]


def test_a_series_whose_every_date_is_excluded_is_refused(settings, chapters):
    found = problems_of(
        "title: T\nstart: 2027-01-20 19:00\nrepeat: FREQ=WEEKLY;COUNT=2\nexcept: [2027-01-20, 2027-01-27]\n",
        settings,
        chapters,
    )
    assert [(f[0], f[1], f[2]) for f in found] == [
        (5, "except", "every date of the series is excluded: nothing would take place")
    ]


def test_an_event_of_a_draft_chapter_is_a_draft(settings, tmp_path):
    draft = load_chapter(
        b"---\ntitle: Soon\ntimezone: Europe/Paris\nstatus: draft\n---\n",
        "chapters/soon.md",
        "chapters/soon.md",
        settings,
        tmp_path,
    ).item
    loaded = event("title: T\nstart: 2027-01-20 19:00\n", settings, {"soon": draft})
    assert loaded.item.visibility is Visibility.DRAFT


@pytest.mark.parametrize(
    ("front", "field"),
    [
        (
            "title: T\nstart: 2027-01-20 19:00\nrsvp: {url: https://f.example, capacity: "
            + "9" * 5000
            + "}\n",
            "rsvp.capacity",
        ),
        ("title: T\nstart: 2027-01-20 19:00\nduration: " + "9" * 20 + "h\n", "duration"),
        ("title: T\nstart: 2027-01-20 19:00\nduration: P" + "9" * 30 + "D\n", "duration"),
        ("title: T\nstart: 2027-01-20 19:00\nrepeat: FREQ=DAILY;UNTIL=99991231\n", "repeat"),
        ("title: T\nstart: 2027-01-20 19:00\nrepeat: FREQ=DAILY;INTERVAL=-1\n", "repeat"),
        ("title: T\nstart: 2027-01-20 19:00\nrepeat: FREQ=DAILY;INTERVAL=0\n", "repeat"),
        (
            "title: T\nstart: 2027-01-20 19:00\nrepeat: FREQ=DAILY;COUNT=" + "9" * 40 + "\n",
            "repeat",
        ),
        (
            "title: T\nstart: 2027-01-20 19:00\ngeo: 1\nvenue: {name: H, geo: [1e999, 0]}\n",
            "venue.geo",
        ),
    ],
)
def test_extreme_values_are_refused_at_their_key(settings, chapters, front, field):
    loaded = event(front, settings, chapters)
    assert field in {p.field for p in loaded.problems}, loaded.problems
    assert all(p.line > 1 for p in loaded.problems)


def _chapter(front: str, settings, tmp_path):
    return load_chapter(
        f"---\ntitle: Lyon\n{front}---\n".encode(), "chapters/lyon.md", "chapters/lyon.md",
        settings, tmp_path,
    )  # fmt: skip


def test_a_chapter_geo_places_it_on_the_map(settings, tmp_path):
    assert _chapter("geo: [45.764, 4.8357]\n", settings, tmp_path).item.geo == (45.764, 4.8357)
    assert _chapter("", settings, tmp_path).item.geo is None


@pytest.mark.parametrize(
    "geo", ['"45.764, 4.8357"', "[45.764]", "[95, 4.8]", "[45.7, 190]", "{lat: 45.7}"]
)
def test_a_chapter_geo_that_is_not_a_point_is_refused_with_its_line(geo, settings, tmp_path):
    loaded = _chapter(f"city: Lyon\ngeo: {geo}\n", settings, tmp_path)
    assert loaded.item is None
    assert [(p.line, p.field) for p in loaded.problems] == [(4, "geo")]


def test_an_unknown_key_that_is_not_a_name_is_located_at_its_parent(settings, chapters):
    """`path:line: field: message` stays one readable line whatever the key (found by fuzzing)."""
    found = problems_of(
        "title: T\nstart: 2027-01-20 18:30\nvenue:\n  name: Hall\n  ':': x\n", settings, chapters
    )
    assert [(field, message) for _, field, message, _ in found] == [("venue", "unknown key ':'")]


def _two_chapters(settings, tmp_path):
    loaded = {}
    for slug, title in (("toulouse", "Python Toulouse"), ("paris", "Python Paris")):
        text = CHAPTER.replace("Python Toulouse", title).encode()
        item = load_chapter(text, f"chapters/{slug}.md", f"chapters/{slug}.md", settings, tmp_path)
        loaded[slug] = item.item
    return loaded


def test_a_cohosted_event_has_its_host_first_and_inherits_from_it(settings, tmp_path):
    chapters = _two_chapters(settings, tmp_path)
    loaded = event(
        "title: T\nstart: 2027-01-20 18:30\nchapter: [paris, toulouse]\n", settings, chapters
    )
    assert loaded.problems == ()
    assert (loaded.item.chapter, loaded.item.cohosts) == ("paris", ("toulouse",))
    assert loaded.item.chapters_among(["paris", "toulouse", "lyon"]) == ("paris", "toulouse")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("toulouse, paris", ("chapter", "'toulouse, paris' is one text with commas, not a list")),
        ("[paris, paris]", ("chapter", "'paris' is listed twice")),
        ("[paris, tolouse]", ("chapter", "there is no chapter 'tolouse'")),
        ("[]", ("chapter", "'chapter' is required: this site has 2 chapters")),
    ],
)
def test_cohosts_are_checked_like_the_host(settings, tmp_path, value, expected):
    chapters = _two_chapters(settings, tmp_path)
    found = [
        (p.field, p.message)
        for p in event(
            f"title: T\nstart: 2027-01-20 18:30\nchapter: {value}\n", settings, chapters
        ).problems
    ]
    assert found == [expected]


def test_a_network_wide_event_needs_no_host_and_is_every_chapters(settings, tmp_path):
    chapters = _two_chapters(settings, tmp_path)
    loaded = event("title: Day\nstart: 2027-01-20 18:30\nall_chapters: true\n", settings, chapters)
    assert loaded.problems == ()
    assert loaded.item.chapter == "" and loaded.item.all_chapters
    assert loaded.item.chapters_among(["paris", "toulouse"]) == ("paris", "toulouse")
    hosted = event(
        "title: Day\nstart: 2027-01-20 18:30\nchapter: toulouse\nall_chapters: true\n",
        settings,
        chapters,
    ).item
    assert hosted.chapters_among(["paris", "toulouse"]) == ("toulouse", "paris")
