"""Clock changes, both of the year, in several zones: every calendar reader sees the same instants.

A local time with ``TZID`` names the *first* pass through the hour repeated
when clocks go back: an instant in the second pass (the end of a 1h30 event
starting at 01:30 on the night Paris leaves summer time is 02:00+01:00) must
be written in UTC, or every reader shows a 30-minute event. Each event's
``.ics`` is expanded by icalendar with recurring-ical-events, vobject and
Mozilla's ical.js, and compared with the model's instants.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURE_SITE, run_pelican
from tests.e2e.test_calendars import _show, parsers

ZONES = {
    # slug: (zone, autumn change day, its repeated hour's start, spring change day, gap start)
    "paris": ("Europe/Paris", "2027-10-31", 2, "2027-03-28", 2),
    "london": ("Europe/London", "2027-10-31", 1, "2027-03-28", 1),
    "new-york": ("America/New_York", "2027-11-07", 1, "2027-03-14", 2),
    "sydney": ("Australia/Sydney", "2027-04-04", 2, "2027-10-03", 2),
    "santiago": ("America/Santiago", "2027-04-03", 23, "2027-09-05", 0),
}


def _events(slug: str, zone: str, autumn: str, repeated: int, spring: str, gap: int) -> dict:
    """Events whose start or end falls in or around the clock changes of ``zone``."""
    before = f"{repeated - 1:02d}:30" if repeated else "23:30"
    autumn_start = autumn if repeated else _day_before(autumn)
    spring_start = spring if gap else _day_before(spring)
    gap_before = f"{gap - 1:02d}:30" if gap else "23:30"
    return {
        # Ends 30 minutes into the second pass of the repeated hour.
        f"{slug}-ends-in-second-pass": f"start: {autumn_start} {before}\nduration: 1h30",
        # Starts in the repeated hour (first pass, as written), ends after it.
        f"{slug}-starts-in-repeated-hour": (
            f"start: {autumn} {repeated % 24:02d}:15\nduration: 2h"
        ),
        # Spans the spring gap: real elapsed time.
        f"{slug}-spans-the-gap": f"start: {spring_start} {gap_before}\nduration: 2h",
        # A weekly series whose occurrence on the autumn night ends in the second pass.
        f"{slug}-weekly-over-autumn": (
            f"start: {_week_before(autumn_start)} {before}\nduration: 1h30\n"
            "repeat: FREQ=WEEKLY;COUNT=3"
        ),
    }


def _day_before(day: str) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(day) - timedelta(days=1)).isoformat()


def _week_before(day: str) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(day) - timedelta(days=7)).isoformat()


@pytest.fixture(scope="module")
def dst_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    content = tmp_path_factory.mktemp("dst") / "content"
    for slug, (zone, autumn, repeated, spring, gap) in ZONES.items():
        chapter = content / "chapters" / f"{slug}.md"
        chapter.parent.mkdir(parents=True, exist_ok=True)
        chapter.write_text(f"---\ntitle: {slug}\ntimezone: {zone}\n---\n", encoding="utf-8")
        for name, front in _events(slug, zone, autumn, repeated, spring, gap).items():
            event = content / "events" / f"{name}.md"
            event.parent.mkdir(parents=True, exist_ok=True)
            event.write_text(
                f"---\ntitle: {name}\nchapter: {slug}\n{front}\n---\n", encoding="utf-8"
            )
    output = content.parent / "output"
    result = run_pelican(content, output, FIXTURE_SITE / "fixtureconf.py")
    assert result.returncode == 0, result.stderr
    return content, output


def _model_instants(content: Path, slug: str) -> set[tuple[str, str, str]]:
    from datetime import UTC, datetime

    from chapterhouse.config import ChapterhouseSettings
    from chapterhouse.core.catalog import load_catalog
    from chapterhouse.core.model import event_uid

    settings = ChapterhouseSettings(
        site_url="https://meetups.example.org", uid_domain="meetups.example.org"
    )
    catalog = load_catalog(content, settings)
    (event,) = [e for e in catalog.events if e.slug == slug]
    window = (datetime(2025, 1, 1, tzinfo=UTC), datetime(2029, 1, 1, tzinfo=UTC))
    return {
        (event_uid(event, settings.uid_domain), _show(o.start), _show(o.end))
        for o in event.occurrences(window)
    }


CASES = sorted(name for slug, values in ZONES.items() for name in _events(slug, *values))


@pytest.mark.parametrize("name", CASES)
def test_every_reader_sees_the_model_instants(dst_site, name):
    content, output = dst_site
    expected = _model_instants(content, name)
    assert expected
    for parser in parsers():
        assert parser(output / "events" / name / f"{name}.ics") == expected, parser.__name__


def test_a_time_in_the_repeated_hour_is_written_in_utc(dst_site):
    _, output = dst_site
    raw = (
        (output / "events/paris-ends-in-second-pass/paris-ends-in-second-pass.ics")
        .read_bytes()
        .decode()
    )
    # 02:00+01:00 is the second 02:00 of that night: both ends in UTC (readers differ on a
    # start with TZID and an end in UTC: recurring-ical-events adds the length in wall time).
    assert "DTSTART:20271030T233000Z\r\n" in raw
    assert "DTEND:20271031T010000Z\r\n" in raw
    raw = (output / "events/paris-spans-the-gap/paris-spans-the-gap.ics").read_bytes().decode()
    assert "DTEND;TZID=Europe/Paris:20270328T043000\r\n" in raw  # 01:30 + 2 real hours


def test_a_paris_event_from_0130_lasting_1h30_lasts_90_minutes_everywhere(dst_site):
    _, output = dst_site
    path = output / "events/paris-ends-in-second-pass/paris-ends-in-second-pass.ics"
    for parser in parsers():
        ((_, start, end),) = parser(path)
        assert (start, end) == ("2027-10-30T23:30:00Z", "2027-10-31T01:00:00Z"), parser.__name__
