"""A draft as an event file, and the marker that tells an imported file from an edited one.

The second line of every imported file is a YAML comment::

    # imported from www.meetup.com (feed 1a2b3c4d5e) · sha256:<64 hex digits>

The digest is of the whole file *without* that line. While the two agree,
the file is exactly what the import wrote and a later import may replace it;
once an organizer edits anything, they differ and the import leaves the file
alone. Values are written so that the project's YAML loader reads them back
unchanged: text in double quotes (JSON strings are YAML), dates and rules
bare, numbers in plain decimal notation.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from hashlib import sha256

from chapterhouse.importer.convert import Draft

MARKER_PREFIX = "# imported from "
_MARKER = re.compile(r"^# imported from (?P<source>.*) · sha256:(?P<digest>[0-9a-f]{64})$")


@dataclass(frozen=True)
class Marker:
    """The import marker of a file.

    Attributes:
        source: The source as recorded (see :class:`~.source.Source`).
        digest: The SHA-256 recorded.
        intact: True when the rest of the file still has that digest.
    """

    source: str
    digest: str
    intact: bool


def render(draft: Draft, chapter: str) -> str:
    """The file's text without the marker line."""
    lines = [
        "---",
        "# Written by `invoke import`: it updates this file while nobody has edited it.",
        "# Once you edit it, the import leaves it as it is (delete it to have it imported again).",
        f"title: {_quote(draft.title)}",
        f"chapter: {chapter}",
        f"start: {draft.start}",
    ]
    if draft.end:
        lines.append(f"end: {draft.end}")
    if draft.all_day:
        lines.append("all_day: true")
    if draft.timezone:
        lines.append(f"timezone: {draft.timezone}")
    if draft.repeat:
        lines.append(f"repeat: {draft.repeat}")
    if draft.excepts:
        lines.append("except:")
        lines += [f"  - {day}" for day in draft.excepts]
    if draft.venue:
        lines.append("venue:")
        for key in ("name", "address"):
            if key in draft.venue:
                lines.append(f"  {key}: {_quote(draft.venue[key])}")
        if "geo" in draft.venue:
            lat, lon = draft.venue["geo"]
            lines.append(f"  geo: [{_number(lat)}, {_number(lon)}]")
    if draft.online:
        lines.append(f"online: {_quote(draft.online)}")
    if draft.rsvp:
        lines.append(f"rsvp: {_quote(draft.rsvp)}")
    if draft.event_status:
        lines.append(f"event_status: {draft.event_status}")
    if draft.topics:
        lines.append("topics: [" + ", ".join(_quote(t) for t in draft.topics) + "]")
    lines.append(f"uid: {_quote(draft.uid)}")
    lines.append("---")
    body = draft.body.strip()
    return "\n".join(lines) + "\n" + (body + "\n" if body else "")


def stamp(text: str, source: str) -> str:
    """``text`` (from :func:`render`) with the marker line after its first line."""
    first, _, rest = text.partition("\n")
    return f"{first}\n{MARKER_PREFIX}{source} · sha256:{digest(text)}\n{rest}"


def digest(text: str) -> str:
    """SHA-256 of ``text`` encoded as UTF-8."""
    return sha256(text.encode("utf-8")).hexdigest()


def read_marker(text: str) -> tuple[Marker | None, str]:
    """The file's marker (None when it has none) and its text without the marker line."""
    first, _, rest = text.partition("\n")
    second, _, remainder = rest.partition("\n")
    match = _MARKER.match(second.rstrip("\r"))
    if first.rstrip() != "---" or not match:
        return None, text
    unmarked = f"{first}\n{remainder}"
    return Marker(match["source"], match["digest"], digest(unmarked) == match["digest"]), unmarked


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _number(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text if "." in text else text + ".0"
