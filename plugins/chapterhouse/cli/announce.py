"""``invoke announce``: a ready-to-paste announcement of one event, for email, LinkedIn, Mastodon.

Reads the settings (``publishconf.py`` by default, so that links are the
published site's) and the content as ``invoke validate`` does, takes "now" from
``CHAPTERHOUSE_NOW`` (else the clock) as the build does, and prints the post
for each network asked for. Exit status 1, with one line on standard error and
never a traceback, when the event cannot be announced.
"""

from __future__ import annotations

import difflib
import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from chapterhouse.announce.facts import NotAnnounced, choose_occurrence, gather
from chapterhouse.announce.limits import MASTODON_URL_LENGTH, TooLong
from chapterhouse.announce.networks import NETWORKS, Post, post
from chapterhouse.cli.project import UsageError, load_project
from chapterhouse.core.catalog import load_catalog
from chapterhouse.core.model import Visibility
from chapterhouse.core.timing import build_now, system_clock
from chapterhouse.render.i18n import Interfaces
from chapterhouse.site.urls import Urls

#: How each network is named in headings.
TITLES = {"email": "Email", "linkedin": "LinkedIn", "mastodon": "Mastodon"}
_NO_SITEURL = (
    "SITEURL is not set ({}): an announcement links to the published site; run "
    "SITEURL=https://<user>.github.io/<repository> invoke announce --event SLUG"
)


@dataclass(frozen=True)
class AnnounceRequest:
    """What ``invoke announce`` was asked.

    Attributes:
        event: The event's slug.
        network: One network, or ``""`` for every one.
        day: ``YYYY-MM-DD``: the date of a series to announce (``""``: the next one).
        content: The content folder (``None``: the settings' ``PATH``).
    """

    event: str
    network: str = ""
    day: str = ""
    content: str | None = None


def announce(
    settings_file: Path,
    request: AnnounceRequest,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Print the announcement of ``request.event``; return the exit status."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        posts = _posts(settings_file, request)
    except (UsageError, NotAnnounced) as error:
        print(f"error: {error}", file=err)
        return 1
    except Exception as error:  # an unexpected failure is still one readable line
        print(f"error: announce stopped: {type(error).__name__}: {error}", file=err)
        return 1
    if len(posts) == 1:
        print(posts[0].text, file=out)
        return 0
    for index, item in enumerate(posts):
        if index:
            print(file=out)
        print(_heading(item), file=out)
        print(file=out)
        print(item.text, file=out)
    return 0


def _posts(settings_file: Path, request: AnnounceRequest) -> list[Post]:
    networks = _networks(request.network)
    day = _day(request.day)
    project = _load(settings_file, request.content)
    if not str(project.settings.get("SITEURL") or "").strip():
        raise UsageError(_NO_SITEURL.format(settings_file.name))
    catalog = load_catalog(
        project.content,
        project.config,
        static_folders=tuple(project.settings.get("STATIC_PATHS") or ()),
    )
    events = {e.slug: e for e in catalog.events}
    event = events.get(request.event)
    if event is None:
        close = difflib.get_close_matches(request.event, sorted(events), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "see content/events/"
        if catalog.problems:
            hint += "; some files have problems: run `invoke validate`"
        raise UsageError(f"--event: no event '{request.event}' ({hint})")
    if event.visibility is Visibility.DRAFT:
        raise UsageError(f"--event: '{event.slug}' is a draft: publish it before announcing it")
    config = project.config
    now = build_now(os.environ, system_clock)
    occurrence = choose_occurrence(event, now, day)
    urls = Urls(config.site_url, config.site_path, config.languages).for_language(event.lang)
    interface = Interfaces()(event.lang)
    chapter = catalog.chapters_by_slug().get(event.chapter)
    facts = gather(event, occurrence, chapter, catalog.topics, urls, interface, now)
    try:
        return [post(network, facts) for network in networks]
    except TooLong as error:
        raise UsageError(f"the announcement does not fit even shortened: {error}") from None


def _load(settings_file: Path, content: str | None):  # type: ignore[no-untyped-def]
    """The project, with a settings file that stops (publishconf.py without SITEURL) as one line."""
    try:
        return load_project(settings_file, content)
    except SystemExit as stop:  # publishconf.py stops without SITEURL
        if "SITEURL" in str(stop.code):
            raise UsageError(_NO_SITEURL.format(settings_file.name)) from None
        raise UsageError(f"{settings_file}: the settings stopped ({stop.code})") from None


def _networks(network: str) -> tuple[str, ...]:
    if not network:
        return NETWORKS
    if network not in NETWORKS:
        raise UsageError(f"--network: '{network}' is not one of {', '.join(NETWORKS)}")
    return (network,)


def _day(text: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"--date: '{text}' is not a date like 2027-01-20") from None


def _heading(item: Post) -> str:
    if item.network == "email":
        measured = f"subject {item.length}/{item.limit} characters"
    elif item.network == "mastodon":
        measured = (
            f"{item.length}/{item.limit} characters, each link counted as {MASTODON_URL_LENGTH}"
        )
    else:
        measured = f"{item.length}/{item.limit} characters"
    return f"===== {TITLES[item.network]} ({measured}) ====="
