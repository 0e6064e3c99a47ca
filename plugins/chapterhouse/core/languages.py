"""Language tags: which ones are valid, how they are written, and what was meant by a wrong one.

Content and settings name languages with BCP 47 tags as the web writes them
(``fr``, ``es-MX``, ``pt-BR``, ``zh-Hant``): a language, then optionally a
script and a region, joined by hyphens. A tag is accepted when the Unicode
CLDR (through Babel) knows it, so that dates, numbers and time-zone names can
be written in it. A wrong tag is refused with a suggestion: ``fr_FR`` (a
POSIX locale name) → ``fr``, ``French`` → ``fr``, ``ger`` → ``de``.
"""

from __future__ import annotations

import difflib
import re
from functools import cache

from babel import Locale, UnknownLocaleError, localedata
from babel.core import get_global

from chapterhouse.core.problems import FieldError

#: language[-Script][-REGION], as BCP 47 writes them (variants and extensions are not used).
_TAG = re.compile(
    r"(?P<language>[A-Za-z]{2,3})(?:[-_](?P<script>[A-Za-z]{4}))?(?:[-_](?P<region>[A-Za-z]{2}|\d{3}))?"
)


#: Regional tags that keep their region in a suggestion (``pt_BR`` → ``pt-BR``, not ``pt``):
#: those Chapterhouse ships an interface catalog for (a unit test keeps the two in step).
REGIONAL_CATALOGS = frozenset({"pt-BR"})


class LanguageError(FieldError):
    """A language tag is not valid; ``hint`` suggests the tag that was probably meant."""


def language_tag(value: object, catalogs: frozenset[str] = REGIONAL_CATALOGS) -> str:
    """The canonical BCP 47 form of a valid tag: ``fr``, ``pt-BR``, ``zh-Hant``.

    Case is normalised (``PT-br`` → ``pt-BR``: tags are case-insensitive).
    ``catalogs``: tags with an interface catalog (see :func:`suggest_language`).

    Raises:
        LanguageError: not a tag, written with ``_``, or unknown to the CLDR;
            the hint names the likely intended tag.
    """
    if not isinstance(value, str) or not value.strip():
        raise LanguageError(f"{value!r} is not a language tag", "for example fr, en or es")
    text = value.strip()
    match = _TAG.fullmatch(text)
    if match and "_" not in text:
        canonical = _canonical(match)
        if _known(canonical) and match["language"].lower() not in _aliases():
            return canonical
    suggestion = suggest_language(text, catalogs)
    hint = f"did you mean {suggestion!r}?" if suggestion else "for example fr, en, es or pt-BR"
    if match and "_" in text:
        raise LanguageError(f"{text!r} is not a language tag (tags use '-', not '_')", hint)
    raise LanguageError(f"{text!r} is not a language tag known to the Unicode CLDR", hint)


def suggest_language(text: str, catalogs: frozenset[str] = REGIONAL_CATALOGS) -> str:
    """The tag most likely meant by ``text``, or ``""``.

    ``fr_FR``/``fr-FR`` → ``fr`` (France is where French is written when no
    region is given), ``en_GB`` → ``en-GB``, ``French``/``français`` → ``fr``,
    ``fre``/``iw`` (old codes) → ``fr``/``he``, a near-miss (``esp``) → the closest code.

    Args:
        text: What was written.
        catalogs: Tags with an interface catalog: a region that has its own
            catalog is kept (``pt_BR`` → ``pt-BR`` even though Brazil is
            Portuguese's most likely region).
    """
    cleaned = text.strip()
    match = _TAG.fullmatch(re.sub(r"[-_\s]+", "-", cleaned))
    if match:
        language = match["language"].lower()
        language = _aliases().get(language, language)
        canonical = _canonical(match, language)
        if _known(canonical):
            shorter = _without_likely_parts(language, match["script"], match["region"])
            if shorter != canonical and canonical not in catalogs and _known(shorter):
                return shorter
            return canonical
        if _known(language):
            return language
        spoken = _language_of_country(language)
        if spoken:  # jp → ja, cn → zh, gr → el: a country code written for a language
            return spoken
    by_name = _names().get(cleaned.casefold())
    if by_name:
        return by_name
    close = difflib.get_close_matches(cleaned.lower(), _codes(), n=1, cutoff=0.65)
    return close[0] if close else ""


def primary(tag: str) -> str:
    """The language part of a tag: ``pt-BR`` → ``pt``."""
    return tag.split("-", 1)[0].lower()


def is_right_to_left(tag: str) -> bool:
    """Whether the language is written right to left (Arabic, Hebrew, Persian, Urdu…)."""
    return cldr_locale(tag).character_order == "right-to-left"


@cache
def cldr_locale(tag: str) -> Locale:
    """The CLDR locale of a valid tag (``pt-BR`` → ``pt_BR``); English for anything else."""
    try:
        return Locale.parse(tag.replace("-", "_"))
    except (ValueError, LookupError, TypeError, UnknownLocaleError):
        return Locale("en")


def _canonical(match: re.Match[str], language: str = "") -> str:
    parts = [language or match["language"].lower()]
    if match["script"]:
        parts.append(match["script"].title())
    if match["region"]:
        parts.append(match["region"].upper())
    return "-".join(parts)


#: Subtags that say the language or script is unknown or not written: no page is in them.
_UNDETERMINED = frozenset({"und", "mis", "mul", "zxx", "Zzzz", "Zyyy", "Zxxx"})


def _known(tag: str) -> bool:
    if _UNDETERMINED & set(tag.split("-")):
        return False
    identifier = tag.replace("-", "_")
    if localedata.exists(identifier):
        return True
    try:  # a valid combination the CLDR has no data file for (es-DE): parse finds its parent
        Locale.parse(identifier)
    except (ValueError, LookupError, UnknownLocaleError):
        return False
    return True


def _without_likely_parts(language: str, script: str | None, region: str | None) -> str:
    """The tag without the script and region the language has when none is given."""
    likely = get_global("likely_subtags").get(language, "")
    _, likely_script, likely_region = ([*likely.split("_"), "", ""])[:3]
    parts = [language]
    if script and script.title() != likely_script:
        parts.append(script.title())
    if region and region.upper() != likely_region:
        parts.append(region.upper())
    return "-".join(parts)


def _language_of_country(code: str) -> str:
    """The language most likely written in a country (``jp`` → ``ja``), or ``""``."""
    likely = get_global("likely_subtags").get(f"und_{code.upper()}", "")
    return likely.split("_")[0] if likely and len(code) == 2 else ""


@cache
def _aliases() -> dict[str, str]:
    """Deprecated and three-letter bibliographic codes → the current code (``fre`` → ``fr``)."""
    return {old: new for old, new in get_global("language_aliases").items() if "_" not in new}


@cache
def _names() -> dict[str, str]:
    """Language names in English and in each language itself → code (``french``, ``español``)."""
    english = Locale("en")
    names: dict[str, str] = {}
    for code in _codes():
        name = english.languages.get(code)
        if name:
            names.setdefault(name.casefold(), code)
        try:
            own = Locale.parse(code).get_display_name(code)
        except (ValueError, LookupError, UnknownLocaleError):
            continue
        if own:
            names.setdefault(own.casefold(), code)
    return names


@cache
def _codes() -> list[str]:
    """Every language code the CLDR has data for (``fr``, ``es``, ``haw``…)."""
    return sorted(
        {i for i in localedata.locale_identifiers() if "_" not in i and i.isalpha() and i != "root"}
    )
