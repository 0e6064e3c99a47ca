"""One VEVENT to one event's front matter and body (pure: no files, no network).

:func:`convert` returns a :class:`Draft` (or ``None`` when the VEVENT cannot
be imported) and :class:`~.report.Issue` lines for whatever was not imported
as it was. The values of a draft are already written as the content format
wants them (wall times in the event's zone, an explicit offset only where a
wall time would mean another instant), and :mod:`.document` only lays them
out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from hashlib import sha256
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
from dateutil.rrule import rrulestr

from chapterhouse.core.problems import FieldError
from chapterhouse.core.recurrence import parse_exceptions, parse_rule
from chapterhouse.importer.markdown import looks_like_html, to_markdown
from chapterhouse.importer.platforms import Origin, platform_of
from chapterhouse.importer.report import Issue
from chapterhouse.importer.timeread import Moment, TimeContext, Unreadable, read_value

#: Properties that need nothing from the importer.
IGNORED = frozenset(
    {
        "UID", "DTSTAMP", "CREATED", "LAST-MODIFIED", "SEQUENCE", "TRANSP", "PRIORITY",
        "CLASS", "SUMMARY", "DESCRIPTION", "LOCATION", "GEO", "DTSTART", "DTEND", "DURATION",
        "STATUS", "RRULE", "EXDATE", "URL", "CATEGORIES", "CONFERENCE", "RECURRENCE-ID",
    }
)  # fmt: skip
#: Vendor properties that carry an online meeting link.
CONFERENCE_PROPERTIES = (
    "CONFERENCE",
    "X-GOOGLE-CONFERENCE",
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    "X-MICROSOFT-ONLINEMEETINGEXTERNALLINK",
)
#: What the content format cannot hold, and what the report says about it.
UNSUPPORTED = {
    "ATTENDEE": "the content format has no attendee list",
    "ORGANIZER": "an organizer's address is not published; add hosts by hand if wanted",
    "ATTACH": "attachments are not copied",
    "IMAGE": "pictures are not copied; add an image by hand if wanted",
    "RDATE": "extra dates of a series are not supported; create separate events for them",
    "CONTACT": "not supported by the content format",
    "COMMENT": "not supported by the content format",
    "RESOURCES": "not supported by the content format",
    "RELATED-TO": "not supported by the content format",
    "REQUEST-STATUS": "not supported by the content format",
}
NOT_A_VENUE = frozenset(
    {"online", "online event", "en ligne", "virtual", "virtuel", "zoom", "google meet",
     "microsoft teams meeting", "microsoft teams", "jitsi", "tba", "tbd", "à définir"}
)  # fmt: skip
MAX_TITLE = 200
MAX_TOPICS = 30
MAX_EXCEPT = 500
MAX_UID = 200
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff\u200b\ufeff]"
)
_MEETUP_LOCATION = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<address>[^()]+)\)$")
_DRIFT_CHECKED = 400


@dataclass(frozen=True)
class Draft:
    """An event's front matter, written as the content format wants it.

    ``start``/``end``/``excepts`` are the text to write; ``day`` is the
    local start date for the file name.
    """

    uid: str
    title: str
    start: str
    day: str
    end: str = ""
    all_day: bool = False
    timezone: str = ""
    venue: dict[str, Any] = field(default_factory=dict)
    online: str = ""
    rsvp: str = ""
    event_status: str = ""
    repeat: str = ""
    excepts: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    body: str = ""


@dataclass(frozen=True)
class Context:
    """What a conversion needs besides the VEVENT.

    Attributes:
        label: The source as messages name it.
        time: Zones to read date-time values against.
        origin: Where the calendar comes from (for RSVP pages).
    """

    label: str
    time: TimeContext
    origin: Origin = field(default_factory=Origin)

    @property
    def chapter_zone(self) -> ZoneInfo:
        """The chapter's zone."""
        return self.time.chapter_zone


@dataclass
class _Notes:
    context: Context
    index: int
    uid: str = ""
    issues: list[Issue] = field(default_factory=list)

    def add(self, prop: str, message: str) -> None:
        self.issues.append(Issue(self.context.label, prop, message, self.index, self.uid))


class _Skip(Exception):
    def __init__(self, prop: str, message: str):
        super().__init__(message)
        self.prop = prop
        self.message = message


@dataclass(frozen=True)
class Converted:
    """The result of converting one VEVENT."""

    draft: Draft | None
    issues: list[Issue]


def event_uid(vevent: icalendar.Event) -> str:
    """The VEVENT's UID, cleaned (empty when it has none)."""
    return clean_text(str(vevent.get("UID", "") or ""))


def derived_uid(vevent: icalendar.Event) -> str:
    """A stable UID for a VEVENT without one: from its start and title."""
    raw = vevent.get("DTSTART")
    key = (raw.to_ical().decode() if hasattr(raw, "to_ical") else "") + "\n"
    key += str(vevent.get("SUMMARY", ""))
    return "import-" + sha256(key.encode()).hexdigest()[:24]


def convert(
    vevent: icalendar.Event,
    index: int,
    context: Context,
    uid: str,
    extra_excepts: tuple[datetime | date, ...] = (),
) -> Converted:
    """Convert one VEVENT.

    Args:
        vevent: The component.
        index: Its 1-based position in the calendar (for messages).
        context: Zones and origin.
        uid: The UID to write (the VEVENT's, or one derived for a changed
            occurrence or a VEVENT without UID).
        extra_excepts: Occurrences replaced by other VEVENTs (``RECURRENCE-ID``):
            they become ``except`` dates.
    """
    notes = _Notes(context, index, event_uid(vevent) or uid)
    try:
        draft = _convert(vevent, context, uid, extra_excepts, notes)
    except _Skip as skip:
        notes.add(skip.prop, skip.message + "; the event was not imported")
        return Converted(None, notes.issues)
    return Converted(draft, notes.issues)


def _convert(
    vevent: icalendar.Event,
    context: Context,
    uid: str,
    extra_excepts: tuple[datetime | date, ...],
    notes: _Notes,
) -> Draft:
    _report_parse_errors(vevent, notes)
    if len(uid) > MAX_UID:
        raise _Skip("UID", f"longer than {MAX_UID} characters")
    if str(vevent.get("CLASS", "PUBLIC")).upper() in ("PRIVATE", "CONFIDENTIAL"):
        raise _Skip(
            "CLASS", f"{str(vevent.get('CLASS')).upper()}: a private event is not published"
        )
    title = _title(vevent, notes)
    start = _moment(vevent, "DTSTART", context, required=True)
    assert start is not None
    tz = _event_zone(start, context, notes)
    end_value = _end(vevent, start, tz, context, notes)
    rule, excepts, start_value, end_value = _recurrence(
        vevent, start, tz, end_value, extra_excepts, context, notes
    )
    _report_unsupported(vevent, notes)
    venue, online, rsvp_from_location = _place(vevent, context, notes)
    rsvp, more = _rsvp(vevent, context, notes)
    rsvp = rsvp or rsvp_from_location
    body = _body(vevent, notes, more)
    all_day = not isinstance(start_value, datetime)
    return Draft(
        uid=uid,
        title=title,
        start=_start_text(start_value, tz, bool(rule), notes),
        day=(
            start_value.astimezone(tz).date() if isinstance(start_value, datetime) else start_value
        ).isoformat(),
        end=_end_text(start_value, end_value, tz),
        all_day=all_day,
        timezone="" if all_day or tz.key == context.chapter_zone.key else tz.key,
        venue=venue,
        online=online,
        rsvp=rsvp,
        event_status=_status(vevent, notes),
        repeat=rule,
        excepts=excepts,
        topics=_topics(vevent, notes),
        body=body,
    )


# --- text -----------------------------------------------------------------------------------


def clean_text(text: str, multiline: bool = False) -> str:
    """NFC text without control or bidirectional-override characters; whitespace folded."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if multiline:
        text = "\n".join(" ".join(_CONTROL.sub(" ", line).split()) for line in text.split("\n"))
        return re.sub(r"\n{2,}", "\n", text).strip()
    return " ".join(_CONTROL.sub(" ", text).split())


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _title(vevent: icalendar.Event, notes: _Notes) -> str:
    title = clean_text(str(vevent.get("SUMMARY", "") or ""))
    if not title:
        raise _Skip("SUMMARY", "missing: the event has no title")
    if len(title) > MAX_TITLE:
        notes.add("SUMMARY", f"longer than {MAX_TITLE} characters; shortened")
        title = _shorten(title, MAX_TITLE)
    return title


# --- time -----------------------------------------------------------------------------------


def _moment(
    vevent: icalendar.Event, name: str, context: Context, required: bool = False
) -> Moment | None:
    prop = vevent.get(name)
    if prop is None:
        if required:
            raise _Skip(name, "missing: the event has no start")
        return None
    if isinstance(prop, list):
        prop = prop[0]
    value = getattr(prop, "dt", None)
    tzid = str(prop.params.get("TZID", "")) if hasattr(prop, "params") else ""
    try:
        return read_value(value, tzid, context.time)
    except Unreadable as error:
        if required or name != "DTEND":
            raise _Skip(name, str(error)) from None
        raise


def _event_zone(start: Moment, context: Context, notes: _Notes) -> ZoneInfo:
    if start.zone is not None:
        return start.zone
    if start.kind == "custom":
        notes.add(
            "DTSTART",
            f"time zone '{start.tzid}' is not an IANA zone: its VTIMEZONE gives the instants, "
            f"written in the chapter's zone {context.chapter_zone.key}",
        )
    return context.chapter_zone


def _end(
    vevent: icalendar.Event, start: Moment, tz: ZoneInfo, context: Context, notes: _Notes
) -> date | datetime | None:
    """The exclusive end (a date for all-day events), or None for the default."""
    try:
        end = _moment(vevent, "DTEND", context)
    except Unreadable as error:
        notes.add("DTEND", f"{error}; the event lasts the default duration")
        end = None
    duration = vevent.get("DURATION")
    if end is None and duration is not None:
        delta = getattr(duration, "dt", None)
        if not isinstance(delta, timedelta) or delta <= timedelta(0):
            notes.add("DURATION", "not a positive duration; ignored")
            return _default_end(start, notes)
        if isinstance(start.value, datetime):
            local = start.value.astimezone(tz).replace(tzinfo=None)
            nominal = localize_lenient(local + timedelta(days=delta.days), tz)
            return nominal + timedelta(seconds=delta.seconds)
        return start.value + timedelta(days=max(delta.days, 1))
    if end is None:
        return _default_end(start, notes)
    if isinstance(start.value, datetime) != isinstance(end.value, datetime):
        notes.add("DTEND", "a date and a date-time are mixed; the end is left out")
        return _default_end(start, notes)
    if _key(end.value) <= _key(start.value):
        if end.value != start.value:
            notes.add("DTEND", "not after DTSTART; the event lasts the default duration")
        return _default_end(start, notes)
    return end.value


def _default_end(start: Moment, notes: _Notes) -> date | None:
    return start.value + timedelta(days=1) if not isinstance(start.value, datetime) else None


def localize_lenient(wall: datetime, tz: ZoneInfo) -> datetime:
    """``wall`` in ``tz``; a wall time in a DST gap is read with the offset before the gap."""
    return wall.replace(tzinfo=tz, fold=0).astimezone(UTC).astimezone(tz)


def _key(value: date | datetime) -> tuple[date, float]:
    if isinstance(value, datetime):
        utc = value.astimezone(UTC)
        return (utc.date(), utc.timestamp())
    return (value, 0.0)


def wall_text(moment: datetime, tz: ZoneInfo) -> tuple[str, bool]:
    """The moment as a wall time in ``tz``, or with its offset when it must be.

    A wall time that happens twice reads back as the first instant; the second
    one is written with its explicit UTC offset.

    Returns the text and whether it is a plain wall time.
    """
    local = moment.astimezone(tz)
    naive = local.replace(tzinfo=None)
    if naive.replace(tzinfo=tz, fold=0).astimezone(UTC) == moment.astimezone(UTC):
        return _format_wall(naive), True
    return local.isoformat(timespec="seconds"), False


def _format_wall(naive: datetime) -> str:
    return naive.strftime("%Y-%m-%d %H:%M:%S" if naive.second else "%Y-%m-%d %H:%M")


def _start_text(start: date | datetime, tz: ZoneInfo, recurring: bool, notes: _Notes) -> str:
    if not isinstance(start, datetime):
        return start.isoformat()
    text, plain = wall_text(start, tz)
    if plain or not recurring:
        return text
    naive = start.astimezone(tz).replace(tzinfo=None)
    notes.add(
        "DTSTART",
        f"{naive:%Y-%m-%d %H:%M} happens twice in {tz.key} and the event is the second one, but a "
        "repeating event's start must be a wall time: it is written as the first one (one "
        "clock change earlier)",
    )
    return _format_wall(naive)


def _end_text(start: date | datetime, end: date | datetime | None, tz: ZoneInfo) -> str:
    if end is None:
        return ""
    if not isinstance(start, datetime):
        assert not isinstance(end, datetime)
        last = end - timedelta(days=1)
        return "" if last == start else last.isoformat()
    assert isinstance(end, datetime)
    text, plain = wall_text(end, tz)
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    if plain and local_end.date() == local_start.date() and not local_end.second:
        return local_end.strftime("%H:%M")
    return text


# --- recurrence -----------------------------------------------------------------------------


def _recurrence(
    vevent: icalendar.Event,
    start: Moment,
    tz: ZoneInfo,
    end: date | datetime | None,
    extra_excepts: tuple[datetime | date, ...],
    context: Context,
    notes: _Notes,
) -> tuple[str, tuple[str, ...], date | datetime, date | datetime | None]:
    """The ``repeat`` rule and ``except`` dates, with the start and end.

    The start and end move to the rule's first date when the VEVENT's DTSTART
    is not a date of its own rule.
    """
    rules = vevent.get("RRULE")
    first_value = start.value
    if rules is None:
        if vevent.get("EXDATE") is not None:
            notes.add("EXDATE", "there is no RRULE; ignored")
        return "", (), start.value, end
    if isinstance(rules, list):
        if len(rules) > 1:
            raise _Skip("RRULE", f"{len(rules)} rules in one event are not supported")
        rules = rules[0]
    try:
        text = rules.to_ical().decode()
    except (AttributeError, ValueError):
        raise _Skip("RRULE", "cannot be read") from None
    text = _normal_until(text, rules, start.value, tz)
    local_start = _as_local(start.value, tz)
    try:
        first = next(iter(_series(text, local_start)), None)
    except (ValueError, OverflowError, TypeError) as error:
        raise _Skip("RRULE", f"'{text}' cannot be expanded: {error}") from None
    if first is None:
        raise _Skip("RRULE", f"'{text}' produces no date")
    if isinstance(local_start, datetime):
        first_value = localize_lenient(first.replace(tzinfo=None), tz)
        moved = first_value != local_start
    else:
        first_value = first.date()
        moved = first_value != local_start
    if moved:
        shown = (
            first_value.isoformat()
            if not isinstance(first_value, datetime)
            else f"{first_value:%Y-%m-%d}"
        )
        notes.add(
            "RRULE",
            f"DTSTART {_shown(local_start)} is not a date of the rule '{text}': the series starts "
            f"on its first date {shown}; the occurrence on {_shown(local_start)} is not imported",
        )
        if end is not None:
            end = _shift(end, start.value, first_value, tz)
    try:
        rule = parse_rule(text, first_value, tz)
    except FieldError as error:
        raise _Skip("RRULE", error.message + (f" ({error.hint})" if error.hint else "")) from None
    if isinstance(first_value, datetime):
        _check_drift(rule, start, first_value, tz, notes)
    excepts = _excepts(vevent, rule, first_value, tz, extra_excepts, context, notes)
    return rule, excepts, first_value, end


def _shown(value: date | datetime) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if isinstance(value, datetime) else value.isoformat()


def _as_local(value: date | datetime, tz: ZoneInfo) -> date | datetime:
    return value.astimezone(tz) if isinstance(value, datetime) else value


def _series(rule: str, dtstart: date | datetime):  # type: ignore[no-untyped-def]
    if not isinstance(dtstart, datetime):
        dtstart = datetime.combine(dtstart, time())
    return rrulestr("RRULE:" + rule, dtstart=dtstart)


def _normal_until(text: str, rule: icalendar.vRecur, start: date | datetime, tz: ZoneInfo) -> str:
    """UNTIL as dateutil and the content format read it: UTC for timed series, a date otherwise."""
    until = rule.get("UNTIL")
    if not until:
        return text
    value = until[0]
    if not isinstance(start, datetime):
        day = value.date() if isinstance(value, datetime) else value
        normal = day.strftime("%Y%m%d")
    elif isinstance(value, datetime):
        aware = localize_lenient(value, tz) if value.tzinfo is None else value
        normal = aware.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    else:
        normal = localize_lenient(datetime.combine(value, time(23, 59, 59)), tz)
        normal = normal.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return re.sub(r"UNTIL=[^;]*", f"UNTIL={normal}", text)


def _shift(
    end: date | datetime, old: date | datetime, new: date | datetime, tz: ZoneInfo
) -> date | datetime:
    if isinstance(end, datetime) and isinstance(old, datetime):
        return new + (end.astimezone(UTC) - old.astimezone(UTC))
    assert not isinstance(end, datetime) and not isinstance(new, datetime)
    return new + (end - old)  # type: ignore[operator]


def _check_drift(rule: str, start: Moment, first: datetime, tz: ZoneInfo, notes: _Notes) -> None:
    """Report when the series, kept at its wall time in ``tz``, is not the source's series."""
    source_tz: tzinfo | None = start.source_tz
    if source_tz is None or source_tz is tz or start.kind in ("zoned", "floating"):
        return
    ours = islice(_series(rule, first.astimezone(tz)), _DRIFT_CHECKED)
    theirs = islice(_series(rule, first.astimezone(source_tz)), _DRIFT_CHECKED)
    moved = [
        o for o, t in zip(ours, theirs, strict=False) if o.astimezone(UTC) != t.astimezone(UTC)
    ]
    if moved:
        where = "UTC" if start.kind == "utc" else f"'{start.tzid}'"
        notes.add(
            "RRULE",
            f"the series keeps its wall time in {where}, but in {tz.key} it keeps its local time: "
            f"{len(moved)} of its first {_DRIFT_CHECKED} dates move (first {moved[0]:%Y-%m-%d})",
        )


def _excepts(
    vevent: icalendar.Event,
    rule: str,
    start: date | datetime,
    tz: ZoneInfo,
    extra: tuple[datetime | date, ...],
    context: Context,
    notes: _Notes,
) -> tuple[str, ...]:
    values: list[date | datetime] = list(extra)
    raw = vevent.get("EXDATE")
    for prop in raw if isinstance(raw, list) else [raw] if raw is not None else []:
        tzid = str(prop.params.get("TZID", "")) if hasattr(prop, "params") else ""
        for item in getattr(prop, "dts", []):
            try:
                values.append(read_value(item.dt, tzid, context.time).value)
            except Unreadable as error:
                notes.add("EXDATE", f"{error}; ignored")
    days: dict[str, None] = {}
    for value in values:
        day = value.astimezone(tz).date() if isinstance(value, datetime) else value
        text = day.isoformat()
        if text in days:
            continue
        _found, errors = parse_exceptions([text], rule, start, tz)
        if errors:
            notes.add("EXDATE", f"{text} is not a date of the series; ignored")
            continue
        days[text] = None
    if len(days) > MAX_EXCEPT:
        notes.add("EXDATE", f"more than {MAX_EXCEPT} dates; only the first {MAX_EXCEPT} are kept")
    return tuple(sorted(days))[:MAX_EXCEPT]


# --- place, links, text ----------------------------------------------------------------------


def _place(
    vevent: icalendar.Event, context: Context, notes: _Notes
) -> tuple[dict[str, Any], str, str]:
    """The venue, the online link, and an RSVP page found in LOCATION."""
    location = clean_text(str(vevent.get("LOCATION", "") or ""), multiline=True)
    venue: dict[str, Any] = {}
    online = ""
    rsvp = ""
    if _is_url(location):
        url = web_url(location)
        if url:
            online = url
            if platform_of(url, context.origin):
                rsvp = url
        else:
            notes.add("LOCATION", "a link that is not http(s); ignored")
    elif location and location.lower().strip(" .") not in NOT_A_VENUE:
        venue = _venue(location, notes)
    geo = vevent.get("GEO")
    if geo is not None:
        lat, lon = getattr(geo, "latitude", None), getattr(geo, "longitude", None)
        if (
            isinstance(lat, float | int)
            and isinstance(lon, float | int)
            and -90 <= lat <= 90
            and -180 <= lon <= 180
        ):
            venue["geo"] = [round(float(lat), 6), round(float(lon), 6)]
        else:
            notes.add("GEO", "not a latitude and longitude; ignored")
    for name in CONFERENCE_PROPERTIES:
        if online:
            break
        values = vevent.get(name)
        for value in values if isinstance(values, list) else [values] if values is not None else []:
            url = web_url(str(value))
            if url:
                online = url
                break
            notes.add(name, "not an http(s) link; ignored")
    return venue, online, rsvp


def _is_url(text: str) -> bool:
    return bool(re.fullmatch(r"[a-zA-Z][a-zA-Z0-9+.-]*://\S+", text))


def web_url(text: str) -> str:
    """``text`` if it is a clean http(s) URL (no spaces, quotes or control characters)."""
    url = text.strip()
    if not re.fullmatch(r"https?://[^\s\"<>\\^`{|}]+", url, re.IGNORECASE):
        return ""
    return url


def _venue(location: str, notes: _Notes) -> dict[str, Any]:
    lines = location.split("\n")
    match = _MEETUP_LOCATION.match(" ".join(lines))
    if match:
        name, address = match["name"].strip(" ,"), match["address"].strip()
    elif len(lines) > 1:
        name, address = lines[0].strip(" ,"), "\n".join(line.strip() for line in lines[1:])
    else:
        name, _, address = location.partition(", ")
        if name[:1].isdigit():  # "12 rue …, 31000 Toulouse": an address without a name
            name, address = "", location
    venue: dict[str, Any] = {}
    if name:
        if len(name) > 200:
            notes.add("LOCATION", "the venue's name is longer than 200 characters; shortened")
        venue["name"] = _shorten(name, 200)
    if address.strip():
        if len(address) > 300:
            notes.add("LOCATION", "the address is longer than 300 characters; shortened")
        venue["address"] = _shorten(address.strip(), 300)
    return venue


def _rsvp(vevent: icalendar.Event, context: Context, notes: _Notes) -> tuple[str, str]:
    """The RSVP page (the URL when it is the platform's event page), else a link for the body."""
    raw = vevent.get("URL")
    if raw is None:
        return "", ""
    if isinstance(raw, list):
        raw = raw[0]
    url = web_url(str(raw))
    if not url:
        notes.add("URL", f"'{_shorten(str(raw), 60)}' is not an http(s) link; ignored")
        return "", ""
    if platform_of(url, context.origin):
        return url, ""
    return "", url


def _body(vevent: icalendar.Event, notes: _Notes, more: str) -> str:
    alternative = vevent.get("X-ALT-DESC")
    text, is_html = "", False
    if (
        alternative is not None
        and "html" in str(getattr(alternative, "params", {}).get("FMTTYPE", "")).lower()
    ):
        text, is_html = str(alternative), True
    if not text.strip():
        text = str(vevent.get("DESCRIPTION", "") or "")
        is_html = looks_like_html(text)
    body, changes = to_markdown(text, is_html) if text.strip() else ("", [])
    for change in changes:
        notes.add("DESCRIPTION", change)
    if more:
        body = (body + "\n\n" if body else "") + f"More information: <{more}>"
    return body


def _status(vevent: icalendar.Event, notes: _Notes) -> str:
    status = str(vevent.get("STATUS", "") or "").strip().upper()
    if status == "CANCELLED":
        return "cancelled"
    if status == "TENTATIVE":
        notes.add("STATUS", "TENTATIVE is imported as scheduled")
    elif status not in ("", "CONFIRMED"):
        notes.add("STATUS", f"'{status}' is not an event status; imported as scheduled")
    return ""


def _topics(vevent: icalendar.Event, notes: _Notes) -> tuple[str, ...]:
    raw = vevent.get("CATEGORIES")
    found: dict[str, str] = {}
    for prop in raw if isinstance(raw, list) else [raw] if raw is not None else []:
        for category in getattr(prop, "cats", []):
            word = clean_text(str(category))
            if word and len(word) <= 60 and any(c.isalnum() for c in word):
                found.setdefault(word.lower(), word)
            elif word:
                notes.add("CATEGORIES", f"'{_shorten(word, 40)}' is not a usable topic; ignored")
    if len(found) > MAX_TOPICS:
        notes.add(
            "CATEGORIES", f"more than {MAX_TOPICS} categories; the first {MAX_TOPICS} are kept"
        )
    return tuple(found.values())[:MAX_TOPICS]


def _report_unsupported(vevent: icalendar.Event, notes: _Notes) -> None:
    for name in dict.fromkeys(str(key).upper() for key in vevent):
        if name in IGNORED or name in CONFERENCE_PROPERTIES or name.startswith("X-"):
            continue
        values = vevent.get(name)
        count = len(values) if isinstance(values, list) else 1
        reason = UNSUPPORTED.get(name, "not supported by the content format")
        amount = f"{count} values: " if count > 1 else ""
        notes.add(name, f"{amount}not imported ({reason})")
    for component in vevent.subcomponents:
        if component.name == "VALARM":
            notes.add("VALARM", "reminders are not imported (subscribers set their own)")
        else:
            notes.add(component.name or "component", "not imported")


def _report_parse_errors(vevent: icalendar.Event, notes: _Notes) -> None:
    for prop, message in getattr(vevent, "errors", []):
        notes.add(str(prop or "line"), " ".join(str(message).split())[:200] + "; ignored")
