"""Members' checked documents, kept in the build cache by what they were read from.

Reading a member's documents (parsing, checking every value as untrusted
input) is most of what a hub's build spends on an unchanged member: 600
members' 30,000 events take seconds. A *reading* (the member's chapters,
events and notes) depends only on the member's entry in ``network.yml``, the
documents' URLs, final URLs and bytes, the recurrence window of a calendar
member, and the code that reads them; its key is a digest of exactly these,
so an unchanged member costs one lookup and any change reads it again.

One file per reading, ``<folder>/<key>.pickle``, written atomically. The
folder is part of the build cache (trusted like the rest of it); a file that
cannot be read back counts as none. :meth:`Readings.keep_only` removes the
readings a build did not use, so the folder holds one per member.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from chapterhouse.core.cachefiles import code_digest, read_kept, write_kept
from chapterhouse.network.documents import RemoteChapter, RemoteEvent
from chapterhouse.network.members import Member
from chapterhouse.network.store import FOLDER, Copy

#: The readings' folder inside the network store's folder.
SUBFOLDER = "readings"
_SUFFIX = ".pickle"


@dataclass(frozen=True)
class Reading:
    """One member's documents as read and checked.

    Attributes:
        chapters: Its chapters.
        events: Its events.
        notes: What was left out of them, one line each.
    """

    chapters: tuple[RemoteChapter, ...]
    events: tuple[RemoteEvent, ...]
    notes: tuple[str, ...]

    def __post_init__(self) -> None:
        for item in (*self.chapters, *self.events):
            _ = item.digest  # computed now, so that it is kept (pickled) with the reading


#: Libraries whose behaviour a reading depends on (calendar members' feeds, zones).
_LIBRARIES = ("icalendar", "x-wr-timezone", "python-dateutil", "tzdata", "babel")


def reading_key(
    member: Member, copies: list[Copy], window: tuple[datetime, datetime] | None
) -> str:
    """The key of ``member``'s reading of ``copies`` (``window``: a calendar member's)."""
    hasher = hashlib.sha256(code_digest(*_LIBRARIES).encode())
    hasher.update(repr(member).encode())
    hasher.update(repr(window).encode())
    for copy in copies:
        hasher.update(f"\0{copy.url}\0{copy.final_url}\0".encode())
        hasher.update(hashlib.sha256(copy.body).digest())
    return hasher.hexdigest()


class Readings:
    """The readings in one folder (no state besides the folder's path).

    Args:
        folder: Where the readings are kept, typically
            ``<build cache>/network/readings`` (see :meth:`in_cache`).
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    @classmethod
    def in_cache(cls, cache: Path) -> Readings:
        """The readings inside the build cache folder ``cache``."""
        return cls(Path(cache) / FOLDER / SUBFOLDER)

    def get(self, key: str) -> Reading | None:
        """The reading kept under ``key``, or ``None``."""
        return read_kept(self.folder / (key + _SUFFIX), Reading)

    def put(self, key: str, reading: Reading) -> None:
        """Keep ``reading`` under ``key`` (atomically; a failure to write is ignored)."""
        write_kept(self.folder / (key + _SUFFIX), reading)

    def keep_only(self, keys: set[str]) -> None:
        """Remove every reading whose key is not in ``keys``."""
        try:
            paths = list(self.folder.iterdir())
        except OSError:
            return
        for path in paths:
            if path.name.endswith(_SUFFIX) and path.name[: -len(_SUFFIX)] not in keys:
                path.unlink(missing_ok=True)
