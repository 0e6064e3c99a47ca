"""``content/network.yml``: the member sites of a hub.

The file is a YAML list. Each item is either another Chapterhouse site::

    - url: https://python-lyon.example.org/
      name: Python Lyon            # optional: how the hub names the site

or the iCalendar feed of a chapter that is not on Chapterhouse::

    - ics: https://calendar.example.com/rust-nantes.ics
      name: Rust Nantes            # required: the chapter's name (its slug is derived)
      city: Nantes                 # required
      country: FR                  # required: ISO 3166-1 alpha-2
      geo: [47.2184, -1.5536]      # optional
      lang: fr                     # optional: BCP 47
      timezone: Europe/Paris       # optional: for floating times (else the feed's, else UTC)

Every problem is reported at once, as ``content/network.yml:LINE: field: message``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from chapterhouse.core.frontmatter import decode, load_yaml_list
from chapterhouse.core.problems import FieldError, Problem, quote
from chapterhouse.core.schema import Country, Geo, Language, Text, Url, Zone
from chapterhouse.core.slugs import slugify
from chapterhouse.remote.fetch import is_loopback

#: How problems name the file.
DISPLAY_PATH = "content/network.yml"
#: Largest network.yml read.
MAX_BYTES = 1_000_000
#: Most members in one network.
MAX_MEMBERS = 5_000

_SITE_KEYS = ("url", "name")
_ICS_KEYS = ("ics", "name", "city", "country", "geo", "lang", "timezone")
_ROOT = "members"


@dataclass(frozen=True)
class Member:
    """One member of the network.

    Attributes:
        kind: ``"chapterhouse"`` (a Chapterhouse site) or ``"ics"`` (a chapter's calendar).
        url: The site's base URL (ending with ``/``), or the calendar's URL.
        name: How the hub names it (for an ``ics`` member, the chapter's title).
        city: For an ``ics`` member: the chapter's city.
        country: For an ``ics`` member: ISO 3166-1 alpha-2 code.
        geo: For an ``ics`` member: ``(latitude, longitude)``, if given.
        lang: For an ``ics`` member: BCP 47 tag, if given.
        timezone: For an ``ics`` member: IANA zone for floating times, if given.
        line: The line of the item in ``network.yml`` (for messages only: not part of the
            member's identity, nor of the key its kept reading is found by).
    """

    kind: str
    url: str
    name: str = ""
    city: str = ""
    country: str = ""
    geo: tuple[float, float] | None = None
    lang: str = ""
    timezone: str = ""
    line: int = field(default=1, compare=False, repr=False)

    @property
    def slug(self) -> str:
        """For an ``ics`` member, its chapter's slug (from the name); empty otherwise."""
        return slugify(self.name) if self.kind == "ics" else ""


class NetworkError(Exception):
    """``network.yml`` is invalid; carries every problem, sorted by line."""

    def __init__(self, problems: list[Problem]):
        self.problems = tuple(sorted(problems))
        super().__init__("\n".join(problem.format() for problem in self.problems))


def load_members(content: Path) -> tuple[Member, ...]:
    """The members declared in ``content/network.yml`` (none when the file is absent).

    Raises:
        NetworkError: with every problem of the file.
    """
    path = content / "network.yml"
    if not path.is_file():
        return ()
    return parse_members(path.read_bytes())


def parse_members(raw: bytes, display: str = DISPLAY_PATH) -> tuple[Member, ...]:
    """Parse the bytes of ``network.yml``.

    Raises:
        NetworkError: with every problem found, in one pass.
    """
    text, problems = decode(raw, display, MAX_BYTES)
    if text is None:
        raise NetworkError(problems)
    items, lines, problems = load_yaml_list(text, display, _ROOT)
    problems = [_renamed(problem) for problem in problems]
    if items is None:
        raise NetworkError(problems)
    if len(items) > MAX_MEMBERS:
        problems.append(
            Problem(display, 1, _ROOT, f"{len(items):,} members; the limit is {MAX_MEMBERS:,}")
        )
        raise NetworkError(problems)
    members: list[Member] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        at = f"{_ROOT}.{index}"
        line = lines.get(at, 1)
        member = _member(
            item, line, display, lambda key, at=at, line=line: lines.get(f"{at}.{key}", line)
        )
        if isinstance(member, list):
            problems += member
            continue
        key = _identity(member)
        if key in seen:
            field = "url" if member.kind == "chapterhouse" else "ics"
            problems.append(
                Problem(
                    display,
                    lines.get(f"{at}.{field}", line),
                    field,
                    f"{quote(member.url)} is already a member (line {seen[key]})",
                    "keep only one",
                )
            )
            continue
        seen[key] = line
        members.append(member)
    problems += _slug_clashes(members, display)
    if problems:
        raise NetworkError(problems)
    return tuple(members)


def _renamed(problem: Problem) -> Problem:
    return replace(problem, field="network.yml") if problem.field == "front matter" else problem


def _member(item: Any, line: int, display: str, line_of: Any) -> Member | list[Problem]:
    if not isinstance(item, dict):
        return [
            Problem(
                display,
                line,
                _ROOT,
                f"{quote(item)} is not a member",
                "write '- url: https://…' or '- ics: https://…'",
            )
        ]
    kind = "ics" if "ics" in item else "chapterhouse"
    if kind == "ics" and "url" in item:
        return [
            Problem(
                display,
                line_of("url"),
                "url",
                "a member has either 'url' (a Chapterhouse site) or 'ics' (a calendar), not both",
            )
        ]
    known = _ICS_KEYS if kind == "ics" else _SITE_KEYS
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for key, raw in item.items():
        name = str(key)
        if name not in known:
            problems.append(_unknown(display, line_of(name), name, kind, known))
            continue
        try:
            values[name] = _convert(name, raw)
        except FieldError as error:
            for single in error.errors:
                problems.append(Problem(display, line_of(name), name, single.message, single.hint))
    required = ("ics", "name", "city", "country") if kind == "ics" else ("url",)
    for name in required:
        if name not in item:
            what = "a calendar member" if kind == "ics" else "a member"
            problems.append(Problem(display, line, name, f"'{name}' is required for {what}"))
    if kind == "ics" and isinstance(values.get("name"), str) and not slugify(values["name"]):
        problems.append(
            Problem(display, line_of("name"), "name", f"{quote(values['name'])} gives no slug")
        )
    if problems:
        return problems
    if kind == "ics":
        return Member(
            "ics", values["ics"], values["name"], values["city"], values["country"],
            values.get("geo"), values.get("lang", ""), values.get("timezone", ""), line,
        )  # fmt: skip
    return Member("chapterhouse", _base(values["url"]), values.get("name", ""), line=line)


def _convert(name: str, raw: Any) -> Any:
    if name in ("url", "ics"):
        return _fetchable(Url().convert(raw))
    if name == "name":
        return Text(max_length=120).convert(raw)
    if name == "city":
        return Text(max_length=100).convert(raw)
    if name == "country":
        return Country().convert(raw)
    if name == "geo":
        return Geo().convert(raw)
    if name == "lang":
        return Language().convert(raw)
    return Zone().convert(raw)


def _fetchable(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme.lower() == "https" or is_loopback(parts.hostname or ""):
        if parts.username is not None or parts.password is not None:
            raise FieldError(f"{quote(url)} holds a user name or password")
        return url
    raise FieldError(
        f"{quote(url)} is not an https:// URL",
        "plain http:// is accepted only for localhost",
    )


def _base(url: str) -> str:
    """The site's base URL, ending with one ``/`` and without query or fragment."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/") + "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, "", ""))


def _identity(member: Member) -> str:
    """The member's URL as compared for duplicates: scheme and host are case-blind, paths not."""
    parts = urlsplit(member.url)
    return urlunsplit(
        parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower())
    ).rstrip("/")


def _unknown(display: str, line: int, name: str, kind: str, known: tuple[str, ...]) -> Problem:
    close = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.6)
    what = "a calendar member" if kind == "ics" else "a member"
    hint = f"did you mean '{close[0]}'?" if close else "known keys: " + ", ".join(known)
    return Problem(display, line, name, f"unknown key {quote(name)} for {what}", hint)


def _slug_clashes(members: list[Member], display: str) -> list[Problem]:
    problems: list[Problem] = []
    first: dict[str, Member] = {}
    for member in members:
        if member.kind != "ics":
            continue
        if member.slug in first:
            problems.append(
                Problem(
                    display,
                    member.line,
                    "name",
                    f"{quote(member.name)} gives the slug '{member.slug}', "
                    f"already that of {quote(first[member.slug].name)} (line "
                    f"{first[member.slug].line})",
                    "give each calendar member its own name",
                )
            )
        else:
            first[member.slug] = member
    return problems
