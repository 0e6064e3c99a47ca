"""The Pelican generator for chapters, events and their listings.

Phase one (``generate_context``) reads and validates every content file,
renders Markdown bodies and derives the schedule; phase two
(``generate_output``) only writes. Writing in phase one would race with other
generators still changing the shared context.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pelican.generators import Generator

from chapterhouse.build.reader import display_path
from chapterhouse.config import ChapterhouseSettings
from chapterhouse.core.catalog import Catalog, load_catalog
from chapterhouse.core.model import Chapter, Event, Visibility
from chapterhouse.core.problems import ContentError
from chapterhouse.core.timing import build_now, system_clock
from chapterhouse.render.markdown import MarkdownRenderer
from chapterhouse.site.links import resolve_intrasite_links
from chapterhouse.site.schedule import Schedule, Timeline, build_schedule, paginate
from chapterhouse.site.urls import Urls
from chapterhouse.site.views import description, featured_occurrence, rsvp_view

logger = logging.getLogger("chapterhouse")


class _LinkTarget:
    """What Pelican's ``{filename}`` link replacement needs of a content object."""

    def __init__(self, url: str):
        self.url = url


class ChapterhouseGenerator(Generator):
    """Reads ``content/chapters`` and ``content/events``; writes their pages."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.config = ChapterhouseSettings.from_settings(self.settings)
        self.urls = Urls(self.config.site_url, self.config.site_path)
        self.catalog = Catalog()
        self.schedule: Schedule | None = None
        self.event_bodies: dict[str, Markup] = {}
        self.chapter_bodies: dict[str, Markup] = {}

    # Phase one ---------------------------------------------------------------
    def generate_context(self) -> None:
        """Read, validate and derive; raise ContentError listing every problem."""
        content_root = Path(self.path)
        catalog = load_catalog(
            content_root, self.config, lambda rel: display_path(content_root, rel)
        )
        if catalog.problems:
            raise ContentError(catalog.problems)
        now = build_now(os.environ, system_clock)
        renderer = MarkdownRenderer()
        self.catalog = catalog
        self.event_bodies = {
            e.slug: Markup(renderer.render(e.body))  # noqa: S704 - sanitised by nh3
            for e in catalog.published_events
        }
        self.chapter_bodies = {
            c.slug: Markup(renderer.render(c.body))  # noqa: S704 - sanitised by nh3
            for c in catalog.chapters
        }
        self.schedule = build_schedule(catalog.events, now, self.config)
        listed_chapters = sorted(
            (c for c in catalog.chapters if c.visibility is Visibility.PUBLISHED),
            key=lambda c: (c.title.casefold(), c.slug),
        )
        self.context.update(
            chapterhouse_now=now,
            schedule=self.schedule,
            chapters_directory=listed_chapters,
            chapters_by_slug=catalog.chapters_by_slug(),
            topics=sorted(self.schedule.topics.values(), key=lambda t: t.name.casefold()),
        )
        for event in catalog.published_events:
            self.context["generated_content"][event.source.relpath] = _LinkTarget(
                self.urls.event_path(event.slug)
            )
        for chapter in catalog.chapters:
            self.context["generated_content"][chapter.source.relpath] = _LinkTarget(
                self.urls.chapter_path(chapter.slug)
            )
        images = {item.image for item in (*catalog.events, *catalog.chapters) if item.image}
        self.context["static_links"] |= {i for i in images if "://" not in i}

    # Phase two ---------------------------------------------------------------
    def generate_output(self, writer: Any) -> None:
        """Write the home page, listings, chapter, topic and event pages."""
        if self.schedule is None:
            return
        schedule = self.schedule
        self._write(
            writer,
            "",
            "index",
            page_title="",
            upcoming=schedule.everything.upcoming[: self.config.home_upcoming],
            upcoming_count=len(schedule.everything.upcoming),
        )
        self._write_listing(writer, "events/", schedule.everything.upcoming, "upcoming", "")
        self._write_listing(writer, "events/past/", schedule.everything.past, "past", "")
        for event in self.catalog.published_events:
            self._write_event(writer, event)
        self._write(writer, "chapters/", "chapters")
        for chapter in self.catalog.chapters:
            if chapter.visibility is not Visibility.DRAFT:
                self._write_chapter(writer, chapter, schedule.chapter_timeline(chapter))
        self._write(writer, "topics/", "topics")
        for topic in schedule.topics.values():
            base = f"topics/{topic.slug}/"
            self._write(
                writer,
                base,
                "topic",
                topic=topic,
                upcoming=topic.timeline.upcoming,
                past=topic.timeline.past[: self.config.page_size],
                past_count=len(topic.timeline.past),
            )
            self._write_listing(writer, f"{base}past/", topic.timeline.past, "past", topic.name)
        self._write(writer, "404.html", "404")

    def _write_event(self, writer: Any, event: Event) -> None:
        assert self.schedule is not None
        timeline = self.schedule.event_timeline(event)
        occurrence = featured_occurrence(event, timeline)
        chapter = self.catalog.chapters_by_slug().get(event.chapter)
        self._write(
            writer,
            self.urls.event_path(event.slug),
            "event",
            event=event,
            chapter=chapter,
            occurrence=occurrence,
            timeline=timeline,
            rsvp=rsvp_view(event, occurrence, chapter, self.schedule.now, self.urls),
            body=self._linked(self.event_bodies[event.slug], event.source.relpath),
            page_title=event.title,
            page_description=description(event, chapter),
            content_lang=event.lang,
        )

    def _write_chapter(self, writer: Any, chapter: Chapter, timeline: Timeline) -> None:
        base = self.urls.chapter_path(chapter.slug)
        self._write(
            writer,
            base,
            "chapter",
            chapter=chapter,
            body=self._linked(self.chapter_bodies[chapter.slug], chapter.source.relpath),
            upcoming=timeline.upcoming,
            past=timeline.past[: self.config.page_size],
            past_count=len(timeline.past),
            page_title=chapter.title,
            page_description=chapter.summary,
            content_lang=chapter.lang,
        )
        self._write_listing(writer, f"{base}past/", timeline.past, "past", chapter.title)

    def _write_listing(self, writer: Any, base: str, items: tuple, kind: str, scope: str) -> None:
        for page in paginate(items, self.config.page_size):
            self._write(
                writer,
                self.urls.listing_path(base, page.number),
                "events",
                listing=page,
                listing_kind=kind,
                listing_base=base,
                listing_scope=scope,
            )

    def _linked(self, body: Markup, relpath: str) -> Markup:
        """Resolve ``{filename}``/``{static}`` links once every generator has run."""
        if "{" not in body:
            return body
        html, missing = resolve_intrasite_links(str(body), relpath, self._find_link)
        for target in missing:
            logger.warning("[chapterhouse] %s: link to %s: no such content file", relpath, target)
        return Markup(html)  # noqa: S704 - sanitised HTML with only link targets replaced

    def _find_link(self, kind: str, relpath: str) -> str | None:
        key = "generated_content" if kind == "filename" else "static_content"
        target = self.context[key].get(relpath)
        return self.urls.link(target.url) if target is not None else None

    def _write(self, writer: Any, path: str, template: str, **values: Any) -> None:
        writer.write_file(
            self.urls.save_as(path),
            self.get_template(template),
            self.context,
            page_path=path,
            **values,
        )
