"""A hub's member data as ordinary chapters and events (pure: no Pelican, no clock).

:func:`remote_content` turns what :func:`chapterhouse.network.sources.gather`
returns into :class:`~chapterhouse.core.model.Chapter` and
:class:`~chapterhouse.core.model.Event` values, so that listings, topics,
calendars, feeds, search and the map show them like local ones. Each carries
``canonical_url`` (its page on its own site: the hub makes no page for it),
``origin`` (the member's name) and ``stale``.

* An event keeps its source's UID (calendars never get duplicates); its slug,
  ``net-`` and 12 hex digits of the UID's SHA-256, is only an identifier
  (no page is made for it).
* Times keep their instants and are shown in the event's zone.
* A series (``recurrence``) starts on its first listed date; the dates the rule
  gives between the first and the last listed one that are not listed are
  excluded (as its calendars' ``EXDATE``), and a ``COUNT`` becomes an ``UNTIL``
  on the last listed date. An event listing several dates without a rule (a
  calendar member's series expanded in a window) keeps one: the first that has
  not ended at the build's "now", else the last.
* All-day ends are the last day, inclusive, in the documents; the model's are exclusive.
* Each item's revision is the SHA-256 of its canonical JSON (with its origin and
  staleness, and for an event its chapter's revision): unchanged remote data,
  unchanged outputs in an incremental build.
* A chapter of a calendar member, and its events, have no page anywhere: their
  canonical URL is the member's calendar feed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from hashlib import sha256
from typing import Any
from urllib.parse import quote, urlsplit

from chapterhouse.core.model import (
    AttendanceMode,
    Chapter,
    DateChange,
    Event,
    EventStatus,
    Rsvp,
    Source,
    Venue,
)
from chapterhouse.core.problems import FieldError
from chapterhouse.core.recurrence import Recurrence, expand, parse_rule
from chapterhouse.core.timing import Moment, zone
from chapterhouse.history.stamps import Stamp
from chapterhouse.network.documents import Occurrence as RemoteOccurrence
from chapterhouse.network.documents import RemoteChapter, RemoteEvent
from chapterhouse.network.members import Member
from chapterhouse.network.sources import Gathered

#: The folder remote items' ``Source.relpath`` are under (no such folder exists).
FOLDER = "network"


@dataclasses.dataclass(frozen=True)
class RemoteContent:
    """The network's chapters and events as model values.

    Attributes:
        chapters: Every member's chapters (members in ``network.yml`` order, then by slug).
        events: Every member's events (members in order, then by UID).
        stamps: Created, modified and SEQUENCE of the events whose source says when
            they last changed, by slug (for calendars and ``events.json``).
    """

    chapters: tuple[Chapter, ...] = ()
    events: tuple[Event, ...] = ()
    stamps: Mapping[str, Stamp] = dataclasses.field(default_factory=dict)


def shared_topics(
    gathered: Gathered, slug_of: Callable[[str], str], known: frozenset[str]
) -> frozenset[str]:
    """The topic slugs members' events may bring to the hub's topic pages.

    Those the hub already has (``known``: its own events' and ``topics.yml``'s)
    and those at least two members use: one member alone cannot fill the hub
    with pages (and its sitemap) by inventing topics.
    """
    members_of: dict[str, set[str]] = {}
    for data in gathered.members:
        for event in data.events:
            for topic in event.topics:
                members_of.setdefault(slug_of(topic), set()).add(data.member.url)
    return known | frozenset(slug for slug, urls in members_of.items() if len(urls) >= 2)


def remote_content(
    gathered: Gathered,
    now: datetime,
    keep_topic: Callable[[str], bool] | None = None,
) -> RemoteContent:
    """The chapters, events and stamps of ``gathered``; ``now``: the build's "now".

    ``keep_topic``: which of a member's topics the hub shows (see
    :func:`shared_topics`); all when not given. (Members' events with a UID of
    the hub's own were left out by :func:`~chapterhouse.network.sources.gather`.)
    """
    chapters: list[Chapter] = []
    events: list[Event] = []
    stamps: dict[str, Stamp] = {}
    for data in gathered.members:
        origin = member_name(data.member)
        own: dict[str, Chapter] = {}
        for remote in data.chapters:
            chapter = remote_chapter(remote, data.member, origin, data.stale)
            own[chapter.slug] = chapter
            chapters.append(chapter)
        for remote_event_ in data.events:
            host = own.get(remote_event_.chapter)
            # Co-hosts among the member's own chapters; a member's network-wide event is
            # every one of its chapters' (never the hub's or other members' chapters).
            named = own if remote_event_.all_chapters else remote_event_.cohosts
            cohosts = tuple(s for s in named if s in own and s != remote_event_.chapter)
            topics = remote_event_.topics
            if keep_topic is not None:
                topics = tuple(t for t in topics if keep_topic(t))
            event = remote_event(
                remote_event_,
                data.member,
                origin,
                data.stale,
                now,
                host.source.revision if host else "",
                topics,
                cohosts,
            )
            events.append(event)
            if remote_event_.updated is not None:
                updated = remote_event_.updated
                stamps[event.slug] = Stamp(updated, updated, remote_event_.sequence)
    return RemoteContent(tuple(chapters), tuple(events), stamps)


def member_name(member: Member) -> str:
    """How the hub names a member: its ``name``, else its host."""
    return member.name or (urlsplit(member.url).hostname or member.url)


def event_slug(uid: str) -> str:
    """A remote event's identifier: ``net-`` and 12 hex digits of its UID's SHA-256."""
    return "net-" + sha256(uid.encode()).hexdigest()[:12]


def revision(value: RemoteChapter | RemoteEvent, *more: str) -> str:
    """The SHA-256 of a remote item's digest (of its ``repr``) and of ``more``.

    Remote items are frozen dataclasses of text, numbers, booleans, tuples and
    dates, whose ``repr`` is the same in every process and changes with every
    field; its digest is kept with the member's reading, so an unchanged
    member's revisions cost a join and a hash.
    """
    return sha256("\x1f".join((value.digest, *more)).encode()).hexdigest()


def remote_chapter(remote: RemoteChapter, member: Member, origin: str, stale: bool) -> Chapter:
    """One member's chapter as a model chapter (no page here: ``canonical_url``)."""
    return Chapter(
        slug=remote.slug,
        title=remote.title,
        timezone=remote.timezone,
        source=_source(member, remote.slug, revision(remote, origin, str(stale))),
        city=remote.city,
        country=remote.country,
        geo=remote.geo,
        topics=remote.topics,
        lang=remote.lang,
        summary=remote.summary,
        canonical_url=remote.url or remote.calendar_url or member.url,
        origin=origin,
        stale=stale,
    )


def remote_event(
    remote: RemoteEvent,
    member: Member,
    origin: str,
    stale: bool,
    now: datetime,
    chapter_revision: str = "",
    topics: tuple[str, ...] | None = None,
    cohosts: tuple[str, ...] = (),
) -> Event:
    """One member's event as a model event (its UID kept; no page here: ``canonical_url``)."""
    shown_topics = remote.topics if topics is None else topics
    tz = zone(remote.timezone)
    recurrence, first = _series(remote, now)
    start, end = _localised(first, remote.all_day, tz)
    slug = event_slug(remote.uid)
    venue = None
    if remote.venue_name or remote.venue_address or remote.venue_geo:
        venue = Venue(remote.venue_name, remote.venue_address, remote.venue_geo)
    return Event(
        slug=slug,
        title=remote.title,
        start=start,
        end=end,
        timezone=tz.key,
        source=_source(
            member,
            slug,
            revision(
                remote,
                origin,
                str(stale),
                _key(start),
                chapter_revision,
                repr((shown_topics, cohosts)),  # what the hub decided about it
            ),
        ),
        chapter=remote.chapter,
        all_day=remote.all_day,
        venue=venue,
        attendance_mode=AttendanceMode(remote.attendance_mode),
        online_url=remote.online_url,
        rsvp=Rsvp(remote.rsvp_url) if remote.rsvp_url else None,
        status=EventStatus(remote.status),
        topics=shown_topics,
        cohosts=cohosts,
        summary=remote.summary,
        lang=remote.lang,
        uid=remote.uid,
        recurrence=recurrence,
        changes=_changes(remote, tz) if recurrence is not None else (),
        # A calendar member's events have no page: each links to the feed, told apart by a
        # fragment (feeds and search need one address per event).
        canonical_url=remote.url or f"{member.url}#{quote(remote.uid, safe='')}",
        origin=origin,
        stale=stale,
    )


def _series(remote: RemoteEvent, now: datetime) -> tuple[Recurrence | None, RemoteOccurrence]:
    """The event's recurrence (None for a single date) and the date it starts on."""
    listed = remote.occurrences
    first = listed[0]
    if len(listed) == 1:
        return None, first
    if remote.recurrence:
        by_rule = sorted(listed, key=lambda o: _key(o.rule_start))
        recurrence = _recurrence(remote, by_rule[0], by_rule[-1])
        if recurrence is not None:
            return recurrence, _as_ruled(by_rule)
    ahead = [o for o in listed if _instant(o.end, after=remote.all_day) > now]
    return None, ahead[0] if ahead else listed[-1]


def _recurrence(
    remote: RemoteEvent, first: RemoteOccurrence, last: RemoteOccurrence
) -> Recurrence | None:
    """The rule from the first listed date; dates it gives that are not listed are excluded."""
    tz = zone(remote.timezone)
    first, last = _as_ruled((first,)), _as_ruled((last,))
    start, _ = _localised(first, remote.all_day, tz)
    final, _ = _localised(last, remote.all_day, tz)
    rule = remote.recurrence
    try:
        if any(part.startswith("COUNT=") for part in rule.split(";")):
            until = final.strftime("%Y%m%d") if remote.all_day else _utc_text(final)
            parts = [p for p in rule.split(";") if not p.startswith(("COUNT=", "UNTIL="))]
            rule = parse_rule(";".join([*parts, f"UNTIL={until}"]), start, tz)
    except (FieldError, ValueError):
        return None
    ruled = (_as_ruled((o,)) for o in remote.occurrences)
    listed = {_key(_localised(o, remote.all_day, tz)[0]) for o in ruled}
    window = (_instant(first.start), _instant(last.end, after=remote.all_day))
    given = expand(Recurrence(rule), start, tz, window)
    excluded = tuple(moment for moment in given if _key(moment) not in listed)
    return Recurrence(rule, excluded)


def _as_ruled(
    occurrences: tuple[RemoteOccurrence, ...] | list[RemoteOccurrence],
) -> RemoteOccurrence:
    """The first of ``occurrences`` where the rule puts it, lasting as long as an unchanged date.

    A date its organizer changed (``original``) is at its rule's start here; its change
    is carried by the event (see :func:`_changes`).
    """
    first = occurrences[0]
    if first.original is None:
        return first
    unchanged = [o for o in occurrences if o.original is None]
    model = unchanged[0] if unchanged else first
    return RemoteOccurrence(first.original, first.original + (model.end - model.start))


def _changes(remote: RemoteEvent, tz: Any) -> tuple[DateChange, ...]:
    """The dates of a member's series that its organizer changed, as the model keeps them."""
    changes = []
    for occurrence in remote.occurrences:
        if occurrence.original is None:
            continue
        original, _ = _localised(_as_ruled((occurrence,)), remote.all_day, tz)
        start, end = _localised(occurrence, remote.all_day, tz)
        venue = Venue(*occurrence.venue) if occurrence.venue else None
        status = EventStatus(occurrence.status) if occurrence.status else None
        changes.append(DateChange(original, start, end, venue=venue, status=status))
    return tuple(changes)


def _localised(occurrence: RemoteOccurrence, all_day: bool, tz: Any) -> tuple[Moment, Moment]:
    """Start and (exclusive) end in the event's zone."""
    start, end = occurrence.start, occurrence.end
    if all_day or not isinstance(start, datetime) or not isinstance(end, datetime):
        return start, end + timedelta(days=1)
    return start.astimezone(tz), end.astimezone(tz)


def _instant(moment: Moment, after: bool = False) -> datetime:
    """The instant of a moment in UTC (``after``: the end of a date, inclusive)."""
    if isinstance(moment, datetime):
        return moment.astimezone(UTC)
    day = moment + timedelta(days=1) if after else moment
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _key(moment: Moment) -> str:
    return moment.astimezone(UTC).isoformat() if isinstance(moment, datetime) else str(moment)


def _utc_text(moment: Moment) -> str:
    assert isinstance(moment, datetime)
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _source(member: Member, slug: str, digest: str) -> Source:
    host = urlsplit(member.url).hostname or "member"
    return Source(path=member.url, relpath=f"{FOLDER}/{host}/{slug}", revision=digest)
