"""Dates and times as people read them, in the interface language (Babel).

Times are shown in the event's own zone, with the zone named. Templates wrap
each piece in ``<time datetime="…">`` with :func:`machine` values (see
``theme/templates/macros/time.html``).
"""

from __future__ import annotations

from datetime import datetime

from babel import Locale
from babel.dates import format_date, format_datetime, format_time, get_timezone_name

from chapterhouse.core.model import Occurrence
from chapterhouse.core.timing import Moment, iso


class DateFormatter:
    """Formats moments for one locale."""

    def __init__(self, locale: Locale):
        self.locale = locale

    def date(self, moment: Moment) -> str:
        """``Wednesday, January 20, 2027`` / ``mercredi 20 janvier 2027``."""
        return format_date(_local_date(moment), "full", locale=self.locale)

    def short_date(self, moment: Moment) -> str:
        """``Wed, Jan 20, 2027`` / ``mer. 20 janv. 2027``."""
        return format_date(_local_date(moment), "EEE d MMM y", locale=self.locale)

    def day_and_month(self, moment: Moment) -> tuple[str, str]:
        """Day number and abbreviated month, for a calendar-leaf badge: ``20``, ``Jan``."""
        day = _local_date(moment)
        return str(day.day), format_date(day, "MMM", locale=self.locale)

    def time(self, moment: datetime) -> str:
        """``6:30 PM`` / ``18:30``, in the moment's own zone."""
        return format_time(moment, "short", tzinfo=moment.tzinfo, locale=self.locale)

    def zone(self, moment: datetime) -> str:
        """The zone's long name and UTC offset at that moment.

        ``Central European Standard Time (UTC+01:00)``; ``(UTC)`` for UTC itself.
        """
        name = get_timezone_name(moment, "long", locale=self.locale)
        offset = format_datetime(moment, "xxxxx", tzinfo=moment.tzinfo, locale=self.locale)
        offset = "" if offset in ("Z", "+00:00") else offset
        return f"{name} (UTC{offset})"

    def range_text(self, occurrence: Occurrence, with_zone: bool = True) -> str:
        """The whole occurrence as plain text, as the ``when`` template macro shows it."""
        start, end = occurrence.local_start, occurrence.local_end
        if not isinstance(start, datetime) or not isinstance(end, datetime):
            return self.date(start) if start == end else f"{self.date(start)} – {self.date(end)}"
        text = f"{self.date(start)}, {self.time(start)} – "
        text += (
            self.time(end) if end.date() == start.date() else f"{self.date(end)}, {self.time(end)}"
        )
        return f"{text}, {self.zone(start)}" if with_zone else text


def machine(moment: Moment) -> str:
    """Value for ``<time datetime>``: ISO 8601 with its offset, or a date alone."""
    return iso(moment)


def _local_date(moment: Moment):
    return moment.date() if isinstance(moment, datetime) else moment
