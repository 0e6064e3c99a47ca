"""The machine-readable files of the site, each declared with what it is made from.

Calendars (the site's, each chapter's, topic's and event's), news feeds,
``/events.json`` and ``/chapters.json`` with their JSON Schemas, the search
index, ``sitemap.xml``, ``robots.txt`` and the small files GitHub Pages reads.
An event's calendar entry, its line of ``events.json`` and its record in the
search index are :class:`~chapterhouse.incremental.outputs.Derived` values:
made once per build (or remembered from the previous one) and shared by every
file that holds them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import partial
from typing import Any

from chapterhouse.calendar.ics import Block, CalendarInfo, EventLinks, IcsWriter, rsvp_link
from chapterhouse.core.model import Chapter, Event, Series, Visibility
from chapterhouse.core.timing import zone
from chapterhouse.feeds.chapters_json import JsonChapter, render_chapters_json
from chapterhouse.feeds.digest import DigestDate, DigestEntry, render_digest_feed
from chapterhouse.feeds.events_json import JsonEvent, assemble_events_json, event_line
from chapterhouse.feeds.news import FeedInfo, FeedItem, newest_first, render_feeds
from chapterhouse.feeds.schemas import SCHEMA_FILES, schema_bytes, schema_path
from chapterhouse.incremental.outputs import Derived, Output
from chapterhouse.render.i18n import Interface
from chapterhouse.site.digest import DigestMonth, registration_url
from chapterhouse.site.embed import headers_file
from chapterhouse.site.icons import icon_outputs
from chapterhouse.site.identity import accent_outputs, pattern_outputs
from chapterhouse.site.model import SiteModel
from chapterhouse.site.schedule import Topic
from chapterhouse.site.search_index import assemble_search_index, event_document, indexed_events
from chapterhouse.site.sitemap import SitemapEntry, newest, render_robots, render_sitemap
from chapterhouse.site.urls import Urls
from chapterhouse.site.views import city_entries, featured_occurrence, shows_zone

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class FileOutputs:
    """Declares the machine-readable files of one build.

    Args:
        model: The derived site.
        interfaces: The interface (words, dates) of each language.
    """

    def __init__(self, model: SiteModel, interfaces: Callable[[str], Interface]):
        self.model = model
        self.urls = model.urls
        self.interfaces = interfaces
        settings = model.settings
        self.years = _years(model)
        self.ics = IcsWriter(
            settings.uid_domain, settings.calendar_refresh, self.years, partial(_words, interfaces)
        )
        self._blocks: dict[str, Derived] = {}

    # Per-event files (stage one) ------------------------------------------------------------
    def event_calendar(self, event: Event) -> Output:
        """An event's own calendar (the "Add to calendar" download)."""
        info = CalendarInfo(
            event.title,
            event.summary or event.title,
            self._page(event),
            event.timezone,
            event.lang,
        )
        return self._calendar(self.urls.event_calendar_path(event.slug), info, (event,))

    # Files that gather events (stage two) ----------------------------------------------------
    def shared_files(self) -> list[Callable[[], Output]]:
        """Calendars, feeds, events.json, chapters.json and their schemas, search, sitemap.

        Each is declared by the process that makes it (see ``incremental.outputs.Stage``).
        """
        model = self.model
        declared: list[Callable[[], Output]] = [self._events_json, self._chapters_json]
        declared += [partial(_schema, name) for name in SCHEMA_FILES]
        for language in model.settings.languages:
            declared += [
                partial(self._site_calendar, language),
                partial(self._feed, "", "atom", language),
                partial(self._feed, "", "rss", language),
            ]

        if model.settings.search:
            declared.append(self._search_index)
        for chapter in model.catalog.published_chapters:
            declared.append(partial(self._chapter_calendar, chapter))
            declared += [partial(self._feed, chapter.slug, kind) for kind in ("atom", "rss")]
            if model.digests_of(chapter):
                declared.append(partial(self._digest_feed, chapter))
        for series in model.catalog.published_series:
            if series.chapter in model.chapters_by_slug:
                declared.append(partial(self._series_calendar, series))
        first = model.settings.languages[0]
        for topic in model.schedule.topics.values():
            declared.append(partial(self._topic_calendar, topic, first))
        declared += [self._sitemap, self._robots, self._nojekyll, self._headers]
        settings = model.settings
        logo = (settings.logo, model.logo) if settings.logo and model.logo else None
        icons = icon_outputs(settings.site_name, self.urls, settings.accent, logo)
        identity = (*icons, *accent_outputs(model), *pattern_outputs(model))
        declared += [partial(_same, o) for o in identity]
        if model.settings.cname:
            declared.append(self._cname)
        return declared

    def _chapter_language(self, chapter: Chapter | None) -> str:
        return (chapter.lang if chapter else "") or self.model.settings.lang

    def _site_calendar(self, language: str) -> Output:
        model, site = self.model, self.model.settings.site_name
        urls, _ = self.urls.for_language(language), self.interfaces(language).gettext
        info = CalendarInfo(
            site,
            _("Every event of %(site)s", site=site),
            urls.absolute(urls.shared("")),
            model.settings.timezone,
            language,
        )
        return self._calendar(urls.calendar_path(), info, model.feed_events)

    def _chapter_calendar(self, chapter: Chapter) -> Output:
        urls, site = self.urls, self.model.settings.site_name
        language = self._chapter_language(chapter)
        info = CalendarInfo(
            f"{chapter.title} · {site}",
            self.interfaces(language).gettext("Events of %(chapter)s", chapter=chapter.title),
            urls.absolute(urls.chapter_path(chapter.slug)),
            chapter.timezone,
            language,
        )
        events = self.model.feed_events_of_chapter(chapter)
        return self._calendar(urls.calendar_path("chapters", chapter.slug), info, events)

    def _series_calendar(self, series: Series) -> Output:
        """A series' calendar: one VEVENT per edition (no RRULE: each edition is its own event)."""
        urls, site = self.urls, self.model.settings.site_name
        chapter = self.model.chapters_by_slug.get(series.chapter)
        language = series.lang or self._chapter_language(chapter)
        info = CalendarInfo(
            f"{series.title} · {site}",
            series.summary or series.title,
            urls.absolute(urls.series_path(series.slug)),
            series.timezone or (chapter.timezone if chapter else self.model.settings.timezone),
            language,
        )
        events = tuple(e for e in self.model.feed_events if e.series == series.slug)
        return self._calendar(urls.calendar_path("series", series.slug), info, events)

    def _topic_calendar(self, topic: Topic, language: str) -> Output:
        model, site = self.model, self.model.settings.site_name
        urls = self.urls.for_language(language)
        name = topic.name_in(language, model.settings.languages[0])
        info = CalendarInfo(
            f"{name} · {site}",
            self.interfaces(language).gettext("Events about %(topic)s", topic=name),
            urls.absolute(urls.topic_path(topic.slug)),
            model.settings.timezone,
            language,
        )
        events = model.feed_events_of_topic(topic)
        return self._calendar(urls.calendar_path("topics", topic.slug), info, events)

    # Calendars --------------------------------------------------------------------------------
    def _calendar(self, path: str, info: CalendarInfo, events: Sequence[Event]) -> Output:
        blocks = tuple(self._block(event) for event in events)
        inputs = {"info": info, "blocks": blocks, "years": self.years}
        return Output(path, "calendar", inputs, partial(_make_calendar, self.ics))

    def _block(self, event: Event) -> Derived:
        """The event's VEVENT, shared by every calendar that holds the event."""
        block = self._blocks.get(event.slug)
        if block is None:
            block = self._blocks[event.slug] = self._new_block(event)
        return block

    def _new_block(self, event: Event) -> Derived:
        model = self.model
        return Derived(
            "vevent",
            {
                "event": event,
                "chapter": model.chapter_of(event),
                "stamp": model.stamps.get(event.slug),
                "years": self.years,
            },
            partial(_make_block, self.ics, self.urls),
        )

    # Feeds ------------------------------------------------------------------------------------
    def _feed(self, chapter_slug: str, kind: str, language: str = "") -> Output:
        """The Atom or RSS feed of the site in ``language``, or of a chapter (in its own)."""
        model = self.model
        chapter = model.chapters_by_slug.get(chapter_slug)
        language = language or self._chapter_language(chapter)
        urls, _ = self.urls.for_language(language), self.interfaces(language).gettext
        if chapter is None:
            site = model.settings.site_name
            title = site
            subtitle = _("New and updated events of %(site)s", site=site)
            events = model.feed_events
        else:
            title = f"{chapter.title} · {model.settings.site_name}"
            subtitle = _("Events of %(chapter)s", chapter=chapter.title)
            events = model.feed_events_of_chapter(chapter)
        info = FeedInfo(
            title=title,
            subtitle=subtitle,
            page_url=urls.absolute(
                urls.chapter_path(chapter_slug) if chapter_slug else urls.shared("")
            ),
            atom_url=urls.absolute(urls.feed_path("atom", chapter_slug)),
            rss_url=urls.absolute(urls.feed_path("rss", chapter_slug)),
            lang=language,
            author=model.settings.site_name,
        )
        entries = tuple(
            (
                event,
                featured_occurrence(event, model.schedule.event_timeline(event)),
                model.chapter_of(event),
                model.stamps.get(event.slug),
            )
            for event in newest_first(events, model.stamps, model.settings.feed_size)
        )
        return Output(
            urls.feed_path(kind, chapter_slug),
            f"feed:{kind}",
            {"info": info, "entries": entries},
            partial(_make_feed, kind, self.urls, self.interfaces),
        )

    # Monthly digests ---------------------------------------------------------------------------
    def _digest_feed(self, chapter: Chapter) -> Output:
        """A chapter's digest feed: a month per entry, newest first, in the chapter's language."""
        model, urls = self.model, self.urls
        language = self._chapter_language(chapter)
        _ = self.interfaces(language).gettext
        info = FeedInfo(
            title=_("%(chapter)s: monthly digest", chapter=chapter.title),
            subtitle=_("The events of %(chapter)s, month by month", chapter=chapter.title),
            page_url=urls.absolute(urls.chapter_path(chapter.slug)),
            atom_url=urls.absolute(urls.digest_feed_path(chapter.slug)),
            rss_url="",
            lang=language,
            author=chapter.title,
        )
        entries = tuple(
            self._digest_entry(chapter, digest, language)
            for digest in reversed(model.digests_of(chapter))
        )
        return Output(
            urls.digest_feed_path(chapter.slug),
            "feed:digest",
            {"info": info, "entries": entries},
            partial(_make_digest_feed, self.interfaces),
        )

    def _digest_entry(self, chapter: Chapter, digest: DigestMonth, language: str) -> DigestEntry:
        model, urls = self.model, self.urls
        interface = self.interfaces(language)
        # The chapter's readers live in its zone: a date elsewhere is named with its own.
        reference = chapter.tz if chapter.timezone else zone(model.settings.timezone)
        dates = []
        for occurrence in digest.occurrences:
            event = occurrence.event
            page = urls.event_page(event)
            url = f"{page}#date-{occurrence.key}" if event.is_recurring else page
            dates.append(
                DigestDate(
                    occurrence,
                    url,
                    registration_url(occurrence, chapter, page),
                    shows_zone(occurrence, reference),
                )
            )
        stamps = [model.stamps.get(event.slug) for event in digest.events]
        known = [stamp for stamp in stamps if stamp is not None]
        chapter_changed = model.modified.get(chapter.source.relpath)
        changes = [stamp.modified for stamp in known]
        if chapter_changed is not None:  # its description is the digest's introduction
            changes.append(chapter_changed)
        return DigestEntry(
            title=interface.gettext(
                "%(chapter)s — %(month)s",
                chapter=chapter.title,
                month=interface.dates.month(digest.month.first_day),
            ),
            url=urls.absolute(urls.digest_path(chapter.slug, digest.month.key)),
            intro=chapter.summary,
            dates=tuple(dates),
            published=min((stamp.created for stamp in known), default=_EPOCH),
            updated=max(
                [*changes, *([chapter_changed] if chapter_changed else [])], default=_EPOCH
            ),
        )

    # events.json, chapters.json and the search index ----------------------------------------
    def _events_json(self) -> Output:
        model = self.model
        lines = tuple(
            Derived(
                "events-json",
                {
                    "event": event,
                    "chapter": model.chapter_of(event),
                    "cohosts": model.cohosts_of(event),
                    "timeline": model.schedule.event_timeline(event),
                    "domain": model.settings.uid_domain,
                    # ``updated``, ``created`` and ``sequence``: the calendars' own values.
                    "stamp": model.stamps.get(event.slug),
                    "default_lang": model.settings.lang,
                },
                partial(_make_json_line, self.urls),
            )
            for event in model.feed_events
        )
        inputs = {
            "site_name": model.settings.site_name,
            "site_url": model.settings.site_url,
            "schema_url": self.urls.absolute(schema_path("events.json")),
            "lines": lines,
        }
        return Output("events.json", "events.json", inputs, _make_events_json)

    def _chapters_json(self) -> Output:
        model, urls = self.model, self.urls
        chapters = tuple(
            JsonChapter(
                chapter=chapter,
                url=urls.absolute(urls.chapter_path(chapter.slug)),
                calendar_url=urls.absolute(urls.calendar_path("chapters", chapter.slug)),
                atom_url=urls.absolute(urls.feed_path("atom", chapter.slug)),
                rss_url=urls.absolute(urls.feed_path("rss", chapter.slug)),
                updated=model.modified.get(chapter.source.relpath),
                default_lang=model.settings.lang,
            )
            for chapter in sorted(model.listed_chapters, key=lambda c: c.slug)
            if not chapter.is_remote
        )
        inputs = {
            "site_name": model.settings.site_name,
            "site_url": model.settings.site_url,
            "schema_url": urls.absolute(schema_path("chapters.json")),
            "chapters": chapters,
        }
        return Output("chapters.json", "chapters.json", inputs, _make_chapters_json)

    def _search_index(self) -> Output:
        model = self.model
        documents = tuple(
            Derived(
                "search-event",
                {
                    "event": event,
                    "timeline": model.schedule.event_timeline(event),
                    "chapter": model.chapter_of(event),
                    "online": self.interfaces(event.lang).gettext("Online"),
                },
                partial(event_document, model.urls, self.interfaces(event.lang).dates.short_date),
            )
            for event in indexed_events(model)
        )
        inputs = {
            "events": documents,
            "chapters": tuple(model.listed_chapters),
            "pages": tuple(p for p in model.catalog.pages if p.visibility is Visibility.PUBLISHED),
            "default_language": model.settings.lang,
        }
        return Output("search.json", "search.json", inputs, partial(_make_search, model.urls))

    # Site files ---------------------------------------------------------------------------
    def _sitemap(self) -> Output:
        entries = tuple(_sitemap_entries(self.model))
        return Output(
            "sitemap.xml", "sitemap", {"entries": entries}, partial(_make_sitemap, self.urls)
        )

    def _robots(self) -> Output:
        site = self.model.settings.site_url
        return Output("robots.txt", "robots", {"site": site}, partial(_make_robots, self.urls))

    def _nojekyll(self) -> Output:
        return Output(".nojekyll", "nojekyll", {}, _nothing)  # GitHub Pages: files as they are

    def _headers(self) -> Output:
        urls = self.urls
        patterns = (
            *(urls.for_language(tag).embed_path() for tag in self.model.settings.languages),
            urls.embed_path(":slug"),
        )
        inputs = {"site_path": urls.site_path, "patterns": patterns}
        return Output("_headers", "headers", inputs, _make_headers)

    def _cname(self) -> Output:
        return Output("CNAME", "cname", {"cname": self.model.settings.cname}, _make_cname)

    def _page(self, event: Event) -> str:
        return self.urls.event_page(event)


def _make_block(ics: IcsWriter, urls: Urls, **values: Any) -> Block:
    event, chapter = values["event"], values["chapter"]
    page = urls.event_page(event)
    links = EventLinks(page, rsvp_link(event, chapter, page))
    return ics.event_block(event, chapter, values["stamp"], links)


def _make_calendar(ics: IcsWriter, inputs: Any) -> bytes:
    return ics.calendar(inputs["info"], inputs["blocks"])


def _words(
    interfaces: Callable[[str], Interface],
    language: str,
    message: str,
    plural: str = "",
    count: int = 1,
) -> str:
    if plural:
        return interfaces(language).translations.ngettext(message, plural, count)
    return interfaces(language).gettext(message)


def _make_feed(kind: str, urls: Urls, interfaces: Callable[[str], Interface], inputs: Any) -> bytes:
    items = []
    for event, occurrence, chapter, stamp in inputs["entries"]:
        page = urls.event_page(event)
        items.append(
            FeedItem(event, occurrence, chapter, page, rsvp_link(event, chapter, page), stamp)
        )
    atom, rss = render_feeds(inputs["info"], items, interfaces)
    return atom if kind == "atom" else rss


def _make_digest_feed(interfaces: Callable[[str], Interface], inputs: Any) -> bytes:
    interface = interfaces(inputs["info"].lang)
    return render_digest_feed(inputs["info"], inputs["entries"], interface.dates, interface.gettext)


def _make_json_line(urls: Urls, **values: Any) -> str:
    event, chapter, timeline = values["event"], values["chapter"], values["timeline"]
    page = urls.event_page(event)
    item = JsonEvent(
        event=event,
        chapter=chapter,
        url=page,
        chapter_url=urls.chapter_page(chapter) if chapter else "",
        rsvp_url=rsvp_link(event, chapter, page),
        occurrences=(*reversed(timeline.past), *timeline.upcoming) if event.is_recurring else (),
        stamp=values["stamp"],
        default_lang=values["default_lang"],
        cohosts=tuple((cohost, urls.chapter_page(cohost)) for cohost in values["cohosts"]),
        photo_urls=tuple(urls.image(photo) for photo in event.recap.photos) if event.recap else (),
    )
    return event_line(item, values["domain"])


def _make_events_json(inputs: Any) -> bytes:
    return assemble_events_json(
        inputs["site_name"], inputs["site_url"], inputs["lines"], inputs["schema_url"]
    )


def _make_chapters_json(inputs: Any) -> bytes:
    return render_chapters_json(
        inputs["site_name"], inputs["site_url"], inputs["chapters"], inputs["schema_url"]
    )


def _schema(name: str) -> Output:
    """A JSON Schema, copied from the package (its bytes are its input)."""
    return Output(name, "json-schema", {"schema": schema_bytes(name)}, _make_schema)


def _make_schema(inputs: Any) -> bytes:
    return inputs["schema"]


def _make_search(urls: Any, inputs: Any) -> bytes:
    return assemble_search_index(
        urls, inputs["events"], inputs["chapters"], inputs["pages"], inputs["default_language"]
    )


def _make_sitemap(urls: Any, inputs: Any) -> bytes:
    return render_sitemap(urls, inputs["entries"])


def _make_robots(urls: Any, inputs: Any) -> bytes:
    return render_robots(urls)


def _make_headers(inputs: Any) -> bytes:
    return headers_file(inputs["site_path"], inputs["patterns"]).encode()


def _make_cname(inputs: Any) -> bytes:
    return f"{inputs['cname']}\n".encode()


def _same(output: Output) -> Output:
    return output


def _nothing(inputs: Any) -> bytes:
    return b""


def _sitemap_entries(model: SiteModel) -> list[SitemapEntry]:
    """Listed pages, each dated by the last change of the content it shows."""
    urls, modified = model.urls, model.modified
    listed = [
        e for e in model.catalog.events if e.visibility is Visibility.PUBLISHED and not e.is_remote
    ]
    event_time = {e.slug: modified.get(e.source.relpath) for e in listed}
    everything = newest(event_time.values())

    def shared(path: str, moment: datetime | None) -> list[SitemapEntry]:
        """A site-wide page in each of the site's languages, each naming the others."""
        if len(urls.languages) < 2:
            return [SitemapEntry(path, moment)]
        versions = urls.translations(path)
        return [SitemapEntry(own, moment, versions) for _, own in versions]

    entries = [
        e for path in ("", "events/", "events/past/", "topics/") for e in shared(path, everything)
    ]
    entries += [SitemapEntry(urls.event_path(slug), moment) for slug, moment in event_time.items()]
    by_chapter: dict[str, list[datetime | None]] = {}
    by_series: dict[str, list[datetime | None]] = {}
    for event in listed:
        by_chapter.setdefault(event.chapter, []).append(event_time[event.slug])
        if event.series:
            by_series.setdefault(event.series, []).append(event_time[event.slug])
    chapters = [chapter for chapter in model.listed_chapters if not chapter.is_remote]
    entries += shared("chapters/", newest(modified.get(c.source.relpath) for c in chapters))
    for chapter in chapters:
        own = by_chapter.get(chapter.slug, [])
        entries.append(
            SitemapEntry(
                urls.chapter_path(chapter.slug),
                newest([modified.get(chapter.source.relpath), *own]),
            )
        )
        for digest in model.digests_of(chapter):
            shown = (event_time.get(event.slug) for event in digest.events)
            entries.append(
                SitemapEntry(
                    urls.digest_path(chapter.slug, digest.month.key),
                    newest([modified.get(chapter.source.relpath), *shown]),
                )
            )
    for series in model.catalog.series:
        if series.visibility is Visibility.PUBLISHED and series.chapter in model.chapters_by_slug:
            own = by_series.get(series.slug, [])
            entries.append(
                SitemapEntry(
                    urls.series_path(series.slug),
                    newest([modified.get(series.source.relpath), *own]),
                )
            )
    for topic in model.schedule.topics.values():
        slugs = {o.event.slug for o in (*topic.timeline.upcoming, *topic.timeline.past)}
        entries += shared(urls.topic_path(topic.slug), newest(event_time.get(s) for s in slugs))
    cities = city_entries(model.listed_chapters)
    if cities:
        entries += shared("cities/", newest(modified.get(c.source.relpath) for c in chapters))
    for city in cities:
        own = [moment for slug in city.chapters for moment in by_chapter.get(slug, ())]
        entries += shared(f"cities/{city.slug}/", newest(own))
    for page in model.catalog.pages:
        if page.visibility is Visibility.PUBLISHED:
            entries.append(SitemapEntry(f"{page.slug}/", modified.get(page.source.relpath)))
    return entries


def _years(model: SiteModel) -> tuple[int, int]:
    """Years the VTIMEZONEs must cover: from before the oldest event to past the horizon."""
    first, last = model.now.year, (model.now + model.settings.horizon).year
    for event in model.catalog.events:
        own = event.occurrence_at(event.start)
        upcoming = model.schedule.event_timeline(event).upcoming
        first = min(first, own.starts_at.year)
        last = max(last, (upcoming[-1] if upcoming else own).ends_at.year)
    return first - 1, last + 1
