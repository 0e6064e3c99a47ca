"""What was read from Git, kept in the build cache so that the next build reads only what is new.

A network kept in Git for ten years has thousands of commits and tens of
thousands of versions of event files. Two things are read from them on every
build, and both are kept here:

* the *walk*: each file's committed versions, as of one commit (see
  :class:`chapterhouse.history.git.Walk`); the next build walks only the
  commits since then (``git log <kept>..HEAD``), or everything again when the
  kept commit is not an ancestor on the first-parent line (a rewritten
  history, another repository);
* the *schedule fingerprints* of old versions, by Git blob id: a blob id names
  its bytes, so a fingerprint never goes stale while the code that computes it
  is the same.

One file per build cache, named by a digest of this package's code and of
PyYAML's version, and holding nothing that depends on where the checkout is:
a cache restored on another runner, in another folder, is used as it is. A
walk of another content folder is not used (the next build walks again); a
file that cannot be read back counts as none; a failure to write is ignored
(the next build reads everything again).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from chapterhouse.core.cachefiles import code_digest, read_kept, write_kept
from chapterhouse.history.git import Walk

#: The kept histories' folder inside the build cache (``<CACHE_PATH>/chapterhouse``).
FOLDER = "history"
_SUFFIX = ".pickle"


@dataclass(frozen=True)
class Kept:
    """What one content folder's last build read from Git.

    Attributes:
        walk: The first-parent history as of the build's commit (None outside Git).
        fingerprints: Schedule fingerprints of old versions, by blob id.
    """

    walk: Walk | None = None
    fingerprints: dict[str, tuple[str, bool]] = field(default_factory=dict)


class KeptHistories:
    """The kept histories in one folder (no state besides the folder's path).

    Args:
        folder: Typically ``<build cache>/history`` (see :meth:`in_cache`).
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    @classmethod
    def in_cache(cls, cache: Path) -> KeptHistories:
        """The kept histories inside the build cache folder ``cache``."""
        return cls(Path(cache) / FOLDER)

    def _path(self) -> Path:
        return self.folder / (code_digest("pyyaml") + _SUFFIX)

    def get(self) -> Kept:
        """What the last build kept (nothing when there is none, or it cannot be read)."""
        return read_kept(self._path(), Kept) or Kept()

    def put(self, kept: Kept) -> None:
        """Keep ``kept``, and only it (atomically; a failure to write is ignored)."""
        if not write_kept(self._path(), kept):
            return
        for path in self.folder.glob("*" + _SUFFIX):  # those of another version of the code
            if path.name != self._path().name:
                path.unlink(missing_ok=True)
