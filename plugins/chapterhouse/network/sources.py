"""Gathering every member's data: fetched within limits, or the last good copy.

:func:`gather` fetches, for each Chapterhouse member, ``<base>/chapters.json``
and ``<base>/events.json``; for each calendar member, its feed. Requests are
conditional (``If-None-Match`` / ``If-Modified-Since`` from the stored copy),
run in parallel by at most ``workers`` threads over one
:class:`~chapterhouse.remote.fetch.Fetcher` (httpx's client is thread-safe),
and each obeys the fetch limits (https only, time-out, size, redirects).

A member's data is one snapshot: its documents are used together, either all
as just fetched and checked, or all from the store. A member that fails (down,
slow, too large, a redirect loop, an error status) or sends garbage (HTML, the
wrong JSON, not a calendar) keeps its last good copy and is named in *one*
warning with the copy's age; without a copy it is left out, also in one
warning. Offline, nothing is fetched: only stored copies are used.

Across members, in ``network.yml`` order: a chapter slug belongs to the first
member that publishes it (and not to the hub's own chapters); an event UID to
the first member that publishes it. Every result is ordered by member, then
slug or UID, so that the same store and ``now`` give the same result.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from chapterhouse.network.documents import (
    DocumentError,
    RemoteChapter,
    RemoteEvent,
    read_calendar,
    read_chapters,
    read_events,
)
from chapterhouse.network.members import Member
from chapterhouse.network.readings import Reading, Readings, reading_key
from chapterhouse.network.store import Copy, Store
from chapterhouse.remote.fetch import Fetcher, FetchError, Limits

#: Default fetch limits for one member document.
DEFAULT_LIMITS = Limits(timeout=20.0, max_bytes=10_000_000, max_redirects=3)
#: The reason given for using stored copies when offline (which alone is no warning).
OFFLINE = "offline"
#: How many notes about left-out values one warning quotes.
QUOTED_NOTES = 3


@dataclass(frozen=True)
class Options:
    """How to gather.

    Attributes:
        limits: Time-out, size and redirect limits per request.
        stale_after: A copy older than this is shown as possibly out of date.
        history: Calendar members: how far back recurring events are expanded.
        horizon: Calendar members: how far ahead recurring events are expanded.
        workers: Most requests at once.
    """

    limits: Limits = DEFAULT_LIMITS
    stale_after: timedelta = timedelta(days=7)
    history: timedelta = timedelta(days=180)
    horizon: timedelta = timedelta(days=400)
    workers: int = 8


@dataclass(frozen=True)
class MemberData:
    """What one member contributes.

    Attributes:
        member: The member.
        chapters: Its chapters (slugs it may use), by slug.
        events: Its events, by UID.
        fetched_at: When its data was last known good (``None``: no data).
        stale: The data is older than ``stale_after``: possibly out of date.
        fresh: The data was fetched (200 or 304) in this run.
    """

    member: Member
    chapters: tuple[RemoteChapter, ...] = ()
    events: tuple[RemoteEvent, ...] = ()
    fetched_at: datetime | None = None
    stale: bool = False
    fresh: bool = False


@dataclass(frozen=True)
class Gathered:
    """The network's data.

    Attributes:
        members: One entry per member, in ``network.yml`` order.
        warnings: One-line warnings, in member order (``network: <url>: …``).
        requests: Requests made (0 offline).
        received: Body bytes received (304 answers count 0).
    """

    members: tuple[MemberData, ...]
    warnings: tuple[str, ...] = ()
    requests: int = 0
    received: int = 0

    @property
    def chapters(self) -> tuple[RemoteChapter, ...]:
        """Every chapter, by member then slug."""
        return tuple(chapter for data in self.members for chapter in data.chapters)

    @property
    def events(self) -> tuple[RemoteEvent, ...]:
        """Every event, by member then UID."""
        return tuple(event for data in self.members for event in data.events)


@dataclass
class _Outcome:
    """One member's result before the network-wide checks (built by one worker)."""

    member: Member
    chapters: tuple[RemoteChapter, ...] = ()
    events: tuple[RemoteEvent, ...] = ()
    fetched_at: datetime | None = None
    fresh: bool = False
    failure: str = ""
    notes: list[str] = field(default_factory=list)
    requests: int = 0
    received: int = 0
    reading: str = ""


class _Failed(Exception):
    """A member's fetch or documents failed; the message is the reason."""


def gather(
    members: Sequence[Member],
    store: Store,
    now: datetime,
    offline: bool = False,
    options: Options | None = None,
    *,
    own_slugs: frozenset[str] = frozenset(),
    own_uids: frozenset[str] = frozenset(),
    fetcher: Fetcher | None = None,
    readings: Readings | None = None,
) -> Gathered:
    """Gather the data of every member.

    Args:
        members: The members, in ``network.yml`` order.
        store: Where the last good copies are kept.
        now: The build's "now" (aware): copies' ages and staleness are measured from it.
        offline: Fetch nothing; use the stored copies only.
        options: Limits, staleness, recurrence window, parallelism.
        own_slugs: The hub's own chapter slugs: no member may claim them.
        own_uids: The UIDs of the hub's own events: no member may publish them (a
            calendar never holds a UID twice).
        fetcher: The fetcher to use (tests); by default one is made with
            ``options.limits`` and closed at the end.
        readings: Where members' checked documents are kept by what they were
            read from (an unchanged member is not read again); those not used
            by this run are removed. None: every document is read.

    Returns:
        The members' data and the warnings; never raises for a member's failure.
    """
    options = options or Options()
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    # Whole UTC days: a calendar member's reading (kept by its window) lasts the day.
    day = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    window = (day - options.history, day + timedelta(days=1) + options.horizon)
    if offline:
        outcomes = [_from_store(member, store, window, OFFLINE, readings) for member in members]
    else:
        own = fetcher is None
        active = fetcher or Fetcher(options.limits)
        try:
            with ThreadPoolExecutor(max_workers=max(1, options.workers)) as pool:
                outcomes = list(
                    pool.map(
                        lambda member: _fetch_member(member, store, active, now, window, readings),
                        members,
                    )
                )
        finally:
            if own:
                active.close()
    if readings is not None:
        readings.keep_only({outcome.reading for outcome in outcomes if outcome.reading})
    store.keep_only({url for member in members for url in document_urls(member)})
    return _assemble(outcomes, now, options.stale_after, own_slugs, own_uids)


def _fetch_member(
    member: Member,
    store: Store,
    fetcher: Fetcher,
    now: datetime,
    window: tuple[datetime, datetime],
    readings: Readings | None,
) -> _Outcome:
    outcome = _Outcome(member)
    try:
        copies = _fetch_all(member, store, fetcher, now, outcome)
        _read(member, copies, window, outcome, readings)
    except _Failed as failed:
        fallback = _from_store(member, store, window, str(failed), readings)
        fallback.requests, fallback.received = outcome.requests, outcome.received
        return fallback
    for copy in copies:
        store.put(copy)
    for url in set(document_urls(member)) - {copy.url for copy in copies}:
        store.remove(url)  # gone (a chapters.json answering 404): never mixed with newer copies
    outcome.fetched_at, outcome.fresh = now.astimezone(UTC), True
    return outcome


def _fetch_all(
    member: Member, store: Store, fetcher: Fetcher, now: datetime, outcome: _Outcome
) -> list[Copy]:
    copies = []
    for url in document_urls(member):
        held = store.get(url)
        try:
            outcome.requests += 1
            result = fetcher.fetch(
                url,
                etag=held.etag if held else "",
                last_modified=held.last_modified if held else "",
                accept=_accept(member),
            )
        except FetchError as error:
            if _optional(member, url) and error.reason.startswith("HTTP 404"):
                continue  # a version 1 site: no chapters.json
            raise _Failed(_name(member, url) + error.reason) from None
        if result.not_modified and held is not None:
            copies.append(
                Copy(url, held.body, result.etag or held.etag,
                     result.last_modified or held.last_modified, now.astimezone(UTC),
                     held.final_url)
            )  # fmt: skip
            continue
        outcome.received += len(result.body)
        copies.append(
            Copy(url, result.body, result.etag, result.last_modified, now.astimezone(UTC),
                 result.final_url)
        )  # fmt: skip
    return copies


def _read(
    member: Member,
    copies: list[Copy],
    window: tuple[datetime, datetime],
    outcome: _Outcome,
    readings: Readings | None = None,
) -> None:
    """Check the documents into ``outcome``, or take their kept reading.

    Only a reading that succeeded is kept (a calendar member's by its window
    too); garbage raises :class:`_Failed` every time.
    """
    if readings is None:
        _check(member, copies, window, outcome)
        return
    key = reading_key(member, copies, window if member.kind == "ics" else None)
    kept = readings.get(key)
    if kept is None:
        _check(member, copies, window, outcome)
        kept = Reading(outcome.chapters, outcome.events, tuple(outcome.notes))
        readings.put(key, kept)
    outcome.chapters, outcome.events, outcome.notes = kept.chapters, kept.events, list(kept.notes)
    outcome.reading = key


def _check(
    member: Member, copies: list[Copy], window: tuple[datetime, datetime], outcome: _Outcome
) -> None:
    """Read and check the documents into ``outcome``; raise :class:`_Failed` for garbage."""
    by_url = {copy.url: copy for copy in copies}
    if member.kind == "ics":
        try:
            chapter, events, notes = read_calendar(by_url[member.url].body, member, window)
        except DocumentError as error:
            raise _Failed(str(error)) from None
        outcome.chapters, outcome.events, outcome.notes = (chapter,), events, notes
        return
    chapters_url, events_url = document_urls(member)
    hosts = _hosts(member, copies)
    try:
        events, named, notes = read_events(by_url[events_url].body, member.url, hosts)
    except DocumentError as error:
        raise _Failed(_name(member, events_url) + str(error)) from None
    chapters = named
    if chapters_url in by_url:
        try:
            chapters, more = read_chapters(by_url[chapters_url].body, member.url, hosts)
        except DocumentError as error:
            raise _Failed(_name(member, chapters_url) + str(error)) from None
        notes = more + notes
    outcome.chapters, outcome.events, outcome.notes = chapters, events, notes


def _from_store(
    member: Member,
    store: Store,
    window: tuple[datetime, datetime],
    reason: str,
    readings: Readings | None = None,
) -> _Outcome:
    """The member's data from its stored copies (``reason``: why they are used)."""
    outcome = _Outcome(member, failure=reason)
    copies = []
    for url in document_urls(member):
        held = store.get(url)
        if held is None and not _optional(member, url):
            return outcome
        if held is not None:
            copies.append(held)
    try:
        _read(member, copies, window, outcome, readings)
    except _Failed:
        return _Outcome(member, failure=reason)  # a copy that no longer reads counts as none
    outcome.fetched_at = min(copy.fetched_at for copy in copies)
    return outcome


def document_urls(member: Member) -> tuple[str, ...]:
    """The URLs fetched for ``member``: its calendar, or its chapters.json and events.json."""
    if member.kind == "ics":
        return (member.url,)
    return (member.url + "chapters.json", member.url + "events.json")


def _optional(member: Member, url: str) -> bool:
    return member.kind == "chapterhouse" and url.endswith("/chapters.json")


def _accept(member: Member) -> str:
    return "text/calendar, */*;q=0.5" if member.kind == "ics" else "application/json, */*;q=0.5"


def _name(member: Member, url: str) -> str:
    return "" if member.kind == "ics" else url.rsplit("/", 1)[-1] + ": "


def _hosts(member: Member, copies: list[Copy]) -> frozenset[str]:
    found = {urlsplit(member.url).hostname or ""}
    found.update(urlsplit(copy.final_url).hostname or "" for copy in copies)
    return frozenset(host.lower() for host in found if host)


def _assemble(
    outcomes: list[_Outcome],
    now: datetime,
    stale_after: timedelta,
    own_slugs: frozenset[str],
    own_uids: frozenset[str],
) -> Gathered:
    owners: dict[str, str] = dict.fromkeys(own_slugs, "this site")
    uids: dict[str, str] = dict.fromkeys(own_uids, "this site")
    results: list[MemberData] = []
    warnings: list[str] = []
    for outcome in outcomes:
        url = outcome.member.url
        if outcome.fetched_at is None:
            if outcome.failure:
                warnings.append(_warn(url, f"{outcome.failure}; {_no_copy()}"))
            results.append(MemberData(outcome.member))
            continue
        problems: list[str] = []
        if not outcome.fresh and outcome.failure != OFFLINE:
            age = _age(now - outcome.fetched_at)
            problems.append(f"{outcome.failure}; using the copy from {age} ago")
        chapters, refused = _claim_slugs(outcome, owners, problems)
        events = _claim_uids(outcome, refused, uids, problems)
        if outcome.notes:
            problems.append(_fold(outcome.notes))
        if problems:
            warnings.append(_warn(url, "; ".join(problems)))
        results.append(
            MemberData(
                outcome.member,
                chapters,
                events,
                outcome.fetched_at,
                stale=now - outcome.fetched_at > stale_after,
                fresh=outcome.fresh,
            )
        )
    return Gathered(
        tuple(results),
        tuple(warnings),
        sum(outcome.requests for outcome in outcomes),
        sum(outcome.received for outcome in outcomes),
    )


def _claim_slugs(
    outcome: _Outcome, owners: dict[str, str], problems: list[str]
) -> tuple[tuple[RemoteChapter, ...], set[str]]:
    kept, refused = [], set()
    for chapter in outcome.chapters:
        owner = owners.setdefault(chapter.slug, outcome.member.url)
        if owner == outcome.member.url:
            kept.append(chapter)
        else:
            refused.add(chapter.slug)
    if refused:
        taken = ", ".join(f"'{slug}' ({owners[slug]})" for slug in sorted(refused))
        problems.append(
            f"chapter slug(s) already used by another member: {taken}; "
            "those chapters and their events are left out"
        )
    return tuple(kept), refused


def _claim_uids(
    outcome: _Outcome, refused: set[str], uids: dict[str, str], problems: list[str]
) -> tuple[RemoteEvent, ...]:
    kept: list[RemoteEvent] = []
    taken: list[str] = []
    own = {chapter.slug for chapter in outcome.chapters}
    foreign = sorted({e.chapter for e in outcome.events if e.chapter and e.chapter not in own})
    if foreign:  # a member speaks for its own chapters only (not this site's, not another's)
        shown = ", ".join(f"'{slug}'" for slug in foreign[:QUOTED_NOTES])
        problems.append(
            f"events of chapter(s) {shown}{', …' if len(foreign) > QUOTED_NOTES else ''} "
            "that this member does not publish; left out"
        )
    for event in outcome.events:
        if event.chapter in refused or (event.chapter and event.chapter not in own):
            continue
        owner = uids.setdefault(event.uid, outcome.member.url)
        if owner == outcome.member.url:
            kept.append(event)
        else:
            taken.append(f"'{event.uid}' ({owner})")
    if taken:
        shown = ", ".join(taken[:QUOTED_NOTES]) + (", …" if len(taken) > QUOTED_NOTES else "")
        problems.append(
            f"{len(taken)} event(s) with a UID already published by another site: {shown}; left out"
        )
    return tuple(kept)


def _fold(notes: list[str]) -> str:
    shown = "; ".join(notes[:QUOTED_NOTES])
    more = len(notes) - QUOTED_NOTES
    return shown + (f"; and {more} more" if more > 0 else "")


def _no_copy() -> str:
    return "no earlier copy: its chapters and events are left out"


def _warn(url: str, message: str) -> str:
    return f"network: {url}: {message}"


def _age(delta: timedelta) -> str:
    """A copy's age in words: ``3 days``, ``5 hours``, ``12 minutes``, ``less than a minute``."""
    seconds = max(0, int(delta.total_seconds()))
    for unit, size in (("day", 86_400), ("hour", 3_600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if count > 1 else ''}"
    return "less than a minute"
