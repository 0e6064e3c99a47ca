"""Pelican reader for plain pages written as Markdown with YAML front matter.

Replaces Pelican's Markdown reader (``readers_init``) so that pages follow the
same front-matter contract and sanitising as chapters and events. Invalid pages
raise :class:`ContentError`; the build collects those problems with all others.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pelican.readers import BaseReader

from chapterhouse.config import ChapterhouseSettings
from chapterhouse.core.catalog import load_file
from chapterhouse.core.loading import load_page
from chapterhouse.core.problems import ContentError
from chapterhouse.render.markdown import MarkdownRenderer, render_body


class FrontMatterReader(BaseReader):
    """Reads ``.md`` files: YAML front matter, then a Markdown body."""

    enabled = True
    file_extensions = ("md", "markdown")

    def __init__(self, settings: dict[str, Any]):
        super().__init__(settings)
        self._config = ChapterhouseSettings.from_settings(settings)
        self._renderer = MarkdownRenderer()

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """Return the sanitised HTML body and Pelican metadata of one page."""
        content_root = Path(self.settings["PATH"])
        relpath = Path(os.path.relpath(source_path, content_root)).as_posix()
        shown = display_path(content_root, relpath)
        loaded = load_file(load_page, content_root, relpath, shown, self._config, content_root)
        if loaded.item is None:
            raise ContentError(loaded.problems)
        page = loaded.item
        body, problem = render_body(self._renderer, page.body, page.source)
        if problem is not None:
            raise ContentError([problem])
        metadata: dict[str, Any] = {
            "title": page.title,
            "slug": page.slug,
            "status": page.visibility.value,
            "description": page.summary,
        }
        if page.lang:
            metadata["lang"] = page.lang
        if page.image:
            metadata["image"] = page.image
        return body, metadata


def display_path(content_root: Path, relpath: str) -> str:
    """The path shown in messages: relative to the current directory when possible."""
    full = content_root / relpath
    try:
        return full.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return full.as_posix()
