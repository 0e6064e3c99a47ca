r"""schema.org structured data (JSON-LD) for event and chapter pages.

Events follow Google's event rich-result rules: ``name``, ``startDate`` with
its offset, ``endDate``, a ``location`` (a ``Place`` with a ``PostalAddress``,
a ``VirtualLocation`` with its ``url``, or both for hybrid events),
``eventStatus``, ``eventAttendanceMode``, ``organizer``, ``performer`` for
speakers, ``offers`` from the RSVP form, ``previousStartDate`` when
rescheduled, ``image`` and ``description``. A cancelled event keeps its
original ``startDate``. A recurring event gives one ``Event`` per listed date.

A programme gives ``subEvent``s: one ``Event`` per item, with its ``startDate``
(with its offset, on that date), an ``endDate`` (the next item's start, the
last one's the event's end), the event's ``location`` and the matched speaker
as ``performer``. A recap gives ``recordedIn`` (a ``VideoObject``: the
recording), ``subjectOf`` (a ``PresentationDigitalDocument``: the slides) and
its photos in ``image``; how many attended has no schema.org property and is
shown on the page only.

:func:`script_json` serialises for a ``<script>`` element: ``<``, ``>`` and
``&`` are written as ``\\u003c``… so that ``</script>`` in a title cannot end
the element.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from markupsafe import Markup

from chapterhouse.core.model import (
    AttendanceMode,
    Chapter,
    Event,
    EventStatus,
    Occurrence,
    Series,
)
from chapterhouse.core.programme import speaker_named
from chapterhouse.core.rsvp import RsvpState
from chapterhouse.core.timing import iso
from chapterhouse.site.urls import Urls
from chapterhouse.site.views import RsvpView

SCHEMA = "https://schema.org/"
_STATUS = {
    EventStatus.SCHEDULED: "EventScheduled",
    EventStatus.CANCELLED: "EventCancelled",
    EventStatus.POSTPONED: "EventPostponed",
    EventStatus.RESCHEDULED: "EventRescheduled",
}
_MODE = {
    AttendanceMode.IN_PERSON: "OfflineEventAttendanceMode",
    AttendanceMode.ONLINE: "OnlineEventAttendanceMode",
    AttendanceMode.HYBRID: "MixedEventAttendanceMode",
}
_AVAILABILITY = {
    RsvpState.OPEN: "InStock",
    RsvpState.CLOSING_SOON: "LimitedAvailability",
    RsvpState.NOT_YET_OPEN: "PreOrder",
    RsvpState.FULL: "SoldOut",
    RsvpState.CLOSED: "SoldOut",
    RsvpState.PAST: "SoldOut",
    RsvpState.CANCELLED: "Discontinued",
    RsvpState.POSTPONED: "Discontinued",
}
MAX_OCCURRENCES = 12


def script_json(data: Any) -> Markup:
    """JSON safe inside ``<script type="application/ld+json">``."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)  # noqa: S704 - every character that could end the element is escaped


def event_jsonld(
    event: Event,
    chapter: Chapter | None,
    occurrences: Sequence[Occurrence],
    rsvp: RsvpView | None,
    urls: Urls,
    site_name: str,
    image: str,
    description: str,
    announced: datetime | None,
    tba: str,
) -> dict[str, Any]:
    """The page's JSON-LD document: one Event per date shown (a single one usually)."""
    page = urls.absolute(urls.event_path(event.slug))
    graph = [
        _event(
            occurrence.event,  # as it is on that date (a changed date of a series)
            chapter,
            occurrence,
            rsvp,
            urls,
            site_name,
            image,
            description,
            announced,
            page,
            tba,
        )
        for occurrence in occurrences[:MAX_OCCURRENCES]
    ]
    return {"@context": "https://schema.org", "@graph": graph}


def chapter_jsonld(chapter: Chapter, urls: Urls, image: str) -> dict[str, Any]:
    """The chapter as an Organization."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": chapter.title,
        "url": urls.absolute(urls.chapter_path(chapter.slug)),
    }
    if chapter.summary:
        data["description"] = chapter.summary
    if chapter.city or chapter.country:
        data["address"] = _postal(None, chapter)
    same_as = [link.url for link in chapter.links if not link.url.startswith("mailto:")]
    if same_as:
        data["sameAs"] = same_as
    emails = [
        link.url.removeprefix("mailto:") for link in chapter.links if link.url.startswith("mailto:")
    ]
    if emails:
        data["email"] = emails[0]
    if image:
        data["logo"] = image
    if chapter.organizers:
        data["member"] = [_person(p) for p in chapter.organizers]
    return data


def _event(
    event: Event,
    chapter: Chapter | None,
    occurrence: Occurrence,
    rsvp: RsvpView | None,
    urls: Urls,
    site_name: str,
    image: str,
    description: str,
    announced: datetime | None,
    page: str,
    tba: str,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "Event",
        "name": event.title,
        "startDate": iso(occurrence.local_start),
        "endDate": iso(occurrence.local_end),
        "eventStatus": SCHEMA + _STATUS[event.status],
        "eventAttendanceMode": SCHEMA + _MODE[event.attendance_mode],
        "location": _location(event, chapter, tba),
        "organizer": _organizer(chapter, urls, site_name),
        "description": description,
        "url": page + (f"#date-{occurrence.key}" if event.is_recurring else ""),
        "image": [image],
    }
    if event.lang:
        data["inLanguage"] = event.lang
    if event.speakers:
        data["performer"] = [_person(p) for p in event.speakers]
    if event.programme:
        data["subEvent"] = _sub_events(event, occurrence, data["location"])
    if event.recap is not None:
        _add_recap(data, event, urls)
    if occurrence.is_moved and event.status is EventStatus.SCHEDULED:
        data["eventStatus"] = SCHEMA + _STATUS[EventStatus.RESCHEDULED]
        data["previousStartDate"] = iso(occurrence.local_original)
    elif event.previous_start is not None:
        data["previousStartDate"] = iso(
            event.previous_start.astimezone(event.tz)
            if isinstance(event.previous_start, datetime)
            else event.previous_start
        )
    if rsvp is not None:
        offer: dict[str, Any] = {
            "@type": "Offer",
            "url": rsvp.url,
            "availability": SCHEMA + _AVAILABILITY[rsvp.window.state],
        }
        valid_from = rsvp.window.opens or announced
        if valid_from is not None:
            offer["validFrom"] = iso(valid_from.astimezone(event.tz))
        if rsvp.price is not None:
            offer["price"] = rsvp.price
            if rsvp.currency:
                offer["priceCurrency"] = rsvp.currency
        if rsvp.capacity:
            offer["inventoryLevel"] = {"@type": "QuantitativeValue", "value": rsvp.capacity}
        data["offers"] = offer
    return data


def _sub_events(event: Event, occurrence: Occurrence, location: Any) -> list[dict[str, Any]]:
    """One Event per programme item on ``occurrence``'s day(s), in the event's zone."""
    slots = occurrence.slots
    ends = [*(slot.start for slot in slots[1:]), occurrence.ends_at]
    sub_events = []
    for slot, end in zip(slots, ends, strict=True):
        item: dict[str, Any] = {
            "@type": "Event",
            "name": slot.item.title,
            "startDate": iso(slot.start.astimezone(event.tz)),
        }
        if end > slot.start:
            item["endDate"] = iso(end.astimezone(event.tz))
        item["location"] = location
        if slot.item.speaker:
            index = speaker_named(event.speakers, slot.item.speaker)
            person = event.speakers[index] if index is not None else None
            item["performer"] = (
                _person(person)
                if person
                else {
                    "@type": "Person",
                    "name": slot.item.speaker,
                }
            )
        sub_events.append(item)
    return sub_events


def _add_recap(data: dict[str, Any], event: Event, urls: Urls) -> None:
    """The recap's recording, slides and photos (``attended`` has no property: page only)."""
    recap = event.recap
    assert recap is not None
    if recap.recording:
        data["recordedIn"] = {"@type": "VideoObject", "url": recap.recording, "name": event.title}
    if recap.slides:
        data["subjectOf"] = {
            "@type": "PresentationDigitalDocument",
            "url": recap.slides,
            "name": event.title,
        }
    if recap.photos:
        data["image"] = [*data["image"], *(urls.image(photo) for photo in recap.photos)]


def _location(event: Event, chapter: Chapter | None, tba: str) -> Any:
    places: list[dict[str, Any]] = []
    if event.venue:
        place: dict[str, Any] = {
            "@type": "Place",
            "name": event.venue.name or event.venue.address or tba,
        }
        place["address"] = _postal(event.venue.address, chapter)
        if event.venue.geo:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": event.venue.geo[0],
                "longitude": event.venue.geo[1],
            }
        places.append(place)
    elif event.attendance_mode is AttendanceMode.IN_PERSON:
        address: Any = (
            _postal(None, chapter) if chapter and (chapter.city or chapter.country) else tba
        )
        places.append({"@type": "Place", "name": tba, "address": address})
    if event.online_url:
        places.append({"@type": "VirtualLocation", "url": event.online_url})
    return places[0] if len(places) == 1 else places


def _postal(street: str | None, chapter: Chapter | None) -> dict[str, Any]:
    address: dict[str, Any] = {"@type": "PostalAddress"}
    if street:
        address["streetAddress"] = " ".join(street.split())
    if chapter and chapter.city:
        address["addressLocality"] = chapter.city
    if chapter and chapter.country:
        address["addressCountry"] = chapter.country
    if len(address) == 1:
        address["name"] = street or ""
    return address


def _organizer(chapter: Chapter | None, urls: Urls, site_name: str) -> dict[str, Any]:
    if chapter:
        return {
            "@type": "Organization",
            "name": chapter.title,
            "url": urls.absolute(urls.chapter_path(chapter.slug)),
        }
    return {"@type": "Organization", "name": site_name, "url": urls.absolute("")}


def _person(person: Any) -> dict[str, Any]:
    data = {"@type": "Person", "name": person.name}
    if person.url:
        data["url"] = person.url
    return data


def series_jsonld(
    series: Series,
    chapter: Chapter | None,
    editions: Sequence[Occurrence],
    urls: Urls,
    site_name: str,
    description: str,
    tba: str,
) -> dict[str, Any]:
    """The series as an ``EventSeries`` whose ``subEvent``s are its editions (oldest first)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "EventSeries",
        "name": series.title,
        "url": urls.absolute(urls.series_path(series.slug)),
        "organizer": _organizer(chapter, urls, site_name),
    }
    if description:
        data["description"] = description
    language = series.lang or (chapter.lang if chapter else "")
    if language:
        data["inLanguage"] = language
    data["subEvent"] = [
        {
            "@type": "Event",
            "name": o.event.title,
            "startDate": iso(o.local_start),
            "endDate": iso(o.local_end),
            "eventStatus": SCHEMA + _STATUS[o.event.status],
            "eventAttendanceMode": SCHEMA + _MODE[o.event.attendance_mode],
            "location": _location(o.event, chapter, tba),
            "url": urls.absolute(urls.event_path(o.event.slug)),
        }
        for o in editions
    ]
    return data


def series_reference(series: Series, urls: Urls) -> dict[str, Any]:
    """The ``superEvent`` of an edition: its series, by name and page."""
    return {
        "@type": "EventSeries",
        "name": series.title,
        "url": urls.absolute(urls.series_path(series.slug)),
    }
