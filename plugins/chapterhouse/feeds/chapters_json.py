"""``/chapters.json``: every listed chapter, for hubs that gather many sites.

The format is documented in docs/feeds.md (``"version": 2``) and described by
``/chapters.schema.json``. One chapter per line, keys sorted, every URL
absolute; ``updated`` is the last change of the chapter's file (Git history,
as for events), never the clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chapterhouse.core.model import Chapter
from chapterhouse.feeds.document import assemble, encode_line, utc_text
from chapterhouse.history.stamps import NO_HISTORY


@dataclass(frozen=True)
class JsonChapter:
    """One chapter with what the document needs about it.

    Attributes:
        chapter: The chapter.
        url: Its page's absolute URL.
        calendar_url: Its calendar's absolute URL (``.ics``).
        atom_url: Its Atom feed's absolute URL.
        rss_url: Its RSS feed's absolute URL.
        updated: When its file last changed, None when unknown.
        default_lang: The site's language, the chapter's when it names none.
    """

    chapter: Chapter
    url: str
    calendar_url: str
    atom_url: str
    rss_url: str
    updated: datetime | None
    default_lang: str


def render_chapters_json(
    site_name: str, site_url: str, items: Sequence[JsonChapter], schema_url: str
) -> bytes:
    """The whole document, UTF-8, one chapter per line, in the order given."""
    lines = [encode_line(_chapter(item)) for item in items]
    return assemble("chapters", lines, site_name, site_url, schema_url)


def _chapter(item: JsonChapter) -> dict[str, Any]:
    chapter = item.chapter
    return {
        "slug": chapter.slug,
        "title": chapter.title,
        "url": item.url,
        "summary": chapter.summary or None,
        "city": chapter.city or None,
        "country": chapter.country or None,
        "geo": list(chapter.geo) if chapter.geo else None,
        "lang": chapter.lang or item.default_lang,
        "timezone": chapter.timezone,
        "topics": list(chapter.topics),
        "links": [{"kind": link.kind, "url": link.url} for link in chapter.links],
        "calendar_url": item.calendar_url,
        "feeds": {"atom": item.atom_url, "rss": item.rss_url},
        "updated": utc_text(item.updated or NO_HISTORY),
    }
