"""Headless Chromium (Debian's package) driven by Playwright, on the fixture site served locally.

No browser is downloaded: Playwright (and Lighthouse) launch the system Chromium. Locally the
browser tests skip when no Chromium is found; under CI=true that is a failure.

Screenshots go to tests/artifacts/screenshots/ (emptied when the first one of a run is taken),
and at the end of the run they are composed into tests/artifacts/contact-sheet.png.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from chapterhouse.cli.serve import site_server
from tests.browser.contact_sheet import Shot, compose

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"
CONTACT_SHEET = ROOT / "tests" / "artifacts" / "contact-sheet.png"
#: The sheet must stay easy to open and to attach to an issue.
CONTACT_SHEET_LIMIT = 8 * 1024 * 1024
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
}
SCHEMES = ("light", "dark")
#: Page kinds in the contact sheet's order, with the name each row gets there.
PAGE_KINDS = {
    "home": "home",
    "events": "events listing",
    "past-events": "past events listing",
    "event-with-image": "event with an image (hybrid)",
    "event-in-person": "event without an image",
    "event-online": "online event",
    "event-cancelled": "cancelled event",
    "event-recurring": "recurring event",
    "event-all-day": "all-day event",
    "chapter": "chapter",
    "embed": "embed page (for other sites' frames)",
    "digest": "monthly digest",
    "cities": "cities",
    "city": "a city",
    "chapters": "chapters directory (map)",
    "topics": "topics",
    "topic": "topic",
    "page": "plain page (About)",
    "search": "search, empty",
    "search-query": "search with a query typed",
    "not-found": "404",
}


def _chromium() -> str | None:
    candidates = [os.environ.get("CHAPTERHOUSE_CHROMIUM"), "/usr/bin/chromium"]
    candidates += [shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")]
    return next((c for c in candidates if c and Path(c).exists()), None)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI must provide it: see .ci/run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    executable = _chromium()
    if executable is None:
        _unavailable("no Chromium found: install Debian's chromium or set CHAPTERHOUSE_CHROMIUM")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The fixture site served on 127.0.0.1, like a static host."""
    server = site_server(built_site, port=0, quiet=True)  # what `invoke serve` runs
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        _unavailable("axe-core not installed: run `npm ci --prefix tests/js`")
    return AXE.read_text(encoding="utf-8")


class Screenshots:
    """Full-page screenshots of one run, named ``<kind>-<viewport>-<width>-<scheme>.png``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.shots: list[Shot] = []

    def save(self, page, kind: str, viewport: str, scheme: str) -> Path:
        options = VIEWPORTS[viewport]
        width = options["viewport"]["width"]
        path = self.folder / f"{kind}-{viewport}-{width}-{scheme}.png"
        page.screenshot(path=str(path), full_page=True)
        ratio = float(options.get("device_scale_factor", 1))
        self.shots.append(Shot(kind, viewport, width, scheme, ratio, path))
        return path


@pytest.fixture(scope="session")
def screenshots() -> Iterator[Screenshots]:
    """Where the browser tests save screenshots; the contact sheet is made at the end of the run."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    recorder = Screenshots(SCREENSHOTS)
    yield recorder
    if recorder.shots:
        compose(recorder.shots, PAGE_KINDS, CONTACT_SHEET)
        size = CONTACT_SHEET.stat().st_size
        assert size < CONTACT_SHEET_LIMIT, f"{CONTACT_SHEET} is {size / 2**20:.1f} MiB"


class Visit:
    """One page load with everything a check needs: requests to other hosts, console errors."""

    def __init__(self, browser, site_url: str, path: str, **options):
        self.site_url = site_url
        self.external: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(service_workers="block", **options)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on(
            "console", lambda message: message.type == "error" and self.errors.append(message.text)
        )
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.response = self.page.goto(site_url + path, wait_until="load")
        self.page.wait_for_load_state("networkidle")

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(self.site_url) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, site_url):
    opened: list[Visit] = []

    def open_page(path: str, **options) -> Visit:
        page = Visit(browser, site_url, path, **options)
        opened.append(page)
        return page

    yield open_page
    for page in opened:
        page.close()
