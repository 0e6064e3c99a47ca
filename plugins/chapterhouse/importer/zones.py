"""Which time zone a ``TZID`` names.

In order:

1. an IANA name (``Europe/Paris``), also when a vendor prefix precedes it
   (``/freeassociation.sourceforge.net/Europe/Paris``);
2. a Windows name (Outlook, Exchange: ``Romance Standard Time``), mapped to
   IANA with the Unicode CLDR ``windowsZones`` table as Babel ships it;
3. otherwise the calendar's own ``VTIMEZONE`` with that ``TZID``: its rules
   give the exact instant, which the importer then writes in the chapter's
   zone (a custom zone has no IANA name a page could show).

A ``TZID`` matching none of these is unknown: the VEVENT is reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from functools import cache
from zoneinfo import ZoneInfo

from babel.core import get_global

from chapterhouse.core.problems import FieldError
from chapterhouse.core.timing import zone


@dataclass(frozen=True)
class Resolved:
    """A resolved ``TZID``.

    Attributes:
        tz: The zone to read wall times in.
        iana: True when ``tz`` is an IANA zone (a page can name it).
        via: How it was found, for messages (``Windows name``, ``VTIMEZONE``).
    """

    tz: tzinfo
    iana: bool
    via: str = ""


class ZoneResolver:
    """Resolves the ``TZID`` parameters of one calendar.

    Args:
        custom: The calendar's ``VTIMEZONE`` definitions, by ``TZID``, as
            tzinfo objects built from their own rules.
    """

    def __init__(self, custom: dict[str, tzinfo]):
        self._custom = custom
        self._seen: dict[str, Resolved | None] = {}

    def resolve(self, tzid: str) -> Resolved | None:
        """The zone ``tzid`` names, or None when it is unknown."""
        if tzid not in self._seen:
            self._seen[tzid] = self._lookup(tzid)
        return self._seen[tzid]

    def _lookup(self, tzid: str) -> Resolved | None:
        name = iana_name(tzid)
        if name:
            return Resolved(ZoneInfo(name), True)
        mapped = windows_zones().get(tzid.strip())
        if mapped and iana_name(mapped):
            return Resolved(ZoneInfo(mapped), True, f"Windows name for {mapped}")
        if tzid in self._custom:
            return Resolved(self._custom[tzid], False, "the calendar's VTIMEZONE")
        return None


def iana_name(tzid: str) -> str:
    """The IANA name in ``tzid`` (vendor prefixes removed), or ``""``."""
    cleaned = tzid.strip().strip("/")
    parts = cleaned.split("/")
    for start in range(len(parts)):
        candidate = "/".join(parts[start:])
        try:
            zone(candidate)
        except FieldError:
            continue
        return candidate
    return ""


@cache
def windows_zones() -> dict[str, str]:
    """Windows zone names to IANA names (Unicode CLDR windowsZones, from Babel)."""
    return dict(get_global("windows_zone_mapping"))
