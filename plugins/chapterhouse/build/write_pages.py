"""Phase two: the HTML pages (home, listings, events, chapters, topics, search, 404).

Every page is one *job* (a callable) so that the generator can spread them
over cores. Pages are rendered from the templates with a small context (what
the templates use, not Pelican's whole settings: copying that for every
include was a third of the rendering time), and an event's card in listings
is rendered once per process and reused by every listing that shows it.

Event, chapter, topic and listing pages are *cached*: the fingerprint of the
values they are rendered from is compared with the previous build's, and an
unchanged page is kept without being rendered. Their templates see only those
values (and the footer's pages), never site-wide ones such as the schedule.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from markupsafe import Markup

from chapterhouse.build.fingerprint import Fingerprinter, Unfingerprintable, timeline_key
from chapterhouse.build.output import OutputFolder
from chapterhouse.calendar.links import google_calendar_url, outlook_url
from chapterhouse.core.model import Chapter, Event, Occurrence
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

Render = Callable[..., str]


class PageWriter:
    """Builds the page jobs of the site.

    Args:
        model: The derived site.
        render: ``render(template_name, **values) -> str``.
        output: Where pages are written.
        bodies: Sanitised HTML bodies by source path.
        find_link: Resolves ``{filename}``/``{static}`` links (see ``site.links``).
        gettext: Translation function.
        fingerprints: Fingerprints page values (events' keys known).
        footer: (url, title) of the pages listed in every page's footer.
        written: Called with each written path (Pelican's ``content_written`` signal).
    """

    def __init__(
        self,
        model: SiteModel,
        render: Render,
        output: OutputFolder,
        bodies: dict[str, Markup],
        find_link: Callable[[str, str], str | None],
        gettext: Callable[[str], str],
        fingerprints: Fingerprinter,
        footer: tuple[tuple[str, str], ...] = (),
        written: Callable[[str, dict[str, Any]], None] = lambda path, values: None,
    ):
        self.model = model
        self.render = render
        self.output = output
        self.bodies = bodies
        self.find_link = find_link
        self._ = gettext
        self.written = written
        self.fingerprints = fingerprints
        urls = model.urls
        site = model.settings.site_name
        self.site_calendar = Subscription(site, urls.absolute(urls.calendar_path()))
        self.site_alternates = site_alternates(urls, site)
        self._cards: dict[tuple[str, str, str], Markup] = {}
        # What every cached page depends on besides its own values.
        self._site_key = fingerprints.of(footer, self.site_alternates)
        self._chapters_key = fingerprints.of(model.chapters_by_slug)

    def event_jobs(self) -> list[Callable[[], None]]:
        """One callable per event page."""
        return [partial(self._write_event, e) for e in self.model.catalog.published_events]

    def shared_jobs(self) -> list[Callable[[], None]]:
        """One callable per page that shows many events (listings, chapters, topics…)."""
        model, schedule = self.model, self.model.schedule
        jobs: list[Callable[[], None]] = [self._write_home]
        jobs += self._listing_jobs("events/", schedule.everything.upcoming, "upcoming", "")
        jobs += self._listing_jobs("events/past/", schedule.everything.past, "past", "")
        jobs.append(partial(self._write, "chapters/", "chapters"))
        for chapter in model.catalog.published_chapters:
            jobs.append(partial(self._write_chapter, chapter))
            past = schedule.chapter_timeline(chapter).past
            jobs += self._listing_jobs(
                f"{model.urls.chapter_path(chapter.slug)}past/", past, "past", chapter.title
            )
        jobs.append(partial(self._write, "topics/", "topics"))
        for topic in schedule.topics.values():
            jobs.append(partial(self._write_topic, topic))
            base = f"{model.urls.topic_path(topic.slug)}past/"
            jobs += self._listing_jobs(base, topic.timeline.past, "past", topic.name)
        jobs.append(partial(self._write, "404.html", "404"))
        if model.settings.search:
            jobs.append(partial(self._write, "search/", "search", page_title=self._("Search")))
        return jobs

    def _write_home(self) -> None:
        upcoming = self.model.schedule.everything.upcoming
        self._write(
            "",
            "index",
            upcoming=_Cards(upcoming[: self.model.settings.home_upcoming], "h3"),
            upcoming_count=len(upcoming),
            subscription=self.site_calendar,
        )

    def _write_event(self, event: Event) -> None:
        model, urls = self.model, self.model.urls
        path = urls.event_path(event.slug)
        timeline = model.schedule.event_timeline(event)
        occurrence = featured_occurrence(event, timeline)
        chapter = model.chapter_of(event)
        rsvp = rsvp_view(event, occurrence, chapter, model.now, urls)
        stamp = model.stamps.get(event.slug)
        body = self._body(event.source.relpath)
        # Everything else on the page is derived from these and the settings.
        key = self._key("event", path, event, chapter, timeline_key(timeline), rsvp, stamp, body)
        if self.output.keep(urls.save_as(path), key):
            return
        ics = urls.event_calendar_path(event.slug)
        alternates = [calendar_alternate(urls, ics, event.title), *self._chapter_feeds(chapter)]
        summary = description(event, chapter)
        image = urls.image(event.image or (chapter.image if chapter else ""))
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
        self._render(
            path,
            "event",
            key,
            event=event,
            chapter=chapter,
            occurrence=occurrence,
            timeline=timeline,
            rsvp=rsvp,
            body=body,
            page_title=event.title,
            page_description=summary,
            page_image=image,
            jsonld=script_json(structured),
            content_lang=event.lang,
            alternates=alternates,
            add_to_calendar=self._add_to_calendar(event, occurrence, ics),
        )

    def _write_chapter(self, chapter: Chapter) -> None:
        model, urls = self.model, self.model.urls
        timeline = model.schedule.chapter_timeline(chapter)
        calendar = urls.calendar_path("chapters", chapter.slug)
        name = f"{chapter.title} · {model.settings.site_name}"
        image = urls.image(chapter.image) if chapter.image else ""
        self._write(
            urls.chapter_path(chapter.slug),
            "chapter",
            cached=True,
            chapter=chapter,
            body=self._body(chapter.source.relpath),
            upcoming=_Cards(timeline.upcoming, "h3"),
            past=_Cards(timeline.past[: model.settings.page_size], "h3"),
            past_count=len(timeline.past),
            page_title=chapter.title,
            page_description=chapter.summary,
            page_image=urls.image(chapter.image),
            jsonld=script_json(chapter_jsonld(chapter, urls, image)),
            content_lang=chapter.lang,
            subscription=Subscription(name, urls.absolute(calendar)),
            alternates=[calendar_alternate(urls, calendar, name), *self._chapter_feeds(chapter)],
        )

    def _write_topic(self, topic: Topic) -> None:
        urls = self.model.urls
        calendar = urls.calendar_path("topics", topic.slug)
        name = f"{topic.name} · {self.model.settings.site_name}"
        self._write(
            urls.topic_path(topic.slug),
            "topic",
            cached=True,
            topic=topic,
            upcoming=_Cards(topic.timeline.upcoming, "h3"),
            past=_Cards(topic.timeline.past[: self.model.settings.page_size], "h3"),
            past_count=len(topic.timeline.past),
            subscription=Subscription(name, urls.absolute(calendar)),
            alternates=[calendar_alternate(urls, calendar, name), *self.site_alternates[1:]],
        )

    def _listing_jobs(
        self, base: str, items: tuple[Occurrence, ...], kind: str, scope: str
    ) -> list[Callable[[], None]]:
        return [
            partial(self._write_listing_page, base, page, kind, scope)
            for page in paginate(items, self.model.settings.page_size)
        ]

    def _write_listing_page(self, base: str, page: Any, kind: str, scope: str) -> None:
        self._write(
            self.model.urls.listing_path(base, page.number),
            "events",
            cached=True,
            listing=page,
            cards=_Cards(page.items, "h2"),
            listing_kind=kind,
            listing_base=base,
            listing_scope=scope,
        )

    def _cards_of(self, occurrences: tuple[Occurrence, ...], heading: str) -> list[Markup]:
        """Each occurrence's listing card, rendered once per process."""
        cards = []
        for occurrence in occurrences:
            key = (occurrence.event.slug, occurrence.key, heading)
            card = self._cards.get(key)
            if card is None:
                html = self.render(
                    "partials/event_item.html", occurrence=occurrence, heading=heading
                )
                card = self._cards[key] = Markup(html)  # noqa: S704 - rendered by an autoescaping template
            cards.append(card)
        return cards

    def _add_to_calendar(self, event: Event, occurrence: Occurrence, ics: str) -> dict:
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

    def _key(self, *values: Any) -> str:
        """The fingerprint of a cached page's values ("" when they cannot be fingerprinted)."""
        try:
            return self.fingerprints.of(self._site_key, *values)
        except Unfingerprintable as error:
            logger.debug("[chapterhouse] page not cached: %s", error)
            return ""

    def _write(self, path: str, template: str, cached: bool = False, **values: Any) -> None:
        """Render ``template`` to ``path``; a ``cached`` page is kept when its values are too."""
        key = ""
        if cached:
            key = self._key(template, path, self._chapters_key, values)
            if self.output.keep(self.model.urls.save_as(path), key):
                return
        self._render(path, template, key, **values)

    def _render(self, path: str, template: str, key: str, **values: Any) -> None:
        values.setdefault("alternates", self.site_alternates)
        values["page_path"] = path
        for name, value in values.items():
            if isinstance(value, _Cards):
                values[name] = self._cards_of(value.occurrences, value.heading)
        save_as = self.model.urls.save_as(path)
        html = self.render(f"{template}.html", cached=bool(key), **values)
        self.output.write(save_as, html.encode(), key)
        self.written(save_as, values)


@dataclass(frozen=True)
class _Cards:
    """Listing cards of ``occurrences``, rendered only when the page is.

    Cards show chapter names (``chapters_by_slug``): the fingerprint of a page
    with cards covers the chapters.
    """

    occurrences: tuple[Occurrence, ...]
    heading: str
