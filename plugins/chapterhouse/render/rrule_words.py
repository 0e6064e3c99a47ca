"""A series' rhythm in words, in the page's language, or the rule itself when words would lie.

Reuses :func:`chapterhouse.render.rules.rule_in_words` (the words of a
recurring event's rule, translated in every catalog): "the second Thursday of
the month, every 3 months" / "le deuxième jeudi du mois, tous les 3 mois". A
rhythm is only put into words when those words say *everything* it says;
otherwise (several numbered weekdays, ``BYMONTH``, ``BYSETPOS`` other than a
single position of a single weekday…) the rule is shown as it is written.
``BYDAY=TH;BYSETPOS=2`` is the second Thursday, and is said so.
"""

from __future__ import annotations

from dataclasses import replace

from chapterhouse.core.recurrence import RuleParts, rule_parts
from chapterhouse.render.i18n import Interface
from chapterhouse.render.rules import rule_in_words


def rhythm_in_words(rule: str, interface: Interface) -> str:
    """``rule`` (a normalised rhythm, see ``core.recurrence.parse_rhythm``) as a phrase."""
    parts = _with_position(rule)
    if parts is None or not said_fully(parts):
        return rule
    return rule_in_words(parts, interface)


def said_fully(parts: RuleParts) -> bool:
    """True when :func:`rule_in_words` writes every part of ``parts`` (nothing left unsaid)."""
    if not parts.plain:
        return False
    if parts.monthdays:
        one = len(parts.monthdays) == 1 and not parts.weekdays
        return one and parts.frequency == "MONTHLY" and parts.monthdays[0] in (-1, *range(1, 32))
    if not parts.weekdays:
        # No day named: "every 3 months" says when only with the first edition's day.
        return parts.frequency in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
    ordinals = {ordinal for ordinal, _ in parts.weekdays}
    if len(ordinals) != 1:
        return False
    ordinal = next(iter(ordinals))
    if ordinal:
        return len(parts.weekdays) == 1 and parts.frequency == "MONTHLY"
    # "every Monday, every 2 weeks" would contradict itself: only weekly ones are said.
    return parts.frequency == "WEEKLY" and parts.interval == 1


def _with_position(rule: str) -> RuleParts | None:
    """The rule's parts, with ``BYDAY=TH;BYSETPOS=2`` read as ``BYDAY=2TH`` (None: unsayable)."""
    values = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    if "UNTIL" in values or "COUNT" in values:
        return None
    position = values.pop("BYSETPOS", "")
    parts = rule_parts(";".join(f"{k}={v}" for k, v in values.items()))
    if not position:
        return parts
    if "," in position or len(parts.weekdays) != 1 or parts.weekdays[0][0] != 0:
        return None
    number = int(position)
    if not (1 <= number <= 5 or number == -1):
        return None
    return replace(parts, weekdays=((number, parts.weekdays[0][1]),))
