"""``invoke badges``: name badges and an attendance sheet for one event, from its RSVP form's CSV.

Reads the settings and the content as ``invoke validate`` does (for the event's
title, date, language, chapter colour and the site's logo), reads the CSV export
(:mod:`chapterhouse.badges.csvread`), checks that every character has a font,
and prints two PDFs: the badges at ``--output`` and the attendance sheet beside
it (``badges.pdf`` → ``badges-attendance.pdf``). Attendee data is personal: the
output is refused inside the content folder, the site's output folder and any
Git working tree, so that it is never published or committed. Each PDF is
written to a temporary file then renamed: a failed run leaves nothing behind and
a previous PDF as it was. Problems are printed as ``path:row N: field: message``;
errors print nothing and exit 1, warnings are printed and the badges made.
"""

from __future__ import annotations

import difflib
import os
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO, TypeVar

from chapterhouse.announce.facts import NotAnnounced, choose_occurrence
from chapterhouse.badges.csvread import (
    DEFAULT_COLUMNS,
    Responses,
    RowProblem,
    Severity,
    read_responses,
)
from chapterhouse.badges.fonts import FontNotFound, FontStack, describe, find_faces
from chapterhouse.badges.layout import FORMATS, PAPERS, BadgeFormat, Paper, Sheet, pages, sheet
from chapterhouse.badges.render import Branding, badges_html, fit_badges, write_pdf
from chapterhouse.badges.sheet import SheetText, sheet_html
from chapterhouse.cli.project import Project, UsageError, load_project
from chapterhouse.core.catalog import Catalog, load_catalog
from chapterhouse.core.model import Event, Occurrence
from chapterhouse.core.timing import build_now, system_clock
from chapterhouse.media.contrast import text_on
from chapterhouse.render.i18n import Interface, Interfaces

T = TypeVar("T")

#: Largest CSV file read, in bytes (a 10,000-answer export is about 1 MB).
MAX_CSV = 50 * 1024 * 1024


@dataclass(frozen=True)
class BadgesRequest:
    """What ``invoke badges`` was asked.

    Attributes:
        event: The event's slug.
        csv: The RSVP form's CSV export.
        output: The badges' PDF (the attendance sheet is written beside it).
        columns: The lines of a badge, comma-separated (``""``: name, job, company).
        paper: ``a4`` or ``letter``.
        badge_format: A key of :data:`chapterhouse.badges.layout.FORMATS`.
        date: ``YYYY-MM-DD``: the date of a recurring event (``""``: the next one).
        content: The content folder (``None``: the settings' ``PATH``).
    """

    event: str
    csv: str
    output: str
    columns: str = ""
    paper: str = "a4"
    badge_format: str = "90x55"
    date: str = ""
    content: str | None = None


def badges(
    settings_file: Path,
    request: BadgesRequest,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Print the badges and attendance sheet of ``request``; return the exit status."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        return _run(settings_file, request, out, err)
    except UsageError as error:
        print(f"error: {error}", file=err)
        return 1
    except Exception as error:  # an unexpected failure is still one readable line
        print(f"error: badges stopped: {type(error).__name__}: {error}", file=err)
        return 1


def _run(settings_file: Path, request: BadgesRequest, out: TextIO, err: TextIO) -> int:
    paper, badge_format = (
        _choice("--paper", request.paper, PAPERS),
        _choice("--format", request.badge_format, FORMATS),
    )
    layout = _sheet(paper, badge_format)
    project = load_project(settings_file, request.content)
    output = _output(request.output, project, settings_file)
    attendance = output.with_name(f"{output.stem}-attendance.pdf")
    responses = _responses(Path(request.csv))
    exposed = _exposed(Path(request.csv), project.content)
    if exposed:
        print(f"warning: --csv: {request.csv} is {exposed}: move it out", file=err)
    columns = _columns(request.columns, responses)
    catalog = load_catalog(
        project.content,
        project.config,
        static_folders=tuple(project.settings.get("STATIC_PATHS") or ()),
    )
    event, occurrence, interface = _event(catalog, project, request)
    problems = list(responses.problems)
    regular = _fonts(bold=False)
    if not responses.errors:
        problems += _glyph_problems(request.csv, responses, columns, regular)
    for problem in sorted(problems, key=lambda p: p.row):
        print(problem.format(), file=err)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        print(
            f"error: no badges printed: {len(errors)} problem(s) above to fix in {request.csv}",
            file=err,
        )
        return 1
    branding = _branding(catalog, project, event, occurrence, interface)
    bold = _fonts(bold=True)
    texts = fit_badges(responses.attendees, columns, layout, bold, regular)
    for text in texts:
        if not text.name.fits:
            print(
                f"{request.csv}:row {text.row}: name: too long for the badge even at "
                f"{text.name.size:g} pt: wrapped",
                file=err,
            )
    words = _sheet_words(interface, event, occurrence, responses, columns)
    documents = (
        (output, badges_html(texts, layout, branding)),
        (attendance, sheet_html(responses.attendees, columns, paper, words, branding.color)),
    )
    _write_all(documents)
    count, sheets = len(responses.attendees), pages(len(responses.attendees), len(layout.slots))
    print(
        f"{_plural(count, 'badge')} on {_plural(sheets, 'page')} ({paper.label}, "
        f"{badge_format.label}): {output}\nattendance sheet: {attendance}",
        file=out,
    )
    return 0


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def _choice(option: str, value: str, choices: Mapping[str, T]) -> T:
    key = value.strip().lower()
    if key not in choices:
        raise UsageError(f"{option}: '{value}' is not one of {', '.join(choices)}")
    return choices[key]


def _sheet(paper: Paper, badge_format: BadgeFormat) -> Sheet:
    try:
        return sheet(paper, badge_format)
    except ValueError as error:
        raise UsageError(f"--format: {error}") from None


def _output(given: str, project: Project, settings_file: Path) -> Path:
    """The badges' path, refused where it could be published or committed."""
    if not given.strip():
        raise UsageError("--output: give the PDF to write, outside the site (~/badges.pdf)")
    target = Path(given).expanduser().resolve()
    if target.suffix.lower() != ".pdf":
        raise UsageError(f"--output: '{given}' is not a .pdf file")
    if not target.parent.is_dir():
        raise UsageError(f"--output: the folder {target.parent} does not exist")
    reason = refusal(target, project.content, _site_output(project, settings_file))
    if reason:
        raise UsageError(f"--output: {target} is {reason}")
    return target


def refusal(target: Path, content: Path, site_output: Path) -> str:
    """Why attendee data may not be written at ``target`` (``""``: it may).

    Refused: the content folder, the site's output folder (both published) and
    any Git working tree (committed, pushed): attendee names are personal data.
    """
    target = target.resolve()
    reasons = (
        (content.resolve(), "inside the content folder {}, which is published"),
        (site_output.resolve(), "inside the site's output folder {}, which is published"),
    )
    for folder, reason in reasons:
        if target.is_relative_to(folder):
            return f"{reason.format(folder)}: attendee data is personal, write it elsewhere"
    repository = _working_tree(target.parent)
    if repository is not None:
        return (
            f"inside the Git working tree {repository}, where it could be committed and "
            "pushed: attendee data is personal, write it outside the repository"
        )
    return ""


def _exposed(csv: Path, content: Path) -> str:
    """Where a CSV export of the answers should not be (``""``: it is fine where it is)."""
    csv = csv.resolve()
    if csv.is_relative_to(content.resolve()):
        return "inside the content folder, which is published"
    repository = _working_tree(csv.parent)
    if repository is not None:
        return f"inside the Git working tree {repository}, where it could be committed"
    return ""


def _working_tree(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def _site_output(project: Project, settings_file: Path) -> Path:
    folder = Path(str(project.settings.get("OUTPUT_PATH") or "output"))
    return folder if folder.is_absolute() else settings_file.parent / folder


def _responses(path: Path) -> Responses:
    if not path.is_file():
        raise UsageError(f"--csv: {path} not found")
    size = path.stat().st_size
    if size > MAX_CSV:
        raise UsageError(f"--csv: {path} is {size:,} bytes, more than {MAX_CSV:,}: is it a CSV?")
    return read_responses(path.read_bytes(), str(path))


def _columns(given: str, responses: Responses) -> tuple[str, ...]:
    if not given.strip():
        return DEFAULT_COLUMNS
    available = responses.available_columns()
    by_key = {c.casefold(): c for c in available}
    chosen = []
    for name in (part.strip() for part in given.split(",")):
        if not name:
            continue
        found = by_key.get(name.casefold())
        if found is None:
            close = difflib.get_close_matches(name, available, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise UsageError(
                f"--columns: '{name}' is not a column of the CSV "
                f"({hint}available: {', '.join(available)})"
            )
        chosen.append(found)
    if not chosen:
        return DEFAULT_COLUMNS
    if chosen[0] != "name":
        chosen = ["name", *(c for c in chosen if c != "name")]
    return tuple(dict.fromkeys(chosen))


def _fonts(bold: bool) -> FontStack:
    try:
        return FontStack(find_faces(bold=bold))
    except FontNotFound as error:
        raise UsageError(str(error)) from None


def _glyph_problems(
    path: str, responses: Responses, columns: Sequence[str], stack: FontStack
) -> list[RowProblem]:
    """A problem for each character no installed font has (it would print as an empty box)."""
    problems = []
    for person in responses.attendees:
        for column, value in zip(columns, person.lines(columns), strict=True):
            for char in stack.missing(value):
                problems.append(
                    RowProblem(
                        path,
                        person.row,
                        column,
                        f"no installed font has a glyph for {describe(char)} in '{value}': it "
                        "would print as an empty box (install a font for it, or change the value)",
                        Severity.ERROR,
                    )
                )
    return problems


def _event(
    catalog: Catalog, project: Project, request: BadgesRequest
) -> tuple[Event, Occurrence, Interface]:
    events = {e.slug: e for e in catalog.events}
    event = events.get(request.event)
    if event is None:
        close = difflib.get_close_matches(request.event, sorted(events), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "see content/events/"
        raise UsageError(f"--event: no event '{request.event}' ({hint})")
    day = _day(request.date)
    try:
        occurrence = choose_occurrence(event, build_now(os.environ, system_clock), day)
    except NotAnnounced as error:
        if day is not None or event.recurrence is None:
            raise UsageError(str(error)) from None
        occurrence = event.occurrence_at(event.start)  # a series that ended: its first date
    return event, occurrence, Interfaces()(event.lang or project.config.site_language)


def _day(text: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"--date: '{text}' is not a date like 2027-01-20") from None


def _branding(
    catalog: Catalog, project: Project, event: Event, occurrence: Occurrence, interface: Interface
) -> Branding:
    chapter = catalog.chapters_by_slug().get(event.chapter)
    color = (chapter.color if chapter and chapter.color else "") or project.config.accent
    logo, logo_name = b"", ""
    if project.config.logo:
        path = project.content / project.config.logo
        if path.is_file():
            logo, logo_name = path.read_bytes(), path.name
    place = chapter.title if chapter else project.config.site_name
    when = interface.dates.short_date(occurrence.starts_at)
    return Branding(
        event.title, f"{place} · {when}", color, text_on(color), logo, logo_name, interface.tag
    )


def _sheet_words(
    interface: Interface,
    event: Event,
    occurrence: Occurrence,
    responses: Responses,
    columns: Sequence[str],
) -> SheetText:
    _ = interface.gettext
    headers = {
        "name": _("Name"),
        "job": _("Job title"),
        "company": _("Company"),
        "pronouns": _("Pronouns"),
        "city": _("City"),
    }
    return SheetText(
        title=_("Attendance sheet"),
        event=event.title,
        when=interface.dates.range_text(occurrence),
        headers={c: headers.get(c, c) for c in columns},
        present=_("Present"),
        signature=_("Signature"),
        page=_("Page %(page)s of %(pages)s"),
        lang=interface.tag,
    )


def _write_all(documents: Sequence[tuple[Path, str]]) -> None:
    """Print every document to a temporary file beside its target, then rename them all."""
    written: list[tuple[Path, Path]] = []
    try:
        for target, document in documents:
            handle, name = tempfile.mkstemp(
                prefix=f".{target.stem}.", suffix=".pdf.tmp", dir=target.parent
            )
            os.close(handle)
            written.append((Path(name), target))
            write_pdf(document, Path(name))
        for temporary, target in written:
            os.replace(temporary, target)
    finally:
        for temporary, _ in written:
            temporary.unlink(missing_ok=True)
