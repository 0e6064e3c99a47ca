"""Monthly digests as built: pages, their feed as a newsletter body, the sitemap, bytes.

Read from the raw HTML and the raw Atom XML of the fixture site, plus one
event late on New Year's Eve in New York (already January in UTC and in the
site's zone, Berlin), built twice to compare bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_SITE, copy_fixture_content, run_pelican
from tests.e2e.helpers import page, text

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://meetups.example.org"
NEW_YEARS_EVE = """---
title: New Year's Eve hack
chapter: nyc
start: 2026-12-31 23:30
duration: 1h
venue: NYC Library
rsvp: https://forms.example.org/nye?date={date}
---
Last commits of the year.
"""
#: A call set in Paris time, listed by the New York chapter.
TRANSATLANTIC = """---
title: Transatlantic sync
chapter: nyc
start: 2026-12-14 18:00
duration: 1h
timezone: Europe/Paris
attendance_mode: online
online: https://meet.example.org/sync
---
"""


@pytest.fixture(scope="module")
def digest_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The fixture site with the New Year's Eve event, built twice from scratch."""
    root = tmp_path_factory.mktemp("digest")
    content = copy_fixture_content(root / "content")
    (content / "events" / "nyc" / "new-years-eve.md").write_text(NEW_YEARS_EVE, encoding="utf-8")
    (content / "events" / "nyc" / "sync.md").write_text(TRANSATLANTIC, encoding="utf-8")
    outputs = []
    for name in ("first", "second"):
        output = root / name / "output"
        result = run_pelican(
            content, output, FIXTURE_SITE / "fixtureconf.py", cache=root / name / "cache"
        )
        assert result.returncode == 0, result.stdout + result.stderr
        outputs.append(output)
    return outputs[0], outputs[1]


def _feed(site: Path, chapter: str) -> ET.Element:
    return ET.fromstring((site / "chapters" / chapter / "digest" / "feed.xml").read_bytes())


def _titles(site: Path, path: str) -> list[str]:
    return [a.get_text(strip=True) for a in page(site, path).select(".digest-list h2 a")]


def test_a_digest_exists_for_each_month_with_events_and_no_other(built_site):
    berlin = sorted(p.name for p in (built_site / "chapters/berlin/digest").iterdir() if p.is_dir())
    # The monthly series runs October to May; January's only date is excepted: no digest.
    assert berlin == ["2026-10", "2026-11", "2026-12", "2027-02", "2027-03", "2027-04", "2027-05"]
    nyc = sorted(p.name for p in (built_site / "chapters/nyc/digest").iterdir() if p.is_dir())
    # With the quarterly series's editions of May and August (and February).
    assert nyc == ["2026-05", "2026-08", "2026-12", "2027-01", "2027-02", "2027-04"]


def test_a_digest_page_lists_the_month_in_date_order_with_states_and_links(built_site):
    soup = page(built_site, "/chapters/berlin/digest/2026-12/")
    assert soup.h1.get_text(strip=True) == "Python Berlin — December 2026"
    assert "Monthly talks and workshops in Berlin." in text(soup)
    assert _titles(built_site, "/chapters/berlin/digest/2026-12/") == [
        "December social",
        "Python Berlin monthly",
        "Packaging workshop: from pyproject to PyPI",
    ]
    # Hidden and draft events of the month are not in it.
    assert "Speakers' dinner" not in text(soup) and "Unannounced draft" not in text(soup)
    cancelled = soup.select(".digest-list li")[0]
    assert "is-cancelled" in cancelled["class"] and cancelled.select_one(".badge-cancelled")
    monthly = soup.select(".digest-list li")[1]
    assert monthly.select_one("h2 a")["href"] == "/events/monthly/#date-20261208T1900"
    assert monthly.find("a", string="RSVP")["href"].endswith("event=monthly&date=2026-12-08")
    prev, following = soup.select_one("nav.pagination").find_all("a")
    assert prev["href"] == "/chapters/berlin/digest/2026-11/" and "November 2026" in prev.text
    assert following["href"] == "/chapters/berlin/digest/2027-02/"  # January has none
    feed = soup.find("link", rel="alternate", type="application/atom+xml")
    assert feed["href"] == f"{SITE}/chapters/berlin/digest/feed.xml"


def test_the_chapter_page_links_to_this_months_digest_and_its_feed(built_site):
    soup = page(built_site, "/chapters/berlin/")
    link = soup.find("a", string="Monthly digest")
    assert link["href"] == "/chapters/berlin/digest/2026-11/"  # "now" is 2026-11-22
    feed = soup.find("a", string="Monthly digest feed")
    assert feed["href"] == f"{SITE}/chapters/berlin/digest/feed.xml"


def test_digest_pages_are_in_the_sitemap(built_site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE}/chapters/berlin/digest/2026-12/</loc>" in sitemap
    assert f"<loc>{SITE}/chapters/nyc/digest/2027-04/</loc>" in sitemap


def test_the_digest_feed_has_one_entry_per_month_newest_first(built_site):
    feed = _feed(built_site, "berlin")
    entries = feed.findall(f"{ATOM}entry")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert ids == [
        f"{SITE}/chapters/berlin/digest/{month}/"
        for month in ("2027-05", "2027-04", "2027-03", "2027-02", "2026-12", "2026-11", "2026-10")
    ]
    assert entries[4].findtext(f"{ATOM}title") == "Python Berlin — December 2026"
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert feed.findtext(f"{ATOM}updated") == max(updated)
    assert all(u.startswith("2026-10-2") for u in updated)  # content history, not the clock


def test_feed_content_is_an_email_safe_newsletter_body(built_site):
    for chapter in ("berlin", "nyc"):
        for entry in _feed(built_site, chapter).findall(f"{ATOM}entry"):
            content = entry.find(f"{ATOM}content")
            assert content.get("type") == "html"
            html = content.text
            assert "<script" not in html.lower() and "<style" not in html.lower()
            assert "<img" not in html.lower() and "<nav" not in html.lower()
            links = re.findall(r'(?:href|src)="([^"]*)"', html)
            assert links and all(link.startswith(("https://", "mailto:")) for link in links), links
    december = _feed(built_site, "berlin").findall(f"{ATOM}entry")[4]
    html = december.find(f"{ATOM}content").text
    assert html.startswith("<p>Monthly talks and workshops in Berlin.</p>")
    assert "Cancelled: December social" in html and "This event will not take place." in html
    assert f'<a href="{SITE}/events/monthly/#date-20261208T1900">' in html
    assert f'<a href="{SITE}/chapters/berlin/digest/2026-12/">' in html


def test_an_event_at_2330_on_the_31st_is_in_that_months_digest(digest_sites):
    site, _ = digest_sites
    assert "New Year's Eve hack" in _titles(site, "/chapters/nyc/digest/2026-12/")
    assert "New Year's Eve hack" not in _titles(site, "/chapters/nyc/digest/2027-01/")
    entries = {e.findtext(f"{ATOM}id"): e for e in _feed(site, "nyc").findall(f"{ATOM}entry")}
    december = entries[f"{SITE}/chapters/nyc/digest/2026-12/"].find(f"{ATOM}content").text
    assert "New Year&#x27;s Eve hack" in december or "New Year's Eve hack" in december
    assert re.search(r"Thursday, December 31, 2026, 11:30\sPM", december)  # a narrow space
    # The chapter's readers live in New York: its own dates are not named with their zone
    # (though the site's zone is Berlin's), a date set in Paris time is.
    assert "Eastern Standard Time" not in december
    assert re.search(r"Monday, December 14, 2026, 6:00\sPM[^<]*<br>Central European", december)
    page = (site / "chapters" / "nyc" / "digest" / "2026-12" / "index.html").read_text()
    assert "Central European Standard Time" in page and "Eastern Standard Time" not in page
    chapter = (site / "chapters" / "nyc" / "index.html").read_text()
    assert chapter.count("Central European Standard Time") == 1  # the sync alone
    assert "https://forms.example.org/nye?date=2026-12-31" in december


def test_digests_are_the_same_bytes_on_every_build(digest_sites):
    first, second = digest_sites
    files = sorted(
        p.relative_to(first) for p in first.glob("chapters/*/digest/**/*") if p.is_file()
    )
    assert len(files) > 10
    for relative in files:
        assert (first / relative).read_bytes() == (second / relative).read_bytes(), relative


def test_month_names_are_in_the_chapters_language(language_network):
    site, _ = language_network
    munich = page(site, "/chapters/munich/digest/2026-12/")
    assert munich.h1.get_text(strip=True) == "Python München — Dezember 2026"
    assert munich.html["lang"] == "de"
    feed = _feed(site, "munich")
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"
    assert feed.find(f"{ATOM}entry").findtext(f"{ATOM}title") == "Python München — Dezember 2026"
