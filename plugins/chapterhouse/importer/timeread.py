"""Reading a VEVENT's date-time values into instants and wall times.

RFC 5545 gives each value one of four forms; each has one reading here:

* ``DTSTART;TZID=Europe/Paris:20270120T183000``: a wall time in that zone
  (a Windows name is mapped to IANA, a custom ``VTIMEZONE`` is used by its
  rules). A wall time that happens twice is the first one (RFC 5545 3.3.5);
  one inside a spring-forward gap is read with the offset before the gap.
* ``…Z`` (UTC): the instant; with ``X-WR-TIMEZONE`` (Google, Meetup) it is
  shown in that zone, as the x-wr-timezone library does.
* floating (no zone): a wall time in ``X-WR-TIMEZONE``, else the chapter's zone.
* ``VALUE=DATE``: a day (all-day events).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo

from x_wr_timezone import UTCChangingWalker

from chapterhouse.importer.zones import ZoneResolver

UTC_NAMES = frozenset({"UTC", "Etc/UTC", "GMT", "Etc/GMT", "Etc/Zulu", "Zulu", "Universal"})


class Unreadable(Exception):
    """A date-time value cannot be read; the message says why."""


@dataclass(frozen=True)
class Moment:
    """One date-time value of a VEVENT, read.

    Attributes:
        value: An aware datetime (the exact instant) or a date.
        zone: The IANA zone the value was written in, when it has one
            (``None`` for UTC without ``X-WR-TIMEZONE``, custom zones, dates).
        kind: ``date``, ``zoned``, ``utc``, ``floating`` or ``custom``.
        source_tz: The zone the value was written in, whatever it is (for
            comparing recurrences).
        tzid: The ``TZID`` as written, for messages.
    """

    value: date | datetime
    zone: ZoneInfo | None
    kind: str
    source_tz: tzinfo | None = None
    tzid: str = ""


@dataclass(frozen=True)
class TimeContext:
    """The zones values are read against."""

    zones: ZoneResolver
    calendar_zone: ZoneInfo | None
    chapter_zone: ZoneInfo


def read_value(value: object, tzid: str, context: TimeContext) -> Moment:
    """Read one parsed value (``prop.dt``) with the ``TZID`` parameter it had.

    Raises:
        Unreadable: the value is not a date or date-time, or its zone is unknown.
    """
    if not isinstance(value, date):
        raise Unreadable("not a date or date-time")
    if not isinstance(value, datetime):
        return Moment(value, None, "date")
    wall = value.replace(tzinfo=None)
    if tzid:
        resolved = context.zones.resolve(tzid)
        if resolved is None:
            raise Unreadable(
                f"unknown time zone '{tzid}' (not IANA, not a Windows name, no VTIMEZONE)"
            )
        if not resolved.iana:
            return Moment(wall.replace(tzinfo=resolved.tz), None, "custom", resolved.tz, tzid)
        assert isinstance(resolved.tz, ZoneInfo)
        if resolved.tz.key not in UTC_NAMES:
            return Moment(
                wall.replace(tzinfo=resolved.tz, fold=0), resolved.tz, "zoned", resolved.tz, tzid
            )
        value = wall.replace(tzinfo=UTC)
    if context.calendar_zone is not None:
        walker = UTCChangingWalker(context.calendar_zone)
        if value.tzinfo is None:
            return Moment(
                walker.walk_value_datetime(wall),
                context.calendar_zone,
                "floating",
                context.calendar_zone,
            )
        shown = walker.walk_value_datetime(value.astimezone(ZoneInfo("UTC")))
        return Moment(shown, context.calendar_zone, "utc", ZoneInfo("UTC"))
    if value.tzinfo is None:
        tz = context.chapter_zone
        return Moment(wall.replace(tzinfo=tz, fold=0), tz, "floating", tz)
    return Moment(value.astimezone(UTC), None, "utc", UTC)


def instant(moment: datetime) -> datetime:
    """The same instant in UTC."""
    return moment.astimezone(UTC)


def localize_lenient(wall: datetime, tz: ZoneInfo) -> datetime:
    """``wall`` in ``tz``; a wall time in a DST gap is read with the offset before the gap."""
    return wall.replace(tzinfo=tz, fold=0).astimezone(UTC).astimezone(tz)


def sort_key(value: date | datetime) -> tuple[date, float]:
    """Order timed values by instant and dates by day."""
    if isinstance(value, datetime):
        utc = value.astimezone(UTC)
        return (utc.date(), utc.timestamp())
    return (value, 0.0)
