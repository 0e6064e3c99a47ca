"""The sample network in content/ is valid and shows every feature."""

from pathlib import Path

from chapterhouse.config import ChapterhouseSettings
from chapterhouse.core.catalog import load_catalog
from chapterhouse.core.model import AttendanceMode, EventStatus

CONTENT = Path(__file__).resolve().parents[2] / "content"


def test_sample_network_is_valid_and_complete():
    catalog = load_catalog(CONTENT, ChapterhouseSettings(timezone="Europe/Paris", lang="fr"))
    assert catalog.problems == ()
    assert len({c.timezone for c in catalog.chapters}) >= 2
    assert len({c.country for c in catalog.chapters}) >= 2
    assert len(catalog.chapters) >= 3
    events = catalog.events
    assert len(events) >= 12
    assert any(
        e.recurrence and "INTERVAL=3" in e.recurrence.rule and e.recurrence.exdates for e in events
    )
    assert any(e.status is EventStatus.CANCELLED for e in events)
    assert any(e.attendance_mode is AttendanceMode.ONLINE for e in events)
    assert any(e.all_day and (e.end - e.start).days >= 5 for e in events)
    assert any(e.speakers for e in events)
    assert any(e.rsvp and e.rsvp.capacity for e in events)
    assert {e.lang for e in events} >= {"fr", "en", "es"}
