"""RSVP through an external form: URL templates and the open/closed window.

A form URL may carry placeholders that pre-fill the form with the event
(Google Forms ``entry.123={title}``, Tally ``?event={slug}``, Framaforms…).
Each value is percent-encoded as a whole, so a title with ``&`` or ``#``
cannot break the query string.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from urllib.parse import quote as url_quote

from chapterhouse.core.problems import FieldError

#: Registration that closes within this time is shown as closing soon.
CLOSING_SOON = timedelta(days=2)
PLACEHOLDERS = ("title", "start", "date", "slug", "url", "chapter")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class RsvpState(StrEnum):
    """What the RSVP control shows."""

    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    CLOSING_SOON = "closing_soon"
    FULL = "full"
    CLOSED = "closed"
    PAST = "past"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"


@dataclass(frozen=True)
class RsvpWindow:
    """The RSVP state at the build's "now" for one occurrence.

    Attributes:
        state: What to show.
        opens: When registration opens (None: it is open from publication).
        closes: When registration closes (the occurrence start by default).
    """

    state: RsvpState
    opens: datetime | None
    closes: datetime

    @property
    def is_open(self) -> bool:
        """True when the RSVP button should be shown."""
        return self.state in (RsvpState.OPEN, RsvpState.CLOSING_SOON)


def check_template(url: str) -> None:
    """Refuse unknown or malformed placeholders in an RSVP URL template.

    Raises:
        FieldError: a placeholder is not one of :data:`PLACEHOLDERS`, or a
            brace is unmatched.
    """
    for name in _PLACEHOLDER.findall(url):
        if name not in PLACEHOLDERS:
            raise FieldError(
                f"unknown placeholder {{{name}}} in the RSVP URL",
                "placeholders are " + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS),
            )
    if "{" in _PLACEHOLDER.sub("", url) or "}" in _PLACEHOLDER.sub("", url):
        raise FieldError("unmatched brace in the RSVP URL", "write a literal brace as %7B or %7D")


def fill_template(url: str, values: Mapping[str, str]) -> str:
    """Replace each ``{placeholder}`` with its percent-encoded value."""
    return _PLACEHOLDER.sub(lambda match: url_quote(values.get(match[1], ""), safe=""), url)


def example_url(url: str) -> str:
    """The template with every placeholder filled with a neutral word (for checks)."""
    return fill_template(url, dict.fromkeys(PLACEHOLDERS, "x"))


def rsvp_window(
    *,
    opens: datetime | None,
    closes: datetime | None,
    starts_at: datetime,
    ends_at: datetime,
    cancelled: bool,
    postponed: bool,
    now: datetime,
    full: bool = False,
) -> RsvpWindow:
    """Decide what the RSVP control shows for one occurrence.

    RSVP is open from ``opens`` (or always) until ``closes`` (default: the
    occurrence start), and *closing soon* in its last :data:`CLOSING_SOON`;
    never for a cancelled or postponed event; a past occurrence shows that
    RSVP is closed; a full event (while registration would be open or is
    about to open) offers its waiting list instead.
    """
    closing = closes or starts_at
    if cancelled:
        state = RsvpState.CANCELLED
    elif postponed:
        state = RsvpState.POSTPONED
    elif now >= ends_at:
        state = RsvpState.PAST
    elif now >= closing:
        state = RsvpState.CLOSED
    elif full:
        state = RsvpState.FULL
    elif opens is not None and now < opens:
        state = RsvpState.NOT_YET_OPEN
    elif closing - now <= CLOSING_SOON:
        state = RsvpState.CLOSING_SOON
    else:
        state = RsvpState.OPEN
    return RsvpWindow(state, opens, closing)
