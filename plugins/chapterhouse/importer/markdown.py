"""An event description, HTML or plain text, as safe Markdown.

1. Plain text becomes HTML first (every character escaped, blank lines make
   paragraphs, ``https://`` addresses become links), so both kinds follow one
   path.
2. The HTML goes through the site's own nh3 allowlist
   (:mod:`chapterhouse.render.sanitize`): scripts, styles, frames, forms,
   event handlers and ``javascript:``/``data:`` URLs are removed.
3. markdownify turns what is left into Markdown; text is escaped so that
   nothing in it becomes markup again (``<`` is written ``&lt;``), pictures
   become their alternative text, code blocks get a fence longer than any
   run of backticks they contain.
4. The Markdown is rendered with Python-Markdown and checked: any tag outside
   the allowlist, any event handler or any URL with another scheme makes the
   description fall back to escaped plain text (and is reported).

No raw HTML is kept: the file holds Markdown only.
"""

from __future__ import annotations

import html
import re
from functools import cache
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown
import nh3

from chapterhouse.render.sanitize import TAGS, URL_SCHEMES, sanitize_html

#: Longest description kept, in characters of Markdown.
MAX_LENGTH = 100_000

_HTML_HINT = re.compile(r"<(?:/?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*|!--)>", re.DOTALL)
#: Elements a description or title written as HTML uses: "<Python 3.14>" in a title is
#: text, "<b>Python</b>" is markup.
_HTML_ELEMENTS = frozenset(
    """a abbr address area article aside audio b base bdi bdo big blockquote body br button
    canvas caption center cite code col colgroup data dd del details dfn dialog div dl dt em
    embed fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 head header hr html i
    iframe img input ins kbd label legend li link main map mark meta meter nav noscript object
    ol optgroup option output p param picture pre progress q rp rt ruby s samp script section
    select small source span strike strong style sub summary sup svg table tbody td template
    textarea tfoot th thead time title tr track tt u ul var video wbr""".split()  # noqa: SIM905
)
_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")
_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
#: Characters markdownify escapes that Python-Markdown would show with their backslash.
_UNESCAPE = {"\\<": "&lt;", "\\~": "~", "\\=": "&#61;"}
_UNESCAPE_PATTERN = re.compile("|".join(re.escape(k) for k in _UNESCAPE))
#: ``&`` stays itself unless it would start a character reference.
_AMPERSAND = re.compile(r"\\&(?=(#?\w+;)?)")
_ALLOWED_TAGS = TAGS | {"p", "pre", "hr", "br", "h1"}
#: Script-like URL schemes written as text are defused (``javascript&#58;`` reads the same).
_SCRIPT_SCHEME = re.compile(r"\b(javascript|vbscript|data):", re.IGNORECASE)
_SAFE_HREF = re.compile(r"(?:https?://|mailto:)[^\s<>\"'`\\{}|^\[\]]+", re.IGNORECASE)
_H1 = re.compile(r"<(/?)h1\b", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """True when ``text`` contains HTML tags (descriptions are often HTML in a text field)."""
    return any(
        match.group(1) is None or match.group(1).lower() in _HTML_ELEMENTS
        for match in _HTML_HINT.finditer(text)
    )


class Descriptions:
    """Converts descriptions, reusing one Markdown parser and one converter.

    Not thread-safe: one per import run (or per worker).
    """

    def __init__(self) -> None:
        self._markdown = markdown.Markdown(
            extensions=["tables", "fenced_code", "footnotes", "sane_lists"]
        )
        self._converter = _converter_class()(
            escape_misc=True, heading_style="ATX", bullets="-", strong_em_symbol="*"
        )

    def to_markdown(self, text: str, is_html: bool) -> tuple[str, list[str]]:
        """Return the description as safe Markdown, and notes about what was changed."""
        notes: list[str] = []
        source = text if is_html else _text_to_html(text)
        result = _tidy(self._converter.convert(sanitize_html(_H1.sub(r"<\1h2", source))))
        if not self.is_safe(result):
            notes.append("the description could not be converted safely; it is kept as plain text")
            result = _plain(source)
            if not self.is_safe(result):  # pragma: no cover - escaped text renders as text
                return "", ["the description could not be converted safely; it was left out"]
        if len(result) > MAX_LENGTH:
            cut = result.rfind("\n\n", 0, MAX_LENGTH)
            result = result[: cut if cut > 0 else MAX_LENGTH].rstrip() + "\n\n…"
            notes.append(
                f"the description is longer than {MAX_LENGTH:,} characters; it was shortened"
            )
        return result, notes

    def is_safe(self, text: str) -> bool:
        """True when the Markdown renders to allowlisted tags, attributes and URL schemes only."""
        checker = _Checker()
        checker.feed(self._markdown.reset().convert(text))
        checker.close()
        return checker.safe


def to_markdown(text: str, is_html: bool) -> tuple[str, list[str]]:
    """:meth:`Descriptions.to_markdown` for a single description."""
    return Descriptions().to_markdown(text, is_html)


def is_safe(text: str) -> bool:
    """:meth:`Descriptions.is_safe` for a single text."""
    return Descriptions().is_safe(text)


def _text_to_html(text: str) -> str:
    paragraphs = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n").strip())
    return "".join(
        "<p>" + "<br>".join(_linkify(line) for line in paragraph.split("\n")) + "</p>"
        for paragraph in paragraphs
        if paragraph.strip()
    )


def _linkify(line: str) -> str:
    out, last = [], 0
    for match in _URL.finditer(line):
        out.append(html.escape(line[last : match.start()]))
        url = html.escape(match.group())
        out.append(f'<a href="{url}">{url}</a>')
        last = match.end()
    out.append(html.escape(line[last:]))
    return "".join(out)


@cache
def _converter_class() -> type:
    """The markdownify converter, made on first use (markdownify loads Beautiful Soup)."""
    from markdownify import MarkdownConverter

    class Converter(MarkdownConverter):
        """markdownify, with text escaped for Python-Markdown and without pictures."""

        def escape(self, text: str, parent_tags: set[str]) -> str:
            escaped = super().escape(text, parent_tags)
            escaped = _UNESCAPE_PATTERN.sub(lambda m: _UNESCAPE[m.group()], escaped)
            escaped = _AMPERSAND.sub(lambda m: "&amp;" if m.group(1) else "&", escaped)
            return _SCRIPT_SCHEME.sub(r"\1&#58;", escaped)

        def convert_a(self, el, text, parent_tags):  # type: ignore[no-untyped-def]
            if not _SAFE_HREF.fullmatch(el.get("href") or ""):
                return text  # a link elsewhere than the web or an address: its text alone
            return super().convert_a(el, text, parent_tags)

        def convert_img(self, el, text, parent_tags):  # type: ignore[no-untyped-def]
            return self.escape(el.get("alt") or "", parent_tags)

        def convert_pre(self, el, text, parent_tags):  # type: ignore[no-untyped-def]
            if not text.strip():
                return ""
            runs = [len(run) for run in re.findall(r"`+", text)]
            fence = "`" * max(3, max(runs, default=0) + 1)
            return f"\n\n{fence}\n{text.strip(chr(10))}\n{fence}\n\n"

    return Converter


def _plain(source_html: str) -> str:
    words = nh3.clean(source_html, tags=set(), clean_content_tags={"script", "style"})
    text = html.unescape(words)
    escaped = re.sub(r"([\\`*_{}\[\]()#+\-.!|>~=])", r"\\\1", text)
    escaped = escaped.replace("&", "&amp;").replace("<", "&lt;")
    return _tidy(_SCRIPT_SCHEME.sub(r"\1&#58;", escaped))


def _tidy(text: str) -> str:
    text = re.sub(r"^[ \t]+$", "", text, flags=re.MULTILINE)
    text = _TRAILING_SPACE.sub(lambda m: "  \n" if m.group().startswith("  ") else "\n", text)
    return _BLANK_LINES.sub("\n\n", text).strip()


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.safe = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _ALLOWED_TAGS:
            self.safe = False
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
                self.safe = False
            if name in ("href", "src", "cite") and value is not None:
                scheme = urlsplit(value.strip()).scheme.lower()
                if scheme and scheme not in URL_SCHEMES:
                    self.safe = False

    handle_startendtag = handle_starttag

    def handle_comment(self, data: str) -> None:
        self.safe = False

    def handle_pi(self, data: str) -> None:
        self.safe = False

    def unknown_decl(self, data: str) -> None:
        self.safe = False
