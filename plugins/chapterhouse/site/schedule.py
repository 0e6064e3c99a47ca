"""Who meets when: occurrences sorted into upcoming and past listings.

Derived once per build from the catalog and the build's "now"; templates and
feeds read it. Hidden events get a page but appear in no listing; drafts
appear nowhere. Cancelled events stay listed, marked as such.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from math import ceil
from typing import Any

from chapterhouse.config import ChapterhouseSettings
from chapterhouse.core.model import Chapter, Event, Occurrence, Visibility
from chapterhouse.core.recurrence import is_finite, next_start
from chapterhouse.core.timing import YEARS
from chapterhouse.core.topics import TopicIndex

_EARLIEST = datetime(YEARS[0] - 1, 1, 1, tzinfo=UTC)
_LATEST = datetime(9000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Timeline:
    """Upcoming (soonest first) and past (latest first) occurrences."""

    upcoming: tuple[Occurrence, ...] = ()
    past: tuple[Occurrence, ...] = ()


@dataclass(frozen=True)
class EventTimeline(Timeline):
    """The dated occurrences of one event.

    Its fingerprint is short, whatever the number of dates: an event's
    occurrences form one sequence fixed by the event; its past dates are a run
    of it and its upcoming ones the run that follows, and a run of a known
    sequence is fixed by its first element and its length.
    """

    def __fingerprint__(self) -> str:
        """The event's revision, and where each run starts and how long it is."""
        earliest = self.past[-1] if self.past else self.upcoming[0] if self.upcoming else None
        if earliest is None:
            return "empty"
        first = self.upcoming[0].__fingerprint__() if self.upcoming else "-"
        return f"{earliest.__fingerprint__()}|{len(self.past)}|{first}|{len(self.upcoming)}"


@dataclass(frozen=True)
class Topic:
    """A topic: its slug, its name (most used spelling), its labels by language, its events.

    ``labels`` come from ``content/topics.yml``; a topic it does not declare has none.
    """

    slug: str
    name: str
    timeline: Timeline
    labels: Mapping[str, str] = field(default_factory=dict)

    def name_in(self, language: str, default_language: str = "") -> str:
        """The name on a page in ``language``.

        Its label in that language (or the site's default), else its most used spelling.
        """
        for tag in (language, default_language):
            if tag in self.labels:
                return self.labels[tag]
            base = tag.split("-", 1)[0]
            for other, label in self.labels.items():
                if other.split("-", 1)[0] == base:
                    return label
        return self.name


@dataclass(frozen=True)
class Page:
    """One page of a paginated listing (its items: occurrences, or what a listing makes of them)."""

    number: int
    count: int
    items: tuple[Any, ...]

    @property
    def has_previous(self) -> bool:
        """True when a previous page exists."""
        return self.number > 1

    @property
    def has_next(self) -> bool:
        """True when a next page exists."""
        return self.number < self.count


@dataclass(frozen=True)
class Schedule:
    """Every listing of the site at one instant."""

    now: datetime
    everything: Timeline
    by_event: dict[str, Timeline]
    by_chapter: dict[str, Timeline]
    topics: dict[str, Topic]

    def event_timeline(self, event: Event) -> Timeline:
        """The dated occurrences of one event."""
        return self.by_event.get(event.slug, EventTimeline())

    def chapter_timeline(self, chapter: Chapter) -> Timeline:
        """The occurrences of one chapter's listed events."""
        return self.by_chapter.get(chapter.slug, Timeline())


def build_schedule(
    events: Iterable[Event],
    now: datetime,
    settings: ChapterhouseSettings,
    topic_index: TopicIndex | None = None,
    chapters: Sequence[str] = (),
) -> Schedule:
    """Expand every event and sort the occurrences.

    A series that ends (COUNT or UNTIL) is listed in full, exactly the dates a
    calendar client expands; an open-ended one from ``now - history_window``
    (the past dates that feeds and calendars still carry) to ``now + horizon``,
    however long ago it started. A chapter's listing holds the events it hosts
    or co-hosts, and the network-wide ones (``chapters``: every chapter's slug).
    """
    open_window = (now - settings.history_window, now + settings.horizon)
    full_window = (_EARLIEST, _LATEST)
    by_event: dict[str, Timeline] = {}
    listed: list[Occurrence] = []
    for event in events:
        if event.visibility is Visibility.DRAFT:
            continue
        finite = event.recurrence is not None and is_finite(event.recurrence.rule)
        occurrences = event.occurrences(full_window if finite else open_window)
        if not occurrences and not event.is_recurring:
            occurrences = [event.occurrence_at(event.start)]
        timeline = _split(occurrences, now, EventTimeline)
        if event.recurrence is not None and not finite and not timeline.upcoming:
            # Its next date is beyond the listings' horizon (a series every five years, or
            # every date of the horizon excluded): the event's page still shows it.
            later = next_start(event.recurrence, event.start, event.tz, open_window[1])
            if later is not None:
                timeline = EventTimeline((event.occurrence_at(later),), timeline.past)
        by_event[event.slug] = timeline
        if event.visibility is Visibility.PUBLISHED:
            listed.extend(occurrences)
    everything = _split(listed, now)
    by_chapter = _group(listed, lambda o: o.event.chapters_among(chapters), now)
    topics = _topics(listed, now, topic_index or TopicIndex())
    return Schedule(now, everything, by_event, by_chapter, topics)


def paginate(items: Sequence[Any], size: int) -> list[Page]:
    """Split a listing into pages of ``size`` (one empty page when empty)."""
    count = max(1, ceil(len(items) / size))
    return [
        Page(number + 1, count, tuple(items[number * size : (number + 1) * size]))
        for number in range(count)
    ]


def _split(
    occurrences: Iterable[Occurrence], now: datetime, kind: type[Timeline] = Timeline
) -> Timeline:
    ordered = sorted(occurrences, key=lambda o: o.sort_key)
    moment = now.timestamp()
    ended = [o.end_timestamp <= moment for o in ordered]
    upcoming = tuple(o for o, over in zip(ordered, ended, strict=True) if not over)
    past = tuple(o for o, over in zip(reversed(ordered), reversed(ended), strict=True) if over)
    return kind(upcoming, past)


def _group(occurrences: list[Occurrence], keys, now: datetime) -> dict[str, Timeline]:
    grouped: dict[str, list[Occurrence]] = defaultdict(list)
    for occurrence in occurrences:
        for key in keys(occurrence):
            grouped[key].append(occurrence)
    return {key: _split(items, now) for key, items in sorted(grouped.items())}


def _topics(occurrences: list[Occurrence], now: datetime, index: TopicIndex) -> dict[str, Topic]:
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    seen_events: set[str] = set()
    slugs: dict[str, str] = {}  # each spelling slugified once

    def slugs_of(event: Event) -> list[str]:
        """The event's topics, once each (``data`` and ``données`` may be one topic)."""
        found = [slugs.get(t) or slugs.setdefault(t, index.slug_of(t)) for t in event.topics]
        return list(dict.fromkeys(found))

    for occurrence in occurrences:
        if occurrence.event.slug in seen_events:
            continue
        seen_events.add(occurrence.event.slug)
        slugs_of(occurrence.event)  # each spelling's slug, remembered
        for topic in occurrence.event.topics:
            spellings[slugs[topic]][topic] += 1
    grouped = _group(occurrences, lambda o: slugs_of(o.event), now)
    topics = {}
    for slug, timeline in grouped.items():
        name = min(spellings[slug].items(), key=lambda item: (-item[1], item[0]))[0]
        declared = index.declared.get(slug)
        topics[slug] = Topic(slug, name, timeline, declared.labels if declared else {})
    return topics
