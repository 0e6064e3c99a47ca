"""Member sites for the network tests: version 2 documents served on 127.0.0.1."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler

from tests.localserver import reply


def chapter(base: str, slug: str, **extra: object) -> dict[str, object]:
    """A chapters.json item of the site at ``base``."""
    item: dict[str, object] = {
        "calendar_url": f"{base}chapters/{slug}/calendar.ics",
        "city": "Lyon",
        "country": "FR",
        "feeds": {"atom": f"{base}a.xml", "rss": f"{base}r.xml"},
        "geo": [45.76, 4.84],
        "lang": "fr",
        "links": [],
        "slug": slug,
        "summary": "Des rencontres",
        "timezone": "Europe/Paris",
        "title": f"Python {slug.title()}",
        "topics": ["python"],
        "updated": "2026-09-30T19:02:41Z",
        "url": f"{base}chapters/{slug}/",
    }
    item.update(extra)
    return item


def event(base: str, uid: str, slug: str, **extra: object) -> dict[str, object]:
    """An events.json item of the site at ``base``, in chapter ``slug``."""
    item: dict[str, object] = {
        "all_day": False,
        "attendance_mode": "in_person",
        "chapter": {"city": "Lyon", "country": "FR", "lang": "fr", "slug": slug,
                    "title": f"Python {slug.title()}", "url": f"{base}chapters/{slug}/"},
        "created": None,
        "end": "2027-01-20T21:00:00+01:00",
        "id": uid,
        "lang": "fr",
        "occurrences": [],
        "online_url": None,
        "recurrence": None,
        "rsvp_url": "https://rsvp.example.com/1",
        "sequence": 0,
        "start": "2027-01-20T18:30:00+01:00",
        "status": "scheduled",
        "summary": "Un atelier",
        "timezone": "Europe/Paris",
        "title": f"Atelier {uid}",
        "topics": ["python"],
        "uid": uid,
        "updated": "2026-11-04T08:12:55Z",
        "url": f"{base}events/{uid.split('@')[0]}/",
        "venue": {"address": "1 rue X", "geo": [45.7, 4.8], "name": "La Cantine"},
    }  # fmt: skip
    item.update(extra)
    return item


def document(key: str, items: list[dict[str, object]], base: str) -> bytes:
    """A version 2 document."""
    return json.dumps(
        {key: items, "schema": f"{base}{key}.schema.json",
         "site": {"name": "Site", "url": base}, "version": 2},
        ensure_ascii=False, sort_keys=True,
    ).encode()  # fmt: skip


def static(body: bytes, content_type: str = "application/json") -> Callable:
    """A route answering ``body`` with an ETag, and 304 to a matching If-None-Match."""
    tag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'

    def route(handler: BaseHTTPRequestHandler) -> None:
        if handler.headers.get("If-None-Match") == tag:
            reply(handler, 304, ETag=tag)
        else:
            reply(handler, 200, body, ETag=tag, Content_Type=content_type)

    return route
