"""Descriptions: HTML or text to Markdown, with nothing executable left."""

import re

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from chapterhouse.importer.markdown import is_safe, looks_like_html, to_markdown
from chapterhouse.render.markdown import MarkdownRenderer

HOSTILE = (
    '<p onmouseover="alert(1)">Bienvenue</p><script>alert(document.cookie)</script>'
    '<iframe src="https://evil.example/"></iframe><a href="javascript:alert(2)">clique</a> '
    '<a href="data:text/html;base64,PHNjcmlwdD4=">data</a><style>body{display:none}</style>'
    '<img src=x onerror="alert(3)">[lien](javascript:alert(4)) &lt;script&gt;alert(5)&lt;/script&gt;'
    '<svg onload=alert(6)></svg><form action="https://evil.example"><input name=q></form>'
    "<pre><code>```\n&lt;img src=x onerror=alert(7)&gt;\n```</code></pre>"
    '<object data="x.swf"></object><embed src="x"><math><mi xlink:href="javascript:alert(8)">m</mi></math>'
)
EXECUTABLE = re.compile(
    r"<\s*(script|iframe|object|embed|svg|style|form|math)|javascript:|\bon\w+\s*=", re.I
)


def rendered(text: str) -> str:
    return markdown.markdown(text, extensions=["tables", "fenced_code", "footnotes", "sane_lists"])


def test_hostile_html_leaves_no_executable_markup_in_the_file_or_the_page():
    text, notes = to_markdown(HOSTILE, is_html=True)
    outside_code = re.sub(r"^(`{3,}).*?^\1", "", text, flags=re.S | re.M)
    assert not EXECUTABLE.search(outside_code), text
    html = rendered(text)
    assert "<script" not in html and "<iframe" not in html and "<img" not in html
    assert "javascript:" not in html and "onerror" not in html.replace("&lt;img src=x onerror", "")
    assert "Bienvenue" in html and "clique" in html
    assert "&lt;script&gt;alert(5)&lt;/script&gt;" in html  # text about a script stays text
    assert notes == []


def test_a_code_block_cannot_break_out_of_its_fence():
    text, _ = to_markdown("<pre><code>```\n<b>x</b>\n```\n</code></pre><p>after</p>", is_html=True)
    html = rendered(text)
    assert html.count("<pre>") == 1 and "<b>" not in html
    assert html.rstrip().endswith("<p>after</p>")


def test_formatting_links_and_lists_survive():
    text, _ = to_markdown(
        '<h1>Programme</h1><p><b>Talk</b> &amp; <i>atelier</i>, voir <a href="https://ex.org/a_(b)">le site</a>.</p>'
        "<ul><li>un</li><li>deux</li></ul><ol><li>premier</li></ol>",
        is_html=True,
    )
    assert text.splitlines()[0] == "## Programme"
    assert "**Talk** & *atelier*, voir [le site](https://ex.org/a_(b))." in text
    assert "- un\n- deux" in text and "1. premier" in text


def test_plain_text_keeps_its_lines_escapes_markup_and_links_addresses():
    text, _ = to_markdown(
        "Ligne 1\nLigne 2\n\n# pas un titre\n<b>pas du gras</b> *ni ça* https://www.meetup.com/x/events/1/",
        is_html=False,
    )
    html = MarkdownRenderer().render(text)
    assert "Ligne 1<br>\nLigne 2" in html
    assert "<h2" not in html and "<b>" not in html and "<em>" not in html
    assert "&lt;b&gt;pas du gras&lt;/b&gt; *ni ça*" in html
    assert '<a href="https://www.meetup.com/x/events/1/" rel="noopener">' in html


def test_pictures_become_their_text():
    text, _ = to_markdown(
        '<p><img src="https://cdn.example/a.jpg" alt="Affiche"></p>', is_html=True
    )
    assert text == "Affiche"


def test_a_very_long_description_is_shortened_and_said_so():
    text, notes = to_markdown(
        "<p>" + "mot " * 20_000 + "</p><p>" + "fin " * 20_000 + "</p>", is_html=True
    )
    assert len(text) <= 100_003
    assert notes == ["the description is longer than 100,000 characters; it was shortened"]


@pytest.mark.parametrize(
    ("text", "expected"), [("<p>x</p>", True), ("a < b and c > d", False), ("<3 you", False)]
)
def test_html_is_recognised(text, expected):
    assert looks_like_html(text) is expected


PIECES = [
    *"<>/&;:\"'=`*_[]()#!-\n abc",
    "javascript:",
    "<script>",
    "<img ",
    " onerror=",
    "```",
    "&lt;",
    "<a href=",
]


@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_any_input_gives_safe_markdown(raw):
    for is_html in (True, False):
        text, _notes = to_markdown(raw, is_html=is_html)
        assert is_safe(text)
        assert "<script" not in text.lower() or "```" in text
