"""Which months a chapter has a digest for, and what each one holds."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from chapterhouse.core.catalog import load_catalog
from chapterhouse.site.digest import (
    Month,
    digest_months,
    featured_month,
    month_of,
    registration_url,
)
from chapterhouse.site.schedule import build_schedule

NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)
OLDEST = NOW - timedelta(days=365)
CHAPTER = "---\ntitle: Toulouse\ntimezone: Europe/Paris\nsummary: Python in Toulouse.\n---\n"


def _occurrences(content_tree, settings, events: dict[str, str]):
    files = {"chapters/toulouse.md": CHAPTER}
    files.update({f"events/{slug}.md": text for slug, text in events.items()})
    catalog = load_catalog(content_tree(files), settings)
    assert not catalog.problems, catalog.problems
    schedule = build_schedule(catalog.events, NOW, settings)
    chapter = catalog.chapters[0]
    timeline = schedule.chapter_timeline(chapter)
    return chapter, (*timeline.past, *timeline.upcoming)


def _event(start: str, *more: str) -> str:
    return "\n".join(["---", "title: Meetup", "chapter: toulouse", f"start: {start}", *more, "---"])


def test_an_event_late_on_the_last_day_belongs_to_that_month_in_its_own_zone(
    content_tree, settings
):
    _, occurrences = _occurrences(
        content_tree,
        settings,
        {"late": _event("2026-12-31 23:30", "timezone: America/New_York", "duration: 1h")},
    )
    (occurrence,) = occurrences
    assert occurrence.starts_at.astimezone(UTC).month == 1  # already January in UTC
    assert month_of(occurrence) == Month(2026, 12)
    (digest,) = digest_months(occurrences, OLDEST)
    assert digest.month.key == "2026-12"


def test_months_without_events_have_no_digest_and_neighbours_skip_them(content_tree, settings):
    _, occurrences = _occurrences(
        content_tree,
        settings,
        {
            "december": _event("2026-12-10 18:30"),
            "february": _event("2027-02-04 18:30"),
            "march": _event("2027-03-04 18:30"),
        },
    )
    digests = digest_months(occurrences, OLDEST)
    assert [d.month.key for d in digests] == ["2026-12", "2027-02", "2027-03"]
    assert digests[0].previous is None and digests[0].next == Month(2027, 2)
    assert digests[1].previous == Month(2026, 12) and digests[1].next == Month(2027, 3)
    assert digests[2].next is None


def test_each_date_of_a_series_is_in_its_month_in_date_order_with_cancelled_events(
    content_tree, settings
):
    _, occurrences = _occurrences(
        content_tree,
        settings,
        {
            "series": _event("2026-12-01 19:00", "repeat: FREQ=WEEKLY;COUNT=6"),
            "social": _event("2026-12-03 19:00", "event_status: cancelled"),
        },
    )
    digests = digest_months(occurrences, OLDEST)
    december, january = digests
    assert [o.local_start.day for o in december.occurrences] == [1, 3, 8, 15, 22, 29]
    assert [o.event.slug for o in december.occurrences][:2] == ["series", "social"]
    assert [o.local_start.day for o in january.occurrences] == [5]
    assert [e.slug for e in december.events] == ["series", "social"]  # each event once


def test_past_months_follow_the_history_window(content_tree, settings):
    _, occurrences = _occurrences(
        content_tree,
        settings,
        {
            "ancient": _event("2024-03-05 18:30"),  # ended long before the window
            "recent": _event("2026-10-05 18:30"),
        },
    )
    assert [d.month.key for d in digest_months(occurrences, OLDEST)] == ["2026-10"]
    everything = datetime(2000, 1, 1, tzinfo=UTC)
    assert [d.month.key for d in digest_months(occurrences, everything)] == [
        "2024-03",
        "2026-10",
    ]


def test_an_all_day_event_over_two_months_is_in_the_month_it_starts(content_tree, settings):
    _, occurrences = _occurrences(
        content_tree, settings, {"retreat": _event("2027-01-30", "end: 2027-02-02")}
    )
    assert [d.month.key for d in digest_months(occurrences, OLDEST)] == ["2027-01"]


def test_no_occurrences_no_digest():
    assert digest_months((), OLDEST) == ()
    assert featured_month((), Month(2026, 11)) is None


def test_the_featured_digest_is_this_month_or_the_next_else_the_latest(content_tree, settings):
    _, occurrences = _occurrences(
        content_tree,
        settings,
        {"october": _event("2026-10-05 18:30"), "january": _event("2027-01-05 18:30")},
    )
    digests = digest_months(occurrences, OLDEST)
    assert featured_month(digests, Month(2026, 10)).month.key == "2026-10"
    assert featured_month(digests, Month(2026, 11)).month.key == "2027-01"
    assert featured_month(digests, Month(2027, 6)).month.key == "2027-01"


def test_month_keys_order_and_first_day():
    assert Month(2026, 9).key == "2026-09"
    assert Month(2026, 12) < Month(2027, 1)
    assert Month.of(date(2027, 3, 31)).first_day == date(2027, 3, 1)


def test_registration_is_prefilled_for_each_date_and_never_offered_when_cancelled(
    content_tree, settings
):
    chapter, occurrences = _occurrences(
        content_tree,
        settings,
        {
            "series": _event(
                "2026-12-01 19:00",
                "repeat: FREQ=WEEKLY;COUNT=2",
                "rsvp: https://forms.example.org/t?date={date}&c={chapter}",
            ),
            "off": _event(
                "2026-12-03 19:00", "event_status: cancelled", "rsvp: https://forms.example.org/x"
            ),
            "plain": _event("2026-12-04 19:00"),
        },
    )
    page = "https://meetups.example.org/events/series/"
    urls = [registration_url(o, chapter, page) for o in occurrences]
    assert urls == [
        "https://forms.example.org/t?date=2026-12-01&c=Toulouse",
        "",  # cancelled
        "",  # no form
        "https://forms.example.org/t?date=2026-12-08&c=Toulouse",
    ]
