"""Converting inline iCalendar text as ``invoke import`` does, for the importer's unit tests."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from chapterhouse.importer.context import Context
from chapterhouse.importer.convert import Draft
from chapterhouse.importer.platforms import Origin
from chapterhouse.importer.report import ImportReport
from chapterhouse.importer.run import convert_calendar
from chapterhouse.importer.source import Source, parse
from chapterhouse.importer.timeread import TimeContext

#: How every report line about the first VEVENT of :func:`one` starts (its UID is ``a``).
AT = "test.ics:VEVENT 1 (UID a): "
#: A VEVENT's first lines: UID ``a``, a title, a start at 19:00 in Paris (18:00 UTC).
EVENT = "UID:a\nSUMMARY:T\nDTSTART:20270105T180000Z"


def calendar(*events: str, header: str = "", prodid: str = "-//test//EN") -> bytes:
    """A VCALENDAR holding ``events`` (each the lines between BEGIN and END:VEVENT)."""
    body = "".join(f"BEGIN:VEVENT\n{e.strip()}\nEND:VEVENT\n" for e in events)
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:{prodid}\n{header}{body}END:VCALENDAR\n"
    return text.replace("\n", "\r\n").encode()


def run(
    data: bytes, chapter_zone: str = "Europe/Paris", host: str = ""
) -> tuple[list[Draft], list[str]]:
    """The drafts of a calendar and every report line, as the import prints them."""
    source = Source("test.ics", "test.ics", "test.ics", host)
    parsed = parse(data, source)
    context = Context(
        "test.ics",
        TimeContext(parsed.zones, parsed.calendar_zone, ZoneInfo(chapter_zone)),
        Origin(parsed.prodid, host),
    )
    report = ImportReport("test.ics", "events/x")
    drafts = [draft for _i, draft in convert_calendar(parsed.events, context, report)]
    return drafts, [issue.format() for issue in report.issues + parsed.issues]


def one(*lines: str, header: str = "", **kwargs: str) -> tuple[Draft, list[str]]:
    """The one draft of a VEVENT made of ``lines``, and the report lines."""
    drafts, issues = run(calendar("\n".join(lines), header=header), **kwargs)
    assert len(drafts) == 1, issues
    return drafts[0], issues


def skipped(*lines: str, header: str = "", **kwargs: str) -> list[str]:
    """The report lines of a VEVENT made of ``lines`` that is not imported."""
    drafts, issues = run(calendar("\n".join(lines), header=header), **kwargs)
    assert drafts == [], drafts
    return issues
