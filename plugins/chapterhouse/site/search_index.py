"""The search index: one small record per event, chapter and page, built from the model.

The search page loads it and queries it with MiniSearch (vendored in the theme):
static, offline, and cheap to build (a full-text indexer took longer than the
rest of a 10,000-event build). Events are searchable by title, chapter, place,
summary, topics and speakers; chapters and pages also by their text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from chapterhouse.core.languages import is_right_to_left
from chapterhouse.core.loading import PageRecord
from chapterhouse.core.model import AttendanceMode, Chapter, Event, EventStatus, Visibility
from chapterhouse.site.model import SiteModel
from chapterhouse.site.schedule import Timeline
from chapterhouse.site.urls import Urls

_MARKDOWN_NOISE = re.compile(r"[#*_`>\[\]()|~-]+|\{(?:filename|static)\}\S*|https?://\S+")
_BODY_LIMIT = 2000


def indexed_events(model: SiteModel) -> list[Event]:
    """The events in the index, in its order."""
    return sorted(model.feed_events, key=lambda e: e.slug)


def event_document(
    urls: Urls,
    short_date: Callable[[Any], str],
    event: Event,
    timeline: Timeline,
    chapter: Chapter | None,
    online: str,
) -> str:
    """One event's record, as JSON."""
    shown = (
        timeline.upcoming[0] if timeline.upcoming else (timeline.past[0] if timeline.past else None)
    )
    place = event.venue.one_line if event.venue else ""
    if event.attendance_mode is not AttendanceMode.IN_PERSON:
        place = f"{place} · {online}" if place else online
    document = {
        "id": f"e:{event.slug}",
        "k": "event",
        "t": event.title,
        "u": urls.event_href(event),
        "d": short_date(shown.local_start) if shown else "",
        "c": chapter.title if chapter else "",
        "p": place,
        "s": event.summary,
        "x": " ".join(event.topics),
        "sp": " ".join(person.name for person in (*event.speakers, *event.hosts)),
        "w": 1.5 if timeline.upcoming and event.visibility is Visibility.PUBLISHED else 1,
        **_language(event.lang),
    }
    if event.status is not EventStatus.SCHEDULED:
        document["st"] = event.status.value
    return _json(document)


def assemble_search_index(
    urls: Urls,
    events: Sequence[str],
    chapters: Sequence[Chapter],
    pages: Sequence[PageRecord],
    default_language: str = "",
) -> bytes:
    """The index: the events' records (in :func:`indexed_events` order), chapters and pages.

    Each record says its language (``l``; ``r``: written right to left), so that a result
    in another language than the search page's is marked as such.
    """
    documents = list(events)
    for chapter in chapters:
        documents.append(
            _json(
                {
                    "id": f"c:{chapter.slug}",
                    "k": "chapter",
                    "t": chapter.title,
                    "u": urls.chapter_href(chapter),
                    "p": ", ".join(part for part in (chapter.city, chapter.country) if part),
                    "s": chapter.summary,
                    "x": " ".join(chapter.topics),
                    "b": _text(chapter.body),
                    "w": 1.2,
                    **_language(chapter.lang or default_language),
                }
            )
        )
    for page in pages:
        if page.visibility is Visibility.PUBLISHED:
            documents.append(
                _json(
                    {
                        "id": f"p:{page.slug}",
                        "k": "page",
                        "t": page.title,
                        "u": urls.link(f"{page.slug}/"),
                        "s": page.summary,
                        "b": _text(page.body),
                        "w": 1,
                        **_language(page.lang or default_language),
                    }
                )
            )
    return ("[" + ",".join(documents) + "]").encode()


def _language(tag: str) -> dict[str, Any]:
    if not tag:
        return {}
    return {"l": tag, "r": 1} if is_right_to_left(tag) else {"l": tag}


def _json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def _text(markdown: str) -> str:
    return " ".join(_MARKDOWN_NOISE.sub(" ", markdown).split())[:_BODY_LIMIT]
