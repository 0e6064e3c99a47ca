"""Wall times, zones, durations and the build's single "now".

Rules (documented for organizers in docs/content-format.md):

* A value without an offset (``2027-01-20 18:30``) is a wall time in the
  event's IANA zone. A wall time inside a spring-forward gap does not exist and
  is refused; one inside the autumn overlap happens twice and the first (summer
  time) instant is taken.
* A value with an offset (``2026-12-20T18:00:00-05:00``, ``…Z``) is that exact
  instant.
* A date alone (``2027-01-20``) is an all-day value.
* Durations are elapsed time: ``2h`` starting at 01:30 on the night clocks go
  forward ends at 04:30 local time. Arithmetic is done in UTC for that reason
  (Python's aware arithmetic within one zone is wall-clock arithmetic).

Only :func:`build_now` may read the clock, and only when ``CHAPTERHOUSE_NOW``
is not set.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from importlib import resources
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from icalendar import vDuration

from chapterhouse.core.problems import FieldError, quote

Moment = date | datetime
"""A parsed ``start``/``end``: an aware datetime, or a date for all-day values."""

NOW_VARIABLE = "CHAPTERHOUSE_NOW"

# Each number has at most 6 digits: longer ones are refused before any arithmetic.
_COMPACT_DURATION = re.compile(
    r"^\s*(?:(?P<d>\d{1,6})\s*d(?:ays?)?)?\s*(?:(?P<h>\d{1,6})\s*h(?:ours?)?)?"
    r"\s*(?:(?P<m>\d{1,6})\s*m(?:in(?:utes?)?)?)?\s*$",
    re.IGNORECASE,
)
#: ``1h30``: hours then minutes without their unit, as written in French and elsewhere.
_HOURS_MINUTES = re.compile(r"^\s*(?P<h>\d{1,6})\s*h\s*(?P<m>[0-5]\d)\s*$", re.IGNORECASE)
#: Longest duration text considered (ISO 8601 included).
_DURATION_TEXT_LIMIT = 40
_TIME_OF_DAY = re.compile(r"^(?P<h>[01]?\d|2[0-3])[:h](?P<m>[0-5]\d)$")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_D = TypeVar("_D", date, datetime)

#: Years accepted in dates: wide enough for archives and plans, far from the datetime limits.
YEARS = (1900, 2200)
#: The longest event.
MAX_DURATION = timedelta(days=366)


def build_now(environ: Mapping[str, str], clock: Callable[[], datetime]) -> datetime:
    """Return the build's "now", read once per build.

    ``CHAPTERHOUSE_NOW`` (ISO 8601 with an offset or ``Z``) wins; otherwise
    ``clock()`` is called. The result is always aware, in UTC.

    Raises:
        ValueError: ``CHAPTERHOUSE_NOW`` is not an ISO 8601 instant.
    """
    raw = environ.get(NOW_VARIABLE, "").strip()
    if not raw:
        now = clock()
        if now.tzinfo is None:
            raise ValueError("the clock returned a naive datetime")
        return now.astimezone(UTC)
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise ValueError(
            f"{NOW_VARIABLE}={quote(raw)} is not an ISO 8601 instant with an offset "
            "(for example 2026-11-22T12:00:00Z)"
        )
    return parsed.astimezone(UTC)


def system_clock() -> datetime:
    """The real clock; passed to :func:`build_now` by the build, never called elsewhere."""
    return datetime.now(UTC)


#: Names in the time-zone database that are not places: ``Factory`` has no offset of its own,
#: and ``localtime`` (not in the IANA list, but found on most machines) is the build machine's
#: own setting, which would make the same content mean different instants on two machines.
NOT_ZONES = frozenset({"Factory", "localtime", "posixrules"})


@cache
def zone(name: str) -> ZoneInfo:
    """Return the IANA zone ``name``.

    Only the names of the IANA database shipped with the ``tzdata`` package are
    accepted (the same list on every machine), ``Factory`` excepted.

    Raises:
        FieldError: the name is not an IANA zone; the hint names the closest ones.
    """
    if not isinstance(name, str) or not name.strip():
        raise FieldError(
            f"{quote(name)} is not a time zone name", "use an IANA name like Europe/Paris"
        )
    if name in NOT_ZONES:
        raise FieldError(
            f"{quote(name)} is not a place's time zone",
            "use the IANA name of the place, like Europe/Paris (the same on every machine)",
        )
    try:
        if name in _zone_names():
            return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        pass
    raise FieldError(f"unknown time zone {quote(name)}", _zone_hint(name))


@cache
def _zone_names() -> frozenset[str]:
    """The IANA names of the ``tzdata`` package (falling back to this machine's list)."""
    try:
        listed = resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8")
        names = set(listed.split())
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover - tzdata is a dependency
        names = set(available_timezones())
    return frozenset(names - NOT_ZONES)


def _zone_hint(name: str) -> str:
    names = sorted(_zone_names())
    folded = {n.lower(): n for n in names}
    if name.lower() in folded:
        return f"did you mean '{folded[name.lower()]}'? (names are case-sensitive)"
    cities = {n.rsplit("/", 1)[-1].lower(): n for n in names}
    tail = name.replace(" ", "_").rsplit("/", 1)[-1].lower()
    close = difflib.get_close_matches(name, names, n=2, cutoff=0.75)
    if close and difflib.SequenceMatcher(None, name, close[0]).ratio() >= 0.9:
        close = close[:1]
    close += [cities[c] for c in difflib.get_close_matches(tail, list(cities), n=2, cutoff=0.8)]
    close = list(dict.fromkeys(close))[:2]
    if close:
        return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    return "use an IANA name like Europe/Paris or America/Mexico_City"


def to_utc(moment: datetime) -> datetime:
    """The same instant in UTC."""
    return moment.astimezone(UTC)


def add_elapsed(moment: datetime, delta: timedelta) -> datetime:
    """``moment`` plus real elapsed time, expressed in ``moment``'s zone."""
    return (moment.astimezone(UTC) + delta).astimezone(moment.tzinfo)


def elapsed(start: datetime, end: datetime) -> timedelta:
    """Real time between two aware instants (not wall-clock difference)."""
    return end.astimezone(UTC) - start.astimezone(UTC)


def localize(wall: datetime, tz: ZoneInfo) -> datetime:
    """Attach ``tz`` to a naive wall time.

    Raises:
        FieldError: the wall time falls in a DST gap (it never happens there).
    """
    aware = wall.replace(tzinfo=tz, fold=0)
    if not _exists(wall, tz):
        step = timedelta(minutes=1)
        gap_start, gap_end = wall, wall
        while not _exists(gap_start - step, tz) and wall - gap_start < timedelta(days=2):
            gap_start -= step
        while not _exists(gap_end, tz) and gap_end - wall < timedelta(days=2):
            gap_end += step
        raise FieldError(
            f"{wall:%Y-%m-%d %H:%M} does not exist in {tz.key}: clocks jump from "
            f"{gap_start:%H:%M} to {gap_end:%H:%M} that night",
            f"use {gap_end:%H:%M} or an explicit UTC offset",
        )
    return aware


def _exists(wall: datetime, tz: ZoneInfo) -> bool:
    aware = wall.replace(tzinfo=tz, fold=0)
    return aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == wall


def parse_moment(value: object, tz: ZoneInfo) -> Moment:
    """Parse a ``start``/``end``-style value.

    Accepts a date (``2027-01-20``), a wall time (``2027-01-20 18:30``,
    ``2027-01-20T18:30:00``) or an instant with an offset. Strings and the
    YAML-native types are both accepted.

    Raises:
        FieldError: the value is not a date or date-time, or is not a real date,
            or falls into a DST gap.
    """
    if isinstance(value, date):
        _check_year(value, str(value))
        if isinstance(value, datetime):
            return localize(value, tz) if value.tzinfo is None else value
        return value
    if not isinstance(value, str) or not value.strip():
        raise FieldError(
            f"{quote(value)} is not a date and time",
            "write it like 2027-01-20 18:30, or 2027-01-20 for an all-day event",
        )
    text = value.strip()
    try:
        if _DATE_ONLY.match(text):
            return _check_year(date.fromisoformat(text), text)
        parsed = _check_year(datetime.fromisoformat(text), text)
    except ValueError as error:
        reason = str(error)
        if "out of range" in reason or "must be in" in reason:
            raise FieldError(f"{quote(text)} is not a real date: {reason}") from None
        raise FieldError(
            f"{quote(text)} is not a date and time",
            "write it like 2027-01-20 18:30, or 2027-01-20 for an all-day event",
        ) from None
    if parsed.tzinfo is not None:
        return parsed
    return localize(parsed, tz)


def parse_end(value: object, start: Moment, tz: ZoneInfo) -> Moment:
    """Parse ``end``: a moment like :func:`parse_moment`, or a time of day.

    A bare time (``20:30``) is on the start's local day and must be after the
    start: an ``end: 18:30`` after a 19:00 start is almost certainly a typo,
    not a 23.5-hour event, so an event that ends on another day says so with a
    date (``end: 2027-01-21 02:00``) or a ``duration``. For all-day events the
    end is the last day, inclusive, and is returned as written.

    Raises:
        FieldError: the value is not a moment, or a bare time is not after the start.
    """
    if isinstance(value, str) and isinstance(start, datetime):
        match = _TIME_OF_DAY.match(value.strip())
        if match:
            local_start = start.astimezone(tz)
            wall = datetime.combine(local_start.date(), time(int(match["h"]), int(match["m"])))
            end = localize(wall, tz)
            if to_utc(end) <= to_utc(local_start):
                next_day = (local_start + timedelta(days=1)).date()
                raise FieldError(
                    f"{quote(value)} is not after the start ({local_start:%H:%M})",
                    f"an event that ends the next day says so: end: {next_day} {wall:%H:%M}, "
                    "or a duration",
                )
            return end
    return parse_moment(value, tz)


def parse_duration(value: object) -> timedelta:
    """Parse ``90m``, ``2h``, ``2h30m`` (or ``2h30``), ``1d`` or an ISO 8601 duration (``PT2H``).

    Raises:
        FieldError: the value is not a positive duration.
    """
    hint = "write it like 90m, 2h, 2h30m, 3d or PT2H"
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise FieldError(f"{quote(value)} is not a duration", hint)
    if isinstance(value, int):
        raise FieldError(
            f"{value} has no unit", f"write {value}m for minutes or {value}h for hours"
        )
    text = value.strip()
    if len(text) > _DURATION_TEXT_LIMIT:
        raise FieldError(f"{quote(text)} is not a duration", hint)
    match = _COMPACT_DURATION.match(text)
    hours_minutes = _HOURS_MINUTES.match(text)
    if hours_minutes:
        delta = timedelta(hours=int(hours_minutes["h"]), minutes=int(hours_minutes["m"]))
    elif match and any(match.groupdict().values()):
        parts = {k: int(v or 0) for k, v in match.groupdict().items()}
        delta = timedelta(days=parts["d"], hours=parts["h"], minutes=parts["m"])
    elif text[:1] in "Pp" or text[:2] in ("+P", "-P"):
        try:
            parsed = vDuration.from_ical(text.upper())
        except (ValueError, OverflowError):
            raise FieldError(f"{quote(text)} is not an ISO 8601 duration", hint) from None
        delta = parsed if isinstance(parsed, timedelta) else None
        if delta is None:
            raise FieldError(f"{quote(text)} is not a duration", hint)
    else:
        raise FieldError(f"{quote(text)} is not a duration", hint)
    if delta <= timedelta(0):
        raise FieldError(f"{quote(text)} is not a positive duration", hint)
    if delta > MAX_DURATION:
        raise FieldError(f"{quote(text)} is longer than {MAX_DURATION.days} days")
    return delta


def _check_year(moment: _D, text: str) -> _D:
    if not YEARS[0] <= moment.year <= YEARS[1]:
        raise FieldError(f"{quote(text)} is outside the years {YEARS[0]}–{YEARS[1]}")
    return moment


def iso(moment: Moment) -> str:
    """ISO 8601 text: ``2027-01-20T18:30:00+01:00`` or ``2027-01-20``."""
    if isinstance(moment, datetime):
        return moment.isoformat(timespec="seconds")
    return moment.isoformat()
