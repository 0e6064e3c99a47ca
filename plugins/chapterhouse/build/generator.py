"""The Pelican generator for chapters, events, their listings, calendars and feeds.

Phase one (``generate_context``) reads and validates every content file,
renders Markdown bodies, reads the content's history and derives the
:class:`~chapterhouse.site.model.SiteModel`; phase two (``generate_output``)
only writes. Writing in phase one would race with other generators that are
still changing the shared context.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pelican.generators import Generator

from chapterhouse.build.output import OutputFolder
from chapterhouse.build.reader import display_path
from chapterhouse.build.write_feeds import FeedWriter, write_site_files
from chapterhouse.build.write_pages import PageWriter
from chapterhouse.config import ChapterhouseSettings
from chapterhouse.core.catalog import load_catalog
from chapterhouse.core.problems import ContentError
from chapterhouse.core.timing import build_now, system_clock
from chapterhouse.history.git import read_history
from chapterhouse.history.stamps import stamp_events
from chapterhouse.render.dates import DateFormatter
from chapterhouse.render.i18n import babel_locale, load_translations
from chapterhouse.render.markdown import MarkdownRenderer
from chapterhouse.site.model import SiteModel, select_feed_events
from chapterhouse.site.schedule import build_schedule
from chapterhouse.site.subscribe import site_alternates
from chapterhouse.site.urls import Urls


class _LinkTarget:
    """What Pelican's ``{filename}`` link replacement needs of a content object."""

    def __init__(self, url: str):
        self.url = url


class ChapterhouseGenerator(Generator):
    """Reads ``content/chapters`` and ``content/events``; writes their pages and feeds."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.config = ChapterhouseSettings.from_settings(self.settings)
        self.model: SiteModel | None = None
        self.bodies: dict[str, Markup] = {}

    # Phase one ---------------------------------------------------------------
    def generate_context(self) -> None:
        """Read, validate and derive; raise ContentError listing every problem."""
        content_root = Path(self.path)
        catalog = load_catalog(
            content_root,
            self.config,
            lambda rel: display_path(content_root, rel),
            static_folders=tuple(self.settings.get("STATIC_PATHS") or ()),
        )
        if catalog.problems:
            raise ContentError(catalog.problems)
        now = build_now(os.environ, system_clock)
        renderer = MarkdownRenderer()
        self.bodies = {
            item.source.relpath: Markup(renderer.render(item.body))  # noqa: S704 - sanitised by nh3
            for item in (*catalog.published_events, *catalog.published_chapters)
        }
        schedule = build_schedule(catalog.events, now, self.config)
        sources = (*catalog.published_events, *catalog.published_chapters, *catalog.pages)
        history = read_history(
            content_root,
            [item.source.relpath for item in sources],
            os.environ.get("SOURCE_DATE_EPOCH"),
        )
        stamps = stamp_events(
            catalog.published_events, history, lambda rel: (content_root / rel).read_bytes()
        )
        self.model = SiteModel(
            settings=self.config,
            urls=Urls(self.config.site_url, self.config.site_path),
            now=now,
            catalog=catalog,
            schedule=schedule,
            stamps=stamps,
            feed_events=select_feed_events(catalog, schedule, self.config),
            modified={path: file.modified for path, file in history.files.items()},
        )
        self.context.update(
            chapterhouse_now=now,
            schedule=schedule,
            chapters_directory=self.model.listed_chapters,
            chapters_by_slug=catalog.chapters_by_slug(),
            topics=sorted(schedule.topics.values(), key=lambda t: t.name.casefold()),
            site_alternates=site_alternates(self.model.urls, self.config.site_name),
        )
        urls = self.model.urls
        for event in catalog.published_events:
            self.context["generated_content"][event.source.relpath] = _LinkTarget(
                urls.event_path(event.slug)
            )
        for chapter in catalog.published_chapters:
            self.context["generated_content"][chapter.source.relpath] = _LinkTarget(
                urls.chapter_path(chapter.slug)
            )
        images = {item.image for item in (*catalog.events, *catalog.chapters) if item.image}
        self.context["static_links"] |= {i for i in images if "://" not in i}

    # Phase two ---------------------------------------------------------------
    def generate_output(self, writer: Any) -> None:
        """Write the pages, calendars, feeds, events.json, and CNAME when configured."""
        if self.model is None:
            return
        translations = load_translations(self.config.lang)
        dates = DateFormatter(babel_locale(self.config.lang))

        def write(save_as: str, template: str, **values: Any) -> None:
            writer.write_file(save_as, self.get_template(template), self.context, **values)

        output = OutputFolder(self.output_path)
        gettext = translations.gettext
        PageWriter(self.model, write, self.bodies, self._find_link, dates, gettext).write_all()
        FeedWriter(self.model, output, dates, gettext).write_all()
        write_site_files(self.model, output)
        output.write(".nojekyll", b"")  # GitHub Pages: serve the files as they are
        if self.config.cname:
            output.write("CNAME", f"{self.config.cname}\n".encode())

    def _find_link(self, kind: str, relpath: str) -> str | None:
        key = "generated_content" if kind == "filename" else "static_content"
        target = self.context[key].get(relpath)
        return self.model.urls.link(target.url) if target is not None and self.model else None
