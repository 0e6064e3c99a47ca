"""Phase two: the HTML pages (home, listings, events, chapters, topics, 404)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from chapterhouse.calendar.links import google_calendar_url, outlook_url
from chapterhouse.core.model import Chapter, Event, Occurrence
from chapterhouse.render.dates import DateFormatter
from chapterhouse.site.jsonld import chapter_jsonld, event_jsonld, script_json
from chapterhouse.site.links import resolve_intrasite_links
from chapterhouse.site.model import SiteModel
from chapterhouse.site.schedule import Topic, paginate
from chapterhouse.site.subscribe import (
    Subscription,
    calendar_alternate,
    feed_alternates,
    site_alternates,
)
from chapterhouse.site.views import description, featured_occurrence, rsvp_view

logger = logging.getLogger("chapterhouse")


class PageWriter:
    """Renders every page through Pelican's writer.

    Args:
        model: The derived site.
        write: ``write(save_as, template_name, **values)``, bound to Pelican's writer.
        bodies: Sanitised HTML bodies by source path.
        find_link: Resolves ``{filename}``/``{static}`` links (see ``site.links``).
        dates: Date formatter of the interface language.
        gettext: Translation function.
    """

    def __init__(
        self,
        model: SiteModel,
        write: Callable[..., None],
        bodies: dict[str, Markup],
        find_link: Callable[[str, str], str | None],
        dates: DateFormatter,
        gettext: Callable[[str], str],
    ):
        self.model = model
        self._write_file = write
        self.bodies = bodies
        self.find_link = find_link
        self.dates = dates
        self._ = gettext
        urls = model.urls
        site = model.settings.site_name
        self.site_calendar = Subscription(site, urls.absolute(urls.calendar_path()))
        self.site_alternates = site_alternates(urls, site)

    def write_all(self) -> None:
        """Every page of the site."""
        model, schedule, size = self.model, self.model.schedule, self.model.settings.page_size
        self._write(
            "",
            "index",
            upcoming=schedule.everything.upcoming[: model.settings.home_upcoming],
            upcoming_count=len(schedule.everything.upcoming),
            subscription=self.site_calendar,
        )
        self._write_listing("events/", schedule.everything.upcoming, "upcoming", "")
        self._write_listing("events/past/", schedule.everything.past, "past", "")
        for event in model.catalog.published_events:
            self._write_event(event)
        self._write("chapters/", "chapters")
        for chapter in model.catalog.published_chapters:
            self._write_chapter(chapter)
        self._write("topics/", "topics")
        for topic in schedule.topics.values():
            self._write_topic(topic, size)
        self._write("404.html", "404")
        if model.settings.search:
            self._write("search/", "search", page_title=self._("Search"))

    def _write_event(self, event: Event) -> None:
        model, urls = self.model, self.model.urls
        timeline = model.schedule.event_timeline(event)
        occurrence = featured_occurrence(event, timeline)
        chapter = model.chapter_of(event)
        ics = urls.event_calendar_path(event.slug)
        alternates = [calendar_alternate(urls, ics, event.title), *self._chapter_feeds(chapter)]
        rsvp = rsvp_view(event, occurrence, chapter, model.now, urls)
        summary = description(event, chapter)
        image = urls.image(event.image or (chapter.image if chapter else ""))
        stamp = model.stamps.get(event.slug)
        dated = timeline.upcoming if event.is_recurring and timeline.upcoming else (occurrence,)
        structured = event_jsonld(
            event,
            chapter,
            dated,
            rsvp,
            urls,
            model.settings.site_name,
            image,
            summary,
            stamp.created if stamp else None,
            self._("Venue to be announced"),
        )
        self._write(
            urls.event_path(event.slug),
            "event",
            event=event,
            chapter=chapter,
            occurrence=occurrence,
            timeline=timeline,
            rsvp=rsvp,
            body=self._body(event.source.relpath),
            page_title=event.title,
            page_description=summary,
            page_image=image,
            jsonld=script_json(structured),
            content_lang=event.lang,
            alternates=alternates,
            add_to_calendar=self._add_to_calendar(event, chapter, occurrence, ics),
        )

    def _write_chapter(self, chapter: Chapter) -> None:
        model, urls = self.model, self.model.urls
        timeline = model.schedule.chapter_timeline(chapter)
        base = urls.chapter_path(chapter.slug)
        calendar = urls.calendar_path("chapters", chapter.slug)
        name = f"{chapter.title} · {model.settings.site_name}"
        self._write(
            base,
            "chapter",
            chapter=chapter,
            body=self._body(chapter.source.relpath),
            upcoming=timeline.upcoming,
            past=timeline.past[: model.settings.page_size],
            past_count=len(timeline.past),
            page_title=chapter.title,
            page_description=chapter.summary,
            page_image=urls.image(chapter.image),
            jsonld=script_json(
                chapter_jsonld(chapter, urls, urls.image(chapter.image) if chapter.image else "")
            ),
            content_lang=chapter.lang,
            subscription=Subscription(name, urls.absolute(calendar)),
            alternates=[calendar_alternate(urls, calendar, name), *self._chapter_feeds(chapter)],
        )
        self._write_listing(f"{base}past/", timeline.past, "past", chapter.title)

    def _write_topic(self, topic: Topic, size: int) -> None:
        urls = self.model.urls
        base = urls.topic_path(topic.slug)
        calendar = urls.calendar_path("topics", topic.slug)
        name = f"{topic.name} · {self.model.settings.site_name}"
        self._write(
            base,
            "topic",
            topic=topic,
            upcoming=topic.timeline.upcoming,
            past=topic.timeline.past[:size],
            past_count=len(topic.timeline.past),
            subscription=Subscription(name, urls.absolute(calendar)),
            alternates=[calendar_alternate(urls, calendar, name), *self.site_alternates[1:]],
        )
        self._write_listing(f"{base}past/", topic.timeline.past, "past", topic.name)

    def _write_listing(
        self, base: str, items: tuple[Occurrence, ...], kind: str, scope: str
    ) -> None:
        for page in paginate(items, self.model.settings.page_size):
            self._write(
                self.model.urls.listing_path(base, page.number),
                "events",
                listing=page,
                listing_kind=kind,
                listing_base=base,
                listing_scope=scope,
            )

    def _add_to_calendar(
        self, event: Event, chapter: Chapter | None, occurrence: Occurrence, ics: str
    ) -> dict:
        details = f"{event.summary}\n\n" if event.summary else ""
        details += self.model.urls.absolute(self.model.urls.event_path(event.slug))
        location = event.venue.one_line if event.venue else event.online_url
        return {
            "ics": self.model.urls.link(ics),
            "ics_name": f"{event.slug}.ics",
            "google": google_calendar_url(occurrence, event.title, details, location),
            "outlook": outlook_url(occurrence, event.title, details, location),
        }

    def _chapter_feeds(self, chapter: Chapter | None) -> list:
        if chapter is None:
            return self.site_alternates[1:]
        return feed_alternates(self.model.urls, chapter.title, chapter.slug)

    def _body(self, relpath: str) -> Markup:
        """A sanitised body with ``{filename}``/``{static}`` links resolved."""
        body = self.bodies.get(relpath, Markup(""))
        if "{" not in body:
            return body
        html, missing = resolve_intrasite_links(str(body), relpath, self.find_link)
        for target in missing:
            logger.warning("[chapterhouse] %s: link to %s: no such content file", relpath, target)
        return Markup(html)  # noqa: S704 - sanitised HTML with only link targets replaced

    def _write(self, path: str, template: str, **values: Any) -> None:
        values.setdefault("alternates", self.site_alternates)
        self._write_file(self.model.urls.save_as(path), template, page_path=path, **values)
