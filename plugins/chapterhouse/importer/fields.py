"""What a VEVENT says besides its time: place, links, description, status, topics.

Also what it says that the content format cannot hold (attendees, alarms,
attachments…): each is reported, never dropped silently.
"""

from __future__ import annotations

import re
from typing import Any

import icalendar
from icalendar.prop import vBroken

from chapterhouse.importer.context import Context, Notes
from chapterhouse.importer.markdown import looks_like_html
from chapterhouse.importer.platforms import platform_of
from chapterhouse.importer.text import clean_text, plain_text, shorten, unescape, web_url

#: Properties read elsewhere, or that need nothing from the importer.
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
MAX_TOPICS = 30
_MEETUP_LOCATION = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<address>[^()]+)\)$")
_CONFERENCING = re.compile(
    r"\b(teams|zoom|meet|jitsi|webex|skype|online|en ligne|visio\w*|virtual|bigbluebutton)\b",
    re.IGNORECASE,
)


def place(
    vevent: icalendar.Event, context: Context, notes: Notes
) -> tuple[dict[str, Any], str, str]:
    """The venue, the online link, and an RSVP page found in LOCATION."""
    location = plain_text(str(vevent.get("LOCATION", "") or ""), "LOCATION", notes, True)
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
    if online and set(venue) <= {"name"} and _CONFERENCING.search(venue.get("name", "")):
        venue = {}  # "Microsoft Teams Meeting", "Zoom": the name of the link, not a place
    return venue, online, rsvp


def _is_url(text: str) -> bool:
    return bool(re.fullmatch(r"[a-zA-Z][a-zA-Z0-9+.-]*:\S+", text)) and not text[:1].isdigit()


def _venue(location: str, notes: Notes) -> dict[str, Any]:
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
        venue["name"] = shorten(name, 200)
    if address.strip():
        if len(address) > 300:
            notes.add("LOCATION", "the address is longer than 300 characters; shortened")
        venue["address"] = shorten(address.strip(), 300)
    return venue


def rsvp(vevent: icalendar.Event, context: Context, notes: Notes) -> tuple[str, str]:
    """The RSVP page (the URL when it is the platform's event page), else a link for the body."""
    raw = vevent.get("URL")
    if raw is None:
        return "", ""
    if isinstance(raw, list):
        raw = raw[0]
    url = web_url(str(raw))
    if not url:
        notes.add("URL", f"'{shorten(str(raw), 60)}' is not an http(s) link; ignored")
        return "", ""
    if platform_of(url, context.origin):
        return url, ""
    return "", url


def body(vevent: icalendar.Event, notes: Notes, more: str) -> str:
    """The description as Markdown (``X-ALT-DESC`` HTML first), with ``more`` as a link."""
    alternative = vevent.get("X-ALT-DESC")
    text, is_html = "", False
    if (
        alternative is not None
        and "html" in str(getattr(alternative, "params", {}).get("FMTTYPE", "")).lower()
    ):
        raw = str(alternative)
        text = raw if isinstance(alternative, icalendar.vText) else unescape(raw)
        is_html = True
    if not text.strip():
        text = str(vevent.get("DESCRIPTION", "") or "")
        is_html = looks_like_html(text)
    converted = notes.context.descriptions.to_markdown(text, is_html) if text.strip() else None
    body, changes = converted or ("", [])
    for change in changes:
        notes.add("DESCRIPTION", change)
    if more:
        body = (body + "\n\n" if body else "") + f"More information: <{more}>"
    return body


def status(vevent: icalendar.Event, notes: Notes) -> str:
    """``event_status`` from ``STATUS`` (empty: scheduled)."""
    status = str(vevent.get("STATUS", "") or "").strip().upper()
    if status == "CANCELLED":
        return "cancelled"
    if status == "TENTATIVE":
        notes.add("STATUS", "TENTATIVE is imported as scheduled")
    elif status not in ("", "CONFIRMED"):
        notes.add("STATUS", f"'{status}' is not an event status; imported as scheduled")
    return ""


def topics(vevent: icalendar.Event, notes: Notes) -> tuple[str, ...]:
    """``topics`` from ``CATEGORIES``."""
    raw = vevent.get("CATEGORIES")
    found: dict[str, str] = {}
    for prop in raw if isinstance(raw, list) else [raw] if raw is not None else []:
        for category in getattr(prop, "cats", []):
            word = clean_text(str(category))
            if word and len(word) <= 60 and any(c.isalnum() for c in word):
                found.setdefault(word.lower(), word)
            elif word:
                notes.add("CATEGORIES", f"'{shorten(word, 40)}' is not a usable topic; ignored")
    if len(found) > MAX_TOPICS:
        notes.add(
            "CATEGORIES", f"more than {MAX_TOPICS} categories; the first {MAX_TOPICS} are kept"
        )
    return tuple(found.values())[:MAX_TOPICS]


def report_unsupported(vevent: icalendar.Event, notes: Notes) -> None:
    """Report every property and component the content format cannot hold."""
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


def without_broken(vevent: icalendar.Event) -> icalendar.Event:
    """The VEVENT without the values icalendar could not read (they are reported apart)."""
    if not any(_broken(value) for value in vevent.values()):
        return vevent
    copy = icalendar.Event()
    for key, value in vevent.property_items(recursive=False, sorted=False):
        if key not in ("BEGIN", "END") and not _broken(value):
            copy.add(key, value, encode=False)
    copy.subcomponents = list(vevent.subcomponents)
    return copy


def _broken(value: object) -> bool:
    if isinstance(value, list):
        return any(isinstance(item, vBroken) for item in value)
    return isinstance(value, vBroken)


def report_parse_errors(vevent: icalendar.Event, notes: Notes) -> None:
    """Report the lines and values icalendar could not read in this VEVENT."""
    for prop, message in getattr(vevent, "errors", []):
        notes.add(str(prop or "line"), " ".join(str(message).split())[:200] + "; ignored")
