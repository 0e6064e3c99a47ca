"""Another site embeds a chapter's next events: in a real browser, from another origin.

The partner's page is served by a second server on 127.0.0.1 (another port: another
origin). It frames the chapter's embed page (allowed) and the chapter's own page (hidden
by the frame guard), and draws the list with the events widget from events.json.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from playwright.sync_api import expect

from tests.conftest import FIXTURE_NOW
from tests.localserver import reply, serve


def _partner_page(site_url: str, json_url: str) -> bytes:
    return f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Partner</title></head><body>
<h1>Our partners' meetups</h1>
<iframe id="embed" src="{site_url}/chapters/berlin/embed/" title="Next events" width="600"
  height="480" data-chapterhouse-embed></iframe>
<iframe id="page" src="{site_url}/chapters/berlin/" title="Chapter" width="600" height="400"></iframe>
<div id="widget" data-chapterhouse-events="{site_url}/events.json" data-chapter="berlin"
  data-limit="2"><a href="{site_url}/chapters/berlin/">Berlin meetups</a></div>
<div id="hostile" data-chapterhouse-events="{json_url}"><a href="/">fallback</a></div>
<script src="{site_url}/theme/js/events-widget.js" defer></script>
</body></html>""".encode()


HOSTILE = {
    "version": 1,
    "events": [
        {
            "title": "<img src=x onerror=window.pwned=1>Evil",
            "url": "javascript:window.pwned=2",
            "status": "scheduled",
            "timezone": "Europe/Berlin",
            "all_day": False,
            "chapter": {"slug": "x", "title": "<b>bold</b>"},
            "venue": {"name": "<script>window.pwned=3</script>"},
            "occurrences": [
                {"start": "2027-01-10T18:00:00+01:00", "end": "2027-01-10T20:00:00+01:00"}
            ],
        }
    ],
}


@pytest.fixture
def partner(browser, site_url):
    routes = {}
    with serve(routes) as server:
        page_body = _partner_page(site_url, server.url("/hostile.json"))
        routes["/partner.html"] = lambda h: reply(
            h, 200, page_body, Content_Type="text/html; charset=utf-8"
        )
        routes["/hostile.json"] = lambda h: reply(
            h, 200, json.dumps(HOSTILE).encode(), Content_Type="application/json"
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.clock.install(time=FIXTURE_NOW)  # the fixture site's "now"
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(server.url("/partner.html"), wait_until="load")
        page.wait_for_load_state("networkidle")
        yield page, server, errors
        context.close()


def test_the_embed_page_shows_in_another_sites_frame_and_fits_it(partner, site_url):
    page, server, errors = partner
    assert server.base.rsplit(":", 1)[1] != site_url.rsplit(":", 1)[1]  # two origins
    frame = page.frame_locator("#embed")
    expect(frame.locator("h1.embed-title")).to_contain_text("Upcoming events")
    expect(frame.locator(".event-item-title").first).to_be_visible()
    assert frame.locator("html.framed-elsewhere").count() == 0
    # The widget script sets the frame to the list's own height.
    page.wait_for_function("document.getElementById('embed').style.height !== ''")
    height = page.evaluate("document.getElementById('embed').clientHeight")
    inner = (
        page.frame_locator("#embed")
        .locator("html")
        .evaluate("e => Math.ceil(e.getBoundingClientRect().height)")
    )
    assert abs(height - inner) <= 2 and height != 480
    assert errors == []


def test_a_link_in_the_embed_opens_in_the_top_window(partner, site_url):
    page, _server, _errors = partner
    link = page.frame_locator("#embed").locator(".event-item-title a").first
    href = link.get_attribute("href")
    with page.expect_navigation():
        link.click()
    assert page.url == site_url + href  # the partner's page was replaced, not the frame


def test_any_other_page_framed_by_another_site_is_hidden(partner):
    page, _server, _errors = partner
    frame = page.frame_locator("#page")
    expect(frame.locator("html.framed-elsewhere")).to_have_count(1)
    expect(frame.locator("main")).to_be_hidden()
    expect(frame.locator("header.site-header")).to_be_hidden()
    notice = frame.locator(".frame-notice a")
    expect(notice).to_be_visible()
    expect(notice).to_have_attribute("target", "_top")
    expect(notice).to_contain_text("Open this page on")


def _next_berlin_events(built_site, count: int) -> list[tuple[str, str]]:
    """(title, url) of Berlin's next scheduled dates after the fixture's now, from events.json."""
    now = datetime.fromisoformat(FIXTURE_NOW)
    document = json.loads((built_site / "events.json").read_text(encoding="utf-8"))
    dates = sorted(
        (datetime.fromisoformat(o["start"]), event["title"], event["url"])
        for event in document["events"]
        if event["chapter"]
        and event["chapter"]["slug"] == "berlin"
        and event["status"] == "scheduled"
        for o in (event["occurrences"] or [{"start": event["start"], "end": event["end"]}])
        if datetime.fromisoformat(o["end"]) > now
    )
    return [(title, url) for _start, title, url in dates[:count]]


def test_the_widget_draws_the_chapters_next_events_from_events_json(partner, built_site):
    page, _server, _errors = partner
    widget = page.locator("#widget")
    expect(widget).to_have_attribute("data-chapterhouse-ready", "")
    items = widget.locator("li")
    expect(items).to_have_count(2)  # data-limit
    expected = _next_berlin_events(built_site, 2)
    assert len(expected) == 2
    for index, (title, url) in enumerate(expected):
        expect(items.nth(index).locator("a")).to_have_attribute("href", url)
        expect(items.nth(index).locator("a")).to_have_text(title)
    # The time is the event's own, in German (the partner page's language), its zone named.
    expect(items.first.locator("time")).to_contain_text("MEZ")
    # The link written in the holder stays after the list.
    expect(widget.locator("> a")).to_have_text("Berlin meetups")


def test_the_widget_writes_hostile_data_as_text_and_follows_no_script_link(partner):
    page, _server, errors = partner
    hostile = page.locator("#hostile")
    expect(hostile).to_have_attribute("data-chapterhouse-ready", "")
    entry = hostile.locator("li")
    expect(entry).to_contain_text("<img src=x onerror=window.pwned=1>Evil")
    expect(entry).to_contain_text("<script>window.pwned=3</script>")
    assert entry.locator("a").count() == 0  # javascript: is not a link
    assert entry.locator("img, script, b").count() == 0
    assert page.evaluate("window.pwned") is None
    assert errors == []
