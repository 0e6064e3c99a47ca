"""Files the build keeps in its cache: their keys (the code's digest), reading and writing.

A kept file is the project's own pickle: one that cannot be read back (damaged,
of another version, of another type) counts as none, and one that cannot be
written is not kept (the next build works it out again).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
#: Seconds in a day.
DAY = 86_400.0


@cache
def code_digest(*libraries: str) -> str:
    """A digest of Python's version, every module of the package, and ``libraries``' versions.

    Args:
        libraries: Distribution names (``"pyyaml"``) whose behaviour the result depends on;
            one not installed counts by its name alone.

    Returns:
        A SHA-256 hex digest: any change to the code gives another.
    """
    hasher = hashlib.sha256(sys.version.encode())
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        hasher.update(f"\0{path.relative_to(package).as_posix()}\0".encode())
        hasher.update(path.read_bytes())
    for name in libraries:
        try:
            hasher.update(f"\0{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            hasher.update(f"\0{name}".encode())
    return hasher.hexdigest()


def read_kept(path: Path, kind: type[T]) -> T | None:
    """The value of ``kind`` kept in ``path``, or None (missing, damaged, or of another type)."""
    try:
        with path.open("rb") as stream:
            value = pickle.load(stream)  # noqa: S301 - the project's own cache files
    except Exception:  # a damaged or foreign file counts as none
        return None
    return value if isinstance(value, kind) else None


def write_kept(path: Path, value: Any) -> bool:
    """Keep ``value`` in ``path``, atomically (a temporary file, then a rename); whether it was."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except Exception:  # a value that cannot be pickled, a full disk: not kept
        Path(temporary).unlink(missing_ok=True)
        return False
    return True


#: The files whose times are those of the last looks through a store (``.pruned<looker>``).
PRUNED = ".pruned"


class BlobStore:
    """Bytes kept by key in one folder of the cache: what a pure function of the key made.

    For work whose result depends on its key alone (a social card on its texts,
    colours, fonts and drawing code): kept across builds whatever else changed,
    so that a change to a template does not draw 10,000 cards again. Reading
    or writing never fails a build: a damaged or missing file is no file.

    Args:
        folder: The store's folder; its name should carry the digest of what the
            results also depend on (code, fonts), so that a change starts afresh.
    """

    def __init__(self, folder: Path):
        self.folder = folder

    def get(self, key: str) -> bytes | None:
        """The bytes kept for ``key``, or None."""
        try:
            return (self.folder / key).read_bytes()
        except OSError:
            return None

    def put(self, key: str, data: bytes) -> None:
        """Keep ``data`` for ``key`` (atomically; several processes may write at once)."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, self.folder / key)
        except OSError:
            Path(temporary).unlink(missing_ok=True)

    def prune(
        self,
        used: Callable[[str], bool],
        unused_for: float = 7 * DAY,
        every: float = 0.0,
        looker: str = "",
    ) -> int:
        """Remove what no build has used for ``unused_for`` seconds; how many entries went.

        ``used(key)``: whether this build uses the file ``key``; those are marked as
        used now (their time renewed, at most once a day). A file this build does
        not use may be another site's sharing the cache, or this site's again after
        a revert: it goes only once unused for that long. So do sibling stores
        (the same store for other code or fonts) and forgotten temporary files.
        ``every``: look at most this often (seconds; a look reads the time of every
        file): a build within ``every`` of ``looker``'s last look leaves the store as it
        is. ``looker`` names who looks (a site: each site sharing the store renews its
        own files at its own looks); a look also drops the marks of lookers gone for
        ``unused_for``.
        """
        now = time.time()
        marker = self.folder / f"{PRUNED}{looker}"
        if every and now - _mtime(marker) < every:
            return 0
        with contextlib.suppress(OSError):
            marker.touch()
        removed = 0
        with contextlib.suppress(OSError):
            for sibling in self.folder.parent.iterdir():
                if sibling != self.folder and now - _mtime(sibling) > unused_for:
                    shutil.rmtree(sibling, ignore_errors=True)
                    removed += 1
        with contextlib.suppress(OSError):
            for path in self.folder.iterdir():
                if path.name.startswith(PRUNED):  # a looker's mark, not a file of the store
                    if path != marker and now - _mtime(path) > unused_for:
                        path.unlink(missing_ok=True)
                    continue
                age, temporary = now - _mtime(path), path.name.startswith(".")
                if temporary or not used(path.name):
                    if age > (DAY if temporary else unused_for):
                        path.unlink(missing_ok=True)
                        removed += 1
                elif age > DAY:
                    with contextlib.suppress(OSError):
                        os.utime(path)
        return removed


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
