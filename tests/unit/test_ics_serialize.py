"""Our faster line folding gives exactly icalendar's bytes."""

from datetime import timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from chapterhouse.calendar.ics import EventLinks, IcsWriter, serialize
from chapterhouse.config import ChapterhouseSettings
from chapterhouse.core.catalog import load_catalog

ROOT = Path(__file__).resolve().parents[2]


def test_every_fixture_event_serialises_to_icalendars_own_bytes():
    config = ChapterhouseSettings(timezone="Europe/Paris")
    writer = IcsWriter("example.org", timedelta(hours=12), (2024, 2029), lambda s: s)
    for root in ("content", "tests/fixtures/site/content", "tests/fixtures/hostile/content"):
        for event in load_catalog(ROOT / root, config).events:
            component = writer._vevent(
                event,
                None,
                None,
                EventLinks("https://x.example/é/" + "ü" * 40, "https://f.example/\\^"),
            )
            assert serialize(component) == component.to_ical(), event.slug


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("ab\\^,;:é€😀 \t"), max_size=400))
def test_folding_matches_icalendar_for_any_text(text):
    from icalendar import Event

    component = Event()
    component.add("summary", text)
    component.add("x-note", text)
    assert serialize(component) == component.to_ical()
