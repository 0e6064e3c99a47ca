"""One import run: read the calendar, convert every VEVENT, match, check, write.

Every file the run would write is first loaded with the build's own
:func:`~chapterhouse.core.loading.load_event`: a draft with any problem is
reported and not written, so what the import writes always passes
``invoke validate``.
"""

from __future__ import annotations

import time as clock
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar

from chapterhouse.config import ChapterhouseSettings
from chapterhouse.core.loading import load_event
from chapterhouse.core.model import Chapter
from chapterhouse.core.timing import zone
from chapterhouse.importer import fields
from chapterhouse.importer import source as sources
from chapterhouse.importer.convert import Context, Draft, convert, derived_uid, event_uid
from chapterhouse.importer.document import render, stamp
from chapterhouse.importer.platforms import Origin
from chapterhouse.importer.report import FileAction, ImportReport, Issue, Outcome
from chapterhouse.importer.timeread import TimeContext, Unreadable, read_value
from chapterhouse.importer.writer import EventFiles, write_files
from chapterhouse.remote.fetch import Fetcher


@dataclass(frozen=True)
class ImportRequest:
    """What to import, and where.

    Attributes:
        source: A file path or an ``https://`` URL of an iCalendar file.
        chapter: The slug of the chapter the events belong to.
        content: The content folder.
        dry_run: Report what would happen without writing anything.
    """

    source: str
    chapter: str
    content: Path
    dry_run: bool = False


@dataclass(frozen=True)
class _Target:
    """Where the import needs a site's content: settings, chapters, files."""

    request: ImportRequest
    settings: ChapterhouseSettings
    chapters: Mapping[str, Chapter]
    chapter: Chapter
    source: sources.Source
    files: EventFiles
    show: Callable[[str], str]


def import_calendar(
    request: ImportRequest,
    settings: ChapterhouseSettings,
    chapters: Mapping[str, Chapter],
    fetcher: Fetcher | None = None,
    display: Callable[[str], str] | None = None,
) -> ImportReport:
    """Import the calendar ``request.source`` into ``request.chapter``.

    Raises:
        SourceError: the calendar cannot be read at all.
        KeyError: the chapter is not in ``chapters``.
    """
    started = clock.perf_counter()
    show = display or _display_for(request.content)
    chapter = chapters[request.chapter]
    origin = sources.Source.of(request.source)
    calendar = sources.parse(sources.read(origin, fetcher), origin)
    report = ImportReport(
        origin.label, show(f"events/{chapter.slug}"), request.dry_run, len(calendar.events)
    )
    report.issues += calendar.issues
    context = Context(
        origin.label,
        TimeContext(calendar.zones, calendar.calendar_zone, zone(chapter.timezone)),
        Origin(calendar.prodid, origin.host),
    )
    drafts = convert_calendar(calendar.events, context, report)
    target = _Target(
        request, settings, chapters, chapter, origin, EventFiles.scan(request.content), show
    )
    writes: list[tuple[str, str]] = []
    for index, draft in drafts:
        action, relpath, text = _place(index, draft, target, report)
        report.actions.append(action)
        if text is not None:
            writes.append((relpath, text))
    _report_vanished(target, {draft.uid for _index, draft in drafts}, report)
    if not request.dry_run:
        write_files(request.content, writes)
    report.seconds = clock.perf_counter() - started
    return report


def convert_calendar(
    events: list[tuple[int, icalendar.Event]], context: Context, report: ImportReport
) -> list[tuple[int, Draft]]:
    """Convert every VEVENT.

    A changed occurrence (``RECURRENCE-ID``) becomes an except date of its
    series and, unless it is cancelled, an event of its own.
    """
    masters: dict[str, tuple[int, icalendar.Event]] = {}
    overrides: list[tuple[int, icalendar.Event, str, date | datetime]] = []
    replaced: dict[str, list[date | datetime]] = {}
    for index, vevent in events:
        uid = event_uid(vevent)
        if not uid:
            uid = derived_uid(vevent)
            report.issues.append(
                Issue(context.label, "UID", f"missing; '{uid}' is used instead", index)
            )
        rid = fields.without_broken(vevent).get("RECURRENCE-ID")
        if rid is None:
            if uid in masters:
                report.issues.append(
                    Issue(
                        context.label,
                        "UID",
                        f"also used by VEVENT {masters[uid][0]}; the event was not imported",
                        index,
                        uid,
                    )
                )
                report.skipped_events += 1
                continue
            masters[uid] = (index, vevent)
            continue
        tzid = str(rid.params.get("TZID", "")) if hasattr(rid, "params") else ""
        try:
            moment = read_value(getattr(rid, "dt", None), tzid, context.time).value
        except Unreadable as error:
            report.issues.append(
                Issue(
                    context.label,
                    "RECURRENCE-ID",
                    f"{error}; the event was not imported",
                    index,
                    uid,
                )
            )
            report.skipped_events += 1
            continue
        replaced.setdefault(uid, []).append(moment)
        overrides.append((index, vevent, uid, moment))
    drafts: list[tuple[int, Draft]] = []
    for uid, (index, vevent) in masters.items():
        result = convert(vevent, index, context, uid, tuple(replaced.get(uid, ())))
        report.issues += result.issues
        if result.draft is None:
            report.skipped_events += 1
        else:
            drafts.append((index, result.draft))
    for index, vevent, uid, moment in overrides:
        if str(vevent.get("STATUS", "")).upper() == "CANCELLED":
            continue  # the date is an except date of the series, nothing more
        if uid not in masters:
            report.issues.append(
                Issue(
                    context.label,
                    "RECURRENCE-ID",
                    "a changed date of a series that is not in the calendar; imported on its own",
                    index,
                    uid,
                )
            )
        result = convert(_without_rule(vevent), index, context, _occurrence_uid(uid, moment))
        report.issues += result.issues
        if result.draft is None:
            report.skipped_events += 1
        else:
            drafts.append((index, result.draft))
    drafts.sort(key=lambda item: item[0])
    return drafts


def _without_rule(vevent: icalendar.Event) -> icalendar.Event:
    if "RRULE" not in vevent and "EXDATE" not in vevent:
        return vevent
    copy = icalendar.Event()
    for key, value in vevent.property_items(recursive=False, sorted=False):
        if key not in ("BEGIN", "END", "RRULE", "EXDATE"):
            copy.add(key, value, encode=False)
    return copy


def _occurrence_uid(uid: str, moment: date | datetime) -> str:
    """The UID of a changed occurrence published on its own: the series' UID and its date."""
    if isinstance(moment, datetime):
        return f"{uid}-{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    return f"{uid}-{moment:%Y%m%d}"


def _place(
    index: int, draft: Draft, target: _Target, report: ImportReport
) -> tuple[FileAction, str, str | None]:
    """What to do with one draft: the action, the file, and the text to write (None: nothing)."""
    existing = target.files.by_uid.get(draft.uid, [])
    label = target.source.label
    if len(existing) > 1:
        paths = ", ".join(target.show(e.relpath) for e in existing)
        reason = f"the UID is in {len(existing)} files ({paths}); left as they are"
        return (
            FileAction(target.show(existing[0].relpath), Outcome.SKIPPED, draft.uid, reason),
            "",
            None,
        )
    owners = existing[0].chapters if existing else ()
    if owners and target.chapter.slug not in owners:
        owner = owners[0]
        # Another chapter's event (the same feed imported twice, or the wrong --chapter):
        # never moved from one chapter to another behind its organizers' backs.
        reason = (
            f"the UID belongs to chapter '{owner}'; left as it is "
            f"(import it with --chapter {owner}, or delete the file first)"
        )
        return (
            FileAction(target.show(existing[0].relpath), Outcome.SKIPPED, draft.uid, reason),
            "",
            None,
        )
    if existing:
        relpath = existing[0].relpath
    else:
        relpath = target.files.new_relpath(target.chapter.slug, draft.day, draft.title)
    shown = target.show(relpath)
    text = stamp(render(draft, target.chapter.slug), target.source.marker)
    loaded = load_event(
        text.encode("utf-8"),
        relpath,
        shown,
        target.settings,
        target.request.content,
        target.chapters,
    )
    if loaded.problems:
        for problem in loaded.problems:
            report.issues.append(
                Issue(
                    label,
                    problem.field,
                    problem.message + "; the event was not imported",
                    index,
                    draft.uid,
                )
            )
        return (
            FileAction(shown, Outcome.SKIPPED, draft.uid, "the converted event is not valid"),
            relpath,
            None,
        )
    if not existing:
        return FileAction(shown, Outcome.CREATED, draft.uid), relpath, text
    found = existing[0]
    if found.marker is None:
        reason = "a file with this UID was not written by the import; left as it is"
        return FileAction(shown, Outcome.SKIPPED, draft.uid, reason), relpath, None
    if not found.marker.intact:
        reason = "edited since it was imported; left as it is (delete it to import it again)"
        return FileAction(shown, Outcome.SKIPPED, draft.uid, reason), relpath, None
    if found.text == text:
        return FileAction(shown, Outcome.UNCHANGED, draft.uid), relpath, None
    return FileAction(shown, Outcome.UPDATED, draft.uid), relpath, text


def _report_vanished(target: _Target, seen: set[str], report: ImportReport) -> None:
    for uid, existing in target.files.by_uid.items():
        if uid in seen:
            continue
        for found in existing:
            if found.marker is not None and found.marker.source == target.source.marker:
                report.issues.append(
                    Issue(
                        target.source.label,
                        "UID",
                        f"{uid} is no longer in the calendar: {target.show(found.relpath)} was "
                        "left as it is (set event_status: cancelled, or delete it)",
                    )
                )


def _display_for(content: Path) -> Callable[[str], str]:
    try:
        shown = content.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        shown = content
    return lambda relpath: (shown / relpath).as_posix()
