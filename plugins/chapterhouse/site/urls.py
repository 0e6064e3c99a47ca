"""Where every page and feed lives, in one place.

Paths are relative to the site root, directory-style (``events/x/``) or
files (``calendar.ics``). Pages link root-relative (``/meetup/events/x/``),
so a built site works on any host and under a sub-path; feeds, calendars and
metadata use absolute URLs (``https://host/meetup/events/x/``).
"""

from __future__ import annotations

from dataclasses import dataclass

from chapterhouse.core.slugs import slugify


@dataclass(frozen=True)
class Urls:
    """URL builder for one site.

    Attributes:
        site_url: Absolute base URL without trailing slash.
        site_path: Its path part (``""`` or ``/meetup``).
    """

    site_url: str
    site_path: str = ""

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
    def topic_path(topic: str) -> str:
        """A topic's page (the topic is slugified)."""
        return f"topics/{slugify(topic)}/"

    @staticmethod
    def event_calendar_path(slug: str) -> str:
        """An event's own calendar file (the "Add to calendar" download)."""
        return f"events/{slug}/{slug}.ics"

    @staticmethod
    def calendar_path(scope: str = "", slug: str = "") -> str:
        """The site's calendar, or a chapter's (``scope="chapters"``) or topic's."""
        return f"{scope}/{slug}/calendar.ics" if scope else "calendar.ics"

    @staticmethod
    def feed_path(kind: str, chapter: str = "") -> str:
        """Atom (``kind="atom"``) or RSS feed of the site or of a chapter."""
        return f"feeds/chapters/{chapter}.{kind}.xml" if chapter else f"feeds/all.{kind}.xml"

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

    def image(self, image: str, default: str = "theme/img/event-card.png") -> str:
        """Absolute URL of a picture: a content path, an https:// URL, or the default card."""
        if "://" in image:
            return image
        return self.absolute(image or default)

    def theme(self, asset: str) -> str:
        """Link to a theme asset (``css/main.css``)."""
        return self.link(f"theme/{asset}")
