"""Dates and times as people read them, in the interface language (Babel).

Times are shown in the event's own zone, with the zone named. Templates wrap
each piece in ``<time datetime="…">`` with :func:`machine` values (see
``theme/templates/macros/time.html``).
"""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale
from babel.dates import (
    format_date,
    format_skeleton,
    format_time,
    get_datetime_format,
    get_timezone_gmt,
    get_timezone_name,
)
from babel.numbers import format_decimal

from chapterhouse.core.model import Occurrence
from chapterhouse.core.timing import Moment, iso


class DateFormatter:
    """Formats moments for one locale.

    A network lists the same days and times on many pages: each day, time of day
    and zone is formatted once (Babel takes tens of microseconds for each).
    """

    def __init__(self, locale: Locale):
        self.locale = locale
        self._dates: dict[tuple[str, date], str] = {}
        self._times: dict[tuple[int, int], str] = {}
        self._zones: dict[tuple[str, object, object], str] = {}
        # How the language joins a date and a time: "{1}, {0}", "{1} {0}", "{1}، {0}"…
        self._full = get_datetime_format("full", locale=locale).replace("'", "")
        self._medium = get_datetime_format("medium", locale=locale).replace("'", "")

    def date(self, moment: Moment) -> str:
        """``Wednesday, January 20, 2027`` / ``mercredi 20 janvier 2027``."""
        return self._date("full", _local_date(moment))

    def short_date(self, moment: Moment) -> str:
        """``Wed, Jan 20, 2027`` / ``mer. 20 janv. 2027`` / ``2027年1月20日(水)``."""
        return self._date("yMMMEd", _local_date(moment))

    def date_time(self, moment: datetime) -> str:
        """The full date and the time, joined the language's way."""
        return self._full.replace("{1}", self.date(moment)).replace("{0}", self.time(moment))

    def short_date_time(self, moment: datetime) -> str:
        """The short date and the time, joined the language's way."""
        return self._medium.replace("{1}", self.short_date(moment)).replace(
            "{0}", self.time(moment)
        )

    def month(self, moment: Moment) -> str:
        """The month and its year: ``December 2026`` / ``décembre 2026`` / ``2026年12月``."""
        day = _local_date(moment)
        return self._date("yMMMM", date(day.year, day.month, 1))

    def day_and_month(self, moment: Moment) -> tuple[str, str]:
        """Day number and abbreviated month, for a calendar-leaf badge: ``20``, ``Jan``."""
        day = _local_date(moment)
        return self._date("d", day), self._date("LLL", day)

    def weekday(self, index: int) -> str:
        """The name of a weekday (0: Monday), as in a date: ``Wednesday``, ``mercredi``."""
        return self.locale.days["format"]["wide"][index]

    def time(self, moment: datetime) -> str:
        """``6:30 PM`` / ``18:30``, in the moment's own zone."""
        key = (moment.hour, moment.minute)
        text = self._times.get(key)
        if text is None:
            text = self._times[key] = format_time(
                moment, "short", tzinfo=moment.tzinfo, locale=self.locale
            )
        return text

    def zone(self, moment: datetime) -> str:
        """The zone's long name and its offset from UTC at that moment, in the language.

        ``Central European Standard Time (GMT+01:00)``, ``heure normale d’Europe
        centrale (UTC+01:00)``; the offset alone for a zone the CLDR names none.
        """
        key = (str(moment.tzinfo), moment.utcoffset(), moment.dst())
        text = self._zones.get(key)
        if text is None:
            name = get_timezone_name(moment, "long", locale=self.locale)
            offset = get_timezone_gmt(moment, "long", locale=self.locale)
            text = f"{name} ({offset})" if name and name != offset else offset
            self._zones[key] = text
        return text

    def _date(self, pattern: str, day: date) -> str:
        """``day`` in a CLDR pattern (``full``, ``LLL``, ``d``) or skeleton (``yMMMEd``)."""
        key = (pattern, day)
        text = self._dates.get(key)
        if text is None:
            if pattern in ("yMMMEd", "yMMMM"):
                text = format_skeleton(pattern, day, locale=self.locale)
            elif pattern == "d":
                text = format_decimal(day.day, locale=self.locale)
            else:
                text = format_date(day, pattern, locale=self.locale)
            self._dates[key] = text
        return text

    def range_text(self, occurrence: Occurrence, with_zone: bool = True) -> str:
        """The whole occurrence as plain text, as the ``when`` template macro shows it."""
        start, end = occurrence.local_start, occurrence.local_end
        if not isinstance(start, datetime) or not isinstance(end, datetime):
            return self.date(start) if start == end else f"{self.date(start)} – {self.date(end)}"
        text = f"{self.date_time(start)} – "
        text += self.time(end) if end.date() == start.date() else self.date_time(end)
        return f"{text}, {self.zones(occurrence)}" if with_zone else text

    def zones(self, occurrence: Occurrence) -> str:
        """The zone of a timed occurrence, and the one it ends in when the clocks changed."""
        start, end = occurrence.local_start, occurrence.local_end
        if not isinstance(start, datetime) or not isinstance(end, datetime):
            return ""
        zone = self.zone(start)
        if end.utcoffset() != start.utcoffset():  # the clocks changed during the event
            zone += f" – {self.zone(end)}"
        return zone


def machine(moment: Moment) -> str:
    """Value for ``<time datetime>``: ISO 8601 with its offset, or a date alone."""
    return iso(moment)


def _local_date(moment: Moment):
    return moment.date() if isinstance(moment, datetime) else moment
