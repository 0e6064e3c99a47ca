"""Monthly digests: which months a chapter has one for, and what each holds.

A chapter has a digest for every month in which at least one of its listed
occurrences takes place, and for no other: no empty pages, no empty feed
entries. An occurrence belongs to the month of its start *in the event's own
zone* (a meetup at 23:30 on 31 December in New York is in December's digest,
although it is already January in UTC), an all-day or multi-day event to the
month of its first day. Past occurrences follow the rule of calendars and
feeds: one stays while it ended less than ``history_window`` ago, so the
oldest digest may lose its earliest dates as the window moves on.
Occurrences to come are the schedule's: every date of a finite series, an
open-ended one up to the horizon.

Pure: no Pelican, no clock ("now" is given).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from chapterhouse.core.model import Chapter, Event, EventStatus, Occurrence
from chapterhouse.core.rsvp import fill_template


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month.

    Attributes:
        year: The year (``2026``).
        month: The month, 1 to 12.
    """

    year: int
    month: int

    @classmethod
    def of(cls, moment: date | datetime) -> Month:
        """The month of a date, or of a datetime in its own zone."""
        return cls(moment.year, moment.month)

    @property
    def key(self) -> str:
        """``2026-12``: the month in URLs."""
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        """Its first day (what a month name is formatted from)."""
        return date(self.year, self.month, 1)


@dataclass(frozen=True)
class DigestMonth:
    """One month's digest of a chapter.

    Attributes:
        month: The month.
        occurrences: Its occurrences, in date order (each date of a series on its own).
        previous: The chapter's previous month with a digest, if any.
        next: The chapter's next month with a digest, if any.
    """

    month: Month
    occurrences: tuple[Occurrence, ...]
    previous: Month | None = None
    next: Month | None = None

    @property
    def events(self) -> tuple[Event, ...]:
        """The events of the month, once each, in order of their first date."""
        return tuple({o.event.slug: o.event for o in self.occurrences}.values())


def month_of(occurrence: Occurrence) -> Month:
    """The month an occurrence belongs to: that of its start in the event's zone."""
    return Month.of(occurrence.local_start)


def digest_months(occurrences: Iterable[Occurrence], oldest: datetime) -> tuple[DigestMonth, ...]:
    """The digests of one chapter's occurrences, oldest month first.

    Args:
        occurrences: The chapter's listed occurrences, in any order.
        oldest: ``now - history_window``: an occurrence that ended before is left out.

    Returns:
        One digest per month holding at least one occurrence, each linked to its
        neighbours (months without occurrences are skipped, not shown empty).
    """
    limit = oldest.timestamp()
    grouped: dict[Month, list[Occurrence]] = defaultdict(list)
    for occurrence in occurrences:
        if occurrence.end_timestamp >= limit:
            grouped[month_of(occurrence)].append(occurrence)
    months = sorted(grouped)
    return tuple(
        DigestMonth(
            month,
            tuple(sorted(grouped[month], key=lambda o: o.sort_key)),
            months[index - 1] if index > 0 else None,
            months[index + 1] if index + 1 < len(months) else None,
        )
        for index, month in enumerate(months)
    )


def featured_month(digests: Sequence[DigestMonth], today: Month) -> DigestMonth | None:
    """The digest a chapter page points to: this month's or the next one, else the latest."""
    for digest in digests:
        if digest.month >= today:
            return digest
    return digests[-1] if digests else None


def registration_url(occurrence: Occurrence, chapter: Chapter | None, page_url: str) -> str:
    """The RSVP link of one date of a digest (``""``: none to offer).

    The form is pre-filled for this date (unlike a calendar's one link for a
    whole series); a full event gets its page (which offers the waiting list).
    A cancelled or postponed event offers none. Whether the form is open
    depends on "now", which a digest does not: the form says so itself.
    """
    event = occurrence.event
    if event.rsvp is None or event.status in (EventStatus.CANCELLED, EventStatus.POSTPONED):
        return ""
    if event.rsvp.full:
        return page_url
    if "{" not in event.rsvp.url:  # no placeholder to fill: the form's own address
        return event.rsvp.url
    local = occurrence.local_start
    start = local.strftime("%Y-%m-%dT%H:%M") if isinstance(local, datetime) else local.isoformat()
    return fill_template(
        event.rsvp.url,
        {
            "title": event.title,
            "start": start,
            "date": local.strftime("%Y-%m-%d"),
            "slug": event.slug,
            "url": page_url,
            "chapter": chapter.title if chapter else "",
        },
    )
