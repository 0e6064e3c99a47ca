"""Whether an SVG file is a plain picture: an allow-list read by an XML parser.

An SVG opened from the site runs with the site's origin: a script in it is a
script on the site. Patterns over the bytes miss what the XML parser sees
(``<x:script xmlns:x="…svg">``, ``href="javascript&#58;…"``), so the file is
parsed (entities declared by the file itself refused) and every element and
attribute is checked as a browser will read it:

* elements: the SVG drawing elements only (no ``script``, ``foreignObject``,
  ``animate``/``set``, which can rewrite a link), plus the metadata editors
  write (Inkscape, Sodipodi, RDF, Dublin Core, Creative Commons); no element of
  another namespace (an XHTML ``script`` runs inside an SVG);
* attributes: no event handler (``on…``); a link (``href``) only within the
  file (``#id``) or to a file of the site (a relative path);
* styles: nothing loaded from elsewhere (``@import``, ``url()`` with a scheme).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.parsers import expat

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
#: Namespaces of the metadata drawing programs write; browsers ignore their elements.
METADATA = frozenset(
    {
        "http://www.inkscape.org/namespaces/inkscape",
        "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://purl.org/dc/elements/1.1/",
        "http://creativecommons.org/ns#",
        "http://web.resource.org/cc/",
    }
)
#: SVG elements that draw, group, describe or paint; nothing that runs or animates.
ELEMENTS = frozenset(
    [
        "svg",
        "g",
        "defs",
        "symbol",
        "use",
        "title",
        "desc",
        "metadata",
        "switch",
        "a",
        "view",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "image",
        "text",
        "tspan",
        "textPath",
        "linearGradient",
        "radialGradient",
        "stop",
        "pattern",
        "clipPath",
        "mask",
        "marker",
        "style",
        "filter",
        "feBlend",
        "feColorMatrix",
        "feComponentTransfer",
        "feComposite",
        "feConvolveMatrix",
        "feDiffuseLighting",
        "feDisplacementMap",
        "feDistantLight",
        "feDropShadow",
        "feFlood",
        "feFuncA",
        "feFuncB",
        "feFuncG",
        "feFuncR",
        "feGaussianBlur",
        "feImage",
        "feMerge",
        "feMergeNode",
        "feMorphology",
        "feOffset",
        "fePointLight",
        "feSpecularLighting",
        "feSpotLight",
        "feTile",
        "feTurbulence",
    ]
)
_LINK_ATTRIBUTES = frozenset({"href", f"{XLINK} href"})
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_STYLE_LOADS = re.compile(r"@import|url\(\s*['\"]?\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


@dataclass(frozen=True)
class SvgIssue:
    """What makes the file more than a picture, and the line it is on."""

    what: str
    line: int


class _Refused(Exception):
    def __init__(self, what: str, line: int):
        super().__init__(what)
        self.issue = SvgIssue(what, line)


def svg_issue(data: bytes) -> SvgIssue | None:
    """The first thing that makes ``data`` more than a plain picture, or None."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    styles: list[str] = []

    def line() -> int:
        return parser.CurrentLineNumber

    def doctype(*_: object) -> None:  # and so any entity the file would declare
        raise _Refused("a document type declaration (<!DOCTYPE …>)", line())

    def start(name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        if namespace in METADATA:
            return
        if namespace == "" and local == "svg":
            raise _Refused(f'an <svg> element without xmlns="{SVG}"', line())
        if namespace != SVG:
            shown = f"{{{namespace}}}{local}" if namespace else local
            raise _Refused(f"a <{shown}> element, which is not SVG", line())
        if local not in ELEMENTS:
            raise _Refused(f"a <{local}> element", line())
        for attribute, value in attributes.items():
            own = attribute.rpartition(" ")[2]
            if own.lower().startswith("on"):
                raise _Refused(f"an event-handler attribute ({own}=…)", line())
            if attribute in _LINK_ATTRIBUTES and not _local_link(value):
                raise _Refused(f"a link out of the file ({own}={value[:60]!r})", line())
            if own == "style" and _STYLE_LOADS.search(value):
                raise _Refused("a style loading from elsewhere", line())
        if local == "style":
            styles.append("")

    def text(data: str) -> None:
        if styles:
            styles[-1] += data

    def end(name: str) -> None:
        if name == f"{SVG} style" and _STYLE_LOADS.search(styles.pop()):
            raise _Refused("a style loading from elsewhere", line())

    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except _Refused as refused:
        return refused.issue
    except expat.ExpatError as error:
        return SvgIssue(
            f"XML that does not parse ({expat.errors.messages[error.code]})", error.lineno
        )
    return None


def _local_link(value: str) -> bool:
    """``#id`` or a relative path: no scheme (javascript:, data:, https:) and no other host."""
    link = _INVISIBLE.sub("", value)
    return not (_SCHEME.match(link) or link.startswith(("//", "\\\\", "/\\")))
