"""What reading content needs to know of the site's settings.

The core takes this small, frozen object and nothing else: it never imports
the site's full settings (``chapterhouse.config``), which are built on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class ContentSettings:
    """The settings content files are read with.

    Attributes:
        timezone: ``TIMEZONE``: the zone of events whose chapter names none.
        lang: ``DEFAULT_LANG``: the language of content that names none.
        default_duration: Length of an event with neither ``end`` nor ``duration``.
        extra_keys: Front-matter keys accepted besides the documented ones.
        max_file_size: Largest content file accepted, in bytes.
        uid_domain: Domain in calendar UIDs made from slugs.
    """

    timezone: str = "UTC"
    lang: str = "en"
    default_duration: timedelta = timedelta(hours=2)
    extra_keys: frozenset[str] = frozenset()
    max_file_size: int = 1_000_000
    uid_domain: str = "localhost"
