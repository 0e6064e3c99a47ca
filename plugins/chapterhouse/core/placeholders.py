"""Placeholder text of the templates: written by the scaffolds, refused in published content.

``invoke new-event``, ``invoke new-chapter`` and ``content/events/_template.md``
write these sentences for the organizer to replace. Content that still holds
one of them was not finished: the build refuses it (naming the field or the
line of the body) rather than publishing "Describe the event here…".
"""

from __future__ import annotations

import re
import unicodedata

EVENT_BODY = "Describe the event here, in Markdown: what will happen, for whom, what to bring."
CHAPTER_BODY = "Describe the chapter here: who meets, where, how often."
EVENT_TITLE = "The event's name"
VENUE_NAME = "Venue name"
VENUE_ADDRESS = "Street, postcode, city"
SUMMARY = "One sentence shown in listings, feeds and search results."
CHAPTER_SUMMARY = "One sentence about the chapter."
PERSON = "Speaker name"
ORGANIZER = "Organizer name"

PLACEHOLDERS = frozenset(
    {
        EVENT_BODY,
        CHAPTER_BODY,
        EVENT_TITLE,
        VENUE_NAME,
        VENUE_ADDRESS,
        SUMMARY,
        CHAPTER_SUMMARY,
        PERSON,
        ORGANIZER,
    }
)
_FOLDED = frozenset(" ".join(text.casefold().split()) for text in PLACEHOLDERS)


def is_placeholder(text: str) -> bool:
    """True when ``text`` is one of the templates' placeholders (case and spacing aside)."""
    folded = " ".join(unicodedata.normalize("NFC", text).casefold().split())
    return folded.strip(" \"'") in _FOLDED


def placeholder_lines(body: str) -> list[int]:
    """0-based lines of ``body`` whose paragraph is a placeholder sentence."""
    found = []
    for index, line in enumerate(body.split("\n")):
        text = re.sub(r"^\s*(?:[#>*-]+\s*)?", "", line)
        if text and is_placeholder(text):
            found.append(index)
    return found
