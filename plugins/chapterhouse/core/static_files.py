"""Checks on files copied as they are (``content/images`` and other static folders).

A static file is served from the site's own origin: an HTML page or an SVG
with script in it would run with the site's authority when opened directly
(the page's Content-Security-Policy does not protect a file opened on its
own). Only known media types are accepted, and SVG files must not carry
script, event handlers, external references or embedded documents.
"""

from __future__ import annotations

import re
from pathlib import Path

from chapterhouse.core.problems import Problem

ALLOWED_EXTENSIONS = frozenset(
    {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".ico", ".pdf", ".txt"}
)
_SVG_DANGERS = (
    (re.compile(rb"<\s*script", re.IGNORECASE), "a <script> element"),
    (re.compile(rb"\son[a-z]+\s*=", re.IGNORECASE), "an event-handler attribute (on…=)"),
    (re.compile(rb"javascript\s*:", re.IGNORECASE), "a javascript: URL"),
    (re.compile(rb"<\s*foreignObject", re.IGNORECASE), "a <foreignObject> element"),
    (re.compile(rb"<!ENTITY", re.IGNORECASE), "an XML entity declaration"),
    (
        re.compile(rb"""(?:href|src)\s*=\s*["']\s*(?:https?:|//|data:)""", re.IGNORECASE),
        "a reference to another host",
    ),
    (
        re.compile(rb"@import|url\(\s*['\"]?\s*(?:https?:|//)", re.IGNORECASE),
        "a style loading from another host",
    ),
)


def check_static_files(content_root: Path, folders: list[str], show) -> list[Problem]:
    """Problems with the files of ``folders`` (relative to the content folder)."""
    problems = []
    for folder in folders:
        base = content_root / folder
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for path in files:
            relpath = path.relative_to(content_root).as_posix()
            if path.name.startswith("."):
                continue
            extension = path.suffix.lower()
            if extension not in ALLOWED_EXTENSIONS:
                problems.append(
                    Problem(
                        show(relpath),
                        1,
                        "file",
                        f"{extension or 'extension-less'} files are not published from {folder}/",
                        "allowed: " + ", ".join(sorted(ALLOWED_EXTENSIONS)),
                    )
                )
            elif extension == ".svg":
                data = path.read_bytes()
                for pattern, what in _SVG_DANGERS:
                    match = pattern.search(data)
                    if match:
                        line = data.count(b"\n", 0, match.start()) + 1
                        problems.append(
                            Problem(
                                show(relpath),
                                line,
                                "file",
                                f"the SVG contains {what}",
                                "export it again as a plain picture",
                            )
                        )
                        break
    return problems
