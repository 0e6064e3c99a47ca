"""Jinja for Chapterhouse's templates: autoescaping, helpers per language, declared values only.

:func:`install_template_helpers` sets up the Jinja environment of a
generator that renders the theme (Chapterhouse's and Pelican's pages):
autoescaping on (front matter is text, never markup), compiled templates kept
between builds, and the helpers of the site's first language.

:class:`ThemeLanguages` gives that environment in each language a page may
speak: an overlay whose helpers (``_()``, ``ngettext()``, ``dates``,
``price``, ``urls``…) write in that language, with the theme's macros as
``fmt`` (dates and times) and ``ui`` (labels, people). Its
:meth:`~ThemeLanguages.render` renders a template with *exactly* the values
an output declares (plus those helpers, which depend only on the settings and
the language): a template that uses anything else stops the build with a
message naming the template, the line and the value, so that no page can
depend on something its fingerprint does not cover.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from babel.lists import format_list
from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    StrictUndefined,
    TemplateNotFound,
    UndefinedError,
    pass_context,
)
from jinja2.runtime import Context
from markupsafe import Markup, escape

from chapterhouse.config import ChapterhouseSettings
from chapterhouse.core.languages import is_right_to_left
from chapterhouse.core.recurrence import rule_parts
from chapterhouse.render.dates import machine
from chapterhouse.render.i18n import Interface, Interfaces
from chapterhouse.render.rules import rule_in_words
from chapterhouse.site.identity import logo_view, site_accent_path
from chapterhouse.site.languages import language_menu
from chapterhouse.site.urls import Urls

#: ``render(template, values, language)`` → the page's text.
Render = Callable[[str, Mapping[str, Any], str], str]
#: The theme's macro files, each a global of every template (``{{ pic.picture(shown) }}``).
THEME_MACROS = (
    ("fmt", "macros/time.html"),
    ("ui", "macros/content.html"),
    ("pic", "macros/picture.html"),
    ("recaps", "macros/recap.html"),
)


class UndeclaredValue(Exception):
    """A template used a value its output does not declare."""


def install_template_helpers(
    env: Environment,
    config: ChapterhouseSettings,
    cache: Path,
    interfaces: Interfaces,
    logo_data: bytes = b"",
) -> ThemeLanguages:
    """Configure ``env`` for the theme (once per generator that renders templates).

    ``logo_data``: the bytes of the settings' ``logo`` (``b""``: no logo in the header).

    Returns:
        The theme in each language, the site's first language being ``env`` itself.
    """
    env.autoescape = True
    env.auto_reload = False  # a build renders each template many times: no need to stat it
    # Compiled templates are kept between builds (keyed by their source; Jinja checks its
    # own and Python's version): compiling the theme took a tenth of a rebuild.
    with contextlib.suppress(OSError):  # a read-only cache folder: compile every time
        (cache / "jinja").mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(cache / "jinja"))
    logo = None
    if logo_data:
        urls = Urls(config.site_url, config.site_path, config.languages)
        logo = logo_view(logo_data, config.logo, urls.link)
    env.filters["csp_hash"] = csp_hash
    env.add_extension("jinja2.ext.i18n")
    env.newstyle_gettext = True  # type: ignore[attr-defined]  # set by the extension
    env.globals.update(
        machine=machine,
        site_name=config.site_name,
        site_logo=logo,
        site_accent_css=site_accent_path(config.accent),
        search_enabled=config.search,
        site_languages=config.languages,
        default_lang=config.lang,  # the language of content that names none
    )
    languages = ThemeLanguages(env, config, interfaces)
    languages.localize(env, config.site_language)
    return languages


def csp_hash(script: str) -> str:
    """The Content-Security-Policy source that allows this inline script: ``sha256-…``."""
    digest = hashlib.sha256(str(script).encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


class ThemeLanguages:
    """The theme's environment in each language, made when first needed.

    Args:
        env: The generator's environment (see :func:`install_template_helpers`).
        config: The settings: the site's languages, its URL.
        interfaces: The interface of each language.
    """

    def __init__(self, env: Environment, config: ChapterhouseSettings, interfaces: Interfaces):
        self.base = env
        self.config = config
        self.interfaces = interfaces
        self.urls = Urls(config.site_url, config.site_path, config.languages)
        self._environments: dict[str, Environment] = {config.site_language: env}
        self._strict: dict[str, Environment] = {}

    def environment(self, language: str) -> Environment:
        """The theme speaking ``language``."""
        env = self._environments.get(language)
        if env is None:
            env = self.base.overlay()
            env.globals = dict(self.base.globals)  # an overlay shares its parent's globals
            self.localize(env, language)
            self._environments[language] = env
        return env

    def localize(self, env: Environment, language: str) -> None:
        """Set ``env``'s helpers for ``language`` and load the theme's macros with them."""
        interface = self.interfaces(language)
        env.globals.update(language_helpers(interface, self.urls.for_language(language)))
        env.globals["site_tagline"] = self.config.words("tagline", language)
        env.globals["site_intro"] = self.config.words("intro", language)
        # A page that exists in one language (a Pelican page) links to each language's home.
        env.globals["languages_menu"] = language_menu(
            self.urls, lambda tag: self.interfaces(tag).own_name, None, language
        )
        # The theme's formatting macros, loaded once per language: `{% from %}` in every
        # template and partial re-imported them on each render (a third of a millisecond).
        for name, template in THEME_MACROS:
            with contextlib.suppress(TemplateNotFound):  # a theme without them does not use them
                env.globals[name] = env.get_template(template).module

    def prepare(self, languages: Iterable[str], templates: Iterable[str]) -> None:
        """Load each language's catalog, environment and ``templates`` now.

        Called before work is forked: every process then inherits them instead
        of loading them again.
        """
        templates = tuple(templates)
        for language in languages:
            _ = self.interfaces(language).translations
            strict = self._strict_environment(language)
            for template in templates:
                with contextlib.suppress(TemplateNotFound):
                    strict.get_template(template)

    def render(self, template: str, values: Mapping[str, Any], language: str) -> str:
        """``template`` in ``language``, seeing ``values`` and the helpers, nothing else.

        Raises:
            UndeclaredValue: the template used a value not given to it.
        """
        strict = self._strict.get(language) or self._strict_environment(language)
        try:
            return strict.get_template(template).render(values)
        except UndefinedError as error:
            raise UndeclaredValue(_undeclared(template, values, error)) from None

    def _strict_environment(self, language: str) -> Environment:
        strict = self._strict.get(language)
        if strict is None:
            strict = self._strict[language] = self.environment(language).overlay(
                undefined=StrictUndefined
            )
        return strict


def language_helpers(interface: Interface, urls: Urls) -> dict[str, Any]:
    """The template helpers that write in ``interface``'s language."""
    tag, direction = interface.tag, interface.direction
    # English for want of a catalog, on a right-to-left page: each string is isolated as
    # left-to-right text (LRI … PDI), or its punctuation lands at the wrong end ("When:" → ":When").
    isolated = interface.falls_back and direction == "rtl"

    def shown(text: str) -> str:
        return f"\u2066{text}\u2069" if isolated and text else text

    def kept(values: dict[str, Any]) -> dict[str, Any]:
        """The values in it (a date, a chapter's name) keep their own direction (FSI … PDI)."""
        if not isolated:
            return values
        return {  # a Markup value stays Markup; text is escaped later, as without isolates
            name: value.__class__(f"\u2068{value}\u2069") if isinstance(value, str) else value
            for name, value in values.items()
        }

    @pass_context
    def gettext(context: Context, message: str, **values: Any) -> str:
        text = shown(interface.translations.gettext(message))
        return _filled(context, interface, text, kept(values))

    @pass_context
    def ngettext(context: Context, singular: str, plural: str, num: int, **values: Any) -> str:
        text = shown(interface.translations.ngettext(singular, plural, num))
        return _filled(context, interface, text, {"num": num, **kept(values)})

    def lang_attr(language: str) -> Markup:
        """` lang="es"` (and its direction) for text in another language than the page's."""
        if not language or language == tag:
            return Markup("")
        other = "rtl" if is_right_to_left(language) else "ltr"
        attributes = f' lang="{escape(language)}"'
        return Markup(attributes + (f' dir="{other}"' if other != direction else ""))  # noqa: S704

    def join(items: Iterable[Any]) -> Markup:
        """Items (text or markup) joined as the language joins a list: "a, b and c"."""
        shown_items = [escape(item) for item in items]
        holders = [f"\x00{index}\x00" for index in range(len(shown_items))]
        joined = str(escape(format_list(holders, locale=interface.locale))) if holders else ""
        for holder, item in zip(holders, shown_items, strict=True):
            joined = joined.replace(holder, str(item))
        return Markup(joined)  # noqa: S704 - the items and the joining words are escaped

    return {
        "join": join,
        "gettext": gettext,
        "_": gettext,
        "ngettext": ngettext,
        "plural_variants": interface.plural_variants,
        "urls": urls,
        "dates": interface.dates,
        "country_name": interface.country,
        "price": interface.price,
        "number": interface.number,
        "language_name": interface.language_name,
        "ui_lang": tag,
        "ui_dir": direction,
        "og_locale": interface.og_locale,
        "text_lang": lang_attr,
        "rule_words": lambda rule: rule_in_words(rule_parts(rule), interface),
    }


def _filled(context: Context, interface: Interface, text: str, values: Mapping[str, Any]) -> str:
    """A translated message with its values, escaped when the template autoescapes."""
    if context.eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 - the catalog's own text; the values are escaped
    return interface.fill(text, values) if values else text


def _undeclared(template: str, values: Mapping[str, Any], error: UndefinedError) -> str:
    """Which template, at which line, used which value; and what it may use."""
    place = template
    traceback = error.__traceback__
    while traceback is not None:
        frame = traceback.tb_frame
        if frame.f_code.co_filename.endswith(".html"):
            place = f"{Path(frame.f_code.co_filename).name}:{traceback.tb_lineno}"
        traceback = traceback.tb_next
    declared = ", ".join(sorted(values))
    return (
        f"{place} (rendering {template}): {error.message}: a page's template may only use the "
        f"values the page declares ({declared}) and the theme's helpers; declare the value with "
        "the page (see docs/extending.md), or use one it has"
    )
