"""Stable fingerprints of the values an output is made from.

A fingerprint is a hash of a value's *content*, the same in every process and
every build (Python's own ``hash`` of strings changes from run to run): two
values with equal fingerprints make the same bytes. It covers the plain types,
dates and times, enums, mappings, sequences, sets and (frozen) dataclasses
made of them. An object may state its own fingerprint with a
``__fingerprint__()`` method (a model object whose content is fixed by the
file it was read from, for instance), which is then used instead of walking
its fields. Any other type raises :class:`Unfingerprintable`: the caller must
declare its inputs as values it can fingerprint.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta, tzinfo
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

_SCALARS = (type(None), bool, int, float, date, datetime, time, timedelta, tzinfo)
#: Containers whose text is shorter than this stand as their text, not as its hash.
_SHORT = 200
#: Exact types whose ``repr`` is their content (ZoneInfo's names its key).
_PLAIN = frozenset({type(None), bool, int, float, datetime, date, timedelta, ZoneInfo})


class Unfingerprintable(TypeError):
    """A value of a type whose content cannot be fingerprinted reliably."""


class Fingerprinter:
    """Computes fingerprints, remembering those of the immutable containers it has seen.

    Dataclass instances, tuples and objects stating their own fingerprint are
    fingerprinted once per fingerprinter
    (the same card, the same list of alternates, appear on many pages). The
    memo keeps a reference to each object it remembers, so an object's
    identity cannot be reused by another one while the fingerprinter lives.
    """

    def __init__(self) -> None:
        self._memo: dict[int, tuple[object, str]] = {}
        self._fields: dict[type, tuple[str, ...]] = {}
        #: Types that state their own fingerprint (``__fingerprint__``).
        self._own: set[type] = set()

    def of(self, *values: Any) -> str:
        """The fingerprint of ``values`` (a 32-character hex digest)."""
        parts: list[str] = []
        for value in values:
            self._feed(value, parts)
        return digest_text("\x1f".join(parts))

    def of_inputs(
        self, kind: str, inputs: Mapping[str, Any], stand_in: Callable[[Any], str | None]
    ) -> str:
        """The fingerprint of ``kind`` and named ``inputs``.

        A value for which ``stand_in(value)`` returns a text is represented by
        that text (a derived value by its own key, without computing it).
        """
        parts = [f"s{len(kind)}:{kind}"]
        for name, value in inputs.items():
            parts.append(name)
            replaced = stand_in(value)
            if replaced is None:
                self._feed(value, parts)
            else:
                parts.append(replaced)
        return digest_text("\x1f".join(parts))

    def _feed(self, value: Any, parts: list[str]) -> None:
        kind = type(value)
        if kind is str:
            parts.append(f"s{len(value)}:{value}")
        elif kind in _PLAIN:
            parts.append(f"{kind.__name__}:{value!r}")
        elif kind is tuple:
            parts.append(self._remembered(value, self._sequence))
        elif kind is list:
            self._sequence(value, parts)
        elif kind in self._fields:
            parts.append(self._remembered(value, self._dataclass))
        elif kind in self._own:
            parts.append(self._remembered(value, self._stated))
        elif hasattr(value, "__fingerprint__") and not isinstance(value, type):
            self._own.add(kind)
            parts.append(self._remembered(value, self._stated))
        elif isinstance(value, Enum):
            parts.append(f"e{kind.__qualname__}.{value.name}")
        elif isinstance(value, str):  # Markup and other str subclasses
            parts.append(f"{kind.__qualname__}{len(value)}:{value}")
        elif isinstance(value, _SCALARS):
            parts.append(f"{kind.__qualname__}:{value!r}")
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            self._fields[kind] = tuple(f.name for f in dataclasses.fields(value))
            parts.append(self._remembered(value, self._dataclass))
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

    def _remembered(self, value: Any, feed: Any) -> str:
        """The fingerprint of a container, computed once per object.

        A short one stands as its own text (hashing it would cost more than it
        saves); a long one as the hash of its text.
        """
        identity = id(value)
        remembered = self._memo.get(identity)
        if remembered is not None:
            return remembered[1]
        parts: list[str] = []
        feed(value, parts)
        text = "\x1f".join(parts)
        fingerprint = f"t{len(text)}:{text}" if len(text) < _SHORT else f"h{digest_text(text)}"
        self._memo[identity] = (value, fingerprint)
        return fingerprint

    def _sequence(self, value: Any, parts: list[str]) -> None:
        parts.append(f"({len(value)}")
        for item in value:
            self._feed(item, parts)
        parts.append(")")

    def _stated(self, value: Any, parts: list[str]) -> None:
        parts.append(f"f{type(value).__qualname__}:{value.__fingerprint__()}")

    def _dataclass(self, value: Any, parts: list[str]) -> None:
        kind = type(value)
        parts.append(f"d{kind.__module__}.{kind.__qualname__}")
        for name in self._fields[kind]:
            self._feed(getattr(value, name), parts)


def digest_text(text: str) -> str:
    """A 32-character hex digest of ``text``."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def digest(*parts: Any) -> str:
    """A short, stable hash of ``parts`` (bytes, or anything with a stable ``repr``)."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part if isinstance(part, bytes) else repr(part).encode())
        hasher.update(b"\0")
    return hasher.hexdigest()
