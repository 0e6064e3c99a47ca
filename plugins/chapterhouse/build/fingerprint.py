"""Stable fingerprints of the values a page or calendar is made from.

A fingerprint is a hash of a value's *content*, the same in every process and
every build (Python's own ``hash`` of strings changes from run to run): two
values with equal fingerprints render to the same bytes. It covers the plain
types, dates and times, enums, and (frozen) dataclasses made of them; any
other type raises :class:`Unfingerprintable`, and the caller renders without
a cache rather than guessing.

Objects whose fingerprint is already known (an event is fully determined by
its file's bytes, its chapter and the settings) are given in ``known``;
dataclass instances are fingerprinted once per :class:`Fingerprinter`.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta, tzinfo
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

_SCALARS = (type(None), bool, int, float, date, datetime, time, timedelta, tzinfo)


class Unfingerprintable(TypeError):
    """A value of a type whose content cannot be fingerprinted reliably."""


class Fingerprinter:
    """Computes fingerprints, remembering those of dataclass instances.

    Args:
        known: Fingerprints of given objects, by ``id`` (the objects must stay
            alive as long as this fingerprinter).
    """

    def __init__(self, known: Mapping[int, str] | None = None):
        self._memo: dict[int, tuple[object, str]] = {}
        self._known = dict(known or {})
        self._fields: dict[type, tuple[str, ...]] = {}

    def of(self, *values: Any) -> str:
        """The fingerprint of ``values`` (a 32-character hex digest)."""
        parts: list[str] = []
        for value in values:
            self._feed(value, parts)
        return _hash("\x1f".join(parts))

    def _feed(self, value: Any, parts: list[str]) -> None:
        kind = type(value)
        if kind is str:
            parts.append(f"s{len(value)}:{value}")
            return
        names = self._fields.get(kind)
        if names is not None:
            parts.append(self._dataclass(value, names))
        elif kind in _PLAIN:
            parts.append(f"{kind.__name__}:{value!r}")
        elif kind is tuple or kind is list:
            parts.append(f"({len(value)}")
            for item in value:
                self._feed(item, parts)
            parts.append(")")
        elif isinstance(value, Enum):
            parts.append(f"e{kind.__qualname__}.{value.name}")
        elif isinstance(value, str):  # Markup and other str subclasses
            parts.append(f"{kind.__qualname__}{len(value)}:{value}")
        elif isinstance(value, _SCALARS):
            parts.append(f"{kind.__qualname__}:{value!r}")
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            names = self._fields[kind] = tuple(f.name for f in dataclasses.fields(value))
            parts.append(self._dataclass(value, names))
        elif isinstance(value, Mapping):
            parts.append(f"{{{len(value)}")
            for key, item in value.items():
                self._feed(key, parts)
                self._feed(item, parts)
            parts.append("}")
        elif isinstance(value, set | frozenset):
            parts.append(f"<{len(value)}")
            parts.extend(sorted(self.of(item) for item in value))
            parts.append(">")
        elif isinstance(value, bytes):
            parts.append(f"b{len(value)}:{value.hex()}")
        else:
            raise Unfingerprintable(f"cannot fingerprint a {kind.__qualname__}")

    def _dataclass(self, value: Any, names: tuple[str, ...]) -> str:
        identity = id(value)
        known = self._known.get(identity)
        if known is not None:
            return f"k{known}"
        remembered = self._memo.get(identity)
        if remembered is not None:
            return remembered[1]
        kind = type(value)
        parts = [f"d{kind.__module__}.{kind.__qualname__}"]
        for name in names:
            self._feed(getattr(value, name), parts)
        fingerprint = f"h{_hash(chr(31).join(parts))}"
        self._memo[identity] = (value, fingerprint)
        return fingerprint


#: Exact types whose ``repr`` is their content (ZoneInfo's names its key).
_PLAIN = frozenset({type(None), bool, int, float, datetime, date, timedelta, ZoneInfo})


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def timeline_key(timeline: Any) -> tuple[int, object, int, object]:
    """A short stand-in for an event's timeline (``past``, ``upcoming``) in a fingerprint.

    Valid alongside the event's own fingerprint: an event's occurrences form
    one ordered sequence fixed by the event; its past dates are a prefix of it
    and its upcoming ones the run that follows, and a run of a known sequence
    is fixed by its first element and its length.
    """

    def span(items: tuple[Any, ...]) -> tuple[int, object]:
        return len(items), items[0].start if items else None

    return *span(timeline.past[::-1]), *span(timeline.upcoming)
