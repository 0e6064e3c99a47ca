"""`invoke import` end to end: feeds served over HTTP on 127.0.0.1, a fresh chapter, a build.

Every fixture calendar (Meetup, Google Calendar, Mobilizon, Gancio, lu.ma,
Outlook, Nextcloud) is fetched from a real HTTP server this module starts on
127.0.0.1, imported into a throwaway content tree, validated, built with
Pelican; then every occurrence of the built site's calendar is compared with
the source calendar expanded independently (icalendar and
recurring-ical-events), UID by UID, and a second import changes nothing.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from icalendar.timezone import tzp

from chapterhouse.cli.importer import import_events
from chapterhouse.cli.validate import validate
from tests.conftest import ROOT, run_pelican
from tests.localserver import reply, serve

FIXTURES = ROOT / "tests" / "fixtures" / "import"
SETTINGS = ROOT / "pelicanconf.py"
GOOD = ("meetup", "google", "mobilizon", "gancio", "luma", "outlook", "nextcloud")
WINDOW = (date(2026, 6, 1), date(2029, 1, 1))
PARIS = ZoneInfo("Europe/Paris")
CHAPTER = "---\ntitle: Python Toulouse\ntimezone: Europe/Paris\ncountry: FR\n---\nMeetups.\n"
EXECUTABLE = re.compile(
    r"<\s*(script|iframe|object|embed|svg|style|form)|javascript:|\bon\w+\s*=", re.I
)


def _route(name: str):
    data = (FIXTURES / name).read_bytes()
    return lambda handler: reply(handler, 200, data, Content_Type="text/calendar; charset=utf-8")


@pytest.fixture(scope="module")
def feeds():
    routes = {f"/{p.name}": _route(p.name) for p in FIXTURES.glob("*.ics")}
    with serve(routes) as server:
        yield server


def _import(feeds, content: Path, name: str, dry_run: bool = False) -> list[str]:
    out = io.StringIO()
    status = import_events(
        SETTINGS, feeds.url(f"/{name}.ics"), "toulouse", str(content), dry_run, out
    )
    assert status == 0, out.getvalue()
    return out.getvalue().splitlines()


@pytest.fixture(scope="module")
def imported(feeds, tmp_path_factory) -> tuple[Path, dict[str, list[str]]]:
    content = tmp_path_factory.mktemp("import") / "content"
    (content / "chapters").mkdir(parents=True)
    (content / "chapters" / "toulouse.md").write_text(CHAPTER)
    outputs = {name: _import(feeds, content, name) for name in GOOD}
    return content, outputs


@pytest.fixture(scope="module")
def built(imported, tmp_path_factory) -> Path:
    content, _ = imported
    output = tmp_path_factory.mktemp("import-site") / "output"
    result = run_pelican(content, output, SETTINGS)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def _normal(value):
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=PARIS)).astimezone(UTC)
    return value


def occurrences(data: bytes) -> Counter:
    """(UID, start, end) of every occurrence that happens (not cancelled, not private).

    Floating times are read in Paris: it is the X-WR-TIMEZONE of the fixtures that have
    one and the chapter's zone. X-WR-TIMEZONE is removed first: recurring-ical-events 3.8
    applies it with x-wr-timezone and then drops the ``fold`` it set, reading the UTC
    instant 01:30Z of 2027-10-31 (the second 02:30 in Paris) as 00:30Z.
    """
    # icalendar remembers the first VTIMEZONE it met for each TZID for the rest of the
    # process: a unit test's own "Customized Time Zone" would be used for Outlook's.
    tzp.use(tzp.name)
    calendar = icalendar.Calendar.from_ical(data)
    calendar.pop("X-WR-TIMEZONE", None)
    found: Counter = Counter()
    for event in recurring_ical_events.of(calendar).between(*WINDOW):
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        if str(event.get("CLASS", "PUBLIC")).upper() in ("PRIVATE", "CONFIDENTIAL"):
            continue
        start = event["DTSTART"].dt
        end = event["DTEND"].dt if "DTEND" in event else start
        found[(str(event["UID"]), _normal(start), _normal(end))] += 1
    return found


def test_every_feed_imports_over_http_and_reports_what_it_could_not_keep(imported):
    _content, outputs = imported
    for name, lines in outputs.items():
        assert re.search(r"event\(s\) read from http://127\.0\.0\.1:\d+/" + name, lines[-1]), lines
        assert " 0 updated, 0 unchanged" in lines[-1]
    assert "created" in outputs["meetup"][0]
    google = "\n".join(outputs["google"])
    assert "ATTENDEE: 2 values: not imported (the content format has no attendee list)" in google
    assert "VALARM: reminders are not imported" in google
    outlook = "\n".join(outputs["outlook"])
    assert "CLASS: PRIVATE: a private event is not published; the event was not imported" in outlook
    assert "ATTACH: not imported (attachments are not copied)" in outlook
    assert "'Customized Time Zone' is not an IANA zone" in outlook
    assert "EXDATE: 2027-06-03 is not a date of the series; ignored" in "\n".join(
        outputs["nextcloud"]
    )


def test_imported_files_pass_validate(imported):
    content, _ = imported
    out = io.StringIO()
    assert validate(SETTINGS, str(content), out) == 0, out.getvalue()
    assert out.getvalue().startswith("OK: 1 chapter(s), 24 event(s)")


def test_every_instant_of_the_built_calendar_matches_the_source(built):
    expected: Counter = Counter()
    for name in GOOD:
        expected += occurrences((FIXTURES / f"{name}.ics").read_bytes())
    sources = {uid for uid, _s, _e in expected}
    actual: Counter = Counter()
    for (uid, start, end), count in occurrences((built / "calendar.ics").read_bytes()).items():
        # A changed occurrence is published on its own as "<series UID>-<its date>".
        key = uid if uid in sources else uid.rsplit("-", 1)[0]
        actual[(key, start, end)] += count
    assert sum(expected.values()) > 40
    missing, extra = expected - actual, actual - expected
    assert not missing and not extra, f"missing: {sorted(missing)}\nextra: {sorted(extra)}"


def test_the_pages_show_what_was_imported(built):
    page = (
        built / "events" / "2027-01-20-atelier-publier-son-premier-paquet-python" / "index.html"
    ).read_text()
    assert (
        "Espace Nubo" in page and "https://www.meetup.com/python-toulouse/events/301234567/" in page
    )
    nyc = (built / "events" / "2027-03-25-rencontre-avec-pyladies-nyc" / "index.html").read_text()
    assert "https://meet.google.com/xyz-abcd-efg" in nyc
    calendar = (built / "calendar.ics").read_text()
    assert "UID:event_301234567@meetup.com" in calendar
    assert "UID:4k2j7rbl0qv8h1n5ssd3n0e2f0@google.com\n" in calendar


def test_importing_again_changes_nothing(feeds, imported):
    content, _ = imported
    before = {p: p.read_bytes() for p in (content / "events").rglob("*.md")}
    for name in GOOD:
        lines = _import(feeds, content, name)
        assert re.search(r" 0 created, 0 updated, \d+ unchanged", lines[-1]), lines
        assert not any(line.startswith(("created", "updated")) for line in lines)
    assert {p: p.read_bytes() for p in (content / "events").rglob("*.md")} == before


def test_a_broken_calendar_reports_each_problem_and_imports_the_rest(feeds, tmp_path):
    content = tmp_path / "content"
    (content / "chapters").mkdir(parents=True)
    (content / "chapters" / "toulouse.md").write_text(CHAPTER)
    lines = _import(feeds, content, "broken")
    text = "\n".join(lines)
    source = re.escape(feeds.url("/broken.ics"))
    for uid, prop in [
        ("good-1@example.org", "line"),
        ("unknown-zone@example.org", "DTSTART"),
        ("no-start@example.org", "DTSTART"),
        ("no-title@example.org", "SUMMARY"),
        ("hostile@example.org", "URL"),
        ("end-before-start@example.org", "DTEND"),
        ("hourly@example.org", "RRULE"),
    ]:
        assert re.search(rf"^{source}:VEVENT \d+ \(UID {re.escape(uid)}\): {prop}: ", text, re.M), (
            uid,
            text,
        )
    assert f"{feeds.url('/broken.ics')}: VTODO: not an event: not imported" in text
    written = sorted(p.name for p in (content / "events").rglob("*.md"))
    assert written == [
        "2027-01-15-une-soiree-normale.md",
        "2027-01-19-soiree-piegee.md",
        "2027-01-20-fin-avant-le-debut.md",
    ]
    for path in (content / "events").rglob("*.md"):
        assert not EXECUTABLE.search(path.read_text()), path.read_text()
    out = io.StringIO()
    assert validate(SETTINGS, str(content), out) == 0, out.getvalue()


def test_ten_thousand_events_import_each_once_and_clean(tmp_path):
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//EN", "X-WR-TIMEZONE:Europe/Paris"]
    for n in range(10_000):
        day = date(2027, 1, 1).toordinal() + n // 3
        start = date.fromordinal(day).strftime("%Y%m%d")
        lines += [
            "BEGIN:VEVENT",
            f"UID:bulk-{n}@example.org",
            f"SUMMARY:Meetup {n}",
            f"DTSTART;TZID=Europe/Paris:{start}T{18 + n % 3}3000",
            f"DTEND;TZID=Europe/Paris:{start}T{19 + n % 3}3000",
            f"DESCRIPTION:<p>Talk <b>{n}</b></p><script>alert({n})</script>",
            f"URL:https://www.meetup.com/bulk/events/{300_000_000 + n}/",
            "END:VEVENT",
        ]
    source = tmp_path / "bulk.ics"
    source.write_text("\r\n".join([*lines, "END:VCALENDAR", ""]))
    content = tmp_path / "content"
    (content / "chapters").mkdir(parents=True)
    (content / "chapters" / "toulouse.md").write_text(CHAPTER)
    out = io.StringIO()
    assert import_events(SETTINGS, str(source), "toulouse", str(content), out=out) == 0
    summary = out.getvalue().splitlines()[-1]
    assert (
        "10000 event(s) read" in summary
        and "10000 created, 0 updated, 0 unchanged, 0 skipped" in summary
    )
    print(summary)  # its time ("in N s") is for people to read: no timed assertion
    files = list((content / "events" / "toulouse").glob("*.md"))
    assert len(files) == 10_000
    assert "alert(" not in files[0].read_text()
