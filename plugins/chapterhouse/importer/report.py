"""What an import did and what it could not do, as lines a person reads.

Problems with the calendar are located like ``source:VEVENT 3 (UID abc):
ATTENDEE: message``; what happened to each file is one of
:class:`Outcome`; the summary counts them.
"""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass, field

from chapterhouse.core.problems import printable


class Outcome(enum.Enum):
    """What happened to one event file."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Issue:
    """Something in the source that was not imported as it was.

    Attributes:
        source: The source as shown to the user (file name or URL).
        prop: The iCalendar property (``ATTENDEE``), component (``VALARM``)
            or front-matter key concerned.
        message: What happened to it.
        index: 1-based position of the VEVENT in the calendar (0: the
            calendar itself).
        uid: The VEVENT's UID, when it has one.
    """

    source: str
    prop: str
    message: str
    index: int = 0
    uid: str = ""

    def format(self) -> str:
        """``source:VEVENT n (UID …): PROPERTY: message`` on one line."""
        where = self.source
        if self.index:
            where += f":VEVENT {self.index}"
            if self.uid:
                uid = self.uid if len(self.uid) <= 80 else self.uid[:79] + "…"
                where += f" (UID {uid})"
        return printable(f"{where}: {self.prop}: {self.message}")


@dataclass(frozen=True)
class FileAction:
    """One event file and what the import did (or would do) to it.

    Attributes:
        path: The file, as shown to the user.
        outcome: Created, updated, unchanged or skipped.
        uid: The event's UID.
        reason: Why it was skipped.
    """

    path: str
    outcome: Outcome
    uid: str
    reason: str = ""

    def format(self) -> str:
        """``created content/events/x/file.md`` (with the reason when skipped)."""
        text = f"{self.outcome.value} {self.path}"
        if self.reason:
            text += f": {self.reason}"
        return printable(text)


@dataclass
class ImportReport:
    """Everything an import run found and did."""

    source: str
    folder: str
    dry_run: bool = False
    events_read: int = 0
    actions: list[FileAction] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    skipped_events: int = 0
    seconds: float = 0.0

    def counts(self) -> Counter[Outcome]:
        """Files per outcome."""
        return Counter(action.outcome for action in self.actions)

    def summary(self) -> str:
        """The closing line: counts, and whether anything was written."""
        counts = self.counts()
        skipped = counts[Outcome.SKIPPED] + self.skipped_events
        text = (
            f"{self.events_read} event(s) read from {printable(self.source)} into {self.folder}: "
            f"{counts[Outcome.CREATED]} created, {counts[Outcome.UPDATED]} updated, "
            f"{counts[Outcome.UNCHANGED]} unchanged, {skipped} skipped"
        )
        text += f" in {self.seconds:.1f} s."
        if self.dry_run:
            text += " Dry run: nothing was written."
        return text

    def lines(self) -> list[str]:
        """Issues, then the files created, updated or skipped, then the summary."""
        shown = [issue.format() for issue in self.issues]
        shown += [a.format() for a in self.actions if a.outcome is not Outcome.UNCHANGED]
        return [*shown, self.summary()]
