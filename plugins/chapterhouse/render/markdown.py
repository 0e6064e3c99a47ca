"""Markdown to safe HTML, with one reused Markdown instance per renderer."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from chapterhouse.core.budget import BudgetExceeded, time_budget
from chapterhouse.core.model import Source
from chapterhouse.core.problems import Problem
from chapterhouse.render.sanitize import sanitize_html

#: Seconds one body may take to render (Python-Markdown is quadratic on some inputs,
#: such as thousands of unmatched brackets).
BODY_TIME_LIMIT = 5.0


class MarkdownRenderer:
    """Renders Markdown bodies to sanitised HTML.

    A ``# heading`` becomes ``<h2>`` (the page's title is its only ``<h1>``);
    other levels stay as written. An image from another host becomes a link to
    it, so the page makes no request to another host. Every ``id`` the body
    defines (headings, footnotes, ``{#id}``) gets the prefix ``md-``, and its
    ``#links`` follow, so a body can never clash with the page's own ids. Not
    thread-safe: use one renderer per worker.
    """

    def __init__(self) -> None:
        self._md = markdown.Markdown(
            # Not "extra": its attribute lists, abbreviations, definition lists and
            # Markdown-in-HTML are rarely used in event descriptions and cost ~15% of the time.
            extensions=[
                "tables",
                "fenced_code",
                "footnotes",
                "sane_lists",
                "toc",
                _ChapterhouseTree(),
            ],
            extension_configs={
                "toc": {"permalink": False},
                "tables": {"use_align_attribute": True},
                "footnotes": {"BACKLINK_TEXT": "↩"},
            },
            output_format="html",
        )

    def render(self, text: str) -> str:
        """Markdown source to sanitised HTML."""
        if not text.strip():
            return ""
        html = self._md.reset().convert(text)
        return sanitize_html(html)


def render_body(
    renderer: MarkdownRenderer, body: str, source: Source
) -> tuple[str, Problem | None]:
    """Render a content file's body within :data:`BODY_TIME_LIMIT`, never raising.

    Returns the sanitised HTML, or ``""`` and the problem, located at the
    body's first line, when the body cannot be rendered.
    """
    try:
        with time_budget(BODY_TIME_LIMIT):
            return renderer.render(body), None
    except BudgetExceeded as error:
        message = f"the description {error} to render"
        hint = "a long run of brackets or other markup characters is the usual cause"
    except RecursionError:
        message, hint = "the description is nested too deeply to be rendered", ""
    except Exception as error:  # one body's failure must not hide every other problem
        message = f"the description could not be rendered: {type(error).__name__}: {error}"
        hint = "this is a bug in Chapterhouse: please report it with the file"
    return "", Problem(source.path, source.body_line, "body", message, hint)


def render_writeup(
    renderer: MarkdownRenderer, writeup: str, source: Source
) -> tuple[str, Problem | None]:
    """Render a recap's ``writeup`` like a body (same limits, same sanitising).

    A problem is located at the ``recap.writeup`` key.
    """
    html, problem = render_body(renderer, writeup, source)
    if problem is None:
        return html, None
    return "", replace(
        problem,
        line=source.line_of("recap.writeup"),
        field="recap.writeup",
        message=problem.message.replace("the description", "the write-up"),
    )


def writeup_key(relpath: str) -> str:
    """Where a recap's rendered write-up is kept among the bodies (by source path)."""
    return f"{relpath}#recap"


class _ChapterhouseTree(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After inline parsing (20), before the table of contents assigns ids (5).
        md.treeprocessors.register(_TreeFixer(md), "chapterhouse_tree", 6)
        # After every id is assigned (toc 5, footnotes, attribute lists).
        md.treeprocessors.register(_IdPrefixer(md), "chapterhouse_ids", 4)


class _TreeFixer(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        for element in root.iter("h1"):
            element.tag = "h2"
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag != "img":
                    continue
                src = child.get("src", "")
                parts = urlsplit(src)
                if not (parts.scheme or parts.netloc):
                    continue
                link = ET.Element("a", {"href": src})
                link.text = child.get("alt") or child.get("title") or src
                link.tail = child.tail
                parent.remove(child)
                parent.insert(index, link)


ID_PREFIX = "md-"


class _IdPrefixer(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            if element.get("id"):
                element.set("id", ID_PREFIX + element.get("id"))
            href = element.get("href", "")
            if href.startswith("#") and len(href) > 1:
                element.set("href", "#" + ID_PREFIX + href[1:])
