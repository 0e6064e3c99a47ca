"""SEQUENCE numbers derived from a file's history.

Calendar clients apply an update only when ``SEQUENCE`` grows (RFC 5546), so
it must increase whenever an event's time, place or status changes between
two published builds, and never decrease. Chapterhouse counts changes: each
committed version of an event file (first-parent history of the published
branch, oldest first, plus the working tree when it differs) has a
*schedule fingerprint* made of the front-matter keys below; SEQUENCE is the
number of times that fingerprint changed, and at least 1 while the event is
cancelled (a cancellation must not be ignored).

Keys that only change the description (title, summary, speakers, body) do not
bump SEQUENCE. A change made in the chapter file (its time zone, say) is not
seen here; change events' times in their own files.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from chapterhouse.core.frontmatter import decode, parse

SCHEDULE_KEYS = (
    "start",
    "end",
    "duration",
    "all_day",
    "timezone",
    "venue",
    "attendance_mode",
    "online",
    "event_status",
    "previous_start",
    "repeat",
    "except",
    "occurrences",
)
_LIMIT = 10_000_000


def schedule_fingerprint(raw: bytes) -> tuple[str, bool]:
    """(fingerprint of the schedule keys, is cancelled) of one version of an event file.

    A version whose front matter cannot be read gets a fingerprint of its bytes:
    fixing it later counts as a change, which is harmless.
    """
    text, _ = decode(raw, "", _LIMIT)
    front, _ = parse(text, "") if text is not None else (None, [])
    if front is None:
        return "unreadable:" + hashlib.sha256(raw).hexdigest(), False
    schedule = {key: front.data.get(key) for key in SCHEDULE_KEYS if key in front.data}
    canonical = json.dumps(schedule, sort_keys=True, default=str, ensure_ascii=False)
    cancelled = str(front.data.get("event_status", "")).strip().lower() == "cancelled"
    return hashlib.sha256(canonical.encode()).hexdigest(), cancelled


def sequence_of(versions: Iterable[tuple[str, bool]]) -> int:
    """SEQUENCE after a series of (fingerprint, cancelled) versions, oldest first."""
    sequence = 0
    previous = None
    for fingerprint, cancelled in versions:
        if previous is not None and fingerprint != previous:
            sequence += 1
        if cancelled:
            sequence = max(sequence, 1)
        previous = fingerprint
    return sequence
