"""iCalendar feeds (RFC 5545) written with the icalendar library.

One ``VEVENT`` per event, serialised once and reused by every calendar that
contains it (site, chapter, topic, the event's own). Every value is derived
from content and its history, never from the clock, so two builds of the same
commit give the same bytes:

* ``UID``: the front matter's ``uid``, else ``<slug>@<domain>``;
* ``DTSTAMP`` and ``LAST-MODIFIED``: the last change of the file (UTC);
  ``CREATED``: its first version; ``SEQUENCE``: see ``history.sequence``;
* ``DTSTART``/``DTEND`` with ``TZID`` in the event's zone, in UTC for an
  explicit offset, ``VALUE=DATE`` with an exclusive end for all-day events;
* an event whose start or end falls in the hour repeated when clocks go back
  is written in UTC: RFC 5545 reads such a local time as its first pass, but
  ical.js (Thunderbird, Nextcloud) reads it as the second, and no local time
  names the second pass for the others;
* recurring events: one series with ``RRULE`` and ``EXDATE``. Readers make
  each date's end by adding the first date's length to its *local* start
  (RFC 5545 says exact time; icalendar, recurring-ical-events and ical.js add
  wall-clock time), so a date that spans a clock change, or starts or ends in
  a repeated hour, is also written as an override (``RECURRENCE-ID``, exact
  UTC times) within the years the calendar covers: every reader then shows the
  dates the page shows;
* a ``VTIMEZONE`` (see :mod:`.vtimezone`) for every ``TZID`` used; a
  calendar with no event (a new chapter's) carries its zone's, since RFC 5545
  wants at least one component;
* ``GEO`` in plain decimals (Python writes ``1e-07``, which RFC 5545's FLOAT
  does not allow).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from icalendar import Calendar, vDuration, vGeo, vRecur, vText, vUri
from icalendar import Event as VEvent
from icalendar.parser import Contentline, Parameters

from chapterhouse.calendar.vtimezone import vtimezone
from chapterhouse.core.model import (
    AttendanceMode,
    Chapter,
    Event,
    EventStatus,
    Occurrence,
    event_uid,
    moment_key,
)
from chapterhouse.core.programme import programme_lines
from chapterhouse.core.rsvp import fill_template
from chapterhouse.core.timing import Moment
from chapterhouse.history.stamps import Stamp, last_modified, sequence_number

PRODID = "-//Chapterhouse//Meetup calendars//EN"
_STATUS = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.RESCHEDULED: "CONFIRMED",
    EventStatus.POSTPONED: "TENTATIVE",
    EventStatus.CANCELLED: "CANCELLED",
}
_UTC_NAMES = frozenset(
    {"UTC", "Etc/UTC", "Etc/Universal", "Universal", "Zulu", "Etc/Zulu", "Etc/GMT", "GMT"}
)


@dataclass(frozen=True)
class CalendarInfo:
    """What a calendar file says about itself (shown by subscribing clients).

    Attributes:
        name: Its name.
        description: One line about it.
        url: The page it belongs to.
        timezone: The zone of its place (its VTIMEZONE when it has no event yet).
        language: The language its name and description are written in (``LANGUAGE``).
    """

    name: str
    description: str
    url: str
    timezone: str = "UTC"
    language: str = ""


@dataclass(frozen=True)
class EventLinks:
    """Absolute URLs an event's text refers to."""

    page: str
    rsvp: str = ""


#: A serialised VEVENT (with its overrides) and the TZIDs it uses.
Block = tuple[bytes, frozenset[str]]


class IcsWriter:
    """Builds VEVENT blocks and assembles calendars.

    Args:
        domain: Domain used in generated UIDs.
        refresh: Refresh hint (``REFRESH-INTERVAL``, ``X-PUBLISHED-TTL``).
        years: First and last year the VTIMEZONEs must cover.
        words: ``words(language, message, plural="", count=1)``: the few words of
            descriptions, in the event's language (the form for ``count`` when the
            message has a ``plural``).
    """

    def __init__(
        self,
        domain: str,
        refresh: timedelta,
        years: tuple[int, int],
        words: Callable[..., str],
    ):
        self.domain = domain
        self.refresh = refresh
        self.years = years
        self._words = words
        self._zones: dict[str, bytes] = {}
        self._head: bytes | None = None

    def event_block(
        self, event: Event, chapter: Chapter | None, stamp: Stamp | None, links: EventLinks
    ) -> Block:
        """The serialised VEVENT of ``event`` (with its overrides) and the TZIDs it uses."""
        block = serialize(self._vevent(event, chapter, stamp, links))
        for occurrence in self._overrides(event):
            block += serialize(self._vevent(event, chapter, stamp, links, occurrence))
        return block, _tzids(event)

    def _overrides(self, event: Event) -> list[Occurrence]:
        """The dates of a series written as overrides, in the order of the rule.

        Every date the organizer changed (``occurrences:``), and the dates
        :meth:`_irregular` finds; each once.
        """
        if event.recurrence is None:
            return []
        changed = event.changed_occurrences()
        irregular = [o for o in self._irregular(event) if not o.is_changed]
        return sorted(changed + irregular, key=lambda o: moment_key(o.original or o.start))

    def _irregular(self, event: Event) -> list[Occurrence]:
        """Dates of a series that its rule would not give every reader as they are.

        See the module docstring: an occurrence whose local span differs from
        the series' exact length, or whose start or end has no unambiguous
        local time. Looked for within the years the calendar's zones cover.
        """
        if event.recurrence is None or event.all_day or _in_utc(event):
            return []
        first, last = self.years
        window = (datetime(first, 1, 1, tzinfo=UTC), datetime(last + 1, 1, 1, tzinfo=UTC))
        length, tz = event.length, event.tz
        return [
            occurrence
            for occurrence in event.occurrences(window)
            if not (nameable(occurrence.start, tz) and nameable(occurrence.end, tz))
            or _wall(occurrence.end, tz) - _wall(occurrence.start, tz) != length
        ]

    def calendar(self, info: CalendarInfo, blocks: Iterable[Block]) -> bytes:
        """A complete VCALENDAR around ``blocks`` (in the order given)."""
        blocks = list(blocks)
        if self._head is None:
            shell = Calendar()
            shell.add("version", "2.0")
            shell.add("prodid", PRODID)
            shell.add("calscale", "GREGORIAN")
            shell.add("method", "PUBLISH")
            shell.add("refresh-interval", vDuration(self.refresh), parameters={"VALUE": "DURATION"})
            shell.add("x-published-ttl", vDuration(self.refresh))
            self._head = shell.to_ical().rpartition(b"END:VCALENDAR\r\n")[0]
        # The lines that differ per calendar, escaped and folded by icalendar.
        language = {"LANGUAGE": info.language} if info.language else {}
        own = [
            fold(Contentline.from_parts(name, Parameters(params), value)).encode() + b"\r\n"
            for name, params, value in (
                ("X-WR-CALNAME", {}, vText(info.name)),
                ("NAME", language, vText(info.name)),
                ("X-WR-CALDESC", {}, vText(info.description)),
                ("DESCRIPTION", language, vText(info.description)),
                ("URL", {}, vUri(info.url)),
            )
        ]
        tzids = sorted(set().union(*(tz for _, tz in blocks))) if blocks else [info.timezone]
        zones = b"".join(self._zone(tzid) for tzid in tzids)
        events = b"".join(block for block, _ in blocks)
        return self._head + b"".join(own) + zones + events + b"END:VCALENDAR\r\n"

    def _zone(self, tzid: str) -> bytes:
        if tzid not in self._zones:
            self._zones[tzid] = vtimezone(tzid, *self.years).to_ical()
        return self._zones[tzid]

    def _vevent(
        self,
        event: Event,
        chapter: Chapter | None,
        stamp: Stamp | None,
        links: EventLinks,
        override: Occurrence | None = None,
    ) -> VEvent:
        """The event's VEVENT, or with ``override`` the VEVENT of that one date of its series.

        An override describes the event as it is on that date (a changed date's
        venue, speakers and status) under the series' UID and SEQUENCE.
        """
        component = VEvent()
        sequence = sequence_number(event, stamp)
        if override is not None:
            event = override.event
        modified = last_modified(stamp)
        summary = event.title
        if event.status is EventStatus.CANCELLED:
            summary = self._words(event.lang, "Cancelled: %(title)s") % {"title": event.title}
        language = {"LANGUAGE": event.lang} if event.lang else None
        component.add("summary", summary, parameters=language)
        component.add("uid", event_uid(event, self.domain))
        component.add("dtstamp", modified)
        component.add("last-modified", modified)
        if stamp:
            component.add("created", stamp.created.astimezone(UTC))
        component.add("sequence", sequence)
        if override is not None:
            original = override.start if override.original is None else override.original
            component.add("recurrence-id", _ical_moment(event, original))
            if override.is_changed and _nameable_span(override, event):
                component.add("dtstart", _ical_moment(event, override.start))
                component.add("dtend", _ical_moment(event, override.end))
            else:
                component.add("dtstart", override.start.astimezone(UTC))
                component.add("dtend", override.end.astimezone(UTC))
        elif _utc_only(event):
            component.add("dtstart", event.start.astimezone(UTC))
            component.add("dtend", event.end.astimezone(UTC))
        else:
            component.add("dtstart", _ical_moment(event, event.start))
            component.add("dtend", _ical_moment(event, event.end))
        if event.recurrence and override is None:
            component.add("rrule", vRecur.from_ical(event.recurrence.rule))
            if event.recurrence.exdates:
                component.add("exdate", [_ical_moment(event, d) for d in event.recurrence.exdates])
        component.add("status", _STATUS[event.status])
        description = self._description(event, chapter, links, override)
        component.add("description", description, parameters=language)
        component.add("url", links.page)
        location = _location(event)
        if location:
            component.add("location", location, parameters=language)
        if event.venue and event.venue.geo:
            component.add("geo", _Geo(event.venue.geo))
        if event.topics:
            component.add("categories", list(event.topics))
        return component

    def _description(
        self,
        event: Event,
        chapter: Chapter | None,
        links: EventLinks,
        override: Occurrence | None = None,
    ) -> str:
        """The DESCRIPTION: of the series' first date, or of the ``override``'s date."""
        _ = ngettext = partial(self._words, event.lang)
        lines = []
        if event.summary:
            lines.append(event.summary)
        if event.speakers:
            names = ", ".join(p.name + (f" ({p.role})" if p.role else "") for p in event.speakers)
            speakers = ngettext("Speaker: %(names)s", "Speakers: %(names)s", len(event.speakers))
            lines.append(speakers % {"names": names})
        if event.programme:
            lines.append(_("Programme:"))
            dated = override if override is not None else event.occurrence_at(event.start)
            lines += programme_lines(event, dated.slots)
        if event.recap and event.recap.slides:
            lines.append(_("Slides: %(url)s") % {"url": event.recap.slides})
        if event.recap and event.recap.recording:
            lines.append(_("Recording: %(url)s") % {"url": event.recap.recording})
        if chapter:
            lines.append(_("Chapter: %(name)s") % {"name": chapter.title})
        if event.online_url:
            lines.append(_("Online: %(url)s") % {"url": event.online_url})
        if links.rsvp and event.status not in (EventStatus.CANCELLED, EventStatus.POSTPONED):
            lines.append(_("RSVP: %(url)s") % {"url": links.rsvp})
        lines.append(_("Details: %(url)s") % {"url": links.page})
        return "\n".join(lines)


def serialize(component: VEvent) -> bytes:
    """``component.to_ical()``, with the lines folded by :func:`fold` (same bytes, faster)."""
    lines = component.content_lines(sorted=True)
    return "".join(fold(line) + "\r\n" for line in lines if line).encode()


def fold(line: str, limit: int = 75) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1) without splitting a character.

    The same algorithm as icalendar's (which also keeps a backslash or caret
    escape on one line), with a fast path for the common short line: the
    library encodes every character of every line, which was 8% of a
    10,000-event build.
    """
    if len(line) < limit // 4 or len(line.encode()) < limit:
        return line
    folded: list[str] = []
    current: list[str] = []
    count = 0
    for char in line:
        size = len(char.encode())
        if current and count + size >= limit:
            if len(current) > 1 and current[-1] in "\\^":
                escape = current.pop()
                folded.append("".join(current))
                current, count = [escape], len(escape.encode())
            else:
                folded.append("".join(current))
                current, count = [], 0
        current.append(char)
        count += size
    folded.append("".join(current))
    return "\r\n ".join(folded)


def rsvp_link(event: Event, chapter: Chapter | None, page_url: str) -> str:
    """The RSVP URL calendars carry: filled for the series' start.

    A recurring event whose form is pre-filled with a date gets the event page
    instead (one link cannot be right for every date), and so does a full event
    (its page says so and offers the waiting list).
    """
    if event.rsvp is None:
        return ""
    template = event.rsvp.url
    if event.rsvp.full or (event.is_recurring and ("{date}" in template or "{start}" in template)):
        return page_url
    start = event.start.astimezone(event.tz) if isinstance(event.start, datetime) else event.start
    return fill_template(
        template,
        {
            "title": event.title,
            "start": start.strftime("%Y-%m-%dT%H:%M")
            if isinstance(start, datetime)
            else start.isoformat(),
            "date": start.strftime("%Y-%m-%d"),
            "slug": event.slug,
            "url": page_url,
            "chapter": chapter.title if chapter else "",
        },
    )


def _ical_moment(event: Event, moment: Moment) -> date | datetime:
    if not isinstance(moment, datetime):
        return moment
    if _in_utc(event):
        return moment.astimezone(UTC)
    return moment.astimezone(event.tz)


def nameable(moment: Moment, tz: ZoneInfo) -> bool:
    """True when the local time of ``moment`` in ``tz`` means ``moment`` to every calendar reader.

    A local time that happens twice (in the hour repeated when clocks go back)
    is read as its first pass by RFC 5545 and most readers, as its second by
    ical.js: neither can be relied on. Dates (all-day values) always can.
    """
    if not isinstance(moment, datetime):
        return True
    local = moment.astimezone(tz).replace(tzinfo=None)
    first = local.replace(tzinfo=tz, fold=0).astimezone(UTC)
    second = local.replace(tzinfo=tz, fold=1).astimezone(UTC)
    return first == second


def _nameable_span(occurrence: Occurrence, event: Event) -> bool:
    """An all-day date, or a timed one whose start and end each have one local time."""
    return nameable(occurrence.start, event.tz) and nameable(occurrence.end, event.tz)


def _wall(moment: Moment, tz: ZoneInfo) -> datetime:
    return moment.astimezone(tz).replace(tzinfo=None)


class _Geo(vGeo):
    """``GEO`` in plain decimals (at most six places, about 10 cm), never with an exponent."""

    def to_ical(self) -> str:
        return f"{_decimal(self.latitude)};{_decimal(self.longitude)}"


def _decimal(number: float) -> str:
    text = f"{number:.6f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _in_utc(event: Event) -> bool:
    """Explicit offsets and UTC-equivalent zones are written in UTC (``…Z``), without TZID."""
    return event.fixed_offset or event.timezone in _UTC_NAMES


def _utc_only(event: Event) -> bool:
    """A single event with a start or end that no local time names is written wholly in UTC."""
    return event.recurrence is None and not (
        nameable(event.start, event.tz) and nameable(event.end, event.tz)
    )


def _tzids(event: Event) -> frozenset[str]:
    """The zones the event's VEVENT names (a VTIMEZONE nobody uses is not written)."""
    if event.all_day or _in_utc(event) or _utc_only(event):
        return frozenset()
    return frozenset({event.timezone})


def _location(event: Event) -> str:
    parts = []
    if event.venue:
        parts.append(event.venue.one_line)
    if event.online_url and event.attendance_mode is not AttendanceMode.IN_PERSON:
        parts.append(event.online_url)
    return " — ".join(part for part in parts if part)
