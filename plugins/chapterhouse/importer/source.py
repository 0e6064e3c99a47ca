"""Reading a calendar: from a file or an ``https://`` URL, parsed with icalendar.

The whole calendar is read within a size limit, parsed once, and split into
its VEVENTs (numbered from 1 in the order of the file, as problems name
them). A line icalendar cannot read inside a VEVENT is reported with that
VEVENT and the rest of it is used; anything that makes the whole file
unreadable is a :class:`SourceError` (one line).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from datetime import tzinfo
from hashlib import sha256
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar

from chapterhouse.importer.report import Issue
from chapterhouse.importer.zones import ZoneResolver, iana_name
from chapterhouse.remote.fetch import Fetcher, FetchError, Limits, display_url

#: Largest calendar read, in bytes.
MAX_BYTES = 50_000_000
#: Most VEVENTs imported from one calendar.
MAX_EVENTS = 20_000


class SourceError(Exception):
    """The calendar cannot be used at all; the message is one line."""


@dataclass(frozen=True)
class Source:
    """Where a calendar comes from.

    Attributes:
        location: The file path or URL as given.
        label: How messages name it (the file name, or the URL without credentials).
        marker: How imported files record it: the file name, or the URL's host and
            a digest of the whole URL (a private feed URL holds a secret).
        host: The URL's host (empty for a file).
    """

    location: str
    label: str
    marker: str
    host: str = ""

    @classmethod
    def of(cls, location: str) -> Source:
        """Describe ``location`` (a path or a URL).

        A ``webcal://`` address (what calendars' "Subscribe" buttons give) is read as
        the ``https://`` address it stands for.
        """
        if location[:9].lower() == "webcal://":
            location = "https://" + location[9:]
        if "://" in location:
            host = (urlsplit(location).hostname or "").lower()
            digest = sha256(location.strip().encode()).hexdigest()[:10]
            return cls(location, display_url(location), f"{host} (feed {digest})", host)
        return cls(location, Path(location).name or location, Path(location).name or location)


@dataclass
class Calendar:
    """A parsed calendar.

    Attributes:
        events: The VEVENTs with their 1-based position.
        zones: Resolves the calendar's ``TZID`` parameters.
        calendar_zone: The zone of ``X-WR-TIMEZONE`` (Google, Meetup…), if any.
        prodid: The ``PRODID`` (which software wrote the calendar).
        issues: Problems with the calendar as a whole.
    """

    events: list[tuple[int, icalendar.Event]]
    zones: ZoneResolver
    calendar_zone: ZoneInfo | None = None
    prodid: str = ""
    issues: list[Issue] = field(default_factory=list)


def read(source: Source, fetcher: Fetcher | None = None, max_bytes: int = MAX_BYTES) -> bytes:
    """The calendar's bytes.

    Raises:
        SourceError: the file or URL cannot be read, or is too large.
    """
    if "://" in source.location:
        try:
            if fetcher is not None:
                return fetcher.fetch(source.location, accept="text/calendar, */*;q=0.5").body
            with Fetcher(Limits(max_bytes=max_bytes)) as own:
                return own.fetch(source.location, accept="text/calendar, */*;q=0.5").body
        except FetchError as error:
            raise SourceError(str(error)) from None
    path = Path(source.location)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceError(
                f"{source.label}: the file is {size:,} bytes; the limit is {max_bytes:,}"
            )
        return path.read_bytes()
    except OSError as error:
        raise SourceError(f"{source.label}: cannot read the file ({error.strerror})") from None


_UNFOLD = re.compile(rb"\r?\n[ \t]")
#: A content line: a name (letters, digits, hyphens), parameters, then ":" and a value.
_CONTENT_LINE = re.compile(rb"^[A-Za-z0-9-]+(?:;[^:\r\n]*)?:")


def _read(data: bytes) -> list[icalendar.Calendar]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return icalendar.Calendar.from_ical(data, multiple=True)


def _without_broken_lines(data: bytes) -> tuple[bytes, list[tuple[int, str]]]:
    """The data without the lines that are neither content lines nor folded parts of one.

    Returns the data and the lines left out, each with its line number in the file.
    """
    kept, dropped = [], []
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip() or line[:1] in (b" ", b"\t") or _CONTENT_LINE.match(line):
            kept.append(line)
        else:
            dropped.append((number, line.decode("utf-8", "replace")[:60]))
    return b"\r\n".join(kept) + b"\r\n", dropped


def parse(data: bytes, source: Source, max_events: int = MAX_EVENTS) -> Calendar:
    """Parse iCalendar bytes.

    Raises:
        SourceError: the data is not an iCalendar file, or has too many events.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    head = data[:2048].lstrip().upper()
    if not head.startswith(b"BEGIN:VCALENDAR"):
        raise SourceError(
            f"{source.label}: not an iCalendar file (it does not start with BEGIN:VCALENDAR)"
        )
    # Lines are unfolded as bytes, before decoding: a fold may split a UTF-8 character in two
    # (RFC 5545 folds at 75 octets, and some writers cut inside a character).
    issues: list[Issue] = []
    try:
        calendars = _read(_UNFOLD.sub(b"", data))
    except Exception as error:  # whatever icalendar raises, the message is one line
        # A line that is no iCalendar line at all, outside any VEVENT, stops icalendar's
        # parser: such lines are left out (and reported) and the rest is read.
        data, dropped = _without_broken_lines(data)
        issues += [
            Issue(source.label, f"line {number}", f"not an iCalendar line ({text!r}); ignored")
            for number, text in dropped
        ]
        try:
            if not dropped:
                raise
            calendars = _read(_UNFOLD.sub(b"", data))
        except Exception:
            reason = " ".join(str(error).split())[:200]
            raise SourceError(f"{source.label}: the calendar cannot be read: {reason}") from None
    if not calendars:
        raise SourceError(f"{source.label}: no VCALENDAR in the file")
    if len(calendars) > 1:
        issues.append(
            Issue(
                source.label, "VCALENDAR", f"{len(calendars)} calendars in one file; all are read"
            )
        )
    events: list[tuple[int, icalendar.Event]] = []
    custom: dict[str, tzinfo] = {}
    prodid = ""
    calendar_zone = None
    for calendar in calendars:
        prodid = prodid or str(calendar.get("PRODID", ""))
        calendar_zone = calendar_zone or _calendar_zone(calendar, source, issues)
        for timezone in calendar.walk("VTIMEZONE"):
            _add_custom_zone(timezone, custom, source, issues)
        for component in calendar.subcomponents:
            if component.name == "VEVENT":
                events.append((len(events) + 1, component))
            elif component.name not in ("VTIMEZONE",):
                issues.append(
                    Issue(source.label, component.name or "component", "not an event: not imported")
                )
            if len(events) > max_events:
                raise SourceError(
                    f"{source.label}: more than {max_events:,} events; split the calendar"
                )
    return Calendar(events, ZoneResolver(custom), calendar_zone, prodid, issues)


def _calendar_zone(
    calendar: icalendar.Calendar, source: Source, issues: list[Issue]
) -> ZoneInfo | None:
    raw = calendar.get("X-WR-TIMEZONE")
    if raw is None:
        return None
    name = iana_name(str(raw))
    if name:
        return ZoneInfo(name)
    issues.append(
        Issue(
            source.label,
            "X-WR-TIMEZONE",
            f"unknown time zone '{raw}': times without a zone are read in the chapter's zone",
        )
    )
    return None


def _add_custom_zone(
    timezone: icalendar.Timezone, custom: dict[str, tzinfo], source: Source, issues: list[Issue]
) -> None:
    tzid = str(timezone.get("TZID", "")).strip()
    if not tzid or tzid in custom or iana_name(tzid):
        return
    try:
        custom[tzid] = timezone.to_tz(lookup_tzid=False)
    except Exception as error:  # a broken VTIMEZONE is reported, never fatal
        issues.append(
            Issue(source.label, "VTIMEZONE", f"'{tzid}' cannot be used: {type(error).__name__}")
        )
