"""Phase two: calendars (.ics), news feeds (Atom, RSS) and /events.json."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from chapterhouse.build.output import OutputFolder
from chapterhouse.calendar.ics import CalendarInfo, EventLinks, IcsWriter, rsvp_link
from chapterhouse.core.model import Event, Visibility
from chapterhouse.feeds.events_json import JsonEvent, render_events_json
from chapterhouse.feeds.news import FeedInfo, FeedItem, newest_first, render_feeds
from chapterhouse.render.dates import DateFormatter
from chapterhouse.site.model import SiteModel
from chapterhouse.site.sitemap import SitemapEntry, newest, render_robots, render_sitemap
from chapterhouse.site.views import featured_occurrence


class FeedWriter:
    """Writes every machine-readable file of the site."""

    def __init__(
        self,
        model: SiteModel,
        output: OutputFolder,
        dates: DateFormatter,
        gettext: Callable[[str], str],
    ):
        self.model = model
        self.output = output
        self.dates = dates
        self._ = gettext
        settings = model.settings
        self.ics = IcsWriter(settings.uid_domain, settings.calendar_refresh, _years(model), gettext)

    def write_all(self) -> None:
        """Site, chapter, topic and event calendars; site and chapter feeds; events.json."""
        model, urls, _ = self.model, self.model.urls, self._
        site = model.settings.site_name
        self._calendar(
            urls.calendar_path(),
            CalendarInfo(site, _("Every event of %(site)s") % {"site": site}, urls.absolute("")),
            model.feed_events,
        )
        self._feeds(
            site, _("New and updated events of %(site)s") % {"site": site}, "", model.feed_events
        )
        for chapter in model.catalog.chapters:
            events = model.feed_events_of_chapter(chapter)
            name = f"{chapter.title} · {site}"
            page = urls.absolute(urls.chapter_path(chapter.slug))
            self._calendar(
                urls.calendar_path("chapters", chapter.slug),
                CalendarInfo(name, _("Events of %(chapter)s") % {"chapter": chapter.title}, page),
                events,
            )
            self._feeds(
                name, _("Events of %(chapter)s") % {"chapter": chapter.title}, chapter.slug, events
            )
        for topic in model.schedule.topics.values():
            self._calendar(
                urls.calendar_path("topics", topic.slug),
                CalendarInfo(
                    f"{topic.name} · {site}",
                    _("Events about %(topic)s") % {"topic": topic.name},
                    urls.absolute(urls.topic_path(topic.slug)),
                ),
                model.feed_events_of_topic(topic),
            )
        for event in model.catalog.published_events:
            self._calendar(
                urls.event_calendar_path(event.slug),
                CalendarInfo(event.title, event.summary or event.title, self._page(event)),
                [event],
            )
        self.output.write("events.json", self._events_json())

    def _calendar(self, path: str, info: CalendarInfo, events: Iterable[Event]) -> None:
        blocks = (self._block(event) for event in events)
        self.output.write(path, self.ics.calendar(info, blocks))

    def _block(self, event: Event) -> tuple[bytes, frozenset[str]]:
        chapter = self.model.chapter_of(event)
        page = self._page(event)
        links = EventLinks(page, rsvp_link(event, chapter, page))
        return self.ics.event_block(event, chapter, self.model.stamps.get(event.slug), links)

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
        items = [self._feed_item(event) for event in events]
        atom, rss = render_feeds(
            info, newest_first(items, model.settings.feed_size), self.dates, self._
        )
        self.output.write(urls.feed_path("atom", chapter), atom)
        self.output.write(urls.feed_path("rss", chapter), rss)

    def _feed_item(self, event: Event) -> FeedItem:
        chapter = self.model.chapter_of(event)
        page = self._page(event)
        occurrence = featured_occurrence(event, self.model.schedule.event_timeline(event))
        return FeedItem(
            event,
            occurrence,
            chapter,
            page,
            rsvp_link(event, chapter, page),
            self.model.stamps.get(event.slug),
        )

    def _events_json(self) -> bytes:
        model, urls = self.model, self.model.urls
        items = []
        for event in model.feed_events:
            chapter = model.chapter_of(event)
            timeline = model.schedule.event_timeline(event)
            page = self._page(event)
            items.append(
                JsonEvent(
                    event=event,
                    chapter=chapter,
                    url=page,
                    chapter_url=urls.absolute(urls.chapter_path(chapter.slug)) if chapter else "",
                    rsvp_url=rsvp_link(event, chapter, page),
                    occurrences=(*reversed(timeline.past), *timeline.upcoming)
                    if event.is_recurring
                    else (),
                )
            )
        settings = model.settings
        return render_events_json(settings.site_name, settings.site_url, settings.uid_domain, items)

    def _page(self, event: Event) -> str:
        return self.model.urls.absolute(self.model.urls.event_path(event.slug))


def _years(model: SiteModel) -> tuple[int, int]:
    """Years the VTIMEZONEs must cover: from before the oldest event to past the horizon."""
    starts = [model.now] + [e.occurrence_at(e.start).starts_at for e in model.catalog.events]
    ends: list[datetime] = [model.now + model.settings.horizon]
    for event in model.catalog.events:
        timeline = model.schedule.event_timeline(event)
        ends.append(
            timeline.upcoming[-1].ends_at
            if timeline.upcoming
            else event.occurrence_at(event.start).ends_at
        )
    return min(starts).year - 1, max(ends).year + 1


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
