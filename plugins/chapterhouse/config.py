"""Chapterhouse's own settings, read once from Pelican's settings.

Site-wide values come from Pelican's standard names (``SITENAME``,
``SITEURL``, ``TIMEZONE``, ``DEFAULT_LANG``); everything specific to
Chapterhouse lives in one namespaced dict, ``CHAPTERHOUSE``, checked here once
so that a typo in a setting name fails the build with a clear message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from chapterhouse.core.languages import LanguageError, language_tag
from chapterhouse.core.problems import FieldError
from chapterhouse.core.schema import Color, Image
from chapterhouse.core.settings import ContentSettings
from chapterhouse.core.timing import parse_duration, zone

LOCALHOST_URL = "http://localhost:8000"
#: The theme's accent colour (``--accent`` in theme/static/css/main.css, light scheme).
DEFAULT_ACCENT = "#1f5fbf"
_HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class SettingError(ValueError):
    """A setting has a wrong value.

    Args:
        setting: Its name as written in the settings file (``DEFAULT_LANG``, ``languages``).
        message: What is wrong, quoting the value, and the likely fix.
        value: The wrong value, to find the line that writes it.
    """

    def __init__(self, setting: str, message: str, value: object = None):
        super().__init__(message)
        self.setting = setting
        self.value = value


@dataclass(frozen=True)
class ChapterhouseSettings(ContentSettings):
    """Typed, validated settings: what content is read with (:class:`ContentSettings`), and more.

    Attributes:
        site_name: ``SITENAME``.
        site_url: ``SITEURL`` without a trailing slash, or ``http://localhost:8000``
            when unset (feeds and calendars need absolute URLs).
        site_path: The path part of ``site_url`` (``""`` or ``/meetup``):
            pages link root-relative so that the site works on any host.
        timezone: ``TIMEZONE``, the last fallback for events.
        lang: ``DEFAULT_LANG``: the language of content that names none.
        languages: ``CHAPTERHOUSE["languages"]``: the languages the site-wide pages
            (home, listings, chapters, topics, search) are built in; the first is
            at ``/``, each other under ``/<tag>/``. Default: ``DEFAULT_LANG`` alone.
        default_duration: Length of an event with neither ``end`` nor ``duration``.
        extra_keys: Front-matter keys accepted besides the documented ones.
        max_file_size: Largest content file accepted, in bytes.
        history_window: How long past events stay in feeds and calendars.
        horizon: How far ahead a recurring event's dates are listed.
        home_upcoming: Number of upcoming events on the home page.
        embed_size: Number of upcoming events in the lists other sites embed (``/embed/``).
        page_size: Events per page in long listings.
        feed_size: Most recent entries in each news feed.
        uid_domain: Domain in calendar UIDs (default: the host of ``site_url``).
        calendar_refresh: Refresh hint published in calendars.
        cname: Custom domain written to ``CNAME`` for GitHub Pages.
        search: Build the search index and the search page.
        social_cards: Draw a social card (``og:image``) for each recent or upcoming event.
        jobs: Processes used for per-event work (0: one per available core).
        logo: The site's logo, a picture in the content folder (``images/logo.svg``):
            shown in the header, and its favicon and touch icons are made from it.
        accent: The theme's accent colour (links, buttons, patterns), ``#rrggbb``.
        tagline: One line under the site's name on the home page: (language, text)
            pairs, ``""`` for every language.
        intro: A short introduction on the home page, as ``tagline``.
    """

    site_name: str = "Chapterhouse"
    site_url: str = LOCALHOST_URL
    site_path: str = ""
    history_window: timedelta = timedelta(days=365)
    horizon: timedelta = timedelta(days=365)
    home_upcoming: int = 6
    embed_size: int = 5
    page_size: int = 30
    feed_size: int = 50
    calendar_refresh: timedelta = timedelta(hours=12)
    cname: str = ""
    search: bool = True
    social_cards: bool = True
    jobs: int = 0
    languages: tuple[str, ...] = ("en",)
    logo: str = ""
    accent: str = DEFAULT_ACCENT
    tagline: tuple[tuple[str, str], ...] = ()
    intro: tuple[tuple[str, str], ...] = ()

    def words(self, name: str, language: str) -> str:
        """The ``tagline`` or ``intro`` in ``language`` (else the one for every language)."""
        given = dict(getattr(self, name))
        return given.get(language, given.get("", ""))

    @property
    def site_language(self) -> str:
        """The language of the site-wide pages at ``/`` (the first of ``languages``)."""
        return self.languages[0]

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> ChapterhouseSettings:
        """Build from Pelican's settings dict.

        Raises:
            ValueError: a setting is unknown or has a wrong value; the message
                names it.
        """
        given = settings.get("CHAPTERHOUSE")
        if given is not None and not isinstance(given, Mapping):
            raise ValueError(
                f"CHAPTERHOUSE must be a dictionary of settings, such as "
                f'{{"languages": ["fr"], "jobs": 0}}, not {type(given).__name__} {given!r:.60}'
            )
        options = dict(given or {})
        known = {f.name for f in fields(cls)} - {
            "site_name",
            "site_url",
            "site_path",
            "timezone",
            "lang",
        }
        unknown = sorted(set(options) - known)
        if unknown:
            raise ValueError(
                f"CHAPTERHOUSE setting {unknown[0]!r} is unknown; known: {', '.join(sorted(known))}"
            )
        site_url = str(settings.get("SITEURL") or "").rstrip("/") or LOCALHOST_URL
        parts = urlsplit(site_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"SITEURL {site_url!r} must be an absolute http(s) URL")
        timezone = str(settings.get("TIMEZONE") or "UTC")
        try:
            zone(timezone)
            durations = {
                name: _duration(options[name], name)
                for name in ("default_duration", "history_window", "horizon", "calendar_refresh")
                if name in options
            }
        except FieldError as error:
            raise ValueError(f"{error.message} ({error.hint})") from None
        numbers = {
            name: _positive_int(options[name], name, least=0 if name == "jobs" else 1)
            for name in (
                "max_file_size",
                "home_upcoming",
                "embed_size",
                "page_size",
                "feed_size",
                "jobs",
            )
            if name in options
        }
        cname = str(options.get("cname") or "").strip().lower()
        if cname and not _HOSTNAME.match(cname):
            raise ValueError(
                f"CHAPTERHOUSE['cname'] {cname!r} is not a host name like meetups.example.org"
            )
        lang = _language(settings.get("DEFAULT_LANG", "en"), "DEFAULT_LANG", "DEFAULT_LANG")
        languages = _languages(options.get("languages", (lang,)))
        search, social_cards = _switch(options, "search"), _switch(options, "social_cards")
        identity = _identity(options)
        return cls(
            **identity,
            search=search,
            social_cards=social_cards,
            site_name=str(settings.get("SITENAME") or "Chapterhouse"),
            site_url=site_url,
            site_path=parts.path.rstrip("/"),
            timezone=timezone,
            lang=lang,
            languages=languages,
            extra_keys=frozenset(options.get("extra_keys", ())),
            uid_domain=str(options.get("uid_domain") or parts.hostname),
            cname=cname,
            **durations,
            **numbers,
        )


def _identity(options: Mapping[str, Any]) -> dict[str, Any]:
    """``logo``, ``accent``, ``tagline`` and ``intro``, checked."""
    identity: dict[str, Any] = {}
    for name, kind in (("logo", Image()), ("accent", Color())):
        if name in options:
            try:
                identity[name] = kind.convert(options[name])
            except FieldError as error:
                raise SettingError(
                    name, f"CHAPTERHOUSE[{name!r}]: {error.message}", options[name]
                ) from None
    if "://" in identity.get("logo", ""):
        raise SettingError(
            "logo",
            f"CHAPTERHOUSE['logo']: {identity['logo']!r} is on another site; "
            "put the logo in the content folder (images/logo.svg): pages load nothing from "
            "another host",
            identity["logo"],
        )
    for name in ("tagline", "intro"):
        if name in options:
            identity[name] = _words(options[name], name)
    return identity


def _words(value: object, name: str) -> tuple[tuple[str, str], ...]:
    """A text for every language, or a dictionary of texts by language tag."""
    shown = f"CHAPTERHOUSE[{name!r}]"
    if isinstance(value, str):
        return (("", value.strip()),)
    if not isinstance(value, Mapping) or not value:
        raise SettingError(
            name,
            f"{shown}: {value!r} is neither a text nor a dictionary of texts by language "
            '(for example {"fr": "…", "en": "…"})',
            value,
        )
    pairs = []
    for tag, text in value.items():
        if not isinstance(text, str):
            raise SettingError(name, f"{shown}[{tag!r}]: {text!r} is not a text", text)
        pairs.append((_language(tag, name, f"{shown}: the key {tag!r}"), text.strip()))
    return tuple(sorted(pairs))


def _language(value: object, name: str, shown: str) -> str:
    try:
        return language_tag(value)
    except LanguageError as error:
        raise SettingError(name, f"{shown}: {error.message} ({error.hint})", value) from None


def _switch(options: dict[str, Any], name: str) -> bool:
    """A ``CHAPTERHOUSE`` option that is on unless set to False (a string is refused)."""
    value = options.get(name, True)
    if not isinstance(value, bool):
        raise ValueError(f"CHAPTERHOUSE[{name!r}] must be True or False, not {value!r}")
    return value


def _languages(value: object) -> tuple[str, ...]:
    name, shown = "languages", "CHAPTERHOUSE['languages']"
    if isinstance(value, str):
        fix = "['" + "', '".join(re.split(r"[,\s]+", value.strip())) + "']"
        raise SettingError(
            name, f"{shown}: the text {value!r} is not a list of language tags (write {fix})", value
        )
    if not isinstance(value, list | tuple) or not value:
        raise SettingError(
            name,
            f"{shown}: {value!r} is not a list of language tags (for example ['fr', 'en'])",
            value,
        )
    tags = tuple(_language(item, name, shown) for item in value)
    repeated = sorted({tag for tag in tags if tags.count(tag) > 1})
    if repeated:
        raise SettingError(name, f"{shown}: {repeated[0]!r} is listed twice", repeated[0])
    return tags


def _duration(value: object, name: str) -> timedelta:
    if isinstance(value, timedelta):
        return value
    try:
        return parse_duration(value)
    except FieldError as error:
        raise ValueError(f"CHAPTERHOUSE[{name!r}]: {error.message}") from None


def _positive_int(value: object, name: str, least: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        kind = "a whole number of 0 or more" if least == 0 else "a positive whole number"
        raise ValueError(f"CHAPTERHOUSE[{name!r}] must be {kind}, not {value!r}")
    return value
