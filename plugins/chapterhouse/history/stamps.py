"""Per-event provenance for calendars and feeds: created, modified, SEQUENCE."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from chapterhouse.core.model import Event
from chapterhouse.history.git import ContentHistory
from chapterhouse.history.sequence import schedule_fingerprint, sequence_of

#: The last change of an event without history (none of the listed events: each is read).
NO_HISTORY = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Stamp:
    """What calendars and feeds say about an event's own history.

    Attributes:
        created: First published (``CREATED``, feed ``published``).
        modified: Last changed (``LAST-MODIFIED``, ``DTSTAMP``, feed ``updated``).
        sequence: ``SEQUENCE`` (see :mod:`chapterhouse.history.sequence`).
    """

    created: datetime
    modified: datetime
    sequence: int

    def __fingerprint__(self) -> str:
        """Its instants and its number, in short."""
        return f"{self.created.timestamp()}/{self.modified.timestamp()}/{self.sequence}"


def last_modified(stamp: Stamp | None) -> datetime:
    """The event's last change in UTC: calendars' ``LAST-MODIFIED``, ``events.json``'s ``updated``.

    Args:
        stamp: The event's stamp, None when it has no history.

    Returns:
        ``stamp.modified`` in UTC, else :data:`NO_HISTORY`.
    """
    return (stamp.modified if stamp else NO_HISTORY).astimezone(UTC)


def sequence_number(event: Event, stamp: Stamp | None) -> int:
    """The event's ``SEQUENCE``: its stamp's, else 1 when cancelled and 0 otherwise."""
    return stamp.sequence if stamp else int(event.is_cancelled)


def stamp_events(
    events: Iterable[Event],
    history: ContentHistory,
    read_current: Callable[[str], bytes],
    known: Mapping[str, tuple[str, bool]] | None = None,
) -> tuple[dict[str, Stamp], dict[str, tuple[str, bool]]]:
    """Stamps by event slug, and the schedule fingerprints of the old versions they read.

    Args:
        events: The events to stamp.
        history: Their files' history.
        read_current: Reads a file as it is in the working tree.
        known: Fingerprints of old versions an earlier build worked out, by blob id
            (a blob id names its bytes): only the others are read, with one
            ``git cat-file``.

    Returns:
        The stamps by event slug, and the fingerprint of every old version they
        used, by blob id (to keep for the next build).
    """
    events = list(events)
    known = known or {}
    needed = {
        revision.blob
        for event in events
        if (file := history.of(event.source.relpath)) and len(file.revisions) + file.uncommitted > 1
        for revision in file.revisions
    }
    fingerprints = {blob: known[blob] for blob in needed if blob in known}
    blobs = history.read_blobs(needed - fingerprints.keys())
    fingerprints.update((blob, schedule_fingerprint(content)) for blob, content in blobs.items())
    stamps = {}
    for event in events:
        file = history.of(event.source.relpath)
        if file is None:
            continue
        if len(file.revisions) + file.uncommitted <= 1:
            # One version: nothing changed yet; only a cancellation counts.
            sequence = int(event.is_cancelled)
        else:
            versions = [fingerprints[r.blob] for r in file.revisions if r.blob in fingerprints]
            if file.uncommitted:
                versions.append(schedule_fingerprint(read_current(event.source.relpath)))
            sequence = sequence_of(versions)
        stamps[event.slug] = Stamp(file.created, file.modified, sequence)
    return stamps, fingerprints
