"""``/events.json``: the schedule for other sites to embed, and for hubs to gather.

The format is documented in docs/feeds.md (``"version": 2``) and described by
``/events.schema.json`` (:mod:`chapterhouse.feeds.schemas`). Times are ISO
8601 with their UTC offset (dates alone for all-day events, whose ``end`` is
the last day, inclusive); ``updated`` and ``created`` are UTC instants from the
content's history, the calendars' ``LAST-MODIFIED`` and ``CREATED``; every URL
is absolute. Keys are sorted and the output is deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from chapterhouse.core.model import Chapter, Event, Occurrence, Venue, event_uid
from chapterhouse.core.timing import iso
from chapterhouse.feeds.document import assemble, encode_line, utc_text
from chapterhouse.history.stamps import Stamp, last_modified, sequence_number


@dataclass(frozen=True)
class JsonEvent:
    """One event with what the document needs about it.

    Attributes:
        event: The event.
        chapter: Its chapter, if any.
        url: The event page's absolute URL.
        chapter_url: The chapter page's absolute URL (``""`` without a chapter).
        rsvp_url: Where to register (``""`` when nowhere).
        occurrences: A recurring event's listed dates (empty for a single event).
        stamp: The event's history (created, last change, SEQUENCE), None when unknown.
        default_lang: The site's language, the chapter's when it names none.
        cohosts: The chapters co-hosting it, each with its page's absolute URL.
        photo_urls: The absolute URLs of its recap's photos.
    """

    event: Event
    chapter: Chapter | None
    url: str
    chapter_url: str
    rsvp_url: str
    occurrences: Sequence[Occurrence]
    stamp: Stamp | None = None
    default_lang: str = ""
    cohosts: tuple[tuple[Chapter, str], ...] = ()
    photo_urls: tuple[str, ...] = ()


def render_events_json(
    site_name: str, site_url: str, domain: str, items: Sequence[JsonEvent], schema_url: str
) -> bytes:
    """The whole document, UTF-8, one event per line (readable diffs, fast to encode)."""
    lines = [event_line(item, domain) for item in items]
    return assemble_events_json(site_name, site_url, lines, schema_url)


def event_line(item: JsonEvent, domain: str) -> str:
    """One event's line of the document (keys sorted, compact: ``json``'s C encoder)."""
    return encode_line(_event(item, domain))


def assemble_events_json(
    site_name: str, site_url: str, lines: Sequence[str], schema_url: str
) -> bytes:
    """The document around the events' lines (in the order given)."""
    return assemble("events", lines, site_name, site_url, schema_url)


def _event(item: JsonEvent, domain: str) -> dict[str, Any]:
    event, stamp = item.event, item.stamp
    first = event.occurrence_at(event.start)
    venue = _venue(event.venue)
    uid = event_uid(event, domain)
    data = {
        "id": uid,
        "uid": uid,
        "updated": utc_text(last_modified(stamp)),
        "created": utc_text(stamp.created) if stamp else None,
        "sequence": sequence_number(event, stamp),
        "title": event.title,
        "url": item.url,
        "summary": event.summary or None,
        "lang": event.lang or None,
        "chapter": _chapter(item.chapter, item.chapter_url, item.default_lang),
        "cohosts": [_chapter(c, url, item.default_lang) for c, url in item.cohosts],
        "all_chapters": event.all_chapters,
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
        "occurrences": [_occurrence(o) for o in item.occurrences],
    }
    # Added within version 2, only for the events that have them.
    if event.programme:
        data["programme"] = [
            {
                "start": iso(slot.start),
                "title": slot.item.title,
                "speaker": slot.item.speaker or None,
                "kind": slot.item.kind.value if slot.item.kind else None,
            }
            for slot in first.slots
        ]
    if event.recap is not None:
        recap = event.recap
        data["recap"] = {
            "slides": recap.slides or None,
            "recording": recap.recording or None,
            "photos": list(item.photo_urls),
            "attended": recap.attended,
        }
    return data


def _occurrence(occurrence: Occurrence) -> dict[str, Any]:
    """One date: its start and end, and for a date the organizer changed, what it changed."""
    found: dict[str, Any] = {
        "start": iso(occurrence.local_start),
        "end": iso(occurrence.local_end),
    }
    if occurrence.local_original is not None:
        found["original_start"] = iso(occurrence.local_original)
        found["status"] = occurrence.event.status.value
        found["venue"] = _venue(occurrence.event.venue)
    return found


def _venue(venue: Venue | None) -> dict[str, Any] | None:
    if venue is None:
        return None
    return {
        "name": venue.name or None,
        "address": venue.address or None,
        "geo": list(venue.geo) if venue.geo else None,
    }


def _chapter(chapter: Chapter | None, url: str, default_lang: str) -> dict[str, Any] | None:
    if chapter is None:
        return None
    return {
        "slug": chapter.slug,
        "title": chapter.title,
        "url": url,
        "city": chapter.city or None,
        "country": chapter.country or None,
        "lang": chapter.lang or default_lang or None,
    }
