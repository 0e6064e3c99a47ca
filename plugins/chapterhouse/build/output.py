"""Writing files into the output folder (phase two only), skipping unchanged ones.

Every file written or kept is recorded in a manifest (its values' fingerprint
and a hash of its bytes) for the next build. In an incremental build the
previous output stays where it is (``previous_root``) and only changed files
are written into the staging folder:

* :meth:`OutputFolder.keep` keeps a file whose values have the fingerprint
  recorded last time, without rendering it;
* :meth:`OutputFolder.write` does not write bytes identical to the previous
  file's.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import NamedTuple

from pelican.utils import sanitised_join


class Record(NamedTuple):
    """One output file of this build."""

    path: str
    key: str
    hash: str


class OutputFolder:
    """Writes bytes below one folder; a path can never escape it.

    Args:
        root: Where this build writes (the staging folder).
        previous: The previous build's manifest (empty for a full build).
        previous_root: Where the previous output still is (for a kept file
            to count, it must be there).
    """

    def __init__(
        self,
        root: str | Path,
        previous: Mapping[str, tuple[str, str]] | None = None,
        previous_root: str | Path | None = None,
    ):
        self.root = str(root)
        self.previous = previous or {}
        self.previous_root = str(previous_root) if previous_root else ""
        self.manifest: dict[str, tuple[str, str]] = {}
        self._pending: list[Record] = []
        self._folders: set[str] = set()

    def keep(self, relpath: str, key: str) -> bool:
        """Keep the previous file when it was made from values with fingerprint ``key``."""
        before = self.previous.get(relpath)
        if before is None or before[0] != key or not key or not self._still_there(relpath):
            return False
        self._record(relpath, key, before[1])
        return True

    def write(self, relpath: str, data: bytes, key: str = "") -> None:
        """Write ``data`` to ``relpath`` unless the previous file has these very bytes."""
        hashed = hashlib.blake2b(data, digest_size=16).hexdigest()
        before = self.previous.get(relpath)
        if before is None or before[1] != hashed or not self._still_there(relpath):
            target = _inside(self.root, relpath)
            folder = os.path.dirname(target)
            if folder not in self._folders:
                os.makedirs(folder, exist_ok=True)
                self._folders.add(folder)
            with open(target, "wb") as handle:
                handle.write(data)
        self._record(relpath, key, hashed)

    def drain(self) -> list[Record]:
        """The records made in this process since the last call (for a parent process)."""
        records, self._pending = self._pending, []
        return records

    def merge(self, records: Iterable[Record]) -> None:
        """Add records made by jobs (in this process or another)."""
        for record in records:
            self.manifest[record.path] = (record.key, record.hash)

    def _record(self, relpath: str, key: str, hashed: str) -> None:
        self._pending.append(Record(relpath, key, hashed))

    def _still_there(self, relpath: str) -> bool:
        return bool(self.previous_root) and os.path.isfile(_inside(self.previous_root, relpath))


def _inside(root: str, relpath: str) -> str:
    """``root/relpath``, refusing a path that would end up outside ``root``."""
    target = os.path.normpath(os.path.join(root, relpath))
    if not target.startswith(root.rstrip(os.sep) + os.sep):
        return sanitised_join(root, relpath)  # raises Pelican's error for a path outside
    return target
