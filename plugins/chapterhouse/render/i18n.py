"""Interface translations: gettext catalogs shipped as ``.po`` files.

The ``.po`` files under ``chapterhouse/locale/`` are the source of truth;
they are compiled in memory with Babel when a build starts (no compiled
``.mo`` files to keep in sync). ``invoke i18n`` extracts new strings from the
templates and the code and updates the catalogs.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.core import get_global
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "chapterhouse"


def available_languages() -> tuple[str, ...]:
    """Languages with a catalog, plus English (the source language)."""
    found = {p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    return tuple(sorted(found | {"en"}))


def load_translations(lang: str) -> NullTranslations:
    """The catalog for ``lang`` (``fr``, ``fr-CA`` falls back to ``fr``); English is built in."""
    for candidate in _candidates(lang):
        po_file = LOCALE_DIR / candidate / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po_file.is_file():
            with po_file.open("rb") as handle:
                catalog = read_po(handle, locale=candidate, domain=DOMAIN)
            buffer = BytesIO()
            write_mo(buffer, catalog)
            buffer.seek(0)
            return Translations(buffer, domain=DOMAIN)
    return NullTranslations()


def babel_locale(lang: str) -> Locale:
    """The CLDR locale for a language tag (``pt-BR`` → ``pt_BR``), English if unknown."""
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (ValueError, LookupError):
        return Locale("en")


def og_locale(locale: Locale) -> str:
    """OpenGraph's ``language_TERRITORY`` (``fr`` → ``fr_FR``), from CLDR's likely subtags."""
    territory = locale.territory
    if not territory:
        likely = get_global("likely_subtags").get(locale.language, "")
        territory = likely.split("_")[-1] if likely else ""
    return f"{locale.language}_{territory}" if territory else locale.language


def _candidates(lang: str) -> list[str]:
    normal = lang.replace("-", "_")
    return list(dict.fromkeys([normal, normal.split("_")[0]]))
