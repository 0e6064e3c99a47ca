"""A series of editions on the built fixture site: its page, calendar and structured data.

The fixture's NYC chapter has a quarterly series (``series/nyc-quarterly.md``)
with two past editions (May and August 2026, daylight-saving time) and one to
come (February 2027, standard time); the build's "now" is 2026-11-22.
"""

from __future__ import annotations

import json
import re

from tests.conftest import FIXTURE_SITE, ROOT, run_pelican
from tests.e2e.helpers import assert_golden, listed_titles, page, text

SERIES = "/series/nyc-quarterly/"
FEBRUARY = "NYC Open Source Quarterly, February 2027"
AUGUST = "NYC Open Source Quarterly, August 2026"
MAY = "NYC Open Source Quarterly, May 2026"


#: Edition titles in listings: full cards and one-line rows alike.
TITLES = ".event-item-title a, .event-row > a.p-name"


def _jsonld(soup) -> dict:
    return json.loads(soup.find("script", type="application/ld+json").string)


def test_series_page_shows_the_rhythm_then_the_next_edition_then_past_ones_and_its_golden(
    built_site,
):
    soup = page(built_site, SERIES)
    assert soup.h1.get_text(strip=True) == "NYC Open Source Quarterly"
    assert soup.select_one(".series-rhythm").get_text(strip=True) == (
        "the first Wednesday of the month, every 3 months"
    )
    assert listed_titles(soup, TITLES) == [FEBRUARY, AUGUST, MAY]
    upcoming = soup.select_one(".series-next")
    assert listed_titles(upcoming, TITLES) == [FEBRUARY]
    # The next edition's speaker and its RSVP form (the series' one, filled for the edition).
    assert "Priya Natarajan" in text(upcoming)
    rsvp = upcoming.select_one(".rsvp a.button")
    assert rsvp["href"] == "https://forms.example.org/nyc-quarterly?event=quarterly-2027-02"
    assert "80" in text(upcoming.select_one(".rsvp"))
    assert listed_titles(soup.select_one(".series-past"), TITLES) == [AUGUST, MAY]
    assert "proposed by the rhythm" not in text(soup)
    links = [a["href"] for a in soup.select(".series-header .kicker a")]
    assert links == ["/chapters/nyc/"]
    assert_golden(built_site, SERIES, "series-nyc-quarterly.html")


def test_series_calendar_has_one_vevent_per_edition_and_no_rule(built_site):
    raw = (built_site / "series" / "nyc-quarterly" / "calendar.ics").read_bytes().decode()
    events = re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT\r\n", raw, flags=re.DOTALL)
    assert len(events) == 3
    assert all("RRULE" not in event for event in events)
    uids = sorted(re.search(r"^UID:(.*)\r$", e, flags=re.MULTILINE)[1] for e in events)
    assert uids == [
        f"quarterly-{month}@meetups.example.org" for month in ("2026-05", "2026-08", "2027-02")
    ]
    assert "DTSTART;TZID=America/New_York:20260506T183000\r\n" in raw
    assert "DTSTART;TZID=America/New_York:20270203T183000\r\n" in raw
    # The series' usual length: 2 h 30.
    assert "DTEND;TZID=America/New_York:20270203T210000\r\n" in raw
    assert "X-WR-CALNAME:NYC Open Source Quarterly · Fixture Network\r\n" in raw
    soup = page(built_site, SERIES)
    subscribe = soup.select_one(".subscribe a.button")["href"]
    assert subscribe == "webcal://meetups.example.org/series/nyc-quarterly/calendar.ics"


def test_series_structured_data_is_an_event_series_with_its_editions(built_site):
    data = _jsonld(page(built_site, SERIES))
    assert data["@type"] == "EventSeries"
    assert data["url"] == "https://meetups.example.org/series/nyc-quarterly/"
    starts = [(e["name"], e["startDate"]) for e in data["subEvent"]]
    assert starts == [
        (MAY, "2026-05-06T18:30:00-04:00"),
        (AUGUST, "2026-08-05T18:30:00-04:00"),
        (FEBRUARY, "2027-02-03T18:30:00-05:00"),
    ]
    assert data["subEvent"][2]["location"]["name"] == "Civic Hall"


def test_an_edition_page_names_its_series_and_its_neighbours(built_site):
    soup = page(built_site, "/events/quarterly-2026-08/")
    edition = soup.select_one(".edition-of")
    assert text(edition).startswith("Edition of NYC Open Source Quarterly")
    assert edition.a["href"] == SERIES
    assert edition.select_one("a[rel=prev]")["href"] == "/events/quarterly-2026-05/"
    assert edition.select_one("a[rel=next]")["href"] == "/events/quarterly-2027-02/"
    first = page(built_site, "/events/quarterly-2026-05/").select_one(".edition-of")
    assert first.select_one("a[rel=prev]") is None
    # Inherited from the series: its venue.
    assert "Civic Hall" in text(soup.select_one(".facts"))
    for node in _jsonld(soup)["@graph"]:
        assert node["superEvent"] == {
            "@type": "EventSeries",
            "name": "NYC Open Source Quarterly",
            "url": "https://meetups.example.org/series/nyc-quarterly/",
        }
    other = page(built_site, "/events/workshop/")
    assert other.select_one(".edition-of") is None
    assert all("superEvent" not in node for node in _jsonld(other)["@graph"])


def test_the_chapter_page_and_the_sitemap_link_the_series(built_site):
    chapter = page(built_site, "/chapters/nyc/")
    assert [a["href"] for a in chapter.select(".chapter-series a")] == [SERIES]
    assert page(built_site, "/chapters/berlin/").select_one(".chapter-series") is None
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://meetups.example.org/series/nyc-quarterly/</loc>" in sitemap


CHAPTER = "---\ntitle: Python Paris\ntimezone: Europe/Paris\nlang: fr\n---\n"
SERIES_FILE = (
    "---\ntitle: Apéro trimestriel\nchapter: paris\nrhythm: FREQ=MONTHLY;INTERVAL=3;BYDAY=2TH\n"
    "venue: Le Comptoir\n---\nUn apéro.\n"
)


def _edition(start: str, series: str = "apero") -> str:
    return f"---\ntitle: Apéro {start[:7]}\nseries: {series}\nstart: {start}\n---\nSalut.\n"


def test_a_series_with_no_edition_ahead_proposes_the_next_date_of_its_rhythm(
    content_tree, tmp_path
):
    content = content_tree(
        {
            "chapters/paris.md": CHAPTER,
            "series/apero.md": SERIES_FILE,
            "events/a.md": _edition("2026-07-09 19:00"),
            "events/b.md": _edition("2026-10-08 19:00"),
            "events/hidden.md": _edition("2026-04-09 19:00").replace(
                "---\nSalut", "status: hidden\n---\nSalut"
            ),
            "series/new.md": SERIES_FILE.replace("Apéro trimestriel", "Nouveau"),
        }
    )
    output = tmp_path / "output"
    result = run_pelican(content, output, FIXTURE_SITE / "fixtureconf.py")
    assert result.returncode == 0, result.stderr
    # A series without editions yet: its page and its calendar exist, and say so.
    empty = page(output, "/series/new/")
    assert "Aucune édition à venir pour l’instant." in text(empty)
    assert "Aucune édition passée." in text(empty)
    assert (output / "series" / "new" / "calendar.ics").read_bytes().count(b"BEGIN:VEVENT") == 0
    soup = page(output, "/series/apero/")
    assert soup.html["lang"] == "fr"
    assert soup.select_one(".series-rhythm").get_text(strip=True) == (
        "chaque deuxième jeudi du mois, tous les 3 mois"
    )
    proposed = soup.select_one(".series-proposed")
    assert "Prochaine date selon le rythme" in text(proposed)
    assert proposed.time["datetime"].startswith("2027-01-14T19:00")
    assert listed_titles(soup.select_one(".series-past"), TITLES) == [
        "Apéro 2026-10",
        "Apéro 2026-07",
    ]
    calendar = (output / "series" / "apero" / "calendar.ics").read_bytes().decode()
    assert calendar.count("BEGIN:VEVENT") == 2


def test_bad_series_input_is_reported_at_its_line_and_the_previous_output_is_kept(
    content_tree, tmp_path
):
    content = content_tree(
        {
            "chapters/paris.md": CHAPTER,
            "series/apero.md": SERIES_FILE,
            "series/broken.md": "---\ntitle: B\nchapter: lyon\nrepeat: FREQ=MONTHLY\n---\n",
            "events/typo.md": _edition("2026-07-09 19:00", series="aperitif"),
            "events/good.md": _edition("2026-10-08 19:00"),
        }
    )
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("previous build")
    result = run_pelican(content, output, FIXTURE_SITE / "fixtureconf.py")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    shown = str(content.relative_to(ROOT)) if content.is_relative_to(ROOT) else str(content)
    lines = result.stderr.splitlines()
    expected = [
        f"{shown}/events/typo.md:3: series: no series 'aperitif' (known: apero)",
        f"{shown}/series/broken.md:3: chapter: there is no chapter 'lyon'",
        f"{shown}/series/broken.md:4: repeat: unknown key 'repeat' in a series file",
        f"{shown}/series/broken.md:1: rhythm: 'rhythm' is required in a series file",
    ]
    for start in expected:
        assert any(start in line for line in lines), (start, lines)
    assert (output / "index.html").read_text() == "previous build"
