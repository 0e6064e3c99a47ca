"""What a built site shows for drafts, empty chapters, old series and kept UIDs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.conftest import FIXTURE_SITE, run_pelican

SETTINGS = FIXTURE_SITE / "fixtureconf.py"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("rules") / "content"
    files = {
        "chapters/live.md": "---\ntitle: Live Chapter\ntimezone: Europe/Berlin\n---\n",
        "chapters/secret.md": "---\ntitle: Secret Chapter\ntimezone: Europe/Berlin\nstatus: draft\n---\n",
        "chapters/quiet.md": "---\ntitle: Quiet Chapter\ntimezone: America/Sao_Paulo\n---\nNo event yet.\n",
        "events/secret-launch.md": (
            "---\ntitle: Secret launch\nchapter: secret\nstart: 2027-01-20 19:00\n---\n"
        ),
        "events/old-weekly.md": (
            "---\ntitle: Old weekly\nchapter: live\nstart: 1990-01-03 19:00\nrepeat: FREQ=DAILY\n"
            "venue: {name: Hall, geo: [0.0000001, 13.4]}\n---\n"
        ),
        "events/moved-site.md": (
            "---\ntitle: Moved from the old site\nchapter: live\nstart: 2027-02-01 19:00\n"
            "uid: meetup-123456@old-site.example.net\n---\n"
        ),
    }
    for relpath, text in files.items():
        path = content / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    output = content.parent / "output"
    result = run_pelican(content, output, SETTINGS)
    assert result.returncode == 0, result.stderr
    return output


def _everything(site: Path) -> str:
    return "\n".join(p.read_text(errors="ignore") for p in sorted(site.rglob("*")) if p.is_file())


def test_a_draft_chapter_and_its_events_appear_nowhere(site):
    assert not (site / "chapters" / "secret").exists()
    assert not (site / "events" / "secret-launch").exists()
    assert not (site / "feeds" / "chapters" / "secret.atom.xml").exists()
    everything = _everything(site)
    assert "Secret Chapter" not in everything
    assert "Secret launch" not in everything


def test_a_chapter_without_events_has_a_valid_calendar_to_subscribe_to(site):
    raw = (site / "chapters" / "quiet" / "calendar.ics").read_bytes()
    calendar = Calendar.from_ical(raw)
    assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE"]  # RFC 5545: 1 or more
    assert calendar.subcomponents[0]["TZID"] == "America/Sao_Paulo"
    assert not any(component.errors for component in calendar.walk())


def test_an_open_ended_series_that_began_long_ago_still_lists_upcoming_dates(site):
    events = json.loads((site / "events.json").read_text())["events"]
    (series,) = [e for e in events if e["title"] == "Old weekly"]
    starts = [o["start"] for o in series["occurrences"]]
    assert any(start >= "2026-11-23" for start in starts)  # the fixture's "now" is 2026-11-22
    page = (site / "events" / "old-weekly" / "index.html").read_text()
    assert "No upcoming dates." not in page


def test_geo_is_written_without_an_exponent(site):
    raw = (site / "events" / "old-weekly" / "old-weekly.ics").read_bytes()
    assert b"GEO:0;13.4\r\n" in raw
    assert b"e-07" not in raw


def test_a_kept_uid_is_the_one_every_output_carries(site):
    uid = "meetup-123456@old-site.example.net"
    own = Calendar.from_ical((site / "events/moved-site/moved-site.ics").read_bytes())
    assert [str(e["UID"]) for e in own.walk("VEVENT")] == [uid]
    everything = Calendar.from_ical((site / "calendar.ics").read_bytes())
    assert uid in {str(e["UID"]) for e in everything.walk("VEVENT")}
    events = json.loads((site / "events.json").read_text())["events"]
    assert [e["id"] for e in events if e["title"] == "Moved from the old site"] == [uid]
