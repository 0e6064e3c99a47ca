"""``invoke new-event`` and ``invoke new-chapter``: write a valid, commented file.

Missing values are asked for when the command runs in a terminal; otherwise
the command lists the options to give. The new file is checked with the same
loader as the build before it is written, so it always validates.

``new-event --series <slug>`` (or ``--from <edition>``) writes a series' next
edition: the date that follows the latest edition (or the one given) in the
series' rhythm, and the values that edition set itself (venue, RSVP form,
length, topics); speakers and description are left for the organizer.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton

from chapterhouse.cli.project import Project, UsageError, load_project
from chapterhouse.core import placeholders
from chapterhouse.core.catalog import Catalog, load_catalog
from chapterhouse.core.loading import load_chapter, load_event
from chapterhouse.core.model import Event, Series
from chapterhouse.core.recurrence import next_after
from chapterhouse.core.slugs import slugify
from chapterhouse.core.timing import Moment, parse_moment, zone

Ask = Callable[[str], str]


@dataclass
class EventAnswers:
    """What ``new-event`` was given (None: not given)."""

    chapter: str | None = None
    title: str | None = None
    start: str | None = None
    end: str | None = None
    duration: str | None = None
    venue: str | None = None
    rsvp: str | None = None
    series: str | None = None
    from_event: str | None = None


@dataclass
class ChapterAnswers:
    """What ``new-chapter`` was given."""

    title: str | None = None
    slug: str | None = None
    city: str | None = None
    country: str | None = None
    timezone: str | None = None
    lang: str | None = None


def new_event(
    settings_file: Path,
    answers: EventAnswers,
    content: str | None = None,
    ask: Ask | None = None,
    out: TextIO | None = None,
) -> int:
    """Write ``events/<chapter>/<date>-<title>.md``; return the exit status."""
    return _scaffold(
        settings_file,
        content,
        ask,
        lambda project, prompt, stream: _write_event(project, answers, prompt, stream),
        "Replace the description below its front matter (the build refuses the placeholder), "
        "then run `invoke validate`.",
        out or sys.stdout,
    )


def new_chapter(
    settings_file: Path,
    answers: ChapterAnswers,
    content: str | None = None,
    ask: Ask | None = None,
    out: TextIO | None = None,
) -> int:
    """Write ``chapters/<slug>.md``; return the exit status."""
    return _scaffold(
        settings_file,
        content,
        ask,
        lambda project, prompt, stream: _write_chapter(project, answers, prompt, stream),
        "Replace the description below its front matter (the build refuses the placeholder), "
        "then run `invoke validate`.",
        out or sys.stdout,
    )


def _scaffold(
    settings_file: Path,
    content: str | None,
    ask: Ask | None,
    write: Callable[[Project, Ask | None, TextIO], Path],
    next_step: str,
    out: TextIO,
) -> int:
    """Load the project, write one file, and report it; a usage error is one line."""
    try:
        project = load_project(settings_file, content)
        path = write(project, ask if ask is not None else _terminal_ask(), out)
    except UsageError as error:
        print(f"error: {error}", file=out)
        return 1
    print(f"Created {path}. {next_step}", file=out)
    return 0


def _write_event(project: Project, answers: EventAnswers, ask: Ask | None, out: TextIO) -> Path:
    catalog = load_catalog(
        project.content,
        project.config,
        static_folders=tuple(project.settings.get("STATIC_PATHS") or ()),
    )
    chapters = catalog.chapters_by_slug()
    if answers.series or answers.from_event:
        return _write_edition(project, answers, catalog, out)
    if answers.chapter is None and len(chapters) > 1:
        answers.chapter = _need(ask, "chapter", "Chapter (" + ", ".join(sorted(chapters)) + ")")
    if answers.chapter is None and len(chapters) == 1:
        answers.chapter = next(iter(chapters))
    if answers.chapter and answers.chapter not in chapters:
        raise UsageError(
            f"there is no chapter {answers.chapter!r}; chapters: {', '.join(sorted(chapters))}"
        )
    answers.title = answers.title or _need(ask, "title", "Title")
    tz_name = chapters[answers.chapter].timezone if answers.chapter else project.config.timezone
    answers.start = answers.start or _need(
        ask, "start", f"Start, local time in {tz_name} (YYYY-MM-DD HH:MM)"
    )
    if answers.end and answers.duration:
        raise UsageError("give either --end or --duration, not both")
    try:
        start = parse_moment(answers.start, zone(tz_name))
    except Exception as error:
        raise UsageError(f"--start {answers.start!r}: {getattr(error, 'message', error)}") from None
    day = start.strftime("%Y-%m-%d")
    slug = slugify(f"{day} {answers.title}")[:80].rstrip("-")
    folder = project.content / "events" / (answers.chapter or "")
    target = folder / f"{slug}.md"
    if target.exists():
        raise UsageError(f"{target} already exists")
    text = _event_text(answers, tz_name)
    relpath = target.relative_to(project.content).as_posix()
    loaded = load_event(
        text.encode(),
        relpath,
        str(target),
        project.config,
        project.content,
        chapters,
        allow_placeholders=True,  # the organizer replaces them next
        series={s.slug: s for s in catalog.series},
    )
    if loaded.problems:
        for problem in loaded.problems:
            print(problem.format(), file=out)
        raise UsageError("the event was not written; correct the values above")
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def _write_edition(project: Project, answers: EventAnswers, catalog: Catalog, out: TextIO) -> Path:
    """The next edition of a series, after its latest edition (or ``--from`` the one given)."""
    every_series = {s.slug: s for s in catalog.series}
    previous, series = _edition_source(answers, catalog, every_series)
    chapter = catalog.chapters_by_slug()[series.chapter]
    if answers.chapter and answers.chapter != series.chapter:
        raise UsageError(
            f"the series {series.slug!r} belongs to the chapter {series.chapter!r}, "
            f"not {answers.chapter!r}"
        )
    tz = previous.tz if previous else zone(series.timezone or chapter.timezone)
    if answers.start:
        try:
            start = parse_moment(answers.start, tz)
        except Exception as error:
            message = getattr(error, "message", error)
            raise UsageError(f"--start {answers.start!r}: {message}") from None
    elif previous is None:
        raise UsageError(
            f"the series {series.slug!r} has no edition yet: give the first one's --start"
        )
    else:
        found = next_after(series.rhythm, previous.start, tz)
        if found is None:
            raise UsageError(f"the rhythm {series.rhythm!r} proposes no date after {previous.slug}")
        start = found
    same_day = [
        e
        for e in catalog.events
        if e.series == series.slug and _local_day(e.start, tz) == _local_day(start, tz)
    ]
    if same_day:
        raise UsageError(
            f"the series {series.slug!r} already has an edition on {_local_day(start, tz)}: "
            f"{same_day[0].source.path}"
        )
    language = series.lang or chapter.lang or project.config.lang
    title = answers.title or f"{series.title} – {_month_name(start, language)}"
    day = start.strftime("%Y-%m-%d")
    slug = slugify(f"{day} {title}")[:80].rstrip("-")
    folder = (
        (project.content / previous.source.relpath).parent
        if previous
        else project.content / "events" / series.chapter
    )
    target = folder / f"{slug}.md"
    if target.exists():
        raise UsageError(f"{target} already exists")
    text = _edition_text(series, previous, title, start, tz.key)
    relpath = target.relative_to(project.content).as_posix()
    loaded = load_event(
        text.encode(),
        relpath,
        str(target),
        project.config,
        project.content,
        catalog.chapters_by_slug(),
        allow_placeholders=True,  # the organizer replaces them next
        series=every_series,
    )
    if loaded.problems:
        for problem in loaded.problems:
            print(problem.format(), file=out)
        raise UsageError("the event was not written; correct the values above")
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def _edition_source(
    answers: EventAnswers, catalog: Catalog, every_series: dict[str, Series]
) -> tuple[Event | None, Series]:
    """The edition the new one follows (None: the series has none yet) and its series."""
    known = ", ".join(sorted(every_series)) or "none"
    if answers.from_event:
        events = {e.slug: e for e in catalog.events}
        previous = events.get(answers.from_event)
        if previous is None:
            raise UsageError(f"there is no event {answers.from_event!r}")
        if not previous.series:
            raise UsageError(
                f"the event {answers.from_event!r} is not an edition of a series "
                f"(no 'series:'); series: {known}"
            )
        if answers.series and answers.series != previous.series:
            raise UsageError(
                f"{answers.from_event!r} is an edition of {previous.series!r}, "
                f"not {answers.series!r}"
            )
        return previous, every_series[previous.series]
    series = every_series.get(answers.series or "")
    if series is None:
        raise UsageError(f"there is no series {answers.series!r}; series: {known}")
    editions = [e for e in catalog.events if e.series == series.slug]
    latest = max(editions, key=lambda e: e.occurrence_at(e.start).sort_key, default=None)
    return latest, series


def _local_day(moment: Moment, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).date().isoformat() if isinstance(moment, datetime) else str(moment)


def _month_name(start: Moment, language: str) -> str:
    """The month and year of ``start`` (January 2027) in the series' language, through Babel."""
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        locale = Locale("en")
    return format_skeleton("yMMMM", start, locale=locale)


def _edition_text(
    series: Series, previous: Event | None, title: str, start: Moment, tz_name: str
) -> str:
    """The new edition's front matter: what the previous edition set itself, the rest inherited."""
    moment = start.strftime("%Y-%m-%d %H:%M") if isinstance(start, datetime) else str(start)
    lines = [
        "---",
        "# Every key is explained in docs/content-format.md; `invoke validate` checks this file.",
        f"# An edition of the series {series.slug}: it takes the series' venue, RSVP form,",
        "# length and topics unless it sets its own below.",
        f"title: {_yaml(title)}",
        f"series: {series.slug}",
        f"start: {moment}  # local time in {tz_name}, proposed by the series' rhythm",
    ]
    if previous is not None:
        lines += _own_values(series, previous)
    lines += [
        "# speakers:",
        "#   - name: Speaker name",
        "#     role: what they do",
        f"# summary: {placeholders.SUMMARY}",
        "---",
        placeholders.EVENT_BODY,
        "",
    ]
    return "\n".join(lines)


def _own_values(series: Series, previous: Event) -> list[str]:
    """The values ``previous`` had that it did not take from its series, as front matter."""
    lines = []
    if "timezone" in previous.source.lines and previous.timezone != series.timezone:
        lines.append(f"timezone: {previous.timezone}")
    if previous.length != (series.duration or previous.length) and not previous.all_day:
        lines.append(f"duration: {_duration(previous.length)}")
    if previous.venue is not None and previous.venue != series.venue:
        venue = previous.venue
        lines.append("venue:")
        for key in ("name", "address", "url"):
            if getattr(venue, key):
                lines.append(f"  {key}: {_yaml(getattr(venue, key))}")
        if venue.geo:
            lines.append(f"  geo: [{venue.geo[0]}, {venue.geo[1]}]")
    if previous.online_url:
        lines.append(f"attendance_mode: {previous.attendance_mode.value}")
        lines.append(f"online: {_yaml(previous.online_url)}")
    rsvp = previous.rsvp
    if rsvp is not None and rsvp != series.rsvp and rsvp.url != getattr(series.rsvp, "url", ""):
        lines += ["rsvp:", f"  url: {_yaml(rsvp.url)}"]
        if rsvp.capacity:
            lines.append(f"  capacity: {rsvp.capacity}")
        if rsvp.price is not None:
            lines.append(f"  price: {'free' if rsvp.is_free else rsvp.price}")
        if rsvp.currency:
            lines.append(f"  currency: {rsvp.currency}")
        if rsvp.waitlist_url:
            lines.append(f"  waitlist_url: {_yaml(rsvp.waitlist_url)}")
    if previous.topics and previous.topics != series.topics:
        lines.append("topics: [" + ", ".join(_yaml(t) for t in previous.topics) + "]")
    return lines


def _duration(length: timedelta) -> str:
    minutes = int(length.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    return f"{hours}h{rest:02d}m" if rest else f"{hours}h"


def _event_text(answers: EventAnswers, tz_name: str) -> str:
    lines = [
        "---",
        "# Every key is explained in docs/content-format.md; `invoke validate` checks this file.",
        f"title: {_yaml(answers.title)}",
    ]
    if answers.chapter:
        lines.append(f"chapter: {answers.chapter}")
    lines.append(f"start: {answers.start}  # local time in {tz_name}")
    if answers.end:
        lines.append(f"end: {answers.end}")
    elif answers.duration:
        lines.append(f"duration: {answers.duration}")
    else:
        lines.append("# end: 2027-01-20 21:00  # or: duration: 2h30m (default: 2 hours)")
    if answers.venue:
        name, _, address = answers.venue.partition(",")
        lines += ["venue:", f"  name: {_yaml(name.strip())}"]
        if address.strip():
            lines.append(f"  address: {_yaml(address.strip())}")
        lines.append("  # geo: [43.6045, 1.4440]  # latitude, longitude: adds a precise map link")
    else:
        lines += ["# venue:", "#   name: Venue name", "#   address: Street, postcode, city"]
    lines += [
        "# online:  # for an online or hybrid event",
        "#   url: https://meet.example.org/room",
    ]
    if answers.rsvp:
        lines += ["rsvp:", f"  url: {_yaml(answers.rsvp)}", "  # capacity: 40", "  # price: free"]
    else:
        lines += [
            "# rsvp:  # a form; {title}, {date}, {start} or {slug} in the URL pre-fill it",
            "#   url: https://…",
        ]
    lines += [
        "# speakers:",
        "#   - name: Speaker name",
        "#     role: what they do",
        "# topics: [python]",
        f"# summary: {placeholders.SUMMARY}",
        "---",
        placeholders.EVENT_BODY,
        "",
    ]
    return "\n".join(lines)


def _write_chapter(project: Project, answers: ChapterAnswers, ask: Ask | None, out: TextIO) -> Path:
    answers.title = answers.title or _need(ask, "title", "Chapter name")
    answers.slug = answers.slug or slugify(answers.title)
    answers.timezone = answers.timezone or _need(
        ask, "timezone", "Time zone (IANA, e.g. Europe/Paris)"
    )
    target = project.content / "chapters" / f"{answers.slug}.md"
    if target.exists():
        raise UsageError(f"{target} already exists")
    lines = [
        "---",
        "# Every key is explained in docs/content-format.md.",
        f"title: {_yaml(answers.title)}",
    ]
    if answers.slug != slugify(answers.title):
        lines.append(f"slug: {answers.slug}")
    lines.append(f"city: {_yaml(answers.city)}" if answers.city else "# city: City")
    lines.append(
        f"country: {answers.country}" if answers.country else "# country: FR  # ISO 3166 code"
    )
    lines.append(f"timezone: {answers.timezone}")
    lines.append(f"lang: {answers.lang}" if answers.lang else "# lang: fr")
    lines += [
        "# topics: [python]",
        "# organizers:",
        "#   - name: Organizer name",
        "#     url: https://…",
        "# links:",
        "#   website: https://…",
        "# rsvp: https://…  # the default form for this chapter's events",
        f"# summary: {placeholders.CHAPTER_SUMMARY}",
        "---",
        placeholders.CHAPTER_BODY,
        "",
    ]
    text = "\n".join(lines)
    relpath = target.relative_to(project.content).as_posix()
    loaded = load_chapter(
        text.encode(),
        relpath,
        str(target),
        project.config,
        project.content,
        allow_placeholders=True,  # the organizer replaces them next
    )
    if loaded.problems:
        for problem in loaded.problems:
            print(problem.format(), file=out)
        raise UsageError("the chapter was not written; correct the values above")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def _need(ask: Ask | None, option: str, prompt: str) -> str:
    if ask is None:
        raise UsageError(
            f"--{option.replace('_', '-')} is required (or run the command in a terminal)"
        )
    answer = ask(f"{prompt}: ").strip()
    if not answer:
        raise UsageError(f"{option} is required")
    return answer


def _terminal_ask() -> Ask | None:
    return input if sys.stdin.isatty() else None


def _yaml(text: str | None) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text or "", ensure_ascii=False)
