"""Slugs: the lowercase, hyphenated names used in URLs and output paths.

A slug is ``[a-z0-9]+(-[a-z0-9]+)*``: it can never contain ``/``, ``..`` or
anything else that would make the build write outside its output folder.
"""

from __future__ import annotations

import re

from unidecode import unidecode

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG_LENGTH = 120


def slugify(text: str) -> str:
    """Turn any text into a slug (``Café Python #3`` → ``cafe-python-3``).

    Non-Latin scripts are transliterated (Unidecode); the result may be empty
    when nothing is left.
    """
    ascii_text = unidecode(text).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:MAX_SLUG_LENGTH].rstrip("-")


def is_slug(text: object) -> bool:
    """True when ``text`` is already a valid slug."""
    return isinstance(text, str) and len(text) <= MAX_SLUG_LENGTH and bool(SLUG_PATTERN.match(text))
