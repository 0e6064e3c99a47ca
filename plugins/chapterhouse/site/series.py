"""A series' editions at the build's "now": the next one, the past ones, the date proposed.

Pure: the build's "now" is given, never read from the clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from chapterhouse.core.model import Event, Occurrence, Series
from chapterhouse.core.recurrence import next_after
from chapterhouse.core.timing import Moment

#: At most this many dates of the rhythm are skipped to reach one after "now".
_MAX_STEPS = 1000


@dataclass(frozen=True)
class SeriesTimeline:
    """What a series page shows.

    Attributes:
        upcoming: Editions not over yet, soonest first (the first is "the next edition").
        past: Editions over, newest first.
        proposed: When no edition is upcoming, the first date of the rhythm after the
            latest edition that is still ahead (None otherwise, or without editions).
    """

    upcoming: tuple[Occurrence, ...] = ()
    past: tuple[Occurrence, ...] = ()
    proposed: Moment | None = None


def series_timeline(series: Series, editions: Sequence[Event], now: datetime) -> SeriesTimeline:
    """Split ``editions`` (any order) around ``now`` and propose the next date if none is ahead."""
    dated = sorted((e.occurrence_at(e.start) for e in editions), key=lambda o: o.sort_key)
    stamp = now.timestamp()
    upcoming = tuple(o for o in dated if o.end_timestamp > stamp)
    past = tuple(reversed([o for o in dated if o.end_timestamp <= stamp]))
    proposed = None
    if not upcoming and past:
        latest = past[0]
        proposed = proposed_after(series.rhythm, latest.start, latest.event.tz, now)
    return SeriesTimeline(upcoming, past, proposed)


def proposed_after(rhythm: str, start: Moment, tz: ZoneInfo, now: datetime) -> Moment | None:
    """The first date of ``rhythm``, stepping from ``start``, that begins after ``now``.

    Each step is the rhythm's next date after the previous one (as the next edition
    follows the latest), so a series paused for a while proposes its next date to come.
    """
    moment = start
    for _ in range(_MAX_STEPS):
        found = next_after(rhythm, moment, tz)
        if found is None:
            return None
        if isinstance(found, datetime) and found > now:
            return found
        if not isinstance(found, datetime) and found > now.astimezone(tz).date():
            return found
        moment = found
    return None


def neighbours(event: Event, editions: Sequence[Event]) -> tuple[Event | None, Event | None]:
    """The edition before ``event`` and the one after it (``editions`` in date order)."""
    slugs = [e.slug for e in editions]
    if event.slug not in slugs:
        return None, None
    index = slugs.index(event.slug)
    before = editions[index - 1] if index > 0 else None
    after = editions[index + 1] if index + 1 < len(editions) else None
    return before, after
