"""Template-ready values derived from the model (no Pelican, no clock)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from chapterhouse.core.model import FREE, Chapter, Event, EventStatus, Occurrence
from chapterhouse.core.rsvp import RsvpState, RsvpWindow, fill_template, rsvp_window
from chapterhouse.core.timing import Moment
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
        """The waiting list is offered while the event has not started and is on."""
        return bool(self.waitlist_url) and self.window.state.value in (
            "open",
            "closed",
            "not_yet_open",
        )


def featured_occurrence(event: Event, timeline: Timeline) -> Occurrence:
    """The occurrence an event page is about: the next one, else the latest past one."""
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
        "url": urls.absolute(urls.event_path(event.slug)),
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
    """One occurrence as a listing shows it, with the chapter whose name it shows."""

    occurrence: Occurrence
    chapter: Chapter | None
    heading: str = "h3"


@dataclass(frozen=True)
class ChapterEntry:
    """A chapter in the directory, with its next date (None when it has none)."""

    chapter: Chapter
    next: Occurrence | None = None


@dataclass(frozen=True)
class TopicEntry:
    """A topic in the list of topics."""

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
