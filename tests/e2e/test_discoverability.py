"""What search engines, social networks and calendar aggregators read from the pages."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from xml.etree import ElementTree

import mf2py
import pytest

from tests.conftest import FIXTURE_MTIME
from tests.e2e.helpers import page

SITE = "https://meetups.example.org"


def jsonld(built_site, path):
    blocks = [
        json.loads(s.string)
        for s in page(built_site, path).select('script[type="application/ld+json"]')
    ]
    assert len(blocks) == 1
    return blocks[0]


def events_of(document):
    return document["@graph"]


@pytest.mark.parametrize(
    "path",
    [
        "/events/workshop/",
        "/events/online/",
        "/events/monthly/",
        "/events/cancelled/",
        "/events/conference/",
        "/events/hybrid/",
        "/events/rescheduled/",
        "/events/postponed/",
    ],
)
def test_every_event_page_meets_googles_event_requirements(built_site, path):
    for event in events_of(jsonld(built_site, path)):
        assert event["@type"] == "Event" and event["name"]
        assert event["startDate"] and event["endDate"]
        if "T" in event["startDate"]:
            assert datetime.fromisoformat(event["startDate"]).utcoffset() is not None
        assert event["eventStatus"].startswith("https://schema.org/Event")
        assert event["eventAttendanceMode"].startswith("https://schema.org/")
        locations = (
            event["location"] if isinstance(event["location"], list) else [event["location"]]
        )
        for location in locations:
            if location["@type"] == "Place":
                assert location["address"]
            else:
                assert location["@type"] == "VirtualLocation" and location["url"].startswith(
                    "https://"
                )
        assert event["organizer"]["name"] and event["organizer"]["url"].startswith(SITE)
        assert event["image"][0].startswith("https://") and event["description"]
        assert event["url"].startswith(f"{SITE}/events/")


def test_event_details_map_to_schema_org(built_site):
    (workshop,) = events_of(jsonld(built_site, "/events/workshop/"))
    assert workshop["startDate"] == "2026-12-10T18:30:00+01:00"
    assert workshop["location"]["address"]["addressCountry"] == "DE"
    assert workshop["location"]["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 52.5066,
        "longitude": 13.391,
    }
    assert [p["name"] for p in workshop["performer"]] == ["Clara Vogel", "Dmitri Ivanov"]
    offer = workshop["offers"]
    assert offer["url"].startswith("https://forms.example.org/workshop?")
    assert offer["availability"] == "https://schema.org/InStock"
    assert offer["validFrom"] == "2026-11-01T09:00:00+01:00"
    assert (offer["price"], offer["priceCurrency"]) == ("12.5", "EUR")
    (online,) = events_of(jsonld(built_site, "/events/online/"))
    assert online["location"] == {
        "@type": "VirtualLocation",
        "url": "https://meet.example.org/maintainers",
    }
    assert online["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    (hybrid,) = events_of(jsonld(built_site, "/events/hybrid/"))
    assert [place["@type"] for place in hybrid["location"]] == ["Place", "VirtualLocation"]
    assert hybrid["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"


def test_status_specific_fields(built_site):
    (cancelled,) = events_of(jsonld(built_site, "/events/cancelled/"))
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"
    assert cancelled["startDate"] == "2026-12-02T19:00:00+01:00"  # the original date stays
    (moved,) = events_of(jsonld(built_site, "/events/rescheduled/"))
    assert moved["eventStatus"] == "https://schema.org/EventRescheduled"
    assert moved["previousStartDate"] == "2027-02-11T19:00:00-05:00"
    (postponed,) = events_of(jsonld(built_site, "/events/postponed/"))
    assert postponed["eventStatus"] == "https://schema.org/EventPostponed"


def test_recurring_event_gives_one_event_per_listed_date(built_site):
    starts = [e["startDate"][:10] for e in events_of(jsonld(built_site, "/events/monthly/"))]
    # 9 March is moved to the 30th (see occurrences: in the fixture).
    assert starts == ["2026-12-08", "2027-02-09", "2027-03-30", "2027-04-13", "2027-05-11"]


def test_chapter_pages_carry_organization_data(built_site):
    organization = jsonld(built_site, "/chapters/berlin/")
    assert organization["@type"] == "Organization"
    assert organization["url"] == f"{SITE}/chapters/berlin/"
    assert organization["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Berlin",
        "addressCountry": "DE",
    }
    assert organization["sameAs"] == ["https://berlin.example.de"]
    assert organization["email"] == "hello@berlin.example.de"


def test_event_markup_is_an_h_event(built_site):
    html = (built_site / "events/workshop/index.html").read_text()
    items = mf2py.parse(doc=html, url=f"{SITE}/events/workshop/")["items"]
    (event,) = [item for item in items if "h-event" in item["type"]]
    properties = event["properties"]
    assert properties["name"] == ["Packaging workshop: from pyproject to PyPI"]
    assert [datetime.fromisoformat(v) for v in properties["start"]] == [
        datetime.fromisoformat("2026-12-10T18:30:00+01:00")
    ]
    assert [datetime.fromisoformat(v) for v in properties["end"]] == [
        datetime.fromisoformat("2026-12-10T21:00:00+01:00")
    ]
    assert properties["url"] == [f"{SITE}/events/workshop/"]
    assert "Betahaus" in str(properties["location"])
    listing = mf2py.parse(doc=(built_site / "events/index.html").read_text(), url=f"{SITE}/events/")
    assert len([i for i in listing["items"] if "h-event" in i["type"]]) == 5


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/events/",
        "/events/workshop/",
        "/chapters/berlin/",
        "/topics/python/",
        "/about/",
        "/search/",
    ],
)
def test_every_page_has_opengraph_twitter_and_canonical(built_site, path):
    soup = page(built_site, path)
    canonical = soup.select_one('link[rel="canonical"]')["href"]
    assert canonical == SITE + path
    meta = {
        tag.get("property") or tag.get("name"): tag["content"]
        for tag in soup.select("meta[content]")
    }
    assert meta["og:url"] == canonical
    assert (
        meta["og:title"]
        and meta["og:site_name"] == "Fixture Network"
        and meta["og:locale"] == "en_US"
    )
    assert meta["og:image"].startswith("https://") and meta["twitter:card"] == "summary_large_image"


def test_sitemap_lists_pages_with_lastmod_from_history(built_site):
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.fromstring((built_site / "sitemap.xml").read_bytes())
    entries = {
        u.findtext("s:loc", namespaces=namespace): u.findtext("s:lastmod", namespaces=namespace)
        for u in root
    }
    assert (
        f"{SITE}/events/workshop/" in entries
        and f"{SITE}/chapters/berlin/" in entries
        and f"{SITE}/about/" in entries
    )
    assert f"{SITE}/events/hidden/" not in entries and f"{SITE}/events/draft/" not in entries
    earliest = datetime.fromtimestamp(FIXTURE_MTIME, UTC)
    for lastmod in entries.values():
        stamp = datetime.strptime(lastmod, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        assert (
            earliest <= stamp < datetime(2026, 11, 22, tzinfo=UTC)
        )  # file history, not build time
    robots = (built_site / "robots.txt").read_text()
    assert f"Sitemap: {SITE}/sitemap.xml" in robots


def test_not_found_page(built_site):
    soup = page(built_site, "/404.html")
    assert soup.h1.get_text() == "Page not found"
    assert soup.select_one('meta[name="robots"]')["content"] == "noindex"
    assert soup.select_one('a[href="/events/"]')


def test_every_page_names_the_site_icons_and_they_exist(built_site):
    """Browsers ask for /favicon.ico whatever a page says: without one, every visit logs a 404."""
    from io import BytesIO

    from PIL import Image

    raw = (built_site / "events" / "workshop" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="icon" href="/favicon.ico" sizes="16x16 32x32 48x48">' in raw
    assert '<link rel="apple-touch-icon" href="/apple-touch-icon.png">' in raw
    assert '<link rel="manifest" href="/site.webmanifest">' in raw
    favicon = (built_site / "favicon.ico").read_bytes()
    assert favicon[:4] == b"\x00\x00\x01\x00"  # an ICO file
    with Image.open(BytesIO(favicon)) as icon:
        assert sorted(icon.info["sizes"]) == [(16, 16), (32, 32), (48, 48)]
    for name, size in (("apple-touch-icon.png", 180), ("icon-192.png", 192), ("icon-512.png", 512)):
        with Image.open(built_site / name) as icon:
            assert (icon.format, icon.size) == ("PNG", (size, size))
    with Image.open(built_site / "apple-touch-icon.png") as touch:  # iOS fills transparency black
        assert touch.convert("RGBA").getextrema()[3] == (255, 255)
    manifest = json.loads((built_site / "site.webmanifest").read_text(encoding="utf-8"))
    assert manifest["name"] == "Fixture Network"
    assert [i["src"] for i in manifest["icons"]] == ["/icon-192.png", "/icon-512.png"]
