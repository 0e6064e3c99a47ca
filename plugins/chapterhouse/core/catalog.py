"""The whole content folder: discover, load and cross-check every file.

Used identically by the Pelican build and by ``invoke validate``, so both
report exactly the same problems.
"""

from __future__ import annotations

import fnmatch
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from chapterhouse.config import ChapterhouseSettings
from chapterhouse.core.loading import Loaded, PageRecord, load_chapter, load_event, load_page
from chapterhouse.core.model import Chapter, Event, Visibility, event_uid
from chapterhouse.core.problems import Problem
from chapterhouse.core.static_files import check_static_files

T = TypeVar("T")

CONTENT_EXTENSIONS = (".md", ".markdown")
IGNORED = (".*", "_*", "*~", "#*#")
CHAPTERS_DIR, EVENTS_DIR, PAGES_DIR = "chapters", "events", "pages"


@dataclass(frozen=True)
class ContentFiles:
    """Content files found, as POSIX paths relative to the content folder."""

    chapters: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    pages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalog:
    """Every valid chapter, event and page, drafts included (callers filter)."""

    chapters: tuple[Chapter, ...] = ()
    events: tuple[Event, ...] = ()
    pages: tuple[PageRecord, ...] = ()
    problems: tuple[Problem, ...] = field(default=(), compare=False)

    def chapters_by_slug(self) -> dict[str, Chapter]:
        """Chapters keyed by slug."""
        return {chapter.slug: chapter for chapter in self.chapters}

    @property
    def published_chapters(self) -> tuple[Chapter, ...]:
        """Chapters that get a page (published and hidden)."""
        return tuple(c for c in self.chapters if c.visibility is not Visibility.DRAFT)

    @property
    def published_events(self) -> tuple[Event, ...]:
        """Events that get a page (published and hidden; drafts appear nowhere)."""
        return tuple(e for e in self.events if e.visibility is not Visibility.DRAFT)


def discover(content_root: Path) -> ContentFiles:
    """Find chapter, event (sub-folders allowed) and page files."""
    return ContentFiles(
        chapters=tuple(_walk(content_root, CHAPTERS_DIR, recursive=False)),
        events=tuple(_walk(content_root, EVENTS_DIR, recursive=True)),
        pages=tuple(_walk(content_root, PAGES_DIR, recursive=True)),
    )


def load_catalog(
    content_root: Path,
    settings: ChapterhouseSettings,
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
            ``(relpaths, chapters, broken_chapter_slugs)`` and yields one
            :class:`Loaded` per path.
        static_folders: Folders copied as they are (Pelican's ``STATIC_PATHS``),
            whose files are checked too.
    """
    show = display or _display_for(content_root)
    files = discover(content_root)
    problems: list[Problem] = []

    chapters_loaded = [
        load_chapter(_read(content_root, rel), rel, show(rel), settings, content_root)
        for rel in files.chapters
    ]
    chapters = _valid(chapters_loaded, problems)
    chapter_map = {c.slug: c for c in chapters}
    broken = frozenset(r.slug for r in chapters_loaded if r.item is None and r.slug) - set(
        chapter_map
    )

    if load_events is None:
        events_loaded: Iterable[Loaded[Event]] = (
            load_event(
                _read(content_root, rel),
                rel,
                show(rel),
                settings,
                content_root,
                chapter_map,
                broken,
            )
            for rel in files.events
        )
    else:
        events_loaded = load_events(files.events, chapter_map, broken)
    events_loaded = list(events_loaded)
    events = _valid(events_loaded, problems)

    pages_loaded = [
        load_page(_read(content_root, rel), rel, show(rel), settings, content_root)
        for rel in files.pages
    ]
    pages = _valid(pages_loaded, problems)

    problems += _duplicates(files.chapters, chapters_loaded, show, "chapter", "/chapters/{}/")
    problems += _duplicates(files.events, events_loaded, show, "event", "/events/{}/")
    problems += _duplicates(files.pages, pages_loaded, show, "page", "/{}/")
    problems += _duplicate_uids(events, settings.uid_domain)
    problems += check_static_files(content_root, list(static_folders), show)
    return Catalog(tuple(chapters), tuple(events), tuple(pages), tuple(sorted(set(problems))))


def _walk(root: Path, folder: str, recursive: bool) -> Iterator[str]:
    base = root / folder
    if not base.is_dir():
        return
    found = []
    for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not _ignored(d)) if recursive else []
        prefix = Path(dirpath).relative_to(root).as_posix()
        found += (
            f"{prefix}/{name}"
            for name in filenames
            if name.lower().endswith(CONTENT_EXTENSIONS) and not _ignored(name)
        )
    yield from sorted(found)


def _ignored(name: str) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in IGNORED)


def _read(root: Path, relpath: str) -> bytes:
    return (root / relpath).read_bytes()


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
