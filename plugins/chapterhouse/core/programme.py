"""Programmes and recaps: the checks that need an event's times, or the build's "now".

Rules (documented for organizers in docs/content-format.md):

* A programme item's ``time`` is a wall time in the event's zone, ``18:30`` (quoted
  or not: the front-matter reader keeps it as text, never YAML 1.1's sexagesimal
  number). An event that lasts several days (or crosses midnight) gives the date
  too: ``2027-01-14 09:00``. A repeating event's programme gives times of day
  only: it applies to every date of the series, on that date.
* Every item lies within the event: from its start to its end. An item at the
  very end is a warning (nothing can happen after the end); items out of order
  are a warning; so is a ``speaker`` who is not one of the event's speakers. A
  wall time that does not exist on the event's day (inside a spring-forward gap)
  is refused, like a start; on a later date of a series, it is moved forward by
  the gap, as clocks are.
* A recap is for an event that has taken place: one whose end is after the
  build's "now" is an error (checked by :func:`recap_problems`, given that
  "now"); so is a recap on a repeating, cancelled or postponed event. More
  people ``attended`` than ``rsvp.capacity`` is a warning.

Nothing here imports Pelican or reads the clock.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from chapterhouse.core.model import (
    Event,
    Person,
    ProgrammeItem,
    ProgrammeKind,
    start_of_day,
)
from chapterhouse.core.problems import FieldError, Problem, quote
from chapterhouse.core.timing import Moment, localize

#: ``18:30``, ``9:05`` or ``18h30``: a time of day on the 24-hour clock.
_TIME = re.compile(r"^(?P<h>\d{1,2})[:hH](?P<m>\d{2})(?::00)?$")
#: ``2027-01-14 09:00`` (or with a ``T``): a date and a time of day.
_DATED = re.compile(r"^(?P<d>\d{4}-\d{2}-\d{2})(?:[ T]+)(?P<t>\S+)$")
_TIME_HINT = "write it like 18:30 (24-hour clock), or 2027-01-14 09:00 for an event of several days"


@dataclass(frozen=True)
class WallTime:
    """A programme item's ``time`` as written: a time of day, and a date when given.

    Attributes:
        at: The time of day.
        day: The date, None when only a time of day was written.
        text: The value as written (for messages).
    """

    at: time
    day: date | None
    text: str


def parse_wall_time(value: Any) -> WallTime:
    """Parse a programme item's ``time``: ``18:30``, ``18h30`` or ``2027-01-14 09:00``.

    Raises:
        FieldError: the value is not a time of day (``25:00``, ``7pm``, ``1830``), quoting it.
    """
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise FieldError(f"{quote(value)} is not a time of day", _TIME_HINT)
    if isinstance(value, int):
        hours, minutes = divmod(value, 100)
        hint = (
            f"write it with a colon: {hours:02d}:{minutes:02d}"
            if 0 <= hours <= 23 and minutes <= 59
            else _TIME_HINT
        )
        raise FieldError(f"{value} is not a time of day", hint)
    text = " ".join(value.split())
    day = None
    dated = _DATED.match(text)
    clock = dated["t"] if dated else text
    if dated:
        try:
            day = date.fromisoformat(dated["d"])
        except ValueError:
            raise FieldError(f"{quote(text)} is not a real date", _TIME_HINT) from None
    match = _TIME.match(clock)
    if not match:
        raise FieldError(f"{quote(text)} is not a time of day", _TIME_HINT)
    hours, minutes = int(match["h"]), int(match["m"])
    if hours > 23 or minutes > 59:
        raise FieldError(
            f"{quote(text)} is not a time of day: hours go from 0 to 23, minutes from 00 to 59",
            "midnight is 00:00, on the next day's date",
        )
    return WallTime(time(hours, minutes), day, text)


def place_programme(
    entries: Sequence[Mapping[str, Any] | None],
    start: Moment,
    end: Moment,
    tz: ZoneInfo,
    repeating: bool,
) -> tuple[tuple[ProgrammeItem, ...], list[FieldError]]:
    """The programme's items, each placed on the event's day(s), and what is wrong with them.

    ``entries`` are the schema's clean items (``time`` a :class:`WallTime`), None
    for an item already refused (it keeps its place, so that indexes stay those of
    the file); ``start``/``end`` the event's first occurrence (``end`` exclusive).
    Errors are located under ``<index>.time`` (``<index>.day`` for a day number
    beyond the event's last day); every item is checked.
    """
    first_instant, end_instant = _instant(start, tz), _instant(end, tz)
    days = (first_instant.astimezone(tz).date(), _last_day(end_instant, tz))
    items: list[ProgrammeItem] = []
    errors: list[FieldError] = []
    for index, entry in enumerate(entries):
        if entry is None:
            continue
        wall: WallTime = entry["time"]
        try:
            day = _day_of(wall, entry.get("day"), days, repeating)
            # A wall time inside a spring-forward gap never happens that day.
            instant = localize(datetime.combine(day, wall.at), tz)
            _check_within(wall, instant, (first_instant, end_instant), tz, days[0])
        except FieldError as error:
            errors.append(
                error.within(str(index)) if error.field else error.within(f"{index}.time")
            )
            continue
        kind = entry.get("kind")
        items.append(
            ProgrammeItem(
                at=wall.at,
                title=entry["title"],
                day=(day - days[0]).days,
                speaker=entry.get("speaker", ""),
                kind=ProgrammeKind(kind) if kind else None,
            )
        )
    return tuple(items), errors


def _last_day(end: datetime, tz: ZoneInfo) -> date:
    """The last local day an event touches (an end at midnight is the day before's)."""
    return (end - timedelta(microseconds=1)).astimezone(tz).date()


def _day_of(wall: WallTime, number: int | None, days: tuple[date, date], repeating: bool) -> date:
    """The day of an item on the first date: from its ``day`` number, its date, or the only day.

    Raises:
        FieldError: the day cannot be known, or is not one of the event's.
    """
    first, last = days
    if number is not None:
        count = (last - first).days + 1
        if wall.day is not None:
            raise FieldError(
                f"{quote(wall.text)} has a date, and day says {number}", "give one of them"
            )
        if number > count:
            raise FieldError(
                f"day {number} is after the event's last day "
                f"(it lasts {count} day{'s' if count > 1 else ''})",
                "day 1 is the first day",
                "day",
            )
        return first + timedelta(days=number - 1)
    if wall.day is not None:
        if repeating:
            raise FieldError(
                f"{quote(wall.text)} has a date, but the event repeats: its programme "
                "is the same on every date",
                f"write the time of day alone: {wall.at:%H:%M}, and day: 2 for the next day",
            )
        return wall.day
    if last != first:
        raise FieldError(
            f"{quote(wall.text)} does not say which day: the event runs from {first} to {last}",
            f"write the date too, like {first} {wall.at:%H:%M}, or add day: 1",
        )
    return first


def _check_within(
    wall: WallTime,
    instant: datetime,
    span: tuple[datetime, datetime],
    tz: ZoneInfo,
    first_day: date,
) -> None:
    """An item happens between the event's start and its end (both included).

    Raises:
        FieldError: the item is before the start or after the end.
    """
    start, end = span
    if instant < start:
        raise FieldError(
            f"{quote(wall.text)} is before the event starts ({_shown(start, tz, first_day)})",
            "every item of the programme happens between the start and the end",
        )
    if instant > end:
        raise FieldError(
            f"{quote(wall.text)} is after the event ends ({_shown(end, tz, first_day)})",
            "every item of the programme happens between the start and the end; "
            "or give the event a later end",
        )


def recap_conflicts(event_status: str, repeating: bool) -> str:
    """Why an event cannot have a recap at all (``""`` when it can)."""
    if repeating:
        return (
            "a repeating event has no single recap: write one in an event file of that date "
            "(and list the date in except)"
        )
    if event_status in ("cancelled", "postponed"):
        return f"the event is {event_status}: there is nothing to recap"
    return ""


def recap_problems(events: Iterable[Event], now: datetime) -> list[Problem]:
    """A recap on an event that has not ended at the build's ``now`` is an error.

    Remote (a hub's members') events are their own site's concern and are skipped.
    """
    problems = []
    for event in events:
        if event.recap is None or event.is_remote:
            continue
        occurrence = event.occurrence_at(event.start)
        if occurrence.ends_at > now:
            end = occurrence.ends_at.astimezone(event.tz)
            problems.append(
                Problem(
                    event.source.path,
                    event.source.line_of("recap"),
                    "recap",
                    f"the event ends {end:%Y-%m-%d %H:%M} ({event.timezone}), after now "
                    f"({now.astimezone(event.tz):%Y-%m-%d %H:%M}): a recap is for an event "
                    "that has taken place",
                    "add the recap once the event is over",
                )
            )
    return problems


def event_warnings(event: Event) -> list[Problem]:
    """Plausible-but-suspect programme and recap values of ``event``, as problems to warn of.

    An item at the very end of the event, items out of order, a speaker who is not
    one of the event's speakers, more people attended than there were places.
    """
    source = event.source
    warnings: list[Problem] = []

    def warn(field: str, message: str, hint: str = "") -> None:
        warnings.append(Problem(source.path, source.line_of(field), field, message, hint))

    occurrence = event.occurrence_at(event.start)
    slots = occurrence.slots
    for index, slot in enumerate(slots):
        shown = _item_text(slot.item, event)
        if slot.start == occurrence.ends_at:
            warn(
                f"programme.{index}.time",
                f"{quote(shown)} is the very end of the event: nothing can happen after it",
                "end the event later, or remove the item",
            )
        if index and slot.start < slots[index - 1].start:
            warn(
                f"programme.{index}.time",
                f"{quote(shown)} is earlier than the item before it "
                f"({_item_text(slots[index - 1].item, event)})",
                "list the programme in order of time",
            )
        name = slot.item.speaker
        if name and event.speakers and speaker_named(event.speakers, name) is None:
            names = ", ".join(p.name for p in event.speakers)
            warn(
                f"programme.{index}.speaker",
                f"{quote(name)} is not one of the event's speakers ({names})",
                "write the name as in speakers, or add the person to speakers",
            )
    recap, capacity = event.recap, event.rsvp.capacity if event.rsvp else None
    if recap and recap.attended is not None and capacity and recap.attended > capacity:
        warn(
            "recap.attended",
            f"{recap.attended} people attended, more than the {capacity} places of rsvp.capacity",
            "check the number",
        )
    return warnings


def speaker_named(speakers: Sequence[Person], name: str) -> int | None:
    """The index of the speaker called ``name`` (case and accents as written), None if none."""
    wanted = _folded(name)
    for index, person in enumerate(speakers):
        if _folded(person.name) == wanted:
            return index
    return None


def programme_lines(event: Event, slots: Sequence[Any]) -> list[str]:
    """The programme as plain text lines: ``18:30 Welcome — Ada Lovelace``.

    Items of an event of several days start with their date (``2027-01-14 09:00 …``).
    """
    several_days = any(slot.item.day for slot in slots)
    lines = []
    for slot in slots:
        local = slot.start.astimezone(event.tz)
        line = f"{local:%Y-%m-%d %H:%M}" if several_days else f"{local:%H:%M}"
        line += f" {slot.item.title}"
        if slot.item.speaker:
            line += f" — {slot.item.speaker}"
        lines.append(line)
    return lines


def _folded(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _item_text(item: ProgrammeItem, event: Event) -> str:
    if item.day:
        first = event.occurrence_at(event.start).local_start
        day = first.date() if isinstance(first, datetime) else first
        return f"{day + timedelta(days=item.day)} {item.at:%H:%M}"
    return f"{item.at:%H:%M}"


def _instant(moment: Moment, tz: ZoneInfo) -> datetime:
    return moment if isinstance(moment, datetime) else start_of_day(moment, tz)


def _shown(instant: datetime, tz: ZoneInfo, first_day: date) -> str:
    local = instant.astimezone(tz)
    return f"{local:%H:%M}" if local.date() == first_day else f"{local:%Y-%m-%d %H:%M}"
