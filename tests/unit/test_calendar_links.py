"""Add-to-calendar links carry the instants the page shows, clock changes included."""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from chapterhouse.calendar.links import google_calendar_url, outlook_url
from chapterhouse.core.loading import load_chapter, load_event


def _occurrence(front: str, settings):
    chapter = load_chapter(
        b"---\ntitle: Paris\ntimezone: Europe/Paris\n---\n",
        "chapters/p.md",
        "p.md",
        settings,
        Path("/"),
    ).item
    loaded = load_event(
        f"---\ntitle: Night\n{front}\n---\n".encode(), "events/n.md", "n.md", settings, Path("/"),
        {"paris": chapter},
    )  # fmt: skip
    assert loaded.problems == (), loaded.problems
    event = loaded.item
    return event.occurrence_at(event.start)


def _query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_google_link_uses_local_times_with_the_zone(settings):
    occurrence = _occurrence("start: 2027-01-20 18:30\nduration: 2h", settings)
    query = _query(google_calendar_url(occurrence, "Night", "", ""))
    assert query["dates"] == "20270120T183000/20270120T203000"
    assert query["ctz"] == "Europe/Paris"


def test_google_link_uses_utc_when_a_time_falls_in_the_repeated_autumn_hour(settings):
    # 01:30 + 1h30 ends at 02:00+01:00: the second 02:00 of that night, which "02:00" with
    # ctz=Europe/Paris cannot mean. Both ends go in UTC.
    occurrence = _occurrence("start: 2027-10-31 01:30\nduration: 1h30", settings)
    query = _query(google_calendar_url(occurrence, "Night", "", ""))
    assert query["dates"] == "20271030T233000Z/20271031T010000Z"
    assert "ctz" not in query


def test_outlook_link_carries_offsets_that_tell_the_two_passes_apart(settings):
    occurrence = _occurrence("start: 2027-10-31 01:30\nduration: 1h30", settings)
    query = _query(outlook_url(occurrence, "Night", "", ""))
    assert (query["startdt"], query["enddt"]) == (
        "2027-10-31T01:30:00+02:00",
        "2027-10-31T02:00:00+01:00",
    )
