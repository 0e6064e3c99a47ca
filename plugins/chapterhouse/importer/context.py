"""What converting one VEVENT needs besides the VEVENT, and how it reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from chapterhouse.importer.markdown import Descriptions
from chapterhouse.importer.platforms import Origin
from chapterhouse.importer.report import Issue
from chapterhouse.importer.timeread import TimeContext


@dataclass(frozen=True)
class Context:
    """What a conversion needs besides the VEVENT.

    Attributes:
        label: The source as messages name it.
        time: Zones to read date-time values against.
        origin: Where the calendar comes from (for RSVP pages).
        descriptions: The description converter (one per run).
    """

    label: str
    time: TimeContext
    origin: Origin = field(default_factory=Origin)
    descriptions: Descriptions = field(default_factory=Descriptions, compare=False)

    @property
    def chapter_zone(self) -> ZoneInfo:
        """The chapter's zone."""
        return self.time.chapter_zone


@dataclass
class Notes:
    """Issues about one VEVENT."""

    context: Context
    index: int
    uid: str = ""
    issues: list[Issue] = field(default_factory=list)

    def add(self, prop: str, message: str) -> None:
        """Report ``message`` about ``prop`` of this VEVENT."""
        self.issues.append(Issue(self.context.label, prop, message, self.index, self.uid))


class Skip(Exception):
    """The VEVENT cannot be imported because of ``prop``."""

    def __init__(self, prop: str, message: str):
        super().__init__(message)
        self.prop = prop
        self.message = message
