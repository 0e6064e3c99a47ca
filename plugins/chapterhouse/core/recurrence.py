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

from chapterhouse.core.budget import BudgetExceeded, time_budget
from chapterhouse.core.ical_values import ical_text
from chapterhouse.core.problems import FieldError, quote
from chapterhouse.core.timing import YEARS, Moment, localize, parse_moment

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
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_HINT = "write an RFC 5545 rule like FREQ=MONTHLY;BYDAY=3WE"
MAX_OCCURRENCES = 1000
"""Most dates a series that ends may have (its page lists them all, as calendar apps do)."""
MAX_INTERVAL = 1000
"""Largest INTERVAL (every 1,000 years is already more than a meetup needs)."""
RULE_TIME_LIMIT = 2.0
"""Seconds a rule may take to be checked (a rule that never matches searches until 9999)."""
_MAX_RULE_LENGTH = 300
#: (smallest, largest) absolute value of each numeric BY… part (RFC 5545 3.3.10); 0 is never valid.
_RANGES = {
    "BYMONTH": (1, 12, False),
    "BYMONTHDAY": (1, 31, True),
    "BYYEARDAY": (1, 366, True),
    "BYWEEKNO": (1, 53, True),
    "BYSETPOS": (1, 366, True),
}
#: BY… parts RFC 5545 forbids with some frequencies.
_NOT_WITH = {
    "BYWEEKNO": ("DAILY", "WEEKLY", "MONTHLY"),
    "BYYEARDAY": ("DAILY", "WEEKLY", "MONTHLY"),
    "BYMONTHDAY": ("WEEKLY",),
}


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
#: Expansion never goes past this instant: the last year accepted in dates, plus a margin.
_HORIZON = datetime(YEARS[1] + 1, 1, 1)  # noqa: DTZ001 - compared as a wall time


def parse_rule(text: object, start: Moment, tz: ZoneInfo) -> str:
    """Validate an RRULE against the event start and return its normal form.

    Every part is checked against RFC 5545's own constraints (ranges of the
    ``BY…`` values, parts that a frequency forbids, a positive ``INTERVAL``)
    and bounded (``COUNT``, ``UNTIL`` within the years accepted in dates), so
    the rule can be expanded at a known cost; the checks that need an
    expansion run within :data:`RULE_TIME_LIMIT`.

    Raises:
        FieldError: the rule is malformed, uses a part the calendars would
            misread, or does not produce ``start`` as its first occurrence.
    """
    raw, values, freq = _rule_parts(text, "add INTERVAL=2 for every other one")
    _check_parts(values, freq, text)
    try:
        parts = vRecur.from_ical(raw)
    except ValueError as error:
        raise FieldError(f"{quote(text)} is not a valid recurrence rule: {error}", _HINT) from None
    if "UNTIL" in parts:
        parts["UNTIL"] = [_normal_until(parts["UNTIL"][0], start, tz, text)]
    normal = ical_text(vRecur({key: parts[key] for key in _PARTS if key in parts}).to_ical())
    try:
        with time_budget(RULE_TIME_LIMIT):
            first = _first_occurrence(normal, start, tz)
            too_many = is_finite(normal) and _count_exceeds(normal, start, tz, MAX_OCCURRENCES)
    except BudgetExceeded:
        raise FieldError(
            f"the rule {quote(text)} takes more than {RULE_TIME_LIMIT:g} s to expand: "
            "it may never produce a date",
            _HINT,
        ) from None
    if first is None:
        raise FieldError(f"the rule {quote(text)} never produces a date", _HINT)
    if first != start:
        raise FieldError(
            f"the start {start:%Y-%m-%d} ({start:%A}) is not a date of the rule {quote(text)}; "
            f"its first date is {first:%Y-%m-%d} ({first:%A})",
            "make start the first occurrence",
        )
    if too_many:
        raise FieldError(
            f"the rule {quote(text)} has more than {MAX_OCCURRENCES} dates",
            "end it sooner (COUNT or UNTIL), or leave it open-ended",
        )
    return normal


def parse_rhythm(text: object) -> str:
    """Validate a series' ``rhythm`` and return its normal form.

    A rhythm is a rule without a start of its own: each proposed date follows
    an edition (see :func:`next_after`). Its parts get the checks of
    :func:`parse_rule` that need no start; ``COUNT`` and ``UNTIL`` are refused
    (a series ends when no edition follows). Whether it produces dates is
    checked once its first edition is known.

    Raises:
        FieldError: the rule is malformed, or uses ``COUNT``/``UNTIL``.
    """
    raw, values, freq = _rule_parts(text, "add INTERVAL=3 for every third one")
    for part in ("COUNT", "UNTIL"):
        if part in values:
            raise FieldError(
                f"{part} in {quote(text)}: a rhythm has no end",
                "remove it: the series ends when you stop adding editions",
            )
    _check_parts(values, freq, text)
    try:
        parts = vRecur.from_ical(raw)
    except ValueError as error:
        raise FieldError(f"{quote(text)} is not a valid recurrence rule: {error}", _HINT) from None
    return ical_text(vRecur({key: parts[key] for key in _PARTS if key in parts}).to_ical())


def next_after(rule: str, start: Moment, tz: ZoneInfo) -> Moment | None:
    """The first date of ``rule`` strictly after ``start``, counted from ``start``.

    ``start``: an edition's start (an aware time, or a date for an all-day
    edition); the date found keeps its wall time in ``tz`` across DST changes
    (a wall time in a DST gap is moved forward by the gap). None when the rule
    produces no later date (within the years accepted in dates, and
    :data:`RULE_TIME_LIMIT`).
    """
    if isinstance(start, datetime):
        start = start.astimezone(tz)
    try:
        with time_budget(RULE_TIME_LIMIT):
            series = _series(rule, start, tz)
            if isinstance(start, datetime):
                found = series.after(start, inc=False)
                return None if found is None else found.astimezone(UTC).astimezone(tz)
            found = series.after(datetime.combine(start, time()), inc=False)
            return None if found is None else found.date()
    except (BudgetExceeded, ValueError, OverflowError):
        return None


def _rule_parts(text: object, example: str) -> tuple[str, dict[str, str], str]:
    """A rule's text without ``RRULE:``, its parts and its frequency (checked: a meetup's).

    ``example``: how the hint tells to space the dates out.
    """
    if not isinstance(text, str) or not text.strip():
        raise FieldError(f"{quote(text)} is not a recurrence rule", _HINT)
    raw = text.strip()
    if len(raw) > _MAX_RULE_LENGTH:
        raise FieldError(f"the rule is {len(raw)} characters long; the limit is {_MAX_RULE_LENGTH}")
    if raw.upper().startswith("RRULE:"):
        raw = raw[6:]
    values = _split_parts(raw, text)
    freq = values.get("FREQ", "")
    if freq not in FREQUENCIES:
        raise FieldError(
            f"FREQ={freq} in {quote(text)} is not a meetup frequency",
            "use one of " + ", ".join(FREQUENCIES) + "; " + example,
        )
    return raw, values, freq


def _split_parts(raw: str, text: object) -> dict[str, str]:
    """``NAME=value`` parts by upper-case name; unknown or repeated names are refused."""
    values: dict[str, str] = {}
    for part in raw.split(";"):
        if not part.strip():
            continue
        name, _, value = part.partition("=")
        name = name.strip().upper()
        if name not in _PARTS:
            raise FieldError(
                f"{quote(name)} is not a part of a recurrence rule in {quote(text)}",
                "the parts are " + ", ".join(_PARTS),
            )
        if name in values:
            raise FieldError(f"a part is repeated in {quote(text)}", _HINT)
        values[name] = value.strip().upper()
    return values


def _check_parts(values: dict[str, str], freq: str, text: object) -> None:
    """RFC 5545's constraints on each part's value, and this project's bounds."""
    if "COUNT" in values and "UNTIL" in values:
        raise FieldError(f"{quote(text)} has both COUNT and UNTIL", "keep one of them")
    for name in ("INTERVAL", "COUNT"):
        if name in values:
            number = _whole(values[name], name, text, signed=True)
            limit = MAX_INTERVAL if name == "INTERVAL" else MAX_OCCURRENCES
            if not 1 <= number <= limit:
                raise FieldError(f"{name}={values[name]} in {quote(text)} must be 1 to {limit}")
    for name, (low, high, signed) in _RANGES.items():
        for item in _items(values, name, text):
            number = _whole(item, name, text, signed)
            if not low <= abs(number) <= high:
                span = f"{low} to {high}" + (f" or -{high} to -{low}" if signed else "")
                raise FieldError(f"{name}={item} in {quote(text)} must be {span}", _HINT)
    for name, frequencies in _NOT_WITH.items():
        if name in values and freq in frequencies:
            raise FieldError(f"{quote(text)}: {name} cannot be used with FREQ={freq}", _HINT)
    for item in _items(values, "BYDAY", text):
        ordinal, day = item[:-2], item[-2:]
        if day not in _WEEKDAYS or (ordinal and not _is_whole(ordinal, signed=True)):
            raise FieldError(
                f"BYDAY={item} in {quote(text)} is not a weekday like WE or 3WE", _HINT
            )
        if ordinal:
            if freq in ("DAILY", "WEEKLY"):
                raise FieldError(
                    f"{quote(text)}: a numbered BYDAY like 3WE needs FREQ=MONTHLY or FREQ=YEARLY",
                    _HINT,
                )
            limit = 5 if freq == "MONTHLY" or "BYMONTH" in values else 53
            if not 1 <= abs(int(ordinal)) <= limit or "BYWEEKNO" in values:
                raise FieldError(f"BYDAY={item} in {quote(text)}: no such weekday", _HINT)
    if "WKST" in values and values["WKST"] not in _WEEKDAYS:
        raise FieldError(f"WKST={values['WKST']} in {quote(text)} is not a weekday", _HINT)
    if "BYSETPOS" in values and not any(
        name.startswith("BY") and name != "BYSETPOS" for name in values
    ):
        raise FieldError(f"{quote(text)}: BYSETPOS needs another BY… part", _HINT)


def _items(values: dict[str, str], name: str, text: object) -> list[str]:
    if name not in values:
        return []
    items = values[name].split(",")
    if len(items) > 60 or not all(items):
        raise FieldError(f"{name}={quote(values[name])} in {quote(text)} is not a list", _HINT)
    return items


def _is_whole(item: str, signed: bool = False) -> bool:
    digits = item[1:] if signed and item[:1] in "+-" else item
    return digits.isascii() and digits.isdigit()


def _whole(item: str, name: str, text: object, signed: bool = False) -> int:
    if not _is_whole(item, signed):
        raise FieldError(f"{name}={quote(item)} in {quote(text)} is not a whole number", _HINT)
    return int(item)


def parse_exceptions(
    values: Sequence[object], rule: str, start: Moment, tz: ZoneInfo
) -> tuple[tuple[Moment, ...], list[tuple[int, FieldError]]]:
    """Resolve ``except`` entries to exact occurrence starts.

    A date excludes the occurrence on that local day; a date and time must be
    exactly an occurrence. Every entry is matched against one expansion of the
    series (over the span the entries cover), whatever their number. Returns
    the exclusions and, per bad entry, its index and error.
    """
    excluded: list[Moment] = []
    errors: list[tuple[int, FieldError]] = []
    wanted: list[tuple[int, Moment]] = []
    for index, value in enumerate(values):
        try:
            wanted.append((index, parse_moment(value, tz)))
        except FieldError as error:
            errors.append((index, error))
    if not wanted:
        return (), errors
    days = [_day(moment, tz) for _, moment in wanted]
    try:
        with time_budget(RULE_TIME_LIMIT):
            by_day = _occurrences_by_day(rule, start, tz, min(days), max(days))
    except BudgetExceeded:
        error = FieldError(f"checking these dates took more than {RULE_TIME_LIMIT:g} s")
        return (), [*errors, (wanted[0][0], error)]
    for (index, moment), day in zip(wanted, days, strict=True):
        found = [o for o in by_day.get(day, ()) if not isinstance(moment, datetime) or o == moment]
        if found:
            excluded.append(found[0])
        else:
            errors.append((index, _not_a_date(rule, start, tz, moment, day)))
    return tuple(sorted(set(excluded), key=_sort_key)), sorted(errors, key=lambda e: e[0])


def find_dates(
    values: Sequence[object], rule: str, start: Moment, tz: ZoneInfo, explain: bool = True
) -> tuple[dict[int, Moment], list[tuple[int, FieldError]]]:
    """Resolve dates named by the organizer (``occurrences:`` keys) to occurrence starts.

    A date names the occurrence on that local day; a date and time must be
    exactly an occurrence. Returns the occurrence start of each good entry by
    its index, and, per bad entry, its index and an error that names the rule
    and the nearest dates it gives (``explain=False``: no error, for a question
    whose usual answer is no).
    """
    found: dict[int, Moment] = {}
    errors: list[tuple[int, FieldError]] = []
    wanted: list[tuple[int, Moment]] = []
    for index, value in enumerate(values):
        try:
            wanted.append((index, parse_moment(value, tz)))
        except FieldError as error:
            errors.append((index, error))
    if not wanted:
        return found, errors
    days = [_day(moment, tz) for _, moment in wanted]
    try:
        with time_budget(RULE_TIME_LIMIT):
            by_day = _occurrences_by_day(rule, start, tz, min(days), max(days))
            for (index, moment), day in zip(wanted, days, strict=True):
                same = [
                    o
                    for o in by_day.get(day, ())
                    if not isinstance(moment, datetime) or o == moment
                ]
                if same:
                    found[index] = same[0]
                elif explain and by_day.get(day):
                    errors.append((index, _other_time(moment, by_day[day], tz)))
                elif explain:
                    errors.append((index, _not_of_rule(rule, start, tz, moment, day)))
    except BudgetExceeded:
        error = FieldError(f"checking these dates took more than {RULE_TIME_LIMIT:g} s")
        return {}, [*errors, (wanted[0][0], error)]
    return found, sorted(errors, key=lambda e: e[0])


def _other_time(moment: Moment, starts: Sequence[Moment], tz: ZoneInfo) -> FieldError:
    """The error for a date of the rule written with a time it does not start at."""
    written = f"{moment.astimezone(tz):%Y-%m-%d %H:%M}" if isinstance(moment, datetime) else moment
    day = starts[0].astimezone(tz) if isinstance(starts[0], datetime) else starts[0]
    at = ", ".join(f"{s.astimezone(tz):%H:%M}" for s in starts if isinstance(s, datetime))
    if not at:
        return FieldError(
            f"{quote(str(written))}: the series is all-day, with no time",
            f"key the entry by the date alone ({day:%Y-%m-%d}:)",
        )
    return FieldError(
        f"{quote(str(written))}: the series has {day:%Y-%m-%d}, but at {at}",
        f"key the entry by the date alone ({day:%Y-%m-%d}:), or by its date and time as the "
        "rule gives it; to change the time, give the new one as start",
    )


def _not_of_rule(rule: str, start: Moment, tz: ZoneInfo, moment: Moment, day: date) -> FieldError:
    """The error for a date the rule does not give, naming the dates around it."""
    series = _series(rule, start, tz)
    midnight = datetime.combine(day, time())
    if isinstance(start, datetime):
        midnight = midnight.replace(tzinfo=tz)
    near = [found for found in (series.before(midnight), series.after(midnight)) if found]
    written = (
        f"{moment.astimezone(tz):%Y-%m-%d %H:%M}"
        if isinstance(moment, datetime)
        else moment.isoformat()
    )
    message = f"{quote(written)} is not a date of the rule {rule}"
    if len(near) == 2:
        message += f"; nearest dates are {near[0]:%Y-%m-%d} and {near[1]:%Y-%m-%d}"
    elif near:
        message += f"; nearest date is {near[0]:%Y-%m-%d}"
    return FieldError(message, "key each entry by a date the series has, as its rule gives it")


def every_date_excluded(recurrence: Recurrence, start: Moment, tz: ZoneInfo) -> bool:
    """True when a series that ends has no date left once its exclusions are removed."""
    if not is_finite(recurrence.rule) or not recurrence.exdates:
        return False
    series = _series(recurrence.rule, start, tz)
    return sum(1 for _ in islice(series, MAX_OCCURRENCES + 1)) <= len(recurrence.exdates)


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


def next_start(
    recurrence: Recurrence, start: Moment, tz: ZoneInfo, after: datetime
) -> Moment | None:
    """The first start of the series at or after ``after`` that is not excluded, if any.

    Looks at most as far as a listing would (the same bound as :func:`expand`).
    """
    series = _series(recurrence.rule, start, tz)
    excluded = set(map(_sort_key, recurrence.exdates))
    if isinstance(start, datetime):
        candidates = islice(series.xafter(after.astimezone(tz), inc=True), _LISTED)
        for found in candidates:
            moment = found.astimezone(UTC).astimezone(tz)
            if _sort_key(moment) not in excluded:
                return moment
        return None
    naive = after.astimezone(tz).replace(tzinfo=None) - timedelta(days=1)
    for found in islice(series.xafter(naive, inc=True), _LISTED):
        if found.date() >= after.astimezone(tz).date() and _sort_key(found.date()) not in excluded:
            return found.date()
    return None


def is_finite(rule: str) -> bool:
    """True when the rule ends (COUNT or UNTIL)."""
    return "COUNT=" in rule or "UNTIL=" in rule


def _normal_until(until: object, start: Moment, tz: ZoneInfo, text: object) -> Moment:
    year = until.year if isinstance(until, date) else 0
    if not YEARS[0] <= year <= YEARS[1]:
        raise FieldError(f"UNTIL in {quote(text)} is outside the years {YEARS[0]}–{YEARS[1]}")
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
    """The dateutil rule (a pure function of its arguments, memoised).

    An open-ended rule stops at :data:`_HORIZON`, so that no expansion runs
    into the far future.
    """
    if isinstance(start, datetime):
        dtstart = start.astimezone(tz)
        horizon = _HORIZON.replace(tzinfo=tz)
    else:
        dtstart = datetime.combine(start, time())
        horizon = _HORIZON
    series = rrulestr("RRULE:" + rule, dtstart=dtstart)
    return series if is_finite(rule) else series.replace(until=horizon)


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


def _day(moment: Moment, tz: ZoneInfo) -> date:
    """The local day of an ``except`` entry (a date, or a time in the event's zone)."""
    return moment.astimezone(tz).date() if isinstance(moment, datetime) else moment


def _occurrences_by_day(
    rule: str, start: Moment, tz: ZoneInfo, first: date, last: date
) -> dict[date, list[Moment]]:
    """Occurrences of the series from ``first`` to ``last`` (local days), by local day."""
    series = _series(rule, start, tz)
    low = datetime.combine(first - timedelta(days=1), time())
    high = datetime.combine(last + timedelta(days=2), time())
    found: dict[date, list[Moment]] = {}
    if isinstance(start, datetime):
        for occurrence in series.between(low.replace(tzinfo=tz), high.replace(tzinfo=tz), inc=True):
            local = occurrence.astimezone(UTC).astimezone(tz)
            found.setdefault(local.date(), []).append(local)
    else:
        for occurrence in series.between(low, high, inc=True):
            found.setdefault(occurrence.date(), []).append(occurrence.date())
    return found


def _not_a_date(rule: str, start: Moment, tz: ZoneInfo, moment: Moment, day: date) -> FieldError:
    series = _series(rule, start, tz)
    midnight = datetime.combine(day, time())
    if isinstance(start, datetime):
        midnight = midnight.replace(tzinfo=tz)
    near = series.before(midnight) or series.after(midnight)
    hint = f"the nearest date of the series is {near:%Y-%m-%d}" if near else ""
    return FieldError(f"{quote(str(moment))} is not a date of the series", hint)


def _sort_key(moment: Moment) -> tuple[date, float]:
    """Order timed moments by instant and all-day ones by date."""
    if isinstance(moment, datetime):
        utc = moment.astimezone(UTC)
        return (utc.date(), utc.timestamp())
    return (moment, 0.0)


@dataclass(frozen=True)
class RuleParts:
    """What a rule says, for writing it in words (see the theme's ``fmt.rule``).

    Attributes:
        frequency: ``DAILY``, ``WEEKLY``, ``MONTHLY`` or ``YEARLY``.
        interval: Every how many periods (1: every one).
        weekdays: ``(ordinal, weekday)`` pairs: weekday 0 is Monday; ordinal 0 for
            every such day, 1 to 5 for the first to the fifth, -1 for the last.
        monthdays: Days of the month (``BYMONTHDAY``), -1 for the last.
        plain: True when these parts say everything the rule says (no ``BYSETPOS``,
            ``BYMONTH``, ``BYHOUR``…): otherwise the words are only a summary.
    """

    frequency: str
    interval: int = 1
    weekdays: tuple[tuple[int, int], ...] = ()
    monthdays: tuple[int, ...] = ()
    plain: bool = True


_DESCRIBED = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "UNTIL", "COUNT", "WKST"}


def rule_parts(rule: str) -> RuleParts:
    """The parts of a normalised rule (see :func:`parse_rule`) worth putting into words."""
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    weekdays = []
    for day in filter(None, parts.get("BYDAY", "").split(",")):
        ordinal = int(day[:-2] or 0)
        weekdays.append((ordinal, _WEEKDAYS.index(day[-2:])))
    monthdays = tuple(int(day) for day in filter(None, parts.get("BYMONTHDAY", "").split(",")))
    plain = set(parts) <= _DESCRIBED and all(-1 <= o <= 5 for o, _ in weekdays)
    return RuleParts(
        parts.get("FREQ", "WEEKLY"),
        int(parts.get("INTERVAL", 1)),
        tuple(weekdays),
        monthdays,
        plain,
    )
