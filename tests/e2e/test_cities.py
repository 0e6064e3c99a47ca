"""City pages: where a visitor finds a network's chapters by city (the fixture site)."""

from __future__ import annotations

from tests.e2e.helpers import page, text


def test_the_cities_page_lists_each_city_under_its_country(built_site):
    cities = page(built_site, "/cities/")
    groups = {
        text(group.select_one("h2")): [text(a) for a in group.select("li a")]
        for group in cities.select(".city-group")
    }
    assert groups == {"Germany": ["Berlin"], "United States": ["New York"]}
    assert [a["href"] for a in cities.select(".city-list a")] == [
        "/cities/de-berlin/",
        "/cities/us-new-york/",
    ]


def test_a_city_page_shows_its_chapters_and_their_next_events(built_site):
    city = page(built_site, "/cities/de-berlin/")
    assert text(city.select_one("h1")) == "Meetups in Berlin"
    assert [text(a) for a in city.select(".chapter-link")] == ["Python Berlin"]
    chapter = page(built_site, "/chapters/berlin/")
    expected = [text(a) for a in chapter.select(".chapter-upcoming .event-item-title a")]
    assert [text(a) for a in city.select(".event-item-title a")] == expected
    assert chapter.select_one(".p-locality a")["href"] == "/cities/de-berlin/"
    assert page(built_site, "/chapters/").select_one("a[href='/cities/']") is not None


def test_city_pages_are_in_the_sitemap(built_site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    for path in ("cities/", "cities/de-berlin/", "cities/us-new-york/"):
        assert f"<loc>https://meetups.example.org/{path}</loc>" in sitemap
