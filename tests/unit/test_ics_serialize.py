"""Our faster line folding writes what RFC 5545 requires and what icalendar reads back.

The bytes are compared with the rule, not with the library's own output: how
icalendar folds a line has changed between the versions this project allows
(7.0 splits an escape across two lines, 7.3 keeps it whole), and both are valid.
"""

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event

from chapterhouse.calendar.ics import EventLinks, IcsWriter, fold, nameable, serialize
from chapterhouse.config import ChapterhouseSettings
from chapterhouse.core.catalog import load_catalog

ROOT = Path(__file__).resolve().parents[2]
PARIS = ZoneInfo("Europe/Paris")


def unfold(data: bytes) -> list[str]:
    """RFC 5545 3.1: a CRLF followed by one space or tab is removed."""
    text = data.decode("utf-8")
    assert "\n" not in text.replace("\r\n", ""), "bare line feeds"
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")


def assert_folded_like_the_rfc(data: bytes) -> None:
    for line in data.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # never a character split across two lines


def test_every_fixture_event_serialises_to_the_content_lines_icalendar_makes():
    config = ChapterhouseSettings(timezone="Europe/Paris")
    writer = IcsWriter("example.org", timedelta(hours=12), (2024, 2029), lambda lang, s, *plural: s)
    checked = 0
    for root in ("content", "tests/fixtures/site/content", "tests/fixtures/hostile/content"):
        for event in load_catalog(ROOT / root, config).events:
            component = writer._vevent(
                event,
                None,
                None,
                EventLinks("https://x.example/é/" + "ü" * 40, "https://f.example/\\^"),
            )
            ours = serialize(component)
            assert_folded_like_the_rfc(ours)
            assert unfold(ours) == unfold(component.to_ical()), event.slug
            checked += 1
    assert checked >= 25


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("ab\\^,;:é€😀 \t"), max_size=400))
def test_folding_keeps_any_text_intact(text):
    component = Event()
    component.add("summary", text)
    component.add("x-note", text)
    ours = serialize(component)
    assert_folded_like_the_rfc(ours)
    assert unfold(ours) == unfold(component.to_ical())
    calendar = Calendar.from_ical(b"BEGIN:VCALENDAR\r\n" + ours + b"END:VCALENDAR\r\n")
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == text


def test_a_short_line_is_not_folded():
    assert fold("SUMMARY:short") == "SUMMARY:short"


def test_a_time_in_the_hour_repeated_in_autumn_has_no_local_name():
    first = datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # 02:30+02:00, first pass
    second = datetime(2027, 10, 31, 1, 30, tzinfo=UTC)  # 02:30+01:00, second pass
    assert not nameable(first, PARIS)
    assert not nameable(second, PARIS)
    assert nameable(datetime(2027, 10, 31, 2, 30, tzinfo=UTC), PARIS)  # 03:30+01:00
    assert nameable(datetime(2027, 10, 30, 23, 59, tzinfo=UTC), PARIS)  # 01:59+02:00
    assert nameable(datetime(2027, 3, 28, 1, 0, tzinfo=UTC), PARIS)  # 03:00+02:00, after the gap
