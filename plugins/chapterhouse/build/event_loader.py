"""Phase one's event loading: from the build cache when a file is unchanged, else on every core.

An event file's load (validation, model, Markdown body) depends on its bytes,
its path, its chapter (defaults such as the time zone, whether it exists),
the settings and the code; the last two are covered by the cache's
fingerprint, the others by each entry's keys. A cached event's local image
is checked again (loading checked it then).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path

from chapterhouse.build.cache import LoadedEntry, digest
from chapterhouse.build.fingerprint import Fingerprinter
from chapterhouse.build.parallel import run_jobs
from chapterhouse.build.reader import display_path
from chapterhouse.config import ChapterhouseSettings
from chapterhouse.core.catalog import load_file
from chapterhouse.core.files import check_published, read_bounded
from chapterhouse.core.loading import Loaded, load_event
from chapterhouse.core.model import Chapter, Event, Visibility
from chapterhouse.render.markdown import MarkdownRenderer, render_body

Progress = Callable[[int], None]


class EventLoader:
    """``load_events`` for :func:`~chapterhouse.core.catalog.load_catalog`.

    Args:
        content_root: The content folder.
        settings: Chapterhouse settings.
        workers: Processes to load on.
        previous: The previous build's entries, by source path.
        progress: ``start(total) -> update(done)`` for a progress display.

    After a call, ``entries`` holds every successfully loaded event by source
    path (for the next build's cache) and ``keys`` each event's fingerprint by
    ``id`` (see :mod:`.fingerprint`).
    """

    def __init__(
        self,
        content_root: Path,
        settings: ChapterhouseSettings,
        workers: int,
        previous: Mapping[str, LoadedEntry],
        progress: Callable[[int], Progress],
    ):
        self.content_root = content_root
        self.settings = settings
        self.workers = workers
        self.previous = previous
        self.progress = progress
        self.entries: dict[str, LoadedEntry] = {}
        self.keys: dict[int, str] = {}
        self._renderer = MarkdownRenderer()

    def __call__(
        self, relpaths: tuple[str, ...], chapters: dict[str, Chapter], broken: frozenset[str]
    ) -> list[Loaded[Event]]:
        """Load every event file and render its body."""
        update = self.progress(len(relpaths))
        depends = _Dependencies(chapters, broken, display_path(self.content_root, "."))
        entries: list[LoadedEntry | None] = []
        misses: list[tuple[int, str, str]] = []
        for index, relpath in enumerate(relpaths):
            data, _ = read_bounded(self.content_root, relpath, self.settings.max_file_size)
            raw = digest(data) if data is not None else ""
            entry = self.previous.get(relpath)
            usable = (
                entry is not None
                and raw
                and entry.raw == raw
                and entry.depends == depends(entry.chapter)
                and _image_still_there(entry.loaded.item, self.content_root)
            )
            entries.append(entry if usable else None)
            if not usable:
                misses.append((index, relpath, raw))
        cached = len(relpaths) - len(misses)
        update(cached)
        jobs = [partial(self._load, relpath, chapters, broken) for _, relpath, _ in misses]
        loads = run_jobs(jobs, self.workers, progress=lambda done: update(cached + done))
        failed: dict[int, Loaded[Event]] = {}
        for (index, relpath, raw), (loaded, body) in zip(misses, loads, strict=True):
            if loaded.item is None or loaded.problems:
                failed[index] = loaded
                continue
            chapter = loaded.item.chapter
            key = digest(raw, relpath, depends(chapter))
            entries[index] = LoadedEntry(raw, chapter, depends(chapter), key, loaded, body)
        results = []
        for index, entry in enumerate(entries):
            if entry is None:
                results.append(failed[index])
                continue
            results.append(entry.loaded)
            self.entries[relpaths[index]] = entry
            self.keys[id(entry.loaded.item)] = entry.key
        return results

    def _load(
        self, relpath: str, chapters: dict[str, Chapter], broken: frozenset[str]
    ) -> tuple[Loaded[Event], str | None]:
        shown = display_path(self.content_root, relpath)
        loaded = load_file(
            load_event,
            self.content_root,
            relpath,
            shown,
            self.settings,
            self.content_root,
            chapters,
            broken,
        )
        event = loaded.item
        if event is None or event.visibility is Visibility.DRAFT:
            return loaded, None
        body, problem = render_body(self._renderer, event.body, event.source)
        if problem is not None:
            return Loaded(None, loaded.slug, (problem,)), None
        return loaded, body


class _Dependencies:
    """What loading an event of a given chapter read besides the file itself."""

    def __init__(self, chapters: Mapping[str, Chapter], broken: frozenset[str], shown_root: str):
        fingerprints = Fingerprinter()
        self.shown_root = shown_root
        self.known = {
            slug: digest(slug, fingerprints.of(chapter), False, shown_root)
            for slug, chapter in chapters.items()
        }
        self.known.update((slug, digest(slug, None, True, shown_root)) for slug in broken)

    def __call__(self, chapter: str) -> str:
        return self.known.get(chapter) or digest(chapter, None, False, self.shown_root)


def _image_still_there(event: Event | None, content_root: Path) -> bool:
    image = event.image if event else ""
    return not image or "://" in image or check_published(content_root, image) is None
