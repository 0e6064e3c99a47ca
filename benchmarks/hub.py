"""Benchmark a hub: 600 member sites, 30,000 events, served on 127.0.0.1.

    python benchmarks/hub.py [--members 600] [--events 30000] [--workers 8]
    python benchmarks/hub.py --build [--members 600] [--events 30000] [--keep DIR]

Each member publishes a version 2 ``chapters.json`` (one chapter) and
``events.json`` from a local ``ThreadingHTTPServer`` that sends an ``ETag`` and
answers ``304 Not Modified`` to a matching ``If-None-Match``.

Without ``--build``, the fetch layer only: three gathers over one store: cold
(every document is new: 200), warm (nothing changed: 304) and offline (the
store only). Prints wall seconds, requests and bytes received.

With ``--build``, whole hub builds by the real ``pelican`` command (one process
each): the project's sample content plus a ``content/network.yml`` listing the
members, the project's settings with ``SITEURL`` on 127.0.0.1, a fixed
``CHAPTERHOUSE_NOW`` and a temporary ``CACHE_PATH``:

1. cold: no cache, no output; every document fetched (200);
2. warm, complete: members unchanged (304), the cache kept (incremental and
   network store, as a deploy that restores its cache), the output folder
   removed first, so every file is made again;
3. the same with the incremental cache removed too (only the network store
   kept);
4. nothing changed: the same again, output and cache kept (304, incremental);
5. offline (``CHAPTERHOUSE_OFFLINE=1``), output and cache kept.

Prints wall seconds, peak memory (the largest process, from ``wait4``, and the
whole process tree sampled every 20 ms), requests (200 / 304) and the files
the build wrote and left unchanged. Checks each build: the hub's
``calendar.ics`` holds every member event's UID exactly once and
``events/index.html`` exists. Deterministic content; no timed assertion (that
is for people to read).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psutil

from chapterhouse.network.members import Member
from chapterhouse.network.sources import Options, gather
from chapterhouse.network.store import Store

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[1]
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


def serve(files: dict[str, bytes]) -> tuple[ThreadingHTTPServer, list[int], Counter[int]]:
    """Serve ``files`` (path → body) with ETags and 304s.

    Returns the server, a hit counter and a count of the statuses answered.
    """
    hits = [0]
    statuses: Counter[int] = Counter()
    tags: dict[str, str] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            hits[0] += 1
            body = files.get(self.path)
            if body is None:
                statuses[404] += 1
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            tag = tags.get(self.path) or tags.setdefault(
                self.path, '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
            )
            if self.headers.get("If-None-Match") == tag:
                statuses[304] += 1
                self.send_response(304)
                self.send_header("ETag", tag)
                self.end_headers()
            else:
                statuses[200] += 1
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
    return server, hits, statuses


def network(
    members: int, events: int
) -> tuple[ThreadingHTTPServer, list[int], Counter[int], list[str]]:
    """Serve ``members`` member sites holding ``events`` events in all; their base URLs."""
    files: dict[str, bytes] = {}
    server, hits, statuses = serve(files)
    port = server.server_address[1]
    bases = []
    per_member = events // members
    for index in range(members):
        base = f"http://127.0.0.1:{port}/m{index}/"
        chapters, items = documents(base, index, per_member)
        files[f"/m{index}/chapters.json"], files[f"/m{index}/events.json"] = chapters, items
        bases.append(base)
    total = sum(len(body) for body in files.values())
    print(f"{members} members, {per_member * members:,} events, "
          f"{total / 1e6:.1f} MB of documents")  # fmt: skip
    return server, hits, statuses, bases


def fetch_only(args: argparse.Namespace) -> None:
    """Gather cold, warm and offline over one store (no build)."""
    server, hits, _, bases = network(args.members, args.events)
    members = [Member("chapterhouse", base) for base in bases]
    options = Options(workers=args.workers)
    print(f"{args.workers} workers")
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


# --- Whole hub builds (--build) ---------------------------------------------------------------

#: Chapterhouse's summary line: "… 1,234 files (1,200 written, 34 unchanged) …".
SUMMARY = re.compile(r"([\d,]+) files? \(([\d,]+) written, ([\d,]+) unchanged\)")
MEMBER_UID = re.compile(r"^UID:(e\d+-m\d+@bench)\r?$", re.M)


def hub_site(folder: Path, bases: list[str], siteurl: str) -> tuple[Path, Path]:
    """The hub's content (the project's sample content + network.yml) and settings file."""
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)  # copy2: file times kept (history outside Git)
    (content / "network.yml").write_text(
        "".join(f"- url: {base}\n  name: Member {number}\n" for number, base in enumerate(bases)),
        encoding="utf-8",
    )
    settings = folder / "hubconf.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
        "from pelicanconf import *  # noqa: F403\n"
        f"SITEURL = {siteurl!r}\nPATH = {str(content)!r}\nTHEME = {str(ROOT / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n",
        encoding="utf-8",
    )
    return content, settings


class Build:
    """One measured ``pelican`` run."""

    def __init__(self, label: str, wall: float, largest_mb: float, tree_mb: float,
                 requests: Counter[int], said: str) -> None:  # fmt: skip
        self.label, self.wall, self.largest_mb, self.tree_mb = label, wall, largest_mb, tree_mb
        self.requests, self.said = requests, said
        found = SUMMARY.search(said)
        self.files = [int(n.replace(",", "")) for n in found.groups()] if found else None

    def row(self) -> str:
        """One line of the table."""
        files = (
            ""
            if self.files is None
            else f"{self.files[0]:,} ({self.files[1]:,} / {self.files[2]:,})"
        )
        requests = f"{sum(self.requests.values())} ({self.requests[200]} / {self.requests[304]})"
        cells = [self.label, f"{self.wall:.2f}", f"{self.largest_mb:.0f}", f"{self.tree_mb:.0f}",
                 requests, files]  # fmt: skip
        return "| " + " | ".join(cells) + " |"


def run_build(label: str, command: list[str], env: dict[str, str], statuses: Counter[int],
              log: Path) -> Build:  # fmt: skip
    """Run ``command`` (a pelican build) and measure it; exit when it fails."""
    before = Counter(statuses)
    started = time.perf_counter()
    with log.open("w+b") as said:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=said, stderr=said)
        watched = psutil.Process(process.pid)
        tree = 0
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            try:
                members = [watched, *watched.children(recursive=True)]
                tree = max(tree, sum(p.memory_info().rss for p in members))
            except psutil.Error:
                pass
            time.sleep(0.02)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        said.seek(0)
        text = said.read().decode(errors="replace")
    if process.returncode != 0 or "ERROR" in text or "CRITICAL" in text:
        raise SystemExit(f"{label}: the build failed ({process.returncode}):\n{text[-4000:]}")
    requests = Counter(statuses)
    requests.subtract(before)
    # ru_maxrss: kilobytes on Linux; the largest of the child and the workers it waited for.
    return Build(label, wall, usage.ru_maxrss / 1024, tree / 2**20, requests, text)


def check(output: Path, expected: int) -> str:
    """The cheap correctness checks of a hub build; raises SystemExit when one fails."""
    if not (output / "events" / "index.html").is_file():
        raise SystemExit(f"{output}: no events/index.html")
    calendar = (output / "calendar.ics").read_text(encoding="utf-8").replace("\r\n ", "")
    uids = MEMBER_UID.findall(calendar)
    if len(uids) != expected or len(set(uids)) != expected:
        raise SystemExit(
            f"{output}/calendar.ics: {len(uids):,} member UIDs ({len(set(uids)):,} distinct), "
            f"expected {expected:,} once each"
        )
    return f"{calendar.count('BEGIN:VEVENT'):,} VEVENTs, {expected:,} member UIDs once each"


def builds(args: argparse.Namespace) -> None:
    """Whole hub builds with the real ``pelican`` command (see the module's docstring)."""
    server, _, statuses, bases = network(args.members, args.events)
    expected = (args.events // args.members) * args.members
    port = server.server_address[1]
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="hub-bench-"))
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    content, settings = hub_site(folder, bases, f"http://127.0.0.1:{port}")
    output, cache = folder / "output", folder / "cache"
    command = [sys.executable, "-m", "pelican", str(content), "-s", str(settings),
               "-o", str(output), "-e", f"CACHE_PATH={json.dumps(str(cache))}"]  # fmt: skip
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV", "SYSTEMROOT", "TERM")
    base_env = {name: os.environ[name] for name in keep if name in os.environ}
    base_env |= {"CHAPTERHOUSE_NOW": NOW.strftime("%Y-%m-%dT%H:%M:%SZ"), "COLUMNS": "1000"}

    def incremental_cache() -> None:
        """Remove the incremental build's cache, keeping the network store."""
        for path in (cache / "chapterhouse").iterdir():
            if path.name != "network":
                shutil.rmtree(path) if path.is_dir() else path.unlink()
        for path in cache.iterdir():
            if path.name != "chapterhouse":
                shutil.rmtree(path) if path.is_dir() else path.unlink()

    steps = [
        ("cold (200s)", {}, lambda: None),
        ("warm complete: cache kept, output removed (304s)", {},
         lambda: shutil.rmtree(output)),
        ("warm, network store only: output and incremental cache removed (304s)", {},
         lambda: (shutil.rmtree(output), incremental_cache())),
        ("nothing changed anywhere (304s)", {}, lambda: None),
        ("offline, nothing changed (CHAPTERHOUSE_OFFLINE=1)", {"CHAPTERHOUSE_OFFLINE": "1"},
         lambda: None),
    ]  # fmt: skip
    if args.steps:
        wanted = {int(n) for n in args.steps.split(",")}
        steps = [step for number, step in enumerate(steps, 1) if number in wanted or number == 1]
    results = []
    for number, (label, env, prepare) in enumerate(steps, 1):
        prepare()
        build = run_build(label, command, base_env | env, statuses, folder / f"build-{number}.log")
        checked = check(output, expected)
        warnings = build.said.count("WARNING")
        print(f"{label}: {build.wall:.2f} s; {checked}; {warnings} warnings", flush=True)
        results.append(build)
    server.shutdown()
    print()
    print("| build | wall s | peak MB, largest process | peak MB, process tree | "
          "requests (200 / 304) | files (written / unchanged) |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|")
    for build in results:
        print(build.row())
    if args.keep:
        print(f"\nSite, cache and logs in {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=600)
    parser.add_argument("--events", type=int, default=30_000)
    parser.add_argument("--workers", type=int, default=8, help="fetch-only runs")
    parser.add_argument("--build", action="store_true", help="whole builds by `pelican`")
    parser.add_argument("--keep", help="--build: build in this folder and keep it (wiped first)")
    parser.add_argument("--steps", help="--build: only these builds, e.g. 1,4 (cold always runs)")
    args = parser.parse_args(argv)
    if args.build:
        builds(args)
    else:
        fetch_only(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
