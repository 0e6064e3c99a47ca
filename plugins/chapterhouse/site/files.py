"""The machine-readable files of the site, each declared with what it is made from.

Calendars (the site's, each chapter's, topic's and event's), news feeds,
``/events.json``, the search index, ``sitemap.xml``, ``robots.txt`` and the
small files GitHub Pages reads. An event's calendar entry, its line of
``events.json`` and its record in the search index are
:class:`~chapterhouse.incremental.outputs.Derived` values: made once per
build (or remembered from the previous one) and shared by every file that
holds them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from chapterhouse.calendar.ics import Block, CalendarInfo, EventLinks, IcsWriter, rsvp_link
from chapterhouse.core.model import Event, Visibility
from chapterhouse.feeds.events_json import JsonEvent, assemble_events_json, event_line
from chapterhouse.feeds.news import FeedInfo, FeedItem, newest_first, render_feeds
from chapterhouse.incremental.outputs import Derived, Output
from chapterhouse.render.dates import DateFormatter
from chapterhouse.site.model import SiteModel
from chapterhouse.site.search_index import assemble_search_index, event_document, indexed_events
from chapterhouse.site.sitemap import SitemapEntry, newest, render_robots, render_sitemap
from chapterhouse.site.views import featured_occurrence


class FileOutputs:
    """Declares the machine-readable files of one build.

    Args:
        model: The derived site.
        dates: Formats dates in the site's language (feeds, search index).
        gettext: Translation function.
    """

    def __init__(self, model: SiteModel, dates: DateFormatter, gettext: Callable[[str], str]):
        self.model = model
        self.urls = model.urls
        self.dates = dates
        self._ = gettext
        settings = model.settings
        self.years = _years(model)
        self.ics = IcsWriter(settings.uid_domain, settings.calendar_refresh, self.years, gettext)

    # Per-event files (stage one) ------------------------------------------------------------
    def event_calendars(self) -> list[Output]:
        """Each event's own calendar (the "Add to calendar" download)."""
        outputs = []
        for event in self.model.catalog.published_events:
            info = CalendarInfo(
                event.title, event.summary or event.title, self._page(event), event.timezone
            )
            outputs.append(
                self._calendar(self.urls.event_calendar_path(event.slug), info, (event,))
            )
        return outputs

    # Files that gather events (stage two) ----------------------------------------------------
    def shared_files(self) -> list[Output]:
        """Calendars and feeds of the site, chapters and topics; events.json, search, sitemap."""
        model, urls, _ = self.model, self.urls, self._
        site, settings = model.settings.site_name, model.settings
        outputs = [
            self._calendar(
                urls.calendar_path(),
                CalendarInfo(
                    site,
                    _("Every event of %(site)s") % {"site": site},
                    urls.absolute(""),
                    settings.timezone,
                ),
                model.feed_events,
            ),
            *self._feeds(
                site,
                _("New and updated events of %(site)s") % {"site": site},
                "",
                model.feed_events,
            ),
            self._events_json(),
        ]
        if settings.search:
            outputs.append(self._search_index())
        for chapter in model.catalog.published_chapters:
            events = model.feed_events_of_chapter(chapter)
            name = f"{chapter.title} · {site}"
            description = _("Events of %(chapter)s") % {"chapter": chapter.title}
            page = urls.absolute(urls.chapter_path(chapter.slug))
            info = CalendarInfo(name, description, page, chapter.timezone)
            outputs.append(
                self._calendar(urls.calendar_path("chapters", chapter.slug), info, events)
            )
            outputs += self._feeds(name, description, chapter.slug, events)
        for topic in model.schedule.topics.values():
            info = CalendarInfo(
                f"{topic.name} · {site}",
                _("Events about %(topic)s") % {"topic": topic.name},
                urls.absolute(urls.topic_path(topic.slug)),
                settings.timezone,
            )
            outputs.append(
                self._calendar(
                    urls.calendar_path("topics", topic.slug),
                    info,
                    model.feed_events_of_topic(topic),
                )
            )
        outputs += self._site_files()
        return outputs

    # Calendars --------------------------------------------------------------------------------
    def _calendar(self, path: str, info: CalendarInfo, events: Sequence[Event]) -> Output:
        blocks = tuple(self._block(event) for event in events)
        inputs = {"info": info, "blocks": blocks, "years": self.years}
        return Output(path, "calendar", inputs, partial(_make_calendar, self.ics))

    def _block(self, event: Event) -> Derived:
        """The event's VEVENT, shared by every calendar that holds the event."""
        model = self.model
        return Derived(
            "vevent",
            {
                "event": event,
                "chapter": model.chapter_of(event),
                "stamp": model.stamps.get(event.slug),
                "page": self._page(event),
                "years": self.years,
            },
            partial(_make_block, self.ics),
        )

    # Feeds ------------------------------------------------------------------------------------
    def _feeds(
        self, title: str, subtitle: str, chapter: str, events: Sequence[Event]
    ) -> list[Output]:
        urls, model = self.urls, self.model
        info = FeedInfo(
            title=title,
            subtitle=subtitle,
            page_url=urls.absolute(urls.chapter_path(chapter) if chapter else ""),
            atom_url=urls.absolute(urls.feed_path("atom", chapter)),
            rss_url=urls.absolute(urls.feed_path("rss", chapter)),
            lang=model.settings.lang,
            author=model.settings.site_name,
        )
        items = tuple(
            self._feed_item(event)
            for event in newest_first(events, model.stamps, model.settings.feed_size)
        )
        both = Derived(
            "feeds", {"info": info, "items": items}, partial(_make_feeds, self.dates, self._)
        )
        return [
            Output(urls.feed_path(kind, chapter), f"feed:{kind}", {"feeds": both}, make)
            for kind, make in (("atom", _atom), ("rss", _rss))
        ]

    def _feed_item(self, event: Event) -> FeedItem:
        model = self.model
        occurrence = featured_occurrence(event, model.schedule.event_timeline(event))
        chapter = model.chapter_of(event)
        page = self._page(event)
        return FeedItem(
            event,
            occurrence,
            chapter,
            page,
            rsvp_link(event, chapter, page),
            model.stamps.get(event.slug),
        )

    # events.json and the search index ------------------------------------------------------
    def _events_json(self) -> Output:
        model = self.model
        lines = tuple(
            Derived(
                "events-json",
                {"item": self._json_event(event), "domain": model.settings.uid_domain},
                event_line,
            )
            for event in model.feed_events
        )
        inputs = {
            "site_name": model.settings.site_name,
            "site_url": model.settings.site_url,
            "lines": lines,
        }
        return Output("events.json", "events.json", inputs, _make_events_json)

    def _json_event(self, event: Event) -> JsonEvent:
        model, urls = self.model, self.urls
        chapter = model.chapter_of(event)
        timeline = model.schedule.event_timeline(event)
        page = self._page(event)
        return JsonEvent(
            event=event,
            chapter=chapter,
            url=page,
            chapter_url=urls.absolute(urls.chapter_path(chapter.slug)) if chapter else "",
            rsvp_url=rsvp_link(event, chapter, page),
            occurrences=(*reversed(timeline.past), *timeline.upcoming)
            if event.is_recurring
            else (),
        )

    def _search_index(self) -> Output:
        model = self.model
        documents = tuple(
            Derived(
                "search-event",
                {
                    "event": event,
                    "timeline": model.schedule.event_timeline(event),
                    "chapter": model.chapter_of(event),
                    "online": self._("Online"),
                },
                partial(event_document, model.urls, self.dates.short_date),
            )
            for event in indexed_events(model)
        )
        inputs = {
            "events": documents,
            "chapters": tuple(model.listed_chapters),
            "pages": tuple(p for p in model.catalog.pages if p.visibility is Visibility.PUBLISHED),
        }
        return Output("search.json", "search.json", inputs, partial(_make_search, model.urls))

    # Site files ---------------------------------------------------------------------------
    def _site_files(self) -> list[Output]:
        model = self.model
        entries = tuple(_sitemap_entries(model))
        outputs = [
            Output(
                "sitemap.xml",
                "sitemap",
                {"entries": entries},
                partial(_make_sitemap, model.urls),
            ),
            Output(
                "robots.txt",
                "robots",
                {"site": model.settings.site_url},
                partial(_make_robots, model.urls),
            ),
            Output(".nojekyll", "nojekyll", {}, _nothing),  # GitHub Pages: serve files as they are
        ]
        if model.settings.cname:
            outputs.append(Output("CNAME", "cname", {"cname": model.settings.cname}, _make_cname))
        return outputs

    def _page(self, event: Event) -> str:
        return self.urls.absolute(self.urls.event_path(event.slug))


def _make_block(ics: IcsWriter, **values: Any) -> Block:
    links = EventLinks(
        values["page"], rsvp_link(values["event"], values["chapter"], values["page"])
    )
    return ics.event_block(values["event"], values["chapter"], values["stamp"], links)


def _make_calendar(ics: IcsWriter, inputs: Any) -> bytes:
    return ics.calendar(inputs["info"], inputs["blocks"])


def _make_feeds(
    dates: DateFormatter, gettext: Callable[[str], str], **values: Any
) -> tuple[bytes, bytes]:
    return render_feeds(values["info"], values["items"], dates, gettext)


def _atom(inputs: Any) -> bytes:
    return inputs["feeds"][0]


def _rss(inputs: Any) -> bytes:
    return inputs["feeds"][1]


def _make_events_json(inputs: Any) -> bytes:
    return assemble_events_json(inputs["site_name"], inputs["site_url"], inputs["lines"])


def _make_search(urls: Any, inputs: Any) -> bytes:
    return assemble_search_index(urls, inputs["events"], inputs["chapters"], inputs["pages"])


def _make_sitemap(urls: Any, inputs: Any) -> bytes:
    return render_sitemap(urls, inputs["entries"])


def _make_robots(urls: Any, inputs: Any) -> bytes:
    return render_robots(urls)


def _make_cname(inputs: Any) -> bytes:
    return f"{inputs['cname']}\n".encode()


def _nothing(inputs: Any) -> bytes:
    return b""


def _sitemap_entries(model: SiteModel) -> list[SitemapEntry]:
    """Listed pages, each dated by the last change of the content it shows."""
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
