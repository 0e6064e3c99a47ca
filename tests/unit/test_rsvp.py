from datetime import UTC, datetime, timedelta

import pytest

from chapterhouse.core.problems import FieldError
from chapterhouse.core.rsvp import (
    RsvpState,
    check_template,
    example_url,
    fill_template,
    rsvp_window,
)

START = datetime(2027, 1, 20, 17, 30, tzinfo=UTC)
END = START + timedelta(hours=2)


def window(now, **kwargs):
    options = {"opens": None, "closes": None, "cancelled": False, "postponed": False}
    options.update(kwargs)
    return rsvp_window(starts_at=START, ends_at=END, now=now, **options)


def test_placeholders_are_percent_encoded_as_a_whole():
    url = fill_template(
        "https://forms.example/f?entry.1={title}&entry.2={date}",
        {"title": "Talk & drinks #3 / café", "date": "2027-01-20"},
    )
    assert (
        url
        == "https://forms.example/f?entry.1=Talk%20%26%20drinks%20%233%20%2F%20caf%C3%A9&entry.2=2027-01-20"
    )


def test_unknown_placeholder_is_refused_with_the_known_ones():
    with pytest.raises(FieldError) as error:
        check_template("https://x.example/?e={event}")
    assert "{event}" in error.value.message
    assert "{title}" in error.value.hint


def test_open_between_opens_and_closes():
    opens = START - timedelta(days=10)
    assert window(opens - timedelta(minutes=1), opens=opens).state is RsvpState.NOT_YET_OPEN
    assert window(opens, opens=opens).state is RsvpState.OPEN
    assert window(START - timedelta(days=3), opens=opens).is_open
    assert window(START - timedelta(minutes=1), opens=opens).is_open


def test_closes_at_the_start_by_default_and_then_past():
    assert window(START).state is RsvpState.CLOSED
    assert window(END).state is RsvpState.PAST


def test_explicit_close():
    closes = START - timedelta(days=1)
    assert window(closes, closes=closes).state is RsvpState.CLOSED


def test_never_open_for_cancelled_or_postponed_events():
    early = START - timedelta(days=3)
    assert window(early, cancelled=True).state is RsvpState.CANCELLED
    assert window(early, postponed=True).state is RsvpState.POSTPONED


def test_closing_soon_in_the_last_two_days_of_registration():
    assert window(START - timedelta(days=2, seconds=1)).state is RsvpState.OPEN
    assert window(START - timedelta(days=2)).state is RsvpState.CLOSING_SOON
    assert window(START - timedelta(minutes=1)).state is RsvpState.CLOSING_SOON
    assert window(START - timedelta(minutes=1)).is_open
    closes = START - timedelta(days=5)
    assert window(closes - timedelta(days=1), closes=closes).state is RsvpState.CLOSING_SOON


def test_a_full_event_is_full_until_registration_would_close():
    early = START - timedelta(days=10)
    assert window(early, full=True).state is RsvpState.FULL
    assert not window(early, full=True).is_open
    opens = START - timedelta(days=5)
    assert window(early, opens=opens, full=True).state is RsvpState.FULL
    assert window(START, full=True).state is RsvpState.CLOSED
    assert window(END, full=True).state is RsvpState.PAST
    assert window(early, full=True, cancelled=True).state is RsvpState.CANCELLED


def test_the_window_says_when_registration_opens_and_closes():
    opens, closes = START - timedelta(days=9), START - timedelta(days=1)
    shown = window(START - timedelta(days=20), opens=opens, closes=closes)
    assert (shown.opens, shown.closes) == (opens, closes)
    assert window(START - timedelta(days=20)).closes == START  # at the start by default


def test_every_refusal_of_an_rsvp_template_says_what_to_write():
    with pytest.raises(FieldError) as unknown:
        check_template("https://x.example/?e={event}")
    assert unknown.value.message == "unknown placeholder {event} in the RSVP URL"
    assert unknown.value.hint == (
        "placeholders are {title}, {start}, {date}, {slug}, {url}, {chapter}"
    )
    for url in ("https://x.example/?e={title", "https://x.example/?e=title}", "https://x/{a{b}"):
        with pytest.raises(FieldError) as brace:
            check_template(url)
        assert brace.value.message in (
            "unmatched brace in the RSVP URL",
            "unknown placeholder {b} in the RSVP URL",
        )
    with pytest.raises(FieldError) as brace:
        check_template("https://x.example/{title}?a={")
    assert (brace.value.message, brace.value.hint) == (
        "unmatched brace in the RSVP URL",
        "write a literal brace as %7B or %7D",
    )
    check_template("https://x.example/{title}/{date}")  # every placeholder known: no error


def test_an_example_url_fills_every_placeholder_and_a_missing_value_is_empty():
    assert example_url("https://x.example/{title}/{chapter}?d={date}") == (
        "https://x.example/x/x?d=x"
    )
    assert fill_template("https://x.example/?t={title}&c={chapter}", {"title": "A"}) == (
        "https://x.example/?t=A&c="
    )
