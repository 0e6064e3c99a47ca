"""``invoke import``: events from an iCalendar file or feed into a chapter's folder.

Prints what was not imported as it was (``source:VEVENT n (UID …): PROPERTY:
message``), the files created, updated or skipped, and a summary. Exit status
1 when the calendar or the project cannot be used at all, 0 otherwise (skipped
events are reported, not fatal); never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from chapterhouse.cli.project import UsageError, load_project
from chapterhouse.core.catalog import discover
from chapterhouse.core.loading import load_chapter
from chapterhouse.core.model import Chapter
from chapterhouse.importer.run import ImportRequest, import_calendar
from chapterhouse.importer.source import SourceError


def import_events(
    settings_file: Path,
    source: str,
    chapter: str,
    content: str | None = None,
    dry_run: bool = False,
    out: TextIO | None = None,
) -> int:
    """Run one import; return the exit status."""
    out = out or sys.stdout
    try:
        project = load_project(settings_file, content)
        chapters = _chapters(project.content, project.config)
        if chapter not in chapters:
            known = ", ".join(sorted(chapters)) or "none (create one with `invoke new-chapter`)"
            raise UsageError(f"there is no chapter {chapter!r}; chapters: {known}")
        report = import_calendar(
            ImportRequest(source, chapter, project.content, dry_run), project.config, chapters
        )
    except (UsageError, SourceError) as error:
        print(f"error: {error}", file=out)
        return 1
    for line in report.lines():
        print(line, file=out)
    return 0


def _chapters(content: Path, config) -> dict[str, Chapter]:  # type: ignore[no-untyped-def]
    chapters: dict[str, Chapter] = {}
    for relpath in discover(content).chapters:
        loaded = load_chapter((content / relpath).read_bytes(), relpath, relpath, config, content)
        if loaded.problems:
            raise UsageError(
                f"the chapter file {relpath} has problems; run `invoke validate` first"
            )
        if loaded.item is not None:
            chapters[loaded.item.slug] = loaded.item
    return chapters
