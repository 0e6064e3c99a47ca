"""Intra-site links in Markdown bodies, Pelican style.

``[code of conduct]({filename}/pages/code-of-conduct.md)`` links to whatever
page that file becomes; ``![map]({static}/images/map.png)`` to a copied file.
Paths starting with ``/`` are relative to the content folder, others to the
linking file's folder.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

_INTRASITE = re.compile(
    r'(?P<attr>\b(?:href|src)=")\{(?P<what>filename|static)\}(?P<path>[^"#?]*)(?P<rest>[^"]*)"'
)


def resolve_intrasite_links(
    html: str, source_relpath: str, find: Callable[[str, str], str | None]
) -> tuple[str, list[str]]:
    """Replace ``{filename}``/``{static}`` links.

    Args:
        html: Sanitised body HTML.
        source_relpath: The linking file, relative to the content folder.
        find: ``find(kind, relpath)`` returns the link for a content file
            (``kind`` is ``filename`` or ``static``), or None when unknown.

    Returns:
        The HTML and the list of targets that could not be found (left as written).
    """
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        target = match["path"]
        if target.startswith("/"):
            relpath = posixpath.normpath(target.lstrip("/"))
        else:
            relpath = posixpath.normpath(posixpath.join(posixpath.dirname(source_relpath), target))
        link = find(match["what"], relpath)
        if link is None:
            missing.append(f"{{{match['what']}}}{target}")
            return match[0]
        return f'{match["attr"]}{link}{match["rest"]}"'

    return _INTRASITE.sub(replace, html), missing
