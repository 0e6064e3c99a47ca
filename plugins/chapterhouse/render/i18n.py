"""The interface in one language: its translated words, dates, numbers and prices.

Every page, calendar and feed entry speaks one language: an event's own (its
``lang``, else its chapter's, else ``DEFAULT_LANG``), a chapter's, or one of
the site's languages for the pages that gather events. An
:class:`Interface` is everything needed to write in that language:

* the interface strings, from a gettext catalog (``.po`` files under
  ``chapterhouse/locale/``, compiled in memory when first needed: no ``.mo``
  files to keep in step). A language with no catalog falls back to the
  closest one of the same language and script (``fr-CA`` → ``fr``, ``pt`` →
  ``pt-BR``), else to English: :attr:`Interface.catalog` says which;
* dates, times, time-zone names, numbers and prices from the Unicode CLDR
  (Babel), which knows every language, catalog or not;
* the writing direction.

``invoke i18n`` extracts the strings from the templates and the code and
updates every catalog; ``docs/languages.md`` explains how to add one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cached_property
from io import BytesIO
from pathlib import Path
from typing import Any

from babel import Locale
from babel.core import get_global
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations
from markupsafe import Markup

from chapterhouse.core.languages import cldr_locale, is_right_to_left, primary
from chapterhouse.render.dates import DateFormatter
from chapterhouse.render.numbers import format_price

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "chapterhouse"

#: ``%(name)d`` placeholders: their numbers are written the language's way (``1 234``, ``١٢``).
_NUMBER_PLACEHOLDER = re.compile(r"%\((\w+)\)d")
#: A named value in a message: ``%(title)s``, ``%(num)d``, ``{count}``.
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def available_catalogs(folder: Path = LOCALE_DIR) -> tuple[str, ...]:
    """Language tags with an interface catalog (``de``, ``pt-BR``…), English excluded."""
    found = (p.parent.parent.name for p in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return tuple(sorted(name.replace("_", "-") for name in found))


def catalog_for(tag: str, catalogs: Iterable[str]) -> str | None:
    """The catalog that serves ``tag``: ``"en"`` for English, ``None`` when none does.

    The tag itself, then its language alone (``fr-CA`` → ``fr``), then another
    region of the same language and script (``pt`` or ``pt-PT`` → ``pt-BR``;
    never ``sr-Latn`` for ``sr``, written in Cyrillic).
    """
    known = set(catalogs)
    language = primary(tag)
    if language == "en":
        return "en"
    if tag in known:
        return tag
    script = _script(tag)
    if language in known and _script(language) == script:
        return language
    for candidate in sorted(known):
        if primary(candidate) == language and _script(candidate) == script:
            return candidate
    return None


class Interface:
    """Everything written in one language.

    Args:
        tag: The language (BCP 47, as validated by ``core.languages``).
        catalog: The catalog serving it (see :func:`catalog_for`); ``None``:
            interface strings stay in English.
        folder: Where the catalogs are.
    """

    def __init__(self, tag: str, catalog: str | None, folder: Path = LOCALE_DIR):
        self.tag = tag
        self.catalog = catalog
        self.locale: Locale = cldr_locale(tag)
        self.direction = "rtl" if is_right_to_left(tag) else "ltr"
        self.dates = DateFormatter(self.locale)
        self._folder = folder
        self._patterns: dict[str, str] = {}
        self._numbers: dict[int, str] = {}

    @property
    def falls_back(self) -> bool:
        """Whether interface strings are shown in English for want of a catalog."""
        return self.catalog is None

    @cached_property
    def translations(self) -> NullTranslations:
        """The compiled catalog (English: none needed).

        A message whose translation names other placeholders than its source
        (``%(importe)s`` for ``%(amount)s``) is left out (shown in English) and
        reported in :attr:`catalog_problems`, as is a catalog that cannot be read.
        """
        return self._compiled[0]

    @property
    def catalog_problems(self) -> tuple[str, ...]:
        """What is wrong with this language's catalog, each as ``path:line: message``."""
        return self._compiled[1]

    @cached_property
    def _compiled(self) -> tuple[NullTranslations, tuple[str, ...]]:
        if self.catalog in (None, "en"):
            return NullTranslations(), ()
        po_file = self._folder / self.catalog.replace("-", "_") / "LC_MESSAGES" / f"{DOMAIN}.po"
        shown = _shown(po_file)
        try:
            with po_file.open("rb") as handle:
                catalog = read_po(
                    handle, locale=self.catalog.replace("-", "_"), domain=DOMAIN, abort_invalid=True
                )
        except (OSError, PoFileError, ValueError) as error:
            problem = f"{shown}: the catalog cannot be read ({error}): interface text in English"
            return NullTranslations(), (problem,)
        problems, total, missing = [], 0, 0
        for message in catalog:
            if not message.id:
                continue
            total += 1
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy or not all(forms):
                missing += 1
                continue
            source = message.id if isinstance(message.id, str) else message.id[-1]
            wanted = _names(source)
            if any(_names(form) - wanted for form in forms):
                name = message.id if isinstance(message.id, str) else message.id[0]
                problems.append(
                    f"{shown}:{message.lineno}: the translation of {name!r} names a placeholder "
                    f"the source does not have ({', '.join(sorted(wanted)) or 'none'}): "
                    "shown in English"
                )
                message.string = ("",) * len(forms) if isinstance(message.string, tuple) else ""
        if missing:
            problems.append(
                f"{shown}: {total - missing} of {total} interface strings are translated: "
                "the others are shown in English (see docs/languages.md)"
            )
        buffer = BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        return Translations(buffer, domain=DOMAIN), tuple(problems)

    # Words ---------------------------------------------------------------------------------
    def gettext(self, message: str, **values: Any) -> str:
        """``message`` translated, with ``values`` filled in (numbers the language's way)."""
        text = self.translations.gettext(message)
        return self.fill(text, values) if values else text

    def ngettext(self, singular: str, plural: str, count: int, **values: Any) -> str:
        """The form for ``count`` (``num`` in the message) of a message with plural forms."""
        text = self.translations.ngettext(singular, plural, count)
        return self.fill(text, {"num": count, **values})

    def plural_variants(self, singular: str, plural: str) -> dict[str, str]:
        """The message's form for each plural category of the language, for a script to pick.

        Keys are CLDR categories (``one``, ``few``, ``many``, ``other``…), what
        ``Intl.PluralRules`` returns in a browser; the values keep their
        ``{placeholders}`` for the script to fill.
        """
        rule = self.locale.plural_form
        variants: dict[str, str] = {}
        for count in range(200):
            category = rule(count)
            if category not in variants:
                variants[category] = self.translations.ngettext(singular, plural, count)
        return variants

    def fill(self, text: str, values: Mapping[str, Any]) -> str:
        """``text`` (a translated message) with its ``%(name)s`` values filled in.

        Numbers are written the language's way; markup text stays markup (its
        values are escaped).
        """
        pattern = self._patterns.get(text)
        if pattern is None:
            pattern = self._patterns[text] = _NUMBER_PLACEHOLDER.sub(r"%(\1)s", text)
        if isinstance(text, Markup):
            pattern = Markup(pattern)  # noqa: S704 - the catalog's own text
        return pattern % {name: self._value(value) for name, value in values.items()}

    def _value(self, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return self.number(value)
        return value

    # Numbers, prices, names --------------------------------------------------------------
    def number(self, value: int) -> str:
        """``1,234`` / ``1 234`` / ``1.234``."""
        text = self._numbers.get(value)
        if text is None:
            text = self._numbers[value] = format_decimal(value, locale=self.locale)
        return text

    def price(self, amount: str, currency: str) -> str:
        """``€12.50`` / ``12,50 €`` (see :func:`~chapterhouse.render.numbers.format_price`)."""
        return format_price(amount, currency, self.locale)

    def country(self, code: str) -> str:
        """A country's name: ``MX`` → ``Mexico`` / ``Mexique`` / ``México``."""
        return self.locale.territories.get(code, code)

    def language_name(self, tag: str) -> str:
        """A language's name in this language: ``es`` → ``Spanish`` / ``espagnol``."""
        return cldr_locale(tag).get_display_name(self.locale) or tag

    @cached_property
    def own_name(self) -> str:
        """The language's name in itself, as a language menu shows it: ``Español``, ``العربية``."""
        name = self.locale.get_display_name(self.locale) or self.tag
        return name[:1].upper() + name[1:]

    @cached_property
    def og_locale(self) -> str:
        """OpenGraph's ``language_TERRITORY`` (``fr`` → ``fr_FR``), from CLDR's likely subtags."""
        territory = self.locale.territory
        if not territory:
            likely = get_global("likely_subtags").get(self.locale.language, "")
            territory = likely.split("_")[-1] if likely else ""
        language = self.locale.language
        return f"{language}_{territory}" if territory else language

    def __repr__(self) -> str:
        return f"Interface({self.tag!r}, catalog={self.catalog!r})"


class Interfaces:
    """The interface of each language a build writes in, made once per language.

    Args:
        folder: Where the catalogs are.
    """

    def __init__(self, folder: Path = LOCALE_DIR):
        self._folder = folder
        self.catalogs = available_catalogs(folder)
        self._made: dict[str, Interface] = {}

    def __call__(self, tag: str) -> Interface:
        """The interface for ``tag``."""
        interface = self._made.get(tag)
        if interface is None:
            catalog = catalog_for(tag, self.catalogs)
            interface = self._made[tag] = Interface(tag, catalog, self._folder)
        return interface


def _script(tag: str) -> str:
    """The script of a tag, explicit or likely (``sr`` → ``Cyrl``, ``zh-TW`` → ``Hant``)."""
    parts = tag.split("-")
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            return part.title()
    subtags = get_global("likely_subtags")
    region = "_".join(parts[:2])  # zh_TW is written in Hant, zh alone in Hans
    likely = subtags.get(region) or subtags.get(parts[0].lower(), "")
    pieces = likely.split("_")
    return pieces[1] if len(pieces) > 1 else ""


def _names(text: str) -> set[str]:
    return {a or b for a, b in _PLACEHOLDER.findall(text)}


def _shown(path: Path) -> str:
    """A path as messages show it: relative to the current folder when it is inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
