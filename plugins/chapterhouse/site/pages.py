"""The HTML pages of the site, each declared with the values its template is made from.

Every page is an :class:`~chapterhouse.incremental.outputs.Output` whose
inputs are the values its template is made from (an event, its timeline, the
cards of a listing…). What the template receives besides (structured data,
links, titles) is computed from those inputs and the settings alone, when the
page is made; the template sees that and the theme's helpers (URLs, dates,
translations: fixed by the settings), nothing else, and the page is rendered
again exactly when one of its inputs changes. A listing card is rendered once
per process, whatever the number of pages that list it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from markupsafe import Markup

from chapterhouse.calendar.links import google_calendar_url, outlook_url
from chapterhouse.core.model import Chapter, Event, Occurrence, Series, Visibility
from chapterhouse.core.programme import speaker_named
from chapterhouse.core.timing import zone
from chapterhouse.incremental.outputs import Output
from chapterhouse.media.images import Picture
from chapterhouse.media.pattern import HEIGHT as PATTERN_HEIGHT
from chapterhouse.media.pattern import WIDTH as PATTERN_WIDTH
from chapterhouse.media.pattern import cover_pattern
from chapterhouse.render.i18n import Interface
from chapterhouse.render.markdown import writeup_key
from chapterhouse.render.rrule_words import rhythm_in_words
from chapterhouse.site.digest import DigestMonth, Month, featured_month, registration_url
from chapterhouse.site.embed import frame_code, widget_code
from chapterhouse.site.identity import chapter_accent_path, pattern_path
from chapterhouse.site.jsonld import (
    chapter_jsonld,
    event_jsonld,
    script_json,
    series_jsonld,
    series_reference,
)
from chapterhouse.site.languages import LanguageLink, language_menu
from chapterhouse.site.model import SiteModel
from chapterhouse.site.schedule import Page, Topic, paginate
from chapterhouse.site.series import neighbours, series_timeline
from chapterhouse.site.subscribe import (
    Alternate,
    Subscription,
    calendar_alternate,
    feed_alternates,
    site_alternates,
)
from chapterhouse.site.urls import Urls
from chapterhouse.site.views import (
    AddToCalendar,
    Card,
    ChapterEntry,
    CityEntry,
    FooterLink,
    TopicEntry,
    city_entries,
    collapse_series,
    cover_references,
    description,
    featured_occurrence,
    registration_state,
    rsvp_state,
    rsvp_view,
    shows_zone,
)
from chapterhouse.site.worldmap import Marker, WorldData, load_world, world_map

#: ``render(template_name, values, language) -> str``: the template sees ``values`` (and the
#: helpers of ``language``) and nothing else.
Render = Callable[[str, Mapping[str, Any], str], str]
#: ``extra(kind, values) -> values to add``: what other plugins add to a kind of page.
Extra = Callable[[str, Mapping[str, Any]], Mapping[str, Any]]

#: How wide the cover at the top of an event or chapter page is shown (the page's width).
COVER_SIZES = "(min-width: 76rem) 74rem, 100vw"
#: How wide a listing's thumbnail is shown.
THUMBNAIL_SIZES = "(min-width: 40rem) 10rem, 6rem"
#: How wide a speaker's, host's or organizer's photo is shown.
PORTRAIT_SIZES = "4rem"
#: A chapter's pattern file, as drawn (its thumbnail crops it).
PATTERN_SIZE = (PATTERN_WIDTH, PATTERN_HEIGHT)
#: How wide a recap's photo is shown (a grid of three, one on narrow screens).
RECAP_SIZES = "(min-width: 48rem) 16rem, 100vw"
#: Events of the same chapter shown at the end of an event page.
OTHER_EVENTS = 3

T = TypeVar("T")


@dataclass(frozen=True)
class PageContext:
    """What every page of a build is made with, besides its own values.

    Attributes:
        model: The derived site.
        render: Renders a template with exactly the values given.
        bodies: Sanitised HTML bodies (``{filename}`` links resolved) by source path.
        footer: The plain pages every footer links to.
        interfaces: The interface (words, dates, numbers) of each language.
        extras: Functions of other plugins adding values to pages of a kind
            (``"event"``, ``"chapter"``…); see ``docs/extending.md``.
    """

    model: SiteModel
    render: Render
    bodies: Mapping[str, Markup]
    interfaces: Callable[[str], Interface]
    footer: tuple[FooterLink, ...] = ()
    extras: Sequence[Extra] = field(default=())


def page_outputs(
    context: PageContext,
) -> tuple[tuple[Sequence[Event], Callable[[Event], Output]], list[Callable[[], Output]]]:
    """((events, the page of an event), the pages that gather many events, to declare)."""
    pages = _Pages(context)
    return (pages.model.catalog.published_events, pages.event_page), pages.shared_pages()


class _Pages:
    def __init__(self, context: PageContext):
        self.context = context
        self.model = context.model
        self.urls = context.model.urls
        self.settings = self.model.settings
        self.languages = self.settings.languages
        self._card_values: dict[tuple[Any, ...], Card] = {}
        # Values made from a listing (or a page of one), by what they are and by the identity
        # of that listing, which each entry keeps alive (so its id is not reused).
        self._by_identity: dict[tuple[Any, ...], tuple[object, Any]] = {}
        self._card_html: dict[tuple[int, str], Markup] = {}
        self._patterns: dict[tuple[str, str], Markup] = {}
        self._by_language: dict[str, Any] = {}
        self._world: WorldData | None = None
        self._site_zone = zone(self.settings.timezone)

    # Languages ----------------------------------------------------------------------------
    def _urls(self, language: str) -> Urls:
        """Links of a page in ``language`` (to the site-wide pages in it, or the closest)."""
        return self._memo("urls", language, lambda: self.urls.for_language(language))

    def _site_alternates(self, language: str) -> tuple[Alternate, ...]:
        site = self.settings.site_name
        return self._memo(
            "alternates", language, lambda: tuple(site_alternates(self._urls(language), site))
        )

    def _memo(self, kind: str, part: str, make: Callable[[], Any]) -> Any:
        """``make()`` once per process for ``kind`` and ``part`` (a language, a chapter's slug)."""
        key = f"{kind}:{part}"
        if key not in self._by_language:
            self._by_language[key] = make()
        return self._by_language[key]

    def _menu(self, base: str | None, language: str) -> tuple[LanguageLink, ...]:
        """The language menu of a page (``base``: its path in the first language, if shared)."""
        return self._memo(
            f"menu:{base}",
            language,
            lambda: language_menu(
                self.urls, lambda tag: self.context.interfaces(tag).own_name, base, language
            ),
        )

    # Event pages --------------------------------------------------------------------------
    def event_page(self, event: Event) -> Output:
        """The page of an event."""
        model = self.model
        timeline = model.schedule.event_timeline(event)
        chapter = model.chapter_of(event)
        occurrence = featured_occurrence(event, timeline)
        return self._page(
            self.urls.event_path(event.slug),
            "event",
            {
                "event": event,
                "chapter": chapter,
                "cohosts": model.cohosts_of(event),
                "timeline": timeline,
                "rsvp_state": rsvp_state(event, occurrence, model.now),
                "stamp": model.stamps.get(event.slug),
                "body": self._body(event.source.relpath),
                "topic_links": self._topic_links(event),
                "cover": self._cover(event.image, chapter, event.title),
                "photos": self._photos((*event.speakers, *event.hosts)),
                "writeup": self._body(writeup_key(event.source.relpath)) if event.recap else "",
                "recap_photos": self._recap_photos(event),
                "other_events": self._other_events(event, chapter),
                "accent_css": chapter_accent_path(chapter) if chapter else "",
                **self._edition_inputs(event),
            },
            self._event_values,
            language=event.lang,
        )

    def _edition_inputs(self, event: Event) -> dict[str, Any]:
        """An edition's series and the editions before and after it (None for other events)."""
        series = self.model.series_of(event)
        if series is None:
            return {"series": None, "previous_edition": None, "next_edition": None}
        before, after = neighbours(event, self._listed_editions(series))
        return {"series": series, "previous_edition": before, "next_edition": after}

    def _listed_editions(self, series: Series) -> tuple[Event, ...]:
        """A series' listed (published) editions in date order, once per process."""
        return self._memo(
            "editions",
            series.slug,
            lambda: tuple(
                e
                for e in self.model.catalog.editions_of(series)
                if e.visibility is Visibility.PUBLISHED
            ),
        )

    def _cover(self, image: str, chapter: Chapter | None, alt: str) -> Picture | Markup:
        """The picture at the top of a page: ``image``, else the chapter's, else a pattern.

        The pattern is in the chapter's colour (else the site's accent), drawn from its slug.
        """
        shown = self._first_shown(cover_references(image, chapter), COVER_SIZES, lazy=False)
        if shown is not None:
            return shown
        color = (chapter.color if chapter else "") or self.settings.accent
        seed = chapter.slug if chapter else self.settings.site_name
        pattern = self._patterns.get((color, seed))
        if pattern is None:  # a chapter's pages share one: drawn once per process
            svg = cover_pattern(color, seed).svg()
            pattern = self._patterns[color, seed] = Markup(svg)  # noqa: S704 - made here
        return pattern

    def _first_shown(
        self, references: Sequence[str], sizes: str, lazy: bool = True
    ) -> Picture | None:
        """The first of ``references`` that is one of the site's pictures, ready to show."""
        for reference in references:
            shown = self.model.pictures.shown(reference, "", self.urls.link, sizes=sizes, lazy=lazy)
            if shown is not None:
                return shown
        return None

    def _photos(self, people: Sequence[Any]) -> tuple[tuple[str, Picture], ...]:
        """Each person's photo, by the reference written in front matter."""
        photos = {}
        for person in people:
            if person.photo and person.photo not in photos:
                shown = self.model.pictures.shown(
                    person.photo, "", self.urls.link, sizes=PORTRAIT_SIZES
                )
                if shown is not None:
                    photos[person.photo] = shown
        return tuple(photos.items())

    def _recap_photos(self, event: Event) -> tuple[tuple[str, Picture | None], ...]:
        """Each recap photo: the site's picture of a local file, None for a link elsewhere."""
        if event.recap is None:
            return ()
        words = self.context.interfaces(event.lang)
        return tuple(
            (
                photo,
                self.model.pictures.shown(
                    photo,
                    words.gettext("Photo %(num)d of %(title)s", num=number, title=event.title),
                    self.urls.link,
                    sizes=RECAP_SIZES,
                ),
            )
            for number, photo in enumerate(event.recap.photos, start=1)
        )

    def _other_events(self, event: Event, chapter: Chapter | None) -> tuple[Card, ...]:
        """The chapter's next events, this one left out (its page lists its own dates)."""
        if chapter is None:
            return ()
        # The chapter's next entries, once per process (not once per event page): a series is
        # one entry, so this event is at most one of them.
        nearest = self._memo("next-entries", chapter.slug, lambda: self._next_entries(chapter))
        entries = [(o, later) for o, later in nearest if o.event.slug != event.slug]
        return tuple(
            self._card(o, "h3", later, show_chapter=False, zone_of=chapter)
            for o, later in entries[:OTHER_EVENTS]
        )

    def _next_entries(self, chapter: Chapter) -> list[tuple[Occurrence, tuple[Occurrence, ...]]]:
        upcoming = self.model.schedule.chapter_timeline(chapter).upcoming
        entries = collapse_series([o for o in upcoming if not o.event.is_cancelled])
        return entries[: OTHER_EVENTS + 1]

    def _topic_links(self, event: Event) -> tuple[tuple[str, str], ...]:
        """(slug, name) of each of the event's topics, named in the event's language."""
        index, links = self.model.catalog.topics, {}
        for text in event.topics:
            slug = index.slug_of(text)
            declared = index.declared.get(slug)
            links.setdefault(slug, declared.label(event.lang, text) if declared else text)
        return tuple(links.items())

    def _event_values(self, inputs: Mapping[str, Any]) -> dict[str, Any]:
        """An event page's template values, from its inputs (and the settings)."""
        event, chapter, timeline = inputs["event"], inputs["chapter"], inputs["timeline"]
        urls, stamp = self._urls(event.lang), inputs["stamp"]
        occurrence = featured_occurrence(event, timeline)
        rsvp = rsvp_view(event, occurrence, chapter, urls, inputs["rsvp_state"])
        ics = urls.event_calendar_path(event.slug)
        summary = description(event, chapter)
        # Search engines get the event's own picture (else its chapter's); sharing its card.
        own = next(iter(cover_references(event.image, chapter)), "")
        card = urls.absolute(inputs["social_card"]) if "social_card" in inputs else ""
        image = urls.image(own) if own else (card or urls.image(""))
        dated = timeline.upcoming if event.is_recurring and timeline.upcoming else (occurrence,)
        structured = event_jsonld(
            event,
            chapter,
            dated,
            rsvp,
            urls,
            self.model.settings.site_name,
            image,
            summary,
            stamp.created if stamp else None,
            self.context.interfaces(event.lang).gettext("Venue to be announced"),
        )
        if inputs.get("series") is not None:
            for node in structured["@graph"]:
                node["superEvent"] = series_reference(inputs["series"], urls)
        return {
            "occurrence": occurrence,
            "speaker_of": {
                item.speaker: index
                for item in event.programme
                if item.speaker
                and (index := speaker_named(event.speakers, item.speaker)) is not None
            },
            "rsvp": rsvp,
            "registration": registration_state(event, rsvp, not timeline.upcoming),
            "photo_of": dict(inputs["photos"]),
            "page_title": event.title,
            "page_description": summary,
            "page_image": card or image,
            "jsonld": script_json(structured),
            "content_lang": event.lang,
            "alternates": (
                calendar_alternate(urls, ics, event.title),
                *self._feeds_of(chapter, event.lang),
            ),
            "add_to_calendar": _add_to_calendar(urls, event, occurrence, ics),
        }

    # Pages that gather events ---------------------------------------------------------------
    def shared_pages(self) -> list[Callable[[], Output]]:
        """The pages that gather events, each declared by the process that makes it.

        The home page, listings, chapters directory, topics, search and 404 once
        per site language (``/``, ``/es/``…); a chapter's pages in its language.
        """
        model, schedule = self.model, self.model.schedule
        declared: list[Callable[[], Output]] = []
        for language in self.languages:
            urls = self._urls(language)
            declared.append(partial(self._home, language))
            declared += self._listing(
                "events/",
                schedule.everything.upcoming,
                "upcoming",
                "",
                language,
                shared=True,
                past="events/past/",
            )
            declared += self._listing(
                "events/past/", schedule.everything.past, "past", "", language, shared=True
            )
            declared.append(partial(self._chapters, language))
            declared.append(partial(self._cities, language))
            for city in self._city_entries():
                declared.append(partial(self._city, city, language))
                declared += self._listing(
                    f"{self.urls.city_path(city.slug)}upcoming/",
                    self._city_upcoming(city),
                    "upcoming",
                    city.name,
                    language,
                    shared=True,
                    scope_path=self.urls.city_path(city.slug),
                )
            declared.append(partial(self._topics, language))
            for topic in schedule.topics.values():
                declared.append(partial(self._topic, topic, language))
                name = topic.name_in(language, self.languages[0])
                here = self.urls.topic_path(topic.slug)
                declared += self._listing(
                    f"{here}upcoming/",
                    topic.timeline.upcoming,
                    "upcoming",
                    name,
                    language,
                    shared=True,
                    past=f"{here}past/",
                    scope_path=here,
                )
                declared += self._listing(
                    f"{here}past/",
                    topic.timeline.past,
                    "past",
                    name,
                    language,
                    shared=True,
                    scope_path=here,
                )
            declared.append(partial(self._embed, None, language))
            declared.append(
                partial(self._page, urls.shared("404.html"), "404", {}, None, language, None)
            )
            if self.settings.search:
                title = self.context.interfaces(language).gettext("Search")
                declared.append(
                    partial(
                        self._page,
                        urls.shared("search/"),
                        "search",
                        {},
                        lambda i, title=title: {"page_title": title},
                        language,
                        "search/",
                    )
                )
        for chapter in model.catalog.published_chapters:
            language = self._chapter_language(chapter)
            declared.append(partial(self._chapter, chapter))
            declared.append(partial(self._embed, chapter, language))
            for digest in model.digests_of(chapter):
                declared.append(partial(self._digest, chapter, digest))
            past = schedule.chapter_timeline(chapter).past
            base = f"{self.urls.chapter_path(chapter.slug)}past/"
            declared += self._listing(
                base,
                past,
                "past",
                chapter.title,
                language,
                scope_path=self.urls.chapter_path(chapter.slug),
            )
        for series in model.catalog.published_series:
            if series.chapter in model.chapters_by_slug:
                declared.append(partial(self._series, series))
        return declared

    def _chapter_language(self, chapter: Chapter) -> str:
        return chapter.lang or self.settings.lang

    def _home(self, language: str) -> Output:
        upcoming = self.model.schedule.everything.upcoming
        urls = self._urls(language)
        subscription = self._memo(
            "calendar",
            language,
            lambda: Subscription(self.settings.site_name, urls.absolute(urls.calendar_path())),
        )
        return self._page(
            urls.shared(""),
            "index",
            {
                "upcoming": self._cards(upcoming, collapse=True, limit=self.settings.home_upcoming),
                "upcoming_count": self._series_count(upcoming),
                "chapters_directory": self._directory(),
                "chapter_markers": self._markers(language),
            },
            lambda inputs: {
                "subscription": subscription,
                "chapter_map": self._map(inputs["chapter_markers"], language),
            },
            language,
            "",
        )

    def _chapters(self, language: str) -> Output:
        return self._page(
            self._urls(language).shared("chapters/"),
            "chapters",
            {
                "chapters_directory": self._directory(),
                "chapter_markers": self._markers(language),
            },
            lambda inputs: {"chapter_map": self._map(inputs["chapter_markers"], language)},
            language,
            "chapters/",
        )

    def _city_entries(self) -> tuple[CityEntry, ...]:
        return self._memo("cities", "", lambda: city_entries(self.model.listed_chapters))

    def _cities(self, language: str) -> Output:
        return self._page(
            self._urls(language).cities_path(),
            "cities",
            {"cities": self._city_entries()},
            None,
            language,
            "cities/",
        )

    def _city_chapters(self, city: CityEntry) -> tuple[ChapterEntry, ...]:
        slugs = set(city.chapters)
        return tuple(e for e in self._directory() if e.chapter.slug in slugs)

    def _city_upcoming(self, city: CityEntry) -> tuple[Occurrence, ...]:
        """The upcoming dates of a city's chapters (a date two of them host, once), once."""

        def make() -> tuple[Occurrence, ...]:
            seen: dict[int, Occurrence] = {}
            for entry in self._city_chapters(city):
                for occurrence in self.model.schedule.chapter_timeline(entry.chapter).upcoming:
                    seen.setdefault(id(occurrence), occurrence)
            return tuple(sorted(seen.values(), key=lambda o: o.sort_key))

        return self._memo("city-upcoming", city.slug, make)

    def _city(self, city: CityEntry, language: str) -> Output:
        """A city's chapters and its first upcoming entries (the rest on its listing's pages)."""
        upcoming = self._city_upcoming(city)
        return self._page(
            self._urls(language).city_path(city.slug),
            "city",
            {
                "city": city,
                "chapters_directory": self._city_chapters(city),
                "upcoming": self._cards(upcoming, collapse=True, limit=self.settings.page_size),
                "upcoming_count": self._series_count(upcoming),
            },
            lambda inputs: {"page_title": inputs["city"].name},
            language,
            f"cities/{city.slug}/",
        )

    def _markers(self, language: str) -> tuple[Marker, ...]:
        """The listed chapters that have a place, as points of the map of chapters."""

        def make() -> tuple[Marker, ...]:
            urls = self._urls(language)
            markers = []
            for chapter in self.model.listed_chapters:
                place = self.model.chapter_place(chapter)
                if place is not None:
                    link = urls.chapter_href(chapter)
                    markers.append(Marker(place[0], place[1], chapter.title, link))
            return tuple(markers)

        return self._memo("markers", language, make)

    def _map(self, markers: Sequence[Marker], language: str) -> Markup:
        """The map of chapters (an inline SVG), or nothing when no chapter has a place."""
        if not markers:
            return Markup("")
        if self._world is None:
            self._world = load_world()
        label = self.context.interfaces(language).gettext("Map of chapters")
        return Markup(world_map(markers, label=label, data=self._world))  # noqa: S704 - escaped

    def _topic_entry(self, topic: Topic, language: str) -> TopicEntry:
        name = topic.name_in(language, self.languages[0])
        return TopicEntry(topic.slug, name, self._series_count(topic.timeline.upcoming))

    def _topics(self, language: str) -> Output:
        entries = sorted(
            (self._topic_entry(t, language) for t in self.model.schedule.topics.values()),
            key=lambda entry: (entry.name.casefold(), entry.slug),
        )
        return self._page(
            self._urls(language).shared("topics/"),
            "topics",
            {"topics": tuple(entries)},
            None,
            language,
            "topics/",
        )

    def _chapter(self, chapter: Chapter) -> Output:
        timeline = self.model.schedule.chapter_timeline(chapter)
        return self._page(
            self.urls.chapter_path(chapter.slug),
            "chapter",
            {
                "chapter": chapter,
                "body": self._body(chapter.source.relpath),
                "upcoming": self._cards(
                    timeline.upcoming, show_chapter=False, collapse=True, zone_of=chapter
                ),
                "past": self._cards(
                    timeline.past[: self.model.settings.page_size],
                    show_chapter=False,
                    compact=True,
                    zone_of=chapter,
                ),
                "past_count": len(timeline.past),
                "cover": self._cover("", chapter, chapter.title),
                "photos": self._photos(chapter.organizers),
                "accent_css": chapter_accent_path(chapter),
                "digest_month": self._featured_digest(chapter),
                "city_slug": next(
                    (c.slug for c in self._city_entries() if chapter.slug in c.chapters), ""
                ),
                "chapter_series": self.model.series_of_chapter(chapter),
            },
            self._chapter_values,
            self._chapter_language(chapter),
        )

    # Series pages --------------------------------------------------------------------------
    def _series_language(self, series: Series) -> str:
        chapter = self.model.chapters_by_slug.get(series.chapter)
        return series.lang or (chapter.lang if chapter else "") or self.settings.lang

    def _series(self, series: Series) -> Output:
        """A series: its rhythm, the next edition first, then the past ones, newest first."""
        model = self.model
        chapter = model.chapters_by_slug.get(series.chapter)
        timeline = series_timeline(series, self._listed_editions(series), model.now)
        upcoming = timeline.upcoming
        following = upcoming[0] if upcoming else None
        proposed = None
        if timeline.proposed is not None and timeline.past:
            proposed = timeline.past[0].event.occurrence_at(timeline.proposed)
        return self._page(
            self.urls.series_path(series.slug),
            "series",
            {
                "series": series,
                "chapter": chapter,
                "body": self._body(series.source.relpath),
                "next_edition": self._cards(
                    upcoming[:1], "h3", show_chapter=False, zone_of=chapter
                ),
                "next_event": following.event if following else None,
                "next_rsvp_state": (
                    rsvp_state(following.event, following, model.now) if following else None
                ),
                "later_editions": self._cards(
                    upcoming[1:], "h3", show_chapter=False, compact=True, zone_of=chapter
                ),
                "past_editions": self._cards(
                    timeline.past, "h3", show_chapter=False, compact=True, zone_of=chapter
                ),
                "editions": tuple(o.event for o in (*reversed(timeline.past), *upcoming)),
                "proposed": proposed,
                "cover": self._cover(series.image, chapter, series.title),
                "photos": self._photos(following.event.speakers if following else ()),
                "accent_css": chapter_accent_path(chapter) if chapter else "",
            },
            self._series_values,
            self._series_language(series),
        )

    def _series_values(self, inputs: Mapping[str, Any]) -> dict[str, Any]:
        """A series page's template values, from its inputs (and the settings)."""
        series, chapter = inputs["series"], inputs["chapter"]
        language = self._series_language(series)
        urls, interface = self._urls(language), self.context.interfaces(language)
        calendar = urls.calendar_path("series", series.slug)
        name = f"{series.title} · {self.settings.site_name}"
        following = inputs["next_event"]
        rsvp = None
        if following is not None:
            occurrence = following.occurrence_at(following.start)
            rsvp = rsvp_view(following, occurrence, chapter, urls, inputs["next_rsvp_state"])
        dated = [e.occurrence_at(e.start) for e in inputs["editions"]]
        structured = series_jsonld(
            series,
            chapter,
            dated,
            urls,
            self.settings.site_name,
            series.summary,
            interface.gettext("Venue to be announced"),
        )
        return {
            "rhythm_words": rhythm_in_words(series.rhythm, interface),
            "next_rsvp": rsvp,
            "next_registration": (
                registration_state(following, rsvp, False) if following is not None else "none"
            ),
            "photo_of": dict(inputs["photos"]),
            "page_title": series.title,
            "page_description": series.summary,
            "page_image": urls.image(series.image or (chapter.image if chapter else "")),
            "jsonld": script_json(structured),
            "content_lang": language,
            "subscription": Subscription(name, urls.absolute(calendar)),
            "alternates": (calendar_alternate(urls, calendar, name),),
        }

    def _embed(self, chapter: Chapter | None, language: str) -> Output:
        """The next events of a chapter (or of the site), for other sites to put in a frame.

        A small page: no header, navigation or pictures; its links open in the
        window that holds the frame. The only pages other origins may frame.
        """
        if chapter is None:
            upcoming = self.model.schedule.everything.upcoming
            home = self._urls(language).shared("events/")
        else:
            upcoming = self.model.schedule.chapter_timeline(chapter).upcoming
            home = self.urls.chapter_path(chapter.slug)
        cards = self._cards(
            upcoming,
            "h2",
            show_chapter=chapter is None,
            collapse=True,
            pictured=False,
            zone_of=chapter,
            limit=self.settings.embed_size,
        )
        return self._page(
            self._urls(language).embed_path(chapter.slug if chapter else ""),
            "embed",
            {
                "chapter": chapter,
                "upcoming": cards,
                "upcoming_count": self._series_count(upcoming),
                "embed_home": home,
                "accent_css": chapter_accent_path(chapter) if chapter else "",
            },
            partial(self._embed_values, language),
            language,
            None if chapter else "embed/",
        )

    def _embed_values(self, language: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
        chapter = inputs["chapter"]
        urls = self._urls(language)
        gettext = self.context.interfaces(language).gettext
        if chapter is None:
            calendar = urls.calendar_path()
            name = self.settings.site_name
        else:
            calendar = urls.calendar_path("chapters", chapter.slug)
            name = f"{chapter.title} · {self.settings.site_name}"
        return {
            "page_title": gettext("Upcoming events"),
            "content_lang": chapter.lang if chapter else "",
            "subscription": Subscription(name, urls.absolute(calendar)),
            "alternates": (calendar_alternate(urls, calendar, name),),
        }

    def _chapter_values(self, inputs: Mapping[str, Any]) -> dict[str, Any]:
        """A chapter page's template values, from its inputs (and the settings)."""
        chapter = inputs["chapter"]
        urls = self._urls(self._chapter_language(chapter))
        calendar = urls.calendar_path("chapters", chapter.slug)
        name = f"{chapter.title} · {self.model.settings.site_name}"
        image = urls.image(chapter.image) if chapter.image else ""
        gettext = self.context.interfaces(self._chapter_language(chapter)).gettext
        script = urls.absolute("theme/js/events-widget.js")
        digest_month = inputs["digest_month"]
        return {
            "embed_frame": frame_code(
                urls.absolute(urls.embed_path(chapter.slug)),
                f"{gettext('Upcoming events')} · {chapter.title}",
                script,
            ),
            "embed_widget": widget_code(
                urls.absolute("events.json"),
                chapter.slug,
                urls.absolute(urls.chapter_path(chapter.slug)),
                f"{gettext('Upcoming events')} · {chapter.title}",
                self._chapter_language(chapter),
                script,
            ),
            "digest_link": (
                urls.link(urls.digest_path(chapter.slug, digest_month)) if digest_month else ""
            ),
            "digest_feed": (
                urls.absolute(urls.digest_feed_path(chapter.slug)) if digest_month else ""
            ),
            "photo_of": dict(inputs["photos"]),
            "page_title": chapter.title,
            "page_description": chapter.summary,
            "page_image": urls.image(chapter.image),
            "jsonld": script_json(chapter_jsonld(chapter, urls, image)),
            "content_lang": chapter.lang,
            "subscription": Subscription(name, urls.absolute(calendar)),
            "alternates": (
                calendar_alternate(urls, calendar, name),
                *self._feeds_of(chapter, self._chapter_language(chapter)),
            ),
        }

    def _featured_digest(self, chapter: Chapter) -> str:
        """The month (``2026-12``) of the digest a chapter page links to, ``""`` for none."""
        today = Month.of(self.model.now.astimezone(chapter.tz))
        featured = featured_month(self.model.digests_of(chapter), today)
        return featured.month.key if featured else ""

    def _digest(self, chapter: Chapter, digest: DigestMonth) -> Output:
        """A chapter's digest of one month, in the chapter's language."""
        return self._page(
            self.urls.digest_path(chapter.slug, digest.month.key),
            "digest",
            {
                "chapter": chapter,
                "digest": digest,
                "accent_css": chapter_accent_path(chapter),
            },
            self._digest_values,
            self._chapter_language(chapter),
        )

    def _digest_values(self, inputs: Mapping[str, Any]) -> dict[str, Any]:
        """A digest page's template values, from its inputs (and the settings)."""
        chapter, digest = inputs["chapter"], inputs["digest"]
        language = self._chapter_language(chapter)
        urls, interface = self._urls(language), self.context.interfaces(language)
        month = interface.dates.month(digest.month.first_day)
        title = interface.gettext("%(chapter)s — %(month)s", chapter=chapter.title, month=month)
        feed = urls.digest_feed_path(chapter.slug)
        feed_title = interface.gettext("%(chapter)s: monthly digest", chapter=chapter.title)
        rows = []
        for occurrence in digest.occurrences:
            page = urls.event_page(occurrence.event)
            rows.append(
                DigestRow(
                    occurrence,
                    shows_zone(occurrence, self._reference_zone(chapter)),
                    registration_url(occurrence, chapter, page),
                )
            )
        return {
            "page_title": title,
            "page_description": chapter.summary or title,
            "digest_title": title,
            "digest_rows": tuple(rows),
            "digest_feed": urls.absolute(feed),
            "content_lang": chapter.lang,
            "alternates": (
                Alternate("application/atom+xml", feed_title, urls.absolute(feed)),
                calendar_alternate(
                    urls,
                    urls.calendar_path("chapters", chapter.slug),
                    f"{chapter.title} · {self.settings.site_name}",
                ),
            ),
        }

    def _topic(self, topic: Topic, language: str) -> Output:
        settings = self.settings
        return self._page(
            self._urls(language).topic_path(topic.slug),
            "topic",
            {
                "topic": self._topic_entry(topic, language),
                "upcoming": self._cards(
                    topic.timeline.upcoming, collapse=True, limit=settings.page_size
                ),
                "upcoming_count": self._series_count(topic.timeline.upcoming),
                "past": self._cards(topic.timeline.past[: settings.page_size]),
                "past_count": len(topic.timeline.past),
            },
            partial(self._topic_values, language),
            language,
            self.urls.topic_path(topic.slug),
        )

    def _topic_values(self, language: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
        """A topic page's template values, from its inputs (and the settings)."""
        topic, urls = inputs["topic"], self._urls(language)
        calendar = urls.calendar_path("topics", topic.slug)
        name = f"{topic.name} · {self.settings.site_name}"
        interface = self.context.interfaces(language)
        about = interface.gettext("Events about %(topic)s", topic=topic.name)
        return {
            "page_description": about,
            "subscription": Subscription(name, urls.absolute(calendar)),
            "alternates": (
                calendar_alternate(urls, calendar, name),
                *self._site_alternates(language)[1:],
            ),
        }

    def _listing(
        self,
        base: str,
        items: Sequence[Occurrence],
        kind: str,
        scope: str,
        language: str,
        shared: bool = False,
        *,
        past: str = "",
        scope_path: str = "",
    ) -> list[Callable[[], Output]]:
        """The pages of a listing at ``base`` (a site-wide one in ``language``'s folder).

        An upcoming listing shows a recurring series once (see :func:`collapse_series`).
        ``past``: the base of the same scope's past listing, which an upcoming one links to;
        ``scope_path``: the page of the chapter, topic or city it lists (linked above its title).
        """
        entries: Sequence[Any] = (
            self._collapsed(items)
            if kind == "upcoming"
            else self._of(("entries",), items, lambda: [(o, ()) for o in items])
        )
        # The same pages in every language: their cards are made (and fingerprinted) once.
        pages = self._of(("pages",), entries, lambda: paginate(entries, self.settings.page_size))
        links = (past, scope_path)
        return [
            partial(self._listing_page, base, page, kind, scope, language, shared, links)
            for page in pages
        ]

    def _listing_page(
        self,
        base: str,
        page: Page,
        kind: str,
        scope: str,
        language: str,
        shared: bool,
        links: tuple[str, str] = ("", ""),
    ) -> Output:
        urls = self._urls(language)
        here, past, scope_path = (
            urls.shared(path) if shared and path else path for path in (base, *links)
        )
        return self._page(
            self.urls.listing_path(here, page.number),
            "events",
            {
                "listing": Page(page.number, page.count, ()),
                "cards": self._of(
                    ("page-cards",),
                    page,
                    lambda: tuple(self._card(o, "h2", later) for o, later in page.items),
                ),
                "listing_kind": kind,
                "listing_base": here,
                "listing_scope": scope,
                "listing_past": past,
                "listing_scope_path": scope_path,
            },
            None,
            language,
            self.urls.listing_path(base, page.number) if shared else None,
        )

    def _directory(self) -> tuple[ChapterEntry, ...]:
        """Each listed chapter with its next date: once per process (every language, every city)."""

        def make() -> tuple[ChapterEntry, ...]:
            entries = []
            for chapter in self.model.listed_chapters:
                upcoming = self.model.schedule.chapter_timeline(chapter).upcoming
                following = [o for o in upcoming if not o.event.is_cancelled][:1]
                shown = bool(following) and shows_zone(following[0], self._site_zone)
                entries.append(ChapterEntry(chapter, following[0] if following else None, shown))
            return tuple(entries)

        return self._memo("directory", "", make)

    # Shared pieces ----------------------------------------------------------------------------
    def _cards(
        self,
        occurrences: Sequence[Occurrence],
        heading: str = "h3",
        *,
        show_chapter: bool = True,
        collapse: bool = False,
        compact: bool = False,
        pictured: bool = True,
        zone_of: Chapter | None = None,
        limit: int | None = None,
    ) -> tuple[Card, ...]:
        """Each occurrence as a listing shows it (the same value on every page that lists it).

        ``collapse``: a recurring series once, at its next date, with its following dates.
        ``pictured``: with a thumbnail (not in the lists other sites embed).
        ``zone_of``: the chapter whose page lists them: a date is named with its zone
        when its offset is not that chapter's (else not the site's).
        ``limit``: the first ``limit`` entries only (a card is made for each one shown).
        """
        options = {"show_chapter": show_chapter, "pictured": pictured, "zone_of": zone_of}

        def make() -> tuple[Card, ...]:
            if collapse:
                entries = self._collapsed(occurrences)[:limit]
                return tuple(self._card(o, heading, later, **options) for o, later in entries)
            shown = occurrences[:limit]
            return tuple(self._card(o, heading, compact=compact, **options) for o in shown)

        # The same list on the pages of every language: one tuple, fingerprinted once.
        zone_key = self._reference_zone(zone_of).key
        what = ("cards", heading, show_chapter, collapse, compact, pictured, zone_key, limit)
        return self._of(what, occurrences, make)

    def _collapsed(
        self, occurrences: Sequence[Occurrence]
    ) -> list[tuple[Occurrence, tuple[Occurrence, ...]]]:
        """:func:`collapse_series` of a listing, once per process (listings share their lists)."""
        return self._of(("collapsed",), occurrences, lambda: collapse_series(occurrences))

    def _of(self, what: tuple[Any, ...], source: object, make: Callable[[], T]) -> T:
        """``make()``, once per process for ``what`` made of this very ``source`` object."""
        key = (*what, id(source))
        known = self._by_identity.get(key)
        if known is None:
            known = self._by_identity[key] = (source, make())
        return known[1]

    def _series_count(self, upcoming: Sequence[Occurrence]) -> int:
        """How many entries an upcoming listing has (a recurring series counts once)."""
        return len(self._collapsed(upcoming))

    def _reference_zone(self, chapter: Chapter | None) -> ZoneInfo:
        """The zone a page's readers are taken to live in: its chapter's, else the site's."""
        if chapter is None or not chapter.timezone:
            return self._site_zone
        return chapter.tz

    def _card(
        self,
        occurrence: Occurrence,
        heading: str,
        later: tuple[Occurrence, ...] = (),
        *,
        show_chapter: bool = True,
        compact: bool = False,
        pictured: bool = True,
        zone_of: Chapter | None = None,
    ) -> Card:
        # The schedule's listings share their occurrences (and a series' next dates).
        reference = self._reference_zone(zone_of)
        key = (
            id(occurrence),
            heading,
            show_chapter,
            compact,
            pictured,
            reference.key,
            tuple(map(id, later)),
        )
        card = self._card_values.get(key)
        if card is None:
            event = occurrence.event
            chapter = self.model.chapter_of(event)
            thumbnail = self._thumbnail(event, chapter) if pictured and not compact else None
            card = self._card_values[key] = Card(
                occurrence,
                chapter,
                heading,
                show_chapter=show_chapter,
                show_zone=shows_zone(occurrence, reference),
                next_dates=later,
                thumbnail=thumbnail,
                compact=compact,
            )
        return card

    def _thumbnail(self, event: Event, chapter: Chapter | None) -> Picture | None:
        """A listing's picture: the event's, its chapter's banner or picture, else its pattern.

        A hub's remote event has none (its chapter's pattern is drawn on its own site).
        """
        if event.is_remote:
            return None
        shown = self._first_shown(cover_references(event.image, chapter), THUMBNAIL_SIZES)
        if shown is not None:
            return shown
        if chapter is None:
            return None
        width, height = PATTERN_SIZE
        return Picture((), self.urls.link(pattern_path(chapter)), "", "", width, height, "")

    def _rendered(self, cards: Sequence[Card], language: str) -> list[Markup]:
        """The cards' HTML, each rendered once per process whatever the pages that list it.

        A pure function of the card (and the theme): the pages that show a card
        declare the card itself among their inputs.
        """
        html = []
        for card in cards:
            key = (id(card), language)  # cards are kept for the process: ids stay theirs
            rendered = self._card_html.get(key)
            if rendered is None:
                rendered = self._card_html[key] = _card(self.context.render, card, language)
            html.append(rendered)
        return html

    def _feeds_of(self, chapter: Chapter | None, language: str) -> tuple[Alternate, ...]:
        if chapter is None:
            return self._site_alternates(language)[1:]
        return tuple(feed_alternates(self.urls, chapter.title, chapter.slug))

    def _body(self, relpath: str) -> Markup:
        return self.context.bodies.get(relpath, Markup(""))

    def _page(
        self,
        path: str,
        template: str,
        inputs: dict[str, Any],
        values: Callable[[Mapping[str, Any]], Mapping[str, Any]] | None = None,
        language: str = "",
        base: str | None = None,
    ) -> Output:
        """A page declared with its ``inputs`` (and the footer, and plugins' extras).

        Its template receives the inputs, the defaults every page has, and what
        ``values(inputs)`` computes from them (structured data, links…): made
        from the declared inputs and the settings alone, they need no
        fingerprint of their own. ``language``: the page's (default: the site's
        first); ``base``: the page's path in the first language when it exists
        in each (its language menu links to it in each).
        """
        language = language or self.languages[0]
        declared = {
            **inputs,
            "pages": self.context.footer,
            # The language menu is made from these two and the settings (see _make_page).
            "page_language": language,
            "page_base": base,
        }
        for extra in self.context.extras:
            declared.update(extra(template, declared))
        return Output(
            self.urls.save_as(path),
            f"template:{template}.html",
            declared,
            partial(self._make_page, path, template, values, language),
        )

    def _make_page(
        self,
        path: str,
        template: str,
        values: Callable[[Mapping[str, Any]], Mapping[str, Any]] | None,
        language: str,
        inputs: Mapping[str, Any],
    ) -> bytes:
        page = {
            "page_path": path,
            "page_title": "",
            "page_description": "",
            "page_image": "",
            "jsonld": None,
            "content_lang": "",
            "alternates": self._site_alternates(language),
            "languages_menu": self._menu(inputs["page_base"], language),
            **inputs,
            **(values(inputs) if values else {}),
        }
        for name, value in inputs.items():  # cards are declared as values, shown as HTML
            if type(value) is tuple and value and type(value[0]) is Card:
                page[name] = self._rendered(value, language)
        return self.context.render(f"{template}.html", page, language).encode()


@dataclass(frozen=True)
class DigestRow:
    """One date of a digest page.

    Attributes:
        occurrence: The date.
        show_zone: Name the zone (its offset is not the site's then), as listings do.
        rsvp_url: Where to register for this date (``""``: nowhere).
    """

    occurrence: Occurrence
    show_zone: bool
    rsvp_url: str


def _card(render: Render, card: Card, language: str) -> Markup:
    html = render("partials/event_item.html", {"card": card}, language)
    return Markup(html)  # noqa: S704 - rendered by an autoescaping template


def _add_to_calendar(urls: Any, event: Event, occurrence: Occurrence, ics: str) -> AddToCalendar:
    details = f"{event.summary}\n\n" if event.summary else ""
    details += urls.event_page(event)
    location = event.venue.one_line if event.venue else event.online_url
    return AddToCalendar(
        ics=urls.link(ics),
        ics_name=f"{event.slug}.ics",
        google=google_calendar_url(occurrence, event.title, details, location),
        outlook=outlook_url(occurrence, event.title, details, location),
    )
