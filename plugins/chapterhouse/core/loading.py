"""Turn one content file's bytes into a Chapter, an Event or a page record.

Each function takes the raw bytes and returns the model object (``None`` when
the file has problems) together with *every* problem found in it, so that one
run reports everything. Loading an event needs only its own file, the chapters
and the settings: events can be loaded independently (and in parallel).
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from babel.numbers import get_territory_currencies

from chapterhouse.core import schema
from chapterhouse.core.budget import BudgetExceeded, time_budget
from chapterhouse.core.files import check_path, check_published
from chapterhouse.core.frontmatter import FrontMatter, decode, parse
from chapterhouse.core.model import (
    AttendanceMode,
    Chapter,
    DateChange,
    Event,
    EventStatus,
    Link,
    Person,
    ProgrammeItem,
    Recap,
    Rsvp,
    Series,
    Source,
    Venue,
    Visibility,
    moment_key,
    revision_of,
    start_of_day,
)
from chapterhouse.core.placeholders import is_placeholder, placeholder_lines
from chapterhouse.core.problems import FieldError, Problem, quote
from chapterhouse.core.programme import place_programme, recap_conflicts
from chapterhouse.core.recurrence import (
    Recurrence,
    every_date_excluded,
    find_dates,
    parse_exceptions,
    parse_rhythm,
    parse_rule,
)
from chapterhouse.core.settings import ContentSettings
from chapterhouse.core.slugs import slugify
from chapterhouse.core.timing import (
    Moment,
    add_elapsed,
    iso,
    parse_end,
    parse_moment,
    to_utc,
    zone,
)

RESERVED_EVENT_SLUGS = frozenset({"past", "page"})
RESERVED_PAGE_SLUGS = frozenset(
    {
        "events",
        "chapters",
        "topics",
        "feeds",
        "theme",
        "pagefind",
        "search",
        "images",
        "page",
        "static",
    }
)


@dataclass(frozen=True)
class PageRecord:
    """A plain page's validated front matter (Pelican renders the page itself)."""

    slug: str
    title: str
    source: Source
    lang: str = ""
    summary: str = ""
    image: str = ""
    visibility: Visibility = Visibility.PUBLISHED
    body: str = ""

    def __fingerprint__(self) -> str:
        """Its revision: the page record is fixed by its file (and the settings)."""
        return f"page:{self.source.revision}"


T = TypeVar("T")

#: Farthest a changed date of a series may move (further is a typo, or a separate event).
MAX_DATE_MOVE = timedelta(days=180)
#: Seconds one content file may take to be checked and loaded (see ``core.budget``).
FILE_TIME_LIMIT = 10.0


@dataclass(frozen=True)
class Loaded(Generic[T]):
    """The outcome of loading one file.

    Attributes:
        item: The model object, or None when the file has problems.
        slug: The slug the file claims (for duplicate checks even when invalid).
        problems: Everything wrong with the file.
    """

    item: T | None
    slug: str
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Defaults:
    """Values an event inherits (see :func:`resolve_defaults`).

    ``venue``, ``duration``, ``topics`` and ``image`` are a series' values its
    edition takes (None or empty: the edition keeps its own, or has none).
    """

    timezone: str
    lang: str
    rsvp: Rsvp | None
    venue: Venue | None = None
    duration: timedelta | None = None
    topics: tuple[str, ...] = ()
    image: str = ""


def resolve_defaults(
    values: Mapping[str, Any],
    chapter: Chapter | None,
    settings: ContentSettings,
    series: Series | None = None,
) -> Defaults:
    """Where an event's inherited values come from: the one precedence rule.

    Event front matter wins over its series (for an edition), which wins over
    its chapter, which wins over the site settings (site < chapter < series <
    event). These keys cascade:

    * ``timezone``: event, else series, else chapter, else the site's ``TIMEZONE``;
    * ``lang``: event, else series, else chapter, else the site's ``DEFAULT_LANG``;
    * ``rsvp``: event, else the series' RSVP form, else the chapter's (URL,
      capacity, waiting list; ``opens``/``closes`` only exist on events), else none;
    * ``venue``: event, else the series' (not for an event that says it is
      online: one with ``online`` or ``attendance_mode``);
    * ``duration``: event (``end`` or ``duration``; an all-day event lasts a day),
      else the series', else the site's ``default_duration``;
    * ``topics`` and ``image``: event, else the series' (the image then falls
      back to the chapter's, as for every event).
    """
    timezone = (
        values.get("timezone")
        or (series.timezone if series else "")
        or (chapter.timezone if chapter else "")
        or settings.timezone
    )
    lang = (
        values.get("lang")
        or (series.lang if series else "")
        or (chapter.lang if chapter else "")
        or settings.lang
    )
    rsvp = None
    if "rsvp" not in values:
        rsvp = (series.rsvp if series else None) or (chapter.rsvp if chapter else None)
    if series is None:
        return Defaults(timezone, lang, rsvp)
    online = "online" in values or "attendance_mode" in values
    return Defaults(
        timezone,
        lang,
        rsvp,
        venue=series.venue if "venue" not in values and not online else None,
        duration=series.duration if not _sets_own_length(values) else None,
        topics=series.topics if "topics" not in values else (),
        image=series.image if "image" not in values else "",
    )


def _sets_own_length(values: Mapping[str, Any]) -> bool:
    """The event gives its end or length, or is all-day (a series' usual length is in hours)."""
    start = values.get("start")
    day_only = (isinstance(start, date) and not isinstance(start, datetime)) or (
        isinstance(start, str) and re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", start) is not None
    )
    return "end" in values or "duration" in values or bool(values.get("all_day")) or day_only


def _with_inherited(values: dict[str, Any], defaults: Defaults) -> dict[str, Any]:
    """An edition's values with those it takes from its series (see :func:`resolve_defaults`)."""
    taken: dict[str, Any] = {}
    if defaults.venue is not None:
        taken["venue"] = asdict(defaults.venue)  # as the schema gives it: Venue(**values["venue"])
    if defaults.duration is not None:
        taken["duration"] = defaults.duration
    if defaults.topics:
        taken["topics"] = defaults.topics
    if defaults.image:
        taken["image"] = defaults.image
    return {**taken, **values}


def read_front_matter(
    raw: bytes, path: str, settings: ContentSettings
) -> tuple[FrontMatter | None, list[Problem]]:
    """Decode and split a file; a missing front matter is a problem."""
    text, problems = decode(raw, path, settings.max_file_size)
    if text is None:
        return None, problems
    front, problems = parse(text, path)
    if front is not None and not front.has_front_matter:
        return None, [
            Problem(
                path,
                1,
                "front matter",
                "the file has no front matter",
                "start it with a line '---', then 'title: …', then '---'",
            )
        ]
    return front, problems


def load_chapter(
    raw: bytes,
    relpath: str,
    path: str,
    settings: ContentSettings,
    content_root: Path,
    allow_placeholders: bool = False,
) -> Loaded[Chapter]:
    """Load a chapter file (``allow_placeholders``: for the scaffold's own check)."""
    front, problems = read_front_matter(raw, path, settings)
    if front is None:
        return Loaded(None, _stem_slug(relpath), tuple(problems))
    values, _extra, found = schema.check(front, schema.CHAPTER, path, settings.extra_keys)
    problems += found
    report = _Reporter(path, front, problems)
    if not allow_placeholders:
        _check_placeholders(values, front, report, "chapter")
    slug = _slug(values, relpath, report)
    _check_image(values, content_root, report)
    _check_body_links(front, relpath, content_root, report)
    _check_topics(values, report)
    rsvp = None
    if "rsvp" in values:
        rsvp = _usual_rsvp(values["rsvp"])
        if not values.get("country"):
            _check_currency(rsvp, report)
    if problems:
        return Loaded(None, slug, tuple(problems))
    chapter = Chapter(
        slug=slug,
        title=values["title"],
        timezone=values.get("timezone") or settings.timezone,
        source=_source(path, relpath, front, raw),
        city=values.get("city", ""),
        country=values.get("country", ""),
        geo=values.get("geo"),
        topics=_dedupe(values.get("topics", ())),
        organizers=_people(values.get("organizers", ())),
        links=tuple(Link(kind, url) for kind, url in values.get("links", ())),
        rsvp=rsvp,
        lang=values.get("lang", ""),
        summary=values.get("summary", ""),
        image=values.get("image", ""),
        banner=values.get("banner", ""),
        color=values.get("color", ""),
        visibility=Visibility(values.get("status", "published")),
        body=front.body,
    )
    return Loaded(chapter, slug, ())


def load_page(
    raw: bytes, relpath: str, path: str, settings: ContentSettings, content_root: Path
) -> Loaded[PageRecord]:
    """Load a plain page's front matter."""
    front, problems = read_front_matter(raw, path, settings)
    if front is None:
        return Loaded(None, _stem_slug(relpath), tuple(problems))
    values, _extra, found = schema.check(front, schema.PAGE, path, settings.extra_keys)
    problems += found
    report = _Reporter(path, front, problems)
    _check_placeholders(values, front, report, "page")
    slug = _slug(values, relpath, report)
    if slug in RESERVED_PAGE_SLUGS:
        report.add("slug", f"'{slug}' is used by the site itself", "choose another slug")
    _check_image(values, content_root, report)
    _check_body_links(front, relpath, content_root, report)
    if problems:
        return Loaded(None, slug, tuple(problems))
    page = PageRecord(
        slug=slug,
        title=values["title"],
        source=_source(path, relpath, front, raw),
        lang=values.get("lang", ""),
        summary=values.get("summary", ""),
        image=values.get("image", ""),
        visibility=Visibility(values.get("status", "published")),
        body=front.body,
    )
    return Loaded(page, slug, ())


def load_series(
    raw: bytes,
    relpath: str,
    path: str,
    settings: ContentSettings,
    content_root: Path,
    chapters: Mapping[str, Chapter],
    broken_chapters: frozenset[str] = frozenset(),
) -> Loaded[Series]:
    """Load a series file (``series/<slug>.md``): its chapter must exist, its rhythm be valid."""
    front, problems = read_front_matter(raw, path, settings)
    if front is None:
        return Loaded(None, _stem_slug(relpath), tuple(problems))
    values, _extra, found = schema.check(front, schema.SERIES, path, settings.extra_keys)
    problems += [_series_hint(problem) for problem in found]
    report = _Reporter(path, front, problems)
    _check_placeholders(values, front, report, "series")
    slug = _slug(values, relpath, report)
    _check_image(values, content_root, report)
    _check_body_links(front, relpath, content_root, report)
    _check_topics(values, report)
    chapter = None
    if "chapter" in values:
        wanted = values["chapter"]
        chapter = chapters.get(wanted)
        if chapter is None and wanted not in broken_chapters:
            known = ", ".join(sorted(chapters)) or "none"
            report.add("chapter", f"there is no chapter {quote(wanted)}", f"chapters: {known}")
    rhythm = ""
    if "rhythm" in values:
        try:
            rhythm = parse_rhythm(values["rhythm"])
        except FieldError as error:
            report.error("rhythm", error)
    rsvp = None
    if "rsvp" in values:
        rsvp = _usual_rsvp(values["rsvp"])
        if chapter is not None and not chapter.country:
            _check_currency(rsvp, report)
    if problems or chapter is None:
        return Loaded(None, slug, tuple(problems))
    visibility = Visibility(values.get("status", "published"))
    if chapter.visibility is Visibility.DRAFT:
        visibility = Visibility.DRAFT
    series = Series(
        slug=slug,
        title=values["title"],
        chapter=chapter.slug,
        rhythm=rhythm,
        source=_source(path, relpath, front, raw, chapter.source.revision),
        timezone=values.get("timezone", ""),
        venue=Venue(**values["venue"]) if "venue" in values else None,
        rsvp=rsvp,
        duration=values.get("duration"),
        topics=_dedupe(values.get("topics", ())),
        image=values.get("image", ""),
        lang=values.get("lang", ""),
        summary=values.get("summary", ""),
        visibility=visibility,
        body=front.body,
    )
    return Loaded(series, slug, ())


#: Keys of an event that a series file does not take, and what to write instead.
_NOT_IN_SERIES = {
    "start": "a series has no date of its own: each edition is an event file with "
    "'series: <slug>' and its start",
    "end": "each edition is an event file with its own start and end; "
    "a series may give the usual 'duration'",
    "repeat": "a series' rhythm is written 'rhythm: FREQ=…' (it proposes the next date; "
    "each edition is its own event file)",
    "except": "a series has no dates to exclude: simply add no edition on that date",
    "speakers": "speakers belong to each edition's event file",
}


def _series_hint(problem: Problem) -> Problem:
    """A series file's unknown key that belongs to an event: say where it goes."""
    if problem.field in _NOT_IN_SERIES and problem.message.startswith("unknown key"):
        return replace(problem, hint=_NOT_IN_SERIES[problem.field])
    return problem


def _series_of(
    values: Mapping[str, Any],
    series: Mapping[str, Series],
    broken: frozenset[str],
    report: _Reporter,
) -> Series | None:
    """The series an event is an edition of (``series:``), checked against its chapter."""
    wanted = values.get("series")
    if wanted is None:
        return None
    found = series.get(wanted)
    if found is None:
        if wanted in broken:
            report.failed.add("series")
            return None
        close = difflib.get_close_matches(wanted, list(series), n=1, cutoff=0.5)
        known = ", ".join(sorted(series)) or "none"
        report.add(
            "series",
            f"no series {quote(wanted)} (known: {known})",
            f"did you mean '{close[0]}'?" if close else "a series is a file series/<slug>.md",
        )
        return None
    if "repeat" in values:
        report.add(
            "repeat",
            f"an edition of the series {quote(found.slug)} is one date",
            "remove 'repeat': the series' rhythm proposes the next edition's date",
        )
    named = values.get("chapter") or ()
    if named and named[0] != found.chapter:
        report.add(
            "chapter",
            f"{quote(named[0])} is not the chapter of the series {quote(found.slug)} "
            f"({quote(found.chapter)})",
            "leave 'chapter' out: an edition belongs to its series' chapter",
        )
    return found


def load_event(
    raw: bytes,
    relpath: str,
    path: str,
    settings: ContentSettings,
    content_root: Path,
    chapters: Mapping[str, Chapter],
    broken_chapters: frozenset[str] = frozenset(),
    allow_placeholders: bool = False,
    series: Mapping[str, Series] | None = None,
    broken_series: frozenset[str] = frozenset(),
) -> Loaded[Event]:
    """Load an event file, resolving its chapter, zone, times, RSVP and recurrence.

    An event of a chapter whose own file has problems (``broken_chapters``) is
    checked against the site's defaults and left out; the chapter's problems
    are reported with that file. An event of a draft chapter is a draft too
    (a draft appears nowhere, and neither does what belongs to it).
    ``allow_placeholders`` is for the scaffold's check of the file it writes.
    An edition (``series:``) belongs to its series' chapter and takes the
    series' values it does not set (``series``: the valid series by slug;
    ``broken_series``: those whose file has problems).
    """
    front, problems = read_front_matter(raw, path, settings)
    if front is None:
        return Loaded(None, _stem_slug(relpath), tuple(problems))
    values, extra, found = schema.check(front, schema.EVENT, path, settings.extra_keys)
    problems += found
    report = _Reporter(path, front, problems)
    if not allow_placeholders:
        _check_placeholders(values, front, report)
    slug = _slug(values, relpath, report)
    if slug in RESERVED_EVENT_SLUGS:
        report.add(
            "slug", f"'{slug}' is used by the site itself (/events/{slug}/)", "choose another slug"
        )
    edition_of = _series_of(values, series or {}, broken_series, report)
    if edition_of is not None and "chapter" not in values:
        values["chapter"] = (edition_of.chapter,)
    chapter = _chapter(values, chapters, broken_chapters, report)
    _check_topics(values, report)
    defaults = resolve_defaults(values, chapter, settings, edition_of)
    values = _with_inherited(values, defaults)
    _check_image(values, content_root, report)
    _check_body_links(front, relpath, content_root, report)
    tz = zone(defaults.timezone) if "timezone" not in report.failed else None
    if tz is None:  # the dates are still checked (as UTC), so that every problem is reported
        _timing(values, ZoneInfo("UTC"), settings, report)
    timing = _timing(values, tz, settings, report) if tz else None
    mode, venue, online_url = _attendance(values, report)
    status = EventStatus(values.get("event_status", "scheduled"))
    previous_start = _previous_start(values, status, tz, report)
    rsvp = _rsvp(values, defaults, tz, report)
    recurrence = _recurrence(values, timing, tz, report) if timing else None
    changes = _date_changes(values, timing, recurrence, tz, settings, content_root, report)
    if mode is AttendanceMode.ONLINE:
        for change in changes:
            if change.venue is not None:
                report.add(
                    f"occurrences.{_key_of(values, change.original)}.venue",
                    "the event is online but this date has a venue",
                    "use attendance_mode: hybrid",
                )
    if rsvp is not None and timing is not None:
        rsvp = _priced(rsvp, chapter, timing[0], report)
    programme = _programme(values, front, timing, tz, report) if timing and tz else ()
    recap = _recap(values, status, content_root, report)
    if problems or timing is None or "chapter" in report.failed or "series" in report.failed:
        return Loaded(None, slug, tuple(problems))
    start, end, all_day = timing
    visibility = Visibility(values.get("status", "published"))
    if chapter is not None and chapter.visibility is Visibility.DRAFT:
        visibility = Visibility.DRAFT
    if edition_of is not None and edition_of.visibility is Visibility.DRAFT:
        visibility = Visibility.DRAFT
    depends = (chapter.source.revision if chapter else "",)
    if edition_of is not None:
        depends += (edition_of.source.revision,)
    event = Event(
        slug=slug,
        title=values["title"],
        start=start,
        end=end,
        timezone=defaults.timezone,
        source=_source(path, relpath, front, raw, *depends),
        chapter=chapter.slug if chapter else "",
        cohosts=tuple(dict.fromkeys(values.get("chapter") or ()))[1:],
        all_chapters=bool(values.get("all_chapters", False)),
        all_day=all_day,
        fixed_offset=isinstance(start, datetime) and not isinstance(start.tzinfo, ZoneInfo),
        venue=venue,
        attendance_mode=mode,
        online_url=online_url,
        rsvp=rsvp,
        status=status,
        previous_start=previous_start,
        speakers=_people(values.get("speakers", ())),
        hosts=_people(values.get("hosts", ())),
        programme=programme,
        recap=recap,
        topics=_dedupe(values.get("topics", ())),
        summary=values.get("summary", ""),
        image=values.get("image", ""),
        lang=defaults.lang,
        uid=values.get("uid", ""),
        recurrence=recurrence,
        visibility=visibility,
        body=front.body,
        extra=extra,
        changes=changes,
        series=edition_of.slug if edition_of else "",
    )
    return Loaded(event, slug, ())


class _Reporter:
    """Collects problems for one file, locating each at its key's line."""

    def __init__(self, path: str, front: FrontMatter, problems: list[Problem]):
        self.path = path
        self.front = front
        self.problems = problems
        self.failed = {p.field.split(".")[0] for p in problems}

    def add(self, field: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.path, self.front.line_of(field), field, message, hint))
        self.failed.add(field.split(".")[0])

    def error(self, field: str, error: FieldError) -> None:
        self.add(f"{field}.{error.field}" if error.field else field, error.message, error.hint)

    def ok(self, *fields: str) -> bool:
        return not any(f in self.failed for f in fields)


def _usual_rsvp(spec: Mapping[str, Any]) -> Rsvp:
    """A chapter's or a series' usual RSVP form (``opens``/``closes`` are an event's)."""
    return Rsvp(
        spec["url"],
        spec.get("capacity"),
        waitlist_url=spec.get("waitlist_url", ""),
        price=spec.get("price"),
        currency=spec.get("currency", ""),
    )


def _stem_slug(relpath: str) -> str:
    return slugify(PurePosixPath(relpath).stem)


def _slug(values: Mapping[str, Any], relpath: str, report: _Reporter) -> str:
    if "slug" in values:
        return values["slug"]
    slug = _stem_slug(relpath)
    if not slug:
        report.add(
            "slug",
            f"no slug can be made from the file name {quote(PurePosixPath(relpath).name)}",
            "add 'slug: a-name' or rename the file",
        )
    return slug


def _chapter(
    values: Mapping[str, Any],
    chapters: Mapping[str, Chapter],
    broken: frozenset[str],
    report: _Reporter,
) -> Chapter | None:
    named = values.get("chapter") or ()
    repeated = sorted({slug for slug in named if named.count(slug) > 1})
    if repeated:
        report.add("chapter", f"{quote(repeated[0])} is listed twice", "name each chapter once")
    for wanted in dict.fromkeys(named):
        if wanted in chapters:
            continue
        if wanted in broken:
            report.failed.add("chapter")
            continue
        close = difflib.get_close_matches(wanted, list(chapters), n=1, cutoff=0.5)
        known = ", ".join(sorted(chapters)) or "none"
        report.add(
            "chapter",
            f"there is no chapter {quote(wanted)}",
            f"did you mean '{close[0]}'?" if close else f"chapters: {known}",
        )
    if named:
        return chapters.get(named[0])
    if {"chapter", "series"} & report.failed or values.get("all_chapters"):
        return None  # a network-wide event may have no host chapter; a bad series said it
    if len(chapters) == 1:
        return next(iter(chapters.values()))
    if len(chapters) > 1:
        report.add(
            "chapter",
            f"'chapter' is required: this site has {len(chapters)} chapters",
            "one of " + ", ".join(sorted(chapters)),
        )
    return None


def _timing(
    values: Mapping[str, Any], tz: ZoneInfo, settings: ContentSettings, report: _Reporter
) -> tuple[Any, Any, bool] | None:
    """Start, exclusive end and all-day flag; None when they cannot be known."""
    if "start" not in values:
        return None
    try:
        start = parse_moment(values["start"], tz)
    except FieldError as error:
        report.error("start", error)
        return None
    all_day = not isinstance(start, datetime)
    if "all_day" in values and values["all_day"] != all_day:
        if values["all_day"]:
            report.add(
                "all_day", "all_day is true but start has a time", "write the start as a date alone"
            )
        else:
            report.add("all_day", "all_day is false but start is a date", "add the time to start")
        return None
    if "end" in values and "duration" in values:
        report.add("duration", "give either end or duration, not both")
        return None
    if all_day:
        end = _all_day_end(values, start, report)
    else:
        end = _timed_end(values, start, tz, settings, report)
    return None if end is None else (start, end, all_day)


def _all_day_end(values: Mapping[str, Any], start: date, report: _Reporter) -> date | None:
    if "duration" in values:
        duration: timedelta = values["duration"]
        if duration.seconds or duration.microseconds:
            report.add("duration", "an all-day event lasts whole days", "write it like 3d or P3D")
            return None
        return start + timedelta(days=duration.days)
    if "end" not in values:
        return start + timedelta(days=1)
    try:
        last = parse_moment(values["end"], ZoneInfo("UTC"))
    except FieldError as error:
        report.error("end", error)
        return None
    if isinstance(last, datetime):
        report.add(
            "end",
            f"{quote(values['end'])} has a time but the event is all-day",
            "write the last day alone",
        )
        return None
    if last < start:
        report.add(
            "end",
            f"{quote(values['end'])} is before the start ({start})",
            "end is the last day, inclusive",
        )
        return None
    return last + timedelta(days=1)


def _timed_end(
    values: Mapping[str, Any],
    start: datetime,
    tz: ZoneInfo,
    settings: ContentSettings,
    report: _Reporter,
) -> datetime | None:
    if "duration" in values:
        return add_elapsed(start, values["duration"])
    if "end" not in values:
        return add_elapsed(start, settings.default_duration)
    try:
        end = parse_end(values["end"], start, tz)
    except FieldError as error:
        report.error("end", error)
        return None
    if not isinstance(end, datetime):
        report.add(
            "end",
            f"{quote(values['end'])} is a date but start has a time",
            "write it like 2027-01-20 20:30",
        )
        return None
    if to_utc(end) <= to_utc(start):
        report.add("end", f"{quote(values['end'])} is not after the start ({_wall(start, tz)})")
        return None
    return end


def _wall(moment: datetime, tz: ZoneInfo) -> str:
    """A moment as organizers write it: local wall time, with the offset when not local."""
    if isinstance(moment.tzinfo, ZoneInfo):
        return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    return moment.isoformat(timespec="minutes")


def _attendance(
    values: Mapping[str, Any], report: _Reporter
) -> tuple[AttendanceMode, Venue | None, str]:
    venue = Venue(**values["venue"]) if "venue" in values else None
    online_url = values["online"]["url"] if "online" in values else ""
    if "attendance_mode" in values:
        mode = AttendanceMode(values["attendance_mode"])
    elif venue and online_url:
        mode = AttendanceMode.HYBRID
    elif online_url and report.ok("venue"):
        mode = AttendanceMode.ONLINE
    else:
        mode = AttendanceMode.IN_PERSON
    if mode is not AttendanceMode.IN_PERSON and not online_url and report.ok("online"):
        report.add(
            "attendance_mode",
            f"an {mode.value} event needs a link",
            "add  online: {url: https://…}",
        )
    if mode is AttendanceMode.HYBRID and not venue and report.ok("venue"):
        report.add(
            "attendance_mode", "a hybrid event needs a venue", "add  venue: {name: …, address: …}"
        )
    if mode is AttendanceMode.ONLINE and venue:
        report.add("venue", "the event is online but has a venue", "use attendance_mode: hybrid")
    if mode is AttendanceMode.IN_PERSON and online_url:
        report.add(
            "online", "the event is in person but has an online link", "use attendance_mode: hybrid"
        )
    return mode, venue, online_url


def _previous_start(
    values: Mapping[str, Any], status: EventStatus, tz: ZoneInfo | None, report: _Reporter
) -> Any:
    if "previous_start" not in values:
        if status is EventStatus.RESCHEDULED:
            report.add(
                "event_status",
                "a rescheduled event needs previous_start",
                "the start it had before",
            )
        return None
    if status is not EventStatus.RESCHEDULED:
        report.add(
            "previous_start",
            "previous_start only applies to a rescheduled event",
            "add event_status: rescheduled",
        )
        return None
    if tz is None:
        return None
    try:
        return parse_moment(values["previous_start"], tz)
    except FieldError as error:
        report.error("previous_start", error)
        return None


def _rsvp(
    values: Mapping[str, Any], defaults: Defaults, tz: ZoneInfo | None, report: _Reporter
) -> Rsvp | None:
    if "rsvp" not in values:
        return defaults.rsvp
    spec = values["rsvp"]
    window: dict[str, datetime | None] = {"opens": None, "closes": None}
    for key in window:
        if key in spec and tz is not None:
            try:
                moment = parse_moment(spec[key], tz)
            except FieldError as error:
                report.error(f"rsvp.{key}", error)
                continue
            if isinstance(moment, datetime):
                window[key] = moment
            else:  # a date: opens at its first instant, closes at the end of that day
                window[key] = start_of_day(moment + timedelta(days=key == "closes"), tz)
    opens, closes = window["opens"], window["closes"]
    if opens and closes and to_utc(opens) >= to_utc(closes):
        report.add("rsvp.closes", f"RSVP closes ({iso(closes)}) before it opens ({iso(opens)})")
    return Rsvp(
        spec["url"],
        spec.get("capacity"),
        opens,
        closes,
        spec.get("waitlist_url", ""),
        spec.get("price"),
        spec.get("currency", ""),
        spec.get("full", False),
    )


def _priced(rsvp: Rsvp, chapter: Chapter | None, start: Moment, report: _Reporter) -> Rsvp:
    """Fill in the currency of a price: the chapter's country's on the event's date.

    A price in front matter without ``currency`` is in the currency legal in the
    chapter's country on the day of the event (CLDR data, through Babel); without a
    country, a price other than free needs ``currency``.
    """
    if rsvp.price is None or rsvp.currency:
        return rsvp
    if chapter is not None and chapter.country:
        day = start if not isinstance(start, datetime) else start.date()
        currencies = get_territory_currencies(chapter.country, start_date=day, end_date=day)
        if currencies:
            return replace(rsvp, currency=currencies[0])
    _check_currency(rsvp, report)
    return rsvp


def _check_currency(rsvp: Rsvp, report: _Reporter) -> None:
    if rsvp.price is not None and not rsvp.is_free and not rsvp.currency:
        report.add(
            "rsvp.price",
            f"the price {rsvp.price} has no currency",
            "add rsvp.currency (for example EUR), or a country to the chapter",
        )


def _recurrence(
    values: Mapping[str, Any], timing: tuple[Any, Any, bool], tz: ZoneInfo, report: _Reporter
) -> Recurrence | None:
    if "repeat" not in values:
        if "except" in values:
            report.add("except", "except only applies to a repeating event", "add  repeat: FREQ=…")
        return None
    start = timing[0]
    if isinstance(start, datetime) and not isinstance(start.tzinfo, ZoneInfo):
        report.add(
            "start",
            "a repeating event's start must be a local time without an offset",
            "so that it keeps its time across daylight-saving changes",
        )
        return None
    try:
        rule = parse_rule(values["repeat"], start, tz)
    except FieldError as error:
        report.error("repeat", error)
        return None
    excluded, errors = parse_exceptions(values.get("except", ()), rule, start, tz)
    for index, error in errors:
        report.error(f"except.{index}", error)
    recurrence = Recurrence(rule, excluded)
    if not errors and every_date_excluded(recurrence, start, tz):
        report.add(
            "except",
            "every date of the series is excluded: nothing would take place",
            "to call the whole series off, keep the dates and add event_status: cancelled",
        )
    return recurrence


def _programme(
    values: Mapping[str, Any],
    front: FrontMatter,
    timing: tuple[Any, Any, bool],
    tz: ZoneInfo,
    report: _Reporter,
) -> tuple[ProgrammeItem, ...]:
    """The programme's items, each within the event (see ``core.programme``).

    When some items were refused by the schema, the others are still placed, so
    that every problem of the programme is reported in one run.
    """
    entries = values.get("programme")
    if entries is None:
        raw = front.data.get("programme", front.data.get("program"))
        if not isinstance(raw, list) or not {"programme", "program"} & report.failed:
            return ()
        entries = [_converted(schema.PROGRAMME.item, item) for item in raw]
    start, end, _all_day = timing
    items, errors = place_programme(entries, start, end, tz, "repeat" in values)
    for error in errors:
        report.error("programme", error)
    return items


def _converted(kind: schema.Kind, raw: Any) -> Any:
    """``kind.convert(raw)``, None when the value is wrong (it has been reported already)."""
    try:
        return kind.convert(raw)
    except FieldError:
        return None


def _recap(
    values: Mapping[str, Any], status: EventStatus, content_root: Path, report: _Reporter
) -> Recap | None:
    """The recap; its local photos must be published files like every picture.

    When the recap has other problems (it is not in ``values``), its photos that
    passed are still checked, so that every problem is reported in one run.
    """
    if "recap" not in values:
        raw = report.front.data.get("recap")
        photos = raw.get("photos") if isinstance(raw, dict) else None
        said = {p.field for p in report.problems}
        for index, photo in enumerate(photos if isinstance(photos, list) else ()):
            field = f"recap.photos.{index}"
            if isinstance(photo, str) and "://" not in photo and field not in said:
                _check_picture(field, photo, content_root, report)
        return None
    spec = values["recap"]
    conflict = recap_conflicts(status.value, "repeat" in values)
    if conflict:
        report.add("recap", conflict, "remove the recap")
    for index, photo in enumerate(spec.get("photos", ())):
        if "://" not in photo:
            _check_picture(f"recap.photos.{index}", photo, content_root, report)
    return Recap(
        slides=spec.get("slides", ""),
        recording=spec.get("recording", ""),
        photos=spec.get("photos", ()),
        writeup=spec.get("writeup", ""),
        attended=spec.get("attended"),
    )


class _Within:
    """A :class:`_Reporter` for the keys under ``prefix`` (one date of ``occurrences``)."""

    def __init__(self, report: _Reporter, prefix: str):
        self.report = report
        self.prefix = prefix

    def add(self, field: str, message: str, hint: str = "") -> None:
        self.report.add(f"{self.prefix}.{field}", message, hint)

    def error(self, field: str, error: FieldError) -> None:
        self.report.error(f"{self.prefix}.{field}", error)


def _date_changes(
    values: Mapping[str, Any],
    timing: tuple[Any, Any, bool] | None,
    recurrence: Recurrence | None,
    tz: ZoneInfo | None,
    settings: ContentSettings,
    content_root: Path,
    report: _Reporter,
) -> tuple[DateChange, ...]:
    """The ``occurrences:`` entries: each date of the series it changes, and how.

    A key must be a date the rule gives (``except`` removed); the new start is
    a full date and time (a date for an all-day series) within
    :data:`MAX_DATE_MOVE` of it and not on another date of the series, its end
    follows the event's own rules (``end`` or ``duration``, else the event's
    length), and every value not given is the event's.
    """
    entries = values.get("occurrences")
    if not entries:
        return ()
    if "repeat" not in values:
        report.add(
            "occurrences",
            "occurrences only applies to a repeating event",
            "add  repeat: FREQ=…, or change start itself",
        )
        return ()
    if recurrence is None or timing is None or tz is None:
        return ()  # the rule or the start is wrong: reported already
    start, _end, all_day = timing
    specs: dict[Any, dict[str, Any]] = {}
    for key, raw in entries.items():
        try:
            specs[key] = schema.EVENT_DATE_CHANGES.entry(key, raw)
        except FieldError as error:
            for single in error.errors:
                report.error("occurrences", single)
    keys = list(specs)
    found, errors = find_dates(keys, recurrence.rule, start, tz)
    for index, error in errors:
        report.error(f"occurrences.{keys[index]}", error)
    excluded = set(map(moment_key, recurrence.exdates))
    moved_away = {moment_key(found[i]) for i in found if "start" in specs[keys[i]]}
    candidates: list[tuple[str, DateChange]] = []
    named: dict[tuple[date, float], object] = {}
    for index, original in sorted(found.items()):
        key, spec = keys[index], specs[keys[index]]
        field = f"occurrences.{key}"
        if moment_key(original) in excluded:
            report.add(
                field,
                f"{quote(str(key))} is also listed in except: "
                "it cannot be both removed and changed",
                "to call this date off and say so, remove it from except and give "
                "event_status: cancelled",
            )
            continue
        if moment_key(original) in named:
            other = named[moment_key(original)]
            report.add(field, f"{quote(str(key))} names the same date as {quote(str(other))}")
            continue
        named[moment_key(original)] = key
        within = _Within(report, field)
        _check_people_photos(spec, content_root, within)
        change = _date_change(original, spec, all_day, tz, settings, within)
        if change is None:
            continue
        moved = change.start is not None and moment_key(change.start) != moment_key(original)
        if moved and abs(_day_of(change.start, tz) - _day_of(original, tz)) > MAX_DATE_MOVE:
            report.add(
                f"{field}.start",
                f"{quote(_moment_text(change.start, tz))} is more than "
                f"{MAX_DATE_MOVE.days} days from {quote(str(key))}: is the year right?",
                "a date that far away is a separate event: add it to except and create one for it",
            )
            continue
        candidates.append((field, change))
    # A date moved onto another date of the series (one that stays) would happen twice.
    moved_to = [c.start for _, c in candidates if c.start is not None]
    clashes = {
        moment_key(moved_to[index]): moment
        for index, moment in find_dates(moved_to, recurrence.rule, start, tz, False)[0].items()
    }
    changes: list[DateChange] = []
    for field, change in candidates:
        clash = clashes.get(moment_key(change.start)) if change.start is not None else None
        if (
            clash is not None
            and moment_key(clash) != moment_key(change.original)
            and moment_key(clash) not in excluded
            and moment_key(clash) not in moved_away
        ):
            report.add(
                f"{field}.start",
                f"{quote(_moment_text(change.start, tz))} is already a date of the series",
                "move it to a time the series does not have, or cancel it with "
                "event_status: cancelled",
            )
            continue
        changes.append(change)
    return tuple(sorted(changes, key=lambda c: moment_key(c.original)))


def _date_change(
    original: Moment,
    spec: Mapping[str, Any],
    all_day: bool,
    tz: ZoneInfo,
    settings: ContentSettings,
    report: _Within,
) -> DateChange | None:
    """One ``occurrences:`` entry (its keys already checked by the schema)."""
    new_start: Moment | None = None
    if "start" in spec:
        try:
            moment = parse_moment(spec["start"], tz)
        except FieldError as error:
            report.error("start", error)
            return None
        if all_day and isinstance(moment, datetime):
            report.add("start", f"{quote(spec['start'])} has a time but the event is all-day")
            return None
        if not all_day and not isinstance(moment, datetime):
            report.add(
                "start",
                f"{quote(spec['start'])} is a date but the event has a time",
                "write the full date and time, like 2027-04-02 19:00",
            )
            return None
        new_start = moment.astimezone(tz) if isinstance(moment, datetime) else moment
    if "end" in spec and "duration" in spec:
        report.add("duration", "give either end or duration, not both")
        return None
    end: Moment | None = None
    if "end" in spec or "duration" in spec:
        begins = original if new_start is None else new_start
        if all_day:
            end = _all_day_end(spec, begins, report)  # type: ignore[arg-type]
        else:
            end = _timed_end(spec, begins, tz, settings, report)  # type: ignore[arg-type]
        if end is None:
            return None
    status = spec.get("event_status")
    return DateChange(
        original=original,
        start=new_start,
        end=end,
        venue=Venue(**spec["venue"]) if "venue" in spec else None,
        speakers=_people(spec["speakers"]) if "speakers" in spec else None,
        status=EventStatus(status) if status else None,
    )


def _key_of(values: Mapping[str, Any], original: Moment) -> str:
    """The ``occurrences`` key as written for the date whose rule start is ``original``."""
    day = original.date() if isinstance(original, datetime) else original
    keys = [str(key) for key in values.get("occurrences", ())]
    return next((key for key in keys if key.startswith(day.isoformat())), day.isoformat())


def _check_people_photos(spec: Mapping[str, Any], content_root: Path, report: _Within) -> None:
    """The speakers' photos of one changed date follow the rule of every picture."""
    for index, person in enumerate(spec.get("speakers", ())):
        photo = person.get("photo", "")
        if photo and "://" not in photo:
            field = f"speakers.{index}.photo"
            _check_picture(f"{report.prefix}.{field}", photo, content_root, report.report)


def _day_of(moment: Moment, tz: ZoneInfo) -> date:
    return moment.astimezone(tz).date() if isinstance(moment, datetime) else moment


def _moment_text(moment: Moment, tz: ZoneInfo) -> str:
    return _wall(moment, tz) if isinstance(moment, datetime) else moment.isoformat()


def _check_image(values: Mapping[str, Any], content_root: Path, report: _Reporter) -> None:
    """Every picture (``image``, ``banner``, people's ``photo``) must be a published file."""
    pictures = [(key, values.get(key, "")) for key in ("image", "banner")]
    for key in ("speakers", "hosts", "organizers"):
        for index, person in enumerate(values.get(key, ())):
            pictures.append((f"{key}.{index}.photo", person.get("photo", "")))
    for field, image in pictures:
        if image and "://" not in image:
            _check_picture(field, image, content_root, report)


def _check_picture(field: str, image: str, content_root: Path, report: _Reporter) -> None:
    """The picture must follow the rule of every published file (see ``core.files``)."""
    if check_path(content_root, image) is not None and not (content_root / image).exists():
        report.add(
            field,
            f"{quote(image)} is not a file in the content folder",
            f"put it in {content_root.name}/{image}",
        )
        return
    issue = check_published(content_root, image)
    if issue is not None:
        report.add(field, f"{quote(image)}: {issue.message}", issue.hint)


#: ``{static}path`` and ``{attach}path`` in a body: files copied to the site as they are.
_FILE_LINK = re.compile(r"\{(?:static|attach)\}([^\s)\"'>#?]+)")


def _check_body_links(
    front: FrontMatter, relpath: str, content_root: Path, report: _Reporter
) -> None:
    """Files a body links to as ``{static}``/``{attach}`` must follow the published-file rule."""
    if "{" not in front.body:
        return
    folder = posixpath.dirname(relpath)
    for number, line in enumerate(front.body.split("\n")):
        for match in _FILE_LINK.finditer(line):
            target = match[1].replace("%20", " ")
            target = target[1:] if target.startswith("/") else posixpath.join(folder, target)
            issue = check_published(content_root, target)
            if issue is not None:
                report.problems.append(
                    Problem(
                        report.path,
                        front.body_line + number,
                        "body",
                        f"link {quote(match[0])}: {issue.message}",
                        issue.hint,
                    )
                )


def _check_placeholders(
    values: Mapping[str, Any], front: FrontMatter, report: _Reporter, kind: str = "event"
) -> None:
    """Refuse the templates' placeholder text left in a value or in the body.

    ``kind``: what the file describes (``event``, ``chapter``, ``page``), as the hint says it.
    """
    texts: list[tuple[str, object]] = [
        (key, values.get(key)) for key in ("title", "summary", "city")
    ]
    venue = values.get("venue") or {}
    texts += [(f"venue.{key}", venue.get(key)) for key in ("name", "address")]
    for key in ("speakers", "hosts", "organizers"):
        texts += [(f"{key}.{i}.name", p.get("name")) for i, p in enumerate(values.get(key, ()))]
    for field, text in texts:
        if isinstance(text, str) and is_placeholder(text):
            report.add(field, f"{quote(text)} is the template's placeholder", "write the real one")
    for line in placeholder_lines(front.body):
        report.problems.append(
            Problem(
                report.path,
                front.body_line + line,
                "body",
                "the description is still the template's placeholder text",
                f"describe the {kind} in your own words, or remove the line",
            )
        )


def _source(path: str, relpath: str, front: FrontMatter, raw: bytes, *depends: str) -> Source:
    revision = revision_of(relpath, raw, *depends)
    return Source(path, relpath, dict(front.lines), front.body_line, revision)


def load_guarded(
    load: Callable[..., Loaded[T]], raw: bytes, relpath: str, path: str, *args: Any, **kwargs: Any
) -> Loaded[T]:
    """``load(raw, relpath, path, …)``, with a time budget, never raising.

    Values are bounded where they are parsed; whatever still goes wrong in one
    file (a budget exceeded, nesting too deep for a library, a bug) is reported
    at that file, and the other files are checked as usual.
    """
    try:
        with time_budget(FILE_TIME_LIMIT):
            return load(raw, relpath, path, *args, **kwargs)
    except BudgetExceeded as error:
        problem = Problem(
            path, 1, "file", f"checking this file {error}", "simplify it, or split it in two"
        )
    except RecursionError:
        problem = Problem(path, 1, "file", "the file is nested too deeply to be read")
    except Exception as error:  # one file's failure must not hide every other problem
        problem = Problem(
            path,
            1,
            "file",
            f"the file could not be read: {type(error).__name__}: {error}",
            "this is a bug in Chapterhouse: please report it with the file",
        )
    return Loaded(None, _stem_slug(relpath), (problem,))


def _check_topics(values: Mapping[str, Any], report: _Reporter) -> None:
    for index, topic in enumerate(values.get("topics", ())):
        if not slugify(topic):
            report.add(f"topics.{index}", f"{quote(topic)} has no letters or digits for its URL")


def _people(entries: tuple[dict[str, str], ...]) -> tuple[Person, ...]:
    return tuple(
        Person(e["name"], e.get("role", ""), e.get("url", ""), e.get("photo", "")) for e in entries
    )


def _dedupe(words: tuple[str, ...]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for word in words:
        seen.setdefault(slugify(word) or word, word)
    return tuple(seen.values())
