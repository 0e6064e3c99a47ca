"""``/events.json``: the schedule for other sites to embed.

The schema is documented in docs/feeds.md (``"version": 1``). Times are ISO
8601 with their UTC offset (dates alone for all-day events, whose ``end`` is
the last day, inclusive); every URL is absolute. Keys are sorted and the
output is deterministic.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from chapterhouse.core.model import Chapter, Event, Occurrence, event_uid
from chapterhouse.core.timing import iso

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class JsonEvent:
    """One event with what the document needs about it."""

    event: Event
    chapter: Chapter | None
    url: str
    chapter_url: str
    rsvp_url: str
    occurrences: Sequence[Occurrence]


_COMPACT: dict[str, Any] = {"ensure_ascii": False, "sort_keys": True, "separators": (",", ":")}


def render_events_json(
    site_name: str, site_url: str, domain: str, items: Sequence[JsonEvent]
) -> bytes:
    """The whole document, UTF-8, one event per line (readable diffs, fast to encode)."""
    return assemble_events_json(site_name, site_url, [event_line(item, domain) for item in items])


def event_line(item: JsonEvent, domain: str) -> str:
    """One event's line of the document.

    Keys are sorted; the compact separators let ``json`` use its C encoder
    (an indented document is encoded in Python, ten times slower).
    """
    return json.dumps(_event(item, domain), **_COMPACT)


def assemble_events_json(site_name: str, site_url: str, lines: Sequence[str]) -> bytes:
    """The document around the events' lines (in the order given)."""
    site = json.dumps({"name": site_name, "url": site_url + "/"}, **_COMPACT)
    events = ",\n".join(lines)
    opening = '{"events":[\n' if events else '{"events":['
    closing = "\n]" if events else "]"
    return f'{opening}{events}{closing},"site":{site},"version":{SCHEMA_VERSION}}}\n'.encode()


def _event(item: JsonEvent, domain: str) -> dict[str, Any]:
    event = item.event
    first = event.occurrence_at(event.start)
    venue = None
    if event.venue:
        venue = {
            "name": event.venue.name or None,
            "address": event.venue.address or None,
            "geo": list(event.venue.geo) if event.venue.geo else None,
        }
    return {
        "id": event_uid(event, domain),
        "title": event.title,
        "url": item.url,
        "summary": event.summary or None,
        "lang": event.lang or None,
        "chapter": (
            {"slug": item.chapter.slug, "title": item.chapter.title, "url": item.chapter_url}
            if item.chapter
            else None
        ),
        "start": iso(first.local_start),
        "end": iso(first.local_end),
        "all_day": event.all_day,
        "timezone": event.timezone,
        "status": event.status.value,
        "attendance_mode": event.attendance_mode.value,
        "venue": venue,
        "online_url": event.online_url or None,
        "rsvp_url": item.rsvp_url or None,
        "topics": list(event.topics),
        "recurrence": event.recurrence.rule if event.recurrence else None,
        "occurrences": [
            {"start": iso(o.local_start), "end": iso(o.local_end)} for o in item.occurrences
        ],
    }
