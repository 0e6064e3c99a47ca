"""Topic and city pages show their first upcoming entries; the rest are on a paginated listing.

A city or topic of a large network lists hundreds of upcoming dates. Its page
shows one page of them (``page_size``) and links to "All N upcoming events":
``topics/<slug>/upcoming/`` and ``cities/<slug>/upcoming/``, paginated as the
site's own listing is. The fixture content is built here a second time with
``page_size: 2`` and a French version, so that its Berlin city (5 upcoming
entries) and its Python topic (4) run over several pages; the session's fixture
site (``page_size: 5``) shows both whole, without the link, and New York (6) not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURE_SITE, copy_fixture_content, run_pelican
from tests.e2e.helpers import listed_titles, page, text

SMALL_PAGES = {"CHAPTERHOUSE": {"home_upcoming": 4, "page_size": 2, "languages": ["en", "fr"]}}


@pytest.fixture(scope="module")
def small_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture content built with two entries per page, in English and French."""
    root = tmp_path_factory.mktemp("small-pages")
    content = copy_fixture_content(root / "content")
    output = root / "output"
    result = run_pelican(content, output, FIXTURE_SITE / "fixtureconf.py", overrides=SMALL_PAGES)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def _listing(site: Path, base: str) -> tuple[list[str], list[str]]:
    """Every entry of a paginated listing in order, and the title of each of its pages."""
    titles, entries, number = [], [], 1
    while True:
        path = base if number == 1 else f"{base}page/{number}/"
        soup = page(site, path)
        titles.append(text(soup.select_one("h1")))
        entries += listed_titles(soup)
        following = soup.select_one(".pagination a[rel=next]")
        if following is None:
            return entries, titles
        assert following["href"] == f"{base}page/{number + 1}/"
        number += 1


def _all_link(soup) -> tuple[str, str] | None:
    links = [a for a in soup.select("main .more a") if "upcoming" in a["href"]]
    return (text(links[0]), links[0]["href"]) if links else None


@pytest.mark.parametrize(
    ("scope", "heading", "count"),
    [
        ("/topics/python/", "Upcoming events: python", 4),
        ("/cities/de-berlin/", "Upcoming events: Berlin", 5),
    ],
)
def test_a_long_upcoming_list_shows_one_page_and_links_to_all_of_it(
    small_pages, built_site, scope, heading, count
):
    whole = listed_titles(
        page(built_site, scope).select_one("section[aria-labelledby=upcoming-title]")
    )
    assert len(whole) == count
    shown = page(small_pages, scope)
    assert listed_titles(shown.select_one("section[aria-labelledby=upcoming-title]")) == whole[:2]
    assert _all_link(shown) == (f"All {count} upcoming events", f"{scope}upcoming/")
    entries, titles = _listing(small_pages, f"{scope}upcoming/")
    assert entries == whole
    assert len(titles) == (count + 1) // 2
    assert set(titles) == {heading}


def test_a_list_that_fits_its_page_has_no_link_to_more(built_site):
    for scope in ("/topics/python/", "/cities/de-berlin/"):  # 4 and 5 entries, 5 to a page
        assert _all_link(page(built_site, scope)) is None, scope
    new_york = page(built_site, "/cities/us-new-york/")  # 6 entries
    assert len(listed_titles(new_york)) == 5
    assert _all_link(new_york) == ("All 6 upcoming events", "/cities/us-new-york/upcoming/")
    entries, titles = _listing(built_site, "/cities/us-new-york/upcoming/")
    assert entries[:5] == listed_titles(new_york)
    assert (len(entries), len(titles)) == (6, 2)


def test_an_upcoming_listing_links_back_to_its_topic_and_to_its_past_events(small_pages):
    listing = page(small_pages, "/topics/python/upcoming/page/2/")
    kicker = listing.select_one("main .kicker a")
    assert (text(kicker), kicker["href"]) == ("python", "/topics/python/")
    past = [a["href"] for a in listing.select("main .more a")]
    assert past == ["/topics/python/past/"]
    city = page(small_pages, "/cities/de-berlin/upcoming/")
    assert city.select_one("main .kicker a")["href"] == "/cities/de-berlin/"
    assert city.select("main .more a") == []  # a city has no past listing


def test_a_past_listing_links_back_to_its_chapter_or_topic(built_site):
    for path, name, home in (
        ("/chapters/berlin/past/", "Python Berlin", "/chapters/berlin/"),
        ("/topics/python/past/", "python", "/topics/python/"),
    ):
        kicker = page(built_site, path).select_one("main .kicker a")
        assert (text(kicker), kicker["href"]) == (name, home)
    assert page(built_site, "/events/past/").select_one("main .kicker") is None


def test_each_language_has_its_own_listing_in_its_folder(small_pages):
    english = page(small_pages, "/cities/de-berlin/")
    french = page(small_pages, "/fr/cities/de-berlin/")
    assert _all_link(french) == ("Voir les 5 événements à venir", "/fr/cities/de-berlin/upcoming/")
    listing = page(small_pages, "/fr/topics/python/upcoming/")
    assert listing.select_one("h1").get_text(strip=True) == "Événements à venir\u00a0: python"
    assert listing.select_one("main .kicker a")["href"] == "/fr/topics/python/"
    assert [a["href"] for a in listing.select("main .more a")] == ["/fr/topics/python/past/"]
    past = page(small_pages, "/fr/topics/python/past/")
    assert past.select_one("main .kicker a")["href"] == "/fr/topics/python/"
    assert listing.select_one(".pagination a[rel=next]")["href"] == (
        "/fr/topics/python/upcoming/page/2/"
    )
    assert (
        _listing(small_pages, "/fr/cities/de-berlin/upcoming/")[0]
        == _listing(small_pages, "/cities/de-berlin/upcoming/")[0]
    )
    assert listed_titles(english) == listed_titles(french)


def test_the_list_of_topics_counts_upcoming_entries_as_each_topic_page_does(small_pages):
    topics = page(small_pages, "/topics/")
    counts = {
        text(item.select_one("a.tag")): text(item.select_one(".count"))
        for item in topics.select("main li")
        if item.select_one("a.tag")
    }
    assert counts["python"] == "4 upcoming"  # the monthly series once, as on its page
    assert _all_link(page(small_pages, "/topics/python/"))[0] == "All 4 upcoming events"
