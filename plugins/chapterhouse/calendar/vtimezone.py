"""VTIMEZONE components that every client reads the same way.

icalendar's ``Timezone.from_tzid`` lists transitions as comma-separated
``RDATE`` values: ical.js (Thunderbird, Nextcloud) reads only the first value
of such a list and Outlook mis-shifts RDATE-style zones, so events move by an
hour after the next change. Here the transitions are taken from the IANA
database (``zoneinfo``) and written the way Outlook and Exchange write them:

* a run of yearly transitions that follow one rule (``last Sunday of March at
  02:00``) becomes one observance with ``RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU``
  (``BYMONTHDAY=2,…,8;BYDAY=SU`` for "first Sunday on or after the 2nd"),
  open-ended when the run reaches the end of the range, as the zone's current
  rule does;
* any other transition becomes an observance of its own with a single DTSTART;
* an initial observance gives the offset in force at the start of the range.

A change to a larger offset is written as DAYLIGHT, to a smaller one as
STANDARD (tzdata marks Irish winter time as "negative DST"; clients only use
the offsets, but some label the observances).

Only icalendar's component classes are used to write them.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Transition:
    """A change of UTC offset (or of DST flag) in one zone."""

    at: datetime  # UTC instant
    offset_from: timedelta
    offset_to: timedelta
    name: str
    is_dst: bool

    @property
    def local_onset(self) -> datetime:
        """Wall time just before the change (what DTSTART holds), naive."""
        return (self.at + self.offset_from).replace(tzinfo=None)

    @property
    def kind(self) -> tuple[bool, timedelta, timedelta, str]:
        """What an observance groups on."""
        return (self.is_dst, self.offset_from, self.offset_to, self.name)


def transitions(tz: ZoneInfo, first_year: int, last_year: int) -> list[Transition]:
    """Changes of UTC offset of ``tz`` from Jan 1 ``first_year`` to the end of ``last_year``."""
    start = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    found = []
    probe = start
    state = _state(probe, tz)
    step = timedelta(days=1)
    while probe < end:
        following = probe + step
        next_state = _state(following, tz)
        if next_state[0] != state[0]:
            low, high = probe, following
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if _state(middle, tz)[0] == state[0]:
                    low = middle
                else:
                    high = middle
            at = high.replace(microsecond=0)
            daylight = next_state[0] > state[0]
            found.append(Transition(at, state[0], next_state[0], next_state[2], daylight))
        probe, state = following, next_state
    return found


def vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone:
    """A VTIMEZONE for ``tzid`` valid from ``first_year`` onwards (see module docstring)."""
    tz = ZoneInfo(tzid)
    component = Timezone()
    component.add("tzid", tzid)
    start = datetime(first_year, 1, 1, tzinfo=UTC)
    offset, is_dst, name = _state(start, tz)
    is_dst = is_dst and (tz.dst(datetime(first_year, 1, 1)) or timedelta(0)) > timedelta(0)  # noqa: DTZ001
    component.add_component(
        _observance(is_dst, datetime(first_year, 1, 1), offset, offset, name)  # noqa: DTZ001 - local
    )
    changes = transitions(tz, first_year, last_year)
    for run in _yearly_runs(changes, last_year):
        first = run[0]
        observance = _observance(
            first.is_dst, first.local_onset, first.offset_from, first.offset_to, first.name
        )
        if len(run) > 1:
            rule = {"FREQ": "YEARLY", "BYMONTH": first.local_onset.month, **_by_parts(run)}
            if run[-1].at.year < last_year:
                rule["UNTIL"] = run[-1].at
            observance.add("rrule", vRecur(rule))
        component.add_component(observance)
    return component


def _state(moment: datetime, tz: ZoneInfo) -> tuple[timedelta, bool, str]:
    local = moment.astimezone(tz)
    return local.utcoffset() or timedelta(0), bool(local.dst()), local.tzname() or ""


def _observance(
    is_dst: bool, onset: datetime, offset_from: timedelta, offset_to: timedelta, name: str
):
    observance = TimezoneDaylight() if is_dst else TimezoneStandard()
    observance.add("dtstart", onset)
    observance.add("tzoffsetfrom", offset_from)
    observance.add("tzoffsetto", offset_to)
    if name:
        observance.add("tzname", name)
    return observance


def _rule_keys(transition: Transition) -> set[tuple[str, int]]:
    """Yearly rules this transition's date satisfies, as (kind, number) keys.

    ``("last", 0)``: last such weekday of the month; ``("from", d)``: first such
    weekday on or after day ``d`` (``d`` = 1, 8, 15, 22 are the 1st…4th ones).
    The weekday itself is part of the run's signature.
    """
    day = transition.local_onset.day
    month_length = calendar.monthrange(transition.local_onset.year, transition.local_onset.month)[1]
    keys = {
        ("from", first) for first in range(max(1, day - 6), day + 1) if first + 6 <= month_length
    }
    if day + 7 > month_length:
        keys.add(("last", 0))
    return keys


def _yearly_runs(changes: list[Transition], last_year: int) -> list[list[Transition]]:
    """Group transitions into runs of consecutive years that share one yearly rule."""
    runs: list[tuple[list[Transition], set[str]]] = []
    open_runs: dict[tuple, int] = {}
    for change in changes:
        onset = change.local_onset
        signature = (change.kind, onset.month, onset.weekday(), onset.time())
        keys = _rule_keys(change)
        index = open_runs.get(signature)
        if index is not None:
            run, common = runs[index]
            if run[-1].at.year == change.at.year - 1 and common & keys:
                run.append(change)
                runs[index] = (run, common & keys)
                continue
        open_runs[signature] = len(runs)
        runs.append(([change], keys))
    return [run for run, _ in sorted(runs, key=lambda item: item[0][0].at)]


def _by_parts(run: list[Transition]) -> dict[str, object]:
    """BYDAY (and BYMONTHDAY) for a run, preferring the forms every client knows."""
    common = set.intersection(*(_rule_keys(t) for t in run))
    weekday = _WEEKDAYS[run[0].local_onset.weekday()]
    if ("last", 0) in common:
        return {"BYDAY": f"-1{weekday}"}
    firsts = sorted(first for kind, first in common if kind == "from")
    for first in firsts:
        if first in (1, 8, 15, 22):
            return {"BYDAY": f"{(first - 1) // 7 + 1}{weekday}"}
    first = firsts[0]
    return {"BYMONTHDAY": list(range(first, first + 7)), "BYDAY": weekday}
