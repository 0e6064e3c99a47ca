"""Everything derived from content for one build, computed once in phase one.

The generator builds a :class:`SiteModel`; the page, calendar and feed
writers only read it. Nothing here imports Pelican.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from chapterhouse.config import ChapterhouseSettings
from chapterhouse.core.catalog import Catalog
from chapterhouse.core.model import Chapter, Event, Series, Visibility
from chapterhouse.history.stamps import Stamp
from chapterhouse.site.digest import DigestMonth, digest_months
from chapterhouse.site.pictures import Pictures
from chapterhouse.site.schedule import Schedule, Topic
from chapterhouse.site.urls import Urls


@dataclass(frozen=True)
class SiteModel:
    """The derived site.

    Attributes:
        settings: Chapterhouse settings.
        urls: URL builder.
        now: The build's "now".
        catalog: Every chapter, event and page.
        schedule: Listings of occurrences.
        stamps: Created/modified/SEQUENCE by event slug.
        feed_events: Events in the site-wide calendar and feeds (listed, not
            older than the history window), in calendar order.
        modified: When each content file last changed, by content-relative path.
        pictures: The pictures of the content folder, probed (sizes, digests).
        logo: The bytes of the settings' ``logo`` (``b""`` without one).
    """

    settings: ChapterhouseSettings
    urls: Urls
    now: datetime
    catalog: Catalog
    schedule: Schedule
    stamps: Mapping[str, Stamp] = field(default_factory=dict)
    feed_events: tuple[Event, ...] = ()
    modified: Mapping[str, datetime] = field(default_factory=dict)
    pictures: Pictures = field(default_factory=Pictures)
    logo: bytes = b""

    @cached_property
    def chapters_by_slug(self) -> Mapping[str, Chapter]:
        """Chapters that are shown (published and hidden; a hub's remote ones too), by slug."""
        return {
            chapter.slug: chapter
            for chapter in self.catalog.chapters
            if chapter.visibility is not Visibility.DRAFT
        }

    def chapter_of(self, event: Event) -> Chapter | None:
        """The event's chapter, if any."""
        return self.chapters_by_slug.get(event.chapter)

    @cached_property
    def series_by_slug(self) -> Mapping[str, Series]:
        """Series that get a page (published and hidden), by slug."""
        return {series.slug: series for series in self.catalog.published_series}

    def series_of(self, event: Event) -> Series | None:
        """The series the event is an edition of, if any (and it has a page)."""
        return self.series_by_slug.get(event.series) if event.series else None

    def series_of_chapter(self, chapter: Chapter) -> tuple[Series, ...]:
        """A chapter's published series, by title."""
        return tuple(
            sorted(
                (
                    s
                    for s in self.catalog.published_series
                    if s.chapter == chapter.slug and s.visibility is Visibility.PUBLISHED
                ),
                key=lambda s: (s.title.casefold(), s.slug),
            )
        )

    def cohosts_of(self, event: Event) -> tuple[Chapter, ...]:
        """The published chapters co-hosting the event (its host is :meth:`chapter_of`)."""
        chapters = self.chapters_by_slug
        return tuple(chapters[slug] for slug in event.cohosts if slug in chapters)

    def feed_events_of_chapter(self, chapter: Chapter) -> tuple[Event, ...]:
        """A chapter's events in its calendar and feeds."""
        return tuple(self._feed_events_by_chapter.get(chapter.slug, ()))

    def feed_events_of_topic(self, topic: Topic) -> tuple[Event, ...]:
        """A topic's events in its calendar."""
        return tuple(self._feed_events_by_topic.get(topic.slug, ()))

    @cached_property
    def _feed_events_by_chapter(self) -> dict[str, list[Event]]:
        grouped: dict[str, list[Event]] = defaultdict(list)
        every = [chapter.slug for chapter in self.catalog.published_chapters]
        for event in self.feed_events:
            for slug in event.chapters_among(every):
                grouped[slug].append(event)
        return grouped

    @cached_property
    def _feed_events_by_topic(self) -> dict[str, list[Event]]:
        topics_of: dict[str, list[str]] = defaultdict(list)
        for topic in self.schedule.topics.values():
            for slug in {o.event.slug for o in (*topic.timeline.upcoming, *topic.timeline.past)}:
                topics_of[slug].append(topic.slug)
        grouped: dict[str, list[Event]] = defaultdict(list)
        for event in self.feed_events:
            for topic in topics_of.get(event.slug, ()):
                grouped[topic].append(event)
        return grouped

    def digests_of(self, chapter: Chapter) -> tuple[DigestMonth, ...]:
        """A chapter's monthly digests, oldest first (see :mod:`chapterhouse.site.digest`)."""
        digests = self._digests.get(chapter.slug)
        if digests is None:
            oldest = self.now - self.settings.history_window
            occurrences = self.schedule.chapter_timeline(chapter)
            digests = digest_months((*occurrences.past, *occurrences.upcoming), oldest)
            self._digests[chapter.slug] = digests
        return digests

    @cached_property
    def _digests(self) -> dict[str, tuple[DigestMonth, ...]]:
        """Each chapter's digests, computed when first asked for."""
        return {}

    def chapter_place(self, chapter: Chapter) -> tuple[float, float] | None:
        """Where a chapter is on the map: its ``geo``, else the place its events meet most."""
        return chapter.geo or self._usual_places.get(chapter.slug)

    @cached_property
    def _usual_places(self) -> dict[str, tuple[float, float]]:
        """The most frequent venue ``geo`` of each chapter's published events (remote too).

        Ties go to the place met first, in file order.
        """
        counts: dict[str, dict[tuple[float, float], int]] = defaultdict(dict)
        for event in self.catalog.events:
            if event.visibility is Visibility.DRAFT:
                continue
            if event.venue is not None and event.venue.geo is not None and event.chapter:
                places = counts[event.chapter]
                places[event.venue.geo] = places.get(event.venue.geo, 0) + 1
        return {slug: max(places, key=places.__getitem__) for slug, places in counts.items()}

    @property
    def listed_chapters(self) -> list[Chapter]:
        """Published chapters by title."""
        return sorted(
            (c for c in self.catalog.chapters if c.visibility is Visibility.PUBLISHED),
            key=lambda c: (c.title.casefold(), c.slug),
        )


def select_feed_events(
    catalog: Catalog, schedule: Schedule, settings: ChapterhouseSettings
) -> tuple[Event, ...]:
    """Listed events whose last date is within the history window (or still to come).

    Cancelled events stay (clients must learn of the cancellation); past ones
    stay for ``history_window`` so subscribers keep their history.
    """
    oldest = schedule.now - settings.history_window
    chosen = []
    for event in catalog.events:
        if event.visibility is not Visibility.PUBLISHED:
            continue
        timeline = schedule.event_timeline(event)
        if timeline.upcoming or (timeline.past and timeline.past[0].ends_at >= oldest):
            chosen.append(event)
    return tuple(sorted(chosen, key=lambda e: (_start_key(e), e.slug)))


def _start_key(event: Event) -> float:
    return event.occurrence_at(event.start).starts_at.timestamp()
