"""Cities: chapters grouped by country and city, each city once (chapterhouse.site.views)."""

from __future__ import annotations

from chapterhouse.core.model import Chapter, Source
from chapterhouse.site.views import CityEntry, city_entries


def chapter(slug: str, city: str, country: str) -> Chapter:
    return Chapter(
        slug, slug.title(), "Europe/Paris", Source(f"c/{slug}.md", f"chapters/{slug}.md"),
        city=city, country=country,
    )  # fmt: skip


def test_chapters_of_one_city_share_its_page_whatever_the_spelling():
    cities = city_entries(
        [
            chapter("python-lyon", "Lyon", "FR"),
            chapter("js-lyon", " lyon ", "fr"),
            chapter("lyon-us", "Lyon", "US"),  # another country: another city
            chapter("nowhere", "", "FR"),
            chapter("berlin", "Berlin", "DE"),
        ]
    )
    assert cities == (
        CityEntry("de-berlin", "Berlin", "DE", ("berlin",)),
        CityEntry("fr-lyon", "Lyon", "FR", ("js-lyon", "python-lyon")),
        CityEntry("us-lyon", "Lyon", "US", ("lyon-us",)),
    )


def test_a_city_without_a_country_has_a_page_of_its_own():
    assert city_entries([chapter("x", "Atlantis", "")]) == (
        CityEntry("atlantis", "Atlantis", "", ("x",)),
    )
