"""The multilingual network in a real browser: accessible in every language, mirrored in Arabic."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from chapterhouse.cli.serve import site_server
from tests.browser.conftest import Visit
from tests.browser.test_browser import _violations

PAGES = {
    "spanish-home": "/es/",
    "spanish-events": "/es/events/",
    "french-topic": "/fr/topics/data/",
    "german-event": "/events/stammtisch/",
    "arabic-event": "/events/data-workshop/",
    "arabic-chapter": "/chapters/cairo/",
    "korean-event": "/events/meetup/",
}


@pytest.fixture(scope="module")
def network_url(language_network) -> Iterator[str]:
    server = site_server(language_network[0], port=0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def open_page(browser, network_url):
    opened: list[Visit] = []

    def visit(path: str, **options) -> Visit:
        opened.append(Visit(browser, network_url, path, **options))
        return opened[-1]

    yield visit
    for visited in opened:
        visited.close()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_language_is_accessible_and_self_contained(open_page, axe_source, name):
    visit = open_page(PAGES[name], bypass_csp=True)
    assert visit.response.status == 200
    assert _violations(visit.page, axe_source) == []
    assert visit.external == [] and visit.errors == []


def test_an_arabic_page_is_laid_out_right_to_left(open_page):
    page = open_page("/events/data-workshop/", viewport={"width": 1280, "height": 900}).page
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    width = page.evaluate("document.documentElement.clientWidth")
    # The site name starts the header on the right, as Arabic reads.
    name = page.locator(".site-name").bounding_box()
    assert name["x"] + name["width"] > width / 2
    # The skip link, when focused, appears at the start of the line: the right.
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link").bounding_box()
    assert skip["x"] > width / 2


def test_the_language_switch_takes_a_visitor_to_the_same_page(open_page):
    visit = open_page("/events/")
    visit.page.locator("nav.language-menu a[hreflang=es]").click()
    visit.page.wait_for_url("**/es/events/")
    assert visit.page.locator("html").get_attribute("lang") == "es"
    assert visit.page.locator("h1").inner_text() == "Próximos eventos"
