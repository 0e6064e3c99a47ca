"""Matching drafts with the event files already there, and writing them.

* An event is matched with an existing file by its ``uid:`` anywhere under
  ``content/events/`` (a file moved to another folder is still found).
* A file with the import marker intact is the import's: it is rewritten when
  the new text differs (updated) and left as it is otherwise (unchanged).
* A file whose marker no longer matches was edited by an organizer, and a
  file with that UID but no marker was written by hand: both are left alone
  and reported (skipped).
* A new event gets ``events/<chapter>/<YYYY-MM-DD>-<slug of title>.md``, with
  ``-2``, ``-3``… when that slug is already used by any event.
* Every file is written whole to a temporary file then renamed, so a file is
  never half-written.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from chapterhouse.core.catalog import discover
from chapterhouse.core.frontmatter import load_yaml
from chapterhouse.core.slugs import slugify
from chapterhouse.importer.document import Marker, read_marker

_UID_LINE = re.compile(r"^uid:[ \t]*(.+?)[ \t]*$", re.MULTILINE)
_SLUG_LINE = re.compile(r"^slug:[ \t]*(.+?)[ \t]*$", re.MULTILINE)
_CHAPTER_LINE = re.compile(r"^chapter:[ \t]*(.+?)[ \t]*$", re.MULTILINE)
_FRONT = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*$", re.DOTALL | re.MULTILINE)
MAX_SLUG = 80


@dataclass(frozen=True)
class Existing:
    """An event file already in the content folder."""

    relpath: str
    text: str
    marker: Marker | None
    unmarked: str
    chapters: tuple[str, ...] = ()


@dataclass
class EventFiles:
    """The event files of a content folder, indexed for the import.

    Attributes:
        by_uid: Files by their ``uid:`` (several when a UID is used twice).
        slugs: Every event slug in use (file names and ``slug:`` keys).
    """

    content: Path
    by_uid: dict[str, list[Existing]] = field(default_factory=dict)
    slugs: set[str] = field(default_factory=set)

    @classmethod
    def scan(cls, content: Path) -> EventFiles:
        """Index ``content/events/`` (only the front matter is read)."""
        files = cls(content)
        for relpath in discover(content).events:
            files.slugs.add(slugify(Path(relpath).stem))
            try:
                text = (content / relpath).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                continue
            front = _FRONT.match(text.replace("\r\n", "\n"))
            if not front:
                continue
            slug = _SLUG_LINE.search(front.group(1))
            if slug:
                files.slugs.add(_scalar(slug.group(1)))
            uid = _UID_LINE.search(front.group(1))
            if uid:
                marker, unmarked = read_marker(text)
                chapter = _CHAPTER_LINE.search(front.group(1))
                owners = _chapters(chapter.group(1)) if chapter else ()
                existing = Existing(relpath, text, marker, unmarked, owners)
                files.by_uid.setdefault(_scalar(uid.group(1)), []).append(existing)
        return files

    def new_relpath(self, chapter: str, day: str, title: str) -> str:
        """A free file name for a new event, its slug reserved."""
        base = slugify(f"{day} {title}")[:MAX_SLUG].rstrip("-") or f"{day}-event"
        slug, number = base, 1
        while slug in self.slugs:
            number += 1
            slug = f"{base}-{number}"
        self.slugs.add(slug)
        return f"events/{chapter}/{slug}.md"


def _chapters(raw: str) -> tuple[str, ...]:
    """The chapter slugs of a ``chapter:`` line: one, or a list (co-hosted)."""
    data, _lines, problems = load_yaml(f"v: {raw}", "chapter")
    value = data.get("v") if data is not None and not problems else raw.strip()
    items = value if isinstance(value, list) else [value]
    return tuple(str(item).strip() for item in items if str(item).strip())


def _scalar(raw: str) -> str:
    data, _lines, problems = load_yaml(f"v: {raw}", "uid")
    if data is None or problems or not isinstance(data.get("v"), str | int | float):
        return raw.strip()
    return str(data["v"]).strip()


def write_files(content: Path, files: Iterable[tuple[str, str]]) -> None:
    """Write each ``(relpath, text)`` atomically (temporary file, then rename)."""
    for relpath, text in files:
        target = content / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".import-", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
