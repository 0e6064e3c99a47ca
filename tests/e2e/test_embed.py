"""The pages other sites embed, the frame rules every other page carries, and the code to copy.

Read from the raw files of the fixture site (built once per session, now = 2026-11-22).
The browser side (another origin framing them) is tests/browser/test_embed.py.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re

from tests.conftest import ROOT
from tests.e2e.helpers import page, text

# As Jinja includes it: without the file's final newline.
GUARD_SOURCE = (ROOT / "theme" / "templates" / "partials" / "frame-guard.js").read_text()[:-1]


def _csp_hash(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()


def _raw(site, path: str) -> str:
    return (site / path.strip("/") / "index.html").read_text(encoding="utf-8")


def test_a_chapters_embed_page_lists_its_next_events_and_opens_links_on_top(built_site):
    raw = _raw(built_site, "/chapters/berlin/embed/")
    head = raw.split("<body>", 1)[0]
    assert '<base target="_top">' in head
    assert '<meta name="robots" content="noindex">' in head
    assert '<link rel="canonical" href="https://meetups.example.org/chapters/berlin/">' in head
    assert "<script>" not in raw  # no frame guard: the one kind of page another site may frame
    assert "<header" not in raw and "<footer" not in raw and "<img" not in raw
    embed = page(built_site, "/chapters/berlin/embed/")
    titles = [text(a) for a in embed.select(".event-item-title a")]
    chapter = page(built_site, "/chapters/berlin/")
    upcoming = [text(a) for a in chapter.select(".chapter-upcoming .event-item-title a")]
    assert titles and titles == upcoming[:5]  # the chapter's next ones, series once, at most 5
    assert embed.select_one(".embed-more a[href^='webcal://']")["href"].endswith(
        "/chapters/berlin/calendar.ics"
    )


def test_the_sites_embed_page_names_each_events_chapter(built_site):
    embed = page(built_site, "/embed/")
    items = embed.select(".event-item")
    assert 0 < len(items) <= 5
    assert all(item.select_one(".chapter-name") for item in items)
    assert "<script>" not in _raw(built_site, "/embed/")


def test_every_other_page_hides_itself_when_another_site_frames_it(built_site):
    pages = [
        p for p in built_site.rglob("*.html") if "/embed/" not in f"/{p.relative_to(built_site)}"
    ]
    assert len(pages) > 20
    allowed = f"script-src 'self' '{_csp_hash(GUARD_SOURCE)}'"
    for path in pages:
        raw = path.read_text(encoding="utf-8")
        head = raw.split("<body", 1)[0]
        # Inline in <head>: it runs before anything is drawn, with no request on the way;
        # the page's Content-Security-Policy allows exactly this script, by its hash.
        assert f"<script>{GUARD_SOURCE}</script>" in head, path
        assert allowed in head, path
        assert re.search(r'<html [^>]*data-frame-notice="Open this page on Fixture Network"', raw)


def test_headers_file_refuses_frames_except_on_embed_pages(built_site):
    rules = (built_site / "_headers").read_text(encoding="utf-8")
    blocks = re.findall(r"^(/\S*)\n((?:  .*\n)+)", rules, flags=re.M)
    by_path = {path: body for path, body in blocks}
    assert "frame-ancestors 'self'" in by_path["/*"]
    for path in ("/embed/*", "/chapters/:slug/embed/*"):
        assert by_path[path] == (
            "  ! Content-Security-Policy\n  Content-Security-Policy: frame-ancestors *\n"
        )
    # The specific rules come after the general one (Netlify applies the last that matches).
    assert [p for p, _ in blocks].index("/*") == 0
    for name in ("events.json", "chapters.json", "events.schema.json", "chapters.schema.json"):
        assert by_path[f"/{name}"] == "  Access-Control-Allow-Origin: *\n"


def test_the_chapter_page_offers_the_code_to_paste(built_site):
    chapter = page(built_site, "/chapters/berlin/")
    frame = chapter.select_one("textarea#embed-frame").get_text()
    assert frame.startswith(
        '<iframe src="https://meetups.example.org/chapters/berlin/embed/" title="Upcoming events'
    )
    assert '<script src="https://meetups.example.org/theme/js/events-widget.js" defer>' in frame
    widget = chapter.select_one("textarea#embed-widget").get_text()
    assert 'data-chapterhouse-events="https://meetups.example.org/events.json"' in widget
    assert 'data-chapter="berlin"' in widget
    assert '<a href="https://meetups.example.org/chapters/berlin/">' in widget
    # In the page's source the code is text, escaped once: nothing of it runs there.
    raw = _raw(built_site, "/chapters/berlin/")
    assert html.escape(frame, quote=False) in raw.replace("&#34;", '"').replace("&#39;", "'")
    assert "<iframe" not in raw


def test_embed_pages_are_not_in_the_sitemap(built_site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/embed/" not in sitemap
