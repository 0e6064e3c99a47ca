"""Hostile content builds into output where no injected script, property or element survives."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar

from tests.conftest import FIXTURE_SITE, ROOT, run_pelican

HOSTILE = ROOT / "tests" / "fixtures" / "hostile" / "content"
ALLOWED_VEVENT_PROPERTIES = {
    "SUMMARY", "UID", "DTSTAMP", "LAST-MODIFIED", "CREATED", "SEQUENCE", "DTSTART", "DTEND", "RRULE",
    "EXDATE", "STATUS", "DESCRIPTION", "URL", "LOCATION", "GEO", "CATEGORIES",
}  # fmt: skip
DANGEROUS_TAGS = {
    "iframe",
    "object",
    "embed",
    "form",
    "input",
    "button",
    "base",
    "style",
    "svg",
    "math",
    "frame",
}
DANGEROUS_SCHEMES = {"javascript", "data", "vbscript"}
# As Jinja includes it: without the file's final newline.
FRAME_GUARD = (ROOT / "theme" / "templates" / "partials" / "frame-guard.js").read_text()[:-1]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("hostile") / "output"
    result = run_pelican(HOSTILE, output, FIXTURE_SITE / "fixtureconf.py")
    assert result.returncode == 0, result.stderr
    return output


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_script_runs_from_content(hostile_site):
    for path in html_pages(hostile_site):
        soup = BeautifulSoup(path.read_text(), "html.parser")
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":
                json.loads(script.string)  # the whole block is one JSON value: nothing broke out
            elif not script.get("src"):  # the theme's own frame guard, allowed by its hash
                assert script.string == FRAME_GUARD, (path, script)
            else:
                assert script.get("src", "").startswith("/theme/"), (path, script)
        for tag in soup.find_all(True):
            for attribute, value in tag.attrs.items():
                assert not attribute.lower().startswith("on"), (path, tag.name, attribute)
                if attribute in ("href", "src", "action", "formaction", "xlink:href", "poster"):
                    scheme = urlsplit(str(value).strip()).scheme.lower()
                    assert scheme not in DANGEROUS_SCHEMES, (path, tag)
            # The theme's own controls live in containers content cannot create (nh3 strips classes).
            theme_control = (
                tag.find_parent(
                    class_=["search", "subscribe", "cover", "chapter-map", "embed-code"]
                )
                is not None
            )
            # The embed pages' own <base>: links open on top; it never changes where they lead.
            theme_base = tag.name == "base" and tag.parent.name == "head" and not tag.get("href")
            theme_control = theme_control or (theme_base and "/embed/" in path.as_posix())
            assert tag.name not in DANGEROUS_TAGS or theme_control, (path, tag.name)
            if tag.name == "meta":
                assert tag.get("http-equiv", "").lower() in ("", "content-security-policy"), (
                    path,
                    tag,
                )
            if tag.name == "img":
                source = urlsplit(tag.get("src", ""))
                assert not source.scheme and not source.netloc, (
                    path,
                    tag,
                )  # nothing from other hosts


def test_titles_and_fields_are_shown_as_text(hostile_site):
    page = BeautifulSoup((hostile_site / "events/xss/index.html").read_text(), "html.parser")
    assert page.h1.get_text().startswith("<script>alert(1)</script>")
    assert page.select_one(".venue .p-name").get_text() == "<b onmouseover=alert(4)>Hall</b>"
    assert not page.select(".prose [style]")
    ids = [tag["id"] for tag in page.select("[id]")]
    assert ids.count("main") == 1  # the body's {#main} and headings cannot clash with the page


def test_json_ld_cannot_be_closed_by_content(hostile_site):
    for path in html_pages(hostile_site):
        text = path.read_text()
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S):
            assert "<" not in block and ">" not in block, path
            json.loads(block)


def test_calendars_carry_no_injected_property(hostile_site):
    for path in hostile_site.rglob("*.ics"):
        calendar = Calendar.from_ical(path.read_bytes())
        for event in calendar.walk("VEVENT"):
            assert set(event.keys()) <= ALLOWED_VEVENT_PROPERTIES, (path, set(event.keys()))
        lines = path.read_bytes().split(b"\r\n")
        assert not [line for line in lines if line.startswith((b"ATTENDEE", b"X-INJECT"))]
        assert (
            lines.count(b"BEGIN:VEVENT")
            == lines.count(b"END:VEVENT")
            == len(calendar.walk("VEVENT"))
        )
    (event,) = Calendar.from_ical((hostile_site / "events/xss/xss.ics").read_bytes()).walk("VEVENT")
    assert "ATTENDEE;CN=Evil:mailto:evil@example.org" in str(event["LOCATION"])  # kept as text


def _feed_entries(path: Path) -> list[tuple[str, str]]:
    """(title text, entry HTML) of every entry, read from the raw XML.

    A feed reader unescapes the XML once and renders the entry's HTML as it
    is: the HTML must be inspected *before* any sanitising (feedparser strips
    scripts itself, which would hide an escaping bug).
    """
    root = ElementTree.fromstring(path.read_bytes())
    atom = "{http://www.w3.org/2005/Atom}"
    if root.tag == f"{atom}feed":
        return [
            (entry.findtext(f"{atom}title", ""), entry.findtext(f"{atom}content", ""))
            for entry in root.iter(f"{atom}entry")
        ]
    return [
        (item.findtext("title", ""), item.findtext("description", "")) for item in root.iter("item")
    ]


def test_feeds_carry_no_injected_element(hostile_site):
    feeds = sorted(hostile_site.joinpath("feeds").rglob("*.xml"))
    assert len(feeds) >= 4
    hostile_summaries = 0
    for path in feeds:
        entries = _feed_entries(path)
        assert entries, path
        for _title, html in entries:
            soup = BeautifulSoup(html, "html.parser")
            assert not soup.find_all(["script", "iframe", "img", "svg", *DANGEROUS_TAGS]), (
                path,
                html,
            )
            for tag in soup.find_all(True):
                assert not any(name.lower().startswith("on") for name in tag.attrs), (path, tag)
                scheme = urlsplit(str(tag.get("href", "")).strip()).scheme.lower()
                assert scheme not in DANGEROUS_SCHEMES, (path, tag)
            # The hostile summary is there, as text a reader shows, not as markup it runs.
            if "alert(3)" in html:
                hostile_summaries += 1
                assert "</script><script>alert(3)</script>" in soup.get_text()
    assert hostile_summaries >= 2  # the site feeds, Atom and RSS
    atom_titles = [title for title, _ in _feed_entries(hostile_site / "feeds/all.atom.xml")]
    assert any(
        t.endswith("<script>alert(1)</script> \"><img src=x onerror=alert(2)> '; DROP TABLE")
        for t in atom_titles
    )


def test_pages_cannot_smuggle_html_through_other_readers(tmp_path, content_tree):
    content = content_tree(
        {
            "pages/raw.html": "<html><head><title>Raw</title></head><body><script>alert(1)</script></body></html>",
            "pages/raw.rst": "Raw\n===\n\n.. raw:: html\n\n   <script>alert(1)</script>\n",
            "pages/ok.md": "---\ntitle: Fine\n---\nFine.\n",
        }
    )
    result = run_pelican(content, tmp_path / "out", FIXTURE_SITE / "fixtureconf.py")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "ok" / "index.html").exists()
    for path in (tmp_path / "out").rglob("*.html"):
        assert "alert(1)" not in path.read_text(), path


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("images/page.html", b"<script>alert(1)</script>", ".html files are not published"),
        ("images/app.js", b"alert(1)", ".js files are not published"),
        (
            "images/logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "a <script> element",
        ),
        (
            "images/badge.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "an event-handler attribute",
        ),
        (
            "images/link.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)">x</a></svg>',
            "a link out of the file",
        ),
    ],
)
def test_static_files_that_could_run_script_are_refused(
    tmp_path, content_tree, name, data, message
):
    content = content_tree(
        {name: data, "events/x.md": "---\ntitle: X\nstart: 2027-01-20 18:30\n---\n"}
    )
    output = tmp_path / "out"
    result = run_pelican(content, output, FIXTURE_SITE / "fixtureconf.py")
    assert result.returncode == 1
    assert f"{name}:" in result.stderr and message in result.stderr
    assert not output.exists()


@pytest.mark.parametrize(
    ("front", "field"),
    [
        ('rsvp: "javascript:alert(1)"', "rsvp.url"),
        ('rsvp: " JavaScript:alert(1)"', "rsvp.url"),
        ('rsvp: "data:text/html,<script>alert(1)</script>"', "rsvp.url"),
        ('online: "//evil.example/"', "online.url"),
        ("venue: {name: Hall, url: 'vbscript:x'}", "venue.url"),
        ("speakers: [{name: A, url: 'javascript:alert(1)'}]", "speakers.0.url"),
        ("image: 'javascript:alert(1)'", "image"),
        ("image: '../../../etc/passwd.png'", "image"),
        ("image: 'http://evil.example/x.png'", "image"),
        ("slug: '../../outside'", "slug"),
        ('summary: "bidi \\u202e override"', "summary"),
        ('title: "escape \\x1b[31m"', "title"),
    ],
)
def test_unsafe_values_are_refused_naming_the_field(content_tree, settings, front, field):
    from chapterhouse.core.catalog import load_catalog

    root = content_tree({"events/x.md": f"---\ntitle: X\nstart: 2027-01-20 18:30\n{front}\n---\n"})
    problems = load_catalog(root, settings).problems
    assert field in [p.field for p in problems], problems
    for problem in problems:
        assert "\x1b" not in problem.format()  # messages never echo terminal escapes
