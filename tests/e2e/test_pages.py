"""The fixture site as a visitor sees it (built once per session, now = 2026-11-22 12:00 UTC)."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import assert_golden, listed_titles, page, text


def test_home_shows_the_soonest_events_and_the_chapters(built_site):
    home = page(built_site, "/")
    assert listed_titles(home) == [
        "December social",
        "Python Berlin monthly",
        "Packaging workshop: from pyproject to PyPI",
        "Online maintainers call",
    ]
    chapters = [a.get_text(strip=True) for a in home.select(".chapter-link")]
    assert chapters == ["NYC Open Source", "Python Berlin"]


def test_the_chapters_page_maps_every_chapter_that_has_a_place(built_site):
    """Berlin has no geo of its own: it is placed where its events meet; NYC has no place."""
    raw = (built_site / "chapters" / "index.html").read_text(encoding="utf-8")
    svg = raw[raw.index('<figure class="chapter-map"><svg') : raw.index("</svg></figure>")]
    assert 'role="group" aria-label="Map of chapters"><title>Map of chapters</title>' in svg
    markers = page(built_site, "/chapters/").select("a.map-marker")
    assert [(a["href"], a["aria-label"]) for a in markers] == [
        ("/chapters/berlin/", "Python Berlin")
    ]
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # nothing from elsewhere


def test_upcoming_listing_is_chronological_paginated_and_hides_hidden_and_drafts(built_site):
    titles = []
    for path in ("/events/", "/events/page/2/", "/events/page/3/"):
        titles += listed_titles(page(built_site, path))
    assert titles == [
        "December social",  # Dec 2
        "Python Berlin monthly",  # Dec 8, then Feb 9, Mar 9, Apr 13… on its one row
        "Packaging workshop: from pyproject to PyPI",  # Dec 10
        "Online maintainers call",  # Dec 20
        "Docs night",  # Jan 14 (postponed, still listed)
        "Spring sprint",  # Feb 1
        "NYC Open Source Quarterly, February 2027",  # Feb 3 (an edition of a series)
        "First contributions",  # Feb 18
        "Hybrid panel",  # Feb 25
        "Night hack across the clock change",  # Mar 27
        "Open Source Week NYC",  # Apr 12
    ]
    assert "Page 1 of 3" in text(page(built_site, "/events/"))
    assert not (built_site / "events" / "page" / "4").exists()


def test_drafts_appear_nowhere_and_hidden_events_only_on_their_page(built_site):
    every_page = "".join(p.read_text() for p in built_site.rglob("*.html"))
    assert "Unannounced draft" not in every_page
    assert not (built_site / "events" / "draft").exists()
    assert (built_site / "events" / "hidden" / "index.html").exists()
    hidden_mentions = [p for p in built_site.rglob("*.html") if "dinner" in p.read_text()]
    assert [p.relative_to(built_site).as_posix() for p in hidden_mentions] == [
        "events/hidden/index.html"
    ]


def test_past_listing_is_latest_first(built_site):
    past = page(built_site, "/events/past/")
    assert listed_titles(past) == [
        "Python Berlin monthly",
        "Typing in practice",
        "Python Berlin monthly",
        "NYC Open Source Quarterly, August 2026",
        "NYC Open Source Quarterly, May 2026",
    ]  # Nov 10, Nov 5, Oct 13, Aug 5, May 6


def test_event_page_shows_when_where_who_and_rsvp(built_site):
    workshop = page(built_site, "/events/workshop/")
    assert workshop.h1.get_text() == "Packaging workshop: from pyproject to PyPI"
    times = [t["datetime"] for t in workshop.select(".when time")]
    assert times == ["2026-12-10T18:30:00+01:00", "2026-12-10T21:00:00+01:00"]
    when = text(workshop.select_one(".when"))
    assert "Thursday, December 10, 2026, 6:30 PM – 9:00 PM" in when
    assert "Central European Standard Time (GMT+01:00)" in when
    venue = text(workshop.select_one(".venue"))
    assert "Betahaus Rudi-Dutschke-Straße 23 10969 Berlin" in venue
    assert workshop.select_one(".venue a[href^='https://www.openstreetmap.org/']")
    speakers = workshop.select(".speakers li")
    assert [text(li.select_one(".person-text")) for li in speakers] == [
        "Clara Vogel maintainer",
        "Dmitri Ivanov",
    ]
    # No photo given: the initial, hidden from screen readers (the name follows it).
    assert [li.select_one(".person-initials[aria-hidden=true]").text for li in speakers] == [
        "C",
        "D",
    ]
    button = workshop.select_one(".rsvp a.button")
    assert button.get_text() == "RSVP"
    assert button["href"] == (
        "https://forms.example.org/workshop?title=Packaging%20workshop%3A%20from%20pyproject%20to%20PyPI"
        "&start=2026-12-10T18%3A30&chapter=Python%20Berlin"
    )
    assert "30 places" in text(workshop.select_one(".rsvp"))
    assert text(workshop.select_one(".rsvp .price")) == "€12.50"  # EUR: Berlin is in DE
    assert workshop.select_one(".rsvp .price").find_previous("dt").get_text() == "Price"
    # Places are left: the waiting list waits until the organizer says the event is full.
    assert workshop.select_one(".rsvp a[href='https://forms.example.org/waitlist']") is None


def test_markdown_body_is_sanitised(built_site):
    workshop = page(built_site, "/events/workshop/")
    assert workshop.select_one(".prose").get_text(strip=True).startswith("Bring a laptop")
    assert not workshop.select(".prose script")


def test_rsvp_not_open_yet_shows_when_it_opens(built_site):
    sprint = page(built_site, "/events/not-yet/")
    assert not sprint.select(".rsvp a.button")
    note = sprint.select_one(".rsvp-note")
    assert note.time["datetime"] == "2027-01-01T09:00:00+01:00"


def test_past_event_says_registration_is_closed(built_site):
    past = page(built_site, "/events/past-talk/")
    assert not past.select(".rsvp a.button")
    assert text(past.select_one(".rsvp")) == "Registration Event over This event is over."
    assert past.select_one(".add-to-calendar") is None


def test_cancelled_event_has_a_banner_and_no_rsvp_button(built_site):
    cancelled = page(built_site, "/events/cancelled/")
    assert "Cancelled — This event will not take place." in text(cancelled.select_one(".banner"))
    # The only action left: the chapter's next events, never the form.
    assert [a["href"] for a in cancelled.select(".rsvp a.button")] == ["/chapters/berlin/"]
    listing = page(built_site, "/events/")
    item = listing.select(".event-item")[0]
    assert "is-cancelled" in item["class"]
    assert item.select_one(".badge").get_text() == "Cancelled"


def test_postponed_and_rescheduled_banners(built_site):
    assert "A new date will be announced" in text(
        page(built_site, "/events/postponed/").select_one(".banner")
    )
    moved = page(built_site, "/events/rescheduled/").select_one(".banner")
    assert moved.time["datetime"] == "2027-02-11T19:00:00-05:00"


def test_dst_night_shows_both_offsets(built_site):
    night = page(built_site, "/events/dst-night/")
    assert [t["datetime"] for t in night.select(".when time")] == [
        "2027-03-27T22:00:00+01:00",
        "2027-03-28T04:00:00+02:00",
    ]


def test_recurring_event_lists_each_date_and_never_the_excluded_one(built_site):
    monthly = page(built_site, "/events/monthly/")
    upcoming = [t["datetime"] for t in monthly.select(".dates > .date-list time")][::2]
    assert upcoming == [
        "2026-12-08T19:00:00+01:00",
        "2027-02-09T19:00:00+01:00",
        "2027-03-30T18:00:00+02:00",  # moved from 9 March (occurrences: in the fixture)
        "2027-04-13T19:00:00+02:00",
        "2027-05-11T19:00:00+02:00",
    ]
    every_page = "".join(p.read_text() for p in built_site.rglob("*.html"))
    assert "2027-01-12" not in every_page
    listing_links = [
        a["href"]
        for p in ("/events/", "/events/page/2/")
        for a in page(built_site, p).select(".event-item-title a")
        if "monthly" in a["href"]
    ]
    assert listing_links[0] == "/events/monthly/#date-20261208T1900"


def test_markdown_top_heading_is_demoted_below_the_title(built_site):
    monthly = page(built_site, "/events/monthly/")
    assert len(monthly.find_all("h1")) == 1
    assert monthly.select_one(".prose h2").get_text() == "Format"


def test_all_day_event_uses_dates_alone(built_site):
    conference = page(built_site, "/events/conference/")
    assert [t["datetime"] for t in conference.select(".when time")] == ["2027-04-12", "2027-04-14"]
    assert "Monday, April 12, 2027 – Wednesday, April 14, 2027" in text(
        conference.select_one(".when")
    )


def test_explicit_offset_event_is_shown_in_its_chapter_zone(built_site):
    online = page(built_site, "/events/online/")
    assert online.select(".when time")[0]["datetime"] == "2026-12-20T18:00:00-05:00"
    assert "Eastern Standard Time" in text(online.select_one(".when"))
    assert online.select_one(".online a")["href"] == "https://meet.example.org/maintainers"


def test_hybrid_event_shows_venue_and_link(built_site):
    hybrid = page(built_site, "/events/hybrid/")
    assert "Recurse Center" in text(hybrid.select_one(".venue"))
    assert "In person and online" in text(hybrid.select_one(".facts"))


def test_chapter_page_shows_only_its_events_and_organizers(built_site):
    berlin = page(built_site, "/chapters/berlin/")
    assert berlin.h1.get_text() == "Python Berlin"
    upcoming = listed_titles(berlin.select_one("section[aria-labelledby=upcoming-title]"))
    assert "Open Source Week NYC" not in upcoming
    assert upcoming[:3] == [
        "December social",
        "Python Berlin monthly",
        "Packaging workshop: from pyproject to PyPI",
    ]
    assert "Anna Schmidt" in text(berlin)
    assert berlin.select_one("a[href='mailto:hello@berlin.example.de']")
    assert berlin.select_one(".prose a")["href"] == "/about/"


def test_topic_page_lists_events_of_that_topic(built_site):
    packaging = page(built_site, "/topics/packaging/")
    assert listed_titles(packaging) == ["Packaging workshop: from pyproject to PyPI"]


def test_plain_pages_are_built(built_site):
    about = page(built_site, "/about/")
    assert about.h1.get_text() == "About"
    assert "fixture network" in text(about)


@pytest.mark.parametrize(
    "path",
    ["/", "/events/", "/events/workshop/", "/chapters/nyc/", "/topics/", "/about/", "/404.html"],
)
def test_every_page_has_language_title_one_h1_and_a_strict_csp(built_site, path):
    soup = page(built_site, path)
    assert soup.html["lang"] == "en"
    assert soup.title.get_text().strip()
    assert len(soup.find_all("h1")) == 1
    csp = soup.select_one("meta[http-equiv=Content-Security-Policy]")["content"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp
    for tag in soup.select("link[href], script[src], img[src]"):
        url = tag.get("href") or tag.get("src")
        if tag.name == "link" and tag.get("rel") in (["canonical"], ["alternate"]):
            continue
        assert url.startswith("/"), f"{path} loads {url} from another host"


@pytest.mark.parametrize(
    ("path", "golden"),
    [
        ("/", "home.html"),
        ("/events/workshop/", "event-workshop.html"),
        ("/events/monthly/", "event-monthly.html"),
        ("/events/cancelled/", "event-cancelled.html"),
        ("/events/conference/", "event-conference.html"),
        ("/chapters/berlin/", "chapter-berlin.html"),
        ("/events/", "events.html"),
        ("/events/monthly/monthly.ics", "monthly.ics"),
        ("/events/workshop/workshop.ics", "workshop.ics"),
        ("/feeds/all.atom.xml", "all.atom.xml"),
        ("/feeds/chapters/nyc.rss.xml", "nyc.rss.xml"),
        ("/events.json", "events.json"),
    ],
)
def test_key_pages_match_their_golden_files(built_site, path, golden):
    assert_golden(built_site, path, golden)
