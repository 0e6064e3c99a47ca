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


def test_the_headers_file_as_a_host_reads_it():
    """The whole file, as Netlify and Cloudflare Pages read it (comments included)."""
    assert headers_file("", ("embed/", "chapters/:slug/embed/")) == (
        "# Written by Chapterhouse: response headers for Netlify and Cloudflare Pages\n"
        "# (GitHub Pages ignores this file; each page's inline frame guard does it there).\n"
        "# Other sites may frame only the embed/ pages.\n"
        "/*\n"
        "  Content-Security-Policy: frame-ancestors 'self'\n"
        "  X-Content-Type-Options: nosniff\n"
        "  Referrer-Policy: strict-origin-when-cross-origin\n"
        "/embed/*\n"
        "  ! Content-Security-Policy\n"
        "  Content-Security-Policy: frame-ancestors *\n"
        "/chapters/:slug/embed/*\n"
        "  ! Content-Security-Policy\n"
        "  Content-Security-Policy: frame-ancestors *\n"
        "# Any site may read the schedule (the events widget, other Chapterhouse sites).\n"
        "/events.json\n"
        "  Access-Control-Allow-Origin: *\n"
        "/chapters.json\n"
        "  Access-Control-Allow-Origin: *\n"
        "/events.schema.json\n"
        "  Access-Control-Allow-Origin: *\n"
        "/chapters.schema.json\n"
        "  Access-Control-Allow-Origin: *\n"
    )


def test_quotes_in_the_link_text_stay_as_written():
    code = widget_code("https://x.org/e.json", "a", "https://x.org/", 'L\'été "à" <x>', "fr", "s")
    assert '>L\'été "à" &lt;x&gt;</a>' in code
    assert 'src="https://x.org/&quot;s"' in frame_code("https://x.org/", "t", 'https://x.org/"s')
