"""The fixture site in a real browser: accessibility, no other hosts, no-JS content, keyboard,
phones, the visitor's time zone and search. Every page is checked in the light and the dark
colour scheme, at both widths; its screenshots are saved in tests/artifacts/screenshots/ and
composed into tests/artifacts/contact-sheet.png (see conftest.py)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCHEMES, VIEWPORTS

PAGES = {
    "home": "/",
    "events": "/events/",
    "past-events": "/events/past/",
    "event-in-person": "/events/workshop/",  # no image
    "event-online": "/events/online/",
    "event-recurring": "/events/monthly/",
    "event-cancelled": "/events/cancelled/",
    "event-all-day": "/events/conference/",
    "event-with-image": "/events/hybrid/",  # hybrid: a venue and an online link
    "chapter": "/chapters/berlin/",
    "embed": "/chapters/berlin/embed/",
    "digest": "/chapters/berlin/digest/2026-12/",
    "cities": "/cities/",
    "city": "/cities/de-berlin/",
    "chapters": "/chapters/",
    "topic": "/topics/python/",
    "topics": "/topics/",
    "page": "/about/",
    "search": "/search/",
    "not-found": "/no-such-page/",
}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def _violations(page, axe_source: str) -> list[str]:
    """What axe-core finds against WCAG 2.2 AA: one line per rule, then each element's selector."""
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    lines = []
    for violation in result["violations"]:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:10]:
            summary = (node.get("failureSummary") or "").splitlines()
            detail = summary[1].strip() if len(summary) > 1 else ""
            lines.append(f"    {' > '.join(map(str, node['target']))}: {detail}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    … and {len(violation['nodes']) - 10} more")
    return lines


def _no_violations(page, axe_source: str) -> None:
    found = _violations(page, axe_source)
    assert not found, "axe-core violations:\n" + "\n".join(found)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_is_accessible_self_contained_and_error_free(
    visit, axe_source, screenshots, name: str, viewport: str, scheme: str
) -> None:
    # bypass_csp lets axe be injected; the policy itself is checked without it below.
    page_visit = visit(PAGES[name], bypass_csp=True, color_scheme=scheme, **VIEWPORTS[viewport])
    page = page_visit.page
    assert page_visit.response.status == (404 if name == "not-found" else 200)
    assert page.evaluate(f"matchMedia('(prefers-color-scheme: {scheme})').matches")
    screenshots.save(page, name, viewport, scheme)
    _no_violations(page, axe_source)
    assert page_visit.external == [], "requests to other hosts"
    expected = ["Failed to load resource: the server responded with a status of 404 (Not Found)"]
    assert page_visit.errors == (expected if name == "not-found" else []), "console errors"
    assert page.evaluate("document.documentElement.lang") == "en"
    if viewport == "phone":
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
            "horizontal scrolling"
        )
        small = page.evaluate(
            """() => [...document.querySelectorAll('a, button, input, summary')]
                 .filter(el => el.offsetParent !== null && !el.closest('p, li, dd, td'))
                 .map(el => [el.textContent.trim().slice(0, 30), el.getBoundingClientRect().height])
                 .filter(([, height]) => height < 24)"""
        )
        assert small == [], "tap targets under 24 px"


@pytest.mark.parametrize(
    "name", ["home", "event-in-person", "event-recurring", "chapter", "events", "page"]
)
def test_main_content_is_there_without_javascript(visit, name):
    with_js = visit(PAGES[name]).page.inner_text("main")
    without_js = visit(PAGES[name], java_script_enabled=False).page.inner_text("main")
    assert len(without_js.strip()) >= 0.8 * len(with_js.strip())


@pytest.mark.parametrize("name", ["event-online", "search", "home"])
def test_theme_works_under_its_content_security_policy(visit, name):
    page_visit = visit(PAGES[name])  # no bypass: the <meta> policy applies
    assert page_visit.errors == [], "CSP violations or script errors"


def test_skip_link_comes_first_and_focus_is_visible(visit):
    page = visit("/events/workshop/").page
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => { const el = document.activeElement; const style = getComputedStyle(el);
                   const box = el.getBoundingClientRect();
                   return {href: el.getAttribute('href'), outline: style.outlineStyle, width: style.outlineWidth,
                           top: box.top, height: box.height}; }"""
    )
    assert focused["href"] == "#main"
    assert focused["top"] >= 0 and focused["height"] > 0, "the skip link becomes visible"
    assert focused["outline"] != "none" and focused["width"] != "0px"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "every focused control shows where it is"


def test_online_event_shows_the_visitors_own_time(visit):
    page = visit("/events/online/", timezone_id="America/Los_Angeles", locale="en-US").page
    local = page.locator(".local-time")
    assert local.is_visible()
    text = local.inner_text()
    assert text.startswith("In your time zone:")
    assert "3:00" in text and "Pacific" in text  # 18:00 in New York is 15:00 in Los Angeles


def test_visitor_in_the_event_zone_sees_no_duplicate_time(visit):
    page = visit("/events/online/", timezone_id="America/New_York").page
    assert not page.locator(".local-time").is_visible()


def test_search_finds_events_offline(visit):
    page = visit("/search/?q=packaging").page
    page.wait_for_selector(".search-results li a")
    links = [a.get_attribute("href") for a in page.locator(".search-results li a").all()]
    assert any(link.rstrip("/").endswith("/events/workshop") for link in links), links
    # The count in the language's plural form ("1 result", "2 results"), never "result(s)".
    assert re.fullmatch(r"1 result for “packaging”", page.inner_text(".search-status"))


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_search_results_for_a_typed_query_are_accessible(
    visit, axe_source, screenshots, viewport: str, scheme: str
) -> None:
    page = visit("/search/", bypass_csp=True, color_scheme=scheme, **VIEWPORTS[viewport]).page
    page.locator("#search-query").press_sequentially("python", delay=20)
    page.wait_for_selector(".search-results li a")
    expect(page.locator(".search-status")).to_contain_text("python")
    screenshots.save(page, "search-query", viewport, scheme)
    _no_violations(page, axe_source)


def test_calendar_address_can_be_copied(visit):
    page = visit("/", permissions=["clipboard-read", "clipboard-write"]).page
    page.locator(".copy-button").click()
    # the status is set when the clipboard write resolves: wait for it (up to 5 s)
    expect(page.locator(".copy-status")).to_have_text("Copied", timeout=5000)
    assert page.evaluate("navigator.clipboard.readText()").endswith("/calendar.ics")


def _transferred(browser, site_url: str, path: str) -> dict[str, int]:
    """Bytes of every response a page load fetches (scrolled to the end: lazy pictures too)."""
    context = browser.new_context(service_workers="block", **VIEWPORTS["desktop"])
    sizes: dict[str, int] = {}
    page = context.new_page()
    page.on("response", lambda response: sizes.__setitem__(response.url, len(response.body())))
    page.goto(site_url + path, wait_until="load")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    context.close()
    return sizes


@pytest.mark.parametrize("name", ["event-in-person", "event-with-image", "event-cancelled"])
def test_an_event_page_weighs_under_150_kb_without_its_cover(browser, site_url, name):
    sizes = _transferred(browser, site_url, PAGES[name])
    cover = [url for url in sizes if "/images/hybrid-panel-" in url]
    if name == "event-with-image":
        assert len(cover) == 1, "the browser picks one width of the cover"
    rest = sum(size for url, size in sizes.items() if url not in cover)
    assert rest < 150_000, f"{rest} bytes without the cover: {sorted(sizes.items())}"
    assert all(url.startswith(site_url) for url in sizes)


def test_the_event_card_stays_beside_the_story_on_wide_screens_and_follows_the_title_on_phones(
    visit,
):
    wide = visit(PAGES["event-in-person"], **VIEWPORTS["desktop"]).page
    card = wide.locator(".event-card").bounding_box()
    story = wide.locator(".event-story").bounding_box()
    title = wide.locator(".event-header h1").bounding_box()
    assert card["x"] > story["x"] + story["width"] - 1  # a column of its own, on the right
    assert abs(card["y"] - title["y"]) < 120  # level with the title, not below the story
    assert wide.evaluate("getComputedStyle(document.querySelector('.event-card')).position") == (
        "sticky"
    )
    assert story["y"] < 700  # the description starts in the first screen
    main_top = wide.locator("main").bounding_box()["y"]
    header_bottom = wide.locator(".site-header").bounding_box()
    assert main_top >= header_bottom["y"] + header_bottom["height"] - 1
    cover = wide.locator(".cover").bounding_box()
    assert cover["y"] >= header_bottom["y"] + header_bottom["height"] + 16  # air under the header
    phone = visit(PAGES["event-in-person"], **VIEWPORTS["phone"]).page
    title = phone.locator(".event-header").bounding_box()
    card = phone.locator(".event-card").bounding_box()
    story = phone.locator(".event-story").bounding_box()
    assert title["y"] < card["y"] < story["y"]  # the card right after the title


def test_the_phone_menu_keeps_its_links_on_one_line(visit):
    phone = visit("/", **VIEWPORTS["phone"]).page
    tops = phone.evaluate(
        "[...document.querySelectorAll('.site-nav a')].map(a => a.getBoundingClientRect().top)"
    )
    assert len(set(tops)) == 1, tops
