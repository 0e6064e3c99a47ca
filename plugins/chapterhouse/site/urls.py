"""Where every page and feed lives, in one place.

Paths are relative to the site root, directory-style (``events/x/``) or
files (``calendar.ics``). Pages link root-relative (``/meetup/events/x/``),
so a built site works on any host and under a sub-path; feeds, calendars and
metadata use absolute URLs (``https://host/meetup/events/x/``).

The pages that gather events (home, listings, chapters, topics, search) and
the site's and topics' calendars and feeds exist in each of the site's
languages: the first at ``/``, each other under ``/<tag>/`` (``/es/events/``).
An event's or a chapter's page exists once, in its own language. A
:class:`Urls` links to the site-wide pages of one language
(:meth:`Urls.for_language`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from chapterhouse.core.model import Chapter, Event
from chapterhouse.core.slugs import slugify


@dataclass(frozen=True)
class Urls:
    """URL builder for one site.

    Attributes:
        site_url: Absolute base URL without trailing slash.
        site_path: Its path part (``""`` or ``/meetup``).
        languages: The site's languages, the first at ``/`` (none: one language).
        language: The language whose site-wide pages this links to (default: the first).
    """

    site_url: str
    site_path: str = ""
    languages: tuple[str, ...] = ()
    language: str = ""

    # Languages ----------------------------------------------------------------
    def for_language(self, tag: str) -> Urls:
        """Links for a page in ``tag``: to the site-wide pages in that language, or the closest.

        ``es-MX`` uses the ``es`` pages; a language the site-wide pages are not
        built in uses the first language's.
        """
        return replace(self, language=self.site_language_for(tag))

    def site_language_for(self, tag: str) -> str:
        """The site language closest to ``tag``: itself, one of the same language, or the first."""
        if not self.languages:
            return ""
        if tag in self.languages:
            return tag
        language = tag.split("-", 1)[0].lower()
        for candidate in self.languages:
            if candidate.split("-", 1)[0].lower() == language:
                return candidate
        return self.languages[0]

    def prefix(self, tag: str = "") -> str:
        """The folder of a site language's pages: ``""`` for the first, ``es/`` for another."""
        tag = tag or self.language
        if not tag or not self.languages or tag == self.languages[0]:
            return ""
        return f"{tag.lower()}/"

    def shared(self, path: str) -> str:
        """A site-wide page (``events/``, ``""``) in this language: ``es/events/``."""
        return self.prefix() + path

    def translations(self, path: str) -> tuple[tuple[str, str], ...]:
        """(language, path) of a site-wide page (given as in the first language) in each."""
        return tuple((tag, self.prefix(tag) + path) for tag in self.languages)

    # Paths (relative to the site root) -------------------------------------
    @staticmethod
    def event_path(slug: str) -> str:
        """An event's page."""
        return f"events/{slug}/"

    @staticmethod
    def chapter_path(slug: str) -> str:
        """A chapter's page."""
        return f"chapters/{slug}/"

    @staticmethod
    def series_path(slug: str) -> str:
        """A series' page (in its own language, like a chapter's)."""
        return f"series/{slug}/"

    def embed_path(self, chapter: str = "") -> str:
        """The list of next events for other sites' frames: a chapter's, or the site's (here)."""
        return f"chapters/{chapter}/embed/" if chapter else self.shared("embed/")

    def cities_path(self) -> str:
        """The list of cities with chapters, in this language."""
        return self.shared("cities/")

    def city_path(self, city: str) -> str:
        """A city's page (``city``: its slug, ``fr-toulouse``), in this language."""
        return self.shared(f"cities/{city}/")

    def topic_path(self, topic: str) -> str:
        """A topic's page, in this language (the topic is slugified)."""
        return self.shared(f"topics/{slugify(topic)}/")

    @staticmethod
    def digest_path(chapter: str, month: str) -> str:
        """A chapter's digest of a month (``month``: ``2026-12``)."""
        return f"chapters/{chapter}/digest/{month}/"

    @staticmethod
    def digest_feed_path(chapter: str) -> str:
        """A chapter's digest feed (Atom, one entry per month)."""
        return f"chapters/{chapter}/digest/feed.xml"

    @staticmethod
    def event_calendar_path(slug: str) -> str:
        """An event's own calendar file (the "Add to calendar" download)."""
        return f"events/{slug}/{slug}.ics"

    def calendar_path(self, scope: str = "", slug: str = "") -> str:
        """The site's calendar (in this language), or a chapter's, series' or topic's (``scope``).

        A chapter's calendar speaks the chapter's language; a topic's, the
        site's first (one file whatever the page linking to it: its events are
        the same, and a topic of a large network holds thousands).
        """
        if scope:
            return f"{scope}/{slug}/calendar.ics"
        return self.shared("calendar.ics")

    def feed_path(self, kind: str, chapter: str = "") -> str:
        """Atom (``kind="atom"``) or RSS feed of the site (in this language) or of a chapter."""
        if chapter:
            return f"feeds/chapters/{chapter}.{kind}.xml"
        return self.shared(f"feeds/all.{kind}.xml")

    @staticmethod
    def listing_path(base: str, page: int) -> str:
        """Page ``page`` (1-based) of a paginated listing at ``base``."""
        return base if page <= 1 else f"{base}page/{page}/"

    @staticmethod
    def save_as(path: str) -> str:
        """Output file for a path (directory-style paths get ``index.html``)."""
        return path + "index.html" if path == "" or path.endswith("/") else path

    # Links -------------------------------------------------------------------
    def link(self, path: str) -> str:
        """Root-relative link for pages (``/meetup/events/x/``)."""
        return f"{self.site_path}/{path}"

    def absolute(self, path: str) -> str:
        """Absolute URL (``https://host/meetup/events/x/``)."""
        return f"{self.site_url}/{path}"

    def event_page(self, event: Event) -> str:
        """Absolute URL of an event's page: its own site's for a remote event."""
        return event.canonical_url or self.absolute(self.event_path(event.slug))

    def event_href(self, event: Event) -> str:
        """Link to an event's page from a page: root-relative, or absolute for a remote event."""
        return event.canonical_url or self.link(self.event_path(event.slug))

    def chapter_page(self, chapter: Chapter) -> str:
        """Absolute URL of a chapter's page: its own site's for a remote chapter."""
        return chapter.canonical_url or self.absolute(self.chapter_path(chapter.slug))

    def chapter_href(self, chapter: Chapter) -> str:
        """Link to a chapter's page from a page: root-relative, or absolute for a remote one."""
        return chapter.canonical_url or self.link(self.chapter_path(chapter.slug))

    def image(self, image: str, default: str = "theme/img/event-card.png") -> str:
        """Absolute URL of a picture: a content path, an https:// URL, or the default card."""
        if "://" in image:
            return image
        return self.absolute(image or default)

    def theme(self, asset: str) -> str:
        """Link to a theme asset (``css/main.css``)."""
        return self.link(f"theme/{asset}")
