"""Every page speaks its content's language; site-wide pages exist in each site language.

A network site (English first, then French and Spanish) with chapters in
German, Arabic and Korean (no interface catalog: English labels, Korean dates)
that the sample content does not have: what a visitor, a search engine and a
calendar app see of each, read from the raw files.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_SITE, run_pelican
from tests.e2e.helpers import page, text

SITE = "https://meetups.example.org"


@pytest.fixture(scope="module")
def network(language_network) -> tuple[Path, str]:
    return language_network


@pytest.fixture(scope="module")
def site(network) -> Path:
    return network[0]


def _unfolded(path: Path) -> str:
    return path.read_bytes().decode("utf-8").replace("\r\n ", "")


# Event and chapter pages --------------------------------------------------------------------
def test_a_german_event_page_is_german_throughout(site):
    raw = (site / "events" / "stammtisch" / "index.html").read_text(encoding="utf-8")
    soup = page(site, "/events/stammtisch/")
    assert soup.html["lang"] == "de" and soup.html["dir"] == "ltr"
    facts = text(soup.select_one(".facts"))
    assert "Wann Donnerstag, 10. Dezember 2026, 19:00 – 21:00" in facts
    assert "Mitteleuropäische Normalzeit" in facts
    assert soup.select_one(".rsvp a.button").get_text(strip=True) == "Anmelden"
    assert "1.234 Plätze" in text(soup.select_one(".rsvp"))  # German digit grouping
    assert '<dt>Preis</dt><dd class="price">5\u00a0€</dd>' in raw
    structured = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert structured["@graph"][0]["inLanguage"] == "de"


def test_an_arabic_event_page_is_right_to_left_and_arabic(site):
    soup = page(site, "/events/data-workshop/")
    assert soup.html["lang"] == "ar" and soup.html["dir"] == "rtl"
    assert soup.select_one(".rsvp a.button").get_text(strip=True) == "التسجيل للحضور"
    facts = text(soup.select_one(".facts"))
    assert "الموعد" in facts  # "When"
    assert "يناير" in facts  # January, as Arabic writes it
    # Names of left-to-right languages in the menu keep their own direction.
    menu = soup.select_one("nav.language-menu")
    assert menu.select_one('a[lang="en"]')["dir"] == "ltr"


def test_a_language_without_catalog_keeps_its_dates_and_says_so_once(network):
    site, log = network
    soup = page(site, "/events/meetup/")
    assert soup.html["lang"] == "ko"
    assert soup.select_one(".rsvp a.button").get_text(strip=True) == "RSVP"  # English fallback
    assert "2027년 2월 4일" in text(soup.select_one(".facts"))  # Korean date
    # The console wraps long lines anywhere (inside a path too): compare without blanks.
    said = "".join(log.split())
    assert said.count("nointerfacetranslationfor'ko'") == 1, log
    assert "content/chapters/seoul.md:nointerfacetranslationfor'ko'" in said


def test_a_chapter_page_speaks_the_chapter_language(site):
    soup = page(site, "/chapters/munich/")
    assert soup.html["lang"] == "de"
    assert "Kommende Veranstaltungen" in text(soup) or "Nächste" in text(soup)


def test_an_event_calendar_is_written_in_the_event_language(site):
    ics = _unfolded(site / "events" / "stammtisch" / "stammtisch.ics")
    assert "SUMMARY;LANGUAGE=de:Python-Stammtisch" in ics
    assert re.search(r"DESCRIPTION;LANGUAGE=de:.*Gruppe: Python München", ics)
    assert "LOCATION;LANGUAGE=de:" in ics


def test_a_feed_entry_is_written_in_its_event_language(site):
    atom = (site / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    entry = atom[atom.index("Python-Stammtisch") :].split("</entry>")[0]
    assert "Wann" in entry and "Donnerstag, 10. Dezember 2026" in entry
    english = atom[atom.index("Packaging workshop") :].split("</entry>")[0]
    assert "When" in english
    # The feed is English: the German entry says it is German, the English one inherits.
    start = atom.rindex("<entry", 0, atom.index("Python-Stammtisch"))
    assert atom[start:].startswith('<entry xml:lang="de">')
    start = atom.rindex("<entry", 0, atom.index("Packaging workshop"))
    assert atom[start:].startswith("<entry>")
    rss = (site / "feeds" / "all.rss.xml").read_text(encoding="utf-8")
    item = rss[rss.rindex("<item>", 0, rss.index("Python-Stammtisch")) :].split("</item>")[0]
    assert "<dc:language>de</dc:language>" in item
    item = rss[rss.rindex("<item>", 0, rss.index("Packaging workshop")) :].split("</item>")[0]
    assert "dc:language" not in item


def test_events_json_says_each_event_language(site):
    events = json.loads((site / "events.json").read_bytes())["events"]
    languages = {e["title"]: e["lang"] for e in events}
    assert languages["Python-Stammtisch"] == "de"
    assert languages["Charla de datos"] == "es"
    assert languages["Packaging workshop: from pyproject to PyPI"] == "en"


# Site-wide pages in each language --------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "language", "heading"),
    [
        ("/events/", "en", "Upcoming events"),
        ("/fr/events/", "fr", "Événements à venir"),
        ("/es/events/", "es", "Próximos eventos"),
    ],
)
def test_listings_exist_in_each_site_language_with_the_same_events(site, path, language, heading):
    soup = page(site, path)
    assert soup.html["lang"] == language
    assert soup.h1.get_text(strip=True) == heading
    english = page(site, "/events/")
    assert [a["href"] for a in soup.select(".event-item-title a")] == [
        a["href"] for a in english.select(".event-item-title a")
    ]


def test_every_site_wide_page_exists_in_each_language(site):
    for prefix in ("", "fr/", "es/"):
        for path in ("", "events/", "events/past/", "chapters/", "topics/", "topics/data/"):
            assert (site / prefix / path / "index.html").is_file(), prefix + path
        assert (site / prefix / "search" / "index.html").is_file()
        assert (site / prefix / "404.html").is_file()
        assert (site / prefix / "calendar.ics").is_file()
        assert (site / prefix / "feeds" / "all.atom.xml").is_file()


def test_the_language_switch_links_the_same_page_in_each_language(site):
    soup = page(site, "/es/events/")
    links = {a["hreflang"]: a for a in soup.select("nav.language-menu a")}
    assert {tag: a["href"] for tag, a in links.items()} == {
        "en": "/events/",
        "fr": "/fr/events/",
        "es": "/es/events/",
    }
    assert links["es"].get("aria-current") == "page"
    assert [a.get_text(strip=True) for a in links.values()] == ["English", "Français", "Español"]
    alternates = {
        link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')
    }
    assert alternates == {
        "en": f"{SITE}/events/",
        "fr": f"{SITE}/fr/events/",
        "es": f"{SITE}/es/events/",
        "x-default": f"{SITE}/events/",
    }


def test_an_event_page_menu_leads_to_each_language_home_and_its_nav_to_its_language(site):
    soup = page(site, "/events/charla/")
    assert soup.html["lang"] == "es"
    assert [a["href"] for a in soup.select("nav.language-menu a")] == ["/", "/fr/", "/es/"]
    assert not soup.select('link[rel="alternate"][hreflang]')  # one page, one language
    assert soup.select_one(".site-nav a")["href"] == "/es/events/"


def test_the_sitemap_lists_each_version_with_its_alternates(site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    tree = ET.parse(site / "sitemap.xml")
    found = {}
    for url in tree.getroot().findall("s:url", ns):
        found[url.find("s:loc", ns).text] = {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)
        }
    expected = {
        "en": f"{SITE}/topics/",
        "fr": f"{SITE}/fr/topics/",
        "es": f"{SITE}/es/topics/",
        "x-default": f"{SITE}/topics/",
    }
    assert found[f"{SITE}/es/topics/"] == expected
    assert found[f"{SITE}/topics/"] == expected
    assert found[f"{SITE}/events/stammtisch/"] == {}


def test_site_calendars_and_feeds_are_named_in_their_language(site):
    ics = _unfolded(site / "es" / "calendar.ics")
    assert "NAME;LANGUAGE=es:Fixture Network" in ics
    assert "DESCRIPTION;LANGUAGE=es:Todos los eventos de Fixture Network" in ics
    atom = (site / "fr" / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert 'xml:lang="fr"' in atom or "<language>fr</language>" in atom


# Topics across languages ----------------------------------------------------------------------
def test_topics_written_in_several_languages_are_one_topic(site):
    assert not (site / "topics" / "datos").exists()
    assert not (site / "topics" / "daten").exists()
    listed = page(site, "/topics/data/")
    titles = [a.get_text(strip=True) for a in listed.select(".event-item-title a")]
    assert {"Python-Stammtisch", "Charla de datos", "ورشة البيانات"} <= set(titles)
    assert page(site, "/es/topics/data/").h1.get_text(strip=True) == "Tema: datos"
    assert "données" in text(page(site, "/fr/topics/"))
    german = page(site, "/events/stammtisch/")
    tag = german.select_one(".topics a.tag")
    assert (tag.get_text(strip=True), tag["href"]) == ("Daten", "/topics/data/")


# One language: nothing changes --------------------------------------------------------------------
def test_a_one_language_site_keeps_its_urls_and_shows_no_switch(built_site):
    home = page(built_site, "/")
    assert home.html["lang"] == "en"
    assert not home.select("nav.language-menu")
    assert not home.select('link[rel="alternate"][hreflang]')
    assert not (built_site / "en").exists()
    assert "xhtml:link" not in (built_site / "sitemap.xml").read_text(encoding="utf-8")


# A French site: the original promise -----------------------------------------------------------
@pytest.fixture(scope="module")
def french_site(tmp_path_factory, fixture_content):
    output = tmp_path_factory.mktemp("fr") / "output"
    result = run_pelican(
        fixture_content, output, FIXTURE_SITE / "fixtureconf.py", overrides={"DEFAULT_LANG": "fr"}
    )
    assert result.returncode == 0, result.stderr
    return output


def test_french_interface_strings_and_dates(french_site):
    raw = (french_site / "events" / "workshop" / "index.html").read_text(encoding="utf-8")
    workshop = page(french_site, "/events/workshop/")
    assert workshop.html["lang"] == "fr"
    facts = text(workshop.select_one(".facts"))
    assert "Quand jeudi 10 décembre 2026, 18:30 – 21:00" in facts
    assert "heure normale d’Europe centrale (UTC+01:00)" in facts
    assert workshop.select_one(".rsvp a.button").get_text() == "S’inscrire"
    assert "30 places" in text(workshop.select_one(".rsvp"))
    assert '<dt>Prix</dt><dd class="price">12,50\u00a0€</dd>' in raw  # a no-break space


def test_english_content_in_a_french_site_is_english_on_its_page_and_marked_elsewhere(
    french_site,
):
    conference = page(french_site, "/events/conference/")
    assert conference.html["lang"] == "en"
    assert conference.select_one(".facts dt").get_text(strip=True) == "When"
    listing = page(french_site, "/events/")
    assert listing.html["lang"] == "fr"
    card = next(a for a in listing.select(".event-item-title a") if "online" in a["href"])
    assert card["lang"] == "en"
