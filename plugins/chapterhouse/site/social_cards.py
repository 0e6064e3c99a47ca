"""The picture shown when an event is shared: one 1200 × 630 PNG per published event.

Each card is an :class:`~chapterhouse.incremental.outputs.Output` declared next
to the event's page, at ``events/<slug>/card.<key>.png``, where ``key`` is 8
hex digits of the card's fingerprint (:meth:`CardSpec.key`): the texts, the
colour, the language and the cover picture's digest. A changed card gets a new
address, so sharing services fetch it again; an unchanged one is never drawn
again. The event page links it as its ``og:image`` (:meth:`SocialCards.page_values`
declares the path as one of the page's inputs).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from chapterhouse.core.cachefiles import BlobStore
from chapterhouse.core.model import Event, Occurrence
from chapterhouse.core.problems import FieldError, Problem
from chapterhouse.incremental.outputs import Output
from chapterhouse.media.images import SourceImage, digest
from chapterhouse.media.social_card import CardFonts, CardSpec, render_card
from chapterhouse.render.dates import DateFormatter
from chapterhouse.render.i18n import Interface
from chapterhouse.site.model import SiteModel
from chapterhouse.site.views import cover_references, featured_occurrence

logger = logging.getLogger("chapterhouse")

#: The input a card adds to its event's page: the card's site-relative path.
PAGE_VALUE = "social_card"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"  # the IEND chunk: length 0, type, CRC
_CARD_FILE = re.compile(r"events/[^/]+/card\.([0-9a-f]{8})\.png")


def card_path(slug: str, spec: CardSpec, cover_digest: str = "") -> str:
    """Where an event's card goes, relative to the site root.

    A pure function of the declared values: ``events/<slug>/card.<key8>.png``,
    ``key8`` being the first 8 hex digits of ``spec.key`` of the cover's digest
    (which stands for its bytes).
    """
    return f"events/{slug}/card.{card_key(spec, cover_digest)[:8]}.png"


def card_key(spec: CardSpec, cover_digest: str = "") -> str:
    """The card's full key: its spec's, with the cover's digest standing for its bytes."""
    return spec.key(cover_digest.encode() if cover_digest else None)


def card_when(dates: DateFormatter, occurrence: Occurrence) -> str:
    """The date line of a card, in the language of ``dates`` (no zone: the page names it).

    ``mercredi 20 janvier 2027, 18:30 – 20:30``; an event over several days
    gives its first and last days only, which fit on one line.
    """
    start, end = occurrence.local_start, occurrence.local_end
    if isinstance(start, datetime) and isinstance(end, datetime) and end.date() != start.date():
        return f"{dates.date(start)} – {dates.date(end)}"
    return dates.range_text(occurrence, with_zone=False)


class SocialCards:
    """The cards of a site's events, declared as outputs.

    Args:
        model: The derived site (events, chapters, schedule, pictures).
        interfaces: The interface (dates) of each language.
        font_dir: The theme's fonts folder (default: the package's theme).
    """

    def __init__(
        self,
        model: SiteModel,
        interfaces: Callable[[str], Interface],
        font_dir: Path | None = None,
        store: BlobStore | None = None,
    ):
        self.model = model
        self.interfaces = interfaces
        self.font_dir = font_dir
        self.store = store
        # Per process: fonts loaded once per language, each event's card described once.
        self._fonts: dict[str, CardFonts] = {}
        self._described: dict[str, tuple[CardSpec, SourceImage | None]] = {}

    def describe(self, event: Event) -> tuple[CardSpec, SourceImage | None]:
        """What the card of ``event`` shows, and its cover picture (None: a pattern)."""
        known = self._described.get(event.slug)
        if known is not None:
            return known
        model = self.model
        chapter = model.chapter_of(event)
        lang = event.lang or model.settings.lang
        occurrence = featured_occurrence(event, model.schedule.event_timeline(event))
        spec = CardSpec(
            title=event.title,
            when=card_when(self.interfaces(lang).dates, occurrence),
            chapter=chapter.title if chapter else "",
            color=(chapter.color if chapter else "") or model.settings.accent,
            seed=chapter.slug if chapter else event.slug,
            site=model.settings.site_name,
            lang=lang,
        )
        # The page's cover: the event's picture, else its chapter's banner or picture.
        covers = (model.pictures.cover(r) for r in cover_references(event.image, chapter))
        cover = next((found for found in covers if found is not None), None)
        self._described[event.slug] = (spec, cover)
        return spec, cover

    def card_path(self, event: Event) -> str:
        """The site-relative path of the card of ``event``."""
        spec, cover = self.describe(event)
        return card_path(event.slug, spec, cover.digest if cover else "")

    def has_card(self, event: Event) -> bool:
        """Whether ``event`` gets a card: it is still to come, or ended within the history window.

        Cards are what a shared link shows, and links are shared before and just
        after an event; the archive's pages keep their own picture (or the
        theme's), which spares a ten-year network thousands of cards on every
        cold build. None when the site's ``social_cards`` setting is off.
        """
        if not self.model.settings.social_cards:
            return False
        timeline = self.model.schedule.event_timeline(event)
        if timeline.upcoming:
            return True
        oldest = self.model.now - self.model.settings.history_window
        return bool(timeline.past) and timeline.past[0].ends_at >= oldest

    def page_values(self, kind: str, values: Mapping[str, Any]) -> Mapping[str, Any]:
        """An :data:`~chapterhouse.site.pages.Extra`: the card's path, declared on event pages."""
        if kind != "event" or not self.has_card(values["event"]):
            return {}
        return {PAGE_VALUE: self.card_path(values["event"])}

    def event_card(self, event: Event) -> Output:
        """The card of ``event``, declared by its texts, colour, language and cover's digest."""
        spec, cover = self.describe(event)
        cover_digest = cover.digest if cover else ""
        cover_file = self.model.pictures.path_of(cover) if cover else None
        return Output(
            card_path(event.slug, spec, cover_digest),
            "social-card",
            {"spec": spec, "cover": cover_digest},
            partial(self._make, event.source.path, cover_file),
        )

    def fonts(self, lang: str) -> CardFonts:
        """The card fonts of ``lang``, loaded once per process."""
        fonts = self._fonts.get(lang)
        if fonts is None:
            fonts = self._fonts[lang] = CardFonts(lang, self.font_dir)
        return fonts

    def _make(self, shown: str, cover_file: Path | None, inputs: Mapping[str, Any]) -> bytes:
        spec: CardSpec = inputs["spec"]
        name = card_key(spec, inputs["cover"])
        if self.store is not None:
            kept = self.store.get(f"{name}.png")
            if kept is not None and is_whole_png(kept):  # a cut or emptied file is drawn again
                _warn_missing(shown, (self.store.get(f"{name}.missing") or b"").decode())
                return kept
        cover = cover_file.read_bytes() if cover_file is not None else None
        if cover is not None and digest(cover) != inputs["cover"]:
            raise RuntimeError(f"{cover_file} changed during the build; build again")
        fonts = self.fonts(spec.lang)
        try:
            card = render_card(spec, cover, fonts)
        except FieldError as error:  # the cover's pixels cannot be decoded: the pattern
            logger.warning(
                "[chapterhouse] %s",
                Problem(shown, 1, "image", error.message, error.hint).format(),
            )
            card = render_card(spec, None, fonts)
            _warn_missing(shown, card.missing)
            return card.png  # not kept: the cover's warning must come again
        _warn_missing(shown, card.missing)
        if self.store is not None:
            if card.missing:  # first, so that a kept card is never read without it
                self.store.put(f"{name}.missing", card.missing.encode())
            self.store.put(f"{name}.png", card.png)
        return card.png


def is_whole_png(data: bytes) -> bool:
    """Whether ``data`` is a PNG file from its signature to its end chunk (not cut short)."""
    return data.startswith(_PNG_SIGNATURE) and data.endswith(_PNG_END)


def _warn_missing(shown: str, missing: str) -> None:
    if missing:
        logger.warning(
            "[chapterhouse] %s: the social card leaves out %s: no installed font has "
            "them (see NEEDS.md)",
            shown,
            ", ".join(f"{c!r} (U+{ord(c):04X})" for c in missing),
        )


def kept_card(name: str, used: set[str]) -> bool:
    """Whether a card store's file ``name`` belongs to a card the site uses.

    ``used``: the 8-digit keys of the cards in the output (``card.<key8>.png``).
    """
    return name[:8] in used


def card_keys(paths: Iterable[str]) -> set[str]:
    """The 8-digit keys of the cards among output ``paths``."""
    return {m[1] for p in paths if (m := _CARD_FILE.fullmatch(p))}
