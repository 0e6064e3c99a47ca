"""The whole content folder: discover, load and cross-check every file.

Used identically by the Pelican build and by ``invoke validate``, so both
report exactly the same problems.
"""

from __future__ import annotations

import fnmatch
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import TypeVar

from chapterhouse.core.files import (
    FileIssue,
    problems_of_static_folders,
    read_bounded,
    read_found,
    walk,
)
from chapterhouse.core.loading import (
    Loaded,
    PageRecord,
    load_chapter,
    load_event,
    load_guarded,
    load_page,
    load_series,
)
from chapterhouse.core.model import Chapter, Event, Series, Visibility, event_uid, revision_of
from chapterhouse.core.problems import Problem
from chapterhouse.core.recurrence import next_after
from chapterhouse.core.settings import ContentSettings
from chapterhouse.core.slugs import slugify
from chapterhouse.core.topics import TOPICS_FILE, TopicIndex, load_topics

T = TypeVar("T")

CONTENT_EXTENSIONS = (".md", ".markdown")
IGNORED = (".*", "_*", "*~", "#*#")
_IGNORED = re.compile("|".join(fnmatch.translate(pattern) for pattern in IGNORED))
CHAPTERS_DIR, EVENTS_DIR, PAGES_DIR = "chapters", "events", "pages"
SERIES_DIR = "series"


@dataclass(frozen=True)
class ContentFiles:
    """Content files found, as POSIX paths relative to the content folder.

    Attributes:
        chapters: Chapter files.
        events: Event files (sub-folders allowed).
        pages: Page files.
        refused: Entries that break the file rule (symbolic links, devices…),
            with why.
    """

    chapters: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    pages: tuple[str, ...] = ()
    refused: tuple[tuple[str, FileIssue], ...] = ()
    series: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalog:
    """Every valid chapter, event and page, drafts included (callers filter).

    On a hub, the members' chapters and events are added too (``is_remote``):
    they are listed like the others but get no page of their own.
    """

    chapters: tuple[Chapter, ...] = ()
    events: tuple[Event, ...] = ()
    pages: tuple[PageRecord, ...] = ()
    topics: TopicIndex = field(default_factory=TopicIndex)
    problems: tuple[Problem, ...] = field(default=(), compare=False)
    series: tuple[Series, ...] = ()

    def chapters_by_slug(self) -> dict[str, Chapter]:
        """Chapters keyed by slug."""
        return {chapter.slug: chapter for chapter in self.chapters}

    @property
    def published_chapters(self) -> tuple[Chapter, ...]:
        """Chapters that get a page (published and hidden; a hub's remote ones get none)."""
        return tuple(
            c for c in self.chapters if c.visibility is not Visibility.DRAFT and not c.is_remote
        )

    @property
    def published_series(self) -> tuple[Series, ...]:
        """Series that get a page (published and hidden)."""
        return tuple(s for s in self.series if s.visibility is not Visibility.DRAFT)

    def editions_of(self, series: Series) -> tuple[Event, ...]:
        """A series' editions that get a page, in the order of their start."""
        return tuple(
            sorted(
                (e for e in self.published_events if e.series == series.slug),
                key=lambda e: (e.occurrence_at(e.start).starts_at, e.slug),
            )
        )

    @property
    def published_events(self) -> tuple[Event, ...]:
        """Events that get a page (published and hidden; drafts appear nowhere; remote: none)."""
        return tuple(
            e for e in self.events if e.visibility is not Visibility.DRAFT and not e.is_remote
        )


def discover(content_root: Path) -> ContentFiles:
    """Find chapter, event (sub-folders allowed) and page files, without following links."""
    found: dict[str, list[str]] = {CHAPTERS_DIR: [], EVENTS_DIR: [], PAGES_DIR: [], SERIES_DIR: []}
    refused: list[tuple[str, FileIssue]] = []
    for folder, files in found.items():
        for relpath, issue in walk(content_root, folder):
            parts = relpath.split("/")
            if any(_ignored(part) for part in parts[1:]):
                continue
            if issue is not None:
                refused.append((relpath, issue))
            elif relpath.lower().endswith(CONTENT_EXTENSIONS) and (
                folder not in (CHAPTERS_DIR, SERIES_DIR) or len(parts) == 2
            ):
                files.append(relpath)
    return ContentFiles(
        chapters=tuple(sorted(found[CHAPTERS_DIR])),
        events=tuple(sorted(found[EVENTS_DIR])),
        pages=tuple(sorted(found[PAGES_DIR])),
        refused=tuple(sorted(refused, key=lambda entry: entry[0])),
        series=tuple(sorted(found[SERIES_DIR])),
    )


def load_catalog(
    content_root: Path,
    settings: ContentSettings,
    display: Callable[[str], str] | None = None,
    load_events: Callable[..., Iterable[Loaded[Event]]] | None = None,
    static_folders: tuple[str, ...] = ("images",),
) -> Catalog:
    """Load and cross-check everything under ``content_root``.

    Args:
        content_root: The content folder.
        settings: Chapterhouse settings.
        display: Maps a content-relative path to the path shown in messages
            (default: relative to the current directory when possible).
        load_events: Optional replacement for loading the event files one by
            one (the build passes a parallel, cached loader); it receives
            ``(relpaths, chapters, broken_chapter_slugs, series, broken_series_slugs)``
            and yields one :class:`Loaded` per path.
        static_folders: Folders copied as they are (Pelican's ``STATIC_PATHS``),
            whose files are checked too.
    """
    show = display or _display_for(content_root)
    files = discover(content_root)
    problems: list[Problem] = [
        Problem(show(relpath), issue.line, "file", issue.message, issue.hint)
        for relpath, issue in files.refused
    ]

    def load(loader: Callable[..., Loaded[T]], relpath: str, *args: object) -> Loaded[T]:
        return load_file(loader, content_root, relpath, show(relpath), settings, *args)

    chapters_loaded = [load(load_chapter, rel, content_root) for rel in files.chapters]
    chapters = _valid(chapters_loaded, problems)
    chapter_map = {c.slug: c for c in chapters}
    broken = frozenset(r.slug for r in chapters_loaded if r.item is None and r.slug) - set(
        chapter_map
    )

    series_loaded = [
        load(load_series, rel, content_root, chapter_map, broken) for rel in files.series
    ]
    series = _valid(series_loaded, problems)
    series_map = {s.slug: s for s in series}
    broken_series = frozenset(r.slug for r in series_loaded if r.item is None and r.slug) - set(
        series_map
    )

    if load_events is None:
        events_loaded: Iterable[Loaded[Event]] = (
            load(
                load_event,
                rel,
                content_root,
                chapter_map,
                broken,
                False,
                series_map,
                broken_series,
            )
            for rel in files.events
        )
    else:
        events_loaded = load_events(files.events, chapter_map, broken, series_map, broken_series)
    events_loaded = list(events_loaded)
    events = _valid(events_loaded, problems)
    problems += _rhythms(series, events)

    pages_loaded = [load(load_page, rel, content_root) for rel in files.pages]
    pages = _valid(pages_loaded, problems)

    topics = _topics(content_root, show(TOPICS_FILE), settings.max_file_size, problems)
    problems += _duplicates(files.chapters, chapters_loaded, show, "chapter", "/chapters/{}/")
    problems += _duplicates(files.events, events_loaded, show, "event", "/events/{}/")
    problems += _duplicates(files.pages, pages_loaded, show, "page", "/{}/")
    problems += _duplicates(files.series, series_loaded, show, "series", "/series/{}/")
    problems += _duplicate_uids(events, settings.uid_domain)
    problems += problems_of_static_folders(content_root, static_folders, show)
    return Catalog(
        tuple(chapters),
        tuple(events),
        tuple(pages),
        topics,
        tuple(sorted(set(problems))),
        tuple(series),
    )


def _rhythms(series: list[Series], events: list[Event]) -> list[Problem]:
    """A series' rhythm must propose a date after its first edition (some rules never do)."""
    first: dict[str, Event] = {}
    for event in events:
        known = first.get(event.series)
        if event.series and (known is None or _start(event) < _start(known)):
            first[event.series] = event
    problems = []
    for one in series:
        edition = first.get(one.slug)
        if edition is not None and next_after(one.rhythm, edition.start, edition.tz) is None:
            problems.append(
                Problem(
                    one.source.path,
                    one.source.line_of("rhythm"),
                    "rhythm",
                    f"the rhythm '{one.rhythm}' proposes no date after the first edition "
                    f"({edition.source.path}, {_start(edition):%Y-%m-%d})",
                    "write a rule that has dates, like FREQ=MONTHLY;INTERVAL=3;BYDAY=2TH",
                )
            )
    return problems


def _start(event: Event) -> datetime:
    return event.occurrence_at(event.start).starts_at


def _topics(content_root: Path, shown: str, limit: int, problems: list[Problem]) -> TopicIndex:
    """``topics.yml`` (the topics named differently in different languages), if there is one."""
    if not (content_root / TOPICS_FILE).exists() and not (content_root / TOPICS_FILE).is_symlink():
        return TopicIndex()
    raw, issue = read_bounded(content_root, TOPICS_FILE, limit)
    if raw is None:
        assert issue is not None
        problems.append(Problem(shown, issue.line, "file", issue.message, issue.hint))
        return TopicIndex()
    index, found = load_topics(raw, shown, limit, revision_of(TOPICS_FILE, raw))
    problems.extend(found)
    return index


def load_file(
    loader: Callable[..., Loaded[T]],
    content_root: Path,
    relpath: str,
    shown: str,
    settings: ContentSettings,
    *args: object,
    found: bool = True,
) -> Loaded[T]:
    """Read one content file and load it with ``loader``, never raising.

    ``found``: the file was found by :func:`discover` (its folders are real ones);
    otherwise its whole path is checked before it is read.
    """
    read = read_found if found else read_bounded
    raw, issue = read(content_root, relpath, settings.max_file_size)
    if raw is None:
        assert issue is not None
        hint = issue.hint
        if "limit" in issue.message:
            hint = "split it, or raise CHAPTERHOUSE['max_file_size']"
        problem = Problem(shown, issue.line, "file", issue.message, hint)
        return Loaded(None, slugify(PurePosixPath(relpath).stem), (problem,))
    return load_guarded(loader, raw, relpath, shown, settings, *args)


def _ignored(name: str) -> bool:
    return _IGNORED.match(name) is not None


def _display_for(content_root: Path) -> Callable[[str], str]:
    try:
        shown = content_root.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        shown = content_root
    return lambda relpath: (shown / relpath).as_posix()


def _valid(loaded: list[Loaded[T]], problems: list[Problem]) -> list[T]:
    items = []
    for result in loaded:
        problems.extend(result.problems)
        if result.item is not None:
            items.append(result.item)
    return items


def _duplicates(
    relpaths: tuple[str, ...],
    loaded: list,
    show: Callable[[str], str],
    kind: str,
    url: str,
) -> list[Problem]:
    by_slug: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for relpath, result in zip(relpaths, loaded, strict=True):
        if not result.slug:
            continue
        line = result.item.source.line_of("slug") if result.item is not None else 1
        by_slug[result.slug].append((relpath, line))
    problems = []
    for slug, owners in by_slug.items():
        if len(owners) < 2:
            continue
        first_path, first_line = owners[0]
        for relpath, line in owners[1:]:
            problems.append(
                Problem(
                    show(relpath),
                    line,
                    "slug",
                    f"the {kind} slug '{slug}' ({url.format(slug)}) is also used by "
                    f"{show(first_path)}:{first_line}",
                    "rename the file or set another 'slug:'",
                )
            )
    return problems


def _duplicate_uids(events: list[Event], domain: str) -> list[Problem]:
    owners: dict[str, Event] = {}
    problems = []
    for event in events:
        uid = event_uid(event, domain)
        if uid in owners:
            other = owners[uid]
            if not (event.uid or other.uid):  # same slug: reported as a duplicate slug
                continue
            problems.append(
                Problem(
                    event.source.path,
                    event.source.line_of("uid"),
                    "uid",
                    f"the calendar UID '{uid}' is also used by {other.source.path}",
                    "every event needs its own uid",
                )
            )
        else:
            owners[uid] = event
    return problems
