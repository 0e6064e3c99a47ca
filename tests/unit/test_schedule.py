"""What the listings and event pages show at the build's "now"."""

from __future__ import annotations

from datetime import UTC, date, datetime

from chapterhouse.core.catalog import load_catalog
from chapterhouse.core.recurrence import next_start
from chapterhouse.site.schedule import build_schedule

NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)


def _schedule(content_tree, settings, files):
    catalog = load_catalog(content_tree(files), settings)
    assert not catalog.problems, catalog.problems
    return catalog, build_schedule(catalog.events, NOW, settings)


def test_a_series_whose_next_date_is_beyond_the_horizon_shows_it_on_its_page(
    content_tree, settings
):
    catalog, schedule = _schedule(
        content_tree,
        settings,
        {
            "events/every5.md": "---\ntitle: Every five years\nstart: 2020-01-20 18:30\n"
            "repeat: FREQ=YEARLY;INTERVAL=5\n---\n",
            "events/allex.md": "---\ntitle: All excluded\nstart: 2027-01-20 18:30\n"
            "repeat: FREQ=YEARLY\nexcept: [2027-01-20]\n---\n",
        },
    )
    by_slug = {event.slug: event for event in catalog.events}
    every5 = schedule.event_timeline(by_slug["every5"]).upcoming
    assert [o.start.date() for o in every5] == [date(2030, 1, 20)]
    excluded = schedule.event_timeline(by_slug["allex"]).upcoming
    assert [o.start.date() for o in excluded] == [date(2028, 1, 20)]  # never the excluded date
    # Listings stay within the horizon.
    assert schedule.everything.upcoming == ()


def test_next_start_skips_excluded_dates_and_is_none_for_an_ended_series(content_tree, settings):
    catalog = load_catalog(
        content_tree(
            {
                "events/a.md": "---\ntitle: A\nstart: 2027-01-20 18:30\nrepeat: FREQ=YEARLY\n"
                "except: [2027-01-20, 2028-01-20]\n---\n",
                "events/b.md": "---\ntitle: B\nstart: 2027-01-20\nall_day: true\n"
                "repeat: FREQ=YEARLY;COUNT=2\n---\n",
            }
        ),
        settings,
    )
    a, b = sorted(catalog.events, key=lambda e: e.slug)
    found = next_start(a.recurrence, a.start, a.tz, NOW)
    assert found == datetime(2029, 1, 20, 18, 30, tzinfo=a.tz)
    assert next_start(b.recurrence, b.start, b.tz, NOW) == date(2027, 1, 20)
    assert next_start(b.recurrence, b.start, b.tz, datetime(2028, 6, 1, tzinfo=UTC)) is None


def test_an_event_naming_one_topic_in_two_languages_is_listed_once(content_tree, settings):
    root = content_tree(
        {
            "topics.yml": "data: {en: data, fr: données}\n",
            "events/a.md": "---\ntitle: A\nstart: 2026-12-20 18:30\ntopics: [data, Données]\n---\n",
        }
    )
    catalog = load_catalog(root, settings)
    assert not catalog.problems
    schedule = build_schedule(catalog.events, NOW, settings, catalog.topics)
    assert list(schedule.topics) == ["data"]
    assert [o.event.slug for o in schedule.topics["data"].timeline.upcoming] == ["a"]
