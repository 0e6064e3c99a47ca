"""Recurring events: an RFC 5545 RRULE plus excluded dates.

The rule is parsed and re-serialised with icalendar's ``vRecur`` (so what the
calendars carry is exactly what was validated) and expanded with
python-dateutil, from a start in the event's own zone: every occurrence keeps
the wall time of the first one across DST changes, as RFC 5545 requires and
as calendar clients do. An occurrence whose wall time falls in a DST gap is
moved forward by the gap (RFC 5545 3.3.5).

Calendars publish one series (RRULE + EXDATE) per event, never materialised
copies: clients then show one editable series whose UID never changes, and the
dates they expand are the dates :func:`expand` lists on the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from itertools import islice, takewhile
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr
from icalendar import vRecur

from chapterhouse.core.problems import FieldError, quote
from chapterhouse.core.timing import Moment, localize, parse_moment

FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_PARTS = (
    "FREQ",
    "UNTIL",
    "COUNT",
    "INTERVAL",
    "BYMONTH",
    "BYWEEKNO",
    "BYYEARDAY",
    "BYMONTHDAY",
    "BYDAY",
    "BYSETPOS",
    "WKST",
)
_HINT = "write an RFC 5545 rule like FREQ=MONTHLY;BYDAY=3WE"
MAX_OCCURRENCES = 1000
"""Most dates a series that ends may have (its page lists them all, as calendar apps do)."""


@dataclass(frozen=True)
class Recurrence:
    """A validated recurrence.

    Attributes:
        rule: The normalised RRULE value (``FREQ=MONTHLY;UNTIL=…;BYDAY=3WE``),
            with ``UNTIL`` in UTC for timed events and a date for all-day ones.
        exdates: Excluded occurrences, as exact occurrence starts (aware
            datetimes in the event's zone, or dates for all-day events).
    """

    rule: str
    exdates: tuple[Moment, ...] = ()


_LISTED = 20_000  # expansion bound for open-ended rules (a daily series over 50 years)


def parse_rule(text: object, start: Moment, tz: ZoneInfo) -> str:
    """Validate an RRULE against the event start and return its normal form.

    Raises:
        FieldError: the rule is malformed, uses a part the calendars would
            misread, or does not produce ``start`` as its first occurrence.
    """
    if not isinstance(text, str) or not text.strip():
        raise FieldError(f"{quote(text)} is not a recurrence rule", _HINT)
    raw = text.strip()
    if raw.upper().startswith("RRULE:"):
        raw = raw[6:]
    names = [part.partition("=")[0].strip().upper() for part in raw.split(";") if part.strip()]
    unknown = [name for name in names if name not in _PARTS]
    if unknown:
        raise FieldError(
            f"{quote(unknown[0])} is not a part of a recurrence rule in {quote(text)}",
            "the parts are " + ", ".join(_PARTS),
        )
    if len(set(names)) != len(names):
        raise FieldError(f"a part is repeated in {quote(text)}", _HINT)
    freqs = [
        p.partition("=")[2].strip().upper()
        for p in raw.split(";")
        if p.strip().upper().startswith("FREQ")
    ]
    if not freqs or freqs[0] not in FREQUENCIES:
        raise FieldError(
            f"FREQ={freqs[0] if freqs else ''} in {quote(text)} is not a meetup frequency",
            "use one of " + ", ".join(FREQUENCIES) + "; add INTERVAL=2 for every other one",
        )
    try:
        parts = vRecur.from_ical(raw)
    except ValueError as error:
        raise FieldError(f"{quote(text)} is not a valid recurrence rule: {error}", _HINT) from None
    freq = parts["FREQ"][0]
    if "COUNT" in parts and "UNTIL" in parts:
        raise FieldError(f"{quote(text)} has both COUNT and UNTIL", "keep one of them")
    if freq in ("DAILY", "WEEKLY") and any(
        str(day)[:1] in "+-0123456789" for day in parts.get("BYDAY", [])
    ):
        raise FieldError(
            f"{quote(text)}: a numbered BYDAY like 3WE needs FREQ=MONTHLY or FREQ=YEARLY", _HINT
        )
    if "BYSETPOS" in parts and not any(
        name.startswith("BY") and name != "BYSETPOS" for name in names
    ):
        raise FieldError(f"{quote(text)}: BYSETPOS needs another BY… part", _HINT)
    if "UNTIL" in parts:
        parts["UNTIL"] = [_normal_until(parts["UNTIL"][0], start, tz, text)]
    normal = vRecur({key: parts[key] for key in _PARTS if key in parts}).to_ical().decode()
    if is_finite(normal) and _count_exceeds(normal, start, tz, MAX_OCCURRENCES):
        raise FieldError(
            f"the rule {quote(text)} has more than {MAX_OCCURRENCES} dates",
            "end it sooner (COUNT or UNTIL), or leave it open-ended",
        )
    first = _first_occurrence(normal, start, tz)
    if first is None:
        raise FieldError(f"the rule {quote(text)} never produces a date", _HINT)
    if first != start:
        raise FieldError(
            f"the start {start:%Y-%m-%d} ({start:%A}) is not a date of the rule {quote(text)}; "
            f"its first date is {first:%Y-%m-%d} ({first:%A})",
            "make start the first occurrence",
        )
    return normal


def parse_exceptions(
    values: Sequence[object], rule: str, start: Moment, tz: ZoneInfo
) -> tuple[tuple[Moment, ...], list[tuple[int, FieldError]]]:
    """Resolve ``except`` entries to exact occurrence starts.

    A date excludes the occurrence on that local day; a date and time must be
    exactly an occurrence. Returns the exclusions and, per bad entry, its index
    and error.
    """
    excluded: list[Moment] = []
    errors: list[tuple[int, FieldError]] = []
    series = _series(rule, start, tz)
    for index, value in enumerate(values):
        try:
            moment = parse_moment(value, tz)
            excluded.append(_matching_occurrence(series, moment, start, tz))
        except FieldError as error:
            errors.append((index, error))
    return tuple(sorted(set(excluded), key=_sort_key)), errors


def expand(
    recurrence: Recurrence, start: Moment, tz: ZoneInfo, window: tuple[datetime, datetime]
) -> list[Moment]:
    """Occurrence starts of the series that begin inside ``window`` (UTC bounds).

    Timed occurrences come back as aware datetimes in ``tz``; all-day ones as
    dates. Excluded dates are left out.
    """
    series = _series(recurrence.rule, start, tz)
    low, high = window
    if isinstance(start, datetime):
        until = high.astimezone(tz)
        found = takewhile(
            lambda o: o <= until, islice(series.xafter(low.astimezone(tz), inc=True), _LISTED)
        )
        moments: list[Moment] = [o.astimezone(UTC).astimezone(tz) for o in found]
    else:
        naive_low = low.astimezone(tz).replace(tzinfo=None) - timedelta(days=1)
        naive_high = high.astimezone(tz).replace(tzinfo=None)
        found = takewhile(
            lambda o: o <= naive_high, islice(series.xafter(naive_low, inc=True), _LISTED)
        )
        moments = [o.date() for o in found]
    excluded = set(map(_sort_key, recurrence.exdates))
    return [moment for moment in moments if _sort_key(moment) not in excluded]


def is_finite(rule: str) -> bool:
    """True when the rule ends (COUNT or UNTIL)."""
    return "COUNT=" in rule or "UNTIL=" in rule


def _normal_until(until: object, start: Moment, tz: ZoneInfo, text: object) -> Moment:
    if not isinstance(start, datetime):
        value = until.date() if isinstance(until, datetime) else until
    elif isinstance(until, datetime):
        aware = localize(until, tz) if until.tzinfo is None else until
        value = aware.astimezone(UTC)
    else:  # a date: the whole of that local day
        value = localize(datetime.combine(until, time(23, 59, 59)), tz).astimezone(UTC)
    if _sort_key(value) < _sort_key(start):
        raise FieldError(f"UNTIL in {quote(text)} is before the start", _HINT)
    return value


@lru_cache(maxsize=4096)
def _series(rule: str, start: Moment, tz: ZoneInfo) -> rrule:
    if isinstance(start, datetime):
        dtstart = start.astimezone(tz)
    else:
        dtstart = datetime.combine(start, time())
    return rrulestr("RRULE:" + rule, dtstart=dtstart)


def _count_exceeds(rule: str, start: Moment, tz: ZoneInfo, limit: int) -> bool:
    try:
        return next(islice(iter(_series(rule, start, tz)), limit, None), None) is not None
    except (ValueError, OverflowError):
        return False


def _first_occurrence(rule: str, start: Moment, tz: ZoneInfo) -> Moment | None:
    try:
        series = _series(rule, start, tz)
        first = next(iter(series), None)
    except (ValueError, OverflowError) as error:
        raise FieldError(f"the rule {quote(rule)} cannot be expanded: {error}", _HINT) from None
    if first is None:
        return None
    if isinstance(start, datetime):
        return first.astimezone(UTC).astimezone(tz)
    return first.date()


def _matching_occurrence(series: rrule, moment: Moment, start: Moment, tz: ZoneInfo) -> Moment:
    if isinstance(start, datetime):
        if isinstance(moment, datetime):
            wanted = moment.astimezone(tz)
            low, high = wanted - timedelta(minutes=1), wanted + timedelta(minutes=1)
            day = wanted.date()
        else:
            day = moment
            low = localize(datetime.combine(day, time()), tz)
            high = low + timedelta(days=1)
        found = [o.astimezone(UTC).astimezone(tz) for o in series.between(low, high, inc=True)]
        if isinstance(moment, datetime):
            found = [o for o in found if o == moment]
        if found:
            return found[0]
        near = series.before(low) or series.after(high)
    else:
        day = moment.date() if isinstance(moment, datetime) else moment
        midnight = datetime.combine(day, time())
        if series.between(midnight, midnight, inc=True):
            return day
        near = series.before(midnight) or series.after(midnight)
    hint = f"the nearest date of the series is {near:%Y-%m-%d}" if near else ""
    raise FieldError(f"{quote(str(moment))} is not a date of the series", hint)


def _sort_key(moment: Moment) -> tuple[date, float]:
    """Order timed moments by instant and all-day ones by date."""
    if isinstance(moment, datetime):
        utc = moment.astimezone(UTC)
        return (utc.date(), utc.timestamp())
    return (moment, 0.0)
