"""Chapterhouse's signals, and its connections to Pelican's.

Receivers live at module level: Pelican's signals (blinker) hold weak
references.

Signals Chapterhouse sends (documented for plugin authors in
``docs/extending.md``):

* ``chapterhouse_generator_init(generator)``: the events generator exists;
* ``chapterhouse_loaded(generator, site=SiteModel)``: every chapter, event
  and page is read and the site derived, nothing is written; a plugin may
  add values to pages (``generator.add_page_values``) or outputs
  (``generator.add_outputs``);
* ``chapterhouse_written(generator, written=[paths], kept=[paths])``: every
  output of the events generator is in the staging folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from blinker import signal
from pelican import signals

from chapterhouse.adapters.reader import display_path
from chapterhouse.core.files import FileIssue, check_published, normalise
from chapterhouse.core.problems import ContentError, Problem

chapterhouse_generator_init = signal("chapterhouse_generator_init")
chapterhouse_loaded = signal("chapterhouse_loaded")
chapterhouse_written = signal("chapterhouse_written")


def add_generators(pelican: Any) -> type | None:
    """Add the chapters-and-events generator, bound to this run (``get_generators``)."""
    make = getattr(pelican, "events_generator", None)
    return make() if make is not None else None


def check_static_files(generator: Any) -> None:
    """Hold each file Pelican copies to the rule of ``core.files`` (static_generator_finalized).

    Pelican copies the files of ``STATIC_PATHS`` and every file a page links to
    as ``{static}``/``{attach}``, following symbolic links and wherever the path
    leads. Chapterhouse's own checks report links in content files at their
    line; this is the last barrier, before anything is written: a file outside
    the content folder, behind a link, of a refused type, or bound for a place
    outside the output folder stops the build.
    """
    root = Path(generator.path)
    problems = []
    for static in generator.staticfiles:
        relpath = Path(os.path.relpath(static.source_path, root)).as_posix()
        shown = display_path(root, relpath)
        issue = check_published(root, relpath)
        if issue is None and normalise(static.save_as.replace(os.sep, "/")) is None:
            issue = FileIssue(f"would be written outside the output folder ({static.save_as})")
        if issue is not None:
            problems.append(Problem(shown, issue.line, "file", issue.message, issue.hint))
    if problems:
        raise ContentError(problems)


def register() -> None:
    """Connect the receivers."""
    signals.get_generators.connect(add_generators)
    signals.static_generator_finalized.connect(check_static_files)
