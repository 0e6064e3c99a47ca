"""What ``events.json`` and ``chapters.json`` share: the envelope, the encoding, UTC times.

Each document is one JSON object with sorted keys: the list of items (one per
line, for readable diffs), ``schema`` (the URL of its published JSON Schema),
``site`` and ``version``. Items are encoded separately (and remembered from
one build to the next), then joined.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

#: The major version of both documents: within it, fields are only ever added.
VERSION = 2

#: Sorted keys; the compact separators let ``json`` use its C encoder (an indented
#: document is encoded in Python, ten times slower).
COMPACT: dict[str, Any] = {"ensure_ascii": False, "sort_keys": True, "separators": (",", ":")}


def encode_line(value: Any) -> str:
    """One item of a document, on one line, keys sorted."""
    return json.dumps(value, **COMPACT)


def utc_text(moment: datetime) -> str:
    """An instant as ISO 8601 in UTC, to the second: ``2026-10-27T09:33:20Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def assemble(
    key: str, lines: Sequence[str], site_name: str, site_url: str, schema_url: str
) -> bytes:
    """The document around its items' lines (in the order given), UTF-8.

    Args:
        key: The name of the list (``"events"``, ``"chapters"``); it sorts before
            ``schema``, ``site`` and ``version``.
        lines: The items, each already encoded by :func:`encode_line`.
        site_name: The site's name.
        site_url: The site's URL, without the final slash.
        schema_url: The absolute URL of the document's JSON Schema.
    """
    site = encode_line({"name": site_name, "url": site_url + "/"})
    items = ",\n".join(lines)
    opening = f'{{"{key}":[\n' if items else f'{{"{key}":['
    closing = "\n]" if items else "]"
    schema = encode_line(schema_url)
    return (
        f'{opening}{items}{closing},"schema":{schema},"site":{site},"version":{VERSION}}}\n'
    ).encode()
