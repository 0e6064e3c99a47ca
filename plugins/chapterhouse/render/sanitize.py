"""The HTML allowlist for Markdown bodies (nh3).

Authors get formatting, headings, lists, tables, code, quotes, images and
links; links may only be ``http``, ``https``, ``mailto`` or relative.
Everything else (``script``, ``style``, ``iframe``, ``object``, forms, event
handler attributes, ``javascript:`` and ``data:`` URLs) is removed. Every link
gets ``rel="noopener"``. Images from other hosts are dropped (the site makes
no request to another host, and its Content-Security-Policy would block them).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import nh3

TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div",
        "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
        "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span",
        "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
        "tr", "u", "ul",
    }
)  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title", "hreflang", "id"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start", "reversed"},
    "li": {"value", "id"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "code": {"class"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "sup": {"id"},
    "div": {"class"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
_URL_ATTRIBUTES = {"href", "src", "cite"}


def sanitize_html(html: str) -> str:
    """Keep only the allowlisted markup of ``html``."""
    cleaned = nh3.clean(
        html,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener",
        strip_comments=True,
        attribute_filter=_filter_attribute,
    )
    # An image whose source was removed (another host, data:) is replaced by its text.
    return _SOURCELESS_IMAGE.sub(_alt_text, cleaned)


# nh3's output is normalised: attribute values are quoted and escaped, so a tag ends at ">".
_SOURCELESS_IMAGE = re.compile(r"<img(?![^>]*\ssrc=)([^>]*)>")
_ALT = re.compile(r'\salt="([^"]*)"')


def _alt_text(match: re.Match[str]) -> str:
    alt = _ALT.search(match[1])
    return alt[1] if alt else ""


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    if name in _URL_ATTRIBUTES and urlsplit(value.strip()).scheme.lower() not in URL_SCHEMES | {""}:
        return None
    if tag == "img" and name == "src" and _is_external(value):
        return None
    if tag == "code" and name == "class":
        kept = [word for word in value.split() if word.startswith("language-")]
        return " ".join(kept) or None
    if tag == "div" and name == "class":
        return value if value in ("footnote", "admonition") else None
    return value


def _is_external(url: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.scheme or parts.netloc)
