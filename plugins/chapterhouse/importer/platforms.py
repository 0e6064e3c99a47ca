"""Which event URLs are a platform's event page, and so where people RSVP.

An event's ``URL`` becomes its ``rsvp`` only when it is the page of the event
on the platform the calendar comes from, where people register:

=============  ==========================================================
platform       event page
=============  ==========================================================
Meetup         ``https://www.meetup.com/<group>/events/<id>/``
lu.ma (Luma)   ``https://lu.ma/<slug>``, ``https://luma.com/<slug>``,
               ``…/event/<id>``
Mobilizon      ``https://<instance>/events/<uuid>`` (any instance)
Gancio         ``https://<instance>/event/<slug>``, when the calendar was
               written by Gancio (``PRODID``) or fetched from that instance
any other      ``https://<host>/event/…`` or ``…/events/…`` on the host the
               calendar was fetched from
=============  ==========================================================

Other URLs (a Google Calendar link, a chapter's home page…) are not an RSVP
form: they are kept as a "More information" link in the description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

_MEETUP = re.compile(r"^/[^/]+/events/[0-9a-z]+/?$", re.IGNORECASE)
_LUMA = re.compile(r"^/(?:event/)?[A-Za-z0-9_-]+/?$")
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_MOBILIZON = re.compile(rf"^/events/{_UUID}/?$", re.IGNORECASE)
_EVENT_PAGE = re.compile(r"^/(?:[^/]+/)*events?/[^/]+/?$", re.IGNORECASE)
_LUMA_HOSTS = frozenset({"lu.ma", "luma.com", "www.luma.com"})


@dataclass(frozen=True)
class Origin:
    """What is known of where a calendar comes from.

    Attributes:
        prodid: The calendar's ``PRODID``.
        host: The host the calendar was fetched from (empty for a file).
    """

    prodid: str = ""
    host: str = ""


def platform_of(url: str, origin: Origin) -> str:
    """The platform whose event page ``url`` is (``meetup``, ``luma``…), or ``""``."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() != "https" or not host:
        return ""
    path = parts.path
    if (host == "meetup.com" or host.endswith(".meetup.com")) and _MEETUP.match(path):
        return "meetup"
    if (
        host in _LUMA_HOSTS
        and _LUMA.match(path)
        and path.strip("/") not in ("", "home", "discover")
    ):
        return "luma"
    if _MOBILIZON.match(path):
        return "mobilizon"
    if "gancio" in origin.prodid.lower() and path.startswith("/event/"):
        return "gancio"
    if origin.host and host == origin.host.lower() and _EVENT_PAGE.match(path):
        return "source"
    return ""
