"""What the "Subscribe" and "Add to calendar" controls and ``<link rel=alternate>`` need."""

from __future__ import annotations

from dataclasses import dataclass

from chapterhouse.calendar.links import webcal_url
from chapterhouse.site.urls import Urls


@dataclass(frozen=True)
class Alternate:
    """A ``<link rel="alternate">`` in a page's head."""

    type: str
    title: str
    href: str


@dataclass(frozen=True)
class Subscription:
    """One subscribable calendar, for the Subscribe control."""

    name: str
    https_url: str

    @property
    def webcal_url(self) -> str:
        """``webcal://`` form that calendar apps open as a subscription."""
        return webcal_url(self.https_url)


def calendar_alternate(urls: Urls, path: str, title: str) -> Alternate:
    """``<link rel=alternate type=text/calendar>`` for a calendar file."""
    return Alternate("text/calendar", title, urls.absolute(path))


def feed_alternates(urls: Urls, title: str, chapter: str = "") -> list[Alternate]:
    """Atom and RSS autodiscovery links of the site's or a chapter's news feed."""
    return [
        Alternate(
            "application/atom+xml",
            f"{title} (Atom)",
            urls.absolute(urls.feed_path("atom", chapter)),
        ),
        Alternate(
            "application/rss+xml", f"{title} (RSS)", urls.absolute(urls.feed_path("rss", chapter))
        ),
    ]


def site_alternates(urls: Urls, site_name: str) -> list[Alternate]:
    """The site-wide calendar and news feeds, advertised on every page by default."""
    return [
        calendar_alternate(urls, urls.calendar_path(), site_name),
        *feed_alternates(urls, site_name),
    ]
