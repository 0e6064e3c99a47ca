"""A recurrence rule in words, in the reader's language: "every third Wednesday, every 3 months".

The common rules of meetups (weekly, every n-th weekday of the month, a day of
the month, every n months) are written out; anything else is summarised by its
frequency (the page lists the dates themselves anyway).
"""

from __future__ import annotations

from babel.lists import format_list

from chapterhouse.core.recurrence import RuleParts
from chapterhouse.render.i18n import Interface


def rule_in_words(parts: RuleParts, interface: Interface) -> str:
    """``parts`` (see :func:`chapterhouse.core.recurrence.rule_parts`) as a phrase."""
    day = _days(parts, interface)
    period = _period(parts, interface, said_days=bool(day))
    if day and period:
        return interface.gettext("%(days)s, %(period)s", days=day, period=period)
    return day or period


def _days(parts: RuleParts, interface: Interface) -> str:
    """Which days: "every Wednesday", "every third Wednesday", "on the 15th" ("" for none)."""
    if parts.monthdays and len(parts.monthdays) == 1 and not parts.weekdays:
        day = parts.monthdays[0]
        if day == -1:
            return interface.gettext("on the last day of the month")
        if day > 0:
            return interface.gettext("on day %(day)s of the month", day=day)
    if not parts.weekdays:
        return ""
    ordinals = {ordinal for ordinal, _ in parts.weekdays}
    names = [interface.dates.weekday(weekday) for _, weekday in parts.weekdays]
    if len(ordinals) != 1:
        return ""
    ordinal = ordinals.pop()
    if ordinal and len(names) == 1:
        return _nth(ordinal, names[0], interface)
    if not ordinal and parts.frequency == "WEEKLY":
        return interface.gettext(
            "every %(weekdays)s", weekdays=format_list(names, locale=interface.locale)
        )
    return ""


def _nth(ordinal: int, weekday: str, interface: Interface) -> str:
    if ordinal == 1:
        return interface.gettext("the first %(weekday)s of the month", weekday=weekday)
    if ordinal == 2:
        return interface.gettext("the second %(weekday)s of the month", weekday=weekday)
    if ordinal == 3:
        return interface.gettext("the third %(weekday)s of the month", weekday=weekday)
    if ordinal == 4:
        return interface.gettext("the fourth %(weekday)s of the month", weekday=weekday)
    if ordinal == 5:
        return interface.gettext("the fifth %(weekday)s of the month", weekday=weekday)
    return interface.gettext("the last %(weekday)s of the month", weekday=weekday)


def _period(parts: RuleParts, interface: Interface, said_days: bool) -> str:
    """How often: "every 3 months" ("" when the days already say it: every Wednesday)."""
    n, frequency = parts.interval, parts.frequency
    if frequency == "DAILY":
        if n == 1:
            return interface.gettext("every day")
        return interface.ngettext("every %(num)d day", "every %(num)d days", n)
    if frequency == "WEEKLY":
        if n == 1:
            return "" if said_days else interface.gettext("every week")
        return interface.ngettext("every %(num)d week", "every %(num)d weeks", n)
    if frequency == "MONTHLY":
        if n == 1:
            return "" if said_days else interface.gettext("every month")
        return interface.ngettext("every %(num)d month", "every %(num)d months", n)
    if n == 1:
        return interface.gettext("every year")
    return interface.ngettext("every %(num)d year", "every %(num)d years", n)
