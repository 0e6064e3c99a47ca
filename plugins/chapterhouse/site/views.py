"""Template-ready values derived from the model (no Pelican, no clock)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from chapterhouse.core.model import FREE, Chapter, Event, EventStatus, Occurrence
from chapterhouse.core.rsvp import RsvpState, RsvpWindow, fill_template, rsvp_window
from chapterhouse.core.slugs import slugify
from chapterhouse.core.timing import Moment
from chapterhouse.media.images import Picture
from chapterhouse.site.schedule import Timeline
from chapterhouse.site.urls import Urls


@dataclass(frozen=True)
class RsvpView:
    """The RSVP control of one event page.

    Attributes:
        window: Open/closed state at the build's "now".
        url: The form URL with placeholders filled for the featured occurrence.
        capacity: Places announced, if any.
        waitlist_url: Waiting-list form, if any.
        price: The announced price (``"0"`` when free), None when not announced.
        currency: ISO 4217 code of the price.
    """

    window: RsvpWindow
    url: str
    capacity: int | None
    waitlist_url: str
    price: str | None = None
    currency: str = ""

    @property
    def is_free(self) -> bool:
        """The event is announced as free."""
        return self.price == FREE

    @property
    def offers_waitlist(self) -> bool:
        """The waiting list is offered while the event is full, or registration is closed early."""
        return bool(self.waitlist_url) and self.window.state in (RsvpState.FULL, RsvpState.CLOSED)

    @property
    def shows_price(self) -> bool:
        """The price is worth showing: the event is still on (not cancelled, postponed or past)."""
        return self.price is not None and self.window.state not in (
            RsvpState.CANCELLED,
            RsvpState.POSTPONED,
            RsvpState.PAST,
        )


def registration_state(event: Event, rsvp: RsvpView | None, past: bool) -> str:
    """What the registration box says: an RSVP state, or ``none`` (come along, no form)."""
    if rsvp is not None:
        return rsvp.window.state.value
    if event.status is EventStatus.CANCELLED:
        return RsvpState.CANCELLED.value
    if event.status is EventStatus.POSTPONED:
        return RsvpState.POSTPONED.value
    return RsvpState.PAST.value if past else "none"


def cover_references(image: str, chapter: Chapter | None) -> tuple[str, ...]:
    """What a page's cover may be, in order: its own picture, the chapter's banner, its picture.

    Empty values are left out; the first one that is one of the site's pictures is shown.
    """
    candidates = (image, *((chapter.banner, chapter.image) if chapter else ()))
    return tuple(reference for reference in candidates if reference)


def featured_occurrence(event: Event, timeline: Timeline) -> Occurrence:
    """The occurrence an event page is about: the next one, else the latest past one.

    A date of a series cancelled on its own is passed over for the next one
    that takes place (the page lists it, marked cancelled), if there is one.
    """
    taking_place = [o for o in timeline.upcoming if o.event.status is event.status]
    if taking_place:
        return taking_place[0]
    if timeline.upcoming:
        return timeline.upcoming[0]
    if timeline.past:
        return timeline.past[0]
    return event.occurrence_at(event.start)


def rsvp_state(event: Event, occurrence: Occurrence, now: datetime) -> RsvpState | None:
    """What the RSVP control of ``occurrence`` shows at ``now`` (None: the event has no form).

    The only part of an event page that depends on the build's "now".
    """
    if event.rsvp is None:
        return None
    return rsvp_window(
        opens=event.rsvp.opens,
        closes=event.rsvp.closes,
        starts_at=occurrence.starts_at,
        ends_at=occurrence.ends_at,
        cancelled=event.status is EventStatus.CANCELLED,
        postponed=event.status is EventStatus.POSTPONED,
        now=now,
        full=event.rsvp.full,
    ).state


def rsvp_view(
    event: Event,
    occurrence: Occurrence,
    chapter: Chapter | None,
    urls: Urls,
    state: RsvpState | None,
) -> RsvpView | None:
    """The RSVP control for ``occurrence`` in ``state`` (see :func:`rsvp_state`)."""
    if event.rsvp is None or state is None:
        return None
    local = occurrence.local_start
    start_text = (
        local.strftime("%Y-%m-%dT%H:%M") if isinstance(local, datetime) else local.isoformat()
    )
    values = {
        "title": event.title,
        "start": start_text,
        "date": local.strftime("%Y-%m-%d"),
        "slug": event.slug,
        "url": urls.event_page(event),
        "chapter": chapter.title if chapter else "",
    }
    window = RsvpWindow(state, event.rsvp.opens, event.rsvp.closes or occurrence.starts_at)
    return RsvpView(
        window,
        fill_template(event.rsvp.url, values),
        event.rsvp.capacity,
        event.rsvp.waitlist_url,
        event.rsvp.price,
        event.rsvp.currency,
    )


def description(event: Event, chapter: Chapter | None) -> str:
    """A one-line description for meta tags and feeds: the summary, or who/where."""
    if event.summary:
        return event.summary
    parts = [event.title]
    if chapter:
        parts.append(chapter.title)
    if event.venue and event.venue.name:
        parts.append(event.venue.name)
    return " · ".join(parts)


def is_multi_day(start: Moment, end: Moment) -> bool:
    """True when a range spans more than one local day."""
    first = start.date() if isinstance(start, datetime) else start
    last = end.date() if isinstance(end, datetime) else end
    return first != last


@dataclass(frozen=True)
class Card:
    """One occurrence as a listing shows it.

    Attributes:
        occurrence: The date shown.
        chapter: The event's chapter.
        heading: The title's heading level (``h2``, ``h3``).
        show_chapter: Name the chapter (not on the chapter's own page).
        show_zone: Name the zone: the event's offset differs from the site's then.
        next_dates: A recurring series listed once: its following dates.
        thumbnail: The event's (else its chapter's) picture, small.
        compact: One line (a chapter's past events).
    """

    occurrence: Occurrence
    chapter: Chapter | None
    heading: str = "h3"
    show_chapter: bool = True
    show_zone: bool = False
    next_dates: tuple[Occurrence, ...] = ()
    thumbnail: Picture | None = None
    compact: bool = False


def collapse_series(
    occurrences: Sequence[Occurrence], following: int = 3
) -> list[tuple[Occurrence, tuple[Occurrence, ...]]]:
    """Each event once, at its first date, with up to ``following`` of its next dates.

    A recurring series in an upcoming listing is one entry ("every third
    Wednesday"), not one per date with the same title.
    """
    first: dict[str, int] = {}
    entries: list[tuple[Occurrence, list[Occurrence]]] = []
    for occurrence in occurrences:
        slug = occurrence.event.slug
        if slug in first:
            later = entries[first[slug]][1]
            if len(later) < following:
                later.append(occurrence)
            continue
        first[slug] = len(entries)
        entries.append((occurrence, []))
    return [(occurrence, tuple(later)) for occurrence, later in entries]


def shows_zone(occurrence: Occurrence, site_zone: ZoneInfo) -> bool:
    """A listing names the zone of a timed date whose offset is not the site's at that moment."""
    if occurrence.event.all_day:
        return False
    start = occurrence.local_start
    return start.utcoffset() != start.astimezone(site_zone).utcoffset()


@dataclass(frozen=True)
class ChapterEntry:
    """A chapter in the directory, with its next date (None when it has none).

    ``show_zone``: the next date is named with its zone (not the site's offset then).
    """

    chapter: Chapter
    next: Occurrence | None = None
    show_zone: bool = False


@dataclass(frozen=True)
class CityEntry:
    """A city with chapters: its name as its chapters write it, its country, its page's slug."""

    slug: str
    name: str
    country: str
    chapters: tuple[str, ...]


def city_entries(chapters: Sequence[Chapter]) -> tuple[CityEntry, ...]:
    """The cities of ``chapters`` (those that name one), by country then name.

    Chapters are in one city when their country and the slug of their city
    agree (``Mexico City`` and ``mexico city``); the name shown is the first
    chapter's spelling.
    """
    grouped: dict[tuple[str, str], list[Chapter]] = {}
    for chapter in chapters:
        if not chapter.city.strip() or not slugify(chapter.city):
            continue
        key = (chapter.country.upper(), slugify(chapter.city))
        grouped.setdefault(key, []).append(chapter)
    entries = []
    for (country, city), members in grouped.items():
        slug = f"{country.lower()}-{city}" if country else city
        slugs = tuple(sorted(c.slug for c in members))
        entries.append(CityEntry(slug, members[0].city.strip(), country, slugs))
    return tuple(sorted(entries, key=lambda e: (e.country, e.name.casefold(), e.slug)))


@dataclass(frozen=True)
class TopicEntry:
    """A topic in the list of topics.

    Attributes:
        upcoming: Its upcoming entries, as its page counts them (a recurring series once).
    """

    slug: str
    name: str
    upcoming: int = 0


@dataclass(frozen=True)
class FooterLink:
    """A plain page linked from every page's footer (``lang``: the page's language)."""

    url: str
    title: str
    lang: str = ""


@dataclass(frozen=True)
class AddToCalendar:
    """The "add to your calendar" links of an event page."""

    ics: str
    ics_name: str
    google: str
    outlook: str
