"""The build cache: what a rebuild may reuse of the previous build.

One folder per output folder, ``CACHE_PATH/chapterhouse/<output>-<hash>/``
(see :mod:`.cache_store`), holds:

* each event as loaded, with its rendered body, keyed by the file's bytes and
  its chapter (phase one skips parsing and Markdown for unchanged files);
* each event's VEVENT block, keyed by the event, its chapter and its history,
  and its part of ``events.json`` and of the search index;
* the *manifest* of the previous output: for every file, the fingerprint of
  the values it was rendered from (when known) and a hash of its bytes. A
  page whose values did not change is neither rendered nor written, and a
  regenerated file with identical bytes is not rewritten.

The whole cache is discarded when anything it does not key by changes: the
code, the theme, the translations, the settings or library versions (see
:func:`build_fingerprint`). A cache that cannot be read is ignored.
``invoke clean`` removes it.
"""

from __future__ import annotations

import hashlib
import logging
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, ClassVar

from chapterhouse.build.cache_store import CacheStore

logger = logging.getLogger("chapterhouse")

CACHE_VERSION = "2"
PACKAGE = Path(__file__).resolve().parents[1]
#: Libraries whose output ends up in the site.
LIBRARIES = (
    "pelican",
    "jinja2",
    "markupsafe",
    "markdown",
    "nh3",
    "pyyaml",
    "icalendar",
    "feedgen",
    "babel",
    "python-dateutil",
    "tzdata",
)


def digest(*parts: Any) -> str:
    """A short, stable hash of ``parts`` (bytes, or anything with a stable ``repr``)."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part if isinstance(part, bytes) else repr(part).encode())
        hasher.update(b"\0")
    return hasher.hexdigest()


def tree_fingerprint(folders: Iterable[Path], suffixes: tuple[str, ...]) -> str:
    """Hash of the files with these suffixes under ``folders`` (names and contents)."""
    hasher = hashlib.blake2b(digest_size=16)
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix in suffixes and "__pycache__" not in path.parts and path.is_file():
                hasher.update(str(path.relative_to(folder)).encode())
                hasher.update(path.read_bytes())
    return hasher.hexdigest()


def build_fingerprint(settings: Mapping[str, Any]) -> str:
    """Everything a cached result depends on that the cache does not key by.

    The package's code and translations, the theme's templates, the versions
    of Python and of the libraries that shape the output, and the settings
    made of plain values (``OUTPUT_PATH`` excepted: the cache file is per
    output folder).
    """
    theme = Path(str(settings.get("THEME", ""))) / "templates"
    code = tree_fingerprint([PACKAGE], (".py", ".po", ".html"))
    templates = tree_fingerprint([theme], (".html", ".xml", ".txt")) if theme.is_dir() else ""
    return digest(
        CACHE_VERSION,
        sys.version,
        [_version(name) for name in LIBRARIES],
        code,
        templates,
        _plain_settings(settings),
    )


def cache_folder(settings: Mapping[str, Any], output: Path) -> Path:
    """The cache folder of the builds writing to ``output``."""
    root = Path(str(settings.get("CACHE_PATH") or "cache")) / "chapterhouse"
    return root / f"{output.name}-{digest(str(output))[:12]}"


@dataclass(frozen=True)
class LoadedEntry:
    """An event file as loaded by a previous build.

    Attributes:
        raw: Hash of the file's bytes.
        chapter: The chapter slug the event names.
        depends: Hash of what else loading read (the chapter, the shown path).
        key: The event's fingerprint: equal keys mean equal events.
        loaded: The successful load (``Loaded[Event]``).
        body: The sanitised HTML body (None for drafts).
    """

    raw: str
    chapter: str
    depends: str
    key: str
    loaded: Any
    body: str | None


@dataclass
class BuildCache:
    """What a build leaves for the next one.

    Attributes:
        fingerprint: See :func:`build_fingerprint`.
        output_root: The output folder the manifest describes.
        loaded: Event source path → its :class:`LoadedEntry`.
        blocks: Event slug → (fingerprint, VEVENT block).
        fragments: "file:slug" → (fingerprint, an event's part of a shared file).
        outputs: Output path → (fingerprint of its values or "", hash of its bytes or "").
        files: The shard files it was loaded from (see :mod:`.cache_store`).
    """

    MAPS: ClassVar[tuple[str, ...]] = ("loaded", "blocks", "fragments", "outputs")

    fingerprint: str
    output_root: str = ""
    loaded: dict[str, LoadedEntry] = field(default_factory=dict)
    blocks: dict[str, tuple[str, Any]] = field(default_factory=dict)
    fragments: dict[str, tuple[str, str]] = field(default_factory=dict)
    outputs: dict[str, tuple[str, str]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path, fingerprint: str) -> BuildCache:
        """The cache in ``folder``, or an empty one when it is missing or for other inputs."""
        header, maps, files = CacheStore(folder, cls.MAPS).load()
        if header.get("fingerprint") != fingerprint:
            return cls(fingerprint)
        return cls(fingerprint, header.get("output_root", ""), **maps, files=files)

    def save(self, folder: Path, previous: BuildCache) -> None:
        """Write what changed since ``previous`` (loaded from the same folder)."""
        same = previous.fingerprint == self.fingerprint and bool(previous.files)
        self.files = CacheStore(folder, self.MAPS).save(
            {"fingerprint": self.fingerprint, "output_root": self.output_root},
            {name: getattr(self, name) for name in self.MAPS},
            {name: getattr(previous, name) for name in self.MAPS} if same else None,
            previous.files,
        )


@dataclass
class BuildSession:
    """The state one build shares between the runner and the generators.

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
    def open(cls, settings: Mapping[str, Any], staging: Path, final: Path) -> BuildSession:
        """Load the previous cache and decide whether this build can be incremental."""
        fingerprint = build_fingerprint(settings)
        folder = cache_folder(settings, final)
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


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def _plain_settings(settings: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """Settings whose values are plain data (functions and objects have no stable repr).

    Settings that do not change the output (where it goes, how many processes
    build it) are left out.
    """
    plain = []
    for name, value in sorted(settings.items()):
        if not name.isupper() or name in ("OUTPUT_PATH", "CACHE_PATH") or not _is_plain(value):
            continue
        if name == "CHAPTERHOUSE" and isinstance(value, dict):
            value = {key: item for key, item in value.items() if key != "jobs"}
        plain.append((name, value))
    return plain


def _is_plain(value: Any) -> bool:
    if value is None or isinstance(value, str | bytes | int | float | bool):
        return True
    if isinstance(value, list | tuple):
        return all(_is_plain(item) for item in value)
    if isinstance(value, dict):
        return all(_is_plain(k) and _is_plain(v) for k, v in value.items())
    return False
