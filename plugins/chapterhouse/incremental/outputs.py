"""Outputs declared with their inputs, and values derived once for many outputs.

An :class:`Output` is one file of the site: its path, the *declared* values
it is made from, and a function that makes its bytes from exactly those
values. The engine never guesses what an output depends on: what is not in
``inputs`` is not available to ``make`` (a template rendered for an output
sees its inputs and nothing else), and a change to any input makes the output
again.

A :class:`Derived` value stands for something computed from its own inputs
and shared: a calendar entry that every calendar holding the event carries,
an event's card that every listing shows. Its fingerprint is its inputs',
so an output that holds one is fingerprinted without computing it; the
engine computes it once, when an output needs it, and remembers it for the
following builds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Derived:
    """A value computed by ``compute(**inputs)`` and remembered by its inputs' fingerprint.

    Attributes:
        name: What kind of value (part of its fingerprint): ``"vevent"``, ``"card"``.
        inputs: Everything the value is computed from.
        compute: Makes the value from ``inputs`` (pure: same inputs, same value).
    """

    name: str
    inputs: Mapping[str, Any]
    compute: Callable[..., Any] = field(compare=False, repr=False)


@dataclass(frozen=True)
class Output:
    """One file of the site, made from its declared inputs.

    Attributes:
        path: Where it goes, relative to the output folder (``events/x/index.html``).
        kind: What makes it (``"template:event.html"``, ``"calendar"``): part of its
            fingerprint, so that two outputs made differently from equal inputs differ.
        inputs: Everything it is made from. Values may be :class:`Derived`, at the top
            level or inside a list or tuple: ``make`` receives them computed.
        make: Makes the file's bytes from the (computed) inputs.
    """

    path: str
    kind: str
    inputs: Mapping[str, Any]
    make: Callable[[Mapping[str, Any]], bytes] = field(compare=False, repr=False)


@dataclass(frozen=True)
class Stage:
    """Outputs independent of each other, made on several processes when it is worth it.

    Attributes:
        items: The stage's outputs, or what they are declared from (see ``output``).
        output: Declares the output of an item (default: the item is an
            :class:`Output`). Declaring in the worker that makes the output spreads
            that work over the processes too.
        fork_from: Fewer items than this per process are made on one process
            (forking costs more than many small outputs save).
        chunk: How many items a process takes at a time (0: a sixteenth of its
            share); 1 for few, long outputs, so that all processes finish together.
    """

    items: Sequence[Any]
    output: Callable[[Any], Output] = field(default=lambda item: item, compare=False)
    fork_from: int = 200
    chunk: int = 0


#: The outputs of a build, in stages: a stage runs after the previous one has finished.
Plan = list[Stage]
