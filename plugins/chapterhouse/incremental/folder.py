"""Writing files into the output folder, skipping unchanged ones.

Every file written or kept is recorded in a manifest (the fingerprint of its
inputs and a hash of its bytes) for the next build. In an incremental build
the previous output stays where it is (``previous_root``) and only changed
files are written into the staging folder:

* :meth:`OutputFolder.keep` keeps a file whose inputs have the fingerprint
  recorded last time, without making it;
* :meth:`OutputFolder.write` does not write bytes identical to the previous
  file's.

No path can leave the folder.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import NamedTuple


class Record(NamedTuple):
    """One output file of this build: its inputs' fingerprint, its bytes' hash, whether written."""

    path: str
    key: str
    hash: str
    written: bool


class OutsideFolder(ValueError):
    """A path that would end up outside the output folder."""


class OutputFolder:
    """Writes bytes below one folder.

    Args:
        root: Where this build writes (the staging folder).
        previous: The previous build's manifest (empty for a full build).
        previous_root: Where the previous output still is (for a kept file to
            count, it must be there).
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
        self.written: set[str] = set()
        self._pending: list[Record] = []
        self._folders: set[str] = set()

    def keep(self, relpath: str, key: str) -> bool:
        """Keep the previous file when it was made from inputs with fingerprint ``key``."""
        before = self.previous.get(relpath)
        if before is None or before[0] != key or not key or not self._still_there(relpath):
            return False
        self._pending.append(Record(relpath, key, before[1], False))
        return True

    def write(self, relpath: str, data: bytes, key: str = "") -> None:
        """Write ``data`` to ``relpath`` unless the previous file has these very bytes."""
        hashed = hashlib.blake2b(data, digest_size=16).hexdigest()
        before = self.previous.get(relpath)
        changed = before is None or before[1] != hashed or not self._still_there(relpath)
        if changed:
            target = inside(self.root, relpath)
            folder = os.path.dirname(target)
            if folder not in self._folders:
                os.makedirs(folder, exist_ok=True)
                self._folders.add(folder)
            with open(target, "wb") as handle:
                handle.write(data)
        self._pending.append(Record(relpath, key, hashed, changed))

    def drain(self) -> list[Record]:
        """The records made in this process since the last call (for a parent process)."""
        records, self._pending = self._pending, []
        return records

    def merge(self, records: Iterable[Record]) -> None:
        """Add records made by outputs (in this process or another)."""
        for record in records:
            self.manifest[record.path] = (record.key, record.hash)
            if record.written:
                self.written.add(record.path)

    def _still_there(self, relpath: str) -> bool:
        return bool(self.previous_root) and os.path.isfile(inside(self.previous_root, relpath))


def inside(root: str, relpath: str) -> str:
    """``root/relpath``, refusing a path that would end up outside ``root``.

    Raises:
        OutsideFolder: the path is absolute or climbs out of ``root``.
    """
    target = os.path.normpath(os.path.join(root, relpath))
    if os.path.isabs(relpath) or not target.startswith(root.rstrip(os.sep) + os.sep):
        raise OutsideFolder(f"{relpath!r} is outside the output folder")
    return target
