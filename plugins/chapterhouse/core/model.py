"""The content model: chapters, events and their occurrences.

Plain frozen dataclasses, built by :mod:`chapterhouse.core.loading` from
validated front matter. Every datetime is aware; all-day values are dates.
Nothing here imports Pelican or reads the clock.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from chapterhouse.core.recurrence import Recurrence, expand
from chapterhouse.core.timing import Moment, add_elapsed, elapsed, zone


class EventStatus(StrEnum):
    """The event's own state (``event_status``)."""

    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"
    RESCHEDULED = "rescheduled"


class AttendanceMode(StrEnum):
    """Where people attend (``attendance_mode``)."""

    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"


class Visibility(StrEnum):
    """Pelican's publication ``status``."""

    PUBLISHED = "published"
    HIDDEN = "hidden"
    DRAFT = "draft"


@dataclass(frozen=True)
class Source:
    """Where a chapter or event came from.

    Attributes:
        path: The file as shown in messages (``content/events/x.md``).
        relpath: POSIX path relative to the content folder (``events/x.md``).
        lines: Line of each front-matter key, by dotted path.
        body_line: Line on which the Markdown body starts.
        revision: A digest of everything the item was read from (the file's path and
            bytes, and its chapter's revision for an event): equal revisions, equal items
            (with the same settings). See :func:`revision_of`.
    """

    path: str
    relpath: str
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False)
    body_line: int = field(default=1, compare=False, hash=False)
    revision: str = ""

    def line_of(self, key: str) -> int:
        """Line of ``key`` (or its closest parent), 1 when unknown."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rpartition(".")[0]
        return self.lines.get("", 1)


def revision_of(relpath: str, raw: bytes, *depends: str) -> str:
    """The revision of an item read from ``raw`` at ``relpath`` (and the revisions it uses)."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in (relpath.encode(), raw, *(d.encode() for d in depends)):
        hasher.update(len(part).to_bytes(8, "big"))
        hasher.update(part)
    return hasher.hexdigest()


@dataclass(frozen=True)
class Person:
    """A speaker, host or organizer (``photo``: a picture path or URL, ``""`` when none)."""

    name: str
    role: str = ""
    url: str = ""
    photo: str = ""


@dataclass(frozen=True)
class Venue:
    """A physical place."""

    name: str = ""
    address: str = ""
    geo: tuple[float, float] | None = None
    url: str = ""

    @property
    def map_url(self) -> str:
        """An OpenStreetMap link: the point when ``geo`` is known, else a search."""
        if self.geo:
            lat, lon = self.geo
            return (
                f"https://www.openstreetmap.org/?mlat={lat:.6f}&mlon={lon:.6f}"
                f"#map=17/{lat:.6f}/{lon:.6f}"
            )
        query = ", ".join(part for part in (self.name, self.address) if part)
        return "https://www.openstreetmap.org/search?" + urlencode(
            {"query": query}, quote_via=quote
        )

    @property
    def one_line(self) -> str:
        """Name and address on one line."""
        return ", ".join(part for part in (self.name, self.address.replace("\n", ", ")) if part)


@dataclass(frozen=True)
class Link:
    """A chapter's link (website, mastodon, email…)."""

    kind: str
    url: str


#: The price of a free event, as :class:`Rsvp` keeps it (every zero amount is written so).
FREE = "0"


@dataclass(frozen=True)
class Rsvp:
    """RSVP through an external form.

    Attributes:
        url: The form URL, possibly with placeholders (see :mod:`.rsvp`).
        capacity: Places available, when announced.
        opens: When registration opens (aware), None for "now".
        closes: When it closes (aware), None for "at the start".
        waitlist_url: A waiting-list form.
        price: The price as a plain decimal number (``"0"`` when free), None when
            not announced.
        currency: ISO 4217 code of the price, ``""`` when unknown.
        full: Every place is taken (the organizer says so: the form is external).
    """

    url: str
    capacity: int | None = None
    opens: datetime | None = None
    closes: datetime | None = None
    waitlist_url: str = ""
    price: str | None = None
    currency: str = ""
    full: bool = False

    @property
    def is_free(self) -> bool:
        """The event is announced as free."""
        return self.price == FREE


class ProgrammeKind(StrEnum):
    """What a programme item is (``programme[].kind``)."""

    TALK = "talk"
    WORKSHOP = "workshop"
    ICEBREAKER = "icebreaker"
    QUIZ = "quiz"
    BREAK = "break"
    NETWORKING = "networking"


@dataclass(frozen=True)
class ProgrammeItem:
    """One item of an event's programme, in wall time.

    Attributes:
        at: Its wall time in the event's zone.
        title: What happens.
        day: Days after the first day of the occurrence (0: that day), for events
            that last several days.
        speaker: Who leads it (a name; matched with the event's ``speakers`` when shown).
        kind: What it is, None when not said.
    """

    at: time
    title: str
    day: int = 0
    speaker: str = ""
    kind: ProgrammeKind | None = None


@dataclass(frozen=True)
class Slot:
    """A programme item on one occurrence: when it starts, in the event's zone."""

    item: ProgrammeItem
    start: datetime


@dataclass(frozen=True)
class Recap:
    """What remains after an event (``recap``).

    Attributes:
        slides: Link to the slides.
        recording: Link to the recording.
        photos: Pictures: paths in the content folder or https:// URLs.
        writeup: A Markdown account of the event.
        attended: How many people came, None when not counted.
    """

    slides: str = ""
    recording: str = ""
    photos: tuple[str, ...] = ()
    writeup: str = ""
    attended: int | None = None


@dataclass(frozen=True)
class Chapter:
    """One local group.

    Remote (a hub's member's) objects carry ``canonical_url`` (their own page on the
    member's site, absolute), ``origin`` (the member's name, to say where they come
    from) and ``stale`` (the member's data is possibly out of date); local ones
    leave them empty.
    """

    slug: str
    title: str
    timezone: str
    source: Source
    city: str = ""
    country: str = ""
    geo: tuple[float, float] | None = None
    topics: tuple[str, ...] = ()
    organizers: tuple[Person, ...] = ()
    links: tuple[Link, ...] = ()
    rsvp: Rsvp | None = None
    lang: str = ""
    summary: str = ""
    image: str = ""
    banner: str = ""
    color: str = ""
    visibility: Visibility = Visibility.PUBLISHED
    body: str = ""
    canonical_url: str = ""
    origin: str = ""
    stale: bool = False

    @property
    def is_remote(self) -> bool:
        """The chapter is a hub's member's: it has no page here (see ``canonical_url``)."""
        return self.canonical_url != ""

    @property
    def tz(self) -> ZoneInfo:
        """The chapter's zone."""
        return zone(self.timezone)

    def __fingerprint__(self) -> str:
        """Its revision: the chapter is fixed by its file (and the settings)."""
        return f"chapter:{self.source.revision}"


@dataclass(frozen=True)
class DateChange:
    """One date of a series changed by the organizer (an ``occurrences:`` entry).

    Attributes:
        original: The start the rule gives that date (aware, in the event's zone;
            a date for all-day events): the calendars' ``RECURRENCE-ID``.
        start: Its new start, or None when the time is unchanged.
        end: Its new exclusive end, or None for the new start plus the event's length.
        venue: Its venue, or None for the event's.
        speakers: Its speakers, or None for the event's.
        status: Its status (``cancelled``: that date only), or None for the event's.
    """

    original: Moment
    start: Moment | None = None
    end: Moment | None = None
    venue: Venue | None = None
    speakers: tuple[Person, ...] | None = None
    status: EventStatus | None = None


@dataclass(frozen=True)
class Event:
    """One event, possibly recurring.

    ``start``/``end`` are aware datetimes (in the event's zone, or at the
    explicit offset given) or, for all-day events, dates with an *exclusive*
    end (a one-day event on the 20th ends on the 21st).
    """

    slug: str
    title: str
    start: Moment
    end: Moment
    timezone: str
    source: Source
    chapter: str = ""
    cohosts: tuple[str, ...] = ()
    all_chapters: bool = False
    all_day: bool = False
    fixed_offset: bool = False
    venue: Venue | None = None
    attendance_mode: AttendanceMode = AttendanceMode.IN_PERSON
    online_url: str = ""
    rsvp: Rsvp | None = None
    status: EventStatus = EventStatus.SCHEDULED
    previous_start: Moment | None = None
    speakers: tuple[Person, ...] = ()
    hosts: tuple[Person, ...] = ()
    programme: tuple[ProgrammeItem, ...] = ()
    recap: Recap | None = None
    topics: tuple[str, ...] = ()
    summary: str = ""
    image: str = ""
    lang: str = ""
    uid: str = ""
    recurrence: Recurrence | None = None
    visibility: Visibility = Visibility.PUBLISHED
    body: str = ""
    extra: Mapping[str, object] = field(default_factory=dict, compare=False, hash=False)
    canonical_url: str = ""
    origin: str = ""
    stale: bool = False
    changes: tuple[DateChange, ...] = ()
    series: str = ""

    @property
    def is_remote(self) -> bool:
        """The event is a hub's member's: it has no page here (see ``canonical_url``)."""
        return self.canonical_url != ""

    @property
    def tz(self) -> ZoneInfo:
        """The event's zone (display zone when the start has an explicit offset)."""
        return zone(self.timezone)

    def __fingerprint__(self) -> str:
        """Its revision: the event is fixed by its file and its chapter (and the settings)."""
        return f"event:{self.source.revision}"

    @property
    def length(self) -> timedelta:
        """Elapsed duration of one occurrence (whole days for all-day events)."""
        if isinstance(self.start, datetime) and isinstance(self.end, datetime):
            return elapsed(self.start, self.end)
        return self.end - self.start

    def chapters_among(self, every: Sequence[str]) -> tuple[str, ...]:
        """The chapters that list the event: its host and co-hosts, or ``every`` one.

        ``every``: the site's chapters, for a network-wide event (``all_chapters``).
        Each chapter once, the host first.
        """
        own = (self.chapter, *self.cohosts) if self.chapter else self.cohosts
        if self.all_chapters:
            own = (*own, *every)
        return tuple(dict.fromkeys(own))

    @property
    def is_recurring(self) -> bool:
        """True when the event repeats."""
        return self.recurrence is not None

    @property
    def is_cancelled(self) -> bool:
        """True when ``event_status`` is cancelled."""
        return self.status is EventStatus.CANCELLED

    def occurrence_at(self, start: Moment) -> Occurrence:
        """The occurrence the series gives at ``start``, with its date's changes if any.

        A changed date (see :class:`DateChange`) keeps ``start`` as its
        ``original`` and carries the event as changed for that date.
        """
        change = self._changes_by_start.get(moment_key(start)) if self.changes else None
        return self._plain(start) if change is None else self._changed(change)

    def occurrences(self, window: tuple[datetime, datetime]) -> list[Occurrence]:
        """Occurrences that overlap ``window`` (UTC bounds), in order of their starts.

        A single event has one occurrence, returned when it overlaps. A changed
        date of a series is where it was moved to (in or out of the window),
        in its place in the order.
        """
        low, high = window
        if self.recurrence is None:
            only = self.occurrence_at(self.start)
            return [only] if only.ends_at > low and only.starts_at < high else []
        widened = (low - self.length, high)
        starts = expand(self.recurrence, self.start, self.tz, widened)
        if not self.changes:
            found = (self.occurrence_at(s) for s in starts)
            return [o for o in found if o.ends_at > low and o.starts_at < high]
        changed = self._changes_by_start
        kept = [self._plain(s) for s in starts if moment_key(s) not in changed]
        kept += self.changed_occurrences()
        inside = [o for o in kept if o.ends_at > low and o.starts_at < high]
        return sorted(inside, key=lambda o: o.sort_key)

    def changed_occurrences(self) -> list[Occurrence]:
        """The occurrences of the dates the organizer changed, in the order of the rule."""
        return [self._changed(change) for change in self.changes]

    @property
    def _changes_by_start(self) -> dict[tuple[date, float], DateChange]:
        return {moment_key(change.original): change for change in self.changes}

    def _plain(self, start: Moment) -> Occurrence:
        """The occurrence at ``start`` as the event is (no change looked for)."""
        if isinstance(start, datetime):
            return Occurrence(self, start, add_elapsed(start, self.length))
        return Occurrence(self, start, start + self.length)

    def _changed(self, change: DateChange) -> Occurrence:
        """The occurrence of one changed date (the event as it is on that date)."""
        start = change.original if change.start is None else change.start
        if change.end is not None:
            end = change.end
        elif isinstance(start, datetime):
            end = add_elapsed(start, self.length)
        else:
            end = start + self.length
        updates: dict[str, Any] = {"changes": ()}
        if change.venue is not None:
            updates["venue"] = change.venue
        if change.speakers is not None:
            updates["speakers"] = change.speakers
        if change.status is not None:
            updates["status"] = change.status
        return Occurrence(replace(self, **updates), start, end, original=change.original)


@dataclass(frozen=True)
class Series:
    """A series of editions: events of one chapter that share a rhythm and usual values.

    Each edition is an ordinary event naming the series (``series: <slug>``);
    it takes the series' values it does not set itself (see
    :func:`chapterhouse.core.loading.resolve_defaults`).

    Attributes:
        rhythm: The normalised RFC 5545 rule that proposes the next edition's
            date (no ``COUNT``/``UNTIL``: a series ends when editions stop).
        timezone: The series' own zone, ``""`` to take its chapter's.
        duration: The usual length of an edition, None for the site's default.
        lang: The series' own language, ``""`` to take its chapter's.
    """

    slug: str
    title: str
    chapter: str
    rhythm: str
    source: Source
    timezone: str = ""
    venue: Venue | None = None
    rsvp: Rsvp | None = None
    duration: timedelta | None = None
    topics: tuple[str, ...] = ()
    image: str = ""
    lang: str = ""
    summary: str = ""
    visibility: Visibility = Visibility.PUBLISHED
    body: str = ""

    def __fingerprint__(self) -> str:
        """Its revision: the series is fixed by its file and its chapter (and the settings)."""
        return f"series:{self.source.revision}"


class _once:
    """A property computed on first use and then stored on the instance.

    Like ``functools.cached_property`` without its lock (Python 3.11), which
    cost more than the values it saved in listings of 10,000 occurrences.
    Works on frozen dataclasses: it writes the instance's ``__dict__``.
    """

    def __init__(self, compute: Callable[[Any], Any]):
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


@dataclass(frozen=True)
class Occurrence:
    """One dated instance of an event (the only one for a single event).

    A date of a series its organizer changed has ``original``, the start its
    rule gives it, and its ``event`` is the event as it is on that date (see
    :class:`DateChange`). Its derived instants and keys are computed once
    (listings sort and split the same occurrences many times).
    """

    event: Event
    start: Moment
    end: Moment
    original: Moment | None = None

    @property
    def is_changed(self) -> bool:
        """The organizer changed this date of the series (see :class:`DateChange`)."""
        return self.original is not None

    @property
    def is_moved(self) -> bool:
        """This date of the series starts at another time than its rule gives."""
        return self.original is not None and moment_key(self.original) != moment_key(self.start)

    @property
    def local_original(self) -> Moment | None:
        """The start the rule gives a changed date, in the event's zone (None when unchanged)."""
        if isinstance(self.original, datetime):
            return self.original.astimezone(self.event.tz)
        return self.original

    @_once
    def starts_at(self) -> datetime:
        """Start instant (local midnight in the event's zone for all-day)."""
        return _instant(self.start, self.event.tz)

    def __fingerprint__(self) -> str:
        """Its event's, and its start: the occurrence follows from them."""
        return f"{self.event.source.revision}@{self.key}@{self.starts_at.timestamp()}"

    @_once
    def ends_at(self) -> datetime:
        """End instant (exclusive)."""
        return _instant(self.end, self.event.tz)

    @property
    def local_start(self) -> Moment:
        """Start in the event's zone (a date for all-day events)."""
        return (
            self.start.astimezone(self.event.tz) if isinstance(self.start, datetime) else self.start
        )

    @property
    def local_end(self) -> Moment:
        """End in the event's zone; for all-day events the last day, inclusive."""
        if isinstance(self.end, datetime):
            return self.end.astimezone(self.event.tz)
        return self.end - timedelta(days=1)

    @_once
    def slots(self) -> tuple[Slot, ...]:
        """The event's programme on this occurrence's day(s), each at its instant.

        A date moved to another time of day keeps its programme's order and gaps:
        every item moves by as much as the start (18:30 → 19:30 moves a 19:00 talk
        to 20:00), on the new day.
        """
        local, original = self.local_start, self.local_original
        first = local.date() if isinstance(local, datetime) else local
        shift = timedelta(0)
        if isinstance(local, datetime) and isinstance(original, datetime):
            shift = datetime.combine(first, local.time()) - datetime.combine(first, original.time())
        slots = []
        for item in self.event.programme:
            wall = datetime.combine(first + timedelta(days=item.day), item.at) + shift
            slots.append(Slot(item, wall_instant(wall.date(), wall.time(), self.event.tz)))
        return tuple(slots)

    @_once
    def key(self) -> str:
        """Stable identifier within the event: its local start date (and time).

        A changed date keeps the key of the start its rule gives it, so that
        links to it still lead to it once it is moved.
        """
        local = self.local_start if self.original is None else self.local_original
        return (
            local.strftime("%Y%m%dT%H%M")
            if isinstance(local, datetime)
            else local.strftime("%Y%m%d")
        )

    @_once
    def sort_key(self) -> tuple[float, str]:
        """Chronological order, then slug, for deterministic listings."""
        return (self.starts_at.timestamp(), self.event.slug)

    @_once
    def end_timestamp(self) -> float:
        """POSIX time of the end (compared with "now" in every listing)."""
        return self.ends_at.timestamp()


def event_uid(event: Event, domain: str) -> str:
    """The calendar UID: the front matter's ``uid``, else ``<slug>@<domain>``.

    The slug comes from the file name, so editing the title, time or place
    never changes it.
    """
    return event.uid or f"{event.slug}@{domain}"


def start_of_day(day: date, tz: ZoneInfo) -> datetime:
    """The first instant of ``day`` in ``tz`` (midnight may fall in a DST gap)."""
    wall = datetime.combine(day, time()).replace(tzinfo=tz)
    return wall.astimezone(UTC).astimezone(tz)


def wall_instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The instant of the wall time ``at`` on ``day`` in ``tz``.

    A wall time that happens twice (autumn overlap) is the first; one inside a
    spring-forward gap is moved forward by the gap (as clocks are).
    """
    wall = datetime.combine(day, at).replace(tzinfo=tz)
    return wall.astimezone(UTC).astimezone(tz)


def moment_key(moment: Moment) -> tuple[date, float]:
    """What identifies a start of a series: timed ones by instant, all-day ones by date."""
    if isinstance(moment, datetime):
        utc = moment.astimezone(UTC)
        return (utc.date(), utc.timestamp())
    return (moment, 0.0)


def _instant(moment: Moment, tz: ZoneInfo) -> datetime:
    if isinstance(moment, datetime):
        return moment
    return start_of_day(moment, tz)
