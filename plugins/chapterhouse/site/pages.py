"""The HTML pages of the site, each declared with exactly the values its template receives.

Every page is an :class:`~chapterhouse.incremental.outputs.Output` whose
inputs are its template's values: the template sees those and the theme's
helpers (URLs, dates, translations: fixed by the settings), nothing else, and
the page is rendered again exactly when one of them changes. What several
pages share and is costly to make (an event's listing card, its structured
data) is a :class:`~chapterhouse.incremental.outputs.Derived` value, made
once and remembered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from markupsafe import Markup

from chapterhouse.calendar.links import google_calendar_url, outlook_url
from chapterhouse.core.model import Chapter, Event, Occurrence
from chapterhouse.incremental.outputs import Derived, Output
from chapterhouse.site.jsonld import chapter_jsonld, event_jsonld, script_json
from chapterhouse.site.model import SiteModel
from chapterhouse.site.schedule import paginate
from chapterhouse.site.subscribe import (
    Alternate,
    Subscription,
    calendar_alternate,
    feed_alternates,
    site_alternates,
)
from chapterhouse.site.views import (
    AddToCalendar,
    Card,
    ChapterEntry,
    FooterLink,
    TopicEntry,
    description,
    featured_occurrence,
    rsvp_view,
)

#: ``render(template_name, values) -> str``: the template sees ``values`` and nothing else.
Render = Callable[[str, Mapping[str, Any]], str]
#: ``extra(kind, values) -> values to add``: what other plugins add to a kind of page.
Extra = Callable[[str, Mapping[str, Any]], Mapping[str, Any]]


@dataclass(frozen=True)
class PageContext:
    """What every page of a build is made with, besides its own values.

    Attributes:
        model: The derived site.
        render: Renders a template with exactly the values given.
        bodies: Sanitised HTML bodies (``{filename}`` links resolved) by source path.
        footer: The plain pages every footer links to.
        gettext: Translation function for the few words pages are given.
        extras: Functions of other plugins adding values to pages of a kind
            (``"event"``, ``"chapter"``…); see ``docs/extending.md``.
    """

    model: SiteModel
    render: Render
    bodies: Mapping[str, Markup]
    footer: tuple[FooterLink, ...] = ()
    gettext: Callable[[str], str] = str
    extras: Sequence[Extra] = field(default=())


def page_outputs(context: PageContext) -> tuple[list[Output], list[Output]]:
    """(one page per event, the pages that gather many events)."""
    pages = _Pages(context)
    return pages.event_pages(), pages.shared_pages()


class _Pages:
    def __init__(self, context: PageContext):
        self.context = context
        self.model = context.model
        self.urls = context.model.urls
        self._ = context.gettext
        site = self.model.settings.site_name
        self.site_alternates = tuple(site_alternates(self.urls, site))
        self.site_calendar = Subscription(site, self.urls.absolute(self.urls.calendar_path()))

    # Event pages --------------------------------------------------------------------------
    def event_pages(self) -> list[Output]:
        return [self._event(event) for event in self.model.catalog.published_events]

    def _event(self, event: Event) -> Output:
        model, urls = self.model, self.urls
        path = urls.event_path(event.slug)
        timeline = model.schedule.event_timeline(event)
        occurrence = featured_occurrence(event, timeline)
        chapter = model.chapter_of(event)
        rsvp = rsvp_view(event, occurrence, chapter, model.now, urls)
        stamp = model.stamps.get(event.slug)
        ics = urls.event_calendar_path(event.slug)
        summary = description(event, chapter)
        image = urls.image(event.image or (chapter.image if chapter else ""))
        dated = timeline.upcoming if event.is_recurring and timeline.upcoming else (occurrence,)
        jsonld = Derived(
            "event-jsonld",
            {
                "event": event,
                "chapter": chapter,
                "dated": tuple(dated),
                "rsvp": rsvp,
                "image": image,
                "summary": summary,
                "announced": stamp.created if stamp else None,
                "tba": self._("Venue to be announced"),
            },
            partial(_event_jsonld, urls, model.settings.site_name),
        )
        add = Derived(
            "add-to-calendar",
            {"event": event, "occurrence": occurrence, "ics": ics},
            partial(_add_to_calendar, urls),
        )
        return self._page(
            path,
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
            jsonld=jsonld,
            content_lang=event.lang,
            alternates=(calendar_alternate(urls, ics, event.title), *self._feeds_of(chapter)),
            add_to_calendar=add,
        )

    # Pages that gather events ---------------------------------------------------------------
    def shared_pages(self) -> list[Output]:
        model, schedule, urls = self.model, self.model.schedule, self.urls
        upcoming = schedule.everything.upcoming
        directory = tuple(self._directory())
        pages = [
            self._page(
                "",
                "index",
                upcoming=self._cards(upcoming[: model.settings.home_upcoming]),
                upcoming_count=len(upcoming),
                subscription=self.site_calendar,
                chapters_directory=directory,
            )
        ]
        pages += self._listing("events/", upcoming, "upcoming", "")
        pages += self._listing("events/past/", schedule.everything.past, "past", "")
        pages.append(self._page("chapters/", "chapters", chapters_directory=directory))
        for chapter in model.catalog.published_chapters:
            pages.append(self._chapter(chapter))
            past = schedule.chapter_timeline(chapter).past
            base = f"{urls.chapter_path(chapter.slug)}past/"
            pages += self._listing(base, past, "past", chapter.title)
        topics = sorted(schedule.topics.values(), key=lambda t: t.name.casefold())
        entries = tuple(TopicEntry(t.slug, t.name, len(t.timeline.upcoming)) for t in topics)
        pages.append(self._page("topics/", "topics", topics=entries))
        for topic in topics:
            pages.append(self._topic(topic))
            base = f"{urls.topic_path(topic.slug)}past/"
            pages += self._listing(base, topic.timeline.past, "past", topic.name)
        pages.append(self._page("404.html", "404"))
        if model.settings.search:
            pages.append(self._page("search/", "search", page_title=self._("Search")))
        return pages

    def _chapter(self, chapter: Chapter) -> Output:
        model, urls = self.model, self.urls
        timeline = model.schedule.chapter_timeline(chapter)
        calendar = urls.calendar_path("chapters", chapter.slug)
        name = f"{chapter.title} · {model.settings.site_name}"
        image = urls.image(chapter.image) if chapter.image else ""
        jsonld = Derived(
            "chapter-jsonld", {"chapter": chapter, "image": image}, partial(_chapter_jsonld, urls)
        )
        return self._page(
            urls.chapter_path(chapter.slug),
            "chapter",
            chapter=chapter,
            body=self._body(chapter.source.relpath),
            upcoming=self._cards(timeline.upcoming),
            past=self._cards(timeline.past[: model.settings.page_size]),
            past_count=len(timeline.past),
            page_title=chapter.title,
            page_description=chapter.summary,
            page_image=urls.image(chapter.image),
            jsonld=jsonld,
            content_lang=chapter.lang,
            subscription=Subscription(name, urls.absolute(calendar)),
            alternates=(calendar_alternate(urls, calendar, name), *self._feeds_of(chapter)),
        )

    def _topic(self, topic: Any) -> Output:
        urls, settings = self.urls, self.model.settings
        calendar = urls.calendar_path("topics", topic.slug)
        name = f"{topic.name} · {settings.site_name}"
        return self._page(
            urls.topic_path(topic.slug),
            "topic",
            topic=TopicEntry(topic.slug, topic.name, len(topic.timeline.upcoming)),
            upcoming=self._cards(topic.timeline.upcoming),
            past=self._cards(topic.timeline.past[: settings.page_size]),
            past_count=len(topic.timeline.past),
            subscription=Subscription(name, urls.absolute(calendar)),
            alternates=(calendar_alternate(urls, calendar, name), *self.site_alternates[1:]),
        )

    def _listing(
        self, base: str, items: Sequence[Occurrence], kind: str, scope: str
    ) -> list[Output]:
        return [
            self._page(
                self.urls.listing_path(base, page.number),
                "events",
                listing=page,
                cards=self._cards(page.items, "h2"),
                listing_kind=kind,
                listing_base=base,
                listing_scope=scope,
            )
            for page in paginate(items, self.model.settings.page_size)
        ]

    def _directory(self) -> list[ChapterEntry]:
        entries = []
        for chapter in self.model.listed_chapters:
            upcoming = self.model.schedule.chapter_timeline(chapter).upcoming
            following = [o for o in upcoming if not o.event.is_cancelled]
            entries.append(ChapterEntry(chapter, following[0] if following else None))
        return entries

    # Shared pieces ----------------------------------------------------------------------------
    def _cards(self, occurrences: Sequence[Occurrence], heading: str = "h3") -> tuple[Derived, ...]:
        """Each occurrence's card, rendered once and shared by every page that lists it."""
        render, chapter_of = self.context.render, self.model.chapter_of
        return tuple(
            Derived(
                "card",
                {"card": Card(o, chapter_of(o.event), heading)},
                partial(_card, render),
            )
            for o in occurrences
        )

    def _feeds_of(self, chapter: Chapter | None) -> tuple[Alternate, ...]:
        if chapter is None:
            return self.site_alternates[1:]
        return tuple(feed_alternates(self.urls, chapter.title, chapter.slug))

    def _body(self, relpath: str) -> Markup:
        return self.context.bodies.get(relpath, Markup(""))

    def _page(self, path: str, template: str, **values: Any) -> Output:
        """A page: its template's values, with the defaults every page has, and plugins' extras."""
        declared: dict[str, Any] = {
            "page_path": path,
            "page_title": "",
            "page_description": "",
            "page_image": "",
            "jsonld": None,
            "content_lang": "",
            "alternates": self.site_alternates,
            "pages": self.context.footer,
            **values,
        }
        for extra in self.context.extras:
            declared.update(extra(template, declared))
        return Output(
            self.urls.save_as(path),
            f"template:{template}.html",
            declared,
            partial(_render_page, self.context.render, f"{template}.html"),
        )


def _render_page(render: Render, template: str, values: Mapping[str, Any]) -> bytes:
    return render(template, values).encode()


def _card(render: Render, card: Card) -> Markup:
    html = render("partials/event_item.html", {"card": card})
    return Markup(html)  # noqa: S704 - rendered by an autoescaping template


def _event_jsonld(urls: Any, site_name: str, **values: Any) -> Markup:
    structured = event_jsonld(
        values["event"],
        values["chapter"],
        values["dated"],
        values["rsvp"],
        urls,
        site_name,
        values["image"],
        values["summary"],
        values["announced"],
        values["tba"],
    )
    return script_json(structured)


def _chapter_jsonld(urls: Any, chapter: Chapter, image: str) -> Markup:
    return script_json(chapter_jsonld(chapter, urls, image))


def _add_to_calendar(urls: Any, event: Event, occurrence: Occurrence, ics: str) -> AddToCalendar:
    details = f"{event.summary}\n\n" if event.summary else ""
    details += urls.absolute(urls.event_path(event.slug))
    location = event.venue.one_line if event.venue else event.online_url
    return AddToCalendar(
        ics=urls.link(ics),
        ics_name=f"{event.slug}.ics",
        google=google_calendar_url(occurrence, event.title, details, location),
        outlook=outlook_url(occurrence, event.title, details, location),
    )
