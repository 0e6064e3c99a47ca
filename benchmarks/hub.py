"""Benchmark a hub's fetch: 600 member sites, 30,000 events, served on 127.0.0.1.

    python benchmarks/hub.py [--members 600] [--events 30000] [--workers 8]

Each member publishes a version 2 ``chapters.json`` (one chapter) and
``events.json`` from a local ``ThreadingHTTPServer`` that sends an ``ETag`` and
answers ``304 Not Modified`` to a matching ``If-None-Match``. Three runs over
one store: cold (every document is new: 200), warm (nothing changed: 304) and
offline (the store only). Prints wall seconds, requests and bytes received.
Deterministic content; no timed assertion (that is for people to read).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from chapterhouse.network.members import Member
from chapterhouse.network.sources import Options, gather
from chapterhouse.network.store import Store

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
CITIES = [
    ("Lyon", "FR", "Europe/Paris", "fr"), ("Berlin", "DE", "Europe/Berlin", "de"),
    ("Austin", "US", "America/Chicago", "en"), ("Tokyo", "JP", "Asia/Tokyo", "ja"),
]  # fmt: skip


def documents(base: str, index: int, count: int) -> tuple[bytes, bytes]:
    """The chapters.json and events.json of member ``index`` with ``count`` events."""
    city, country, tz, lang = CITIES[index % len(CITIES)]
    slug = f"chapter-{index}"
    chapter_ref = {"city": city, "country": country, "lang": lang, "slug": slug,
                   "title": f"Python {city} {index}", "url": f"{base}chapters/{slug}/"}  # fmt: skip
    chapter = dict(chapter_ref, calendar_url=f"{base}chapters/{slug}/calendar.ics",
                   feeds={"atom": f"{base}a.xml", "rss": f"{base}r.xml"}, geo=[45.7, 4.8],
                   links=[], summary="Monthly meetups", timezone=tz, topics=["python"],
                   updated="2026-09-30T19:02:41Z")  # fmt: skip
    events = []
    for number in range(count):
        start = datetime(2026, 6, 1, 18, 30, tzinfo=UTC) + timedelta(
            days=(number * 7 + index) % 540
        )
        offset = "+01:00"
        events.append({
            "all_day": False, "attendance_mode": "in_person", "chapter": chapter_ref,
            "created": "2026-01-01T00:00:00Z", "end": f"{start:%Y-%m-%dT}21:00:00{offset}",
            "id": f"e{number}-m{index}@bench", "lang": lang, "occurrences": [],
            "online_url": None, "recurrence": None, "rsvp_url": f"https://rsvp.example.com/{number}",
            "sequence": 0, "start": f"{start:%Y-%m-%dT%H:%M:%S}{offset}", "status": "scheduled",
            "summary": "An evening of talks about Python and its community, with pizza.",
            "timezone": tz, "title": f"Python evening #{number}", "topics": ["python", "web"],
            "uid": f"e{number}-m{index}@bench", "updated": "2026-11-04T08:12:55Z",
            "url": f"{base}events/e{number}/",
            "venue": {"address": "1 rue de la République", "geo": [45.76, 4.83], "name": "Venue"},
        })  # fmt: skip

    def envelope(key: str, items: list) -> bytes:
        return json.dumps(
            {key: items, "schema": f"{base}{key}.schema.json",
             "site": {"name": f"Site {index}", "url": base}, "version": 2},
            ensure_ascii=False, sort_keys=True,
        ).encode()  # fmt: skip

    return envelope("chapters", [chapter]), envelope("events", events)


def serve(files: dict[str, bytes]) -> tuple[ThreadingHTTPServer, list[int]]:
    """Serve ``files`` (path → body) with ETags and 304s; returns the server and a hit counter."""
    hits = [0]
    tags: dict[str, str] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            hits[0] += 1
            body = files.get(self.path)
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            tag = tags.get(self.path) or tags.setdefault(
                self.path, '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
            )
            if self.headers.get("If-None-Match") == tag:
                self.send_response(304)
                self.send_header("ETag", tag)
                self.end_headers()
            else:
                self.send_response(200)
                self.send_header("ETag", tag)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.request_queue_size = 128
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, hits


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=600)
    parser.add_argument("--events", type=int, default=30_000)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args(argv)
    files: dict[str, bytes] = {}
    server, hits = serve(files)
    port = server.server_address[1]
    members = []
    per_member = args.events // args.members
    for index in range(args.members):
        base = f"http://127.0.0.1:{port}/m{index}/"
        chapters, events = documents(base, index, per_member)
        files[f"/m{index}/chapters.json"], files[f"/m{index}/events.json"] = chapters, events
        members.append(Member("chapterhouse", base))
    total = sum(len(body) for body in files.values())
    print(f"{args.members} members, {per_member * args.members:,} events, "
          f"{total / 1e6:.1f} MB of documents, {args.workers} workers")  # fmt: skip
    options = Options(workers=args.workers)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder))
        for label, offline in (("cold", False), ("warm", False), ("offline", True)):
            before = hits[0]
            started = time.perf_counter()
            got = gather(members, store, NOW, offline=offline, options=options)
            seconds = time.perf_counter() - started
            print(f"{label:8} {seconds:6.2f} s  requests {got.requests:5}  "
                  f"server hits {hits[0] - before:5}  received {got.received / 1e6:6.1f} MB  "
                  f"events {len(got.events):,}  warnings {len(got.warnings)}")  # fmt: skip
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
