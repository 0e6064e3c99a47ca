"""The site's pictures: probed once, shown responsively, their renditions declared as outputs.

Phase one probes every picture of ``content/images/`` and every picture a
chapter, event or page points to (``image``, ``photo``, ``banner``,
``logo``) with :func:`chapterhouse.media.images.probe`: the header only, no
pixels, so templates can be given ``width``, ``height`` and ``srcset``
before anything is resized. A picture that cannot be read is a content
problem (``path:1: file: message``), not a traceback; it is left out and the
rest of the site builds.

Phase two makes each rendition as an :class:`~chapterhouse.incremental.outputs.Output`
whose declared inputs are the source's digest and the rendition: an unchanged
picture is never resized again, a changed one gets new paths. The originals
are published as they are (Pelican's ``STATIC_PATHS``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path, PurePosixPath
from typing import Any

from chapterhouse.core.files import check_published, normalise, walk
from chapterhouse.core.problems import FieldError, Problem
from chapterhouse.incremental.outputs import Output
from chapterhouse.media.images import (
    DEFAULT_SIZES,
    RECIPE,
    Picture,
    Rendition,
    SourceImage,
    digest,
    is_picture,
    picture,
    plan_renditions,
    probe,
    render_rendition,
)

logger = logging.getLogger("chapterhouse")

#: The folder whose pictures are all probed (one of Pelican's ``STATIC_PATHS``).
PICTURES_FOLDER = "images"
#: Front-matter keys whose value may be a picture of the content folder.
PICTURE_FIELDS = ("image", "photo", "banner", "logo")
#: How a reference may start in front matter (``{static}/images/x.jpg``, ``/images/x.jpg``).
_PREFIXES = ("{static}", "{attach}")


def picture_path(reference: str) -> str | None:
    """The content-relative path a front-matter value points to, or None (a URL, not a path).

    ``images/hall.jpg``, ``/images/hall.jpg`` and ``{static}/images/hall.jpg`` all
    give ``images/hall.jpg``; an ``https://`` URL (pages must not load pictures
    from another host) and a path leaving the content folder give None.
    """
    text = reference.strip()
    if not text or "://" in text or text.startswith("//"):
        return None
    for prefix in _PREFIXES:
        text = text.removeprefix(prefix)
    return normalise(text.lstrip("/"))


def picture_references(items: Iterable[Any]) -> list[str]:
    """The picture values of chapters, events and pages, and of their people's photos.

    ``image``, ``photo``, ``banner`` and ``logo``, read from the items' attributes and
    from their ``extra`` front-matter keys; the ``photo`` of each speaker, host and organizer;
    the ``photos`` of an event's recap.
    """
    found: list[str] = []
    for item in items:
        extra = getattr(item, "extra", None) or {}
        for name in PICTURE_FIELDS:
            for value in (getattr(item, name, None), extra.get(name)):
                if isinstance(value, str) and value:
                    found.append(value)
        for people in ("speakers", "hosts", "organizers"):
            found += [person.photo for person in getattr(item, people, ()) if person.photo]
        recap = getattr(item, "recap", None)
        if recap is not None:
            found += list(recap.photos)
    return found


@dataclass(frozen=True)
class Pictures:
    """The pictures of the content folder, as probed in phase one.

    Attributes:
        sources: Every picture that could be probed, sorted by path.
        root: The content folder (where renditions are made from), None when empty.
    """

    sources: tuple[SourceImage, ...] = ()
    root: Path | None = None

    @cached_property
    def by_path(self) -> Mapping[str, SourceImage]:
        """The pictures by their path relative to the content folder (``images/hall.jpg``)."""
        return {source.name: source for source in self.sources}

    def source(self, reference: str) -> SourceImage | None:
        """The picture a front-matter value points to, if it is one of the site's."""
        path = picture_path(reference)
        return self.by_path.get(path) if path else None

    def shown(
        self,
        reference: str,
        alt: str,
        link: Callable[[str], str],
        *,
        sizes: str = DEFAULT_SIZES,
        lazy: bool = True,
    ) -> Picture | None:
        """What a template needs to show a picture (``macros/picture.html``), or None.

        Args:
            reference: A value as written in front matter (``images/hall.jpg``,
                ``/images/hall.jpg``, ``{static}/images/hall.jpg``).
            alt: Its text alternative (``""`` when decorative).
            link: Turns a site-relative path into a URL (``Urls.link``).
            sizes: How wide it is shown (the ``sizes`` attribute).
            lazy: False for the page's main picture (loaded at once, high priority).

        Returns:
            None for an ``https://`` URL (pages load nothing from another host) or a
            path that is not one of the site's pictures.
        """
        source = self.source(reference)
        if source is None:
            return None
        return picture(source, alt, link, sizes=sizes, lazy=lazy)

    def cover(self, reference: str) -> SourceImage | None:
        """The picture a value points to when it can be drawn under a card (a still raster)."""
        source = self.source(reference)
        return source if source is not None and source.resized else None

    def path_of(self, source: SourceImage) -> Path:
        """Where a picture's file is."""
        if self.root is None:
            raise ValueError("these pictures have no content folder")
        return self.root / source.name

    def rendition_outputs(self) -> list[Output]:
        """One output per rendition of every still raster picture.

        Declared by the source's digest and the rendition (not its bytes: the
        file is read when the rendition is made, and the digest stands for it).
        """
        outputs = []
        for source in self.sources:
            for rendition in plan_renditions(source):
                outputs.append(
                    Output(
                        rendition.path,
                        "rendition",
                        {"source": source.digest, "recipe": RECIPE, "rendition": rendition},
                        partial(_make_rendition, self.path_of(source)),
                    )
                )
        return outputs


def _make_rendition(path: Path, inputs: Mapping[str, Any]) -> bytes:
    """A rendition's bytes, from the picture's file (which must still have its digest)."""
    data = path.read_bytes()
    if digest(data) != inputs["source"]:
        raise RuntimeError(f"{path} changed during the build; build again")
    rendition: Rendition = inputs["rendition"]
    try:
        return render_rendition(data, rendition)
    except FieldError as error:
        # Its header was readable (probe) but not its pixels: said once (the rendition
        # is kept by its inputs like any other), and the original stands in for it.
        logger.warning(
            "[chapterhouse] %s",
            Problem(_shown(path), 1, "file", error.message, error.hint).format(),
        )
        return data


def _shown(path: Path) -> str:
    """A file's path as messages show it: relative to the current folder when it is inside."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load_pictures(
    content_root: Path,
    references: Iterable[str],
    *,
    display: Callable[[str], str] = lambda relpath: relpath,
) -> tuple[Pictures, list[Problem]]:
    """Probe the pictures of ``content/images/`` and those ``references`` point to.

    Args:
        content_root: The content folder.
        references: Front-matter values (``image``…) of chapters, events and pages:
            local pictures outside ``images/`` are probed too; URLs, and paths that
            are not a publishable file, are skipped (the content checks report those).
        display: The path shown in messages for a content-relative path.

    Returns:
        The pictures that could be read, and a problem (``path:1: file: message``)
        for each one that could not.
    """
    paths = {relpath for relpath, issue in walk(content_root, PICTURES_FOLDER) if issue is None}
    for reference in references:
        path = picture_path(reference)
        if path and path not in paths and check_published(content_root, path) is None:
            paths.add(path)
    sources, problems = [], []
    for relpath in sorted(p for p in paths if is_picture(p)):
        try:
            sources.append(probe_file(content_root, relpath))
        except FieldError as error:
            problems.append(
                Problem(display(relpath), 1, error.field or "file", error.message, error.hint)
            )
    return Pictures(tuple(sources), content_root), problems


def probe_file(content_root: Path, relpath: str) -> SourceImage:
    """Probe one picture of the content folder (see :func:`chapterhouse.media.images.probe`).

    Raises:
        FieldError: When it cannot be read or is too large.
    """
    try:
        return probe(content_root / relpath, PurePosixPath(relpath).as_posix())
    except OSError as error:
        raise FieldError(f"the file cannot be read ({error.strerror or error})") from error


#: Narrower than this, a cover or banner is blown up into a blur.
SMALLEST_COVER = 320


def picture_warnings(items: Iterable[Any], pictures: Pictures) -> list[str]:
    """Pictures that are valid but almost certainly not what the organizer meant.

    A cover or banner a few pixels wide (it would be stretched across the page),
    and a person's photo on another host (pages load nothing from another host:
    it is not shown). Each as ``path:line: field: message``.
    """
    found = []
    for item in items:
        source = item.source
        for field in ("image", "banner"):
            reference = getattr(item, field, "")
            picture = pictures.source(reference) if reference else None
            small = picture is not None and picture.width < SMALLEST_COVER
            if small and not reference.endswith(".svg"):
                found.append(
                    f"{source.path}:{source.line_of(field)}: {field}: {reference!r} is only "
                    f"{picture.width}×{picture.height} pixels: shown across the page it "
                    "would be a blur; use a picture at least 1200 pixels wide"
                )
        for people in ("speakers", "hosts", "organizers"):
            for index, person in enumerate(getattr(item, people, ())):
                if "://" in person.photo:
                    field = f"{people}.{index}.photo"
                    found.append(
                        f"{source.path}:{source.line_of(field)}: {field}: {person.photo!r} is "
                        "on another site, and pages load nothing from another host: it is not "
                        "shown; put the photo in the content folder (images/…)"
                    )
    return found
