"""Responsive renditions of the site's pictures (``content/images``), made at build time.

Every raster picture is resized into a few widths, never wider than the
original, each as WebP and as JPEG (PNG for pictures with transparency), and
shown with ``<picture>``, ``srcset``, ``sizes``, ``width``/``height`` and lazy
loading (:func:`picture`). SVG and animated pictures are served as they are.

Three steps, so a build can decide what to do before decoding anything:

1. :func:`probe` reads the header (no pixel decoding): size after the EXIF
   orientation, whether it may be transparent, and a digest of the bytes;
   refuses pictures too large to decode safely.
2. :func:`plan_renditions` (pure) lists the files to make and their paths.
   A path names the source, the width and a hash of the source's bytes and of
   this module's recipe (``images/hall-640w.1a2b3c4d.webp``): the same picture
   always gets the same URLs, a changed picture gets new ones (browsers may
   cache them forever), and a file already made need never be made again.
3. :func:`render_renditions` decodes once and writes every rendition:
   orientation applied, colours converted to sRGB, metadata (EXIF, GPS, ICC,
   comments) dropped, same bytes for the same input.

No Pelican here; the build keeps the renditions in its incremental cache.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from chapterhouse.core.problems import FieldError

#: Widths made for every picture (those wider than the original are skipped).
WIDTHS = (320, 640, 960, 1280, 1920)
WEBP_QUALITY = 80
JPEG_QUALITY = 80
#: Changes whenever the bytes this module writes for a given input change (bump it),
#: so that rendition URLs change with them.
RECIPE = f"1:webp{WEBP_QUALITY}:jpeg{JPEG_QUALITY}:lanczos"
#: Media types of the formats written.
MEDIA_TYPES = {"webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}
EXTENSIONS = {"webp": "webp", "jpeg": "jpg", "png": "png"}
RASTER_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"})
_ALPHA_MODES = frozenset({"RGBA", "LA", "PA", "RGBa", "La"})
_SWAPPING_ORIENTATIONS = frozenset({5, 6, 7, 8})


@dataclass(frozen=True)
class SourceImage:
    """What :func:`probe` learned about a picture without decoding its pixels.

    Attributes:
        name: Its path relative to the site root (``images/hall.jpg``).
        width: Width as shown, after the EXIF orientation.
        height: Height as shown.
        format: Pillow's format name (``JPEG``, ``PNG``, ``WEBP``, ``GIF``, ``SVG``…).
        digest: Hash of its bytes (hex).
        alpha: It may have transparent pixels (its mode has an alpha channel or a
            transparent palette entry).
        animated: It has more than one frame (served as it is).
    """

    name: str
    width: int
    height: int
    format: str
    digest: str
    alpha: bool = False
    animated: bool = False

    @property
    def resized(self) -> bool:
        """Renditions are made for it (a still raster picture)."""
        return self.format != "SVG" and not self.animated


@dataclass(frozen=True)
class Rendition:
    """One file to make from a source picture.

    Attributes:
        path: Where it goes, relative to the site root.
        width: Its width in pixels.
        height: Its height in pixels.
        format: ``webp``, ``jpeg`` or ``png``.
    """

    path: str
    width: int
    height: int
    format: str

    @property
    def media_type(self) -> str:
        """Its MIME type (``image/webp``…)."""
        return MEDIA_TYPES[self.format]


def is_picture(name: str) -> bool:
    """The file is one :func:`probe` handles (a raster picture or an SVG), by its suffix."""
    suffix = PurePosixPath(name).suffix.lower()
    return suffix in RASTER_SUFFIXES or suffix == ".svg"


def digest(data: bytes) -> str:
    """The hash used to name renditions (BLAKE2b, 128 bits, hex)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def probe(data: bytes | Path, name: str, max_pixels: int | None = None) -> SourceImage:
    """Read a picture's header: its size as shown, transparency, frames, digest.

    Args:
        data: The file's bytes, or its path.
        name: Its path relative to the site root (``images/hall.jpg``).
        max_pixels: Largest width × height accepted (default: Pillow's
            ``Image.MAX_IMAGE_PIXELS``, about 89 million).

    Returns:
        What is needed to plan renditions and write ``width``/``height``.

    Raises:
        FieldError: When the file is not a picture Pillow can read, or is too
            large to decode safely (a "decompression bomb").
    """
    raw = data.read_bytes() if isinstance(data, Path) else data
    if PurePosixPath(name).suffix.lower() == ".svg":
        width, height = svg_size(raw)
        return SourceImage(name, width, height, "SVG", digest(raw))
    limit = max_pixels if max_pixels is not None else (Image.MAX_IMAGE_PIXELS or 0)
    try:
        with warnings.catch_warnings():
            # Past the limit Pillow only warns; the check below refuses in plain words.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(raw))  # lazy: reads the header only
        with image:
            width, height = image.size
            _check_pixels(width, height, limit)
            orientation = image.getexif().get(0x0112, 1)
            alpha = image.mode in _ALPHA_MODES or "transparency" in image.info
            animated = getattr(image, "n_frames", 1) > 1
            kind = image.format or "unknown"
    except Image.DecompressionBombError as error:
        raise _too_large(error, limit) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        if isinstance(error, FieldError):
            raise
        raise FieldError(
            f"the file is not a picture that can be read ({type(error).__name__}: {error})".replace(
                "\n", " "
            ),
            "export it again as JPEG, PNG or WebP",
        ) from error
    if orientation in _SWAPPING_ORIENTATIONS:
        width, height = height, width
    return SourceImage(name, width, height, kind, digest(raw), alpha, animated)


_RESIZE_HINT = "resize it to a few thousand pixels wide before adding it"


def _check_pixels(width: int, height: int, limit: int) -> None:
    if limit and width * height > limit:
        raise FieldError(
            f"the picture is {width}×{height} pixels ({width * height / 1e6:.0f} megapixels); "
            f"at most {limit / 1e6:.0f} megapixels are processed",
            _RESIZE_HINT,
        )


def _too_large(error: Image.DecompressionBombError, limit: int) -> FieldError:
    """Pillow's own refusal (past twice its limit) in the same words as :func:`_check_pixels`."""
    found = re.search(r"\((\d+) pixels\)", str(error))
    size = f"{int(found.group(1)) / 1e6:.0f} megapixels" if found else "too many pixels"
    return FieldError(
        f"the picture has {size}; at most {limit / 1e6:.0f} megapixels are processed",
        _RESIZE_HINT,
    )


def rendition_widths(width: int, widths: Sequence[int] = WIDTHS) -> list[int]:
    """The widths to make for a picture ``width`` pixels wide, smallest first.

    The steps of ``widths`` not wider than the picture, plus the picture's own
    width when it lies between two steps (so its full detail is available), and
    at most the largest step. A picture narrower than every step gets its own width.
    """
    steps = sorted(set(widths))
    kept = [w for w in steps if w <= width]
    if width < steps[-1] and width not in kept:
        kept.append(width)
    return kept


def plan_renditions(source: SourceImage, widths: Sequence[int] = WIDTHS) -> list[Rendition]:
    """The renditions of ``source``: every width, WebP first, then JPEG (or PNG).

    Pure: needs no pixels, so templates can write ``srcset`` before anything is made.
    SVG and animated pictures have none (they are served as they are).
    """
    if not source.resized:
        return []
    fallback = "png" if source.alpha else "jpeg"
    key = hashlib.blake2b(f"{source.digest}\0{RECIPE}".encode(), digest_size=4).hexdigest()
    path = PurePosixPath(source.name)
    stem = path.parent / path.stem
    renditions = []
    for kind in ("webp", fallback):
        for width in rendition_widths(source.width, widths):
            height = max(1, round(source.height * width / source.width))
            renditions.append(
                Rendition(
                    f"{stem.as_posix()}-{width}w.{key}.{EXTENSIONS[kind]}", width, height, kind
                )
            )
    return renditions


def render_renditions(data: bytes, renditions: Sequence[Rendition]) -> list[bytes]:
    """Make ``renditions`` from the source's bytes (decoded once), in the same order.

    Raises:
        FieldError: When the picture cannot be decoded.
    """
    if not renditions:
        return []
    prepared = decode(data)
    resized: dict[tuple[int, int], Image.Image] = {}  # one resize per size, for both formats
    made = []
    for rendition in renditions:
        size = (rendition.width, rendition.height)
        if size not in resized:
            resized[size] = _resize(prepared, size)
        made.append(_encode(resized[size], rendition.format))
    return made


def render_rendition(data: bytes, rendition: Rendition) -> bytes:
    """Make one rendition (the same bytes :func:`render_renditions` makes for it)."""
    return render_renditions(data, [rendition])[0]


# Pictures in pages -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PictureSource:
    """A ``<source>`` of a ``<picture>``: its ``type`` and ``srcset``."""

    type: str
    srcset: str


@dataclass(frozen=True)
class Picture:
    """The attributes of a ``<picture>`` and its ``<img>``, ready for a template.

    ``sources`` is empty for an SVG or an animated picture: then only ``<img>`` is needed.

    Attributes:
        sources: ``<source type srcset>`` elements, WebP first (``sizes`` applies to each).
        src: The ``<img>``'s ``src`` (a middle-sized fallback rendition, or the original).
        srcset: The ``<img>``'s ``srcset`` (JPEG or PNG renditions), ``""`` when none.
        sizes: The ``sizes`` attribute, ``""`` when there is no ``srcset``.
        width: Intrinsic width (with ``height``, reserves the space: no layout shift).
        height: Intrinsic height.
        alt: Text alternative (``""`` for a decorative picture).
        loading: ``lazy`` below the fold, ``eager`` for the page's main picture.
        decoding: ``async``.
        fetchpriority: ``high`` for the page's main picture, else ``""`` (leave it out).
    """

    sources: tuple[PictureSource, ...]
    src: str
    srcset: str
    sizes: str
    width: int
    height: int
    alt: str
    loading: str = "lazy"
    decoding: str = "async"
    fetchpriority: str = ""


#: The theme's content column: 60rem wide at most, less 1rem of padding on each side.
DEFAULT_SIZES = "(min-width: 60rem) 58rem, calc(100vw - 2rem)"


def picture(
    source: SourceImage,
    alt: str,
    link: Callable[[str], str] = lambda path: "/" + path,
    sizes: str = DEFAULT_SIZES,
    lazy: bool = True,
    widths: Sequence[int] = WIDTHS,
) -> Picture:
    """What a template needs to show ``source`` responsively.

    Args:
        source: From :func:`probe`.
        alt: Text alternative (``""`` when the picture is decorative).
        link: Turns a path relative to the site root into a URL (``Urls.link``).
        sizes: How wide the picture is shown, for the browser to pick a width.
        lazy: Below the fold (``loading="lazy"``); False for the page's main
            picture, which is loaded at once with ``fetchpriority="high"``.
        widths: The steps of :func:`plan_renditions`.
    """
    loading = "lazy" if lazy else "eager"
    priority = "" if lazy else "high"
    renditions = plan_renditions(source, widths)
    if not renditions:
        return Picture(
            (), link(source.name), "", "", source.width, source.height, alt, loading,
            fetchpriority=priority,
        )  # fmt: skip
    by_format: dict[str, list[Rendition]] = {}
    for rendition in renditions:
        by_format.setdefault(rendition.format, []).append(rendition)
    srcsets = {
        kind: ", ".join(f"{link(r.path)} {r.width}w" for r in items)
        for kind, items in by_format.items()
    }
    fallback_kind = next(kind for kind in by_format if kind != "webp")
    fallback = by_format[fallback_kind]
    middle = next((r for r in fallback if r.width >= 960), fallback[-1])
    largest = fallback[-1]
    return Picture(
        (PictureSource(MEDIA_TYPES["webp"], srcsets["webp"]),),
        link(middle.path),
        srcsets[fallback_kind],
        sizes,
        largest.width,
        largest.height,
        alt,
        loading,
        fetchpriority=priority,
    )


# SVG ---------------------------------------------------------------------------------------------

_SVG_ROOT = re.compile(rb"<svg\b[^>]*>", re.IGNORECASE | re.DOTALL)
_ATTRIBUTE = re.compile(rb"""\s([a-zA-Z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+)\s*(px)?\s*")


def svg_size(data: bytes) -> tuple[int, int]:
    """An SVG's intrinsic size in pixels, from its ``width``/``height`` or ``viewBox``.

    Raises:
        FieldError: When neither gives a size (the picture would have no aspect ratio).
    """
    root = _SVG_ROOT.search(data)
    attributes: dict[str, str] = {}
    if root:
        for match in _ATTRIBUTE.finditer(root.group(0)):
            value = match.group(2) if match.group(2) is not None else match.group(3)
            attributes[match.group(1).decode().lower()] = value.decode(errors="replace")
    width, height = (_pixels(attributes.get(key, "")) for key in ("width", "height"))
    box = attributes.get("viewbox", "").replace(",", " ").split()
    if len(box) == 4:
        try:
            box_width, box_height = float(box[2]), float(box[3])
        except ValueError:
            box_width = box_height = 0.0
        if box_width > 0 and box_height > 0:
            if width and not height:
                height = width * box_height / box_width
            elif height and not width:
                width = height * box_width / box_height
            elif not width and not height:
                width, height = box_width, box_height
    if not width or not height:
        raise FieldError(
            "the SVG has no size (neither width and height nor a viewBox)",
            'add a viewBox, like viewBox="0 0 120 60"',
        )
    return max(1, round(width)), max(1, round(height))


def _pixels(value: str) -> float:
    match = _LENGTH.fullmatch(value)
    return float(match.group(1)) if match else 0.0


# Pixels ------------------------------------------------------------------------------------------


def decode(data: bytes) -> Image.Image:
    """Decode a picture as it is shown: EXIF orientation applied, sRGB (RGB or RGBA), no metadata.

    Raises:
        FieldError: When the picture cannot be decoded or is too large to decode safely.
    """
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            image = ImageOps.exif_transpose(opened) or opened
            icc = opened.info.get("icc_profile")
            image = _to_srgb(image, icc)
    except Image.DecompressionBombError as error:
        raise _too_large(error, Image.MAX_IMAGE_PIXELS or 0) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise FieldError(
            f"the picture cannot be decoded ({type(error).__name__}: {error})".replace("\n", " "),
            "export it again as JPEG, PNG or WebP",
        ) from error
    image.info = {}
    return image


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """``image`` as 8-bit sRGB, ``RGBA`` when it has transparency, else ``RGB``."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.point(lambda value: value * (1 / 256)).convert("L")
    elif image.mode == "F":
        image = image.convert("L")
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    elif image.mode in ("LA", "PA", "La", "RGBa"):
        image = image.convert("RGBA")
    if icc and image.mode in ("RGB", "RGBA", "CMYK", "L") and not _is_srgb(icc):
        converted = _icc_to_srgb(image, icc)
        if converted is not None:
            return converted
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGB")
    return image


#: Descriptions of the usual sRGB profiles: pictures tagged with them need no conversion.
#: Any other profile (even one whose name mentions sRGB, like "Linear sRGB") is applied.
_SRGB_NAMES = frozenset(
    {"srgb", "srgb iec61966-2.1", "srgb iec61966-2-1 black scaled", "srgb built-in", "srgb2014"}
)


def _is_srgb(icc: bytes) -> bool:
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.getProfileDescription(profile).strip().lower() in _SRGB_NAMES
    except (OSError, ImageCms.PyCMSError):
        return True  # an unreadable profile: keep the values as they are


def _icc_to_srgb(image: Image.Image, icc: bytes) -> Image.Image | None:
    alpha = image.getchannel("A") if image.mode == "RGBA" else None
    base = image.convert("RGB") if image.mode == "RGBA" else image
    try:
        converted = ImageCms.profileToProfile(
            base,
            ImageCms.ImageCmsProfile(io.BytesIO(icc)),
            ImageCms.createProfile("sRGB"),
            renderingIntent=ImageCms.Intent.PERCEPTUAL,
            outputMode="RGB",
        )
    except (OSError, ImageCms.PyCMSError):
        return None
    if converted is None:
        return None
    if alpha is not None:
        converted.putalpha(alpha)
    return converted


def _resize(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    if image.size == size:
        resized = image.copy()
    else:
        resized = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    resized.info = {}
    return resized


def _encode(image: Image.Image, kind: str) -> bytes:
    out = io.BytesIO()
    if kind == "jpeg" and image.mode != "RGB":
        image = image.convert("RGB")
    if kind == "webp":
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    elif kind == "jpeg":
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    else:
        image.save(out, "PNG", optimize=False, compress_level=9)
    return out.getvalue()
