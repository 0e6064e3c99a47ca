"""Reading events: remembered from the previous build when unchanged, else on every core.

An event file's load (validation, model, Markdown body) depends on its bytes,
its path, its chapter (defaults such as the time zone, whether it exists) and
the settings and code (which the whole cache is for). The file's bytes give
the chapter it names (remembered by their digest); the bytes, the path and
that chapter's revision give the load. A remembered event's local picture is
checked again (it may have changed since).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from chapterhouse.adapters.reader import display_path
from chapterhouse.core.catalog import load_file
from chapterhouse.core.files import check_published, read_found
from chapterhouse.core.loading import Loaded, load_event
from chapterhouse.core.model import Chapter, Event, Series, Visibility
from chapterhouse.core.settings import ContentSettings
from chapterhouse.incremental.engine import Memo
from chapterhouse.incremental.fingerprint import digest
from chapterhouse.incremental.jobs import JobRunner
from chapterhouse.render.markdown import (
    MarkdownRenderer,
    render_body,
    render_writeup,
    writeup_key,
)

Progress = Callable[[int], None]
#: An event as loaded (or refused), with its sanitised body (None for drafts and refusals)
#: and its recap's sanitised write-up (``""`` when none).
LoadedEvent = tuple[Loaded[Event], str | None, str]


class EventLoader:
    """``load_events`` for :func:`~chapterhouse.core.catalog.load_catalog`.

    Args:
        content_root: The content folder.
        settings: What content is read with.
        memo: The build's memo (the previous build's loads, and this one's).
        jobs: Runs the loads that are not remembered, on every core.
        progress: ``start(total) -> update(done)`` for a progress display.
    """

    def __init__(
        self,
        content_root: Path,
        settings: ContentSettings,
        memo: Memo,
        jobs: JobRunner,
        progress: Callable[[int], Progress],
    ):
        self.content_root = content_root
        self.settings = settings
        self.memo = memo
        self.jobs = jobs
        self.progress = progress
        #: Sanitised bodies by source path (events that have a page).
        self.bodies: dict[str, str] = {}
        self._renderer = MarkdownRenderer()

    def __call__(
        self,
        relpaths: tuple[str, ...],
        chapters: dict[str, Chapter],
        broken: frozenset[str],
        series: Mapping[str, Series] | None = None,
        broken_series: frozenset[str] = frozenset(),
    ) -> list[Loaded[Event]]:
        """Load every event file and render its body."""
        update = self.progress(len(relpaths))
        series = series or {}
        depends = _Dependencies(
            chapters, broken, display_path(self.content_root, "."), series, broken_series
        )
        keys: list[str | None] = []
        misses: list[int] = []
        results: list[LoadedEvent | None] = []
        for index, relpath in enumerate(relpaths):
            data, _ = read_found(self.content_root, relpath, self.settings.max_file_size)
            raw = digest(data) if data is not None else ""
            named = self.memo.previous.get(f"chapter-of:{raw}") if raw else None
            key = f"event:{digest(raw, relpath, depends(named))}" if named is not None else None
            remembered = self.memo.previous.get(key) if key else None
            if remembered is not None and _picture_still_fine(
                remembered[0].item, self.content_root
            ):
                results.append(self.memo.get(key, lambda value=remembered: value))
                self.memo.get(f"chapter-of:{raw}", lambda named=named: named)
            else:
                results.append(None)
                misses.append(index)
            keys.append(raw)
        update(len(relpaths) - len(misses))
        jobs = [
            partial(self._load, relpaths[i], chapters, broken, series, broken_series)
            for i in misses
        ]
        done = len(relpaths) - len(misses)
        loads = self.jobs.run(jobs, progress=lambda count: update(done + count))
        for index, loaded in zip(misses, loads, strict=True):
            results[index] = loaded
            raw = keys[index]
            event = loaded[0].item
            if event is None or loaded[0].problems or not raw:
                continue  # refused files are read again next time: their messages must show
            self.memo.get(f"chapter-of:{raw}", lambda event=event: event.chapter)
            key = f"event:{digest(raw, relpaths[index], depends(event.chapter))}"
            self.memo.get(key, lambda loaded=loaded: loaded)
        out = []
        for relpath, result in zip(relpaths, results, strict=True):
            assert result is not None
            loaded, body, writeup = result
            if body is not None:
                self.bodies[relpath] = body
            if writeup:
                self.bodies[writeup_key(relpath)] = writeup
            out.append(loaded)
        return out

    def _load(
        self,
        relpath: str,
        chapters: dict[str, Chapter],
        broken: frozenset[str],
        series: Mapping[str, Series],
        broken_series: frozenset[str],
    ) -> LoadedEvent:
        shown = display_path(self.content_root, relpath)
        loaded = load_file(
            load_event, self.content_root, relpath, shown, self.settings, self.content_root,
            chapters, broken, False, series, broken_series,
        )  # fmt: skip
        event = loaded.item
        if event is None or event.visibility is Visibility.DRAFT:
            return loaded, None, ""
        body, problem = render_body(self._renderer, event.body, event.source)
        writeup, writeup_problem = (
            render_writeup(self._renderer, event.recap.writeup, event.source)
            if event.recap and event.recap.writeup
            else ("", None)
        )
        problems = tuple(p for p in (problem, writeup_problem) if p is not None)
        if problems:
            return Loaded(None, loaded.slug, problems), None, ""
        return loaded, body, writeup


class _Dependencies:
    """What loading an event of a given chapter read besides its file, as a short text.

    Its chapter's revision, and which chapters exist at all: an event that names
    no chapter belongs to the only one, or is an error once there are two. And
    every series (an edition takes its series' values; few files, so any
    series' change reads the events again).
    """

    def __init__(
        self,
        chapters: Mapping[str, Chapter],
        broken: frozenset[str],
        shown_root: str,
        series: Mapping[str, Series] | None = None,
        broken_series: frozenset[str] = frozenset(),
    ):
        every_series = sorted(f"{slug}:{s.source.revision}" for slug, s in (series or {}).items())
        self.common = digest(
            sorted(chapters), sorted(broken), shown_root, every_series, sorted(broken_series)
        )
        self.known = {
            slug: f"{slug}:{chapter.source.revision}:{self.common}"
            for slug, chapter in chapters.items()
        }

    def __call__(self, chapter: Any) -> str:
        known = self.known.get(chapter) if isinstance(chapter, str) else None
        return known or f"{chapter!r}::{self.common}"


def _picture_still_fine(event: Event | None, content_root: Path) -> bool:
    images = [event.image, *(event.recap.photos if event.recap else ())] if event else []
    return all(
        not image or "://" in image or check_published(content_root, image) is None
        for image in images
    )
