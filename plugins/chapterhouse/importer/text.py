"""Text values of a calendar, cleaned for front matter."""

from __future__ import annotations

import html
import re
import unicodedata

import nh3

from chapterhouse.importer.context import Notes
from chapterhouse.importer.markdown import looks_like_html

_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff\u200b\ufeff]"
)


def clean_text(text: str, multiline: bool = False) -> str:
    """NFC text without control or bidirectional-override characters; whitespace folded."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if multiline:
        text = "\n".join(" ".join(_CONTROL.sub(" ", line).split()) for line in text.split("\n"))
        return re.sub(r"\n{2,}", "\n", text).strip()
    return " ".join(_CONTROL.sub(" ", text).split())


def plain_text(text: str, prop: str, notes: Notes, multiline: bool = False) -> str:
    """A text property; HTML tags in it (and what scripts and styles hold) are removed."""
    if looks_like_html(text):
        text = html.unescape(nh3.clean(text, tags=set(), clean_content_tags={"script", "style"}))
        notes.add(prop, "HTML tags were removed (the value is text)")
    return clean_text(text, multiline)


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def unescape(raw: str) -> str:
    """Undo RFC 5545 TEXT escapes in a property icalendar kept raw (an escaped n is a new line)."""
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), raw)


def web_url(text: str) -> str:
    """``text`` if it is a clean http(s) URL (no spaces, quotes or control characters)."""
    url = text.strip()
    if not re.fullmatch(r"https?://[^\s\"<>\\^`{|}]+", url, re.IGNORECASE):
        return ""
    return url
