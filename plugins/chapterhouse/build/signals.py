"""Connects Chapterhouse to Pelican's signals.

Receivers live at module level: Pelican's signals hold weak references.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from chapterhouse.build.generator import ChapterhouseGenerator
from chapterhouse.build.reader import FrontMatterReader
from chapterhouse.build.templating import install_template_helpers


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


def add_generators(pelican: Any) -> type[ChapterhouseGenerator]:
    """Add the chapters-and-events generator (``get_generators``)."""
    return ChapterhouseGenerator


def register() -> None:
    """Connect the receivers."""
    signals.readers_init.connect(use_front_matter_reader)
    signals.generator_init.connect(install_template_helpers)
    signals.get_generators.connect(add_generators)
