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
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta, tzinfo
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

_SCALARS = (type(None), bool, int, float, date, datetime, time, timedelta, tzinfo)
#: Exact types whose ``repr`` is their content (ZoneInfo's names its key).
_PLAIN = frozenset({type(None), bool, int, float, datetime, date, timedelta, ZoneInfo})


class Unfingerprintable(TypeError):
    """A value of a type whose content cannot be fingerprinted reliably."""


class Fingerprinter:
    """Computes fingerprints, remembering those of dataclass instances it has seen.

    The memo keeps a reference to each instance it remembers, so an instance's
    identity cannot be reused by another object while the fingerprinter lives.
    """

    def __init__(self) -> None:
        self._memo: dict[int, tuple[object, str]] = {}
        self._fields: dict[type, tuple[str, ...]] = {}

    def of(self, *values: Any) -> str:
        """The fingerprint of ``values`` (a 32-character hex digest)."""
        parts: list[str] = []
        for value in values:
            self._feed(value, parts)
        return digest_text("\x1f".join(parts))

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
        elif hasattr(value, "__fingerprint__") and not isinstance(value, type):
            parts.append(f"f{kind.__qualname__}:{value.__fingerprint__()}")
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
        remembered = self._memo.get(identity)
        if remembered is not None:
            return remembered[1]
        kind = type(value)
        parts = [f"d{kind.__module__}.{kind.__qualname__}"]
        for name in names:
            self._feed(getattr(value, name), parts)
        fingerprint = f"h{digest_text(chr(31).join(parts))}"
        self._memo[identity] = (value, fingerprint)
        return fingerprint


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
