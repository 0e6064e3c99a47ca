"""The code to paste on another site and the _headers rules (chapterhouse.site.embed)."""

from __future__ import annotations

from chapterhouse.site.embed import frame_code, headers_file, widget_code


def test_frame_code_escapes_what_it_quotes():
    code = frame_code("https://x.org/chapters/a/embed/", 'Events · "A" <b>', "https://x.org/w.js")
    assert 'title="Events · &quot;A&quot; &lt;b&gt;"' in code
    assert code.startswith('<iframe src="https://x.org/chapters/a/embed/" ')
    assert "data-chapterhouse-embed" in code
    assert code.endswith('<script src="https://x.org/w.js" defer></script>')


def test_widget_code_keeps_a_link_for_readers_without_javascript():
    code = widget_code(
        "https://x.org/events.json", "a", "https://x.org/chapters/a/", "Events & <more>", "fr", "s"
    )
    assert '<a href="https://x.org/chapters/a/">Events &amp; &lt;more&gt;</a>' in code
    assert 'data-chapter="a" data-limit="5" data-lang="fr"' in code


def test_headers_are_written_under_the_sites_path():
    rules = headers_file("/meetup", ("embed/", "es/embed/", "chapters/:slug/embed/"))
    lines = rules.splitlines()
    assert (
        lines[lines.index("/meetup/*") + 1] == "  Content-Security-Policy: frame-ancestors 'self'"
    )
    for pattern in ("/meetup/embed/*", "/meetup/es/embed/*", "/meetup/chapters/:slug/embed/*"):
        at = lines.index(pattern)
        assert lines[at + 1 : at + 3] == [
            "  ! Content-Security-Policy",
            "  Content-Security-Policy: frame-ancestors *",
        ]
    for name in ("events.json", "chapters.json", "events.schema.json", "chapters.schema.json"):
        at = lines.index(f"/meetup/{name}")
        assert lines[at + 1] == "  Access-Control-Allow-Origin: *"
    assert "X-Frame-Options" not in rules
