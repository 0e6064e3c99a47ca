"""Links that add an event to Google Calendar or Outlook, and ``webcal://`` URLs.

Google's template link takes wall times plus ``ctz`` (the IANA zone), or UTC
times ending in ``Z``; all-day events take dates with an exclusive end.
Outlook's compose link takes ISO 8601 times with their offset. Both add one
occurrence (the one the page features); the ``.ics`` download carries the
whole series.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit, urlunsplit

from chapterhouse.calendar.ics import nameable
from chapterhouse.core.model import Occurrence

_LIMIT = 1200  # keep links well under browsers' and servers' URL limits


def google_calendar_url(occurrence: Occurrence, title: str, details: str, location: str) -> str:
    """``https://calendar.google.com/calendar/render?action=TEMPLATE…``."""
    event = occurrence.event
    params = {"action": "TEMPLATE", "text": title}
    if event.all_day:
        params["dates"] = f"{occurrence.start:%Y%m%d}/{occurrence.end:%Y%m%d}"
    elif event.fixed_offset or not (
        nameable(occurrence.start, event.tz) and nameable(occurrence.end, event.tz)
    ):  # a time in the hour repeated in autumn has no unambiguous local form: UTC
        start, end = occurrence.start.astimezone(UTC), occurrence.end.astimezone(UTC)
        params["dates"] = f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}"
    else:
        start, end = occurrence.local_start, occurrence.end.astimezone(event.tz)
        params["dates"] = f"{start:%Y%m%dT%H%M%S}/{end:%Y%m%dT%H%M%S}"
        params["ctz"] = event.timezone
    params["details"] = details[:_LIMIT]
    if location:
        params["location"] = location
    return "https://calendar.google.com/calendar/render?" + urlencode(params)


def outlook_url(occurrence: Occurrence, title: str, details: str, location: str) -> str:
    """``https://outlook.live.com/calendar/0/action/compose?…``."""
    event = occurrence.event
    if event.all_day:
        start, end, all_day = occurrence.start.isoformat(), occurrence.end.isoformat(), "true"
    else:
        start = _iso(occurrence.local_start)
        end = _iso(occurrence.end.astimezone(event.tz))
        all_day = "false"
    params = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": title,
        "startdt": start,
        "enddt": end,
        "allday": all_day,
        "body": details[:_LIMIT],
    }
    if location:
        params["location"] = location
    return "https://outlook.live.com/calendar/0/action/compose?" + urlencode(params)


def webcal_url(url: str) -> str:
    """The same calendar as ``webcal://`` (opens the subscribe dialog of calendar apps)."""
    parts = urlsplit(url)
    return urlunsplit(("webcal", parts.netloc, parts.path, parts.query, ""))


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
