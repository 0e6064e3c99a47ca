"""How long `invoke livereload` takes to show an edit to one event in the browser.

The project's sample site is copied to a temporary folder (the repository is
never edited) and served by ``chapterhouse.cli.livereload`` exactly as
``invoke livereload`` serves it, in its own process. Debian's Chromium (driven
by Playwright) opens an event's page; then, each round, the event's title is
changed in its file, and the time is taken from the file's write to the moment
the reloaded page shows the new title. Rounds are a few seconds apart, as
edits are. Prints each round and the median; nothing fails because it is slow.

    python benchmarks/livereload.py [--rounds 7] [--event workshop]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHAPTERHOUSE_CHROMIUM", "/usr/bin/chromium")
SERVER = """
import sys
from pathlib import Path
sys.path.insert(0, {plugins!r})
from chapterhouse.cli.livereload import Project, livereload
root = Path({root!r})
project = Project(
    content=root / "content", settings=root / "pelicanconf.py", output=root / "output",
    code=(Path({plugins!r}), root / "pelicanconf.py"), theme=(Path({theme!r}),),
)
sys.exit(livereload(project, 0))
"""


def _site(folder: Path) -> None:
    """The sample site (content, settings) in ``folder``, with the project's plugins and theme."""
    shutil.copytree(ROOT / "content", folder / "content")
    settings = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    settings = settings.replace('THEME = "theme"', f'THEME = "{ROOT / "theme"}"')
    plugins = f'PLUGIN_PATHS = ["{ROOT / "plugins"}"]'
    settings = settings.replace('PLUGIN_PATHS = ["plugins"]', plugins)
    (folder / "pelicanconf.py").write_text(settings, encoding="utf-8")


def _event_file(content: Path, slug: str) -> Path:
    for path in sorted((content / "events").rglob("*.md")):
        if path.stem == slug:
            return path
    raise SystemExit(f"no event file {slug}.md in {content / 'events'}")


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--event", default="", help="the event's file name (default: the first)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="livereload-") as temporary:
        folder = Path(temporary)
        _site(folder)
        event = (
            _event_file(folder / "content", arguments.event)
            if arguments.event
            else next(
                path
                for path in sorted((folder / "content" / "events").rglob("*.md"))
                if not path.name.startswith("_")
            )
        )
        script = SERVER.format(
            plugins=str(ROOT / "plugins"), root=str(folder), theme=str(ROOT / "theme")
        )
        environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
        server = subprocess.Popen(
            [sys.executable, "-c", script],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=environment,
        )
        try:
            address = ""
            assert server.stdout is not None
            for line in server.stdout:
                print(f"  | {line.rstrip()}")
                found = re.search(r"at (http://127\.0\.0\.1:\d+\S*/) ", line)
                if found:
                    address = found[1]
                    break
            if not address:
                raise SystemExit("the livereload server did not start")
            threading.Thread(target=_echo, args=(server.stdout,), daemon=True).start()
            slug = event.stem
            page = f"{address}events/{slug}/"
            rounds = _measure(page, event, arguments.rounds, server)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(
        f"\nlivereload, one event's title edited ({arguments.rounds} rounds): median "
        f"{statistics.median(rounds):.2f} s, fastest {min(rounds):.2f} s, slowest "
        f"{max(rounds):.2f} s (from the file's write to the new title in the page)"
    )


def _echo(stream) -> None:
    """The server's lines, shown as they come (and its pipe never full)."""
    for line in stream:
        print(f"  | {line.rstrip()}", flush=True)


def _measure(page: str, event: Path, rounds: int, server: subprocess.Popen) -> list[float]:
    from playwright.sync_api import sync_playwright

    original = event.read_text(encoding="utf-8")
    title = re.search(r"^title: *(.+)$", original, flags=re.M)
    if not title:
        raise SystemExit(f"{event} has no title line")
    seconds: list[float] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        tab = browser.new_page()
        tab.goto(page)
        tab.wait_for_timeout(1500)  # the event stream connected
        try:
            for number in range(1, rounds + 1):
                marker = f"Edited {number} {time.time_ns() % 100000}"
                started = time.perf_counter()
                event.write_text(
                    original.replace(title.group(0), f"title: {marker}", 1), encoding="utf-8"
                )
                tab.wait_for_function(
                    "m => document.querySelector('h1') && document.querySelector('h1')"
                    ".textContent.includes(m)",
                    arg=marker,
                    timeout=30_000,
                    polling=10,
                )
                seconds.append(time.perf_counter() - started)
                print(f"round {number}: {seconds[-1]:.2f} s", flush=True)
                tab.wait_for_timeout(2000)
        finally:
            event.write_text(original, encoding="utf-8")
            browser.close()
    _ = server
    return seconds


if __name__ == "__main__":
    main()
