"""The build cache on disk: an index and shard files, so a small change writes little.

``CACHE_PATH/chapterhouse/<output>-<hash>/`` holds ``index.pickle`` (what
the cache is for, and which shard file holds each part) and the shards:
each of the cache's maps (events as loaded, VEVENTs, fragments, the output
manifest) split in :data:`SHARDS` by key. Saving writes only the shards that
changed (editing one event rewrites a sixteenth of the loaded events, not the
80 MB of a 10,000-event network), then replaces the index atomically, then
removes the files the index no longer names. A missing or unreadable file
means an empty cache: the next build is a full one.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import pickle
import secrets
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

logger = logging.getLogger("chapterhouse")

SHARDS = 16
INDEX = "index.pickle"
FORMAT = 1


def shard_of(key: str) -> int:
    """The shard a key belongs to (stable across processes and runs)."""
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % SHARDS


class CacheStore:
    """One output folder's cache folder.

    Args:
        folder: The cache folder.
        maps: Names of the cache's sharded maps.
    """

    def __init__(self, folder: Path, maps: tuple[str, ...]):
        self.folder = folder
        self.maps = maps

    def load(self) -> tuple[dict[str, Any], dict[str, dict[str, Any]], dict[str, str]]:
        """(header, maps, shard files) as saved; empty when missing or unreadable."""
        empty: tuple[dict[str, Any], dict[str, dict[str, Any]], dict[str, str]] = (
            {},
            {name: {} for name in self.maps},
            {},
        )
        try:
            with _collector_paused():
                index = self._read(INDEX)
                if index.get("format") != FORMAT:
                    return empty
                maps: dict[str, dict[str, Any]] = {name: {} for name in self.maps}
                for shard, filename in index["files"].items():
                    name = shard.rpartition("-")[0]
                    if name in maps:
                        maps[name].update(self._read(filename))
        except FileNotFoundError:
            return empty
        except Exception as error:  # a corrupt or incompatible cache is rebuilt
            logger.info("[chapterhouse] ignoring the build cache in %s: %s", self.folder, error)
            return empty
        return index["header"], maps, index["files"]

    def save(
        self,
        header: dict[str, Any],
        maps: dict[str, dict[str, Any]],
        previous: dict[str, dict[str, Any]] | None,
        previous_files: dict[str, str],
    ) -> dict[str, str]:
        """Write the shards that differ from ``previous``, then the index; return the files."""
        self.folder.mkdir(parents=True, exist_ok=True)
        files: dict[str, str] = {}
        for name in self.maps:
            shards = _split(maps[name])
            before = _split(previous[name]) if previous is not None else None
            for number, shard in enumerate(shards):
                label = f"{name}-{number:x}"
                kept = previous_files.get(label)
                unchanged = before is not None and kept and shard == before[number]
                if unchanged and (self.folder / kept).is_file():
                    files[label] = kept
                    continue
                files[label] = f"{label}-{secrets.token_hex(4)}.pickle"
                self._write(files[label], shard)
        self._write(INDEX, {"format": FORMAT, "header": header, "files": files})
        for path in self.folder.glob("*.pickle"):
            if path.name != INDEX and path.name not in files.values():
                path.unlink(missing_ok=True)
        return files

    def forget(self) -> None:
        """Remove the index: the shards stay, but no build will trust them until a save."""
        (self.folder / INDEX).unlink(missing_ok=True)

    def _read(self, filename: str) -> Any:
        with (self.folder / filename).open("rb") as handle:
            return pickle.load(handle)  # noqa: S301 - the project's own cache files

    def _write(self, filename: str, value: Any) -> None:
        temporary = self.folder / f".{filename}.{os.getpid()}"
        with temporary.open("wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.folder / filename)


def _split(values: dict[str, Any]) -> list[dict[str, Any]]:
    shards: list[dict[str, Any]] = [{} for _ in range(SHARDS)]
    for key, value in values.items():
        shards[shard_of(key)][key] = value
    return shards


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector.

    Unpickling creates only live objects; the collector re-scanning them as
    they pile up tripled the load time (measured: 0.26 s against 0.8 s).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
