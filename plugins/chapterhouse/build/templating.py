"""Jinja set-up for every Pelican generator (``generator_init``).

Turns autoescaping on (front matter is text, never markup), installs the
interface translations (``{% trans %}``, ``_()``), the URL, date and price helpers,
and the theme's macros as ``fmt`` (dates and times) and ``ui`` (labels, people).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache, TemplateNotFound
from pelican.generators import SourceFileGenerator, StaticGenerator

from chapterhouse.config import ChapterhouseSettings
from chapterhouse.render.dates import DateFormatter, machine
from chapterhouse.render.i18n import babel_locale, load_translations, og_locale
from chapterhouse.render.numbers import format_price
from chapterhouse.site.urls import Urls


def install_template_helpers(generator: Any) -> None:
    """Configure ``generator.env`` (called once per generator that renders templates)."""
    if isinstance(generator, StaticGenerator | SourceFileGenerator):
        return  # they copy files: no template to render
    config = ChapterhouseSettings.from_settings(generator.settings)
    env = generator.env
    env.autoescape = True
    env.auto_reload = False  # a build renders each template many times: no need to stat it
    # Compiled templates are kept between builds (keyed by their source; Jinja checks its
    # own and Python's version): compiling the theme took a tenth of a rebuild.
    cache = Path(str(generator.settings.get("CACHE_PATH") or "cache")) / "chapterhouse" / "jinja"
    with contextlib.suppress(OSError):  # a read-only cache folder: compile every time
        cache.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(cache))
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
