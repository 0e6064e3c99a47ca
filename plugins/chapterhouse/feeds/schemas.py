"""The JSON Schemas of ``events.json`` and ``chapters.json``, published beside them.

They are data files of the package (``feeds/schemas/*.json``), written by hand
and copied to the site's root as they are.
"""

from __future__ import annotations

from importlib.resources import files

#: The schemas' file names, the same in the package and at the site's root.
SCHEMA_FILES = ("events.schema.json", "chapters.schema.json")


def schema_path(document: str) -> str:
    """The published schema of ``document`` (``events.json`` → ``events.schema.json``)."""
    return document.removesuffix(".json") + ".schema.json"


def schema_bytes(name: str) -> bytes:
    """The bytes of one schema file (one of :data:`SCHEMA_FILES`)."""
    if name not in SCHEMA_FILES:
        raise ValueError(f"no schema named {name!r}")
    return (files("chapterhouse.feeds") / "schemas" / name).read_bytes()
