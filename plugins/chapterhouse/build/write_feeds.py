"""Phase two: calendars (.ics), news feeds (Atom, RSS), /events.json, the search index.

An event's VEVENT is serialised once (or reused from the previous build when
the event, its chapter and its history are unchanged) and shared by every
calendar that lists the event. Every file here is kept from the previous
build, without being generated, when the fingerprint of what it is made of
(its events, their dates, history and chapters, the settings) is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import NamedTuple

from chapterhouse.build.fingerprint import Fingerprinter, timeline_key
from chapterhouse.build.output import OutputFolder
from chapterhouse.calendar.ics import CalendarInfo, EventLinks, IcsWriter, rsvp_link
from chapterhouse.core.model import Event, Visibility
from chapterhouse.feeds.events_json import JsonEvent, assemble_events_json, event_line
from chapterhouse.feeds.news import FeedInfo, FeedItem, newest_first, render_feeds
from chapterhouse.render.dates import DateFormatter
from chapterhouse.site.model import SiteModel
from chapterhouse.site.search_index import (
    assemble_search_index,
    event_document,
    indexed_events,
)
from chapterhouse.site.sitemap import SitemapEntry, newest, render_robots, render_sitemap
from chapterhouse.site.views import featured_occurrence

#: A serialised VEVENT and the TZIDs it uses.
Block = tuple[bytes, frozenset[str]]


#: Events' parts of shared files: "file:slug" → (fingerprint, text).
Fragments = dict[str, tuple[str, str]]


class EventResult(NamedTuple):
    """What an event's calendar job tells the shared files of the event.

    Attributes:
        slug: The event.
        block_key: Fingerprint of its VEVENT.
        block: The VEVENT, or None when it is the previous build's.
        event_key: Fingerprint of the event with its dates and history.
    """

    slug: str
    block_key: str
    block: Block | None
    event_key: str


class FeedWriter:
    """Writes every machine-readable file of the site."""

    def __init__(
        self,
        model: SiteModel,
        output: OutputFolder,
        dates: DateFormatter,
        gettext: Callable[[str], str],
        fingerprints: Fingerprinter,
        previous_blocks: Mapping[str, tuple[str, Block]] | None = None,
        previous_fragments: Mapping[str, tuple[str, str]] | None = None,
    ):
        self.model = model
        self.fingerprints = fingerprints
        self.previous_blocks = previous_blocks or {}
        self.previous_fragments = previous_fragments or {}
        self._rsvp_links: dict[str, str] = {}
        self._block_keys: dict[str, str] = {}
        self._event_keys: dict[str, str] = {}
        self._chapters_key = fingerprints.of(model.catalog.chapters)
        self.output = output
        self.dates = dates
        self._ = gettext
        settings = model.settings
        self.ics = IcsWriter(settings.uid_domain, settings.calendar_refresh, _years(model), gettext)

    def event_calendar_jobs(self) -> list[Callable[[], EventResult]]:
        """One job per event: write its own calendar; return what the shared files need of it."""
        return [
            partial(self._write_event_calendar, event)
            for event in self.model.catalog.published_events
        ]

    def _write_event_calendar(self, event: Event) -> EventResult:
        """Write the event's calendar; return its VEVENT (None: the previous build's)."""
        model = self.model
        chapter, stamp = model.chapter_of(event), model.stamps.get(event.slug)
        # The VEVENT is made of these (its links derive from them and the settings).
        key = self.fingerprints.of("vevent", event, chapter, stamp)
        before = self.previous_blocks.get(event.slug)
        reused = before is not None and before[0] == key
        path = model.urls.event_calendar_path(event.slug)
        file_key = self.fingerprints.of("ics", key, self.ics.years)
        result = EventResult(event.slug, key, None, self._event_key(event))
        if reused and self.output.keep(path, file_key):
            return result
        if reused:
            self.ics.remember(event.slug, before[1])
        block = self._block(event)
        info = CalendarInfo(
            event.title, event.summary or event.title, self._page(event), event.timezone
        )
        self.output.write(path, self.ics.calendar(info, [block]), file_key)
        return result if reused else result._replace(block=block)

    def remember_blocks(self, results: Iterable[EventResult]) -> None:
        """What the event calendar jobs found (maybe in other processes)."""
        for result in results:
            slug = result.slug
            self.ics.remember(slug, result.block or self.previous_blocks[slug][1])
            self._block_keys[slug] = result.block_key
            self._event_keys[slug] = result.event_key

    def blocks(self) -> dict[str, tuple[str, Block]]:
        """Every event's VEVENT with its fingerprint (for the next build)."""
        return {
            slug: (key, self.ics.known_block(slug) or self.previous_blocks[slug][1])
            for slug, key in self._block_keys.items()
        }

    def shared_jobs(self) -> list[Callable[[], Fragments | None]]:
        """One callable per shared file: calendars, feeds, events.json, the search index.

        The jobs for events.json and the search index return the events' parts
        of them (for the next build).
        """
        model, urls, _ = self.model, self.model.urls, self._
        site = model.settings.site_name
        jobs: list[Callable[[], Fragments | None]] = [
            partial(
                self._calendar,
                urls.calendar_path(),
                CalendarInfo(
                    site,
                    _("Every event of %(site)s") % {"site": site},
                    urls.absolute(""),
                    model.settings.timezone,
                ),
                model.feed_events,
            ),
            partial(
                self._feeds,
                site,
                _("New and updated events of %(site)s") % {"site": site},
                "",
                model.feed_events,
            ),
            self._write_events_json,
        ]
        if model.settings.search:
            jobs.append(self._write_search_index)
        for chapter in model.catalog.published_chapters:
            events = model.feed_events_of_chapter(chapter)
            name = f"{chapter.title} · {site}"
            description = _("Events of %(chapter)s") % {"chapter": chapter.title}
            page = urls.absolute(urls.chapter_path(chapter.slug))
            calendar = urls.calendar_path("chapters", chapter.slug)
            info = CalendarInfo(name, description, page, chapter.timezone)
            jobs.append(partial(self._calendar, calendar, info, events))
            jobs.append(partial(self._feeds, name, description, chapter.slug, events))
        for topic in model.schedule.topics.values():
            info = CalendarInfo(
                f"{topic.name} · {site}",
                _("Events about %(topic)s") % {"topic": topic.name},
                urls.absolute(urls.topic_path(topic.slug)),
                model.settings.timezone,
            )
            jobs.append(
                partial(
                    self._calendar,
                    urls.calendar_path("topics", topic.slug),
                    info,
                    model.feed_events_of_topic(topic),
                )
            )
        return jobs

    def _write_search_index(self) -> Fragments:
        model, online = self.model, self._("Online")
        events = indexed_events(model)
        key = self._events_key(events, "search", model.catalog.pages)
        parts = self._fragments(
            "search.json",
            events,
            lambda event: event_document(event, model, self.dates.short_date, online),
        )
        if not self._kept(key, "search.json"):
            documents = [text for _, text in parts.values()]
            self.output.write("search.json", assemble_search_index(model, documents), key)
        return parts

    def _write_events_json(self) -> Fragments:
        events = self.model.feed_events
        key = self._events_key(events, "events.json")
        domain = self.model.settings.uid_domain
        parts = self._fragments(
            "events.json", events, lambda event: event_line(self._json_event(event), domain)
        )
        if not self._kept(key, "events.json"):
            settings = self.model.settings
            lines = [text for _, text in parts.values()]
            document = assemble_events_json(settings.site_name, settings.site_url, lines)
            self.output.write("events.json", document, key)
        return parts

    def _fragments(
        self, file: str, events: Iterable[Event], make: Callable[[Event], str]
    ) -> Fragments:
        """Each event's part of ``file``: the previous build's when the event is unchanged."""
        parts: Fragments = {}
        for event in events:
            name, key = f"{file}:{event.slug}", self._fragment_key(event)
            before = self.previous_fragments.get(name)
            parts[name] = before if before is not None and before[0] == key else (key, make(event))
        return parts

    def _fragment_key(self, event: Event) -> str:
        return f"{self._chapters_key}:{self._event_key(event)}"

    def _calendar(self, path: str, info: CalendarInfo, events: tuple[Event, ...]) -> None:
        vevents = [self._block_keys.get(event.slug, "") for event in events]
        key = self.fingerprints.of("calendar", info, self.ics.years, vevents)
        if not self._kept(key, path):
            blocks = (self._block(event) for event in events)
            self.output.write(path, self.ics.calendar(info, blocks), key)

    def _kept(self, key: str, *paths: str) -> bool:
        """Keep the previous ``paths`` if they were made from what ``key`` stands for."""
        return all(self.output.keep(path, key) for path in paths)

    def _events_key(self, events: Iterable[Event], *values: object) -> str:
        """Fingerprint of a file made of ``events`` (with their chapters) and ``values``."""
        keys = [self._event_key(event) for event in events]
        return self.fingerprints.of(self._chapters_key, keys, *values)

    def _event_key(self, event: Event) -> str:
        """An event with its dates and history: what feeds and listings show of it."""
        key = self._event_keys.get(event.slug)
        if key is None:
            timeline = timeline_key(self.model.schedule.event_timeline(event))
            stamp = self.model.stamps.get(event.slug)
            key = self._event_keys[event.slug] = self.fingerprints.of(event, timeline, stamp)
        return key

    def _block(self, event: Event) -> Block:
        known = self.ics.known_block(event.slug)
        if known is not None:
            return known
        chapter = self.model.chapter_of(event)
        links = EventLinks(self._page(event), self._rsvp(event))
        return self.ics.event_block(event, chapter, self.model.stamps.get(event.slug), links)

    def _rsvp(self, event: Event) -> str:
        """The event's RSVP link for calendars and feeds (computed once per event)."""
        link = self._rsvp_links.get(event.slug)
        if link is None:
            chapter = self.model.chapter_of(event)
            link = self._rsvp_links[event.slug] = rsvp_link(event, chapter, self._page(event))
        return link

    def _feeds(self, title: str, subtitle: str, chapter: str, events: Iterable[Event]) -> None:
        urls, model = self.model.urls, self.model
        info = FeedInfo(
            title=title,
            subtitle=subtitle,
            page_url=urls.absolute(urls.chapter_path(chapter) if chapter else ""),
            atom_url=urls.absolute(urls.feed_path("atom", chapter)),
            rss_url=urls.absolute(urls.feed_path("rss", chapter)),
            lang=model.settings.lang,
            author=model.settings.site_name,
        )
        paths = (urls.feed_path("atom", chapter), urls.feed_path("rss", chapter))
        newest = newest_first(events, model.stamps, model.settings.feed_size)
        key = self._events_key(newest, "feeds", info)
        if self._kept(key, *paths):
            return
        items = [self._feed_item(event) for event in newest]
        atom, rss = render_feeds(info, items, self.dates, self._)
        self.output.write(paths[0], atom, key)
        self.output.write(paths[1], rss, key)

    def _feed_item(self, event: Event) -> FeedItem:
        chapter = self.model.chapter_of(event)
        page = self._page(event)
        occurrence = featured_occurrence(event, self.model.schedule.event_timeline(event))
        return FeedItem(
            event,
            occurrence,
            chapter,
            page,
            self._rsvp(event),
            self.model.stamps.get(event.slug),
        )

    def _json_event(self, event: Event) -> JsonEvent:
        model, urls = self.model, self.model.urls
        chapter = model.chapter_of(event)
        timeline = model.schedule.event_timeline(event)
        return JsonEvent(
            event=event,
            chapter=chapter,
            url=self._page(event),
            chapter_url=urls.absolute(urls.chapter_path(chapter.slug)) if chapter else "",
            rsvp_url=self._rsvp(event),
            occurrences=(*reversed(timeline.past), *timeline.upcoming)
            if event.is_recurring
            else (),
        )

    def _page(self, event: Event) -> str:
        return self.model.urls.absolute(self.model.urls.event_path(event.slug))


def _years(model: SiteModel) -> tuple[int, int]:
    """Years the VTIMEZONEs must cover: from before the oldest event to past the horizon."""
    first, last = model.now.year, (model.now + model.settings.horizon).year
    for event in model.catalog.events:
        own = event.occurrence_at(event.start)
        upcoming = model.schedule.event_timeline(event).upcoming
        first = min(first, own.starts_at.year)
        last = max(last, (upcoming[-1] if upcoming else own).ends_at.year)
    return first - 1, last + 1


def site_file_jobs(model: SiteModel, output: OutputFolder) -> list[Callable[[], None]]:
    """``sitemap.xml`` and ``robots.txt``, as one job."""
    return [partial(write_site_files, model, output)]


def write_site_files(model: SiteModel, output: OutputFolder) -> None:
    """``sitemap.xml`` (listed pages, ``lastmod`` from content history) and ``robots.txt``."""
    urls, modified = model.urls, model.modified
    listed = [e for e in model.catalog.events if e.visibility is Visibility.PUBLISHED]
    event_time = {e.slug: modified.get(e.source.relpath) for e in listed}
    everything = newest(event_time.values())
    entries = [
        SitemapEntry(path, everything) for path in ("", "events/", "events/past/", "topics/")
    ]
    entries += [SitemapEntry(urls.event_path(slug), moment) for slug, moment in event_time.items()]
    chapters = model.listed_chapters
    entries.append(
        SitemapEntry("chapters/", newest(modified.get(c.source.relpath) for c in chapters))
    )
    for chapter in chapters:
        own = [event_time[e.slug] for e in listed if e.chapter == chapter.slug]
        entries.append(
            SitemapEntry(
                urls.chapter_path(chapter.slug),
                newest([modified.get(chapter.source.relpath), *own]),
            )
        )
    for topic in model.schedule.topics.values():
        slugs = {o.event.slug for o in (*topic.timeline.upcoming, *topic.timeline.past)}
        entries.append(
            SitemapEntry(urls.topic_path(topic.slug), newest(event_time.get(s) for s in slugs))
        )
    for page in model.catalog.pages:
        if page.visibility is Visibility.PUBLISHED:
            entries.append(SitemapEntry(f"{page.slug}/", modified.get(page.source.relpath)))
    output.write("sitemap.xml", render_sitemap(urls, entries))
    output.write("robots.txt", render_robots(urls))
