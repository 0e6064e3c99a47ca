"""Pelican reader for plain pages written as Markdown with YAML front matter.

Pages follow the same front-matter contract and sanitising as chapters and
events. Invalid pages raise :class:`ContentError`; the build collects those
problems with all others. The reader is bound to the run's settings
(:func:`~chapterhouse.adapters.build.bound`) by the pages generator.
"""

from __future__ import annotations

import os
from itertools import chain
from pathlib import Path
from typing import Any, ClassVar

from jinja2 import Template
from pelican import signals
from pelican.generators import PagesGenerator
from pelican.readers import BaseReader

from chapterhouse.adapters.templating import install_template_helpers
from chapterhouse.core.catalog import load_file
from chapterhouse.core.loading import load_page
from chapterhouse.core.problems import ContentError
from chapterhouse.render.markdown import MarkdownRenderer, render_body


class FrontMatterReader(BaseReader):
    """Reads ``.md`` files: YAML front matter, then a Markdown body.

    Pelican finds it (a subclass of its ``BaseReader``) and uses it for every
    Markdown file, in place of its own reader; it reads only once bound to a
    build (:class:`ChapterhousePagesGenerator` binds it), and is cheap to create
    until then.
    """

    enabled = True
    file_extensions = ("md", "markdown")
    build: ClassVar[Any] = None

    def __init__(self, settings: dict[str, Any]):
        super().__init__(settings)
        self._renderer = MarkdownRenderer() if self.build is not None else None

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """Return the sanitised HTML body and Pelican metadata of one page."""
        if self.build is None or self._renderer is None:
            raise RuntimeError("Chapterhouse's reader needs PELICAN_CLASS = ChapterhousePelican")
        content_root = Path(self.settings["PATH"])
        relpath = Path(os.path.relpath(source_path, content_root)).as_posix()
        shown = display_path(content_root, relpath)
        loaded = load_file(
            load_page, content_root, relpath, shown, self.build.config, content_root, found=False
        )  # Pelican found the page, following links: its whole path is checked
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


class ChapterhousePagesGenerator(PagesGenerator):
    """Pelican's pages generator, reading pages with Chapterhouse's reader only.

    Pelican's other readers are switched off: its HTML reader would publish a
    page's markup as is, and reStructuredText's ``raw`` directive would let a
    page carry script. Every page goes through the same sanitiser.
    """

    build: ClassVar[Any] = None

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cache = Path(str(self.settings.get("CACHE_PATH") or "cache")) / "chapterhouse"
        self.languages = install_template_helpers(
            self.env, self.build.config, cache, self.build.interfaces
        )
        self._in_language: dict[tuple[str, str], Template] = {}
        reader = type("FrontMatterReader", (FrontMatterReader,), {"build": self.build})
        static = self.readers.readers.get("static")
        self.readers.reader_classes = {ext: reader for ext in FrontMatterReader.file_extensions}
        self.readers.readers = {
            ext: reader(self.settings) for ext in FrontMatterReader.file_extensions
        }
        if static is not None:  # Pelican's pseudo-reader for files copied as they are
            self.readers.readers["static"] = static

    def generate_output(self, writer: Any) -> None:
        """Pelican's pages, each rendered in its own language (``lang``, else ``DEFAULT_LANG``)."""
        for page in chain(
            self.translations,
            self.pages,
            self.hidden_translations,
            self.hidden_pages,
            self.draft_translations,
            self.draft_pages,
        ):
            signals.page_generator_write_page.send(self, content=page)
            writer.write_file(
                page.save_as,
                self._template(page.template, page_language(page, self.build.config.lang)),
                self.context,
                page=page,
                relative_urls=self.settings["RELATIVE_URLS"],
                override_output=hasattr(page, "override_save_as"),
                url=page.url,
            )
        signals.page_writer_finalized.send(self, writer=writer)

    def _template(self, name: str, language: str) -> Template:
        template = self._in_language.get((name, language))
        if template is None:
            self.get_template(name)  # Pelican's checks and message when it is missing
            env = self.languages.environment(language)
            template = self._in_language[name, language] = env.get_template(f"{name}.html")
        return template


def display_path(content_root: Path, relpath: str) -> str:
    """The path shown in messages: relative to the current directory when possible."""
    full = content_root / relpath
    try:
        return full.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return full.as_posix()


def page_language(page: Any, default: str) -> str:
    """A Pelican page's language tag: its own, else ``default`` (``DEFAULT_LANG`` as a tag).

    Pelican lowercases ``DEFAULT_LANG`` (``pt-br``) and gives it to every page
    that names no language; the settings' tag is ``pt-BR``.
    """
    own = str(getattr(page, "lang", "") or "")
    return default if not own or own.lower() == default.lower() else own
