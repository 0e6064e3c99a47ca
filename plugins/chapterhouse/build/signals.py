"""Connects Chapterhouse to Pelican's signals.

Receivers live at module level: Pelican's signals hold weak references.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pelican import signals

from chapterhouse.build.generator import ChapterhouseGenerator
from chapterhouse.build.reader import FrontMatterReader, display_path
from chapterhouse.build.templating import install_template_helpers
from chapterhouse.core.files import FileIssue, check_published, normalise
from chapterhouse.core.problems import ContentError, Problem


def use_front_matter_reader(readers: Any) -> None:
    """Read Markdown with YAML front matter, and nothing else (``readers_init``).

    Pelican's other readers are switched off: its HTML reader would publish a
    page's markup as is, and reStructuredText's ``raw`` directive would let a
    page carry script. Every page goes through the same sanitiser.
    """
    for extension in list(readers.reader_classes):
        if extension != "static":  # Pelican's pseudo-reader for files copied as they are
            del readers.reader_classes[extension]
    for extension in FrontMatterReader.file_extensions:
        readers.reader_classes[extension] = FrontMatterReader


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


def add_generators(pelican: Any) -> type[ChapterhouseGenerator]:
    """Add the chapters-and-events generator (``get_generators``)."""
    return ChapterhouseGenerator


def register() -> None:
    """Connect the receivers."""
    signals.readers_init.connect(use_front_matter_reader)
    signals.generator_init.connect(install_template_helpers)
    signals.get_generators.connect(add_generators)
    signals.static_generator_finalized.connect(check_static_files)
