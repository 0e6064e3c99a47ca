"""The Pelican generator for chapters and events: a thin adapter.

Phase one (``generate_context``) reads and validates every content file,
renders Markdown bodies, reads the content's history and derives the
:class:`~chapterhouse.site.model.SiteModel`; it registers chapters and
events as Pelican content (so ``{filename}`` links and other plugins find
them) and sends ``chapterhouse_loaded``. Phase two (``generate_output``)
declares every output with its inputs (``site.pages``, ``site.files``) and
hands them to the incremental engine, which keeps, makes or writes each one,
then sends ``chapterhouse_written``. Writing in phase one would race with
other generators that are still changing the shared context.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import os
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from functools import cached_property, lru_cache, partial
from pathlib import Path
from typing import Any, ClassVar

from markupsafe import Markup
from pelican import signals as pelican_signals
from pelican.contents import Content
from pelican.generators import Generator
from pelican.log import console
from pelican.utils import maybe_pluralize

from chapterhouse.adapters import signals
from chapterhouse.adapters.build import Build, cache_folder, card_store_folder
from chapterhouse.adapters.content import EventLoader
from chapterhouse.adapters.reader import display_path, page_language
from chapterhouse.adapters.templating import install_template_helpers
from chapterhouse.core.cachefiles import BlobStore
from chapterhouse.core.catalog import Catalog, load_catalog
from chapterhouse.core.model import event_uid
from chapterhouse.core.problems import ContentError, FieldError
from chapterhouse.core.programme import event_warnings, recap_problems
from chapterhouse.core.timing import build_now, system_clock
from chapterhouse.history.git import read_history
from chapterhouse.history.kept import Kept, KeptHistories
from chapterhouse.history.stamps import stamp_events
from chapterhouse.incremental.engine import Engine
from chapterhouse.incremental.outputs import Output, Plan, Stage
from chapterhouse.incremental.progress import BuildProgress
from chapterhouse.media.icons import icons_from_logo
from chapterhouse.network.members import NetworkError, parse_members
from chapterhouse.network.readings import Readings
from chapterhouse.network.sources import gather
from chapterhouse.network.store import Store
from chapterhouse.render.markdown import MarkdownRenderer, render_body
from chapterhouse.site.files import FileOutputs
from chapterhouse.site.identity import colour_problems, logo_view
from chapterhouse.site.links import resolve_intrasite_links
from chapterhouse.site.model import SiteModel, select_feed_events
from chapterhouse.site.pages import Extra, PageContext, page_outputs
from chapterhouse.site.pictures import (
    Pictures,
    load_pictures,
    picture_references,
    picture_warnings,
)
from chapterhouse.site.remote import RemoteContent, remote_content, shared_topics
from chapterhouse.site.schedule import build_schedule
from chapterhouse.site.social_cards import SocialCards, card_keys, kept_card
from chapterhouse.site.subscribe import site_alternates
from chapterhouse.site.urls import Urls
from chapterhouse.site.views import FooterLink

logger = logging.getLogger("chapterhouse")

#: A hub's list of member sites, in the content folder (docs/network.md).
NETWORK_FILE = "network.yml"
#: Set to ``1`` to build a hub from its stored copies only (``invoke build --offline``).
OFFLINE_VARIABLE = "CHAPTERHOUSE_OFFLINE"
#: How often a build looks through the card store for cards no build used for a week
#: (a look reads the time of each of its files: 10,000 of them in a large network).
CARD_STORE_LOOK = 86_400

#: The theme's templates Chapterhouse renders (loaded in every language before work is forked).
PAGE_TEMPLATES = (
    "event.html",
    "chapter.html",
    "digest.html",
    "index.html",
    "events.html",
    "chapters.html",
    "cities.html",
    "city.html",
    "embed.html",
    "topics.html",
    "topic.html",
    "search.html",
    "404.html",
    "partials/event_item.html",
)


def _declare(pair: tuple[Callable[[Any], Output], Any]) -> Output:
    """The output ``declare(item)`` of a (declare, item) pair."""
    declare, item = pair
    return declare(item)


def _call(declare: Callable[[], Output]) -> Output:
    """The output a callable declares."""
    return declare()


def _same(output: Output) -> Output:
    """An output already declared."""
    return output


class ChapterhouseContent(Content):
    """A chapter or an event as Pelican content: its title and URL, for links and other plugins.

    The item itself (a :class:`~chapterhouse.core.model.Event` or
    :class:`~chapterhouse.core.model.Chapter`) is ``.item``. Pelican's own
    ``Content.__init__`` (metadata processing, URL formats from the settings)
    is not run: the item is already validated and its URL is Chapterhouse's
    (that cost a tenth of a 10,000-event rebuild).
    """

    url: str = ""
    save_as: str = ""
    mandatory_properties = ("title",)
    default_template = "event"

    def __init__(
        self, item: Any, path: str, template: str, settings: Mapping[str, Any], source_path: str
    ):
        self.item = item
        self.settings = settings
        self.title = item.title
        self.slug = item.slug
        self.lang = item.lang or settings.get("DEFAULT_LANG", "en")
        self.url = path
        self.save_as = Urls.save_as(path)
        self.template = template
        self.status = "published"
        self.source_path = source_path
        self.metadata = {"title": item.title, "slug": item.slug, "template": template}
        self._context = {}

    def get_relative_source_path(self, source_path: str | None = None) -> str | None:
        """The item's path relative to the content folder (known: no need to compute it)."""
        return (
            self.item.source.relpath
            if source_path is None
            else super().get_relative_source_path(source_path)
        )


@lru_cache(maxsize=8)
def logo_problem(data: bytes, name: str) -> str:
    """Why the logo cannot be shown or drawn (an SVG may not fetch a file); "" when it can.

    Drawing it takes a tenth of a second: remembered for the process by the logo's
    bytes, as builds that run again in the same process (``invoke livereload``)
    would draw it again.
    """
    try:
        logo_view(data, name, lambda link: link)
        icons_from_logo(data, name)
    except FieldError as error:
        return f"{error.message}" + (f" ({error.hint})" if error.hint else "")
    return ""


class ChapterhouseGenerator(Generator):
    """Reads ``content/chapters`` and ``content/events``; writes their pages and files.

    Attributes:
        build: The run this generator belongs to (set by binding, see ``adapters.build``).
        site: The derived site, after phase one.
        events, chapters: Pelican content objects (``context["events"]``,
            ``context["chapters"]``) of the published events and chapters.
    """

    build: ClassVar[Build]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.config = self.build.config
        session = self.build.session
        self.engine = Engine(Path(self.output_path), session, self.build.jobs)
        cache = Path(str(self.settings.get("CACHE_PATH") or "cache")) / "chapterhouse"
        self.cache = cache
        self.logo = self._read_logo(Path(self.path))
        self.languages = install_template_helpers(
            self.env, self.config, cache, self.build.interfaces, self.logo
        )
        self.site: SiteModel | None = None
        self.events: list[ChapterhouseContent] = []
        self.chapters: list[ChapterhouseContent] = []
        self.bodies: dict[str, str] = {}
        self.progress = BuildProgress(None)
        self._extras: list[Extra] = []
        self._more: list[Callable[[SiteModel], Iterable[Output]]] = []
        self._renderer = MarkdownRenderer()
        signals.chapterhouse_generator_init.send(self)

    def _read_logo(self, content_root: Path) -> bytes:
        """The settings' ``logo``; a missing or unreadable one is a warning, and no logo.

        The same settings often build other content (``--content``, a fork's own
        folder): a logo left behind must not stop the build, nor pass unsaid.
        """
        if not self.config.logo:
            return b""
        path = content_root / self.config.logo
        try:
            data = path.read_bytes()
        except OSError:
            problem = f"no such file in {content_root}"
        else:
            problem = logo_problem(data, self.config.logo)
            if not problem:
                return data
        logger.warning(
            "[chapterhouse] CHAPTERHOUSE['logo']: %r: %s; the site is built without a logo "
            "(icons from its initials)",
            self.config.logo,
            problem,
        )
        return b""

    # For other plugins --------------------------------------------------------------------------
    def add_page_values(self, extra: Extra) -> None:
        """Add values to pages: ``extra(kind, values)`` returns the values to add.

        ``kind`` is the template's name without ``.html`` (``event``, ``chapter``,
        ``index``…); ``values`` are the page's own. The values added are declared
        inputs like the others: the page is made again when they change.
        """
        self._extras.append(extra)

    def add_outputs(self, outputs: Callable[[SiteModel], Iterable[Output]]) -> None:
        """Add outputs: ``outputs(site)`` returns more :class:`Output` to make in phase two."""
        self._more.append(outputs)

    # Phase one ------------------------------------------------------------------------------------
    def generate_context(self) -> None:
        """Read, validate and derive; raise ContentError listing every problem."""
        try:
            self._derive(Path(self.path))
        except BaseException:
            self.progress.close()
            raise
        signals.chapterhouse_loaded.send(self, site=self.site)

    def _derive(self, content_root: Path) -> None:
        now = build_now(os.environ, system_clock)
        catalog = self._load(content_root, now)
        remote = self._network(content_root, catalog, now)
        catalog = dataclasses.replace(
            catalog,
            chapters=(*catalog.chapters, *remote.chapters),
            events=(*catalog.events, *remote.events),
        )
        problems = []
        for chapter in (*catalog.published_chapters, *catalog.published_series):
            body, problem = render_body(self._renderer, chapter.body, chapter.source)
            self.bodies[chapter.source.relpath] = body
            problems += [problem] if problem else []
        if problems:
            raise ContentError(problems)
        schedule = build_schedule(
            catalog.events,
            now,
            self.config,
            catalog.topics,
            chapters=[chapter.slug for chapter in catalog.published_chapters],
        )
        sources = (
            *catalog.published_events,
            *catalog.published_chapters,
            *catalog.pages,
            *catalog.published_series,
        )
        histories = KeptHistories.in_cache(self.cache)
        kept = histories.get()
        history = read_history(
            content_root,
            [item.source.relpath for item in sources],
            os.environ.get("SOURCE_DATE_EPOCH"),
            kept.walk,
        )
        stamps, fingerprints = stamp_events(
            catalog.published_events,
            history,
            lambda rel: (content_root / rel).read_bytes(),
            kept.fingerprints,
        )
        if history.walk is not None and (
            history.walk != kept.walk or fingerprints != kept.fingerprints
        ):
            histories.put(Kept(history.walk, fingerprints))
        stamps.update(remote.stamps)
        self.site = SiteModel(
            settings=self.config,
            urls=Urls(self.config.site_url, self.config.site_path, self.config.languages),
            now=now,
            catalog=catalog,
            schedule=schedule,
            stamps=stamps,
            feed_events=select_feed_events(catalog, schedule, self.config),
            modified={path: file.modified for path, file in history.files.items()},
            logo=self.logo,
            pictures=self._pictures(content_root, catalog),
        )
        for problem in colour_problems(self.site):
            logger.warning("[chapterhouse] %s", problem)
        for event in catalog.published_events:
            for warning in event_warnings(event) if not event.is_remote else ():
                logger.warning("[chapterhouse] %s", warning.format())
        self._share(self.site)
        self._warn_untranslated(catalog)

    def _network(self, content_root: Path, catalog: Catalog, now: datetime) -> RemoteContent:
        """A hub's members' chapters and events (none without ``network.yml``).

        Problems of ``network.yml`` are content problems (the build fails); a
        member that fails is one warning, and its last good copy is used. With
        ``CHAPTERHOUSE_OFFLINE=1`` nothing is fetched.
        """
        path = content_root / NETWORK_FILE
        if not path.is_file():
            return RemoteContent()
        try:
            members = parse_members(path.read_bytes(), display_path(content_root, NETWORK_FILE))
        except NetworkError as error:
            raise ContentError(list(error.problems)) from None
        gathered = gather(
            members,
            Store.in_cache(self.cache),
            now,
            offline=os.environ.get(OFFLINE_VARIABLE) == "1",
            own_slugs=frozenset(chapter.slug for chapter in catalog.chapters),
            own_uids=frozenset(event_uid(e, self.config.uid_domain) for e in catalog.events),
            readings=Readings.in_cache(self.cache),
        )
        index = catalog.topics
        slug_of = functools.cache(index.slug_of)  # 30,000 events name a few hundred topics
        known = frozenset(slug_of(t) for e in catalog.events for t in e.topics)
        known |= frozenset(index.declared)
        allowed = shared_topics(gathered, slug_of, known)
        for line in gathered.warnings:
            logger.warning("[chapterhouse] %s", line)
        return remote_content(gathered, now, keep_topic=lambda topic: slug_of(topic) in allowed)

    def _pictures(self, content_root: Path, catalog: Catalog) -> Pictures:
        """The pictures, probed; one that cannot be read is a warning, left out of the site."""
        items = (*catalog.published_events, *catalog.published_chapters, *catalog.pages)
        pictures, problems = load_pictures(
            content_root,
            picture_references(items),
            display=lambda rel: display_path(content_root, rel),
        )
        for problem in problems:
            logger.warning("[chapterhouse] %s", problem.format())
        for warning in picture_warnings(items, pictures):
            logger.warning("[chapterhouse] %s", warning)
        return pictures

    def _warn_untranslated(self, catalog: Catalog) -> None:
        """Once per language the interface is not translated into, naming where it is used."""
        users: dict[str, str] = {tag: "CHAPTERHOUSE['languages']" for tag in self.config.languages}
        items = (*catalog.published_chapters, *catalog.published_events, *catalog.pages)
        for item in sorted(items, key=lambda i: i.source.relpath):
            language = getattr(item, "lang", "") or self.config.lang
            users.setdefault(language, item.source.path)
        said: set[str] = set()
        for language, where in sorted(users.items()):
            interface = self.build.interfaces(language)
            for problem in interface.catalog_problems:
                if problem not in said:  # es and es-MX share a catalog
                    said.add(problem)
                    logger.warning("[chapterhouse] %s", problem)
            if interface.falls_back:
                logger.warning(
                    "[chapterhouse] %s: no interface translation for %r: buttons and labels "
                    "are in English there (dates, times and numbers are still written the %r "
                    "way); add a catalog as docs/languages.md explains",
                    where,
                    language,
                    language,
                )

    def _load(self, content_root: Path, now: datetime) -> Catalog:
        """Every content file; events from the previous build when unchanged.

        A recap on an event that has not ended at ``now`` is a problem like the others.
        """
        loader = EventLoader(
            content_root, self.config, self.engine.memo, self.build.jobs, self._start_progress
        )
        catalog = load_catalog(
            content_root,
            self.config,
            lambda rel: display_path(content_root, rel),
            load_events=loader,
            static_folders=tuple(self.settings.get("STATIC_PATHS") or ()),
        )
        problems = [*catalog.problems, *recap_problems(catalog.events, now)]
        if problems:
            raise ContentError(problems)
        self.bodies.update(loader.bodies)
        return catalog

    def _share(self, site: SiteModel) -> None:
        """What Pelican and other generators see: chapters and events as content, images."""
        urls = site.urls
        self.context["site_alternates"] = site_alternates(urls, self.config.site_name)
        self.context["chapterhouse"] = site
        for event in site.catalog.published_events:
            self.events.append(self._content(event, urls.event_path(event.slug), "event"))
        for chapter in site.catalog.published_chapters:
            self.chapters.append(self._content(chapter, urls.chapter_path(chapter.slug), "chapter"))
        self._update_context(("events", "chapters"))
        shown = (*site.catalog.published_events, *site.catalog.published_chapters)
        self.context["static_links"] |= {i.image for i in shown if i.image and "://" not in i.image}

    def _content(self, item: Any, path: str, template: str) -> ChapterhouseContent:
        source = os.path.join(self.path, item.source.relpath)
        content = ChapterhouseContent(item, path, template, self.settings, source)
        self.add_source_path(content)
        return content

    def _start_progress(self, events: int) -> Callable[[int], None]:
        self.progress = BuildProgress.for_terminal(console, os.environ, events)
        return self.progress.step("Reading events", events)

    # Phase two ------------------------------------------------------------------------------------
    def generate_output(self, writer: Any) -> None:
        """Make every output the site declares (pages, calendars, feeds, indexes)."""
        if self.site is None:
            return
        try:
            plan = self.plan(self.site)
            total = sum(len(stage.items) for stage in plan)
            update = self.progress.step("Writing pages and calendars", total)
            outcome = self.engine.run(plan, progress=update)
            self.engine.finish()
        finally:
            self.progress.close()
        used = card_keys(self.engine.folder.manifest)
        self._card_store.prune(
            lambda name: kept_card(name, used),
            every=CARD_STORE_LOOK,
            looker=self._card_store_looker,
        )
        written = sorted(self.engine.folder.written)
        kept = sorted(set(self.engine.folder.manifest) - set(written))
        signals.chapterhouse_written.send(self, written=written, kept=kept)
        for path in written:  # what Pelican's writer tells other plugins
            pelican_signals.content_written.send(os.path.join(self.output_path, path), context={})
        console.print(self._summary(len(self.engine.folder.manifest), outcome.processes))

    def plan(self, site: SiteModel) -> Plan:
        """Every output, in two stages: per-event files, then files that gather events."""
        interfaces = self.build.interfaces
        used = {*site.settings.languages, *(e.lang for e in site.catalog.published_events)}
        used |= {c.lang or site.settings.lang for c in site.catalog.published_chapters}
        self.languages.prepare(sorted(used), PAGE_TEMPLATES)
        cards = SocialCards(site, interfaces, self._theme_fonts(), self._card_store)
        context = PageContext(
            model=site,
            render=self.languages.render,
            bodies=self._resolved_bodies(),
            footer=tuple(
                FooterLink(p.url, str(p.title), page_language(p, site.settings.lang))
                for p in self.context.get("pages", ())
            ),
            interfaces=interfaces,
            extras=(cards.page_values, *self._extras),
        )
        files = FileOutputs(site, interfaces)
        (events, event_page), shared_pages = page_outputs(context)
        more = [partial(_same, output) for make in self._more for output in make(site)]
        renditions = [partial(_same, output) for output in site.pictures.rendition_outputs()]
        return [
            # Many small outputs, each declared in the process that makes it (the work of
            # declaring is spread too): forked when there are hundreds.
            Stage(
                [
                    *((event_page, e) for e in events),
                    *((files.event_calendar, e) for e in events),
                    *((cards.event_card, e) for e in events if cards.has_card(e)),
                ],
                _declare,
            ),
            # Fewer, longer ones (the site calendar, feeds, listings): taken one at a time.
            # Pictures' renditions are long too (a decoded photo each).
            Stage(
                [*files.shared_files(), *shared_pages, *more, *renditions],
                _call,
                fork_from=1,
                chunk=1,
            ),
        ]

    @property
    def _card_store_looker(self) -> str:
        """This site in the card store's marks: its cache folder's name (one per output folder)."""
        session = self.build.session
        folder = (
            session.folder
            if session is not None
            else cache_folder(self.settings, Path(self.output_path).resolve())
        )
        return "-" + folder.name

    @cached_property
    def _card_store(self) -> BlobStore:
        """Social cards kept by key across builds (see ``card_store_folder``)."""
        return BlobStore(card_store_folder(self.settings))

    def _theme_fonts(self) -> Path | None:
        """The theme's fonts folder, when it has the social cards' font (else the package's)."""
        fonts = Path(str(self.settings.get("THEME", ""))) / "static" / "fonts"
        return fonts if (fonts / "NotoSans-Bold.ttf").is_file() else None

    def _resolved_bodies(self) -> Mapping[str, Markup]:
        """Bodies with their ``{filename}``/``{static}`` links resolved (known in phase two)."""
        resolved = {}
        for relpath, body in self.bodies.items():
            if "{" in body:
                body, missing = resolve_intrasite_links(body, relpath, self._find_link)
                for target in missing:
                    self.log_missing(relpath, target)
            resolved[relpath] = Markup(body)  # noqa: S704 - sanitised by nh3
        return resolved

    def log_missing(self, relpath: str, target: str) -> None:
        """A body links to a content file that does not exist: a warning (an error with -W)."""
        logger.warning("[chapterhouse] %s: link to %s: no such content file", relpath, target)

    def _find_link(self, kind: str, relpath: str) -> str | None:
        key = "generated_content" if kind == "filename" else "static_content"
        target = self.context[key].get(relpath)
        return self.site.urls.link(target.url) if target is not None and self.site else None

    def _summary(self, files: int, processes: int) -> str:
        """What was built, in one line (Pelican's own summary only counts its pages)."""
        assert self.site is not None
        catalog, listed = self.site.catalog, self.site.schedule.everything
        counts = [
            maybe_pluralize(len(catalog.published_chapters), "chapter", "chapters"),
            maybe_pluralize(len(catalog.published_events), "event", "events"),
            maybe_pluralize(len(listed.upcoming), "upcoming date", "upcoming dates"),
            maybe_pluralize(len(catalog.pages), "page", "pages"),
        ]
        written = len(self.engine.folder.written)
        return (
            f"Chapterhouse: {', '.join(counts)}; {maybe_pluralize(files, 'file', 'files')} "
            f"({written} written, {files - written} unchanged) "
            f"on {maybe_pluralize(processes, 'process', 'processes')}."
        )
