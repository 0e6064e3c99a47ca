"""What an announcement says, in the event's language, or why there is none.

One occurrence of one event is announced: the next one, or the one on a given
day. Registration follows the event page's rules (:mod:`chapterhouse.site.views`):
an open form is linked, a full event offers its waiting list, a cancelled or
postponed one gets a short notice, and an event whose registration has closed
or which is over is not announced at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from babel.lists import format_list

from chapterhouse.core.model import AttendanceMode, Chapter, Event, Occurrence, start_of_day
from chapterhouse.core.recurrence import next_start, rule_parts
from chapterhouse.core.rsvp import RsvpState
from chapterhouse.core.timing import Moment
from chapterhouse.core.topics import TopicIndex
from chapterhouse.render.i18n import Interface
from chapterhouse.render.rules import rule_in_words
from chapterhouse.site.urls import Urls
from chapterhouse.site.views import registration_state, rsvp_state, rsvp_view

#: What stays out of a hashtag (Mastodon's hashtags are letters, digits and ``_``).
_NOT_IN_HASHTAG = re.compile(r"[\W_]+")


class NotAnnounced(Exception):
    """The event cannot be announced (over, registration closed, no such date): says why."""


class Kind(StrEnum):
    """What the announcement is."""

    EVENT = "event"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"


@dataclass(frozen=True)
class Facts:
    """An announcement's lines, worded in the event's language and ready to lay out.

    Each line is complete (``When: …``); ``""`` when it does not apply.

    Attributes:
        kind: An event, a cancellation or a postponement.
        title: The event's title, as announced (``Cancelled: …`` for a cancellation).
        date: The occurrence's date, short (``Thu, Dec 10, 2026``), for an email subject;
            ``""`` when postponed.
        summary: The event's summary.
        notice: What happened to it (cancelled, postponed, rescheduled).
        when: Date, start and end, and the zone named.
        rule: A series' rule in words.
        where: The venue, online, or both.
        speakers: Who speaks.
        registration: What to know about registering (when it closes, full…).
        links: Labelled links: the form or waiting list, the event's page, its calendar.
        hashtags: From the event's topics, in its language, each with its ``#``.
    """

    kind: Kind
    title: str
    date: str
    summary: str = ""
    notice: str = ""
    when: str = ""
    rule: str = ""
    where: str = ""
    speakers: str = ""
    registration: str = ""
    links: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()


def choose_occurrence(event: Event, now: datetime, day: date | None = None) -> Occurrence:
    """The occurrence to announce: the one on ``day``, else the next one starting after ``now``.

    A postponed event has no date to check: its last planned one is taken.

    Raises:
        NotAnnounced: no occurrence that day, or none still to come.
    """
    if day is not None:
        low = start_of_day(day, event.tz) - timedelta(days=1)
        high = start_of_day(day + timedelta(days=1), event.tz) + timedelta(days=1)
        found = [o for o in event.occurrences((low, high)) if _day(o.local_start) == day]
        if not found:
            raise NotAnnounced(f"--date: '{event.slug}' has no date on {day.isoformat()}")
        return found[0]
    if event.recurrence is not None:
        after = now + timedelta(microseconds=1)
        moment = next_start(event.recurrence, event.start, event.tz, after)
        # A changed date is where it was moved to: the first date still to come may be one
        # moved earlier, and the rule's next date may have been moved before now.
        candidates = [event.occurrence_at(moment)] if moment is not None else []
        for _ in event.changes:  # each step passes one date moved before now
            if moment is None or candidates[-1].starts_at >= after:
                break
            moment = next_start(event.recurrence, event.start, event.tz, _past(moment, event))
            candidates += [event.occurrence_at(moment)] if moment is not None else []
        candidates += [event.occurrence_at(change.original) for change in event.changes]
        coming = [o for o in candidates if o.starts_at >= after]
        if coming:
            return min(coming, key=lambda o: o.sort_key)
        if event.status != "postponed":
            raise NotAnnounced(
                f"'{event.slug}' has no date still to come: past events are not announced"
            )
    return event.occurrence_at(event.start)


def _past(moment: Moment, event: Event) -> datetime:
    """The first instant after the start ``moment`` of a series (an all-day date: the next day)."""
    if isinstance(moment, datetime):
        return moment + timedelta(seconds=1)
    return start_of_day(moment + timedelta(days=1), event.tz)


def gather(
    event: Event,
    occurrence: Occurrence,
    chapter: Chapter | None,
    topics: TopicIndex,
    urls: Urls,
    interface: Interface,
    now: datetime,
) -> Facts:
    """The lines announcing ``occurrence`` of ``event``, in ``interface``'s language.

    Args:
        event: The event.
        occurrence: The date announced (see :func:`choose_occurrence`).
        chapter: The event's chapter, if any.
        topics: The site's declared topics (a topic's name in the event's language).
        urls: The site's URLs (absolute: the published site's).
        interface: Words and dates in the event's language.
        now: The build's "now" (``CHAPTERHOUSE_NOW``).

    Raises:
        NotAnnounced: the occurrence is over or has begun, or registration has closed.
    """
    event = occurrence.event  # as it is on that date (a changed date of a series: see Event)
    state = rsvp_state(event, occurrence, now)
    rsvp = rsvp_view(event, occurrence, chapter, urls, state)
    registration = registration_state(event, rsvp, past=occurrence.ends_at <= now)
    shown = _shown(occurrence.local_start)
    if registration == RsvpState.PAST or (
        registration != RsvpState.POSTPONED and occurrence.starts_at <= now
    ):
        raise NotAnnounced(f"'{event.slug}' took place on {shown}: past events are not announced")
    if registration == RsvpState.CLOSED:
        assert rsvp is not None
        closed = _shown(rsvp.window.closes.astimezone(event.tz))
        raise NotAnnounced(
            f"registration for '{event.slug}' closed on {closed}: there is nothing to announce"
        )
    _ = interface.gettext
    page = urls.absolute(urls.event_path(event.slug))
    calendar = urls.absolute(urls.event_calendar_path(event.slug))
    when = _line(interface, _("When"), interface.dates.range_text(occurrence))
    common = {
        "summary": event.summary,
        "hashtags": hashtags(event, topics),
    }
    if registration == RsvpState.CANCELLED:
        notice = _("This event will not take place.")
        if chapter is not None:
            notice += " " + _(
                "Follow %(chapter)s to hear about its next events.", chapter=chapter.title
            )
        return Facts(
            Kind.CANCELLED,
            _line(interface, _("Cancelled"), event.title),
            interface.dates.short_date(occurrence.local_start),
            notice=notice,
            when=when,
            links=(_line(interface, _("Event page"), page),),
            **common,
        )
    if registration == RsvpState.POSTPONED:
        postponed = f"{_('Postponed')} — {_('A new date will be announced.')}"
        return Facts(
            Kind.POSTPONED,
            _line(interface, _("Postponed"), event.title),
            "",
            notice=postponed,
            where=_where(event, interface),
            speakers=_speakers(event, interface),
            registration=_("Registration will reopen when the new date is set."),
            links=(_line(interface, _("Event page"), page),),
            **common,
        )
    form: tuple[str, ...] = ()
    note = ""
    if registration in (RsvpState.OPEN, RsvpState.CLOSING_SOON):
        assert rsvp is not None
        form = (_line(interface, _("RSVP"), rsvp.url),)
        if event.rsvp is not None and event.rsvp.closes is not None:  # not simply at the start
            closes = interface.dates.date_time(rsvp.window.closes.astimezone(event.tz))
            note = _("Registration closes %(when)s.", when=closes)
    elif registration == RsvpState.NOT_YET_OPEN:
        assert rsvp is not None and rsvp.window.opens is not None
        opens = interface.dates.date_time(rsvp.window.opens.astimezone(event.tz))
        note = _("Registration opens %(when)s.", when=opens)
    elif registration == RsvpState.FULL:
        assert rsvp is not None
        note = _("Every place is taken.")
        if rsvp.offers_waitlist:
            form = (_line(interface, _("Join the waiting list"), rsvp.waitlist_url),)
        else:
            note += " " + _("There is no waiting list.")
    elif event.online_url:
        note = _("No registration needed: join online at the time of the event.")
    else:
        note = _("No registration needed: just come along.")
    return Facts(
        Kind.EVENT,
        event.title,
        interface.dates.short_date(occurrence.local_start),
        notice=_rescheduled(event, interface),
        when=when,
        rule=_rule(event, interface),
        where=_where(event, interface),
        speakers=_speakers(event, interface),
        registration=note,
        links=(
            *form,
            _line(interface, _("Event page"), page),
            _line(interface, _("Add to your calendar"), calendar),
        ),
        **common,
    )


def hashtags(event: Event, topics: TopicIndex) -> tuple[str, ...]:
    """``#python``, ``#OpenSource``: the event's topics, named in its language, once each.

    A name of several words becomes one hashtag with each word capitalised; a name
    with no letter (``2027``) gives none.
    """
    tags: list[str] = []
    for text in event.topics:
        declared = topics.declared.get(topics.slug_of(text))
        name = declared.label(event.lang, text) if declared else text
        words = [w for w in _NOT_IN_HASHTAG.split(name) if w]
        if len(words) > 1:
            words = [w[:1].upper() + w[1:] for w in words]
        tag = "#" + "".join(words)
        if any(c.isalpha() for c in tag) and tag.casefold() not in map(str.casefold, tags):
            tags.append(tag)
    return tuple(tags)


def _line(interface: Interface, label: str, value: str) -> str:
    """``Label: value`` the language's way (``Label : value`` in French)."""
    return interface.gettext("%(label)s: %(value)s", label=label, value=value)


def _where(event: Event, interface: Interface) -> str:
    _ = interface.gettext
    place = event.venue.one_line if event.venue else ""
    if event.attendance_mode is AttendanceMode.ONLINE:
        value = _("Online")
    elif event.attendance_mode is AttendanceMode.HYBRID:
        value = f"{place} · {_('also online')}" if place else _("In person and online")
    else:
        value = place or _("The venue will be announced.")
    return _line(interface, _("Where"), value)


def _speakers(event: Event, interface: Interface) -> str:
    if not event.speakers:
        return ""
    count = len(event.speakers)
    label = interface.ngettext("Speaker", "Speakers", count)
    names = format_list([p.name for p in event.speakers], locale=interface.locale)
    return _line(interface, label, names)


def _rule(event: Event, interface: Interface) -> str:
    if event.recurrence is None:
        return ""
    words = rule_in_words(rule_parts(event.recurrence.rule), interface)
    return _line(interface, interface.gettext("Repeats"), words) if words else ""


def _rescheduled(event: Event, interface: Interface) -> str:
    previous = event.previous_start
    if event.status != "rescheduled" or previous is None:
        return ""
    dates = interface.dates
    was = (
        dates.date_time(previous.astimezone(event.tz))
        if isinstance(previous, datetime)
        else dates.date(previous)
    )
    rescheduled = interface.gettext("Rescheduled")
    return f"{rescheduled} — {interface.gettext('It was planned for %(date)s.', date=was)}"


def _day(moment: Moment) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def _shown(moment: Moment) -> str:
    """A date (and time) in messages to the organizer: ``2026-12-10 18:30``."""
    return moment.strftime("%Y-%m-%d %H:%M") if isinstance(moment, datetime) else moment.isoformat()
