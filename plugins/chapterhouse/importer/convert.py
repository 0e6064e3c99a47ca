"""One VEVENT to one event's front matter and body (pure: no files, no network).

:func:`convert` returns a :class:`Draft` (or ``None`` when the VEVENT cannot
be imported) and :class:`~.report.Issue` lines for whatever was not imported
as it was. The values of a draft are already written as the content format
wants them (wall times in the event's zone, an explicit offset only where a
wall time would mean another instant), and :mod:`.document` only lays them
out. Place, links and text are read by :mod:`.fields`, recurrence by
:mod:`.recurring`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from hashlib import sha256
from typing import Any
from zoneinfo import ZoneInfo

import icalendar

from chapterhouse.importer import fields
from chapterhouse.importer.context import Context, Notes, Skip
from chapterhouse.importer.recurring import recurrence
from chapterhouse.importer.report import Issue
from chapterhouse.importer.text import clean_text, plain_text, shorten
from chapterhouse.importer.timeread import (
    Moment,
    Unreadable,
    localize_lenient,
    read_value,
    sort_key,
)

MAX_TITLE = 200
MAX_UID = 200


@dataclass(frozen=True)
class Draft:
    """An event's front matter, written as the content format wants it.

    ``start``/``end``/``excepts`` are the text to write; ``day`` is the
    local start date for the file name.
    """

    uid: str
    title: str
    start: str
    day: str
    end: str = ""
    all_day: bool = False
    timezone: str = ""
    venue: dict[str, Any] = field(default_factory=dict)
    online: str = ""
    rsvp: str = ""
    event_status: str = ""
    repeat: str = ""
    excepts: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    body: str = ""


@dataclass(frozen=True)
class Converted:
    """The result of converting one VEVENT."""

    draft: Draft | None
    issues: list[Issue]


def event_uid(vevent: icalendar.Event) -> str:
    """The VEVENT's UID, cleaned (empty when it has none)."""
    return clean_text(str(vevent.get("UID", "") or ""))


def derived_uid(vevent: icalendar.Event) -> str:
    """A stable UID for a VEVENT without one: from its start and title."""
    raw = vevent.get("DTSTART")
    key = (raw.to_ical().decode() if hasattr(raw, "to_ical") else "") + "\n"
    key += str(vevent.get("SUMMARY", ""))
    return "import-" + sha256(key.encode()).hexdigest()[:24]


def convert(
    vevent: icalendar.Event,
    index: int,
    context: Context,
    uid: str,
    extra_excepts: tuple[datetime | date, ...] = (),
) -> Converted:
    """Convert one VEVENT.

    Args:
        vevent: The component.
        index: Its 1-based position in the calendar (for messages).
        context: Zones and origin.
        uid: The UID to write (the VEVENT's, or one derived for a changed
            occurrence or a VEVENT without UID).
        extra_excepts: Occurrences replaced by other VEVENTs (``RECURRENCE-ID``):
            they become ``except`` dates.
    """
    notes = Notes(context, index, event_uid(vevent) or uid)
    try:
        draft = _convert(vevent, context, uid, extra_excepts, notes)
    except Skip as skip:
        notes.add(skip.prop, skip.message + "; the event was not imported")
        return Converted(None, notes.issues)
    except Exception as error:  # anything unforeseen in one VEVENT spares the others
        reason = " ".join(str(error).split())[:200]
        notes.add("VEVENT", f"cannot be converted ({type(error).__name__}: {reason}); not imported")
        return Converted(None, notes.issues)
    return Converted(draft, notes.issues)


def _convert(
    vevent: icalendar.Event,
    context: Context,
    uid: str,
    extra_excepts: tuple[datetime | date, ...],
    notes: Notes,
) -> Draft:
    fields.report_parse_errors(vevent, notes)
    vevent = fields.without_broken(vevent)
    if len(uid) > MAX_UID:
        raise Skip("UID", f"longer than {MAX_UID} characters")
    if str(vevent.get("CLASS", "PUBLIC")).upper() in ("PRIVATE", "CONFIDENTIAL"):
        raise Skip("CLASS", f"{str(vevent.get('CLASS')).upper()}: a private event is not published")
    title = _title(vevent, notes)
    start = _moment(vevent, "DTSTART", context, required=True)
    assert start is not None
    tz = _event_zone(start, context, notes)
    end_value = _end(vevent, start, tz, context, notes)
    rule, excepts, start_value, end_value = recurrence(
        vevent, start, tz, end_value, extra_excepts, context, notes
    )
    fields.report_unsupported(vevent, notes)
    venue, online, rsvp_from_location = fields.place(vevent, context, notes)
    rsvp, more = fields.rsvp(vevent, context, notes)
    rsvp = rsvp or rsvp_from_location
    body = fields.body(vevent, notes, more)
    all_day = not isinstance(start_value, datetime)
    return Draft(
        uid=uid,
        title=title,
        start=_start_text(start_value, tz, bool(rule), notes),
        day=(
            start_value.astimezone(tz).date() if isinstance(start_value, datetime) else start_value
        ).isoformat(),
        end=_end_text(start_value, end_value, tz),
        all_day=all_day,
        timezone="" if all_day or tz.key == context.chapter_zone.key else tz.key,
        venue=venue,
        online=online,
        rsvp=rsvp,
        event_status=fields.status(vevent, notes),
        repeat=rule,
        excepts=excepts,
        topics=fields.topics(vevent, notes),
        body=body,
    )


def _title(vevent: icalendar.Event, notes: Notes) -> str:
    title = plain_text(str(vevent.get("SUMMARY", "") or ""), "SUMMARY", notes)
    if not title:
        raise Skip("SUMMARY", "missing: the event has no title")
    if len(title) > MAX_TITLE:
        notes.add("SUMMARY", f"longer than {MAX_TITLE} characters; shortened")
        title = shorten(title, MAX_TITLE)
    return title


def _moment(
    vevent: icalendar.Event, name: str, context: Context, required: bool = False
) -> Moment | None:
    prop = vevent.get(name)
    if prop is None:
        if required:
            raise Skip(name, "missing: the event has no start")
        return None
    if isinstance(prop, list):
        prop = prop[0]
    value = getattr(prop, "dt", None)
    tzid = str(prop.params.get("TZID", "")) if hasattr(prop, "params") else ""
    try:
        return read_value(value, tzid, context.time)
    except Unreadable as error:
        if required or name != "DTEND":
            raise Skip(name, str(error)) from None
        raise


def _event_zone(start: Moment, context: Context, notes: Notes) -> ZoneInfo:
    if start.zone is not None:
        return start.zone
    if start.kind == "custom":
        notes.add(
            "DTSTART",
            f"time zone '{start.tzid}' is not an IANA zone: its VTIMEZONE gives the instants, "
            f"written in the chapter's zone {context.chapter_zone.key}",
        )
    return context.chapter_zone


def _end(
    vevent: icalendar.Event, start: Moment, tz: ZoneInfo, context: Context, notes: Notes
) -> date | datetime | None:
    """The exclusive end (a date for all-day events), or None for the default."""
    try:
        end = _moment(vevent, "DTEND", context)
    except Unreadable as error:
        notes.add("DTEND", f"{error}; the event lasts the default duration")
        end = None
    duration = vevent.get("DURATION")
    if end is None and duration is not None:
        delta = getattr(duration, "dt", None)
        if not isinstance(delta, timedelta) or delta <= timedelta(0):
            notes.add("DURATION", "not a positive duration; ignored")
            return _default_end(start, notes)
        if isinstance(start.value, datetime):
            local = start.value.astimezone(tz).replace(tzinfo=None)
            nominal = localize_lenient(local + timedelta(days=delta.days), tz)
            return nominal + timedelta(seconds=delta.seconds)
        return start.value + timedelta(days=max(delta.days, 1))
    if end is None:
        return _default_end(start, notes)
    if isinstance(start.value, datetime) != isinstance(end.value, datetime):
        notes.add("DTEND", "a date and a date-time are mixed; the end is left out")
        return _default_end(start, notes)
    if sort_key(end.value) <= sort_key(start.value):
        if end.value != start.value:
            notes.add("DTEND", "not after DTSTART; the event lasts the default duration")
        return _default_end(start, notes)
    return end.value


def _default_end(start: Moment, notes: Notes) -> date | None:
    return start.value + timedelta(days=1) if not isinstance(start.value, datetime) else None


def wall_text(moment: datetime, tz: ZoneInfo) -> tuple[str, bool]:
    """The moment as a wall time in ``tz``, or with its offset when it must be.

    A wall time that happens twice reads back as the first instant; the second
    one is written with its explicit UTC offset.

    Returns the text and whether it is a plain wall time.
    """
    local = moment.astimezone(UTC).astimezone(tz)
    naive = local.replace(tzinfo=None)
    if naive.replace(tzinfo=tz, fold=0).astimezone(UTC) == moment.astimezone(UTC):
        return _format_wall(naive), True
    return local.isoformat(timespec="seconds"), False


def _format_wall(naive: datetime) -> str:
    return naive.strftime("%Y-%m-%d %H:%M:%S" if naive.second else "%Y-%m-%d %H:%M")


def _start_text(start: date | datetime, tz: ZoneInfo, recurring: bool, notes: Notes) -> str:
    if not isinstance(start, datetime):
        return start.isoformat()
    text, plain = wall_text(start, tz)
    if plain or not recurring:
        return text
    naive = start.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    notes.add(
        "DTSTART",
        f"{naive:%Y-%m-%d %H:%M} happens twice in {tz.key} and the event is the second one, but a "
        "repeating event's start must be a wall time: it is written as the first one (one "
        "clock change earlier)",
    )
    return _format_wall(naive)


def _end_text(start: date | datetime, end: date | datetime | None, tz: ZoneInfo) -> str:
    if end is None:
        return ""
    if not isinstance(start, datetime):
        assert not isinstance(end, datetime)
        last = end - timedelta(days=1)
        return "" if last == start else last.isoformat()
    assert isinstance(end, datetime)
    text, plain = wall_text(end, tz)
    local_start = start.astimezone(UTC).astimezone(tz)
    local_end = end.astimezone(UTC).astimezone(tz)
    if plain and local_end.date() == local_start.date() and not local_end.second:
        return local_end.strftime("%H:%M")
    return text
