"""Text of iCalendar values, whatever the version of the icalendar library.

icalendar's ``to_ical()`` returns ``bytes`` for most values and ``str`` for
others (``vGeo`` in 7.x), and the split has moved between releases: code that
called ``.decode()`` on it crashed when the library changed. Every caller
that needs a value's text goes through :func:`ical_text`.
"""

from __future__ import annotations


def ical_text(serialised: bytes | str) -> str:
    """The text of a value returned by icalendar's ``to_ical()``."""
    return serialised.decode("utf-8") if isinstance(serialised, bytes) else serialised
