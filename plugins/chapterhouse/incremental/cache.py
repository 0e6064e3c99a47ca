"""The build cache: what a build may reuse of the previous one.

One folder per output folder (chosen by the caller) holds two maps, stored
in shards (:mod:`.store`):

* ``outputs``, the *manifest* of the previous output: for every file, the
  fingerprint of the inputs it was made from and a hash of its bytes. An
  output whose inputs did not change is neither made nor written, and a file
  made again with identical bytes is not rewritten;
* ``memo``: values computed by fingerprint of their inputs (an event as read
  from its file, a calendar entry, a listing card…), reused when the same
  inputs come again.

The whole cache is for one *build fingerprint*: everything the cache does not
key by (the code, the theme, the settings, library versions), computed by the
caller. A cache for another fingerprint, missing or unreadable, is an empty
one: the build is a full one.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from chapterhouse.incremental.store import CacheStore

logger = logging.getLogger("chapterhouse")

CACHE_VERSION = "3"


def tree_fingerprint(folders: Iterable[Path], suffixes: tuple[str, ...]) -> str:
    """Hash of the files with these suffixes under ``folders`` (names and contents)."""
    hasher = hashlib.blake2b(digest_size=16)
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix in suffixes and "__pycache__" not in path.parts and path.is_file():
                hasher.update(str(path.relative_to(folder)).encode())
                hasher.update(path.read_bytes())
    return hasher.hexdigest()


@dataclass
class BuildCache:
    """What a build leaves for the next one.

    Attributes:
        fingerprint: What the cache is valid for (see the module docstring).
        output_root: The output folder the manifest describes.
        memo: Computed values by the fingerprint of their inputs.
        outputs: Output path → (fingerprint of its inputs or "", hash of its bytes or "").
        files: The shard files it was loaded from (see :mod:`.store`).
    """

    MAPS: ClassVar[tuple[str, ...]] = ("memo", "outputs")

    fingerprint: str
    output_root: str = ""
    memo: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, tuple[str, str]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path, fingerprint: str) -> BuildCache:
        """The cache in ``folder``, or an empty one when it is missing or for other inputs."""
        header, maps, files = CacheStore(folder, cls.MAPS).load()
        if header.get("fingerprint") != fingerprint or header.get("version") != CACHE_VERSION:
            return cls(fingerprint)
        return cls(fingerprint, header.get("output_root", ""), **maps, files=files)

    def save(self, folder: Path, previous: BuildCache) -> None:
        """Write what changed since ``previous`` (loaded from the same folder)."""
        same = previous.fingerprint == self.fingerprint and bool(previous.files)
        header = {
            "version": CACHE_VERSION,
            "fingerprint": self.fingerprint,
            "output_root": self.output_root,
        }
        self.files = CacheStore(folder, self.MAPS).save(
            header,
            {name: getattr(self, name) for name in self.MAPS},
            {name: getattr(previous, name) for name in self.MAPS} if same else None,
            previous.files,
        )


@dataclass
class BuildSession:
    """The state of one build, shared by whatever runs it.

    Attributes:
        staging: Where this build writes.
        final: The output folder the site goes to.
        folder: The cache folder.
        previous: The previous build's cache (empty on a cold build).
        current: What this build records for the next one.
        warm: The previous output is in ``final`` as ``previous`` describes it:
            unchanged files stay there and only changed ones are staged.
    """

    staging: Path
    final: Path
    folder: Path
    previous: BuildCache
    current: BuildCache
    warm: bool

    @classmethod
    def open(cls, folder: Path, fingerprint: str, staging: Path, final: Path) -> BuildSession:
        """Load the previous cache and decide whether this build can be incremental."""
        previous = BuildCache.load(folder, fingerprint)
        warm = bool(previous.outputs) and previous.output_root == str(final) and final.is_dir()
        current = BuildCache(fingerprint, output_root=str(final))
        return cls(staging, final, folder, previous, current, warm)

    def unchanged(self) -> bool:
        """This build found everything as the previous one left it (nothing to save)."""
        previous, current = self.previous, self.current
        return self.warm and all(
            getattr(current, name) == getattr(previous, name) for name in BuildCache.MAPS
        )

    def invalidate(self) -> None:
        """Forget the previous cache (before the output folder is changed in place)."""
        CacheStore(self.folder, BuildCache.MAPS).forget()

    def save(self) -> None:
        """Keep this build's cache for the next one (only after a successful build)."""
        try:
            self.current.save(self.folder, self.previous)
        except OSError as error:  # a read-only cache folder makes the next build cold, no more
            logger.warning(
                "[chapterhouse] could not save the build cache in %s: %s", self.folder, error
            )
