"""Calendar files as calendar apps read them.

The calendars of the fixture site are parsed by independent parsers —
icalendar (strictly) with recurring-ical-events, vobject (Radicale, khal; it
evaluates the file's own VTIMEZONEs) and Mozilla's ical.js under Node
(Thunderbird, Nextcloud) — and what they expand is compared with the dates
the model computes and the pages show.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import recurring_ical_events
import vobject
from icalendar import Calendar

from chapterhouse.config import ChapterhouseSettings
from chapterhouse.core.catalog import load_catalog
from chapterhouse.core.model import Visibility, event_uid
from tests.e2e.helpers import page

JS = Path(__file__).resolve().parents[1] / "js"
WINDOW = (date(2025, 1, 1), date(2029, 1, 1))
DOMAIN = "meetups.example.org"


def _show(moment) -> str:
    if isinstance(moment, datetime):
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return moment.isoformat()


def expanded_by_icalendar(path: Path) -> set[tuple[str, str, str]]:
    calendar = Calendar.from_ical(path.read_bytes())
    for component in calendar.walk():
        assert not component.errors, (path, component.name, component.errors)
    assert not calendar.get_missing_tzids(), path
    occurrences = recurring_ical_events.of(calendar).between(*WINDOW)
    return {(str(o["UID"]), _show(o["DTSTART"].dt), _show(o["DTEND"].dt)) for o in occurrences}


def expanded_by_vobject(path: Path) -> set[tuple[str, str, str]]:
    calendar = vobject.readOne(path.read_text(encoding="utf-8"), validate=True)
    low = datetime.combine(WINDOW[0], datetime.min.time(), UTC)
    high = datetime.combine(WINDOW[1], datetime.min.time(), UTC)
    found = set()
    # A VEVENT with RECURRENCE-ID replaces the date of its series it names (RFC 5545 3.8.4.4):
    # vobject expands the series alone, so a consumer removes the replaced dates, as this does.
    replaced: set[tuple[str, str]] = set()
    for event in calendar.vevent_list:
        if hasattr(event, "recurrence_id"):
            original = event.recurrence_id.value
            if isinstance(original, datetime):
                original = _pytz_localized(original)
            replaced.add((event.uid.value, _show(original)))
    for event in calendar.vevent_list:
        start, end = event.dtstart.value, event.dtend.value
        if isinstance(start, datetime):
            length = end.astimezone(UTC) - start.astimezone(UTC)
            series = event.getrruleset(addRDate=True)
            starts = series.between(low, high, inc=True) if series else [start]
            for moment in map(_pytz_localized, starts):
                if series and (event.uid.value, _show(moment)) in replaced:
                    continue
                found.add((event.uid.value, _show(moment), _show(moment.astimezone(UTC) + length)))
        else:
            series = event.getrruleset(addRDate=True)
            days = [d.date() for d in series] if series else [start]
            found.update(
                (event.uid.value, _show(d), _show(d + (end - start)))
                for d in days
                if not (series and (event.uid.value, _show(d)) in replaced)
            )
    return found


def _pytz_localized(moment: datetime) -> datetime:
    """vobject attaches pytz zones with ``replace`` (their first offset, not the date's): a
    correct consumer localizes the wall time again, as this does."""
    zone = moment.tzinfo
    if hasattr(zone, "localize") and hasattr(zone, "normalize"):
        return zone.localize(moment.replace(tzinfo=None))
    return moment


def parsers():
    """Every parser; ical.js last (it skips locally when Node modules are missing)."""
    return [expanded_by_icalendar, expanded_by_vobject, expanded_by_icaljs]


def expanded_by_icaljs(path: Path) -> set[tuple[str, str, str]]:
    node = shutil.which("node")
    if not node or not (JS / "node_modules" / "ical.js").is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail("ical.js is not installed: .ci/run must run `npm ci --prefix tests/js`")
        pytest.skip("ical.js not installed (run `npm ci --prefix tests/js`)")
    result = subprocess.run(
        [node, str(JS / "expand.mjs"), str(path), *(d.isoformat() for d in WINDOW)],
        capture_output=True,
        text=True,
        check=True,
    )
    return {(o["uid"], o["start"], o["end"]) for o in json.loads(result.stdout)}


def expected_from_model(fixture_content: Path) -> set[tuple[str, str, str]]:
    settings = ChapterhouseSettings(
        site_url=f"https://{DOMAIN}", timezone="Europe/Berlin", uid_domain=DOMAIN
    )
    catalog = load_catalog(fixture_content, settings)
    low = datetime.combine(WINDOW[0], datetime.min.time(), UTC)
    high = datetime.combine(WINDOW[1], datetime.min.time(), UTC)
    found = set()
    for event in catalog.events:
        if event.visibility is not Visibility.PUBLISHED:
            continue
        for occurrence in event.occurrences((low, high)):
            found.add((event_uid(event, DOMAIN), _show(occurrence.start), _show(occurrence.end)))
    return found


@pytest.fixture(scope="module")
def site_calendar(built_site) -> Path:
    return built_site / "calendar.ics"


def test_every_parser_expands_exactly_the_model_dates(site_calendar, fixture_content):
    expected = expected_from_model(fixture_content)
    for parser in parsers():
        assert parser(site_calendar) == expected, parser.__name__


def test_recurring_series_matches_the_page_and_skips_the_exception(built_site):
    monthly = page(built_site, "/events/monthly/")
    dates = ".date-list li > time:first-child, .date-list li > del > time:first-child"
    shown = {t["datetime"] for t in monthly.select(dates)}  # a cancelled date is struck
    shown_utc = {_show(datetime.fromisoformat(value)) for value in shown}
    for parser in parsers():
        starts = {start for uid, start, _ in parser(built_site / "events/monthly/monthly.ics")}
        assert starts == shown_utc
        assert "2027-01-12T18:00:00Z" not in starts
    assert len(shown_utc) == 7  # COUNT=8 minus one exception


def test_dst_crossing_event_lasts_the_real_hours_in_both_parsers(built_site):
    for parser in parsers():
        (occurrence,) = parser(built_site / "events/dst-night/dst-night.ics")
        assert occurrence[1:] == ("2027-03-27T21:00:00Z", "2027-03-28T02:00:00Z")


def test_all_day_multi_day_event_has_an_exclusive_date_end(built_site):
    raw = (built_site / "events/conference/conference.ics").read_text()
    assert "DTSTART;VALUE=DATE:20270412" in raw
    assert "DTEND;VALUE=DATE:20270415" in raw
    for parser in parsers():
        (occurrence,) = parser(built_site / "events/conference/conference.ics")
        assert occurrence[1:] == ("2027-04-12", "2027-04-15")


def test_explicit_offset_is_written_in_utc(built_site):
    raw = (built_site / "events/online/online.ics").read_text()
    assert "DTSTART:20261220T230000Z" in raw
    for parser in parsers():
        (occurrence,) = parser(built_site / "events/online/online.ics")
        assert occurrence[1] == "2026-12-20T23:00:00Z"


def test_cancelled_event_stays_with_status_cancelled_and_a_sequence(built_site):
    calendar = Calendar.from_ical((built_site / "calendar.ics").read_bytes())
    (cancelled,) = [e for e in calendar.walk("VEVENT") if e["UID"] == f"cancelled@{DOMAIN}"]
    assert cancelled["STATUS"] == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) >= 1
    assert str(cancelled["SUMMARY"]).startswith("Cancelled: ")
    postponed = [e for e in calendar.walk("VEVENT") if e["UID"] == f"postponed@{DOMAIN}"]
    assert postponed[0]["STATUS"] == "TENTATIVE"


def test_hidden_and_draft_events_stay_out_of_shared_calendars(built_site):
    uids = {
        str(e["UID"])
        for e in Calendar.from_ical((built_site / "calendar.ics").read_bytes()).walk("VEVENT")
    }
    assert f"hidden@{DOMAIN}" not in uids and f"draft@{DOMAIN}" not in uids
    assert (built_site / "events/hidden/hidden.ics").exists()
    assert not (built_site / "events/draft").exists()


def test_chapter_and_topic_calendars_hold_only_their_events(built_site):
    def uids(path):
        return {
            str(e["UID"]).split("@")[0]
            for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")
        }

    assert uids(built_site / "chapters/nyc/calendar.ics") == {
        "conference",
        "online",
        "postponed",
        "rescheduled",
        "hybrid",
        # The editions of its quarterly series: one VEVENT each, like any event.
        "quarterly-2026-05",
        "quarterly-2026-08",
        "quarterly-2027-02",
    }
    assert uids(built_site / "topics/packaging/calendar.ics") == {"workshop"}


def test_every_calendar_is_well_formed_for_every_client(built_site):
    for path in built_site.rglob("*.ics"):
        raw = path.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), path
        lines = raw.split(b"\r\n")
        assert lines[-1] == b"", f"{path}: must end with CRLF"
        assert b"\n" not in raw.replace(b"\r\n", b""), f"{path}: bare LF"
        for line in lines:
            assert len(line) <= 75, (path, line)
            line.decode("utf-8")  # folding never splits a character
        text = raw.decode()
        for needed in (
            "VERSION:2.0",
            "PRODID:-//Chapterhouse//Meetup calendars//EN",
            "METHOD:PUBLISH",
            "CALSCALE:GREGORIAN",
            "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
            "X-PUBLISHED-TTL:PT12H",
            "X-WR-CALNAME:",
            "\r\nNAME;LANGUAGE=",
        ):
            assert needed in text, (path, needed)
        used = set(re.findall(r";TZID=([^:;]+)", text))
        declared = set(re.findall(r"\r\nTZID:(.+?)\r\n", text))
        assert used <= declared, path
        assert "RDATE" not in text, f"{path}: ical.js reads only the first value of an RDATE list"


def test_uids_carry_the_domain_and_stamps_come_from_history_not_the_clock(built_site):
    calendar = Calendar.from_ical((built_site / "calendar.ics").read_bytes())
    for event in calendar.walk("VEVENT"):
        assert str(event["UID"]).endswith(f"@{DOMAIN}")
        stamp = event["DTSTAMP"].dt
        assert stamp.tzinfo is not None and stamp.utcoffset().total_seconds() == 0
        assert event["LAST-MODIFIED"].dt == stamp
        assert stamp < datetime(2026, 11, 22, tzinfo=UTC)  # the fixture files' times, before "now"


def test_description_is_plain_text_with_speakers_rsvp_and_page(built_site):
    calendar = Calendar.from_ical((built_site / "events/workshop/workshop.ics").read_bytes())
    (event,) = calendar.walk("VEVENT")
    description = str(event["DESCRIPTION"])
    assert "Speakers: Clara Vogel (maintainer), Dmitri Ivanov" in description
    one = Calendar.from_ical((built_site / "events/past-talk/past-talk.ics").read_bytes())
    assert "Speaker: Eve Adams (author)\n" in str(one.walk("VEVENT")[0]["DESCRIPTION"])
    assert "RSVP: https://forms.example.org/workshop?" in description
    assert "Details: https://meetups.example.org/events/workshop/" in description
    assert str(event["URL"]) == "https://meetups.example.org/events/workshop/"
    assert str(event["LOCATION"]) == "Betahaus, Rudi-Dutschke-Straße 23, 10969 Berlin"
    assert event["GEO"].latitude == 52.5066
    assert [str(c) for c in event["CATEGORIES"].cats] == ["python", "packaging"]


def test_pages_advertise_and_link_their_calendars(built_site):
    home = page(built_site, "/")
    assert (
        home.select_one("link[rel=alternate][type='text/calendar']")["href"]
        == f"https://{DOMAIN}/calendar.ics"
    )
    subscribe = home.select_one(".subscribe")
    assert subscribe.select_one("a.button")["href"] == f"webcal://{DOMAIN}/calendar.ics"
    assert subscribe.select_one("input")["value"] == f"https://{DOMAIN}/calendar.ics"
    assert "From URL" in subscribe.get_text() and "several hours" in subscribe.get_text()
    chapter = page(built_site, "/chapters/berlin/")
    assert (
        chapter.select_one(".subscribe input")["value"]
        == f"https://{DOMAIN}/chapters/berlin/calendar.ics"
    )
    topic = page(built_site, "/topics/python/")
    assert topic.select_one("link[rel=alternate][type='text/calendar']")["href"].endswith(
        "/topics/python/calendar.ics"
    )


def test_event_page_offers_ics_google_and_outlook(built_site):
    workshop = page(built_site, "/events/workshop/")
    links = {a.get_text(): a for a in workshop.select(".add-to-calendar a")}
    assert links["Download the event (.ics)"]["href"] == "/events/workshop/workshop.ics"
    assert links["Download the event (.ics)"].has_attr("download")
    google = links["Google Calendar"]["href"]
    assert google.startswith("https://calendar.google.com/calendar/render?action=TEMPLATE")
    assert "dates=20261210T183000%2F20261210T210000" in google and "ctz=Europe%2FBerlin" in google
    outlook = links["Outlook.com"]["href"]
    assert "startdt=2026-12-10T18%3A30%3A00%2B01%3A00" in outlook
    conference = page(built_site, "/events/conference/")
    google_all_day = next(
        a["href"] for a in conference.select(".add-to-calendar a") if "google" in a["href"]
    )
    assert "dates=20270412%2F20270415" in google_all_day
