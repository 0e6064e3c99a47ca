"""``RRULE`` and ``EXDATE`` as ``repeat`` and ``except``.

The rule is checked and normalised by the build's own
:func:`~chapterhouse.core.recurrence.parse_rule`, so what is written is what
the site reads. A DTSTART that is not a date of its own rule moves to the
rule's first date (reported); EXDATEs that are not dates of the series are
reported and left out; a series whose zone has other daylight-saving rules
than the zone it is written in is reported when its dates would move.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, tzinfo
from itertools import islice
from zoneinfo import ZoneInfo

import icalendar
from dateutil.rrule import rrulestr

from chapterhouse.core.problems import FieldError
from chapterhouse.core.recurrence import parse_exceptions, parse_rule
from chapterhouse.importer.context import Context, Notes, Skip
from chapterhouse.importer.timeread import Moment, Unreadable, localize_lenient, read_value

MAX_EXCEPT = 500
_DRIFT_CHECKED = 400


def recurrence(
    vevent: icalendar.Event,
    start: Moment,
    tz: ZoneInfo,
    end: date | datetime | None,
    extra_excepts: tuple[datetime | date, ...],
    context: Context,
    notes: Notes,
) -> tuple[str, tuple[str, ...], date | datetime, date | datetime | None]:
    """The ``repeat`` rule and ``except`` dates, with the start and end.

    The start and end move to the rule's first date when the VEVENT's DTSTART
    is not a date of its own rule.
    """
    rules = vevent.get("RRULE")
    first_value = start.value
    if rules is None:
        if vevent.get("EXDATE") is not None:
            notes.add("EXDATE", "there is no RRULE; ignored")
        return "", (), start.value, end
    if isinstance(rules, list):
        if len(rules) > 1:
            raise Skip("RRULE", f"{len(rules)} rules in one event are not supported")
        rules = rules[0]
    try:
        text = rules.to_ical().decode()
    except (AttributeError, ValueError):
        raise Skip("RRULE", "cannot be read") from None
    text = _normal_until(text, rules, start.value, tz)
    local_start = _as_local(start.value, tz)
    try:
        first = next(iter(_series(text, local_start)), None)
    except (ValueError, OverflowError, TypeError) as error:
        raise Skip("RRULE", f"'{text}' cannot be expanded: {error}") from None
    if first is None:
        raise Skip("RRULE", f"'{text}' produces no date")
    if isinstance(local_start, datetime):
        first_value = localize_lenient(first.replace(tzinfo=None), tz)
        moved = first_value != local_start
    else:
        first_value = first.date()
        moved = first_value != local_start
    if moved:
        shown = (
            first_value.isoformat()
            if not isinstance(first_value, datetime)
            else f"{first_value:%Y-%m-%d}"
        )
        notes.add(
            "RRULE",
            f"DTSTART {_shown(local_start)} is not a date of the rule '{text}': the series starts "
            f"on its first date {shown}; the occurrence on {_shown(local_start)} is not imported",
        )
        if end is not None:
            end = _shift(end, start.value, first_value, tz)
    try:
        rule = parse_rule(text, first_value, tz)
    except FieldError as error:
        raise Skip("RRULE", error.message + (f" ({error.hint})" if error.hint else "")) from None
    if isinstance(first_value, datetime):
        _check_drift(rule, start, first_value, tz, notes)
    excepts = _excepts(vevent, rule, first_value, tz, extra_excepts, context, notes)
    return rule, excepts, first_value, end


def _shown(value: date | datetime) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if isinstance(value, datetime) else value.isoformat()


def _as_local(value: date | datetime, tz: ZoneInfo) -> date | datetime:
    return value.astimezone(tz) if isinstance(value, datetime) else value


def _series(rule: str, dtstart: date | datetime):  # type: ignore[no-untyped-def]
    if not isinstance(dtstart, datetime):
        dtstart = datetime.combine(dtstart, time())
    return rrulestr("RRULE:" + rule, dtstart=dtstart)


def _normal_until(text: str, rule: icalendar.vRecur, start: date | datetime, tz: ZoneInfo) -> str:
    """UNTIL as dateutil and the content format read it: UTC for timed series, a date otherwise."""
    until = rule.get("UNTIL")
    if not until:
        return text
    value = until[0]
    if not isinstance(start, datetime):
        day = value.date() if isinstance(value, datetime) else value
        normal = day.strftime("%Y%m%d")
    elif isinstance(value, datetime):
        aware = localize_lenient(value, tz) if value.tzinfo is None else value
        normal = aware.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    else:  # a date UNTIL on a timed series: its midnight, as dateutil and most clients read it
        normal = localize_lenient(datetime.combine(value, time()), tz)
        normal = normal.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return re.sub(r"UNTIL=[^;]*", f"UNTIL={normal}", text)


def _shift(
    end: date | datetime, old: date | datetime, new: date | datetime, tz: ZoneInfo
) -> date | datetime:
    if isinstance(end, datetime) and isinstance(old, datetime):
        return new + (end.astimezone(UTC) - old.astimezone(UTC))
    assert not isinstance(end, datetime) and not isinstance(new, datetime)
    return new + (end - old)  # type: ignore[operator]


def _check_drift(rule: str, start: Moment, first: datetime, tz: ZoneInfo, notes: Notes) -> None:
    """Report when the series, kept at its wall time in ``tz``, is not the source's series."""
    source_tz: tzinfo | None = start.source_tz
    if source_tz is None or source_tz is tz or start.kind in ("zoned", "floating"):
        return
    ours = islice(_series(rule, first.astimezone(tz)), _DRIFT_CHECKED)
    theirs = islice(_series(rule, first.astimezone(source_tz)), _DRIFT_CHECKED)
    moved = [
        o for o, t in zip(ours, theirs, strict=False) if o.astimezone(UTC) != t.astimezone(UTC)
    ]
    if moved:
        where = "UTC" if start.kind == "utc" else f"'{start.tzid}'"
        notes.add(
            "RRULE",
            f"the series keeps its wall time in {where}, but in {tz.key} it keeps its local time: "
            f"{len(moved)} of its first {_DRIFT_CHECKED} dates move (first {moved[0]:%Y-%m-%d})",
        )


def _excepts(
    vevent: icalendar.Event,
    rule: str,
    start: date | datetime,
    tz: ZoneInfo,
    extra: tuple[datetime | date, ...],
    context: Context,
    notes: Notes,
) -> tuple[str, ...]:
    values: list[date | datetime] = list(extra)
    raw = vevent.get("EXDATE")
    for prop in raw if isinstance(raw, list) else [raw] if raw is not None else []:
        tzid = str(prop.params.get("TZID", "")) if hasattr(prop, "params") else ""
        for item in getattr(prop, "dts", []):
            try:
                values.append(read_value(item.dt, tzid, context.time).value)
            except Unreadable as error:
                notes.add("EXDATE", f"{error}; ignored")
    days: dict[str, None] = {}
    for value in values:
        day = value.astimezone(tz).date() if isinstance(value, datetime) else value
        text = day.isoformat()
        if text in days:
            continue
        _found, errors = parse_exceptions([text], rule, start, tz)
        if errors:
            notes.add("EXDATE", f"{text} is not a date of the series; ignored")
            continue
        days[text] = None
    if len(days) > MAX_EXCEPT:
        notes.add("EXDATE", f"more than {MAX_EXCEPT} dates; only the first {MAX_EXCEPT} are kept")
    return tuple(sorted(days))[:MAX_EXCEPT]
