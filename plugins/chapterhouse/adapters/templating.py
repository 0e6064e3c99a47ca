"""Jinja for Chapterhouse's templates: autoescaping, helpers, and only the declared values.

:func:`install_template_helpers` sets up the Jinja environment of the
generators that render the theme (Chapterhouse's and Pelican's pages):
autoescaping on (front matter is text, never markup), the interface
translations (``{% trans %}``, ``_()``), the URL, date and price helpers, and
the theme's macros as ``fmt`` (dates and times) and ``ui`` (labels, people).

:func:`strict_renderer` renders a template with *exactly* the values an
output declares (plus those helpers, which depend only on the settings): a
template that uses anything else stops the build with a message naming the
template, the line and the value, so that no page can depend on something
its fingerprint does not cover.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    StrictUndefined,
    TemplateNotFound,
    UndefinedError,
)

from chapterhouse.config import ChapterhouseSettings
from chapterhouse.render.dates import DateFormatter, machine
from chapterhouse.render.i18n import babel_locale, load_translations, og_locale
from chapterhouse.render.numbers import format_price
from chapterhouse.site.urls import Urls


class UndeclaredValue(Exception):
    """A template used a value its output does not declare."""


def install_template_helpers(env: Environment, config: ChapterhouseSettings, cache: Path) -> None:
    """Configure ``env`` for the theme (once per generator that renders templates)."""
    env.autoescape = True
    env.auto_reload = False  # a build renders each template many times: no need to stat it
    # Compiled templates are kept between builds (keyed by their source; Jinja checks its
    # own and Python's version): compiling the theme took a tenth of a rebuild.
    with contextlib.suppress(OSError):  # a read-only cache folder: compile every time
        (cache / "jinja").mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(cache / "jinja"))
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(load_translations(config.lang), newstyle=True)
    locale = babel_locale(config.lang)
    env.globals.update(
        urls=Urls(config.site_url, config.site_path),
        dates=DateFormatter(locale),
        country_name=lambda code: locale.territories.get(code, code),
        price=lambda amount, currency: format_price(amount, currency, locale),
        machine=machine,
        ui_lang=config.lang,
        site_name=config.site_name,
        search_enabled=config.search,
        og_locale=og_locale(locale),
    )
    # The theme's formatting macros, loaded once: `{% from %}` in every template and partial
    # re-imported them on each render (a third of a millisecond per page).
    for name, template in (("fmt", "macros/time.html"), ("ui", "macros/content.html")):
        with contextlib.suppress(TemplateNotFound):  # a theme without them does not use them
            env.globals[name] = env.get_template(template).module


def strict_renderer(env: Environment) -> Callable[[str, Mapping[str, Any]], str]:
    """``render(template, values)``: the template sees ``values`` and the helpers, nothing else.

    Raises (from ``render``):
        UndeclaredValue: the template used a value not given to it.
    """
    strict = env.overlay(undefined=StrictUndefined)

    def render(template: str, values: Mapping[str, Any]) -> str:
        try:
            return strict.get_template(template).render(values)
        except UndefinedError as error:
            raise UndeclaredValue(_undeclared(template, values, error)) from None

    return render


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
