"""A chapter's monthly digest feed (Atom, feedgen): one entry per month, a newsletter each.

Each entry's content is the whole digest of its month as simple HTML that
e-mail clients show as it is: paragraphs, headings, links and line breaks,
absolute URLs only, no script, no style, no picture and none of the site's
chrome, so that an RSS-to-email service (Mailchimp's RSS campaigns,
Buttondown, listmonk) can send it unchanged. Entries are newest month first;
an entry's ``id`` is its page's URL, its ``updated`` the last change of what it
shows (its events' and its chapter's files, from content history) and the
feed's the newest of them: never the clock, so two builds of the same commit
give the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape

from feedgen.feed import FeedGenerator

from chapterhouse.core.model import EventStatus, Occurrence
from chapterhouse.feeds.news import FeedInfo
from chapterhouse.render.dates import DateFormatter

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class DigestDate:
    """One date of a digest, with its links.

    Attributes:
        occurrence: The date.
        url: Its event's page (absolute).
        rsvp_url: Where to register for it (absolute), ``""`` for nowhere.
        show_zone: Name the zone (its offset is not the site's then).
    """

    occurrence: Occurrence
    url: str
    rsvp_url: str = ""
    show_zone: bool = False


@dataclass(frozen=True)
class DigestEntry:
    """One month of a chapter's digest feed.

    Attributes:
        title: ``Python Berlin — December 2026``.
        url: The digest's page (absolute): the entry's id and link.
        intro: The chapter's one-line description (``""``: none).
        dates: The month's dates, in order.
        published: When its first event was announced.
        updated: When what it shows last changed.
    """

    title: str
    url: str
    intro: str
    dates: tuple[DigestDate, ...]
    published: datetime = _EPOCH
    updated: datetime = _EPOCH


def render_digest_feed(
    info: FeedInfo,
    entries: Sequence[DigestEntry],
    dates: DateFormatter,
    gettext: Callable[[str], str],
) -> bytes:
    """The Atom document of ``entries`` (newest month first), written in ``info.lang``."""
    feed = FeedGenerator()
    feed.id(info.atom_url)
    feed.title(info.title)
    feed.subtitle(info.subtitle)
    feed.link(href=info.page_url, rel="alternate")
    feed.link(href=info.atom_url, rel="self", type="application/atom+xml")
    feed.language(info.lang)
    feed.author({"name": info.author})
    feed.generator("Chapterhouse", uri="https://github.com/chapterhouse")
    feed.updated(max((entry.updated for entry in entries), default=_EPOCH))
    for entry in reversed(entries):  # feedgen prepends: the first entry ends up on top
        item = feed.add_entry()
        item.id(entry.url)
        item.link(href=entry.url, rel="alternate")
        item.title(entry.title)
        item.content(digest_html(entry, dates, gettext), type="html")
        item.published(entry.published)
        item.updated(entry.updated)
    return feed.atom_str(pretty=True)


def digest_html(entry: DigestEntry, dates: DateFormatter, _: Callable[[str], str]) -> str:
    """The digest of one month as e-mail-safe HTML (escaped text, absolute links)."""
    parts = [f"<p>{escape(entry.intro)}</p>"] if entry.intro else []
    for shown in entry.dates:
        parts.append(_date_html(shown, dates, _))
    web = _("Read this digest on the web")
    parts.append(f'<p><a href="{escape(entry.url)}">{escape(web)}</a></p>')
    return "\n".join(parts)


def _date_html(shown: DigestDate, dates: DateFormatter, _: Callable[[str], str]) -> str:
    occurrence = shown.occurrence
    event = occurrence.event
    title = event.title
    if event.status is EventStatus.CANCELLED:
        title = _("Cancelled: %(title)s") % {"title": title}
    elif event.status is EventStatus.POSTPONED:
        title = _("Postponed: %(title)s") % {"title": title}
    parts = [f'<h2><a href="{escape(shown.url)}">{escape(title)}</a></h2>']
    if event.status is EventStatus.CANCELLED:
        parts.append(f"<p><strong>{escape(_('This event will not take place.'))}</strong></p>")
    elif event.status is EventStatus.POSTPONED:
        parts.append(f"<p><strong>{escape(_('A new date will be announced.'))}</strong></p>")
    when = escape(dates.range_text(occurrence, with_zone=False))
    zones = dates.zones(occurrence) if shown.show_zone else ""
    if zones:
        when += f"<br>{escape(zones)}"
    # A label on its own line: no colon, whose typography differs from language to language.
    parts.append(f"<p><strong>{escape(_('When'))}</strong><br>{when}</p>")
    where = []
    if event.venue:
        lines = [event.venue.name, *event.venue.address.splitlines()]
        where.append("<br>".join(escape(line.strip()) for line in lines if line.strip()))
    if event.online_url:
        where.append(f'<a href="{escape(event.online_url)}">{escape(_("Join online"))}</a>')
    if where:
        parts.append(f"<p><strong>{escape(_('Where'))}</strong><br>{'<br>'.join(where)}</p>")
    links = []
    if shown.rsvp_url:
        links.append(f'<a href="{escape(shown.rsvp_url)}">{escape(_("RSVP"))}</a>')
    links.append(f'<a href="{escape(shown.url)}">{escape(_("Details"))}</a>')
    parts.append(f"<p>{' · '.join(links)}</p>")
    return "\n".join(parts)
