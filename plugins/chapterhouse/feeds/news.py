"""Atom and RSS news feeds, written with feedgen.

One entry per event, newest announcement first (the file's first version);
``updated``/``pubDate`` come from content history, never from the event's date
or the clock. feedgen fills ``updated``, ``lastBuildDate`` and ``generator``
with the clock and its own version unless told otherwise: every one of them is
set here, so two builds of the same commit give the same bytes.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from typing import Any

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from chapterhouse.core.model import Chapter, Event, EventStatus, Occurrence
from chapterhouse.core.programme import programme_lines
from chapterhouse.history.stamps import Stamp
from chapterhouse.render.dates import DateFormatter
from chapterhouse.render.i18n import Interface

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class FeedInfo:
    """A feed's identity.

    Attributes:
        title: Feed title.
        subtitle: One-line description.
        page_url: The page the feed belongs to (absolute).
        atom_url: The Atom feed's own URL (absolute).
        rss_url: The RSS feed's own URL (absolute).
        lang: Language of the feed.
        author: Name shown as the author.
    """

    title: str
    subtitle: str
    page_url: str
    atom_url: str
    rss_url: str
    lang: str
    author: str


@dataclass(frozen=True)
class FeedItem:
    """One event as a feed entry."""

    event: Event
    occurrence: Occurrence
    chapter: Chapter | None
    url: str
    rsvp_url: str
    stamp: Stamp | None

    @property
    def announced(self) -> datetime:
        """When the event was first published."""
        return self.stamp.created if self.stamp else _EPOCH

    @property
    def updated(self) -> datetime:
        """When the event last changed."""
        return self.stamp.modified if self.stamp else _EPOCH


def newest_first(events: Iterable[Event], stamps: Mapping[str, Stamp], limit: int) -> list[Event]:
    """The ``limit`` most recently announced events, newest first.

    Ties: the latest change first, then the slug (in reverse), so the order is total.
    """

    def order(event: Event) -> tuple[datetime, datetime, str]:
        stamp = stamps.get(event.slug)
        if stamp is None:
            return _EPOCH, _EPOCH, event.slug
        return stamp.created, stamp.modified, event.slug

    return heapq.nlargest(limit, events, key=order)


def render_feeds(
    info: FeedInfo,
    items: Sequence[FeedItem],
    interfaces: Callable[[str], Interface],
) -> tuple[bytes, bytes]:
    """(Atom, RSS) documents for ``items`` (already ordered and limited).

    Each entry is written in its event's language (``interfaces(event.lang)``).
    """
    feed = FeedGenerator()
    feed.id(info.atom_url)
    feed.title(info.title)
    feed.subtitle(info.subtitle)
    feed.description(info.subtitle)
    feed.link(href=info.page_url, rel="alternate")
    feed.link(href=info.atom_url, rel="self", type="application/atom+xml")
    feed.language(info.lang)
    feed.author({"name": info.author})
    feed.generator("Chapterhouse", uri="https://github.com/chapterhouse")
    feed.register_extension("lang_atom", BaseExtension, _AtomEntryLanguage, atom=True, rss=False)
    feed.register_extension("lang_rss", _DublinCore, _RssEntryLanguage, atom=False, rss=True)
    updated = max((item.updated for item in items), default=_EPOCH)
    feed.updated(updated)
    feed.lastBuildDate(updated)
    for item in reversed(items):  # feedgen prepends: the first item ends up on top
        interface = interfaces(item.event.lang)
        entry = _add_entry(feed, item, interface.dates, interface.gettext, interface.ngettext)
        if item.event.lang != info.lang:  # the feed's language is every other entry's
            entry.lang_atom.language = entry.lang_rss.language = item.event.lang
    atom = feed.atom_str(pretty=True)
    feed.link(href=info.rss_url, rel="self", type="application/rss+xml", replace=True)
    feed.link(href=info.page_url, rel="alternate")
    rss = feed.rss_str(pretty=True)
    return atom, rss


def _add_entry(
    feed: FeedGenerator,
    item: FeedItem,
    dates: DateFormatter,
    _: Callable[[str], str],
    ngettext: Callable[..., str] | None = None,
) -> Any:
    event, chapter = item.event, item.chapter
    entry = feed.add_entry()
    entry.id(item.url)
    entry.guid(item.url, permalink=True)
    entry.link(href=item.url, rel="alternate")
    title = f"{dates.short_date(item.occurrence.local_start)} · "
    if chapter:
        title += f"{chapter.title} — "
    title += event.title
    if event.status is EventStatus.CANCELLED:
        title = _("Cancelled: %(title)s") % {"title": title}
    elif event.status is EventStatus.POSTPONED:
        title = _("Postponed: %(title)s") % {"title": title}
    entry.title(title)
    entry.content(_entry_html(item, dates, _, ngettext), type="html")
    entry.published(item.announced)
    entry.updated(item.updated)
    entry.author({"name": chapter.title if chapter else feed.title()})
    for topic in event.topics:
        entry.category(term=topic)
    return entry


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DC = "http://purl.org/dc/elements/1.1/"


class _AtomEntryLanguage(BaseEntryExtension):
    """An Atom entry in another language than its feed's: ``xml:lang`` on the entry."""

    def __init__(self) -> None:
        self.language = ""

    def extend_atom(self, entry: Any) -> Any:
        if self.language:
            entry.set(_XML_LANG, self.language)
        return entry


class _DublinCore(BaseExtension):
    """The Dublin Core namespace on an RSS feed (for its items' ``dc:language``)."""

    def extend_ns(self) -> dict[str, str]:
        return {"dc": _DC}


class _RssEntryLanguage(BaseEntryExtension):
    """An RSS item in another language than its feed's: ``dc:language`` (RSS 2.0 has none)."""

    def __init__(self) -> None:
        self.language = ""

    def extend_rss(self, item: Any) -> Any:
        if self.language:
            xml_elem(f"{{{_DC}}}language", item).text = self.language
        return item


def _entry_html(
    item: FeedItem,
    dates: DateFormatter,
    _: Callable[[str], str],
    ngettext: Callable[..., str] | None = None,
) -> str:
    event = item.event
    label = {
        "cancelled": _("This event will not take place."),
        "postponed": _("A new date will be announced."),
        "when": _("When"),
        "where": _("Where"),
        "online": _("Join online"),
        "rsvp": _("RSVP"),
        "details": _("Details"),
    }
    parts = []
    if event.status is EventStatus.CANCELLED:
        parts.append(f"<p><strong>{escape(label['cancelled'])}</strong></p>")
    elif event.status is EventStatus.POSTPONED:
        parts.append(f"<p><strong>{escape(label['postponed'])}</strong></p>")
    if event.recap is not None:
        parts.append(_recap_html(item, _, ngettext))
    when = escape(dates.range_text(item.occurrence, with_zone=False))
    zones = dates.zones(item.occurrence)
    if zones:
        when += f"<br>{escape(zones)}"
    # A label on its own line: no colon, whose typography differs from language to language.
    parts.append(f"<p><strong>{escape(label['when'])}</strong><br>{when}</p>")
    where = []
    if event.venue:
        lines = [event.venue.name, *event.venue.address.splitlines()]
        where.append("<br>".join(escape(line.strip()) for line in lines if line.strip()))
    if event.online_url:
        where.append(f'<a href="{escape(event.online_url)}">{escape(label["online"])}</a>')
    if where:
        parts.append(f"<p><strong>{escape(label['where'])}</strong><br>{'<br>'.join(where)}</p>")
    if item.rsvp_url and event.status not in (EventStatus.CANCELLED, EventStatus.POSTPONED):
        parts.append(f'<p><a href="{escape(item.rsvp_url)}">{escape(label["rsvp"])}</a></p>')
    if event.summary:
        parts.append(f"<p>{escape(event.summary)}</p>")
    if event.programme:
        lines = programme_lines(event, item.occurrence.slots)
        rows = "".join(f"<li>{escape(line)}</li>" for line in lines)
        parts.append(f"<p><strong>{escape(_('Programme'))}</strong></p>\n<ul>{rows}</ul>")
    parts.append(f'<p><a href="{escape(item.url)}">{escape(label["details"])}</a></p>')
    return "\n".join(parts)


def _recap_html(
    item: FeedItem, _: Callable[[str], str], ngettext: Callable[..., str] | None
) -> str:
    """The recap first (a past event's entry leads with it): its links, and how many came.

    The recording is a link, not an enclosure: it is a page of a video host, not a file.
    """
    recap = item.event.recap
    assert recap is not None
    links = []
    if recap.recording:
        links.append(f'<a href="{escape(recap.recording)}">{escape(_("Recording"))}</a>')
    if recap.slides:
        links.append(f'<a href="{escape(recap.slides)}">{escape(_("Slides"))}</a>')
    if recap.photos:
        links.append(f'<a href="{escape(item.url)}#recap-photos">{escape(_("Photos"))}</a>')
    if recap.writeup:
        links.append(f'<a href="{escape(item.url)}#recap">{escape(_("Write-up"))}</a>')
    if recap.attended is not None and ngettext is not None:
        count = ngettext("%(num)d attended", "%(num)d attended", recap.attended)
        links.append(escape(count))
    return f"<p><strong>{escape(_('Recap'))}</strong><br>{' · '.join(links)}</p>"
