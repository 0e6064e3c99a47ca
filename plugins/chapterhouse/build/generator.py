"""The Pelican generator for chapters, events, their listings, calendars and feeds.

Phase one (``generate_context``) reads and validates every content file,
renders Markdown bodies, reads the content's history and derives the
:class:`~chapterhouse.site.model.SiteModel`; phase two (``generate_output``)
only writes. Writing in phase one would race with other generators that are
still changing the shared context.

Both phases spread their per-event work over the available cores
(``CHAPTERHOUSE["jobs"]``): loading and Markdown in phase one; event pages,
listings and event calendars in phase two. The output is the same whatever
the number of processes.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator
from pelican.log import console
from pelican.utils import maybe_pluralize

from chapterhouse.build.cache import BuildSession
from chapterhouse.build.event_loader import EventLoader
from chapterhouse.build.fingerprint import Fingerprinter
from chapterhouse.build.output import OutputFolder, Record
from chapterhouse.build.parallel import default_workers, run_jobs
from chapterhouse.build.progress import BuildProgress
from chapterhouse.build.reader import display_path
from chapterhouse.build.write_feeds import FeedWriter, site_file_jobs
from chapterhouse.build.write_pages import PageWriter
from chapterhouse.config import ChapterhouseSettings
from chapterhouse.core.catalog import Catalog, load_catalog
from chapterhouse.core.problems import ContentError
from chapterhouse.core.timing import build_now, system_clock
from chapterhouse.history.git import read_history
from chapterhouse.history.stamps import stamp_events
from chapterhouse.render.dates import DateFormatter
from chapterhouse.render.i18n import babel_locale, load_translations
from chapterhouse.render.markdown import MarkdownRenderer, render_body
from chapterhouse.site.model import SiteModel, select_feed_events
from chapterhouse.site.schedule import build_schedule
from chapterhouse.site.subscribe import site_alternates
from chapterhouse.site.urls import Urls

#: Context values the theme's templates use (besides Jinja globals set by templating.py).
TEMPLATE_CONTEXT = (
    "pages",
    "chapters_by_slug",
    "chapters_directory",
    "schedule",
    "topics",
    "site_alternates",
)


#: Where the runner puts the :class:`BuildSession` for the generator during a build.
SESSION_SETTING = "_CHAPTERHOUSE_SESSION"

#: Template context values that depend on every event: not available to cached pages.
SITE_WIDE = ("chapters_directory", "schedule", "topics")


class _SiteWide:
    """Stands for a site-wide value in the templates of pages cached by their values."""

    def __init__(self, name: str):
        self.name = name

    def _refuse(self, *args: Any) -> Any:
        raise TypeError(
            f"the template of a cached page (event, chapter, topic, listing) used `{self.name}`, "
            "which changes with every event; pass what it needs as a page value instead"
        )

    __getattr__ = __bool__ = __iter__ = __len__ = __str__ = __html__ = __getitem__ = _refuse


class _LinkTarget:
    """What Pelican's ``{filename}`` link replacement needs of a content object."""

    def __init__(self, url: str):
        self.url = url


class ChapterhouseGenerator(Generator):
    """Reads ``content/chapters`` and ``content/events``; writes their pages and feeds."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.config = ChapterhouseSettings.from_settings(self.settings)
        self.workers = self.config.jobs or default_workers()
        self.session: BuildSession | None = self.settings.get(SESSION_SETTING)
        self.model: SiteModel | None = None
        self.bodies: dict[str, Markup] = {}
        self.progress = BuildProgress(None)
        #: Fingerprints of the loaded events, by ``id`` (see build.fingerprint).
        self.event_keys: dict[int, str] = {}
        self._renderer = MarkdownRenderer()

    # Phase one ---------------------------------------------------------------
    def generate_context(self) -> None:
        """Read, validate and derive; raise ContentError listing every problem."""
        try:
            self._derive(Path(self.path))
        except BaseException:
            self.progress.close()
            raise

    def _derive(self, content_root: Path) -> None:
        catalog = self._load(content_root)
        now = build_now(os.environ, system_clock)
        problems = []
        for chapter in catalog.published_chapters:
            body, problem = render_body(self._renderer, chapter.body, chapter.source)
            self.bodies[chapter.source.relpath] = Markup(body)  # noqa: S704 - sanitised by nh3
            problems += [problem] if problem else []
        if problems:
            raise ContentError(problems)
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
        self._share(self.model)

    def _load(self, content_root: Path) -> Catalog:
        """Every content file, events from the build cache when unchanged."""
        loader = EventLoader(
            content_root,
            self.config,
            self.workers,
            self.session.previous.loaded if self.session else {},
            self._start_progress,
        )
        catalog = load_catalog(
            content_root,
            self.config,
            lambda rel: display_path(content_root, rel),
            load_events=loader,
            static_folders=tuple(self.settings.get("STATIC_PATHS") or ()),
        )
        if catalog.problems:
            raise ContentError(catalog.problems)
        self.event_keys = loader.keys
        for relpath, entry in loader.entries.items():
            if entry.body is not None:
                self.bodies[relpath] = Markup(entry.body)  # noqa: S704 - sanitised by nh3
        if self.session:
            self.session.current.loaded = loader.entries
        return catalog

    def _share(self, model: SiteModel) -> None:
        """What templates and other generators need: listings, link targets, images."""
        catalog, schedule, urls = model.catalog, model.schedule, model.urls
        self.context.update(
            chapterhouse_now=model.now,
            schedule=schedule,
            chapters_directory=model.listed_chapters,
            chapters_by_slug=model.chapters_by_slug,
            topics=sorted(schedule.topics.values(), key=lambda t: t.name.casefold()),
            site_alternates=site_alternates(urls, self.config.site_name),
        )
        for event in catalog.published_events:
            self.context["generated_content"][event.source.relpath] = _LinkTarget(
                urls.event_path(event.slug)
            )
        for chapter in catalog.published_chapters:
            self.context["generated_content"][chapter.source.relpath] = _LinkTarget(
                urls.chapter_path(chapter.slug)
            )
        shown = (*catalog.published_events, *catalog.published_chapters)
        images = {item.image for item in shown if item.image}
        self.context["static_links"] |= {i for i in images if "://" not in i}

    def _start_progress(self, events: int) -> Callable[[int], None]:
        self.progress = BuildProgress.for_terminal(console, os.environ, events)
        return self.progress.step("Reading events", events)

    # Phase two ---------------------------------------------------------------
    def generate_output(self, writer: Any) -> None:
        """Write the pages, calendars, feeds, events.json, sitemap, and CNAME when configured."""
        if self.model is None:
            return
        try:
            self._write_all()
        finally:
            self.progress.close()

    def _write_all(self) -> None:
        translations = load_translations(self.config.lang)
        dates = DateFormatter(babel_locale(self.config.lang))
        session = self.session
        output = OutputFolder(
            self.output_path,
            session.previous.outputs if session and session.warm else None,
            session.final if session and session.warm else None,
        )
        gettext = translations.gettext
        fingerprints = Fingerprinter(self.event_keys)
        pages = PageWriter(
            self.model,
            self._render_function(),
            output,
            self.bodies,
            self._find_link,
            gettext,
            fingerprints,
            footer=tuple((page.url, str(page.title)) for page in self.context.get("pages", ())),
            written=self._signal_written,
        )
        feeds = FeedWriter(
            self.model,
            output,
            dates,
            gettext,
            fingerprints,
            previous_blocks=session.previous.blocks if session else None,
            previous_fragments=session.previous.fragments if session else None,
        )
        own = [*pages.event_jobs(), *feeds.event_calendar_jobs()]
        # The longest jobs first, so that no process is left with one at the end.
        shared = [*site_file_jobs(self.model, output), *feeds.shared_jobs(), *pages.shared_jobs()]
        update = self.progress.step("Writing pages and calendars", len(own) + len(shared))
        # Round one: each event's page and calendar (returning what shared files need of it).
        results = self._run(output, own, progress=update)
        feeds.remember_blocks(result for result in results if result is not None)
        # Round two: pages and files that gather many events.
        fragments: dict[str, tuple[str, str]] = {}
        for result in self._run(
            output,
            shared,
            min_jobs_per_worker=1,
            chunk=1,
            progress=lambda done: update(len(own) + done),
        ):
            fragments.update(result or {})
        output.write(".nojekyll", b"")  # GitHub Pages: serve the files as they are
        if self.config.cname:
            output.write("CNAME", f"{self.config.cname}\n".encode())
        output.merge(output.drain())
        if session:
            session.current.outputs.update(output.manifest)
            session.current.blocks = feeds.blocks()
            session.current.fragments = fragments
        console.print(self._summary(len(output.manifest)))

    def _summary(self, files: int) -> str:
        """What was built, in one line (Pelican's own summary only counts its pages)."""
        catalog = self.model.catalog
        listed = self.model.schedule.everything
        counts = [
            maybe_pluralize(len(catalog.published_chapters), "chapter", "chapters"),
            maybe_pluralize(len(catalog.published_events), "event", "events"),
            maybe_pluralize(len(listed.upcoming), "upcoming date", "upcoming dates"),
            maybe_pluralize(len(catalog.pages), "page", "pages"),
        ]
        return f"Chapterhouse: {', '.join(counts)}; {maybe_pluralize(files, 'file', 'files')}."

    def _run(
        self,
        output: OutputFolder,
        jobs: list[Callable[[], Any]],
        min_jobs_per_worker: int = 200,
        chunk: int = 0,
        progress: Callable[[int], None] | None = None,
    ) -> list[Any]:
        """Run jobs on every core; gather the output records they made (in any process)."""
        tracked = [partial(_tracked, job, output) for job in jobs]
        results = run_jobs(tracked, self.workers, min_jobs_per_worker, chunk, progress)
        for _, records in results:
            output.merge(records)
        return [result for result, _ in results]

    def _render_function(self) -> Callable[..., str]:
        """``render(template, cached, **values)`` with the few context values templates use.

        A page that is ``cached`` (kept while the fingerprint of its values is
        unchanged) must not read site-wide values that change with any event;
        they are replaced by placeholders that fail loudly when used.
        """
        base = {key: self.context.get(key) for key in TEMPLATE_CONTEXT}
        restricted = {**base, **{key: _SiteWide(key) for key in SITE_WIDE}}

        def render(template: str, cached: bool = False, **values: Any) -> str:
            context = restricted if cached else base
            return self.env.get_template(template).render({**context, **values})

        return render

    def _signal_written(self, save_as: str, values: dict[str, Any]) -> None:
        signals.content_written.send(os.path.join(self.output_path, save_as), context=values)

    def _find_link(self, kind: str, relpath: str) -> str | None:
        key = "generated_content" if kind == "filename" else "static_content"
        target = self.context[key].get(relpath)
        return self.model.urls.link(target.url) if target is not None and self.model else None


def _tracked(job: Callable[[], Any], output: OutputFolder) -> tuple[Any, list[Record]]:
    result = job()
    return result, output.drain()
