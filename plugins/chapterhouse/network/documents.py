"""Remote documents checked into plain values: untrusted input, read defensively.

A member's ``events.json`` and ``chapters.json`` (version 2, or version 1
where its fields allow; see docs/feeds.md) and a calendar member's iCalendar
feed become :class:`RemoteChapter` and :class:`RemoteEvent` values:

* every text is plain text: NFC, control and bidirectional-override characters
  removed, whitespace folded, length capped; markup is kept as text (pages
  escape it) and reported;
* every URL is an absolute ``http(s)://`` URL without spaces or quotes, else it
  is dropped and reported (``javascript:``, ``data:``… never get through);
* an event's or chapter's own page must be on the member's host (a member
  cannot publish pages of another site), else the item is left out;
* a document that is not the expected shape (not JSON, not an object, an
  unknown version, ``events`` not a list…) raises :class:`DocumentError`,
  which the caller treats as a failed fetch.

Each function returns its values and *notes*: one short line per thing left
out or changed, which :mod:`.sources` folds into one warning per member.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from hashlib import sha256
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from chapterhouse.core.languages import language_tag
from chapterhouse.core.problems import FieldError, quote
from chapterhouse.core.recurrence import Recurrence, expand, parse_exceptions, parse_rule
from chapterhouse.core.slugs import is_slug
from chapterhouse.core.timing import YEARS, parse_end, parse_moment, zone
from chapterhouse.importer.context import Context
from chapterhouse.importer.convert import Draft
from chapterhouse.importer.platforms import Origin
from chapterhouse.importer.report import ImportReport
from chapterhouse.importer.run import convert_calendar
from chapterhouse.importer.source import Source, SourceError, parse
from chapterhouse.importer.text import clean_text, shorten
from chapterhouse.importer.timeread import TimeContext
from chapterhouse.network.members import Member

#: Most events and chapters read from one member.
MAX_EVENTS = 10_000
MAX_CHAPTERS = 500
#: Most dates kept for one event.
MAX_OCCURRENCES = 1_000
#: Longest texts kept.
TITLE, SUMMARY, NAME, ADDRESS, TOPIC, UID, URL = 200, 500, 200, 300, 60, 200, 2_000
MAX_TOPICS = 30
STATUSES = ("scheduled", "cancelled", "postponed", "rescheduled")
MODES = ("in_person", "online", "hybrid")
#: Duration given to a timed calendar event without an end.
DEFAULT_DURATION = timedelta(hours=2)

Moment = date | datetime
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?]|javascript:", re.IGNORECASE)
_URL = re.compile(r"https?://[^\s\"'<>\\^`{|}]+", re.IGNORECASE)


class DocumentError(Exception):
    """A document cannot be used at all; the message is one line saying why."""


class _Digested:
    """A remote item's digest: the SHA-256 of its ``repr`` (every field; the same in every process).

    Computed once and kept with the member's reading (see
    :mod:`chapterhouse.network.readings`): a hub's revisions of unchanged
    remote items cost nothing.
    """

    @cached_property
    def digest(self) -> str:
        """The SHA-256 of the item's ``repr``."""
        return sha256(repr(self).encode()).hexdigest()


@dataclass(frozen=True)
class RemoteChapter(_Digested):
    """A chapter published by a member.

    Attributes:
        slug: Its identifier (a slug), unique in the network.
        title: Its name.
        url: Its page (on the member's host), or empty for a calendar member.
        summary: One line, or empty.
        city: The city, or empty.
        country: ISO 3166-1 alpha-2, or empty.
        geo: ``(latitude, longitude)`` or ``None``.
        lang: BCP 47 tag, or empty.
        timezone: IANA zone name.
        topics: Its topics.
        calendar_url: Its iCalendar feed, or empty.
        member: The member's URL (as in ``network.yml``).
    """

    slug: str
    title: str
    url: str
    summary: str
    city: str
    country: str
    geo: tuple[float, float] | None
    lang: str
    timezone: str
    topics: tuple[str, ...]
    calendar_url: str
    member: str


@dataclass(frozen=True)
class Occurrence:
    """One date of an event: aware datetimes with their own offsets, or dates (all day).

    A date of a series its organizer changed (``events.json``'s ``original_start``)
    also carries the start its rule gives it (``original``), its ``status`` and
    its venue (``(name, address, geo)``, None when it has none).
    """

    start: Moment
    end: Moment
    original: Moment | None = None
    status: str = ""
    venue: tuple[str, str, tuple[float, float] | None] | None = None

    @property
    def rule_start(self) -> Moment:
        """The start the series' rule gives this date."""
        return self.start if self.original is None else self.original


@dataclass(frozen=True)
class RemoteEvent(_Digested):
    """An event published by a member.

    Attributes:
        uid: Its calendar UID: its identity across the network.
        title: The title.
        url: Its page on the member's site (empty for a calendar member).
        summary: One line, or empty.
        lang: BCP 47 tag, or empty.
        chapter: Its chapter's slug, or empty.
        status: ``scheduled``, ``cancelled``, ``postponed`` or ``rescheduled``.
        attendance_mode: ``in_person``, ``online`` or ``hybrid``.
        all_day: Dates without times.
        timezone: IANA zone name.
        venue_name: The venue's name, or empty.
        venue_address: The venue's address, or empty.
        venue_geo: ``(latitude, longitude)`` or ``None``.
        online_url: Where to join online, or empty.
        rsvp_url: Where to register, or empty.
        topics: Its topics.
        occurrences: Every date (one for a single event), in order.
        updated: Last change (UTC), or ``None`` when unknown.
        sequence: The calendars' ``SEQUENCE``.
        member: The member's URL (as in ``network.yml``).
        recurrence: The series' RRULE (normal form, checked against the first listed
            date), or empty: ``events.json``'s ``recurrence``; ``occurrences`` are the dates.
        cohosts: The slugs of the member's chapters co-hosting it.
        all_chapters: The member lists it in every one of its chapters.
    """

    uid: str
    title: str
    url: str
    summary: str
    lang: str
    chapter: str
    status: str
    attendance_mode: str
    all_day: bool
    timezone: str
    venue_name: str
    venue_address: str
    venue_geo: tuple[float, float] | None
    online_url: str
    rsvp_url: str
    topics: tuple[str, ...]
    occurrences: tuple[Occurrence, ...]
    updated: datetime | None
    sequence: int
    member: str
    recurrence: str = ""
    cohosts: tuple[str, ...] = ()
    all_chapters: bool = False


class _Skip(Exception):
    """One item is left out; the message says why."""


class _Reader:
    """Reads the values of one item, collecting notes about what was dropped."""

    def __init__(self, item: dict[str, Any], label: str, notes: list[str]):
        self.item, self.label, self.notes = item, label, notes

    def text(self, key: str, limit: int, required: bool = False) -> str:
        value = self.item.get(key)
        if value is None or value == "":
            if required:
                raise _Skip(f"{self.label}: '{key}' is missing")
            return ""
        if not isinstance(value, str):
            if required:
                raise _Skip(f"{self.label}: '{key}' is not text")
            self.notes.append(f"{self.label}: '{key}' is not text; left out")
            return ""
        cleaned = plain(value, limit)
        if _MARKUP.search(cleaned):
            self.notes.append(f"{self.label}: '{key}' holds markup; shown as plain text")
        if required and not cleaned:
            raise _Skip(f"{self.label}: '{key}' is empty")
        return cleaned

    def url(self, key: str, value: Any = None, *, hosts: frozenset[str] = frozenset()) -> str:
        value = self.item.get(key) if value is None else value
        if value is None or value == "":
            return ""
        checked = web_url(value)
        if not checked:
            self.notes.append(
                f"{self.label}: '{key}' {quote(str(value), 60)} is not an http(s) URL; left out"
            )
            return ""
        if hosts and (urlsplit(checked).hostname or "").lower() not in hosts:
            raise _Skip(
                f"{self.label}: '{key}' {quote(checked, 60)} is not on the member's own site"
            )
        return checked

    def choice(self, key: str, values: tuple[str, ...], default: str) -> str:
        value = self.item.get(key, default)
        if value in values:
            return str(value)
        self.notes.append(f"{self.label}: '{key}' {quote(str(value), 40)} is unknown; {default}")
        return default

    def lang(self, key: str, value: Any = None) -> str:
        value = self.item.get(key) if value is None else value
        if value is None or value == "":
            return ""
        try:
            return language_tag(value)
        except FieldError:
            self.notes.append(f"{self.label}: '{key}' {quote(str(value), 40)} is not a language")
            return ""

    def timezone(self, key: str) -> str:
        value = self.item.get(key)
        try:
            return zone(value).key if isinstance(value, str) else "UTC"
        except FieldError:
            self.notes.append(f"{self.label}: '{key}' {quote(str(value), 40)} is unknown; UTC")
            return "UTC"

    def topics(self, key: str) -> tuple[str, ...]:
        value = self.item.get(key) or []
        if not isinstance(value, list):
            self.notes.append(f"{self.label}: '{key}' is not a list; left out")
            return ()
        found = [plain(word, TOPIC) for word in value if isinstance(word, str)]
        return tuple(dict.fromkeys(word for word in found if word))[:MAX_TOPICS]


def plain(value: str, limit: int) -> str:
    """``value`` as one line of plain text: NFC, no control characters, at most ``limit``."""
    text = unicodedata.normalize("NFC", value[: limit * 4])
    return shorten(" ".join(_CONTROL.sub(" ", text).split()), limit)


def web_url(value: object) -> str:
    """``value`` if it is an absolute http(s) URL with a host and nothing unsafe, else ``""``."""
    if not isinstance(value, str) or len(value) > URL:
        return ""
    url = value.strip()
    if not _URL.fullmatch(url):
        return ""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        return ""
    return url if parts.hostname else ""


def geo(value: object) -> tuple[float, float] | None:
    """``[latitude, longitude]`` within range, else ``None``."""
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        and -90 <= value[0] <= 90
        and -180 <= value[1] <= 180
    ):
        return (float(value[0]), float(value[1]))
    return None


def load_json(body: bytes, key: str) -> list[Any]:
    """The list ``key`` of a version 1 or 2 document.

    Raises:
        DocumentError: the body is not such a document.
    """
    try:
        document = json.loads(body)
    except RecursionError:
        raise DocumentError("the JSON is nested too deeply") from None
    except ValueError:
        start = body[:40].decode("utf-8", "replace").strip()
        raise DocumentError(f"not JSON (it starts with {quote(start, 40)})") from None
    if not isinstance(document, dict):
        raise DocumentError(f"not a {key}.json document (not a JSON object)")
    version = document.get("version")
    if version not in (1, 2) or isinstance(version, bool):
        raise DocumentError(f"version {quote(version, 20)} of {key}.json is not supported (1, 2)")
    items = document.get(key)
    if not isinstance(items, list):
        raise DocumentError(f"'{key}' is not a list")
    limit = MAX_EVENTS if key == "events" else MAX_CHAPTERS
    if len(items) > limit:
        raise DocumentError(f"{len(items):,} {key}; the limit is {limit:,}")
    return items


def read_chapters(
    body: bytes, member: str, hosts: frozenset[str]
) -> tuple[tuple[RemoteChapter, ...], list[str]]:
    """The chapters of a ``chapters.json`` document, sorted by slug.

    Raises:
        DocumentError: the document is not a chapters.json document.
    """
    notes: list[str] = []
    chapters: dict[str, RemoteChapter] = {}
    for index, item in enumerate(load_json(body, "chapters")):
        try:
            chapter = _chapter(item, index, member, hosts, notes)
        except _Skip as skip:
            notes.append(f"{skip}; the chapter is left out")
            continue
        if chapter.slug in chapters:
            notes.append(f"chapter '{chapter.slug}' is listed twice; the first is kept")
            continue
        chapters[chapter.slug] = chapter
    return tuple(chapters[slug] for slug in sorted(chapters)), notes


def _chapter(
    item: Any, index: int, member: str, hosts: frozenset[str], notes: list[str]
) -> RemoteChapter:
    if not isinstance(item, dict):
        raise _Skip(f"chapter {index + 1} is not an object")
    slug = item.get("slug")
    if not is_slug(slug):
        raise _Skip(f"chapter {index + 1}: 'slug' {quote(str(slug), 40)} is not a slug")
    read = _Reader(item, f"chapter '{slug}'", notes)
    country = item.get("country")
    return RemoteChapter(
        slug=slug,
        title=read.text("title", TITLE, required=True),
        url=read.url("url", hosts=hosts),
        summary=read.text("summary", SUMMARY),
        city=read.text("city", NAME),
        country=country if isinstance(country, str) and re.fullmatch("[A-Z]{2}", country) else "",
        geo=geo(item.get("geo")),
        lang=read.lang("lang"),
        timezone=read.timezone("timezone"),
        topics=read.topics("topics"),
        calendar_url=read.url("calendar_url"),
        member=member,
    )


def read_events(
    body: bytes, member: str, hosts: frozenset[str]
) -> tuple[tuple[RemoteEvent, ...], tuple[RemoteChapter, ...], list[str]]:
    """The events of an ``events.json`` document, sorted by UID, and the chapters they name.

    The chapters (from each event's ``chapter`` reference) stand in for a
    missing ``chapters.json`` (a version 1 site).

    Raises:
        DocumentError: the document is not an events.json document.
    """
    notes: list[str] = []
    events: dict[str, RemoteEvent] = {}
    named: dict[str, RemoteChapter] = {}
    for index, item in enumerate(load_json(body, "events")):
        try:
            event = _event(item, index, member, hosts, notes)
        except _Skip as skip:
            notes.append(f"{skip}; the event is left out")
            continue
        except (OverflowError, ValueError) as error:  # a value beyond what dates can hold
            notes.append(f"event {index + 1}: {error}; the event is left out")
            continue
        if event.uid in events:
            notes.append(f"event '{event.uid}' is listed twice; the first is kept")
            continue
        events[event.uid] = event
        if event.chapter and event.chapter not in named:
            named[event.chapter] = _chapter_of(item["chapter"], event, member, hosts, notes)
    ordered = tuple(events[uid] for uid in sorted(events))
    return ordered, tuple(named[slug] for slug in sorted(named)), notes


def _event(
    item: Any, index: int, member: str, hosts: frozenset[str], notes: list[str]
) -> RemoteEvent:
    if not isinstance(item, dict):
        raise _Skip(f"event {index + 1} is not an object")
    uid = item.get("uid") or item.get("id")
    if not isinstance(uid, str) or not plain(uid, UID) or len(uid) > UID:
        raise _Skip(f"event {index + 1}: 'uid' {quote(str(uid), 40)} is not a UID")
    uid = plain(uid, UID)
    read = _Reader(item, f"event '{uid}'", notes)
    all_day = item.get("all_day")
    if not isinstance(all_day, bool):
        raise _Skip(f"event '{uid}': 'all_day' is not true or false")
    occurrences = _occurrences(item, all_day, uid)
    venue = item.get("venue") if isinstance(item.get("venue"), dict) else {}
    chapter = item.get("chapter")
    slug = chapter.get("slug") if isinstance(chapter, dict) else None
    if slug is not None and not is_slug(slug):
        raise _Skip(f"event '{uid}': chapter 'slug' {quote(str(slug), 40)} is not a slug")
    sequence = item.get("sequence", 0)
    venue_read = _Reader(venue, f"event '{uid}' venue", notes)
    event = RemoteEvent(
        uid=uid,
        title=read.text("title", TITLE, required=True),
        url=read.url("url", hosts=hosts) or _missing(uid, "url"),
        summary=read.text("summary", SUMMARY),
        lang=read.lang("lang"),
        chapter=slug or "",
        status=read.choice("status", STATUSES, "scheduled"),
        attendance_mode=read.choice("attendance_mode", MODES, "in_person"),
        all_day=all_day,
        timezone=read.timezone("timezone"),
        venue_name=venue_read.text("name", NAME),
        venue_address=venue_read.text("address", ADDRESS),
        venue_geo=geo(venue.get("geo")),
        online_url=read.url("online_url"),
        rsvp_url=read.url("rsvp_url"),
        topics=read.topics("topics"),
        occurrences=occurrences,
        updated=_instant(item.get("updated")),
        sequence=sequence if type(sequence) is int and 0 <= sequence < 2**31 else 0,
        member=member,
        cohosts=_cohosts(item.get("cohosts")),
        all_chapters=item.get("all_chapters") is True,
    )
    return replace(event, recurrence=_rule(item.get("recurrence"), event, notes))


def _cohosts(value: object) -> tuple[str, ...]:
    """The slugs of ``cohosts`` (chapter references); anything else is left out."""
    if not isinstance(value, list):
        return ()
    slugs = (item.get("slug") for item in value[:MAX_TOPICS] if isinstance(item, dict))
    return tuple(dict.fromkeys(slug for slug in slugs if isinstance(slug, str) and is_slug(slug)))


def _rule(value: object, event: RemoteEvent, notes: list[str]) -> str:
    """The event's RRULE in normal form, or empty (none, or one that does not fit its dates)."""
    if value is None or value == "" or len(event.occurrences) < 2:
        return ""
    try:
        first = min(event.occurrences, key=lambda o: _key(o.rule_start)).rule_start
        return parse_rule(value, first, zone(event.timezone))
    except FieldError as error:
        notes.append(f"event '{event.uid}': 'recurrence' {quote(str(value), 60)}: {error.message}")
        return ""


def _missing(uid: str, key: str) -> str:
    raise _Skip(f"event '{uid}': '{key}' is missing")


def _chapter_of(
    reference: dict[str, Any],
    event: RemoteEvent,
    member: str,
    hosts: frozenset[str],
    notes: list[str],
) -> RemoteChapter:
    read = _Reader(reference, f"chapter '{event.chapter}'", notes)
    country = reference.get("country")
    try:
        url = read.url("url", hosts=hosts)
    except _Skip:
        url = ""
    return RemoteChapter(
        slug=event.chapter,
        title=read.text("title", TITLE) or event.chapter,
        url=url,
        summary="",
        city=read.text("city", NAME),
        country=country if isinstance(country, str) and re.fullmatch("[A-Z]{2}", country) else "",
        geo=None,
        lang=read.lang("lang"),
        timezone=event.timezone,
        topics=(),
        calendar_url="",
        member=member,
    )


def _occurrences(item: dict[str, Any], all_day: bool, uid: str) -> tuple[Occurrence, ...]:
    listed = item.get("occurrences") or []
    if not isinstance(listed, list):
        raise _Skip(f"event '{uid}': 'occurrences' is not a list")
    pairs = listed[:MAX_OCCURRENCES] or [{"start": item.get("start"), "end": item.get("end")}]
    found: list[Occurrence] = []
    for pair in pairs:
        if not isinstance(pair, dict):
            raise _Skip(f"event '{uid}': an occurrence is not an object")
        start, end = _moment(pair.get("start"), all_day), _moment(pair.get("end"), all_day)
        if start is None or end is None or _key(end) < _key(start):
            shown = quote(f"{pair.get('start')} – {pair.get('end')}", 60)
            raise _Skip(f"event '{uid}': {shown} is not a start and end with UTC offsets")
        found.append(_date_changed(pair, Occurrence(start, end), all_day))
    return tuple(found)


def _date_changed(pair: dict[str, Any], occurrence: Occurrence, all_day: bool) -> Occurrence:
    """The occurrence with what its organizer changed, when it names its ``original_start``."""
    original = _moment(pair.get("original_start"), all_day)
    if original is None:
        return occurrence
    status = pair.get("status")
    venue = pair.get("venue")
    where = None
    if isinstance(venue, dict):
        name, address = venue.get("name"), venue.get("address")
        where = (
            plain(name, NAME) if isinstance(name, str) else "",
            plain(address, ADDRESS) if isinstance(address, str) else "",
            geo(venue.get("geo")),
        )
    return replace(
        occurrence,
        original=original,
        status=status if status in STATUSES else "",
        venue=where if where and any(where) else None,
    )


def _moment(value: object, all_day: bool) -> Moment | None:
    """A date (all-day) or an instant with an offset, within the years the site shows."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        if all_day:
            day = date.fromisoformat(value)
            return day if YEARS[0] <= day.year <= YEARS[1] else None
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None or not YEARS[0] <= moment.year <= YEARS[1]:
        return None
    return moment


def _key(moment: Moment) -> datetime:
    if isinstance(moment, datetime):
        return moment.astimezone(UTC)
    return datetime(moment.year, moment.month, moment.day, tzinfo=UTC)


def _instant(value: object) -> datetime | None:
    """An instant with an offset in UTC (within the years the site shows), else None."""
    moment = _moment(value, all_day=False)
    return moment.astimezone(UTC) if isinstance(moment, datetime) else None


def read_calendar(
    body: bytes, member: Member, window: tuple[datetime, datetime]
) -> tuple[RemoteChapter, tuple[RemoteEvent, ...], list[str]]:
    """A calendar member's chapter and events; recurring events expanded within ``window``.

    Each VEVENT keeps its ``UID``; a changed occurrence (``RECURRENCE-ID``)
    gets the importer's derived UID. Text goes through the importer (HTML
    removed), URLs through :func:`web_url`.

    Raises:
        DocumentError: the feed is not an iCalendar file.
    """
    source = Source(member.url, member.url, member.url, (urlsplit(member.url).hostname or ""))
    try:
        calendar = parse(body, source, max_events=MAX_EVENTS)
    except SourceError as error:
        reason = str(error).removeprefix(member.url + ": ")
        raise DocumentError(reason) from None
    chapter_zone = _zone(member.timezone) or calendar.calendar_zone or ZoneInfo("UTC")
    context = Context(
        member.url,
        TimeContext(calendar.zones, calendar.calendar_zone, chapter_zone),
        Origin(calendar.prodid, source.host),
    )
    report = ImportReport(member.url, "")
    drafts = convert_calendar(calendar.events, context, report)
    notes: list[str] = []
    private = sum(1 for issue in report.issues if issue.prop == "CLASS")  # left out by design
    if report.skipped_events > private:
        notes.append(f"{report.skipped_events - private} VEVENT(s) cannot be read; left out")
    events: dict[str, RemoteEvent] = {}
    vevents = dict(calendar.events)
    for index, draft in drafts:
        try:
            event = _calendar_event(draft, member, chapter_zone, window, vevents.get(index))
        except (FieldError, _Skip, OverflowError, ValueError) as error:
            notes.append(f"event '{plain(draft.uid, 60)}': {error}; the event is left out")
            continue
        if event is not None:
            events.setdefault(event.uid, event)
    chapter = RemoteChapter(
        slug=member.slug,
        title=member.name,
        url="",
        summary="",
        city=member.city,
        country=member.country,
        geo=member.geo,
        lang=member.lang,
        timezone=chapter_zone.key,
        topics=(),
        calendar_url=member.url,
        member=member.url,
    )
    return chapter, tuple(events[uid] for uid in sorted(events)), notes


def _zone(name: str) -> ZoneInfo | None:
    return zone(name) if name else None


def _calendar_event(
    draft: Draft,
    member: Member,
    chapter_zone: ZoneInfo,
    window: tuple[datetime, datetime],
    vevent: Any = None,
) -> RemoteEvent | None:
    tz = zone(draft.timezone) if draft.timezone else chapter_zone
    start = parse_moment(draft.start, tz)
    end = parse_end(draft.end, start, tz) if draft.end else None
    if end is None:
        end = start + DEFAULT_DURATION if isinstance(start, datetime) else start
    length = _key(end) - _key(start)
    if draft.repeat:
        rule = parse_rule(draft.repeat, start, tz)
        excluded, _errors = parse_exceptions(list(draft.excepts), rule, start, tz)
        starts = expand(Recurrence(rule, excluded), start, tz, window)
        if not starts:
            return None
        occurrences = tuple(
            Occurrence(moment, _shift(moment, length, tz)) for moment in starts[:MAX_OCCURRENCES]
        )
    else:
        occurrences = (Occurrence(start, end),)
    venue = draft.venue
    online = web_url(draft.online)
    in_person = bool(venue.get("name") or venue.get("address"))
    mode = "hybrid" if online and in_person else "online" if online else "in_person"
    return RemoteEvent(
        uid=plain(draft.uid, UID),
        title=plain(draft.title, TITLE),
        url="",
        summary=plain(_first_line(draft.body), SUMMARY),
        lang=member.lang,
        chapter=member.slug,
        status=draft.event_status or "scheduled",
        attendance_mode=mode,
        all_day=draft.all_day,
        timezone=tz.key,
        venue_name=plain(str(venue.get("name", "")), NAME),
        venue_address=plain(str(venue.get("address", "")), ADDRESS),
        venue_geo=geo(venue.get("geo")),
        online_url=online,
        rsvp_url=web_url(draft.rsvp),
        topics=tuple(plain(word, TOPIC) for word in draft.topics)[:MAX_TOPICS],
        occurrences=occurrences,
        updated=_changed(vevent),
        sequence=_sequence(vevent),
        member=member.url,
        # The series stays one series in the hub's calendars, under the source's UID.
        recurrence=draft.repeat,
    )


def _changed(vevent: Any) -> datetime | None:
    """The VEVENT's last change (``LAST-MODIFIED``, else ``DTSTAMP``), in UTC."""
    for name in ("LAST-MODIFIED", "DTSTAMP"):
        value = getattr(vevent.get(name) if vevent is not None else None, "dt", None)
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.astimezone(UTC)
    return None


def _sequence(vevent: Any) -> int:
    try:
        return max(0, int(vevent.get("SEQUENCE", 0))) if vevent is not None else 0
    except (TypeError, ValueError):
        return 0


def _shift(start: Moment, length: timedelta, tz: ZoneInfo) -> Moment:
    if isinstance(start, datetime):
        return (start.astimezone(UTC) + length).astimezone(tz)
    return start + length


def _first_line(body: str) -> str:
    for line in body.split("\n"):
        text = clean_text(re.sub(r"[*_#>`\[\]]", "", line))
        if text and not text.startswith("More information:"):
            return text
    return ""
