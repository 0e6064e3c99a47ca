"""One Pelican run of Chapterhouse: its settings, parsed once, and its build session.

:class:`~chapterhouse.adapters.runner.ChapterhousePelican` makes one
:class:`Build` per run and hands it, explicitly, to what it creates: the
events generator and the pages generator are classes bound to it
(:func:`bound`), never a value hidden in Pelican's settings.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

from chapterhouse.config import ChapterhouseSettings
from chapterhouse.incremental.cache import BuildSession, tree_fingerprint
from chapterhouse.incremental.fingerprint import digest
from chapterhouse.incremental.jobs import JobRunner, default_workers
from chapterhouse.media.text import THEME_FONTS, theme_faces
from chapterhouse.render.i18n import Interfaces

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
    "pillow",
    "fonttools",
    "resvg-py",
)


@dataclass
class Build:
    """What the parts of one run share.

    Attributes:
        config: The Chapterhouse settings, parsed once.
        session: The build session (staging folder, previous cache), None outside
            :class:`~chapterhouse.adapters.runner.ChapterhousePelican`.
        jobs: Runs work on the available processes (``CHAPTERHOUSE["jobs"]``).
        interfaces: The interface (catalog, dates, numbers) of each language, made once.
    """

    config: ChapterhouseSettings
    session: BuildSession | None
    jobs: JobRunner
    interfaces: Interfaces

    @classmethod
    def start(cls, config: ChapterhouseSettings, session: BuildSession | None) -> Build:
        """A build with its job runner."""
        return cls(config, session, JobRunner(config.jobs or default_workers()), Interfaces())


def bound(cls: type, build: Build) -> type:
    """A subclass of ``cls`` whose instances know ``build`` (as ``self.build``)."""
    return type(cls.__name__, (cls,), {"build": build, "__module__": cls.__module__})


def build_fingerprint(settings: Mapping[str, Any], plugins: Sequence[ModuleType] = ()) -> str:
    """Everything a cached result depends on that the cache does not key by.

    The package's code and translations, the code of the other Pelican
    ``plugins`` of the run (they may add values to pages, and outputs), the
    theme's templates and those of ``THEME_TEMPLATES_OVERRIDES``, the versions
    of Python and of the libraries that shape the output, and the settings
    made of plain values (where the output goes and how many processes make
    it excepted), the fonts of social cards and icons, and the logo every
    page's header shows (its file, by content).
    """
    code = tree_fingerprint([PACKAGE], (".py", ".po", ".html"))
    others = [_source_fingerprint(module) for module in plugins]
    folders = [Path(str(settings.get("THEME", ""))) / "templates"]
    folders += [Path(str(f)) for f in settings.get("THEME_TEMPLATES_OVERRIDES") or ()]
    templates = [
        tree_fingerprint([folder], (".html", ".xml", ".txt")) if folder.is_dir() else ""
        for folder in folders
    ]
    return digest(
        sys.version,
        [_version(name) for name in LIBRARIES],
        code,
        others,
        templates,
        fonts_fingerprint(settings),
        _logo_fingerprint(settings),
        _plain(settings),
    )


def _logo_fingerprint(settings: Mapping[str, Any]) -> str:
    """The logo file named by ``CHAPTERHOUSE['logo']``, by content (``""`` without one)."""
    options = settings.get("CHAPTERHOUSE")
    name = options.get("logo") if isinstance(options, Mapping) else None
    if not isinstance(name, str) or not name:
        return ""
    path = Path(str(settings.get("PATH") or "content")) / name.removeprefix("{static}").lstrip("/")
    try:
        return digest(path.read_bytes())
    except OSError:
        return "missing"


def fonts_fingerprint(settings: Mapping[str, Any]) -> str:
    """The fonts that draw social cards and icons.

    The theme's fonts folder (and the package's, which cards fall back to),
    by content; the fonts installed for other scripts (``fonts-noto-*``), by
    name, size and time (tens of megabytes: not read at every build).
    """
    folders = [Path(str(settings.get("THEME", ""))) / "static" / "fonts", THEME_FONTS]
    theme = [
        tree_fingerprint([folder], (".ttf", ".otf", ".ttc")) if folder.is_dir() else ""
        for folder in folders
    ]
    installed = []
    for weight in ("Bold", "Regular"):
        for face in theme_faces(weight)[1:]:
            stat = Path(face.path).stat()
            installed.append((face.path, stat.st_size, stat.st_mtime_ns))
    return digest(theme, installed)


def _source_fingerprint(module: ModuleType) -> str:
    """The source of a plugin module: its package's files, or its own file."""
    source = Path(getattr(module, "__file__", None) or "")
    if not source.is_file() or source.resolve().is_relative_to(PACKAGE):
        return ""
    if source.name == "__init__.py":
        return tree_fingerprint([source.parent], (".py", ".html", ".po", ".json", ".txt"))
    return digest(source.name, source.read_bytes())


def card_store_folder(settings: Mapping[str, Any]) -> Path:
    """Where social cards are kept by their key, whatever the build's fingerprint.

    A card is a function of its key (texts, colours, language, cover) and of
    what draws it: the drawing code (``chapterhouse.media``), Pillow and its
    text layout, and the fonts. Those make the folder's name, so a change to
    any of them starts an empty store.
    """
    from PIL import features

    drawing = tree_fingerprint([PACKAGE / "media"], (".py",))
    versions = [_version(name) for name in ("pillow", "fonttools")]
    parts = [drawing, *versions, str(features.check("raqm")), fonts_fingerprint(settings)]
    root = Path(str(settings.get("CACHE_PATH") or "cache")) / "chapterhouse" / "cards"
    return root / digest(*parts)[:16]


def cache_folder(settings: Mapping[str, Any], output: Path) -> Path:
    """The cache folder of the builds writing to ``output``."""
    root = Path(str(settings.get("CACHE_PATH") or "cache")) / "chapterhouse"
    return root / f"{output.name}-{digest(str(output))[:12]}"


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def _plain(settings: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """Settings whose values are plain data (functions and objects have no stable repr)."""
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
